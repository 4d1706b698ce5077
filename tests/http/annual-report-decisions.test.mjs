// The levels-of-need decisions and the impact measures in the scrutineer's
// dashboard and the annual report (issue 20). Decisions: the decisions practitioners record with the tool in the
// year, by the child's local authority and the level chosen, counted by the
// threshold area's one tally and suppressed as counts of children ("fewer
// than 5", and "not shown" where a total would give one away), in the
// report's JSON, HTML, XLSX and Easy Read, for the partnership and the
// scrutineer only.
//
// Impact measures: outcomes the data holds, each counted by its owning area
// in its own section, with a line saying what it means; here re-referrals,
// requests for support for a child who had one in the 12 months before.
//
// The decisions and requests are made through the API and then dated in
// 2019-20, which holds no demo data: they are all the year counts.

import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { apiClient, sqlText } from "../lib/api.mjs";
import { havenBin, runHaven, startHaven } from "../lib/haven.mjs";
import { readXlsx } from "../lib/xlsx.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);

const SECTION = "Levels of need: decisions";
const CAPTION = "Levels-of-need decisions, by local authority and level";
const LEVELS = ["Level 1: Universal", "Level 2: Universal Plus", "Level 3: Intensive Support", "Level 4: Specialist Support"];

/** Records `n` decisions at `level` for a child of local authority `la` with the tool's API, dated in 2019-20. */
async function decide(la, level, n) {
  for (let i = 0; i < n; i++) {
    const body = { age_band: "5-11", la_code: la, indicators: ["education-attendance-falling"], chosen_level: level };
    if (level !== 2) body.chosen_reason = "The practitioner knows more than the ticks say.";
    const r = await post("practitioner", "/api/v1/threshold/assessments", body);
    assert.equal(r.status, 201, r.text);
    sql(`UPDATE threshold_assessments SET created_at = '2019-10-0${(i % 9) + 1}T10:00:00.000Z' WHERE id = ${r.body.id}`);
  }
}

/** The local authority of `code`'s name. */
const laName = (code) => sql(`SELECT name FROM local_authorities WHERE code = ${code}`).trim();

/** A request for support for Alex Example (demo child 1, Blackburn with Darwen) received at `at`. */
async function request(at) {
  const decision = await post("practitioner", "/api/v1/threshold/assessments", {
    age_band: "5-11",
    la_code: 889,
    indicators: ["health-unexplained-injury", "basic-care-severe-neglect"],
    chosen_level: 4,
  });
  assert.equal(decision.status, 201, decision.text);
  const r = await post("practitioner", "/api/v1/support-requests", {
    assessment: decision.body.id,
    child: "existing",
    child_id: 1,
    concerns: "Fictional concerns for the tests.",
    family_knows: true,
    family_consents: true,
    referrer_phone: "01632 960 001",
    referrer_email: "priya.practitioner@example.org",
  });
  assert.equal(r.status, 201, r.text);
  sql(`UPDATE support_requests SET received_at = '${at}' WHERE id = ${r.body.id}`);
}

