-- 0002_partnership.sql — the partnership's structure: local authority areas
-- and the agencies that work in them.
CREATE TABLE local_authorities (
	code INTEGER PRIMARY KEY,          -- the DfE LA code, e.g. 888 for Lancashire
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL
) STRICT;

CREATE TABLE agencies (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('police', 'local_authority', 'health', 'school', 'college',
	                                    'early_years', 'idva_service', 'partnership', 'other')),
	la_code INTEGER REFERENCES local_authorities (code),   -- NULL: works across the partnership
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE INDEX agencies_by_type ON agencies (type, name);
CREATE INDEX agencies_by_area ON agencies (la_code, name);
