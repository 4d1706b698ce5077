-- 0102_da_waiting_escalation.sql — how long before the deadline its
-- notification would have a child still waiting to be matched is escalated
-- to the front door and the police (the incidents area's job reads it).
ALTER TABLE da_settings ADD COLUMN waiting_escalate_minutes INTEGER NOT NULL DEFAULT 120
	CHECK (waiting_escalate_minutes BETWEEN 0 AND 10080);
