-- 0012_settings.sql — schools, colleges and early years settings: the
-- agencies the DfE lists in "Get Information about Schools" (GIAS), with
-- what Operation Encompass needs of them. A setting's Key Adults are the
-- users with the dsl role in its agency; no table is needed for them.
CREATE TABLE settings (
	agency_id INTEGER PRIMARY KEY REFERENCES agencies (id),
	urn INTEGER NOT NULL UNIQUE CHECK (urn BETWEEN 100000 AND 999999), -- the DfE unique reference number
	establishment_type TEXT NOT NULL,      -- GIAS "TypeOfEstablishment (name)", e.g. 'Community school'
	phase TEXT NOT NULL,                   -- GIAS "PhaseOfEducation (name)", e.g. 'Primary'
	status TEXT NOT NULL,                  -- GIAS "EstablishmentStatus (name)", e.g. 'Open'
	low_age INTEGER CHECK (low_age BETWEEN 0 AND 99),   -- GIAS StatutoryLowAge
	high_age INTEGER CHECK (high_age BETWEEN 0 AND 99), -- GIAS StatutoryHighAge
	postcode TEXT,
	-- when the school day starts (local time, HH:MM): Encompass notifications are due before it
	school_day_start TEXT NOT NULL DEFAULT '08:45'
		CHECK (school_day_start GLOB '[0-2][0-9]:[0-5][0-9]' AND school_day_start < '24:00'),
	updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX settings_by_postcode ON settings (postcode);
