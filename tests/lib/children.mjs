// The children's register over HTTP, for the tests of how children's names are
// matched (children-any-script, children-lookalikes): one demo Haven started
// before a test file's tests and stopped after them, and the check that a
// record sent again under the same names is offered the first as a likely
// duplicate rather than recorded. Not a test file.

import { after, before } from "node:test";
import assert from "node:assert/strict";
import { apiClient } from "./api.mjs";
import { startHaven } from "./haven.mjs";

/**
 * Starts a demo Haven before the calling file's tests and stops it after
 * them; answers its apiClient (tests/lib/api.mjs). Call it at the top of
 * the file.
 */
export function registerHaven() {
  let haven;
  before(async () => {
    haven = await startHaven();
  });
  after(async () => {
    if (haven) await haven.stop();
  });
  return apiClient(() => haven);
}

/**
 * Asserts that `res`, the answer to recording a child, refused to record
 * them and offered the record `id` alone as a likely duplicate, with the same
 * given and family names among its reasons; answers that candidate.
 */
export function assertLikelyDuplicate(res, id, what = "") {
  assert.equal(res.status, 409, `${what}${what && ": "}${res.text}`);
  assert.deepEqual(res.body.candidates.map((c) => c.id), [id]);
  const [c] = res.body.candidates;
  assert.equal(c.strength, "likely");
  assert.ok(c.reasons.includes("same given name"), c.reasons.join());
  assert.ok(c.reasons.includes("same family name"), c.reasons.join());
  return c;
}
