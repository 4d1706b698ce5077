// Escalation emails (issue 14), end to end against a real SMTP server on
// loopback (smtp_sink.py: aiosmtpd): a notification not acknowledged in time
// climbs the ladder — its setting's Key Adults are emailed, then the local
// authority of the incident's area — each step once, recorded, and not
// repeated by a restart; an acknowledged notification climbs no further.
// The emails carry a link to the notification and nothing about the child.
//
// Deadlines are moved into the past with the sqlite3 CLI (the intake sets
// them from the school day), and the jobs run every second
// (HAVEN_ENCOMPASS_JOB_SECONDS, HAVEN_INCIDENTS_JOB_SECONDS).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiClient, sqlRows, sqlText, sqlTime, until } from "../lib/api.mjs";
import { freePort, startHaven } from "../lib/haven.mjs";
import { startSink } from "../lib/smtp.mjs";

const PUBLIC_URL = "https://haven.partnership.example";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let dir, inbox, sink, haven;
const { call } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlRows(haven.dbPath, query);

/** The messages the sink has saved: [{ to: [...], text }]. */
function received() {
  return readdirSync(inbox)
    .filter((f) => f.endsWith(".eml"))
    .sort((a, b) => parseInt(a) - parseInt(b))
    .map((f) => ({
      to: JSON.parse(readFileSync(path.join(inbox, f.replace(".eml", ".json")), "utf8")).rcpt_tos,
      // the body is quoted-printable: soft line breaks joined, =0A and the like decoded
      text: readFileSync(path.join(inbox, f), "utf8")
        .replace(/=\r?\n/g, "")
        .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
    }));
}

const CHILD = { given_name: "Alex", family_name: "Example", date_of_birth: "2016-04-12" };

/** A Lancashire incident about the demo child at Brookfield Primary: its notification's id. */
async function notified(reference) {
  const r = await call("police", "/api/v1/da-incidents", {
    method: "POST",
    json: {
      police_reference: reference,
      occurred_at: new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, "Z"),
      location: "1 Fictional Road",
      la_code: 888,
      risk_level: "standard",
      circumstances: "Verbal argument between adults; the child was upstairs.",
      adults: [],
      children: [{ ...CHILD, present: true, spoken_to: false }],
    },
  });
  assert.equal(r.status, 201, r.text);
  return sql(`SELECT n.id FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id
    JOIN da_incidents i ON i.id = c.incident_id WHERE i.police_reference = '${reference}';`)[0].id;
}

/** Sets a notification's deadline `minutes` ago. */
function dueMinutesAgo(id, minutes) {
  sqlText(haven.dbPath, `UPDATE encompass_notifications SET due_at = ${sqlTime(-minutes * 60_000)} WHERE id = ${id};`);
}

const steps = (id) => sql(`SELECT step, emailed FROM encompass_escalation_steps WHERE notification_id = ${id} ORDER BY taken_at;`);
const mailsAbout = (id) => received().filter((m) => new RegExp(`/encompass/notifications/${id}(?!\\d)`).test(m.text));

async function startServer() {
  return startHaven({
    dir,
    env: {
      HAVEN_SMTP_URL: `smtp://127.0.0.1:${sinkPort}`,
      HAVEN_SMTP_FROM: "haven@partnership.example",
      HAVEN_PUBLIC_URL: PUBLIC_URL,
      HAVEN_ENCOMPASS_JOB_SECONDS: "1",
      HAVEN_INCIDENTS_JOB_SECONDS: "1",
    },
  });
}
let sinkPort;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "haven-escalation-"));
  inbox = path.join(dir, "inbox");
  spawnSync("mkdir", ["-p", inbox]);
  sinkPort = await freePort();
  sink = await startSink(sinkPort, inbox);
  haven = await startServer();
  // an hour's grace after the deadline before the Key Adults are reminded; two before the local authority
  sqlText(haven.dbPath, "UPDATE da_settings SET escalate_after_minutes = 60 WHERE id = 1;");
});

