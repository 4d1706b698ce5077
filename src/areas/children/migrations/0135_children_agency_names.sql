-- 0135_children_agency_names.sql — each agency's children's name keys, so a
-- search by a common name alone reads only the agency's own matches (an
-- index range per agency) and stops at the newest, instead of reading every
-- child on the register with that name and checking each one's links.
--
-- One row per agency linked to a child (however many ways), per name key and
-- sound of the child (given and family); a record merged into another has
-- none (the kept record is found by its own details). Kept by the triggers
-- below, in the same transaction as the change to the links or the names, so
-- every path that links, unlinks, corrects or merges a child (and the demo
-- and benchmark loaders) keeps it true without remembering to.
CREATE TABLE child_agency_names (
	agency_id INTEGER NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('key', 'sound')),
	name TEXT NOT NULL,
	child_id INTEGER NOT NULL,
	PRIMARY KEY (agency_id, kind, name, child_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX child_agency_names_by_child ON child_agency_names (child_id);

-- Each trigger below writes a child's rows for an agency as four index
-- lookups (its given and family name keys and sounds), never a scan.
INSERT OR IGNORE INTO child_agency_names (agency_id, kind, name, child_id)
SELECT DISTINCT l.agency_id, 'key', c.given_name_key, c.id FROM child_links l JOIN children c ON c.id = l.child_id
WHERE c.merged_into IS NULL AND c.given_name_key IS NOT NULL
UNION ALL SELECT DISTINCT l.agency_id, 'key', c.family_name_key, c.id FROM child_links l JOIN children c ON c.id = l.child_id
WHERE c.merged_into IS NULL AND c.family_name_key IS NOT NULL
UNION ALL SELECT DISTINCT l.agency_id, 'sound', c.given_name_sound, c.id FROM child_links l JOIN children c ON c.id = l.child_id
WHERE c.merged_into IS NULL AND c.given_name_sound IS NOT NULL
UNION ALL SELECT DISTINCT l.agency_id, 'sound', c.family_name_sound, c.id FROM child_links l JOIN children c ON c.id = l.child_id
WHERE c.merged_into IS NULL AND c.family_name_sound IS NOT NULL;

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
	WHERE c.id = NEW.child_id AND c.merged_into IS NULL AND c.family_name_sound IS NOT NULL;
END;

CREATE TRIGGER child_agency_names_on_unlink AFTER DELETE ON child_links
WHEN NOT EXISTS (SELECT 1 FROM child_links WHERE child_id = OLD.child_id AND agency_id = OLD.agency_id)
BEGIN
	DELETE FROM child_agency_names WHERE agency_id = OLD.agency_id AND child_id = OLD.child_id;
END;

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
	WHERE c.id = NEW.child_id AND c.merged_into IS NULL AND c.family_name_sound IS NOT NULL;
END;

-- A change of name (a correction, or the keys made for the first time) or a merge: the child's rows again.
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
	WHERE c.id = NEW.id AND c.merged_into IS NULL AND c.family_name_sound IS NOT NULL;
END;

CREATE TRIGGER child_agency_names_on_delete AFTER DELETE ON children
BEGIN
	DELETE FROM child_agency_names WHERE child_id = OLD.id;
END;
