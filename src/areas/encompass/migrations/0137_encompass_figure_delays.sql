-- 0137_encompass_figure_delays.sql — the time from each incident to its
-- schools' acknowledgements, kept as counts, so the Operation Encompass
-- figures page finds its medians without reading the period's notifications
-- (issue 11, point 4; 0145 keeps the page's other counts).
--
--   encompass_figure_delays       how many acknowledged notifications of an
--                                 area, UTC day and "late" (as 0145) took
--                                 exactly `seconds` from the incident to the
--                                 acknowledgement, filed under their whole
--                                 hour (seconds / 3600, as SQLite divides:
--                                 towards zero) first, so the seconds of one
--                                 hour over a run of days are one index range
--   encompass_figure_delay_hours  the same counts per whole hour only: a
--                                 median is found by hour from these, and only
--                                 the hour holding it is read to the second
--                                 from encompass_figure_delays, so the medians
--                                 stay exact to the second
--
-- A notification counts as the figures count it (0145): its incident's time,
-- its own creation and due times readable, and acknowledged at a readable
-- time. Here the tables, what the acknowledgements already recorded count,
-- and the hours kept by triggers on the delays themselves (as 0147 does for
-- Operation Provide); 0149 keeps the delays in the same transaction as each
-- change to a notification, an incident or a child. (Two migrations, so the
-- newer adds only triggers on older tables and can be undone by dropping
-- them, as tests/unit/test_store.c's migration test does.) Rows that come to
-- count nothing are deleted (the delays by a trigger of their own).
CREATE TABLE encompass_figure_delays (
	la_code INTEGER NOT NULL,
	hour INTEGER NOT NULL, -- seconds / 3600
	day TEXT NOT NULL,     -- the incident's UTC date
	late INTEGER NOT NULL, -- 1: the incident was at 23:xx UTC
	seconds INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (la_code, hour, day, late, seconds)
) STRICT, WITHOUT ROWID;

CREATE TABLE encompass_figure_delay_hours (
	la_code INTEGER NOT NULL,
	day TEXT NOT NULL,
	late INTEGER NOT NULL,
	hour INTEGER NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (la_code, day, late, hour)
) STRICT, WITHOUT ROWID;

-- What the acknowledgements already recorded count.
INSERT INTO encompass_figure_delays (la_code, hour, day, late, seconds, n)
SELECT i.la_code, (unixepoch(n.acknowledged_at) - unixepoch(i.occurred_at)) / 3600, date(i.occurred_at),
       strftime('%H', i.occurred_at) = '23', unixepoch(n.acknowledged_at) - unixepoch(i.occurred_at), count(*)
FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id
JOIN da_incidents i ON i.id = c.incident_id
WHERE unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(n.created_at) IS NOT NULL AND unixepoch(n.due_at) IS NOT NULL
	AND unixepoch(n.acknowledged_at) IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO encompass_figure_delay_hours (la_code, day, late, hour, n)
SELECT la_code, day, late, hour, sum(n) FROM encompass_figure_delays GROUP BY 1, 2, 3, 4;

-- The hours follow the delays: an upsert adds to a delay's n (an UPDATE), the clean-up deletes it.
CREATE TRIGGER encompass_delay_hours_on_insert AFTER INSERT ON encompass_figure_delays
BEGIN
	INSERT INTO encompass_figure_delay_hours (la_code, day, late, hour, n) VALUES (NEW.la_code, NEW.day, NEW.late, NEW.hour, NEW.n)
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	DELETE FROM encompass_figure_delay_hours WHERE n = 0 AND la_code = NEW.la_code AND day = NEW.day AND late = NEW.late AND hour = NEW.hour;
END;

CREATE TRIGGER encompass_delay_hours_on_update AFTER UPDATE ON encompass_figure_delays
BEGIN
	INSERT INTO encompass_figure_delay_hours (la_code, day, late, hour, n) VALUES (OLD.la_code, OLD.day, OLD.late, OLD.hour, -OLD.n)
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	INSERT INTO encompass_figure_delay_hours (la_code, day, late, hour, n) VALUES (NEW.la_code, NEW.day, NEW.late, NEW.hour, NEW.n)
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	DELETE FROM encompass_figure_delay_hours WHERE n = 0 AND la_code = OLD.la_code AND day = OLD.day AND late = OLD.late AND hour = OLD.hour;
	DELETE FROM encompass_figure_delay_hours WHERE n = 0 AND la_code = NEW.la_code AND day = NEW.day AND late = NEW.late AND hour = NEW.hour;
END;

CREATE TRIGGER encompass_delay_hours_on_delete AFTER DELETE ON encompass_figure_delays
BEGIN
	INSERT INTO encompass_figure_delay_hours (la_code, day, late, hour, n) VALUES (OLD.la_code, OLD.day, OLD.late, OLD.hour, -OLD.n)
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	DELETE FROM encompass_figure_delay_hours WHERE n = 0 AND la_code = OLD.la_code AND day = OLD.day AND late = OLD.late AND hour = OLD.hour;
END;

-- A delay that comes to count nothing goes (the upserts below only add and take off).
CREATE TRIGGER encompass_delays_gone AFTER UPDATE OF n ON encompass_figure_delays WHEN NEW.n = 0
BEGIN
	DELETE FROM encompass_figure_delays
	WHERE la_code = NEW.la_code AND hour = NEW.hour AND day = NEW.day AND late = NEW.late AND seconds = NEW.seconds;
END;
