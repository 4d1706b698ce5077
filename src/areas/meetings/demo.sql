-- demo.sql (meetings) — a fictional board meeting for the demo partnership,
-- held 75 days ago: its agenda, who attended for each agency (a school sent
-- apologies), a decision and the action it agreed, which is one of the plans'
-- demo actions (the police's review of notification times), so no plan's
-- counts change. It is quorate: the local authority, the police and health
-- were each present.
INSERT INTO meetings (id, group_id, held_on, starts_at, place, status) VALUES
 (1, NULL, {{day -75}}, '14:00', 'Committee room 2, Demo Town Hall (fictional)', 'held');

INSERT INTO meeting_agenda_items (meeting_id, position, title, priority_id, plan_id) VALUES
 (1, 1, 'Minutes and actions of the last meeting', NULL, NULL),
 (1, 2, 'Domestic abuse: how quickly schools hear of incidents (fictional)',
  (SELECT id FROM priorities WHERE key = 'domestic_abuse'), 2),
 (1, 3, 'Neglect strategy: progress (fictional)', (SELECT id FROM priorities WHERE key = 'neglect'), 1);

INSERT INTO meeting_attendance (meeting_id, agency_id, attendance, name, role) VALUES
 (1, (SELECT id FROM agencies WHERE slug = 'csap'), 'present', 'Morgan Chair (fictional)', 'Independent chair'),
 (1, (SELECT id FROM agencies WHERE slug = 'lancashire-county-council'), 'present', 'Alex Director (fictional)',
  'Director of children''s services'),
 (1, (SELECT id FROM agencies WHERE slug = 'lancashire-constabulary'), 'present', 'Jo Superintendent (fictional)',
  'Head of public protection'),
 (1, (SELECT id FROM agencies WHERE slug = 'demo-icb'), 'present', 'Sam Nurse (fictional)',
  'Designated nurse for safeguarding'),
 (1, (SELECT id FROM agencies WHERE slug = 'brookfield-primary'), 'apologies', NULL, NULL);

INSERT INTO meeting_decisions (id, meeting_id, agenda_item_id, decision) VALUES
 (1, 1, (SELECT id FROM meeting_agenda_items WHERE meeting_id = 1 AND position = 2),
  'Fictional: the police will review the times at which they notify schools of incidents.');

INSERT INTO meeting_actions (plan_action_id, meeting_id, decision_id) VALUES
 ((SELECT id FROM plan_actions WHERE action = 'Review the police notification times (fictional)'), 1, 1);
