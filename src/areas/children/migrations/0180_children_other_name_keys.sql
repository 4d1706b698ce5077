-- 0180_children_other_name_keys.sql — a child's other names are found by the search as the given and
-- family names are, whatever their accents or case ("eloise" or "ELOISE" finds an other name "Éloïse"):
-- each other name has its key (match.h's match_name_key, one row a name, as the search matches a word),
-- written with the record by children_insert and children_update, and carried into the agencies' name
-- index (0135) as a 'key' row, so a search by an other name reads only the agency's own children. The
-- keys of the children already recorded are filled in at start (children_fill_keys: a child with other
-- names and no keys for them). The search no longer reads every child with other names, so their index
-- (0030) goes.
CREATE TABLE child_other_name_keys (
	child_id INTEGER NOT NULL REFERENCES children (id) ON DELETE CASCADE,
	name_key TEXT NOT NULL,
	PRIMARY KEY (child_id, name_key)
) STRICT, WITHOUT ROWID;

DROP INDEX IF EXISTS children_with_other_names;

-- 0135's triggers again, each writing the child's other names' keys beside its given and family names'.
DROP TRIGGER IF EXISTS child_agency_names_on_link;
CREATE TRIGGER child_agency_names_on_link AFTER INSERT ON child_links
BEGIN
	INSERT OR IGNORE INTO child_agency_names (agency_id, kind, name, child_id)
	SELECT NEW.agency_id, 'key', c.given_name_key, c.id FROM children c
	WHERE c.id = NEW.child_id AND c.merged_into IS NULL AND c.given_name_key IS NOT NULL
	UNION ALL
	SELECT NEW.agency_id, 'key', c.family_name_key, c.id FROM children c
	WHERE c.id = NEW.child_id AND c.merged_into IS NULL AND c.family_name_key IS NOT NULL
	UNION ALL
	SELECT NEW.agency_id, 'sound', c.given_name_sound, c.id FROM children c
	WHERE c.id = NEW.child_id AND c.merged_into IS NULL AND c.given_name_sound IS NOT NULL
	UNION ALL
	SELECT NEW.agency_id, 'sound', c.family_name_sound, c.id FROM children c
	WHERE c.id = NEW.child_id AND c.merged_into IS NULL AND c.family_name_sound IS NOT NULL
	UNION ALL
	SELECT NEW.agency_id, 'key', k.name_key, c.id FROM children c JOIN child_other_name_keys k ON k.child_id = c.id
	WHERE c.id = NEW.child_id AND c.merged_into IS NULL;
END;

DROP TRIGGER IF EXISTS child_agency_names_on_relink;
CREATE TRIGGER child_agency_names_on_relink AFTER UPDATE OF child_id, agency_id ON child_links
BEGIN
	DELETE FROM child_agency_names WHERE agency_id = OLD.agency_id AND child_id = OLD.child_id
	AND NOT EXISTS (SELECT 1 FROM child_links WHERE child_id = OLD.child_id AND agency_id = OLD.agency_id);
	INSERT OR IGNORE INTO child_agency_names (agency_id, kind, name, child_id)
	SELECT NEW.agency_id, 'key', c.given_name_key, c.id FROM children c
	WHERE c.id = NEW.child_id AND c.merged_into IS NULL AND c.given_name_key IS NOT NULL
	UNION ALL
	SELECT NEW.agency_id, 'key', c.family_name_key, c.id FROM children c
	WHERE c.id = NEW.child_id AND c.merged_into IS NULL AND c.family_name_key IS NOT NULL
	UNION ALL
	SELECT NEW.agency_id, 'sound', c.given_name_sound, c.id FROM children c
	WHERE c.id = NEW.child_id AND c.merged_into IS NULL AND c.given_name_sound IS NOT NULL
	UNION ALL
	SELECT NEW.agency_id, 'sound', c.family_name_sound, c.id FROM children c
	WHERE c.id = NEW.child_id AND c.merged_into IS NULL AND c.family_name_sound IS NOT NULL
	UNION ALL
	SELECT NEW.agency_id, 'key', k.name_key, c.id FROM children c JOIN child_other_name_keys k ON k.child_id = c.id
	WHERE c.id = NEW.child_id AND c.merged_into IS NULL;
END;

DROP TRIGGER IF EXISTS child_agency_names_on_rename;
CREATE TRIGGER child_agency_names_on_rename
AFTER UPDATE OF given_name_key, family_name_key, given_name_sound, family_name_sound, merged_into ON children
BEGIN
	DELETE FROM child_agency_names WHERE child_id = OLD.id;
	INSERT OR IGNORE INTO child_agency_names (agency_id, kind, name, child_id)
	SELECT l.agency_id, 'key', c.given_name_key, c.id FROM children c JOIN (SELECT DISTINCT agency_id FROM child_links WHERE child_id = NEW.id) l
	WHERE c.id = NEW.id AND c.merged_into IS NULL AND c.given_name_key IS NOT NULL
	UNION ALL
	SELECT l.agency_id, 'key', c.family_name_key, c.id FROM children c JOIN (SELECT DISTINCT agency_id FROM child_links WHERE child_id = NEW.id) l
	WHERE c.id = NEW.id AND c.merged_into IS NULL AND c.family_name_key IS NOT NULL
	UNION ALL
	SELECT l.agency_id, 'sound', c.given_name_sound, c.id FROM children c JOIN (SELECT DISTINCT agency_id FROM child_links WHERE child_id = NEW.id) l
	WHERE c.id = NEW.id AND c.merged_into IS NULL AND c.given_name_sound IS NOT NULL
	UNION ALL
	SELECT l.agency_id, 'sound', c.family_name_sound, c.id FROM children c JOIN (SELECT DISTINCT agency_id FROM child_links WHERE child_id = NEW.id) l
	WHERE c.id = NEW.id AND c.merged_into IS NULL AND c.family_name_sound IS NOT NULL
	UNION ALL
	SELECT l.agency_id, 'key', k.name_key, c.id FROM children c JOIN child_other_name_keys k ON k.child_id = c.id
	JOIN (SELECT DISTINCT agency_id FROM child_links WHERE child_id = NEW.id) l
	WHERE c.id = NEW.id AND c.merged_into IS NULL;
END;

-- An other name's key added: a row for each agency linked to the child (none if merged away).
CREATE TRIGGER child_agency_names_on_other_name AFTER INSERT ON child_other_name_keys
BEGIN
	INSERT OR IGNORE INTO child_agency_names (agency_id, kind, name, child_id)
	SELECT DISTINCT l.agency_id, 'key', NEW.name_key, NEW.child_id FROM child_links l JOIN children c ON c.id = l.child_id
	WHERE l.child_id = NEW.child_id AND c.merged_into IS NULL;
END;

-- An other name's key gone: its rows go, unless the child's given or family name has that key too.
CREATE TRIGGER child_agency_names_on_other_name_gone AFTER DELETE ON child_other_name_keys
BEGIN
	DELETE FROM child_agency_names WHERE child_id = OLD.child_id AND kind = 'key' AND name = OLD.name_key
	AND NOT EXISTS (SELECT 1 FROM children c WHERE c.id = OLD.child_id
		AND (c.given_name_key = OLD.name_key OR c.family_name_key = OLD.name_key));
END;
