// After a merge, what was recorded about the merged-away record before it:
// open work on it can still be finished (a missing child's return, its
// interview and strategy discussion, an NRM decision, a neglect draft, its
// agreement and take-over, a request for support's decision, a context
// link's change or end), since refusing it would leave a child shown as
// missing or a decision waiting for ever; its chronology joins the kept
// record's. What would start something new for it is refused (422, naming
// the kept record, nothing changed): a levels-of-need decision made for it
// as a child of a household the IDVA works, and resolving a police
// incident's child to it (the kept record is offered in its place). Reading
// each record still works. (merges-writes.test.mjs has new records about
// the merged-away child refused.)

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { apiClient, errorFields, plusDays, sqlRows } from "../lib/api.mjs";
import { REPO_ROOT, runHaven, startHaven } from "../lib/haven.mjs";

const DEMO = JSON.parse(readFileSync(path.join(REPO_ROOT, "src/areas/neglect/data/tool-demo.json"), "utf8"));
const SUBS = DEMO.areas.flatMap((a) => a.sub_areas.map((s) => s.id));
const MANAGER = "merged.manager@example.org";
const LEAVER = "merged.leaver@example.org";
const PASSWORD = "quiet harbour lantern seventeen";

let haven;
const { call, post } = apiClient(() => haven, { passwords: { [MANAGER]: PASSWORD, [LEAVER]: PASSWORD }, timeoutMs: 60_000 });
const sql = (query) => sqlRows(haven.dbPath, query);
const agencyOf = (email) => sql(`SELECT agency_id FROM users WHERE email = '${email}'`)[0].agency_id;
let kept, duplicate, mergeId;
const ids = {};

const child = (given, family, setting) => ({
  given_name: given,
  family_name: family,
  date_of_birth: "2014-06-06",
  sex: "not_known",
  la_code: 890,
  settings: [setting],
  confirm_new: true,
});

