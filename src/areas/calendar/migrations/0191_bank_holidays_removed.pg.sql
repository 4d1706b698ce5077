-- 0191_bank_holidays_removed.pg.sql — PostgreSQL's twin of
-- 0191_bank_holidays_removed.sql (read it for why): the bank holidays an
-- administrator has removed, built-in or imported, until an import lists them.
CREATE TABLE bank_holidays_removed (
	date text PRIMARY KEY CHECK (date ~ '^[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]$'),
	reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
	removed_at text NOT NULL DEFAULT (utc_now_ms())
);
