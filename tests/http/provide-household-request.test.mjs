// A request for support for a child of a Provide referral's household
// (issue 15): the IDVA working the referral opens the levels-of-need tool
// for one of the children of the victim's household (the child carried
// along: ?referral=R&child=C, then hidden fields), records a decision made
// for that child, and makes the request from it without retyping the child.
// The request lands in the child's local authority's front door queue and
// on the child's chronology with the referral as its source. Another IDVA
// service, another role, or a child not of the household get 404 at every
// step; bad fields are named and change nothing; reads and the request are
// on the audit trail.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const postForm = (who, path, form) => call(who, path, { method: "POST", form });
const sql = (query) => sqlText(haven.dbPath, query);
const count = (query) => Number(sql(query));
let childId, otherChildId, referral;

const daysAgo = (n) => new Date(Date.now() - n * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");
const incident = (ref, days, location, children) => ({
  police_reference: ref,
  occurred_at: daysAgo(days),
  location,
  la_code: 890,
  risk_level: "high",
  circumstances: "Fictional circumstances for the household request tests.",
  adults: [{ name: "Pat Household", role: "victim", contact_phone: "01632 960002", safe_to_call: true, safe_to_leave_message: false }],
  children,
});
const register = async (given_name, family_name, date_of_birth) => {
  const res = await post("practitioner", "/api/v1/children", {
    given_name, family_name, date_of_birth, sex: "not_known", la_code: 890, settings: ["seafront-primary"], confirm_new: true,
  });
  assert.equal(res.status, 201, res.text);
  return res.body.id;
};
const level3 = { age_band: "5-11", la_code: 890, indicators: ["education-persistent-absence"], chosen_level: 3 };
const request = {
  concerns: "Fictional concerns for the tests: the child has missed school since the incident.",
  family_knows: true,
  family_consents: true,
  referrer_phone: "01632 960 003",
  referrer_email: "idva@demo.haven.example",
};
const requests = () => count("SELECT count(*) FROM support_requests");

before(async () => {
  haven = await startHaven();
  childId = await register("Robin", "Homeward", "2017-05-05");
  otherChildId = await register("Alex", "Elsewhere", "2016-02-02");
  // Robin at the household once; Alex at another address; the victim's incident at Robin's household
  let r = await post("police", "/api/v1/da-incidents", {
    ...incident("HR-1", 20, "7 Harbour Row", [{ given_name: "Robin", family_name: "Homeward", date_of_birth: "2017-05-05", present: true, spoken_to: false }]),
    adults: [{ name: "Lee Household", role: "suspect" }],
  });
  assert.equal(r.status, 201, r.text);
  r = await post("police", "/api/v1/da-incidents", {
    ...incident("HR-2", 15, "1 Far Away Close", [{ given_name: "Alex", family_name: "Elsewhere", date_of_birth: "2016-02-02", present: true, spoken_to: false }]),
    adults: [{ name: "Lee Elsewhere", role: "suspect" }],
  });
  assert.equal(r.status, 201, r.text);
  r = await post("police", "/api/v1/da-incidents", incident("HR-3", 2, "7 harbour row ", []));
  assert.equal(r.status, 201, r.text);
  referral = count("SELECT r.id FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id WHERE i.police_reference = 'HR-3'");
  assert.ok(referral > 0, "the victim is referred to the IDVA service");
  const linked = sql(`SELECT count(*) FROM da_incident_children WHERE child_id = ${childId}`);
  assert.equal(linked, "1", "Robin is matched to the household's incident");
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("a request for support for a child of a Provide referral's household", () => {
  let assessmentId, requestId;

  test("the referral page offers a request for each child of the household", async () => {
    const page = await call("idva", `/provide/referrals/${referral}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(`href="/levels-of-need?referral=${referral}&amp;child=${childId}"`), "a link for Robin");
    assert.match(page.text, /Request support<span class="govuk-visually-hidden"> for <bdi>Robin Homeward<\/bdi>/);
    assert.ok(!page.text.includes(`child=${otherChildId}"`), "no link for a child of another household");
  });

  test("the tool opens for the child: their age band and local authority chosen, the child and referral named", async () => {
    const before = count("SELECT coalesce(max(id), 0) FROM audit_log");
    const page = await call("idva", `/levels-of-need?referral=${referral}&child=${childId}`);
    assert.equal(page.status, 200, page.text);
    const born = new Date("2017-05-05T00:00:00Z"), now = new Date();
    const age = now.getUTCFullYear() - 2017 - (now.getUTCMonth() < 4 || (now.getUTCMonth() === 4 && now.getUTCDate() < 5) ? 1 : 0);
    assert.ok(born < now && age >= 5 && age <= 11, "Robin is in the 5 to 11 band while these tests are kept");
    assert.ok(page.text.includes(`For <strong><bdi>Robin Homeward</bdi></strong>, aged ${age}, Seafront Primary School (fictional).`), page.text);
    assert.match(page.text, /From Operation Provide referral HR-3, household at 7 harbour row/i);
    assert.match(page.text, /<option value="5-11" selected>/);
    assert.match(page.text, /<option value="890" selected>/);
    assert.ok(page.text.includes(`<input type="hidden" name="child" value="${childId}">`), "carried in the form");
    assert.ok(page.text.includes(`<input type="hidden" name="referral" value="${referral}">`));
    // the child's name was shown: a read of their data on the trail
    const shown = sql(`SELECT c.child_id FROM audit_children c JOIN audit_log l ON l.id = c.audit_id WHERE l.id > ${before} AND l.action = 'threshold.use'`);
    assert.ok(shown.split("\n").includes(String(childId)), shown);
    // the suggestion keeps the child with it
    const suggestion = await postForm("idva", "/levels-of-need", {
      age_band: "5-11", la_code: "890", indicators: "education-persistent-absence", action: "suggest", referral: String(referral), child: String(childId),
    });
    assert.equal(suggestion.status, 200, suggestion.text);
    assert.match(suggestion.text, /Suggested level/);
    assert.ok(suggestion.text.includes(`<input type="hidden" name="child" value="${childId}">`), "carried to the judgement's form");
  });

  test("the decision is recorded for the child, and the request form shows them without asking", async () => {
    const res = await post("idva", "/api/v1/threshold/assessments", { ...level3, referral, child: childId });
    assert.equal(res.status, 201, res.text);
    assessmentId = res.body.id;
    assert.equal(res.body.child_id, childId);
    assert.equal(res.body.source_referral_id, referral);
    // the answer names the child: so does the decision's audit row (a decision names no child of its own)
    assert.equal(res.body.for_child?.id, childId, res.text);
    assert.equal(sql(`SELECT child_id FROM audit_children WHERE audit_id = (SELECT max(id) FROM audit_log WHERE action = 'threshold.use' AND resource_type = 'threshold_assessment' AND resource_id = '${assessmentId}')`), String(childId));
    assert.equal(sql(`SELECT child_id || '/' || source_referral_id FROM threshold_assessments WHERE id = ${assessmentId}`), `${childId}/${referral}`);
    const decision = await call("idva", `/levels-of-need/decisions/${assessmentId}`);
    assert.equal(decision.status, 200);
    assert.match(decision.text, /For <strong><bdi>Robin Homeward<\/bdi><\/strong>, from Operation Provide referral HR-3/);
    assert.ok(decision.text.includes(`/requests-for-support/new?assessment=${assessmentId}`));
    const before = count("SELECT coalesce(max(id), 0) FROM audit_log");
    const form = await call("idva", `/requests-for-support/new?assessment=${assessmentId}`);
    assert.equal(form.status, 200, form.text);
    const read = sql(`SELECT c.child_id FROM audit_children c JOIN audit_log l ON l.id = c.audit_id WHERE l.id > ${before} AND l.action = 'support.create'`);
    assert.ok(read.split("\n").includes(String(childId)), `the form's read of the child is on the trail: ${read}`);
    assert.match(form.text, /<dd class="govuk-summary-list__value"><bdi>Robin Homeward<\/bdi><\/dd>/);
    assert.match(form.text, /5 May 2017 \(aged \d+\)/);
    assert.match(form.text, /Operation Provide referral HR-3, household at 7 harbour row/i);
    assert.ok(form.text.includes(`<input type="hidden" name="child_id" value="${childId}">`));
    assert.ok(!form.text.includes('name="given_name"'), "the child's details are not asked for");
  });

  test("bad fields are named with their reasons and change nothing", async () => {
    const before = requests();
    let res = await post("idva", "/api/v1/support-requests", { assessment: assessmentId, child: "existing", child_id: otherChildId, ...request });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["child_id"]);
    assert.match(JSON.stringify(res.body), /This assessment was made for Robin Homeward: the request is for them/);
    res = await post("idva", "/api/v1/support-requests", {
      assessment: assessmentId, child: "new", given_name: "Robin", family_name: "Homeward", date_of_birth: "2017-05-05", sex: "not_known", la: "blackpool", ...request,
    });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["child_id"]);
    res = await post("idva", "/api/v1/support-requests", { assessment: assessmentId, child: "existing", child_id: childId, ...request, concerns: "" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body).sort(), ["concerns"]);
    res = await post("idva", "/api/v1/support-requests", { assessment: assessmentId, child: "existing", child_id: childId, ...request, referrer_phone: "call me" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["referrer_phone"]);
    const assessments = count("SELECT count(*) FROM threshold_assessments");
    res = await post("idva", "/api/v1/threshold/assessments", { ...level3, referral: "the one", child: childId });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["referral"]);
    res = await post("idva", "/api/v1/threshold/assessments", { ...level3, referral, child: 0 });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["child"]);
    assert.equal(count("SELECT count(*) FROM threshold_assessments"), assessments, "no decision recorded");
    assert.equal(requests(), before, "no request made");
  });

  test("the request lands in the child's front door queue and chronology, with the referral as its source", async () => {
    const before = count("SELECT coalesce(max(id), 0) FROM audit_log");
    const res = await post("idva", "/api/v1/support-requests", { assessment: assessmentId, child: "existing", child_id: childId, ...request });
    assert.equal(res.status, 201, res.text);
    requestId = res.body.id;
    assert.equal(sql(`SELECT child_id FROM support_requests WHERE id = ${requestId}`), String(childId));
    assert.equal(count(`SELECT count(*) FROM audit_log WHERE id > ${before} AND action = 'support.create' AND resource_id = '${requestId}'`), 1);
    const queue = await call("frontdoor2", "/api/v1/support-requests/queue");
    assert.equal(queue.status, 200, queue.text);
    const row = queue.body.requests.find((r) => r.id === requestId);
    assert.ok(row, "in Blackpool's queue");
    assert.equal(row.child_name, "Robin Homeward");
    assert.equal((await call("frontdoor", "/api/v1/support-requests/queue")).body.requests.some((r) => r.id === requestId), false, "not in Lancashire's");
    const shown = await call("frontdoor2", `/requests-for-support/${requestId}`);
    assert.match(shown.text, /Operation Provide referral HR-3 \(a child of the victim's household\)/);
    const events = (await call("frontdoor2", `/api/v1/children/${childId}/chronology`)).body.events.filter((e) => e.kind === "support-request");
    assert.deepEqual(events.map((e) => [e.record_id, e.text]), [[requestId, `Request for support made to the front door (${res.body.reference}) from Operation Provide referral HR-3`]]);
    // one request per assessment, as for any request
    const again = await post("idva", "/api/v1/support-requests", { assessment: assessmentId, child: "existing", child_id: childId, ...request });
    assert.equal(again.status, 409, again.text);
  });

  test("another IDVA service, another role and a child not of the household are answered 404 at every step", async () => {
    const beforeRequests = requests(), beforeAssessments = count("SELECT count(*) FROM threshold_assessments");
    // idva2 works for the coast service: not this referral
    for (const [who, child] of [["idva2", childId], ["idva", otherChildId], ["practitioner", childId], ["frontdoor2", childId]]) {
      const tool = await call(who, `/levels-of-need?referral=${referral}&child=${child}`);
      assert.equal(tool.status, 404, `${who} opens the tool for child ${child}`);
      const suggest = await post(who, "/api/v1/threshold/assessments", { ...level3, referral, child });
      assert.equal(suggest.status, 404, `${who} records a decision for child ${child}: ${suggest.text}`);
      const page = await postForm(who, "/levels-of-need", {
        age_band: "5-11", la_code: "890", indicators: "education-persistent-absence", action: "suggest", referral: String(referral), child: String(child),
      });
      assert.equal(page.status, 404, `${who} sees a suggestion for child ${child}`);
    }
    // a referral id alone, or a child alone, is not a way in either
    assert.equal((await call("idva", `/levels-of-need?child=${childId}`)).status, 404);
    assert.equal((await call("idva", `/levels-of-need?referral=${referral}`)).status, 404);
    // an assessment made for the child cannot be used by someone who no longer works the referral
    const made = await post("idva", "/api/v1/threshold/assessments", { ...level3, referral, child: childId });
    assert.equal(made.status, 201, made.text);
    sql(`UPDATE idva_referrals SET service_agency_id = (SELECT id FROM agencies WHERE slug = 'demo-coast-idva-service') WHERE id = ${referral}`);
    try {
      assert.equal((await call("idva", `/requests-for-support/new?assessment=${made.body.id}`)).status, 404);
      const res = await post("idva", "/api/v1/support-requests", { assessment: made.body.id, child: "existing", child_id: childId, ...request });
      assert.equal(res.status, 404, res.text);
    } finally {
      sql(`UPDATE idva_referrals SET service_agency_id = (SELECT id FROM agencies WHERE slug = 'demo-idva-service') WHERE id = ${referral}`);
    }
    assert.equal(requests(), beforeRequests);
    assert.equal(count("SELECT count(*) FROM threshold_assessments"), beforeAssessments + 1);
  });
});
