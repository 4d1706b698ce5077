-- haven: foreign keys off (qa_case_audit_children is rebuilt; findings and gradings refer to it)
-- 0168_case_audit_any_number.sql — a case audit's sample keeps the record
-- numbers the partnership typed, on the register or not: making an audit no
-- longer checks a number against the register (nor against the agencies that
-- work with the child), so the answer says nothing of whether a number is a
-- child or who works with one (docs/architecture.md, "Multi-agency case
-- audits"). A number no named agency works with is a case no one answers.
CREATE TABLE qa_case_audit_children_typed (
	audit_id INTEGER NOT NULL REFERENCES qa_case_audits (id),
	child_id INTEGER NOT NULL, -- a record number as typed: not checked against children
	-- whether the number was a child on the register when the audit was made: a number typed past the
	-- register's end must not become the next child recorded (never shown, counted or audited as theirs)
	on_register INTEGER NOT NULL DEFAULT 1 CHECK (on_register IN (0, 1)),
	PRIMARY KEY (audit_id, child_id)
) STRICT, WITHOUT ROWID;
INSERT INTO qa_case_audit_children_typed (audit_id, child_id)
	SELECT audit_id, child_id FROM qa_case_audit_children;
DROP TABLE qa_case_audit_children;
ALTER TABLE qa_case_audit_children_typed RENAME TO qa_case_audit_children;
