// The partnership's assurance work alerts by email (src/areas/work/rules.c, work_alert_kinds): a challenge
// raised reaches the agency asked to respond, a response the person who raised it, and each again when
// an escalation sends the challenge back (a task that leaves a list and returns alerts afresh); a multi-agency case
// audit asking an agency for its findings reaches each named auditor; an action-plan action reaches its
// agency once it is overdue (not before). Each to the right people only, once however often the job
// runs, as each person chose (at once, or waiting for the daily digest), by fixed words and a link.
// A self-assessment's return is not alerted by the work job: the assurance area's own reminder is the
// one email it sends (src/areas/assurance/jobs.c).
//
// No mail relay is set, so emails stay in mail_outbox to be read; the alerts job runs every second
// (HAVEN_WORK_JOB_SECONDS), the returns reminder job too (HAVEN_QA_JOB_SECONDS). Demo people: dsl and
// agencyadmin are Brookfield Primary's, dsl2 Larkhill Academy's; the scrutineer and the partnership
// team are the partnership's.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { apiClient, demoEmail, plusDays, sqlRows, sqlText, until } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

const PUBLIC_URL = "https://haven.partnership.example";
const ALERT = "Work is waiting for you in Haven";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (q) => sqlText(haven.dbPath, q);
const outbox = () => sqlRows(haven.dbPath, "SELECT to_address AS to_, subject, body_text AS body FROM mail_outbox ORDER BY id");
/** The alert emails whose link starts `path`: [{to_, subject, body}]. */
const alertsAbout = (path) => outbox().filter((m) => m.subject === ALERT && m.body.includes(`${PUBLIC_URL}${path}`));
/** Who they went to, sorted. */
const recipients = (mails) => mails.map((m) => m.to_).sort();
/** The alert markers of `kind` about record `id`: [[email, stage, delivery, emailed]], sorted. */
const markers = (kind, id) => sqlRows(haven.dbPath, `SELECT u.email, a.stage, a.delivery, a.emailed_at IS NOT NULL AS emailed
  FROM work_alerts a JOIN users u ON u.id = a.user_id WHERE a.kind = '${kind}' AND a.record_id = ${id} ORDER BY u.email`)
  .map((r) => [r.email, r.stage, r.delivery, Number(r.emailed)]);
/** The alert markers of `kind` about the cases of case audit `audit`, as markers gives them. */
const caseMarkers = (kind, audit) => sqlRows(haven.dbPath, `SELECT u.email, a.stage, a.delivery, a.emailed_at IS NOT NULL AS emailed
  FROM work_alerts a JOIN users u ON u.id = a.user_id JOIN qa_case_audit_children c ON c.id = a.record_id
  WHERE a.kind = '${kind}' AND a.record_type = 'qa_case_audit_case' AND c.audit_id = ${audit} ORDER BY u.email, c.child_id`)
  .map((r) => [r.email, r.stage, r.delivery, Number(r.emailed)]);
/** `who` chooses the daily digest for the alert field `field`. */
async function digestFor(who, field) {
  const r = await post(who, "/api/v1/alerts", { [field]: "digest" });
  assert.equal(r.status, 200, r.text);
}

before(async () => {
  delete process.env.HAVEN_SMTP_URL;
  haven = await startHaven({
    env: { HAVEN_PUBLIC_URL: PUBLIC_URL, HAVEN_WORK_JOB_SECONDS: "1", HAVEN_QA_JOB_SECONDS: "1" },
  });
});
after(async () => {
  await haven?.stop();
});

