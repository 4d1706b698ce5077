-- 0008_mail.sql — the email outbox (src/areas/mail/mail.h). Each email is a
-- row written in the same transaction as the change that causes it; the
-- sender in `haven serve` delivers due rows and retries with backoff.
-- Times are Unix seconds (UTC). last_error holds SMTP/curl codes only.
CREATE TABLE mail_outbox (
	id INTEGER PRIMARY KEY,
	to_address TEXT NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
	subject TEXT NOT NULL CHECK (length(subject) <= 200),
	body_text TEXT NOT NULL,
	attachment_name TEXT,
	attachment_type TEXT,
	attachment BLOB,
	created_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER)),
	next_attempt_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER)),
	attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	sent_at INTEGER,
	last_error TEXT,
	status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
	CHECK ((attachment IS NULL) = (attachment_name IS NULL)),
	CHECK ((attachment IS NULL) = (attachment_type IS NULL)),
	CHECK ((status = 'sent') = (sent_at IS NOT NULL))
) STRICT;

-- The sender's question: what is due now.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, id) WHERE status = 'queued';
CREATE INDEX mail_outbox_status ON mail_outbox (status);
