-- 0187_bank_holidays_generation.sql — one row counting the imports of bank
-- holidays, so processes sharing a database agree on them (the calendar,
-- src/areas/calendar/calendar.c). Every import adds one to `generation`
-- first in its unit of work: on PostgreSQL that row's lock makes a second
-- import (`haven import bank-holidays` while `haven serve` takes an upload)
-- wait until the first is committed, so it reads and counts deadlines with
-- the first's holidays; and a process that reads a number other than the one
-- its holiday table was built at loads the table again before it counts.
CREATE TABLE bank_holidays_generation (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	generation INTEGER NOT NULL CHECK (generation >= 0)
) STRICT;
INSERT INTO bank_holidays_generation (id, generation) VALUES (1, 0);
