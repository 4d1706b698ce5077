-- 0070_neglect.sql — the neglect assessment tool, version by version, the
-- assessments practitioners make with it, and a manager's agreement of them
-- for the agencies that ask for it (docs/neglect-tool.md).

-- Each published version whole, as its JSON document. A published version
-- never changes: assessments name the version they were made under.
CREATE TABLE neglect_tool_versions (
	id INTEGER PRIMARY KEY,
	version TEXT NOT NULL UNIQUE,          -- the document's own "version", e.g. '2026.1'
	document TEXT NOT NULL CHECK (json_valid(document)),
	published_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	published_by INTEGER REFERENCES users (id) -- NULL: the demo or haven import neglect-tool
) STRICT;

-- One assessment of one child by a practitioner, a draft until finished.
-- grades: {"SUB_AREA_ID": {"grade": 1..5, "evidence": "..."}}; area_grades
-- and overall_grade are the rule's outcome, stored when it is finished so
-- figures need not parse every tool version.
CREATE TABLE neglect_assessments (
	id INTEGER PRIMARY KEY,
	tool_id INTEGER NOT NULL REFERENCES neglect_tool_versions (id),
	child_id INTEGER NOT NULL REFERENCES children (id),
	user_id INTEGER NOT NULL REFERENCES users (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	la_code INTEGER REFERENCES local_authorities (code), -- the child's area when it was begun, for figures
	age_band TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('draft', 'finished')),
	grades TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(grades)),
	family_voice TEXT,
	child_voice TEXT,
	strengths TEXT,
	summary TEXT,
	assessed_on TEXT,                      -- YYYY-MM-DD: when finished
	review_on TEXT,                        -- YYYY-MM-DD: when to assess again
	area_grades TEXT CHECK (area_grades IS NULL OR json_valid(area_grades)), -- {"AREA_ID": grade}
	overall_grade INTEGER CHECK (overall_grade BETWEEN 1 AND 5),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	agreed_by INTEGER REFERENCES users (id), -- a manager's agreement, where the agency asks for one
	agreed_at TEXT,
	agreement_note TEXT,
	CHECK (status = 'draft' OR (assessed_on IS NOT NULL AND review_on IS NOT NULL AND overall_grade IS NOT NULL))
) STRICT;
CREATE INDEX neglect_assessments_by_child ON neglect_assessments (child_id, status, assessed_on, id);
CREATE INDEX neglect_assessments_by_user ON neglect_assessments (user_id, status);
CREATE INDEX neglect_assessments_for_figures ON neglect_assessments (la_code, assessed_on)
	WHERE status = 'finished';
-- An agency's own assessments, newest first, a page at a time (GET /neglect/assessments).
CREATE INDEX neglect_assessments_by_agency ON neglect_assessments (agency_id, id);
CREATE INDEX neglect_assessments_to_agree ON neglect_assessments (agency_id)
	WHERE status = 'finished' AND agreed_at IS NULL;

-- An agency listed here asks for every finished assessment of its own to be
-- agreed by a manager: a colleague in the agency other than the assessor.
CREATE TABLE neglect_agreement_agencies (
	agency_id INTEGER PRIMARY KEY REFERENCES agencies (id),
	set_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
