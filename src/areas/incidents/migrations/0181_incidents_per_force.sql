-- haven: foreign keys off
-- 0181_incidents_per_force.sql — an incident belongs to the police force
-- that sent it (police_agency_id, the recording user's police agency), and
-- its police reference is unique per force, not across the partnership: on
-- a regional hub two forces may each number an incident 2026-000777, and
-- one force's reference never blocks another's incident (issue: a second
-- force's reference refused the first force's genuine incident, 409, so no
-- Encompass notification reached the school). The force is also whose
-- police see the incident (the relationship "da_incident").
--
-- SQLite cannot drop a column's UNIQUE in place, so da_incidents is rebuilt
-- (new table, copy, drop, rename; ids unchanged, so every child, adult,
-- referral and notification still points at its incident) with foreign keys
-- off (the first line). The rename is made with legacy_alter_table on: other
-- tables' triggers name da_incidents, which is missing between the drop and
-- the rename, and the modern rename would refuse them. Dropping the old
-- table drops its indexes and the figures triggers on it (encompass's 0145
-- and 0149, provide's 0136 and 0147), so each is made again below exactly as
-- it stands, after the copy (the copy must not count the incidents again).
CREATE TABLE da_incidents_new (
	id INTEGER PRIMARY KEY,
	police_reference TEXT NOT NULL,        -- the force's own reference: a resend with it never duplicates
	occurred_at TEXT NOT NULL,
	location TEXT NOT NULL,
	la_code INTEGER NOT NULL REFERENCES local_authorities (code),
	risk_level TEXT NOT NULL CHECK (risk_level IN ('standard', 'medium', 'high')), -- DASH
	circumstances TEXT NOT NULL,           -- brief
	source TEXT NOT NULL CHECK (source IN ('web', 'api', 'import')),
	recorded_by INTEGER REFERENCES users (id), -- NULL for haven import incidents
	received_at TEXT NOT NULL,
	content_hash TEXT NOT NULL,            -- of the incident as sent, so a resend can be told from a change
	police_agency_id INTEGER REFERENCES agencies (id) -- the force that sent it; NULL for an import
) STRICT;

INSERT INTO da_incidents_new (id, police_reference, occurred_at, location, la_code, risk_level, circumstances,
	source, recorded_by, received_at, content_hash, police_agency_id)
	SELECT i.id, i.police_reference, i.occurred_at, i.location, i.la_code, i.risk_level, i.circumstances,
	       i.source, i.recorded_by, i.received_at, i.content_hash,
	       (SELECT a.id FROM users u JOIN agencies a ON a.id = u.agency_id
	        WHERE u.id = i.recorded_by AND a.type = 'police')
	FROM da_incidents i;
DROP TABLE da_incidents;
PRAGMA legacy_alter_table = ON;
ALTER TABLE da_incidents_new RENAME TO da_incidents;
PRAGMA legacy_alter_table = OFF;

-- one reference per force; an import's (no force) are told apart by the intake alone
CREATE UNIQUE INDEX da_incidents_by_reference ON da_incidents (police_reference, police_agency_id);
CREATE INDEX da_incidents_by_area ON da_incidents (la_code, occurred_at);
CREATE INDEX da_incidents_by_time ON da_incidents (occurred_at, id);
CREATE INDEX da_incidents_by_household ON da_incidents (la_code, lower(trim(location)), occurred_at);
-- a force's own incidents, newest first (its police's list)
CREATE INDEX da_incidents_by_force ON da_incidents (police_agency_id, occurred_at, id);

-- provide_figures_on_incident: as provide's 0136 made it
CREATE TRIGGER provide_figures_on_incident AFTER UPDATE OF occurred_at, la_code ON da_incidents
BEGIN
	INSERT INTO provide_figure_counts (la_code, day, late, referrals, attempted, contacted, closed, engaged, made_safer, engaged_with_investigation)
	SELECT OLD.la_code, date(OLD.occurred_at), strftime('%H', OLD.occurred_at) = '23',
	       -1,
	       -1 * coalesce(unixepoch(r.first_attempt_at) - unixepoch(OLD.occurred_at) >= 0, 0),
	       -1 * coalesce(unixepoch(r.first_contact_at) - unixepoch(OLD.occurred_at) >= 0, 0),
	       -1 * (r.closed_at IS NOT NULL),
	       -1 * coalesce(r.closed_at IS NOT NULL AND r.outcome = 'engaged', 0),
	       -1 * coalesce(r.closed_at IS NOT NULL AND r.made_safer = 1, 0),
	       -1 * coalesce(r.closed_at IS NOT NULL AND r.engaged_with_investigation = 1, 0)
	FROM idva_referrals r WHERE r.incident_id = OLD.id AND unixepoch(OLD.occurred_at) IS NOT NULL
	ON CONFLICT DO UPDATE SET referrals = referrals + excluded.referrals, attempted = attempted + excluded.attempted, contacted = contacted + excluded.contacted, closed = closed + excluded.closed, engaged = engaged + excluded.engaged, made_safer = made_safer + excluded.made_safer, engaged_with_investigation = engaged_with_investigation + excluded.engaged_with_investigation;
	INSERT INTO provide_figure_waits (la_code, day, late, kind, seconds, n)
	SELECT OLD.la_code, date(OLD.occurred_at), strftime('%H', OLD.occurred_at) = '23', 'attempt', unixepoch(r.first_attempt_at) - unixepoch(OLD.occurred_at), -1
	FROM idva_referrals r WHERE r.incident_id = OLD.id AND unixepoch(OLD.occurred_at) IS NOT NULL AND unixepoch(r.first_attempt_at) - unixepoch(OLD.occurred_at) >= 0
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	INSERT INTO provide_figure_waits (la_code, day, late, kind, seconds, n)
	SELECT OLD.la_code, date(OLD.occurred_at), strftime('%H', OLD.occurred_at) = '23', 'contact', unixepoch(r.first_contact_at) - unixepoch(OLD.occurred_at), -1
	FROM idva_referrals r WHERE r.incident_id = OLD.id AND unixepoch(OLD.occurred_at) IS NOT NULL AND unixepoch(r.first_contact_at) - unixepoch(OLD.occurred_at) >= 0
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	DELETE FROM provide_figure_counts WHERE referrals = 0 AND (la_code, day, late) IN
		(SELECT OLD.la_code, date(OLD.occurred_at), strftime('%H', OLD.occurred_at) = '23' FROM idva_referrals r WHERE r.incident_id = OLD.id);
	DELETE FROM provide_figure_waits WHERE n = 0 AND (la_code, day, late) IN
		(SELECT OLD.la_code, date(OLD.occurred_at), strftime('%H', OLD.occurred_at) = '23' FROM idva_referrals r WHERE r.incident_id = OLD.id);
	INSERT INTO provide_figure_counts (la_code, day, late, referrals, attempted, contacted, closed, engaged, made_safer, engaged_with_investigation)
	SELECT NEW.la_code, date(NEW.occurred_at), strftime('%H', NEW.occurred_at) = '23',
	       1,
	       1 * coalesce(unixepoch(r.first_attempt_at) - unixepoch(NEW.occurred_at) >= 0, 0),
	       1 * coalesce(unixepoch(r.first_contact_at) - unixepoch(NEW.occurred_at) >= 0, 0),
	       1 * (r.closed_at IS NOT NULL),
	       1 * coalesce(r.closed_at IS NOT NULL AND r.outcome = 'engaged', 0),
	       1 * coalesce(r.closed_at IS NOT NULL AND r.made_safer = 1, 0),
	       1 * coalesce(r.closed_at IS NOT NULL AND r.engaged_with_investigation = 1, 0)
	FROM idva_referrals r WHERE r.incident_id = NEW.id AND unixepoch(NEW.occurred_at) IS NOT NULL
	ON CONFLICT DO UPDATE SET referrals = referrals + excluded.referrals, attempted = attempted + excluded.attempted, contacted = contacted + excluded.contacted, closed = closed + excluded.closed, engaged = engaged + excluded.engaged, made_safer = made_safer + excluded.made_safer, engaged_with_investigation = engaged_with_investigation + excluded.engaged_with_investigation;
	INSERT INTO provide_figure_waits (la_code, day, late, kind, seconds, n)
	SELECT NEW.la_code, date(NEW.occurred_at), strftime('%H', NEW.occurred_at) = '23', 'attempt', unixepoch(r.first_attempt_at) - unixepoch(NEW.occurred_at), 1
	FROM idva_referrals r WHERE r.incident_id = NEW.id AND unixepoch(NEW.occurred_at) IS NOT NULL AND unixepoch(r.first_attempt_at) - unixepoch(NEW.occurred_at) >= 0
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	INSERT INTO provide_figure_waits (la_code, day, late, kind, seconds, n)
	SELECT NEW.la_code, date(NEW.occurred_at), strftime('%H', NEW.occurred_at) = '23', 'contact', unixepoch(r.first_contact_at) - unixepoch(NEW.occurred_at), 1
	FROM idva_referrals r WHERE r.incident_id = NEW.id AND unixepoch(NEW.occurred_at) IS NOT NULL AND unixepoch(r.first_contact_at) - unixepoch(NEW.occurred_at) >= 0
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
-- encompass_figures_on_incident, _delete, _change: as encompass's 0145 made them
CREATE TRIGGER encompass_figures_on_incident AFTER INSERT ON da_incidents
BEGIN
	INSERT INTO encompass_figure_counts (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time)
	SELECT NEW.la_code, date(NEW.occurred_at), strftime('%H', NEW.occurred_at) = '23', 1, 0, 0, 0, 0 WHERE unixepoch(NEW.occurred_at) IS NOT NULL
	ON CONFLICT (la_code, day, late) DO UPDATE SET incidents = incidents + excluded.incidents, notifications = notifications + excluded.notifications,
		delivered_on_time = delivered_on_time + excluded.delivered_on_time, acknowledged = acknowledged + excluded.acknowledged,
		acknowledged_on_time = acknowledged_on_time + excluded.acknowledged_on_time;
END;
CREATE TRIGGER encompass_figures_on_incident_delete AFTER DELETE ON da_incidents
BEGIN
	INSERT INTO encompass_figure_counts (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time)
	SELECT OLD.la_code, date(OLD.occurred_at), strftime('%H', OLD.occurred_at) = '23', -1, 0, 0, 0, 0 WHERE unixepoch(OLD.occurred_at) IS NOT NULL
	ON CONFLICT (la_code, day, late) DO UPDATE SET incidents = incidents + excluded.incidents, notifications = notifications + excluded.notifications,
		delivered_on_time = delivered_on_time + excluded.delivered_on_time, acknowledged = acknowledged + excluded.acknowledged,
		acknowledged_on_time = acknowledged_on_time + excluded.acknowledged_on_time;
	DELETE FROM encompass_figure_counts WHERE incidents = 0 AND notifications = 0
		AND la_code = OLD.la_code AND day = date(OLD.occurred_at) AND late = (strftime('%H', OLD.occurred_at) = '23');
END;
CREATE TRIGGER encompass_figures_on_incident_change AFTER UPDATE OF occurred_at, la_code ON da_incidents
BEGIN
	INSERT INTO encompass_figure_counts (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time)
	SELECT OLD.la_code, date(OLD.occurred_at), strftime('%H', OLD.occurred_at) = '23', -1, 0, 0, 0, 0 WHERE unixepoch(OLD.occurred_at) IS NOT NULL
	ON CONFLICT (la_code, day, late) DO UPDATE SET incidents = incidents + excluded.incidents, notifications = notifications + excluded.notifications,
		delivered_on_time = delivered_on_time + excluded.delivered_on_time, acknowledged = acknowledged + excluded.acknowledged,
		acknowledged_on_time = acknowledged_on_time + excluded.acknowledged_on_time;
	INSERT INTO encompass_figure_counts (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time)
	SELECT OLD.la_code, date(OLD.occurred_at), strftime('%H', OLD.occurred_at) = '23', 0, -1 * count(*), -1 * sum(coalesce(unixepoch(n.created_at) <= unixepoch(n.due_at), 0)),
	       -1 * sum(unixepoch(n.acknowledged_at) IS NOT NULL), -1 * sum(coalesce(unixepoch(n.acknowledged_at) <= unixepoch(n.due_at), 0))
	FROM da_incident_children c JOIN encompass_notifications n ON n.incident_child_id = c.id
	WHERE c.incident_id = OLD.id AND unixepoch(OLD.occurred_at) IS NOT NULL AND unixepoch(n.created_at) IS NOT NULL AND unixepoch(n.due_at) IS NOT NULL
	GROUP BY c.incident_id
	ON CONFLICT (la_code, day, late) DO UPDATE SET incidents = incidents + excluded.incidents, notifications = notifications + excluded.notifications,
		delivered_on_time = delivered_on_time + excluded.delivered_on_time, acknowledged = acknowledged + excluded.acknowledged,
		acknowledged_on_time = acknowledged_on_time + excluded.acknowledged_on_time;
	DELETE FROM encompass_figure_counts WHERE incidents = 0 AND notifications = 0
		AND la_code = OLD.la_code AND day = date(OLD.occurred_at) AND late = (strftime('%H', OLD.occurred_at) = '23');
	INSERT INTO encompass_figure_counts (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time)
	SELECT NEW.la_code, date(NEW.occurred_at), strftime('%H', NEW.occurred_at) = '23', 1, 0, 0, 0, 0 WHERE unixepoch(NEW.occurred_at) IS NOT NULL
	ON CONFLICT (la_code, day, late) DO UPDATE SET incidents = incidents + excluded.incidents, notifications = notifications + excluded.notifications,
		delivered_on_time = delivered_on_time + excluded.delivered_on_time, acknowledged = acknowledged + excluded.acknowledged,
		acknowledged_on_time = acknowledged_on_time + excluded.acknowledged_on_time;
	INSERT INTO encompass_figure_counts (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time)
	SELECT NEW.la_code, date(NEW.occurred_at), strftime('%H', NEW.occurred_at) = '23', 0, 1 * count(*), 1 * sum(coalesce(unixepoch(n.created_at) <= unixepoch(n.due_at), 0)),
	       1 * sum(unixepoch(n.acknowledged_at) IS NOT NULL), 1 * sum(coalesce(unixepoch(n.acknowledged_at) <= unixepoch(n.due_at), 0))
	FROM da_incident_children c JOIN encompass_notifications n ON n.incident_child_id = c.id
	WHERE c.incident_id = NEW.id AND unixepoch(NEW.occurred_at) IS NOT NULL AND unixepoch(n.created_at) IS NOT NULL AND unixepoch(n.due_at) IS NOT NULL
	GROUP BY c.incident_id
	ON CONFLICT (la_code, day, late) DO UPDATE SET incidents = incidents + excluded.incidents, notifications = notifications + excluded.notifications,
		delivered_on_time = delivered_on_time + excluded.delivered_on_time, acknowledged = acknowledged + excluded.acknowledged,
		acknowledged_on_time = acknowledged_on_time + excluded.acknowledged_on_time;
END;
-- provide_not_referred_on_incident: as provide's 0147 made it
CREATE TRIGGER provide_not_referred_on_incident AFTER UPDATE OF occurred_at, la_code, risk_level ON da_incidents
BEGIN
	INSERT INTO provide_not_referred (la_code, day, late, risk_level, victims)
	SELECT OLD.la_code, date(OLD.occurred_at), strftime('%H', OLD.occurred_at) = '23', OLD.risk_level, -count(*)
	FROM da_incident_adults a WHERE a.incident_id = OLD.id AND a.role = 'victim' AND unixepoch(OLD.occurred_at) IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = a.id)
	HAVING count(*) > 0
	ON CONFLICT DO UPDATE SET victims = victims + excluded.victims;
	INSERT INTO provide_not_referred (la_code, day, late, risk_level, victims)
	SELECT NEW.la_code, date(NEW.occurred_at), strftime('%H', NEW.occurred_at) = '23', NEW.risk_level, count(*)
	FROM da_incident_adults a WHERE a.incident_id = NEW.id AND a.role = 'victim' AND unixepoch(NEW.occurred_at) IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = a.id)
	HAVING count(*) > 0
	ON CONFLICT DO UPDATE SET victims = victims + excluded.victims;
	DELETE FROM provide_not_referred WHERE victims = 0 AND la_code = OLD.la_code AND day = date(OLD.occurred_at)
		AND late = (strftime('%H', OLD.occurred_at) = '23') AND risk_level = OLD.risk_level;
