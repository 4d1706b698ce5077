-- haven: foreign keys off
-- 0019_agency_types.sql — the agency types a real partnership needs, the
-- partnership's own agency at most once, and agencies that work in several
-- local authority areas.
--
-- A CHECK constraint cannot be changed in place, so `agencies` is rebuilt
-- (SQLite's documented procedure: new table, copy, drop, rename). The first
-- line above makes store_migrate run this with foreign keys off and run
-- PRAGMA foreign_key_check before it commits: the ids are copied unchanged,
-- so every reference to an agency still points at the same row.
--
-- The old values keep their meaning ('local_authority' is the local
-- authority's children's services, the front door; 'health' is any other
-- health body); the new ones are finer kinds that no access rule names.
CREATE TABLE agencies_new (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('police', 'local_authority', 'health', 'icb', 'nhs_trust', 'gp_practice',
	                                    'school', 'college', 'early_years', 'idva_service', 'probation',
	                                    'youth_justice', 'housing', 'voluntary_sector', 'partnership', 'other')),
	la_code INTEGER REFERENCES local_authorities (code),   -- its one area; NULL: several (agency_areas) or all
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

INSERT INTO agencies_new (id, slug, name, type, la_code, created_at)
	SELECT id, slug, name, type, la_code, created_at FROM agencies;
DROP TABLE agencies;
ALTER TABLE agencies_new RENAME TO agencies;

CREATE INDEX agencies_by_type ON agencies (type, name);
CREATE INDEX agencies_by_area ON agencies (la_code, name);
-- the partnership itself is one agency
CREATE UNIQUE INDEX agencies_one_partnership ON agencies (type) WHERE type = 'partnership';

-- The areas of an agency that works in several (a police force, an IDVA
-- service, an NHS trust): its la_code is then NULL, so every query that
-- reads agencies.la_code as "the agency's one area" keeps its meaning. An
-- agency in one area has its la_code and no rows here.
CREATE TABLE agency_areas (
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	la_code INTEGER NOT NULL REFERENCES local_authorities (code),
	PRIMARY KEY (agency_id, la_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX agency_areas_by_area ON agency_areas (la_code);
