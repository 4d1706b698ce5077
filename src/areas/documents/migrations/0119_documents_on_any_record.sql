-- 0119_documents_on_any_record.sql — a document is attached to a record of
-- any type that takes documents (a child, a case note, ...), named by the
-- record's type and id (auth/records.h), instead of always to a child.
-- Who may download it is whoever the owning record's own rule lets see its
-- documents. The documents already kept are a child's.
CREATE TABLE documents_on_records (
	id INTEGER PRIMARY KEY,
	owner_type TEXT NOT NULL CHECK (length(owner_type) > 0), -- the record type it is attached to: 'child'
	owner_id INTEGER NOT NULL,
	agency_id INTEGER NOT NULL REFERENCES agencies (id), -- the agency that uploaded it
	description TEXT NOT NULL CHECK (length(description) > 0),
	media_type TEXT NOT NULL,     -- found from the content (libmagic), never from the client
	size INTEGER NOT NULL CHECK (size > 0), -- bytes of the plaintext
	uploaded_by INTEGER NOT NULL REFERENCES users (id),
	uploaded_at TEXT NOT NULL
) STRICT;
INSERT INTO documents_on_records (id, owner_type, owner_id, agency_id, description, media_type, size,
                                  uploaded_by, uploaded_at)
	SELECT id, 'child', child_id, agency_id, description, media_type, size, uploaded_by, uploaded_at
	FROM documents;
DROP TABLE documents;
ALTER TABLE documents_on_records RENAME TO documents;
CREATE INDEX documents_by_owner ON documents (owner_type, owner_id);
