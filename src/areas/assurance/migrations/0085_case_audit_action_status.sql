-- 0085_case_audit_action_status.sql — an action a case audit's panel agrees
-- belongs to one of the people named for the audit (owner_id; `owner` keeps
-- their name as it was when the action was agreed), who moves it from open
-- to in progress to done, with the evidence that it was done (needed for
-- done) and of its impact. Actions agreed before this have no owner_id: their
-- owner was free text, and no one can change them.
ALTER TABLE qa_case_audit_actions ADD COLUMN owner_id INTEGER REFERENCES users (id);
ALTER TABLE qa_case_audit_actions ADD COLUMN status TEXT NOT NULL DEFAULT 'open'
	CHECK (status IN ('open', 'in_progress', 'done'));
ALTER TABLE qa_case_audit_actions ADD COLUMN completion_evidence TEXT;
ALTER TABLE qa_case_audit_actions ADD COLUMN impact_evidence TEXT;
ALTER TABLE qa_case_audit_actions ADD COLUMN done_on TEXT;
CREATE INDEX qa_case_audit_actions_by_owner ON qa_case_audit_actions (owner_id, status);
