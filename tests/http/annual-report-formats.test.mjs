// The annual report's other forms and the scrutineer's statement (issue 20):
// the Independent Scrutineer writes, revises and publishes a statement for a
// year, which the report shows in its own section (and says plainly when
// there is none); only the scrutineer writes it, audited. The report as a PDF
// (WeasyPrint, from the same HTML with its print styles), its text extracted
// with pdftotext; and in Easy Read, with the same figures as the full report,
// the same words for small numbers, the scrutineer's statement in their own
// words, the same bytes each time. A year not ended has no statement: it
// would publish a report of a year not yet counted, for ever.
//
// 2019-20 holds no demo data: what the test adds there is all it counts.

import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { havenBin, runHaven, startHaven } from "../lib/haven.mjs";
import { migrateAgain } from "../lib/migrations.mjs";

let haven;
const { call, request, token } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);

before(async () => {
  haven = await startHaven();
  // three serious incidents in 2019-20 (a count of children: "fewer than 5"), each with a rapid review meeting
  for (let k = 1; k <= 3; k++)
    sql(
      `INSERT INTO review_cases (reference, child_pseudonym, la_code, harm, circumstances, aware_on, panel_notified_on, rapid_review_on, created_at)` +
        ` VALUES ('SI-2019-${k}', 'Child ${k}', (SELECT min(code) FROM local_authorities), 'death', 'Fictional.', '2019-06-03', '2019-06-07', '2019-06-20', '2019-06-03T09:00:00Z')`,
    );
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

const YEAR = "2019-20";
const html = (more = []) => runHaven(["report", "annual", "--db", haven.dbPath, "--year", YEAR, ...more]);

/** The command's output as bytes (a PDF). */
function bytes(more) {
  const r = spawnSync(havenBin(), ["report", "annual", "--db", haven.dbPath, "--year", YEAR, ...more], { timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr.toString());
  return r.stdout;
}

/** A PDF's text, as poppler's pdftotext reads it (in reading order, spaces collapsed). */
function pdfText(pdf) {
  assert.ok(pdf.subarray(0, 5).equals(Buffer.from("%PDF-")), "a PDF");
  const r = spawnSync("pdftotext", ["-", "-"], { input: pdf });
  assert.equal(r.status, 0, r.stderr.toString());
  return r.stdout.toString().replace(/\s+/g, " ");
}

/** The reporting year today falls in ("2026-27"), still running. */
function runningYear() {
  const today = new Date();
  const first = today.getUTCMonth() >= 3 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  return `${first}-${String((first + 1) % 100).padStart(2, "0")}`;
}

const statementRows = () => Number(sql("SELECT count(*) FROM audit_log WHERE action = 'report.statement' AND resource_type = 'statement'"));

describe("the scrutineer's statement", () => {
  test("none yet: the report says so plainly", async () => {
    const r = html();
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /<h2 class="govuk-heading-l" id="statement-heading">The Independent Scrutineer's statement<\/h2>/);
    assert.match(r.stdout, /The Independent Scrutineer has not written a statement for this year yet\./);
    const api = await call("partnership", `/api/v1/reports/annual?year=${YEAR}`);
    assert.deepEqual(api.body.statement, { written: false });
  });

  test("bad input is refused naming the field, and writes nothing", async () => {
    const before = statementRows();
    let res = await call("scrutineer", "/api/v1/reports/annual/statement", { method: "POST", json: { year: YEAR } });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["statement"]);
    // a year written wrong, whatever is wrong with it: a 422 on `year` saying how a year is written
    for (const year of ["2019-21", "2025-26x", "2025/26", "2025", "25-26", "2025-26".repeat(6)]) {
      res = await call("scrutineer", "/api/v1/reports/annual/statement", { method: "POST", json: { year, statement: "Words." } });
      assert.equal(res.status, 422, `${year}: ${res.text}`);
      assert.deepEqual(errorFields(res.body), ["year"]);
      assert.match(res.body.errors[0].detail, /^Give the year as its two parts, like 2020-21 /, year);
    }
    const page = await call("scrutineer", "/reports/annual/statement", { method: "POST", form: { year: "2025-26x", statement: "Words." } });
    assert.equal(page.status, 422, page.text.slice(0, 300));
    assert.match(page.text, /There is a problem/);
    assert.match(page.text, /like 2020-21/);
    assert.equal(statementRows(), before);
    assert.equal(sql(`SELECT count(*) FROM scrutiny_statements WHERE year = '${YEAR}'`).trim(), "0");
  });

  test("a year before the first Haven reports on (2018-19) has no statement: refused on `year` naming the first, nothing saved", async () => {
    const before = statementRows();
    const said = /The first year Haven reports on is 2018-19, the first year of safeguarding partnerships\. Choose 2018-19 or a later year/;
    for (const year of ["1999-00", "2017-18"]) {
      const api = await call("scrutineer", "/api/v1/reports/annual/statement", { method: "POST", json: { year, statement: "Written for ever.", publish: true } });
      assert.equal(api.status, 422, `${year}: ${api.text}`);
      assert.deepEqual(errorFields(api.body), ["year"]);
      assert.match(api.text, said);
      const form = await call("scrutineer", `/reports/annual/statement?year=${year}`);
      assert.equal(form.status, 404, form.text.slice(0, 300));
      assert.match(form.text, said);
      assert.doesNotMatch(form.text, /<textarea|Publish the statement/, "no form to fill");
      const page = await call("scrutineer", "/reports/annual/statement", { method: "POST", form: { year, statement: "Written for ever.", publish: "yes" } });
      assert.equal(page.status, 422, page.text.slice(0, 300));
      assert.match(page.text, /There is a problem/);
      assert.match(page.text, said);
      assert.doesNotMatch(page.text, /<textarea/);
      assert.equal(sql(`SELECT count(*) FROM scrutiny_statements WHERE year = '${year}'`).trim(), "0", `nothing for ${year}`);
      // nor does the year's report offer a way to one
      const report = await call("scrutineer", `/reports/annual?year=${year}`);
      assert.equal(report.status, 200);
      assert.doesNotMatch(report.text, /href="\/reports\/annual\/statement\?year=/, `${year}: no link to a form that is not there`);
    }
    assert.equal(statementRows(), before);
    // the first year has its statement, and its report links to it
    assert.match((await call("scrutineer", "/reports/annual/statement?year=2018-19")).text, /<textarea/);
    assert.match((await call("scrutineer", "/reports/annual?year=2018-19")).text, /href="\/reports\/annual\/statement\?year=2018-19"/);
  });

  test("only the scrutineer writes it; the partnership reads it in the report", async () => {
    for (const who of ["partnership", "dsl", "practitioner", "admin", "police", "agencyadmin", "frontdoor"]) {
      const res = await call(who, "/api/v1/reports/annual/statement", { method: "POST", json: { year: YEAR, statement: "Not mine to write." } });
      assert.equal(res.status, 403, who);
      assert.equal((await call(who, `/reports/annual/statement?year=${YEAR}`)).status, 403, who);
    }
    assert.equal(sql(`SELECT count(*) FROM scrutiny_statements WHERE year = '${YEAR}'`).trim(), "0");
  });

  test("a year not ended has no statement: its form is 404 and a write or publish is refused on `year`, nothing saved", async () => {
    const before = statementRows();
    const b = cookieClient(() => haven);
    await b.signIn("scrutineer");
    for (const year of [runningYear(), "2030-31"]) {
      const said = new RegExp(`The year ${year} has not ended: its statement is written once it has`);
      const form = await call("scrutineer", `/reports/annual/statement?year=${year}`);
      assert.equal(form.status, 404, form.text);
      assert.match(form.text, said);
      assert.doesNotMatch(form.text, /<textarea|Publish the statement/, "no form to fill");

      const api = await call("scrutineer", "/api/v1/reports/annual/statement", { method: "POST", json: { year, statement: "Published early.", publish: true } });
      assert.equal(api.status, 422, api.text);
      assert.deepEqual(errorFields(api.body), ["year"]);
      assert.match(api.text, said);

      // the page, as the bug was met: a typed address, words written, Publish ticked, Save
      const ended = await b.request(`/reports/annual/statement?year=2018-19`);
      const page = await b.request("/reports/annual/statement", {
        method: "POST",
        form: { csrf_token: b.csrfOf(ended.text), submission: ended.text.match(/name="submission" value="([^"]+)"/)[1], year, statement: "Published early.", publish: "yes" },
      });
      assert.equal(page.status, 422, page.text);
      assert.match(page.text, /There is a problem/);
      assert.match(page.text, said);
      assert.doesNotMatch(page.text, /Success|<textarea/);

      assert.equal(sql(`SELECT count(*) FROM scrutiny_statements WHERE year = '${year}'`).trim(), "0", `nothing for ${year}`);
    }
    assert.equal(statementRows(), before, "nothing audited as written");
  });

  test("theme names are published: the theme form says so, and whoever publishes is shown them to check first", async () => {
    const themes = await call("partnership", "/reviews/themes");
    assert.match(themes.text, /<div id="name-hint" class="govuk-hint">[^<]*Theme names are published in the annual report[^<]*must never name or describe a child, a family or a place\.<\/div>/);
    assert.match(themes.text, /id="name" name="name" type="text" value="" aria-describedby="name-hint"/);
    // what an attacker, or a careless hand, typed as a theme, given to a case of the year
    const added = await call("partnership", "/api/v1/reviews/themes", { method: "POST", json: { name: "Baby Harper Jones cot death" } });
    assert.ok(added.status < 300, added.text);
    sql(
      "INSERT INTO review_case_themes (case_id, theme_id) SELECT c.id, t.id FROM review_cases c, review_themes t" +
        " WHERE c.reference = 'SI-2019-1' AND t.name IN ('Baby Harper Jones cot death', 'Neglect')",
    );
    // and a priority, its name typed as freely, with a plan for the year: the report's progress on priorities
    const priority = await call("partnership", "/api/v1/priorities", { method: "POST", json: { name: "The Grey family's neglect", description: "Fictional." } });
    assert.ok(priority.status < 300, priority.text);
    sql(
      "INSERT INTO plans (priority_id, starts_on, ends_on, aims) SELECT id, '2019-04-01', '2020-03-31', 'Fictional aims'" +
        " FROM priorities WHERE name = 'The Grey family''s neglect'",
    );
    sql(
      "INSERT INTO plan_actions (plan_id, action, owner_agency_id, lead, due_on) SELECT p.id, 'Fictional action', a.id, 'Lead', '2019-09-01'" +
        " FROM plans p, agencies a WHERE p.aims = 'Fictional aims' AND a.slug = 'brookfield-primary'",
    );
    const api = await call("scrutineer", `/api/v1/reports/annual?year=${YEAR}`);
    assert.deepEqual(api.body.themes_to_check.names.sort(), ["Baby Harper Jones cot death", "Neglect"]);
    assert.deepEqual(api.body.priorities_to_check.names, ["Contextual safeguarding", "Domestic abuse", "Neglect", "The Grey family's neglect"],
      "every priority the report names (each row of its progress tables), each once");
    const page = await call("scrutineer", `/reports/annual?year=${YEAR}`);
    assert.match(page.text, /Before you publish, check the names of the review themes and priorities this report publishes\. A theme or a priority must be a category, like neglect: it must never name or describe a child, a family or a place\./);
    assert.match(page.text, /<ul class="govuk-list govuk-list--bullet" aria-label="The review themes this report publishes">\s*<li>Baby Harper Jones cot death<\/li>\s*<li>Neglect<\/li>/);
    assert.match(page.text, /<ul class="govuk-list govuk-list--bullet" aria-label="The priorities this report publishes">\s*(<li>[^<]*<\/li>\s*)*<li>The Grey family&#39;s neglect<\/li>\s*<\/ul>/);
    // only whoever may publish is shown it, and it is never part of the report itself
    assert.equal((await call("partnership", `/api/v1/reports/annual?year=${YEAR}`)).body.themes_to_check, undefined);
    assert.doesNotMatch((await call("partnership", `/reports/annual?year=${YEAR}`)).text, /Before you publish/);
    assert.doesNotMatch(html().stdout, /Before you publish/);
  });

  test("written as a draft, revised, then published: each change audited, the report showing the latest", async () => {
    const before = statementRows();
    let res = await call("scrutineer", "/api/v1/reports/annual/statement", {
      method: "POST",
      json: { year: YEAR, statement: "The partnership met its statutory duties.\r\n\r\nTraining reached more\r\npractitioners than before." },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.published, false);
    let r = html();
    assert.match(r.stdout, /This statement is a draft/);
    assert.match(r.stdout, /<p class="govuk-body">The partnership met its statutory duties\.<\/p>\s*<p class="govuk-body">Training reached more practitioners than before\.<\/p>/);
    assert.doesNotMatch(r.stdout, /has not written a statement/);

    res = await call("scrutineer", "/api/v1/reports/annual/statement", { method: "POST", json: { year: YEAR, statement: "Revised: the partnership met its duties." } });
    assert.equal(res.status, 200, res.text);
    r = html();
    assert.match(r.stdout, /Revised: the partnership met its duties\./);
    assert.doesNotMatch(r.stdout, /statutory duties/);
    // the partnership reads it through the report, and the page offers the scrutineer (only) the form
    const partnership = await call("partnership", `/api/v1/reports/annual?year=${YEAR}`);
    assert.deepEqual(partnership.body.statement, { written: true, draft: true, paragraphs: ["Revised: the partnership met its duties."] });
    assert.doesNotMatch((await call("partnership", `/reports/annual?year=${YEAR}`)).text, /\/reports\/annual\/statement/);
    assert.match((await call("scrutineer", `/reports/annual?year=${YEAR}`)).text, /href="\/reports\/annual\/statement\?year=2019-20">Revise or publish the statement</);

    res = await call("scrutineer", "/api/v1/reports/annual/statement", { method: "POST", json: { year: YEAR, statement: "Published: the partnership met its duties.", publish: true } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.published, true);
    assert.equal(statementRows(), before + 3);
    assert.equal(sql("SELECT reason FROM audit_log WHERE action = 'report.statement' AND resource_type = 'statement' ORDER BY id DESC LIMIT 1").trim(), "published");
    r = html();
    assert.match(r.stdout, /Published: the partnership met its duties\./);
    assert.doesNotMatch(r.stdout, /This statement is a draft/);
    assert.doesNotMatch((await call("scrutineer", `/reports/annual?year=${YEAR}`)).text, /Before you publish/, "published: nothing left to check");

    // published, it no longer changes
    res = await call("scrutineer", "/api/v1/reports/annual/statement", { method: "POST", json: { year: YEAR, statement: "A change after publishing." } });
    assert.equal(res.status, 409, res.text);
    assert.deepEqual(errorFields(res.body), ["statement"]);
    assert.equal(statementRows(), before + 3);
    assert.match(html().stdout, /Published: the partnership met its duties\./);
    const form = await call("scrutineer", `/reports/annual/statement?year=${YEAR}`);
    assert.equal(form.status, 200);
    assert.match(form.text, /This statement is published in the annual report, so it can no longer be changed/);
    assert.doesNotMatch(form.text, /<textarea/);
  });
});

describe("migration 0201: a statement published before its year ended is a draft again", () => {
  test("published before the year's end in England: a draft, its words kept; published after: kept", () => {
    const rows = [
      ["2026-27", "Published in the year itself.", "2026-12-07T09:00:00.000Z"],
      ["2030-31", "Published for a year to come.", "2026-12-07T09:00:00.000Z"],
      ["2025-26", "Published at 23:59 on 31 March in England.", "2026-03-31T22:59:59.000Z"],
      ["2024-25", "Published at midnight as 1 April began in England.", "2025-03-31T23:00:00.000Z"],
      ["2023-24", "Published in May.", "2024-05-02T10:00:00.000Z"],
    ];
    migrateAgain(
      201,
      rows
        .map(([year, text, at]) => `INSERT INTO scrutiny_statements (year, text, written_by, written_at, published_at) VALUES ('${year}', '${text}', 1, '${at}', '${at}');`)
        .join("\n"),
      ({ db, output }) => {
        assert.match(output, /applied migration 0201_scrutiny_statements_published_early\.sql/);
        assert.equal(
          sqlText(db, "SELECT group_concat(year || ':' || (published_at IS NOT NULL) || ':' || text, '|') FROM (SELECT * FROM scrutiny_statements ORDER BY year)").trim(),
          [
            "2023-24:1:Published in May.",
            "2024-25:1:Published at midnight as 1 April began in England.",
            "2025-26:0:Published at 23:59 on 31 March in England.",
            "2026-27:0:Published in the year itself.",
            "2030-31:0:Published for a year to come.",
          ].join("|"),
        );
      },
    );
  });
});

describe("the report as a PDF", () => {
  test("from the command: the headings, figures and statement are in its text, its pages numbered", () => {
    const r = html();
    // the HTML it is made from names nothing outside itself
    assert.doesNotMatch(r.stdout, /(?:src|href)\s*=\s*["']?(?:https?:)?\/\/|url\(\s*["']?(?:https?:)?\/\/|@import/i);
    const text = pdfText(bytes(["--format", "pdf"]));
    assert.match(text, /Children's Safeguarding Assurance Partnership \(demo\) Annual report 2019-20/, "whose report it is");
    assert.match(text, /From 1 April 2019 to 31 March 2020\./);
    assert.match(text, /Serious incidents and reviews/);
    assert.match(text, /Serious incidents notified to the national panel fewer than 5/);
    assert.match(text, /Rapid review meetings fewer than 5/, "a rapid review is of one child's case: a count of children");
    assert.match(text, /Multi-agency training/);
    assert.match(text, /The Independent Scrutineer's statement/);
    assert.match(text, /Published: the partnership met its duties\./);
    assert.match(text, /Page 1 of \d+/, "numbered pages");
    assert.doesNotMatch(text, /Child 1/);
  });

  test("from the page, for the partnership and the scrutineer, the same text as the command's", async () => {
    const fromCommand = pdfText(bytes(["--format", "pdf"]));
    for (const who of ["partnership", "scrutineer"]) {
      const res = await request(`/reports/annual.pdf?year=${YEAR}`, { token: await token(who) });
      assert.equal(res.status, 200, who);
      assert.equal(res.headers.get("content-type"), "application/pdf");
      assert.equal(res.headers.get("content-disposition"), 'attachment; filename="haven-annual-report-2019-20.pdf"');
      assert.equal(pdfText(Buffer.from(await res.arrayBuffer())), fromCommand);
    }
    assert.match((await call("partnership", `/reports/annual?year=${YEAR}`)).text, /<a class="govuk-link" href="\/reports\/annual\.pdf\?year=2019-20" download>Download this report as a PDF<\/a>/);
    // the year is published by now (its statement, above): everyone reads it (annual-report-published.test.mjs) but the administrator
    assert.equal((await call("admin", `/reports/annual.pdf?year=${YEAR}`)).status, 403);
    const bad = await call("partnership", "/reports/annual.pdf?year=2019-21");
    assert.equal(bad.status, 400);
    assert.deepEqual(errorFields(bad.body), ["year"]);
  });
});

describe("the report in Easy Read", () => {
  test("the same figures as the full report, the same words for small numbers, a picture beside each point", async () => {
    const full = await call("partnership", `/api/v1/reports/annual?year=${YEAR}`);
    const easy = await call("partnership", `/api/v1/reports/annual/easy-read?year=${YEAR}`);
    assert.equal(easy.status, 200, easy.text);
    // each figure, and a table's grand total where the table names it for reading alone, each found by the
    // full report's words for it (report_label); then the tables' totals Easy Read has plain words for
    assert.deepEqual(
      easy.body.sections.map((s) => [s.title, s.figures.filter((f) => !f.report_label.includes("|")).map((f) => [f.report_label, f.shown])]),
      full.body.sections.map((s) => [
        s.title,
        [
          ...s.figures.map((f) => [f.label, f.shown]),
          ...(s.tables ?? []).filter((t) => t.total_label).map((t) => [t.total_label, (t.totals.total ?? t.totals.cells[0]).shown]),
        ],
      ]),
    );
    for (const s of easy.body.sections) {
      const tables = full.body.sections.find((x) => x.title === s.title).tables ?? [];
      for (const f of s.figures.filter((x) => x.report_label.includes("|"))) {
        const [caption, name] = f.report_label.split("|");
        const t = tables.find((x) => x.caption === caption);
        const column = t.columns.indexOf(name);
        const row = t.rows.find((r) => r.label === name);
        assert.equal(f.shown, column >= 0 ? t.totals.cells[column].shown : (row.total ?? row.cells[0]).shown, f.report_label);
      }
    }
    const reviews = easy.body.sections.find((s) => s.title === "Serious incidents and reviews");
    assert.equal(reviews.heading, "When a child is badly hurt");
    assert.deepEqual(reviews.figures.slice(0, 2).map((f) => f.shown), ["fewer than 5", "fewer than 5"], "each rapid review is of one child's case");

    const r = html(["--easy-read"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /<title>Annual report 2019-20 in Easy Read – Haven<\/title>/);
    // one idea to a line: no line of words longer than a short sentence
    for (const m of r.stdout.matchAll(/<div class="haven-easy-read-point__words">([\s\S]*?)<\/div>/g))
      for (const line of m[1].matchAll(/<p class="govuk-body">(?:<strong[^>]*>)?([^<]*)/g)) assert.ok(line[1].split(" ").length <= 12, `a short line: ${line[1]}`);
    const points = r.stdout.match(/class="haven-easy-read-point"/g).length;
    const pictures = r.stdout.match(/<svg class="haven-easy-read__picture"/g).length;
    assert.equal(pictures, points, "a picture beside each point");
    assert.match(r.stdout, /<strong class="haven-easy-read__number">fewer than 5<\/strong><\/p><p class="govuk-body">Children who died or were badly hurt<\/p>/);
    assert.match(r.stdout, /They wrote about our work this year\./);
    // the statement itself, in its own section, in the scrutineer's own words (never rewritten)
    assert.deepEqual(easy.body.statement_words, { draft: false, paragraphs: ["Published: the partnership met its duties."] });
    assert.match(
      r.stdout,
      /<h2 class="govuk-heading-l">What the Independent Scrutineer says<\/h2>[\s\S]*This is what they wrote, in their own words\.[\s\S]*<div class="govuk-inset-text">\s*<p class="govuk-body">Published: the partnership met its duties\.<\/p>/,
    );
    assert.doesNotMatch(r.stdout, /You can read what they wrote in the full report/);
    assert.ok(r.stdout === html(["--easy-read"]).stdout, "byte-identical across runs");
    assert.doesNotMatch(r.stdout, /<script/i);

    const text = pdfText(bytes(["--easy-read", "--format", "pdf"]));
    assert.match(text, /Annual report 2019-20 in Easy Read/);
    assert.match(text, /fewer than 5 Children who died or were badly hurt/);
    assert.match(text, /What the Independent Scrutineer says .*Published: the partnership met its duties\./);
  });

  test("the page, for the partnership and the scrutineer, linked from the report", async () => {
    for (const who of ["partnership", "scrutineer"]) {
      const page = await call(who, `/reports/annual/easy-read?year=${YEAR}`);
      assert.equal(page.status, 200, who);
      assert.match(page.text, /<h1 class="govuk-heading-xl">Annual report 2019-20 in Easy Read<\/h1>/);
      assert.match(page.text, /href="\/reports\/annual\?year=2019-20">Read the full report</);
    }
    assert.match((await call("partnership", `/reports/annual?year=${YEAR}`)).text, /href="\/reports\/annual\/easy-read\?year=2019-20">Read this report in Easy Read</);
    assert.equal((await call("admin", `/reports/annual/easy-read?year=${YEAR}`)).status, 403);
    assert.equal((await call("dsl", `/reports/annual/easy-read?year=${YEAR}`)).status, 200, "published, everyone's");
    const bad = await call("partnership", "/api/v1/reports/annual/easy-read?year=2019");
    assert.equal(bad.status, 400);
    assert.deepEqual(errorFields(bad.body), ["year"]);
  });
});

describe("the PDF, when too many are asked for at once", () => {
  // one renderer at a time and no waiting for it, so requests sent together must queue: the limit's behaviour,
  // not its defaults (2 at once, a 5-second wait), is what is tested
  let busy;
  const client = apiClient(() => busy, { timeoutMs: 120_000 });
  before(async () => {
    busy = await startHaven({ env: { HAVEN_PDF_RENDERS: "1", HAVEN_PDF_WAIT_SECONDS: "0" } });
  });
  after(async () => {
    if (busy) assert.equal(await busy.stop(), 0);
  });

  test("one is made, the other is told 503 with Retry-After and why; once it is done the next is made", async () => {
    // two people, the second asking a moment after the first (its renderer takes a second or more), on a
    // connection of its own (a server thread that accepted two connections at once answers them in turn)
    const tokens = [await client.token("partnership"), await client.token("scrutineer")];
    const ask = async (token, delayMs) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const res = await client.request(`/reports/annual.pdf?year=${YEAR}`, { token });
      return { status: res.status, retry: res.headers.get("retry-after"), body: Buffer.from(await res.arrayBuffer()) };
    };
    // the two overlap when the second is not queued behind the first on one server thread: try up to three times
    let answers;
    for (let attempt = 0; attempt < 3; attempt++) {
      answers = await Promise.all([ask(tokens[0], 0), ask(tokens[1], 300)]);
      if (answers.some((a) => a.status === 503)) break;
    }
    const made = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 503);
    assert.equal(made.length, 1, answers.map((a) => a.status).join(", "));
    assert.equal(refused.length, 1);
    assert.ok(made[0].body.subarray(0, 5).equals(Buffer.from("%PDF-")));
    for (const r of refused) {
      assert.equal(r.retry, "5");
      assert.match(r.body.toString(), /Haven is already making as many of these as it makes at once\. Wait a few seconds and try again\./);
    }
    const again = await client.request(`/reports/annual.pdf?year=${YEAR}`, { token: tokens[1] });
    assert.equal(again.status, 200, "the renderer's place was given back");
  });
});
