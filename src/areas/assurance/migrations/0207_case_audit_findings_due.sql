-- 0207_case_audit_findings_due.sql — the date by which the agencies named for
-- a multi-agency case audit must record their findings (England's date,
-- YYYY-MM-DD): their findings tasks carry it as their due date, so the work
-- list shows them overdue after it and the panel can chase. Asked for when an
-- audit is made; an audit made before this has none (NULL) and its tasks stay
-- undated, as they were.
ALTER TABLE qa_case_audits ADD COLUMN findings_due_on TEXT;
