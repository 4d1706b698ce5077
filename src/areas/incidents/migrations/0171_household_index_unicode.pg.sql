-- 0171_household_index_unicode.pg.sql — PostgreSQL's lower() has always
-- lowered every letter (in a UTF-8 cluster, docs/operations.md): the index
-- is made again only so both stores run the same step.
REINDEX INDEX da_incidents_by_household;
