// A child the police named a setting for that Haven did not know waits for a person, with the deadline its
// notification would have (waiting_due_at), counted as if no setting were known. When a setting comes to
// answer to that name or URN (an administrator renames or adds a school; `haven import settings` adds one
// from GIAS or renames one), the child's deadline is counted again for it: its school day start, and its
// local authority's terms. Before, the stored deadline kept the one counted without the setting, so the
// waiting job escalated the child by a school day the setting does not keep.
//
// The incident is on Friday 22 May 2026 at 19:30 UTC, before the spring bank holiday: with no setting
// known, each child is due at 08:45 on Tuesday 26 May (07:45 UTC).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { apiClient, sqlText } from "../lib/api.mjs";
import { incidentAbout, incidentChild as child } from "../lib/encompass.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";
import { gias, windows1252 } from "./data/make-gias-fixture.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query).trim();

/** The deadline of the child `given` of incident WSN-1 while it waits to be matched. */
const waitingDue = (given) =>
  sql("SELECT c.waiting_due_at FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id" +
    ` WHERE i.police_reference = 'WSN-1' AND c.given_name = '${given}' AND c.match_status = 'unresolved'`);

before(async () => {
  haven = await startHaven();
  const r = await post("police", "/api/v1/da-incidents", incidentAbout("WSN-1", "2026-05-22T19:30:00Z", [
    child("Nina", "Nodate", null, { setting_name: "Renamed Primary (fictional)" }),
    child("Nico", "Nodate", null, { setting_urn: 990777 }),
  ], "waiting children and settings"));
  assert.equal(r.status, 201, r.text);
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0, haven.stderrLines().slice(-20).join("\n"));
});

test("no setting known by the police's name or URN: counted from the usual school day start", () => {
  assert.equal(waitingDue("Nina"), "2026-05-26T07:45:00Z");
  assert.equal(waitingDue("Nico"), "2026-05-26T07:45:00Z");
});

test("a school renamed to the police's name counts the child's deadline by its school day, and back", async () => {
  let r = await call("dsl", "/api/v1/settings/" + sql("SELECT id FROM agencies WHERE slug = 'brookfield-primary'") + "/school-day-start",
    { method: "PUT", json: { school_day_start: "08:15" } });
  assert.equal(r.status, 200, r.text);
  assert.equal(waitingDue("Nina"), "2026-05-26T07:45:00Z", "not Brookfield's yet");
  const name = sql("SELECT name FROM agencies WHERE slug = 'brookfield-primary'");
  r = await call("admin", "/api/v1/agencies/brookfield-primary", { method: "PATCH", json: { name: "Renamed Primary (fictional)" } });
  assert.equal(r.status, 200, r.text);
  assert.equal(waitingDue("Nina"), "2026-05-26T07:15:00Z", "Brookfield's 8:15am now");
  r = await call("admin", "/api/v1/agencies/brookfield-primary", { method: "PATCH", json: { name } });
  assert.equal(r.status, 200, r.text);
  assert.equal(waitingDue("Nina"), "2026-05-26T07:45:00Z", "no setting by that name again");
  assert.equal(waitingDue("Nico"), "2026-05-26T07:45:00Z", "the other child's is untouched");
});

test("a GIAS import adding the school with the police's URN counts the child's deadline by its authority's terms", async () => {
  // Lancashire (888) is on half term in the week of the bank holiday: back on Monday 1 June
  const form = new FormData();
  form.append("file", new Blob(["name,first_day,last_day\nSummer 1,2026-04-13,2026-05-22\nSummer 2,2026-06-01,2026-07-22\n"]), "terms.csv");
  let r = await call("admin", "/api/v1/local-authorities/888/term-dates", { method: "POST", body: form });
  assert.equal(r.status, 200, r.text);
  assert.equal(waitingDue("Nico"), "2026-05-26T07:45:00Z", "no setting known by the URN: the incident's authority's (no terms)");
  const file = path.join(haven.dir, "edubasealldata-waiting.csv");
  writeFileSync(file, windows1252(gias([{
    URN: "990777", "LA (code)": "888", "LA (name)": "Lancashire", EstablishmentName: "Hillside Primary School (fictional)",
    "TypeOfEstablishment (name)": "Community school", "PhaseOfEducation (name)": "Primary",
    "EstablishmentStatus (name)": "Open", StatutoryLowAge: "4", StatutoryHighAge: "11", Postcode: "ZZ99 7HP",
  }])));
  const c = runHaven(["import", "settings", "--db", haven.dbPath, file]);
  assert.equal(c.status, 0, c.stderr);
  assert.equal(waitingDue("Nico"), "2026-06-01T07:45:00Z", "the new setting's first day back");
  assert.equal(waitingDue("Nina"), "2026-05-26T07:45:00Z");
});
