-- 0186_pg_unixepoch_parallel_safe.pg.sql — PostgreSQL's twin of
-- 0186_pg_unixepoch_parallel_safe.sql (read it for why): unixepoch as
-- scripts/pg_schema.py writes it in a new baseline (read its comment there),
-- and it and the two functions calling it PARALLEL SAFE. json_valid keeps its
-- EXCEPTION block and stays PARALLEL UNSAFE.
CREATE OR REPLACE FUNCTION unixepoch(t text) RETURNS bigint
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
	AS $$
DECLARE
	zoned boolean;  -- ends in ±HH:MM
	body text;      -- t without its zone
	y int;
	m int;
	day_number bigint;
	fraction double precision := 0;
	scale double precision := 1;
	instant bigint;
BEGIN
	-- The shape alone (a match without captures is quick); its fields then stand at known places.
	IF t !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$' THEN
		RETURN NULL;
	END IF;
	zoned := length(t) > 16 AND substr(t, length(t) - 5, 1) IN ('+', '-');
	body := CASE WHEN zoned THEN left(t, -6) ELSE rtrim(t, 'Z') END;
	m := substr(t, 6, 2)::int;
	IF m NOT BETWEEN 1 AND 12 OR substr(t, 9, 2)::int NOT BETWEEN 1 AND 31 OR (length(t) > 10
			AND (substr(t, 12, 2)::int > 24 OR substr(t, 15, 2)::int > 59 OR nullif(substr(body, 18, 2), '')::int > 59))
			OR (zoned AND (substr(t, length(t) - 4, 2)::int > 14 OR right(t, 2)::int > 59)) THEN
		RETURN NULL;
	END IF;
	-- SQLite's Julian day number (Meeus's formula, as date.c's computeJD; integer division truncates,
	-- as C's does). The day is added, not looked up, so a day past the month's end counts on.
	y := substr(t, 1, 4)::int - (m <= 2)::int;
	m := m + 12 * (m <= 2)::int;
	day_number := 36525 * (y + 4716) / 100 + 306001 * (m + 1) / 10000 + substr(t, 9, 2)::int
		+ 2 - y / 100 + y / 100 / 4;
	-- The fraction of a second as SQLite reads it, digit by digit in doubles: the digits as a whole
	-- number over a power of ten. To 15 digits both are exact, so one division is the same. Beyond,
	-- either may pass the largest double and become infinite, as in C, where PostgreSQL's arithmetic
	-- would stop with an error instead: x * 10 overflows exactly when x / 16 * 10, the same product a
	-- power of two smaller and so rounded alike, reaches 2^1020.
	IF length(body) BETWEEN 21 AND 35 THEN
		fraction := substr(body, 21)::float8 / ('1e' || length(body) - 20)::float8;
	ELSIF length(body) > 35 THEN
		FOR i IN 21 .. length(body) LOOP
			fraction := CASE WHEN fraction / 16 * 10 >= 2::float8 ^ 1020 THEN 'Infinity' ELSE fraction * 10 END
				+ ascii(substr(body, i, 1)) - 48;
			scale := CASE WHEN scale / 16 * 10 >= 2::float8 ^ 1020 THEN 'Infinity' ELSE scale * 10 END;
		END LOOP;
		IF fraction = 'Infinity' THEN  -- infinite over infinite: in SQLite a time out of range
			RETURN NULL;
		END IF;
		fraction := fraction / scale;
	END IF;
	-- Milliseconds since SQLite's Julian day 0, the seconds rounded to the millisecond, less the zone.
	instant := day_number * 86400000 - 131716800000;
	IF length(t) > 10 THEN
		instant := instant + substr(t, 12, 2)::int * 3600000 + substr(t, 15, 2)::int * 60000
			+ trunc((coalesce(nullif(substr(body, 18, 2), '')::int, 0) + fraction) * 1000 + 0.5)::bigint;
	END IF;
	IF zoned THEN
		instant := instant - 60000 * (substr(t, length(t) - 5, 3)::int * 60  -- signed hours and minutes
			+ (substr(t, length(t) - 5, 1) || right(t, 2))::int);
	END IF;
	IF instant NOT BETWEEN 0 AND 464269060799999 THEN  -- SQLite's years 0000 to 9999
		RETURN NULL;
	END IF;
	RETURN instant / 1000 - 210866760000;
END $$;
ALTER FUNCTION utc_day(text) PARALLEL SAFE;
ALTER FUNCTION utc_hour(text) PARALLEL SAFE;
