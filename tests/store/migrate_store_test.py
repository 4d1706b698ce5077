#!/usr/bin/env python3
"""migrate_store_test.py — `haven migrate-store` moves a partnership from
SQLite to PostgreSQL whole (issue 21).

    HAVEN_BIN=build/haven HAVEN_TEST_PG_URL=postgresql://… tests/store/migrate_store_test.py

It makes the demo partnership on SQLite (`haven init --demo`), signs in once
through `haven serve` (a session and audit rows written the way a user
writes them), and migrates it into a new database of the PostgreSQL server at
HAVEN_TEST_PG_URL (a throwaway cluster: scripts/with-pg-cluster.sh; `make
check` starts one). Then it checks, from outside Haven: every table's rows
counted with sqlite3 and with psql agree; the identity counters stand past
the highest ids; `haven audit verify` passes on PostgreSQL; `haven serve` on
PostgreSQL signs a user in and answers the home page. And that the command
refuses a database that is not empty, naming it, notices a source whose
count of a table's rows is not the rows it holds (an index made to lie), and
names a table of the schema the source lacks; and that it warns when the
source is written to (a sign-in) while it copies.
Without HAVEN_TEST_PG_URL it says so and skips (exit 77, ctest's skip code).
"""
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EMAIL = 'dsl@demo.haven.example'
PASSWORD = 'demo-password-for-haven'
problems = []


def check(ok, message):
    if not ok:
        problems.append(message)
    return ok


def psql(url, sql):
    """Rows of psql's unaligned output for sql; fails the test on an error."""
    run = subprocess.run(['psql', url, '-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1'],
                         input=sql, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit('migrate_store_test: psql failed: %s' % run.stderr.strip())
    return [line.split('\t') for line in run.stdout.splitlines() if line]


def new_database(url, name):
    """A new empty database `name` on the server of url; its URL."""
    psql(url, 'DROP DATABASE IF EXISTS %s; CREATE DATABASE %s;' % (name, name))
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path='/' + name))


def haven(*args, cwd=None):
    return subprocess.run([HAVEN] + list(args), capture_output=True, text=True, cwd=cwd)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Server:
    """`haven serve` on a free port until stop()."""

    def __init__(self, db, key_file, cwd):
        self.port = free_port()
        self.log = open(os.path.join(cwd, 'serve-%d.log' % self.port), 'w+')
        self.proc = subprocess.Popen([HAVEN, 'serve', '--db', db, '--key-file', key_file,
                                      '--listen', '127.0.0.1:%d' % self.port],
                                     cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(200):
            if self.proc.poll() is not None:
                break
            try:
                if self.request('GET', '/healthz')[0] == 200:
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        self.log.seek(0)
        sys.exit('migrate_store_test: haven serve --db %s did not start: %s' % (db, self.log.read()[-2000:]))

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=30)
        try:
            data = json.dumps(body) if body is not None else None
            all_headers = dict(headers or {})
            if data is not None:
                all_headers['content-type'] = 'application/json'
            conn.request(method, path, body=data, headers=all_headers)
            res = conn.getresponse()
            return res.status, res.read().decode('utf-8', 'replace')
        finally:
            conn.close()

    def sign_in(self):
        """The session token of a sign-in, or None; its status and body in self.last."""
        self.last = self.request('POST', '/api/v1/session', {'email': EMAIL, 'password': PASSWORD})
        return json.loads(self.last[1]).get('token') if self.last[0] == 201 else None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def sqlite_tables(path):
    """{table: rows} of every table but SQLite's own and FTS5's shadow tables, counted by sqlite3."""
    db = sqlite3.connect(path)
    virtual = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                      " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    names = [n for n in names if not any(n.startswith(v + '_') for v in virtual)]
    counts = {n: db.execute('SELECT count(*) FROM "%s"' % n).fetchone()[0] for n in names}
    db.close()
    return counts


