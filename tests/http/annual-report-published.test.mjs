// The published annual report, read by the whole partnership (issue 20): a year's report is published once
// the year has ended and the Independent Scrutineer's statement for it is published. Everyone signed in but
// the administrator reads a published year's report (the page, its API, the PDF, the spreadsheet and Easy
// Read), the latest by default, choosing among the published years; a year not published is answered 404
// saying so, never with its draft statement. The partnership and the scrutineer read every year as before.
//
// The demo publishes 2024-25 (src/areas/scrutiny/demo.sql). 2019-20 holds no demo data: the serious
// incidents the test adds there are all the report counts.

import { after, before, describe, test } from "node:test";
import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { havenBin, onPostgres, startHaven } from "../lib/haven.mjs";

let haven;
const { call, post, request, token } = apiClient(() => haven, { timeoutMs: 120_000 });
const sql = (query) => sqlText(haven.dbPath, query);

const YEAR = "2019-20";
const DRAFT = "A draft the readers must not see.";
const READERS = ["dsl", "practitioner", "frontdoor", "police", "idva", "agencyadmin"];

/** The reporting year today falls in ("2026-27"), still running. */
function runningYear() {
  const today = new Date();
  const first = today.getUTCMonth() >= 3 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  return `${first}-${String((first + 1) % 100).padStart(2, "0")}`;
}

/** The PDF's text, as poppler's pdftotext reads it (spaces collapsed). */
function pdfText(pdf) {
  assert.ok(pdf.subarray(0, 5).equals(Buffer.from("%PDF-")), "a PDF");
  const r = spawnSync("pdftotext", ["-", "-"], { input: pdf });
  assert.equal(r.status, 0, r.stderr.toString());
  return r.stdout.toString().replace(/\s+/g, " ");
}

