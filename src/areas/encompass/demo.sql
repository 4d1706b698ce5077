-- demo.sql (encompass) — fictional domestic abuse incidents and the
-- Operation Encompass notifications they made, written to the same tables
-- the police intake (src/areas/incidents/) writes, spread over the last
-- weeks (times are relative to when the demo is made) so the inbox, the
-- escalations list and the dashboard have something to show:
--   brookfield-primary (dsl@)   one new, one overdue (minimal form, escalated), one
--                               acknowledged with support offered, one
--                               acknowledged late with no action (a reason)
--   larkhill-academy (dsl2@)    one acknowledged awaiting an action, one
--                               with a referral made
--   seafront-primary            one never acknowledged and escalated
--   lancashire-county-council   one for a child educated at home (frontdoor@)
-- The notifications' times written here stand in: in the same unit of work,
-- demo_sqlite.c gives each the deadline the police intake would count from its
-- incident (the start of the recipient's next school day), and places its
-- delivery, acknowledgement (before the deadline; after it for the one
-- acknowledged late), action and escalation around it, so no deadline falls in
-- the evening or at a weekend, whenever the demo is made. The incidents' times
-- keep the story true on any day: the new one happened two minutes before the
-- demo was made (demo_sqlite.c moves it to the start of a school day that began
-- in those two minutes, so its deadline is still to come), the overdue one five
-- days before (so one has, even over Christmas's bank holidays).
-- Every name, reference, place and number is invented and obviously so.
-- Each INSERT ... SELECT is ordered, so the rows' ids are the same on SQLite
-- and PostgreSQL (whose joins need not keep the VALUES' order).
-- These incidents did not come through the intake, so nothing referred their
-- victims to an IDVA here: the Provide demo loader (order 70) refers those
-- of qualifying incidents once coverage exists, as the application would.

-- children the demo register does not hold yet, at the demo settings
INSERT INTO children (given_name, family_name, date_of_birth, la_code) VALUES
	('Morgan', 'Madeup', '2017-02-14', 889),
	('Casey', 'Specimen', '2015-06-03', 889),
	('Robin', 'Placeholder', '2013-11-21', 889);
INSERT INTO child_links (child_id, agency_id, relationship)
	SELECT c.id, a.id, 'setting' FROM children c JOIN agencies a ON a.slug = 'brookfield-primary'
	WHERE (c.given_name, c.family_name) IN (VALUES ('Morgan', 'Madeup'), ('Casey', 'Specimen')) UNION ALL
	SELECT c.id, a.id, 'setting' FROM children c JOIN agencies a ON a.slug = 'larkhill-academy'
	WHERE c.given_name = 'Robin' AND c.family_name = 'Placeholder' UNION ALL
	SELECT c.id, a.id, 'local_authority' FROM children c JOIN agencies a ON a.slug = 'bwd-council'
	WHERE (c.given_name, c.family_name) IN (VALUES ('Morgan', 'Madeup'), ('Casey', 'Specimen'), ('Robin', 'Placeholder'));

WITH v(ref, occurred, received, location, la, risk, circumstances) AS (VALUES
	('DEMO-ENC-0001', {{at -2}}, {{at -2 40}}, '1 Example Row, Demoton', 889, 'medium',
	 'Verbal argument between adults that became physical; a neighbour called police.'),
	('DEMO-ENC-0002', {{at 0 -2}}, {{at 0 -1}}, '22 Sample Street, Fictionville', 889, 'standard',
	 'Shouting reported by a passer-by; adults separated on police arrival.'),
	('DEMO-ENC-0003', {{at -5}}, {{at -5 40}}, '3 Placeholder Close, Demoton', 889, 'high',
	 'Adult victim pushed; suspect arrested at the scene.'),
	('DEMO-ENC-0004', {{at -9}}, {{at -9 40}}, '45 Invented Avenue, Seaside Demo', 890, 'high',
	 'Damage to property and threats; suspect left before police arrived.'),
	('DEMO-ENC-0005', {{at -16}}, {{at -16 40}}, '7 Madeup Lane, Hilltown Demo', 888, 'medium',
	 'Argument over contact arrangements; no injuries.'),
	('DEMO-ENC-0006', {{at -24}}, {{at -24 40}}, '1 Example Row, Demoton', 889, 'standard',
	 'Raised voices reported; adults calm on police arrival.'),
	('DEMO-ENC-0007', {{at -31}}, {{at -31 40}}, '9 Specimen Road, Demoton', 889, 'medium',
	 'Adult victim pushed; suspect cautioned.')
)
INSERT INTO da_incidents (police_reference, occurred_at, location, la_code, risk_level, circumstances, source,
			  recorded_by, received_at, content_hash, police_agency_id)
SELECT ref, occurred, location, la, risk, circumstances, 'web',
	(SELECT id FROM users WHERE email = 'police@demo.haven.example'), received, 'demo-' || ref,
	(SELECT agency_id FROM users WHERE email = 'police@demo.haven.example')
FROM v
ORDER BY ref;

WITH v(ref, position, name, role, dob, phone, call, message, times) AS (VALUES
	('DEMO-ENC-0001', 1, 'Pat Example-Adult', 'victim', '1988-03-09', '01632 960101', 1, 0, 'weekdays 10:00-14:00 only'),
	('DEMO-ENC-0001', 2, 'Chris Example-Adult', 'suspect', '1985-07-30', NULL, NULL, NULL, NULL),
	('DEMO-ENC-0002', 1, 'Jamie Sample-Adult', 'victim', '1990-01-15', '01632 960102', 1, 1, NULL),
	('DEMO-ENC-0003', 1, 'Drew Placeholder-Adult', 'victim', '1992-10-02', '01632 960103', 0, 0, NULL),
	('DEMO-ENC-0003', 2, 'Alexis Placeholder-Adult', 'suspect', '1989-05-19', NULL, NULL, NULL, NULL),
	('DEMO-ENC-0004', 1, 'Sidney Sample-Adult', 'victim', '1986-12-12', '01632 960104', 1, 0, 'mornings only'),
	('DEMO-ENC-0005', 1, 'Frankie Fictional-Adult', 'victim', '1991-04-04', '01632 960105', 1, 1, NULL),
	('DEMO-ENC-0006', 1, 'Pat Example-Adult', 'victim', '1988-03-09', '01632 960101', 1, 0, 'weekdays 10:00-14:00 only'),
	('DEMO-ENC-0007', 1, 'Charlie Specimen-Adult', 'victim', '1984-08-08', '01632 960106', 1, 1, NULL)
)
INSERT INTO da_incident_adults (incident_id, position, name, role, date_of_birth, contact_phone, safe_to_call,
				safe_to_leave_message, safe_times)
SELECT i.id, v.position, v.name, v.role, v.dob, v.phone, v.call, v.message, v.times
FROM v
JOIN da_incidents i ON i.police_reference = v.ref
ORDER BY v.ref, v.position;

-- each child as police recorded them, matched to the register and a setting
-- (Jo Fictional is educated at home: the notification goes to the local authority)
WITH v(ref, position, given, family, dob, setting, present, where_during, spoken, said) AS (VALUES
	('DEMO-ENC-0001', 1, 'Alex', 'Example', '2016-04-12', 'brookfield-primary', 1, 'In the living room', 1,
	 'Said they were scared when the shouting started.'),
	('DEMO-ENC-0001', 2, 'Robin', 'Placeholder', '2013-11-21', 'larkhill-academy', 0, 'Staying with a grandparent', 0, NULL),
	('DEMO-ENC-0002', 1, 'Morgan', 'Madeup', '2017-02-14', 'brookfield-primary', 1, 'Upstairs in bed', 0, NULL),
	('DEMO-ENC-0003', 1, 'Casey', 'Specimen', '2015-06-03', 'brookfield-primary', 1, 'In the kitchen', 1,
	 'Said it happens a lot.'),
	('DEMO-ENC-0004', 1, 'Sam', 'Sample', '2012-09-30', 'seafront-primary', 1, 'In the hallway', 1,
	 'Did not want to talk.'),
	('DEMO-ENC-0005', 1, 'Jo', 'Fictional', '2019-01-07', 'lancashire-county-council', 0, 'At a friend''s house', 0, NULL),
	('DEMO-ENC-0006', 1, 'Alex', 'Example', '2016-04-12', 'brookfield-primary', 0, 'Asleep upstairs', 0, NULL),
	('DEMO-ENC-0007', 1, 'Robin', 'Placeholder', '2013-11-21', 'larkhill-academy', 1, 'In the garden', 1,
	 'Said the adults were fighting again.')
)
INSERT INTO da_incident_children (incident_id, position, given_name, family_name, date_of_birth, setting_name,
				  present, where_during, spoken_to, child_said, match_status, child_id,
				  setting_agency_id)
SELECT i.id, v.position, v.given, v.family, v.dob, a.name, v.present, v.where_during, v.spoken, v.said,
	CASE WHEN v.setting = 'lancashire-county-council' THEN 'home_educated' ELSE 'matched' END,
	(SELECT c.id FROM children c WHERE c.given_name = v.given AND c.family_name = v.family),
	CASE WHEN v.setting = 'lancashire-county-council' THEN NULL ELSE a.id END
FROM v
JOIN da_incidents i ON i.police_reference = v.ref
JOIN agencies a ON a.slug = v.setting
ORDER BY v.ref, v.position;

-- the notifications: delivered ("created") after the incident, due at the start of the next school day
-- (the times here stand in: demo_sqlite.c counts them)
WITH v(ref, position, setting, content, created, due, acknowledged, acted, by, action, detail) AS (VALUES
	('DEMO-ENC-0001', 1, 'brookfield-primary', 'full', {{at -2 45}}, {{at -1}}, {{at -1}}, {{at -1 120}}, 'dsl@demo.haven.example',
	 'support_offered', 'Class teacher told; a check-in with the learning mentor each morning this week.'),
	('DEMO-ENC-0001', 2, 'larkhill-academy', 'full', {{at -2 45}}, {{at -1}}, {{at 0 -1500}}, {{at -1 60}}, 'dsl2@demo.haven.example', NULL, NULL),
	('DEMO-ENC-0002', 1, 'brookfield-primary', 'full', {{at 0 -1}}, {{at 1}}, NULL, NULL, NULL, NULL, NULL),
	('DEMO-ENC-0003', 1, 'brookfield-primary', 'minimal', {{at -5 45}}, {{at -4}}, NULL, NULL, NULL, NULL, NULL),
	('DEMO-ENC-0004', 1, 'seafront-primary', 'full', {{at -9 45}}, {{at -8}}, NULL, NULL, NULL, NULL, NULL),
	('DEMO-ENC-0005', 1, 'lancashire-county-council', 'minimal', {{at -16 45}}, {{at -15}}, {{at -15}}, {{at -15 120}}, 'frontdoor@demo.haven.example',
	 'monitoring', NULL),
	('DEMO-ENC-0006', 1, 'brookfield-primary', 'full', {{at -24 45}}, {{at -23}}, {{at -22}}, {{at -22 120}}, 'dsl@demo.haven.example',
	 'no_action', 'Child was asleep and unaware; already supported through an existing plan.'),
	('DEMO-ENC-0007', 1, 'larkhill-academy', 'full', {{at -31 45}}, {{at -30}}, {{at -30}}, {{at -30 120}}, 'dsl2@demo.haven.example',
	 'referral_made', 'Referred to the front door for early help.')
)
INSERT INTO encompass_notifications (incident_child_id, recipient_agency_id, content, created_at, due_at,
				     acknowledged_at, acknowledged_by, action, action_detail, action_at, action_by)
SELECT c.id, a.id, v.content,
	v.created, v.due, v.acknowledged,
	(SELECT id FROM users WHERE email = v.by),
	v.action, v.detail,
	CASE WHEN v.action IS NULL THEN NULL ELSE v.acted END,
	CASE WHEN v.action IS NULL THEN NULL ELSE (SELECT id FROM users WHERE email = v.by) END
FROM v
JOIN da_incidents i ON i.police_reference = v.ref
JOIN da_incident_children c ON c.incident_id = i.id AND c.position = v.position
JOIN agencies a ON a.slug = v.setting
ORDER BY v.ref, v.position;

-- the escalations of those never acknowledged (Seafront's, and the overdue one at Brookfield), and
-- the ladder's steps, are written by demo_sqlite.c, at their deadlines' escalate_after_minutes
