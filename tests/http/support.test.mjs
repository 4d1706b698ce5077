// Requests for support (src/areas/support) over the API, across roles: a
// practitioner's request made from their own level 3 or 4 assessment (the
// levels-of-need tool's POST /api/v1/threshold/assessments) reaches only the
// front door of the child's local authority (frontdoor@ is Lancashire 888,
// frontdoor2@ is Blackpool 890); the other front door cannot see it (404) nor
// decide it; a new child with a likely duplicate on the register is offered
// the existing record; the front door's queue puts undecided and oldest
// first and marks overdue requests; the decision needs a reason and is made
// once; the referrer sees the decision and reason, and gets an email that says
// nothing about the child; every bad input is answered with the field and the
// reason and changes nothing (counted in the database with sqlite3).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText, sqlTime } from "../lib/api.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
let toolMissing = null; // why the tests that need the levels-of-need tool are skipped, if they are

before(async () => {
  haven = await startHaven();
  const probe = await post("practitioner", "/api/v1/threshold/assessments", {});
  if (probe.status === 404)
    toolMissing = "the levels-of-need tool (POST /api/v1/threshold/assessments, area threshold) is not in this build";
});
after(async () => {
  if (haven) await haven.stop();
});

/** sqlite3's output for a query on the live database (WAL lets it read while the server runs). */
const sqlite = (query) => sqlText(haven.dbPath, query);
/** One number from the live database. */
const count = (query) => Number(sqlite(query));

/** A decision recorded with the levels-of-need tool by `who`, at `level` (3 or 4 lead to a request), sent with
 * `poster` (the demo accounts' by default). */
async function assessment(who, level, la_code = 890, poster = post) {
  const indicators = {
    2: ["health-missed-appointments"],
    3: ["education-persistent-absence"],
    4: ["health-unexplained-injury", "basic-care-severe-neglect"],
  }[level];
  const body = { age_band: "5-11", la_code, indicators, chosen_level: level };
  let res = await poster(who, "/api/v1/threshold/assessments", body);
  if (res.status === 422 && errorFields(res.body).includes("chosen_reason"))
    res = await poster(who, "/api/v1/threshold/assessments", { ...body, chosen_reason: "A fictional judgement for the tests." });
  assert.equal(res.status, 201, res.text);
  const id = res.body.id ?? res.body.decision?.id ?? res.body.assessment?.id;
  assert.ok(Number.isInteger(id), `the assessment has an id: ${res.text}`);
  return id;
}

const NEW_CHILD = {
  child: "new",
  given_name: "Robin",
  family_name: "Testerton",
  date_of_birth: "2017-03-14",
  sex: "not_known",
  postcode: "fy1 1aa",
  la: "blackpool",
};
const REST = {
  concerns: "Fictional concerns for the tests: unexplained bruising seen twice this month.",
  family_knows: true,
  family_consents: true,
  referrer_phone: "01632 960 001",
  referrer_email: "priya.practitioner@example.org",
};

let blackpoolId;
let lancashireId;

