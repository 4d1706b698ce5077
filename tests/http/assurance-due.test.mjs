// When each agency's next quality assurance return is due
// (src/areas/assurance: GET /api/v1/qa/cycles's audits_due, and the cycles
// page): Section 11 two years after the agency's last submitted return,
// Section 175/157 one year after a school's or college's; an agency never
// audited is due now; overdue ones first, counted by kind, and the list can
// be narrowed to them. Read by the partnership and the scrutineer only.
//
// Returns are given chosen submission dates with SQL (the demo's Section 11
// returns moved, a past schools' cycle added), so the due dates do not wait
// on the calendar.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, plusDays, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call } = apiClient(() => haven);
const sql = (q) => sqlText(haven.dbPath, q);
const lines = (q) => sql(q).split("\n").filter(Boolean);

/** `iso` plus `months` calendar months, the day kept or the month's last day (calendar_add_months). */
function addMonths(iso, months) {
  const [y, m, d] = iso.split("-").map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12), month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const two = (v) => String(v).padStart(2, "0");
  return `${year}-${two(month)}-${two(Math.min(d, last))}`;
}

const ELIGIBLE11 = "type NOT IN ('school', 'college', 'early_years', 'partnership')";
const ELIGIBLE175 = "type IN ('school', 'college')";
// agencies with no submitted return of a kind (the demo's own cycles have some)
const unaudited = (kind, eligible) =>
  lines(`SELECT id FROM agencies WHERE ${eligible} AND id NOT IN (SELECT r.agency_id FROM qa_returns r` +
    ` JOIN qa_cycles c ON c.id = r.cycle_id JOIN qa_standard_sets s ON s.id = c.standard_set_id` +
    ` WHERE s.kind = '${kind}' AND r.submitted_on IS NOT NULL) ORDER BY id`).map(Number);

// the demo's schools' cycle, open now, its return date to come (src/areas/assurance/demo.sql)
const OPEN175 = "'Schools'' safeguarding audit 2026-27 (demo)'";
let recent11, old11, never11, recent175, old175;
const dates = {};

before(async () => {
  haven = await startHaven();
  // the demo's Section 11 returns were all submitted in March 2025; three agencies' are moved (one never
  // submitted), and two schools, which the demo has not audited, get a return in a past cycle
  const all11 = lines(`SELECT id FROM agencies WHERE ${ELIGIBLE11} ORDER BY id`).map(Number);
  const free175 = unaudited("section175", ELIGIBLE175);
  assert.ok(all11.length >= 3 && free175.length >= 2, "the demo has the agencies");
  [recent11, old11, never11] = all11;
  [recent175, old175] = free175;
  dates.recent11 = plusDays(-700); // 23 months ago: due in about a month
  dates.old11 = plusDays(-760); // 25 months ago: overdue
  dates.recent175 = plusDays(-330);
  dates.old175 = plusDays(-400);
  const s11 = "cycle_id IN (SELECT c.id FROM qa_cycles c JOIN qa_standard_sets s ON s.id = c.standard_set_id WHERE s.kind = 'section11')";
  sql(`UPDATE qa_returns SET submitted_on = '${dates.recent11}' WHERE agency_id = ${recent11} AND ${s11}`);
  sql(`UPDATE qa_returns SET submitted_on = '${dates.old11}' WHERE agency_id = ${old11} AND ${s11}`);
  sql(`UPDATE qa_returns SET submitted_on = NULL, submitted_by = NULL WHERE agency_id = ${never11} AND ${s11}`);
  sql(`INSERT INTO qa_cycles (standard_set_id, title, opens_on, returns_due_on)` +
    ` SELECT max(id), 'Past schools cycle', '2020-01-01', '2020-03-01' FROM qa_standard_sets WHERE kind = 'section175'`);
  for (const [agency, on] of [[recent175, dates.recent175], [old175, dates.old175]])
    sql(`INSERT INTO qa_returns (cycle_id, agency_id, submitted_on) VALUES` +
      ` ((SELECT max(id) FROM qa_cycles), ${agency}, '${on}')`);
  // ...and no return in the demo's open schools' cycle, which would decide when theirs is due
  const inOpen = `SELECT r.id FROM qa_returns r JOIN qa_cycles c ON c.id = r.cycle_id` +
    ` WHERE c.title = ${OPEN175} AND r.agency_id IN (${recent175}, ${old175})`;
  for (const table of ["qa_scores", "qa_return_standards", "qa_return_emails", "qa_challenges", "qa_actions"])
    sql(`DELETE FROM ${table} WHERE return_id IN (${inOpen})`);
  sql(`DELETE FROM qa_returns WHERE id IN (${inOpen})`);
});
after(async () => {
  await haven?.stop();
});

