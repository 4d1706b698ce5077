// Anonymous feedback is limited per client address (an attacker's test sent
// 200 pieces of 1.1 KB in 4.5 seconds, all saved): HAVEN_FEEDBACK_LIMIT
// pieces (20 unless set) in an hour, then 429 with Retry-After and a message
// saying how long to wait, and nothing more is saved until the hour is over.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call } = apiClient(() => haven);
const saved = () => Number(sqlText(haven.dbPath, "SELECT count(*) FROM feedback;").trim());
const send = (i) => call(null, "/api/v1/feedback", { method: "POST", json: { satisfaction: "neutral", comments: `Piece ${i} `.padEnd(1100, "x") } });

before(async () => {
  haven = await startHaven();
});
after(async () => {
  await haven?.stop();
});

test("20 pieces an hour from one address, then 429 with Retry-After, and nothing more saved", async () => {
  const before = saved();
  for (let i = 0; i < 20; i++) {
    const r = await send(i);
    assert.equal(r.status, 201, `piece ${i}: ${r.text}`);
  }
  for (let i = 20; i < 25; i++) {
    const r = await send(i);
    assert.equal(r.status, 429, `piece ${i}: ${r.text}`);
    const retry = Number(r.headers.get("retry-after"));
    assert.ok(retry > 3500 && retry <= 3600, `Retry-After ${retry}`);
    assert.match(r.text, /You have sent a lot of feedback in the last hour\. Wait 60 minutes, then try again/);
  }
  assert.equal(saved(), before + 20, "only the first 20 were saved");
});
