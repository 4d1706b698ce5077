-- 0197_assurance_settings.sql — two gaps a partnership meets on day one.
--
-- How often each agency is audited was fixed (Section 11 every 24 months,
-- Section 175/157 every 12); partnerships set their own rhythm, so it is the
-- partnership team's to set (/quality-assurance/settings, audited as
-- "qa.settings"), whole months from 6 to 36, and the old intervals until they
-- change it. One row, as training_settings.
--
-- A school whose return reaches nobody (no designated safeguarding lead, who
-- scores and submits it, and no agency administrator, who could add one) is
-- told to the partnership team instead, once per cycle: a row here, written
-- in the unit that queues those emails, says it was (England's date).
CREATE TABLE assurance_settings (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	section11_months INTEGER NOT NULL CHECK (section11_months BETWEEN 6 AND 36),
	section175_months INTEGER NOT NULL CHECK (section175_months BETWEEN 6 AND 36)
) STRICT;
INSERT INTO assurance_settings (id, section11_months, section175_months) VALUES (1, 24, 12);
CREATE TABLE qa_cycle_no_lead_told (
	cycle_id INTEGER NOT NULL PRIMARY KEY REFERENCES qa_cycles (id),
	told_on TEXT NOT NULL
) STRICT, WITHOUT ROWID;
