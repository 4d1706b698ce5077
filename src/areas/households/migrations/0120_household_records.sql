-- 0120_household_records.sql — a household as a record of its own: an
-- address in a local authority (as incidents name it, case and outer spaces
-- ignored), the adults known to live there with their relationship to the
-- children (adults are never children's records), and the repeat-incident
-- flag that waits for the front door of its area until reviewed.
CREATE TABLE households (
	id INTEGER PRIMARY KEY,
	la_code INTEGER NOT NULL REFERENCES local_authorities (code),
	address_key TEXT NOT NULL CHECK (length(address_key) > 0), -- lower(trim(address)): how addresses are told apart
	address TEXT NOT NULL,                 -- as first recorded
	created_at TEXT NOT NULL,
	repeat_flagged_at TEXT,                -- when its incidents last reached the repeat count
	repeat_reviewed_at TEXT,               -- when the front door reviewed that flag (NULL: it waits)
	repeat_reviewed_by INTEGER REFERENCES users (id),
	UNIQUE (la_code, address_key)
) STRICT;

CREATE TABLE household_adults (
	id INTEGER PRIMARY KEY,
	household_id INTEGER NOT NULL REFERENCES households (id),
	name TEXT NOT NULL CHECK (length(name) > 0),
	relationship TEXT NOT NULL CHECK (relationship IN ('parent', 'step_parent', 'partner_of_parent', 'carer',
	                                                   'relative', 'other')),
	agency_id INTEGER NOT NULL REFERENCES agencies (id), -- the agency that recorded the adult
	added_by INTEGER NOT NULL REFERENCES users (id),
	added_at TEXT NOT NULL
) STRICT;
CREATE INDEX household_adults_by_household ON household_adults (household_id);

-- the households of the incidents already recorded (none flagged: the flag is raised by the next incident)
INSERT INTO households (la_code, address_key, address, created_at)
	SELECT la_code, lower(trim(location)), min(location), min(received_at)
	FROM da_incidents GROUP BY la_code, lower(trim(location));
