-- 0198_submissions_request.sql — what a kept answer's request sent (one submission, one save; 0192).
--
-- An API client that sends an Idempotency-Key again with a different body
-- is not retrying: it reused a key by mistake, and answering it with the
-- first request's answer would lose the second change without a word. So
-- each kept answer holds request_hash, the BLAKE2b of the request's fields
-- (sorted) and file, and a key sent again with other fields is refused 422
-- (docs/api.md). NULL for the answers kept before (they go within 24 hours).
ALTER TABLE submissions ADD COLUMN request_hash BLOB;
