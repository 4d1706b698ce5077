// Check your answers (issue 16, point 4; router.h struct check_step): before
// a change that cannot be undone or that sends something to another agency,
// a person's form goes first to a GOV.UK check page showing their answers;
// nothing changes until they press its button, which posts the answers back
// with a signature; Change shows the form again as typed; a post whose
// answers differ from those shown (or carries no or a forged signature) is
// shown for checking again and changes nothing. The JSON API still makes the
// change in one request. Covered: deciding a request for support, closing a
// Provide referral, cancelling a training place, disabling a user (by the
// administrators and by an agency administrator) and sending an incident.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, plusDays, sqlText } from "../lib/api.mjs";
import { checkPage, checkThenConfirm } from "../lib/check.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
/** A form posted as a page's form is (a bearer token stands in for the session cookie and its CSRF token). */
const form = (who, path) => (fields) => call(who, path, { method: "POST", form: fields });

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

const FAMILY_NAMES = ["Checkton", "Ashbury", "Brierfield", "Corrigan", "Dunmore"];
let requests = 0;

/** A new request for support from the demo practitioner about a new Blackpool child, for Blackpool's front door. */
async function newRequest() {
  const family_name = FAMILY_NAMES[requests];
  const date_of_birth = `2017-03-${String(10 + requests++).padStart(2, "0")}`;
  const body = { age_band: "5-11", la_code: 890, indicators: ["health-unexplained-injury", "basic-care-severe-neglect"], chosen_level: 4 };
  const a = await post("practitioner", "/api/v1/threshold/assessments", body);
  assert.equal(a.status, 201, a.text);
  const r = await post("practitioner", "/api/v1/support-requests", {
    assessment: a.body.id, child: "new", given_name: "Robin", family_name, date_of_birth,
    sex: "not_known", postcode: "fy1 1aa", la: "blackpool",
    concerns: "Fictional concerns for the tests.", family_knows: true, family_consents: true,
    referrer_phone: "01632 960 001", referrer_email: "priya.practitioner@example.org",
  });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

describe("deciding a request for support", () => {
  const decided = (id) => sql(`SELECT coalesce(decision, '') || '|' || coalesce(decision_reason, '') FROM support_requests WHERE id = ${id}`);

  test("the decision is shown to check, can be changed, and is sent only from the check page", async () => {
    const id = await newRequest();
    const send = form("frontdoor2", `/requests-for-support/${id}/decision`);
    const answers = { decision: "early_help", reason: "Early help: the school's family worker <will> call." };
    const shown = await send(answers);
    assert.equal(shown.status, 200, shown.text);
    assert.match(shown.text, /<h1 class="govuk-heading-l">Check your decision before you send it<\/h1>/);
    assert.match(shown.text, /Early help<\/dd>/);
    assert.match(shown.text, /family worker &lt;will&gt; call/, "typed text is escaped");
    assert.match(shown.text, /name="check_change" value="reason">Change<span class="govuk-visually-hidden"> Reason for the decision/);
    assert.equal(decided(id), "|", "nothing is decided by the first post");
    const check = checkPage(shown.text);
    assert.deepEqual(check.fields, answers, "the answers travel back as typed");

    // Change: the request's page again with the form filled in as typed, still undecided
    const change = await send({ ...check.fields, check_change: "reason" });
    assert.equal(change.status, 200);
    assert.match(change.text, /action="\/requests-for-support\/\d+\/decision"/);
    assert.match(change.text, /value="early_help" checked/);
    assert.match(change.text, /family worker &lt;will&gt; call\.<\/textarea>/);
    assert.doesNotMatch(change.text, /There is a problem/);
    assert.equal(decided(id), "|");

    // an answer altered after checking, a forged signature, or none: checked again, nothing sent
    for (const tampered of [
      { ...check.fields, decision: "no_further_action", check_confirm: check.signature },
      { ...check.fields, check_confirm: "A".repeat(43) },
      { ...check.fields, check_confirm: "" },
    ]) {
      const again = await send(tampered);
      assert.equal(again.status, 200, again.text);
      assert.match(again.text, /Check your decision before you send it/);
      assert.equal(decided(id), "|");
    }
    // another person's signature is not theirs: the other front door cannot decide it at all
    const done = await send({ ...check.fields, check_confirm: check.signature });
    assert.equal(done.status, 303, done.text);
    assert.equal(done.headers.get("location"), `/requests-for-support/${id}`);
    assert.equal(decided(id), `early_help|${answers.reason}`);
  });

  test("a decided request is refused on the check page, not after it", async () => {
    const id = await newRequest();
    assert.equal((await post("frontdoor2", `/api/v1/support-requests/${id}/decision`, { decision: "no_further_action", reason: "By the API, at once." })).status, 200);
    const shown = await form("frontdoor2", `/requests-for-support/${id}/decision`)({ decision: "early_help", reason: "Late." });
    assert.equal(shown.status, 409);
    assert.match(shown.text, /This request has already been decided/);
    assert.equal(decided(id), "no_further_action|By the API, at once.");
  });

  test("the check page's read of the request is audited as a read", async () => {
    const id = await newRequest();
    const before = Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'support.read' AND resource_id = '${id}'`));
    await form("frontdoor2", `/requests-for-support/${id}/decision`)({ decision: "early_help", reason: "Audited." });
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'support.read' AND resource_id = '${id}'`)), before + 1);
  });
});

