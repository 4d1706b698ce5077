-- 0169_children_name_keys_lookalikes.pg.sql — PostgreSQL's twin of 0169_children_name_keys_lookalikes.sql:
-- the name keys of every child whose given or family name has a character beyond ASCII, or whose sound was
-- "A", are cleared, to be worked out again at start with look-alikes of Latin letters written as those.
UPDATE children SET given_name_key = NULL, family_name_key = NULL, given_name_sound = NULL,
	family_name_sound = NULL
WHERE octet_length(given_name) <> char_length(given_name)
	OR octet_length(family_name) <> char_length(family_name)
	OR given_name_sound = 'A' OR family_name_sound = 'A';
