// `haven calendar add-working-days`, `haven import bank-holidays` and `haven
// calendar remove-holiday`: working days from the command line, importing
// gov.uk's bank-holidays.json into a fresh database (rows counted with the
// sqlite3 CLI), and taking away a holiday the government moved. Expected dates were
// worked out by hand from the real calendar and gov.uk's list.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { assertUsageError, REPO_ROOT, runHaven } from "../lib/haven.mjs";

let dir;
let db;

const run = (args) => runHaven(args);

const rows = () => {
  const r = spawnSync("sqlite3", [db, "SELECT count(*) FROM bank_holidays"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
};

/** A usage error that also says where to find help. */
function usageError(r, pattern) {
  assertUsageError(r, pattern);
  assert.match(r.stderr.trimEnd(), /^haven: .*\(see 'haven [a-z -]+--help'\)$/);
}

function failure(r, pattern) {
  assert.equal(r.status, 1, `exit 1 (stdout: ${r.stdout}, stderr: ${r.stderr})`);
  assert.equal(r.stdout, "");
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line on stderr: ${JSON.stringify(r.stderr)}`);
  assert.match(lines[0], pattern);
}

// A file in gov.uk's format: the england-and-wales division, and others to ignore.
function govUk(events, extra = {}) {
  return JSON.stringify({
    "england-and-wales": { division: "england-and-wales", events },
    scotland: { division: "scotland", events: [{ title: "St Andrew’s Day", date: "2028-11-30", notes: "", bunting: true }] },
    ...extra,
  });
}

const events2028 = [
  { title: "New Year’s Day", date: "2028-01-03", notes: "Substitute day", bunting: true },
  { title: "Good Friday", date: "2028-04-14", notes: "", bunting: false },
  { title: "Easter Monday", date: "2028-04-17", notes: "", bunting: true },
];

function file(name, text) {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "haven-calendar-"));
  db = path.join(dir, "haven.db");
  const r = run(["init", "--db", db]);
  assert.equal(r.status, 0, r.stderr);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the commands answer --help and are listed", () => {
  let r = run(["calendar", "add-working-days", "--help"]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^Usage: haven calendar add-working-days DATE N \[--db PATH\]/);
  r = run(["import", "bank-holidays", "--help"]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^Usage: haven import bank-holidays --db PATH FILE\.json/);
  r = run(["--help"]);
  assert.match(r.stdout, /import bank-holidays/);
  assert.match(r.stdout, /calendar add-working-days/);
  assert.match(r.stdout, /calendar remove-holiday/);
  r = run(["calendar", "remove-holiday", "--help"]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^Usage: haven calendar remove-holiday --db PATH --date YYYY-MM-DD --reason TEXT/);
  r = run(["import", "bank-holidays", "--help"]);
  assert.match(r.stdout, /bank holiday\s+again: the import is the authority/);
});

test("add-working-days prints the date and its weekday, from the built-in holidays", () => {
  for (const [date, n, expected] of [
    ["2024-03-01", "5", "2024-03-08 Friday"], // no holidays: Friday to Friday
    ["2024-05-03", "5", "2024-05-13 Monday"], // the early May bank holiday is not counted
    ["2020-05-07", "1", "2020-05-11 Monday"], // VE day, Friday 8 May 2020
    ["2022-06-01", "1", "2022-06-06 Monday"], // the jubilee, 2 and 3 June 2022
    ["2022-09-16", "1", "2022-09-20 Tuesday"], // the state funeral, 19 September 2022
    ["2023-05-05", "1", "2023-05-09 Tuesday"], // the coronation, 8 May 2023
    ["2021-12-24", "1", "2021-12-29 Wednesday"], // Christmas and Boxing Day substitutes
    ["2023-12-22", "15", "2024-01-17 Wednesday"], // a rapid review over Christmas
    ["2024-03-03", "0", "2024-03-03 Sunday"], // 0: the day itself
  ]) {
    const r = run(["calendar", "add-working-days", date, n]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, expected + "\n", `${date} + ${n}`);
    assert.equal(r.stderr, "");
  }
  // options may come after the arguments
  const r = run(["calendar", "add-working-days", "2024-05-03", "5", "--db", db]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "2024-05-13 Monday\n");
});

test("add-working-days warns when the years have no known bank holidays", () => {
  const r = run(["calendar", "add-working-days", "2031-03-07", "5"]);
  assert.equal(r.status, 0);
  assert.equal(r.stdout, "2031-03-14 Friday\n");
  assert.match(r.stderr, /^haven: warning: bank holidays are not known .*2031/);
});

test("add-working-days: bad arguments are one-line usage errors (exit 2)", () => {
  const cmd = ["calendar", "add-working-days"];
  usageError(run(cmd), /DATE and N are required/);
  usageError(run([...cmd, "2024-01-01"]), /DATE and N are required/);
  usageError(run([...cmd, "2023-02-29", "1"]), /DATE must be a real date written YYYY-MM-DD, not '2023-02-29'/);
  usageError(run([...cmd, "2024-1-1", "1"]), /DATE must be a real date/);
  usageError(run([...cmd, "tomorrow", "1"]), /DATE must be a real date/);
  usageError(run([...cmd, "2024-01-01", "-1"]), /N must be a whole number from 0 to 10000, not '-1'/);
  usageError(run([...cmd, "2024-01-01", "five"]), /N must be a whole number/);
  usageError(run([...cmd, "2024-01-01", "10001"]), /N must be a whole number/);
  usageError(run([...cmd, "2024-01-01", "1", "2"]), /unexpected argument 2/);
  usageError(run([...cmd, "2024-01-01", "1", "--days"]), /unknown option --days/);
  usageError(run([...cmd, "2024-01-01", "1", "--db"]), /--db needs a value/);
});

test("add-working-days with a database that cannot be opened exits 1", () => {
  failure(run(["calendar", "add-working-days", "2024-01-01", "1", "--db", path.join(dir, "missing.db")]), /^haven: /);
});

test("import: bad arguments are one-line usage errors (exit 2)", () => {
  const cmd = ["import", "bank-holidays"];
  usageError(run([...cmd, "--db", db]), /FILE\.json is required/);
  usageError(run([...cmd, "x.json"]), /--db PATH is required/);
  usageError(run([...cmd, "--db", db, "a.json", "b.json"]), /unexpected argument b\.json/);
  usageError(run([...cmd, "--db", db, "--force", "a.json"]), /unknown option --force/);
});

test("a broken file changes nothing and says what is wrong (exit 1)", () => {
  const before = rows();
  const cases = [
    [govUk([events2028[0], { title: "Leap", date: "2027-02-29" }]), /events\[1\]\.date: "2027-02-29" is not a real date/],
    [govUk([events2028[0], { title: "Day", date: "2028-13-01" }]), /events\[1\]\.date: "2028-13-01" is not a real date/],
    [govUk([events2028[0], { date: "2028-04-14" }]), /events\[1\]\.title: missing/],
    [govUk([events2028[0], { title: "Good Friday" }]), /events\[1\]\.date: missing/],
    [govUk([{ title: "", date: "2028-04-14" }]), /events\[0\]\.title: must be non-empty text/],
    [govUk([events2028[0], events2028[0]]), /events\[1\]\.date: 2028-01-03 is also events\[0\]'s date/],
    [JSON.stringify({ scotland: { events: [] } }), /no "england-and-wales" object/],
    [JSON.stringify({ "england-and-wales": { events: "none" } }), /england-and-wales\.events: missing or not a list/],
    ['{"england-and-wales": {"events": [\n{"title": "A", "date": "2028-01-03"},\n]}}', /not JSON: line 3/],
    ["this is not json", /not JSON: line 1/],
    ["", /not JSON/],
  ];
  for (const [text, pattern] of cases) {
    const f = file("broken.json", text);
    const r = run(["import", "bank-holidays", "--db", db, f]);
    failure(r, pattern);
    assert.match(r.stderr, /^haven: /);
    assert.equal(rows(), before, `nothing imported for ${pattern}`);
  }
  failure(run(["import", "bank-holidays", "--db", db, path.join(dir, "missing.json")]), /cannot read .*missing\.json/);
  assert.equal(rows(), before);
});

test("a good file is imported once; importing it again changes nothing", () => {
  const f = file("2028.json", govUk(events2028));
  assert.equal(rows(), 0);
  let r = run(["import", "bank-holidays", "--db", db, f]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "3 added, 0 already known\n");
  assert.equal(rows(), 3);

  r = run(["import", "bank-holidays", "--db", db, f]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "0 added, 3 already known\n");
  assert.equal(rows(), 3);

  // Easter 2028: Thursday 13 April + 1 is Tuesday 18 April with the imported holidays...
  r = run(["calendar", "add-working-days", "2028-04-13", "1", "--db", db]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "2028-04-18 Tuesday\n");
  assert.equal(r.stderr, "");
  // ...and Friday 14 April without them (with a warning: 2028 is not built in)
  r = run(["calendar", "add-working-days", "2028-04-13", "1"]);
  assert.equal(r.stdout, "2028-04-14 Friday\n");
  assert.match(r.stderr, /warning/);
});

test("gov.uk's own file is all known already: the built-in holidays are not stored", () => {
  const f = path.join(REPO_ROOT, "tests/unit/data/bank-holidays-england-and-wales-2019-2027.json");
  const before = rows();
  const r = run(["import", "bank-holidays", "--db", db, f]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "0 added, 75 already known\n");
  assert.equal(rows(), before);
});

const sqlOne = (query) => {
  const r = spawnSync("sqlite3", [db, query], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
};

test("remove-holiday: bad arguments are one-line usage errors (exit 2)", () => {
  const cmd = ["calendar", "remove-holiday"];
  usageError(run([...cmd, "--date", "2026-05-04", "--reason", "Moved"]), /--db PATH is required/);
  usageError(run([...cmd, "--db", db, "--reason", "Moved"]), /--date YYYY-MM-DD is required/);
  usageError(run([...cmd, "--db", db, "--date", "2026-05-04"]), /--reason TEXT is required/);
  usageError(run([...cmd, "--db", db, "--date", "4 May", "--reason", "Moved"]), /--date must be a real date written YYYY-MM-DD, not '4 May'/);
  usageError(run([...cmd, "--db", db, "--date", "2026-05-04", "--reason", "  "]), /--reason must say why/);
  usageError(run([...cmd, "--db", db, "--date", "2026-05-04", "--reason", "x".repeat(501)]), /--reason must be at most 500 characters, not 501/);
  usageError(run([...cmd, "--db", db, "--date", "2026-05-04", "--reason", "Moved", "extra"]), /unexpected argument extra/);
  assert.equal(sqlOne("SELECT count(*) FROM bank_holidays_removed"), "0");
});

test("remove-holiday takes a built-in holiday away until an import lists it again", () => {
  // Friday 1 May 2026 + 1 is Tuesday 5 May, the early May bank holiday being built in
  let r = run(["calendar", "add-working-days", "2026-05-01", "1", "--db", db]);
  assert.equal(r.stdout, "2026-05-05 Tuesday\n");

  r = run(["calendar", "remove-holiday", "--db", db, "--date", "2026-05-04", "--reason", "Moved to Friday 8 May"]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "2026-05-04 removed: it counts as a working day\n");
  assert.equal(sqlOne("SELECT reason FROM audit_log WHERE action = 'calendar.bank_holiday_removed'"), "2026-05-04: Moved to Friday 8 May");
  r = run(["calendar", "add-working-days", "2026-05-01", "1", "--db", db]);
  assert.equal(r.stdout, "2026-05-04 Monday\n");

  // not a holiday now (removed), nor ever (a Tuesday): exit 1, nothing changed
  failure(run(["calendar", "remove-holiday", "--db", db, "--date", "2026-05-04", "--reason", "Again"]),
    /^haven: 2026-05-04 is not a bank holiday Haven knows; nothing was removed$/);
  failure(run(["calendar", "remove-holiday", "--db", db, "--date", "2026-05-05", "--reason", "Never"]),
    /^haven: 2026-05-05 is not a bank holiday Haven knows/);
  assert.equal(sqlOne("SELECT count(*) FROM audit_log WHERE action = 'calendar.bank_holiday_removed'"), "1");

  // an import not listing it leaves it removed; one listing it is the authority
  r = run(["import", "bank-holidays", "--db", db, file("other.json", govUk(events2028))]);
  assert.equal(r.stdout, "0 added, 3 already known\n");
  r = run(["calendar", "add-working-days", "2026-05-01", "1", "--db", db]);
  assert.equal(r.stdout, "2026-05-04 Monday\n");
  r = run(["import", "bank-holidays", "--db", db, file("may.json", govUk([{ title: "Early May bank holiday", date: "2026-05-04" }]))]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "1 added, 0 already known\n");
  r = run(["calendar", "add-working-days", "2026-05-01", "1", "--db", db]);
  assert.equal(r.stdout, "2026-05-05 Tuesday\n");
  assert.equal(sqlOne("SELECT count(*) FROM bank_holidays_removed"), "0");
});

test("remove-holiday takes an imported holiday away too", () => {
  // Good Friday 2028 was imported above: Thursday 13 April + 1 is Tuesday 18 April
  let r = run(["calendar", "remove-holiday", "--db", db, "--date", "2028-04-14", "--reason", "Test"]);
  assert.equal(r.status, 0, r.stderr);
  r = run(["calendar", "add-working-days", "2028-04-13", "1", "--db", db]);
  assert.equal(r.stdout, "2028-04-14 Friday\n");
});
