#!/usr/bin/env python3
"""pg-statements.py — how far Haven's SQL is from PostgreSQL (issue 21): prepares
every statement Haven registers on PostgreSQL after schema.sql, and prints how
many prepare and, for each that does not, the error. A measure, not a test.

    scripts/with-pg-cluster.sh scripts/pg-statements.py [build/haven]

The statements are the binary's registry (section haven_sql, see
src/store/db.h: an array of pointers to the literals, which in a PIE binary
are relocations). Each is translated as the PostgreSQL backend will
translate it (`?` and `?N` → `$n`; `INDEXED BY index` dropped) and given to
libpq's PQprepare (through ctypes, so exactly as the backend prepares it) in
a fresh schema loaded from src/store/pg/schema.sql and the PostgreSQL twin
(NNNN_name.pg.sql) of each later migration, in number order, as Haven's
runner on PostgreSQL applies them (a twin may add a column), dropped afterwards.
The PostgreSQL URL is HAVEN_TEST_PG_URL (with-pg-cluster.sh sets it).
"""
import collections
import ctypes
import ctypes.util
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA = os.path.join(ROOT, 'src/store/pg/schema.sql')
WORK_SCHEMA = 'haven_statements'
PGRES_COMMAND_OK = 1
PG_DIAG_MESSAGE_PRIMARY = ord('M')


def sections(binary):
    """{name: (address, file offset, size)} of the binary's sections."""
    out = subprocess.run(['readelf', '-SW', binary], capture_output=True, text=True, check=True).stdout
    found = {}
    for m in re.finditer(r'\]\s+(\S+)\s+\S+\s+([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)', out):
        found[m.group(1)] = (int(m.group(2), 16), int(m.group(3), 16), int(m.group(4), 16))
    return found


def registered_statements(binary):
    """The texts of the statement registry, in the binary's order."""
    found = sections(binary)
    if 'haven_sql' not in found:
        sys.exit('pg-statements.py: %s has no haven_sql section (no statement registry)' % binary)
    start, _, size = found['haven_sql']
    # PIE: each slot's value is a R_X86_64_RELATIVE relocation's addend.
    targets = {}
    relocs = subprocess.run(['readelf', '-rW', binary], capture_output=True, text=True, check=True).stdout
    for m in re.finditer(r'^([0-9a-f]+)\s+[0-9a-f]+\s+R_X86_64_RELATIVE\s+([0-9a-f]+)', relocs, re.M):
        offset = int(m.group(1), 16)
        if start <= offset < start + size:
            targets[offset] = int(m.group(2), 16)
    with open(binary, 'rb') as f:
        image = f.read()
    if not targets:  # not PIE: the slots hold the addresses themselves
        _, file_offset, _ = found['haven_sql']
        for i in range(0, size, 8):
            targets[start + i] = int.from_bytes(image[file_offset + i:file_offset + i + 8], 'little')

    def text_at(address):
        for addr, file_offset, length in found.values():
            if addr <= address < addr + length and addr:
                at = address - addr + file_offset
                return image[at:image.index(b'\0', at)].decode()
        sys.exit('pg-statements.py: a registered statement points outside the binary (%#x)' % address)

    return [text_at(targets[offset]) for offset in sorted(targets)]


def for_postgresql(sql):
    """sql as the PostgreSQL backend sends it: $n placeholders (for ?, ?N and :name), no INDEXED BY;
    a PRAGMA (SQLite's setting of its own engine) as a statement of no rows."""
    if re.match(r'\s*PRAGMA\b', sql, re.I):
        return 'SELECT NULL WHERE false'
    out, i, highest, quote, names = [], 0, 0, None, {}
    while i < len(sql):
        c = sql[i]
        if quote:
            out.append(c)
            if c == quote:
                quote = None
            i += 1
            continue
        if c in "'\"":
            quote = c
        named = re.match(r'[:@]([A-Za-z_]\w*)', sql[i:])
        if c == '?' or named:
            # SQLite's numbering: ?N is N; ? and a new :name take the next
            # number after the highest so far; a :name seen before keeps its own.
            m = named or re.match(r'\?(\d*)', sql[i:])
            if named:
                number = names.setdefault(named.group(1), highest + 1)
            else:
                number = int(m.group(1)) if m.group(1) else highest + 1
            highest = max(highest, number)
            out.append('$%d' % number)
            i += len(m.group(0))
            continue
        out.append(c)
        i += 1
    return re.sub(r'\s+INDEXED BY\s+\w+', '', ''.join(out))


def libpq():
    lib = ctypes.CDLL(ctypes.util.find_library('pq') or 'libpq.so.5')
    lib.PQconnectdb.restype = ctypes.c_void_p
    lib.PQconnectdb.argtypes = [ctypes.c_char_p]
    lib.PQstatus.argtypes = [ctypes.c_void_p]
    lib.PQerrorMessage.restype = ctypes.c_char_p
    lib.PQerrorMessage.argtypes = [ctypes.c_void_p]
    lib.PQexec.restype = ctypes.c_void_p
    lib.PQexec.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.PQprepare.restype = ctypes.c_void_p
    lib.PQprepare.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p]
    lib.PQresultStatus.argtypes = [ctypes.c_void_p]
    lib.PQresultErrorField.restype = ctypes.c_char_p
    lib.PQresultErrorField.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.PQclear.argtypes = [ctypes.c_void_p]
    lib.PQfinish.argtypes = [ctypes.c_void_p]
    return lib


