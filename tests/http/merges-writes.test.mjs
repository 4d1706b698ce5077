// A record merged into another stands for no one, so nothing new is written to
// it: after a merge, an agency still linked to the merged-away record is
// refused (422, naming the kept record, nothing changed) a note, a correction
// of a note, a document on a note or on the child, a request for support, a
// neglect assessment, an exploitation screening, an NRM referral, a practice review case naming
// it, a correction of the child's
// details (which would move its local authority and settings) and the end of
// its link. An undo of the merge makes the record writable again.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT, runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const { post, request, token } = apiClient(() => haven, { timeoutMs: 60_000 });
const sql = (query) => sqlText(haven.dbPath, query);
let kept, duplicate, note, mergeId;

const child = (given, family, setting) => ({
  given_name: given,
  family_name: family,
  date_of_birth: "2014-06-06",
  sex: "not_known",
  la_code: 890,
  settings: [setting],
  confirm_new: true,
});
const NOTE = { happened_on: "2026-11-20", category: "concern", visibility: "own_agency", body: "Fictional note: arrived late and hungry." };
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082", "hex");

async function upload(who, path) {
  const form = new FormData();
  form.append("description", "Fictional school report");
  form.append("file", new Blob([PNG]), "report.png");
  const res = await request(path, { method: "POST", body: form, token: await token(who) });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null };
}

// a request for support for the duplicate, from a levels-of-need assessment of its own
async function supportRequest(who) {
  const body = { age_band: "5-11", la_code: 890, indicators: ["health-unexplained-injury", "basic-care-severe-neglect"], chosen_level: 4 };
  let a = await post(who, "/api/v1/threshold/assessments", body);
  if (a.status === 422 && errorFields(a.body).includes("chosen_reason")) a = await post(who, "/api/v1/threshold/assessments", { ...body, chosen_reason: "A fictional judgement for the tests." });
  assert.equal(a.status, 201, a.text);
  return post(who, "/api/v1/support-requests", {
    assessment: a.body.id ?? a.body.decision?.id ?? a.body.assessment?.id,
    child: "existing",
    child_id: duplicate,
    concerns: "Fictional concerns for the merge tests.",
    family_knows: true,
    family_consents: true,
    referrer_phone: "01632 960 001",
    referrer_email: "dsl@example.org",
  });
}

// every write about the duplicate, with the status each gets on a record that stands for the child
const writes = () => [
  ["a note", 201, () => post("dsl", `/api/v1/children/${duplicate}/notes`, NOTE)],
  ["a note's correction", 200, () => post("dsl", `/api/v1/notes/${note}/correct`, { ...NOTE, reason: "The wrong day was written." })],
  ["a document on a note", 201, () => upload("dsl", `/api/v1/notes/${note}/documents`)],
  ["a document on the child", 201, () => upload("dsl", `/api/v1/children/${duplicate}/documents`)],
  ["a request for support", 201, () => supportRequest("dsl")],
  ["a neglect assessment", 201, () => post("dsl", `/api/v1/neglect/children/${duplicate}/assessments`, { age_band: "5-11" })],
  [
    "an NRM referral",
    201,
    () => post("frontdoor2", `/api/v1/exploitation/children/${duplicate}/nrm-referrals`, { referred_on: "2026-11-01", first_responder: "Blackpool Council" }),
  ],
  ["an exploitation screening", 201, () => post("dsl", `/api/v1/exploitation/children/${duplicate}/screenings`, { indicators: ["cce-weapon"], judgement: "high" })],
  [
    "a practice review case naming the child",
    201,
    () =>
      post("partnership", "/api/v1/reviews", {
        child_pseudonym: "Child M",
        child_id: duplicate,
        la: "blackpool",
        harm: "serious_harm",
        circumstances: "Fictional: a case naming a merged record.",
        aware_on: "2026-11-02",
        agencies: ["lancashire-county-council"],
      }),
  ],
  [
    "a correction of the child's details",
    200,
    () => post("dsl", `/api/v1/children/${duplicate}/correct`, { ...child("Morgen", "Mergable", "seafront-primary"), confirm_new: undefined, la_code: 888, reason: "Moved." }),
  ],
];
// what a refused write must leave as it was
const state = () =>
  [
    sql(`SELECT count(*) FROM case_notes WHERE child_id = ${duplicate}`),
    sql("SELECT count(*) FROM case_note_versions"),
    sql("SELECT count(*) FROM documents"),
    sql(`SELECT la_code FROM children WHERE id = ${duplicate}`),
    sql(`SELECT count(*) FROM child_links WHERE child_id = ${duplicate}`),
    sql(`SELECT count(*) FROM support_requests`),
    sql(`SELECT count(*) FROM neglect_assessments`),
    sql(`SELECT count(*) FROM exploitation_screenings`),
    sql(`SELECT count(*) FROM review_cases`),
    sql(`SELECT count(*) FROM nrm_referrals`),
    sql(`SELECT agency_id, relationship FROM child_links WHERE child_id = ${duplicate} ORDER BY 1, 2`),
  ].join("|");

before(async () => {
  haven = await startHaven();
  const tool = path.join(haven.dir, "tool.json");
  writeFileSync(tool, readFileSync(path.join(REPO_ROOT, "tests/http/data/exploitation-tool.json")));
  assert.equal(runHaven(["import", "exploitation-tool", "--db", haven.dbPath, tool]).status, 0);
  let res = await post("practitioner", "/api/v1/children", child("Morgan", "Mergeable", "seafront-primary"));
  assert.equal(res.status, 201, res.text);
  kept = res.body.id;
  res = await post("dsl", "/api/v1/children", child("Morgen", "Mergable", "brookfield-primary"));
  assert.equal(res.status, 201, res.text);
  duplicate = res.body.id;
  res = await post("dsl", `/api/v1/children/${duplicate}/notes`, NOTE);
  assert.equal(res.status, 201, res.text);
  note = res.body.id;
  res = await post("frontdoor2", `/api/v1/children/${kept}/merge`, { other: duplicate, reason: "Same child: the school confirmed the spelling." });
  assert.equal(res.status, 200, res.text);
  mergeId = Number(sql(`SELECT id FROM child_merges WHERE merged_id = ${duplicate}`));
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("a record merged into another takes no new writes", () => {
  test("each write about the merged-away record is refused, naming the kept record, and changes nothing", async () => {
    const before = state();
    for (const [what, , write] of writes()) {
      const res = await write();
      assert.equal(res.status, 422, `${what}: ${res.text}`);
      assert.match(res.body.errors[0].detail, new RegExp(`^This record was merged into record ${kept}: `), what);
      assert.equal(state(), before, `${what} changed nothing`);
    }
    const end = await post("dsl", `/api/v1/children/${duplicate}/links/end`, { relationship: "raised_concern", ended_on: plusDays(0), reason: "No longer at the school." });
    assert.equal(end.status, 422, end.text);
    assert.match(end.body.errors[0].detail, new RegExp(`merged into record ${kept}`));
    assert.equal(state(), before, "the link's end changed nothing");
  });

  test("after the merge is undone, each write is taken again", async () => {
    const res = await post("partnership", `/api/v1/children/merges/${mergeId}/undo`, { reason: "They are twins, not one child." });
    assert.equal(res.status, 200, res.text);
    for (const [what, status, write] of writes()) {
      const r = await write();
      assert.equal(r.status, status, `${what}: ${r.text}`);
    }
    assert.equal(sql(`SELECT la_code FROM children WHERE id = ${duplicate}`), "888");
  });
});
