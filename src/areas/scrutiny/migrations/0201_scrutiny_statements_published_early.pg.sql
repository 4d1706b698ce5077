-- 0201_scrutiny_statements_published_early.pg.sql — PostgreSQL's twin of
-- 0201_scrutiny_statements_published_early.sql (read it for why): the same
-- statement.
UPDATE scrutiny_statements SET published_at = NULL
WHERE published_at IS NOT NULL
	AND published_at < CAST(CAST(substr(year, 1, 4) AS INTEGER) + 1 AS TEXT) || '-03-31T23:00:00';
