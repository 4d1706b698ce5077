// The annual report (issue 20, first part): `haven report annual --db PATH
// --year 2020-21` and /reports/annual for the partnership and the
// scrutineer (everyone else reads the published years only:
// annual-report-published.test.mjs), for the April-to-March year: every area's figures as their own
// figures pages count them, small numbers of people as "fewer than 5", the
// partnership's own activities as they are; the same data gives the same
// bytes; bad years are refused naming the option or field.
//
// 2019-20 holds no demo data: the serious incidents the test adds there are
// all the report counts.

import { after, before, describe, test } from "node:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { spawnSync } from "node:child_process";
import { REPO_ROOT, assertUsageError, havenBin, runHaven, startHaven } from "../lib/haven.mjs";
import { readXlsx } from "../lib/xlsx.mjs";

let haven;
const { call, request, token } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/** Adds `n` serious incidents notified in 2019-20, each with a rapid review meeting, the first `published` with a published CSPR. */
function addCases(n, published, first) {
  for (let i = 0; i < n; i++) {
    const k = first + i;
    const cspr = i < published ? "'2019-09-01', '2020-02-01'" : "NULL, NULL";
    sql(
      `INSERT INTO review_cases (reference, child_pseudonym, la_code, harm, circumstances, aware_on, panel_notified_on, rapid_review_on, cspr_commissioned_on, cspr_published_on, created_at)` +
        ` VALUES ('SI-2019-${k}', 'Child ${k}', (SELECT min(code) FROM local_authorities), 'death', 'Fictional.', '2019-06-03', '2019-06-07', '2019-06-20', ${cspr}, '2019-06-03T09:00:00Z')`,
    );
  }
}

const report = (year = "2019-20", more = []) => runHaven(["report", "annual", "--db", haven.dbPath, "--year", year, ...more]);

/** The report as an XLSX workbook from the command: its bytes. */
function workbook(year) {
  const r = spawnSync(havenBin(), ["report", "annual", "--db", haven.dbPath, "--year", year, "--format", "xlsx"]);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.equal(r.stderr.length, 0);
  return r.stdout;
}

/** Every row of the table of `caption` (a table of counts) in a report's HTML, its header row first: [[cell, ...]]. */
function rowsOf(html, caption) {
  const at = html.indexOf(`${caption}</caption>`);
  assert.ok(at >= 0, `a table "${caption}"`);
  const body = html.slice(at, html.indexOf("</table>", at));
  return [...body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((c) => c[1]));
}

/** A workbook's cell as the report's HTML writes it: a number with thousands separated, words as they are. */
const asShown = (cell) => (typeof cell === "number" ? cell.toLocaleString("en-GB") : cell);

