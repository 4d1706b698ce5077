-- 0006_bank_holidays.sql — England and Wales bank holidays imported with
-- `haven import bank-holidays`, beyond those built into Haven. The calendar
-- (src/areas/calendar/calendar.c) uses the built-in list and these rows
-- together; the built-in list is not copied here, so a newer Haven's list
-- takes effect without a migration.
CREATE TABLE bank_holidays (
	date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT, WITHOUT ROWID;
