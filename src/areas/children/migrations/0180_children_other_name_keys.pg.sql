-- 0180_children_other_name_keys.pg.sql — PostgreSQL's twin of 0180_children_other_name_keys.sql: each of a
-- child's other names has its key (filled in at start for the children already recorded), carried into the
-- agencies' name index by 0135's trigger functions, written again here, and by two for the keys' own rows.
CREATE TABLE child_other_name_keys (
	child_id bigint NOT NULL REFERENCES children (id) ON DELETE CASCADE,
	name_key text NOT NULL,
	PRIMARY KEY (child_id, name_key)
);

DROP INDEX children_with_other_names;

CREATE OR REPLACE FUNCTION child_agency_names_on_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO child_agency_names (agency_id, kind, name, child_id)
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
		WHERE c.id = NEW.child_id AND c.merged_into IS NULL ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION child_agency_names_on_relink() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM child_agency_names WHERE agency_id = OLD.agency_id AND child_id = OLD.child_id
		AND NOT EXISTS (SELECT 1 FROM child_links WHERE child_id = OLD.child_id AND agency_id = OLD.agency_id);
	INSERT INTO child_agency_names (agency_id, kind, name, child_id)
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
		WHERE c.id = NEW.child_id AND c.merged_into IS NULL ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION child_agency_names_on_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM child_agency_names WHERE child_id = OLD.id;
	INSERT INTO child_agency_names (agency_id, kind, name, child_id)
		SELECT l.agency_id, 'key', c.given_name_key, c.id FROM children c JOIN (SELECT DISTINCT agency_id FROM child_links WHERE child_id = NEW.id) l ON true
		WHERE c.id = NEW.id AND c.merged_into IS NULL AND c.given_name_key IS NOT NULL
		UNION ALL
		SELECT l.agency_id, 'key', c.family_name_key, c.id FROM children c JOIN (SELECT DISTINCT agency_id FROM child_links WHERE child_id = NEW.id) l ON true
		WHERE c.id = NEW.id AND c.merged_into IS NULL AND c.family_name_key IS NOT NULL
		UNION ALL
		SELECT l.agency_id, 'sound', c.given_name_sound, c.id FROM children c JOIN (SELECT DISTINCT agency_id FROM child_links WHERE child_id = NEW.id) l ON true
		WHERE c.id = NEW.id AND c.merged_into IS NULL AND c.given_name_sound IS NOT NULL
		UNION ALL
		SELECT l.agency_id, 'sound', c.family_name_sound, c.id FROM children c JOIN (SELECT DISTINCT agency_id FROM child_links WHERE child_id = NEW.id) l ON true
		WHERE c.id = NEW.id AND c.merged_into IS NULL AND c.family_name_sound IS NOT NULL
		UNION ALL
		SELECT l.agency_id, 'key', k.name_key, c.id FROM children c JOIN child_other_name_keys k ON k.child_id = c.id
		JOIN (SELECT DISTINCT agency_id FROM child_links WHERE child_id = NEW.id) l ON true
		WHERE c.id = NEW.id AND c.merged_into IS NULL ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;

CREATE FUNCTION child_agency_names_on_other_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO child_agency_names (agency_id, kind, name, child_id)
		SELECT DISTINCT l.agency_id, 'key', NEW.name_key, NEW.child_id FROM child_links l JOIN children c ON c.id = l.child_id
		WHERE l.child_id = NEW.child_id AND c.merged_into IS NULL ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
CREATE TRIGGER child_agency_names_on_other_name AFTER INSERT ON child_other_name_keys FOR EACH ROW EXECUTE FUNCTION child_agency_names_on_other_name();

CREATE FUNCTION child_agency_names_on_other_name_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM child_agency_names WHERE child_id = OLD.child_id AND kind = 'key' AND name = OLD.name_key
		AND NOT EXISTS (SELECT 1 FROM children c WHERE c.id = OLD.child_id
			AND (c.given_name_key = OLD.name_key OR c.family_name_key = OLD.name_key));
	RETURN NULL;
END $$;
CREATE TRIGGER child_agency_names_on_other_name_gone AFTER DELETE ON child_other_name_keys FOR EACH ROW EXECUTE FUNCTION child_agency_names_on_other_name_gone();