test("a challenge raised alerts the agency asked to respond, once, as each chose; its response alerts whoever raised it", async () => {
  await digestFor("agencyadmin", "challenge_respond");
  const subject = "Alerted challenge (fictional)", detail = "Fictional: what will change at the Key Adult briefings?";
  const raised = await post("scrutineer", "/api/v1/challenges", {
    subject, detail, owner: "brookfield-primary", respond_by: plusDays(20),
  });
  assert.equal(raised.status, 201, raised.text);
  const id = raised.body.id, path = `/challenges/${id}`;
  // the alerts asking the agency and whoever decides (an escalation with no board meeting planned also asks
  // the partnership team to place it: checked at the end)
  const place = () => alertsAbout(path).filter((m) => m.body.startsWith("Place an escalated challenge"));
  const asked = () => alertsAbout(path).filter((m) => !m.body.startsWith("Place an escalated challenge"));
  await until("the DSL's alert", () => asked().length >= 1, { timeoutMs: 15_000 });
  await sleep(2500); // two more runs of the job: nothing twice, nobody else
  const mails = asked();
  assert.deepEqual(recipients(mails), [demoEmail("dsl")], "the school's DSL only: not the raiser, not another school");
  assert.match(mails[0].body, /Respond to a challenge to your agency: new\. Please sign in to see it: https:\/\/haven\.partnership\.example\/challenges\/\d+/);
  for (const secret of [subject, detail, "Brookfield"]) assert.ok(!mails[0].body.includes(secret), secret);
  // the agency administrator chose the digest: noticed, waiting for it, not emailed at once
  assert.deepEqual(markers("challenge.respond", id), [
    [demoEmail("agencyadmin"), "new", "digest", 0], [demoEmail("dsl"), "new", "immediate", 1],
  ]);

  // the school responds: the scrutineer who raised it is asked to accept or escalate
  assert.equal((await post("dsl", `/api/v1/challenges/${id}/response`, { response: "Fictional: a deputy now attends." })).status, 200);
  await until("the scrutineer's alert", () => asked().length >= 2, { timeoutMs: 15_000 });
  await sleep(2500);
  const decide = asked().slice(1);
  assert.deepEqual(recipients(decide), [demoEmail("scrutineer")]);
  assert.match(decide[0].body, /Accept or escalate the response to a challenge: new\./);

  // escalated: the school is asked again, so its DSL hears again; its second response reaches the scrutineer again.
  // The job notices a task gone from a list when it runs: each step waits for that (a step back within the
  // same minute is not noticed, as rules.h says)
  const emailedTo = (kind, who) => markers(kind, id).filter(([email, , , emailed]) => email === demoEmail(who) && emailed);
  await until("the DSL's alert forgotten, the challenge gone from their list", () => emailedTo("challenge.respond", "dsl").length === 0);
  const escalated = await post("scrutineer", `/api/v1/challenges/${id}/decision`, {
    decision: "escalate", note: "Fictional: no register has been seen.", respond_by: plusDays(30),
  });
  assert.equal(escalated.status, 200, escalated.text);
  await until("the DSL's second alert", () => asked().length >= 3, { timeoutMs: 15_000 });
  await until("the scrutineer's alert forgotten", () => emailedTo("challenge.decide", "scrutineer").length === 0);
  assert.equal((await post("dsl", `/api/v1/challenges/${id}/response`, { response: "Fictional: the registers are attached." })).status, 200);
  await until("the scrutineer's second alert", () => asked().length >= 4, { timeoutMs: 15_000 });
  await sleep(2500);
  assert.deepEqual(asked().map((m) => [m.to_, m.body.split(":")[0]]), [
    [demoEmail("dsl"), "Respond to a challenge to your agency"],
    [demoEmail("scrutineer"), "Accept or escalate the response to a challenge"],
    [demoEmail("dsl"), "Respond to a challenge to your agency"],
    [demoEmail("scrutineer"), "Accept or escalate the response to a challenge"],
  ], "each time the challenge reaches them, once");
  assert.deepEqual(recipients(place()), [demoEmail("partnership"), demoEmail("partnership2")].sort(),
    "escalated with no board meeting planned: the partnership team is asked to place it, each once");
});