describe("a request reaches only its local authority's front door", () => {
  test("a practitioner's request for a new Blackpool child goes to Blackpool's front door", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    const a = await assessment("practitioner", 4);
    const before = count("SELECT count(*) FROM children");
    const res = await post("practitioner", "/api/v1/support-requests", { assessment: a, ...NEW_CHILD, ...REST });
    assert.equal(res.status, 201, res.text);
    assert.match(res.body.reference, /^RFS-\d{6}$/);
    assert.match(res.body.front_door_name, /Blackpool/);
    // one working day from receipt: never sooner than 24 hours, and at most 5 days over Easter or Christmas
    const received = Date.parse(res.body.received_at), due = Date.parse(res.body.decision_due_at);
    assert.ok(due - received >= 24 * 3600e3 && due - received <= 6 * 24 * 3600e3, `${res.body.received_at} -> ${res.body.decision_due_at}`);
    assert.ok(res.body.due_label.length > 10);
    blackpoolId = res.body.id;
    assert.equal(count("SELECT count(*) FROM children"), before + 1, "the new child is on the register");
    // the referrer's agency and the front door are linked to the child, so both may see them
    const links = sqlite(
      `SELECT a.slug || ':' || l.relationship FROM child_links l JOIN agencies a ON a.id = l.agency_id` +
        ` JOIN support_requests r ON r.child_id = l.child_id WHERE r.id = ${blackpoolId} ORDER BY 1`,
    ).split("\n");
    assert.deepEqual(links, ["blackpool-council:local_authority", "demo-teaching-hospitals:raised_concern"]);
    const child = sqlite(`SELECT c.postcode || '|' || c.la_code FROM children c JOIN support_requests r ON r.child_id = c.id WHERE r.id = ${blackpoolId}`);
    assert.equal(child, "FY1 1AA|890", "the postcode is stored normalised");
  });

  test("Blackpool's front door sees it in its queue and may read it; Lancashire's sees neither", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    const q2 = await call("frontdoor2", "/api/v1/support-requests/queue");
    assert.equal(q2.status, 200, q2.text);
    const mine = q2.body.requests.find((r) => r.id === blackpoolId);
    assert.ok(mine, "in Blackpool's queue");
    assert.equal(mine.child_name, "Robin Testerton");
    assert.equal(mine.status, "awaiting_decision");
    assert.ok(mine.due_label);
    assert.equal((await call("frontdoor2", `/api/v1/support-requests/${blackpoolId}`)).status, 200);

    const q1 = await call("frontdoor", "/api/v1/support-requests/queue");
    assert.equal(q1.status, 200);
    assert.ok(!q1.body.requests.some((r) => r.id === blackpoolId), "not in Lancashire's queue");
    assert.equal((await call("frontdoor", `/api/v1/support-requests/${blackpoolId}`)).status, 404);
    assert.equal((await call("frontdoor", `/requests-for-support/${blackpoolId}`)).status, 404, "nor its page");
    const d = await post("frontdoor", `/api/v1/support-requests/${blackpoolId}/decision`, { decision: "no_further_action", reason: "Not ours." });
    assert.equal(d.status, 404, "nor may it decide it");
    assert.equal(count(`SELECT count(*) FROM support_requests WHERE id = ${blackpoolId} AND decision IS NULL`), 1);
  });

  test("nobody else may read it; only a front door decides", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    for (const who of ["police", "dsl", "idva", "partnership"])
      assert.equal((await call(who, `/api/v1/support-requests/${blackpoolId}`)).status, 404, who);
    for (const who of ["admin", "scrutineer"])
      assert.equal((await call(who, `/api/v1/support-requests/${blackpoolId}`)).status, 403, who);
    assert.equal((await call(null, `/api/v1/support-requests/${blackpoolId}`)).status, 401);
    const d = await post("practitioner", `/api/v1/support-requests/${blackpoolId}/decision`, { decision: "early_help", reason: "Mine." });
    assert.equal(d.status, 403, "the referrer cannot decide their own request");
    assert.equal((await call("practitioner", "/api/v1/support-requests/queue")).status, 403);
  });

  test("a request for a Lancashire child goes to Lancashire's front door only", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    const a = await assessment("practitioner", 3, 888);
    const res = await post("practitioner", "/api/v1/support-requests", {
      assessment: a,
      ...NEW_CHILD,
      given_name: "Morgan",
      family_name: "Placeholder",
      date_of_birth: "2014-11-02",
      postcode: "PR1 2HH",
      la: "lancashire",
      ...REST,
      family_knows: false,
      family_consents: undefined,
      no_consent_reason: "Telling the family first could put the child at risk (fictional).",
    });
    assert.equal(res.status, 201, res.text);
    lancashireId = res.body.id;
    assert.match(res.body.front_door_name, /Lancashire/);
    assert.ok((await call("frontdoor", "/api/v1/support-requests/queue")).body.requests.some((r) => r.id === lancashireId));
    assert.ok(!(await call("frontdoor2", "/api/v1/support-requests/queue")).body.requests.some((r) => r.id === lancashireId));
    assert.equal((await call("frontdoor2", `/api/v1/support-requests/${lancashireId}`)).status, 404);
    const r = await call("frontdoor", `/api/v1/support-requests/${lancashireId}`);
    assert.equal(r.body.request.family_knows, 0);
    assert.equal(r.body.request.family_consents, 0, "a family that does not know has not consented");
    assert.equal(r.body.request.assessment.chosen_level, 3);
    assert.ok(r.body.request.assessment.indicator_list.length >= 1, "the indicators ticked are shown");
    assert.match(r.body.request.assessment.chosen_level_name, /^Level 3/);
  });

  test("a child already linked to the practitioner's agency is picked from their list", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    // Alex Example (demo child 1, Blackburn with Darwen) is linked to the practitioner's hospital trust
    const a = await assessment("practitioner", 4, 889);
    const res = await post("practitioner", "/api/v1/support-requests", { assessment: a, child: "existing", child_id: 1, ...REST });
    assert.equal(res.status, 201, res.text);
    assert.match(res.body.front_door_name, /Blackburn with Darwen/);
    // not to either demo front door
    for (const who of ["frontdoor", "frontdoor2"])
      assert.equal((await call(who, `/api/v1/support-requests/${res.body.id}`)).status, 404, who);
  });
});

