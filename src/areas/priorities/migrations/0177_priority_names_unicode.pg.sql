-- 0177_priority_names_unicode.pg.sql — as 0177_priority_names_unicode.sql.
-- PostgreSQL's baseline has always had a unique index on lower(name)
-- (priorities_name_nocase), and Haven serves only a database whose lower()
-- folds every letter (a UTF-8 character type, src/store/pg.c), so no two names
-- can be one here; the rename is kept for the same result on both stores, and
-- the index by the SQLite migration's name so both stores list the same indexes.
UPDATE priorities SET name = name || ' (' || id || ')'
WHERE EXISTS (SELECT 1 FROM priorities e WHERE lower(e.name) = lower(priorities.name) AND e.id < priorities.id);
CREATE UNIQUE INDEX priorities_name_folded ON priorities (lower(name));
