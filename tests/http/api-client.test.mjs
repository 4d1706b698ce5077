// The tests' API client (tests/lib/api.mjs) survives what a test does to the
// event loop: after a test blocks it (a slow command run with spawnSync), a
// kept-alive connection the server closed meanwhile is not reused. Before,
// the next request failed with "fetch failed" (other side closed), which
// made the annual report's PDF test fail now and then under load.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, test } from "node:test";

import { apiClient } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call } = apiClient(() => haven);

before(async () => {
  haven = await startHaven({ args: ["--idle-timeout", "2"] });
});
after(() => haven?.stop());

test("a request after the event loop was blocked past the server's idle timeout is answered", async () => {
  assert.equal((await call("partnership", "/api/v1/priorities")).status, 200);
  // The server closes the idle connection meanwhile (after 2 s: not less, or a busy machine's ordinary
  // pause between two requests would meet it; 4 s leaves room),
  // and nothing here sees it until the client lets the loop poll.
  spawnSync("sleep", ["4"]);
  assert.equal((await call("partnership", "/api/v1/priorities")).status, 200);
  spawnSync("sleep", ["4"]);
  // A POST too (a client could retry a GET on a closed connection, never a POST): refused, by field.
  const refused = await call("partnership", "/api/v1/priorities", { method: "POST", json: {} });
  assert.equal(refused.status, 422, refused.text);
});
