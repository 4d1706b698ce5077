// An agency that stops working with a child loses the child's neglect assessments with the child, at
// once (need to know), its own included: once its last link ends, reading or changing one answers it
// 404 as the child's record does, and nothing is written. A new link (a new concern) gives them back.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, plusDays, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 30_000 });
const count = () => Number(sqlText(haven.dbPath, "SELECT count(*) FROM neglect_assessments"));

// A fictional child, added by the hospital (the practitioner's: it raised the concern) and linked to
// Brookfield Primary (the dsl's school).
const NIA = {
  given_name: "Nia",
  family_name: "Unlinkedneglect",
  date_of_birth: "2016-03-04",
  sex: "not_known",
  la_code: 890,
  settings: ["brookfield-primary"],
};
const END = { relationship: "raised_concern", ended_on: plusDays(0), reason: "No further action for the hospital." };

let child, draft;

before(async () => {
  haven = await startHaven();
  const made = await post("practitioner", "/api/v1/children", { ...NIA, confirm_new: true });
  assert.equal(made.status, 201, made.text);
  child = made.body.id;
  const started = await post("practitioner", `/api/v1/neglect/children/${child}/assessments`, { age_band: "5-11" });
  assert.equal(started.status, 201, started.text);
  draft = started.body.id;
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

test("a neglect assessment after its agency stops working with the child: 404, then back with a new link", async () => {
  assert.equal((await call("practitioner", `/api/v1/neglect/assessments/${draft}`)).status, 200, "while linked");

  const ended = await post("practitioner", `/api/v1/children/${child}/links/end`, END);
  assert.equal(ended.status, 200, ended.text);
  assert.equal((await call("practitioner", `/api/v1/children/${child}`)).status, 404, "as documented");
  const read = await call("practitioner", `/api/v1/neglect/assessments/${draft}`);
  assert.equal(read.status, 404, read.text);
  assert.doesNotMatch(read.text, /Unlinkedneglect/, "the child's name is not shown");
  assert.equal((await call("practitioner", `/neglect/assessments/${draft}`)).status, 404, "the page");
  const before = count();
  const changed = await post("practitioner", `/api/v1/neglect/assessments/${draft}`, { age_band: "12-17" });
  assert.equal(changed.status, 404, changed.text);
  assert.equal(count(), before, "nothing was written");

  const { settings: _, ...identity } = NIA;
  const linked = await post("practitioner", `/api/v1/children/${child}/link`, { ...identity, reason: "A new concern about the same child today." });
  assert.equal(linked.status, 200, linked.text);
  const again = await call("practitioner", `/api/v1/neglect/assessments/${draft}`);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.assessment?.age_band ?? again.body.age_band, "5-11", "the draft as it was");
});