describe("when each agency's next return is due", () => {
  test("every agency that returns, once per kind; due dates from the last return; never audited is due now", async () => {
    const r = await call("partnership", "/api/v1/qa/cycles");
    assert.equal(r.status, 200, r.text);
    const due = r.body.audits_due;
    const of = (agency, kind) => due.filter((d) => d.agency_id === agency && d.kind === kind);
    assert.equal(due.filter((d) => d.kind === "section11").length, Number(sql(`SELECT count(*) FROM agencies WHERE ${ELIGIBLE11}`)));
    assert.equal(due.filter((d) => d.kind === "section175").length, Number(sql(`SELECT count(*) FROM agencies WHERE ${ELIGIBLE175}`)));
    const early = lines("SELECT id FROM agencies WHERE type IN ('early_years', 'partnership')").map(Number);
    assert.ok(due.every((d) => !early.includes(d.agency_id)), "no early years setting or partnership");

    const [a] = of(recent11, "section11");
    assert.deepEqual([a.last_submitted_on, a.next_due_on, a.overdue], [dates.recent11, addMonths(dates.recent11, 24), false]);
    const [b] = of(old11, "section11");
    assert.deepEqual([b.last_submitted_on, b.next_due_on, b.overdue], [dates.old11, addMonths(dates.old11, 24), true]);
    // never submitted: its return in the demo's 2025 cycle, whose date has long passed, is overdue
    const [c] = of(never11, "section11");
    assert.deepEqual([c.last_submitted_on, c.next_due_on, c.overdue, c.cycle_title], [null, "2025-03-28", true, "Section 11 audit 2024-25 (demo)"]);
    const [d] = of(recent175, "section175");
    assert.deepEqual([d.next_due_on, d.overdue], [addMonths(dates.recent175, 12), false]);
    const [e] = of(old175, "section175");
    assert.deepEqual([e.next_due_on, e.overdue], [addMonths(dates.old175, 12), true]);
    assert.equal(e.kind_label, "Section 175/157 (schools and colleges)");

    // overdue first, never audited before the dated, then by due date
    const firstNotOverdue = due.findIndex((x) => !x.overdue);
    assert.ok(due.slice(firstNotOverdue).every((x) => !x.overdue));
    assert.ok(due.indexOf(c) < due.indexOf(b));
    assert.ok(due.indexOf(b) < due.indexOf(a));
    assert.deepEqual(r.body.overdue, {
      section11: due.filter((x) => x.kind === "section11" && x.overdue).length,
      section175: due.filter((x) => x.kind === "section175" && x.overdue).length,
    });
  });

  test("a school whose return an open cycle awaits is due on that cycle's date, not overdue; overdue once it has passed", async () => {
    const covered = unaudited("section175", ELIGIBLE175).find((id) => id !== recent175 && id !== old175);
    const [openId, openDue] = sql(`SELECT id || ',' || returns_due_on FROM qa_cycles WHERE title = ${OPEN175}`).split(",");
    assert.ok(openDue > plusDays(0), "the demo's cycle is open");
    let due = (await call("partnership", "/api/v1/qa/cycles")).body;
    let [row] = due.audits_due.filter((d) => d.agency_id === covered && d.kind === "section175");
    assert.deepEqual([row.last_submitted_on, row.next_due_on, row.overdue, row.due_status, row.status_label, row.cycle_id, row.cycle_title],
      [null, openDue, false, "due", "Due", Number(openId), "Schools' safeguarding audit 2026-27 (demo)"]);
    // no school the open cycle awaits is counted overdue, as the cycle's own count says (none yet)
    const cycle = due.cycles.find((c) => c.id === Number(openId));
    assert.equal(cycle.overdue, 0);
    assert.equal(due.overdue.section175, due.audits_due.filter((d) => d.kind === "section175" && d.overdue).length);
    assert.ok(due.audits_due.filter((d) => d.cycle_id === Number(openId)).every((d) => !d.overdue));
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const page = await b.request("/quality-assurance/cycles");
    assert.ok(page.text.includes(`(<a class="govuk-link" href="/quality-assurance/cycles/${openId}">Schools&#39; safeguarding audit 2026-27 (demo)</a>)`), page.text);
    assert.match(page.text, /<strong class="govuk-tag govuk-tag--blue">Due<\/strong>/);

    // the cycle's date passes with the return not in: overdue, on that date
    sql(`UPDATE qa_cycles SET returns_due_on = '${plusDays(-1)}' WHERE id = ${openId}`);
    try {
      due = (await call("partnership", "/api/v1/qa/cycles")).body;
      [row] = due.audits_due.filter((d) => d.agency_id === covered && d.kind === "section175");
      assert.deepEqual([row.next_due_on, row.overdue, row.status_label], [plusDays(-1), true, "Overdue"]);
    } finally {
      sql(`UPDATE qa_cycles SET returns_due_on = '${openDue}' WHERE id = ${openId}`);
    }
  });

  test("narrowed to those overdue; another choice is refused naming the field", async () => {
    const all = (await call("partnership", "/api/v1/qa/cycles")).body;
    const r = await call("partnership", "/api/v1/qa/cycles?show=overdue");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.show, "overdue");
    assert.ok(r.body.audits_due.length > 0 && r.body.audits_due.every((x) => x.overdue));
    assert.equal(r.body.audits_due.length, all.audits_due.filter((x) => x.overdue).length);
    assert.ok(!r.body.audits_due.some((x) => x.agency_id === recent11));
    assert.deepEqual(r.body.overdue, all.overdue, "the counts are of every agency");
    const bad = await call("partnership", "/api/v1/qa/cycles?show=late");
    assert.ok(bad.status === 400 || bad.status === 422, bad.text);
    assert.match(bad.text, /show/);
  });

  test("the partnership and the scrutineer read it; nobody else", async () => {
    assert.equal((await call("scrutineer", "/api/v1/qa/cycles")).status, 200);
    for (const who of ["practitioner", "dsl", "agencyadmin"])
      assert.equal((await call(who, "/api/v1/qa/cycles")).status, 403, who);
  });

  test("the page: overdue stands out as a tag; the filter keeps only the overdue", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const html = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
    const name = `<bdi>${html(sql(`SELECT name FROM agencies WHERE id = ${never11}`))}</bdi>`;
    let page = await b.request("/quality-assurance/cycles");
    assert.equal(page.status, 200);
    assert.match(page.text, /<strong class="govuk-tag govuk-tag--red">Overdue<\/strong>/);
    assert.ok(page.text.includes(name));
    const recentName = html(sql(`SELECT name FROM agencies WHERE id = ${recent11}`));
    page = await b.request("/quality-assurance/cycles?show=overdue");
    assert.equal(page.status, 200);
    assert.match(page.text, /id="show-overdue" name="show" type="radio" value="overdue" checked/);
    assert.ok(!page.text.includes(">Not due<"), "only the overdue");
    assert.ok(page.text.includes(name));
    assert.ok(!page.text.includes(`<bdi>${recentName}</bdi></td>\n      <td class="govuk-table__cell" data-label="Kind">Section 11`), "a return in the last two years is not overdue");
  });
});
