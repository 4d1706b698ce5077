-- 0181_incidents_per_force.pg.sql — PostgreSQL's twin of
-- 0181_incidents_per_force.sql (read it for why): the sending force's
-- column, filled from each incident's recording user, and the police
-- reference unique per force. PostgreSQL drops a UNIQUE in place, so the
-- table and its triggers stay as they are.
ALTER TABLE da_incidents ADD COLUMN police_agency_id bigint REFERENCES agencies (id);
UPDATE da_incidents i SET police_agency_id = a.id FROM users u JOIN agencies a ON a.id = u.agency_id
	WHERE u.id = i.recorded_by AND a.type = 'police';
ALTER TABLE da_incidents DROP CONSTRAINT da_incidents_police_reference_key;
CREATE UNIQUE INDEX da_incidents_by_reference ON da_incidents (police_reference, police_agency_id);
CREATE INDEX da_incidents_by_force ON da_incidents (police_agency_id, occurred_at, id);
