-- chronology-data.sql — fills a copy of a `haven init --demo` database for
-- bench/chronology.sh: a register of :children children, each matched to a
-- police incident of its own (so the tables a chronology reads are national
-- sized), and 1,000 events about demo child 1 (Alex Example, at Brookfield
-- Primary): the register's own, 600 police incidents, 300 Operation
-- Encompass notifications to Brookfield (for 300 of those incidents) and 99
-- case notes by Brookfield for every linked agency. Seen by Brookfield's DSL,
-- 400 are shown and the 600 incidents are counted as hidden: each of the
-- 1,000 is decided by the policy. Everything is fictional, made by
-- arithmetic on the row number.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
PRAGMA foreign_keys = OFF;

-- ---- child 1's events ----
BEGIN;
INSERT INTO da_incidents (id, police_reference, occurred_at, location, la_code, risk_level, circumstances, source,
                          recorded_by, received_at, content_hash)
SELECT 50000 + value, 'CHRON-' || value,
       strftime('%Y-%m-%dT%H:%M:%SZ', '2024-01-01', '+' || (value * 43200) || ' seconds'),
       'A fictional street', 889, 'medium', 'Fictional.', 'web',
       (SELECT id FROM users WHERE email = 'police@demo.haven.example'), '2024-01-01T00:00:00Z', 'chron-' || value
FROM generate_series(1, 600);
INSERT INTO da_incident_children (id, incident_id, position, given_name, family_name, present, spoken_to,
                                  match_status, child_id, setting_agency_id)
SELECT 50000 + value, 50000 + value, 1, 'Alex', 'Example', 1, 0, 'matched', 1,
       (SELECT id FROM agencies WHERE slug = 'brookfield-primary')
FROM generate_series(1, 600);
INSERT INTO encompass_notifications (incident_child_id, recipient_agency_id, content, created_at, due_at)
SELECT 50000 + value, (SELECT id FROM agencies WHERE slug = 'brookfield-primary'), 'full',
       strftime('%Y-%m-%dT%H:%M:%SZ', '2024-01-01', '+' || (value * 43200 + 3600) || ' seconds'),
       strftime('%Y-%m-%dT%H:%M:%SZ', '2024-01-02', '+' || (value * 43200) || ' seconds')
FROM generate_series(1, 300);
INSERT INTO case_notes (id, child_id, agency_id, created_at)
SELECT 50000 + value, 1, (SELECT id FROM agencies WHERE slug = 'brookfield-primary'), '2025-01-01T00:00:00Z'
FROM generate_series(1, 99);
INSERT INTO case_note_versions (note_id, version, happened_on, category, visibility, body, written_by, written_at)
SELECT 50000 + value, 1, date('2024-06-01', '+' || value || ' days'), 'contact', 'linked_agencies',
       'A fictional case note for the benchmark, number ' || value || '.',
       (SELECT id FROM users WHERE email = 'dsl@demo.haven.example'), '2025-01-01T00:00:00Z'
FROM generate_series(1, 99);
COMMIT;

-- ---- the register (after child 1's rows, whose ids are fixed) ----
BEGIN;
INSERT INTO children (id, given_name, family_name, date_of_birth, la_code, created_at)
SELECT 100000 + value, 'Scale', 'Child ' || value, date('2008-09-01', '+' || (value % 6500) || ' days'),
       889, '2025-01-01T00:00:00Z'
FROM generate_series(1, :children);
INSERT INTO da_incidents (id, police_reference, occurred_at, location, la_code, risk_level, circumstances, source,
                          received_at, content_hash)
SELECT 100000 + value, 'SCALE-' || value,
       strftime('%Y-%m-%dT%H:%M:%SZ', '2025-01-01', '+' || (value % 31536000) || ' seconds'),
       'A fictional street', 889, 'standard', 'Fictional.', 'import', '2025-01-01T00:00:00Z', 'scale-' || value
FROM generate_series(1, :children);
INSERT INTO da_incident_children (incident_id, position, given_name, family_name, present, spoken_to, match_status,
                                  child_id)
SELECT 100000 + value, 1, 'Scale', 'Child ' || value, 1, 0, 'matched', 100000 + value
FROM generate_series(1, :children);
COMMIT;
ANALYZE;
