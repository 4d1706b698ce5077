-- 0192_submissions.sql — one submission, one save (the HTTP layer's, written through auth/submissions.h).
--
-- A form tapped twice, resent by the browser after a dropped connection, or
-- an API create retried after a timeout, reaches the server twice. Each page's
-- form carries a random submission token, and an API client may send an
-- Idempotency-Key header; the first such request by a person that made its
-- change leaves its answer here, and a second with the same key (to the same
-- method and address) is answered
-- the same way without being run again (docs/architecture.md, "One
-- submission, one save"). The key itself is never stored: key_hash is the
-- BLAKE2b of the person's id, the method and address and their key, so the
-- same key from someone else finds nothing. Rows go after 24 hours (the retention job).
CREATE TABLE submissions (
	id INTEGER PRIMARY KEY,
	key_hash BLOB NOT NULL UNIQUE,  -- BLAKE2b of user id, method, path and key
	status INTEGER NOT NULL,        -- the first answer's status (303 for a form)
	location TEXT,                  -- its Location (where a form led), if any
	content_type TEXT,              -- an API answer's body: its type and text (NULL: none)
	body TEXT,
	created_at INTEGER NOT NULL     -- Unix seconds
) STRICT;
CREATE INDEX submissions_by_created ON submissions (created_at);
