// A school with no designated safeguarding lead on Haven can never complete
// its Section 175/157 return (scoring and submitting are the DSL's alone), so
// Haven makes it reach someone (src/areas/assurance): the cycle's page and
// its API mark each school whose return is not in and that has no DSL
// account (not disabled), saying who can add one (its agency administrator,
// or with none Haven's administrator); the job's reminder to such a school's
// agency administrators says it has no DSL; and a school with neither is
// told to the partnership team instead, once per cycle, by fixed words and a
// link. HAVEN_QA_JOB_SECONDS=1 runs the job every second; HAVEN_SMTP_URL is
// unset, so emails stay in mail_outbox to be read.
//
// The demo's schools: Brookfield has a DSL and an agency administrator,
// Larkhill a DSL only, the others nobody.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { apiClient, plusDays, sqlRows, sqlText, until } from "../lib/api.mjs";
import { agencyReturn, openQaCycle, qaCycle } from "../lib/assurance.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { REPO_ROOT, runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (q) => sqlText(haven.dbPath, q);
const TOLD = "A school or college cannot complete its safeguarding audit";
const mails = () =>
  sqlRows(haven.dbPath, "SELECT to_address AS to_, subject, body_text AS body FROM mail_outbox ORDER BY id");
const agencyName = (slug) => sql(`SELECT name FROM agencies WHERE slug = '${slug}'`);
const disable = (email, on = true) =>
  sql(`UPDATE users SET disabled_at = ${on ? "'2026-01-01T00:00:00Z'" : "NULL"} WHERE email = '${email}'`);

const openCycle = (kind, title, opens, due) => openQaCycle(post, sql, kind, title, opens, due);
const returnsOf = (id) => qaCycle(call, id);
const byAgency = (cycle, slug) => agencyReturn(sql, cycle, slug);

before(async () => {
  delete process.env.HAVEN_SMTP_URL;
  haven = await startHaven({ env: { HAVEN_QA_JOB_SECONDS: "1" } });
  for (const f of ["qa-section11.json", "qa-section175.json"])
    assert.equal(runHaven(["import", "qa-standards", "--db", haven.dbPath, path.join(REPO_ROOT, "tests/http/data", f)]).status, 0);
  // The demo's schools' cycle is open today (demo.sql), and a kind has one cycle open at a time: it moves
  // out past this file's Section 175/157 cycles, which need today's dates.
  sql(`UPDATE qa_cycles SET opens_on = '${plusDays(130)}', returns_due_on = '${plusDays(200)}'` +
    " WHERE title = 'Schools'' safeguarding audit 2026-27 (demo)'");
});
after(async () => {
  await haven?.stop();
});

