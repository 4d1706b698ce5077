-- 0186_pg_unixepoch_parallel_safe.pg.sql — PostgreSQL's twin of
-- 0186_pg_unixepoch_parallel_safe.sql (read it for why): unixepoch as
-- scripts/pg_schema.py writes it in a new baseline (read its comment there),
-- and it and the two functions calling it PARALLEL SAFE. json_valid keeps its
-- EXCEPTION block and stays PARALLEL UNSAFE.
CREATE OR REPLACE FUNCTION unixepoch(t text) RETURNS bigint
	LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
	AS $$
DECLARE
	-- year, month, day, hour, minute, second, fraction, zone's sign, its hours, its minutes
	f text[] := regexp_match(t, '^([0-9]{4})-([0-9]{2})-([0-9]{2})'
		'(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?(?:Z|([+-])([0-9]{2}):([0-9]{2}))?)?$');
	early boolean;  -- January or February: month 13 or 14 of the year before
	y int;
	day_number bigint;
	fraction double precision := 0;
	scale double precision := 1;
	instant bigint;
BEGIN
	-- A field absent is NULL, and NULL > n is not true: only a field present and out of range refuses.
	IF f IS NULL OR f[2]::int NOT BETWEEN 1 AND 12 OR f[3]::int NOT BETWEEN 1 AND 31 OR f[4]::int > 24
			OR f[5]::int > 59 OR f[6]::int > 59 OR f[9]::int > 14 OR f[10]::int > 59 THEN
		RETURN NULL;
	END IF;
	-- SQLite's Julian day number (Meeus's formula, as date.c's computeJD; integer division truncates,
	-- as C's does). The day is added, not looked up, so a day past the month's end counts on.
	early := f[2]::int <= 2;
	y := f[1]::int - early::int;
	day_number := 36525 * (y + 4716) / 100 + 306001 * (f[2]::int + 12 * early::int + 1) / 10000
		+ f[3]::int + 2 - y / 100 + y / 100 / 4;
	-- The fraction of a second as SQLite reads it, digit by digit in doubles: the digits as a whole
	-- number over a power of ten. Either may pass the largest double and become infinite, as in C,
	-- where PostgreSQL's arithmetic would stop with an error instead: x * 10 overflows exactly when
	-- x / 16 * 10, the same product a power of two smaller and so rounded alike, reaches 2^1020.
	FOR i IN 1 .. coalesce(length(f[7]), 0) LOOP
		fraction := CASE WHEN fraction / 16 * 10 >= 2::float8 ^ 1020 THEN 'Infinity' ELSE fraction * 10 END
			+ ascii(substr(f[7], i, 1)) - 48;
		scale := CASE WHEN scale / 16 * 10 >= 2::float8 ^ 1020 THEN 'Infinity' ELSE scale * 10 END;
	END LOOP;
	IF fraction = 'Infinity' THEN  -- infinite over infinite: in SQLite a time out of range
		RETURN NULL;
	END IF;
	fraction := fraction / scale;
	-- Milliseconds since SQLite's Julian day 0, the seconds rounded to the millisecond, less the zone.
	instant := day_number * 86400000 - 131716800000 + coalesce(f[4]::int, 0) * 3600000
		+ coalesce(f[5]::int, 0) * 60000 + trunc((coalesce(f[6]::int, 0) + fraction) * 1000 + 0.5)::bigint
		- CASE f[8] WHEN '-' THEN -1 WHEN '+' THEN 1 ELSE 0 END * coalesce(f[9]::int * 60 + f[10]::int, 0) * 60000;
	IF instant NOT BETWEEN 0 AND 464269060799999 THEN  -- SQLite's years 0000 to 9999
		RETURN NULL;
	END IF;
	RETURN instant / 1000 - 210866760000;
END $$;
ALTER FUNCTION utc_day(text) PARALLEL SAFE;
ALTER FUNCTION utc_hour(text) PARALLEL SAFE;
