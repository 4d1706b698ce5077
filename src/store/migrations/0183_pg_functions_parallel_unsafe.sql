-- 0183_pg_functions_parallel_unsafe.sql — nothing on SQLite. Its PostgreSQL
-- twin (0183_pg_functions_parallel_unsafe.pg.sql) marks the functions that
-- stand in for SQLite's built-ins and catch an error (unixepoch,
-- json_valid), and those that call one (utc_day, utc_hour), PARALLEL
-- UNSAFE: they were PARALLEL SAFE, and once a table was big enough for a
-- parallel plan, a statement calling one failed ("cannot start
-- subtransactions during a parallel operation"; a force's figures page
-- answered 503 at 200,000 incidents).
SELECT 1;
