-- 0174_subject_access_identity_checked.pg.sql — PostgreSQL's twin of
-- 0174_subject_access_identity_checked.sql (read it for what the columns
-- are): the same columns in PostgreSQL's types.
ALTER TABLE subject_access_requests ADD COLUMN identity_checked_by bigint REFERENCES users (id);
ALTER TABLE subject_access_requests ADD COLUMN identity_checked_on text;
ALTER TABLE subject_access_requests ADD COLUMN identity_evidence text
	CHECK (identity_evidence IN ('photo_id_address', 'parental_responsibility', 'signed_authority', 'known_in_person'));
