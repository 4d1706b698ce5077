-- 0149_encompass_figure_delays_kept.sql — 0137's delays from each incident to
-- its schools' acknowledgements (Operation Encompass's figures, issue 11,
-- point 4) kept by triggers in the same transaction as the change: a
-- notification made, acknowledged, changed or deleted; an incident's time or
-- area corrected; a child moved to another incident. A notification counts
-- as the figures count it (0145). An incident is recorded with no
-- notifications and deleted after them, so neither adds a delay. The upserts
-- only add and take off: 0137's triggers delete a delay that comes to count
-- nothing and keep the hours.

-- A notification made, changed (acknowledged, its times, its child) or deleted: the delay it counted
-- comes off, the one it counts now goes on.
CREATE TRIGGER encompass_delays_on_notify AFTER INSERT ON encompass_notifications
BEGIN
	INSERT INTO encompass_figure_delays (la_code, hour, day, late, seconds, n)
	SELECT i.la_code, (unixepoch(NEW.acknowledged_at) - unixepoch(i.occurred_at)) / 3600, date(i.occurred_at),
	       strftime('%H', i.occurred_at) = '23', unixepoch(NEW.acknowledged_at) - unixepoch(i.occurred_at), 1
	FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id
	WHERE c.id = NEW.incident_child_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(NEW.created_at) IS NOT NULL
		AND unixepoch(NEW.due_at) IS NOT NULL AND unixepoch(NEW.acknowledged_at) IS NOT NULL
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER encompass_delays_on_notification_change
AFTER UPDATE OF incident_child_id, created_at, due_at, acknowledged_at ON encompass_notifications
BEGIN
	INSERT INTO encompass_figure_delays (la_code, hour, day, late, seconds, n)
	SELECT i.la_code, (unixepoch(OLD.acknowledged_at) - unixepoch(i.occurred_at)) / 3600, date(i.occurred_at),
	       strftime('%H', i.occurred_at) = '23', unixepoch(OLD.acknowledged_at) - unixepoch(i.occurred_at), -1
	FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id
	WHERE c.id = OLD.incident_child_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(OLD.created_at) IS NOT NULL
		AND unixepoch(OLD.due_at) IS NOT NULL AND unixepoch(OLD.acknowledged_at) IS NOT NULL
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	INSERT INTO encompass_figure_delays (la_code, hour, day, late, seconds, n)
	SELECT i.la_code, (unixepoch(NEW.acknowledged_at) - unixepoch(i.occurred_at)) / 3600, date(i.occurred_at),
	       strftime('%H', i.occurred_at) = '23', unixepoch(NEW.acknowledged_at) - unixepoch(i.occurred_at), 1
	FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id
	WHERE c.id = NEW.incident_child_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(NEW.created_at) IS NOT NULL
		AND unixepoch(NEW.due_at) IS NOT NULL AND unixepoch(NEW.acknowledged_at) IS NOT NULL
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER encompass_delays_on_notification_delete AFTER DELETE ON encompass_notifications
BEGIN
	INSERT INTO encompass_figure_delays (la_code, hour, day, late, seconds, n)
	SELECT i.la_code, (unixepoch(OLD.acknowledged_at) - unixepoch(i.occurred_at)) / 3600, date(i.occurred_at),
	       strftime('%H', i.occurred_at) = '23', unixepoch(OLD.acknowledged_at) - unixepoch(i.occurred_at), -1
	FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id
	WHERE c.id = OLD.incident_child_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(OLD.created_at) IS NOT NULL
		AND unixepoch(OLD.due_at) IS NOT NULL AND unixepoch(OLD.acknowledged_at) IS NOT NULL
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- An incident's time or area corrected: every delay of its notifications moves (and changes length).
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

-- A child moved to another incident: its notifications' delays move with it.
CREATE TRIGGER encompass_delays_on_child_move AFTER UPDATE OF incident_id ON da_incident_children
BEGIN
	INSERT INTO encompass_figure_delays (la_code, hour, day, late, seconds, n)
	SELECT i.la_code, (unixepoch(n.acknowledged_at) - unixepoch(i.occurred_at)) / 3600, date(i.occurred_at),
	       strftime('%H', i.occurred_at) = '23', unixepoch(n.acknowledged_at) - unixepoch(i.occurred_at), -count(*)
	FROM da_incidents i JOIN encompass_notifications n ON n.incident_child_id = OLD.id
	WHERE i.id = OLD.incident_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(n.created_at) IS NOT NULL
		AND unixepoch(n.due_at) IS NOT NULL AND unixepoch(n.acknowledged_at) IS NOT NULL
	GROUP BY 5
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	INSERT INTO encompass_figure_delays (la_code, hour, day, late, seconds, n)
	SELECT i.la_code, (unixepoch(n.acknowledged_at) - unixepoch(i.occurred_at)) / 3600, date(i.occurred_at),
	       strftime('%H', i.occurred_at) = '23', unixepoch(n.acknowledged_at) - unixepoch(i.occurred_at), count(*)
	FROM da_incidents i JOIN encompass_notifications n ON n.incident_child_id = NEW.id
	WHERE i.id = NEW.incident_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(n.created_at) IS NOT NULL
		AND unixepoch(n.due_at) IS NOT NULL AND unixepoch(n.acknowledged_at) IS NOT NULL
	GROUP BY 5
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
