-- 0020_account_links.sql — one-time links sent by email: an invitation to
-- set one's first password (72 hours) and a password reset (1 hour). Only a
-- BLAKE2b hash of each link's token is kept, so a copy of the database
-- holds no usable link. A link works once (used_at), and making or using
-- one cancels the person's other unused ones of the same purpose.
CREATE TABLE account_links (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id),
	purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
	token_hash BLOB NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,            -- Unix seconds
	expires_at INTEGER NOT NULL,
	used_at INTEGER,                        -- when it was used
	cancelled_at INTEGER,                   -- when a newer link, or the use of another, replaced it
	CHECK (expires_at > created_at)
) STRICT;
CREATE INDEX account_links_by_user ON account_links (user_id, purpose, created_at);