after(async () => {
  if (haven) await haven.stop({ keepDir: true });
  if (sink) {
    const exited = new Promise((r) => sink.once("exit", r));
    sink.kill("SIGTERM");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

test("a late acknowledgement: the Key Adults first, then the local authority, each once; no personal data", async () => {
  const id = await notified("LADDER-1");
  // not yet late enough: nothing
  dueMinutesAgo(id, 30);
  await sleep(2500);
  assert.deepEqual(steps(id), []);

  // an hour and a half late: the setting's Key Adults are reminded
  dueMinutesAgo(id, 90);
  await until("the Key Adults' step", () => steps(id).length === 1, { timeoutMs: 15_000 });
  assert.deepEqual(steps(id), [{ step: "key_adults", emailed: 1 }]);
  let mails = await until("the Key Adults' email", () => mailsAbout(id).length === 1 && mailsAbout(id), { timeoutMs: 15_000 });
  assert.deepEqual(mails[0].to, ["dsl@demo.haven.example"]);
  assert.match(mails[0].text, /Subject: An Operation Encompass notification is waiting for your setting/);
  assert.ok(mails[0].text.includes(`${PUBLIC_URL}/encompass/notifications/${id}`), "a link to the notification");
  for (const secret of [CHILD.given_name, CHILD.family_name, "2016", "LADDER-1", "Fictional Road", "Brookfield", "upstairs"])
    assert.ok(!mails[0].text.includes(secret), `the email does not contain "${secret}"`);
  await sleep(2500);
  assert.equal(steps(id).length, 1, "the step is taken once however often the job runs");

  // two and a half hours late: the local authority of the incident's area (Lancashire's front door)
  dueMinutesAgo(id, 150);
  await until("the local authority's step", () => steps(id).length === 2, { timeoutMs: 15_000 });
  assert.deepEqual(steps(id), [{ step: "key_adults", emailed: 1 }, { step: "local_authority", emailed: 1 }]);
  mails = await until("the local authority's email", () => mailsAbout(id).length === 2 && mailsAbout(id), { timeoutMs: 15_000 });
  assert.deepEqual(mails[1].to, ["frontdoor@demo.haven.example"]);
  assert.match(mails[1].text, /Subject: An Operation Encompass notification has not been acknowledged/);
  for (const secret of [CHILD.given_name, CHILD.family_name, "LADDER-1", "Brookfield"]) assert.ok(!mails[1].text.includes(secret));
  // each step is in the audit trail as a system action
  const audited = sql(`SELECT action, user_id FROM audit_log WHERE resource_type = 'encompass_notification' AND resource_id = '${id}'
    AND action LIKE 'encompass.escalate_%' ORDER BY id;`);
  assert.deepEqual(audited, [
    { action: "encompass.escalate_key_adults", user_id: null },
    { action: "encompass.escalate_local_authority", user_id: null },
  ]);

  // a restart takes no step again
  await haven.stop({ keepDir: true });
  haven = await startServer();
  await sleep(2500);
  assert.equal(steps(id).length, 2);
  assert.equal(mailsAbout(id).length, 2);
});

test("an acknowledged notification climbs no further", async () => {
  const id = await notified("LADDER-2");
  dueMinutesAgo(id, 90);
  await until("the Key Adults' step", () => steps(id).length === 1, { timeoutMs: 15_000 });
  const ack = await call("dsl", `/api/v1/encompass/notifications/${id}/acknowledgement`, { method: "POST" });
  assert.equal(ack.status, 200, ack.text);
  dueMinutesAgo(id, 600);
  await sleep(2500);
  assert.deepEqual(steps(id).map((s) => s.step), ["key_adults"]);
});

test("a child waiting to be matched near its deadline: the area's front door and the police are emailed, once", async () => {
  // the partnership sets the lead time on its settings page (the API twin here)
  const settings = await call("partnership", "/api/v1/encompass/settings");
  assert.equal(settings.status, 200, settings.text);
  assert.equal(settings.body.settings.waiting_escalate_minutes, 120, "two hours by default");
  const { deliver_in_holidays, content, escalate_after_minutes, idva_referrals } = settings.body.settings;
  const saved = await call("partnership", "/api/v1/encompass/settings", {
    method: "POST",
    json: { deliver_in_holidays, content, escalate_after_minutes, idva_referrals, waiting_escalate_minutes: 45 },
  });
  assert.equal(saved.status, 200, saved.text);
  const refused = await call("partnership", "/api/v1/encompass/settings", {
    method: "POST",
    json: { deliver_in_holidays, content, escalate_after_minutes, idva_referrals, waiting_escalate_minutes: 10081 },
  });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.errors[0].field, "waiting_escalate_minutes");

  const r = await call("police", "/api/v1/da-incidents", {
    method: "POST",
    json: {
      police_reference: "WAITING-1",
      occurred_at: new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, "Z"),
      location: "2 Fictional Road",
      la_code: 888,
      risk_level: "standard",
      circumstances: "Fictional incident: the child's school is not known.",
      adults: [],
      children: [{ given_name: "Quinn", family_name: "Unplaced", date_of_birth: "2015-05-05", present: false, spoken_to: false }],
    },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.children[0].match_status, "unresolved");
  const row = () => sql(`SELECT c.id, c.waiting_due_at, (SELECT count(*) FROM da_waiting_escalations e WHERE e.incident_child_id = c.id) AS escalated
    FROM da_incident_children c WHERE c.incident_id = ${r.body.id};`)[0];
  const link = `/incidents/${r.body.id}/children/1/resolve`;
  const mails = () => received().filter((m) => m.text.includes(`${PUBLIC_URL}${link}`));
  // an hour from its deadline, with 45 minutes' lead: not yet
  sqlText(haven.dbPath, `UPDATE da_incident_children SET waiting_due_at = ${sqlTime(60 * 60_000)} WHERE id = ${row().id};`);
  await sleep(2500);
  assert.equal(row().escalated, 0);
  // half an hour from it: escalated
  sqlText(haven.dbPath, `UPDATE da_incident_children SET waiting_due_at = ${sqlTime(30 * 60_000)} WHERE id = ${row().id};`);
  await until("the waiting child's escalation", () => row().escalated === 1, { timeoutMs: 15_000 });
  const sent = await until("the escalation emails", () => mails().length >= 2 && mails(), { timeoutMs: 15_000 });
  assert.deepEqual(sent.map((m) => m.to[0]).sort(), ["frontdoor@demo.haven.example", "police@demo.haven.example"]);
  for (const m of sent) {
    assert.match(m.text, /Subject: A child from a domestic abuse incident is still waiting to be matched/);
    for (const secret of ["Quinn", "Unplaced", "2015", "WAITING-1", "Fictional Road"]) assert.ok(!m.text.includes(secret), secret);
  }
  assert.equal(sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'incident.escalate_waiting' AND resource_id = '${r.body.id}' AND user_id IS NULL;`)[0].n, 1);
  await sleep(2500);
  assert.equal(row().escalated, 1, "once");
  assert.equal(mails().length, 2, "no second email");
});
