#!/usr/bin/env python3
"""pg_failover_test.py — Haven carries on when its PostgreSQL primary fails
and a synchronous standby takes over (issue 21).

    HAVEN_BIN=build/haven tests/store/pg_failover_test.py     (make pg-failover-test)

It starts a primary and a streaming standby whose disk each commit waits for
(scripts/pg-cluster.sh start, start-standby: two throwaway clusters), makes a
Haven database on the primary with `haven init` and the command line (a
police force, its area, one police account), and serves it with the
multi-host URL `postgresql://PRIMARY,STANDBY/haven?target_session_attrs=read-write&…`
(docs/operations.md, "PostgreSQL with a standby that takes over").
Several threads post domestic abuse incidents to /api/v1/da-incidents and
record every answer. While they do, the primary is stopped the way a failure
stops it (immediate: no checkpoint, connections cut; /readyz must then
answer 503) and the standby is promoted. Then it checks that
  - every answer was 201 with an id (acknowledged) or 5xx (refused), never
    anything else and never no answer;
  - every acknowledged incident is on the promoted standby, with its id;
  - writes resumed within RESUME_SECONDS of the promotion, and every write
    after the first one acknowledged there was acknowledged too;
  - every refused incident sent again is found (200, it was saved after all:
    its COMMIT reached the standby but not its answer) or saved (201);
  - `haven audit verify` passes on the promoted standby.
It prints the figures (writes acknowledged before the failure, refused
during it, seconds from the failure to the promotion and from the promotion
to the first acknowledged write). Python 3's standard library only.
Without PostgreSQL's programs it says so and skips (exit 77, ctest's skip code).
"""
import collections
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLUSTER = os.path.join(ROOT, 'scripts/pg-cluster.sh')
PG_BIN = os.environ.get('PG_BIN', '/usr/lib/postgresql/15/bin')
HAVEN = os.path.abspath(os.environ.get('HAVEN_BIN', os.path.join(ROOT, 'build/haven')))
EMAIL, PASSWORD = 'police@failover.example', 'a-long-and-steady-secret-2026'
WRITERS = 4               # threads posting incidents at once
BEFORE_SECONDS = 3        # load before the primary fails
DOWN_SECONDS = 1          # no primary at all, before the standby is promoted
RESUME_SECONDS = 15       # the longest wait for the first write after the promotion
AFTER_SECONDS = 3         # load after writes resumed
REQUEST_SECONDS = 20      # an answer slower than this counts as no answer


def fail(message):
    sys.exit('pg_failover_test: FAILED: ' + message)


def run(args, **kwargs):
    """Runs a command to completion; fails the test with its output if it fails."""
    done = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        fail('%s exited %d\n%s%s' % (' '.join(args), done.returncode, done.stdout, done.stderr))
    return done.stdout


def psql(url, sql):
    """Rows of sql's answer on url, each a list of text values."""
    out = run(['psql', url, '-X', '-q', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql])
    return [line.split('\t') for line in out.splitlines() if line]


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, token=None):
    """(status, parsed JSON or None) of one request on a connection of its own; (None, why) for no answer."""
    headers = {'content-type': 'application/json', 'connection': 'close'}
    if token:
        headers['authorization'] = 'Bearer ' + token
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=REQUEST_SECONDS)
    try:
        conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        answer = conn.getresponse()
        text = answer.read().decode()
        try:
            return answer.status, json.loads(text)
        except ValueError:
            return answer.status, None
    except OSError as e:
        return None, str(e)
    finally:
        conn.close()


def incident(reference):
    return {
        'police_reference': reference,
        'occurred_at': '2025-11-19T19:30:00Z',
        'location': '1 Example Road',
        'la_code': 888,
        'risk_level': 'medium',
        'circumstances': 'Verbal argument between adults; the fail-over test.',
        'adults': [{'name': 'Pat Example', 'role': 'victim', 'safe_to_call': False, 'safe_to_leave_message': False}],
        'children': [{'given_name': 'Alex', 'family_name': 'Example', 'date_of_birth': '2016-04-12',
                      'present': True, 'spoken_to': False}],
    }


