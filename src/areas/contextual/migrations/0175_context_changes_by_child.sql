-- 0175_context_changes_by_child.sql — the changes to a child's links to
-- places, groups and persons of concern, found by the child: a subject
-- access request's pack reads them by child_id (contextual_subject_access),
-- which no index led with, so each pack scanned every change.
CREATE INDEX context_changes_by_child ON context_changes (child_id);
