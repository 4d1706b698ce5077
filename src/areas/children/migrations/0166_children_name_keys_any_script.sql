-- 0166_children_name_keys_any_script.sql — the name keys now keep the letters of every script
-- (match.h: "Мария" is "мария", not ""), and fold a few more Latin letters ("Nguyễn" is "nguyen"), so
-- the keys of every child whose given or family name has a character beyond ASCII are worked out again:
-- cleared here, they are filled in at start (children_fill_keys), and 0135's triggers keep the agencies'
-- name index in step. A name of ASCII alone has the key it had.
UPDATE children SET given_name_key = NULL, family_name_key = NULL, given_name_sound = NULL,
	family_name_sound = NULL
WHERE length(CAST(given_name AS BLOB)) <> length(given_name)
	OR length(CAST(family_name AS BLOB)) <> length(family_name);