describe("likely duplicates", () => {
  test("a new child like one on the register is offered the existing record instead", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    const a = await assessment("practitioner", 4);
    // Sam Sample, born 2012-09-30, is demo child 2 (Blackpool), not linked to the practitioner's agency
    const sam = { ...NEW_CHILD, given_name: "Sam", family_name: "Sample", date_of_birth: "2012-09-30" };
    const children = count("SELECT count(*) FROM children");
    const matchesShown = count("SELECT count(*) FROM audit_log WHERE action = 'child.match' AND resource_id = '2'");
    const first = await post("practitioner", "/api/v1/support-requests", { assessment: a, ...sam, ...REST });
    assert.equal(first.status, 422, first.text);
    assert.deepEqual(errorFields(first.body), ["same_as"]);
    const offered = first.body.likely_matches.find((m) => m.id === 2);
    assert.ok(offered, "demo child 2 is offered");
    // only what recognising the child needs, and the showing is audited as a view of the child
    assert.deepEqual(Object.keys(offered).sort(), [
      "date_of_birth", "expected_date_of_birth", "family_name", "given_initial", "id", "la_code", "la_name", "reasons", "strength",
    ]);
    assert.equal(offered.given_initial, "S");
    assert.equal(count("SELECT count(*) FROM audit_log WHERE action = 'child.match' AND resource_id = '2'"), matchesShown + 1);
    assert.equal(count("SELECT count(*) FROM children"), children, "nothing added yet");
    assert.equal(count(`SELECT count(*) FROM support_requests WHERE assessment_id = ${a}`), 0);

    const bad = await post("practitioner", "/api/v1/support-requests", { assessment: a, ...sam, ...REST, same_as: 3, same_as_reason: "I know it is this child." });
    assert.equal(bad.status, 422, "a child not among the matches cannot be picked this way");
    assert.deepEqual(errorFields(bad.body), ["same_as"]);

    // taking the record needs a reason, as in the children register
    for (const same_as_reason of [undefined, "short"]) {
      const res = await post("practitioner", "/api/v1/support-requests", { assessment: a, ...sam, ...REST, same_as: 2, same_as_reason });
      assert.equal(res.status, 422, res.text);
      assert.deepEqual(errorFields(res.body), ["same_as_reason"]);
    }
    assert.equal((await call("practitioner", "/api/v1/children/2")).status, 404, "not linked without a reason");
    assert.equal(count(`SELECT count(*) FROM support_requests WHERE assessment_id = ${a}`), 0);

    const reason = "Sam's father confirmed the date of birth and the Blackpool address (fictional).";
    const picked = await post("practitioner", "/api/v1/support-requests", { assessment: a, ...sam, ...REST, same_as: 2, same_as_reason: reason });
    assert.equal(picked.status, 201, picked.text);
    assert.equal(count("SELECT count(*) FROM children"), children, "no second record");
    assert.equal(count(`SELECT child_id FROM support_requests WHERE id = ${picked.body.id}`), 2);
    // the practitioner's agency is now linked to Sam, as raising a concern
    assert.equal((await call("practitioner", "/api/v1/children/2")).status, 200);
    // taken with the reason in the audit trail, and listed for the information governance review
    assert.equal(sqlite("SELECT reason FROM audit_log WHERE action = 'child.link' AND resource_type = 'child' AND resource_id = '2'"), reason);
    const review = await call("partnership", "/api/v1/break-glass");
    assert.ok(review.body.taken.some((t) => t.child_id === 2 && t.reason === reason && /Teaching Hospitals/.test(t.agency_name)), JSON.stringify(review.body.taken));
  });

  test("a child's record cannot be taken by naming any register child", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    const a = await assessment("dsl", 4);
    // Morgan Madeup (demo child 3) is not a likely duplicate of this child: not offered, so not taken
    const res = await post("dsl", "/api/v1/support-requests", {
      assessment: a, ...NEW_CHILD, given_name: "Quinn", family_name: "Unrelated", date_of_birth: "2013-01-13",
      ...REST, same_as: 3, same_as_reason: "I am sure this is the same child.",
    });
    assert.equal(res.status, 201, "no likely duplicates: a new record, whatever same_as says");
    assert.notEqual(count(`SELECT child_id FROM support_requests WHERE id = ${res.body.id}`), 3);
    assert.equal(count("SELECT count(*) FROM audit_log WHERE action = 'child.link' AND resource_id = '3'"), 0);
  });

  test("saying it is none of them adds a new record", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    const a = await assessment("practitioner", 4);
    const children = count("SELECT count(*) FROM children");
    const sam = { ...NEW_CHILD, given_name: "Sam", family_name: "Sample", date_of_birth: "2012-09-30" };
    const res = await post("practitioner", "/api/v1/support-requests", { assessment: a, ...sam, ...REST, same_as: 0 });
    assert.equal(res.status, 201, res.text);
    assert.equal(count("SELECT count(*) FROM children"), children + 1);
  });
});

