-- 0171_household_index_unicode.sql — lower() now lowers every letter, not
-- ASCII alone (Haven's own on each SQLite connection, src/store/sqlite.c), so
-- the index of incidents by household (0116), made with SQLite's lower(), is
-- made again with it: "1 RUE ÉMILE" and "1 Rue Émile" are one address.
REINDEX da_incidents_by_household;
