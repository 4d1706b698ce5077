// Operation Encompass email, end to end against a real SMTP server on
// loopback (smtp_sink.py: aiosmtpd, Debian's python3-aiosmtpd): the police
// send an incident through the API, the child is matched to their school, and
// the school's Key Adult is emailed through the outbox — with nothing in the
// email about the child, the family, the incident or the school. Then the mail
// relay goes down: the next incident's email waits in the outbox and is
// delivered once the relay is back (nothing acknowledged is lost).
//
// Run: node --test tests/http/encompass-mail.test.mjs   (needs build/haven, or HAVEN_BIN)

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiClient, sqlText } from "../lib/api.mjs";
import { startSink } from "../lib/smtp.mjs";
import { freePort, startHaven } from "../lib/haven.mjs";

const KEY_ADULT = "dsl@demo.haven.example"; // Brookfield Primary's Key Adult
// A demo child at Brookfield Primary (src/areas/children/demo.sql).
const CHILD = { given_name: "Alex", family_name: "Example", date_of_birth: "2016-04-12" };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let dir, inbox, smtpPort, sink, haven, police;

async function stopSink() {
  const exited = new Promise((r) => sink.once("exit", r));
  sink.kill("SIGTERM");
  await exited;
  sink = null;
}

/** The messages the sink has saved: [{ to: [...], text }]. */
function received() {
  return readdirSync(inbox)
    .filter((f) => f.endsWith(".eml"))
    .sort((a, b) => parseInt(a) - parseInt(b))
    .map((f) => ({
      to: JSON.parse(readFileSync(path.join(inbox, f.replace(".eml", ".json")), "utf8")).rcpt_tos,
      text: readFileSync(path.join(inbox, f), "utf8"),
    }));
}

async function until(what, check, seconds) {
  for (let waited = 0; waited < seconds * 10; waited++) {
    const value = check();
    if (value) return value;
    await sleep(100);
  }
  assert.fail(`${what} within ${seconds} s`);
}

const outbox = (statement) => sqlText(haven.dbPath, statement);
const { call } = apiClient(() => haven);

async function sendIncident(reference) {
  const res = await fetch(`${haven.url}/api/v1/da-incidents`, {
    method: "POST",
    headers: { authorization: `Bearer ${police}`, "content-type": "application/json" },
    body: JSON.stringify({
      police_reference: reference,
      occurred_at: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
      location: "1 Fictional Road",
      la_code: 889,
      risk_level: "standard",
      circumstances: "Verbal argument between adults; the child was upstairs.",
      adults: [{ name: "Pat Example-Adult", role: "victim", safe_to_call: true, safe_to_leave_message: false }],
      children: [{ ...CHILD, present: true, where_during: "upstairs", spoken_to: false }],
    }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  assert.equal(body.children[0].match_status, "matched", "the demo child is matched to the register and their school");
  return body;
}

/** What an email must never hold: anything about the child, the family, the incident or the school. */
function assertNoPersonalData(text, reference) {
  for (const secret of [CHILD.given_name, CHILD.family_name, CHILD.date_of_birth, "2016", reference, "Fictional Road",
    "Pat Example-Adult", "upstairs", "Brookfield", "Verbal argument"])
    assert.ok(!text.includes(secret), `the email does not contain "${secret}"`);
}

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "haven-encompass-mail-"));
  inbox = path.join(dir, "inbox");
  spawnSync("mkdir", ["-p", inbox]);
  smtpPort = await freePort();
  sink = await startSink(smtpPort, inbox);
  haven = await startHaven({
    env: { HAVEN_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, HAVEN_SMTP_FROM: "haven@partnership.example" },
  });
  const res = await fetch(`${haven.url}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "police@demo.haven.example", password: "demo-password-for-haven" }),
  });
  police = (await res.json()).token;
});

after(async () => {
  if (sink) await stopSink();
  if (haven) assert.equal(await haven.stop(), 0);
  rmSync(dir, { recursive: true, force: true });
});

test("the police's incident reaches the school's Key Adult as an email with no personal data", async () => {
  // someone invited as the school's DSL, who has not accepted, is not yet a Key Adult: the address is not
  // shown to be theirs
  const invited = await call("agencyadmin", "/api/v1/agency/invitations", {
    method: "POST",
    json: { name: "Ivy Invited-Lead", email: "ivy-invited@example.org", roles: ["dsl"] },
  });
  assert.equal(invited.status, 201, invited.text);
  const before = received().length;
  await sendIncident("MAIL-TEST-0001");
  const mail = await until("the Key Adult's email arrives", () => received().slice(before).find((m) => m.to.includes(KEY_ADULT)), 15);
  assert.match(mail.text, /Operation Encompass/);
  assert.match(mail.text, /[Ss]ign in/);
  assertNoPersonalData(mail.text, "MAIL-TEST-0001");
  // only the Key Adults of that school were written to about it, not the invited DSL
  for (const m of received().slice(before).filter((m) => /Encompass/.test(m.text))) assert.deepEqual(m.to, [KEY_ADULT]);
});

test("with the relay down the email waits in the outbox, and is delivered when it is back", async () => {
  await stopSink();
  const before = received().length;
  await sendIncident("MAIL-TEST-0002");
  // the sender tries, fails and schedules a retry: the email is still there, not lost
  await until(
    "the failed attempt is recorded",
    () => outbox(`SELECT count(*) FROM mail_outbox WHERE to_address = '${KEY_ADULT}' AND attempts > 0 AND status = 'queued'`) === "1",
    15,
  );
  sink = await startSink(smtpPort, inbox);
  // the first retry comes 30 s after the failure (mail_backoff_seconds)
  const mail = await until("the email arrives once the relay is back", () => received().slice(before).find((m) => m.to.includes(KEY_ADULT)), 60);
  assertNoPersonalData(mail.text, "MAIL-TEST-0002");
  assert.equal(outbox(`SELECT count(*) FROM mail_outbox WHERE to_address = '${KEY_ADULT}' AND status <> 'sent'`), "0");
});
