-- 0003_feedback.sql — anonymous feedback on the service from the phase banner.
CREATE TABLE feedback (
	id INTEGER PRIMARY KEY,
	satisfaction TEXT NOT NULL CHECK (satisfaction IN ('very_satisfied', 'satisfied', 'neutral',
	                                                   'dissatisfied', 'very_dissatisfied')),
	comments TEXT,
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
