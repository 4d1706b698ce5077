// "Who has seen this child's data?" (issue 11, part 2): every audited answer
// that shows a child, whichever route shows it (the child's record, an
// incident, an Encompass notification, a request for support, a Provide
// referral, a review, or a list naming the child), leaves an audit row that
// the audit search by child finds (API, page and CSV export). And a page
// shown again after a failed change (a form's errors, or the handler's
// refusal) writes the same read row a GET of the record would, before it is
// sent.
//
// The routes come from `haven routes`: every GET of an action that shows a
// child's data must have a case below, or a written reason why it shows no
// child on the register, so a new route cannot be left out unnoticed.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, demoEmail, errorFields, sqlRows, sqlText } from "../lib/api.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const lastAuditId = () => Number(sql("SELECT coalesce(max(id), 0) FROM audit_log"));
// The IDVA service's referral about the victim of demo incident 1 (the referrals made at start-up are
// numbered in the order of their incidents, which the demo dates relative to when it is made).
const incidentOneReferral = () =>
  Number(sql(`SELECT min(r.id) FROM idva_referrals r JOIN users u ON u.agency_id = r.service_agency_id
              WHERE r.incident_id = 1 AND u.email = 'idva@demo.haven.example'`));

// Records made in before(): a request for support (and its new child), an assessment, a review of child 1.
const made = {};

