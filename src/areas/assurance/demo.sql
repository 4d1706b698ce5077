-- demo.sql (assurance) — the demo partnership's quality assurance, all
-- fictional, so every quality assurance page is there to open (issue #16:
-- every page reachable from a dashboard). Loaded by assurance_load_demo
-- after it has published the demo standards (data/standards-demo-*.json:
-- Section 11 "demo-2025" and Section 175/157 "demo-2026").
--
-- * Last year's Section 11 audit (2025): every agency's return submitted
--   and moderated, so nothing waits for the partnership; the police's has a
--   question from the challenge event still to answer and a completed
--   action on its amber standard.
-- * This year's schools' audit (Section 175/157), open now and due in about
--   four months (dated from the day the demo is made, so it is never
--   overdue in a test and sends no reminder): a return for every school and
--   the college, Brookfield Primary's started. Each school's people have it
--   on their task list, as they would.
-- * A case audit of Sam (graded by the panel in December 2025, with an
--   action done) and Jo (waiting for the IDVA service's findings), named for
--   the partnership and the IDVA service's adviser.
--
-- Everything dated in the past is in 2025, before the periods the tests count.

-- last year's Section 11 audit: a return from every agency that makes one (as opening a cycle makes
-- them), Blackpool's front door's after the return date
INSERT INTO qa_cycles (standard_set_id, title, opens_on, returns_due_on, created_by, created_at)
	SELECT s.id, 'Section 11 audit 2024-25 (demo)', '2025-01-06', '2025-03-28', u.id, '2025-01-06T09:00:00.000Z'
	FROM qa_standard_sets s, users u
	WHERE s.kind = 'section11' AND s.version = 'demo-2025' AND u.email = 'partnership@demo.haven.example';

INSERT INTO qa_returns (cycle_id, agency_id, submitted_on, submitted_by)
	SELECT c.id, a.id, CASE a.slug WHEN 'blackpool-council' THEN '2025-04-02' ELSE '2025-03-24' END,
	       (SELECT min(u.id) FROM users u WHERE u.agency_id = a.id)
	FROM qa_cycles c, agencies a
	WHERE c.title = 'Section 11 audit 2024-25 (demo)'
	  AND a.type NOT IN ('school', 'college', 'early_years', 'partnership')
	ORDER BY a.id;

-- this year's schools' audit
INSERT INTO qa_cycles (standard_set_id, title, opens_on, returns_due_on, created_by, created_at)
	SELECT s.id, 'Schools'' safeguarding audit 2026-27 (demo)', {{month -1 0}}, {{month 4 -1}}, u.id,
	       {{month -1 0}} || 'T00:00:00.000Z'
	FROM qa_standard_sets s, users u
	WHERE s.kind = 'section175' AND s.version = 'demo-2026' AND u.email = 'partnership@demo.haven.example';

INSERT INTO qa_returns (cycle_id, agency_id)
	SELECT c.id, a.id FROM qa_cycles c, agencies a
	WHERE c.title = 'Schools'' safeguarding audit 2026-27 (demo)' AND a.type IN ('school', 'college')
	ORDER BY a.id;

-- each standard of each return, as opening a cycle makes them (evidence documents attach to these)
-- The demo standards' ids in their order (data/standards-demo-*.json), written out: one text for SQLite
-- and PostgreSQL, which read JSON differently.
WITH standards (kind, key, id) AS (VALUES ('section11', 0, 'leadership'), ('section11', 1, 'training'),
	('section11', 2, 'voice-of-the-child'), ('section175', 0, 'dsl-role'), ('section175', 1, 'safer-recruitment'),
	('section175', 2, 'online-safety'))
INSERT INTO qa_return_standards (return_id, standard_id)
	SELECT r.id, s.id
	FROM qa_returns r
	JOIN qa_cycles c ON c.id = r.cycle_id
	JOIN qa_standard_sets d ON d.id = c.standard_set_id JOIN standards s ON s.kind = d.kind
	ORDER BY r.id, s.key;

-- last year's scores: fully met but for three, each agreed at moderation but the health board's training
-- The demo standards' ids in their order (data/standards-demo-*.json), written out: one text for SQLite
-- and PostgreSQL, which read JSON differently.
WITH standards (kind, key, id) AS (VALUES ('section11', 0, 'leadership'), ('section11', 1, 'training'),
	('section11', 2, 'voice-of-the-child'), ('section175', 0, 'dsl-role'), ('section175', 1, 'safer-recruitment'),
	('section175', 2, 'online-safety'))
INSERT INTO qa_scores (return_id, standard_id, score, evidence, moderated_score, moderation_reason, moderated_by)
	SELECT x.return_id, x.standard_id, x.score, x.evidence,
	       CASE WHEN x.icb_training THEN '2' ELSE x.score END,
	       CASE WHEN x.icb_training
	            THEN 'The training records show two teams not yet trained (fictional).'
	            ELSE 'Agreed at the moderation panel (fictional).' END,
	       (SELECT id FROM users WHERE email = 'partnership@demo.haven.example')
	FROM (SELECT r.id AS return_id, s.id AS standard_id,
	             a.slug || '/' || s.id = 'demo-icb/training' AS icb_training,
	             CASE a.slug || '/' || s.id
	                 WHEN 'lancashire-constabulary/training' THEN '1'
	                 WHEN 'demo-teaching-hospitals/leadership' THEN '2'
	                 WHEN 'demo-coast-idva-service/voice-of-the-child' THEN '0'
	                 ELSE '3' END AS score,
	             CASE a.slug || '/' || s.id
	                 WHEN 'lancashire-constabulary/training'
	                     THEN 'Half of response officers have had the safeguarding course (fictional).'
	                 WHEN 'demo-teaching-hospitals/leadership'
	                     THEN 'The named leader reports to the board twice a year, not each quarter (fictional).'
	                 WHEN 'demo-coast-idva-service/voice-of-the-child'
	                     THEN 'Children have not been asked about the service yet (fictional).'
	                 ELSE 'In place and reported to the board this year (fictional).' END AS evidence
	      FROM qa_returns r
	      JOIN qa_cycles c ON c.id = r.cycle_id
	      JOIN agencies a ON a.id = r.agency_id
	      JOIN qa_standard_sets d ON d.id = c.standard_set_id JOIN standards s ON s.kind = d.kind
	      WHERE c.title = 'Section 11 audit 2024-25 (demo)'
	      ORDER BY r.id, s.key) x;

