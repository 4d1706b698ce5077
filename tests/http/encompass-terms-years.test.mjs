// A local authority that keeps years of term dates: every term that can
// decide a deadline is read, however many the authority holds. Before, the
// deadline read the first 400 terms of the authority in whatever order the
// database gave, so an authority with older years uploaded (here 399 one-day
// terms of 2024-25 and 2025-26) lost this year's later terms: today looked like
// a holiday and a notification fell due at the start of the next school year,
// nine months late, and the recount moved open ones there too.
//
// The incident is on Friday 20 November 2026 at 19:30 UTC, in term: its
// notification is due at the start of Monday 23 November (08:45 GMT).
//
// And a term that runs past 31 August is refused: it would count for the next
// school year too, making that year's weekdays outside it holidays, so a
// deadline in a year with no other terms listed fell a year late. One stored
// before that refusal is still kept, so a later file's term overlapping it is
// refused too (before, a file was checked for overlaps only within itself).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlRows, sqlText } from "../lib/api.mjs";
import { incidentAbout, incidentChild as child, notificationOfIncident } from "../lib/encompass.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 30_000 });
const sql = (query) => sqlText(haven.dbPath, query).trim();
const notificationOf = (ref) => notificationOfIncident((q) => sqlRows(haven.dbPath, q), ref);
const dueOf = (id) => sql(`SELECT due_at FROM encompass_notifications WHERE id = ${id}`);

/** Term dates of Blackburn with Darwen (889), uploaded by the administrator through the API. */
async function uploadTerms(terms) {
  const r = await postTerms(terms);
  assert.equal(r.status, 200, r.text);
}

/** The same, answered as it is: `terms` as rows [name, first_day, last_day]. */
function postTerms(terms) {
  const csv = ["name,first_day,last_day", ...terms.map((t) => t.join(","))].join("\n") + "\n";
  const form = new FormData();
  form.append("file", new Blob([csv]), "terms.csv");
  return call("admin", "/api/v1/local-authorities/889/term-dates", { method: "POST", body: form });
}

/** `count` one-day terms on the weekdays from `first` (YYYY-MM-DD) on. */
function oneDayTerms(first, count) {
  const terms = [];
  for (const day = new Date(`${first}T12:00:00Z`); terms.length < count; day.setUTCDate(day.getUTCDate() + 1)) {
    if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
    const iso = day.toISOString().slice(0, 10);
    terms.push([`Day ${terms.length + 1}`, iso, iso]);
  }
  return terms;
}

const thisYear = [
  ["Autumn 1", "2026-09-02", "2026-10-23"],
  ["Autumn 2", "2026-11-02", "2026-12-18"],
  ["Spring 1", "2027-01-05", "2027-02-12"],
  ["Spring 2", "2027-02-22", "2027-03-26"],
  ["Summer 1", "2027-04-12", "2027-05-28"],
  ["Summer 2", "2027-06-07", "2027-07-21"],
];

before(async () => {
  haven = await startHaven();
  await uploadTerms(thisYear);
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0, haven.stderrLines().slice(-20).join("\n"));
});

test("years of older terms neither move an open deadline nor a new one", async () => {
  let r = await post("police", "/api/v1/da-incidents",
    incidentAbout("YRS-OPEN", "2026-11-20T19:30:00Z", [child("Alex", "Example", "2016-04-12")], "years of terms"));
  assert.equal(r.status, 201, r.text);
  const open = notificationOf("YRS-OPEN");
  assert.equal(dueOf(open), "2026-11-23T08:45:00Z");

  // two earlier school years, each uploaded as it was kept: 399 one-day terms in all
  await uploadTerms(oneDayTerms("2024-09-02", 200));
  await uploadTerms(oneDayTerms("2025-09-01", 199));
  assert.equal(Number(sql("SELECT count(*) FROM school_terms WHERE la_code = 889")), 405);

  assert.equal(dueOf(open), "2026-11-23T08:45:00Z", "the recount read this year's terms");
  r = await post("police", "/api/v1/da-incidents",
    incidentAbout("YRS-NEW", "2026-11-20T19:30:00Z", [child("Alex", "Example", "2016-04-12")], "years of terms"));
  assert.equal(r.status, 201, r.text);
  assert.equal(dueOf(notificationOf("YRS-NEW")), "2026-11-23T08:45:00Z");
});

