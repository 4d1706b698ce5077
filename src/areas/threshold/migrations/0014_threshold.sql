-- 0014_threshold.sql — the levels-of-need framework, version by version, and
-- each decision a practitioner records with the tool.

-- Each published version whole, as its JSON document (see docs/levels-of-need.md).
-- A published version never changes: decisions name the version they used.
CREATE TABLE framework_versions (
	id INTEGER PRIMARY KEY,
	version TEXT NOT NULL UNIQUE,          -- the document's own "version", e.g. '2026.1'
	document TEXT NOT NULL CHECK (json_valid(document)),
	published_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	published_by INTEGER REFERENCES users (id) -- NULL: imported by haven init --demo or haven import framework
) STRICT;

-- A practitioner's use of the tool: what they ticked, what it suggested and why,
-- and their own judgement. No child is named here; a request for support adds one.
CREATE TABLE threshold_assessments (
	id INTEGER PRIMARY KEY,
	framework_id INTEGER NOT NULL REFERENCES framework_versions (id),
	user_id INTEGER NOT NULL REFERENCES users (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	la_code INTEGER NOT NULL REFERENCES local_authorities (code),
	age_band TEXT NOT NULL,                -- an age band id from the framework document
	indicators TEXT NOT NULL CHECK (json_valid(indicators)), -- the ticked indicator ids, a JSON array
	suggested_level INTEGER NOT NULL CHECK (suggested_level >= 1),
	suggestion_basis TEXT NOT NULL CHECK (json_valid(suggestion_basis)), -- why: the driving indicators, any raise
	chosen_level INTEGER NOT NULL CHECK (chosen_level >= 1),
	chosen_reason TEXT,                    -- required when chosen_level differs from suggested_level
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	CHECK (chosen_level = suggested_level OR length(chosen_reason) > 0)
) STRICT;
CREATE INDEX threshold_assessments_by_user ON threshold_assessments (user_id, created_at);
