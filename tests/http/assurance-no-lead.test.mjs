// A Section 11 agency whose reminders would reach nobody (src/areas/assurance):
// its return is completed, and the cycle's emails go, only to its agency
// administrators and designated safeguarding leads. With neither
// (its people hold other roles, or nobody from it is on Haven) the cycle's
// page and its API mark it while its return is not in, saying who can put
// that right, and the job tells the partnership team instead, once per cycle,
// by fixed words and a link. HAVEN_QA_JOB_SECONDS=1 runs the job every
// second; HAVEN_SMTP_URL is unset, so emails stay in mail_outbox to be read.
// The outbox is shared with the other jobs, which queue the demo's emails at
// their first run: they run hourly, and their first runs are waited for
// before the outbox is emptied (tests/lib/jobs.mjs).
//
// The demo's Section 11 agencies: the hospital has its lead (its agency
// administrator, trustlead@); the police, the councils of
// Blackpool and Lancashire and the IDVA services have accounts holding
// neither role; Blackburn with Darwen's council and the ICB have none at all.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { apiClient, plusDays, sqlRows, sqlText, until } from "../lib/api.mjs";
import { agencyReturn, openQaCycle, qaCycle } from "../lib/assurance.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";
import { everyJobRanOnce, otherJobsHourly } from "../lib/jobs.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (q) => sqlText(haven.dbPath, q);
const TOLD = "An agency's Section 11 audit reminders reach nobody";
const mails = () =>
  sqlRows(haven.dbPath, "SELECT to_address AS to_, subject, body_text AS body FROM mail_outbox ORDER BY id");
const agencyName = (slug) => sql(`SELECT name FROM agencies WHERE slug = '${slug}'`);
const makeAdmin = (email, on = true) =>
  sql(on ? `INSERT INTO user_roles (user_id, role) SELECT id, 'agency_admin' FROM users WHERE email = '${email}'`
    : `DELETE FROM user_roles WHERE role = 'agency_admin' AND user_id = (SELECT id FROM users WHERE email = '${email}')`);

const openCycle = (title, opens, due) => openQaCycle(post, sql, "section11", title, opens, due);
const cycleOf = (id) => qaCycle(call, id);
const byAgency = (cycle, slug) => agencyReturn(sql, cycle, slug);

before(async () => {
  delete process.env.HAVEN_SMTP_URL;
  haven = await startHaven({ env: { HAVEN_QA_JOB_SECONDS: "1", ...otherJobsHourly("HAVEN_QA_JOB_SECONDS") } });
});
after(async () => {
  await haven?.stop();
});

