-- 0097_provide_safe_contact_reason.sql — why an IDVA went against the
-- safe-contact instructions police recorded (a message left when police said
-- not to, a call or text outside the safe times): the attempt is refused
-- without it (issue 16), and it is kept with the attempt and in its audit row.
ALTER TABLE idva_contact_attempts ADD COLUMN safe_contact_reason TEXT;
