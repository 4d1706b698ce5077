#!/usr/bin/env python3
"""pg_schema_test.py — checks that PostgreSQL's baseline schema
(src/store/pg/schema.sql) is the schema the SQLite migrations make (issue 21).

    HAVEN_BIN=build/haven HAVEN_TEST_PG_URL=postgresql://… tests/store/pg_schema_test.py

It makes a SQLite database with `haven init`, loads schema.sql and then the
PostgreSQL twin (NNNN_name.pg.sql) of each later migration into a fresh
schema of the PostgreSQL database at HAVEN_TEST_PG_URL (a throwaway cluster:
scripts/pg-cluster.sh; `make check` starts one), and compares tables, columns
(name, type by the agreed mapping, generated or not, NOT NULL, default
present), primary keys, unique keys, foreign keys, how many CHECK
constraints, indexes (name, keys, unique, partial), triggers, recorded migrations and the rows migrations
insert. It fails listing every difference. Then it makes the same changes
on both engines and compares what the triggers wrote (the figure counts of
provide and encompass, each agency's children's names), checks that
PostgreSQL's agency_names follows agencies, that the audit trail refuses
an UPDATE and a DELETE, that a parallel plan can call the functions
standing in for SQLite's built-ins (and those that can be are marked PARALLEL
SAFE), that unixepoch gives SQLite's answer for each text of a table, and
that those functions, as the twins leave them, are as scripts/pg_schema.py
writes them.
Without HAVEN_TEST_PG_URL it says so and skips (exit 77, ctest's skip code).
"""
import glob
import importlib.util
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMA = os.path.join(ROOT, 'src/store/pg/schema.sql')
TEST_SCHEMA = 'haven_schema_test'  # loaded here and dropped afterwards, so the database can be shared
NULL = '<NULL>'  # how both sides print a NULL value
TYPES = {'INTEGER': 'bigint', 'TEXT': 'text', 'REAL': 'double precision', 'BLOB': 'bytea'}
# SQLite's FTS5 index agency_names is a plain table on PostgreSQL (see scripts/pg_schema.py).
FTS_TABLE = 'agency_names'
FTS_COLUMNS = {'rowid': ('bigint', False, True, False), 'name': ('text', False, True, False)}


