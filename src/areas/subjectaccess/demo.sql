-- demo.sql (subjectaccess) — fictional subject access requests for the demo
-- partnership: one open and due in three weeks, from Alex's parent, and one
-- overdue, from a solicitor acting for Sam (its due date passed five days
-- ago), each due one calendar month after it was received.
INSERT INTO subject_access_requests (child_id, requester, received_on, identity_verified, due_on, recorded_by)
	SELECT 1, 'parent', {{day -9}}, 1, {{day -9 1}}, id FROM users WHERE email = 'partnership@demo.haven.example'
	UNION ALL
	SELECT 2, 'representative', {{day -36}}, 1, {{day -36 1}}, id FROM users WHERE email = 'partnership@demo.haven.example';
