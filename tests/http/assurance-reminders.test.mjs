// The quality assurance job (src/areas/assurance/jobs.c) reminds agencies of
// a return due within five working days and chases overdue returns, by email
// through the outbox, to the agency's DSLs and agency administrators only,
// once however often the job runs; submitted returns and returns not yet
// near their date get nothing. A school with neither is told to the
// partnership team, once per cycle. HAVEN_QA_JOB_SECONDS=1 runs the job every
// second; HAVEN_SMTP_URL is unset, so emails stay in mail_outbox to be read.
// The outbox is shared with the other jobs, which queue the demo's emails at
// their first run: they run hourly, and their first runs are waited for
// before the outbox is emptied (tests/lib/jobs.mjs).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { apiClient, dateWords, plusDays, sqlRows, sqlText, until } from "../lib/api.mjs";
import { REPO_ROOT, runHaven, startHaven } from "../lib/haven.mjs";
import { everyJobRanOnce, otherJobsHourly } from "../lib/jobs.mjs";

let haven;
const { post } = apiClient(() => haven);
const sql = (q) => sqlText(haven.dbPath, q);
const mails = () =>
  sqlRows(haven.dbPath, "SELECT to_address AS to_, subject, body_text AS body FROM mail_outbox ORDER BY id");

before(async () => {
  delete process.env.HAVEN_SMTP_URL;
  haven = await startHaven({ env: { HAVEN_QA_JOB_SECONDS: "1", ...otherJobsHourly("HAVEN_QA_JOB_SECONDS") } });
  for (const f of ["qa-section11.json", "qa-section175.json"])
    assert.equal(runHaven(["import", "qa-standards", "--db", haven.dbPath, path.join(REPO_ROOT, "tests/http/data", f)]).status, 0);
});
after(async () => {
  await haven?.stop();
});

test("a return due soon is reminded once and an overdue one chased, to the agency's leads only", async () => {
  // the sets imported above (the demo's own Section 175/157 set is older); the demo's open cycle is months
  // from its return date, so it is neither reminded nor chased: "nothing else" below says so too
  const set = (kind) => Number(sql(`SELECT max(id) FROM qa_standard_sets WHERE kind = '${kind}'`));
  // The demo's schools' cycle is open today (demo.sql), and a kind has one cycle open at a time: it moves
  // out past this file's Section 175/157 cycles, which need today's dates.
  sql(`UPDATE qa_cycles SET opens_on = '${plusDays(130)}', returns_due_on = '${plusDays(200)}'` +
    " WHERE title = 'Schools'' safeguarding audit 2026-27 (demo)'");
  await everyJobRanOnce(haven);
  sql("DELETE FROM mail_outbox");
  // far off: no email
  const far = await post("partnership", "/api/v1/qa/cycles", {
    standards: set("section11"), title: "Section 11 audit later", opens_on: plusDays(-1), returns_due_on: plusDays(30),
  });
  assert.equal(far.status, 201);
  // due tomorrow: a reminder to every school's leads
  const soon = await post("partnership", "/api/v1/qa/cycles", {
    standards: set("section175"), title: "Schools audit due soon", opens_on: plusDays(-2), returns_due_on: plusDays(1),
  });
  assert.equal(soon.status, 201);
  // overdue (it closed before the one due soon opened), with Brookfield's return already submitted: only
  // Larkhill is chased
  sql(`.timeout 10000
    BEGIN IMMEDIATE;
    INSERT INTO qa_cycles (id, standard_set_id, title, opens_on, returns_due_on) VALUES (90, ${set("section175")}, 'Schools audit overdue', '${plusDays(-40)}', '${plusDays(-3)}');
    INSERT INTO qa_returns (cycle_id, agency_id, submitted_on) SELECT 90, id, CASE slug WHEN 'brookfield-primary' THEN '${plusDays(-4)}' END FROM agencies WHERE type IN ('school', 'college');
    COMMIT;`);

  await until("the reminders and the chase", () => mails().length >= 4);
  await sleep(2500); // two more runs of the job: nothing is sent twice
  const sent = mails();
  const reminders = sent.filter((m) => m.subject === "Reminder: a self-assessment is due");
  const chases = sent.filter((m) => m.subject === "A self-assessment is overdue");
  assert.deepEqual(reminders.map((m) => m.to_).sort(), [
    "agencyadmin@demo.haven.example", "dsl2@demo.haven.example", "dsl@demo.haven.example",
  ]);
  assert.deepEqual(chases.map((m) => m.to_), ["dsl2@demo.haven.example"]);
  // the demo's other schools have no DSL and no agency administrator: the partnership team is told, once
  // for each of the two cycles, by fixed words and the cycle's link (no school, no person)
  const team = sql("SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'partnership'" +
    " AND u.disabled_at IS NULL ORDER BY u.id").split("\n").filter(Boolean);
  const told = sent.filter((m) => m.subject === "A school or college cannot complete its safeguarding audit");
  assert.deepEqual(told.map((m) => m.to_).sort(), [...team, ...team].sort());
  const linked = told.map((m) => m.body.match(/\/quality-assurance\/cycles\/(\d+)/)[1]).sort();
  assert.deepEqual([...new Set(linked)].sort(), [String(soon.body.id), "90"].sort());
  assert.ok(told.every((m) => !/Seafront|Tower View|fictional/.test(m.body)), "no school named");
  assert.equal(sent.length, 4 + told.length, "nothing else, and nothing twice");
  assert.match(reminders[0].body, new RegExp(`Schools audit due soon is due on ${dateWords(plusDays(1), { weekday: true })}`));
  assert.match(chases[0].body, new RegExp(`Schools audit overdue was due on ${dateWords(plusDays(-3), { weekday: true })}`));
  assert.ok(!sent.some((m) => /Section 11 audit later/.test(m.body)));
  assert.equal(sql("SELECT count(*) FROM qa_return_emails WHERE kind = 'overdue'"),
    String(Number(sql("SELECT count(*) FROM agencies WHERE type IN ('school', 'college')")) - 1),
    "every overdue return is marked chased, whether or not it has anyone to email");
});
