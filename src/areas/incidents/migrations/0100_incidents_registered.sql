-- haven: foreign keys off
-- 0100_incidents_registered.sql — a child the police identified and the
-- register did not hold is added to the register from the police's details
-- and notified at once ('registered'), and a child still waiting for a
-- person carries the deadline its notification would have (waiting_due_at),
-- so the wait counts down and escalates before it.
--
-- A CHECK constraint cannot be changed in place, so da_incident_children is
-- rebuilt (SQLite's procedure: new table, copy, drop, rename) with foreign
-- keys off (the first line); the ids are copied unchanged, so every
-- notification still points at the same child row.
CREATE TABLE da_incident_children_new (
	id INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES da_incidents (id),
	position INTEGER NOT NULL,
	given_name TEXT NOT NULL,
	family_name TEXT NOT NULL,
	date_of_birth TEXT,
	setting_name TEXT,
	setting_urn INTEGER,
	present INTEGER NOT NULL CHECK (present IN (0, 1)),
	where_during TEXT,
	spoken_to INTEGER NOT NULL CHECK (spoken_to IN (0, 1)),
	child_said TEXT,
	-- 'registered': no register candidate, so Haven added the child from the police's details
	match_status TEXT NOT NULL DEFAULT 'unresolved'
		CHECK (match_status IN ('unresolved', 'matched', 'registered', 'resolved', 'home_educated',
		                        'not_notifiable')),
	match_note TEXT,
	child_id INTEGER REFERENCES children (id),
	setting_agency_id INTEGER REFERENCES agencies (id),
	resolved_by INTEGER REFERENCES users (id),
	resolved_at TEXT,
	waiting_due_at TEXT,                   -- UTC: when its notification would be due, while it waits
	UNIQUE (incident_id, position)
) STRICT;

INSERT INTO da_incident_children_new (id, incident_id, position, given_name, family_name, date_of_birth,
	setting_name, setting_urn, present, where_during, spoken_to, child_said, match_status, match_note,
	child_id, setting_agency_id, resolved_by, resolved_at)
	SELECT id, incident_id, position, given_name, family_name, date_of_birth, setting_name, setting_urn,
	       present, where_during, spoken_to, child_said, match_status, match_note, child_id,
	       setting_agency_id, resolved_by, resolved_at
	FROM da_incident_children;
DROP TABLE da_incident_children;
ALTER TABLE da_incident_children_new RENAME TO da_incident_children;

CREATE INDEX da_incident_children_unresolved ON da_incident_children (match_status, incident_id);
CREATE INDEX da_incident_children_waiting ON da_incident_children (id) WHERE match_status = 'unresolved';

-- Escalations of a child still waiting to be matched near its deadline: one row per child at most,
-- written in the same unit of work as the emails to the front door and the police.
CREATE TABLE da_waiting_escalations (
	incident_child_id INTEGER PRIMARY KEY REFERENCES da_incident_children (id),
	escalated_at TEXT NOT NULL
) STRICT;
