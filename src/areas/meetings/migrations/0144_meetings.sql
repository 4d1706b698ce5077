-- 0144_meetings.sql — the partnership board's and the local operational
-- groups' meetings (issue 20). A meeting belongs to the board (group_id NULL)
-- or to one of plans' local operational groups; it has a date, a start time
-- (England's clock, HH:MM), a place and a status. Its agenda is ordered items,
-- each optionally about a priority or an action plan; attendance is by
-- agency: each person who came (a name and a role, typed: they need no
-- account) or an agency's apologies; decisions are text, optionally on an
-- agenda item. A meeting's actions are plans' actions (plan_actions, written
-- only by the plans area), so this table only says which meeting agreed one.
CREATE TABLE meetings (
	id INTEGER PRIMARY KEY,
	group_id INTEGER REFERENCES plan_groups (id), -- NULL: the partnership board
	held_on TEXT NOT NULL, -- YYYY-MM-DD
	starts_at TEXT NOT NULL, -- HH:MM, England's time
	place TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
	created_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
-- the list, newest first (keyset paging on id within a date)
CREATE INDEX meetings_by_date ON meetings (held_on, id);

CREATE TABLE meeting_agenda_items (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meetings (id),
	position INTEGER NOT NULL, -- 1, 2, 3 … in the order they were added
	title TEXT NOT NULL,
	priority_id INTEGER REFERENCES priorities (id),
	plan_id INTEGER REFERENCES plans (id),
	UNIQUE (meeting_id, position)
) STRICT;

CREATE TABLE meeting_attendance (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meetings (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	attendance TEXT NOT NULL CHECK (attendance IN ('present', 'apologies')),
	name TEXT, -- who came (required when present); who sent apologies, if said
	role TEXT,
	CHECK (attendance = 'apologies' OR (name IS NOT NULL AND role IS NOT NULL))
) STRICT;
CREATE INDEX meeting_attendance_by_meeting ON meeting_attendance (meeting_id, agency_id);
-- the meetings an agency was at or sent apologies to (who may read them)
CREATE INDEX meeting_attendance_by_agency ON meeting_attendance (agency_id, meeting_id);

CREATE TABLE meeting_decisions (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meetings (id),
	agenda_item_id INTEGER REFERENCES meeting_agenda_items (id),
	decision TEXT NOT NULL
) STRICT;
CREATE INDEX meeting_decisions_by_meeting ON meeting_decisions (meeting_id, id);

CREATE TABLE meeting_actions (
	plan_action_id INTEGER PRIMARY KEY REFERENCES plan_actions (id),
	meeting_id INTEGER NOT NULL REFERENCES meetings (id),
	decision_id INTEGER REFERENCES meeting_decisions (id)
) STRICT;
CREATE INDEX meeting_actions_by_meeting ON meeting_actions (meeting_id, plan_action_id);
