-- 0082_assurance_challenges_actions.sql — after a return is submitted: the
-- challenge event's questions from the partnership and the agency's answers,
-- and the agency's action plan for its red and amber standards (an owner, a
-- due date, a status, evidence of completion and of impact).
CREATE TABLE qa_challenges (
	id INTEGER PRIMARY KEY,
	return_id INTEGER NOT NULL REFERENCES qa_returns (id),
	question TEXT NOT NULL,
	asked_by INTEGER REFERENCES users (id),
	asked_on TEXT NOT NULL,
	answer TEXT,
	answered_by INTEGER REFERENCES users (id),
	answered_on TEXT
) STRICT;
CREATE INDEX qa_challenges_by_return ON qa_challenges (return_id, id);

CREATE TABLE qa_actions (
	id INTEGER PRIMARY KEY,
	return_id INTEGER NOT NULL REFERENCES qa_returns (id),
	standard_id TEXT NOT NULL,
	action TEXT NOT NULL,
	owner TEXT NOT NULL,
	due_on TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'complete')),
	completion_evidence TEXT,
	impact_evidence TEXT,
	completed_on TEXT
) STRICT;
CREATE INDEX qa_actions_by_return ON qa_actions (return_id, standard_id, id);
CREATE INDEX qa_actions_open_by_due ON qa_actions (due_on) WHERE status != 'complete';
