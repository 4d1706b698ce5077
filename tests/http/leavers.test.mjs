// Leavers (issue 13): an account nobody has used for 90 days is warned by
// email and, still unused 14 days later, disabled with the reason in the
// audit trail; signing in in between keeps it; the last active
// administrator is never disabled; administrators see the dormant accounts
// per agency. The job runs every second here (HAVEN_DORMANCY_INTERVAL=1);
// the passing of time is made by moving stored times into the past with
// SQL (when an account was made, last used, or warned), never by changing
// what the job decides.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlText, sqlTime, until } from "../lib/api.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const PASSWORDS = { "quiet@example.org": "tundra marble whisk 17", "back@example.org": "ember quill harbour 28" };
const { call } = apiClient(() => haven, { passwords: PASSWORDS });
const sql = (query) => sqlText(haven.dbPath, query).trim();
const DAY = 86400;

before(async () => {
  haven = await startHaven({ env: { HAVEN_DORMANCY_INTERVAL: "1" } });
  for (const [email, name] of [["quiet@example.org", "Quinn Quiet"], ["back@example.org", "Bea Back"]]) {
    const r = runHaven(["user", "add", "--db", haven.dbPath, "--email", email, "--name", name, "--agency",
      "brookfield-primary", "--role", "dsl"], { input: PASSWORDS[email] + "\n" });
    assert.equal(r.status, 0, r.stderr);
  }
});
after(async () => {
  await haven?.stop();
});

const userId = (email) => sql(`SELECT id FROM users WHERE email = '${email}';`);
const emailsTo = (email) => Number(sql(`SELECT count(*) FROM mail_outbox WHERE to_address = '${email}' AND subject LIKE '%disabled if unused%';`));
/** As if the account was made, and last used, `days` ago. */
function unusedFor(email, days) {
  sqlText(haven.dbPath, `UPDATE users SET created_at = ${sqlTime(-days * 86_400_000, { millis: true })} WHERE email = '${email}';
    UPDATE sessions SET last_seen_at = last_seen_at - ${days * DAY}, created_at = created_at - ${days * DAY} WHERE user_id = ${userId(email)};`);
}
/** As if the warning was sent `days` ago (and the account unused since before it). */
function warnedAgo(email, days) {
  sqlText(haven.dbPath, `UPDATE dormancy_warnings SET warned_at = warned_at - ${days * DAY} WHERE user_id = ${userId(email)};`);
}

describe("dormant accounts", () => {
  test("an account unused for 90 days is warned by email, and shows in the report under its agency", async () => {
    assert.ok(await call("back@example.org", "/api/v1/me"), "Bea has used hers");
    unusedFor("quiet@example.org", 91);
    unusedFor("back@example.org", 91);
    await until("the warnings are sent", () => emailsTo("quiet@example.org") === 1 && emailsTo("back@example.org") === 1);
    const body = sql(`SELECT body_text FROM mail_outbox WHERE to_address = 'quiet@example.org' ORDER BY id DESC LIMIT 1;`);
    assert.match(body, /^Hello Quinn Quiet,/);
    assert.match(body, /not signed in to Haven for 90 days/);
    const r = await call("admin", "/api/v1/dormant-accounts");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.days, 90);
    const brookfield = r.body.agencies.find((a) => a.agency === "brookfield-primary");
    assert.deepEqual(brookfield.accounts.map((a) => a.email).sort(), ["back@example.org", "quiet@example.org"]);
    assert.ok(brookfield.accounts.every((a) => a.warned_at), "each shows when it was warned");
    assert.equal((await call("dsl", "/api/v1/dormant-accounts")).status, 403);
    assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'user.dormancy_warning';"), "2");
    // one warning only
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(emailsTo("quiet@example.org"), 1);
  });

  test("still unused 14 days after the warning: disabled with the reason; signing in in between keeps it", async () => {
    // Bea signs in again after her warning, which is then dated 15 days back: dating it back first would let
    // the job, running at any moment, disable her before her sign-in arrived
    sqlText(haven.dbPath, `DELETE FROM sessions WHERE user_id = ${userId("back@example.org")};`);
    const back = await fetch(haven.url + "/api/v1/session", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "back@example.org", password: PASSWORDS["back@example.org"] }) });
    assert.equal(back.status, 201);
    warnedAgo("back@example.org", 15);
    warnedAgo("quiet@example.org", 15);
    await until("Quinn's account is disabled", () => sql(`SELECT disabled_at IS NOT NULL FROM users WHERE email = 'quiet@example.org';`) === "1");
    assert.equal(sql(`SELECT disabled_at IS NULL FROM users WHERE email = 'back@example.org';`), "1", "Bea's account stays");
    await until("Bea's stale warning is forgotten", () => sql(`SELECT count(*) FROM dormancy_warnings WHERE user_id = ${userId("back@example.org")};`) === "0");
    assert.equal(sql(`SELECT reason FROM audit_log WHERE action = 'user.disable' AND resource_id = '${userId("quiet@example.org")}';`),
      "unused for 90 days, and 14 days after a warning");
    const r = await fetch(haven.url + "/api/v1/session", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "quiet@example.org", password: PASSWORDS["quiet@example.org"] }) });
    assert.equal(r.status, 401, "a disabled account cannot sign in");
  });

  test("the last active administrator is warned but never disabled", async () => {
    await call("admin", "/api/v1/me");
    unusedFor("admin@demo.haven.example", 120);
    await until("the administrator is warned", () => emailsTo("admin@demo.haven.example") === 1);
    warnedAgo("admin@demo.haven.example", 30);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(sql("SELECT disabled_at IS NULL FROM users WHERE email = 'admin@demo.haven.example';"), "1");
  });
});