/** The report as bytes from the command (`more` its options). */
function command(more) {
  const r = spawnSync(havenBin(), ["report", "annual", "--db", haven.dbPath, "--year", YEAR, ...more], { timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr.toString());
  return r.stdout;
}

/** `who`'s answer to `path` as bytes, with its status and headers. */
async function download(who, path) {
  const res = await request(path, { token: await token(who) });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

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

describe("the published annual report", () => {
  test("everyone reads the latest published year by default, choosing among the published years", async () => {
    for (const who of READERS) {
      const res = await call(who, "/api/v1/reports/annual");
      assert.equal(res.status, 200, `${who}: ${res.text}`);
      assert.equal(res.body.year, "2024-25", who);
      assert.equal(res.body.statement.written, true);
      assert.equal(res.body.statement.draft, false);
      assert.deepEqual(res.body.published_reports, { years: [{ year: "2024-25", href: "/reports/annual?year=2024-25" }] });
    }
    const page = await call("dsl", "/reports/annual");
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1 class="govuk-heading-xl">Annual report 2024-25<\/h1>/);
    assert.match(page.text, /Agencies answered the scrutineer&#39;s challenges on time\.|Agencies answered the scrutineer&#x27;s challenges on time\./);
    assert.match(page.text, /<a class="govuk-link" href="\/reports\/annual\?year=2024-25">Annual report 2024-25<\/a>/);
    assert.doesNotMatch(page.text, /\/reports\/annual\/statement/, "no way to the statement's form");
    // the administrator manages accounts, not the partnership's work
    assert.equal((await call("admin", "/api/v1/reports/annual")).status, 403);
    assert.equal((await call("admin", "/reports/annual.pdf?year=2024-25")).status, 403);
  });

  test("the partnership and the scrutineer read what they read before: the last complete year by default, no list", async () => {
    for (const who of ["partnership", "scrutineer"]) {
      const res = await call(who, "/api/v1/reports/annual");
      assert.equal(res.status, 200, res.text);
      assert.ok(res.body.to < new Date().toISOString().slice(0, 10), "a year already ended");
      assert.equal(res.body.published_reports, undefined);
    }
  });

  test("a year whose statement is a draft is not published: 404 saying so, never the draft", async () => {
    const res = await post("scrutineer", "/api/v1/reports/annual/statement", { year: YEAR, statement: DRAFT });
    assert.equal(res.status, 200, res.text);
    const partnership = await call("partnership", `/api/v1/reports/annual?year=${YEAR}`);
    assert.equal(partnership.status, 200);
    assert.deepEqual(partnership.body.statement, { written: true, draft: true, paragraphs: [DRAFT] });

    for (const who of READERS) {
      const api = await call(who, `/api/v1/reports/annual?year=${YEAR}`);
      assert.equal(api.status, 404, `${who}: ${api.text}`);
      assert.deepEqual(errorFields(api.body), ["year"]);
      assert.match(api.text, /The report for 2019-20 is not published yet/);
      assert.doesNotMatch(api.text, /draft the readers/);
    }
    const page = await call("dsl", `/reports/annual?year=${YEAR}`);
    assert.equal(page.status, 404);
    assert.match(page.text, /There is a problem/);
    assert.match(page.text, /The report for 2019-20 is not published yet/);
    assert.match(page.text, /href="\/reports\/annual\?year=2024-25">Annual report 2024-25</, "the years that are published");
    assert.doesNotMatch(page.text, /draft the readers|Serious incidents and reviews/);
    for (const path of [`/reports/annual.pdf?year=${YEAR}`, `/reports/annual.xlsx?year=${YEAR}`, `/reports/annual/easy-read?year=${YEAR}`, `/api/v1/reports/annual/easy-read?year=${YEAR}`]) {
      const res = await call("police", path);
      assert.equal(res.status, 404, `${path}: ${res.text.slice(0, 200)}`);
      assert.doesNotMatch(res.text, /draft the readers/);
    }
    // a bad year is refused as before, naming the field
    const bad = await call("dsl", "/api/v1/reports/annual?year=2019-21");
    assert.equal(bad.status, 400);
    assert.deepEqual(errorFields(bad.body), ["year"]);
  });

  test("a year still running is not published: its statement cannot be published, so its report never is", async () => {
    const year = runningYear();
    const res = await post("scrutineer", "/api/v1/reports/annual/statement", { year, statement: "Published early.", publish: true });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["year"]);
    assert.equal(sql(`SELECT count(*) FROM scrutiny_statements WHERE year = '${year}'`).trim(), "0");
    // even a statement put there behind the application's back (as it could be before) publishes nothing early
    sql(`INSERT INTO scrutiny_statements (year, text, written_by, written_at, published_at) SELECT '${year}', 'Published early.', written_by, written_at, published_at FROM scrutiny_statements WHERE year = '2024-25'`);
    assert.equal((await call("partnership", `/api/v1/reports/annual?year=${year}`)).status, 200);
    const dsl = await call("dsl", `/api/v1/reports/annual?year=${year}`);
    assert.equal(dsl.status, 404, dsl.text);
    assert.match(dsl.text, new RegExp(`The report for ${year} is not published yet`));
    assert.equal((await call("dsl", "/api/v1/reports/annual")).body.year, "2024-25", "not the default either");
  });

  test("published, a year is everyone's: its page, API, PDF, spreadsheet and Easy Read, the same as the partnership's", async () => {
    const res = await post("scrutineer", "/api/v1/reports/annual/statement", { year: YEAR, statement: "Published: the partnership met its duties.", publish: true });
    assert.equal(res.status, 200, res.text);

    const partnership = await call("partnership", `/api/v1/reports/annual?year=${YEAR}`);
    for (const who of READERS) {
      const api = await call(who, `/api/v1/reports/annual?year=${YEAR}`);
      assert.equal(api.status, 200, `${who}: ${api.text}`);
      assert.deepEqual(api.body.sections, partnership.body.sections, who);
      assert.deepEqual(api.body.statement, { written: true, draft: false, paragraphs: ["Published: the partnership met its duties."] });
      assert.deepEqual(api.body.published_reports.years.map((y) => y.year), ["2024-25", YEAR], "latest first");
    }
    // the latest published is still the default
    assert.equal((await call("dsl", "/api/v1/reports/annual")).body.year, "2024-25");

    const page = await call("dsl", `/reports/annual?year=${YEAR}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Serious incidents notified to the national panel<\/th>\s*<td[^>]*>fewer than 5</);
    assert.match(page.text, /Published: the partnership met its duties\./);
    assert.match(page.text, /href="\/reports\/annual\.pdf\?year=2019-20" download>Download this report as a PDF</);

    const pdf = await download("dsl", `/reports/annual.pdf?year=${YEAR}`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get("content-disposition"), 'attachment; filename="haven-annual-report-2019-20.pdf"');
    assert.equal(pdfText(pdf.body), pdfText(command(["--format", "pdf"])), "the command's text");

    const xlsx = await download("idva", `/reports/annual.xlsx?year=${YEAR}`);
    assert.equal(xlsx.status, 200);
    assert.ok(xlsx.body.equals(command(["--format", "xlsx"])), "the command's bytes");

    const easy = await call("police", `/api/v1/reports/annual/easy-read?year=${YEAR}`);
    assert.equal(easy.status, 200, easy.text);
    assert.deepEqual(easy.body, (await call("partnership", `/api/v1/reports/annual/easy-read?year=${YEAR}`)).body);
    const easyPage = await call("dsl", `/reports/annual/easy-read?year=${YEAR}`);
    assert.equal(easyPage.status, 200);
    assert.match(easyPage.text, /<h1 class="govuk-heading-xl">Annual report 2019-20 in Easy Read<\/h1>/);
  });

  test("a published year's PDF is printed once and kept, the later requests answered from the kept file; a draft year's is printed each time", async () => {
    // the area's folder beside the database (on PostgreSQL, which has no file: the server's folder)
    const folder = onPostgres ? path.join(haven.dir, "haven.reports") : `${haven.dbPath}.reports`;
    const kept = (year) => (existsSync(folder) ? readdirSync(folder).filter((f) => f.startsWith(`annual-${year}-`)) : []);

    const first = await download("police", `/reports/annual.pdf?year=${YEAR}`);
    assert.equal(first.status, 200);
    assert.deepEqual(kept(YEAR).map((f) => path.extname(f)), [".pdf"], "one file kept, whole (no temporary left)");
    const file = path.join(folder, kept(YEAR)[0]);
    assert.ok(first.body.equals(readFileSync(file)), "the PDF answered is the one kept");
    // the next request, whoever asks (the partnership too), is answered from the kept file, not printed again:
    // marked, the file comes back marked
    const marked = Buffer.concat([first.body, Buffer.from("%kept\n")]);
    writeFileSync(file, marked);
    for (const who of ["frontdoor", "partnership"]) {
      const again = await download(who, `/reports/annual.pdf?year=${YEAR}`);
      assert.equal(again.status, 200);
      assert.equal(again.headers.get("content-disposition"), 'attachment; filename="haven-annual-report-2019-20.pdf"');
      assert.ok(again.body.equals(marked), `${who}: the kept file`);
    }
    writeFileSync(file, first.body);

    // the year's HTML changes (the statement corrected): its PDF is printed afresh and kept, and the year's
    // other files go, the older PDF and a temporary a crash left an hour ago, so one file is left for the year;
    // a temporary being written now, and another year's file, stay
    const crashed = path.join(folder, `${kept(YEAR)[0]}.Xcrash`);
    writeFileSync(crashed, "%PDF-half");
    utimesSync(crashed, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
    const writing = path.join(folder, `${kept(YEAR)[0]}.Xbusy1`);
    writeFileSync(writing, "%PDF-being written");
    const otherYear = path.join(folder, "annual-2017-18-0123456789abcdef0123456789abcdef.pdf");
    writeFileSync(otherYear, "%PDF-another year");
    sql(`UPDATE scrutiny_statements SET text = 'Published, corrected: the partnership met its duties.' WHERE year = '${YEAR}'`);
    const corrected = await download("police", `/reports/annual.pdf?year=${YEAR}`);
    assert.equal(corrected.status, 200);
    assert.match(pdfText(corrected.body), /Published, corrected: the partnership met its duties\./, "printed afresh");
    const pdfs = kept(YEAR).filter((f) => f.endsWith(".pdf"));
    assert.equal(pdfs.length, 1, "one PDF kept for the year");
    assert.notEqual(pdfs[0], path.basename(file), "the older PDF went");
    assert.ok(corrected.body.equals(readFileSync(path.join(folder, pdfs[0]))), "the PDF answered is the one kept");
    assert.deepEqual(kept(YEAR).sort(), [pdfs[0], path.basename(writing)].sort(), "the crash's temporary went");
    assert.ok(existsSync(otherYear), "another year's file stays");
    unlinkSync(writing);
    unlinkSync(otherYear);

    // a draft year (the partnership's view) is printed each time, and nothing is kept for it
    const draft = await post("scrutineer", "/api/v1/reports/annual/statement", { year: "2018-19", statement: DRAFT });
    assert.equal(draft.status, 200, draft.text);
    for (let k = 0; k < 2; k++) {
      const pdf = await download("partnership", "/reports/annual.pdf?year=2018-19");
      assert.equal(pdf.status, 200);
      assert.match(pdfText(pdf.body), /A draft the readers must not see\./);
    }
    assert.deepEqual(kept("2018-19"), []);
  });

  test("the report's link shows on the dashboard for everyone who may read it", async () => {
    for (const who of [...READERS, "partnership", "scrutineer"])
      assert.match((await call(who, "/dashboard")).text, /href="\/reports\/annual"/, who);
    assert.doesNotMatch((await call("admin", "/dashboard")).text, /href="\/reports\/annual"/);
  });

  test("nothing published yet: readers are told so", async () => {
    sql("UPDATE scrutiny_statements SET published_at = NULL");
    const api = await call("dsl", "/api/v1/reports/annual");
    assert.equal(api.status, 404, api.text);
    assert.deepEqual(errorFields(api.body), ["year"]);
    assert.match(api.text, /The partnership has not published an annual report yet/);
    const page = await call("dsl", "/reports/annual");
    assert.equal(page.status, 404);
    assert.match(page.text, /The partnership has not published an annual report yet/);
    assert.equal((await call("partnership", "/api/v1/reports/annual")).status, 200, "the partnership reads it as before");
  });
});
