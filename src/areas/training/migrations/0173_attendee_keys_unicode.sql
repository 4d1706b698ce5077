-- 0173_attendee_keys_unicode.sql — an attendee's person_key (0146) holds
-- an email or a name in lower case, and lower() now lowers every letter,
-- not ASCII alone (src/store/sqlite.c): keys made before are lowered again,
-- so "ZOË" recorded then is the "Zoë" recorded now. A key that would be a
-- second record of the same person on the same day stays as it was.
UPDATE OR IGNORE training_attendees SET person_key = lower(person_key) WHERE person_key != lower(person_key);
