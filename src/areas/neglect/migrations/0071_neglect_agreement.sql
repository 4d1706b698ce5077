-- 0071_neglect_agreement.sql — a manager's agreement of finished neglect
-- assessments, for the agencies that ask for it (optional per agency).

-- An agency listed here asks for every finished assessment of its own to be
-- agreed by a manager: a colleague in the agency other than the assessor.
CREATE TABLE neglect_agreement_agencies (
	agency_id INTEGER PRIMARY KEY REFERENCES agencies (id),
	set_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

ALTER TABLE neglect_assessments ADD COLUMN agreed_by INTEGER REFERENCES users (id);
ALTER TABLE neglect_assessments ADD COLUMN agreed_at TEXT;
ALTER TABLE neglect_assessments ADD COLUMN agreement_note TEXT;
CREATE INDEX neglect_assessments_to_agree ON neglect_assessments (agency_id)
	WHERE status = 'finished' AND agreed_at IS NULL;

-- An agency's own assessments, newest first, a page at a time (GET /neglect/assessments).
CREATE INDEX neglect_assessments_by_agency ON neglect_assessments (agency_id, id);