/** The table of `caption` in a report's HTML: [[label, shown]]. */
function table(html, caption) {
  const at = html.indexOf(`<caption class="govuk-table__caption govuk-table__caption--m">${caption}</caption>`);
  assert.ok(at >= 0, `a table "${caption}"`);
  const body = html.slice(at, html.indexOf("</table>", at));
  return [...body.matchAll(/<th scope="row" class="govuk-table__header">([^<]*)<\/th>\s*<td[^>]*>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
}

describe("the annual report", () => {
  test("the year's figures, with small numbers of children suppressed and activities shown as they are", () => {
    addCases(3, 1, 1);
    const r = report();
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^<!DOCTYPE html>/);
    // whose report it is, on its first page and in its title (read from a file or a printout)
    assert.match(r.stdout, /<title>Children&#39;s Safeguarding Assurance Partnership \(demo\): Annual report 2019-20 – Haven<\/title>/);
    assert.match(r.stdout, /govuk-caption-xl">Children&#39;s Safeguarding Assurance Partnership \(demo\)<\/span>\s*<h1[^>]*>Annual report 2019-20</);
    assert.match(r.stdout, /From 1 April 2019 to 31 March 2020\./);
    assert.deepEqual(table(r.stdout, "Serious incidents and reviews").slice(0, 4), [
      ["Serious incidents notified to the national panel", "fewer than 5"],
      // a rapid review and a practice review are each of one child's case: counts of children, so a "1"
      // beside the notifications would no longer say how many children the hidden count is
      ["Rapid review meetings", "fewer than 5"],
      ["Local child safeguarding practice reviews commissioned", "fewer than 5"],
      ["Local child safeguarding practice reviews published", "fewer than 5"],
    ]);
    assert.deepEqual(table(r.stdout, "Multi-agency training").slice(0, 1), [["Training sessions held", "0"]]);
    assert.doesNotMatch(r.stdout, /<script/i, "a document with no script");
  });

  test("the children notified by area and harm: small counts hidden, and what a total would reveal 'not shown'", async () => {
    // 2018-19: Blackburn with Darwen 7 seriously harmed, Blackpool 6 who died, Lancashire 3 who died
    const add = (la, harm, n, first) => {
      for (let i = 0; i < n; i++)
        sql(
          `INSERT INTO review_cases (reference, child_pseudonym, la_code, harm, circumstances, aware_on, panel_notified_on, created_at)` +
            ` VALUES ('SI-2018-${first + i}', 'Child ${first + i}', (SELECT code FROM local_authorities WHERE name LIKE '${la}%'), '${harm}', 'Fictional.', '2018-05-01', '2018-05-04', '2018-05-01T09:00:00Z')`,
        );
    };
    add("Blackburn", "serious_harm", 7, 1);
    add("Blackpool", "death", 6, 20);
    add("Lancashire", "death", 3, 40);
    const r = report("2018-19");
    assert.equal(r.status, 0, r.stderr);
    const caption = '<caption class="govuk-table__caption govuk-table__caption--s">Serious incidents notified, by local authority</caption>';
    const at = r.stdout.indexOf(caption);
    assert.ok(at >= 0, "the table is in the report");
    const body = r.stdout.slice(at, r.stdout.indexOf("</table>", at));
    const rows = [...body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
      .map((m) => [...m[1].matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((c) => c[1]))
      .filter((cells) => cells[0] !== "Local authority");
    assert.deepEqual(rows.map((cells) => [cells[0].replace(/ .*/, ""), ...cells.slice(1)]), [
      ["Blackburn", "0", "7", "7"],
      // the 6 alone would give the 3 away through the column's total 9: hidden, but not "fewer than 5"
      ["Blackpool", "not shown", "0", "not shown"],
      ["Lancashire", "fewer than 5", "0", "fewer than 5"],
      ["Total", "9", "7", "16"],
    ]);
    // the API leaves the hidden numbers out too
    const api = await call("scrutineer", "/api/v1/reports/annual?year=2018-19");
    const table = api.body.sections.find((x) => x.title === "Serious incidents and reviews").tables[0];
    assert.deepEqual(table.rows.find((row) => row.label.startsWith("Lancashire")).cells[0], { count: null, shown: "fewer than 5", suppressed: true });
    assert.deepEqual(table.rows.find((row) => row.label.startsWith("Blackpool")).total, { count: null, shown: "not shown", suppressed: true });
    assert.doesNotMatch(JSON.stringify(api.body), /"count":\s*[36][,}]/, "no 3 or 6 anywhere in the answer");
  });

  test("the same data gives the same bytes; new data changes them", () => {
    const first = report();
    const second = report();
    assert.equal(first.status, 0);
    assert.ok(first.stdout === second.stdout, "byte-identical");
    addCases(2, 0, 4);
    const third = report();
    assert.notEqual(third.stdout, first.stdout);
    assert.deepEqual(table(third.stdout, "Serious incidents and reviews")[0], ["Serious incidents notified to the national panel", "5"]);
  });

  test("the page and its API give the same figures as the command", async () => {
    const html = report().stdout;
    for (const who of ["partnership", "scrutineer"]) {
      const res = await call(who, "/api/v1/reports/annual?year=2019-20");
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.from, "2019-04-01");
      assert.equal(res.body.to, "2020-03-31");
      const reviews = res.body.sections.find((s) => s.title === "Serious incidents and reviews");
      assert.deepEqual(
        reviews.figures.map((f) => [f.label, f.shown]),
        table(html, "Serious incidents and reviews"),
      );
    }
    const page = await call("scrutineer", "/reports/annual?year=2019-20");
    assert.equal(page.status, 200);
    assert.match(page.text, /Annual report 2019-20/);
    // the others read only the published years (annual-report-published.test.mjs); the administrator none
    assert.equal((await call("admin", "/api/v1/reports/annual")).status, 403);
    for (const who of ["dsl", "practitioner", "police"]) assert.equal((await call(who, "/api/v1/reports/annual?year=2019-20")).status, 404, who);
    // without a year, the last year that has ended
    const last = await call("partnership", "/api/v1/reports/annual");
    assert.equal(last.status, 200);
    assert.match(last.body.year, /^\d{4}-\d{2}$/);
    assert.ok(last.body.to < new Date().toISOString().slice(0, 10), "a year already ended");
  });

  test("bad years and formats are refused, naming them", async () => {
    for (const year of ["2020", "2020-22", "2020/21", "20-21", "2020-21x"]) {
      const res = await call("partnership", `/api/v1/reports/annual?year=${encodeURIComponent(year)}`);
      assert.equal(res.status, 400, `${year}: ${res.text}`);
      assert.deepEqual(errorFields(res.body), ["year"]);
      // one message however it is wrong, too long included
      assert.match(res.body.errors[0].detail, /^Give the year as its two parts, like 2020-21 /, year);
      assertUsageError(report(year), /--year .*like 2020-21/);
    }
    assertUsageError(report("2019-20", ["--format", "docx"]), /--format docx: .*html, pdf or xlsx/);
    assertUsageError(report("2019-20", ["--format", "xlsx", "--easy-read"]), /--easy-read: .*html or pdf/);
    assertUsageError(runHaven(["report", "annual", "--db", haven.dbPath]), /--year/);
    const page = await call("partnership", "/reports/annual?year=2020-22");
    assert.equal(page.status, 400);
    assert.match(page.text, /There is a problem/);
    assert.match(page.text, /like 2020-21/);
  });

  test("as a spreadsheet: a sheet for each table, the same words for small numbers, the same bytes each time", () => {
    const first = workbook("2018-19");
    const second = workbook("2018-19");
    assert.ok(first.subarray(0, 4).equals(Buffer.from("PK\x03\x04")), "an XLSX file (a zip)");
    assert.ok(first.equals(second), "byte-identical for the same data");
    // the workbook says it was made when the year ended, not when it was run
    const sheets = readXlsx(first);
    const html = report("2018-19").stdout;
    assert.equal(sheets[0].name, "Contents");
    const contents = sheets[0].rows;
    assert.deepEqual(contents[0], ["Sheet", "What it holds"]);
    assert.deepEqual(contents.slice(1, -1).map((row) => row[0]), sheets.slice(1).map((sheet) => sheet.name), "the contents name every sheet");
    assert.match(contents.at(-1)[1], /shown as "fewer than 5"/);
    const titled = Object.fromEntries(contents.slice(1, -1).map(([name, title]) => [title, sheets.find((x) => x.name === name)]));
    // each sheet holds its table as the report's HTML shows it: a hidden count is its words, never its number
    for (const title of ["Serious incidents and reviews", "Multi-agency training"]) {
      assert.ok(titled[title], `a sheet for "${title}"`);
      assert.deepEqual(titled[title].rows.slice(1).map((row) => row.map(asShown)), table(html, title), title);
    }
    const byArea = titled["Serious incidents notified, by local authority"];
    assert.equal(byArea.name, "Serious incidents notified", "a name Excel allows (31 characters), cut at a word");
    assert.deepEqual(byArea.rows.map((row) => row.map(asShown)), rowsOf(html, "Serious incidents notified, by local authority"));
    assert.deepEqual(byArea.rows.find((row) => row[0].startsWith("Lancashire")), [byArea.rows.find((row) => row[0].startsWith("Lancashire"))[0], "fewer than 5", 0, "fewer than 5"]);
    assert.ok(!JSON.stringify(byArea.rows).match(/[^\d]3[^\d]|[^\d]6[^\d]/), "no 3 or 6 in the sheet");
    // new data changes the workbook
    sql("INSERT INTO review_cases (reference, child_pseudonym, la_code, harm, circumstances, aware_on, panel_notified_on, created_at) VALUES ('SI-2018-99', 'Child 99', (SELECT min(code) FROM local_authorities), 'death', 'Fictional.', '2018-05-01', '2018-05-04', '2018-05-01T09:00:00Z')");
    assert.ok(!workbook("2018-19").equals(first));
  });

  test("the page links the spreadsheet, which is the command's, for the partnership and the scrutineer (a year not published)", async () => {
    const page = await call("partnership", "/reports/annual?year=2019-20");
    assert.match(page.text, /<a class="govuk-link" href="\/reports\/annual\.xlsx\?year=2019-20" download>Download this report as a spreadsheet \(XLSX\)<\/a>/);
    assert.doesNotMatch(report("2019-20").stdout, /annual\.xlsx/, "the standalone document has no link back to Haven");
    for (const who of ["partnership", "scrutineer"]) {
      const res = await request("/reports/annual.xlsx?year=2019-20", { token: await token(who) });
      assert.equal(res.status, 200, who);
      assert.equal(res.headers.get("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      assert.equal(res.headers.get("content-disposition"), 'attachment; filename="haven-annual-report-2019-20.xlsx"');
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(workbook("2019-20")), "the same bytes as the command's");
    }
    const bad = await call("partnership", "/reports/annual.xlsx?year=2019-21");
    assert.equal(bad.status, 400);
    assert.deepEqual(errorFields(bad.body), ["year"]);
    // 2019-20 is not published (no statement): told so; the administrator reads no report
    assert.equal((await call("admin", "/reports/annual.xlsx?year=2019-20")).status, 403);
    for (const who of ["dsl", "practitioner", "police", "idva"]) assert.equal((await call(who, "/reports/annual.xlsx?year=2019-20")).status, 404, who);
  });

  test("a chart beside each table by area: a bar per row, none for a hidden count, the HTML the same each time", () => {
    const html = report("2018-19").stdout;
    const caption = "Serious incidents notified, by local authority";
    // a chart's id is its section's and table's place in the report ("chart-2-1"), unique in it
    const titled = html.match(new RegExp(`<title id="(chart-\\d+-\\d+)-title">${caption}</title>`));
    assert.ok(titled, "a chart titled as its table");
    const [id, at] = [titled[1], titled.index];
    const svg = html.slice(html.lastIndexOf("<svg", at), html.indexOf("</svg>", at));
    assert.ok(svg.startsWith(`<svg class="haven-chart" role="img" aria-labelledby="${id}-title ${id}-desc"`), svg.slice(0, 120));
    assert.match(svg, new RegExp(`<desc id="${id}-desc">A bar`));
    assert.match(svg, /A bar for each row of the table &quot;Serious incidents notified, by local authority&quot;, as long as its total\./);
    assert.ok(html.indexOf(`${caption}</caption>`) > at, "above its table");
    const bars = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"[^>]*><\/rect>\s*<text [^>]*>([^<]*)<\/text>/g)].map((m) => [Number(m[1]) > 0, m[2]]);
    // Blackburn with Darwen's 7, then the two hidden counts: their words and no bar
    assert.deepEqual(bars, [[true, "7"], [false, "not shown"], [false, "fewer than 5"]]);
    assert.ok(html === report("2018-19").stdout, "byte-identical");
  });

  test("the seeded 2020-21 data set gives the figures the partnership published that year", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "haven-report-"));
    try {
      const db = path.join(dir, "haven.db");
      assert.equal(runHaven(["init", "--db", db]).status, 0);
      sqlText(db, readFileSync(path.join(REPO_ROOT, "tests/http/data/annual-report-2020-21.sql"), "utf8"));
      const r = runHaven(["report", "annual", "--db", db, "--year", "2020-21"]);
      assert.equal(r.status, 0, r.stderr);
      const reviews = Object.fromEntries(table(r.stdout, "Serious incidents and reviews"));
      assert.equal(reviews["Rapid review meetings"], "13");
      assert.equal(reviews["Local child safeguarding practice reviews commissioned"], "5");
      // the partnership published "1": a review is of one child's case, so Haven hides it
      assert.equal(reviews["Local child safeguarding practice reviews published"], "fewer than 5");
      assert.equal(reviews["Local child safeguarding practice reviews ongoing"], "11");
      assert.equal(reviews["Serious incidents notified to the national panel"], "13");
      const training = Object.fromEntries(table(r.stdout, "Multi-agency training"));
      assert.equal(training["Practitioners trained"], "1,108");
      assert.equal(training["Training sessions held"], "40");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
