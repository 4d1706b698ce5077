// A police force's figures count each incident in the reporting year of its
// London day, however its time is written. The force's own figures (Operation
// Provide's and Operation Encompass's, read row by row for one force) read its
// incidents through the index by force and time (migration 0181): a text range
// on occurred_at with a day's margin, beside the exact test of the instant
// (src/areas/incidents/occurred.h). These incidents sit at the turn of the
// reporting year, where London is on BST: 23:30 on 31 March is 22:30 UTC and
// still 2024-25; 00:30 on 1 April is 23:30 UTC on 31 March and already
// 2025-26. Two are stored with an offset, as nothing in the schema forbids:
// their text's date is not their UTC date, so a text range without the margin
// would put them in the wrong year.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlRows, timeAfter } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const force = "police.cumbria.years@forces.example";
const password = "amber orchard ladder 4 pebble";
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000, passwords: { [force]: password } });
const sql = (query) => sqlRows(haven.dbPath, query);

const YEAR_2024 = "from=2024-04-01&to=2025-03-31";
const YEAR_2025 = "from=2025-04-01&to=2026-03-31";

/*
 * The force's incidents: the time it sends (UTC), the text stored in its place
 * (the same instant unless an offset is given), minutes to the school's
 * acknowledgement, and whether its victim stays referred.
 */
const INCIDENTS = [
  // 23:30 BST on 31 March: 2024-25
  { ref: "YR-1", sent: "2025-03-31T22:30:00Z", ack: 30, referred: true },
  // 00:30 BST on 1 April: 2025-26
  { ref: "YR-2", sent: "2025-03-31T23:30:00Z", ack: 30, referred: true },
  // 23:20 BST on 31 March, written with +02:00, so its text's date is 1 April: 2024-25
  { ref: "YR-3", sent: "2025-03-31T22:20:00Z", stored: "2025-04-01T00:20:00+02:00", ack: 90, referred: false },
  // 00:40 BST on 1 April, written with -01:00, so its text's date is 31 March: 2025-26
  { ref: "YR-4", sent: "2025-03-31T23:40:00Z", stored: "2025-03-31T22:40:00-01:00", ack: 90, referred: false },
  // the morning of 1 April: 2025-26
  { ref: "YR-5", sent: "2025-04-01T09:00:00Z", ack: 150, referred: true },
];

/** A high-risk incident in Lancashire (888) whose one child is on the register at Ribblebank Primary. */
const incident = (ref, at) => ({
  police_reference: ref,
  occurred_at: at,
  location: "7 Yearend Row",
  la_code: 888,
  risk_level: "high",
  circumstances: "Verbal argument between adults; children upstairs.",
  adults: [{ name: `Pat Yearend ${ref}`, role: "victim", contact_phone: "01632 960779", safe_to_call: true, safe_to_leave_message: false, safe_times: "any time" }],
  children: [{ given_name: "Lou", family_name: "Yearend", date_of_birth: "2015-06-06", present: true, spoken_to: false }],
});

before(async () => {
  haven = await startHaven();
  // a force of its own, so its figures are exactly the incidents below
  let r = await post("admin", "/api/v1/agencies", { type: "police", name: "Cumbria Constabulary (years test)", la: [888, 890] });
  assert.equal(r.status, 201, r.text);
  const slug = sql("SELECT slug FROM agencies WHERE name = 'Cumbria Constabulary (years test)';")[0].slug;
  r = await post("admin", "/api/v1/users", { name: "Yan Cumbria", email: force, agency: slug, roles: ["police"], password });
  assert.equal(r.status, 201, r.text);
  r = await post("police", "/api/v1/children", {
    given_name: "Lou", family_name: "Yearend", date_of_birth: "2015-06-06", la_code: 888, settings: ["ribblebank-primary"], confirm_new: true,
  });
  assert.equal(r.status, 201, r.text);
  for (const x of INCIDENTS) {
    r = await post(force, "/api/v1/da-incidents", incident(x.ref, x.sent));
    assert.equal(r.status, 201, r.text);
    const id = Number(r.body.id);
    if (x.stored) sql(`UPDATE da_incidents SET occurred_at = '${x.stored}' WHERE id = ${id};`);
    sql(`UPDATE encompass_notifications SET acknowledged_at = '${timeAfter(x.sent, x.ack * 60)}',
           acknowledged_by = (SELECT id FROM users WHERE email = 'dsl@demo.haven.example')
         WHERE incident_child_id IN (SELECT id FROM da_incident_children WHERE incident_id = ${id});`);
    if (!x.referred) sql(`DELETE FROM idva_referrals WHERE incident_id = ${id};`);
  }
  const stored = sql("SELECT count(*) AS n FROM da_incidents WHERE police_reference LIKE 'YR-%' AND occurred_at LIKE '%:00Z';")[0].n;
  assert.equal(stored, 3, "three stored as sent, two with an offset");
});

after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/** Operation Encompass's figures as the force reads them: [incidents, notifications, acknowledged, median minutes]. */
async function encompass(query) {
  const r = await call(force, `/api/v1/encompass/figures?${query}`);
  assert.equal(r.status, 200, r.text);
  const p = r.body.partnership;
  return [p.incidents, p.notifications, p.acknowledged, p.median_minutes_to_acknowledgement];
}

/** Operation Provide's figures as the force reads them: [referrals, victims not referred]. */
async function provide(query) {
  const r = await call(force, `/api/v1/provide/figures?${query}`);
  assert.equal(r.status, 200, r.text);
  return [r.body.total?.referrals ?? 0, r.body.not_referred_total];
}

describe("a force's figures put each incident in the reporting year of its London day", () => {
  test("Operation Encompass: 23:30 on 31 March in 2024-25, 00:30 on 1 April in 2025-26, whatever the offset written", async () => {
    assert.deepEqual(await encompass(YEAR_2024), [2, 2, 2, 60], "YR-1 and YR-3: the median of 30 and 90 minutes");
    assert.deepEqual(await encompass(YEAR_2025), [3, 3, 3, 90], "YR-2, YR-4 and YR-5");
    assert.deepEqual(await encompass("from=2025-03-31&to=2025-03-31"), [2, 2, 2, 60], "31 March alone");
    assert.deepEqual(await encompass("from=2025-04-01&to=2025-04-01"), [3, 3, 3, 90], "1 April alone");
    assert.deepEqual(await encompass("from=2024-04-01&to=2026-03-31"), [5, 5, 5, 90], "both years");
  });

  test("Operation Provide: the referrals and the victims not referred fall in the same years", async () => {
    assert.deepEqual(await provide(YEAR_2024), [1, 1], "YR-1 referred, YR-3's victim not");
    assert.deepEqual(await provide(YEAR_2025), [2, 1], "YR-2 and YR-5 referred, YR-4's victim not");
    assert.deepEqual(await provide("from=2025-03-31&to=2025-03-31"), [1, 1]);
    assert.deepEqual(await provide("from=2025-04-01&to=2025-04-01"), [2, 1]);
  });
});
