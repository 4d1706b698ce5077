-- demo.sql (reviews) — three fictional serious incident cases at different
-- stages, for the demo partnership. The children are "Child A/B/C" only;
-- nothing here is about a real child. The demo partnership user is in every
-- group (the partnership sees every case anyway); the demo practitioner is in
-- the groups of cases 1 and 2 only, so case 3 shows what a non-member gets.
-- Contributions' due dates follow rules.h (5 working days after the
-- notification), worked out with `haven calendar add-working-days`.
INSERT INTO review_cases (id, reference, child_pseudonym, la_code, harm, circumstances, looked_after_child,
	aware_on, panel_notified_on, rapid_review_on, rapid_review_attendance, rapid_review_facts,
	rapid_review_immediate_actions, rapid_review_learning, rapid_review_decision, rapid_review_rationale,
	rapid_review_submitted_on, cspr_commissioned_on, cspr_reviewer, cspr_terms_of_reference, cspr_method,
	cspr_draft_on, cspr_final_on, cspr_panel_told_on, cspr_published_on, cspr_link, created_by) VALUES
	(1, 'SI-2025-001', 'Child A', 889, 'death',
	 'Fictional demo case: an infant died; neglect was suspected.', 0,
	 '2025-06-02', '2025-06-05', '2025-06-20', 'Police, children''s social care, health, education (demo)',
	 'Fictional facts for the demo.', 'Fictional immediate actions.', 'Fictional learning.',
	 'commission_cspr', 'Learning for the whole partnership.', '2025-06-24',
	 '2025-07-07', 'A. Reviewer (fictional)', 'Fictional terms of reference.', 'Systems approach',
	 '2025-11-10', '2025-12-08', '2025-12-15', '2026-01-05', 'https://example.org/demo/cspr-child-a',
	 (SELECT id FROM users WHERE email = 'partnership@demo.haven.example')),
	(2, 'SI-2026-001', 'Child B', 890, 'serious_harm',
	 'Fictional demo case: a baby was admitted with a suspected abusive head injury.', 0,
	 '2026-05-11', '2026-05-14', '2026-06-01', 'Police, children''s social care, health (demo)',
	 'Fictional facts for the demo.', 'Fictional immediate actions.', 'Fictional learning.',
	 'commission_cspr', 'Practice across agencies needs a closer look.', '2026-06-03',
	 '2026-06-15', 'B. Reviewer (fictional)', 'Fictional terms of reference.', 'Practitioner event and case review',
	 NULL, NULL, NULL, NULL, NULL,
	 (SELECT id FROM users WHERE email = 'partnership@demo.haven.example')),
	(3, 'SI-2026-002', 'Child C', 888, 'death',
	 'Fictional demo case: a looked-after infant died in an unsafe sleeping arrangement.', 1,
	 '2026-11-20', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	 (SELECT id FROM users WHERE email = 'partnership@demo.haven.example'));

INSERT INTO review_agencies (case_id, agency_id)
	SELECT 1, id FROM agencies WHERE slug = 'bwd-council' UNION ALL
	SELECT 1, id FROM agencies WHERE slug = 'lancashire-constabulary' UNION ALL
	SELECT 1, id FROM agencies WHERE slug = 'demo-icb' UNION ALL
	SELECT 2, id FROM agencies WHERE slug = 'blackpool-council' UNION ALL
	SELECT 2, id FROM agencies WHERE slug = 'demo-teaching-hospitals' UNION ALL
	SELECT 3, id FROM agencies WHERE slug = 'lancashire-county-council' UNION ALL
	SELECT 3, id FROM agencies WHERE slug = 'demo-icb';

INSERT INTO review_contributions (case_id, agency_id, due_on, received_on)
	SELECT 1, id, '2025-06-12', '2025-06-11' FROM agencies WHERE slug = 'bwd-council' UNION ALL
	SELECT 1, id, '2025-06-12', '2025-06-12' FROM agencies WHERE slug = 'lancashire-constabulary' UNION ALL
	SELECT 1, id, '2025-06-12', '2025-06-13' FROM agencies WHERE slug = 'demo-icb' UNION ALL
	SELECT 2, id, '2026-05-21', '2026-05-20' FROM agencies WHERE slug = 'blackpool-council' UNION ALL
	SELECT 2, id, '2026-05-21', '2026-05-21' FROM agencies WHERE slug = 'demo-teaching-hospitals' UNION ALL
	SELECT 3, id, '2026-12-04', NULL FROM agencies WHERE slug = 'lancashire-county-council' UNION ALL
	SELECT 3, id, '2026-12-04', NULL FROM agencies WHERE slug = 'demo-icb';

INSERT INTO review_milestones (case_id, title, due_on, done_on) VALUES
	(2, 'Terms of reference agreed', '2026-07-03', '2026-07-02'),
	(2, 'Practitioner learning event', '2026-09-18', '2026-09-25'),
	(2, 'Draft report to the partnership', '2026-11-13', NULL);

INSERT INTO review_case_themes (case_id, theme_id)
	SELECT 1, id FROM review_themes WHERE slug = 'neglect' UNION ALL
	SELECT 1, id FROM review_themes WHERE slug = 'safer-sleep' UNION ALL
	SELECT 2, id FROM review_themes WHERE slug = 'abusive-head-trauma' UNION ALL
	SELECT 3, id FROM review_themes WHERE slug = 'safer-sleep';

INSERT INTO review_members (case_id, user_id)
	SELECT 1, id FROM users WHERE email = 'partnership@demo.haven.example' UNION ALL
	SELECT 1, id FROM users WHERE email = 'practitioner@demo.haven.example' UNION ALL
	SELECT 2, id FROM users WHERE email = 'partnership@demo.haven.example' UNION ALL
	SELECT 2, id FROM users WHERE email = 'practitioner@demo.haven.example' UNION ALL
	SELECT 3, id FROM users WHERE email = 'partnership@demo.haven.example';
