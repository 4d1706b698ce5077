-- demo.sql (assurance) — the demo partnership's quality assurance, all
-- fictional, so every quality assurance page is there to open (issue #16:
-- every page reachable from a dashboard). Loaded by assurance_load_demo
-- after it has published the demo standards (data/standards-demo.json,
-- Section 175/157 for schools and colleges).
--
-- * Last year's schools' audit (2025): every school's and the college's
--   return submitted and moderated, so nothing waits for the partnership;
--   Brookfield Primary's has a question from the challenge event still to
--   answer and a completed action on its amber standard.
-- * This year's schools' audit, open now and due in about four months
--   (dated from the day the demo is made, so it is never overdue in a
--   test and sends no reminder): a return for every school, Brookfield's
--   started. Each school's people have it on their task list, as they would.
-- * A case audit of Sam (graded by the panel in December 2025, with an
--   action done) and Jo (waiting for the IDVA service's findings), named for
--   the partnership and the IDVA service's adviser.
--
-- Everything dated in the past is in 2025, before the periods the tests count.

-- last year's audit
INSERT INTO qa_cycles (standard_set_id, title, opens_on, returns_due_on, created_by, created_at)
	SELECT s.id, 'Schools'' safeguarding audit 2024-25 (demo)', '2025-01-06', '2025-03-28', u.id,
	       '2025-01-06T09:00:00.000Z'
	FROM qa_standard_sets s, users u
	WHERE s.version = 'demo-2025' AND u.email = 'partnership@demo.haven.example';

-- Larkhill's came in after the return date
INSERT INTO qa_returns (cycle_id, agency_id, submitted_on, submitted_by, governor_name, governor_signed_on)
	SELECT c.id, a.id, CASE a.slug WHEN 'larkhill-academy' THEN '2025-04-02' ELSE '2025-03-24' END,
	       (SELECT min(u.id) FROM users u WHERE u.agency_id = a.id),
	       'Chris Governor (fictional)', '2025-03-20'
	FROM qa_cycles c, agencies a
	WHERE c.title = 'Schools'' safeguarding audit 2024-25 (demo)' AND a.type IN ('school', 'college')
	ORDER BY a.id;

-- this year's audit
INSERT INTO qa_cycles (standard_set_id, title, opens_on, returns_due_on, created_by, created_at)
	SELECT s.id, 'Schools'' safeguarding audit 2026-27 (demo)', date('now', 'start of month', '-1 month'),
	       date('now', 'start of month', '+4 months', '-1 day'), u.id,
	       strftime('%Y-%m-%dT%H:%M:%fZ', 'now', 'start of month', '-1 month')
	FROM qa_standard_sets s, users u
	WHERE s.version = 'demo-2025' AND u.email = 'partnership@demo.haven.example';

INSERT INTO qa_returns (cycle_id, agency_id)
	SELECT c.id, a.id FROM qa_cycles c, agencies a
	WHERE c.title = 'Schools'' safeguarding audit 2026-27 (demo)' AND a.type IN ('school', 'college')
	ORDER BY a.id;

-- each standard of each return, as opening a cycle makes them (evidence documents attach to these)
INSERT INTO qa_return_standards (return_id, standard_id)
	SELECT r.id, json_extract(s.value, '$.id')
	FROM qa_returns r
	JOIN qa_cycles c ON c.id = r.cycle_id
	JOIN qa_standard_sets d ON d.id = c.standard_set_id, json_each(d.document, '$.standards') s
	WHERE c.title LIKE 'Schools'' safeguarding audit % (demo)'
	ORDER BY r.id, s.key;

-- last year's scores: green but for three, each agreed at moderation but Moorside's online safety
INSERT INTO qa_scores (return_id, standard_id, score, evidence, moderated_score, moderation_reason, moderated_by)
	SELECT x.return_id, x.standard_id, x.score, x.evidence,
	       CASE WHEN x.moorside_online THEN 'amber' ELSE x.score END,
	       CASE WHEN x.moorside_online
	            THEN 'The filtering review is a year old and monitoring has not been reviewed (fictional).'
	            ELSE 'Agreed at the moderation panel (fictional).' END,
	       (SELECT id FROM users WHERE email = 'partnership@demo.haven.example')
	FROM (SELECT r.id AS return_id, json_extract(s.value, '$.id') AS standard_id,
	             a.slug || '/' || json_extract(s.value, '$.id') = 'moorside-college/online-safety' AS moorside_online,
	             CASE a.slug || '/' || json_extract(s.value, '$.id')
	                 WHEN 'brookfield-primary/safer-recruitment' THEN 'amber'
	                 WHEN 'larkhill-academy/online-safety' THEN 'red'
	                 WHEN 'seafront-primary/dsl-role' THEN 'amber'
	                 ELSE 'green' END AS score,
	             CASE a.slug || '/' || json_extract(s.value, '$.id')
	                 WHEN 'brookfield-primary/safer-recruitment'
	                     THEN 'Two checks were missing from the single central record in the autumn (fictional).'
	                 WHEN 'larkhill-academy/online-safety'
	                     THEN 'Filtering has not been reviewed since it was installed (fictional).'
	                 WHEN 'seafront-primary/dsl-role' THEN 'One deputy''s training is out of date (fictional).'
	                 ELSE 'In place and checked by the governors this year (fictional).' END AS evidence
	      FROM qa_returns r
	      JOIN qa_cycles c ON c.id = r.cycle_id
	      JOIN agencies a ON a.id = r.agency_id
	      JOIN qa_standard_sets d ON d.id = c.standard_set_id, json_each(d.document, '$.standards') s
	      WHERE c.title = 'Schools'' safeguarding audit 2024-25 (demo)'
	      ORDER BY r.id, s.key) x;

-- Brookfield's challenge question, not answered yet, and its completed action
INSERT INTO qa_challenges (return_id, question, asked_by, asked_on)
	SELECT r.id, 'How will the governors know the single central record stays complete? (fictional)', u.id, '2025-05-06'
	FROM qa_returns r JOIN qa_cycles c ON c.id = r.cycle_id JOIN agencies a ON a.id = r.agency_id, users u
	WHERE c.title = 'Schools'' safeguarding audit 2024-25 (demo)' AND a.slug = 'brookfield-primary'
	  AND u.email = 'partnership@demo.haven.example';

INSERT INTO qa_actions (return_id, standard_id, action, owner, due_on, status, completion_evidence,
                        impact_evidence, completed_on)
	SELECT r.id, 'safer-recruitment', 'Check every new starter''s entry before their first day (fictional).',
	       'The business manager', '2025-07-31', 'complete',
	       'The checklist is in use and the governor has signed it off (fictional).',
	       'No entry was missing at the governor''s summer check (fictional).', '2025-07-10'
	FROM qa_returns r JOIN qa_cycles c ON c.id = r.cycle_id JOIN agencies a ON a.id = r.agency_id
	WHERE c.title = 'Schools'' safeguarding audit 2024-25 (demo)' AND a.slug = 'brookfield-primary';

-- Brookfield has started this year's return
INSERT INTO qa_scores (return_id, standard_id, score, evidence)
	SELECT r.id, 'dsl-role', 'green', 'The DSL and deputy were trained in September (fictional).'
	FROM qa_returns r JOIN qa_cycles c ON c.id = r.cycle_id JOIN agencies a ON a.id = r.agency_id
	WHERE c.title = 'Schools'' safeguarding audit 2026-27 (demo)' AND a.slug = 'brookfield-primary';

-- a case audit of Sam (demo child 2, graded) and Jo (demo child 3, waiting for findings)
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
	  AND u.email IN ('partnership@demo.haven.example', 'idva@demo.haven.example');

INSERT INTO qa_case_audit_findings (audit_id, child_id, agency_id, grade, what_went_well, what_could_be_better,
                                    child_voice, recorded_by, recorded_at)
	SELECT a.id, 2, u.agency_id, 'good', 'The adviser saw Sam''s parent within two days (fictional).',
	       'The school was not told of the safety plan (fictional).',
	       'Sam''s wish to keep going to the youth club is in the plan (fictional).', u.id,
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
