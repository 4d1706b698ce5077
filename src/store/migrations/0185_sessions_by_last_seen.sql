-- 0185_sessions_by_last_seen.sql — sessions found by when they were last
-- used: the retention job (src/areas/retention) removes old sessions, and
-- blanks the address and browser of those it keeps, 500 at a time, by
-- last_seen_at; without this index every batch scanned the whole table.
CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);