describe("bad input changes nothing", () => {
  const snapshot = () =>
    sqlite("SELECT (SELECT count(*) FROM support_requests) || '/' || (SELECT count(*) FROM children) || '/' || (SELECT count(*) FROM child_links)");

  test("each bad request is answered with the field and the reason", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    const a = await assessment("practitioner", 4);
    const was = snapshot();
    const cases = [
      [{ ...NEW_CHILD, ...REST, concerns: undefined }, 422, ["concerns"]],
      [{ ...NEW_CHILD, ...REST, referrer_phone: "call me" }, 422, ["referrer_phone"]],
      [{ ...NEW_CHILD, ...REST, referrer_email: "not-an-email" }, 422, ["referrer_email"]],
      [{ ...NEW_CHILD, ...REST, family_knows: false, family_consents: undefined }, 422, ["no_consent_reason"]],
      [{ ...NEW_CHILD, ...REST, family_consents: undefined }, 422, ["family_consents"]],
      [{ ...NEW_CHILD, ...REST, family_consents: false }, 422, ["no_consent_reason"]],
      [{ ...NEW_CHILD, ...REST, date_of_birth: "2999-01-01" }, 422, ["date_of_birth"]],
      [{ ...NEW_CHILD, ...REST, date_of_birth: "2017-02-30" }, 422, ["date_of_birth"]],
      [{ ...NEW_CHILD, ...REST, postcode: "NOT A POSTCODE" }, 422, ["postcode"]],
      [{ ...NEW_CHILD, ...REST, la: "atlantis" }, 422, ["la"]],
      [{ ...NEW_CHILD, ...REST, given_name: undefined, family_name: undefined }, 422, ["given_name", "family_name"]],
      [{ ...REST, child: "existing" }, 422, ["child_id"]],
      // demo child 3 is linked to Lancashire's council only, not the practitioner's agency
      [{ ...REST, child: "existing", child_id: 3 }, 422, ["child_id"]],
      [{ ...REST }, 422, ["child"]],
      [{ ...NEW_CHILD, ...REST, surprise: "field" }, 422, ["surprise"]],
    ];
    for (const [body, status, expected] of cases) {
      const res = await post("practitioner", "/api/v1/support-requests", { assessment: a, ...body });
      assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
      for (const f of expected) assert.ok(errorFields(res.body).includes(f), `${f} named for ${JSON.stringify(body)}: ${res.text}`);
      assert.ok(res.body.errors.every((e) => e.detail), "each error says why");
    }
    assert.equal(snapshot(), was, "nothing was recorded");
  });

  test("only the user's own assessment at level 3 or 4, once", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    const was = snapshot();
    const level2 = await assessment("practitioner", 2);
    let res = await post("practitioner", "/api/v1/support-requests", { assessment: level2, ...NEW_CHILD, ...REST });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["assessment"]);
    assert.match(res.body.errors[0].detail, /level 3 or 4/);

    const theirs = await assessment("dsl", 4);
    res = await post("practitioner", "/api/v1/support-requests", { assessment: theirs, ...NEW_CHILD, ...REST });
    assert.equal(res.status, 404, "another person's assessment is not found");
    res = await post("practitioner", "/api/v1/support-requests", { assessment: 987654321, ...NEW_CHILD, ...REST });
    assert.equal(res.status, 404);
    assert.equal(snapshot(), was);

    const used = sqlite(`SELECT assessment_id FROM support_requests WHERE id = ${blackpoolId}`);
    res = await post("practitioner", "/api/v1/support-requests", { assessment: Number(used), ...NEW_CHILD, ...REST });
    assert.equal(res.status, 409, res.text);
    assert.match(res.body.errors[0].detail, /already been made/);
    assert.equal(snapshot(), was);
    // the page says so too
    const page = await call("practitioner", `/requests-for-support/new?assessment=${used}`);
    assert.equal(page.status, 409);
    assert.match(page.text, /already been made from this assessment/);
  });
});

