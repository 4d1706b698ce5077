-- 0185_sessions_by_last_seen.pg.sql — PostgreSQL's twin of
-- 0185_sessions_by_last_seen.sql (read it for why): the same index (the
-- statement is the same in both dialects; PostgreSQL needs its twin all the
-- same).
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);
