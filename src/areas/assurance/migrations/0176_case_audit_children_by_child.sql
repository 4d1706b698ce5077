-- 0176_case_audit_children_by_child.sql — the case audits a child was
-- sampled for, found by the child: a subject access request's pack reads
-- them by child_id (assurance_subject_access), and the table's key leads
-- with the audit, so each pack scanned every sample.
CREATE INDEX qa_case_audit_children_by_child ON qa_case_audit_children (child_id);