describe("the decision", () => {
  test("needs a decision from the list and a reason; nothing changes without them", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    for (const body of [{ decision: "early_help" }, { reason: "A reason." }, { decision: "adopt", reason: "x" }, { decision: "early_help", reason: "   " }]) {
      const res = await post("frontdoor2", `/api/v1/support-requests/${blackpoolId}/decision`, body);
      assert.equal(res.status, 422, `${JSON.stringify(body)}: ${res.text}`);
    }
    assert.equal(count(`SELECT count(*) FROM support_requests WHERE id = ${blackpoolId} AND decision IS NULL`), 1);
    assert.equal(count("SELECT count(*) FROM mail_outbox WHERE subject LIKE '%request for support%'"), 0);
  });

  test("the front door decides once; the referrer sees the decision and reason, and gets a generic email", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    const reason = "Early help through the family hub will meet these needs (fictional).";
    const res = await post("frontdoor2", `/api/v1/support-requests/${blackpoolId}/decision`, { decision: "early_help", reason });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.request.decision, "early_help");
    assert.equal(res.body.request.status, "decided");

    const again = await post("frontdoor2", `/api/v1/support-requests/${blackpoolId}/decision`, { decision: "assessment_s17", reason: "Changed my mind." });
    assert.equal(again.status, 409);
    assert.equal(sqlite(`SELECT decision FROM support_requests WHERE id = ${blackpoolId}`), "early_help");

    const list = await call("practitioner", "/api/v1/support-requests");
    assert.equal(list.status, 200);
    const mine = list.body.requests.find((r) => r.id === blackpoolId);
    assert.equal(mine.decision, "early_help");
    assert.equal(mine.decision_label, "Early help");
    assert.equal(mine.decision_reason, reason);
    assert.equal(mine.status, "decided");
    // others' requests are not on the practitioner's list
    assert.equal((await call("dsl", "/api/v1/support-requests")).body.requests.some((r) => r.id === blackpoolId), false);

    const mail = sqlite("SELECT to_address || '|' || subject || '|' || body_text FROM mail_outbox WHERE subject LIKE '%request for support%'");
    assert.match(mail, /^priya\.practitioner@example\.org\|A decision has been made on your request for support\|/);
    assert.match(mail, /Sign in to Haven to read it/);
    assert.doesNotMatch(mail, /Robin|Testerton|early|RFS-/i, "no personal data or detail in the email");

    const audit = sqlite(`SELECT group_concat(action) FROM (SELECT action FROM audit_log WHERE resource_type = 'support_request' AND resource_id = '${blackpoolId}' AND action IN ('support.create', 'support.decide') ORDER BY id) AS s`);
    assert.equal(audit, "support.create,support.decide");
  });

  test("the page shows the decision to the referrer", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    const page = await call("practitioner", `/requests-for-support/${blackpoolId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Early help/);
    assert.match(page.text, /family hub will meet these needs/);
    assert.doesNotMatch(page.text, /Make the decision/, "the referrer gets no decision form");
  });
});

describe("a decision is found again from its request", () => {
  // The demo (src/areas/threshold/demo.sql, src/areas/support/demo.sql): the police officer's level 3
  // decision, from which a request for support for Sam went to Blackpool, decided long ago.
  test("the referrer's request links its decision, which links back and offers no second request", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    const [id, decision] = sqlite(
      "SELECT r.id || '|' || r.assessment_id FROM support_requests r JOIN users u ON u.id = r.referrer_user_id" +
        " WHERE u.email = 'police@demo.haven.example' AND r.decision IS NOT NULL",
    ).split("|").map(Number);
    const page = await call("police", `/requests-for-support/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`<a class="govuk-link" id="decision-link" href="/levels-of-need/decisions/${decision}">Your levels-of-need decision</a>`));
    const shown = await call("police", `/levels-of-need/decisions/${decision}`);
    assert.equal(shown.status, 200);
    assert.match(shown.text, new RegExp(`You made a request for support from this decision: <a class="govuk-link" href="/requests-for-support/${id}">RFS-\\d{6}</a>`));
    assert.doesNotMatch(shown.text, /Make a request for support/, "a decision leads to one request");
    const api = await call("police", `/api/v1/threshold/assessments/${decision}`);
    assert.equal(api.body.can_request_support, false);
    assert.equal(api.body.support_request.id, id);
    // the front door reads the request but not the decision, which is its maker's
    const front = await call("frontdoor2", `/requests-for-support/${id}`);
    assert.equal(front.status, 200);
    assert.doesNotMatch(front.text, /decision-link/);
    assert.equal((await call("frontdoor2", `/levels-of-need/decisions/${decision}`)).status, 404);
  });

  test("the referrer's list says how to make a request, on a page of its own", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    const list = await call("practitioner", "/requests-for-support");
    assert.match(list.text, /<a class="govuk-link" href="\/requests-for-support\/new">How to make a request for support<\/a>/);
    const how = await call("practitioner", "/requests-for-support/new");
    assert.equal(how.status, 200);
    assert.match(how.text, /A request for support starts from the levels-of-need tool/);
  });
});

