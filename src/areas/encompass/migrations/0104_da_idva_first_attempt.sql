-- 0104_da_idva_first_attempt.sql — the partnership's target, in hours from
-- the referral, for an IDVA service's first attempt to contact a victim
-- (Operation Provide); a referral with no attempt by then is overdue on the
-- service's task list and alerts (the provide and work areas read it).
ALTER TABLE da_settings ADD COLUMN idva_first_attempt_hours INTEGER NOT NULL DEFAULT 24
	CHECK (idva_first_attempt_hours BETWEEN 1 AND 168);