test("a term that runs past 31 August is refused naming its row, and changes nothing", async () => {
  const terms = sql("SELECT count(*) || ' ' || max(last_day) FROM school_terms WHERE la_code = 889");
  const audits = sql("SELECT count(*) FROM audit_log WHERE action = 'incident.term_dates'");
  const r = await postTerms([
    ["Spring 2026", "2026-01-05", "2026-03-27"],
    ["Summer 2026", "2026-04-20", "2026-09-04"],
  ]);
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(r.body.errors.map((e) => [e.field, e.detail]), [
    ["file", "Row 3: a term must end by 31 August of the school year it starts in (last_day 2026-09-04 is after 2026-08-31)"],
  ]);
  assert.equal(sql("SELECT count(*) || ' ' || max(last_day) FROM school_terms WHERE la_code = 889"), terms, "nothing changed");
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'incident.term_dates'"), audits);
  // ending on 31 August itself is still in the school year
  await uploadTerms([["Summer 2026", "2026-04-20", "2026-08-31"]]);
});

test("a term overlapping one kept from a year the file does not replace is refused naming its row, by upload and command alike", async () => {
  // a term of 2029-30 stored before the import refused one running past 31 August, into 2030-31
  sql("INSERT INTO school_terms (la_code, first_day, last_day, name) VALUES (889, '2030-06-03', '2030-09-06', 'Summer 2030 kept')");
  const kept = () => sqlRows(haven.dbPath, "SELECT name, first_day FROM school_terms WHERE la_code = 889 AND first_day >= '2030-01-01' ORDER BY first_day")
    .map((t) => `${t.name} ${t.first_day}`).join("; ");
  const before = kept();
  const audits = sql("SELECT count(*) FROM audit_log WHERE action = 'incident.term_dates'");
  const nextYear = [
    ["Autumn 2030", "2030-09-02", "2030-10-25"],
    ["Spring 2031", "2031-01-06", "2031-03-28"],
  ];
  const problem = 'the term "Autumn 2030" (2030-09-02 to 2030-10-25) overlaps the term "Summer 2030 kept" (2030-06-03 to 2030-09-06) already kept for this local authority, of a school year this file does not replace';
  const r = await postTerms(nextYear);
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(r.body.errors.map((e) => [e.field, e.detail]), [["file", `Row 2: ${problem}`]]);
  assert.equal(kept(), before, "nothing imported");
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'incident.term_dates'"), audits);

  // `haven import term-dates`, CSV and JSON: the same problem by its row or place, nothing imported
  const dir = mkdtempSync(path.join(os.tmpdir(), "haven-terms-"));
  const csv = path.join(dir, "terms.csv"), json = path.join(dir, "terms.json");
  writeFileSync(csv, ["name,first_day,last_day", ...nextYear.map((t) => t.join(","))].join("\n") + "\n");
  writeFileSync(json, JSON.stringify(nextYear.map(([name, first_day, last_day]) => ({ name, first_day, last_day }))));
  for (const [file, where] of [[csv, "row 2"], [json, "terms[0]"]]) {
    const c = runHaven(["import", "term-dates", "--db", haven.dbPath, "--la", "889", file]);
    assert.equal(c.status, 1, c.stderr);
    assert.ok(c.stderr.includes(`haven: ${file}: ${where}: ${problem}\n`), c.stderr);
    assert.match(c.stderr, /nothing was imported/);
    assert.equal(kept(), before, "nothing imported");
  }
  rmSync(dir, { recursive: true, force: true });

  // a file that replaces the kept term's year too is judged on its own terms, and replaces it
  await uploadTerms([["Summer 2030", "2030-06-03", "2030-07-19"], ...nextYear]);
  assert.equal(kept(), "Summer 2030 2030-06-03; Autumn 2030 2030-09-02; Spring 2031 2031-01-06");
});