describe("the queue", () => {
  test("undecided first, oldest first, and overdue ones stand out", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    // two undecided Blackpool requests, one of them received long ago (backdated in the database)
    const a1 = await assessment("practitioner", 4);
    const r1 = await post("practitioner", "/api/v1/support-requests", { assessment: a1, ...NEW_CHILD, given_name: "Avery", family_name: "Oldcase", ...REST });
    assert.equal(r1.status, 201, r1.text);
    const a2 = await assessment("practitioner", 4);
    const r2 = await post("practitioner", "/api/v1/support-requests", { assessment: a2, ...NEW_CHILD, given_name: "Jamie", family_name: "Newcase", ...REST });
    assert.equal(r2.status, 201, r2.text);
    sqlite(`UPDATE support_requests SET received_at = '2026-01-05T10:00:00Z', decision_due_at = '2026-01-06T10:00:00Z' WHERE id = ${r1.body.id}`);

    const q = await call("frontdoor2", "/api/v1/support-requests/queue");
    const ids = q.body.requests.map((r) => r.id);
    assert.ok(ids.indexOf(r1.body.id) < ids.indexOf(r2.body.id), "oldest first");
    assert.ok(ids.indexOf(r2.body.id) < ids.indexOf(blackpoolId), "undecided before decided");
    const old = q.body.requests.find((r) => r.id === r1.body.id);
    assert.equal(old.overdue, true);
    assert.equal(old.status, "overdue");
    assert.equal(old.status_label, "Overdue");
    assert.equal(old.due_label, "10am on Tuesday 6 January 2026");
    assert.equal(q.body.requests.find((r) => r.id === r2.body.id).overdue, false);
    assert.ok(q.body.overdue_count >= 1);

    const page = await call("frontdoor2", "/requests-for-support/queue");
    assert.equal(page.status, 200);
    // the row says it is overdue once: a red tag with the word, not colour alone, and its deadline in bold beside it
    const row = page.text.split("<tr").find((r) => r.includes(`href="/requests-for-support/${r1.body.id}"`));
    assert.match(row, /govuk-tag--red">Overdue</, "a red tag with the word, not colour alone");
    assert.match(row, /<strong>10am on Tuesday 6 January 2026<\/strong>/);
    assert.equal(row.match(/overdue/gi).length, 1, row);
  });
});

