-- 0103_work_alerts.sql — every clock alerts: each person's choice, per kind
-- of work, of an email at once or one daily digest, and one marker per
-- alert (a task reaching a stage) so each is sent once and survives restarts.
CREATE TABLE work_alert_choices (
	user_id INTEGER NOT NULL REFERENCES users (id),
	kind TEXT NOT NULL,                    -- a task kind: 'support.decide', 'provide.contact', ...
	delivery TEXT NOT NULL CHECK (delivery IN ('immediate', 'digest')),
	PRIMARY KEY (user_id, kind)
) STRICT, WITHOUT ROWID;

CREATE TABLE work_alerts (
	user_id INTEGER NOT NULL REFERENCES users (id),
	kind TEXT NOT NULL,
	record_type TEXT NOT NULL,
	record_id INTEGER NOT NULL,
	stage TEXT NOT NULL CHECK (stage IN ('new', 'due_soon', 'overdue')),
	noticed_at TEXT NOT NULL,              -- UTC: when the job saw the task reach the stage
	delivery TEXT NOT NULL CHECK (delivery IN ('immediate', 'digest')),
	emailed_at TEXT,                       -- NULL: waiting for the person's digest
	PRIMARY KEY (user_id, kind, record_type, record_id, stage)
) STRICT;
CREATE INDEX work_alerts_digest ON work_alerts (user_id, emailed_at) WHERE emailed_at IS NULL;
