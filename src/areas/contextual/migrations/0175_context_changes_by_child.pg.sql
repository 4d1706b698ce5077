-- 0175_context_changes_by_child.pg.sql — PostgreSQL's twin of
-- 0175_context_changes_by_child.sql: the same index (the statement is the
-- same in both dialects; PostgreSQL needs its twin all the same).
CREATE INDEX context_changes_by_child ON context_changes (child_id);
