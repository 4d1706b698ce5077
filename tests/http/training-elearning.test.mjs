// `haven import elearning`: completions of e-learning modules from the
// platform's CSV export (src/areas/training/elearning.c). A file that is not
// CSV or lacks the header changes nothing (exit 1); otherwise good rows are
// added, bad rows are named on stderr with their line and reason (exit 3),
// and a completion already known is a duplicate. The completions are then
// listed for the partnership (GET /api/v1/training/elearning, the page) and
// counted in the figures beside attendances.
//
// The import runs while `haven serve` has the database open, as it would in
// production.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { apiClient, sqlText } from "../lib/api.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const { call: get } = apiClient(() => haven);

const sql = (query) => sqlText(haven.dbPath, query);

const completions = () => Number(sql("SELECT count(*) FROM training_elearning_completions;"));

let n = 0;
function csv(text) {
  const p = path.join(haven.dir, `export-${++n}.csv`);
  writeFileSync(p, text);
  return p;
}

const importFile = (file) => runHaven(["import", "elearning", "--db", haven.dbPath, file]);

before(async () => {
  haven = await startHaven();
});

after(async () => {
  await haven?.stop();
});

test("--help, and usage errors are one line with exit 2", () => {
  let r = runHaven(["import", "elearning", "--help"]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^Usage: haven import elearning --db PATH FILE\.csv/);
  r = runHaven(["import", "elearning", "x.csv"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--db PATH is required/);
  r = runHaven(["import", "elearning", "--db", "x.db"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /FILE\.csv is required/);
  assert.match(runHaven(["--help"]).stdout, /import elearning/);
});

test("a file that is not CSV, or lacks the header, changes nothing", () => {
  const bad = [
    ["email,module\npractitioner@demo.haven.example,M\n", /line 1: the header row must name the columns email, module and completed_on/],
    ["practitioner@demo.haven.example,Neglect,2026-01-10\n", /line 1: the header row must name/],
    ["", /no header row/],
    ['email,module,completed_on\npractitioner@demo.haven.example,"Neglect,2026-01-10\n', /line 2: not valid CSV: a quoted field is never closed/],
    ['email,module,completed_on\npractitioner@demo.haven.example,Neg"lect,2026-01-10\n', /line 2: not valid CSV: a quote inside a field/],
    ["email,module,completed_on\npractitioner@demo.haven.example,Neglect,2026-01-10\n\0\n", /not a CSV file/],
  ];
  for (const [text, why] of bad) {
    const r = importFile(csv(text));
    assert.equal(r.status, 1, `exit 1 for ${JSON.stringify(text)}: ${r.stderr}`);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, why);
    assert.match(r.stderr, /nothing was imported\n$/);
    assert.equal(completions(), 0);
  }
});

test("good rows are added, bad rows named by line and reason, repeats are duplicates", () => {
  const file = csv(
    "\uFEFFCompleted_On,Email,Score,Module\r\n" +
      '2026-01-10,practitioner@demo.haven.example,90,"Neglect, an introduction"\r\n' +
      '2026-01-11,"DSL@Demo.Haven.Example ",80,"Say ""no""\nto exploitation"\r\n' +
      "2026-02-30,idva@demo.haven.example,70,Domestic abuse\r\n" +
      "2026-01-12,nobody@example.org,70,Domestic abuse\r\n" +
      ",idva@demo.haven.example,70,Domestic abuse\r\n" +
      "2026-01-12,,70,Domestic abuse\r\n" +
      "2026-01-12,idva@demo.haven.example\r\n" +
      "\r\n" +
      '2026-01-10,practitioner@demo.haven.example,95,"Neglect, an introduction"\r\n',
  );
  let r = importFile(file);
  assert.equal(r.status, 3, r.stderr);
  assert.equal(r.stdout, "2 added, 1 duplicates, 5 rejected\n");
  const lines = r.stderr.trimEnd().split("\n");
  assert.deepEqual(lines.map((l) => l.replace(/^haven: .*?: /, "")), [
    "line 5: completed_on is not a real date written YYYY-MM-DD; row rejected",
    "line 6: no Haven account has this email; row rejected",
    "line 7: completed_on is missing; row rejected",
    "line 8: the email is missing; row rejected",
    "line 9: the module is missing; row rejected",
  ]);
  assert.equal(
    sql("SELECT u.email || '|' || e.module || '|' || e.completed_on FROM training_elearning_completions e JOIN users u ON u.id = e.user_id ORDER BY e.id;"),
    'practitioner@demo.haven.example|Neglect, an introduction|2026-01-10\ndsl@demo.haven.example|Say "no"\nto exploitation|2026-01-11',
  );
  // the same export again adds nothing
  r = importFile(file);
  assert.equal(r.stdout, "0 added, 3 duplicates, 5 rejected\n");
  assert.equal(completions(), 2);
  // a clean file exits 0
  r = importFile(csv("email,module,completed_on\nidva@demo.haven.example,Domestic abuse,2026-01-12\n"));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "1 added, 0 duplicates, 0 rejected\n");
  assert.equal(r.stderr, "");
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'training.elearning_import';"), "3");
});

test("completions are listed for the partnership and counted in the figures", async () => {
  const q = "?from=2026-01-01&to=2026-01-31";
  let r = await get("partnership", "/api/v1/training/elearning" + q);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.count, 3);
  assert.deepEqual(r.body.completions.map((c) => [c.email, c.completed_on]), [
    ["idva@demo.haven.example", "2026-01-12"],
    ["dsl@demo.haven.example", "2026-01-11"],
    ["practitioner@demo.haven.example", "2026-01-10"],
  ]);
  r = await get("partnership", "/training/elearning" + q);
  assert.equal(r.status, 200);
  assert.match(r.text, /Neglect, an introduction/);
  r = await get("partnership", "/api/v1/training/elearning?from=2026-02-01&to=2026-02-28");
  assert.equal(r.body.count, 0);
  r = await get("practitioner", "/api/v1/training/elearning" + q);
  assert.equal(r.status, 403);
  r = await get("partnership", "/api/v1/training/summary" + q);
  assert.equal(r.status, 200);
  assert.equal(r.body.elearning_completions, 3);
  assert.equal(r.body.elearning_practitioners, 3);
  assert.equal(r.body.attendances, 0, "completions are not attendances");
  r = await get("partnership", "/training/summary.csv" + q);
  assert.match(r.text, /\r\nelearning_completions,,3\r\n/);
});
