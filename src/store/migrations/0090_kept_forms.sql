-- 0090_kept_forms.sql — forms kept when a session had ended (issue 16).
--
-- Someone idle past the session timeout who then sends a form is asked to
-- sign in again; what they typed waits here for 30 minutes, sealed, and
-- fills the same form in again once they have signed in (auth/kept.h). The
-- browser holds a random token in a cookie: only its hash is stored, and the
-- sealed form opens only with the token itself, so neither a copy of the
-- database nor the key file alone reads it. It is bound to the person whose
-- session it was, and taken (deleted) when it is shown again.
CREATE TABLE kept_forms (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,        -- BLAKE2b of the browser's token
	user_id INTEGER NOT NULL REFERENCES users (id),
	path TEXT NOT NULL,                     -- where the form was sent: the route it is shown again by
	sealed BLOB NOT NULL,                   -- the typed fields as JSON, sealed (keys_seal_kept)
	kept_until INTEGER NOT NULL             -- Unix seconds
) STRICT;
CREATE INDEX kept_forms_by_user ON kept_forms (user_id);
CREATE INDEX kept_forms_by_expiry ON kept_forms (kept_until);