def psql(url, sql, schema=TEST_SCHEMA):
    """Rows of psql's unaligned output for sql, run in schema; fails the test on an error."""
    script = 'SET search_path = %s;\n%s' % (schema, sql)
    run = subprocess.run(['psql', url, '-X', '-q', '-At', '-F', '\t', '-P', 'null=' + NULL, '-v', 'ON_ERROR_STOP=1'],
                         input=script, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit('pg_schema_test: psql failed: %s' % run.stderr.strip())
    return [line.split('\t') for line in run.stdout.splitlines() if line]


def foreign_keys(db, table):
    """The table's foreign keys, each a list of pragma_foreign_key_list rows."""
    groups = {}
    for row in db.execute('SELECT * FROM pragma_foreign_key_list(?)', (table,)):
        groups.setdefault(row[0], []).append(row)
    for group in groups.values():
        if any(f[4] is None for f in group):  # REFERENCES t: its primary key
            keys = [r[1] for r in sorted((r for r in db.execute('SELECT * FROM pragma_table_info(?)', (group[0][2],))
                                          if r[5]), key=lambda r: r[5])]
            group[:] = [f[:4] + (keys[i],) + f[5:] for i, f in enumerate(group)]
    return [sorted(g, key=lambda f: f[1]) for g in groups.values()]


def split_keys(text):
    """An index's key list, split at its top-level commas."""
    keys, depth, current = [], 0, ''
    for c in text:
        depth += (c == '(') - (c == ')')
        if c == ',' and depth == 0:
            keys.append(current.strip())
            current = ''
        else:
            current += c
    return keys + [current.strip()]


def sqlite_schema(db):
    """{table: {'columns', 'pk', 'unique', 'indexes'}}, triggers, of the SQLite database."""
    tables = {}
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for name in names:
        if name.startswith(FTS_TABLE + '_'):
            continue  # FTS5's shadow tables
        if name == FTS_TABLE:
            tables[name] = {'columns': FTS_COLUMNS, 'pk': ['rowid'], 'unique': [], 'indexes': {}, 'foreign keys': [],
                            'checks': 0}
            continue
        columns, pk = {}, []
        for _, col, ctype, notnull, default, key, hidden in db.execute(
                'SELECT * FROM pragma_table_xinfo(?)', (name,)):
            kind = TYPES.get(ctype.upper(), '?' + ctype)
            columns[col] = (kind, hidden in (2, 3), bool(notnull) or key > 0, default is not None)
            if key:
                pk.append((key, col))
        unique, indexes = [], {}
        for _, index, is_unique, origin, partial in db.execute('SELECT * FROM pragma_index_list(?)', (name,)):
            if origin == 'pk':
                continue
            keys = [c if c else '<expression>' for _, _, c, desc, coll, key in
                    db.execute('SELECT * FROM pragma_index_xinfo(?)', (index,)) if key]
            if origin == 'u':
                keys = [('lower(%s)' % c) if coll.upper() == 'NOCASE' else c
                        for _, _, c, _, coll, key in db.execute('SELECT * FROM pragma_index_xinfo(?)', (index,)) if key]
                unique.append('(%s)' % ', '.join(keys))
            else:
                indexes[index] = (bool(is_unique), ', '.join(keys), bool(partial))
        foreign = sorted('(%s) → %s (%s) on delete %s' % (', '.join(f[3] for f in group), group[0][2],
                                                         ', '.join(f[4] or '?' for f in group), group[0][6].lower())
                         for group in foreign_keys(db, name))
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        checks = len(re.findall(r'\bCHECK\s*\(', re.sub(r'--[^\n]*', '', sql), re.I))
        tables[name] = {'columns': columns, 'pk': [c for _, c in sorted(pk)], 'unique': sorted(unique),
                        'indexes': indexes, 'foreign keys': foreign, 'checks': checks}
    triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return tables, triggers


def pg_schema(url):
    """The same shape as sqlite_schema, read from PostgreSQL's catalogue."""
    tables = {}
    for (name,) in psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = '%s'" % TEST_SCHEMA):
        tables[name] = {'columns': {}, 'pk': [], 'unique': [], 'indexes': {}, 'foreign keys': [], 'checks': 0}
    for table, col, kind, generated, notnull, default in psql(url, """
		SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attgenerated <> '',
		       a.attnotnull, a.atthasdef AND a.attgenerated = ''
		FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = '%s' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped""" % TEST_SCHEMA):
        tables[table]['columns'][col] = (kind, generated == 't', notnull == 't', default == 't')
    for table, index, is_unique, constraint, definition in psql(url, """
		SELECT t.relname, i.relname, x.indisunique, coalesce(k.contype, ''), pg_get_indexdef(i.oid)
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace LEFT JOIN pg_constraint k
			ON k.conindid = i.oid AND k.conrelid = t.oid AND k.contype IN ('p', 'u')
		WHERE n.nspname = '%s'""" % TEST_SCHEMA):
        keys = re.search(r'USING \w+ \((.*)\)', definition.split(' WHERE ')[0]).group(1).replace('"', '')
        if constraint == 'p':
            tables[table]['pk'] = [k.strip() for k in keys.split(',')]
        elif constraint == 'u' or index.endswith('_nocase'):
            tables[table]['unique'].append('(%s)' % keys)
        elif table != FTS_TABLE:
            keys = ', '.join('<expression>' if '(' in k else k.split()[0] for k in split_keys(keys))
            tables[table]['indexes'][index] = (is_unique == 't', keys, ' WHERE ' in definition)
    actions = {'a': 'no action', 'r': 'restrict', 'c': 'cascade', 'n': 'set null', 'd': 'set default'}
    for table, columns, target, target_columns, action in psql(url, """
		SELECT c.relname, (SELECT string_agg(a.attname, ', ' ORDER BY a.attname) FROM unnest(k.conkey) n
		                   JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = n),
		       t.relname,
		       (SELECT string_agg(a.attname, ', ' ORDER BY (SELECT b.attname FROM pg_attribute b
		                          WHERE b.attrelid = k.conrelid AND b.attnum = k.conkey[array_position(k.confkey, a.attnum)]))
		        FROM unnest(k.confkey) n JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = n),
		       k.confdeltype
		FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class t ON t.oid = k.confrelid
		JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = '%s' AND k.contype = 'f'""" % TEST_SCHEMA):
        tables[table]['foreign keys'].append('(%s) → %s (%s) on delete %s' % (columns, target, target_columns, actions[action]))
    for t in tables.values():
        t['foreign keys'].sort()
    for table, count in psql(url, """
		SELECT c.relname, count(*) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = '%s' AND k.contype = 'c'
		GROUP BY c.relname""" % TEST_SCHEMA):
        tables[table]['checks'] = int(count)
    for t in tables.values():
        t['unique'].sort()
    triggers = {r[0] for r in psql(url, """
		SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '%s' AND NOT t.tgisinternal""" % TEST_SCHEMA)}
    return tables, triggers


def differences(lite, pg):
    """Each way the PostgreSQL schema differs from SQLite's, as a sentence."""
    found = []
    (lite_tables, lite_triggers), (pg_tables, pg_triggers) = lite, pg
    for name in sorted(set(lite_tables) | set(pg_tables)):
        if name not in pg_tables:
            found.append('table %s: missing on PostgreSQL' % name)
            continue
        if name not in lite_tables:
            found.append('table %s: on PostgreSQL only' % name)
            continue
        a, b = lite_tables[name], pg_tables[name]
        for col in sorted(set(a['columns']) | set(b['columns'])):
            if col not in b['columns']:
                found.append('%s.%s: missing on PostgreSQL' % (name, col))
            elif col not in a['columns']:
                found.append('%s.%s: on PostgreSQL only' % (name, col))
            elif a['columns'][col] != b['columns'][col]:
                found.append('%s.%s: (type, generated, NOT NULL, default) SQLite %s, PostgreSQL %s'
                             % (name, col, a['columns'][col], b['columns'][col]))
        for key in ('pk', 'unique', 'foreign keys', 'checks'):
            if a[key] != b[key]:
                found.append('%s: %s SQLite %s, PostgreSQL %s' % (name, key, a[key], b[key]))
        for index in sorted(set(a['indexes']) | set(b['indexes'])):
            if a['indexes'].get(index) != b['indexes'].get(index):
                found.append('%s: index %s (unique?, keys, partial?) SQLite %s, PostgreSQL %s'
                             % (name, index, a['indexes'].get(index), b['indexes'].get(index)))
    for trigger in sorted(lite_triggers ^ pg_triggers):
        found.append('trigger %s: on %s only' % (trigger, 'SQLite' if trigger in lite_triggers else 'PostgreSQL'))
    return found


# Changes through every trigger that writes rows: the figure counts of provide
# and encompass (migrations 0136/0145/0147/0149) and each agency's children's
# names (0135): inserts, the updates the triggers watch, and deletes, in SQL
# both engines read alike.
TRIGGER_ROWS = """
INSERT INTO local_authorities (code, slug, name) VALUES (9001, 'north', 'North'), (9002, 'south', 'South');
INSERT INTO agencies (id, slug, name, type, la_code) VALUES (9001, 'north-school', 'North School', 'school', 9001),
	(9002, 'idva', 'IDVA', 'idva_service', NULL);
INSERT INTO da_incidents (id, police_reference, occurred_at, location, la_code, risk_level, circumstances, source,
	received_at, content_hash) VALUES
	(9001, 'P1', '2026-03-01T23:15:00Z', 'a', 9001, 'high', 'c', 'web', '2026-03-02T00:00:00Z', 'h1'),
	(9002, 'P2', '2026-03-02T10:00:00.000Z', 'b', 9001, 'medium', 'c', 'web', '2026-03-02T11:00:00Z', 'h2'),
	(9003, 'P3', '2026-03-03T08:00:00Z', 'c', 9002, 'standard', 'c', 'api', '2026-03-03T09:00:00Z', 'h3');
INSERT INTO da_incident_children (id, incident_id, position, given_name, family_name, present, spoken_to) VALUES
	(9001, 9001, 1, 'A', 'B', 1, 0), (9002, 9001, 2, 'C', 'D', 0, 0), (9003, 9002, 1, 'E', 'F', 1, 1);
INSERT INTO da_incident_adults (id, incident_id, position, name, role) VALUES
	(9001, 9001, 1, 'V1', 'victim'), (9002, 9001, 2, 'S1', 'suspect'), (9003, 9002, 1, 'V2', 'victim'),
	(9004, 9003, 1, 'V3', 'victim'), (9005, 9001, 3, 'V4', 'victim');
INSERT INTO encompass_notifications (id, incident_child_id, recipient_agency_id, content, created_at, due_at,
	acknowledged_at, acknowledged_by) VALUES
	(9001, 9001, 9001, 'full', '2026-03-02T00:10:00Z', '2026-03-02T09:00:00Z', NULL, NULL),
	(9002, 9002, 9001, 'full', '2026-03-02T00:10:00Z', '2026-03-02T09:00:00Z', NULL, NULL),
	(9003, 9003, 9001, 'minimal', '2026-03-02T11:00:00Z', '2026-03-02T12:00:00Z', NULL, NULL);
INSERT INTO users (id, email, name, agency_id, password_hash) VALUES (9001, 'u@example.org', 'U', 9001, 'x');
UPDATE encompass_notifications SET acknowledged_at = '2026-03-02T08:30:00Z', acknowledged_by = 9001 WHERE id = 9001;
UPDATE encompass_notifications SET acknowledged_at = '2026-03-02T13:00:00Z', acknowledged_by = 9001 WHERE id = 9003;
INSERT INTO idva_referrals (id, incident_id, victim_adult_id, service_agency_id, created_at, first_attempt_at) VALUES
	(9001, 9001, 9001, 9002, '2026-03-02T01:00:00Z', '2026-03-02T03:00:00Z'),
	(9002, 9002, 9003, 9002, '2026-03-02T12:00:00Z', NULL),
	(9003, 9001, 9005, 9002, '2026-03-02T01:30:00Z', '2026-03-02T03:00:00Z');
UPDATE idva_referrals SET first_contact_at = '2026-03-02T05:00:00Z' WHERE id = 9001;
UPDATE da_incidents SET occurred_at = '2026-03-02T09:00:00Z', risk_level = 'high' WHERE id = 9002;
UPDATE da_incident_children SET incident_id = 9002 WHERE id = 9002;
UPDATE da_incident_adults SET role = 'other' WHERE id = 9004;
DELETE FROM idva_referrals WHERE id = 9002;
DELETE FROM encompass_notifications WHERE id = 9002;
INSERT INTO agencies (id, slug, name, type, la_code) VALUES (9003, 'south-school', 'South School', 'school', 9002);
INSERT INTO children (id, given_name, family_name, given_name_key, family_name_key, given_name_sound, family_name_sound)
VALUES (9001, 'Ann', 'Lee', 'ann', 'lee', 'A500', 'L000'), (9002, 'Bo', 'Ray', 'bo', 'ray', 'B000', 'R000'),
	(9003, 'Cy', 'Fox', 'cy', 'fox', NULL, 'F200');
INSERT INTO child_links (child_id, agency_id, relationship) VALUES (9001, 9001, 'setting'), (9002, 9001, 'setting'),
	(9002, 9003, 'setting'), (9003, 9003, 'setting'), (9003, 9001, 'setting');
UPDATE child_links SET agency_id = 9003 WHERE child_id = 9001 AND agency_id = 9001;
DELETE FROM child_links WHERE child_id = 9003 AND agency_id = 9001;
UPDATE children SET family_name = 'Day', family_name_key = 'day', family_name_sound = 'D000' WHERE id = 9002;
UPDATE children SET merged_into = 9001 WHERE id = 9003;
UPDATE agencies SET name = 'South Academy' WHERE id = 9003;
"""

# Triggers with nothing to count: the agency names index follows agencies,
# and the audit trail refuses changes.
PG_ONLY_CHECKS = [
    ('agency_names holds every agency\'s name',
     'SELECT count(*) FROM (SELECT id, name FROM agencies EXCEPT SELECT rowid, name FROM agency_names) missing',
     [['0']]),
    ('agency_names holds no other name',
     'SELECT count(*) FROM (SELECT rowid, name FROM agency_names EXCEPT SELECT id, name FROM agencies) extra',
     [['0']]),
]
REFUSED = [
    "INSERT INTO audit_log (id, at, action, prev_hash, hash) VALUES (9001, '2026-03-01T00:00:00Z', 'x', 'p', 'h');"
    "UPDATE audit_log SET action = 'y' WHERE id = 9001;",
    "INSERT INTO audit_log (id, at, action, prev_hash, hash) VALUES (9001, '2026-03-01T00:00:00Z', 'x', 'p', 'h');"
    "DELETE FROM audit_log WHERE id = 9001;",
]

def seed_differences(path, url, tables):
    """How the rows the migrations insert differ (a column whose default is "now" aside)."""
    db, found = sqlite3.connect(path), []
    for name in tables:
        if name in ('schema_migrations', FTS_TABLE):
            continue
        columns = ', '.join(r[1] for r in db.execute('SELECT * FROM pragma_table_info(?)', (name,))
                            if not (r[4] and "'now'" in r[4]))
        lite = sorted(tuple(NULL if v is None else str(v) for v in row)
                      for row in db.execute('SELECT %s FROM %s' % (columns, name)))
        pg = sorted(tuple(row) for row in psql(url, 'SELECT %s FROM %s' % (columns, name)))
        if lite != pg:
            found.append('rows of %s: SQLite %s, PostgreSQL %s' % (name, lite, pg))
    return found


TRIGGER_TABLES = ['provide_figure_counts', 'provide_figure_waits', 'provide_figure_wait_hours', 'provide_not_referred',
                 'encompass_figure_counts', 'encompass_figure_delays', 'encompass_figure_delay_hours',
                 'child_agency_names']


def psql_refuses(url, sql):
    """True if PostgreSQL refuses sql (run in one transaction, rolled back either way)."""
    script = 'SET search_path = %s;\nBEGIN;\n%s\nROLLBACK;' % (TEST_SCHEMA, sql)
    run = subprocess.run(['psql', url, '-X', '-q', '-v', 'ON_ERROR_STOP=1'], input=script, capture_output=True, text=True)
    return run.returncode != 0 and 'append-only' in run.stderr


def trigger_differences(path, url):
    """How the triggers behave differently on the two engines, as sentences."""
    found = []
    lite_rows, pg_rows = trigger_rows_sqlite(path), trigger_rows_pg(url)
    for table in TRIGGER_TABLES:
        if lite_rows[table] != pg_rows[table]:
            found.append('rows of %s after the same changes: SQLite %s, PostgreSQL %s'
                         % (table, lite_rows[table], pg_rows[table]))
        elif not lite_rows[table]:
            found.append('rows of %s: none on either engine (the test rows miss it)' % table)
    for what, sql, expected in PG_ONLY_CHECKS:
        if psql(url, sql) != expected:
            found.append('on PostgreSQL, not true that %s' % what)
    for sql in REFUSED:
        if not psql_refuses(url, sql):
            found.append('PostgreSQL does not refuse, as the audit trail must: %s' % sql)
    return (found + parallel_differences(url) + parallel_marking_differences(url) + unixepoch_differences(url)
            + compat_differences(url))


# The functions standing in for SQLite's built-ins, as the areas' SQL calls them on
# a table's rows; json_valid on text that is not JSON, so its error is caught.
PARALLEL_CALLS = ['unixepoch(occurred_at)', 'utc_day(occurred_at)', 'utc_hour(occurred_at)',
                  "json_valid('{' || police_reference)"]


def parallel_differences(url):
    """Each function a parallel plan fails to call, as a sentence: one with an EXCEPTION
    block (or calling one) not marked PARALLEL UNSAFE fails in a parallel plan, as a page over
    a table big enough for a parallel plan did (migration 0183). The setting makes every
    plan that may be parallel one, whatever the table's size."""
    (version,), = psql(url, 'SHOW server_version_num')
    setting = 'force_parallel_mode' if int(version) < 160000 else 'debug_parallel_query'
    found = []
    for call in PARALLEL_CALLS:
        script = 'SET search_path = %s;\nSET %s = on;\nSELECT %s FROM da_incidents;' % (TEST_SCHEMA, setting, call)
        run = subprocess.run(['psql', url, '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1'], input=script,
                             capture_output=True, text=True)
        if run.returncode != 0:
            found.append('on PostgreSQL, a parallel plan cannot call %s: %s' % (call, run.stderr.strip()))
    return found


# The functions standing in for SQLite's built-ins that a parallel plan may call (scripts/pg_schema.py,
# migration 0186), and those that may not (an EXCEPTION block: 0183).
PARALLEL_SAFE = {'unixepoch': 's', 'utc_day': 's', 'utc_hour': 's', 'json_valid': 'u'}


def parallel_marking_differences(url):
    """Each function marked otherwise than PARALLEL_SAFE says, as a sentence: marked UNSAFE, a
    function keeps PostgreSQL from ever planning the figures queries calling it in parallel."""
    marked = dict(psql(url, "SELECT proname, proparallel FROM pg_proc WHERE pronamespace = '%s'::regnamespace"
                            " AND proname IN (%s)" % (TEST_SCHEMA, ', '.join("'%s'" % f for f in PARALLEL_SAFE))))
    return ['on PostgreSQL, %s is marked proparallel %r, not %r' % (name, marked.get(name), want)
            for name, want in PARALLEL_SAFE.items() if marked.get(name) != want]


# unixepoch(t) of texts its pattern admits, and a few it does not, with SQLite's answer (3.40's
# date.c): a day past its month's end counts on into the next month; hour 24 is the next day's
# midnight; minute or second 60, month 0 or 13, day 0 or 32 or a zone past 14:59 is no time; a zone
# needs a time; the second rounds to the millisecond; only years 0000 to 9999 count.
UNIXEPOCH_CASES = [
    ('2025-06-15T12:34:56.789Z', 1749990896), ('2025-06-15 12:34', 1749990840),
    ('2025-02-28', 1740700800), ('2025-02-29', 1740787200), ('2025-02-30', 1740873600),
    ('2025-02-31', 1740960000), ('2024-02-29', 1709164800), ('2024-02-30', 1709251200),
    ('2025-04-31', 1746057600), ('2025-06-31', 1751328000), ('2025-09-31', 1759276800),
    ('2025-11-31', 1764547200), ('2025-12-31', 1767139200), ('2025-12-32', None),
    ('2025-00-01', None), ('2025-13-01', None), ('2025-01-00', None),
    ('2025-01-01T24:00', 1735776000), ('2025-12-31T24:00:00Z', 1767225600), ('2025-02-28T24:30', 1740789000),
    ('2025-01-01T25:00', None), ('2025-01-01T23:60', None), ('2025-01-01T23:59:60', None),
    ('2025-01-01T23:59:59.9995', 1735776000), ('2025-01-01T23:59:59.99949', 1735775999),
    ('2025-01-01T00:00:00.5', 1735689600), ('2025-01-01T00:00:00.' + '9' * 20, 1735689601),
    ('2025-01-01T00:00:00.' + '9' * 400, None), ('2025-01-01T00:00:00.' + '0' * 400 + '1', 1735689600),
    ('2025-01-01T00:00+14:00', 1735639200), ('2025-01-01T00:00-14:00', 1735740000),
    ('2025-01-01T00:00+14:59', 1735635660), ('2025-01-01T00:00+15:00', None), ('2025-01-01T00:00+01:60', None),
    ('2025-01-01T00:00-00:00', 1735689600), ('2025-01-01T00:00Z', 1735689600),
    ('2025-03-01T00:30+01:00', 1740785400), ('2025-02-30T23:00-02:00', 1740963600),
    ('2025-01-01Z', None), ('2025-01-01+01:00', None),
    ('0000-01-01', -62167219200), ('0000-01-01T00:00+14:00', -62167269600),
    ('9999-12-31T23:59:59.999', 253402300799), ('9999-12-31T23:59:59.9999', None),
    ('9999-12-31T24:00', None), ('9999-12-31T23:00-01:00', None), ('1969-12-31T23:59:59.5', -1),
    ('2025-1-01', None), ('2025-01-01T12', None), ('2025-01-01t12:00', None), ('', None),
]


def unixepoch_differences(url):
    """Each text whose unixepoch is not SQLite's answer, on either engine, as a sentence. One
    statement a text, so that an error on one (as PostgreSQL's casts raised) is that text's answer."""
    script = 'SET search_path = %s;\n' % TEST_SCHEMA + ''.join(
        "SELECT %d, unixepoch('%s');\n" % (n, text) for n, (text, _) in enumerate(UNIXEPOCH_CASES))
    run = subprocess.run(['psql', url, '-X', '-q', '-At', '-F', '\t', '-P', 'null=' + NULL], input=script,
                         capture_output=True, text=True)
    pg = dict(line.split('\t') for line in run.stdout.splitlines() if line)
    lite = sqlite3.connect(':memory:')
    found = []
    for n, (text, want) in enumerate(UNIXEPOCH_CASES):
        want = NULL if want is None else str(want)
        (got,), = lite.execute('SELECT unixepoch(?)', (text,))
        answers = (('SQLite', NULL if got is None else str(got)), ('PostgreSQL', pg.get(str(n), 'an error')))
        for engine, answer in answers:
            if answer != want:
                found.append('on %s, unixepoch(%r) is %s, not %s' % (engine, text[:40], answer, want))
    return found


def compat_differences(url):
    """Each function standing in for a SQLite built-in that the migrated database defines otherwise
    than scripts/pg_schema.py would in a new baseline (body, volatility, strictness, PARALLEL
    marking), as a sentence: a twin that redefines one (0186) must keep the two the same."""
    spec = importlib.util.spec_from_file_location('pg_schema', os.path.join(ROOT, 'scripts/pg_schema.py'))
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    fresh = TEST_SCHEMA + '_compat'
    query = ("SELECT proname || '(' || pg_get_function_identity_arguments(oid) || ')', md5(prosrc), provolatile,"
             " proisstrict, proparallel FROM pg_proc WHERE pronamespace = '%s'::regnamespace AND prokind = 'f'")
    psql(url, 'DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s;' % (fresh, fresh), 'public')
    try:
        psql(url, script.COMPAT, fresh)
        written = {row[0]: row[1:] for row in psql(url, query % fresh, fresh)}
        migrated = {row[0]: row[1:] for row in psql(url, query % TEST_SCHEMA)}
    finally:
        psql(url, 'DROP SCHEMA IF EXISTS %s CASCADE;' % fresh, 'public')
    return ['on PostgreSQL, %s as migrated (%s) is not as scripts/pg_schema.py writes it (%s)'
            % (name, '/'.join(migrated.get(name, ['missing'])), '/'.join(want))
            for name, want in sorted(written.items()) if migrated.get(name) != want]


def trigger_rows_sqlite(path):
    """The rows the triggers wrote on SQLite after TRIGGER_ROWS, by table."""
    db = sqlite3.connect(path)
    db.executescript('PRAGMA foreign_keys = ON; BEGIN;' + TRIGGER_ROWS + 'COMMIT;')
    return {t: sorted(tuple(NULL if v is None else str(v) for v in row) for row in db.execute('SELECT * FROM %s' % t))
            for t in TRIGGER_TABLES}


def trigger_rows_pg(url):
    """The same on PostgreSQL."""
    psql(url, TRIGGER_ROWS)
    return {t: sorted(tuple(row) for row in psql(url, 'SELECT * FROM %s' % t)) for t in TRIGGER_TABLES}


def apply_twins(url):
    """Applies each migration's PostgreSQL twin (NNNN_name.pg.sql) that schema.sql
    does not record, in number order, recording it under the SQLite file's name,
    as the migration runner on PostgreSQL does."""
    applied = {int(r[0]) for r in psql(url, 'SELECT version FROM schema_migrations')}
    twins = sorted(glob.glob(os.path.join(ROOT, 'src/**/migrations/*.pg.sql'), recursive=True),
                   key=os.path.basename)
    for twin in twins:
        name = os.path.basename(twin).replace('.pg.sql', '.sql')
        if int(name.split('_')[0]) in applied:
            continue
        with open(twin) as f:
            psql(url, 'BEGIN;\n%s\nINSERT INTO schema_migrations (version, name) VALUES (%d, \'%s\');\nCOMMIT;'
                 % (f.read(), int(name.split('_')[0]), name))


def main():
    url = os.environ.get('HAVEN_TEST_PG_URL')
    if not url:
        print('pg_schema_test: HAVEN_TEST_PG_URL is not set; skipped (make check starts a throwaway cluster)')
        return 77
    haven = os.environ.get('HAVEN_BIN', os.path.join(ROOT, 'build/haven'))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'haven.db')
        subprocess.run([haven, 'init', '--db', path], check=True, capture_output=True)
        with open(SCHEMA) as f:
            schema_sql = f.read()
        psql(url, 'DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s;' % (TEST_SCHEMA, TEST_SCHEMA), 'public')
        try:
            psql(url, schema_sql)
            apply_twins(url)
            lite = sqlite_schema(sqlite3.connect(path))
            found = differences(lite, pg_schema(url))
            lite_migrations = [tuple(map(str, r)) for r in sqlite3.connect(path).execute(
                'SELECT version, name FROM schema_migrations ORDER BY version')]
            pg_migrations = [tuple(r) for r in psql(url, 'SELECT version, name FROM schema_migrations ORDER BY version')]
            if lite_migrations != pg_migrations:
                found.append('schema_migrations: SQLite records %d migrations (last %s), PostgreSQL %d (last %s)'
                             % (len(lite_migrations), lite_migrations[-1:], len(pg_migrations), pg_migrations[-1:]))
            if not found:
                found = seed_differences(path, url, lite[0])
            if not found:
                found = trigger_differences(path, url)
        finally:
            psql(url, 'DROP SCHEMA IF EXISTS %s CASCADE;' % TEST_SCHEMA, 'public')
    for line in found:
        print('pg_schema_test: ' + line)
    if found:
        print('pg_schema_test: %d differences; give the new migration its NNNN_name.pg.sql twin '
              '(or regenerate the baseline with scripts/pg_schema.py)' % len(found))
        return 1
    print('pg_schema_test: %d tables, %d triggers, the migrations\' rows and what the triggers write agree on SQLite and PostgreSQL'
          % (len(lite[0]), len(lite[1])))
    return 0


if __name__ == '__main__':
    sys.exit(main())
