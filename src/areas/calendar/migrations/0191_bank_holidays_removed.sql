-- 0191_bank_holidays_removed.sql — bank holidays an administrator has removed
-- (`haven calendar remove-holiday`, the Remove link on /admin/bank-holidays),
-- built-in or imported: when the government moves a holiday (the early May
-- bank holiday of 2020 went from the 4th to the 8th) the old date must stop
-- counting, or every deadline past it falls a working day late. A built-in
-- holiday has no row in bank_holidays, so removal is a row here, which the
-- calendar (src/areas/calendar/calendar.c) takes away from the built-in list
-- and the imports alike. A later import that lists the date deletes its row:
-- the import is the authority. Who removed it is in the audit row
-- ("calendar.bank_holiday_removed"), with the reason kept here as well.
CREATE TABLE bank_holidays_removed (
	date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
	removed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT, WITHOUT ROWID;
