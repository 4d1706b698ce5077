// Households and repeat incidents (issue 15): police attend one household
// (an address in a local authority; case and outer spaces ignored) again and
// again; once there are `repeat_count` incidents there within `period_days`
// days (the partnership's setting), each such incident is flagged in the
// chronology of the children matched to it, and the household is listed for
// the front door of its area and for the police, not for anyone else.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query);
let childId;

const daysAgo = (n) => new Date(Date.now() - n * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");
const incident = (ref, days, location) => ({
  police_reference: ref,
  occurred_at: daysAgo(days),
  location,
  la_code: 890,
  risk_level: "medium",
  circumstances: "Fictional circumstances for the household tests.",
  adults: [{ name: "Lee Household", role: "suspect" }],
  children: [{ given_name: "Robin", family_name: "Household", date_of_birth: "2015-05-05", present: true, spoken_to: false }],
});
const flagged = async () =>
  (await call("frontdoor2", `/api/v1/children/${childId}/chronology`)).body.events.filter((e) => e.kind === "repeat-household");

before(async () => {
  haven = await startHaven();
  const res = await post("practitioner", "/api/v1/children", {
    given_name: "Robin", family_name: "Household", date_of_birth: "2015-05-05", sex: "not_known", la_code: 890,
    settings: ["seafront-primary"], confirm_new: true,
  });
  assert.equal(res.status, 201, res.text);
  childId = res.body.id;
  // three incidents at one household in a month (the address written three ways), one at another
  for (const [ref, days, where] of [["HH-1", 30, "3 Repeat Road"], ["HH-2", 20, "3 repeat road "], ["HH-3", 10, "3 REPEAT ROAD"], ["HH-4", 5, "9 Other Street"]]) {
    const r = await post("police", "/api/v1/da-incidents", incident(ref, days, where));
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("households and repeat incidents", () => {
  test("the third incident at one household within a year is flagged in the child's chronology", async () => {
    const events = await flagged();
    assert.equal(events.length, 1, JSON.stringify(events));
    assert.equal(events[0].text, "Repeat incident at the household: 3 incidents at this address in 365 days");
    assert.equal(events[0].record_id, Number(sql("SELECT id FROM da_incidents WHERE police_reference = 'HH-3'")));
    // a school that may not open the incident does not see the flag either
    const dslView = await call("dsl", `/api/v1/children/${childId}/chronology`);
    assert.equal(dslView.status, 404, "the DSL's school is not linked to this child");
  });

  test("the household is listed for the front door of its area and the police, and no one else", async () => {
    const mine = await call("frontdoor2", "/api/v1/households");
    assert.equal(mine.status, 200, mine.text);
    const row = mine.body.households.find((h) => /repeat road/i.test(h.address));
    assert.ok(row, JSON.stringify(mine.body.households));
    assert.equal(row.incidents, 3);
    assert.equal(row.area_name, "Blackpool");
    assert.ok(!mine.body.households.some((h) => /Other Street/.test(h.address)), "one incident is not a repeat");
    assert.ok((await call("police", "/api/v1/households")).body.households.some((h) => /repeat road/i.test(h.address)));
    // Lancashire's front door: another area's household is not theirs
    assert.ok(!(await call("frontdoor", "/api/v1/households")).body.households.some((h) => /repeat road/i.test(h.address)));
    for (const who of ["dsl", "practitioner", "idva"]) assert.equal((await call(who, "/api/v1/households")).status, 403, who);
    const page = await call("frontdoor2", "/households");
    assert.equal(page.status, 200);
    assert.match(page.text, /3 Repeat Road/i);
  });

  test("the list shows addresses and counts, no child: its audit row names no child, as any such list's", async () => {
    for (const path of ["/api/v1/households", "/households"]) {
      const list = await call("frontdoor2", path);
      assert.equal(list.status, 200, list.text);
      assert.doesNotMatch(list.text, /Robin/, `${path} shows no child`);
      const row = sql("SELECT max(a.id) FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.action = 'household.repeats' AND u.email = 'frontdoor2@demo.haven.example'");
      assert.match(row, /^[1-9]\d*$/, `${path} is audited`);
      assert.equal(Number(sql(`SELECT count(*) FROM audit_children WHERE audit_id = ${row}`)), 0, `${path}: its row names no child`);
    }
  });

  test("the IDVA working a referral sees the children of the victim's household, and the trail records it", async () => {
    // a later incident at the household with an adult victim, reported without the child: referred to the IDVA service
    const r = await post("police", "/api/v1/da-incidents", {
      ...incident("HH-5", 2, "3 Repeat Road"),
      risk_level: "high",
      adults: [{ name: "Pat Household", role: "victim", contact_phone: "01632 960002", safe_to_call: true, safe_to_leave_message: false }],
      children: [],
    });
    assert.equal(r.status, 201, r.text);
    const referral = Number(sql("SELECT r.id FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id WHERE i.police_reference = 'HH-5'"));
    assert.ok(referral > 0, "referred");
    const before = Number(sql("SELECT coalesce(max(id), 0) FROM audit_log"));
    const res = await call("idva", `/api/v1/provide/referrals/${referral}`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.household_children.map((c) => [c.id, c.given_name, c.family_name, c.settings]), [
      [childId, "Robin", "Household", "Seafront Primary School (fictional)"],
    ]);
    assert.ok(res.body.household_children[0].age >= 10);
    const shown = sql(`SELECT child_id FROM audit_children WHERE audit_id = (SELECT id FROM audit_log WHERE id > ${before} AND action = 'provide.read')`);
    assert.ok(shown.split("\n").includes(String(childId)), shown);
    const page = await call("idva", `/provide/referrals/${referral}`);
    assert.match(page.text, /Children of the household/);
    assert.match(page.text, /Robin Household/);
    // the API's answer to an attempt or an outcome shows the household's children again: each change's row names them
    // (the referral's own incident names none)
    const lastRecordChildren = () =>
      sql(`SELECT child_id FROM audit_children WHERE audit_id = (SELECT max(id) FROM audit_log WHERE action = 'provide.record' AND resource_id = '${referral}')`);
    const attempt = await post("idva", `/api/v1/provide/referrals/${referral}/attempts`, { attempted_at: new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, "Z"), method: "phone", result: "no_answer" });
    assert.equal(attempt.status, 201, attempt.text);
    assert.deepEqual(attempt.body.household_children.map((c) => c.id), [childId]);
    assert.equal(lastRecordChildren(), String(childId), "the attempt's row names the child its answer shows");
    const outcome = await post("idva", `/api/v1/provide/referrals/${referral}/outcome`, { outcome: "could_not_contact" });
    assert.equal(outcome.status, 200, outcome.text.slice(0, 300));
    assert.deepEqual(outcome.body.household_children.map((c) => c.id), [childId]);
    assert.equal(lastRecordChildren(), String(childId), "the outcome's row names the child its answer shows");
  });

  test("the partnership sets the count and period; the flags follow; bad settings are refused naming the field", async () => {
    let res = await post("partnership", "/api/v1/households/settings", { repeat_count: 2, period_days: 365 });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual((await flagged()).map((e) => e.text), [
      "Repeat incident at the household: 2 incidents at this address in 365 days",
      "Repeat incident at the household: 3 incidents at this address in 365 days",
    ]);
    res = await post("partnership", "/api/v1/households/settings", { repeat_count: 3, period_days: 15 });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(await flagged(), [], "no three incidents within 15 days");
    const before = sql("SELECT repeat_count || '/' || period_days FROM household_settings");
    res = await post("partnership", "/api/v1/households/settings", { repeat_count: 1, period_days: 0 });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body).sort(), ["period_days", "repeat_count"]);
    assert.equal(sql("SELECT repeat_count || '/' || period_days FROM household_settings"), before);
    assert.equal((await post("frontdoor2", "/api/v1/households/settings", { repeat_count: 2, period_days: 30 })).status, 403);
    assert.equal(Number(sql("SELECT count(*) FROM audit_log WHERE action = 'household.settings'")), 2);
  });
});
