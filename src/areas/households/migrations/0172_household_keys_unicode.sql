-- 0172_household_keys_unicode.sql — a household's address_key is
-- lower(trim(address)), and lower() now lowers every letter, not ASCII
-- alone (src/store/sqlite.c). Keys made before kept "É" apart from "é", so
-- "1 Rue Émile" and "1 RUE ÉMILE" may be two households: they become the
-- first one recorded (its flag as it stands), with the adults of both.
-- Only SQLite made such keys; on PostgreSQL nothing is changed.
UPDATE household_adults SET household_id = (
	SELECT min(k.id) FROM households h JOIN households k
		ON k.la_code = h.la_code AND lower(k.address_key) = lower(h.address_key)
	WHERE h.id = household_adults.household_id);
DELETE FROM households WHERE id > (
	SELECT min(k.id) FROM households k
	WHERE k.la_code = households.la_code AND lower(k.address_key) = lower(households.address_key));
UPDATE households SET address_key = lower(address_key) WHERE address_key != lower(address_key);
