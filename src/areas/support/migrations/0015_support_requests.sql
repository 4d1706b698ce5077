-- 0015_support_requests.sql — requests for support to a local authority's
-- front door, made from the levels-of-need tool at level 3 or 4, and the
-- front door's decision within one working day of receipt.
CREATE TABLE support_requests (
	id INTEGER PRIMARY KEY,
	reference TEXT NOT NULL UNIQUE,        -- e.g. 'RFS-000123', shown to both sides
	assessment_id INTEGER NOT NULL UNIQUE REFERENCES threshold_assessments (id),
	child_id INTEGER NOT NULL REFERENCES children (id),
	la_code INTEGER NOT NULL REFERENCES local_authorities (code), -- the child's local authority
	front_door_agency_id INTEGER NOT NULL REFERENCES agencies (id), -- its children's services
	referrer_user_id INTEGER NOT NULL REFERENCES users (id),
	referrer_agency_id INTEGER NOT NULL REFERENCES agencies (id),
	referrer_phone TEXT NOT NULL,
	referrer_email TEXT NOT NULL,
	concerns TEXT NOT NULL,
	family_knows INTEGER NOT NULL CHECK (family_knows IN (0, 1)),
	family_consents INTEGER NOT NULL CHECK (family_consents IN (0, 1)),
	no_consent_reason TEXT,                -- required unless the family knows and consents
	received_at TEXT NOT NULL,             -- UTC, ISO 8601
	decision_due_at TEXT NOT NULL,         -- UTC: one working day after receipt
	decision TEXT CHECK (decision IN ('no_further_action', 'universal_services', 'early_help',
	                                  'assessment_s17', 'strategy_discussion_s47')),
	decision_reason TEXT,
	decided_at TEXT,
	decided_by INTEGER REFERENCES users (id),
	CHECK ((family_knows = 1 AND family_consents = 1) OR length(no_consent_reason) > 0),
	CHECK ((decision IS NULL) = (decided_at IS NULL) AND (decision IS NULL OR length(decision_reason) > 0))
) STRICT;
CREATE INDEX support_requests_queue ON support_requests (front_door_agency_id, decided_at, received_at);
CREATE INDEX support_requests_by_referrer ON support_requests (referrer_user_id, received_at);