// Run last: its decision queues an email the tests above count.
describe("only the front door a request went to decides it", () => {
  test("a front door that referred a child to another area may read its request but not decide it", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    // Lancashire's front door refers a Blackpool child: the request goes to Blackpool's front door
    const a = await assessment("frontdoor", 4, 890);
    const res = await post("frontdoor", "/api/v1/support-requests", {
      assessment: a,
      ...NEW_CHILD,
      given_name: "Kit",
      family_name: "Crossborder",
      date_of_birth: "2015-08-08",
      ...REST,
      referrer_email: "frontdoor.referrer@example.org",
    });
    assert.equal(res.status, 201, res.text);
    assert.match(res.body.front_door_name, /Blackpool/);
    const id = res.body.id;
    // the referrer reads it, and the page offers it no decision
    assert.equal((await call("frontdoor", `/api/v1/support-requests/${id}`)).status, 200);
    const page = await call("frontdoor", `/requests-for-support/${id}`);
    assert.equal(page.status, 200);
    assert.equal((await call("frontdoor", `/api/v1/support-requests/${id}`)).body.can_decide, false);
    const own = await post("frontdoor", `/api/v1/support-requests/${id}/decision`, { decision: "no_further_action", reason: "Deciding my own referral." });
    assert.equal(own.status, 404, own.text);
    const pageDecision = await post("frontdoor", `/requests-for-support/${id}/decision`, { decision: "no_further_action", reason: "Deciding my own referral." });
    assert.equal(pageDecision.status, 404, "nor through the page");
    assert.equal(count(`SELECT count(*) FROM support_requests WHERE id = ${id} AND decision IS NULL`), 1, "not decided");
    // Blackpool's front door, where it went, decides it
    assert.equal((await call("frontdoor2", `/api/v1/support-requests/${id}`)).body.can_decide, true);
    const theirs = await post("frontdoor2", `/api/v1/support-requests/${id}/decision`, { decision: "early_help", reason: "Early help from Blackpool (fictional)." });
    assert.equal(theirs.status, 200, theirs.text);
    assert.equal(count(`SELECT count(*) FROM support_requests WHERE id = ${id} AND decision = 'early_help'`), 1);
  });
});

describe("the front door finds requests in its queue", () => {
  test("narrowed by status, the agency they came from and reference, counted, kept in the paging links; bad values named", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    const frontDoor = count("SELECT agency_id FROM users WHERE email LIKE 'frontdoor2@%'");
    const ids = (where) =>
      sqlite(`SELECT id FROM support_requests WHERE front_door_agency_id = ${frontDoor} AND ${where} ORDER BY id`)
        .split("\n").filter(Boolean).map(Number);
    const listed = async (query) => {
      const r = await call("frontdoor2", `/api/v1/support-requests/queue?limit=200&${query}`);
      assert.equal(r.status, 200, r.text);
      return { ids: r.body.requests.map((x) => x.id).sort((a, b) => a - b), total: r.body.page.total };
    };
    const nowSql = sqlTime();
    const waiting = ids("decided_at IS NULL"), decided = ids("decided_at IS NOT NULL");
    const overdue = ids(`decided_at IS NULL AND decision_due_at <= ${nowSql}`);
    assert.ok(waiting.length >= 2 && decided.length >= 1 && overdue.length >= 1, "the tests above left requests of each kind");
    assert.ok(overdue.length < waiting.length, "some waiting requests are not overdue");
    for (const [status, expected] of [["waiting", waiting], ["decided", decided], ["overdue", overdue]])
      assert.deepEqual(await listed(`status=${status}`), { ids: expected, total: expected.length }, status);

    // two agencies have sent requests here: each filter keeps only its own, and the page offers both by name
    const senders = sqlite(`SELECT DISTINCT referrer_agency_id FROM support_requests WHERE front_door_agency_id = ${frontDoor}`)
      .split("\n").map(Number);
    assert.ok(senders.length >= 2, "requests from two agencies");
    for (const sender of senders) {
      const expected = ids(`referrer_agency_id = ${sender}`);
      assert.deepEqual(await listed(`agency=${sender}`), { ids: expected, total: expected.length });
    }
    const both = ids(`referrer_agency_id = ${senders[0]} AND decided_at IS NULL`);
    assert.deepEqual(await listed(`agency=${senders[0]}&status=waiting`), { ids: both, total: both.length }, "filters combine");

    // one reference finds its request, and only while the other filters allow it
    const [reference, refId] = sqlite(`SELECT reference || '|' || id FROM support_requests WHERE id = ${decided[0]}`).split("|");
    assert.deepEqual(await listed(`reference=${reference}`), { ids: [Number(refId)], total: 1 });
    assert.deepEqual(await listed(`reference=${reference}&status=waiting`), { ids: [], total: 0 });

    // the page: a filter form with the agencies by name, "found" in the caption, and the filter kept in "Next"
    const page = await call("frontdoor2", "/requests-for-support/queue?status=waiting&limit=1");
    assert.equal(page.status, 200);
    assert.match(page.text, /Requests found, undecided first, oldest first/);
    assert.match(page.text, /<option value="waiting" selected>Waiting for a decision<\/option>/);
    const senderName = sqlite(`SELECT name FROM agencies WHERE id = ${senders[0]}`);
    const html = senderName.replaceAll("&", "&amp;").replaceAll("'", "&#39;");
    assert.ok(page.text.includes(`<option value="${senders[0]}">${html}</option>`), "the agencies by name");
    const next = page.text.match(/href="(\/requests-for-support\/queue\?[^"]*after=[^"]*)"/)?.[1]?.replaceAll("&amp;", "&");
    assert.ok(next && /status=waiting/.test(next), "the next link keeps the filter");
    assert.match((await call("frontdoor2", next)).text, new RegExp(`Showing 2 to 2 of ${waiting.length} requests`));

    // bad values are refused naming the field, on the API and on the page; nobody else gets the queue
    let r = await call("frontdoor2", "/api/v1/support-requests/queue?status=urgent");
    assert.equal(r.status, 400);
    assert.deepEqual(errorFields(r.body), ["status"]);
    r = await call("frontdoor2", "/api/v1/support-requests/queue?agency=blackpool");
    assert.equal(r.status, 400);
    assert.deepEqual(errorFields(r.body), ["agency"]);
    r = await call("frontdoor2", "/requests-for-support/queue?status=urgent");
    assert.equal(r.status, 400);
    assert.match(r.text, /govuk-error-summary/);
    assert.match(r.text, /href="#status"/);
    assert.equal((await call("practitioner", "/api/v1/support-requests/queue?status=waiting")).status, 403);
  });
});

