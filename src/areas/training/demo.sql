-- demo.sql (training) — fictional courses and future sessions for the demo
-- partnership, dated from the day the demo is made (markers store/demo_sql.c
-- writes out). Loaded after the accounts (demo_order 50). The coming sessions have no bookings: the demo's
-- practitioners book their own. One past session holds the practitioner's
-- attended place, so their certificate, evaluation and three-month follow-up
-- are there to open from "Your training" (issue #16: every page reachable).

INSERT INTO training_courses (id, title, description, audience, level, duration_minutes, open_to, no_show_charge_pence) VALUES
 (1, 'Recognising and responding to neglect', 'How neglect shows itself at different ages, using the graded care profile, and when to escalate.', 'Practitioners in every agency who work with children and families', 'introductory', 180, 'everyone', 5000),
 (2, 'Domestic abuse and its impact on children', 'Coercive control, the child as a victim in their own right, and safety planning with IDVAs.', 'Practitioners and designated safeguarding leads', 'intermediate', 360, 'partners', 7500),
 (3, 'Contextual safeguarding: harm outside the home', 'Exploitation, peer-on-peer abuse and mapping the places and groups around a young person.', 'Practitioners working with adolescents', 'advanced', 120, 'partners', 0);

-- tagged by the partnership's priorities (migration 0140 seeded them; NULL is "Other")
INSERT INTO training_course_priorities (course_id, priority_id) VALUES
 (1, (SELECT id FROM priorities WHERE key = 'neglect')), (2, (SELECT id FROM priorities WHERE key = 'domestic_abuse')),
 (3, (SELECT id FROM priorities WHERE key = 'contextual_safeguarding')), (3, NULL);

INSERT INTO training_outcomes (course_id, position, text) VALUES
 (1, 1, 'Recognise the signs of neglect at each stage of childhood'),
 (1, 2, 'Use the graded care profile to assess the care a child receives'),
 (1, 3, 'Know when and how to escalate a concern about neglect'),
 (2, 1, 'Explain coercive control and its effect on children'),
 (2, 2, 'Plan for a child''s safety with the family and an IDVA'),
 (3, 1, 'Map the peers, places and spaces around a young person'),
 (3, 2, 'Recognise the signs of criminal and sexual exploitation');

INSERT INTO training_sessions (course_id, date, starts, ends, mode, venue, joining_link, capacity, trainer) VALUES
 (1, {{day 14}}, '09:30', '12:30', 'venue', 'Partnership Training Room, Blackburn Town Hall', NULL, 20, 'Jo Trainer'),
 (1, {{day 45}}, '13:30', '16:30', 'virtual', NULL, 'https://meet.example.org/neglect-2', 30, 'Jo Trainer'),
 (2, {{day 21}}, '09:30', '15:30', 'venue', 'Darwen Library, Meeting Room 2', NULL, 16, 'Alex Educator'),
 (3, {{day 30}}, '10:00', '12:00', 'virtual', NULL, 'https://meet.example.org/contextual-1', 2, 'Sam Facilitator');

-- A past session, over a year ago (after the coming ones, so they keep their
-- ids; the last session and booking, so max(id) names each), the demo's
-- practitioner attended; its follow-up email three months on
-- counts as asked (the training job sends nothing for it) and is unanswered.
INSERT INTO training_sessions (course_id, date, starts, ends, mode, venue, joining_link, capacity, trainer) VALUES
 (1, {{day -400}}, '09:30', '12:30', 'venue', 'Partnership Training Room, Blackburn Town Hall', NULL, 20, 'Jo Trainer');
INSERT INTO training_bookings (session_id, user_id, agency_id, status, attendance, booked_at)
 SELECT (SELECT max(id) FROM training_sessions), id, agency_id, 'booked', 'attended', {{at_ms -420}}
 FROM users WHERE email = 'practitioner@demo.haven.example';
INSERT INTO training_booking_emails (booking_id, reminder_queued_at, follow_up_queued_at)
 VALUES ((SELECT max(id) FROM training_bookings), {{at_ms -402}}, {{at_ms -308}});

-- Two briefings for the library (migration 0010), with no views yet.
INSERT INTO training_resources (id, title, kind, priority_id, summary, body) VALUES
 (1, 'Neglect in 7 minutes', 'seven_minute_briefing', (SELECT id FROM priorities WHERE key = 'neglect'), 'What neglect looks like, why it matters and what to do when you are worried.',
  'Neglect is the persistent failure to meet a child''s basic physical or psychological needs.

Look for patterns over time rather than single incidents, and record what you see.

Talk to your designated safeguarding lead, and use the graded care profile with the family.'),
 (2, 'Coercive control: a briefing', 'seven_minute_briefing', (SELECT id FROM priorities WHERE key = 'domestic_abuse'), 'How coercive control harms children living with it, and questions to ask.',
  'Children are victims of domestic abuse in their own right.

Ask about routines, money and who makes the decisions at home.');
