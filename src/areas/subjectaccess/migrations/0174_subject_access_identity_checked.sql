-- 0174_subject_access_identity_checked.sql — how a requester's identity was
-- checked, for a request recorded before it was: who checked it (the account
-- that recorded the check, which answers for it), the day it was checked
-- and the evidence seen (a choice, so the register holds no copy of a
-- document). The pack is gathered only once identity_verified is 1; a
-- request recorded as verified at the start keeps these NULL (its recorder,
-- recorded_by, answers for it).
ALTER TABLE subject_access_requests ADD COLUMN identity_checked_by INTEGER REFERENCES users (id);
ALTER TABLE subject_access_requests ADD COLUMN identity_checked_on TEXT; -- YYYY-MM-DD
ALTER TABLE subject_access_requests ADD COLUMN identity_evidence TEXT
	CHECK (identity_evidence IN ('photo_id_address', 'parental_responsibility', 'signed_authority', 'known_in_person'));
