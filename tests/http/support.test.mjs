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
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

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

/** A decision recorded with the levels-of-need tool by `who`, at `level` (3 or 4 lead to a request). */
async function assessment(who, level, la_code = 890) {
  const indicators = {
    2: ["health-missed-appointments"],
    3: ["education-persistent-absence"],
    4: ["health-unexplained-injury", "basic-care-severe-neglect"],
  }[level];
  const body = { age_band: "5-11", la_code, indicators, chosen_level: level };
  let res = await post(who, "/api/v1/threshold/assessments", body);
  if (res.status === 422 && errorFields(res.body).includes("chosen_reason"))
    res = await post(who, "/api/v1/threshold/assessments", { ...body, chosen_reason: "A fictional judgement for the tests." });
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
    const first = await post("practitioner", "/api/v1/support-requests", { assessment: a, ...sam, ...REST });
    assert.equal(first.status, 422, first.text);
    assert.deepEqual(errorFields(first.body), ["same_as"]);
    assert.ok(first.body.likely_matches.some((m) => m.id === 2), "demo child 2 is offered");
    assert.equal(count("SELECT count(*) FROM children"), children, "nothing added yet");
    assert.equal(count(`SELECT count(*) FROM support_requests WHERE assessment_id = ${a}`), 0);

    const bad = await post("practitioner", "/api/v1/support-requests", { assessment: a, ...sam, ...REST, same_as: 3 });
    assert.equal(bad.status, 422, "a child not among the matches cannot be picked this way");

    const picked = await post("practitioner", "/api/v1/support-requests", { assessment: a, ...sam, ...REST, same_as: 2 });
    assert.equal(picked.status, 201, picked.text);
    assert.equal(count("SELECT count(*) FROM children"), children, "no second record");
    assert.equal(count(`SELECT child_id FROM support_requests WHERE id = ${picked.body.id}`), 2);
    // the practitioner's agency is now linked to Sam, as raising a concern
    assert.equal((await call("practitioner", "/api/v1/children/2")).status, 200);
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

    const audit = sqlite(`SELECT group_concat(action) FROM (SELECT action FROM audit_log WHERE resource_type = 'support_request' AND resource_id = '${blackpoolId}' AND action IN ('support.create', 'support.decide') ORDER BY id)`);
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
    assert.match(page.text, /govuk-tag--red">Overdue</, "a red tag with the word, not colour alone");
    assert.match(page.text, /10am on Tuesday 6 January 2026 \(overdue\)/);
  });
});
