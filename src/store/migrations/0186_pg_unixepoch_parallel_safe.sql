-- 0186_pg_unixepoch_parallel_safe.sql — nothing on SQLite, whose own
-- unixepoch, date and strftime these are. Its PostgreSQL twin
-- (0186_pg_unixepoch_parallel_safe.pg.sql) rewrites the unixepoch standing
-- in for SQLite's without an EXCEPTION block, so that it reads every time
-- text as SQLite does ('2025-02-30' is 2 March there, where it was NULL on
-- PostgreSQL) and, with utc_day and utc_hour calling it, is PARALLEL SAFE
-- again (0183 made them UNSAFE), so a figures query over them may run in
-- parallel.
SELECT 1;
