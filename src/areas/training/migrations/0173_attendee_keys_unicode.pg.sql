-- 0173_attendee_keys_unicode.pg.sql — as 0173_attendee_keys_unicode.sql:
-- an attendee's person_key holds an email or a name in lower case. PostgreSQL's
-- lower() has always lowered every letter (in a UTF-8 cluster), so a key that is
-- not lower case is lowered unless the same person is already on that day.
UPDATE training_attendees a SET person_key = lower(a.person_key)
WHERE a.person_key != lower(a.person_key) AND NOT EXISTS (
	SELECT 1 FROM training_attendees o
	WHERE o.course_id = a.course_id AND o.date = a.date AND coalesce(o.session_id, 0) = coalesce(a.session_id, 0)
		AND o.person_key = lower(a.person_key));
