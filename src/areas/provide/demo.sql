-- demo.sql (provide) — Operation Provide in the demo partnership: which
-- fictional IDVA service covers which area, and a few fictional incidents
-- (police references DEMO-PRV-…) whose victims were referred, in different
-- states: new, being contacted, contacted, closed. Every name is invented,
-- every number is in Ofcom's drama range (01632 960xxx). Times are relative
-- to when the demo is loaded, so "time since the incident" reads naturally
-- (markers store/demo_sql.c writes out; a contact attempt's is its
-- incident's and the time after it).
-- The referrals are written here directly, as provide_refer would have made
-- them (the demo IDVA accounts exist by now: demo_order 70).
-- Each INSERT ... SELECT is ordered, so the rows' ids are the same on SQLite
-- and PostgreSQL.

INSERT INTO idva_coverage (la_code, agency_id)
	SELECT 889, id FROM agencies WHERE slug = 'demo-idva-service' UNION ALL
	SELECT 890, id FROM agencies WHERE slug = 'demo-idva-service' UNION ALL
	SELECT 888, id FROM agencies WHERE slug = 'demo-coast-idva-service';

WITH v(ref, occurred, received, location, la, risk, circumstances) AS (VALUES
	('DEMO-PRV-0001', {{at 0 -200}}, {{at 0 -160}}, '1 Example Row, Blackpool (fictional)', 890, 'high',
	 'Fictional demo: a neighbour called police after hearing shouting and breaking glass.'),
	('DEMO-PRV-0002', {{at 0 -1560}}, {{at 0 -1520}}, '22 Sample Street, Blackburn (fictional)', 889, 'medium',
	 'Fictional demo: a verbal argument; the victim reported earlier threats by text message.'),
	('DEMO-PRV-0003', {{at -10}}, {{at -10 40}}, '3 Placeholder Court, Blackpool (fictional)', 890, 'high',
	 'Fictional demo: an assault; the suspect was arrested at the scene.'),
	('DEMO-PRV-0004', {{at -2}}, {{at -2 40}}, '4 Demo Lane, Preston (fictional)', 888, 'medium',
	 'Fictional demo: the victim''s former partner came to the house in breach of bail conditions.'),
	('DEMO-PRV-0005', {{at -40}}, {{at -40 40}}, '5 Testing Road, Blackpool (fictional)', 890, 'medium',
	 'Fictional demo: damage to property during an argument.'),
	('DEMO-PRV-0006', {{at 0 -300}}, {{at 0 -260}}, '6 Mock Avenue, Darwen (fictional)', 889, 'standard',
	 'Fictional demo: a verbal argument; standard risk, so not referred under the medium-and-high rule.')
)
INSERT INTO da_incidents (police_reference, occurred_at, location, la_code, risk_level, circumstances, source,
	recorded_by, received_at, content_hash, police_agency_id)
SELECT ref, occurred, location, la, risk, circumstances, 'web',
	(SELECT id FROM users WHERE email = 'police@demo.haven.example'), received, 'demo-' || ref,
	(SELECT agency_id FROM users WHERE email = 'police@demo.haven.example')
FROM v;

WITH v(ref, position, name, role, dob, phone, call, message, times, safe) AS (VALUES
	('DEMO-PRV-0001', 1, 'Sam Testwell (fictional)', 'victim', '1991-04-12', '01632 960101', 1, 0,
	 'Weekdays 10:00 to 14:00 only, while the suspect is at work', '01632 960102'),
	('DEMO-PRV-0001', 2, 'Lee Testwell (fictional)', 'suspect', NULL, NULL, NULL, NULL, NULL, NULL),
	('DEMO-PRV-0002', 1, 'Jordan Example (fictional)', 'victim', '1986-09-30', '01632 960111', 1, 1,
	 'Any time', NULL),
	('DEMO-PRV-0002', 2, 'Chris Example (fictional)', 'suspect', NULL, NULL, NULL, NULL, NULL, NULL),
	('DEMO-PRV-0003', 1, 'Casey Placeholder (fictional)', 'victim', '1995-01-05', '01632 960121', 1, 0,
	 'Evenings after 18:00', NULL),
	('DEMO-PRV-0003', 2, 'Drew Placeholder (fictional)', 'suspect', NULL, NULL, NULL, NULL, NULL, NULL),
	('DEMO-PRV-0004', 1, 'Robin Sample (fictional)', 'victim', '1979-11-21', '01632 960131', 0, 0,
	 'Only through the safe number, mornings', '01632 960132'),
	('DEMO-PRV-0004', 2, 'Pat Sample (fictional)', 'suspect', NULL, NULL, NULL, NULL, NULL, NULL),
	('DEMO-PRV-0005', 1, 'Morgan Fictional (fictional)', 'victim', '2000-06-17', '01632 960141', 1, 1, NULL, NULL),
	('DEMO-PRV-0006', 1, 'Taylor Mockford (fictional)', 'victim', '1988-02-02', '01632 960151', 1, 1, NULL, NULL)
)
INSERT INTO da_incident_adults (incident_id, position, name, role, date_of_birth, contact_phone, safe_to_call,
	safe_to_leave_message, safe_times, safe_number)
SELECT (SELECT id FROM da_incidents WHERE police_reference = ref), position, name, role, dob, phone, call, message,
	times, safe
FROM v;

-- The referrals made when each incident came in (not DEMO-PRV-0006: standard risk).
INSERT INTO idva_referrals (incident_id, victim_adult_id, service_agency_id, created_at)
SELECT i.id, a.id, c.agency_id, i.received_at
FROM da_incidents i JOIN da_incident_adults a ON a.incident_id = i.id AND a.role = 'victim'
JOIN idva_coverage c ON c.la_code = i.la_code
WHERE i.police_reference IN ('DEMO-PRV-0001', 'DEMO-PRV-0002', 'DEMO-PRV-0003', 'DEMO-PRV-0004', 'DEMO-PRV-0005')
ORDER BY i.id, a.id;

-- Contact attempts, each some time after its incident.
WITH v(ref, attempted, method, outcome, note, who) AS (VALUES
	('DEMO-PRV-0002', {{at -1 60}}, 'phone', 'no_answer', 'No answer; no message left.', 'idva@demo.haven.example'),
	('DEMO-PRV-0002', {{at 0 -360}}, 'phone', 'contacted', 'Spoke briefly; safety planning call booked.',
	 'idva@demo.haven.example'),
	('DEMO-PRV-0003', {{at 0 -14100}}, 'phone', 'contacted', 'Safety plan agreed.', 'idva@demo.haven.example'),
	('DEMO-PRV-0004', {{at -2 120}}, 'phone', 'no_answer', 'Called the safe number; no answer.',
	 'idva2@demo.haven.example'),
	('DEMO-PRV-0005', {{at 0 -57360}}, 'phone', 'no_answer', NULL, 'idva@demo.haven.example'),
	('DEMO-PRV-0005', {{at 0 -55920}}, 'text', 'no_answer', 'Text sent: safe to do so.', 'idva@demo.haven.example'),
	('DEMO-PRV-0005', {{at -37}}, 'letter', 'no_answer', NULL, 'idva@demo.haven.example')
)
INSERT INTO idva_contact_attempts (referral_id, attempted_at, method, outcome, note, recorded_by, recorded_at)
SELECT r.id, v.attempted, v.method, v.outcome, v.note,
	(SELECT u.id FROM users u WHERE u.email = v.who), v.attempted
FROM v
JOIN da_incidents i ON i.police_reference = v.ref
JOIN idva_referrals r ON r.incident_id = i.id
ORDER BY v.ref, v.attempted;

UPDATE idva_referrals SET
	first_attempt_at = (SELECT min(attempted_at) FROM idva_contact_attempts t WHERE t.referral_id = idva_referrals.id),
	first_contact_at = (SELECT min(attempted_at) FROM idva_contact_attempts t
	                    WHERE t.referral_id = idva_referrals.id AND t.outcome IN ('contacted', 'declined'));

-- Two closed: one engaged and made safer, one that could not be contacted.
UPDATE idva_referrals SET outcome = 'engaged', made_safer = 1, engaged_with_investigation = 1,
	closed_at = {{at -2}},
	closed_by = (SELECT id FROM users WHERE email = 'idva@demo.haven.example')
WHERE incident_id = (SELECT id FROM da_incidents WHERE police_reference = 'DEMO-PRV-0003');
UPDATE idva_referrals SET outcome = 'could_not_contact', made_safer = 0, engaged_with_investigation = 0,
	closed_at = {{at -30}},
	closed_by = (SELECT id FROM users WHERE email = 'idva@demo.haven.example')
WHERE incident_id = (SELECT id FROM da_incidents WHERE police_reference = 'DEMO-PRV-0005');
