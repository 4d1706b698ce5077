// Serious incident reviews' dates against the calendar and the case.
// Bank holidays an administrator uploads move the deadlines the list stores
// with each case (next_due_on, migration 0143) in the upload's own unit of
// work, so the list's order and its `overdue` filter agree with the case's
// page at once, not after a restart. A milestone's date reached is checked
// as the case's other dates are: not before the local authority became
// aware and not in the future, refused naming `done_on` with nothing saved.
// `haven import bank-holidays` moves the stored deadlines the same way, and
// the running server counts the command's holidays in the next deadline it
// sets: every import adds one to a generation (bank_holidays_generation,
// migration 0187) that the server reads before it counts, loading the
// holidays again when it moved. On PostgreSQL an import waits for another
// process's import to commit (the generation row's lock), so each counts
// with the other's holidays.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { havenBin, onPostgres, runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query).trim();
const today = plusDays(0);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/** A new case the local authority became aware of `aware_on`: its id and reference. */
async function newCase(aware_on) {
  const r = await post("partnership", "/api/v1/reviews", {
    child_pseudonym: "Child H",
    la: "blackburn-with-darwen",
    harm: "serious_harm",
    circumstances: "Fictional, for the tests of dates.",
    aware_on,
  });
  assert.equal(r.status, 201, r.text);
  return { id: r.body.id, reference: r.body.reference };
}

/** The case as the list shows it when narrowed by `query` (undefined when it is not listed). */
async function listed(reference, query = "") {
  const r = await call("partnership", `/api/v1/reviews?reference=${reference}${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body.reviews[0];
}

/** Whether the date "YYYY-MM-DD" is a Monday to Friday: gov.uk lists no holiday at a weekend, nor may a file. */
const weekday = (date) => ![0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay());

/** gov.uk's bank-holidays.json holding `dates` (their weekdays), uploaded by the administrator through the API. */
async function uploadHolidays(dates) {
  const events = dates.filter(weekday).map((date, i) => ({ title: `Test holiday ${i + 1}`, date, notes: "", bunting: false }));
  const form = new FormData();
  form.append("file", new Blob([JSON.stringify({ "england-and-wales": { division: "england-and-wales", events } })]), "bank-holidays.json");
  return call("admin", "/api/v1/bank-holidays", { method: "POST", body: form });
}

describe("bank holidays uploaded", () => {
  test("move the stored deadline the list orders and filters by, at once", async () => {
    const aware = plusDays(-20);
    const { id, reference } = await newCase(aware);
    const page = async () => (await call("partnership", `/api/v1/reviews/${id}`)).body.case;
    const before = (await page()).notification.due_on;
    assert.ok(before < today, "five working days from twenty days ago have passed");
    assert.equal((await listed(reference)).next_due_on, before);
    assert.ok(await listed(reference, "&overdue=yes"), "overdue before the upload");

    // every weekday from the day after awareness to ten days on is now a holiday
    const days = [];
    for (let n = -19; n <= 10; n++) days.push(plusDays(n));
    const r = await uploadHolidays(days);
    assert.equal(r.status, 200, r.text);

    const after = (await page()).notification.due_on;
    assert.ok(after > plusDays(10), `the deadline ${after} moved past the holidays`);
    assert.equal((await listed(reference)).next_due_on, after, "the list's stored deadline is the page's");
    assert.equal(await listed(reference, "&overdue=yes"), undefined, "no longer overdue");
    assert.ok(await listed(reference, "&overdue=no"));
    assert.equal(sql(`SELECT next_due_on FROM review_cases WHERE id = ${id}`), after);
  });

  test("a file changing nothing leaves every stored deadline as it was", async () => {
    const kept = sql("SELECT count(*) || ':' || max(next_due_on) FROM review_cases");
    const days = [];
    for (let n = -19; n <= 10; n++) days.push(plusDays(n));
    const r = await uploadHolidays(days);
    assert.equal(r.status, 200, r.text);
    assert.equal(sql("SELECT count(*) || ':' || max(next_due_on) FROM review_cases"), kept);
  });
});

describe("bank holidays imported by the command", () => {
  test("move the stored deadlines as they are saved, and a later upload keeps them", async () => {
    const { id } = await newCase(plusDays(-40));
    const stored = () => sql(`SELECT next_due_on FROM review_cases WHERE id = ${id}`);
    assert.ok(stored() < today, "five working days from forty days ago have passed");
    // with those uploaded above, every day from the day after awareness to ten days on is a holiday
    const events = [];
    for (let n = -39; n <= -20; n++) if (weekday(plusDays(n))) events.push({ title: `Imported holiday ${n}`, date: plusDays(n) });
    const file = path.join(haven.dir, "bank-holidays.json");
    writeFileSync(file, JSON.stringify({ "england-and-wales": { division: "england-and-wales", events } }));
    const r = runHaven(["import", "bank-holidays", "--db", haven.dbPath, file]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(stored() > plusDays(10), `the stored deadline ${stored()} moved past the holidays`);

    // the server's own copy lacks the command's holidays: an upload counts with the database's whole set
    const moved = stored();
    const r2 = await uploadHolidays([plusDays(200)]);
    assert.equal(r2.status, 200, r2.text);
    assert.equal(stored(), moved, "the upload kept the command's holidays in the stored deadline");
    const page = (await call("partnership", `/api/v1/reviews/${id}`)).body.case;
    assert.equal(page.notification.due_on, moved, "the case's page counts them too, as the list does");
  });
});

/** gov.uk's bank-holidays.json holding holidays from plusDays(first) to plusDays(last), written for the command. */
function holidaysFile(name, first, last) {
  const events = [];
  for (let n = first; n <= last; n++) if (weekday(plusDays(n))) events.push({ title: `Imported holiday ${n}`, date: plusDays(n) });
  const file = path.join(haven.dir, name);
  writeFileSync(file, JSON.stringify({ "england-and-wales": { division: "england-and-wales", events } }));
  return file;
}

describe("bank holidays imported by the command while the server runs", () => {
  test("count in the next deadline the server sets, with no upload or restart", async () => {
    // the server has counted deadlines already: its holiday table is loaded
    await newCase(plusDays(-3));
    // with those above, every day from the day after -60 to ten days on is a holiday
    const r = runHaven(["import", "bank-holidays", "--db", haven.dbPath, holidaysFile("later.json", -59, -40)]);
    assert.equal(r.status, 0, r.stderr);

    const { id, reference } = await newCase(plusDays(-60));
    const stored = sql(`SELECT next_due_on FROM review_cases WHERE id = ${id}`);
    assert.ok(stored > plusDays(10), `the deadline ${stored} the server set skips the command's holidays`);
    const page = (await call("partnership", `/api/v1/reviews/${id}`)).body.case;
    assert.equal(page.notification.due_on, stored, "the case's page counts them too");
    assert.equal((await listed(reference)).next_due_on, stored);
  });

  test(
    "on PostgreSQL, wait for another process's import to commit and count its holidays",
    { skip: !onPostgres && "SQLite's single writer serialises imports already" },
    async () => {
      const { id } = await newCase(plusDays(-90));
      const stored = () => sql(`SELECT next_due_on FROM review_cases WHERE id = ${id}`);
      assert.ok(stored() < today, "five working days from ninety days ago have passed");

      // another process's import, held open: its holidays -89..-75 written, the generation row locked
      const other = spawn("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", haven.dbPath], {
        stdio: ["pipe", "pipe", "pipe"],
      });
      let otherOut = "";
      other.stdout.on("data", (d) => (otherOut += d));
      other.stderr.on("data", (d) => (otherOut += d));
      const holds = (text) => new Promise((resolve) => {
        const check = () => (otherOut.includes(text) ? resolve() : setTimeout(check, 20));
        check();
      });
      const values = [];
      for (let n = -89; n <= -75; n++) if (weekday(plusDays(n))) values.push(`('${plusDays(n)}', 'Held holiday ${n}')`);
      other.stdin.write(
        "BEGIN;\nUPDATE bank_holidays_generation SET generation = generation + 1 WHERE id = 1;\n" +
          `INSERT INTO bank_holidays (date, title) VALUES ${values.join(", ")};\nSELECT 'held';\n`,
      );
      await holds("held");

      // this import (the days after) waits on the held row rather than counting without the held holidays
      const command = spawn(havenBin(), ["import", "bank-holidays", "--db", haven.dbPath, holidaysFile("waits.json", -74, -61)], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let commandErr = "";
      command.stderr.on("data", (d) => (commandErr += d));
      const exited = new Promise((resolve) => command.on("exit", (code) => resolve(code)));
      // until the command waits on a lock, or ends without waiting (which fails below)
      for (let waiting = 0; waiting === 0 && command.exitCode === null; ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        waiting = Number(
          sql(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%bank_holidays_generation%'",
          ),
        );
      }
      assert.equal(command.exitCode, null, "the command waits while the other import holds the row");

      other.stdin.end("COMMIT;\n");
      await new Promise((resolve) => other.on("exit", resolve));
      assert.equal(await exited, 0, commandErr);
      // -89..-61 held and imported, -59..10 before: only -60 is a working day among them, if a weekday
      assert.ok(stored() > plusDays(10), `the stored deadline ${stored()} skips both imports' holidays`);
    },
  );
});

