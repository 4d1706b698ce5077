-- 0118_documents.sql — documents an agency linked to a child uploads about
-- the child. The file itself is not here: it is sealed with the key file's
-- documents subkey in the folder beside the database (DB.documents/ID), so
-- a copy of the database alone holds no document. This row says what it is.
CREATE TABLE documents (
	id INTEGER PRIMARY KEY,
	child_id INTEGER NOT NULL REFERENCES children (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id), -- the agency that uploaded it
	description TEXT NOT NULL CHECK (length(description) > 0),
	media_type TEXT NOT NULL,     -- found from the content (libmagic), never from the client
	size INTEGER NOT NULL CHECK (size > 0), -- bytes of the plaintext
	uploaded_by INTEGER NOT NULL REFERENCES users (id),
	uploaded_at TEXT NOT NULL
) STRICT;
CREATE INDEX documents_by_child ON documents (child_id);
