// A neglect task is offered only while its agency works with the child (a live link), the rule that
// opening the assessment follows: once the agency's last link to the child ends, its people are no longer
// offered the draft to finish, the assessment to agree or to review, each of which would answer them 404.
// A new link (a new concern) offers them again.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { apiClient, plusDays } from "../lib/api.mjs";
import { REPO_ROOT, runHaven, startHaven } from "../lib/haven.mjs";

const DEMO = JSON.parse(readFileSync(path.join(REPO_ROOT, "src/areas/neglect/data/tool-demo.json"), "utf8"));
const SUBS = DEMO.areas.flatMap((a) => a.sub_areas.map((s) => s.id));
const MANAGER = "links.manager@example.org";
const PASSWORD = "quiet harbour lantern seventeen";

let haven;
const { call, post } = apiClient(() => haven, { passwords: { [MANAGER]: PASSWORD }, timeoutMs: 30_000 });

// A fictional child, added by the hospital (the practitioner's: it raised the concern) and linked to
// Brookfield Primary (the dsl's school).
const NIA = {
  given_name: "Nia",
  family_name: "Unlinkedtasks",
  date_of_birth: "2016-03-04",
  sex: "not_known",
  la_code: 890,
  settings: ["brookfield-primary"],
};
const END = { relationship: "raised_concern", ended_on: plusDays(0), reason: "No further action for the hospital." };

let child, draft, finished;

/* The neglect tasks waiting for `who` about this child's assessments: [kind, record_id], sorted. */
const tasksHere = async (who) => {
  const res = await call(who, "/api/v1/tasks");
  assert.equal(res.status, 200, res.text);
  return res.body.tasks
    .filter((t) => t.kind.startsWith("neglect.") && [draft, finished].includes(t.record_id))
    .map((t) => [t.kind, t.record_id])
    .sort();
};

before(async () => {
  haven = await startHaven();
  // the hospital asks for a manager's agreement, and has a manager beside the practitioner
  let r = runHaven(["neglect", "agreement", "--db", haven.dbPath, "--agency", "demo-teaching-hospitals", "--required", "yes"]);
  assert.equal(r.status, 0, r.stderr);
  r = runHaven(["user", "add", "--db", haven.dbPath, "--email", MANAGER, "--name", "Lin Manager", "--agency",
    "demo-teaching-hospitals", "--role", "practitioner"], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
  const made = await post("practitioner", "/api/v1/children", { ...NIA, confirm_new: true });
  assert.equal(made.status, 201, made.text);
  child = made.body.id;
  const done = await post("practitioner", `/api/v1/neglect/children/${child}/assessments`, {
    age_band: "5-11",
    finish: true,
    grades: Object.fromEntries(SUBS.map((id) => [id, { grade: 2, evidence: `Seen at the home visit: ${id}` }])),
    summary: "Needs mostly met",
    assessed_on: "2026-06-01",
    review_on: "2026-09-01",
  });
  assert.equal(done.status, 201, done.text);
  finished = done.body.id;
  const begun = await post("practitioner", `/api/v1/neglect/children/${child}/assessments`, { age_band: "5-11" });
  assert.equal(begun.status, 201, begun.text);
  draft = begun.body.id;
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

test("a neglect task waits only while the agency works with the child, as opening it does", async () => {
  assert.deepEqual(await tasksHere("practitioner"), [["neglect.finish", draft], ["neglect.review", finished]], "while linked");
  assert.deepEqual(await tasksHere(MANAGER), [["neglect.agree", finished], ["neglect.review", finished]], "while linked");

  const ended = await post("practitioner", `/api/v1/children/${child}/links/end`, END);
  assert.equal(ended.status, 200, ended.text);
  // what a task would lead to answers 404 now ...
  assert.equal((await call("practitioner", `/neglect/assessments/${draft}/edit`)).status, 404);
  assert.equal((await call(MANAGER, `/api/v1/neglect/assessments/${finished}`)).status, 404);
  // ... so no task offers it
  assert.deepEqual(await tasksHere("practitioner"), [], "the draft is not offered to finish");
  assert.deepEqual(await tasksHere(MANAGER), [], "the assessment is not offered to agree");

  const { settings: _, ...identity } = NIA;
  const linked = await post("practitioner", `/api/v1/children/${child}/link`, { ...identity, reason: "A new concern about the same child today." });
  assert.equal(linked.status, 200, linked.text);
  assert.deepEqual(await tasksHere("practitioner"), [["neglect.finish", draft], ["neglect.review", finished]], "linked again");
  assert.deepEqual(await tasksHere(MANAGER), [["neglect.agree", finished], ["neglect.review", finished]], "linked again");
});
