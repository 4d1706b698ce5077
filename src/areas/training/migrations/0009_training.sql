-- 0009_training.sql — workforce development: the partnership's courses, their
-- sessions, practitioners' bookings and waiting lists, attendance, and the
-- evaluations attendees give.
--
-- A session's date and times are the partnership's local time (Europe/London)
-- as written on the course programme: date YYYY-MM-DD, starts/ends HH:MM.
-- They are converted to UTC only where a machine needs an instant (the
-- iCalendar file). Bookings are never deleted: a cancelled booking keeps its
-- row (and whether it was late), so figures and invoices can be rebuilt.

CREATE TABLE training_courses (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	description TEXT NOT NULL,
	audience TEXT NOT NULL,                 -- who it is for, in words
	level TEXT NOT NULL CHECK (level IN ('introductory', 'intermediate', 'advanced')),
	duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
	-- who may book: staff of partner agencies only, or others too (agencies of type 'other')
	open_to TEXT NOT NULL CHECK (open_to IN ('partners', 'everyone')),
	no_show_charge_pence INTEGER NOT NULL DEFAULT 0 CHECK (no_show_charge_pence >= 0),
	created_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE training_course_areas (
	course_id INTEGER NOT NULL REFERENCES training_courses (id),
	area TEXT NOT NULL CHECK (area IN ('neglect', 'domestic_abuse', 'contextual_safeguarding', 'other')),
	PRIMARY KEY (course_id, area)
) STRICT;

CREATE TABLE training_outcomes (
	id INTEGER PRIMARY KEY,
	course_id INTEGER NOT NULL REFERENCES training_courses (id),
	position INTEGER NOT NULL,
	text TEXT NOT NULL,
	UNIQUE (course_id, position)
) STRICT;

CREATE TABLE training_sessions (
	id INTEGER PRIMARY KEY,
	course_id INTEGER NOT NULL REFERENCES training_courses (id),
	date TEXT NOT NULL,                      -- YYYY-MM-DD, Europe/London
	starts TEXT NOT NULL,                    -- HH:MM, Europe/London
	ends TEXT NOT NULL CHECK (ends > starts),
	mode TEXT NOT NULL CHECK (mode IN ('virtual', 'venue')),
	venue TEXT,                              -- mode 'venue'
	joining_link TEXT,                       -- mode 'virtual': shown only to people with a place
	capacity INTEGER NOT NULL CHECK (capacity > 0),
	trainer TEXT NOT NULL,
	CHECK ((mode = 'venue' AND venue IS NOT NULL) OR (mode = 'virtual' AND joining_link IS NOT NULL))
) STRICT;

CREATE INDEX training_sessions_by_date ON training_sessions (date, starts);
CREATE INDEX training_sessions_by_course ON training_sessions (course_id, date);

-- One row per person per attempt to take a place. The waiting list is the
-- 'waiting' rows of a session in id order (the order the writer committed them).
CREATE TABLE training_bookings (
	id INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES training_sessions (id),
	user_id INTEGER NOT NULL REFERENCES users (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id), -- the person's agency when they booked
	status TEXT NOT NULL CHECK (status IN ('booked', 'waiting', 'cancelled')),
	offered_from_waiting_list INTEGER NOT NULL DEFAULT 0 CHECK (offered_from_waiting_list IN (0, 1)),
	late_cancellation INTEGER NOT NULL DEFAULT 0 CHECK (late_cancellation IN (0, 1)),
	attendance TEXT CHECK (attendance IN ('attended', 'no_show')),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	booked_at TEXT,
	cancelled_on TEXT                        -- YYYY-MM-DD, the partnership's day
) STRICT;

-- Nobody holds two live rows (a place and a waiting-list spot) for one session.
CREATE UNIQUE INDEX training_bookings_live ON training_bookings (session_id, user_id) WHERE status <> 'cancelled';
CREATE INDEX training_bookings_by_session ON training_bookings (session_id, status, id);
CREATE INDEX training_bookings_by_user ON training_bookings (user_id, id);

CREATE TABLE training_evaluations (
	booking_id INTEGER PRIMARY KEY REFERENCES training_bookings (id),
	comments TEXT NOT NULL DEFAULT '',
	submitted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE training_evaluation_scores (
	booking_id INTEGER NOT NULL REFERENCES training_evaluations (booking_id),
	outcome_id INTEGER NOT NULL REFERENCES training_outcomes (id),
	before INTEGER NOT NULL CHECK (before BETWEEN 1 AND 5),
	after INTEGER NOT NULL CHECK (after BETWEEN 1 AND 5),
	PRIMARY KEY (booking_id, outcome_id)
) STRICT;
