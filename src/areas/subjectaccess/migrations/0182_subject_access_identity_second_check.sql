-- 0182_subject_access_identity_second_check.sql — a requester's identity is
-- checked by a second person, never by whoever recorded the request: a
-- request is now always recorded unverified, and verified only on its page
-- by another member of the partnership team (who, when, and the evidence
-- seen, 0174). An open request recorded as verified at the start, before
-- this (identity_checked_by NULL: nobody but its recorder answers for it),
-- goes back to unverified, so its pack waits for that second check as a new
-- request's does. An answered request keeps what it was answered on. (No
-- audit row: one written from SQL would break the audit trail's hash chain;
-- docs/operations.md says what to look for after upgrading.)
UPDATE subject_access_requests SET identity_verified = 0
WHERE identity_verified = 1 AND identity_checked_by IS NULL AND closed_on IS NULL;
