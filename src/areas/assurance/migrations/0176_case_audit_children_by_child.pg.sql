-- 0176_case_audit_children_by_child.pg.sql — PostgreSQL's twin of
-- 0176_case_audit_children_by_child.sql: the same index (the statement is
-- the same in both dialects; PostgreSQL needs its twin all the same).
CREATE INDEX qa_case_audit_children_by_child ON qa_case_audit_children (child_id);