before(async () => {
  haven = await startHaven();
  // Alex: a request in March 2018, then six in 2019-20: the first of those 14 months after it (not a
  // re-referral), each of the other five within 12 months of the one before
  for (const at of ["2018-03-01", "2019-05-01", "2019-06-01", "2019-07-01", "2019-08-01", "2019-09-01", "2019-10-01"])
    await request(`${at}T09:00:00Z`);
  // 888: 6 at level 1, 5 at level 2, 3 at level 3; 889: 5 at level 1, 7 at level 2; 890: none
  await decide(888, 1, 6);
  await decide(888, 2, 5);
  await decide(888, 3, 3);
  await decide(889, 1, 5);
  await decide(889, 2, 7);
  // one at 00:30 on 1 April 2020 in England (British Summer Time), still 31 March in UTC: the next year's
  await decide(890, 4, 1);
  sql(`UPDATE threshold_assessments SET created_at = '2020-03-31T23:30:00.000Z' WHERE id = (SELECT max(id) FROM threshold_assessments)`);
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/*
 * What is published for the year (core/suppress.h's rule, unit-tested in
 * tests/unit/test_suppress.c). The 3 at level 3 in 888 is "fewer than 5",
 * and so is its column's total, 3. So that no line with a total has a lone
 * hidden count: 888's 5 at level 2 is hidden for 888's total 14, 889's 7 for
 * level 2's total 12, 889's 5 at level 1 for 889's total 12, and level 1's
 * total 11 for the totals row's 26. 888's 6 at level 1 stands: its column
 * hides two counts (889's 5 and the 11).
 */
const EXPECTED = () => [
  [laName(888), "6", "not shown", "fewer than 5", "0", "14"],
  [laName(889), "not shown", "not shown", "0", "0", "12"],
  [laName(890), "0", "0", "0", "0", "0"],
  ["Total", "not shown", "12", "fewer than 5", "0", "26"],
].sort((a, b) => (a[0] === "Total" ? 1 : b[0] === "Total" ? -1 : a[0].localeCompare(b[0])));

const report = (more = []) => runHaven(["report", "annual", "--db", haven.dbPath, "--year", "2019-20", ...more]);

/** The rows of the table of `caption` in a report's HTML, header first: [[cell, ...]]. */
function rowsOf(html, caption) {
  const at = html.indexOf(`${caption}</caption>`);
  assert.ok(at >= 0, `a table "${caption}"`);
  const body = html.slice(at, html.indexOf("</table>", at));
  return [...body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((c) => c[1]));
}

/** A published row as the page shows it: its label and each cell's words. */
const shownRow = (label, row) => [label, ...row.cells.map((c) => c.shown), row.total.shown];

describe("levels-of-need decisions in the annual report", () => {
  test("the JSON: by local authority and level, small counts of children hidden and their numbers left out", async () => {
    const res = await call("partnership", "/api/v1/reports/annual?year=2019-20");
    assert.equal(res.status, 200, res.text);
    const titles = res.body.sections.map((s) => s.title);
    // beside the front door's requests for support, which it comes after
    assert.equal(titles.indexOf(SECTION), titles.indexOf("Levels of need: requests for support") + 1, titles.join(" | "));
    const table = res.body.sections.find((s) => s.title === SECTION).tables[0];
    assert.equal(table.caption, CAPTION);
    assert.deepEqual(table.columns, LEVELS);
    assert.equal(table.counts, "people");
    const rows = [...table.rows.map((r) => shownRow(r.label, r)), shownRow("Total", table.totals)];
    assert.deepEqual(rows, EXPECTED());
    const lancs = table.rows.find((r) => r.label === laName(888));
    assert.deepEqual(lancs.cells[2], { count: null, shown: "fewer than 5", suppressed: true });
    assert.deepEqual(lancs.cells[1], { count: null, shown: "not shown", suppressed: true });
    assert.deepEqual(table.totals.total, { count: 26, shown: "26", suppressed: false });
    assert.doesNotMatch(JSON.stringify(table), /"count":\s*(3|5|7|11)[,}]/, "no hidden number anywhere in the answer");
  });

  test("the HTML report, its XLSX sheet and Easy Read carry the same words", () => {
    const html = report();
    assert.equal(html.status, 0, html.stderr);
    const rows = rowsOf(html.stdout, CAPTION);
    assert.deepEqual(rows[0], ["Local authority", ...LEVELS, "Total"]);
    assert.deepEqual(rows.slice(1), EXPECTED());
    assert.match(html.stdout, new RegExp(`<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+"[\\s\\S]*?${CAPTION}`), "a chart beside the table");

    const xlsx = spawnSync(havenBin(), ["report", "annual", "--db", haven.dbPath, "--year", "2019-20", "--format", "xlsx"]);
    assert.equal(xlsx.status, 0, xlsx.stderr.toString());
    const sheets = readXlsx(xlsx.stdout);
    const named = sheets[0].rows.find((row) => row[1] === CAPTION);
    assert.ok(named, "the contents name the table's sheet");
    const sheet = sheets.find((s) => s.name === named[0]);
    assert.deepEqual(sheet.rows[0], ["Local authority", ...LEVELS, "Total"]);
    // a hidden count is its words in the workbook too, a shown one a number
    assert.deepEqual(
      sheet.rows.slice(1).map((row) => row.map((c) => (typeof c === "number" ? String(c) : c))),
      EXPECTED(),
    );

    const easy = report(["--easy-read"]);
    assert.equal(easy.status, 0, easy.stderr);
    const at = easy.stdout.indexOf("How much help a child needs</h2>");
    assert.ok(at >= 0, "its own Easy Read heading");
    const part = easy.stdout.slice(at, easy.stdout.indexOf("</section>", at));
    assert.match(part, /People who work with children decide how much help a child needs\./);
    assert.match(part, /<path d="M6 58h52"\/>/, "with its picture");
    assert.match(part, /<strong class="haven-easy-read__number">26<\/strong><\/p><p class="govuk-body">Decisions about how much help a child needs</, "the grand total, in plain words");
  });

  test("the scrutineer's dashboard shows the same; only the partnership and the scrutineer see it", async () => {
    const report = (await call("scrutineer", "/api/v1/reports/annual?year=2019-20")).body;
    const dashboard = await call("scrutineer", "/api/v1/scrutiny?from=2019-04-01&to=2020-03-31");
    assert.equal(dashboard.status, 200, dashboard.text);
    const section = (body) => body.sections.find((s) => s.title === SECTION);
    assert.deepEqual(section(dashboard.body).tables[0].rows, section(report).tables[0].rows);
    const page = await call("scrutineer", "/scrutiny?from=2019-04-01&to=2020-03-31");
    assert.deepEqual(rowsOf(page.text, CAPTION).slice(1), EXPECTED());
    // the day after the year is the next year's
    const next = await call("scrutineer", "/api/v1/scrutiny?from=2020-04-01&to=2021-03-31");
    assert.deepEqual(section(next.body).tables[0].totals.total, { count: null, shown: "fewer than 5", suppressed: true });
    for (const who of ["dsl", "practitioner", "police", "admin"]) assert.equal((await call(who, "/api/v1/scrutiny")).status, 403, who);
  });
});

describe("impact measures", () => {
  const REREFERRALS = "Re-referrals: requests for support, by local authority";

  test("re-referrals within 12 months: in the JSON, the HTML with what they mean, and the XLSX", async () => {
    const res = await call("scrutineer", "/api/v1/reports/annual?year=2019-20");
    const section = res.body.sections.find((s) => s.title === "Levels of need: requests for support");
    const table = section.tables.find((t) => t.caption === REREFERRALS);
    assert.deepEqual(table.columns, ["Within 12 months of an earlier request", "No request in the 12 months before"]);
    // Blackburn with Darwen: 5 re-referrals and 1 not, of 6; the 1 is "fewer than 5" and the 5 would give it away;
    // with the 5 hidden ("not shown" is 5 or more) the 6 would still make the 1 exactly 1, so the total goes too
    const bwd = ["not shown", "fewer than 5", "not shown"];
    assert.deepEqual(
      [...table.rows.map((r) => shownRow(r.label, r)), shownRow("Total", table.totals)],
      [[laName(889), ...bwd], [laName(890), "0", "0", "0"], [laName(888), "0", "0", "0"], ["Total", ...bwd]].sort((a, b) =>
        a[0] === "Total" ? 1 : b[0] === "Total" ? -1 : a[0].localeCompare(b[0]),
      ),
    );
    // the first table counts the same six received, so it hides them too, and their column's total: showing
    // the 6 there (as it did when each table was settled alone) gave the 1 away, 6 less 5 or more
    const REQUESTS = "Requests for support, by local authority";
    const first = section.tables.find((t) => t.caption === REQUESTS);
    const hidden = { count: null, shown: "not shown", suppressed: true };
    assert.deepEqual(first.rows.find((r) => r.label === laName(889)).cells[0], hidden);
    assert.deepEqual(first.totals.cells[0], hidden);
    assert.match(table.definition, /^Requests for support received in the period for a child who had another request received in the 12 months before it/);
    // the measures a section holds, each with its definition; the training and plans sections have theirs
    assert.deepEqual(section.measures, [{ label: REREFERRALS, definition: table.definition }]);
    const measured = res.body.sections.filter((s) => s.has_measures).map((s) => s.title);
    for (const t of ["Levels of need: requests for support", "Multi-agency training", "Action plans"]) assert.ok(measured.includes(t), `${t} in ${measured}`);

    const html = report();
    assert.equal(html.status, 0, html.stderr);
    assert.deepEqual(rowsOf(html.stdout, REREFERRALS).slice(1)[0], [laName(889), ...bwd]);
    assert.equal(rowsOf(html.stdout, REQUESTS).find((r) => r[0] === laName(889))[1], "not shown");
    assert.match(html.stdout, new RegExp(`<dt class="govuk-summary-list__key">${REREFERRALS}</dt>\\s*<dd class="govuk-summary-list__value">Requests for support received in the period for a child who had another request`));

    const xlsx = spawnSync(havenBin(), ["report", "annual", "--db", haven.dbPath, "--year", "2019-20", "--format", "xlsx"]);
    const sheets = readXlsx(xlsx.stdout);
    const impact = sheets.find((x) => x.name === "Impact measures");
    assert.ok(impact, sheets.map((x) => x.name).join(", "));
    assert.deepEqual(impact.rows[0], ["Section", "Measure", "What it means"]);
    assert.deepEqual(impact.rows.find((r) => r[1] === REREFERRALS), ["Levels of need: requests for support", REREFERRALS, table.definition]);
    assert.ok(impact.rows.some((r) => r[1] === "Actions done with their impact recorded"));
    assert.ok(sheets[0].rows.some((r) => r[0] === "Impact measures"), "named in the contents");
  });

  test("the dashboard shows each measure with what it means, in its own area's section", async () => {
    const page = await call("scrutineer", "/scrutiny?from=2019-04-01&to=2020-03-31");
    assert.equal(page.status, 200);
    assert.deepEqual(rowsOf(page.text, REREFERRALS).slice(1)[0], [laName(889), "not shown", "fewer than 5", "not shown"]);
    // and the requests received there, the same count, are hidden on the same page
    assert.equal(rowsOf(page.text, "Requests for support, by local authority").find((r) => r[0] === laName(889))[1], "not shown");
    assert.match(page.text, /<dt class="govuk-summary-list__key">Actions done with their impact recorded<\/dt>/);
  });
});
