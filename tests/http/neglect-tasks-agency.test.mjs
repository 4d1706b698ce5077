// A neglect assessment's waiting work belongs to the agency that made it, as other areas' task lists
// do: the review of a child's latest finished assessment waits for every front-door worker of the
// assessing agency while it works with the child, whoever assessed; a draft waits for its author while
// they act for the agency that began it. A person moved to another agency leaves both behind (404 to
// them there) and the agency's own people are still reminded, of the draft too (to take it over).
//
// The demo's finished assessment: Blackpool's front door (frontdoor2, user 10) assessed Sam (child 2).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient } from "../lib/api.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const COLLEAGUE = "blackpool.colleague@example.org";
const PASSWORD = "quiet harbour lantern seventeen";
const { call, post } = apiClient(() => haven, { passwords: { [COLLEAGUE]: PASSWORD }, timeoutMs: 30_000 });
const REVIEW = 1; // src/areas/neglect/demo.sql
let draft;

/* The neglect tasks waiting for `who`: [kind, record_id], by kind. */
const neglectTasks = async (who) => {
  const res = await call(who, "/api/v1/tasks");
  assert.equal(res.status, 200, res.text);
  return res.body.tasks.filter((t) => t.kind.startsWith("neglect.")).map((t) => [t.kind, t.record_id]).sort();
};

before(async () => {
  haven = await startHaven();
  const added = runHaven(["user", "add", "--db", haven.dbPath, "--email", COLLEAGUE, "--name", "Col League",
    "--agency", "blackpool-council", "--role", "front_door"], { input: `${PASSWORD}\n` });
  assert.equal(added.status, 0, added.stderr);
  const begun = await post("frontdoor2", "/api/v1/neglect/children/2/assessments", { age_band: "12-17" });
  assert.equal(begun.status, 201, begun.text);
  draft = begun.body.id;
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("neglect tasks belong to the assessing agency", () => {
  test("a review waits for the agency's front door, a draft for its author, and nobody outside", async () => {
    assert.deepEqual(await neglectTasks("frontdoor2"), [["neglect.finish", draft], ["neglect.review", REVIEW]]);
    assert.deepEqual(await neglectTasks(COLLEAGUE), [["neglect.review", REVIEW]], "the colleague reviews, the draft is not theirs");
    assert.deepEqual(await neglectTasks("frontdoor"), [["neglect.finish", 2]], "Lancashire has only its own draft");
  });

  test("moved to another agency, the assessor leaves the work behind and the agency is still reminded", async () => {
    const moved = await call("admin", "/api/v1/users/10", { method: "PATCH", json: { agency: "lancashire-county-council", reason: "Moved to Lancashire's front door." } });
    assert.equal(moved.status, 200, moved.text);
    assert.equal((await call("frontdoor2", `/api/v1/neglect/assessments/${REVIEW}`)).status, 404, "not theirs to open now");
    const theirs = await neglectTasks("frontdoor2");
    assert.ok(!theirs.some(([, id]) => id === REVIEW || id === draft), JSON.stringify(theirs));
    // the draft left behind is not stranded: the agency's assessors are offered it to take over
    assert.deepEqual(await neglectTasks(COLLEAGUE), [["neglect.review", REVIEW], ["neglect.take_over", draft]]);
  });
});
