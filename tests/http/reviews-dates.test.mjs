// Serious incident reviews' dates against the case. A milestone's date reached is checked
// as the case's other dates are: not before the local authority became
// aware and not in the future, refused naming `done_on` with nothing saved.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const today = plusDays(0);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/** A new case the local authority became aware of `aware_on`: its id and reference. */
async function newCase(aware_on) {
  const r = await post("partnership", "/api/v1/reviews", {
    child_pseudonym: "Child H",
    la: "blackburn-with-darwen",
    harm: "serious_harm",
    circumstances: "Fictional, for the tests of dates.",
    aware_on,
  });
  assert.equal(r.status, 201, r.text);
  return { id: r.body.id, reference: r.body.reference };
}

describe("a milestone's date reached", () => {
  let id, milestone;
  const aware = plusDays(-30);
  const milestones = async () => (await call("partnership", `/api/v1/reviews/${id}`)).body.case.milestones;

  before(async () => {
    ({ id } = await newCase(aware));
    const r = await post("partnership", `/api/v1/reviews/${id}/milestones`, { title: "Practitioner event", due_on: plusDays(5) });
    assert.equal(r.status, 200, r.text);
    milestone = r.body.case.milestones[0];
  });

  test("before the local authority became aware, or in the future, is refused naming done_on", async () => {
    for (const done_on of ["1900-01-01", plusDays(-31), plusDays(1)]) {
      let r = await post("partnership", `/api/v1/reviews/${id}/milestones/${milestone.id}`, { done_on });
      assert.equal(r.status, 422, `${done_on}: ${r.text}`);
      assert.deepEqual(errorFields(r.body), ["done_on"]);
      r = await post("partnership", `/api/v1/reviews/${id}/milestones`, { title: "Another", due_on: plusDays(5), done_on });
      assert.equal(r.status, 422, `${done_on}: ${r.text}`);
      assert.deepEqual(errorFields(r.body), ["done_on"]);
    }
    const [r] = (await post("partnership", `/api/v1/reviews/${id}/milestones/${milestone.id}`, { done_on: "1900-01-01" })).body.errors;
    assert.match(r.detail, /The date the milestone was reached must be the same as or after the date the local authority became aware/);
    const now = await milestones();
    assert.equal(now.length, 1, "no milestone added");
    assert.equal(now[0].done_on ?? null, null, "nothing saved");
  });

  test("the day of awareness and today are taken", async () => {
    let r = await post("partnership", `/api/v1/reviews/${id}/milestones/${milestone.id}`, { done_on: aware });
    assert.equal(r.status, 200, r.text);
    r = await post("partnership", `/api/v1/reviews/${id}/milestones`, { title: "Another", due_on: plusDays(5), done_on: today });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual((await milestones()).map((m) => m.done_on).sort(), [aware, today].sort());
  });
});
