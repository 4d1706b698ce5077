// The email outbox against a real SMTP server on loopback (issue 5 and 7):
// smtp_sink.py (aiosmtpd, Debian's python3-aiosmtpd) on 127.0.0.1 saves what
// it is sent; `haven serve` runs with HAVEN_SMTP_URL pointing at it. No
// route queues email yet, so the test queues rows with the sqlite3 CLI while
// the server runs (the sender polls the table), as a unit of work would.
//
// Checked: a queued email arrives with its headers, body and an iCalendar
// attachment (written by Haven's ical.c via `test_ical --write`, and parsed
// by Python's icalendar, Debian's python3-icalendar); with the SMTP server
// down the email is kept, retried after the 30 s backoff and delivered once
// the server is back (nothing lost); an email that fails its 10th attempt is
// listed by `haven mail list` with its kind (the template it was made from;
// no address or subject shown) and goes once `haven mail retry` queues it
// again; the server's stderr never holds an address, subject or body; and
// migration 0162 gives each email queued before it the kind its subject says.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sqlText } from "../lib/api.mjs";
import { migrateBefore, runMigration } from "../lib/migrations.mjs";
import { startSink } from "../lib/smtp.mjs";
import { freePort, havenBin, onPostgres, startHaven } from "../lib/haven.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
// Debian's python3, which has the Debian packages (a pyenv python3 earlier on PATH may not).
const PYTHON = process.env.HAVEN_PYTHON ?? (existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
const FROM = "haven@partnership.example";
const TO = "key.adult.7731@brookfield.example";
const SUBJECT = "Haven notice 7731";
const BODY = "You have a new notification in Haven. Sign in to read it.";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let dir, inbox, smtpPort, sink, haven;

async function stopSink() {
  if (!sink) return;
  const exited = new Promise((r) => sink.once("exit", r));
  sink.kill("SIGTERM");
  await exited;
  sink = null;
}

const sql = (statement) => sqlText(haven.dbPath, statement);

function row(id) {
  const [status, attempts, nextAt, sentAt, lastError] = sql(
    `SELECT status, attempts, next_attempt_at, coalesce(CAST(sent_at AS text), ''), coalesce(last_error, '') FROM mail_outbox WHERE id = ${id}`,
  ).split("|");
  return { status, attempts: Number(attempts), nextAt: Number(nextAt), sentAt, lastError };
}

/** `bytes` as a literal of the engine's binary type. */
const blob = (bytes) => (onPostgres ? `'\\x${bytes.toString("hex")}'::bytea` : `X'${bytes.toString("hex")}'`);

function enqueue({ to = TO, subject = SUBJECT, kind = "training/booked", ics = null, attempts = 0 } = {}) {
  const q = (s) => `'${s.replaceAll("'", "''")}'`;
  const attachment = ics
    ? `'booking.ics', 'text/calendar; charset=UTF-8; method=PUBLISH', ${blob(readFileSync(ics))}`
    : "NULL, NULL, NULL";
  return Number(
    sql(
      `INSERT INTO mail_outbox (to_address, subject, body_text, attachment_name, attachment_type, attachment, attempts, kind) ` +
        `VALUES (${q(to)}, ${q(subject)}, ${q(BODY)}, ${attachment}, ${attempts}, ${q(kind)}) RETURNING id`,
    ),
  );
}

const delivered = () => readdirSync(inbox).filter((f) => f.endsWith(".eml")).sort((a, b) => parseInt(a) - parseInt(b));

async function waitFor(what, check, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(200);
  }
}

// Parses a saved message with Python's email package: headers, text, attachments (ics parsed too).
function parseMessage(file) {
  const code = `
import email, email.policy, json, subprocess, sys
msg = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
out = {"headers": {k: str(v) for k, v in msg.items()}, "parts": []}
for part in msg.walk():
    if part.is_multipart():
        continue
    payload = part.get_payload(decode=True)
    item = {"type": part.get_content_type(), "filename": part.get_filename(),
            "params": dict(part.get_params() or []), "text": payload.decode("utf-8")}
    if part.get_content_type() == "text/calendar":
        r = subprocess.run([sys.executable, sys.argv[2], "-"], input=payload, capture_output=True)
        item["ics"] = json.loads(r.stdout) if r.returncode == 0 else {"error": r.stderr.decode()}
    out["parts"].append(item)
print(json.dumps(out))
`;
  const r = spawnSync(PYTHON, ["-c", code, file, path.join(HERE, "parse_ics.py")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "haven-mail-"));
  inbox = path.join(dir, "inbox");
  spawnSync("mkdir", [inbox]);
  // Haven's own iCalendar output, from the unit test binary built beside haven.
  const testIcal = path.join(path.dirname(havenBin()), "tests", "test_ical");
  const w = spawnSync(testIcal, ["--write", dir], { encoding: "utf8" });
  assert.equal(w.status, 0, `${testIcal} --write: ${w.error?.message ?? w.stderr}`);
  smtpPort = await freePort();
  sink = await startSink(smtpPort, inbox);
  haven = await startHaven({
    demo: false,
    env: { HAVEN_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, HAVEN_SMTP_FROM: FROM },
  });
});

