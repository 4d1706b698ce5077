-- 0188_sessions_by_user_last_seen.pg.sql — PostgreSQL's twin of
-- 0188_sessions_by_user_last_seen.sql (read it for why): the same index (the
-- statement is the same in both dialects; PostgreSQL needs its twin all the
-- same, as 0185's has).
CREATE INDEX sessions_by_user_last_seen ON sessions (user_id, last_seen_at);
