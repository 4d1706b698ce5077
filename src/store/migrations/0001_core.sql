-- 0001_core.sql — facts about the database itself.
CREATE TABLE haven_meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