-- the police's challenge question, not answered yet, and its completed action
INSERT INTO qa_challenges (return_id, question, asked_by, asked_on)
	SELECT r.id, 'How will you know the officers trained use what they learned? (fictional)', u.id, '2025-05-06'
	FROM qa_returns r JOIN qa_cycles c ON c.id = r.cycle_id JOIN agencies a ON a.id = r.agency_id, users u
	WHERE c.title = 'Section 11 audit 2024-25 (demo)' AND a.slug = 'lancashire-constabulary'
	  AND u.email = 'partnership@demo.haven.example';

INSERT INTO qa_actions (return_id, standard_id, action, owner, due_on, status, completion_evidence,
                        impact_evidence, completed_on)
	SELECT r.id, 'training', 'Train every response officer on the safeguarding course (fictional).',
	       'The head of learning and development', '2025-09-30', 'complete',
	       'Every response officer has had the course (fictional).',
	       'Referrals from response officers now say what the child said (fictional).', '2025-09-12'
	FROM qa_returns r JOIN qa_cycles c ON c.id = r.cycle_id JOIN agencies a ON a.id = r.agency_id
	WHERE c.title = 'Section 11 audit 2024-25 (demo)' AND a.slug = 'lancashire-constabulary';

-- Brookfield has started this year's return
INSERT INTO qa_scores (return_id, standard_id, score, evidence)
	SELECT r.id, 'dsl-role', 'green', 'The DSL and deputy were trained in September (fictional).'
	FROM qa_returns r JOIN qa_cycles c ON c.id = r.cycle_id JOIN agencies a ON a.id = r.agency_id
	WHERE c.title = 'Schools'' safeguarding audit 2026-27 (demo)' AND a.slug = 'brookfield-primary';

-- a case audit of Sam (demo child 2, graded) and Jo (demo child 3, waiting for findings), each audited
-- by an agency that works with the child (need to know: the IDVA service works with Sam, Lancashire's
-- front door with Jo); the partnership chairs the panel and sees each case by its number only
INSERT INTO qa_case_audits (title, theme, created_by, created_at)
	SELECT 'Neglect: multi-agency case audit (demo)', 'Neglect of older children (fictional theme)', id,
	       '2025-11-03T10:00:00.000Z'
	FROM users WHERE email = 'partnership@demo.haven.example';

INSERT INTO qa_case_audit_children (audit_id, child_id)
	SELECT id, c.child_id FROM qa_case_audits, (SELECT 2 AS child_id UNION ALL SELECT 3) c
	WHERE title = 'Neglect: multi-agency case audit (demo)';

INSERT INTO qa_case_audit_auditors (audit_id, user_id)
	SELECT a.id, u.id FROM qa_case_audits a, users u
	WHERE a.title = 'Neglect: multi-agency case audit (demo)'
	  AND u.email IN ('partnership@demo.haven.example', 'idva@demo.haven.example', 'frontdoor@demo.haven.example');

INSERT INTO qa_case_audit_findings (audit_id, child_id, agency_id, grade, what_went_well, what_could_be_better,
                                    child_voice, recorded_by, recorded_at)
	SELECT a.id, 2, u.agency_id, 'good', 'The adviser saw the child''s parent within two days (fictional).',
	       'The school was not told of the safety plan (fictional).',
	       'The child''s wish to keep going to the youth club is in the plan (fictional).', u.id,
	       '2025-11-20T15:00:00.000Z'
	FROM qa_case_audits a, users u
	WHERE a.title = 'Neglect: multi-agency case audit (demo)' AND u.email = 'idva@demo.haven.example';

INSERT INTO qa_case_audit_gradings (audit_id, child_id, grade, learning, graded_by, graded_at)
	SELECT a.id, 2, 'requires_improvement',
	       'Share safety plans with the child''s school the same week (fictional learning).', u.id,
	       '2025-12-01T11:00:00.000Z'
	FROM qa_case_audits a, users u
	WHERE a.title = 'Neglect: multi-agency case audit (demo)' AND u.email = 'partnership@demo.haven.example';

INSERT INTO qa_case_audit_actions (audit_id, action, owner, due_on, created_by, owner_id, status,
                                   completion_evidence, impact_evidence, done_on)
	SELECT a.id, 'Add the child''s school to the IDVA service''s safety plan checklist (fictional).', o.name,
	       '2025-12-19', p.id, o.id, 'done', 'The checklist was updated on 12 December (fictional).',
	       'Schools were told of every safety plan since (fictional).', '2025-12-12'
	FROM qa_case_audits a, users o, users p
	WHERE a.title = 'Neglect: multi-agency case audit (demo)' AND o.email = 'idva@demo.haven.example'
	  AND p.email = 'partnership@demo.haven.example';
