-- 0207_case_audit_findings_due.pg.sql — PostgreSQL's twin of
-- 0207_case_audit_findings_due.sql (read it for why): the date by which a
-- case audit's named agencies record their findings; NULL for an audit made
-- before it was asked.
ALTER TABLE qa_case_audits ADD COLUMN findings_due_on text;
