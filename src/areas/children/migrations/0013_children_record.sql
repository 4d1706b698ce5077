-- 0013_children_record.sql — the rest of a child's record: the minimum the
-- partnership's work needs, and the keys that find likely duplicates.
-- A child's current settings are their child_links with relationship 'setting'.
ALTER TABLE children ADD COLUMN other_names TEXT;          -- names the child is also known by
ALTER TABLE children ADD COLUMN sex TEXT CHECK (sex IN ('female', 'male', 'indeterminate', 'not_known'));
ALTER TABLE children ADD COLUMN expected_date_of_birth TEXT; -- YYYY-MM-DD, for an unborn child (date_of_birth NULL)
ALTER TABLE children ADD COLUMN postcode TEXT;             -- home postcode, upper case with one space
ALTER TABLE children ADD COLUMN upn TEXT;                  -- unique pupil number, 13 characters
ALTER TABLE children ADD COLUMN nhs_number TEXT;           -- 10 digits, modulus 11 check digit verified
-- match keys, written by the children store from the names (see areas/children/match.h)
ALTER TABLE children ADD COLUMN given_name_key TEXT;       -- normalised: lower case ASCII letters only
ALTER TABLE children ADD COLUMN family_name_key TEXT;
ALTER TABLE children ADD COLUMN given_name_sound TEXT;     -- phonetic key
ALTER TABLE children ADD COLUMN family_name_sound TEXT;
ALTER TABLE children ADD COLUMN created_by INTEGER REFERENCES users (id);
CREATE INDEX children_by_birth ON children (date_of_birth);
CREATE INDEX children_by_expected_birth ON children (expected_date_of_birth);
CREATE INDEX children_by_nhs_number ON children (nhs_number);
CREATE INDEX children_by_family_sound ON children (family_name_sound, given_name_sound);
