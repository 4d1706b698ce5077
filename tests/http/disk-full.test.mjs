// The disk filling up: the real server on a small tmpfs of its own. Once the
// disk is full, writes fail with 503 and a problem+json saying so, and so
// does a read that must be audited; reads that write nothing go on working, /readyz says the service is degraded, nothing acknowledged is
// lost, each failed save logs one error (not a second "cannot rollback"),
// and when space comes back the server recovers by itself.
//
// Mounting a file system needs root (CI runs as root); otherwise the test is
// skipped, saying why.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { apiClient, sqlRows, sqlText, until } from "../lib/api.mjs";
import { SQLITE_ONLY, startHaven } from "../lib/haven.mjs";

const TMPFS_SIZE = "8m";
const MAX_WRITES_TO_FILL = 5000;

/** Mounts a tmpfs of TMPFS_SIZE at a new directory; the directory, or why it cannot. */
function mountSmallDisk() {
  if (process.platform !== "linux") return { why: "tmpfs is Linux's" };
  if (process.getuid() !== 0) return { why: "mounting a tmpfs needs root (CI runs as root)" };
  const dir = mkdtempSync(path.join(os.tmpdir(), "haven-disk-full-"));
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${TMPFS_SIZE},mode=0700`, "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) {
    rmdirSync(dir);
    return { why: `cannot mount a tmpfs here: ${(r.stderr || r.error?.message || "").trim()}` };
  }
  return { dir };
}

/** Fills the file system holding `file` to the last byte; the filler's size. */
function fillDisk(file) {
  const fd = openSync(file, "w");
  const block = Buffer.alloc(64 * 1024, 0x5a);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, block);
  } catch (err) {
    if (err.code !== "ENOSPC") throw err;
  }
  // The last partial block too, a byte at a time is too slow: halve until nothing fits.
  for (let size = block.length / 2; size >= 1; size = Math.floor(size / 2)) {
    try {
      for (;;) written += writeSync(fd, block, 0, size);
    } catch (err) {
      if (err.code !== "ENOSPC") throw err;
    }
  }
  closeSync(fd);
  return written;
}

// (a database on PostgreSQL is not on this disk: nothing to fill)
const disk = SQLITE_ONLY ? { why: SQLITE_ONLY } : mountSmallDisk();

describe("a full disk", { skip: disk.why ? `skipped: ${disk.why}` : false }, () => {
  let haven;
  const api = apiClient(() => haven);
  const acknowledged = new Map(); // feedback id -> comments
  const refused = [];

  const sendFeedback = async (comments) => {
    const r = await api.call(null, "/api/v1/feedback", {
      method: "POST",
      json: { satisfaction: "satisfied", comments },
    });
    if (r.status === 201) acknowledged.set(r.body.id, comments);
    else refused.push(comments);
    return r;
  };

  before(async () => {
    haven = await startHaven({ dir: disk.dir });
  });

  after(async () => {
    await haven?.stop();
    spawnSync("umount", [disk.dir]);
    rmSync(disk.dir, { recursive: true, force: true });
  });

  test("writes fail with 503 saying the disk is full, reads go on, and space coming back is noticed by itself", async () => {
    // Before: a save, a sign-in (reads below use its token) and a ready service.
    assert.equal((await sendFeedback("before the disk filled")).status, 201);
    await api.token("practitioner");
    await api.token("police");
    assert.equal((await api.call(null, "/readyz")).status, 200);

    const filler = path.join(disk.dir, "filler");
    fillDisk(filler);

    // SQLite reuses the room its write-ahead log already has, so a few
    // saves may still fit; soon one does not.
    let failed = null;
    for (let i = 0; i < MAX_WRITES_TO_FILL && !failed; i++) {
      const r = await sendFeedback(`while filling ${i} ${"x".repeat(1000)}`);
      if (r.status !== 201) failed = r;
    }
    assert.ok(failed, `a save failed within ${MAX_WRITES_TO_FILL} writes on a full disk`);
    assert.equal(failed.status, 503);
    assert.match(failed.headers.get("content-type"), /^application\/problem\+json/);
    assert.equal(failed.body.status, 503);
    assert.match(failed.body.detail, /Nothing was saved: the service's disk is full/);

    // Every save now fails the same way, and says so.
    for (let i = 0; i < 5; i++) {
      const r = await sendFeedback(`on a full disk ${i}`);
      assert.equal(r.status, 503, "a save on a full disk is refused");
      assert.match(r.body.detail, /disk is full/);
    }

    // /readyz says why the service is degraded.
    const ready = await api.call(null, "/readyz");
    assert.equal(ready.status, 503);
    assert.deepEqual(ready.body, {
      status: "degraded",
      reason: "the disk is full: nothing can be saved until space is freed",
    });

    // A read that is audited shows nothing while its audit row cannot be
    // written: it waits for the row (suspended) and is refused, never 200.
    const audited = await api.call("police", "/api/v1/children/2");
    assert.equal(audited.status, 503, audited.text);
    assert.doesNotMatch(audited.text, /Sample/, "nothing of the child is sent");

    // Reads that write nothing go on working.
    const me = await api.call("practitioner", "/api/v1/me");
    assert.equal(me.status, 200, me.text);
    const agencies = await api.call(null, "/api/v1/agencies");
    assert.equal(agencies.status, 200);
    assert.ok(agencies.body.agencies.length > 0);

    // Space comes back: /readyz finds out by itself (it tries a small write
    // at most once a second), with no save from anyone.
    rmSync(filler);
    await until("/readyz to say ready again", async () => (await api.call(null, "/readyz")).status === 200, {
      timeoutMs: 10_000,
      everyMs: 200,
    });
    assert.equal((await sendFeedback("after space came back")).status, 201);
    const problemAfter = await api.call(null, "/api/v1/feedback", { method: "POST", json: {} });
    assert.equal(problemAfter.status, 422, "bad input is bad input again, not a full disk");

    // The log: one error per failed save, never a second "cannot rollback".
    const errors = haven.stderrLines().filter((l) => /"level":"error"/.test(l));
    assert.ok(errors.some((l) => /database or disk is full/.test(l)), "the log says the disk is full");
    assert.deepEqual(
      errors.filter((l) => /cannot rollback|no such savepoint|no transaction is active/.test(l)),
      [],
      "no spurious rollback errors",
    );
  });

  test("everything acknowledged is on disk and nothing refused is", async () => {
    await haven.stop();
    assert.equal(sqlText(haven.dbPath, "PRAGMA integrity_check;"), "ok");
    const rows = sqlRows(haven.dbPath, "SELECT id, comments FROM feedback ORDER BY id");
    const saved = new Map(rows.map((r) => [r.id, r.comments]));
    assert.ok(acknowledged.size >= 2);
    for (const [id, comments] of acknowledged) assert.equal(saved.get(id), comments, `feedback ${id} is kept`);
    const savedTexts = new Set(saved.values());
    for (const comments of refused) assert.ok(!savedTexts.has(comments), "a refused save left nothing");
    assert.equal(saved.size, acknowledged.size, "nothing was saved that was not acknowledged");
  });
});
