-- annual-report-2020-21.sql — a seeded data set for the reporting year
-- 2020-21 (1 April 2020 to 31 March 2021), loaded into an empty Haven
-- database by tests/http/annual-report.test.mjs, that reproduces the figures
-- the partnership published for that year: 13 rapid review meetings, 5 local
-- reviews (CSPRs) commissioned, 1 published and 11 ongoing, and 1,108
-- practitioners trained. All of it is fictional.
--
-- The reviews: 13 serious incidents notified in the year, each with its
-- rapid review meeting, 5 of them leading to a CSPR commissioned in the
-- year and still going at its end; 7 from the year before, one of whose
-- CSPRs was published in the year and six still going. Ongoing at 31 March
-- 2021: 5 + 6 = 11.
--
-- The training: 1,108 practitioners of one trust, each attending one of 40
-- sessions of one course in the year.
INSERT INTO local_authorities (code, slug, name) VALUES (888, 'lancashire', 'Lancashire');
INSERT INTO agencies (id, slug, name, type, la_code) VALUES
	(1, 'csap', 'The partnership (fictional)', 'partnership', NULL),
	(2, 'seeded-trust', 'Seeded NHS Trust (fictional)', 'health', 888);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 13)
INSERT INTO review_cases (reference, child_pseudonym, la_code, harm, circumstances, aware_on, panel_notified_on,
                          rapid_review_on, cspr_commissioned_on, created_at)
SELECT printf('SI-2020-%03d', i), printf('Child %d', i), 888, CASE WHEN i % 3 = 0 THEN 'death' ELSE 'serious_harm' END,
       'Fictional.', printf('2020-%02d-01', 4 + (i - 1) % 9), printf('2020-%02d-05', 4 + (i - 1) % 9),
       printf('2020-%02d-20', 4 + (i - 1) % 9), CASE WHEN i <= 5 THEN printf('2020-%02d-28', 4 + (i - 1) % 9) END,
       '2020-04-01T09:00:00Z'
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 7)
INSERT INTO review_cases (reference, child_pseudonym, la_code, harm, circumstances, aware_on, panel_notified_on,
                          rapid_review_on, cspr_commissioned_on, cspr_published_on, created_at)
SELECT printf('SI-2019-%03d', i), printf('Child %d', 100 + i), 888, 'serious_harm', 'Fictional.', '2019-06-03',
       '2019-06-07', '2019-06-21', '2019-07-15', CASE WHEN i = 1 THEN '2020-11-30' END, '2019-06-03T09:00:00Z'
FROM n;

INSERT INTO training_courses (id, title, description, audience, level, duration_minutes, open_to)
VALUES (1, 'Safeguarding children: the essentials', 'Fictional.', 'Every practitioner', 'introductory', 180,
        'partners');

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO training_sessions (id, course_id, date, starts, ends, mode, joining_link, capacity, trainer)
SELECT i, 1, date('2020-04-06', printf('+%d days', (i - 1) * 8)), '09:30', '12:30', 'virtual',
       'https://meet.example.invalid/essentials', 30, 'Fictional trainer'
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1108)
INSERT INTO users (id, email, name, agency_id, password_hash)
SELECT 1000 + i, printf('trainee-%d@seeded.example.invalid', i), printf('Trainee %d', i), 2, '!' FROM n;

INSERT INTO training_bookings (session_id, user_id, agency_id, status, attendance)
SELECT 1 + (id - 1001) % 40, id, 2, 'booked', 'attended' FROM users WHERE id > 1000;
