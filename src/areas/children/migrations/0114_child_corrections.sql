-- 0114_child_corrections.sql — corrections to a child's details: what each
-- changed (before and after, per detail) and why, by whom. The child's row
-- holds the details as they now are; these rows are their history.
CREATE TABLE child_corrections (
	id INTEGER PRIMARY KEY,
	child_id INTEGER NOT NULL REFERENCES children (id),
	changes TEXT NOT NULL CHECK (json_valid(changes)), -- [{"field", "before", "after"}], only what changed
	reason TEXT NOT NULL CHECK (length(reason) > 0),
	corrected_by INTEGER NOT NULL REFERENCES users (id),
	corrected_at TEXT NOT NULL
) STRICT;
CREATE INDEX child_corrections_by_child ON child_corrections (child_id, id);
