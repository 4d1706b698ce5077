-- haven: foreign keys off
-- 0189_training_approval_withdrawn.sql — a request for a place awaiting
-- approval can be withdrawn by the person who asked: decision 'withdrawn',
-- decided_at its time. The row stays (never deleted: a deleted id would be
-- reused by SQLite, so an audit row or an emailed approval link naming it
-- would name the next request), it is no longer pending (the partial unique
-- index and every "decision IS NULL" read leave it out, so the person may
-- ask again) and approving or declining it is refused as for any decided one.
-- SQLite cannot change a CHECK in place, so the table is rebuilt (ids kept)
-- with the virtual approval_order of 0040 and every index as before.
CREATE TABLE training_approvals_new (
	id INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES training_sessions (id),
	requester_user_id INTEGER NOT NULL REFERENCES users (id),
	approver_user_id INTEGER NOT NULL REFERENCES users (id),
	requested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	decided_at TEXT,
	decision TEXT CHECK (decision IN ('approved', 'declined', 'withdrawn')), -- NULL while pending
	booking_id INTEGER REFERENCES training_bookings (id),                    -- the booking an approval made
	approval_order INTEGER GENERATED ALWAYS AS
		(CASE WHEN decision IS NULL THEN 1000000000000000 + id ELSE id END) VIRTUAL,
	CHECK ((decision IS NULL) = (decided_at IS NULL))
) STRICT;
INSERT INTO training_approvals_new (id, session_id, requester_user_id, approver_user_id, requested_at, decided_at,
                                    decision, booking_id)
	SELECT id, session_id, requester_user_id, approver_user_id, requested_at, decided_at, decision, booking_id
	FROM training_approvals;
DROP TABLE training_approvals;
ALTER TABLE training_approvals_new RENAME TO training_approvals;
CREATE UNIQUE INDEX training_approvals_pending ON training_approvals (session_id, requester_user_id)
	WHERE decision IS NULL;
CREATE INDEX training_approvals_by_approver ON training_approvals (approver_user_id, id);
CREATE INDEX training_approvals_by_order ON training_approvals (approver_user_id, approval_order);