describe("a school with no designated safeguarding lead on Haven", () => {
  test("is marked on the cycle's API, with whether it has an agency administrator; only while its return is not in", async () => {
    // far from its return date: the job emails nobody about it (each cycle of this file has a period of its own)
    const id = await openCycle("section175", "Schools audit far off", plusDays(2), plusDays(60));
    let cycle = await returnsOf(id);
    const schools = Number(sql("SELECT count(*) FROM agencies WHERE type IN ('school', 'college')"));
    assert.equal(cycle.returns.length, schools);
    assert.deepEqual([byAgency(cycle, "brookfield-primary").no_dsl, byAgency(cycle, "larkhill-academy").no_dsl], [false, false]);
    const seafront = byAgency(cycle, "seafront-primary");
    assert.deepEqual([seafront.no_dsl, seafront.no_agency_admin], [true, true]);
    assert.equal(cycle.counts.no_dsl, schools - 2);

    // Brookfield's DSL leaves (disabled): its agency administrator can add one
    disable("dsl@demo.haven.example");
    cycle = await returnsOf(id);
    const brookfield = byAgency(cycle, "brookfield-primary");
    assert.deepEqual([brookfield.no_dsl, brookfield.no_agency_admin], [true, false]);
    assert.equal(cycle.counts.no_dsl, schools - 1);
    disable("dsl@demo.haven.example", false);

    // a return already in is not marked: there is nothing left to complete
    sql(`UPDATE qa_returns SET submitted_on = '${plusDays(0)}' WHERE cycle_id = ${id}` +
      ` AND agency_id = (SELECT id FROM agencies WHERE slug = 'seafront-primary')`);
    cycle = await returnsOf(id);
    assert.equal(byAgency(cycle, "seafront-primary").no_dsl, false);
    assert.equal(cycle.counts.no_dsl, schools - 3);

    // a Section 11 cycle is completed by any of the agency's people: nothing is marked
    const s11 = await returnsOf(await openCycle("section11", "Agencies audit far off", plusDays(-1), plusDays(60)));
    assert.ok(s11.returns.every((x) => x.no_dsl === false));
    assert.equal(s11.counts.no_dsl, 0);
  });

  test("the page shows the tag and who can add one", async () => {
    const id = await openCycle("section175", "Schools audit for the page", plusDays(61), plusDays(120));
    disable("dsl@demo.haven.example");
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const page = await b.request(`/quality-assurance/cycles/${id}`);
    disable("dsl@demo.haven.example", false);
    assert.equal(page.status, 200);
    const row = (slug) => {
      const name = agencyName(slug).replace(/&/g, "&amp;").replace(/'/g, "&#39;");
      const at = page.text.indexOf(name);
      assert.ok(at > 0, slug);
      return page.text.slice(at, page.text.indexOf("</tr>", at));
    };
    assert.match(row("brookfield-primary"), /<strong class="govuk-tag govuk-tag--red">No designated safeguarding lead on Haven<\/strong><\/p>\s*<p class="govuk-body-s[^"]*">Its agency administrator adds one\.<\/p>/);
    assert.match(row("seafront-primary"), /No designated safeguarding lead on Haven<\/strong><\/p>\s*<p class="govuk-body-s[^"]*">No agency administrator either: Haven's administrator adds one\.<\/p>/);
    assert.doesNotMatch(row("larkhill-academy"), /No designated safeguarding lead/);
    assert.match(page.text, /Schools and colleges with no designated safeguarding lead on Haven, marked below: <strong>\d+<\/strong>/);
  });

  test("the reminder to its agency administrator says so; a school with nobody is told to the partnership team once per cycle", async () => {
    sql("DELETE FROM mail_outbox");
    disable("dsl@demo.haven.example");
    try {
      const soon = await openCycle("section175", "Schools audit due soon", plusDays(-10), plusDays(1));
      const overdue = await openCycle("section175", "Schools audit overdue", plusDays(-40), plusDays(-11));
      await until("the emails", () => mails().filter((m) => m.subject === TOLD).length > 0 &&
        mails().filter((m) => m.to_ === "agencyadmin@demo.haven.example").length >= 2);
      await sleep(2500); // two more runs of the job: nobody is told twice
      const sent = mails();
      const toAdmin = sent.filter((m) => m.to_ === "agencyadmin@demo.haven.example");
      assert.equal(toAdmin.length, 2, "the reminder and the chase");
      for (const m of toAdmin)
        assert.match(m.body, /Only a designated safeguarding lead can score and submit this audit, and\nyour school or college has none on Haven\. Its agency administrator can add\none in Haven/);
      // Larkhill's DSL is there: no such words
      const toDsl2 = sent.filter((m) => m.to_ === "dsl2@demo.haven.example");
      assert.equal(toDsl2.length, 2);
      assert.ok(toDsl2.every((m) => !/has none on Haven/.test(m.body)));
      assert.ok(!sent.some((m) => m.to_ === "dsl@demo.haven.example"), "a disabled account gets nothing");

      const team = sql("SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'partnership'" +
        " AND u.disabled_at IS NULL ORDER BY u.id").split("\n").filter(Boolean);
      assert.ok(team.length > 0);
      const told = sent.filter((m) => m.subject === TOLD);
      assert.deepEqual(told.map((m) => m.to_).sort(), [...team, ...team].sort(), "each of the team, once for each cycle");
      for (const cycle of [soon, overdue]) {
        const about = told.filter((m) => m.body.includes(`/quality-assurance/cycles/${cycle}\n`));
        assert.equal(about.length, team.length, `cycle ${cycle}`);
      }
      // fixed words: no school and no person named
      const names = sql("SELECT name FROM agencies WHERE type IN ('school', 'college')").split("\n").filter(Boolean);
      assert.ok(told.every((m) => names.every((n) => !m.body.includes(n)) && !/@/.test(m.body)));
      assert.equal(sql(`SELECT count(*) FROM qa_cycle_no_lead_told WHERE cycle_id IN (${soon}, ${overdue})`), "2");
    } finally {
      disable("dsl@demo.haven.example", false);
    }
  });
});
