-- 0143_review_next_due.sql — the earliest deadline of a serious incident case not yet met (the
-- notification, the rapid review, the CSPR's publication, an agency's information or a milestone),
-- so the list of cases can be narrowed to those with an overdue milestone (issue #16 point 8).
-- Deadlines are counted in working days by the calendar in C (src/areas/reviews/rules.c,
-- reviews_next_due), which SQL cannot do, so the column is kept by the reviews store: in the same
-- unit of work as every change to a case's dates, information or milestones, and for every case
-- when the server starts (which fills it in for the cases that were here before this migration,
-- and moves it with bank holidays imported since) and when the CSPR publication setting changes.
-- NULL: nothing is outstanding.
ALTER TABLE review_cases ADD COLUMN next_due_on TEXT;
-- Only the cases with something outstanding, in the list's order (newest awareness first): the
-- "overdue" filter reads these and no others, and keeps the list's keyset paging.
CREATE INDEX review_cases_outstanding ON review_cases (aware_on, id, next_due_on)
	WHERE next_due_on IS NOT NULL;
-- A case's milestones, read with the case and to work out its earliest deadline.
CREATE INDEX review_milestones_by_case ON review_milestones (case_id, due_on);
