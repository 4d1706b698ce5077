-- 0019_audit_children.sql — which children each audit row's answer showed,
-- so "who has seen this child's data?" is answered by one indexed lookup,
-- whichever route showed it: the child's record, an incident, a notification,
-- a request for support, a referral, or a list that named the child.
--
-- Rows are written with their audit row, in the same transaction
-- (audit_append): the children of the record the row is about, and the
-- children a handler reported showing (lists, searches, candidates offered).
-- Like the trail itself, append-only. child_id has no foreign key: a row
-- about a record records the children it had at that moment, and the trail
-- must never stop a child's record from being corrected or merged.
CREATE TABLE audit_children (
	child_id INTEGER NOT NULL,
	audit_id INTEGER NOT NULL REFERENCES audit_log (id),
	PRIMARY KEY (child_id, audit_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER audit_children_no_update BEFORE UPDATE ON audit_children
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_children_no_delete BEFORE DELETE ON audit_children
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
