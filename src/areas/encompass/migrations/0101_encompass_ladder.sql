-- 0101_encompass_ladder.sql — the escalation ladder of a notification not
-- acknowledged in time: first an email to the recipient's Key Adults, then
-- one to the local authority of the incident's area. One row per step per
-- notification at most, written in the same unit of work as its emails, so
-- each step is taken once and survives a restart.
CREATE TABLE encompass_escalation_steps (
	notification_id INTEGER NOT NULL REFERENCES encompass_notifications (id),
	step TEXT NOT NULL CHECK (step IN ('key_adults', 'local_authority')),
	taken_at TEXT NOT NULL,
	emailed INTEGER NOT NULL CHECK (emailed >= 0),  -- how many people were emailed
	PRIMARY KEY (notification_id, step)
) STRICT, WITHOUT ROWID;
