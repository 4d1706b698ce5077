-- 0201_scrutiny_statements_published_early.sql — a statement published
-- before its year ended goes back to being a draft.
--
-- Until now the scrutineer could write and publish the statement for a year
-- still running (or one to come), by typing its address: published, it could
-- never change, and the year's report would be published with it the moment
-- the year ended, its words written before the year was counted. Haven now
-- refuses a statement for a year that has not ended (statement.c). A
-- statement published before the end of its year (31 March, 23:00 UTC is
-- midnight in England, which keeps summer time by then) is set back to a
-- draft, for the scrutineer to revise and publish once the year has ended;
-- its words are kept. (No audit row: one written from SQL would break the
-- audit trail's hash chain; docs/operations.md says what to look for after
-- upgrading.)
UPDATE scrutiny_statements SET published_at = NULL
WHERE published_at IS NOT NULL
	AND published_at < CAST(CAST(substr(year, 1, 4) AS INTEGER) + 1 AS TEXT) || '-03-31T23:00:00';
