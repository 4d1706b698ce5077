// A child's chronology (issue 15): every event about a child from every area,
// oldest first, at /children/{id}/chronology and GET /api/v1/children/{id}/chronology,
// each shown only to someone the policy lets open the record it comes from;
// the others are counted with whom to ask, never described. Filters by kind
// and period; bad filters are answered naming the field; each view is
// audited as a read of the child.
//
// One fictional Blackpool child at Brookfield Primary is given events in five
// areas through the API: added to the register (children), a police incident
// (incidents), the Encompass notification it makes to the school (encompass),
// the adult victim's IDVA referral (provide), and a request for support with
// its levels-of-need decision (support, threshold).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query);
let childId;

const chronology = (who, query = "") => call(who, `/api/v1/children/${childId}/chronology${query}`);
const kinds = (res) => [...new Set(res.body.events.map((e) => e.kind))].sort();

before(async () => {
  haven = await startHaven();
  // the child, added by the hospital's practitioner: Blackpool's child, at a Blackburn school
  const child = await post("practitioner", "/api/v1/children", {
    given_name: "Casey",
    family_name: "Chronicle",
    date_of_birth: "2016-02-03",
    sex: "not_known",
    postcode: "fy1 9zz",
    la_code: 890,
    settings: ["brookfield-primary"],
    confirm_new: true,
  });
  assert.equal(child.status, 201, child.text);
  childId = child.body.id;
  // a police incident naming the child: matched to the register, so the school is notified
  const incident = await post("police", "/api/v1/da-incidents", {
    police_reference: "CHRON-1",
    occurred_at: "2026-10-01T19:30:00Z",
    location: "1 Example Road",
    la_code: 890,
    risk_level: "high",
    circumstances: "Fictional circumstances for the chronology tests.",
    adults: [
      { name: "Pat Chronicle", role: "victim", contact_phone: "01632 960001", safe_to_call: true, safe_to_leave_message: false },
      { name: "Lee Chronicle", role: "suspect" },
    ],
    children: [{ given_name: "Casey", family_name: "Chronicle", date_of_birth: "2016-02-03", present: true, spoken_to: false }],
  });
  assert.equal(incident.status, 201, incident.text);
  assert.equal(Number(sql(`SELECT count(*) FROM da_incident_children WHERE child_id = ${childId}`)), 1, "matched");
  // a level 4 decision and a request for support to Blackpool's front door
  const body = { age_band: "5-11", la_code: 890, indicators: ["health-unexplained-injury", "basic-care-severe-neglect"], chosen_level: 4 };
  let a = await post("practitioner", "/api/v1/threshold/assessments", body);
  if (a.status === 422 && errorFields(a.body).includes("chosen_reason"))
    a = await post("practitioner", "/api/v1/threshold/assessments", { ...body, chosen_reason: "A fictional judgement for the tests." });
  assert.equal(a.status, 201, a.text);
  const request = await post("practitioner", "/api/v1/support-requests", {
    assessment: a.body.id ?? a.body.decision?.id ?? a.body.assessment?.id,
    child: "existing",
    child_id: childId,
    concerns: "Fictional concerns for the chronology tests.",
    family_knows: true,
    family_consents: true,
    referrer_phone: "01632 960 001",
    referrer_email: "priya.practitioner@example.org",
  });
  assert.equal(request.status, 201, request.text);
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("a child's chronology", () => {
  test("the front door of the child's local authority sees the events of every area it may open, oldest first", async () => {
    const res = await chronology("frontdoor2");
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(kinds(res), ["encompass", "incident", "levels-of-need", "register", "support-request"]);
    const at = res.body.events.map((e) => e.at);
    const times = at.map((t) => Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t));
    assert.deepEqual(times, [...times].sort((x, y) => x - y), "in date order");
    const incident = res.body.events.find((e) => e.kind === "incident");
    assert.match(incident.agency, /^Lancashire Constabulary/);
    assert.match(incident.text, /high risk/);
    assert.equal(incident.href, `/incidents/${incident.record_id}`);
    assert.match(res.body.events.find((e) => e.kind === "encompass").agency, /^Brookfield Primary/);
    // the IDVA referral is the IDVA service's: counted, not described
    assert.equal(res.body.hidden_count, 1);
    assert.doesNotMatch(JSON.stringify(res.body), /IDVA|idva-referral|provide/i);
  });

  test("a school's DSL sees only what their school may open, and is told how many others there are and whom to ask", async () => {
    const res = await chronology("dsl");
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(kinds(res), ["encompass", "register"]);
    assert.equal(res.body.events.find((e) => e.kind === "encompass").text, "Operation Encompass notification to the school or setting");
    // the incident, the request and its decision, and the referral
    assert.equal(res.body.hidden_count, 4);
    assert.match(res.body.hidden_text, /^4 events in this child's chronology are held by records you cannot open\. If you need to know more, ask Blackpool Council children's services \(demo\)\.$/);
    const page = await call("dsl", `/children/${childId}/chronology`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Operation Encompass notification to the school or setting/);
    assert.match(page.text, /4 events in this child&#39;s chronology|4 events in this child's chronology/);
    assert.doesNotMatch(page.text, /domestic abuse incident|Request for support made/i);
  });

  test("the IDVA service sees its referral only through the record it may open", async () => {
    // the IDVA service is not linked to the child, so the chronology is not found, as the record is not
    assert.equal((await chronology("idva")).status, 404);
  });

  test("someone with no relationship to the child is answered as if the child did not exist", async () => {
    for (const who of ["idva", "police"]) {
      const res = await chronology(who);
      assert.ok(res.status === 404 || res.status === 403, `${who}: ${res.status}`);
      assert.doesNotMatch(res.text, /Chronicle|Encompass/);
    }
    // a front door of another area may break glass (403 naming how), and sees nothing of the child
    const other = await chronology("frontdoor");
    assert.equal(other.status, 403);
    assert.match(other.text, /break-glass/);
    assert.doesNotMatch(other.text, /Chronicle/);
    assert.equal((await call("scrutineer", `/api/v1/children/${childId}/chronology`)).status, 403);
    assert.equal((await call(null, `/api/v1/children/${childId}/chronology`)).status, 401);
  });

  test("filters by kind and by period; the count of hidden events does not change with them", async () => {
    const encompass = await chronology("frontdoor2", "?kind=encompass");
    assert.equal(encompass.status, 200, encompass.text);
    assert.deepEqual(kinds(encompass), ["encompass"]);
    assert.equal(encompass.body.hidden_count, 1);
    // the filter offers every kind the viewer may see, the chosen one selected
    assert.deepEqual(encompass.body.kinds.filter((k) => k.selected).map((k) => k.kind), ["encompass"]);
    assert.equal(encompass.body.kinds.length, 5);

    const october = await chronology("frontdoor2", "?from=2026-10-01&to=2026-10-01");
    assert.equal(october.status, 200, october.text);
    assert.deepEqual(kinds(october), ["incident"], "the incident of 1 October only");
    assert.equal(october.body.hidden_count, 1);
    assert.equal(october.body.events[0].when, "1 October 2026, 20:30", "in England's time");

    const none = await chronology("frontdoor2", "?from=2020-01-01&to=2020-12-31");
    assert.equal(none.status, 200);
    assert.deepEqual(none.body.events, []);
  });

  test("a bad filter is refused naming the field, and a kind the viewer cannot see is not told apart from none", async () => {
    const hidden = await chronology("frontdoor2", "?kind=idva-referral");
    const unknown = await chronology("frontdoor2", "?kind=no-such-kind");
    for (const res of [hidden, unknown]) {
      assert.equal(res.status, 422, res.text);
      assert.deepEqual(errorFields(res.body), ["kind"]);
    }
    assert.equal(hidden.body.errors[0].message, unknown.body.errors[0].message);

    const backwards = await chronology("frontdoor2", "?from=2026-10-02&to=2026-10-01");
    assert.equal(backwards.status, 422, backwards.text);
    assert.deepEqual(errorFields(backwards.body), ["to"]);
    const notDate = await chronology("frontdoor2", "?from=yesterday");
    assert.ok(notDate.status === 400 || notDate.status === 422, notDate.text);
    assert.deepEqual(errorFields(notDate.body), ["from"]);

    // a page shows the error summary, and the events unfiltered
    const page = await call("frontdoor2", `/children/${childId}/chronology?kind=idva-referral`);
    assert.equal(page.status, 422);
    assert.match(page.text, /govuk-error-summary/);
    assert.match(page.text, /Choose a kind of event from the list/);
    assert.match(page.text, /Operation Encompass notification/);
  });

  test("each view is audited as a read of the child", async () => {
    const before = Number(sql("SELECT coalesce(max(id), 0) FROM audit_log"));
    assert.equal((await chronology("dsl")).status, 200);
    const rows = sql(`SELECT action || ' ' || resource_type || ' ' || resource_id FROM audit_log WHERE id > ${before}`);
    assert.match(rows, new RegExp(`child\\.chronology child ${childId}`));
    const found = await post("partnership", "/api/v1/audit/search", { child_id: childId, limit: 100 });
    assert.equal(found.status, 200, found.text);
    assert.ok(found.body.rows.some((r) => r.action === "child.chronology"), "found by the audit search by child");
  });

  test("a placing authority told of the child missing from care is shown to exactly those who see the episode", async () => {
    const seen = async (who) => {
      const r = await chronology(who);
      assert.equal(r.status, 200, `${who}: ${r.text}`);
      return { kinds: kinds(r), hidden: r.body.hidden_count, told: r.body.events.find((e) => e.kind === "placing_authority_told") };
    };
    const before = { dsl: await seen("dsl"), practitioner: await seen("practitioner") };
    // the police report Casey missing from the care of Blackpool, placed by an authority outside the partnership
    const r = await post("police", "/api/v1/missing-episodes", {
      police_reference: "CHRON-MISS-1", given_name: "Casey", family_name: "Chronicle", date_of_birth: "2016-02-03",
      la_code: 890, reported_at: "2026-11-20T21:00:00Z", risk_grading: "high", missing_from: "care",
      placing_authority: "Far Away Council",
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(Number(sql(`SELECT child_id FROM missing_episodes WHERE id = ${r.body.id}`)), childId, "the episode is Casey's");
    // told the same evening: recorded by its day, it follows the report timed that day
    const told = await post("frontdoor2", `/api/v1/missing-episodes/${r.body.id}/placing-authority-told`, {
      told_on: "2026-11-20", told_by: "Duty social worker",
    });
    assert.equal(told.status, 200, told.text);

    // Blackpool's front door opens the episode: the telling is in its chronology, the day and who recorded it
    const la = await seen("frontdoor2");
    assert.ok(la.kinds.includes("missing_episode"));
    assert.deepEqual([la.told?.at, la.told?.when, la.told?.text], [
      "2026-11-20", "20 November 2026", "Placing authority told the child was missing: Far Away Council",
    ]);
    const order = (await chronology("frontdoor2", "?from=2026-11-20&to=2026-11-20")).body.events.map((e) => e.kind);
    assert.deepEqual(order, ["missing_episode", "placing_authority_told"], "the report, then the telling");
    assert.match(la.told.agency, /^Blackpool Council/);
    assert.equal(la.told.href, `/missing-episodes/${r.body.id}`);
    const only = await chronology("frontdoor2", "?kind=placing_authority_told");
    assert.equal(only.status, 200, only.text);
    assert.deepEqual(kinds(only), ["placing_authority_told"]);

    // the school and the hospital work with Casey but may not open the episode: the report and the telling are
    // both counted, neither described, and the kind cannot be chosen
    for (const who of ["dsl", "practitioner"]) {
      const now = await seen(who);
      assert.equal(now.told, undefined, who);
      assert.ok(!now.kinds.includes("missing_episode"), who);
      assert.equal(now.hidden, before[who].hidden + 2, `${who}: the report and the telling hidden`);
      const chosen = await chronology(who, "?kind=placing_authority_told");
      assert.equal(chosen.status, 422, chosen.text);
      assert.doesNotMatch(chosen.text, /Far Away Council/);
    }
  });

  test("the child's record links to the chronology", async () => {
    const page = await call("dsl", `/children/${childId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`href="/children/${childId}/chronology"`));
  });
});
