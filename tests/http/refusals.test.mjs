// Refused probes (issue 11, part 2): a user refused more than
// HAVEN_REFUSALS_LIMIT different records (404 "no relationship", or the
// break-glass 403) within HAVEN_REFUSALS_WINDOW_SECONDS is stopped: their requests for
// audited data are answered 429 with Retry-After for
// HAVEN_REFUSALS_BLOCK_SECONDS, and one alert row goes to the partnership's
// information governance review (/governance/break-glass). Other people,
// and the user's own non-audited pages, are unaffected.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { apiClient, demoEmail, sqlText } from "../lib/api.mjs";
import { freePort, runHaven, startHaven } from "../lib/haven.mjs";

const LIMIT = 3;
const BLOCK_SECONDS = 3;

let haven;
const { call } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const alertsOf = (who) =>
  Number(sql(`SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id
               WHERE a.action = 'access_refused_alert' AND u.email = '${demoEmail(who)}'`));

before(async () => {
  haven = await startHaven({
    env: { HAVEN_REFUSALS_LIMIT: String(LIMIT), HAVEN_REFUSALS_WINDOW_SECONDS: "600", HAVEN_REFUSALS_BLOCK_SECONDS: String(BLOCK_SECONDS) },
  });
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("a user refused too many records is stopped for a while, and the review is told", () => {
  // The practitioner's hospital trust is linked to demo child 1, not to children 3, 4 or 5.
  test("up to the limit, refusals are answered as before and nothing is stopped", async () => {
    for (const child of [3, 4, 5]) assert.equal((await call("practitioner", `/api/v1/children/${child}`)).status, 404);
    assert.equal((await call("practitioner", "/api/v1/children/1")).status, 200);
    assert.equal(alertsOf("practitioner"), 0);
  });

  test("one more refusal stops them: 429 with Retry-After for audited data, pages and API alike", async () => {
    assert.equal((await call("practitioner", "/api/v1/children/6")).status, 404, "the refusal itself is answered as before");
    const api = await call("practitioner", "/api/v1/children/1");
    assert.equal(api.status, 429);
    assert.equal(api.headers.get("content-type"), "application/problem+json");
    assert.match(api.body.detail, /too many records/);
    const retry = Number(api.headers.get("retry-after"));
    assert.ok(retry >= 1 && retry <= BLOCK_SECONDS, `Retry-After ${retry}`);
    const page = await call("practitioner", "/children");
    assert.equal(page.status, 429);
    assert.match(page.text, /Too many attempts/);
    // what is not audited (their own account) still works
    assert.equal((await call("practitioner", "/api/v1/me")).status, 200);
    // and the 429s were not refusals: nothing more was written about them
    assert.equal(sql("SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id WHERE u.email = 'practitioner@demo.haven.example' AND a.action = 'access_refused'"), String(LIMIT + 1));
  });

  test("one alert row, listed in the information governance review", async () => {
    assert.equal(alertsOf("practitioner"), 1);
    const review = await call("partnership", "/api/v1/break-glass");
    assert.equal(review.status, 200);
    assert.equal(review.body.alerts_count, 1);
    const [alert] = review.body.alerts;
    assert.equal(alert.user_name, sql("SELECT name FROM users WHERE email = 'practitioner@demo.haven.example'"));
    assert.match(alert.reason, /^4 different records refused in 10 minutes \(the limit is 3\): requests stopped for 3 seconds$/);
    const page = await call("partnership", "/governance/break-glass");
    assert.equal(page.status, 200);
    assert.match(page.text, /People stopped after too many refused records/);
    assert.match(page.text, /4 different records refused in 10 minutes/);
  });

  test("the same record refused again and again is not a search for records: nobody is stopped", async () => {
    // Larkhill Academy's DSL has no relationship to demo child 1 (and may not break glass)
    for (let i = 0; i < 3 * LIMIT; i++) assert.equal((await call("dsl2", "/api/v1/children/1")).status, 404);
    assert.equal((await call("dsl2", "/api/v1/encompass/notifications")).status, 200);
    assert.equal(alertsOf("dsl2"), 0);
  });

  test("other people are not stopped", async () => {
    assert.equal((await call("dsl", "/api/v1/encompass/notifications")).status, 200);
    assert.equal((await call("police", "/api/v1/da-incidents/1")).status, 200);
  });

  test("when the time is up their requests are answered again; the next refusal stops them again with a new alert", async () => {
    await sleep(BLOCK_SECONDS * 1000 + 300);
    assert.equal((await call("practitioner", "/api/v1/children/1")).status, 200);
    assert.equal(alertsOf("practitioner"), 1);
    // still over the limit in the window: one more refusal stops them at once
    assert.equal((await call("practitioner", "/api/v1/children/3")).status, 404);
    assert.equal((await call("practitioner", "/api/v1/children/1")).status, 429);
    assert.equal(alertsOf("practitioner"), 2);
  });

  test("break-glass refusals count too", async () => {
    // the police may break glass: without a relationship they get 403 naming /api/v1/break-glass
    // (demo child 1 is not theirs; 2 and 3, whom they referred and reported missing, are)
    for (const child of [1, 4, 5]) assert.equal((await call("police", `/api/v1/children/${child}`)).status, 403);
    assert.equal(alertsOf("police"), 0);
    assert.equal((await call("police", "/api/v1/children/6")).status, 403);
    assert.equal((await call("police", "/api/v1/da-incidents/1")).status, 429);
    assert.equal(alertsOf("police"), 1);
  });
});

describe("the limits are checked when the server starts", () => {
  test("a limit that is not a whole number from 1 stops `haven serve`, naming it", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "haven-refusals-"));
    try {
      const db = path.join(dir, "haven.db");
      assert.equal(runHaven(["init", "--db", db]).status, 0);
      for (const [name, value] of [["HAVEN_REFUSALS_LIMIT", "0"], ["HAVEN_REFUSALS_WINDOW_SECONDS", "ten"], ["HAVEN_REFUSALS_BLOCK_SECONDS", "-5"]]) {
        const r = runHaven(["serve", "--db", db, "--listen", `127.0.0.1:${await freePort()}`], { env: { [name]: value }, timeoutMs: 20_000 });
        assert.notEqual(r.status, 0, `${name}=${value}`);
        assert.match(r.stderr, new RegExp(`${name} must be a whole number from 1`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
