-- 0080_assurance.sql — quality assurance audits (issue 19): the partnership's
-- standards as versioned documents, the cycles it opens (Section 11 for
-- agencies, Section 175/157 for schools and colleges), each agency's return
-- (a self-assessment: a score and evidence per standard), and the
-- partnership's moderation of each score.

-- A published set of standards: the whole JSON document (format in
-- docs/api.md, "Quality assurance"), never changed once published, so a
-- cycle is always shown through the version it was opened with.
CREATE TABLE qa_standard_sets (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('section11', 'section175')),
	version TEXT NOT NULL,
	title TEXT NOT NULL,
	document TEXT NOT NULL,
	published_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	UNIQUE (kind, version)
) STRICT;

CREATE TABLE qa_cycles (
	id INTEGER PRIMARY KEY,
	standard_set_id INTEGER NOT NULL REFERENCES qa_standard_sets (id),
	title TEXT NOT NULL,
	opens_on TEXT NOT NULL,
	returns_due_on TEXT NOT NULL CHECK (returns_due_on >= opens_on),
	created_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX qa_cycles_by_due ON qa_cycles (returns_due_on, id);

-- One return per agency that must make one, made when the cycle opens.
-- submitted_on is England's date of submission: a return is late when it is
-- after the cycle's return date. A Section 175/157 return carries its
-- governor's sign-off (name and date).
CREATE TABLE qa_returns (
	id INTEGER PRIMARY KEY,
	cycle_id INTEGER NOT NULL REFERENCES qa_cycles (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	submitted_on TEXT,
	submitted_by INTEGER REFERENCES users (id),
	governor_name TEXT,
	governor_signed_on TEXT,
	UNIQUE (cycle_id, agency_id)
) STRICT;
CREATE INDEX qa_returns_by_agency ON qa_returns (agency_id, cycle_id);

-- A score and its evidence for one standard of a return (standard_id is the
-- id the standards document gives it); then the partnership's moderated
-- score and why, once the return is submitted.
CREATE TABLE qa_scores (
	return_id INTEGER NOT NULL REFERENCES qa_returns (id),
	standard_id TEXT NOT NULL,
	score TEXT NOT NULL,
	evidence TEXT NOT NULL,
	moderated_score TEXT,
	moderation_reason TEXT,
	moderated_by INTEGER REFERENCES users (id),
	PRIMARY KEY (return_id, standard_id)
) STRICT, WITHOUT ROWID;
