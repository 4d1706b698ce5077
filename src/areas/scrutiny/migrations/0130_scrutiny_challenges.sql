-- 0130_scrutiny_challenges.sql — the Independent Scrutineer's challenge log
-- (issue 20). A challenge is raised by the scrutineer or the partnership team
-- to an agency (the partnership's own agency when it is to the partnership):
-- a subject, the detail and the date a response is due. The owner responds;
-- whoever raised it (or a scrutineer) accepts the response or escalates it to
-- the board with a new date, when the owner responds again. Every step is a
-- row of scrutiny_challenge_events, so the log reads as it happened.
CREATE TABLE scrutiny_challenges (
	id INTEGER PRIMARY KEY,
	subject TEXT NOT NULL,
	detail TEXT NOT NULL,
	owner_agency_id INTEGER NOT NULL REFERENCES agencies (id),
	respond_by TEXT NOT NULL, -- YYYY-MM-DD, England's date: the response due (the latest, after an escalation)
	-- open: awaiting the first response; responded: awaiting a decision;
	-- escalated: to the board, awaiting a further response; accepted: closed
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'responded', 'escalated', 'accepted')),
	raised_by INTEGER NOT NULL REFERENCES users (id),
	raised_at TEXT NOT NULL,
	closed_at TEXT
) STRICT;
-- an agency's challenges (its list and its tasks), newest first
CREATE INDEX scrutiny_challenges_by_owner ON scrutiny_challenges (owner_agency_id, id);
-- what waits for an answer or a decision
CREATE INDEX scrutiny_challenges_waiting ON scrutiny_challenges (status, respond_by) WHERE status != 'accepted';

CREATE TABLE scrutiny_challenge_events (
	id INTEGER PRIMARY KEY,
	challenge_id INTEGER NOT NULL REFERENCES scrutiny_challenges (id),
	kind TEXT NOT NULL CHECK (kind IN ('response', 'accepted', 'escalated')),
	text TEXT, -- the response, or the decision's note (required to escalate)
	respond_by TEXT, -- an escalation's new date
	user_id INTEGER NOT NULL REFERENCES users (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	at TEXT NOT NULL
) STRICT;
CREATE INDEX scrutiny_challenge_events_by_challenge ON scrutiny_challenge_events (challenge_id, id);
