-- 0166_children_name_keys_any_script.pg.sql — PostgreSQL's twin of 0166_children_name_keys_any_script.sql:
-- the name keys of every child whose given or family name has a character beyond ASCII are cleared, to
-- be worked out again at start for the letters of every script.
UPDATE children SET given_name_key = NULL, family_name_key = NULL, given_name_sound = NULL,
	family_name_sound = NULL
WHERE octet_length(given_name) <> char_length(given_name)
	OR octet_length(family_name) <> char_length(family_name);