describe("a referrer who moves to another agency leaves their requests behind", () => {
  const MOVER = "mover.support@example.org";
  const PASSWORD = "Quiet-harbour-lantern-47";
  const { call: callAs, post: postAs } = apiClient(() => haven, { passwords: { [MOVER]: PASSWORD } });

  test("their request is no longer theirs to read or list; the front door still has it", async (t) => {
    if (toolMissing) return t.skip(toolMissing);
    const added = runHaven(["user", "add", "--db", haven.dbPath, "--email", MOVER, "--name", "Mo Mover",
      "--agency", "demo-teaching-hospitals", "--role", "practitioner"], { input: `${PASSWORD}\n` });
    assert.equal(added.status, 0, added.stderr);
    const a = await assessment(MOVER, 4, 890, postAs);
    const made = await postAs(MOVER, "/api/v1/support-requests",
      { assessment: a, ...NEW_CHILD, given_name: "Morgan", family_name: "Moverton", ...REST });
    assert.equal(made.status, 201, made.text);
    const id = made.body.id;
    assert.equal((await callAs(MOVER, `/api/v1/support-requests/${id}`)).status, 200);
    assert.ok((await callAs(MOVER, "/api/v1/support-requests")).body.requests.some((r) => r.id === id));

    const mover = Number(sqlite(`SELECT id FROM users WHERE email = '${MOVER}'`));
    const moved = await call("admin", `/api/v1/users/${mover}`,
      { method: "PATCH", json: { agency: "seafront-primary", reason: "Moved to a school." } });
    assert.equal(moved.status, 200, moved.text);

    assert.equal((await callAs(MOVER, `/api/v1/support-requests/${id}`)).status, 404, "not theirs any more");
    assert.equal((await callAs(MOVER, `/requests-for-support/${id}`)).status, 404, "nor its page");
    const list = await callAs(MOVER, "/api/v1/support-requests");
    assert.equal(list.status, 200, list.text);
    assert.ok(!list.body.requests.some((r) => r.id === id), "off their list: it names the child");
    assert.equal(list.body.count, 0, "and not counted");
    assert.equal((await call("frontdoor2", `/api/v1/support-requests/${id}`)).status, 200, "the front door keeps it");
  });
});
