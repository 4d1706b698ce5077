// Every clock alerts (issue 14, src/areas/work/jobs.c), end to end against a
// real SMTP server on loopback (smtp_sink.py: aiosmtpd): a request for
// support reaching a front door, close to and past its one-working-day
// deadline; a review action falling overdue; a serious incident's
// notification, rapid review and CSPR milestone near or past due; an IDVA
// referral with no attempt within the partnership's target. Each person chooses, per kind,
// an email at once (the default) or one daily digest; each alert is sent
// once (a marker written with its email) whatever how often the job runs.
// The emails link to the work and name no child.
//
// Deadlines and when an alert was noticed are moved with the sqlite3 CLI;
// the alerts job runs every second (HAVEN_WORK_JOB_SECONDS).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiClient, plusDays, sqlRows, sqlText, sqlTime, until } from "../lib/api.mjs";
import { freePort, startHaven } from "../lib/haven.mjs";
import { startSink } from "../lib/smtp.mjs";

const PUBLIC_URL = "https://haven.partnership.example";
const FRONT_DOOR = "frontdoor2@demo.haven.example"; // Blackpool's
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let dir, inbox, sink, haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlRows(haven.dbPath, query);

/** The messages the sink has saved, bodies decoded from quoted-printable: [{ to, subject, text }]. */
function received() {
  return readdirSync(inbox)
    .filter((f) => f.endsWith(".eml"))
    .sort((a, b) => parseInt(a) - parseInt(b))
    .map((f) => {
      const text = readFileSync(path.join(inbox, f), "utf8")
        .replace(/=\r?\n/g, "")
        .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
      return {
        to: JSON.parse(readFileSync(path.join(inbox, f.replace(".eml", ".json")), "utf8")).rcpt_tos[0],
        subject: text.match(/^Subject: (.*)$/m)?.[1],
        text,
      };
    });
}
const mailsTo = (to, subject) => received().filter((m) => m.to === to && m.subject === subject);

/** A practitioner's request for support about a new Blackpool child: its id. */
async function request(family) {
  const body = { age_band: "5-11", la_code: 890, indicators: ["health-unexplained-injury", "basic-care-severe-neglect"], chosen_level: 4 };
  let a = await post("practitioner", "/api/v1/threshold/assessments", body);
  if (a.status === 422) a = await post("practitioner", "/api/v1/threshold/assessments", { ...body, chosen_reason: "A fictional judgement for the tests." });
  assert.equal(a.status, 201, a.text);
  const r = await post("practitioner", "/api/v1/support-requests", {
    assessment: a.body.id ?? a.body.decision?.id ?? a.body.assessment?.id, child: "new", given_name: "Robin",
    family_name: family, date_of_birth: "2017-03-14", sex: "not_known", postcode: "fy1 1aa", la: "blackpool",
    concerns: "Fictional concerns for the alert tests.", family_knows: true, family_consents: true,
    referrer_phone: "01632 960 001", referrer_email: "priya.practitioner@example.org",
  });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

const alerts = (where) => sql(`SELECT a.kind, a.record_id, a.stage, a.delivery, a.emailed_at IS NOT NULL AS emailed
  FROM work_alerts a JOIN users u ON u.id = a.user_id WHERE ${where} ORDER BY a.noticed_at;`);

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "haven-alerts-"));
  inbox = path.join(dir, "inbox");
  spawnSync("mkdir", ["-p", inbox]);
  const port = await freePort();
  sink = await startSink(port, inbox);
  haven = await startHaven({
    env: {
      HAVEN_SMTP_URL: `smtp://127.0.0.1:${port}`,
      HAVEN_SMTP_FROM: "haven@partnership.example",
      HAVEN_PUBLIC_URL: PUBLIC_URL,
      HAVEN_WORK_JOB_SECONDS: "1",
    },
  });
});

