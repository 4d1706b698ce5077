-- 0017_encompass.sql — Operation Encompass: one notification per child per
-- setting (or the local authority, for a child educated at home), due
-- before the setting's next school day starts; the Key Adult's
-- acknowledgement and what the setting did; escalations; and the
-- partnership's settings for domestic abuse work.
CREATE TABLE encompass_notifications (
	id INTEGER PRIMARY KEY,
	incident_child_id INTEGER NOT NULL REFERENCES da_incident_children (id),
	recipient_agency_id INTEGER NOT NULL REFERENCES agencies (id), -- the setting, or the local authority
	content TEXT NOT NULL CHECK (content IN ('full', 'minimal')), -- the partnership setting when it was made
	created_at TEXT NOT NULL,              -- when it reached the recipient's inbox (delivered)
	due_at TEXT NOT NULL,                  -- the start of the recipient's next school day
	acknowledged_at TEXT,
	acknowledged_by INTEGER REFERENCES users (id),
	action TEXT CHECK (action IN ('support_offered', 'monitoring', 'referral_made', 'no_action', 'other')),
	action_detail TEXT,                    -- what was done; the reason, for no action
	action_at TEXT,
	action_by INTEGER REFERENCES users (id),
	UNIQUE (incident_child_id, recipient_agency_id),
	CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL)),
	CHECK (action IS NULL OR (acknowledged_at IS NOT NULL AND action_at IS NOT NULL)),
	CHECK (action IS NULL OR action NOT IN ('no_action', 'other') OR length(action_detail) > 0)
) STRICT;
CREATE INDEX encompass_inbox ON encompass_notifications (recipient_agency_id, acknowledged_at, due_at);
CREATE INDEX encompass_by_due ON encompass_notifications (acknowledged_at, due_at);

-- A notification not acknowledged in time, listed for the local authority's
-- education safeguarding team and the police: recorded once.
CREATE TABLE encompass_escalations (
	id INTEGER PRIMARY KEY,
	notification_id INTEGER NOT NULL UNIQUE REFERENCES encompass_notifications (id),
	escalated_at TEXT NOT NULL
) STRICT;

-- The partnership's settings for domestic abuse work: one row.
CREATE TABLE da_settings (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	-- 1: during school holidays a notification is still due by the next weekday's start;
	-- 0: by the start of the next term day
	deliver_in_holidays INTEGER NOT NULL DEFAULT 0 CHECK (deliver_in_holidays IN (0, 1)),
	content TEXT NOT NULL DEFAULT 'full' CHECK (content IN ('full', 'minimal')),
	escalate_after_minutes INTEGER NOT NULL DEFAULT 120 CHECK (escalate_after_minutes BETWEEN 0 AND 10080),
	-- which incidents create an IDVA referral (Operation Provide)
	idva_referrals TEXT NOT NULL DEFAULT 'medium_high' CHECK (idva_referrals IN ('all', 'medium_high')),
	updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	updated_by INTEGER REFERENCES users (id)
) STRICT;
INSERT INTO da_settings (id) VALUES (1);
