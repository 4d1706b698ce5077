-- 0136_provide_figure_aggregates.sql — Operation Provide's figures kept as
-- aggregates, so a year's figures read a few thousand rows rather than every
-- referral of the year (issue 11, point 4).
--
-- The figures group referrals by area and by the Europe/London month of the
-- incident, for any period of whole London days. An incident's London day is
-- its UTC day, except in summer time from 23:00 UTC (the next day), so the
-- aggregates are kept per area, UTC day and "late" (the incident at 23:xx
-- UTC): from those the store finds each row's London day exactly, whatever
-- the period. The figures stay exact:
--   provide_figure_counts  the referrals of an area and day, and how many were
--                          attempted, contacted, closed, engaged, made safer
--                          and engaged with an investigation (as rules.c counts)
--   provide_figure_waits   how many referrals waited exactly `seconds` from the
--                          incident to the first attempt (or contact): the
--                          medians come from these counts, not from the rows
-- Kept by the triggers below in the same transaction as the change to a
-- referral (made, an attempt or contact recorded, closed, reopened, deleted)
-- or to its incident's time or area, so every path keeps them true. Rows that
-- come to count nothing are deleted.
CREATE TABLE provide_figure_counts (
	la_code INTEGER NOT NULL,
	day TEXT NOT NULL,     -- the incident's UTC date
	late INTEGER NOT NULL, -- 1: the incident was at 23:xx UTC
	referrals INTEGER NOT NULL,
	attempted INTEGER NOT NULL,
	contacted INTEGER NOT NULL,
	closed INTEGER NOT NULL,
	engaged INTEGER NOT NULL,
	made_safer INTEGER NOT NULL,
	engaged_with_investigation INTEGER NOT NULL,
	PRIMARY KEY (la_code, day, late)
) STRICT, WITHOUT ROWID;

CREATE TABLE provide_figure_waits (
	la_code INTEGER NOT NULL,
	day TEXT NOT NULL,
	late INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('attempt', 'contact')),
	seconds INTEGER NOT NULL, -- from the incident to the first attempt (contact); never negative
	n INTEGER NOT NULL,
	PRIMARY KEY (la_code, day, late, kind, seconds)
) STRICT, WITHOUT ROWID;

-- What the referrals already made count.
INSERT INTO provide_figure_counts (la_code, day, late, referrals, attempted, contacted, closed, engaged, made_safer, engaged_with_investigation)
SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', count(*),
       sum(coalesce(unixepoch(r.first_attempt_at) - unixepoch(i.occurred_at) >= 0, 0)),
       sum(coalesce(unixepoch(r.first_contact_at) - unixepoch(i.occurred_at) >= 0, 0)),
       sum(r.closed_at IS NOT NULL),
       sum(coalesce(r.closed_at IS NOT NULL AND r.outcome = 'engaged', 0)),
       sum(coalesce(r.closed_at IS NOT NULL AND r.made_safer = 1, 0)),
       sum(coalesce(r.closed_at IS NOT NULL AND r.engaged_with_investigation = 1, 0))
FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id WHERE unixepoch(i.occurred_at) IS NOT NULL
GROUP BY 1, 2, 3;
INSERT INTO provide_figure_waits (la_code, day, late, kind, seconds, n)
SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 'attempt', unixepoch(r.first_attempt_at) - unixepoch(i.occurred_at), count(*)
FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id WHERE unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(r.first_attempt_at) - unixepoch(i.occurred_at) >= 0
GROUP BY 1, 2, 3, 5;
INSERT INTO provide_figure_waits (la_code, day, late, kind, seconds, n)
SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 'contact', unixepoch(r.first_contact_at) - unixepoch(i.occurred_at), count(*)
FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id WHERE unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(r.first_contact_at) - unixepoch(i.occurred_at) >= 0
GROUP BY 1, 2, 3, 5;