def pg_tables(url):
    """{table: rows} of every table of the database at url, counted by psql."""
    names = [r[0] for r in psql(url, "SELECT table_name FROM information_schema.tables"
                                     " WHERE table_schema = current_schema() ORDER BY 1")]
    sql = ' UNION ALL '.join("SELECT '%s', count(*) FROM \"%s\"" % (n, n) for n in names)
    return {r[0]: int(r[1]) for r in psql(url, sql + ';')}


def counters_behind(url):
    """The identity columns whose next value is not past the column's highest id (but
    schema_migrations.version, which the migration runner always gives, as on a new `haven init`)."""
    columns = psql(url, "SELECT c.table_name, c.column_name, coalesce(s.last_value, 0)"
                        " FROM information_schema.columns c JOIN pg_sequences s"
                        " ON s.schemaname || '.' || s.sequencename = pg_get_serial_sequence(quote_ident(c.table_name), c.column_name)"
                        " WHERE c.table_schema = current_schema() AND c.is_identity = 'YES'"
                        " AND c.table_name <> 'schema_migrations' ORDER BY 1, 2")
    sql = ' UNION ALL '.join("SELECT '%s', '%s', coalesce(max(\"%s\"), 0) FROM \"%s\"" % (t, c, c, t)
                             for t, c, _ in columns)
    highest = {(t, c): int(n) for t, c, n in psql(url, sql + ';')}
    return ['%s.%s (highest %d, next %d)' % (t, c, highest[(t, c)], int(last) + 1)
            for t, c, last in columns if int(last) + 1 <= highest[(t, c)]]


def make_index_lie(path, table):
    """Makes sqlite's count(*) of table miss rows: a partial index, then declared whole."""
    db = sqlite3.connect(path)
    high = db.execute('SELECT max(id) FROM "%s"' % table).fetchone()[0]
    db.execute('CREATE INDEX zz_lying ON "%s" (id) WHERE id > %d' % (table, high - 1))
    db.commit()
    db.execute('PRAGMA writable_schema = ON')
    db.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX zz_lying ON \"%s\" (id)' WHERE name = 'zz_lying'" % table)
    db.commit()
    db.close()
    db = sqlite3.connect(path)
    counted, rows = db.execute('SELECT count(*) FROM "%s"' % table).fetchone()[0], \
        len(db.execute('SELECT * FROM "%s"' % table).fetchall())
    db.close()
    return counted, rows