describe("sending a request for support (issue 16, point 5)", () => {
  const FORM = {
    child: "new", given_name: "Sasha", family_name: "Formcheck", date_of_birth: "2015-09-09", sex: "not_known",
    postcode: "", la: "lancashire", concerns: "Fictional concerns, typed on the form.",
    family_knows: "yes", family_consents: "yes", referrer_phone: "01632 960 001",
    referrer_email: "practitioner@demo.haven.example",
  };
  const requestsFrom = (a) => sql(`SELECT count(*) FROM support_requests WHERE assessment_id = ${a}`);

  test("the request is checked first, warning when the child lives outside the area the tool showed", async () => {
    // the tool showed Blackpool's routes (890); the child lives in Lancashire
    const a = await post("practitioner", "/api/v1/threshold/assessments",
      { age_band: "5-11", la_code: 890, indicators: ["health-unexplained-injury", "basic-care-severe-neglect"], chosen_level: 4 });
    assert.equal(a.status, 201, a.text);
    const send = form("practitioner", `/requests-for-support/new/${a.body.id}`);
    const shown = await send(FORM);
    assert.equal(shown.status, 200, shown.text);
    assert.match(shown.text, /Check your request before you send it/);
    assert.match(shown.text, /Sasha Formcheck, born 9 September 2015/);
    assert.match(shown.text, /showed you Blackpool&#39;s routes, but the child lives in Lancashire/);
    assert.equal(requestsFrom(a.body.id), "0", "nothing is sent by the first post");
    // the same area: no warning
    const same = await send({ ...FORM, la: "blackpool" });
    assert.doesNotMatch(same.text, /showed you/);
    const check = checkPage(same.text);
    const done = await send({ ...check.fields, check_confirm: check.signature });
    assert.equal(done.status, 303, done.text);
    assert.match(done.headers.get("location"), /^\/requests-for-support\/\d+\/confirmation$/);
    assert.equal(requestsFrom(a.body.id), "1");
    assert.equal(sql(`SELECT la.name FROM support_requests r JOIN local_authorities la ON la.code = r.la_code WHERE r.assessment_id = ${a.body.id}`), "Blackpool");
  });

  test("a form the request would refuse is refused before the check page", async () => {
    const a = await post("practitioner", "/api/v1/threshold/assessments",
      { age_band: "5-11", la_code: 890, indicators: ["health-unexplained-injury", "basic-care-severe-neglect"], chosen_level: 4 });
    const r = await form("practitioner", `/requests-for-support/new/${a.body.id}`)({ ...FORM, family_knows: "no", family_consents: "" });
    assert.equal(r.status, 422);
    assert.match(r.text, /href="#no_consent_reason">Enter why the family does not know/);
    assert.doesNotMatch(r.text, /check_confirm/);
  });

  test("reached without an assessment, the page says how to make a request instead of refusing", async () => {
    const r = await call("practitioner", "/requests-for-support/new");
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /A request for support starts from the levels-of-need tool/);
    assert.match(r.text, /href="\/levels-of-need"/);
    assert.doesNotMatch(r.text, /Bad request/i);
  });

  test("the form reveals only the chosen child's fields (GOV.UK conditional radios)", async () => {
    const a = await post("practitioner", "/api/v1/threshold/assessments",
      { age_band: "5-11", la_code: 890, indicators: ["health-unexplained-injury", "basic-care-severe-neglect"], chosen_level: 4 });
    const page = await call("practitioner", `/requests-for-support/new?assessment=${a.body.id}`);
    assert.match(page.text, /value="new" data-aria-controls="conditional-child-new"/);
    assert.match(page.text, /class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-child-new"/);
    const again = await form("practitioner", `/requests-for-support/new/${a.body.id}`)({ ...FORM, check_change: "la" });
    assert.equal(again.status, 200);
    assert.match(again.text, /class="govuk-radios__conditional" id="conditional-child-new"/, "the chosen answer's fields stay shown");
    assert.match(again.text, /<option value="lancashire" selected>/);
  });
});

describe("closing a Provide referral", () => {
  test("an outcome that closes is checked first; one that leaves it open is not", async () => {
    const list = await call("idva", "/api/v1/provide/referrals");
    assert.equal(list.status, 200, list.text);
    const open = (list.body.referrals ?? list.body.rows ?? list.body.items).filter((r) => !r.closed_at);
    assert.ok(open.length >= 2, "the demo IDVA has open referrals");
    const [first, second] = open.map((r) => r.id);
    const closed = (id) => sql(`SELECT closed_at IS NOT NULL FROM idva_referrals WHERE id = ${id}`);

    // not closing: saved at once
    const kept = await form("idva", `/provide/referrals/${first}/outcome`)({ outcome: "not_appropriate" });
    assert.equal(kept.status, 303, kept.text);
    assert.equal(closed(first), "0");

    const answers = { outcome: "not_appropriate", made_safer: "no", engaged_with_investigation: "no", close: "yes" };
    const { check, done } = await checkThenConfirm(form("idva", `/provide/referrals/${second}/outcome`), answers,
      /Check the outcome before you close the referral/);
    assert.deepEqual(check.fields, answers);
    assert.equal(done.status, 303, done.text);
    assert.equal(done.headers.get("location"), `/provide/referrals/${second}`);
    assert.equal(closed(second), "1");
  });

  test("the check page refuses what closing would refuse, naming the field", async () => {
    const list = await call("idva", "/api/v1/provide/referrals");
    const id = (list.body.referrals ?? list.body.rows ?? list.body.items).find((r) => !r.closed_at && !r.first_contact_at)?.id;
    assert.ok(id, "an open referral nobody has reached");
    const r = await form("idva", `/provide/referrals/${id}/outcome`)({ outcome: "engaged", made_safer: "yes", engaged_with_investigation: "yes", close: "yes" });
    assert.equal(r.status, 422);
    assert.match(r.text, /href="#outcome">Record the contact attempt that reached the victim/);
    assert.equal(sql(`SELECT closed_at IS NULL FROM idva_referrals WHERE id = ${id}`), "1");
  });
});

describe("cancelling a training place", () => {
  test("the place is given up only from the check page", async () => {
    const course = await post("partnership", "/api/v1/training/courses", {
      title: "Check course", description: "For the tests", areas: ["neglect"], audience: "Everyone",
      level: "introductory", duration_minutes: 60, outcomes: ["One"], open_to: "everyone",
    });
    assert.equal(course.status, 201, course.text);
    const session = await post("partnership", `/api/v1/training/courses/${course.body.id}/sessions`, {
      date: plusDays(40), starts: "09:30", ends: "10:30", mode: "venue", venue: "Town Hall", capacity: 5, trainer: "Jo Trainer",
    });
    assert.equal(session.status, 201, session.text);
    const id = session.body.id;
    assert.equal((await post("practitioner", `/api/v1/training/sessions/${id}/book`)).status, 201);
    const status = () => sql(`SELECT b.status FROM training_bookings b JOIN users u ON u.id = b.user_id WHERE b.session_id = ${id} AND u.email = 'practitioner@demo.haven.example'`);
    const send = form("practitioner", `/training/sessions/${id}/cancel`);
    const shown = await send({});
    assert.equal(shown.status, 200, shown.text);
    assert.match(shown.text, /Are you sure you want to cancel\?/);
    assert.match(shown.text, /Check course/);
    assert.match(shown.text, /Your place goes to the first person waiting/);
    assert.equal(status(), "booked");
    const done = await send({ check_confirm: checkPage(shown.text).signature });
    assert.equal(done.status, 303, done.text);
    assert.equal(status(), "cancelled");
    // nothing left to cancel: said on the page, not on a check page
    const again = await send({});
    assert.equal(again.status, 409);
    assert.match(again.text, /You have no place on this session to cancel/);
  });
});

describe("disabling a user", () => {
  const disabled = (id) => sql(`SELECT disabled_at IS NOT NULL FROM users WHERE id = ${id}`);

  test("an administrator checks who they are disabling first", async () => {
    const made = await post("admin", "/api/v1/users", {
      name: "Casey Checked", email: "casey.checked@example.org", agency: "brookfield-primary",
      roles: ["practitioner"], password: "a-first-password-9731-long",
    });
    assert.equal(made.status, 201, made.text);
    const { done } = await checkThenConfirm(form("admin", `/admin/users/${made.body.id}/disable`), { reason: "Left the school" },
      /Check before you disable this account[\s\S]*Casey Checked[\s\S]*casey.checked@example.org/);
    assert.equal(done.status, 303, done.text);
    assert.equal(done.headers.get("location"), `/admin/users/${made.body.id}`);
    assert.equal(disabled(made.body.id), "1");
  });

  test("an agency administrator's reason is shown, changeable and kept", async () => {
    const made = await post("agencyadmin", "/api/v1/agency/invitations",
      { name: "Tess Checked", email: "tess.checked@brookfield.example", roles: ["practitioner"] });
    assert.equal(made.status, 201, made.text);
    const id = made.body.id;
    const send = form("agencyadmin", `/agency/users/${id}/disable`);
    const shown = await send({ reason: "Left the school" });
    assert.match(shown.text, /Left the school<\/dd>/);
    assert.equal(disabled(id), "0");
    const change = await send({ reason: "Left the school", check_change: "reason" });
    assert.equal(change.status, 200);
    assert.match(change.text, />Left the school<\/textarea>/);
    const { done } = await checkThenConfirm(send, { reason: "Left the school in July" }, /Left the school in July/);
    assert.equal(done.status, 303, done.text);
    assert.equal(disabled(id), "1");
    assert.match(sql(`SELECT reason FROM audit_log WHERE action = 'user.disable' AND resource_id = '${id}' ORDER BY id DESC LIMIT 1`), /Left the school in July/);
  });

  test("the API disables in one request", async () => {
    const made = await post("admin", "/api/v1/users", {
      name: "Ari Api", email: "ari.api@example.org", agency: "brookfield-primary",
      roles: ["practitioner"], password: "a-first-password-9732-long",
    });
    const r = await post("admin", `/api/v1/users/${made.body.id}/disable`, { reason: "Left the partnership" });
    assert.equal(r.status, 200, r.text);
    assert.equal(disabled(made.body.id), "1");
  });
});

describe("sending an incident", () => {
  const FORM = {
    police_reference: "CHECK-1", occurred_on: "2025-11-19", occurred_time: "19:30", location: "3 Example Close",
    la_code: "889", risk_level: "standard", circumstances: "Argument reported by a neighbour.",
    adult_rows: "1", child_rows: "1", adult_1_name: "Pat Example", adult_1_role: "victim",
    adult_1_safe_to_call: "yes", adult_1_safe_to_leave_message: "no",
    child_1_given_name: "Alex", child_1_family_name: "Checkley", child_1_date_of_birth: "2016-04-12",
    child_1_present: "yes", child_1_spoken_to: "no",
  };
  const saved = (ref) => sql(`SELECT count(*) FROM da_incidents WHERE police_reference = '${ref}'`);

  test("the incident is shown as it will be saved, and sent from the check page", async () => {
    const send = form("police", "/incidents");
    const shown = await send(FORM);
    assert.equal(shown.status, 200, shown.text);
    assert.match(shown.text, /Check the incident before you send it/);
    assert.match(shown.text, /19 November 2025 at 19:30/);
    assert.match(shown.text, /Alex Checkley, born 12 April 2016/);
    assert.match(shown.text, /DASH risk level<\/dt>\s*<dd class="govuk-summary-list__value haven-pre-line">Standard</);
    assert.match(shown.text, /Pat Example \(victim\)/);
    assert.match(shown.text, /name="check_change" value="child_1_given_name"/);
    assert.equal(saved("CHECK-1"), "0");
    const done = await send({ ...checkPage(shown.text).fields, check_confirm: checkPage(shown.text).signature });
    assert.equal(done.status, 303, done.text);
    assert.match(done.headers.get("location"), /^\/incidents\/\d+$/);
    assert.equal(saved("CHECK-1"), "1");
  });

  test("a form with errors goes back to the form, not to the check page; adding a row is not checked", async () => {
    const send = form("police", "/incidents");
    const bad = await send({ ...FORM, police_reference: "CHECK-2", child_1_date_of_birth: "2016-04-31" });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /href="#child_1_date_of_birth"/);
    const add = await send({ ...FORM, police_reference: "CHECK-2", add: "child" });
    assert.equal(add.status, 200);
    assert.match(add.text, /name="child_2_given_name"/);
    assert.doesNotMatch(add.text, /check_confirm/);
    assert.equal(saved("CHECK-2"), "0");
  });
});
