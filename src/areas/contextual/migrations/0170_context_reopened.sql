-- 0170_context_reopened.sql — an ended place, group or person of concern can
-- be reopened (ended by mistake, or in use again), with its reason: a
-- "reopened" change in context_changes, keeping what it was as every change
-- does. A CHECK constraint cannot change in place on SQLite, so the table is
-- rebuilt with its rows and ids (nothing refers to it).
CREATE TABLE context_changes_reopened (
	id INTEGER PRIMARY KEY,
	context_id INTEGER NOT NULL REFERENCES contexts (id),
	child_id INTEGER REFERENCES children (id),   -- a link's changes: the child linked
	change TEXT NOT NULL CHECK (change IN ('edited', 'ended', 'reopened', 'link_changed', 'link_ended',
	                                       'link_reopened')),
	was_name TEXT,
	was_place_kind TEXT,
	was_address TEXT,
	was_description TEXT,
	was_nature TEXT,
	was_source TEXT,
	reason TEXT NOT NULL,
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	user_id INTEGER NOT NULL REFERENCES users (id),
	changed_at TEXT NOT NULL,
	CHECK ((child_id IS NULL) = (change IN ('edited', 'ended', 'reopened')))
) STRICT;
INSERT INTO context_changes_reopened (id, context_id, child_id, change, was_name, was_place_kind, was_address,
                                      was_description, was_nature, was_source, reason, agency_id, user_id,
                                      changed_at)
	SELECT id, context_id, child_id, change, was_name, was_place_kind, was_address, was_description, was_nature,
	       was_source, reason, agency_id, user_id, changed_at
	FROM context_changes;
DROP TABLE context_changes;
ALTER TABLE context_changes_reopened RENAME TO context_changes;
CREATE INDEX context_changes_by_context ON context_changes (context_id, id);
