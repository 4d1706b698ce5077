-- 0179_child_links_ended.sql — the agencies that have stopped working with a
-- child. Ending a link (a concern raised, a team's allocation) moves it from
-- child_links to here in one unit of work with its audit row ("child.end_link"),
-- so every reader of child_links, the access policy first, no longer finds it:
-- the agency's access ends at once (need to know), and the record keeps who
-- stopped, when and why. A new concern later simply links the agency again.
-- A setting changes by correcting the record, the local authority by the
-- front door: neither ends here.
CREATE TABLE child_links_ended (
	id INTEGER PRIMARY KEY,
	child_id INTEGER NOT NULL REFERENCES children (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	relationship TEXT NOT NULL CHECK (relationship IN ('raised_concern', 'allocated_team')),
	ended_on TEXT NOT NULL,           -- YYYY-MM-DD: the day the agency stopped working with the child
	reason TEXT NOT NULL,             -- why, as the person who ended it wrote it
	ended_by INTEGER NOT NULL REFERENCES users (id),
	ended_at TEXT NOT NULL            -- when it was recorded (UTC instant, written in C)
) STRICT;
CREATE INDEX child_links_ended_by_child ON child_links_ended (child_id, ended_on);
