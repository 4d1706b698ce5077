-- 0084_case_audit_chronology.sql — a child's chronology finds the panel's
-- gradings of the child's case (each a "case audit completed" event) by the
-- child, not by scanning every audit's gradings.
CREATE INDEX qa_case_audit_gradings_by_child ON qa_case_audit_gradings (child_id);
