-- 0112_reviews_by_child.sql — a child's chronology finds the serious incident
-- reviews of the child by the child.
CREATE INDEX review_cases_by_child ON review_cases (child_id) WHERE child_id IS NOT NULL;