class Load:
    """WRITERS threads posting incidents until stopped; every answer kept as (sent, answered, ref, status, body)."""

    def __init__(self, port, token):
        self.port, self.token = port, token
        self.answers, self.lock, self.stopping = [], threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self.write, args=(n,)) for n in range(WRITERS)]

    def write(self, n):
        i = 0
        while not self.stopping.is_set():
            i += 1
            ref = 'FO-%d-%d' % (n, i)
            sent = time.monotonic()
            status, body = request(self.port, 'POST', '/api/v1/da-incidents', incident(ref), self.token)
            with self.lock:
                self.answers.append((sent, time.monotonic(), ref, status, body))
            if status is None or status >= 500:
                time.sleep(0.05)  # a client backs off a little when refused

    def start(self):
        for t in self.threads:
            t.start()

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join()

    def acknowledged(self):
        with self.lock:
            return [a for a in self.answers if a[3] == 201]


def set_up_haven(url, key_file):
    """A Haven database on the primary: a partnership, Lancashire, a police force and its account."""
    haven = lambda *args, **kw: run([HAVEN, *args], **kw)
    haven('init', '--db', url, '--key-file', key_file)
    haven('partnership', 'set', '--db', url, '--name', 'Fail-over Test Partnership')
    haven('la', 'add', '--db', url, '--code', '888', '--name', 'Lancashire')
    haven('agency', 'add', '--db', url, '--slug', 'police', '--type', 'police', '--name', 'Test Constabulary')
    haven('user', 'add', '--db', url, '--email', EMAIL, '--name', 'Pat Police', '--agency', 'police',
          '--role', 'police', input=PASSWORD + '\n')


