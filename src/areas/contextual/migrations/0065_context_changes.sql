-- 0065_context_changes.sql — a context's details corrected and a context
-- or a link ended, each with its reason, and what each was kept: nothing is
-- deleted. An ended context or link drops out of the lists, networks and
-- MACE agendas but its page and history stay.

ALTER TABLE contexts ADD COLUMN ended_at TEXT;        -- UTC; NULL while current
ALTER TABLE contexts ADD COLUMN ended_reason TEXT;
ALTER TABLE context_links ADD COLUMN ended_at TEXT;   -- UTC; NULL while current (linking again reopens it)
ALTER TABLE context_links ADD COLUMN ended_reason TEXT;

-- One row per change, holding what the record was before it.
CREATE TABLE context_changes (
	id INTEGER PRIMARY KEY,
	context_id INTEGER NOT NULL REFERENCES contexts (id),
	child_id INTEGER REFERENCES children (id),   -- a link's changes: the child linked
	change TEXT NOT NULL CHECK (change IN ('edited', 'ended', 'link_changed', 'link_ended', 'link_reopened')),
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
	CHECK ((child_id IS NULL) = (change IN ('edited', 'ended')))
) STRICT;
CREATE INDEX context_changes_by_context ON context_changes (context_id, id);