END;
-- encompass_delays_on_incident_change: as encompass's 0149 made it
CREATE TRIGGER encompass_delays_on_incident_change AFTER UPDATE OF occurred_at, la_code ON da_incidents
BEGIN
	INSERT INTO encompass_figure_delays (la_code, hour, day, late, seconds, n)
	SELECT OLD.la_code, (unixepoch(n.acknowledged_at) - unixepoch(OLD.occurred_at)) / 3600, date(OLD.occurred_at),
	       strftime('%H', OLD.occurred_at) = '23', unixepoch(n.acknowledged_at) - unixepoch(OLD.occurred_at), -count(*)
	FROM da_incident_children c JOIN encompass_notifications n ON n.incident_child_id = c.id
	WHERE c.incident_id = OLD.id AND unixepoch(OLD.occurred_at) IS NOT NULL AND unixepoch(n.created_at) IS NOT NULL
		AND unixepoch(n.due_at) IS NOT NULL AND unixepoch(n.acknowledged_at) IS NOT NULL
	GROUP BY 5
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	INSERT INTO encompass_figure_delays (la_code, hour, day, late, seconds, n)
	SELECT NEW.la_code, (unixepoch(n.acknowledged_at) - unixepoch(NEW.occurred_at)) / 3600, date(NEW.occurred_at),
	       strftime('%H', NEW.occurred_at) = '23', unixepoch(n.acknowledged_at) - unixepoch(NEW.occurred_at), count(*)
	FROM da_incident_children c JOIN encompass_notifications n ON n.incident_child_id = c.id
	WHERE c.incident_id = NEW.id AND unixepoch(NEW.occurred_at) IS NOT NULL AND unixepoch(n.created_at) IS NOT NULL
		AND unixepoch(n.due_at) IS NOT NULL AND unixepoch(n.acknowledged_at) IS NOT NULL
	GROUP BY 5
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