def serve(url, key_file, workdir, log):
    """`haven serve` on url (its documents in workdir); returns (process, port) once /readyz answers 200."""
    port = free_port()
    server = subprocess.Popen([HAVEN, 'serve', '--db', url, '--key-file', key_file, '--listen', '127.0.0.1:%d' % port],
                              cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            fail('haven serve exited %d before it was ready; see its log above' % server.returncode)
        if request(port, 'GET', '/readyz')[0] == 200:
            return server, port
        time.sleep(0.1)
    fail('haven serve was not ready after 20 s')


def check(load, failed_at, promoted_at, standby_url):
    """Every check on the answers and the promoted standby; returns the figures, or fails."""
    answers = sorted(load.answers)
    odd = [a for a in answers if a[3] is None or not (a[3] == 201 or a[3] >= 500)]
    if odd:
        fail('%d answers were neither 201 nor 5xx, e.g. %s' % (len(odd), odd[:3]))
    acked = [a for a in answers if a[3] == 201]
    no_id = [a for a in acked if not isinstance(a[4], dict) or not isinstance(a[4].get('id'), int)]
    if no_id:
        fail('201 without an id: %s' % no_id[:3])

    # Acknowledged means durable: on the standby that took over, with the id Haven gave.
    on_standby = dict((ref, int(i)) for i, ref in psql(standby_url, 'SELECT id, police_reference FROM da_incidents'))
    lost = [(a[2], a[4]['id']) for a in acked if on_standby.get(a[2]) != a[4]['id']]
    if lost:
        fail('%d of %d acknowledged writes are not on the promoted standby, e.g. %s' % (len(lost), len(acked), lost[:5]))

    # Writes resume, and stay resumed.
    after = [a for a in answers if a[0] >= promoted_at]
    resumed = [a for a in after if a[3] == 201]
    if not resumed:
        fail('no write was acknowledged after the promotion (%d tried)' % len(after))
    resumed_at = resumed[0][1]
    if resumed_at - promoted_at > RESUME_SECONDS:
        fail('the first write after the promotion was acknowledged after %.1f s' % (resumed_at - promoted_at))
    refused_later = [a for a in answers if a[0] > resumed_at and a[3] != 201]
    if refused_later:
        fail('%d writes refused after writes had resumed, e.g. %s' % (len(refused_later), refused_later[:3]))

    # A refused write may have been committed all the same (its COMMIT reached the standby, its answer was
    # lost with the primary): sent again, as a client would, it is found (200) or saved now (201).
    refused = [a for a in answers if a[3] >= 500]
    for a in refused:
        status, body = request(load.port, 'POST', '/api/v1/da-incidents', incident(a[2]), load.token)
        want = (200, 'unchanged') if a[2] in on_standby else (201, 'created')
        if (status, body and body.get('status')) != want:
            fail('%s, refused during the fail-over, sent again: %s %s; want %s' % (a[2], status, body, want))

    verify = run([HAVEN, 'audit', 'verify', '--db', standby_url])
    if 'audit trail intact' not in verify:
        fail('haven audit verify: %s' % verify)
    return {
        'acknowledged before the failure': sum(1 for a in acked if a[1] < failed_at),
        'refused (5xx), by status': dict(sorted(collections.Counter(a[3] for a in answers if a[3] >= 500).items())),
        'acknowledged in all': len(acked),
        'of them on the promoted standby': len(acked) - len(lost),
        'refused, yet on the standby (200 when sent again)': sum(1 for a in refused if a[2] in on_standby),
        'seconds from the failure to the promotion': round(promoted_at - failed_at, 2),
        'seconds from the promotion to the first acknowledged write': round(resumed_at - promoted_at, 2),
        'audit verify': verify.splitlines()[0],
    }


def main():
    if not os.access(os.path.join(PG_BIN, 'pg_basebackup'), os.X_OK) or not shutil.which('psql'):
        print('pg_failover_test: no PostgreSQL programs in %s; skipped (scripts/deps.sh installs postgresql-15)' % PG_BIN)
        return 77
    if not os.access(HAVEN, os.X_OK):
        fail('no haven binary at %s: build it first or set HAVEN_BIN' % HAVEN)
    started = time.monotonic()
    top = tempfile.mkdtemp(prefix='haven-fo.', dir='/tmp')  # short: PostgreSQL's socket path limit
    os.chmod(top, 0o755)  # run as root, PostgreSQL runs as postgres, which must reach its directory
    primary_dir, standby_dir = os.path.join(top, 'p'), os.path.join(top, 's')
    workdir = os.path.join(top, 'haven')
    os.mkdir(workdir)
    server, log = None, open(os.path.join(top, 'haven.log'), 'w+')
    try:
        primary_url = run([CLUSTER, 'start', primary_dir]).strip()
        standby_url = run([CLUSTER, 'start-standby', standby_dir, primary_dir]).strip()
        hosts = ','.join(u.split('@', 1)[1].split('/', 1)[0] for u in (primary_url, standby_url))
        user = primary_url.split('//', 1)[1].split('@', 1)[0]
        # The URL docs/operations.md gives for production: the primary is whichever host takes writes; a host that
        # does not answer is given up after 5 s, a connection gone quiet after 25 to 30 s.
        both = ('postgresql://%s@%s/haven?target_session_attrs=read-write&connect_timeout=5'
                '&keepalives_idle=10&keepalives_interval=5&keepalives_count=3&tcp_user_timeout=30000' % (user, hosts))
        key_file = os.path.join(workdir, 'haven.key')
        set_up_haven(both, key_file)
        server, port = serve(both, key_file, workdir, log)
        status, session = request(port, 'POST', '/api/v1/session', {'email': EMAIL, 'password': PASSWORD})
        if status != 201:
            fail('signing in answered %s: %s' % (status, session))

        load = Load(port, session['token'])
        load.start()
        try:
            time.sleep(BEFORE_SECONDS)
            if not load.acknowledged():
                fail('no write was acknowledged before the failure')
            failed_at = time.monotonic()
            run([CLUSTER, 'crash', primary_dir])
            ready = request(port, 'GET', '/readyz')[0]
            if ready != 503:
                fail('/readyz answered %s with no primary; want 503' % ready)
            time.sleep(DOWN_SECONDS)
            promoted_at = time.monotonic()
            run([CLUSTER, 'promote', standby_dir])
            deadline = promoted_at + RESUME_SECONDS
            while time.monotonic() < deadline and not [a for a in load.acknowledged() if a[0] >= promoted_at]:
                time.sleep(0.1)
            time.sleep(AFTER_SECONDS)
        finally:
            load.stop()
        if request(port, 'GET', '/readyz')[0] != 200:
            fail('/readyz is not 200 after the fail-over')
        figures = check(load, failed_at, promoted_at, standby_url)
        server.send_signal(signal.SIGTERM)
        if server.wait(timeout=30) != 0:
            fail('haven serve exited %d on SIGTERM' % server.returncode)
        server = None
        for name, value in figures.items():
            print('pg_failover_test: %s: %s' % (name, value))
        print('pg_failover_test: passed in %.0f s' % (time.monotonic() - started))
        return 0
    except SystemExit:
        log.seek(0)
        lines = [line for line in log if '"event":"request"' not in line]  # what Haven said, not what it was asked
        sys.stderr.write('--- haven serve log, without requests (last 40 lines) ---\n' + ''.join(lines[-40:]))
        raise
    finally:
        if server:
            server.kill()
            server.wait()
        log.close()
        for d in (standby_dir, primary_dir):
            if os.path.exists(d):
                subprocess.run([CLUSTER, 'stop', d], capture_output=True)
        shutil.rmtree(top, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
