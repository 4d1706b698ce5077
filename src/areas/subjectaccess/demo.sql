-- demo.sql (subjectaccess) — fictional subject access requests for the demo
-- partnership: one open and due in three weeks, from Alex's parent, and one
-- overdue, from a solicitor acting for Sam (its due date passed five days
-- ago), each due one calendar month after it was received. Each was recorded
-- by one member of the partnership team and its requester's identity checked
-- by another, with the evidence that fits who asked.
INSERT INTO subject_access_requests (child_id, requester, received_on, identity_verified, identity_checked_by,
		identity_checked_on, identity_evidence, due_on, recorded_by)
	SELECT 1, 'parent', {{day -9}}, 1, (SELECT id FROM users WHERE email = 'partnership2@demo.haven.example'),
		{{day -8}}, 'parental_responsibility', {{day -9 1}}, id FROM users WHERE email = 'partnership@demo.haven.example'
	UNION ALL
	SELECT 2, 'representative', {{day -36}}, 1, (SELECT id FROM users WHERE email = 'partnership2@demo.haven.example'),
		{{day -35}}, 'signed_authority', {{day -36 1}}, id FROM users WHERE email = 'partnership@demo.haven.example';
