-- 0113_case_notes.sql — case notes about a child, written by an agency linked
-- to the child. A note is never edited in place: a correction is a new
-- version with its reason, and every version is kept. Who may read a note is
-- its current version's visibility: the writing agency only, or every agency
-- linked to the child.
CREATE TABLE case_notes (
	id INTEGER PRIMARY KEY,
	child_id INTEGER NOT NULL REFERENCES children (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id), -- the agency that wrote it, and may correct it
	current_version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX case_notes_by_child ON case_notes (child_id);

CREATE TABLE case_note_versions (
	note_id INTEGER NOT NULL REFERENCES case_notes (id),
	version INTEGER NOT NULL CHECK (version >= 1),
	happened_on TEXT NOT NULL,             -- YYYY-MM-DD: the day the note is about
	category TEXT NOT NULL CHECK (category IN ('contact', 'concern', 'visit', 'meeting', 'information_shared',
	                                           'other')),
	visibility TEXT NOT NULL CHECK (visibility IN ('own_agency', 'linked_agencies')),
	body TEXT NOT NULL CHECK (length(body) > 0),
	correction_reason TEXT,                -- why this version replaced the one before
	written_by INTEGER NOT NULL REFERENCES users (id),
	written_at TEXT NOT NULL,
	PRIMARY KEY (note_id, version),
	CHECK (version = 1 OR length(correction_reason) > 0)
) STRICT;
