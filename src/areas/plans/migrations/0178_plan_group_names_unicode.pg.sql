-- 0178_plan_group_names_unicode.pg.sql — as 0178_plan_group_names_unicode.sql.
-- PostgreSQL's baseline has always had plan_groups_name_nocase on lower(name)
-- in a database whose lower() folds every letter (src/store/pg.c), so no two
-- names can be one here; the rename is kept for the same result on both stores,
-- and the index by the SQLite migration's name so both list the same indexes.
UPDATE plan_groups SET name = name || ' (' || id || ')'
WHERE EXISTS (SELECT 1 FROM plan_groups e WHERE lower(e.name) = lower(plan_groups.name) AND e.id < plan_groups.id);
CREATE UNIQUE INDEX plan_groups_name_folded ON plan_groups (lower(name));
