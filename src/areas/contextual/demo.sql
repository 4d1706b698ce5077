-- demo.sql (contextual) — fictional contexts for the demo partnership: two
-- places, a peer group and a person of concern, linked to the demo children
-- with the nature and source of each link, disruption against them, and a
-- level 2 MACE meeting (its agenda is built from these links by
-- contextual_load_demo after this runs, as setting one up builds it) with
-- its attendance and an open action; and an exploitation screening of Sam
-- Sample, the National Referral Mechanism referral that followed, and the
-- level 1 MACE meeting that discussed them. Every name is invented and says
-- so.

INSERT INTO contexts (kind, name, place_kind, address, description, agency_id, user_id, created_at)
	SELECT 'place', 'Riverside skate park (demo)', 'park', 'Riverside, Preston (fictional)',
		'Older youths seen giving lifts to children in the evening.', a.id, u.id, '2026-10-05T09:00:00Z'
		FROM agencies a, users u WHERE a.slug = 'lancashire-constabulary' AND u.email = 'police@demo.haven.example'
	UNION ALL
	SELECT 'place', 'Chicken shop on Demo Street (demo)', 'shop', 'Demo Street, Blackpool (fictional)',
		NULL, a.id, u.id, '2026-10-12T09:00:00Z'
		FROM agencies a, users u WHERE a.slug = 'lancashire-constabulary' AND u.email = 'police@demo.haven.example'
	UNION ALL
	SELECT 'group', 'The Station Road group (demo)', NULL, 'Station Road area (fictional)',
		'A peer group meeting after school.', a.id, u.id, '2026-10-20T09:00:00Z'
		FROM agencies a, users u WHERE a.slug = 'lancashire-county-council' AND u.email = 'frontdoor@demo.haven.example'
	UNION ALL
	SELECT 'person', 'Adult A (fictional, demo)', NULL, 'Known to stay in the Riverside area (fictional)',
		'Thought to recruit children to carry drugs.', a.id, u.id, '2026-10-21T09:00:00Z'
		FROM agencies a, users u WHERE a.slug = 'lancashire-constabulary' AND u.email = 'police@demo.haven.example';

-- the demo children (src/areas/children/demo.sql): 3 (Lancashire), 2 (Blackpool), 1 (Blackburn with Darwen)
INSERT INTO context_links (context_id, child_id, nature, source, agency_id, user_id, created_at)
	SELECT c.id, l.child_id, l.nature, l.source, a.id, u.id, '2026-10-25T10:00:00Z'
	FROM (SELECT 'Riverside skate park (demo)' AS name, 3 AS child_id, 'Seen there late at night' AS nature,
			'Return home interview' AS source
		UNION ALL SELECT 'Riverside skate park (demo)', 2, 'Given lifts from there', 'Police intelligence'
		UNION ALL SELECT 'Chicken shop on Demo Street (demo)', 2, 'Given free food', 'School'
		UNION ALL SELECT 'The Station Road group (demo)', 3, 'A member', 'Police intelligence'
		UNION ALL SELECT 'Adult A (fictional, demo)', 3, 'Associates with', 'Police intelligence') l
	JOIN contexts c ON c.name = l.name, agencies a, users u
	WHERE a.slug = 'lancashire-constabulary' AND u.email = 'police@demo.haven.example';

INSERT INTO disruptions (context_id, kind, started_on, ended_on, outcome, agency_id, user_id, created_at)
	SELECT c.id, 'cawn', '2026-11-02', '2026-11-02', 'Notice served (demo)', a.id, u.id, '2026-11-02T15:00:00Z'
	FROM contexts c, agencies a, users u WHERE c.name = 'Adult A (fictional, demo)'
		AND a.slug = 'lancashire-constabulary' AND u.email = 'police@demo.haven.example'
	UNION ALL
	SELECT c.id, 'licensing_review', '2026-11-10', NULL, NULL, a.id, u.id, '2026-11-10T15:00:00Z'
	FROM contexts c, agencies a, users u WHERE c.name = 'Chicken shop on Demo Street (demo)'
		AND a.slug = 'lancashire-constabulary' AND u.email = 'police@demo.haven.example';

INSERT INTO mace_meetings (level, held_on, agency_id, user_id, last_screening_id, created_at)
	SELECT 2, '2026-11-26', a.id, u.id, 0, '2026-11-19T09:00:00Z'
	FROM agencies a, users u WHERE a.slug = 'lancashire-constabulary' AND u.email = 'police@demo.haven.example';

INSERT INTO mace_attendance (meeting_id, agency_id, attendance, recorded_at)
	SELECT m.id, a.id, CASE a.slug WHEN 'blackpool-council' THEN 'apologies' ELSE 'present' END,
		'2026-11-26T12:00:00Z'
	FROM mace_meetings m, agencies a
	WHERE m.level = 2 AND m.held_on = '2026-11-26' AND a.slug IN ('lancashire-constabulary', 'lancashire-county-council',
		'blackpool-council');

