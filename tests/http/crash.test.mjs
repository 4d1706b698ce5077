// Crash consistency: writers and audited readers keep the real server busy
// while it is killed with SIGKILL at random moments, KILLS times, and
// restarted on the same database each time. After every kill, with the
// server down: PRAGMA integrity_check passes (SQLite's; PostgreSQL recovers
// from its own log when it is next reached), `haven audit verify` passes,
// every write acknowledged with 2xx is there, and nothing from a request
// that was refused (4xx, 5xx) or never reached the server is.
//
// A request cut off by the kill has no answer; it may or may not have been
// saved, and either is right, so those are counted but not checked.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";

import { apiClient, sqlRows, sqlText, until } from "../lib/api.mjs";
import { onPostgres, runHaven, startHaven } from "../lib/haven.mjs";
import { checkLoad, LOAD_ENV, startLoad } from "../lib/load.mjs";

const KILLS = 20;
const RUN_MS = { min: 50, max: 400 }; // how long the server runs between kills

const dir = mkdtempSync(path.join(os.tmpdir(), "haven-crash-"));
let haven;
after(async () => {
  await haven?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The database, with no server running, checked whole. */
function checkDatabase(dbPath, load, kill) {
  if (!onPostgres) assert.equal(sqlText(dbPath, "PRAGMA integrity_check;"), "ok", `integrity after kill ${kill}`);
  const verify = runHaven(["audit", "verify", "--db", dbPath]);
  assert.equal(verify.status, 0, `audit verify after kill ${kill}: ${verify.stdout}${verify.stderr}`);
  return checkLoad(assert, (q) => sqlRows(dbPath, q), load);
}

test(`every acknowledged write survives ${KILLS} kills with SIGKILL, and nothing refused is saved`, async () => {
  const api = apiClient(() => haven);
  haven = await startHaven({ dir, env: LOAD_ENV });
  const load = startLoad(api, { writers: 6, readers: 2 });
  let checked = 0;
  const audited = [];
  for (let kill = 1; kill <= KILLS; kill++) {
    // Run until this server has saved something, then a random while more.
    const before = load.counts().acknowledged;
    await until(`writes before kill ${kill}`, () => load.counts().acknowledged > before, { timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, RUN_MS.min + Math.random() * (RUN_MS.max - RUN_MS.min)));
    haven.child.kill("SIGKILL");
    const { signal } = await haven.exited();
    assert.equal(signal, "SIGKILL");
    checked += checkDatabase(haven.dbPath, load, kill);
    audited.push(Number(sqlText(haven.dbPath, "SELECT count(*) FROM audit_log;")));
    haven = await startHaven({ dir, env: LOAD_ENV });
  }
  await load.stop();
  const dbPath = haven.dbPath; // the same database every restart
  await haven.stop();
  haven = null;
  checked += checkDatabase(dbPath, load, "the last stop");

  const c = load.counts();
  assert.ok(c.acknowledged >= KILLS, "writes were acknowledged between kills");
  assert.ok(c.refused > 0, "some saves were refused, and checked to have left nothing");
  assert.ok(c.reads > 0, "audited reads ran (each writes an audit row)");
  assert.ok(audited.every((n, i) => i === 0 || n >= audited[i - 1]), "the audit trail only grows across kills");
  console.log(
    `# crash: ${KILLS} kills; ${c.acknowledged} writes acknowledged, ${c.refused} refused, ` +
      `${c.neverSent} never reached a server, ${c.unknown} cut off by a kill; ${c.reads} audited reads; ` +
      `${checked} write records checked against the database across the kills`,
  );
});
