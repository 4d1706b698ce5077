-- 0146_training_attendees.sql — attendance that is not a booking (issue 20,
-- "training attendance everyone counts"): people with no Haven account
-- (recorded by name, agency and role), walk-ins who came without a place
-- (with or without an account), and past attendance imported from the
-- partnership's old spreadsheets (`haven import attendance`).
--
-- Each row is one person attending one course on one day. `session_id` is
-- the session when Haven has it (always, from a register; an imported row
-- is matched to the course's session on that date if there is one), so a
-- past course that was never entered as a session still counts. These rows
-- are never bookings: no place, no waiting list, no no-show, no evaluation
-- and no email (the reminder and follow-up jobs read training_bookings only),
-- so a person without an account is never written to.
--
-- `person_key` is who the person is for counting practitioners once:
-- "u:ID" for an account (the email matched one), else "e:EMAIL" (lower
-- case), else "n:NAME|AGENCY_ID" (lower case). Bookings count as "u:ID" too.
CREATE TABLE training_attendees (
	id INTEGER PRIMARY KEY,
	course_id INTEGER NOT NULL REFERENCES training_courses (id),
	date TEXT NOT NULL,                      -- YYYY-MM-DD, the day attended
	session_id INTEGER REFERENCES training_sessions (id),
	user_id INTEGER REFERENCES users (id),   -- the account the email belongs to, if any
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	email TEXT,                              -- as given, lower case; never written to
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	role TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 100),
	person_key TEXT NOT NULL,
	source TEXT NOT NULL CHECK (source IN ('register', 'import')),
	recorded_by INTEGER REFERENCES users (id), -- NULL: the import command
	recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- a person attends a course's day (or its session) once: a second record is a duplicate
CREATE UNIQUE INDEX training_attendees_once ON training_attendees (course_id, date, ifnull(session_id, 0), person_key);
-- the register's extra attendees, and the figures for a period
CREATE INDEX training_attendees_by_session ON training_attendees (session_id, id);
CREATE INDEX training_attendees_by_date ON training_attendees (date);
