-- 0189_training_approval_withdrawn.pg.sql — as 0189_training_approval_withdrawn.sql:
-- a request awaiting approval may be withdrawn by its asker, decision
-- 'withdrawn'. PostgreSQL changes the CHECK in place; the rows, the
-- generated approval_order and the indexes stay as they are.
ALTER TABLE training_approvals DROP CONSTRAINT training_approvals_decision_check,
	ADD CONSTRAINT training_approvals_decision_check CHECK (decision IN ('approved', 'declined', 'withdrawn'));
