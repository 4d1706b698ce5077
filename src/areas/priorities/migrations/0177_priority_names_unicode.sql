-- 0177_priority_names_unicode.sql — a priority's name is unique in any case,
-- beyond ASCII too: "ÉCOLE" is the priority "école". The UNIQUE COLLATE
-- NOCASE of 0140 folds ASCII letters only, so here a unique index on lower(),
-- Haven's own that lowers every letter (src/store/sqlite.c), as PostgreSQL's
-- lower(name) index always has. A name that is already a second priority's
-- in this wider sense (one added before this migration) keeps its row, its
-- key and every tag, but is renamed with its id, "ÉCOLE (4)", for the
-- partnership team to rename (docs/operations.md); the first added keeps its name.
UPDATE priorities SET name = name || ' (' || id || ')'
WHERE EXISTS (SELECT 1 FROM priorities e WHERE lower(e.name) = lower(priorities.name) AND e.id < priorities.id);
CREATE UNIQUE INDEX priorities_name_folded ON priorities (lower(name));
