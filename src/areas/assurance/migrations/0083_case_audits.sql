-- 0083_case_audits.sql — multi-agency case audits (issue 19): a themed audit
-- of a sample of children, the people named to audit it (only they see its
-- children), each agency's findings for each child against Haven's audit
-- tool, the panel's grading and learning for each child, and the actions
-- the panel agrees.
CREATE TABLE qa_case_audits (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	theme TEXT NOT NULL,
	created_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- The children chosen for the audit.
CREATE TABLE qa_case_audit_children (
	audit_id INTEGER NOT NULL REFERENCES qa_case_audits (id),
	child_id INTEGER NOT NULL REFERENCES children (id),
	PRIMARY KEY (audit_id, child_id)
) STRICT, WITHOUT ROWID;

-- The people named for the audit: each agency's auditor(s) and the panel.
-- A person's agency is the one their findings are recorded for.
CREATE TABLE qa_case_audit_auditors (
	audit_id INTEGER NOT NULL REFERENCES qa_case_audits (id),
	user_id INTEGER NOT NULL REFERENCES users (id),
	PRIMARY KEY (audit_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX qa_case_audit_auditors_by_user ON qa_case_audit_auditors (user_id, audit_id);

-- One agency's findings for one child of the audit, against the audit tool
-- (docs/api.md, "Multi-agency case audits"): its grade and its answers.
CREATE TABLE qa_case_audit_findings (
	audit_id INTEGER NOT NULL REFERENCES qa_case_audits (id),
	child_id INTEGER NOT NULL,
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	grade TEXT NOT NULL CHECK (grade IN ('outstanding', 'good', 'requires_improvement', 'inadequate')),
	what_went_well TEXT NOT NULL,
	what_could_be_better TEXT NOT NULL,
	child_voice TEXT NOT NULL,
	recorded_by INTEGER REFERENCES users (id),
	recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	PRIMARY KEY (audit_id, child_id, agency_id),
	FOREIGN KEY (audit_id, child_id) REFERENCES qa_case_audit_children (audit_id, child_id)
) STRICT, WITHOUT ROWID;

-- The multi-agency panel's grade and learning for one child, once agencies have
-- recorded their findings; given once, as the record of the panel's decision.
CREATE TABLE qa_case_audit_gradings (
	audit_id INTEGER NOT NULL REFERENCES qa_case_audits (id),
	child_id INTEGER NOT NULL,
	grade TEXT NOT NULL CHECK (grade IN ('outstanding', 'good', 'requires_improvement', 'inadequate')),
	learning TEXT NOT NULL,
	graded_by INTEGER REFERENCES users (id),
	graded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	PRIMARY KEY (audit_id, child_id),
	FOREIGN KEY (audit_id, child_id) REFERENCES qa_case_audit_children (audit_id, child_id)
) STRICT, WITHOUT ROWID;

-- The actions the panel agrees from the audit's learning.
CREATE TABLE qa_case_audit_actions (
	id INTEGER PRIMARY KEY,
	audit_id INTEGER NOT NULL REFERENCES qa_case_audits (id),
	action TEXT NOT NULL,
	owner TEXT NOT NULL,
	due_on TEXT NOT NULL,
	created_by INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX qa_case_audit_actions_by_audit ON qa_case_audit_actions (audit_id, id);
