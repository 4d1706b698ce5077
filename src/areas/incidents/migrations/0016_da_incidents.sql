-- 0016_da_incidents.sql — domestic abuse incidents police attended, the
-- adults and children involved, and how each child was matched to the
-- children register and their setting (Operation Encompass) — and the school
-- term dates per local authority that decide when the next school day is.
-- Times are UTC, ISO 8601 ('2026-11-26T19:30:00Z'); days are 'YYYY-MM-DD'.
CREATE TABLE da_incidents (
	id INTEGER PRIMARY KEY,
	police_reference TEXT NOT NULL UNIQUE, -- the force's own reference: a resend with it never duplicates
	occurred_at TEXT NOT NULL,
	location TEXT NOT NULL,
	la_code INTEGER NOT NULL REFERENCES local_authorities (code),
	risk_level TEXT NOT NULL CHECK (risk_level IN ('standard', 'medium', 'high')), -- DASH
	circumstances TEXT NOT NULL,           -- brief
	source TEXT NOT NULL CHECK (source IN ('web', 'api', 'import')),
	recorded_by INTEGER REFERENCES users (id), -- NULL for haven import incidents
	received_at TEXT NOT NULL,
	content_hash TEXT NOT NULL             -- of the incident as sent, so a resend can be told from a change
) STRICT;
CREATE INDEX da_incidents_by_area ON da_incidents (la_code, occurred_at);

-- The adults involved: the minimum needed, and for a victim what police
-- recorded about contacting them safely (Operation Provide).
CREATE TABLE da_incident_adults (
	id INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES da_incidents (id),
	position INTEGER NOT NULL,             -- order as sent, from 1
	name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('victim', 'suspect', 'other')),
	date_of_birth TEXT,
	contact_phone TEXT,
	safe_to_call INTEGER CHECK (safe_to_call IN (0, 1)),
	safe_to_leave_message INTEGER CHECK (safe_to_leave_message IN (0, 1)),
	safe_times TEXT,                       -- e.g. 'weekdays 10:00-14:00 only'
	safe_number TEXT,                      -- a number that is safe to use, if not contact_phone
	UNIQUE (incident_id, position)
) STRICT;

-- The children related to the adults, as police recorded them, and the
-- register child and setting each was matched to.
CREATE TABLE da_incident_children (
	id INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES da_incidents (id),
	position INTEGER NOT NULL,             -- order as sent, from 1
	given_name TEXT NOT NULL,
	family_name TEXT NOT NULL,
	date_of_birth TEXT,
	setting_name TEXT,                     -- the school as police recorded it, if they did
	setting_urn INTEGER,                   -- its URN, if police know it
	present INTEGER NOT NULL CHECK (present IN (0, 1)),
	where_during TEXT,                     -- where the child was during the incident
	spoken_to INTEGER NOT NULL CHECK (spoken_to IN (0, 1)),
	child_said TEXT,                       -- what the child said, if spoken to
	-- matching: 'unresolved' waits in the resolution queue; nothing is dropped silently
	match_status TEXT NOT NULL DEFAULT 'unresolved'
		CHECK (match_status IN ('unresolved', 'matched', 'resolved', 'home_educated', 'not_notifiable')),
	match_note TEXT,                       -- why unresolved, or why not notifiable (e.g. not of school age)
	child_id INTEGER REFERENCES children (id),
	setting_agency_id INTEGER REFERENCES agencies (id),
	resolved_by INTEGER REFERENCES users (id),
	resolved_at TEXT,
	UNIQUE (incident_id, position)
) STRICT;
CREATE INDEX da_incident_children_unresolved ON da_incident_children (match_status, incident_id);

-- School terms per local authority (imported): a weekday that is not a bank
-- holiday is a school day if it falls within a term of the setting's local
-- authority, or if that authority has no terms listed for the date's year.
CREATE TABLE school_terms (
	la_code INTEGER NOT NULL REFERENCES local_authorities (code),
	first_day TEXT NOT NULL,
	last_day TEXT NOT NULL,
	name TEXT NOT NULL,                    -- e.g. 'Autumn 2026 first half'
	PRIMARY KEY (la_code, first_day),
	CHECK (last_day >= first_day)
) STRICT;
