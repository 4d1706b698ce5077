-- 0011_training_approval.sql — optional manager approval per course.
--
-- A course that needs approval is listed in training_course_settings (a table
-- of its own rather than a column on training_courses, so this migration only
-- creates tables and can be undone by dropping them; a course with no row
-- needs no approval). Booking such a course asks a named approver (an active
-- Haven user in the practitioner's own agency) and holds no place while the
-- request is pending; on approval the normal booking runs (a place, or the
-- waiting list when full), on decline nothing is booked. A decision is final.

CREATE TABLE training_course_settings (
	course_id INTEGER PRIMARY KEY REFERENCES training_courses (id),
	needs_approval INTEGER NOT NULL DEFAULT 0 CHECK (needs_approval IN (0, 1))
) STRICT;

CREATE TABLE training_approvals (
	id INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES training_sessions (id),
	requester_user_id INTEGER NOT NULL REFERENCES users (id),
	approver_user_id INTEGER NOT NULL REFERENCES users (id),
	requested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	decided_at TEXT,
	decision TEXT CHECK (decision IN ('approved', 'declined')), -- NULL while pending
	booking_id INTEGER REFERENCES training_bookings (id),       -- the booking an approval made
	CHECK ((decision IS NULL) = (decided_at IS NULL))
) STRICT;

-- One pending request per person per session.
CREATE UNIQUE INDEX training_approvals_pending ON training_approvals (session_id, requester_user_id)
	WHERE decision IS NULL;
CREATE INDEX training_approvals_by_approver ON training_approvals (approver_user_id, id);
