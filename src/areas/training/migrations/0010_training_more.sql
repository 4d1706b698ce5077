-- 0010_training_more.sql — workforce development, continued: completions of
-- e-learning modules imported from the e-learning platform's CSV export
-- (`haven import elearning`), the library of 7-minute briefings and other
-- resources with their view counts, and the reminder before a session and
-- the follow-up three months after it (sent by the training job in
-- `haven serve`, jobs.c) with the answers to the follow-up.
--
-- An e-learning completion is not an attendance: it has no session, no place
-- and no evaluation. The figures count completions separately
-- (elearning_completions), so fill and no-show rates stay about sessions.

CREATE TABLE training_elearning_completions (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id),
	module TEXT NOT NULL CHECK (length(module) BETWEEN 1 AND 200),
	completed_on TEXT NOT NULL,              -- YYYY-MM-DD, as the export says
	imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	-- the same completion in a second export (exports overlap) is a duplicate, not a second completion
	UNIQUE (user_id, module, completed_on)
) STRICT;

CREATE INDEX training_elearning_by_date ON training_elearning_completions (completed_on);

CREATE TABLE training_resources (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('seven_minute_briefing', 'guidance', 'video', 'other')),
	area TEXT NOT NULL CHECK (area IN ('neglect', 'domestic_abuse', 'contextual_safeguarding', 'other')),
	summary TEXT NOT NULL,
	body TEXT NOT NULL,                      -- the briefing itself, plain text
	link TEXT,                               -- an external copy, if any
	views INTEGER NOT NULL DEFAULT 0,
	created_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- The last counted view of a resource by a person, so a reader refreshing the
-- page is counted once an hour, not once a refresh.
CREATE TABLE training_resource_viewers (
	resource_id INTEGER NOT NULL REFERENCES training_resources (id),
	user_id INTEGER NOT NULL REFERENCES users (id),
	counted_at INTEGER NOT NULL,             -- Unix seconds
	PRIMARY KEY (resource_id, user_id)
) STRICT;

-- When the job queued each booking's reminder and follow-up email. Set in the
-- same transaction as the email's row in mail_outbox, so each is sent once:
-- a booking with a time here is never picked again, and one without has no
-- email. (A table of its own rather than columns on training_bookings, so this
-- migration only creates tables and can be undone by dropping them.)
CREATE TABLE training_booking_emails (
	booking_id INTEGER PRIMARY KEY REFERENCES training_bookings (id),
	reminder_queued_at TEXT,
	follow_up_queued_at TEXT
) STRICT;

-- An attendee's answer, three months on, about the training's impact on their practice.
CREATE TABLE training_follow_ups (
	booking_id INTEGER PRIMARY KEY REFERENCES training_bookings (id),
	impact TEXT NOT NULL CHECK (impact IN ('a_lot', 'a_little', 'not_yet', 'none')),
	changes TEXT NOT NULL DEFAULT '',        -- what they do differently, in their words
	submitted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
