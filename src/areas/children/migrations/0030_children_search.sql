-- 0030_children_search.sql — indexes for searching a national register by
-- name in the database (the start of a given or family name, or its sound)
-- rather than reading an agency's whole list; the family name's sound and
-- the dates of birth already have theirs (0013). Other names are not
-- keyed, so a search reads only the children that have any (the partial
-- index) rather than every child.
CREATE INDEX children_by_given_key ON children (given_name_key);
CREATE INDEX children_by_family_key ON children (family_name_key);
CREATE INDEX children_by_given_sound ON children (given_name_sound);
CREATE INDEX children_with_other_names ON children (id) WHERE other_names IS NOT NULL;
