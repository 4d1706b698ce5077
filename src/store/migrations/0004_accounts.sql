-- 0004_accounts.sql — people, their roles, sessions, sign-in throttling,
-- and the tamper-evident audit trail.
CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,             -- stored lower-cased
	name TEXT NOT NULL,
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	password_hash TEXT NOT NULL,            -- argon2id, libsodium's crypto_pwhash_str format
	totp_secret BLOB,                       -- 20 random bytes once the user has set up a second factor
	totp_last_step INTEGER NOT NULL DEFAULT 0, -- the last TOTP time step used, so no code works twice
	disabled_at TEXT,
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE user_roles (
	user_id INTEGER NOT NULL REFERENCES users (id),
	role TEXT NOT NULL CHECK (role IN ('admin', 'partnership', 'practitioner', 'front_door', 'police',
	                                   'dsl', 'idva', 'scrutineer')),
	PRIMARY KEY (user_id, role)
) STRICT;

-- Roles whose users must use a second factor (TOTP), set by an admin.
CREATE TABLE role_settings (
	role TEXT PRIMARY KEY,
	require_totp INTEGER NOT NULL DEFAULT 0 CHECK (require_totp IN (0, 1))
) STRICT;

CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,        -- BLAKE2b of the token; the token itself is never stored
	user_id INTEGER NOT NULL REFERENCES users (id),
	csrf_token TEXT NOT NULL,
	created_at INTEGER NOT NULL,            -- Unix seconds
	last_seen_at INTEGER NOT NULL,
	second_factor_at INTEGER,               -- when TOTP was checked; NULL until then
	pending_totp_secret BLOB,               -- a secret being set up, until its first code is confirmed
	ended_at INTEGER,
	client_address TEXT NOT NULL,
	user_agent TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id, ended_at);

-- Failed sign-ins per account and per client address, for throttling.
CREATE TABLE sign_in_failures (
	key TEXT PRIMARY KEY,                   -- 'email:EMAIL AS TYPED', 'address:ADDRESS' or 'second_factor:USER_ID'
	failures INTEGER NOT NULL,
	last_failure_at INTEGER NOT NULL,
	locked_until INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The audit trail: append-only, each row chained to the one before by hash.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,                       -- UTC, ISO 8601 with milliseconds
	user_id INTEGER,                        -- NULL for an anonymous or failed sign-in
	agency_id INTEGER,
	action TEXT NOT NULL,                   -- e.g. 'sign_in', 'sign_in_failed', 'child.read'
	resource_type TEXT,
	resource_id TEXT,
	reason TEXT,                            -- the reason given to break glass
	client_address TEXT,
	prev_hash BLOB NOT NULL,                -- hash of the row before (32 zero bytes for the first)
	hash BLOB NOT NULL                      -- SHA-256 over this row's fields and prev_hash
) STRICT;
CREATE INDEX audit_by_user ON audit_log (user_id, at);
CREATE INDEX audit_by_resource ON audit_log (resource_type, resource_id, at);
CREATE INDEX audit_by_action ON audit_log (action, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

-- Break-glass access: a user without a relationship to a record gave a
-- reason to see it. Each grant is audited and listed for the partnership's
-- information governance review; it lapses after a fixed time.
CREATE TABLE break_glass_grants (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id),
	resource_type TEXT NOT NULL,
	resource_id INTEGER NOT NULL,
	reason TEXT NOT NULL,
	granted_at INTEGER NOT NULL,            -- Unix seconds
	expires_at INTEGER NOT NULL,
	reviewed_at TEXT,                       -- when information governance reviewed it
	reviewed_by INTEGER REFERENCES users (id),
	review_note TEXT
) STRICT;
CREATE INDEX break_glass_by_user ON break_glass_grants (user_id, resource_type, resource_id, expires_at);
