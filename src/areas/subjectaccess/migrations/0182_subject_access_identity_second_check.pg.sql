-- 0182_subject_access_identity_second_check.pg.sql — PostgreSQL's twin of
-- 0182_subject_access_identity_second_check.sql (read it for why): the same
-- statement.
UPDATE subject_access_requests SET identity_verified = 0
WHERE identity_verified = 1 AND identity_checked_by IS NULL AND closed_on IS NULL;