def check_writes_during_copy(url, source, key, tmp):
    """A sign-in on the serving source once the copy has begun is not in the copy, and the command says so."""
    server = Server(source, key, tmp)
    proc = subprocess.Popen(['stdbuf', '-oL', HAVEN, 'migrate-store', '--from', source, '--to',
                             new_database(url, 'haven_live')],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stdout.readline()  # "copying …": the snapshot begins a few milliseconds later
    token = server.sign_in()  # a password's hash takes longer than that
    rest, errors = proc.communicate(timeout=600)
    server.stop()
    check(first.startswith('copying') and token, 'the copy beside a sign-in: %r %s' % (first, server.last))
    check(proc.returncode == 0, 'the copy beside a sign-in failed (%d): %s' % (proc.returncode, errors))
    check('warning' in errors and 'changed while it was copied' in errors,
          'a sign-in during the copy not warned of: %s' % errors)


def main():
    url = os.environ.get('HAVEN_TEST_PG_URL')
    if not url:
        print('migrate_store_test: HAVEN_TEST_PG_URL is not set; skipped (make check starts a throwaway cluster)')
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, 'haven.db')
        key = source + '.key'
        init = haven('init', '--db', source, '--demo')
        if init.returncode != 0:
            sys.exit('migrate_store_test: haven init --demo failed: ' + init.stderr)
        # a user's writes, through HTTP: a sign-in (a session and its audit row) and an audited read;
        # the server goes on running while the partnership is copied (it writes nothing meanwhile)
        server = Server(source, key, tmp)
        token = server.sign_in()
        check(token, 'sign-in on SQLite: %s %s' % server.last)
        if token:
            check(server.request('GET', '/', headers={'authorization': 'Bearer ' + token})[0] == 200,
                  'the home page on SQLite')

        target = new_database(url, 'haven_migrated')
        started = time.monotonic()
        run = haven('migrate-store', '--from', source, '--to', target)
        took = time.monotonic() - started
        server.stop()
        check('warning' not in run.stderr, 'a warning with no writes during the copy: ' + run.stderr)
        check(run.returncode == 0, 'migrate-store failed (%d): %s' % (run.returncode, run.stderr + run.stdout[-2000:]))
        summary = [line for line in run.stdout.splitlines() if line.startswith('copied ')]
        check(summary, 'migrate-store printed no summary: %s' % run.stdout[-500:])
        if run.returncode == 0:
            lite, pg = sqlite_tables(source), pg_tables(target)
            for table in sorted(set(lite) | set(pg)):
                check(lite.get(table) == pg.get(table),
                      'table %s: sqlite3 counts %s rows, psql %s' % (table, lite.get(table), pg.get(table)))
            for column in counters_behind(target):
                check(False, 'identity counter not moved past the highest id: ' + column)
            verify = haven('audit', 'verify', '--db', target)
            check(verify.returncode == 0, 'haven audit verify on PostgreSQL: %s%s' % (verify.stdout, verify.stderr))
            server = Server(target, key, tmp)
            token = server.sign_in()
            check(token, 'sign-in on PostgreSQL: %s %s' % server.last)
            if token:
                status, body = server.request('GET', '/', headers={'authorization': 'Bearer ' + token})
                check(status == 200, 'the home page on PostgreSQL: %d %s' % (status, body[:300]))
            server.stop()
            again = haven('migrate-store', '--from', source, '--to', target)
            check(again.returncode == 1 and 'is not empty' in again.stderr and target in again.stderr,
                  'a target with tables not refused by name (%d): %s' % (again.returncode, again.stderr))

        check_writes_during_copy(url, source, key, tmp)

        broken = os.path.join(tmp, 'broken.db')
        shutil.copyfile(source, broken)
        shutil.copyfile(key, broken + '.key')
        os.chmod(broken + '.key', 0o600)
        counted, rows = make_index_lie(broken, 'users')
        if check(counted < rows, 'the lying index did not change count(*) (%d of %d rows)' % (counted, rows)):
            bad = haven('migrate-store', '--from', broken, '--to', new_database(url, 'haven_broken'))
            check(bad.returncode == 1 and 'table users differs' in bad.stderr,
                  'a source whose count of users is wrong was not caught (%d): %s' % (bad.returncode, bad.stderr))
        missing = os.path.join(tmp, 'missing.db')
        shutil.copyfile(source, missing)
        shutil.copyfile(key, missing + '.key')
        os.chmod(missing + '.key', 0o600)
        db = sqlite3.connect(missing)
        db.execute('DROP TABLE training_evaluation_scores')
        db.commit()
        db.close()
        gone = haven('migrate-store', '--from', missing, '--to', new_database(url, 'haven_missing'))
        check(gone.returncode == 1 and 'table training_evaluation_scores is in PostgreSQL' in gone.stderr,
              'a source without a table of the schema was not refused (%d): %s' % (gone.returncode, gone.stderr))
        check(haven('migrate-store', '--from', source, '--to', source).returncode == 2,
              'a --to that is not a PostgreSQL URL is not a usage error')

    for problem in problems:
        print('migrate_store_test: ' + problem)
    if problems:
        print('migrate_store_test: %d problems' % len(problems))
        return 1
    print('migrate_store_test: %s (%.1f s in all); counts, counters, the audit trail, a sign-in and the home page agree '
          'on PostgreSQL; a database with tables, a lying count and a missing table refused; writes during the copy warned of' % (summary[0], took))
    return 0


if __name__ == '__main__':
    HAVEN = os.path.abspath(os.environ.get('HAVEN_BIN', os.path.join(ROOT, 'build/haven')))
    sys.exit(main())
