-- 0172_household_keys_unicode.sql — a household's address_key is
-- lower(trim(address)), and lower() now lowers every letter, not ASCII
-- alone (src/store/sqlite.c). Keys made before kept "É" apart from "é", so
-- "1 Rue Émile" and "1 RUE ÉMILE" may be two households: they become the
-- first one recorded, with the adults of both and the flag that stands for
-- them all (a flag still waiting for the front door is never lost). The
-- merged households' pages are gone (their addresses live on in the one
-- kept); grouping once keeps this linear in the households held.
-- Only SQLite made such keys; on PostgreSQL nothing is changed.
-- the households to merge: each one whose key, lowered again, is another's
-- (same area), with the one kept: the first recorded
CREATE TEMP TABLE household_merge AS
SELECT h.id, g.kept FROM households h
JOIN (SELECT la_code, lower(address_key) AS address_key, min(id) AS kept FROM households
      GROUP BY la_code, lower(address_key) HAVING count(*) > 1) g
	ON g.la_code = h.la_code AND g.address_key = lower(h.address_key);
-- the flag that stands for each group: the earliest one still waiting for
-- the front door's review (so nothing waiting is lost, and it is due as soon
-- as it was), else the latest one with its review
CREATE TEMP TABLE household_flag AS
SELECT m.kept, (SELECT o.id FROM household_merge n JOIN households o ON o.id = n.id
		WHERE n.kept = m.kept AND o.repeat_flagged_at IS NOT NULL
		ORDER BY o.repeat_reviewed_at IS NULL DESC,
			CASE WHEN o.repeat_reviewed_at IS NULL THEN o.repeat_flagged_at END,
			o.repeat_flagged_at DESC, o.id
		LIMIT 1) AS flag_from
FROM household_merge m GROUP BY m.kept;
UPDATE households SET
	repeat_flagged_at = (SELECT f.repeat_flagged_at FROM household_flag x JOIN households f ON f.id = x.flag_from
		WHERE x.kept = households.id),
	repeat_reviewed_at = (SELECT f.repeat_reviewed_at FROM household_flag x JOIN households f ON f.id = x.flag_from
		WHERE x.kept = households.id),
	repeat_reviewed_by = (SELECT f.repeat_reviewed_by FROM household_flag x JOIN households f ON f.id = x.flag_from
		WHERE x.kept = households.id)
WHERE id IN (SELECT kept FROM household_flag WHERE flag_from IS NOT NULL);
UPDATE household_adults SET household_id = (SELECT m.kept FROM household_merge m WHERE m.id = household_adults.household_id)
WHERE household_id IN (SELECT id FROM household_merge WHERE id <> kept);
DELETE FROM households WHERE id IN (SELECT id FROM household_merge WHERE id <> kept);
DROP TABLE household_flag;
DROP TABLE household_merge;
UPDATE households SET address_key = lower(address_key) WHERE address_key != lower(address_key);
