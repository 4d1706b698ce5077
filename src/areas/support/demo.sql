-- demo.sql (support) — one fictional request for support for the demo
-- partnership: the demo police officer asked Blackpool's front door for
-- support for Sam Sample (demo child 2, Blackpool, already linked to both)
-- from the levels-of-need decision in the threshold area's demo, and the
-- front door decided early help the same day, November 2025. Decided long
-- ago, it waits in no queue and on nobody's task list; it is there to open
-- from the officer's requests, Sam's chronology and the front door's
-- queue, and it leads back to its decision (issue #16: every page
-- reachable). The reference is the row's id, as store_sqlite.c gives it.
-- Loaded after the threshold area's demo (35).
INSERT INTO support_requests (id, reference, assessment_id, child_id, la_code, front_door_agency_id,
                              referrer_user_id, referrer_agency_id, referrer_phone, referrer_email, concerns,
                              family_knows, family_consents, no_consent_reason, received_at, decision_due_at,
                              decision, decision_reason, decided_at, decided_by)
	SELECT 1, 'RFS-000001', t.id, 2, 890, fd.id,
	       u.id, u.agency_id, '01632 960123', 'police@demo.haven.example',
	       'Sam has been seen several times at the Riverside skate park late in the evening with older youths '
	       || 'who give him lifts, and his school says his attendance is falling (fictional).',
	       1, 1, NULL, '2025-11-04T10:20:00Z', '2025-11-05T10:20:00Z',
	       'early_help', 'An early help assessment with the family and the school; the youth service will '
	       || 'offer Sam a worker (fictional).', '2025-11-04T15:40:00Z', d.id
	FROM threshold_assessments t JOIN users u ON u.id = t.user_id, agencies fd, users d
	WHERE u.email = 'police@demo.haven.example' AND t.created_at = '2025-11-04T10:05:00.000Z'
	      AND fd.slug = 'blackpool-council' AND d.email = 'frontdoor2@demo.haven.example';
