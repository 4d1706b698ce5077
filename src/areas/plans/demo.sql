-- demo.sql (plans) — fictional strategies and action plans for the demo
-- partnership: the board's plan for each seeded priority and one local
-- operational group's, with actions whose dates (relative to today) and
-- evidence give every RAG status.
INSERT INTO plan_groups (id, name) VALUES
 (1, 'Blackburn with Darwen operational group (demo)'),
 (2, 'Blackpool operational group (demo)');

INSERT INTO plans (id, priority_id, group_id, starts_on, ends_on, aims) VALUES
 (1, (SELECT id FROM priorities WHERE key = 'neglect'), NULL, {{month -6 0}},
  {{month 18 -1}},
  'Fictional: every practitioner recognises neglect early and uses the Graded Care Profile with families.'),
 (2, (SELECT id FROM priorities WHERE key = 'domestic_abuse'), NULL, {{month -6 0}},
  {{month 18 -1}},
  'Fictional: children living with domestic abuse are known to their school by the next school day.'),
 (3, (SELECT id FROM priorities WHERE key = 'contextual_safeguarding'), 1, {{month -3 0}},
  {{month 9 -1}},
  'Fictional: return home interviews happen within 72 hours and their learning reaches the MACE meeting.');

INSERT INTO plan_actions (plan_id, action, owner_agency_id, lead, due_on, status, evidence, impact) VALUES
 (1, 'Train 200 practitioners in the Graded Care Profile (fictional)', (SELECT id FROM agencies WHERE slug = 'csap'),
  'Training lead', {{day -10}}, 'done', 'Fictional: 214 practitioners attended; registers kept.',
  'Fictional: more assessments use the tool.'),
 (1, 'Audit 20 neglect cases for use of the tool (fictional)', (SELECT id FROM agencies WHERE slug = 'bwd-council'),
  'Head of quality assurance', {{day 20}}, 'in_progress', NULL, NULL),
 (2, 'Brief every Key Adult on Operation Encompass (fictional)', (SELECT id FROM agencies WHERE slug = 'csap'),
  'Business manager', {{day 90}}, 'not_started', NULL, NULL),
 (2, 'Review the police notification times (fictional)', (SELECT id FROM agencies WHERE slug = 'lancashire-constabulary'),
  'Detective inspector, public protection', {{day -45}}, 'in_progress', NULL, NULL),
 (3, 'Commission return home interviews within 72 hours (fictional)', (SELECT id FROM agencies WHERE slug = 'bwd-council'),
  'Service manager, adolescents', {{day -5}}, 'done', NULL, NULL);
