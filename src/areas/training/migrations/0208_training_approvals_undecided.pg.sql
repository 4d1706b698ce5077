-- 0208_training_approvals_undecided.pg.sql — PostgreSQL's twin of
-- 0208_training_approvals_undecided.sql (read it for why): the requests by
-- decision and approval_order. (PostgreSQL already answered the list's "or"
-- with a BitmapOr over the partial training_approvals_pending; it may take
-- this one instead, and both schemas keep the same indexes.)
CREATE INDEX training_approvals_undecided ON training_approvals (decision, approval_order);