before(async () => {
  haven = await startHaven();
  // a request for support for a new Blackpool child (goes to frontdoor2, Blackpool Council)
  made.assessment = await assessment("practitioner");
  const request = await post("practitioner", "/api/v1/support-requests", {
    assessment: made.assessment,
    child: "new",
    given_name: "Robin",
    family_name: "Auditson",
    date_of_birth: "2017-03-14",
    sex: "not_known",
    postcode: "fy1 1aa",
    la: "blackpool",
    concerns: "Fictional concerns for the tests: unexplained bruising seen twice this month.",
    family_knows: true,
    family_consents: true,
    referrer_phone: "01632 960 001",
    referrer_email: "priya.practitioner@example.org",
  });
  assert.equal(request.status, 201, request.text);
  made.request = request.body.id;
  made.requestChild = Number(sql(`SELECT child_id FROM support_requests WHERE id = ${made.request}`));
  assert.ok(made.requestChild > 0);
  // a second assessment, for the request form (an assessment makes one request only)
  made.formAssessment = await assessment("practitioner");
  // a serious incident review of demo child 1
  const review = await post("partnership", "/api/v1/reviews", {
    child_pseudonym: "Child Q",
    child_id: 1,
    la: "blackburn-with-darwen",
    harm: "serious_harm",
    circumstances: "Fictional circumstances for the audit tests.",
    aware_on: "2026-11-02",
  });
  assert.equal(review.status, 201, review.text);
  made.review = review.body.id;
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/** A level 4 decision recorded with the levels-of-need tool by `who` for Blackpool; its id. */
async function assessment(who) {
  const body = {
    age_band: "5-11",
    la_code: 890,
    indicators: ["health-unexplained-injury", "basic-care-severe-neglect"],
    chosen_level: 4,
  };
  let res = await post(who, "/api/v1/threshold/assessments", body);
  if (res.status === 422 && errorFields(res.body).includes("chosen_reason"))
    res = await post(who, "/api/v1/threshold/assessments", { ...body, chosen_reason: "A fictional judgement for the tests." });
  assert.equal(res.status, 201, res.text);
  return res.body.id ?? res.body.decision?.id ?? res.body.assessment?.id;
}

/** The rows the audit search by child finds (as the partnership, through the API), newest first. */
async function searchByChild(child, extra = {}) {
  const res = await post("partnership", "/api/v1/audit/search", { child_id: child, limit: 1000, ...extra });
  assert.equal(res.status, 200, res.text);
  return res.body.rows;
}

/** The demo user's display name, as audit rows show it. */
const nameOf = (who) => sql(`SELECT name FROM users WHERE email = '${demoEmail(who)}'`);

// The actions whose answers show a child's data (src/auth/policy.c): their GET routes need a case here.
const CHILD_DATA_ACTIONS = new Set([
  "child.read", "child.list", "child.create", "child.chronology",
  "incident.list", "incident.read", "incident.resolve",
  "encompass.inbox", "encompass.read", "encompass.escalations",
  "support.list", "support.queue", "support.read", "support.create",
  "provide.list", "provide.read",
  "review.list", "review.read",
]);

// GET routes of those actions that show no child on the register, and why.
const NO_CHILD = {
  "GET /children/new": "the empty form to add a child",
  "GET /incidents/new": "the empty form to record an incident",
  "GET /incidents/unresolved": "children the police named who are not matched to the register yet (no child id)",
  "GET /api/v1/da-incidents/unresolved": "as /incidents/unresolved",
};

// One case per route: who views it, the path, and a child it shows (given as a function: ids made in before()).
const CASES = [
  { route: "GET /children", who: "practitioner", path: "/children", child: () => 1 },
  { route: "GET /api/v1/children", who: "practitioner", path: "/api/v1/children", child: () => 1 },
  { route: "POST /children/search", who: "practitioner", path: "/children/search", form: { name: "Alex" }, child: () => 1 },
  { route: "POST /api/v1/children/search", who: "practitioner", path: "/api/v1/children/search", json: { name: "Alex" }, child: () => 1 },
  { route: "GET /children/{id:int}", who: "practitioner", path: "/children/1", child: () => 1 },
  { route: "GET /api/v1/children/{id:int}", who: "practitioner", path: "/api/v1/children/1", child: () => 1 },
  { route: "GET /children/{id:int}/chronology", who: "practitioner", path: "/children/1/chronology", child: () => 1 },
  { route: "GET /api/v1/children/{id:int}/chronology", who: "practitioner", path: "/api/v1/children/1/chronology", child: () => 1 },
  // demo incident 1: children 1 and 6, both matched
  { route: "GET /incidents", who: "police", path: "/incidents", child: () => 6 },
  { route: "GET /api/v1/da-incidents", who: "police", path: "/api/v1/da-incidents", child: () => 6 },
  { route: "GET /incidents/{id:int}", who: "police", path: "/incidents/1", child: () => 6 },
  { route: "GET /api/v1/da-incidents/{id:int}", who: "police", path: "/api/v1/da-incidents/1", child: () => 6 },
  { route: "GET /incidents/{id:int}/children/{child:int}/resolve", who: "police", path: "/incidents/1/children/2/resolve", child: () => 6 },
  // demo notification 1 is about child 1, to Brookfield Primary (the dsl's); notification 5 (child 2) is escalated
  { route: "GET /encompass", who: "dsl", path: "/encompass", child: () => 1 },
  { route: "GET /api/v1/encompass/notifications", who: "dsl", path: "/api/v1/encompass/notifications", child: () => 1 },
  { route: "GET /encompass/notifications/{id:int}", who: "dsl", path: "/encompass/notifications/1", child: () => 1 },
  { route: "GET /api/v1/encompass/notifications/{id:int}", who: "dsl", path: "/api/v1/encompass/notifications/1", child: () => 1 },
  { route: "GET /encompass/escalations", who: "police", path: "/encompass/escalations", child: () => 2 },
  { route: "GET /api/v1/encompass/escalations", who: "police", path: "/api/v1/encompass/escalations", child: () => 2 },
  // the IDVA service's demo referral about the victim of incident 1: its page shows that incident
  { route: "GET /provide", who: "idva", path: "/provide", child: () => 6 },
  { route: "GET /api/v1/provide/referrals", who: "idva", path: "/api/v1/provide/referrals", child: () => 6 },
  { route: "GET /provide/referrals/{id:int}", who: "idva", path: () => `/provide/referrals/${incidentOneReferral()}`, child: () => 6 },
  { route: "GET /api/v1/provide/referrals/{id:int}", who: "idva", path: () => `/api/v1/provide/referrals/${incidentOneReferral()}`, child: () => 6 },
  // the request for support made in before(), and the request form's list of the agency's children
  { route: "GET /requests-for-support", who: "practitioner", path: "/requests-for-support", child: () => made.requestChild },
  { route: "GET /api/v1/support-requests", who: "practitioner", path: "/api/v1/support-requests", child: () => made.requestChild },
  { route: "GET /requests-for-support/queue", who: "frontdoor2", path: "/requests-for-support/queue", child: () => made.requestChild },
  { route: "GET /api/v1/support-requests/queue", who: "frontdoor2", path: "/api/v1/support-requests/queue", child: () => made.requestChild },
  { route: "GET /requests-for-support/{id:int}", who: "frontdoor2", path: () => `/requests-for-support/${made.request}`, child: () => made.requestChild },
  { route: "GET /api/v1/support-requests/{id:int}", who: "practitioner", path: () => `/api/v1/support-requests/${made.request}`, child: () => made.requestChild },
  { route: "GET /requests-for-support/{id:int}/confirmation", who: "practitioner", path: () => `/requests-for-support/${made.request}/confirmation`, child: () => made.requestChild },
  { route: "GET /requests-for-support/new", who: "practitioner", path: () => `/requests-for-support/new?assessment=${made.formAssessment}`, child: () => 1 },
  // the review of child 1 made in before() (the partnership sees every review)
  { route: "GET /reviews", who: "partnership", path: "/reviews", child: () => 1 },
  { route: "GET /api/v1/reviews", who: "partnership", path: "/api/v1/reviews", child: () => 1 },
  { route: "GET /reviews/{id:int}", who: "partnership", path: () => `/reviews/${made.review}`, child: () => 1 },
  { route: "GET /api/v1/reviews/{id:int}", who: "partnership", path: () => `/api/v1/reviews/${made.review}`, child: () => 1 },
  ...["notification", "contributions", "rapid-review", "cspr", "milestones", "themes", "group"].map((task) => ({
    route: `GET /reviews/{id:int}/${task}`,
    who: "partnership",
    path: () => `/reviews/${made.review}/${task}`,
    child: () => 1,
  })),
  { route: "GET /reviews/{id:int}/actions", who: "partnership", path: () => `/reviews/${made.review}/actions`, child: () => 1 },
  { route: "GET /api/v1/reviews/{id:int}/actions", who: "partnership", path: () => `/api/v1/reviews/${made.review}/actions`, child: () => 1 },
  { route: "GET /api/v1/reviews/{id:int}/briefings", who: "partnership", path: () => `/api/v1/reviews/${made.review}/briefings`, child: () => 1 },
];

/** Every route, as `haven routes` prints it: {area, method, pattern, action, ...}. */
function allRoutes() {
  const r = runHaven(["routes"]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split("\n").map((line) => JSON.parse(line));
}
const actionOf = (key) => allRoutes().find((x) => `${x.method} ${x.pattern}` === key).action;

describe("every route that shows a child's data is found by the audit search by child", () => {
  test("each such route of `haven routes` has a case here (or a reason it shows no registered child)", () => {
    const routes = allRoutes();
    const covered = new Set(CASES.map((c) => c.route));
    const missing = routes
      .filter((x) => x.method === "GET" && x.audited && CHILD_DATA_ACTIONS.has(x.action))
      .map((x) => `${x.method} ${x.pattern}`)
      .filter((key) => !covered.has(key) && !(key in NO_CHILD));
    assert.deepEqual(missing, [], "routes with no case");
    // and every case names a real route with one of those actions
    const known = new Map(routes.map((x) => [`${x.method} ${x.pattern}`, x.action]));
    for (const c of CASES) assert.ok(CHILD_DATA_ACTIONS.has(known.get(c.route)), `${c.route} is a route that shows a child`);
  });

  for (const c of CASES) {
    test(`${c.route} as ${c.who}`, async () => {
      const path = typeof c.path === "function" ? c.path() : c.path;
      const child = c.child();
      const before = lastAuditId();
      const method = c.route.split(" ")[0];
      const res = await call(c.who, path, { method, json: c.json, form: c.form });
      assert.equal(res.status, 200, `${c.route}: ${res.text.slice(0, 300)}`);
      const action = actionOf(c.route);
      const rows = (await searchByChild(child)).filter((row) => row.id > before);
      const mine = rows.filter((row) => row.user_name === nameOf(c.who) && row.action === action);
      assert.equal(mine.length, 1, `one ${action} row by ${c.who} about child ${child}: ${JSON.stringify(rows)}`);
    });
  }

  test("a list records every child it shows, and no child it does not", async () => {
    const before = lastAuditId();
    const res = await call("dsl", "/api/v1/encompass/notifications");
    assert.equal(res.status, 200);
    const row = Number(sql(`SELECT id FROM audit_log WHERE id > ${before} AND action = 'encompass.inbox'`));
    const shown = sqlRows(haven.dbPath, `SELECT child_id FROM audit_children WHERE audit_id = ${row} ORDER BY child_id`).map((r) => r.child_id);
    // Brookfield Primary's notifications in the demo are about children 1, 4 and 5; 2, 3 and 6 are others'
    assert.deepEqual(shown, [1, 4, 5]);
  });

  test("the audit page and the CSV export search by child the same way", async () => {
    const before = lastAuditId();
    assert.equal((await call("police", "/api/v1/da-incidents/1")).status, 200);
    const readId = Number(sql(`SELECT id FROM audit_log WHERE id > ${before} AND action = 'incident.read'`));
    assert.ok(readId > 0);
    const page = await call("partnership", "/audit/search", { method: "POST", form: { child_id: "6" } });
    assert.equal(page.status, 200);
    assert.match(page.text, /incident\.read/);
    assert.match(page.text, new RegExp(`>${readId}<`));
    const csv = await call("partnership", "/audit/export.csv", { method: "POST", form: { child_id: "6" } });
    assert.equal(csv.status, 200);
    assert.ok(csv.text.split("\r\n").some((line) => line.startsWith(`${readId},`) && line.includes(",incident.read,da_incident,1,")),
      "the incident's read is in the export");
    // and a child the incident does not name does not find it
    const other = await searchByChild(3);
    assert.ok(!other.some((row) => row.id === readId));
  });
});

describe("a page shown again after a failed change writes the read row a GET would", () => {
  /** The audit rows after `before` by `who` with `action` (and the record, if given), with the children of each. */
  function rowsAfter(before, who, action, type = null, id = null) {
    const record = type ? ` AND resource_type = '${type}' AND resource_id = '${id}'` : "";
    return sqlRows(
      haven.dbPath,
      `SELECT a.id, a.resource_type, a.resource_id, a.reason,
              (SELECT group_concat(CAST(child_id AS text)) FROM (SELECT child_id FROM audit_children WHERE audit_id = a.id ORDER BY child_id) AS s) AS children
         FROM audit_log a JOIN users u ON u.id = a.user_id
        WHERE a.id > ${before} AND u.email = '${demoEmail(who)}' AND a.action = '${action}'${record}`,
    );
  }

  /** POSTs the form as `who` to a page; expects `status` and the record's page again. */
  async function failing(who, path, form, status, shows) {
    const before = lastAuditId();
    const res = await call(who, path, { method: "POST", form });
    assert.equal(res.status, status, res.text.slice(0, 400));
    assert.match(res.headers.get("content-type"), /text\/html/);
    assert.match(res.text, shows, "the page shows the record again");
    return before;
  }

  test("a child: a search of the list that fails shows the list again, recorded with its children", async () => {
    // the handler's refusal (neither name nor date of birth) ...
    let before = await failing("practitioner", "/children/search", {}, 422, /Alex/);
    let rows = rowsAfter(before, "practitioner", "child.list");
    assert.equal(rows.length, 1);
    assert.equal(rows[0].reason, "shown again after a failed attempt");
    assert.ok(rows[0].children.split(",").includes("1"));
    // ... and a field that fails its spec before the handler runs
    before = await failing("practitioner", "/children/search", { name: "x".repeat(300) }, 422, /Alex/);
    rows = rowsAfter(before, "practitioner", "child.list");
    assert.equal(rows.length, 1);
    assert.ok(rows[0].children.split(",").includes("1"));
    assert.ok((await searchByChild(1)).some((row) => row.id === rows[0].id));
  });

  test("an Encompass notification: a missing answer, and an answer refused, write encompass.read", async () => {
    // field validation: no action chosen
    let before = await failing("dsl", "/encompass/notifications/3/action", {}, 422, /Morgan/);
    let rows = rowsAfter(before, "dsl", "encompass.read", "encompass_notification", 3);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].reason, null);
    assert.equal(rows[0].children, "4");
    // the handler's refusal: no detail for "no action"
    before = await failing("dsl", "/encompass/notifications/3/action", { action: "no_action" }, 422, /Morgan/);
    assert.equal(rowsAfter(before, "dsl", "encompass.read", "encompass_notification", 3).length, 1);
    // nothing was recorded by either
    assert.equal(sql("SELECT action IS NULL FROM encompass_notifications WHERE id = 3"), "1");
  });

  test("a Provide referral: the victim's safe-contact page again writes provide.read", async () => {
    const referral = incidentOneReferral();
    // field validation: no method or result
    let before = await failing("idva", `/provide/referrals/${referral}/attempts`, {}, 422, /Referral/);
    let rows = rowsAfter(before, "idva", "provide.read", "idva_referral", referral);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].children, "1,6");
    // the handler's refusal: no time given
    before = await failing("idva", `/provide/referrals/${referral}/attempts`, { method: "phone", result: "no_answer" }, 422, /Referral/);
    assert.equal(rowsAfter(before, "idva", "provide.read", "idva_referral", referral).length, 1);
    assert.equal(sql(`SELECT count(*) FROM idva_contact_attempts WHERE referral_id = ${referral}`), "0");
  });

  test("a request for support: a decision without its reason writes support.read", async () => {
    const before = await failing("frontdoor2", `/requests-for-support/${made.request}/decision`, { decision: "early_help" }, 422, /Auditson/);
    const rows = rowsAfter(before, "frontdoor2", "support.read", "support_request", made.request);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].children, String(made.requestChild));
    assert.equal(sql(`SELECT decision IS NULL FROM support_requests WHERE id = ${made.request}`), "1");
  });

  test("an incident: resolving a child without choosing writes incident.resolve, as its GET does", async () => {
    const before = await failing("police", "/incidents/1/children/2/resolve", {}, 422, /Match child/);
    const rows = rowsAfter(before, "police", "incident.resolve", "da_incident", 1);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].children, "1,6");
  });

  test("an API client's failed change shows no record and writes no read row", async () => {
    const before = lastAuditId();
    const res = await post("dsl", "/api/v1/encompass/notifications/3/action", {});
    assert.equal(res.status, 422);
    assert.equal(rowsAfter(before, "dsl", "encompass.read").length, 0);
  });
});
