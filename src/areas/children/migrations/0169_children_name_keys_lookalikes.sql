-- 0169_children_name_keys_lookalikes.sql — the name keys now write letters that look like Latin ones as
-- those letters (match.h: "Ѕаm" with a Cyrillic Ѕ and а is "sam", as the UTS #39 confusables skeleton
-- has it), and a name of vowels alone no longer has the sound "A" (the sound of every such name). The
-- keys of every child whose given or family name has a character beyond ASCII, or whose sound was "A",
-- are cleared here and filled in again at start (children_fill_keys); 0135's triggers keep the agencies'
-- name index in step. Any other name of ASCII alone has the keys it had.
UPDATE children SET given_name_key = NULL, family_name_key = NULL, given_name_sound = NULL,
	family_name_sound = NULL
WHERE length(CAST(given_name AS BLOB)) <> length(given_name)
	OR length(CAST(family_name AS BLOB)) <> length(family_name)
	OR given_name_sound = 'A' OR family_name_sound = 'A';
