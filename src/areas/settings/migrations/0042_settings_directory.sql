-- 0042_settings_directory.sql — the settings directory at scale: a page at
-- a time by (name, id) on an index (router/page.h), and the name search on
-- a full-text index of agencies' names rather than reading every name.
--
-- agency_names is an FTS5 index over agencies.name (external content: the
-- names are not stored twice), kept by the triggers below. Its tokenizer
-- folds case and accents, so "sainte-helene" finds "École Sainte-Hélène";
-- the directory searches it for words starting with what was typed.
CREATE INDEX agencies_by_name ON agencies (name);
CREATE VIRTUAL TABLE agency_names USING fts5 (name, content = 'agencies', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO agency_names (agency_names) VALUES ('rebuild');
CREATE TRIGGER agency_names_insert AFTER INSERT ON agencies BEGIN
	INSERT INTO agency_names (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER agency_names_delete AFTER DELETE ON agencies BEGIN
	INSERT INTO agency_names (agency_names, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER agency_names_update AFTER UPDATE OF name ON agencies BEGIN
	INSERT INTO agency_names (agency_names, rowid, name) VALUES ('delete', old.id, old.name);
	INSERT INTO agency_names (rowid, name) VALUES (new.id, new.name);
END;
