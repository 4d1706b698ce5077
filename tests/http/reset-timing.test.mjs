// A password reset's answer is the same for every address, and so is its
// time (an attacker's test measured 2.3-3.0 ms for an account's address and
// 1.4-2.2 ms for any other, which over many requests says who has an
// account): every answer waits until 50 ms after the request came, far more
// than the work for an account takes, so both take the floor. (The floor is
// what is checked: two medians compared on a busy machine would be noise.)

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlText } from "../lib/api.mjs";
import { demoAccountEmails, startHaven } from "../lib/haven.mjs";

let haven;
const { call } = apiClient(() => haven);
const FLOOR_MS = 50;

before(async () => {
  haven = await startHaven();
});
after(async () => {
  await haven?.stop();
});

/** Asks for a reset for `email`; the milliseconds its answer took. */
async function timed(email) {
  const start = performance.now();
  const r = await call(null, "/api/v1/password-reset", { method: "POST", json: { email } });
  const ms = performance.now() - start;
  assert.equal(r.status, 202, r.text);
  return ms;
}

test("an account's address and any other answer no sooner than the floor", async () => {
  const known = demoAccountEmails().slice(0, 6);
  const outbox = () => Number(sqlText(haven.dbPath, "SELECT count(*) FROM mail_outbox WHERE subject = 'Reset your Haven password';").trim());
  const before = outbox();
  const times = { known: [], unknown: [] };
  for (const [i, email] of known.entries()) {
    times.known.push(await timed(email));
    times.unknown.push(await timed(`nobody.${i}@nowhere.example`));
  }
  assert.equal(outbox(), before + known.length, "each account's request did the work (a link and its email)");
  for (const [which, list] of Object.entries(times))
    for (const ms of list) assert.ok(ms >= FLOOR_MS - 1, `${which}: ${ms.toFixed(1)} ms, under the floor`);
});
