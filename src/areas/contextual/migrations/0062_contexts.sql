-- 0062_contexts.sql — contexts, not only children: places (a park, a shop,
-- a flat), peer groups and persons of concern as records of their own, each
-- linked to children with the nature of the link and where it came from,
-- and the disruption activity against a person or place.

CREATE TABLE contexts (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('place', 'group', 'person')),
	name TEXT NOT NULL,
	place_kind TEXT,                       -- places: park, shop, flat, ...
	address TEXT,                          -- places: the address or area; persons: where known to live
	description TEXT,
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	user_id INTEGER NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX contexts_by_kind ON contexts (kind, name);

-- A child linked to a context: the nature of the link (a child seen at a
-- place, a member of a group, associated with a person) and its source (a
-- return home interview, police intelligence, a school).
CREATE TABLE context_links (
	id INTEGER PRIMARY KEY,
	context_id INTEGER NOT NULL REFERENCES contexts (id),
	child_id INTEGER NOT NULL REFERENCES children (id),
	nature TEXT NOT NULL,
	source TEXT NOT NULL,
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	user_id INTEGER NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL,
	UNIQUE (context_id, child_id)
) STRICT;
CREATE INDEX context_links_by_child ON context_links (child_id);

CREATE TABLE disruptions (
	id INTEGER PRIMARY KEY,
	context_id INTEGER NOT NULL REFERENCES contexts (id),
	kind TEXT NOT NULL CHECK (kind IN ('cawn', 'arrest', 'licensing_review', 'closure_order', 'other')),
	started_on TEXT NOT NULL,              -- YYYY-MM-DD
	ended_on TEXT,                         -- YYYY-MM-DD, NULL while it continues
	outcome TEXT,
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	user_id INTEGER NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL,
	CHECK (ended_on IS NULL OR ended_on >= started_on)
) STRICT;
CREATE INDEX disruptions_by_context ON disruptions (context_id, started_on);
