-- 0117_households.sql — when incidents at one household count as repeats:
-- `repeat_count` incidents or more within `period_days` days (the
-- partnership's setting; one row).
CREATE TABLE household_settings (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	repeat_count INTEGER NOT NULL CHECK (repeat_count BETWEEN 2 AND 50),
	period_days INTEGER NOT NULL CHECK (period_days BETWEEN 1 AND 3650)
) STRICT;
INSERT INTO household_settings (id, repeat_count, period_days) VALUES (1, 3, 365);
