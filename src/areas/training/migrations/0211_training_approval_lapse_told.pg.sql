-- 0211_training_approval_lapse_told.pg.sql — PostgreSQL's twin of
-- 0211_training_approval_lapse_told.sql (read it for why): when the requester
-- was told their request for a place lapsed undecided.
ALTER TABLE training_approvals ADD COLUMN lapse_told_at text;
