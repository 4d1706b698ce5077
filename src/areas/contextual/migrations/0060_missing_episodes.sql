-- 0060_missing_episodes.sql — contextual safeguarding: missing episodes
-- reported by the police, the child matched to the register, the return,
-- and the return home interview offered by the child's local authority.

CREATE TABLE missing_episodes (
	id INTEGER PRIMARY KEY,
	police_reference TEXT NOT NULL UNIQUE,
	content_hash TEXT NOT NULL,            -- of the report as sent: a resend with other details is refused
	source TEXT NOT NULL CHECK (source IN ('web', 'api', 'import')),
	reported_by_agency_id INTEGER REFERENCES agencies (id),
	reported_by_user_id INTEGER REFERENCES users (id),
	-- the child as the police gave them, and the register child they were matched to
	given_name TEXT NOT NULL,
	family_name TEXT NOT NULL,
	date_of_birth TEXT NOT NULL,
	la_code INTEGER NOT NULL REFERENCES local_authorities (code),
	child_id INTEGER REFERENCES children (id),
	match_note TEXT,
	reported_at TEXT NOT NULL,             -- UTC instants throughout
	risk_grading TEXT NOT NULL CHECK (risk_grading IN ('low', 'medium', 'high')),
	missing_from TEXT NOT NULL CHECK (missing_from IN ('home', 'care')),
	placing_authority TEXT,                -- a child placed here by another authority
	returned_at TEXT,
	found_where TEXT,
	safe_and_well_check INTEGER CHECK (safe_and_well_check IN (0, 1)),
	created_at TEXT NOT NULL,
	-- the return home interview (one per episode)
	interview_offered_at TEXT,
	interview_response TEXT CHECK (interview_response IN ('accepted', 'declined')),
	interview_completed_at TEXT,
	interview_by TEXT,
	push_factors TEXT,
	pull_factors TEXT,
	harm_while_missing TEXT,
	exploitation_indicators TEXT,
	interview_actions TEXT,
	interview_recorded_by INTEGER REFERENCES users (id),
	CHECK (returned_at IS NULL OR returned_at >= reported_at),
	CHECK (interview_completed_at IS NULL OR interview_response = 'accepted')
) STRICT;
CREATE INDEX missing_episodes_by_area ON missing_episodes (la_code, reported_at);
CREATE INDEX missing_episodes_by_child ON missing_episodes (child_id, reported_at);
CREATE INDEX missing_episodes_by_reporter ON missing_episodes (reported_by_agency_id, reported_at);

-- The repeat-missing rule: this many episodes within this many days flags the child.
CREATE TABLE missing_settings (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	repeat_episodes INTEGER NOT NULL CHECK (repeat_episodes BETWEEN 2 AND 20),
	repeat_days INTEGER NOT NULL CHECK (repeat_days BETWEEN 1 AND 365)
) STRICT;
INSERT INTO missing_settings (id, repeat_episodes, repeat_days) VALUES (1, 3, 30);
