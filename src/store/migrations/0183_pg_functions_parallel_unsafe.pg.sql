-- 0183_pg_functions_parallel_unsafe.pg.sql — PostgreSQL's twin of
-- 0183_pg_functions_parallel_unsafe.sql (read it for why). A function with
-- an EXCEPTION block starts a subtransaction, which nothing may start while
-- a parallel plan runs, in its workers or in its leader (PARALLEL
-- RESTRICTED is not enough), so it and every function calling it are
-- PARALLEL UNSAFE: a statement calling one is planned without parallel
-- workers. scripts/pg_schema.py writes them so in a new baseline.
ALTER FUNCTION unixepoch(text) PARALLEL UNSAFE;
ALTER FUNCTION utc_day(text) PARALLEL UNSAFE;
ALTER FUNCTION utc_hour(text) PARALLEL UNSAFE;
ALTER FUNCTION json_valid(text) PARALLEL UNSAFE;
