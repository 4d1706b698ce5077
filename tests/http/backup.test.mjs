// `haven backup` and `haven restore` on a live server: the backup is made
// while writers and audited readers keep the server writing, finishes, opens,
// passes PRAGMA integrity_check and `haven audit verify`, and holds every
// write acknowledged before it began. A restore refuses a database a server
// has open and a backup whose audit trail was tampered with, and otherwise
// puts the backup in place, checked, for a server to serve.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { apiClient, sqlRows, sqlText, until } from "../lib/api.mjs";
import { havenBin, onPostgres, runHaven, startHaven } from "../lib/haven.mjs";
import { checkLoad, LOAD_ENV, startLoad } from "../lib/load.mjs";

/** Runs a haven command without blocking the event loop (the load goes on meanwhile); { status, stdout, stderr }. */
function runAsync(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(havenBin(), args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("backup and restore", { skip: onPostgres && "haven backup and restore copy SQLite files (PostgreSQL has its own tools)" }, () => {
  let haven;
  let dir;
  const api = apiClient(() => haven);
  let backupPath;
  let beforeBackup; // what the load had acknowledged when the backup began

  before(async () => {
    haven = await startHaven({ env: LOAD_ENV });
    dir = haven.dir;
    // Some bulk, so the copy takes long enough for writes to land during it.
    sqlText(
      haven.dbPath,
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) " +
        "INSERT INTO feedback (satisfaction, comments) SELECT 'neutral', 'bulk ' || i || ' ' || hex(randomblob(300)) FROM n;",
    );
    backupPath = path.join(haven.dir, "backup.db");
  });

  after(async () => {
    await haven?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("a backup made under a load of writes is whole and holds everything acknowledged before it began", async () => {
    const load = startLoad(api, { writers: 4, readers: 2 });
    await until("the load to be writing", () => load.counts().acknowledged >= 50, { timeoutMs: 20_000 });
    beforeBackup = {
      acknowledged: load.acknowledged.slice(),
      refused: [],
      neverSent: [],
    };
    const duringFrom = load.counts().acknowledged;
    const backup = await runAsync(["backup", "--db", haven.dbPath, "--to", backupPath]);
    const during = load.counts().acknowledged - duringFrom;
    // The server went on writing after the backup, too.
    await until("writes after the backup", () => load.counts().acknowledged > duringFrom + during + 20, {
      timeoutMs: 20_000,
    });
    await load.stop();
    assert.equal(backup.status, 0, backup.stderr);
    // the demo's own document (a letter on its case note) is the only one: the load uploads none
    assert.match(backup.stdout, /^backed up .* to .*backup\.db \(\d+ bytes, 1 document\)\n$/);
    assert.ok(load.counts().reads > 0, "audited reads ran (each writes an audit row)");
    // No partial file is left beside it.
    assert.deepEqual(
      readdirSync(haven.dir).filter((f) => f.includes(".partial")),
      [],
    );

    assert.equal(sqlText(backupPath, "PRAGMA integrity_check;"), "ok");
    const verify = runHaven(["audit", "verify", "--db", backupPath]);
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /^audit trail intact: \d+ rows/);
    const checked = checkLoad(assert, (q) => sqlRows(backupPath, q), beforeBackup);
    assert.ok(checked >= 50);
    // And the live database holds everything the load was told was saved.
    checkLoad(assert, (q) => sqlRows(haven.dbPath, q), load);
    console.log(
      `# backup: ${checked} writes acknowledged before it began, all in it; ${during} acknowledged while it ran`,
    );
  });

  test("a second backup to the same name is refused", () => {
    const r = runHaven(["backup", "--db", haven.dbPath, "--to", backupPath]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /backup\.db already exists: give the backup a new name; no backup was made/);
  });

  test("restore refuses a database a server has open, and changes nothing", () => {
    const count = sqlText(haven.dbPath, "SELECT count(*) FROM feedback;");
    const r = runHaven(["restore", "--from", backupPath, "--db", haven.dbPath]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is open in a running Haven \(haven serve, or another command\): stop it first/);
    assert.equal(sqlText(haven.dbPath, "SELECT count(*) FROM feedback;"), count);
  });

  test("restore refuses a backup whose audit trail was tampered with", () => {
    const tampered = path.join(haven.dir, "tampered.db");
    copyFileSync(backupPath, tampered);
    sqlText(tampered, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'tampered.action' WHERE id = (SELECT max(id) FROM audit_log);");
    const target = path.join(haven.dir, "elsewhere.db");
    const r = runHaven(["restore", "--from", tampered, "--db", target]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /tampered\.db: the audit trail is broken: .*; nothing was restored/);
    assert.ok(!existsSync(target), "nothing was made");
  });

  test("once the server stops, restore puts the backup in place, checked, and a server serves it", async () => {
    await haven.stop({ keepDir: true });
    const inBackup = sqlText(backupPath, "SELECT count(*) FROM feedback;");
    assert.notEqual(sqlText(haven.dbPath, "SELECT count(*) FROM feedback;"), inBackup, "the live one moved on");
    const r = runHaven(["restore", "--from", backupPath, "--db", haven.dbPath]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^restored .*haven\.db from .*backup\.db\naudit trail intact: \d+ rows\n$/);
    assert.equal(sqlText(haven.dbPath, "SELECT count(*) FROM feedback;"), inBackup);
    assert.equal(sqlText(haven.dbPath, "PRAGMA integrity_check;"), "ok");

    haven = await startHaven({ dir: haven.dir, env: LOAD_ENV });
    // Signed in afresh: a session begun after the backup was taken is, rightly, not in it.
    const res = await apiClient(() => haven).call("practitioner", "/api/v1/children");
    assert.equal(res.status, 200);
    const tag = beforeBackup.acknowledged.find((w) => w.kind === "child").tag;
    const found = sqlRows(haven.dbPath, `SELECT id FROM children WHERE family_name = '${tag}'`);
    assert.equal(found.length, 1, "a child saved before the backup is back");
    await haven.stop();
    haven = null;
  });
});