// a request for support for the duplicate, from a levels-of-need assessment of its own
async function supportRequest() {
  const body = { age_band: "5-11", la_code: 890, indicators: ["health-unexplained-injury", "basic-care-severe-neglect"], chosen_level: 4 };
  let a = await post("dsl", "/api/v1/threshold/assessments", body);
  if (a.status === 422 && errorFields(a.body).includes("chosen_reason")) a = await post("dsl", "/api/v1/threshold/assessments", { ...body, chosen_reason: "A fictional judgement for the tests." });
  assert.equal(a.status, 201, a.text);
  const r = await post("dsl", "/api/v1/support-requests", {
    assessment: a.body.id ?? a.body.decision?.id ?? a.body.assessment?.id,
    child: "existing",
    child_id: duplicate,
    concerns: "Fictional concerns for the merge tests.",
    family_knows: true,
    family_consents: true,
    referrer_phone: "01632 960 001",
    referrer_email: "dsl@example.org",
  });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

// open work on a record about the duplicate, finished after the merge, with the status it gets
const finishing = () => [
  ["a neglect draft saved again", 200, () => post("dsl", `/api/v1/neglect/assessments/${ids.draft}`, { age_band: "5-11", summary: "Saved again" })],
  ["a neglect assessment's agreement", 200, () => post(MANAGER, `/api/v1/neglect/assessments/${ids.finished}/agreement`, {})],
  ["a neglect draft taken over", 200, () => post(MANAGER, `/api/v1/neglect/assessments/${ids.left}/take-over`)],
  [
    "an NRM referral's decisions",
    200,
    () => post("frontdoor2", `/api/v1/exploitation/nrm-referrals/${ids.nrm}/decisions`, { reasonable_grounds: "positive", reasonable_grounds_on: "2026-11-05" }),
  ],
  ["a missing episode's return", 200, () => post("police", `/api/v1/missing-episodes/${ids.episode}/return`, { returned_at: "2026-11-21T10:00:00Z", found_where: "Town centre" })],
  ["a missing episode's interview", 200, () => post("frontdoor2", `/api/v1/missing-episodes/${ids.episode}/interview`, { offered_at: "2026-11-21T12:00:00Z" })],
  [
    "a missing episode's strategy discussion",
    200,
    () =>
      post("frontdoor2", `/api/v1/missing-episodes/${ids.episode}/strategy-discussion`, {
        held_on: plusDays(0),
        agencies: [agencyOf("police@demo.haven.example"), agencyOf("frontdoor2@demo.haven.example")],
        decision: "Fictional: a plan agreed.",
        next_steps: "Fictional: meet again.",
      }),
  ],
  ["a request for support's decision", 200, () => post("frontdoor2", `/api/v1/support-requests/${ids.support}/decision`, { decision: "no_further_action", reason: "Fictional." })],
  [
    "a change to the child's link to a context",
    200,
    () => post("frontdoor2", `/api/v1/contexts/${ids.context}/links/change`, { changed_child: duplicate, new_nature: "Visits at weekends", new_source: "Police", change_reason: "Fictional." }),
  ],
  ["the end of the child's link to a context", 200, () => post("frontdoor2", `/api/v1/contexts/${ids.context}/links/end`, { ended_child: duplicate, link_end_reason: "Fictional." })],
];
// what would start something new for the duplicate, with the status it gets once the record stands for the child again
const refused = () => [
  [
    "a levels-of-need decision for a household's child",
    201,
    () => post("idva", "/api/v1/threshold/assessments", { age_band: "12-17", la_code: 890, indicators: ["education-persistent-absence"], chosen_level: 3, chosen_reason: "Fictional.", referral: ids.referral, child: duplicate }),
  ],
];
// what a refused change must leave as it was
const state = () =>
  JSON.stringify([
    sql("SELECT * FROM neglect_assessments ORDER BY id"),
    sql("SELECT * FROM nrm_referrals ORDER BY id"),
    sql("SELECT * FROM missing_episodes ORDER BY id"),
    sql("SELECT * FROM strategy_discussions ORDER BY id"),
    sql("SELECT * FROM support_requests ORDER BY id"),
    sql("SELECT * FROM threshold_assessments ORDER BY id"),
    sql("SELECT * FROM context_links ORDER BY 1, 2"),
  ]);

before(async () => {
  haven = await startHaven();
  // the school asks for a manager's agreement, and has a manager and a leaver beside its DSL
  let r = runHaven(["neglect", "agreement", "--db", haven.dbPath, "--agency", "brookfield-primary", "--required", "yes"]);
  assert.equal(r.status, 0, r.stderr);
  for (const [email, name] of [[MANAGER, "Mo Manager"], [LEAVER, "Lou Leaver"]]) {
    r = runHaven(["user", "add", "--db", haven.dbPath, "--email", email, "--name", name, "--agency", "brookfield-primary", "--role", "dsl"], { input: `${PASSWORD}\n` });
    assert.equal(r.status, 0, r.stderr);
  }
  let res = await post("practitioner", "/api/v1/children", child("Morgan", "Mergeable", "seafront-primary"));
  assert.equal(res.status, 201, res.text);
  kept = res.body.id;
  res = await post("dsl", "/api/v1/children", child("Morgen", "Mergable", "brookfield-primary"));
  assert.equal(res.status, 201, res.text);
  duplicate = res.body.id;

  // what is recorded about the duplicate before the merge; first, it is a child of a household the IDVA
  // service works (an incident there matched to it, then a high-risk one referring the victim)
  const household = (ref, days, children, adults) => ({
    police_reference: ref,
    occurred_at: new Date(Date.now() - days * 86400_000).toISOString().replace(/\.\d+Z$/, "Z"),
    location: "9 Fictional Row",
    la_code: 890,
    risk_level: "high",
    circumstances: "Fictional circumstances for the merge tests.",
    adults,
    children,
  });
  res = await post("police", "/api/v1/da-incidents", household("MERGED-DA-H1", 20, [{ given_name: "Morgen", family_name: "Mergable", date_of_birth: "2014-06-06", present: true, spoken_to: false }], [{ name: "Lee Household", role: "suspect" }]));
  assert.equal(res.status, 201, res.text);
  res = await post("police", "/api/v1/da-incidents", household("MERGED-DA-H2", 2, [], [{ name: "Pat Household", role: "victim", contact_phone: "01632 960002", safe_to_call: true, safe_to_leave_message: false }]));
  assert.equal(res.status, 201, res.text);
  ids.referral = sql("SELECT r.id FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id WHERE i.police_reference = 'MERGED-DA-H2'")[0].id;
  assert.equal(sql("SELECT c.child_id FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id WHERE i.police_reference = 'MERGED-DA-H1'")[0].child_id, duplicate);
  res = await post("dsl", `/api/v1/neglect/children/${duplicate}/assessments`, { age_band: "5-11" });
  assert.equal(res.status, 201, res.text);
  ids.draft = res.body.id;
  res = await post("dsl", `/api/v1/neglect/children/${duplicate}/assessments`, {
    age_band: "12-17",
    finish: true,
    grades: Object.fromEntries(SUBS.map((id) => [id, { grade: 2, evidence: `Fictional: seen at school, ${id}` }])),
    summary: "Needs mostly met",
    assessed_on: "2026-11-01",
    review_on: "2027-02-01",
  });
  assert.equal(res.status, 201, res.text);
  ids.finished = res.body.id;
  res = await post(LEAVER, `/api/v1/neglect/children/${duplicate}/assessments`, { age_band: "5-11" });
  assert.equal(res.status, 201, res.text);
  ids.left = res.body.id;
  const leaver = sql(`SELECT id FROM users WHERE email = '${LEAVER}'`)[0].id;
  res = await post("admin", `/api/v1/users/${leaver}/disable`, { reason: "Left the school" });
  assert.equal(res.status, 200, res.text);
  res = await post("frontdoor2", `/api/v1/exploitation/children/${duplicate}/nrm-referrals`, { referred_on: "2026-11-01", first_responder: "Blackpool Council" });
  assert.equal(res.status, 201, res.text);
  ids.nrm = res.body.referral.id;
  res = await post("police", "/api/v1/missing-episodes", {
    police_reference: "MERGED-MISS-1",
    given_name: "Morgen",
    family_name: "Mergable",
    date_of_birth: "2014-06-06",
    la_code: 890,
    reported_at: "2026-11-20T21:30:00Z",
    risk_grading: "medium",
    missing_from: "home",
  });
  assert.equal(res.status, 201, res.text);
  ids.episode = res.body.id;
  assert.equal(sql(`SELECT child_id FROM missing_episodes WHERE id = ${ids.episode}`)[0].child_id, duplicate, "the episode is the duplicate's");
  ids.support = await supportRequest();
  res = await post("frontdoor2", "/api/v1/contexts", { kind: "place", name: "Fictional promenade shelter", place_kind: "park", address: "Promenade, Blackpool" });
  assert.equal(res.status, 201, res.text);
  ids.context = res.body.context.id;
  res = await post("frontdoor2", `/api/v1/contexts/${ids.context}/links`, { child: duplicate, nature: "Stays there", source: "Police" });
  assert.equal(res.status, 200, res.text);

  // a police incident naming a child like the duplicate and a third record, so waiting to be resolved
  res = await post("practitioner", "/api/v1/children", child("Morgen", "Mergable", "seafront-primary"));
  assert.equal(res.status, 201, res.text);
  res = await post("police", "/api/v1/da-incidents", {
    police_reference: "MERGED-DA-1",
    occurred_at: "2026-11-19T19:30:00Z",
    location: "1 Fictional Road",
    la_code: 890,
    risk_level: "medium",
    circumstances: "Fictional: verbal argument between adults.",
    adults: [{ name: "Pat Example", role: "victim", contact_phone: "01632 960001", safe_to_call: true, safe_to_leave_message: false }, { name: "Lee Example", role: "suspect" }],
    children: [{ given_name: "Morgen", family_name: "Mergable", date_of_birth: "2014-06-06", present: true, spoken_to: false }],
  });
  assert.equal(res.status, 201, res.text);
  ids.incident = res.body.id;

  res = await post("frontdoor2", `/api/v1/children/${kept}/merge`, { other: duplicate, reason: "Same child: the school confirmed the spelling." });
  assert.equal(res.status, 200, res.text);
  mergeId = sql(`SELECT id FROM child_merges WHERE merged_id = ${duplicate}`)[0].id;
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("what was recorded about a merged-away record", () => {
  for (const [what, , write] of refused())
    test(`${what} is refused, naming the kept record, and changes nothing`, async () => {
      const before = state();
      const res = await write();
      assert.equal(res.status, 422, `${what}: ${res.text}`);
      assert.match(res.body.errors[0].detail, new RegExp(`^This record was merged into record ${kept}: `), what);
      assert.equal(state(), before, `${what} changed nothing`);
    });

  test("resolving a police incident's child to the merged-away record names the kept one; each record still reads", async () => {
    const before = state();
    // resolving the incident's child to the merged-away record points at the kept one, offered in its place
    const resolve = (child) => post("police", `/api/v1/da-incidents/${ids.incident}/children/1/resolve`, { child: String(child), setting: "brookfield-primary" });
    const res = await resolve(duplicate);
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(res.body.errors.map((e) => [e.field, e.detail]), [["child", `This record was merged into record ${kept}: select that one`]]);
    assert.equal(state(), before, "resolving changed nothing");
    assert.equal(sql(`SELECT match_status FROM da_incident_children WHERE incident_id = ${ids.incident}`)[0].match_status, "unresolved");
    const resolved = await resolve(kept);
    assert.equal(resolved.status, 200, resolved.text);
    assert.equal(resolved.body.child_id, kept);
    for (const [who, url] of [
      ["dsl", `/api/v1/neglect/assessments/${ids.draft}`],
      ["frontdoor2", `/api/v1/exploitation/nrm-referrals/${ids.nrm}`],
      ["police", `/api/v1/missing-episodes/${ids.episode}`],
      ["frontdoor2", `/api/v1/support-requests/${ids.support}`],
    ])
      assert.equal((await call(who, url)).status, 200, `${url} still reads`);
  });

  test("open work on it is still finished: a missing child's return, an NRM decision, a neglect draft, a decision", async () => {
    for (const [what, status, write] of finishing()) {
      const r = await write();
      assert.equal(r.status, status, `${what}: ${r.text}`);
    }
    assert.ok(sql(`SELECT returned_at FROM missing_episodes WHERE id = ${ids.episode}`)[0].returned_at, "the child is back");
  });

  test("after the merge is undone, what was refused is taken again", async () => {
    const res = await post("partnership", `/api/v1/children/merges/${mergeId}/undo`, { reason: "They are twins, not one child." });
    assert.equal(res.status, 200, res.text);
    for (const [what, status, write] of refused()) {
      const r = await write();
      assert.equal(r.status, status, `${what}: ${r.text}`);
    }
  });
});