INSERT INTO mace_actions (meeting_id, decision, action, owner_agency_id, due_on, status, created_at, updated_at,
		updated_by)
	SELECT m.id, 'Disrupt the use of the skate park for exploitation (demo)',
		'Ask the council for a public spaces protection order', a.id, '2027-01-29', 'open',
		'2026-11-26T12:00:00Z', '2026-11-26T12:00:00Z', u.id
	FROM mace_meetings m, agencies a, users u
	WHERE m.level = 2 AND m.held_on = '2026-11-26' AND a.slug = 'lancashire-county-council'
		AND u.email = 'police@demo.haven.example';

-- A missing episode of Jo Fictional (demo child 3, Lancashire), over a year
-- ago and closed: found the next morning and the return home interview held,
-- so it waits on nobody's list and stays out of this year's figures. It is
-- there to open from the missing episodes' list and Jo's chronology. As
-- reporting an episode does, it links the police to Jo once loaded
-- (contextual_link_demo_reporters), so the police's links of Jo to the
-- park, the group and Adult A above are made by an agency working with Jo.
INSERT INTO missing_episodes (police_reference, content_hash, source, reported_by_agency_id, reported_by_user_id,
		given_name, family_name, date_of_birth, la_code, child_id, reported_at, risk_grading, missing_from,
		returned_at, found_where, safe_and_well_check, created_at, interview_offered_at, interview_response,
		interview_completed_at, interview_by, push_factors, pull_factors, harm_while_missing,
		exploitation_indicators, interview_actions, interview_recorded_by)
	SELECT 'LC-DEMO-MISSING-1', 'demo', 'web', a.id, u.id, 'Jo', 'Fictional', '2019-01-07', 888, 3,
		'2025-09-12T19:30:00Z', 'medium', 'home', '2025-09-13T07:00:00Z', 'A relative''s house (fictional)', 1,
		'2025-09-12T19:35:00Z', '2025-09-13T10:00:00Z', 'accepted', '2025-09-15T16:00:00Z',
		'Return home interview worker (fictional)', 'An argument at home (fictional)', NULL, 'None disclosed',
		'None seen', 'Family support offered (fictional)', f.id
	FROM agencies a, users u, users f
	WHERE a.slug = 'lancashire-constabulary' AND u.email = 'police@demo.haven.example'
		AND f.email = 'frontdoor@demo.haven.example';

-- Sam Sample (demo child 2, Blackpool, linked to the police) screened by the
-- demo police officer three weeks before the demo was made, with the demo
-- tool (src/areas/contextual/data/tool-demo.json): gifts and money he cannot
-- explain, 1 + 2 = 3, medium by the rule and by judgement. Its review is due
-- three months on, so it waits on nobody's list for two months. The level 1
-- MACE meeting below took it as new, so the next level 1 meeting's agenda
-- does not; medium is not high, so it is not on that agenda either. It is
-- there to open from Sam's chronology, with his screenings page, his network
-- and the referral below (issue #16: every page reachable).
INSERT INTO exploitation_screenings (child_id, tool_id, indicators, score, rule_level, judgement, reasons,
		screened_on, review_by, agency_id, user_id, created_at)
	SELECT 2, (SELECT max(id) FROM exploitation_tool_versions), '["cse-gifts","cce-money"]', 3,
		'medium', 'medium', NULL, {{day -21}}, {{day -21 3}}, u.agency_id,
		u.id, {{at -21}}
	FROM users u WHERE u.email = 'police@demo.haven.example';

-- The police referred Sam to the National Referral Mechanism the next day;
-- the Home Office found reasonable grounds five days later, and the
-- conclusive grounds decision is still awaited, as it usually is for months.
INSERT INTO nrm_referrals (child_id, referred_on, first_responder, reasonable_grounds, reasonable_grounds_on,
		conclusive_grounds, conclusive_grounds_on, agency_id, user_id, created_at)
	SELECT 2, {{day -20}}, 'Lancashire Constabulary (fictional demo)', 'positive',
		{{day -15}}, 'pending', NULL, u.agency_id, u.id,
		{{at -15}}
	FROM users u WHERE u.email = 'police@demo.haven.example';

-- A level 1 MACE meeting (children) set up by the police after the
-- screening and held two weeks before the demo was made, with no action
-- left open; contextual_load_demo builds its agenda after this runs.
INSERT INTO mace_meetings (level, held_on, agency_id, user_id, last_screening_id, created_at)
	SELECT 1, {{day -14}}, u.agency_id, u.id, 0, {{at -18}}
	FROM users u WHERE u.email = 'police@demo.haven.example';

INSERT INTO mace_attendance (meeting_id, agency_id, attendance, recorded_at)
	SELECT m.id, a.id, 'present', {{at -14}}
	FROM mace_meetings m, agencies a
	WHERE m.level = 1 AND a.slug IN ('lancashire-constabulary', 'blackpool-council', 'seafront-primary');