def run(lib, conn, sql, expect=PGRES_COMMAND_OK):
    """None if sql runs, else PostgreSQL's message."""
    res = lib.PQexec(conn, sql.encode())
    ok = lib.PQresultStatus(res) in (expect, 2)  # PGRES_COMMAND_OK or PGRES_TUPLES_OK
    message = None if ok else (lib.PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) or b'?').decode()
    lib.PQclear(res)
    return message


# The kinds of failure, by PostgreSQL's message (and the statement, where the
# message is only "syntax error"): what part of the dialect gap each is.
CLASSES = [
    (r'subquery in FROM must have an alias', '',
     'subqueries in FROM without an alias (PostgreSQL 15 needs one; 16 does not)'),
    (r'could not determine (the )?data type of parameter|inconsistent types deduced for parameter'
     r'|is of type \w+ but expression is of type text', '',
     'parameters PostgreSQL cannot type from the statement (no types given to PQprepare)'),
    (r'function (strftime|datetime|date|julianday|unixepoch|time)\(', '',
     'SQLite date/time functions (times to compute in C)'),
    (r'json_', '', 'SQLite JSON functions (json_each, json_extract)'),
    (r'syntax error', r'^PRAGMA', 'PRAGMA'),
    (r'syntax error', r'INSERT OR ', 'INSERT OR IGNORE/REPLACE'),
    (r'syntax error', r'CROSS JOIN \w+ \w+ ON', 'CROSS JOIN … ON (SQLite\'s join-order hint)'),
    (r'syntax error', r'\bIS (NOT )?(\(|\$|\'|\w+\.)', 'IS / IS NOT between values (IS [NOT] DISTINCT FROM)'),
    (r'syntax error', r'\bGLOB\b', 'GLOB'),
    (r'syntax error', r'\bMATCH\b', 'FTS5 MATCH'),
    (r'column reference .* is ambiguous', r'ON CONFLICT',
     'unqualified columns in ON CONFLICT DO UPDATE (the row\'s or excluded\'s?)'),
    (r'must appear in the GROUP BY clause|ungrouped column', '', 'ungrouped columns (SQLite picks a row; PostgreSQL refuses)'),
    (r'operator does not exist|types .* cannot be matched', '',
     'mismatched types (booleans as integers, numbers compared with text)'),
    (r'collation', '', 'COLLATE NOCASE'),
    (r'function \w+\(', '', 'other SQLite functions (ifnull, …)'),
]


def failure_class(message, sql):
    for pattern, statement, name in CLASSES:
        if re.search(pattern, message) and re.search(statement, sql):
            return name
    return 'other'


def later_twins(schema):
    """The text of each migration's PostgreSQL twin that schema.sql does not record, in number order."""
    recorded = {int(v) for v in re.findall(r'INSERT INTO schema_migrations \(version, name\) VALUES \((\d+),', schema)}
    twins = []
    for path in sorted(glob.glob(os.path.join(ROOT, 'src/**/migrations/*.pg.sql'), recursive=True), key=os.path.basename):
        if int(os.path.basename(path).split('_')[0]) not in recorded:
            with open(path) as f:
                twins.append((os.path.basename(path), f.read()))
    return twins


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'build/haven')
    url = os.environ.get('HAVEN_TEST_PG_URL')
    if not url:
        sys.exit('pg-statements.py: set HAVEN_TEST_PG_URL, or run it under scripts/with-pg-cluster.sh')
    statements = registered_statements(binary)
    distinct = list(dict.fromkeys(statements))
    lib = libpq()
    conn = lib.PQconnectdb(url.encode())
    if lib.PQstatus(conn) != 0:
        sys.exit('pg-statements.py: cannot connect: %s' % lib.PQerrorMessage(conn).decode())
    with open(SCHEMA) as f:
        schema = f.read()
    setup = 'SET client_min_messages = warning; DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s; SET search_path = %s;' % ((WORK_SCHEMA,) * 3)
    problem = run(lib, conn, setup) or run(lib, conn, schema)
    if problem:
        sys.exit('pg-statements.py: cannot load schema.sql: %s' % problem)
    for name, twin in later_twins(schema):
        problem = run(lib, conn, twin)
        if problem:
            sys.exit('pg-statements.py: cannot apply %s: %s' % (name, problem))
    failures = []
    for sql in distinct:
        translated = for_postgresql(sql)
        res = lib.PQprepare(conn, b'', translated.encode(), 0, None)
        if lib.PQresultStatus(res) != PGRES_COMMAND_OK:
            failures.append(((lib.PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) or b'?').decode(), translated))
        lib.PQclear(res)
    run(lib, conn, 'DROP SCHEMA %s CASCADE' % WORK_SCHEMA)
    lib.PQfinish(conn)

    for message, sql in failures:
        print('does not prepare (%s):\n  %s' % (message, ' '.join(sql.split())))
    print()
    classes = collections.Counter(failure_class(message, sql) for message, sql in failures)
    print('Failures by kind:')
    for name, count in classes.most_common():
        print('  %4d  %s' % (count, name))
    print()
    print('%d of %d registered statements prepare on PostgreSQL (%d registrations; %d do not prepare)'
          % (len(distinct) - len(failures), len(distinct), len(statements), len(failures)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
