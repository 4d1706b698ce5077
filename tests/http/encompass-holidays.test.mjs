// A bank holiday removed or imported moves the Operation Encompass deadlines
// already stored: a notification not yet acknowledged (due_at) and a child
// still waiting to be matched (waiting_due_at) are counted again from their
// incident, in the unit of work that changes the holidays (each area's
// working_days_changed), as the police's next incident would be. Before, they
// kept the deadline counted with the old holidays, so the escalation ladder
// and the waiting job came a working day late (a holiday removed) or early (a
// holiday imported). An acknowledged notification keeps the deadline it was
// answered against.
//
// The incident is on Friday 22 May 2026 at 19:30 UTC; Monday 25 May is the
// spring bank holiday (built in), so the next school day starts on Tuesday
// 26 May: at 08:50 BST (07:50Z) at Brookfield, whose start is set here, and at
// the usual 08:45 (07:45Z) for a child whose setting is not known yet.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlRows, sqlText } from "../lib/api.mjs";
import { incidentAbout, incidentChild as child, notificationOfIncident } from "../lib/encompass.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query).trim();

const occurred_at = "2026-05-22T19:30:00Z";
const incident = (ref, children) => incidentAbout(ref, occurred_at, children, "bank holidays and stored deadlines");

/** The one notification of the incident `ref`. */
const notificationOf = (ref) => notificationOfIncident((q) => sqlRows(haven.dbPath, q), ref);
const dueOf = (id) => sql(`SELECT due_at FROM encompass_notifications WHERE id = ${id}`);
/** The deadlines of the children waiting to be matched: Noel's (no setting known) and Nell's (Brookfield's). */
const waitingDue = () =>
  sql("SELECT c.waiting_due_at FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id" +
    " WHERE i.police_reference = 'HOL-OPEN' AND c.match_status = 'unresolved' ORDER BY c.position").split("\n");

/** gov.uk's bank-holidays.json holding `dates`, uploaded by the administrator through the API. */
async function uploadHolidays(dates) {
  const events = dates.map((date, i) => ({ title: `Test holiday ${i + 1}`, date, notes: "", bunting: false }));
  const form = new FormData();
  form.append("file", new Blob([JSON.stringify({ "england-and-wales": { division: "england-and-wales", events } })]), "bank-holidays.json");
  const r = await call("admin", "/api/v1/bank-holidays", { method: "POST", body: form });
  assert.equal(r.status, 200, r.text);
}

let open, acknowledged;

before(async () => {
  haven = await startHaven();
  sql(`INSERT INTO settings (agency_id, urn, establishment_type, phase, status, school_day_start)
      SELECT id, 119001, 'Community school', 'Primary', 'Open', '08:50' FROM agencies WHERE slug = 'brookfield-primary'
      ON CONFLICT (agency_id) DO UPDATE SET urn = excluded.urn, school_day_start = excluded.school_day_start;`);
  // Alex is on the register at Brookfield (matched, notified); Noel and Nell have no date of birth (they wait
  // for a person), and the police named Brookfield as Nell's school, so hers is counted from its start
  let r = await post("police", "/api/v1/da-incidents", incident("HOL-OPEN", [
    child("Alex", "Example", "2016-04-12"),
    child("Noel", "Nodate"),
    child("Nell", "Nodate", null, { setting_urn: 119001 }),
  ]));
  assert.equal(r.status, 201, r.text);
  r = await post("police", "/api/v1/da-incidents", incident("HOL-ANSWERED", [child("Alex", "Example", "2016-04-12")]));
  assert.equal(r.status, 201, r.text);
  open = notificationOf("HOL-OPEN");
  acknowledged = notificationOf("HOL-ANSWERED");
  r = await post("dsl", `/api/v1/encompass/notifications/${acknowledged}/acknowledgement`);
  assert.equal(r.status, 200, r.text);
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

test("the deadlines counted past the spring bank holiday", () => {
  assert.equal(dueOf(open), "2026-05-26T07:50:00Z");
  assert.equal(dueOf(acknowledged), "2026-05-26T07:50:00Z");
  assert.deepEqual(waitingDue(), ["2026-05-26T07:45:00Z", "2026-05-26T07:50:00Z"]);
});

test("removing the holiday moves the open notification's and the waiting child's deadlines a day sooner", async () => {
  const r = await post("admin", "/api/v1/bank-holidays/2026-05-25/remove", { reason: "Moved, for the test" });
  assert.equal(r.status, 200, r.text);
  assert.equal(dueOf(open), "2026-05-25T07:50:00Z");
  assert.deepEqual(waitingDue(), ["2026-05-25T07:45:00Z", "2026-05-25T07:50:00Z"]);
  // as the next incident the police send is counted
  const again = await post("police", "/api/v1/da-incidents", incident("HOL-AFTER", [child("Alex", "Example", "2016-04-12")]));
  assert.equal(again.status, 201, again.text);
  assert.equal(dueOf(notificationOf("HOL-AFTER")), dueOf(open));
  // what the recipient reads is the stored deadline
  const shown = await call("dsl", `/api/v1/encompass/notifications/${open}`);
  assert.equal(shown.status, 200, shown.text);
  assert.equal(shown.body.notification.due_at, "2026-05-25T07:50:00Z");
  // the one answered keeps the deadline it was answered against
  assert.equal(dueOf(acknowledged), "2026-05-26T07:50:00Z");
});

test("an import listing it again moves them back; one adding a holiday moves them later", async () => {
  await uploadHolidays(["2026-05-25"]);
  assert.equal(dueOf(open), "2026-05-26T07:50:00Z");
  assert.deepEqual(waitingDue(), ["2026-05-26T07:45:00Z", "2026-05-26T07:50:00Z"]);
  await uploadHolidays(["2026-05-26"]);
  assert.equal(dueOf(open), "2026-05-27T07:50:00Z");
  assert.deepEqual(waitingDue(), ["2026-05-27T07:45:00Z", "2026-05-27T07:50:00Z"]);
  assert.equal(dueOf(acknowledged), "2026-05-26T07:50:00Z");
});
