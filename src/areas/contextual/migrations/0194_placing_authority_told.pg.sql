-- 0194_placing_authority_told.pg.sql — PostgreSQL's twin of
-- 0194_placing_authority_told.sql: the same columns, typed as schema.sql types
-- SQLite's INTEGER (bigint).
ALTER TABLE missing_episodes ADD COLUMN placing_la_code bigint REFERENCES local_authorities (code);
ALTER TABLE missing_episodes ADD COLUMN placing_authority_told_on text;
ALTER TABLE missing_episodes ADD COLUMN placing_authority_told_by text;
ALTER TABLE missing_episodes ADD COLUMN placing_authority_told_recorded_by bigint REFERENCES users (id);
CREATE INDEX missing_episodes_by_placing ON missing_episodes (placing_la_code, reported_at);
