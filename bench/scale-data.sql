-- scale-data.sql — fills a copy of a `haven init --demo` database with a
-- register of national size for bench/scale.sh, in SQL alone (the sqlite3
-- shell's generate_series), one transaction per table group.
--
-- Sizes come from shell parameters (bench/scale.sh sets them):
--   :children  :incidents  :users  :support  :audit_days  :audit_per_day
--
-- Everything is fictional and made from a few word lists by arithmetic on
-- the row number, so two runs make the same data. The demo's own agencies
-- and users are kept, and the bulk is spread so that each demo user's lists
-- are large the way a busy national service's are: the demo front doors' local
-- authorities hold every child of their area, the demo IDVA services take
-- every referral of theirs, Brookfield Primary is one of 2,000 schools.
--
-- Not a valid audit trail: the rows' hashes are random bytes, so
-- `haven audit verify` fails on this database (the benchmark does not need it).
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
PRAGMA foreign_keys = OFF;

-- ---- word lists (temporary) ----
CREATE TEMP TABLE given (n INTEGER PRIMARY KEY, name TEXT);
INSERT INTO given (n, name) SELECT key, value FROM json_each('["Alex","Amira","Ben","Chloe","Daniel","Ella","Finley","Grace","Harry","Isla","Jack","Jasmine","Kai","Layla","Leo","Mia","Noah","Olivia","Oscar","Priya","Reuben","Ruby","Sam","Sofia","Theo","Zara","Yusuf","Ivy","Arlo","Maya","Ethan","Nia"]');
CREATE TEMP TABLE family (n INTEGER PRIMARY KEY, name TEXT);
INSERT INTO family (n, name) SELECT key, value FROM json_each('["Smith","Jones","Taylor","Brown","Williams","Wilson","Johnson","Davies","Patel","Robinson","Wright","Thompson","Evans","Walker","White","Roberts","Green","Hall","Wood","Jackson","Clarke","Khan","Hughes","Edwards","Turner","Hill","Moore","Cooper","Ward","Morris","King","Baker","Harrison","Morgan","Allen","Young","Scott","Mitchell","Ali","Begum"]');
CREATE TEMP TABLE areas (n INTEGER PRIMARY KEY, la_code INTEGER, la_agency INTEGER, idva INTEGER);
-- Lancashire (the demo front door) is the biggest area, as the brief's measurements had it
INSERT INTO areas VALUES (0, 888, 5, 9), (1, 888, 5, 9), (2, 889, 3, 8), (3, 890, 4, 8);

-- ---- agencies: 2,000 schools, Brookfield Primary among them ----
BEGIN;
INSERT INTO agencies (slug, name, type, la_code)
SELECT 'scale-school-' || value, 'Scale Test School ' || value, 'school', (SELECT la_code FROM areas WHERE n = value % 4)
FROM generate_series(1, 1999);
CREATE TEMP TABLE schools (n INTEGER PRIMARY KEY, agency_id INTEGER);
INSERT INTO schools (n, agency_id) SELECT 0, id FROM agencies WHERE slug = 'brookfield-primary';
INSERT INTO schools (n, agency_id) SELECT CAST(substr(slug, 14) AS INTEGER), id FROM agencies WHERE slug LIKE 'scale-school-%';
COMMIT;

-- ---- users: the demo's, and the rest of a national workforce ----
BEGIN;
INSERT INTO users (email, name, agency_id, password_hash)
SELECT 'scale-user-' || value || '@scale.haven.example',
       (SELECT name FROM given WHERE n = value % 32) || ' ' || (SELECT name FROM family WHERE n = (value / 32) % 40) || ' ' || value,
       (SELECT agency_id FROM schools WHERE n = value % 2000),
       'not a password hash: this account cannot sign in'
FROM generate_series(1, :users - (SELECT count(*) FROM users));
INSERT INTO user_roles (user_id, role) SELECT id, 'dsl' FROM users WHERE email LIKE 'scale-user-%';
COMMIT;

-- ---- children, with their links ----
BEGIN;
INSERT INTO children (id, given_name, family_name, date_of_birth, la_code, sex, postcode,
                      given_name_key, family_name_key, given_name_sound, family_name_sound, created_at, created_by)
SELECT 100000 + value, g.name, f.name,
       date('2008-09-01', '+' || (value % 6500) || ' days'),
       a.la_code, CASE value % 2 WHEN 0 THEN 'female' ELSE 'male' END, 'FY1 ' || (value % 9) || 'AA',
       lower(g.name), lower(f.name), upper(substr(g.name, 1, 3)), upper(substr(f.name, 1, 4)),
       strftime('%Y-%m-%dT%H:%M:%SZ', '2025-01-01', '+' || ((value * 31) % 31536000) || ' seconds'), 3
FROM generate_series(1, :children)
JOIN given g ON g.n = value % 32 JOIN family f ON f.n = (value / 32) % 40 JOIN areas a ON a.n = value % 4;
COMMIT;
BEGIN;
INSERT INTO child_links (child_id, agency_id, relationship)
SELECT c.id, a.la_agency, 'local_authority' FROM children c JOIN areas a ON a.n = (c.id - 100000) % 4 WHERE c.id > 100000;
INSERT INTO child_links (child_id, agency_id, relationship)
SELECT c.id, s.agency_id, 'setting' FROM children c JOIN schools s ON s.n = (c.id - 100000) % 2000 WHERE c.id > 100000;
-- the demo hospital raised a concern about one child in ten
INSERT INTO child_links (child_id, agency_id, relationship)
SELECT id, 7, 'raised_concern' FROM children WHERE id > 100000 AND id % 10 = 0;
COMMIT;

-- ---- incidents: one child and one victim each; a notification to the child's school ----
BEGIN;
INSERT INTO da_incidents (id, police_reference, occurred_at, location, la_code, risk_level, circumstances, source,
                          received_at, content_hash)
SELECT 100000 + value, 'SCALE-' || value,
       strftime('%Y-%m-%dT%H:%M:%SZ', '2025-01-01', '+' || (value * 21) || ' seconds'),
       'A fictional address', (SELECT la_code FROM areas WHERE n = value % 4),
       CASE value % 5 WHEN 0 THEN 'high' WHEN 1 THEN 'medium' WHEN 2 THEN 'medium' ELSE 'standard' END,
       'Fictional circumstances for a benchmark.', 'import',
       strftime('%Y-%m-%dT%H:%M:%SZ', '2025-01-01', '+' || (value * 21 + 3600) || ' seconds'), 'scale'
FROM generate_series(1, :incidents);
INSERT INTO da_incident_adults (id, incident_id, position, name, role, date_of_birth, contact_phone, safe_to_call,
                                safe_to_leave_message)
SELECT id, id, 1, 'Victim ' || id || ' (fictional)', 'victim', '1990-01-01', '01632 960000', 1, 0
FROM da_incidents WHERE id > 100000;
-- 2 in 100 children wait to be matched; the rest matched to a register child
INSERT INTO da_incident_children (id, incident_id, position, given_name, family_name, date_of_birth, present,
                                  spoken_to, match_status, match_note, child_id, setting_agency_id)
SELECT i.id, i.id, 1, c.given_name, c.family_name, c.date_of_birth, 1, 0,
       CASE WHEN i.id % 50 = 0 THEN 'unresolved' ELSE 'matched' END,
       CASE WHEN i.id % 50 = 0 THEN 'Several children on the register match.' END,
       CASE WHEN i.id % 50 = 0 THEN NULL ELSE c.id END,
       CASE WHEN i.id % 50 = 0 THEN NULL ELSE s.agency_id END
FROM da_incidents i
JOIN children c ON c.id = 100000 + 1 + (i.id * 7) % :children
JOIN schools s ON s.n = (c.id - 100000) % 2000
WHERE i.id > 100000;
COMMIT;
BEGIN;
INSERT INTO encompass_notifications (incident_child_id, recipient_agency_id, content, created_at, due_at,
                                     acknowledged_at, acknowledged_by)
SELECT ic.id, ic.setting_agency_id, 'full', i.received_at,
       strftime('%Y-%m-%dT08:45:00Z', i.occurred_at, '+1 day'),
       CASE WHEN ic.id % 20 = 0 THEN NULL ELSE strftime('%Y-%m-%dT08:30:00Z', i.occurred_at, '+1 day') END,
       CASE WHEN ic.id % 20 = 0 THEN NULL ELSE 6 END
FROM da_incident_children ic JOIN da_incidents i ON i.id = ic.incident_id
WHERE ic.id > 100000 AND ic.match_status = 'matched';
INSERT INTO encompass_escalations (notification_id, escalated_at)
SELECT id, strftime('%Y-%m-%dT%H:%M:%SZ', due_at, '+2 hours') FROM encompass_notifications
WHERE acknowledged_at IS NULL AND incident_child_id > 100000;
-- Operation Provide: every medium and high risk victim is referred to their area's IDVA service; each
-- first attempted from half an hour to two days after the incident, to the second (so the figures' waits
-- are as varied as real ones), and contacted (the closed two in three) up to four hours after that
INSERT INTO idva_referrals (incident_id, victim_adult_id, service_agency_id, created_at, first_attempt_at,
                            first_contact_at, outcome, closed_at, closed_by, made_safer, engaged_with_investigation)
SELECT i.id, i.id, a.idva, i.received_at,
       strftime('%Y-%m-%dT%H:%M:%SZ', i.occurred_at, '+' || (1800 + (i.id * 7919) % 172800) || ' seconds'),
       CASE WHEN i.id % 3 = 0 THEN NULL
            ELSE strftime('%Y-%m-%dT%H:%M:%SZ', i.occurred_at,
                          '+' || (1800 + (i.id * 7919) % 172800 + 3600 * (i.id % 5)) || ' seconds') END,
       CASE WHEN i.id % 3 = 0 THEN NULL ELSE 'engaged' END,
       CASE WHEN i.id % 3 = 0 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%SZ', i.received_at, '+10 days') END,
       CASE WHEN i.id % 3 = 0 THEN NULL ELSE 7 END,
       CASE WHEN i.id % 3 = 0 THEN NULL ELSE 1 END,
       CASE WHEN i.id % 3 = 0 THEN NULL ELSE 0 END
FROM da_incidents i JOIN areas a ON a.n = (i.id - 100000) % 4
WHERE i.id > 100000 AND i.risk_level IN ('medium', 'high');
COMMIT;

-- ---- requests for support, from the demo practitioner and the workforce, to each area's front door ----
BEGIN;
INSERT INTO threshold_assessments (id, framework_id, user_id, agency_id, la_code, age_band, indicators,
                                   suggested_level, suggestion_basis, chosen_level, created_at)
SELECT 100000 + value, (SELECT min(id) FROM framework_versions),
       CASE WHEN value % 10 = 0 THEN 3 ELSE 11 + value % 20000 END, 7, a.la_code, 'primary', '[]', 3, '{}', 3,
       strftime('%Y-%m-%dT%H:%M:%SZ', '2025-01-01', '+' || (value * 300) || ' seconds')
FROM generate_series(1, :support) JOIN areas a ON a.n = value % 4;
INSERT INTO support_requests (reference, assessment_id, child_id, la_code, front_door_agency_id, referrer_user_id,
                              referrer_agency_id, referrer_phone, referrer_email, concerns, family_knows,
                              family_consents, received_at, decision_due_at, decision, decision_reason, decided_at,
                              decided_by)
SELECT 'RFS-S' || t.id, t.id, 100000 + 1 + (t.id * 13) % :children, t.la_code, a.la_agency,
       CASE WHEN t.user_id > (SELECT count(*) FROM users) THEN 3 ELSE t.user_id END, 7,
       '01632 960000', 'referrer@scale.haven.example', 'Fictional concerns for a benchmark.', 1, 1,
       t.created_at, strftime('%Y-%m-%dT%H:%M:%SZ', t.created_at, '+1 day'),
       CASE WHEN t.id % 25 = 0 THEN NULL ELSE 'early_help' END,
       CASE WHEN t.id % 25 = 0 THEN NULL ELSE 'Fictional reason.' END,
       CASE WHEN t.id % 25 = 0 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%SZ', t.created_at, '+5 hours') END,
       CASE WHEN t.id % 25 = 0 THEN NULL ELSE 4 END
FROM threshold_assessments t JOIN areas a ON a.n = (t.id - 100000) % 4 WHERE t.id > 100000;
COMMIT;

-- ---- the audit trail: :audit_per_day rows a day for :audit_days days, up to the benchmark's day ----
-- Its indexes are dropped and made again afterwards (as migration 0004 has
-- them): sorting once is much faster than millions of inserts at random
-- places in three indexes bigger than the cache.
DROP INDEX audit_by_user;
DROP INDEX audit_by_resource;
DROP INDEX audit_by_action;
BEGIN;
INSERT INTO audit_log (at, user_id, agency_id, action, resource_type, resource_id, client_address, prev_hash, hash)
SELECT strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '-' || :audit_days || ' days',
                '+' || (value * 86400.0 / :audit_per_day) || ' seconds'),
       1 + value % :users, 10, CASE value % 4 WHEN 0 THEN 'child.list' ELSE 'child.read' END,
       'child', CAST(100001 + (value * 17) % :children AS TEXT), '127.0.0.1', randomblob(32), randomblob(32)
FROM generate_series(1, :audit_days * :audit_per_day);
COMMIT;
CREATE INDEX audit_by_user ON audit_log (user_id, at);
CREATE INDEX audit_by_resource ON audit_log (resource_type, resource_id, at);
CREATE INDEX audit_by_action ON audit_log (action, at);

PRAGMA journal_mode = WAL;
