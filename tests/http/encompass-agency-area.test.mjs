// An agency's local authority is whose term dates its Operation Encompass
// deadlines are counted with (encompass-deadlines-move.test.mjs has the terms,
// a school day start and "deliver in holidays"). When a setting moves to
// another authority — the administrator's PATCH of the agency (its page is the
// same change), `haven agency update`, or a GIAS import (`haven import
// settings`) that has the school in another authority — its open deadlines
// are counted again with the new authority's terms, in the unit of work of the
// change: a notification not yet acknowledged (due_at) and a child the police
// named the school for who still waits to be matched (waiting_due_at). An
// acknowledged notification keeps the deadline it was answered against, and a
// change that leaves the authority where it was moves nothing. Before, the
// deadlines stayed counted with the old authority's terms.
//
// The fixed incident is on Friday 22 May 2026 at 19:30 UTC. Blackburn with
// Darwen (889) is back from half term on Monday 1 June, Blackpool (890) on
// Thursday 28 May; Brookfield Primary (URN 990001) starts at 08:45 (07:45Z).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { apiClient, sqlRows, sqlText } from "../lib/api.mjs";
import { incidentAbout, incidentChild as child, notificationOfIncident } from "../lib/encompass.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";
import { ROWS, gias, windows1252 } from "./data/make-gias-fixture.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query).trim();
const notificationOf = (ref) => notificationOfIncident((q) => sqlRows(haven.dbPath, q), ref);
const dueOf = (id) => sql(`SELECT due_at FROM encompass_notifications WHERE id = ${id}`);
/** The deadline of incident `ref`'s child still waiting to be matched. */
const waitingDue = (ref) =>
  sql("SELECT c.waiting_due_at FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id" +
    ` WHERE i.police_reference = '${ref}' AND c.match_status = 'unresolved'`);
const termsFile = (terms) => ["name,first_day,last_day", ...terms.map((t) => t.join(","))].join("\n") + "\n";

async function uploadTerms(la, csv) {
  const form = new FormData();
  form.append("file", new Blob([csv]), "terms.csv");
  const r = await call("admin", `/api/v1/local-authorities/${la}/term-dates`, { method: "POST", body: form });
  assert.equal(r.status, 200, r.text);
}

const IN_889 = "2026-06-01T07:45:00Z";
const IN_890 = "2026-05-28T07:45:00Z";
let open, acknowledged;

before(async () => {
  haven = await startHaven();
  await uploadTerms(889, termsFile([["Summer 1", "2026-04-13", "2026-05-22"], ["Summer 2", "2026-06-01", "2026-07-22"]]));
  await uploadTerms(890, termsFile([["Summer 1", "2026-04-13", "2026-05-22"], ["Summer 2", "2026-05-28", "2026-07-22"]]));
  // Alex is on the register at Brookfield (notified); Nell has no date of birth and waits for a person, the
  // police having named Brookfield as her school
  const occurred = "2026-05-22T19:30:00Z";
  let r = await post("police", "/api/v1/da-incidents", incidentAbout("AREA-OPEN", occurred, [
    child("Alex", "Example", "2016-04-12"),
    child("Nell", "Nodate", null, { setting_urn: 990001 }),
  ], "a setting's authority changing"));
  assert.equal(r.status, 201, r.text);
  r = await post("police", "/api/v1/da-incidents", incidentAbout("AREA-ANSWERED", occurred, [child("Alex", "Example", "2016-04-12")], "a setting's authority changing"));
  assert.equal(r.status, 201, r.text);
  open = notificationOf("AREA-OPEN");
  acknowledged = notificationOf("AREA-ANSWERED");
  r = await post("dsl", `/api/v1/encompass/notifications/${acknowledged}/acknowledgement`);
  assert.equal(r.status, 200, r.text);
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0, haven.stderrLines().slice(-20).join("\n"));
});

describe("a setting's open deadlines move with its local authority", () => {
  test("counted with Blackburn with Darwen's terms", () => {
    assert.equal(dueOf(open), IN_889);
    assert.equal(waitingDue("AREA-OPEN"), IN_889);
    assert.equal(dueOf(acknowledged), IN_889);
  });

  test("the administrator moves Brookfield to Blackpool: Blackpool's terms", async () => {
    const r = await call("admin", "/api/v1/agencies/brookfield-primary", { method: "PATCH", json: { la: [890] } });
    assert.equal(r.status, 200, r.text);
    assert.equal(dueOf(open), IN_890);
    assert.equal(waitingDue("AREA-OPEN"), IN_890);
    // as the police's next incident is counted
    const next = await post("police", "/api/v1/da-incidents", incidentAbout("AREA-NEXT", "2026-05-22T19:30:00Z",
      [child("Alex", "Example", "2016-04-12")], "a setting's authority changing"));
    assert.equal(next.status, 201, next.text);
    assert.equal(dueOf(notificationOf("AREA-NEXT")), IN_890);
    // the one answered keeps the deadline it was answered against
    assert.equal(dueOf(acknowledged), IN_889);
  });

  test("a change that leaves the authority where it was moves nothing", async () => {
    // a deadline set by hand stands, as nothing it depends on changed
    sql(`UPDATE encompass_notifications SET due_at = '2026-05-29T07:45:00Z' WHERE id = ${open}`);
    const r = await call("admin", "/api/v1/agencies/brookfield-primary", { method: "PATCH", json: { name: "Brookfield Primary School (fictional)" } });
    assert.equal(r.status, 200, r.text);
    assert.equal(dueOf(open), "2026-05-29T07:45:00Z");
    sql(`UPDATE encompass_notifications SET due_at = '${IN_890}' WHERE id = ${open}`);
  });

  test("`haven agency update` moves it back: Blackburn with Darwen's terms again", () => {
    const r = runHaven(["agency", "update", "--db", haven.dbPath, "--slug", "brookfield-primary", "--la", "889"]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(dueOf(open), IN_889);
    assert.equal(waitingDue("AREA-OPEN"), IN_889);
  });

  test("a GIAS import with the school in Blackpool: Blackpool's terms", () => {
    const brookfield = { ...ROWS[0], URN: "990001", "LA (code)": "890", "LA (name)": "Blackpool",
      EstablishmentName: "Brookfield Primary School (fictional)" };
    const file = path.join(haven.dir, "edubasealldata-brookfield.csv");
    writeFileSync(file, windows1252(gias([brookfield])));
    const r = runHaven(["import", "settings", "--db", haven.dbPath, file]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql("SELECT la_code FROM agencies WHERE slug = 'brookfield-primary'"), "890");
    assert.equal(dueOf(open), IN_890);
    assert.equal(waitingDue("AREA-OPEN"), IN_890);
    assert.equal(dueOf(acknowledged), IN_889);
  });
});
