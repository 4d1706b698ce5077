-- 0147_provide_figure_hours.sql — the second level of Operation Provide's
-- figure aggregates, so a year's figures read tens of thousands of rows, not
-- a row per referral (issue 11, point 4; 0136 made the first level).
--
--   provide_figure_wait_hours  the waits of 0136's provide_figure_waits counted
--                              per area, UTC day, "late" and whole hour
--                              (seconds / 3600): a median is found by hour
--                              from these, and only the hour holding it is
--                              read to the second from provide_figure_waits,
--                              so the medians stay exact to the second
--   provide_not_referred       the victims whose incident has no referral for
--                              them, per area, UTC day, "late" and risk level
--                              (the figures' "victims not referred": which
--                              levels count is da_settings' rule, read when
--                              the figures are, so the rule may change)
--
-- Each is kept by triggers in the same transaction as the change: the hours
-- by triggers on provide_figure_waits itself (whatever moves a wait moves its
-- hour), the victims by triggers on the victims, the referrals and the
-- incidents' time, area and risk. Rows that come to count nothing are deleted.
-- Incidents are never deleted while they have adults (the adults reference
-- them), so an incident's deletion has nothing to take off.
CREATE TABLE provide_figure_wait_hours (
	la_code INTEGER NOT NULL,
	day TEXT NOT NULL,
	late INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('attempt', 'contact')),
	hour INTEGER NOT NULL, -- the waits from hour*3600 to hour*3600 + 3599 seconds
	n INTEGER NOT NULL,
	PRIMARY KEY (la_code, day, late, kind, hour)
) STRICT, WITHOUT ROWID;

INSERT INTO provide_figure_wait_hours (la_code, day, late, kind, hour, n)
SELECT la_code, day, late, kind, seconds / 3600, sum(n) FROM provide_figure_waits GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER provide_wait_hours_on_insert AFTER INSERT ON provide_figure_waits
BEGIN
	INSERT INTO provide_figure_wait_hours (la_code, day, late, kind, hour, n)
	VALUES (NEW.la_code, NEW.day, NEW.late, NEW.kind, NEW.seconds / 3600, NEW.n)
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	DELETE FROM provide_figure_wait_hours WHERE n = 0 AND la_code = NEW.la_code AND day = NEW.day
		AND late = NEW.late AND kind = NEW.kind AND hour = NEW.seconds / 3600;
END;

-- 0136's upserts add to a wait's n (an UPDATE); its clean-up deletes the rows counting nothing
CREATE TRIGGER provide_wait_hours_on_update AFTER UPDATE ON provide_figure_waits
BEGIN
	INSERT INTO provide_figure_wait_hours (la_code, day, late, kind, hour, n)
	VALUES (OLD.la_code, OLD.day, OLD.late, OLD.kind, OLD.seconds / 3600, -OLD.n)
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	INSERT INTO provide_figure_wait_hours (la_code, day, late, kind, hour, n)
	VALUES (NEW.la_code, NEW.day, NEW.late, NEW.kind, NEW.seconds / 3600, NEW.n)
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	DELETE FROM provide_figure_wait_hours WHERE n = 0 AND la_code = OLD.la_code AND day = OLD.day
		AND late = OLD.late AND kind = OLD.kind AND hour = OLD.seconds / 3600;
	DELETE FROM provide_figure_wait_hours WHERE n = 0 AND la_code = NEW.la_code AND day = NEW.day
		AND late = NEW.late AND kind = NEW.kind AND hour = NEW.seconds / 3600;
END;

CREATE TRIGGER provide_wait_hours_on_delete AFTER DELETE ON provide_figure_waits
BEGIN
	INSERT INTO provide_figure_wait_hours (la_code, day, late, kind, hour, n)
	VALUES (OLD.la_code, OLD.day, OLD.late, OLD.kind, OLD.seconds / 3600, -OLD.n)
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	DELETE FROM provide_figure_wait_hours WHERE n = 0 AND la_code = OLD.la_code AND day = OLD.day
		AND late = OLD.late AND kind = OLD.kind AND hour = OLD.seconds / 3600;
END;

CREATE TABLE provide_not_referred (
	la_code INTEGER NOT NULL,
	day TEXT NOT NULL,     -- the incident's UTC date
	late INTEGER NOT NULL, -- 1: the incident was at 23:xx UTC
	risk_level TEXT NOT NULL,
	victims INTEGER NOT NULL,
	PRIMARY KEY (la_code, day, late, risk_level)
) STRICT, WITHOUT ROWID;

INSERT INTO provide_not_referred (la_code, day, late, risk_level, victims)
SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', i.risk_level, count(*)
FROM da_incidents i JOIN da_incident_adults a ON a.incident_id = i.id AND a.role = 'victim'
WHERE unixepoch(i.occurred_at) IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = a.id)
GROUP BY 1, 2, 3, 4;