describe("a milestone's date reached", () => {
  let id, milestone;
  const aware = plusDays(-30);
  const milestones = async () => (await call("partnership", `/api/v1/reviews/${id}`)).body.case.milestones;

  before(async () => {
    ({ id } = await newCase(aware));
    const r = await post("partnership", `/api/v1/reviews/${id}/milestones`, { title: "Practitioner event", due_on: plusDays(5) });
    assert.equal(r.status, 200, r.text);
    milestone = r.body.case.milestones[0];
  });

  test("before the local authority became aware, or in the future, is refused naming done_on", async () => {
    for (const done_on of ["1900-01-01", plusDays(-31), plusDays(1)]) {
      let r = await post("partnership", `/api/v1/reviews/${id}/milestones/${milestone.id}`, { done_on });
      assert.equal(r.status, 422, `${done_on}: ${r.text}`);
      assert.deepEqual(errorFields(r.body), ["done_on"]);
      r = await post("partnership", `/api/v1/reviews/${id}/milestones`, { title: "Another", due_on: plusDays(5), done_on });
      assert.equal(r.status, 422, `${done_on}: ${r.text}`);
      assert.deepEqual(errorFields(r.body), ["done_on"]);
    }
    const [r] = (await post("partnership", `/api/v1/reviews/${id}/milestones/${milestone.id}`, { done_on: "1900-01-01" })).body.errors;
    assert.match(r.detail, /The date the milestone was reached must be the same as or after the date the local authority became aware/);
    const now = await milestones();
    assert.equal(now.length, 1, "no milestone added");
    assert.equal(now[0].done_on ?? null, null, "nothing saved");
  });

  test("the day of awareness and today are taken", async () => {
    let r = await post("partnership", `/api/v1/reviews/${id}/milestones/${milestone.id}`, { done_on: aware });
    assert.equal(r.status, 200, r.text);
    r = await post("partnership", `/api/v1/reviews/${id}/milestones`, { title: "Another", due_on: plusDays(5), done_on: today });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual((await milestones()).map((m) => m.done_on).sort(), [aware, today].sort());
  });
});