-- A referral made, changed or deleted: what it counted comes off, what it counts now goes on.
CREATE TRIGGER provide_figures_on_refer AFTER INSERT ON idva_referrals
BEGIN
	INSERT INTO provide_figure_counts (la_code, day, late, referrals, attempted, contacted, closed, engaged, made_safer, engaged_with_investigation)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23',
	       1,
	       1 * coalesce(unixepoch(NEW.first_attempt_at) - unixepoch(i.occurred_at) >= 0, 0),
	       1 * coalesce(unixepoch(NEW.first_contact_at) - unixepoch(i.occurred_at) >= 0, 0),
	       1 * (NEW.closed_at IS NOT NULL),
	       1 * coalesce(NEW.closed_at IS NOT NULL AND NEW.outcome = 'engaged', 0),
	       1 * coalesce(NEW.closed_at IS NOT NULL AND NEW.made_safer = 1, 0),
	       1 * coalesce(NEW.closed_at IS NOT NULL AND NEW.engaged_with_investigation = 1, 0)
	FROM da_incidents i WHERE i.id = NEW.incident_id AND unixepoch(i.occurred_at) IS NOT NULL
	ON CONFLICT DO UPDATE SET referrals = referrals + excluded.referrals, attempted = attempted + excluded.attempted, contacted = contacted + excluded.contacted, closed = closed + excluded.closed, engaged = engaged + excluded.engaged, made_safer = made_safer + excluded.made_safer, engaged_with_investigation = engaged_with_investigation + excluded.engaged_with_investigation;
	INSERT INTO provide_figure_waits (la_code, day, late, kind, seconds, n)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 'attempt', unixepoch(NEW.first_attempt_at) - unixepoch(i.occurred_at), 1
	FROM da_incidents i WHERE i.id = NEW.incident_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(NEW.first_attempt_at) - unixepoch(i.occurred_at) >= 0
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	INSERT INTO provide_figure_waits (la_code, day, late, kind, seconds, n)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 'contact', unixepoch(NEW.first_contact_at) - unixepoch(i.occurred_at), 1
	FROM da_incidents i WHERE i.id = NEW.incident_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(NEW.first_contact_at) - unixepoch(i.occurred_at) >= 0
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER provide_figures_on_change
AFTER UPDATE OF incident_id, first_attempt_at, first_contact_at, outcome, closed_at, made_safer,
engaged_with_investigation ON idva_referrals
BEGIN
	INSERT INTO provide_figure_counts (la_code, day, late, referrals, attempted, contacted, closed, engaged, made_safer, engaged_with_investigation)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23',
	       -1,
	       -1 * coalesce(unixepoch(OLD.first_attempt_at) - unixepoch(i.occurred_at) >= 0, 0),
	       -1 * coalesce(unixepoch(OLD.first_contact_at) - unixepoch(i.occurred_at) >= 0, 0),
	       -1 * (OLD.closed_at IS NOT NULL),
	       -1 * coalesce(OLD.closed_at IS NOT NULL AND OLD.outcome = 'engaged', 0),
	       -1 * coalesce(OLD.closed_at IS NOT NULL AND OLD.made_safer = 1, 0),
	       -1 * coalesce(OLD.closed_at IS NOT NULL AND OLD.engaged_with_investigation = 1, 0)
	FROM da_incidents i WHERE i.id = OLD.incident_id AND unixepoch(i.occurred_at) IS NOT NULL
	ON CONFLICT DO UPDATE SET referrals = referrals + excluded.referrals, attempted = attempted + excluded.attempted, contacted = contacted + excluded.contacted, closed = closed + excluded.closed, engaged = engaged + excluded.engaged, made_safer = made_safer + excluded.made_safer, engaged_with_investigation = engaged_with_investigation + excluded.engaged_with_investigation;
	INSERT INTO provide_figure_waits (la_code, day, late, kind, seconds, n)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 'attempt', unixepoch(OLD.first_attempt_at) - unixepoch(i.occurred_at), -1
	FROM da_incidents i WHERE i.id = OLD.incident_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(OLD.first_attempt_at) - unixepoch(i.occurred_at) >= 0
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	INSERT INTO provide_figure_waits (la_code, day, late, kind, seconds, n)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 'contact', unixepoch(OLD.first_contact_at) - unixepoch(i.occurred_at), -1
	FROM da_incidents i WHERE i.id = OLD.incident_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(OLD.first_contact_at) - unixepoch(i.occurred_at) >= 0
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	DELETE FROM provide_figure_counts WHERE referrals = 0 AND (la_code, day, late) IN
		(SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23' FROM da_incidents i WHERE i.id = OLD.incident_id);
	DELETE FROM provide_figure_waits WHERE n = 0 AND (la_code, day, late) IN
		(SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23' FROM da_incidents i WHERE i.id = OLD.incident_id);
	INSERT INTO provide_figure_counts (la_code, day, late, referrals, attempted, contacted, closed, engaged, made_safer, engaged_with_investigation)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23',
	       1,
	       1 * coalesce(unixepoch(NEW.first_attempt_at) - unixepoch(i.occurred_at) >= 0, 0),
	       1 * coalesce(unixepoch(NEW.first_contact_at) - unixepoch(i.occurred_at) >= 0, 0),
	       1 * (NEW.closed_at IS NOT NULL),
	       1 * coalesce(NEW.closed_at IS NOT NULL AND NEW.outcome = 'engaged', 0),
	       1 * coalesce(NEW.closed_at IS NOT NULL AND NEW.made_safer = 1, 0),
	       1 * coalesce(NEW.closed_at IS NOT NULL AND NEW.engaged_with_investigation = 1, 0)
	FROM da_incidents i WHERE i.id = NEW.incident_id AND unixepoch(i.occurred_at) IS NOT NULL
	ON CONFLICT DO UPDATE SET referrals = referrals + excluded.referrals, attempted = attempted + excluded.attempted, contacted = contacted + excluded.contacted, closed = closed + excluded.closed, engaged = engaged + excluded.engaged, made_safer = made_safer + excluded.made_safer, engaged_with_investigation = engaged_with_investigation + excluded.engaged_with_investigation;
	INSERT INTO provide_figure_waits (la_code, day, late, kind, seconds, n)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 'attempt', unixepoch(NEW.first_attempt_at) - unixepoch(i.occurred_at), 1
	FROM da_incidents i WHERE i.id = NEW.incident_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(NEW.first_attempt_at) - unixepoch(i.occurred_at) >= 0
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	INSERT INTO provide_figure_waits (la_code, day, late, kind, seconds, n)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 'contact', unixepoch(NEW.first_contact_at) - unixepoch(i.occurred_at), 1
	FROM da_incidents i WHERE i.id = NEW.incident_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(NEW.first_contact_at) - unixepoch(i.occurred_at) >= 0
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER provide_figures_on_delete AFTER DELETE ON idva_referrals
BEGIN
	INSERT INTO provide_figure_counts (la_code, day, late, referrals, attempted, contacted, closed, engaged, made_safer, engaged_with_investigation)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23',
	       -1,
	       -1 * coalesce(unixepoch(OLD.first_attempt_at) - unixepoch(i.occurred_at) >= 0, 0),
	       -1 * coalesce(unixepoch(OLD.first_contact_at) - unixepoch(i.occurred_at) >= 0, 0),
	       -1 * (OLD.closed_at IS NOT NULL),
	       -1 * coalesce(OLD.closed_at IS NOT NULL AND OLD.outcome = 'engaged', 0),
	       -1 * coalesce(OLD.closed_at IS NOT NULL AND OLD.made_safer = 1, 0),
	       -1 * coalesce(OLD.closed_at IS NOT NULL AND OLD.engaged_with_investigation = 1, 0)
	FROM da_incidents i WHERE i.id = OLD.incident_id AND unixepoch(i.occurred_at) IS NOT NULL
	ON CONFLICT DO UPDATE SET referrals = referrals + excluded.referrals, attempted = attempted + excluded.attempted, contacted = contacted + excluded.contacted, closed = closed + excluded.closed, engaged = engaged + excluded.engaged, made_safer = made_safer + excluded.made_safer, engaged_with_investigation = engaged_with_investigation + excluded.engaged_with_investigation;
	INSERT INTO provide_figure_waits (la_code, day, late, kind, seconds, n)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 'attempt', unixepoch(OLD.first_attempt_at) - unixepoch(i.occurred_at), -1
	FROM da_incidents i WHERE i.id = OLD.incident_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(OLD.first_attempt_at) - unixepoch(i.occurred_at) >= 0
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	INSERT INTO provide_figure_waits (la_code, day, late, kind, seconds, n)
	SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23', 'contact', unixepoch(OLD.first_contact_at) - unixepoch(i.occurred_at), -1
	FROM da_incidents i WHERE i.id = OLD.incident_id AND unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(OLD.first_contact_at) - unixepoch(i.occurred_at) >= 0
	ON CONFLICT DO UPDATE SET n = n + excluded.n;
	DELETE FROM provide_figure_counts WHERE referrals = 0 AND (la_code, day, late) IN
		(SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23' FROM da_incidents i WHERE i.id = OLD.incident_id);
	DELETE FROM provide_figure_waits WHERE n = 0 AND (la_code, day, late) IN
		(SELECT i.la_code, date(i.occurred_at), strftime('%H', i.occurred_at) = '23' FROM da_incidents i WHERE i.id = OLD.incident_id);
END;

-- An incident's time or area corrected: its referrals move.
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
