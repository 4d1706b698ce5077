-- 0081_assurance_emails.sql — the emails the quality assurance job sent
-- about a return: one reminder before the return date, and a chase each week
-- while it is overdue. A row is written in the same unit as the emails it
-- stands for, so each is queued once however often the job runs.
CREATE TABLE qa_return_emails (
	return_id INTEGER NOT NULL REFERENCES qa_returns (id),
	kind TEXT NOT NULL CHECK (kind IN ('reminder', 'overdue')),
	sent_on TEXT NOT NULL,
	PRIMARY KEY (return_id, kind, sent_on)
) STRICT, WITHOUT ROWID;
