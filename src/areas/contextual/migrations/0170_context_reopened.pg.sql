-- 0170_context_reopened.pg.sql — PostgreSQL's twin of 0170_context_reopened.sql: an ended place, group or
-- person of concern can be reopened with its reason, a "reopened" change in context_changes. PostgreSQL
-- changes the two CHECK constraints in place (their names are the ones it gave them in schema.sql).
ALTER TABLE context_changes DROP CONSTRAINT context_changes_change_check;
ALTER TABLE context_changes DROP CONSTRAINT context_changes_check;
ALTER TABLE context_changes ADD CONSTRAINT context_changes_change_check
	CHECK (change IN ('edited', 'ended', 'reopened', 'link_changed', 'link_ended', 'link_reopened'));
ALTER TABLE context_changes ADD CONSTRAINT context_changes_check
	CHECK ((child_id IS NULL) = (change IN ('edited', 'ended', 'reopened')));
