-- 0196_training_settings.sql — the partnership's training settings: how many
-- working days before a session a place may be cancelled without it counting
-- as late. Local practice varies ("often 2–3 working days"), so it is the
-- partnership team's to set (/training/settings, audited as
-- "training.settings"), 0 to 10 working days; 3, the old fixed cut-off, until
-- they change it. One row, as household_settings and missing_settings.
CREATE TABLE training_settings (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	cutoff_working_days INTEGER NOT NULL CHECK (cutoff_working_days BETWEEN 0 AND 10)
) STRICT;
INSERT INTO training_settings (id, cutoff_working_days) VALUES (1, 3);