after(async () => {
  await stopSink();
  if (haven) await haven.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("Haven's iCalendar file parses with Python's icalendar", () => {
  for (const [name, status, sequence] of [["booking.ics", "CONFIRMED", 0], ["cancelled.ics", "CANCELLED", 1]]) {
    const r = spawnSync(PYTHON, [path.join(HERE, "parse_ics.py"), path.join(dir, name)], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const cal = JSON.parse(r.stdout);
    assert.equal(cal.method, "PUBLISH");
    assert.equal(cal.version, "2.0");
    assert.equal(cal.events.length, 1);
    const ev = cal.events[0];
    assert.equal(ev.uid, "booking-42@haven.example");
    assert.equal(ev.summary, "Neglect; recognising, and responding — café training 👶 for Key Adults at Brookfield");
    assert.equal(ev.location, "Room 2, Civic Centre");
    assert.match(ev.description, /^Bring: pen, paper; your ID\.\nParking at C:\\back\. Ünïcödé .* (€){22}\.$/);
    assert.equal(ev.url, "https://haven.example/training/sessions/7");
    assert.equal(ev.dtstart, "2026-03-02T09:30:00Z");
    assert.equal(ev.dtend, "2026-03-02T12:30:00Z");
    assert.equal(ev.dtstamp, "2026-02-01T00:00:00Z");
    assert.equal(ev.status, status);
    assert.equal(ev.sequence, sequence);
  }
});

test("a queued email is delivered with its body and calendar attachment", async () => {
  const id = enqueue({ ics: path.join(dir, "booking.ics") });
  const files = await waitFor("the email", () => (delivered().length >= 1 ? delivered() : null), 10_000);
  assert.equal(files.length, 1);
  const envelope = JSON.parse(readFileSync(path.join(inbox, files[0].replace(".eml", ".json")), "utf8"));
  assert.deepEqual(envelope, { mail_from: FROM, rcpt_tos: [TO] });
  const msg = parseMessage(path.join(inbox, files[0]));
  assert.equal(msg.headers.From, `Haven <${FROM}>`);
  assert.equal(msg.headers.To, TO); // as Python's email package reads <TO>
  assert.equal(msg.headers.Subject, SUBJECT);
  assert.match(msg.headers["Message-ID"], new RegExp(`^<haven-outbox-${id}@partnership\\.example>$`));
  assert.match(msg.headers.Date, /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
  assert.equal(msg.headers["Auto-Submitted"], "auto-generated");
  assert.match(msg.headers["Content-Type"], /^multipart\/mixed/);
  const [text, cal] = msg.parts;
  assert.equal(text.type, "text/plain");
  assert.equal(text.text.trim(), BODY);
  assert.equal(cal.type, "text/calendar");
  assert.equal(cal.filename, "booking.ics");
  assert.equal(cal.params.method, "PUBLISH");
  assert.equal(cal.text, readFileSync(path.join(dir, "booking.ics"), "utf8"), "the attachment arrives byte for byte");
  assert.equal(cal.ics.events[0].uid, "booking-42@haven.example");
  await waitFor("the row marked sent", () => row(id).status === "sent", 5000);
  const r = row(id);
  assert.equal(r.attempts, 1);
  assert.equal(r.lastError, "");
});

test("with the SMTP server down, email waits, is retried with backoff and arrives when it is back", async () => {
  await stopSink();
  const before = delivered().length;
  const id = enqueue({ subject: `${SUBJECT} (outage)` });
  const failedAt = await waitFor("the first failed attempt", () => (row(id).attempts === 1 ? Date.now() / 1000 : 0), 10_000);
  let r = row(id);
  assert.equal(r.status, "queued");
  assert.match(r.lastError, /^(curl \d+|smtp \d{3} \(curl \d+\))$/, "codes only");
  // ~30 s after the failure; this test notices the failure by polling, so allow for it noticing late under load
  assert.ok(r.nextAt - failedAt > 20 && r.nextAt - failedAt <= 31, `the retry is due 30 s later (${r.nextAt - failedAt})`);
  // when the server scheduled the retry (failedAt is when this test noticed the failure, which can be later)
  const due = r.nextAt;

  // an email at its 10th attempt fails for good and is listed for the administrator
  const doomed = enqueue({ subject: `${SUBJECT} (doomed)`, kind: "work/digest", attempts: 9 });
  await waitFor("the 10th attempt", () => row(doomed).status === "failed", 10_000);
  assert.equal(row(doomed).attempts, 10);
  const list = spawnSync(havenBin(), ["mail", "list", "--db", haven.dbPath], { encoding: "utf8" });
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /^queued 1\nsent 1\nfailed 1\nfailed id=\d+ kind=work\/digest attempts=10 queued=\S+Z last_error=curl \d+\n$/);
  assert.ok(list.stdout.includes(`id=${doomed} `));
  assert.ok(!list.stdout.includes("brookfield") && !list.stdout.includes(SUBJECT));

  // not retried before it is due
  await sleep(2500);
  assert.equal(row(id).attempts, 1);

  // the server comes back: the retry (30 s after the failure) delivers it, once
  sink = await startSink(smtpPort, inbox);
  await waitFor("the retried email", () => row(id).status === "sent", 40_000);
  r = row(id);
  assert.equal(r.attempts, 2);
  assert.ok(Number(r.sentAt) >= due - 1, `sent no sooner than the backoff allowed (sent ${r.sentAt}, due ${due})`);
  const after1 = delivered();
  assert.equal(after1.length, before + 1);
  assert.equal(parseMessage(path.join(inbox, after1.at(-1))).headers.Subject, `${SUBJECT} (outage)`);

  // the administrator queues the failed one again and it goes
  const retry = spawnSync(havenBin(), ["mail", "retry", "--db", haven.dbPath, String(doomed)], { encoding: "utf8" });
  assert.equal(retry.status, 0, retry.stderr);
  assert.equal(retry.stdout, "1 queued again\n");
  await waitFor("the requeued email", () => row(doomed).status === "sent", 10_000);
  assert.equal(delivered().length, before + 2);
  const final = spawnSync(havenBin(), ["mail", "list", "--db", haven.dbPath, "--json"], { encoding: "utf8" });
  assert.deepEqual(JSON.parse(final.stdout), { queued: 0, sent: 3, failed: 0, failed_messages: [] });
});

test("the server's logs hold no address, subject or body", async () => {
  await haven.stop();
  const log = haven.stderrLines().join("\n");
  for (const secret of [TO, "brookfield", SUBJECT, "7731", BODY, "Sign in to read"])
    assert.ok(!log.includes(secret), `stderr mentions ${secret}`);
  // but it does say what happened, in counts and codes
  assert.match(log, /"event":"mail","sent":1/);
  assert.match(log, /"event":"mail_retry","outbox_id":\d+,"kind":"training\/booked","attempts":1,"error":"curl \d+","retry_in_s":30/);
  assert.match(log, /"event":"mail_failed","outbox_id":\d+,"kind":"work\/digest"/, "which email failed, by its kind");
});

test("migration 0162 gives each email queued before it the kind its subject says", () => {
  // every migration before 0162 as the files say, on a real SQLite file, then the outbox as it was stored
  const tmp = mkdtempSync(path.join(os.tmpdir(), "haven-0162-"));
  const db = path.join(tmp, "old.db");
  try {
    migrateBefore(db, 162);
    const row = (subject, status = "queued") =>
      `INSERT INTO mail_outbox (to_address, subject, body_text, status, sent_at) VALUES ('rob@x.example', '${subject}', 'b', '${status}', ${status === "sent" ? 1 : "NULL"});`;
    sqlText(db, [row("Your Haven account"), row("Your training place is booked", "sent"), row("Reset your Haven password", "failed"), row("A subject since reworded")].join("\n"));
    runMigration(db, 162);
    assert.equal(
      sqlText(db, "SELECT group_concat(coalesce(kind, 'NULL'), ' ') FROM (SELECT kind FROM mail_outbox ORDER BY id);"),
      "passwords/invitation training/booked passwords/reset NULL",
      "a waiting invitation is one a resend cancels; a subject no template has is not guessed at",
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
