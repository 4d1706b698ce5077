-- 0145_encompass_figure_aggregates.sql — Operation Encompass's published
-- figures kept as aggregates, so a year's figures read a few thousand rows
-- rather than every incident and notification of the year (issue 11, point 4).
--
-- As Operation Provide's (0136): kept per local authority area, the incident's
-- UTC day and "late" (the incident at 23:xx UTC, already the next day in
-- England in summer time), so the store finds each row's London day exactly
-- for any period of whole days. Each row counts what the figures count
-- (figures.c): the incidents that occurred then, their notifications (the
-- children's schools told), how many were delivered by the next school day
-- (created_at <= due_at), acknowledged, and acknowledged by then. An incident
-- or notification whose times cannot be read counts nothing, as the figures
-- skip it.
--
-- Kept by the triggers below in the same transaction as the change: an
-- incident recorded, corrected (time or area) or deleted, a notification
-- made, acknowledged, changed or deleted, a child moved to another incident.
-- Rows that come to count nothing are deleted.
CREATE TABLE encompass_figure_counts (
	la_code INTEGER NOT NULL,
	day TEXT NOT NULL,     -- the incident's UTC date
	late INTEGER NOT NULL, -- 1: the incident was at 23:xx UTC
	incidents INTEGER NOT NULL,
	notifications INTEGER NOT NULL,
	delivered_on_time INTEGER NOT NULL,
	acknowledged INTEGER NOT NULL,
	acknowledged_on_time INTEGER NOT NULL,
	PRIMARY KEY (la_code, day, late)
) STRICT, WITHOUT ROWID;

-- What the incidents and notifications already recorded count.
INSERT INTO encompass_figure_counts (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time)
SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', count(*), 0, 0, 0, 0
FROM da_incidents i WHERE unixepoch(i.occurred_at) IS NOT NULL
GROUP BY 1, 2, 3;
INSERT INTO encompass_figure_counts (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time)
SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 0, 1 * count(*), 1 * sum(coalesce(unixepoch(n.created_at) <= unixepoch(n.due_at), 0)),
       1 * sum(unixepoch(n.acknowledged_at) IS NOT NULL), 1 * sum(coalesce(unixepoch(n.acknowledged_at) <= unixepoch(n.due_at), 0))
FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id
JOIN da_incidents i ON i.id = c.incident_id
WHERE unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(n.created_at) IS NOT NULL AND unixepoch(n.due_at) IS NOT NULL
GROUP BY 1, 2, 3
ON CONFLICT (la_code, day, late) DO UPDATE SET incidents = incidents + excluded.incidents, notifications = notifications + excluded.notifications,
delivered_on_time = delivered_on_time + excluded.delivered_on_time, acknowledged = acknowledged + excluded.acknowledged,
acknowledged_on_time = acknowledged_on_time + excluded.acknowledged_on_time;

-- An incident recorded (it has no notifications yet) or deleted (they went first).
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

-- An incident's time or area corrected: it and its notifications move.
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

-- A child moved to another incident: its notifications move with it.
CREATE TRIGGER encompass_figures_on_child_move AFTER UPDATE OF incident_id ON da_incident_children
BEGIN
	INSERT INTO encompass_figure_counts (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 0, -1 * count(*), -1 * sum(coalesce(unixepoch(n.created_at) <= unixepoch(n.due_at), 0)),
	       -1 * sum(unixepoch(n.acknowledged_at) IS NOT NULL), -1 * sum(coalesce(unixepoch(n.acknowledged_at) <= unixepoch(n.due_at), 0))
	FROM da_incidents i JOIN da_incident_children c ON c.id = OLD.id JOIN encompass_notifications n ON n.incident_child_id = c.id
	WHERE i.id = OLD.incident_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(n.created_at) IS NOT NULL AND unixepoch(n.due_at) IS NOT NULL
	GROUP BY c.incident_id
	ON CONFLICT (la_code, day, late) DO UPDATE SET incidents = incidents + excluded.incidents, notifications = notifications + excluded.notifications,
		delivered_on_time = delivered_on_time + excluded.delivered_on_time, acknowledged = acknowledged + excluded.acknowledged,
		acknowledged_on_time = acknowledged_on_time + excluded.acknowledged_on_time;
	DELETE FROM encompass_figure_counts WHERE incidents = 0 AND notifications = 0 AND (la_code, day, late) IN
		(SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23' FROM da_incidents i WHERE i.id = OLD.incident_id);
	INSERT INTO encompass_figure_counts (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 0, 1 * count(*), 1 * sum(coalesce(unixepoch(n.created_at) <= unixepoch(n.due_at), 0)),
	       1 * sum(unixepoch(n.acknowledged_at) IS NOT NULL), 1 * sum(coalesce(unixepoch(n.acknowledged_at) <= unixepoch(n.due_at), 0))
	FROM da_incidents i JOIN da_incident_children c ON c.id = NEW.id JOIN encompass_notifications n ON n.incident_child_id = c.id
	WHERE i.id = NEW.incident_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(n.created_at) IS NOT NULL AND unixepoch(n.due_at) IS NOT NULL
	GROUP BY c.incident_id
	ON CONFLICT (la_code, day, late) DO UPDATE SET incidents = incidents + excluded.incidents, notifications = notifications + excluded.notifications,
		delivered_on_time = delivered_on_time + excluded.delivered_on_time, acknowledged = acknowledged + excluded.acknowledged,
		acknowledged_on_time = acknowledged_on_time + excluded.acknowledged_on_time;
END;

-- A notification made, changed (acknowledged, its times, its child) or deleted: what it counted
-- comes off, what it counts now goes on.
CREATE TRIGGER encompass_figures_on_notify AFTER INSERT ON encompass_notifications
BEGIN
	INSERT INTO encompass_figure_counts (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 0, 1, 1 * coalesce(unixepoch(NEW.created_at) <= unixepoch(NEW.due_at), 0),
	       1 * (unixepoch(NEW.acknowledged_at) IS NOT NULL), 1 * coalesce(unixepoch(NEW.acknowledged_at) <= unixepoch(NEW.due_at), 0)
	FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id
	WHERE c.id = NEW.incident_child_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(NEW.created_at) IS NOT NULL AND unixepoch(NEW.due_at) IS NOT NULL
	ON CONFLICT (la_code, day, late) DO UPDATE SET incidents = incidents + excluded.incidents, notifications = notifications + excluded.notifications,
		delivered_on_time = delivered_on_time + excluded.delivered_on_time, acknowledged = acknowledged + excluded.acknowledged,
		acknowledged_on_time = acknowledged_on_time + excluded.acknowledged_on_time;
END;

CREATE TRIGGER encompass_figures_on_notification_change
AFTER UPDATE OF incident_child_id, created_at, due_at, acknowledged_at ON encompass_notifications
BEGIN
	INSERT INTO encompass_figure_counts (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 0, -1, -1 * coalesce(unixepoch(OLD.created_at) <= unixepoch(OLD.due_at), 0),
	       -1 * (unixepoch(OLD.acknowledged_at) IS NOT NULL), -1 * coalesce(unixepoch(OLD.acknowledged_at) <= unixepoch(OLD.due_at), 0)
	FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id
	WHERE c.id = OLD.incident_child_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(OLD.created_at) IS NOT NULL AND unixepoch(OLD.due_at) IS NOT NULL
	ON CONFLICT (la_code, day, late) DO UPDATE SET incidents = incidents + excluded.incidents, notifications = notifications + excluded.notifications,
		delivered_on_time = delivered_on_time + excluded.delivered_on_time, acknowledged = acknowledged + excluded.acknowledged,
		acknowledged_on_time = acknowledged_on_time + excluded.acknowledged_on_time;
	DELETE FROM encompass_figure_counts WHERE incidents = 0 AND notifications = 0 AND (la_code, day, late) IN
		(SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23' FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id WHERE c.id = OLD.incident_child_id);
	INSERT INTO encompass_figure_counts (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 0, 1, 1 * coalesce(unixepoch(NEW.created_at) <= unixepoch(NEW.due_at), 0),
	       1 * (unixepoch(NEW.acknowledged_at) IS NOT NULL), 1 * coalesce(unixepoch(NEW.acknowledged_at) <= unixepoch(NEW.due_at), 0)
	FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id
	WHERE c.id = NEW.incident_child_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(NEW.created_at) IS NOT NULL AND unixepoch(NEW.due_at) IS NOT NULL
	ON CONFLICT (la_code, day, late) DO UPDATE SET incidents = incidents + excluded.incidents, notifications = notifications + excluded.notifications,
		delivered_on_time = delivered_on_time + excluded.delivered_on_time, acknowledged = acknowledged + excluded.acknowledged,
		acknowledged_on_time = acknowledged_on_time + excluded.acknowledged_on_time;
END;

CREATE TRIGGER encompass_figures_on_notification_delete AFTER DELETE ON encompass_notifications
BEGIN
	INSERT INTO encompass_figure_counts (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged, acknowledged_on_time)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 0, -1, -1 * coalesce(unixepoch(OLD.created_at) <= unixepoch(OLD.due_at), 0),
	       -1 * (unixepoch(OLD.acknowledged_at) IS NOT NULL), -1 * coalesce(unixepoch(OLD.acknowledged_at) <= unixepoch(OLD.due_at), 0)
	FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id
	WHERE c.id = OLD.incident_child_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(OLD.created_at) IS NOT NULL AND unixepoch(OLD.due_at) IS NOT NULL
	ON CONFLICT (la_code, day, late) DO UPDATE SET incidents = incidents + excluded.incidents, notifications = notifications + excluded.notifications,
		delivered_on_time = delivered_on_time + excluded.delivered_on_time, acknowledged = acknowledged + excluded.acknowledged,
		acknowledged_on_time = acknowledged_on_time + excluded.acknowledged_on_time;
	DELETE FROM encompass_figure_counts WHERE incidents = 0 AND notifications = 0 AND (la_code, day, late) IN
		(SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23' FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id WHERE c.id = OLD.incident_child_id);
END;