after(async () => {
  if (haven) await haven.stop();
  if (sink) {
    const exited = new Promise((r) => sink.once("exit", r));
    sink.kill("SIGTERM");
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

test("a request for support: the front door hears at once when it arrives, near its deadline and past it, each once", async () => {
  const id = await request("Alertson");
  const link = `${PUBLIC_URL}/requests-for-support/${id}`;
  const about = () => received().filter((m) => m.to === FRONT_DOOR && m.text.includes(link));
  await until("the new request's alert", () => about().length === 1, { timeoutMs: 15_000 });
  assert.equal(about()[0].subject, "Work is waiting for you in Haven");
  assert.match(about()[0].text, /Decide a request for support: new\. Please sign in/);
  for (const secret of ["Robin", "Alertson", "2017", "Fictional concerns"]) assert.ok(!about()[0].text.includes(secret), secret);
  // nobody else is alerted about it: not the referrer, not another area's front door
  assert.ok(!received().some((m) => m.to !== FRONT_DOOR && m.text.includes(link)));
  await sleep(2500);
  assert.equal(about().length, 1, "sent once however often the job runs");

  // an hour from its deadline: close to it
  sqlText(haven.dbPath, `UPDATE support_requests SET decision_due_at = ${sqlTime(60 * 60_000)} WHERE id = ${id};`);
  await until("the due-soon alert", () => about().length === 2, { timeoutMs: 15_000 });
  assert.match(about()[1].text, /Decide a request for support: it is close to its deadline/);
  // past it: overdue
  sqlText(haven.dbPath, `UPDATE support_requests SET decision_due_at = ${sqlTime(-1 * 60_000)} WHERE id = ${id};`);
  await until("the overdue alert", () => about().length === 3, { timeoutMs: 15_000 });
  assert.match(about()[2].text, /Decide a request for support: it is overdue/);
  assert.deepEqual(alerts(`a.kind = 'support.decide' AND a.record_id = ${id}`).map((a) => [a.stage, a.delivery, a.emailed]),
    [["new", "immediate", 1], ["due_soon", "immediate", 1], ["overdue", "immediate", 1]]);
  await sleep(2500);
  assert.equal(about().length, 3);
});

test("a review action falling overdue alerts its agency's review group member", async () => {
  sqlText(haven.dbPath, `INSERT INTO review_actions (case_id, recommendation, owner_agency_id, lead, due_on)
    SELECT 1, 'Fictional recommendation for the alert tests', id, 'A lead', '2025-01-31' FROM agencies WHERE slug = 'demo-teaching-hospitals';`);
  const mail = await until("the review action's alert", () =>
    received().find((m) => m.to === "practitioner@demo.haven.example" && m.text.includes(`${PUBLIC_URL}/reviews/1/actions`)), { timeoutMs: 15_000 });
  assert.match(mail.text, /Complete your agency's action from a review: it is overdue/);
});

test("a serious incident's clock alerts the partnership team and the review's group, not others: notification overdue, a milestone near", async () => {
  // review 9: aware a month ago and never notified; its local review's milestone is due today
  sqlText(haven.dbPath, `
    INSERT INTO review_cases (id, reference, child_pseudonym, la_code, harm, circumstances, aware_on)
      VALUES (9, 'SI-2026-909', 'Child Y', 890, 'serious_harm', 'Fictional circumstances for the alert tests.', '${plusDays(-30)}');
    INSERT INTO review_members (case_id, user_id) SELECT 9, id FROM users WHERE email = 'practitioner@demo.haven.example';
    INSERT INTO review_milestones (id, case_id, title, due_on) VALUES (90, 9, 'Fictional practitioner event', '${plusDays(0)}');
  `);
  const link = `${PUBLIC_URL}/reviews/9`;
  const about = (to, words) => received().filter((m) => m.to === to && m.text.includes(link) && m.text.includes(words));
  // the partnership team is both its demo members (partnership2 checks subject access identities)
  const team = ["partnership@demo.haven.example", "partnership2@demo.haven.example"];
  for (const to of [...team, "practitioner@demo.haven.example"]) {
    const notify = await until(`${to}'s notification alert`, () => about(to, "Notify the national panel")[0], { timeoutMs: 15_000 });
    assert.match(notify.text, /Notify the national panel of a serious incident: it is overdue/);
    const milestone = await until(`${to}'s milestone alert`, () => about(to, "Reach a milestone")[0], { timeoutMs: 15_000 });
    assert.match(milestone.text, /Reach a milestone of a local child safeguarding practice review: it is close to its deadline/);
    for (const m of [notify, milestone]) for (const secret of ["Child Y", "Fictional"]) assert.ok(!m.text.includes(secret), secret);
  }
  // nobody outside the partnership team and the group hears of it
  assert.ok(!received().some((m) => ![...team, "practitioner@demo.haven.example"].includes(m.to) && m.text.includes(link)));
  await sleep(2500);
  assert.equal(about("practitioner@demo.haven.example", "Notify the national panel").length, 1, "sent once");

  // notified: the rapid review's clock starts; notified 20 working days ago, it is overdue at once
  sqlText(haven.dbPath, `UPDATE review_cases SET panel_notified_on = '${plusDays(-29)}' WHERE id = 9;`);
  const rapid = await until("the rapid review's alert", () => about("partnership@demo.haven.example", "Hold the rapid review")[0], { timeoutMs: 15_000 });
  assert.match(rapid.text, /Hold the rapid review of a serious incident: it is overdue/);
  assert.deepEqual(alerts(`u.email = 'practitioner@demo.haven.example' AND a.kind IN ('review.notify', 'review.rapid', 'review.milestone')
    AND a.record_id IN (9, 90)`).map((a) => [a.kind, a.stage, a.delivery, a.emailed]).sort(),
    [["review.milestone", "due_soon", "immediate", 1], ["review.notify", "overdue", "immediate", 1], ["review.rapid", "overdue", "immediate", 1]]);
});

test("an IDVA referral with no attempt alerts its service once the partnership's target has passed, not before", async () => {
  // the partnership allows 48 hours; a new referral made 30 hours ago is not yet overdue
  const settings = (await call("partnership", "/api/v1/encompass/settings")).body.settings;
  const { deliver_in_holidays, content, escalate_after_minutes, idva_referrals } = settings;
  const target = (hours) => call("partnership", "/api/v1/encompass/settings", {
    method: "POST", json: { deliver_in_holidays, content, escalate_after_minutes, idva_referrals, idva_first_attempt_hours: hours },
  });
  assert.equal((await target(48)).status, 200);
  sqlText(haven.dbPath, `
    INSERT INTO da_incident_adults (id, incident_id, position, name, role)
      SELECT 9900, r.incident_id, 90, 'A fictional victim', 'victim' FROM idva_referrals r
      JOIN users u ON u.agency_id = r.service_agency_id WHERE u.email = 'idva@demo.haven.example' LIMIT 1;
    INSERT INTO idva_referrals (id, incident_id, victim_adult_id, service_agency_id, created_at)
      SELECT 9900, incident_id, 9900, (SELECT agency_id FROM users WHERE email = 'idva@demo.haven.example'),
             ${sqlTime(-30 * 3_600_000)} FROM da_incident_adults WHERE id = 9900;
  `);
  const link = `${PUBLIC_URL}/provide/referrals/9900`;
  const about = () => received().filter((m) => m.to === "idva@demo.haven.example" && m.text.includes(link));
  await sleep(3000);
  assert.equal(about().length, 0, "within the 48 hours: no alert");
  // the partnership tightens it to 24 hours: now it is overdue
  assert.equal((await target(24)).status, 200);
  const mail = await until("the IDVA's alert", () => about()[0], { timeoutMs: 15_000 });
  assert.match(mail.text, /Try to contact a victim referred to your service: it is overdue/);
  assert.ok(!mail.text.includes("A fictional victim"));
});

test("a person who chooses the daily digest gets one summary, not an email each", async () => {
  // the choice, through the API twin of the page; a wrong value is refused naming the field
  let r = await call("frontdoor2", "/api/v1/alerts", { method: "POST", json: { support_decide: "weekly" } });
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].field, "support_decide");
  r = await call("frontdoor2", "/api/v1/alerts", { method: "POST", json: { support_decide: "digest" } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.kinds.find((k) => k.kind === "support.decide").delivery, "digest");
  assert.equal(sql("SELECT count(*) AS n FROM audit_log WHERE action = 'work.alert_choices';")[0].n, 1);
  const page = await call("frontdoor2", "/account/alerts");
  assert.equal(page.status, 200);
  assert.match(page.text, /id="support_decide-digest" name="support_decide" type="radio" value="digest" checked/);
  assert.match(page.text, /Operation Encompass notifications are always emailed at once/);

  const before = received().length;
  const id = await request("Digestson");
  await until("the digest alert's marker", () => alerts(`a.kind = 'support.decide' AND a.record_id = ${id}`).length === 1, { timeoutMs: 15_000 });
  assert.deepEqual(alerts(`a.kind = 'support.decide' AND a.record_id = ${id}`).map((a) => [a.stage, a.delivery, a.emailed]), [["new", "digest", 0]]);
  await sleep(2500);
  assert.ok(!received().slice(before).some((m) => m.text.includes(`/requests-for-support/${id}`)), "no email at once");

  // noticed before the last daily digest time (07:00 in England): the next run sends the summary
  sqlText(haven.dbPath, `UPDATE work_alerts SET noticed_at = ${sqlTime(-2 * 86_400_000, { millis: true })} WHERE delivery = 'digest';`);
  const digest = await until("the digest", () => mailsTo(FRONT_DOOR, "Your daily summary of work waiting in Haven")[0], { timeoutMs: 15_000 });
  assert.match(digest.text, /- Requests for support to decide \(1\): new/);
  assert.ok(digest.text.includes(`${PUBLIC_URL}/work`));
  assert.ok(!digest.text.includes("Digestson"));
  assert.deepEqual(alerts(`a.kind = 'support.decide' AND a.record_id = ${id}`).map((a) => a.emailed), [1]);
  await sleep(2500);
  assert.equal(mailsTo(FRONT_DOOR, "Your daily summary of work waiting in Haven").length, 1, "one summary");
});

test("a child missing from care placed by another authority of the partnership: its front door hears at once, by a link", async () => {
  const r = await post("police", "/api/v1/missing-episodes", {
    police_reference: "LC-ALERT-PLACED", given_name: "Sky", family_name: "Alertplaced", date_of_birth: "2010-03-03",
    la_code: 888, reported_at: "2026-11-20T21:00:00Z", risk_grading: "high", missing_from: "care", placing_la_code: 890,
  });
  assert.equal(r.status, 201, r.text);
  const link = `${PUBLIC_URL}/missing-episodes/${r.body.id}`;
  const mail = await until("the placing authority's alert", () =>
    received().find((m) => m.to === FRONT_DOOR && m.text.includes(link)), { timeoutMs: 15_000 });
  assert.match(mail.text, /Read the episode of a child your authority placed who is missing: new/);
  for (const secret of ["Sky", "Alertplaced", "2010", "LC-ALERT-PLACED"]) assert.ok(!mail.text.includes(secret), secret);
});

test("every kind the alerts page offers can be chosen, through the API as the page's form sends it", async () => {
  const kinds = (await call("police", "/api/v1/alerts")).body.kinds;
  assert.ok(kinds.length >= 20, `${kinds.length} kinds`);
  const choose = async (delivery) => {
    const r = await call("police", "/api/v1/alerts", { method: "POST", json: Object.fromEntries(kinds.map((k) => [k.field, delivery])) });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.kinds.filter((k) => k.delivery !== delivery).map((k) => k.kind), [], `every kind ${delivery}`);
  };
  await choose("digest");
  await choose("immediate");
});
