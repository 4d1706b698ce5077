-- 0063_mace_meetings.sql — multi-agency child exploitation (MACE) meetings:
-- level 1 about children, level 2 about persons of concern and places; the
-- agenda each was given from the data when it was set up, the agencies
-- that attended, and the decisions with their actions, owners, due dates
-- and status.

CREATE TABLE mace_meetings (
	id INTEGER PRIMARY KEY,
	level INTEGER NOT NULL CHECK (level IN (1, 2)),
	held_on TEXT NOT NULL,                 -- YYYY-MM-DD, England's date
	agency_id INTEGER NOT NULL REFERENCES agencies (id),   -- who set it up (the chair's agency)
	user_id INTEGER NOT NULL REFERENCES users (id),
	-- the newest screening when the agenda was built: the next meeting's "new screenings" come after it
	-- (by id, which orders them exactly, where instants to the second may tie)
	last_screening_id INTEGER NOT NULL,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX mace_meetings_by_level ON mace_meetings (level, last_screening_id);

-- The agenda as built from the data when the meeting was set up, so it
-- stays what the meeting discussed: a child (level 1) for a reason, or a
-- place or person of concern (level 2) with the most links to children.
CREATE TABLE mace_agenda_items (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES mace_meetings (id),
	reason TEXT NOT NULL CHECK (reason IN ('high_risk', 'new_screening', 'repeat_missing', 'most_linked')),
	child_id INTEGER REFERENCES children (id),
	context_id INTEGER REFERENCES contexts (id),
	detail TEXT NOT NULL,                  -- why, in words: "judged high risk on 2026-11-02"
	CHECK ((child_id IS NULL) <> (context_id IS NULL)),
	CHECK ((reason = 'most_linked') = (context_id IS NOT NULL))
) STRICT;
CREATE INDEX mace_agenda_by_meeting ON mace_agenda_items (meeting_id, reason);
CREATE INDEX mace_agenda_by_child ON mace_agenda_items (child_id) WHERE child_id IS NOT NULL;

CREATE TABLE mace_attendance (
	meeting_id INTEGER NOT NULL REFERENCES mace_meetings (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	attendance TEXT NOT NULL CHECK (attendance IN ('present', 'apologies')),
	recorded_at TEXT NOT NULL,
	PRIMARY KEY (meeting_id, agency_id)
) STRICT;

-- A decision and the action that follows it, owned by an agency.
CREATE TABLE mace_actions (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES mace_meetings (id),
	decision TEXT NOT NULL,
	action TEXT NOT NULL,
	owner_agency_id INTEGER NOT NULL REFERENCES agencies (id),
	due_on TEXT NOT NULL,                  -- YYYY-MM-DD
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by INTEGER NOT NULL REFERENCES users (id)
) STRICT;
CREATE INDEX mace_actions_by_meeting ON mace_actions (meeting_id, id);
CREATE INDEX mace_actions_by_owner ON mace_actions (owner_agency_id, status, due_on);
