-- 0194_placing_authority_told.sql — a child missing from care placed by another
-- authority: the placing authority must be told (DfE guidance on children who go
-- missing from care). The episode names the placing authority as one of the
-- partnership's local authorities (placing_la_code: its front door gets a task
-- and sees the episode) or as free text (placing_authority, as before, for one
-- outside the partnership), and records when it was told and by whom, so an
-- episode whose placing authority was not told can be flagged.
ALTER TABLE missing_episodes ADD COLUMN placing_la_code INTEGER REFERENCES local_authorities (code);
ALTER TABLE missing_episodes ADD COLUMN placing_authority_told_on TEXT;
ALTER TABLE missing_episodes ADD COLUMN placing_authority_told_by TEXT;
ALTER TABLE missing_episodes ADD COLUMN placing_authority_told_recorded_by INTEGER REFERENCES users (id);
-- the episodes an authority placed: found by it for its list, its pages and its people's tasks
CREATE INDEX missing_episodes_by_placing ON missing_episodes (placing_la_code, reported_at);
