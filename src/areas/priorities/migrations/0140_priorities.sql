-- 0140_priorities.sql — the partnership's priorities as data (issue 20).
-- Until now the three priorities were CHECK constraints and C lists in the
-- areas that tag by them; here they become rows the partnership adds,
-- renames and retires with no migration. `key` is the stable name other
-- areas and the API tag by (it never changes; a rename changes `name`); a
-- retired priority is not offered for new records but still names the old
-- ones. The three existing priorities are seeded with the keys the areas
-- already store, so every existing row keeps its meaning.
CREATE TABLE priorities (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE CHECK (key GLOB '[a-z]*' AND key NOT GLOB '*[^a-z0-9_]*'),
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	description TEXT NOT NULL DEFAULT '',
	from_date TEXT, -- YYYY-MM-DD: the first day of the partnership's priority, if set
	to_date TEXT,   -- YYYY-MM-DD: its last day, if set
	retired_at TEXT, -- when it was retired (NULL: offered for new records)
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	CHECK (from_date IS NULL OR to_date IS NULL OR from_date <= to_date)
) STRICT;

INSERT INTO priorities (id, key, name, description) VALUES
	(1, 'neglect', 'Neglect',
	 'Recognising neglect early and acting on it together, with the Graded Care Profile.'),
	(2, 'domestic_abuse', 'Domestic abuse',
	 'Children living with domestic abuse: Operation Encompass, Operation Provide and the IDVA service.'),
	(3, 'contextual_safeguarding', 'Contextual safeguarding',
	 'Harm outside the home: exploitation, missing episodes and the places and groups involved.');
