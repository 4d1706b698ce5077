// Every writer of one PostgreSQL database appends to the one audit chain:
// `haven serve`'s and each command's (`haven user add`, `haven import ...`,
// run by an operator while the server runs). Each numbers its next audit row
// from the last, so two transactions appending at once took the same number
// and the second failed: `haven user add` then said the account already
// existed. Each writer's transaction now first takes one advisory lock
// (src/store/writer.c), so the writers of a database take their turns as on
// SQLite. The race is made the same every run: a psql session holds the
// trail's next row, the server's change stops behind it having read the
// last row, the command is started and seen waiting, and the session lets
// go. SQLite's writers already take turns (BEGIN IMMEDIATE), so the test runs
// on PostgreSQL only.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { apiClient, sqlText, until } from "../lib/api.mjs";
import { havenBin, onPostgres, runHaven, startHaven } from "../lib/haven.mjs";
import { HOLD_NEXT_AUDIT_ROW, holdInTransaction, lockWaiters } from "../lib/pg-locks.mjs";

const pgOnly = !onPostgres && "needs PostgreSQL (HAVEN_TEST_PG_URL): two processes write at once only there";

let haven;
const { post, token } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query).trim();

before(async () => {
  if (pgOnly) return;
  haven = await startHaven();
  await token("admin"); // signed in before the race: nothing else waits behind the held row
});
after(async () => {
  await haven?.stop();
});

/* `haven user add` in its own process: resolves to { status, stderr }. */
function addUser(email) {
  const child = spawn(havenBin(), ["user", "add", "--db", haven.dbPath, "--email", email,
    "--name", "Concurrent Test Worker", "--agency", "blackpool-council", "--role", "practitioner"],
  { stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (c) => { stderr += c; });
  child.stdin.end("quiet-harbour-lantern-morning-4471\n");
  return new Promise((resolve) => child.once("close", (status) => resolve({ status, stderr })));
}

test("a command writing while the server writes is saved, each with its audit row, and the chain verifies",
  { skip: pgOnly }, async () => {
    const lastRow = Number(sql("SELECT max(id) FROM audit_log;"));
    const held = await holdInTransaction(haven.dbPath, HOLD_NEXT_AUDIT_ROW);
    let made;
    let added;
    try {
      made = post("admin", "/api/v1/agencies",
        { slug: "concurrent-service", type: "other", name: "Concurrent Test Service (fictional)", la: [888] });
      await until("the server's change waits behind the held row", () => lockWaiters(haven.dbPath) >= 1);
      added = addUser("concurrent-worker@blackpool.example");
      await until("the command waits too", () => lockWaiters(haven.dbPath) >= 2);
    } finally {
      await held.release();
    }
    const [agency, user] = [await made, await added];
    assert.equal(agency.status, 201, agency.text);
    assert.equal(user.status, 0, `haven user add: ${user.stderr}`);
    assert.equal(sql("SELECT count(*) FROM users WHERE email = 'concurrent-worker@blackpool.example';"), "1");
    const actions = sql(`SELECT group_concat(action, ' ') FROM (SELECT action FROM audit_log WHERE id > ${lastRow}` +
      " AND action IN ('agency.create', 'user.create') ORDER BY action) AS a;");
    assert.equal(actions, "agency.create user.create", "each audited once");
    const verify = runHaven(["audit", "verify", "--db", haven.dbPath]);
    assert.equal(verify.status, 0, `haven audit verify: ${verify.stdout}${verify.stderr}`);
  });
