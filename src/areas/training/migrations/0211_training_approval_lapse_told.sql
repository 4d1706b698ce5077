-- 0211_training_approval_lapse_told.sql — when the requester was told that
-- their request for a place lapsed: never decided, its session started
-- (store_sqlite.h's TRAINING_AWAITING). The training job emails them once and
-- marks the request here in the same unit, so across restarts nobody is told
-- twice (approvals_sqlite.c, training_queue_lapsed). NULL: not told (or not
-- lapsed). The job looks only at sessions from a week back (jobs.c), so the
-- requests that lapsed long before this migration are not written about.
ALTER TABLE training_approvals ADD COLUMN lapse_told_at TEXT;
