-- 0165_disabled_by_administrator.pg.sql — PostgreSQL's twin of 0165_disabled_by_administrator.sql:
-- whether an administrator disabled the account (1), so that only an administrator enables it again.
ALTER TABLE users ADD COLUMN disabled_by_administrator bigint NOT NULL DEFAULT 0 CHECK (disabled_by_administrator IN (0, 1));