test("a case audit asking for findings alerts each named auditor once, as each chose, and nobody else", async () => {
  await digestFor("practitioner", "qa_case_audit_findings");
  const r = await post("partnership", "/api/v1/qa/case-audits", {
    title: "Alerted audit (fictional)", theme: "Neglect", findings_due_on: plusDays(28), children: [2, 1],
    auditors: [demoEmail("police"), demoEmail("dsl"), demoEmail("practitioner")],
  });
  assert.equal(r.status, 201, r.text);
  const audit = r.body.id, path = `/quality-assurance/case-audits/${audit}/`;
  await until("the auditors' alerts", () => alertsAbout(path).length >= 2, { timeoutMs: 15_000 });
  await sleep(2500);
  const mails = alertsAbout(path);
  // the police work with child 2, the school with child 1: each asked once; the practitioner chose the digest
  assert.deepEqual(recipients(mails), [demoEmail("dsl"), demoEmail("police")]);
  for (const m of mails) {
    assert.match(m.body, /Record your agency's findings for a child in a case audit: new\. Please sign in/);
    assert.ok(!/Alerted audit|Alex|Sam\b|Example|Sample/.test(m.body), m.body);
  }
  assert.deepEqual(caseMarkers("qa.case_audit.findings", audit), [
    [demoEmail("dsl"), "new", "immediate", 1], [demoEmail("police"), "new", "immediate", 1],
    [demoEmail("practitioner"), "new", "digest", 0],
  ]);
});

test("findings due within two days alert the auditors that the date is close", async () => {
  const r = await post("partnership", "/api/v1/qa/case-audits", {
    title: "Close audit (fictional)", theme: "Neglect", findings_due_on: plusDays(1), children: [2],
    auditors: [demoEmail("police")],
  });
  assert.equal(r.status, 201, r.text);
  const path = `/quality-assurance/case-audits/${r.body.id}/`;
  await until("the police auditor's alert", () => alertsAbout(path).length >= 1, { timeoutMs: 15_000 });
  const [mail] = alertsAbout(path);
  assert.equal(mail.to_, demoEmail("police"));
  assert.match(mail.body, /Record your agency's findings for a child in a case audit: it is close to its deadline\. Please sign in/);
});

test("each case of a case audit that becomes ready to grade alerts the panel, not only the first", async () => {
  const r = await post("partnership", "/api/v1/qa/case-audits", {
    title: "Graded audit (fictional)", theme: "Neglect", findings_due_on: plusDays(28), children: [2, 1],
    auditors: [demoEmail("police"), demoEmail("dsl"), demoEmail("partnership")],
  });
  assert.equal(r.status, 201, r.text);
  const audit = r.body.id;
  const gradeAlerts = () => alertsAbout(`/quality-assurance/case-audits/${audit}/`)
    .filter((m) => m.to_ === demoEmail("partnership") && m.body.startsWith("Grade a child's case"));
  const findings = { grade: "good", what_went_well: "Fictional: timely.", what_could_be_better: "Fictional: recording.", child_voice: "Fictional: heard." };
  // the police answer for child 2: that case is ready for the panel
  assert.equal((await post("police", `/api/v1/qa/case-audits/${audit}/children/2/findings`, findings)).status, 200);
  await until("the panel's first alert", () => gradeAlerts().length >= 1, { timeoutMs: 15_000 });
  // then the school answers for child 1: a second case, a second alert
  assert.equal((await post("dsl", `/api/v1/qa/case-audits/${audit}/children/1/findings`, findings)).status, 200);
  await until("the panel's second alert", () => gradeAlerts().length >= 2, { timeoutMs: 15_000 });
  await sleep(2500);
  const links = gradeAlerts().map((m) => m.body.match(/children\/(\d+)\/grade/)[1]).sort();
  assert.deepEqual(links, ["1", "2"], "one alert a case, each linking its own grading");
  for (const m of gradeAlerts()) assert.ok(!/Graded audit|Alex|Sam\b/.test(m.body), m.body);
});

test("the partnership's question about a submitted self-assessment alerts those who complete it, and a later one again", async () => {
  // the demo's Blackpool Council return (Section 11), submitted; its front door is its one person on Haven,
  // made its agency administrator: the lead, who completes its returns and so answers the questions
  sql("INSERT INTO user_roles (user_id, role) SELECT id, 'agency_admin' FROM users WHERE email = 'frontdoor2@demo.haven.example'");
  const ret = Number(sql("SELECT r.id FROM qa_returns r JOIN agencies a ON a.id = r.agency_id WHERE a.slug = 'blackpool-council' AND r.submitted_on IS NOT NULL ORDER BY r.id LIMIT 1"));
  const path = `/quality-assurance/returns/${ret}/`;
  const ask = async (question) => {
    const r = await post("partnership", `/api/v1/qa/returns/${ret}/challenges`, { question });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  };
  const first = await ask("Fictional: who trained the night staff?");
  await until("an alert about the question", () => alertsAbout(path).length >= 1, { timeoutMs: 15_000 });
  await sleep(2500);
  // Blackpool Council's lead: nobody else, once
  assert.deepEqual(markers("qa.question", ret), [[demoEmail("frontdoor2"), "new", "immediate", 1]]);
  const mails = alertsAbout(path);
  assert.deepEqual(recipients(mails), [demoEmail("frontdoor2")]);
  assert.match(mails[0].body, /Answer the partnership's question about your agency's self-assessment: new\. Please sign in/);
  assert.ok(!mails[0].body.includes("night staff"), "never the question's words");
  // answered, the task leaves; a second question later is a new task, alerted again
  assert.equal((await post("frontdoor2", `/api/v1/qa/returns/${ret}/challenges/${first}/answer`, { answer: "Fictional: the trainer." })).status, 200);
  await until("the marker forgotten once answered", () => markers("qa.question", ret).length === 0, { timeoutMs: 15_000 });
  await ask("Fictional: and the weekend staff?");
  await until("a second alert", () => alertsAbout(path).length >= 2, { timeoutMs: 15_000 });
});

test("a self-assessment submitted alerts its cycle's moderator, who opened the cycle, not the whole partnership team", async () => {
  const set = Number(sql("SELECT max(id) FROM qa_standard_sets WHERE kind = 'section11'"));
  const cycle = await post("partnership", "/api/v1/qa/cycles", {
    standards: set, title: "Moderated audit (fictional)", opens_on: plusDays(-10), returns_due_on: plusDays(20),
  });
  assert.equal(cycle.status, 201, cycle.text);
  assert.equal(cycle.body.moderator, "Parveen Partnership", "the cycle says who moderates it");
  const ret = Number(sql(`SELECT r.id FROM qa_returns r JOIN agencies a ON a.id = r.agency_id
    WHERE r.cycle_id = ${cycle.body.id} AND a.slug = 'lancashire-constabulary'`));
  // the constabulary's lead (its agency administrator) completes and submits it
  sql("INSERT INTO user_roles (user_id, role) SELECT id, 'agency_admin' FROM users WHERE email = 'police@demo.haven.example'");
  const scale = cycle.body.standards.scale.map((x) => x.value);
  for (const { id } of cycle.body.standards.standards) {
    const r = await post("police", `/api/v1/qa/returns/${ret}/standards/${id}`, { score: scale[scale.length - 1], evidence: "Fictional evidence." });
    assert.equal(r.status, 200, r.text);
  }
  assert.equal((await post("police", `/api/v1/qa/returns/${ret}/submit`, {})).status, 200);
  const path = `/quality-assurance/returns/${ret}`;
  await until("the moderation alert", () => markers("qa.moderate", ret).length >= 1, { timeoutMs: 15_000 });
  await sleep(2500); // two more runs of the job: nobody else
  assert.deepEqual(markers("qa.moderate", ret), [[demoEmail("partnership"), "new", "immediate", 1]],
    "whoever opened the cycle; not partnership2, the team's records officer");
  const mails = alertsAbout(path).filter((m) => m.body.startsWith("Moderate"));
  assert.deepEqual(recipients(mails), [demoEmail("partnership")]);
  assert.match(mails[0].body, /Moderate an agency's self-assessment: new\. Please sign in/);
  const moderation = async (who) => (await call(who, "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "qa.moderate" && t.record_id === ret);
  assert.deepEqual(await moderation("partnership2"), []);
  // the opener leaves the team: the cycle has no moderator of its own, so everyone the rule lets moderate
  // is asked (and alerted)
  sql("DELETE FROM user_roles WHERE role = 'partnership' AND user_id = (SELECT id FROM users WHERE email = 'partnership@demo.haven.example')");
  try {
    assert.equal((await moderation("partnership2")).length, 1);
    const page = await call("partnership2", `/quality-assurance/cycles/${cycle.body.id}`);
    assert.match(page.text, /id="moderator">The partnership team: whoever opened it is no longer in the team/);
    assert.equal((await call("partnership2", `/api/v1/qa/cycles/${cycle.body.id}`)).body.moderator, null);
    await until("the team's alert", () => markers("qa.moderate", ret).some(([email]) => email === demoEmail("partnership2")), { timeoutMs: 15_000 });
  } finally {
    sql("INSERT INTO user_roles (user_id, role) SELECT id, 'partnership' FROM users WHERE email = 'partnership@demo.haven.example'");
  }
});

test("an action-plan action alerts its agency once it is overdue, not while it is due", async () => {
  await digestFor("agencyadmin", "plan_action_update");
  const plan = Number(sql("SELECT min(id) FROM plans"));
  const res = await post("partnership", `/api/v1/plans/${plan}/actions`, {
    action: "Fictional: alerted action", owner: "brookfield-primary", lead: "Designated safeguarding lead", due_on: plusDays(3),
  });
  assert.equal(res.status, 200, res.text);
  const action = res.body.plan.actions.find((a) => a.action === "Fictional: alerted action").id, path = `/plan-actions/${action}`;
  await sleep(2500);
  assert.deepEqual(alertsAbout(path), [], "due in three days: no email yet");
  // its date passes
  sql(`UPDATE plan_actions SET due_on = '${plusDays(-1)}' WHERE id = ${action}`);
  await until("the overdue alert", () => alertsAbout(path).length >= 1, { timeoutMs: 15_000 });
  await sleep(2500);
  const mails = alertsAbout(path);
  assert.deepEqual(recipients(mails), [demoEmail("dsl")], "the owning school's DSL; not another school");
  assert.match(mails[0].body, /Update your agency's action-plan action: it is overdue\. Please sign in/);
  assert.ok(!mails[0].body.includes("alerted action"));
  assert.deepEqual(markers("plan.action_update", action), [
    [demoEmail("agencyadmin"), "overdue", "digest", 0], [demoEmail("dsl"), "overdue", "immediate", 1],
  ]);
});

test("a self-assessment due soon is still one email: the assurance area's reminder, no alert besides", async () => {
  const set = Number(sql("SELECT max(id) FROM qa_standard_sets WHERE kind = 'section175'"));
  // The demo's schools' cycle is open today (demo.sql), and a kind has one cycle open at a time: it moves
  // out past this file's Section 175/157 cycles, which need today's dates.
  sql(`UPDATE qa_cycles SET opens_on = '${plusDays(130)}', returns_due_on = '${plusDays(200)}'` +
    " WHERE title = 'Schools'' safeguarding audit 2026-27 (demo)'");
  const cycle = await post("partnership", "/api/v1/qa/cycles", {
    standards: set, title: "Alerted schools audit (fictional)", opens_on: plusDays(-10), returns_due_on: plusDays(1),
  });
  assert.equal(cycle.status, 201, cycle.text);
  const ret = Number(sql(`SELECT r.id FROM qa_returns r JOIN agencies a ON a.id = r.agency_id
    WHERE r.cycle_id = ${cycle.body.id} AND a.slug = 'brookfield-primary'`));
  // on the DSL's list, due tomorrow
  const tasks = (await call("dsl", "/api/v1/tasks")).body.tasks;
  assert.ok(tasks.some((t) => t.kind === "qa.return" && t.record_id === ret), JSON.stringify(tasks));
  const toDsl = () => outbox().filter((m) => m.to_ === demoEmail("dsl") &&
    (m.body.includes("Alerted schools audit") || m.body.includes(`/quality-assurance/returns/${ret}`)));
  await until("the reminder", () => toDsl().length >= 1, { timeoutMs: 15_000 });
  await sleep(3000); // three more runs of both jobs
  assert.deepEqual(toDsl().map((m) => m.subject), ["Reminder: a self-assessment is due"]);
  assert.deepEqual(markers("qa.return", ret), []);
});
