-- 0007_reviews.sql — serious incidents and the reviews they lead to: the
-- notification to the national panel, the rapid review, the local Child
-- Safeguarding Practice Review (CSPR), and the actions and learning after.
-- Dates are YYYY-MM-DD; deadlines are derived from them by the calendar and
-- never stored, so a change to bank holidays or settings moves them.

CREATE TABLE review_cases (
	id INTEGER PRIMARY KEY,
	reference TEXT NOT NULL UNIQUE,          -- e.g. SI-2026-003
	child_pseudonym TEXT NOT NULL,           -- "Child A": all that leaves the review group
	child_id INTEGER REFERENCES children (id),
	la_code INTEGER NOT NULL REFERENCES local_authorities (code),
	harm TEXT NOT NULL CHECK (harm IN ('death', 'serious_harm')),
	circumstances TEXT NOT NULL,
	looked_after_child INTEGER NOT NULL DEFAULT 0 CHECK (looked_after_child IN (0, 1)),
	aware_on TEXT NOT NULL,                  -- the local authority became aware
	panel_notified_on TEXT,                  -- due 5 working days after aware_on
	ofsted_notified_on TEXT,                 -- deaths of looked-after children
	secretary_of_state_notified_on TEXT,
	-- the rapid review: due 15 working days after the notification
	rapid_review_on TEXT,
	rapid_review_attendance TEXT,
	rapid_review_facts TEXT,
	rapid_review_immediate_actions TEXT,
	rapid_review_learning TEXT,
	rapid_review_decision TEXT CHECK (rapid_review_decision IN ('commission_cspr', 'no_cspr', 'refer_to_panel')),
	rapid_review_rationale TEXT,
	rapid_review_submitted_on TEXT,
	-- the local review
	cspr_commissioned_on TEXT,
	cspr_reviewer TEXT,
	cspr_terms_of_reference TEXT,
	cspr_method TEXT,
	cspr_draft_on TEXT,
	cspr_final_on TEXT,
	cspr_panel_told_on TEXT,
	cspr_published_on TEXT,
	cspr_link TEXT,
	cspr_not_published_reason TEXT,
	created_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX review_cases_by_aware ON review_cases (aware_on);

-- The agencies involved with the child.
CREATE TABLE review_agencies (
	case_id INTEGER NOT NULL REFERENCES review_cases (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	PRIMARY KEY (case_id, agency_id)
) STRICT;

-- The review group: the named people (besides the partnership team) who may see the case.
CREATE TABLE review_members (
	case_id INTEGER NOT NULL REFERENCES review_cases (id),
	user_id INTEGER NOT NULL REFERENCES users (id),
	PRIMARY KEY (case_id, user_id)
) STRICT;
CREATE INDEX review_members_by_user ON review_members (user_id, case_id);

-- Each agency's information for the rapid review, with its own due date.
CREATE TABLE review_contributions (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES review_cases (id),
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	due_on TEXT NOT NULL,
	received_on TEXT,
	UNIQUE (case_id, agency_id)
) STRICT;

-- A CSPR's milestones (terms of reference agreed, practitioner event, ...).
CREATE TABLE review_milestones (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES review_cases (id),
	title TEXT NOT NULL,
	due_on TEXT NOT NULL,
	done_on TEXT
) STRICT;

-- Themes, editable by the partnership.
CREATE TABLE review_themes (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
) STRICT;
INSERT INTO review_themes (slug, name) VALUES
	('neglect', 'Neglect'),
	('abusive-head-trauma', 'Abusive head trauma'),
	('safer-sleep', 'Safer sleep'),
	('domestic-abuse', 'Domestic abuse'),
	('exploitation', 'Exploitation'),
	('suicide-and-self-harm', 'Suicide and self-harm'),
	('fabricated-or-induced-illness', 'Fabricated or induced illness'),
	('concealed-pregnancy', 'Concealed pregnancy');

CREATE TABLE review_case_themes (
	case_id INTEGER NOT NULL REFERENCES review_cases (id),
	theme_id INTEGER NOT NULL REFERENCES review_themes (id),
	PRIMARY KEY (case_id, theme_id)
) STRICT;

-- Recommendations become actions; agencies update their own, the partnership signs off.
CREATE TABLE review_actions (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES review_cases (id),
	recommendation TEXT NOT NULL,
	owner_agency_id INTEGER NOT NULL REFERENCES agencies (id),
	lead TEXT NOT NULL,
	due_on TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'complete')),
	evidence TEXT,
	completed_on TEXT,
	signed_off_by INTEGER REFERENCES users (id),
	signed_off_on TEXT,
	impact TEXT
) STRICT;
CREATE INDEX review_actions_by_case ON review_actions (case_id);

-- Learning for practitioners (a 7-minute briefing), published without identifying the child.
CREATE TABLE review_briefings (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES review_cases (id),
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	published_on TEXT
) STRICT;

-- Partnership settings for reviews.
CREATE TABLE review_settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
INSERT INTO review_settings (key, value) VALUES ('cspr_publication_months', '6');
