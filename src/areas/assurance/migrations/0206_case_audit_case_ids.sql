-- haven: foreign keys off
-- 0206_case_audit_case_ids.sql — each case of a case audit (a child sampled
-- for it) gets its own number, so what waits on a case (an agency's findings,
-- the panel's grading) is a record of its own: the work list's tasks and the
-- work alerts they raise are about the case, and a second case of one audit
-- ready to grade alerts the panel as the first did. The table is rebuilt as a
-- rowid table (SQLite's "12-step" ALTER TABLE); findings and gradings still
-- refer to a case by (audit_id, child_id), kept unique.
CREATE TABLE qa_case_audit_children_numbered (
	audit_id INTEGER NOT NULL REFERENCES qa_case_audits (id),
	child_id INTEGER NOT NULL, -- a record number as typed: not checked against children (0168)
	on_register INTEGER NOT NULL DEFAULT 1 CHECK (on_register IN (0, 1)),
	id INTEGER PRIMARY KEY,
	UNIQUE (audit_id, child_id)
) STRICT;
INSERT INTO qa_case_audit_children_numbered (audit_id, child_id, on_register)
	SELECT audit_id, child_id, on_register FROM qa_case_audit_children ORDER BY audit_id, child_id;
DROP TABLE qa_case_audit_children;
ALTER TABLE qa_case_audit_children_numbered RENAME TO qa_case_audit_children;
CREATE INDEX qa_case_audit_children_by_child ON qa_case_audit_children (child_id);
