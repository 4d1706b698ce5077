-- demo.sql (scrutiny) — one fictional challenge in the demo's log, closed in
-- 2025: the Independent Scrutineer asked Brookfield Primary about its
-- attendance at Encompass briefings, the school answered and the scrutineer
-- accepted the answer. Closed, it waits on nobody's list; it is there to open
-- from the challenge log (issue #16: every page reachable). And the
-- scrutineer's published statement for 2024-25, so that year's annual report
-- is published and every account can read it (report.c).
INSERT INTO scrutiny_challenges (subject, detail, owner_agency_id, respond_by, status, raised_by, raised_at,
                                 closed_at)
	SELECT 'Attendance at Encompass briefings (demo)',
	       'A fictional challenge: two of the last five briefings had no one from the school.',
	       a.id, '2025-05-20', 'accepted', u.id, '2025-05-06T10:00:00Z', '2025-05-28T15:00:00Z'
	FROM agencies a, users u WHERE a.slug = 'brookfield-primary' AND u.email = 'scrutineer@demo.haven.example';
INSERT INTO scrutiny_challenge_events (challenge_id, kind, text, respond_by, user_id, agency_id, at)
	SELECT c.id, 'response', 'A fictional answer: a deputy now covers the briefings when the DSL is away.', NULL,
	       u.id, u.agency_id, '2025-05-19T09:00:00Z'
	FROM scrutiny_challenges c, users u
	WHERE c.subject = 'Attendance at Encompass briefings (demo)' AND u.email = 'dsl@demo.haven.example'
	UNION ALL
	SELECT c.id, 'accepted', NULL, NULL, u.id, u.agency_id, '2025-05-28T15:00:00Z'
	FROM scrutiny_challenges c, users u
	WHERE c.subject = 'Attendance at Encompass briefings (demo)' AND u.email = 'scrutineer@demo.haven.example';
INSERT INTO scrutiny_statements (year, text, written_by, written_at, published_at)
	SELECT '2024-25',
	       'A fictional statement: the partnership met its statutory duties this year.

Agencies answered the scrutineer''s challenges on time.',
	       u.id, '2025-06-02T10:00:00Z', '2025-06-02T10:00:00Z'
	FROM users u WHERE u.email = 'scrutineer@demo.haven.example';