describe("a Section 11 agency with nobody on Haven to get its reminders", () => {
  let far;

  test("is marked on the cycle's API, with whether it has anybody on Haven; only while its return is not in", async () => {
    // far from its return date: the job emails nobody about it (each cycle of this file has a period of its own)
    far = await openCycle("Agencies audit far off", plusDays(2), plusDays(60));
    let cycle = await cycleOf(far);
    const police = byAgency(cycle, "lancashire-constabulary");
    assert.deepEqual([police.no_lead, police.no_accounts], [true, false], "its people have accounts, none leads");
    const bwd = byAgency(cycle, "bwd-council");
    assert.deepEqual([bwd.no_lead, bwd.no_accounts], [true, true], "nobody from it is on Haven");
    assert.equal(byAgency(cycle, "demo-teaching-hospitals").no_lead, false, "the trust's lead is its agency administrator");
    assert.equal(cycle.counts.no_lead, cycle.returns.length - 1, "no other demo Section 11 agency has a lead");
    assert.ok(cycle.returns.every((x) => x.no_dsl === false), "a DSL is a school's matter");

    // the police's officer becomes its agency administrator: it is reached
    makeAdmin("police@demo.haven.example");
    try {
      cycle = await cycleOf(far);
      assert.equal(byAgency(cycle, "lancashire-constabulary").no_lead, false);
      assert.equal(cycle.counts.no_lead, cycle.returns.length - 2);
    } finally {
      makeAdmin("police@demo.haven.example", false);
    }

    // a return already in is not marked: there is nothing left to remind
    sql(`UPDATE qa_returns SET submitted_on = '${plusDays(0)}' WHERE cycle_id = ${far}` +
      " AND agency_id = (SELECT id FROM agencies WHERE slug = 'bwd-council')");
    cycle = await cycleOf(far);
    assert.equal(byAgency(cycle, "bwd-council").no_lead, false);
    assert.equal(cycle.counts.no_lead, cycle.returns.length - 2);
  });

  test("the page shows the tag and who can put it right", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const page = await b.request(`/quality-assurance/cycles/${far}`);
    assert.equal(page.status, 200);
    const row = (slug) => {
      const name = agencyName(slug).replace(/&/g, "&amp;").replace(/'/g, "&#39;");
      const at = page.text.indexOf(name);
      assert.ok(at > 0, slug);
      return page.text.slice(at, page.text.indexOf("</tr>", at));
    };
    assert.match(row("lancashire-constabulary"), /<strong class="govuk-tag govuk-tag--red">Nobody on Haven gets its reminders<\/strong><\/p>\s*<p class="govuk-body-s[^"]*">No agency administrator: Haven's administrator can make one of its people its agency administrator\.<\/p>/);
    assert.match(row("demo-icb"), /Nobody on Haven gets its reminders<\/strong><\/p>\s*<p class="govuk-body-s[^"]*">Nobody from it is on Haven: Haven's administrator adds its agency administrator\.<\/p>/);
    assert.doesNotMatch(row("bwd-council"), /Nobody on Haven gets its reminders/, "its return is in");
    assert.match(page.text, /Agencies with nobody on Haven to receive this cycle's reminders, marked below: <strong>\d+<\/strong>/);
    assert.match(page.text, /its return cannot be completed until one is added\./);
  });

  test("the partnership team is told once per cycle, by fixed words and a link; an agency administrator gets the reminder", async () => {
    await everyJobRanOnce(haven);
    sql("DELETE FROM mail_outbox");
    makeAdmin("police@demo.haven.example");
    try {
      const soon = await openCycle("Agencies audit due soon", plusDays(-10), plusDays(1));
      await until("the emails", () => mails().some((m) => m.subject === TOLD) &&
        mails().some((m) => m.to_ === "police@demo.haven.example"));
      await sleep(2500); // two more runs of the job: nobody is told twice
      const sent = mails();
      assert.equal(sent.filter((m) => m.to_ === "police@demo.haven.example").length, 1, "the police's reminder");
      const team = sql("SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'partnership'" +
        " AND u.disabled_at IS NULL ORDER BY u.id").split("\n").filter(Boolean);
      assert.ok(team.length > 0);
      const told = sent.filter((m) => m.subject === TOLD);
      assert.deepEqual(told.map((m) => m.to_).sort(), [...team].sort(), "each of the team, once for the cycle");
      assert.ok(told.every((m) => m.body.includes(`/quality-assurance/cycles/${soon}\n`)));
      assert.ok(told.every((m) => /its\s+return cannot be completed/.test(m.body)), "only such a lead completes the return");
      // fixed words: no agency and no person named
      const names = sql("SELECT name FROM agencies").split("\n").filter(Boolean);
      assert.ok(told.every((m) => names.every((n) => !m.body.includes(n)) && !/@/.test(m.body)));
      assert.equal(sql(`SELECT count(*) FROM qa_cycle_no_lead_told WHERE cycle_id = ${soon}`), "1");
      assert.equal(sent.filter((m) => m.to_ === "trustlead@demo.haven.example").length, 1, "the trust lead's reminder");
      assert.equal(sent.length, 2 + told.length, "nothing else, and nothing twice");
    } finally {
      makeAdmin("police@demo.haven.example", false);
    }
  });
});