-- A victim added, removed or changed: it counts while it has no referral.
CREATE TRIGGER provide_not_referred_on_adult AFTER INSERT ON da_incident_adults WHEN NEW.role = 'victim'
BEGIN
	INSERT INTO provide_not_referred (la_code, day, late, risk_level, victims)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', i.risk_level, 1
	FROM da_incidents i WHERE i.id = NEW.incident_id AND unixepoch(i.occurred_at) IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = NEW.id)
	ON CONFLICT DO UPDATE SET victims = victims + excluded.victims;
END;

CREATE TRIGGER provide_not_referred_on_adult_gone AFTER DELETE ON da_incident_adults WHEN OLD.role = 'victim'
BEGIN
	INSERT INTO provide_not_referred (la_code, day, late, risk_level, victims)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', i.risk_level, -1
	FROM da_incidents i WHERE i.id = OLD.incident_id AND unixepoch(i.occurred_at) IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = OLD.id)
	ON CONFLICT DO UPDATE SET victims = victims + excluded.victims;
	DELETE FROM provide_not_referred WHERE victims = 0 AND (la_code, day, late, risk_level) IN
		(SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', i.risk_level FROM da_incidents i WHERE i.id = OLD.incident_id);
END;

CREATE TRIGGER provide_not_referred_on_adult_change AFTER UPDATE OF role, incident_id ON da_incident_adults
BEGIN
	INSERT INTO provide_not_referred (la_code, day, late, risk_level, victims)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', i.risk_level, -1
	FROM da_incidents i WHERE OLD.role = 'victim' AND i.id = OLD.incident_id AND unixepoch(i.occurred_at) IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = OLD.id)
	ON CONFLICT DO UPDATE SET victims = victims + excluded.victims;
	INSERT INTO provide_not_referred (la_code, day, late, risk_level, victims)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', i.risk_level, 1
	FROM da_incidents i WHERE NEW.role = 'victim' AND i.id = NEW.incident_id AND unixepoch(i.occurred_at) IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = NEW.id)
	ON CONFLICT DO UPDATE SET victims = victims + excluded.victims;
	DELETE FROM provide_not_referred WHERE victims = 0 AND (la_code, day, late, risk_level) IN
		(SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', i.risk_level FROM da_incidents i WHERE i.id = OLD.incident_id);
END;

-- A referral made, deleted or moved to another victim: that victim stops (starts) counting.
CREATE TRIGGER provide_not_referred_on_refer AFTER INSERT ON idva_referrals
BEGIN
	INSERT INTO provide_not_referred (la_code, day, late, risk_level, victims)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', i.risk_level, -1
	FROM da_incident_adults a JOIN da_incidents i ON i.id = a.incident_id
	WHERE a.id = NEW.victim_adult_id AND a.role = 'victim' AND unixepoch(i.occurred_at) IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = a.id AND r.id <> NEW.id)
	ON CONFLICT DO UPDATE SET victims = victims + excluded.victims;
	DELETE FROM provide_not_referred WHERE victims = 0 AND (la_code, day, late, risk_level) IN
		(SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', i.risk_level FROM da_incident_adults a JOIN da_incidents i ON i.id = a.incident_id WHERE a.id = NEW.victim_adult_id);
END;

CREATE TRIGGER provide_not_referred_on_referral_gone AFTER DELETE ON idva_referrals
BEGIN
	INSERT INTO provide_not_referred (la_code, day, late, risk_level, victims)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', i.risk_level, 1
	FROM da_incident_adults a JOIN da_incidents i ON i.id = a.incident_id
	WHERE a.id = OLD.victim_adult_id AND a.role = 'victim' AND unixepoch(i.occurred_at) IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = a.id)
	ON CONFLICT DO UPDATE SET victims = victims + excluded.victims;
END;

CREATE TRIGGER provide_not_referred_on_referral_moved AFTER UPDATE OF victim_adult_id ON idva_referrals
BEGIN
	INSERT INTO provide_not_referred (la_code, day, late, risk_level, victims)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', i.risk_level, 1
	FROM da_incident_adults a JOIN da_incidents i ON i.id = a.incident_id
	WHERE a.id = OLD.victim_adult_id AND a.role = 'victim' AND unixepoch(i.occurred_at) IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = a.id)
	ON CONFLICT DO UPDATE SET victims = victims + excluded.victims;
	INSERT INTO provide_not_referred (la_code, day, late, risk_level, victims)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', i.risk_level, -1
	FROM da_incident_adults a JOIN da_incidents i ON i.id = a.incident_id
	WHERE a.id = NEW.victim_adult_id AND a.role = 'victim' AND unixepoch(i.occurred_at) IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = a.id AND r.id <> NEW.id)
	ON CONFLICT DO UPDATE SET victims = victims + excluded.victims;
	DELETE FROM provide_not_referred WHERE victims = 0 AND (la_code, day, late, risk_level) IN
		(SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', i.risk_level FROM da_incident_adults a JOIN da_incidents i ON i.id = a.incident_id WHERE a.id = NEW.victim_adult_id);
END;

-- An incident's time, area or risk corrected: its victims not referred move.
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
