-- 0005_children.sql — the children register, as little as access control
-- needs: who the child is, and which agencies have a relationship to them.
-- The children and settings work adds the rest of the record.
CREATE TABLE children (
	id INTEGER PRIMARY KEY,
	given_name TEXT NOT NULL,
	family_name TEXT NOT NULL,
	date_of_birth TEXT,                     -- YYYY-MM-DD
	la_code INTEGER REFERENCES local_authorities (code),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- Why an agency may see a child's record.
CREATE TABLE child_links (
	child_id INTEGER NOT NULL REFERENCES children (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	relationship TEXT NOT NULL CHECK (relationship IN ('setting', 'local_authority', 'raised_concern',
	                                                   'allocated_team')),
	PRIMARY KEY (child_id, agency_id, relationship)
) STRICT;
CREATE INDEX child_links_by_agency ON child_links (agency_id, child_id);
