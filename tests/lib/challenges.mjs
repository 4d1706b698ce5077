// What the board agenda tests set up alike (tests/http/challenges-board.test.mjs,
// challenges-board-closed.test.mjs): a challenge raised by the demo's scrutineer to Brookfield, answered
// by its DSL and escalated to the board. Takes the test file's `post` (tests/lib/api.mjs apiClient) and
// checks that Haven answered as asked.

import assert from "node:assert/strict";
import { plusDays } from "./api.mjs";

/** A challenge about `subject` raised, answered and escalated: its id. */
export async function escalatedChallenge(post, subject) {
  const raised = await post("scrutineer", "/api/v1/challenges", {
    subject, detail: "Fictional: what will change?", owner: "brookfield-primary", respond_by: plusDays(14),
  });
  assert.equal(raised.status, 201, raised.text);
  const id = raised.body.id ?? raised.body.challenge.id;
  assert.equal((await post("dsl", `/api/v1/challenges/${id}/response`, { response: "Fictional: a plan." })).status, 200);
  const res = await post("scrutineer", `/api/v1/challenges/${id}/decision`, {
    decision: "escalate", note: "Fictional: the board will ask.", respond_by: plusDays(40),
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.challenge.status, "escalated");
  return id;
}
