-- 0178_plan_group_names_unicode.sql — a plan group's name is unique in any
-- case, beyond ASCII too, as a priority's is (0177): a unique index on
-- Haven's lower() (every letter, src/store/sqlite.c) beside 0142's UNIQUE
-- COLLATE NOCASE, which folds ASCII letters only. A group whose name is
-- already another's in this wider sense keeps its row and its plans but is
-- renamed with its id, "ÉQUIPE NORD (3)", for the partnership team to rename
-- (docs/operations.md); the first added keeps its name.
UPDATE plan_groups SET name = name || ' (' || id || ')'
WHERE EXISTS (SELECT 1 FROM plan_groups e WHERE lower(e.name) = lower(plan_groups.name) AND e.id < plan_groups.id);
CREATE UNIQUE INDEX plan_groups_name_folded ON plan_groups (lower(name));
