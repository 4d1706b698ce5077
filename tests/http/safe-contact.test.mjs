// Safe contact enforced (issue 16, point 6; src/areas/provide): an IDVA's
// contact attempt that goes against what police recorded about the victim —
// a message left when police said not to (or did not say it was safe), a
// call or text when police said not to call (or did not say it was safe), a
// call or text outside the safe times — is refused with an error on
// safe_contact_reason until they say why it was safe; the reason is kept
// with the attempt and written in its audit row. Attempts within the
// instructions need no reason. The safe times are police's own words
// ("Weekdays 10:00 to 14:00 only"), read by provide_safe_times_read (unit
// cases in tests/unit/test_provide_rules.c). The incident is moved to a
// known Monday so each attempt's time is fixed.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven, id;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const attempts = () => Number(sql(`SELECT count(*) FROM idva_contact_attempts WHERE referral_id = ${id}`));
const VICTIM = "role = 'victim' AND incident_id = (SELECT id FROM da_incidents WHERE police_reference = 'DEMO-PRV-0001')";

before(async () => {
  haven = await startHaven();
  const list = await call("idva", "/api/v1/provide/referrals?limit=200");
  id = list.body.referrals.find((r) => r.police_reference === "DEMO-PRV-0001").id;
  // Monday 2 November 2026, 08:00 GMT; police: weekdays 10:00 to 14:00, no messages
  sql(`UPDATE da_incidents SET occurred_at = '2026-11-02T08:00:00Z' WHERE police_reference = 'DEMO-PRV-0001'`);
  sql(`UPDATE da_incident_adults SET safe_times = 'Weekdays 10:00 to 14:00 only, while the suspect is at work',
       safe_to_leave_message = 0 WHERE ${VICTIM}`);
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

const attempt = (body) => post("idva", `/api/v1/provide/referrals/${id}/attempts`, body);

describe("attempts against the safe-contact instructions need a reason", () => {
  test("a call inside the safe times needs none", async () => {
    const r = await attempt({ attempted_at: "2026-11-02T11:00:00Z", method: "phone", result: "no_answer" });
    assert.equal(r.status, 201, r.text);
  });

  test("a call or text outside the safe times is refused until a reason is given", async () => {
    const before = attempts();
    for (const [at, method, why] of [
      ["2026-11-02T15:30:00Z", "phone", "after 14:00 on a Monday"],
      ["2026-11-07T11:00:00Z", "text", "a Saturday"],
    ]) {
      const r = await attempt({ attempted_at: at, method, result: "no_answer" });
      assert.equal(r.status, 422, `${why}: ${r.text}`);
      assert.deepEqual(errorFields(r.body), ["safe_contact_reason"], why);
      assert.match(r.body.errors[0].detail, /outside the safe times police gave \(Weekdays 10:00 to 14:00 only/);
    }
    assert.equal(attempts(), before, "nothing recorded");
    // a letter is not a call or text: the times are not about it
    const letter = await attempt({ attempted_at: "2026-11-07T11:00:00Z", method: "letter", result: "no_answer" });
    assert.equal(letter.status, 201, letter.text);
    const reason = "She asked us to call after her shift; confirmed by text from the safe number.";
    const r = await attempt({ attempted_at: "2026-11-02T15:30:00Z", method: "phone", result: "contacted", safe_contact_reason: reason });
    assert.equal(r.status, 201, r.text);
    assert.equal(sql(`SELECT safe_contact_reason FROM idva_contact_attempts WHERE referral_id = ${id} AND attempted_at = '2026-11-02T15:30:00Z'`), reason);
    assert.equal(sql(`SELECT reason FROM audit_log WHERE action = 'provide.record' AND resource_id = '${id}' ORDER BY id DESC LIMIT 1`), reason);
    assert.equal(r.body.referral.attempts.find((a) => a.attempted_at === "2026-11-02T15:30:00Z").safe_contact_reason, reason);
  });

  test("a message left when police said not to, or did not say, is refused until a reason is given", async () => {
    const before = attempts();
    let r = await attempt({ attempted_at: "2026-11-03T11:00:00Z", method: "phone", result: "message_left" });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["safe_contact_reason"]);
    assert.match(r.body.errors[0].detail, /^Police said not to leave a message/);
    sql(`UPDATE da_incident_adults SET safe_to_leave_message = NULL WHERE ${VICTIM}`);
    r = await attempt({ attempted_at: "2026-11-03T11:00:00Z", method: "phone", result: "message_left" });
    assert.match(r.body.errors[0].detail, /^Police did not record whether it is safe to leave a message/);
    assert.equal(attempts(), before);
    r = await attempt({ attempted_at: "2026-11-03T11:00:00Z", method: "phone", result: "message_left", safe_contact_reason: "The safe number's voicemail is hers alone." });
    assert.equal(r.status, 201, r.text);
    // police said a message is safe: none needed
    sql(`UPDATE da_incident_adults SET safe_to_leave_message = 1 WHERE ${VICTIM}`);
    r = await attempt({ attempted_at: "2026-11-04T11:00:00Z", method: "phone", result: "message_left" });
    assert.equal(r.status, 201, r.text);
  });

  test("the page shows the warning and the error by the reason field, keeping what was typed", async () => {
    sql(`UPDATE da_incident_adults SET safe_to_leave_message = 0 WHERE ${VICTIM}`);
    const r = await call("idva", `/provide/referrals/${id}/attempts`, {
      method: "POST",
      form: { attempted_on: "2026-11-05", attempted_time: "11:00", method: "phone", result: "message_left", note: "Left a short message." },
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#safe_contact_reason">Police said not to leave a message/);
    assert.match(r.text, /This attempt goes against the safe-contact instructions/);
    assert.match(r.text, /Left a short message\.<\/textarea>/);
  });

  test("a call or text when police said not to call, or did not say, is refused until a reason is given", async () => {
    // police: do not call, do not leave a message; the time is inside the safe times
    sql(`UPDATE da_incident_adults SET safe_to_call = 0, safe_to_leave_message = 0 WHERE ${VICTIM}`);
    const before = attempts();
    for (const [method, result] of [
      ["phone", "no_answer"],
      ["text", "no_answer"],
      ["phone", "contacted"],
    ]) {
      const r = await attempt({ attempted_at: "2026-11-05T11:00:00Z", method, result });
      assert.equal(r.status, 422, `${method} ${result}: ${r.text}`);
      assert.deepEqual(errorFields(r.body), ["safe_contact_reason"]);
      const word = method === "phone" ? "call" : "text";
      assert.equal(r.body.errors[0].detail, `Police said not to call this person. Enter why it was safe to make this ${word}`);
    }
    // police did not record whether it is safe to call: read as not safe, as the referral page says
    sql(`UPDATE da_incident_adults SET safe_to_call = NULL WHERE ${VICTIM}`);
    let r = await attempt({ attempted_at: "2026-11-05T11:00:00Z", method: "phone", result: "no_answer" });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["safe_contact_reason"]);
    assert.match(r.body.errors[0].detail, /^Police did not record whether it is safe to call this person/);
    assert.equal(attempts(), before, "nothing recorded");
    // a visit or a letter is not a call: no reason needed
    r = await attempt({ attempted_at: "2026-11-05T11:00:00Z", method: "in_person", result: "contacted" });
    assert.equal(r.status, 201, r.text);
    // with the reason, the call is recorded, the reason kept with it and in its audit row
    sql(`UPDATE da_incident_adults SET safe_to_call = 0 WHERE ${VICTIM}`);
    const reason = "She rang the service from a refuge phone and asked us to call back on it.";
    r = await attempt({ attempted_at: "2026-11-05T11:30:00Z", method: "phone", result: "contacted", safe_contact_reason: reason });
    assert.equal(r.status, 201, r.text);
    assert.equal(sql(`SELECT safe_contact_reason FROM idva_contact_attempts WHERE referral_id = ${id} AND attempted_at = '2026-11-05T11:30:00Z'`), reason);
    assert.equal(sql(`SELECT reason FROM audit_log WHERE action = 'provide.record' AND resource_id = '${id}' ORDER BY id DESC LIMIT 1`), reason);
  });

  test("the attempt form warns before a call is recorded when police did not say calling is safe", async () => {
    const form = async () => {
      const page = await call("idva", `/provide/referrals/${id}`);
      assert.equal(page.status, 200);
      return page.text.slice(page.text.indexOf(`action="/provide/referrals/${id}/attempts"`));
    };
    for (const value of ["0", "NULL"]) {
      sql(`UPDATE da_incident_adults SET safe_to_call = ${value} WHERE ${VICTIM}`);
      const html = await form();
      const warning = html.indexOf('id="attempt-call-warning"');
      assert.ok(warning > 0 && warning < html.indexOf('name="method"'), `safe_to_call ${value}: the warning comes before the choice of method`);
      assert.match(html, /Police said not to call this person, or did not say it is safe to\./);
    }
    sql(`UPDATE da_incident_adults SET safe_to_call = 1 WHERE ${VICTIM}`);
    assert.ok(!(await form()).includes('id="attempt-call-warning"'), "no warning when police said it is safe to call");
  });
});
