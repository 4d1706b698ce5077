-- 0167_subject_access.sql — the register of subject access requests about
-- children held in Haven (UK GDPR Article 15), answered within one calendar
-- month of receipt (the ICO's way: received 3 March, due 3 April; received
-- 31 January, due on the last day of February), which an extension of up to
-- two further months moves (complex or numerous requests). The due date is
-- worked out in C (calendar_add_months) and kept, so the list, the task list
-- and the overdue tag read one value. Who asked is a choice, not a name: the
-- pack is about the child, and the register needs no more than that.
CREATE TABLE subject_access_requests (
	id INTEGER PRIMARY KEY,
	child_id INTEGER NOT NULL REFERENCES children (id),
	requester TEXT NOT NULL CHECK (requester IN ('child', 'parent', 'representative')),
	received_on TEXT NOT NULL,        -- YYYY-MM-DD
	identity_verified INTEGER NOT NULL CHECK (identity_verified IN (0, 1)),
	extension_months INTEGER NOT NULL DEFAULT 0 CHECK (extension_months BETWEEN 0 AND 2),
	extension_reason TEXT,            -- why it was extended (complex or numerous requests)
	due_on TEXT NOT NULL,             -- YYYY-MM-DD: received_on + 1 + extension_months calendar months
	closed_on TEXT,                   -- YYYY-MM-DD: when it was answered (NULL: open)
	outcome TEXT CHECK (outcome IN ('full', 'part', 'refused', 'withdrawn')),
	outcome_reason TEXT,              -- why in part or refused
	recorded_by INTEGER NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	CHECK ((closed_on IS NULL) = (outcome IS NULL)),
	CHECK ((extension_months = 0) = (extension_reason IS NULL))
) STRICT;

CREATE INDEX subject_access_requests_open ON subject_access_requests (due_on) WHERE closed_on IS NULL;
CREATE INDEX subject_access_requests_by_child ON subject_access_requests (child_id);
