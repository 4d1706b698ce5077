-- 0018_provide.sql — Operation Provide: a referral to an IDVA service for
-- the adult victim of an incident, each attempt to contact them safely,
-- and the outcome.

-- Which IDVA service covers which local authority area.
CREATE TABLE idva_coverage (
	la_code INTEGER PRIMARY KEY REFERENCES local_authorities (code),
	agency_id INTEGER NOT NULL REFERENCES agencies (id)
) STRICT;

CREATE TABLE idva_referrals (
	id INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES da_incidents (id),
	victim_adult_id INTEGER NOT NULL UNIQUE REFERENCES da_incident_adults (id),
	service_agency_id INTEGER NOT NULL REFERENCES agencies (id),
	created_at TEXT NOT NULL,
	first_attempt_at TEXT,                 -- derived from the attempts, kept for the figures
	first_contact_at TEXT,
	outcome TEXT CHECK (outcome IN ('engaged', 'declined', 'could_not_contact', 'not_appropriate')),
	closed_at TEXT,
	closed_by INTEGER REFERENCES users (id),
	made_safer INTEGER CHECK (made_safer IN (0, 1)),
	engaged_with_investigation INTEGER CHECK (engaged_with_investigation IN (0, 1)),
	CHECK ((closed_at IS NULL) OR (outcome IS NOT NULL AND made_safer IS NOT NULL
	                               AND engaged_with_investigation IS NOT NULL))
) STRICT;
CREATE INDEX idva_referrals_by_service ON idva_referrals (service_agency_id, closed_at, created_at);

CREATE TABLE idva_contact_attempts (
	id INTEGER PRIMARY KEY,
	referral_id INTEGER NOT NULL REFERENCES idva_referrals (id),
	attempted_at TEXT NOT NULL,
	method TEXT NOT NULL CHECK (method IN ('phone', 'text', 'email', 'in_person', 'letter')),
	outcome TEXT NOT NULL CHECK (outcome IN ('contacted', 'no_answer', 'message_left', 'unsafe_to_continue',
	                                         'wrong_number', 'declined')),
	note TEXT,
	recorded_by INTEGER NOT NULL REFERENCES users (id),
	recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX idva_contact_attempts_by_referral ON idva_contact_attempts (referral_id, attempted_at);
