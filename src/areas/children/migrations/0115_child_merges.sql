-- 0115_child_merges.sql — two records found to be the same child: the one
-- merged away points at the one kept (merged_into) and its agencies' links
-- are copied to the kept record; each merge is kept with its reason and the
-- links it added, so the partnership can undo it.
ALTER TABLE children ADD COLUMN merged_into INTEGER REFERENCES children (id);
CREATE INDEX children_merged_into ON children (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE child_merges (
	id INTEGER PRIMARY KEY,
	kept_id INTEGER NOT NULL REFERENCES children (id),
	merged_id INTEGER NOT NULL REFERENCES children (id),
	reason TEXT NOT NULL CHECK (length(reason) > 0),
	links_added TEXT NOT NULL CHECK (json_valid(links_added)), -- [{"agency_id", "relationship"}] new on the kept record
	merged_by INTEGER NOT NULL REFERENCES users (id),
	merged_at TEXT NOT NULL,
	undone_by INTEGER REFERENCES users (id),
	undone_at TEXT,
	undo_reason TEXT,
	CHECK (kept_id <> merged_id),
	CHECK ((undone_at IS NULL) = (undone_by IS NULL) AND (undone_at IS NULL OR length(undo_reason) > 0))
) STRICT;
CREATE INDEX child_merges_by_kept ON child_merges (kept_id);
