-- 0148_scrutiny_statements.sql — the Independent Scrutineer's statement for
-- a reporting year (issue 20): the scrutineer's own words in the annual
-- report, one for each April-to-March year ("2020-21"). The scrutineer writes
-- and revises it until it is published; published, it no longer changes.
CREATE TABLE scrutiny_statements (
	id INTEGER PRIMARY KEY,
	year TEXT NOT NULL UNIQUE CHECK (year GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
	text TEXT NOT NULL,
	written_by INTEGER NOT NULL REFERENCES users (id), -- who last wrote it
	written_at TEXT NOT NULL,
	published_at TEXT -- NULL: a draft the scrutineer may still revise
) STRICT;
