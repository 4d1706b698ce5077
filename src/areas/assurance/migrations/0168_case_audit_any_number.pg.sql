-- 0168_case_audit_any_number.pg.sql — PostgreSQL's twin of 0168_case_audit_any_number.sql: a case
-- audit's sample keeps the record numbers the partnership typed, on the register or not, so making an
-- audit says nothing of whether a number is a child.
ALTER TABLE qa_case_audit_children DROP CONSTRAINT qa_case_audit_children_child_id_fkey;
-- whether the number was a child on the register when the audit was made (see the SQLite migration)
ALTER TABLE qa_case_audit_children ADD COLUMN on_register bigint NOT NULL DEFAULT 1 CHECK (on_register IN (0, 1));
