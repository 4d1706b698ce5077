// Start-up and shutdown: SIGTERM handling (requests in flight finish, new
// connections are refused, the grace period is bounded, the database is left
// intact) and the database checks `haven serve` makes before listening.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort, havenBin, onPostgres, SQLITE_ONLY, startHaven } from "../lib/haven.mjs";
import { connect, parseResponse, waitFor } from "./raw.mjs";

const hasSqlite = !spawnSync("sqlite3", ["-version"]).error;

function tempDir(t) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "haven-lifecycle-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function run(args, timeout = 15_000) {
  return spawnSync(havenBin(), args, { encoding: "utf8", timeout });
}

function sqlite(db, sql) {
  const r = spawnSync("sqlite3", [db, sql], { encoding: "utf8", timeout: 10_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** A raw connection refused or closed at once (nothing is listening). */
function refused(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(false);
    });
    s.once("error", (err) => resolve(err.code === "ECONNREFUSED"));
  });
}

/** Waits (bounded) for the "received SIGTERM" log line. */
const sawSigterm = (haven) =>
  waitFor(() => haven.stderrLines().some((l) => l.includes("received SIGTERM")), {
    what: "the server to log SIGTERM",
  });

describe("graceful shutdown", () => {
  test("SIGTERM when idle: exits 0 promptly and logs it", async () => {
    const haven = await startHaven();
    const started = Date.now();
    assert.equal(await haven.stop(), 0);
    assert.ok(Date.now() - started < 5000, "stopped within 5 s");
    const log = haven.stderrLines().join("\n");
    assert.match(log, /received SIGTERM/);
    assert.match(log, /"stopped"/);
  });

  test("SIGINT also stops it cleanly", async () => {
    const haven = await startHaven();
    haven.child.kill("SIGINT");
    const info = await Promise.race([
      haven.exited(),
      new Promise((r) => setTimeout(r, 5000).unref()).then(() => null),
    ]);
    assert.ok(info, "exited within 5 s of SIGINT");
    assert.equal(info.code, 0);
    assert.equal(await haven.stop(), 0);
  });

  test("a request in flight at SIGTERM completes; new connections are refused", async () => {
    const haven = await startHaven({ args: ["--shutdown-grace", "10"] });
    const conn = await connect(haven.port);
    try {
      const body = JSON.stringify({ satisfaction: "satisfied", comments: "sent across shutdown" });
      // Headers only, with Expect: 100-continue. The server answers
      // "100 Continue" after its handler has seen the request, so from then
      // on the request is in flight.
      conn.write(
        "POST /api/v1/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
          `Content-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
      );
      await conn.waitFor("100 Continue");

      haven.child.kill("SIGTERM");
      await sawSigterm(haven);
      // The listener is closed at once…
      await waitFor(() => refused(haven.port), { what: "new connections to be refused" });
      // …but the request in flight may finish.
      conn.write(body);
      assert.ok(await conn.waitClosed(5000), "the response came and the connection closed");
      const res = parseResponse(conn.received.slice(conn.received.indexOf("\r\n\r\n") + 4));
      assert.equal(res.status, 201);
      assert.equal(JSON.parse(res.body).status, "saved");
    } finally {
      conn.destroy();
    }
    const info = await Promise.race([
      haven.exited(),
      new Promise((r) => setTimeout(r, 5000).unref()).then(() => null),
    ]);
    assert.ok(info, "exited within 5 s once the request was done");
    assert.equal(info.code, 0);
    await haven.stop();
  });

  test("a second SIGTERM during shutdown still ends in a clean exit 0", async () => {
    // Supervisors and impatient operators often signal twice. The server
    // blocks SIGTERM while it shuts down, then unblocks it (server.c,
    // server_run) before main() closes the database: a pending second
    // SIGTERM then kills it (exit 143) and store_close() never runs.
    const haven = await startHaven({ args: ["--shutdown-grace", "10"] });
    const conn = await connect(haven.port);
    try {
      const body = JSON.stringify({ satisfaction: "neutral" });
      conn.write(
        "POST /api/v1/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
          `Content-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
      );
      await conn.waitFor("100 Continue");
      haven.child.kill("SIGTERM");
      await sawSigterm(haven);
      haven.child.kill("SIGTERM"); // the second one
      conn.write(body);
      assert.ok(await conn.waitClosed(5000));
      assert.match(conn.received, /HTTP\/1\.1 201/);
    } finally {
      conn.destroy();
    }
    const info = await Promise.race([
      haven.exited(),
      new Promise((r) => setTimeout(r, 5000).unref()).then(() => null),
    ]);
    assert.ok(info, "exited within 5 s");
    assert.deepEqual(info, { code: 0, signal: null }, "exit 0, not killed by the second SIGTERM");
    assert.match(haven.stderrLines().join("\n"), /"stopped"/);
    await haven.stop();
  });

  test("a request that never finishes is cut off after --shutdown-grace", async () => {
    const haven = await startHaven({ args: ["--shutdown-grace", "1"] });
    const conn = await connect(haven.port);
    try {
      conn.write(
        "POST /api/v1/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
          "Content-Length: 100\r\nExpect: 100-continue\r\n\r\n",
      );
      await conn.waitFor("100 Continue");
      const started = Date.now();
      haven.child.kill("SIGTERM");
      const info = await Promise.race([
        haven.exited(),
        new Promise((r) => setTimeout(r, 8000).unref()).then(() => null),
      ]);
      assert.ok(info, "exited within 8 s although a request never finished");
      assert.equal(info.code, 0);
      assert.ok(Date.now() - started >= 500, "it did wait for the request first");
      assert.ok(await conn.waitClosed(2000), "the unfinished connection is closed");
    } finally {
      conn.destroy();
    }
    await haven.stop();
  });

  test("after SIGTERM the database is intact and a new server serves it", { skip: SQLITE_ONLY || (!hasSqlite && "no sqlite3 CLI") }, async (t) => {
    const haven = await startHaven();
    t.after(() => rmSync(haven.dir, { recursive: true, force: true }));
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${haven.url}/api/v1/feedback`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ satisfaction: "neutral", comments: `row ${i}` }),
        signal: AbortSignal.timeout(5000),
      });
      assert.equal(res.status, 201);
      await res.arrayBuffer();
    }
    assert.equal(await haven.stop({ keepDir: true }), 0);
    assert.ok(!existsSync(`${haven.dbPath}-wal`) || sqlite(haven.dbPath, "PRAGMA wal_checkpoint;") !== "",
      "the WAL is checkpointed or readable");
    assert.equal(sqlite(haven.dbPath, "PRAGMA integrity_check;"), "ok");
    assert.equal(sqlite(haven.dbPath, "SELECT count(*) FROM feedback;"), "5");

    // A new `haven serve` on the same file starts and serves the data.
    const port = await freePort();
    const child = spawn(havenBin(), ["serve", "--db", haven.dbPath, "--listen", `127.0.0.1:${port}`], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    const exited = new Promise((r) => child.once("exit", (code) => r(code)));
    t.after(() => child.kill("SIGKILL"));
    const body = await waitFor(
      async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/v1/agencies/brookfield-primary`, {
            signal: AbortSignal.timeout(1000),
          });
          return res.status === 200 && (await res.json());
        } catch {
          return false;
        }
      },
      { timeoutMs: 10_000, everyMs: 50, what: "the restarted server" },
    );
    assert.equal(body.agency.slug, "brookfield-primary");
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
  });
});

describe("database checks at start", () => {
  test("a database from a newer Haven is refused (serve and init)", { skip: !hasSqlite && "no sqlite3 CLI" }, async (t) => {
    const dir = tempDir(t);
    const db = path.join(dir, "haven.db");
    assert.equal(run(["init", "--db", db]).status, 0);
    sqlite(db, "INSERT INTO schema_migrations (version, name) VALUES (999, '0999_future.sql');");
    const port = await freePort();
    const serve = run(["serve", "--db", db, "--listen", `127.0.0.1:${port}`]);
    assert.notEqual(serve.status, 0);
    assert.equal(serve.signal, null, "it exits, not hangs");
    assert.match(serve.stderr, /newer/);
    assert.match(serve.stderr, /999/);
    const init = run(["init", "--db", db]);
    assert.notEqual(init.status, 0);
    assert.match(init.stderr, /newer/);
    assert.equal(sqlite(db, "SELECT max(version) FROM schema_migrations;"), "999", "left untouched");
  });

  test("a database that recorded a migration under another name is refused (serve and init), unchanged", { skip: !hasSqlite && "no sqlite3 CLI" }, async (t) => {
    // as a database another build migrated: its 0171 was another file, and this build's 0178 not yet run
    const dir = tempDir(t);
    const db = path.join(dir, "haven.db");
    assert.equal(run(["init", "--db", db]).status, 0);
    sqlite(db, `UPDATE schema_migrations SET name = '0171_other_build.sql' WHERE version = 171;
                DELETE FROM schema_migrations WHERE version = 178; DROP INDEX plan_groups_name_folded;`);
    const port = await freePort();
    for (const args of [["serve", "--db", db, "--listen", `127.0.0.1:${port}`], ["init", "--db", db]]) {
      const r = run(args);
      assert.equal(r.status, 1, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, /migration 0171 as 0171_other_build\.sql, but this Haven's migration 0171 is 0171_household_index_unicode\.sql/, args[0]);
    }
    assert.equal(sqlite(db, "SELECT count(*) FROM schema_migrations WHERE version = 178;"), "0", "nothing applied");
    assert.equal(sqlite(db, "SELECT name FROM schema_migrations WHERE version = 171;"), "0171_other_build.sql", "nothing rewritten");
  });

  test("an uninitialised (empty) database: serve says to run haven init", async (t) => {
    const dir = tempDir(t);
    const db = path.join(dir, "empty.db");
    writeFileSync(db, "");
    const port = await freePort();
    const serve = run(["serve", "--db", db, "--listen", `127.0.0.1:${port}`]);
    assert.equal(serve.status, 1);
    assert.match(serve.stderr, /haven init --db/);
  });

  test("a missing database file: serve fails without creating it", async (t) => {
    const dir = tempDir(t);
    const db = path.join(dir, "missing.db");
    const port = await freePort();
    const serve = run(["serve", "--db", db, "--listen", `127.0.0.1:${port}`]);
    assert.equal(serve.status, 1);
    assert.ok(serve.stderr.includes(db), "the message names the file");
    assert.ok(!existsSync(db), "serve does not create a database");
  });

  test("a file that is not a Haven database is refused", { skip: !hasSqlite && "no sqlite3 CLI" }, async (t) => {
    const dir = tempDir(t);
    const db = path.join(dir, "other.db");
    sqlite(db, "CREATE TABLE t (x INTEGER);");
    const port = await freePort();
    const serve = run(["serve", "--db", db, "--listen", `127.0.0.1:${port}`]);
    assert.equal(serve.status, 1);
    assert.match(serve.stderr, /not a Haven database/);
    const init = run(["init", "--db", db]);
    assert.equal(init.status, 1);
    assert.match(init.stderr, /not a Haven database/);
  });

  test("haven init is idempotent and --demo loads once", async (t) => {
    const dir = tempDir(t);
    const db = path.join(dir, "haven.db");
    const first = run(["init", "--db", db, "--demo"]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /loaded the demo partnership/);
    const again = run(["init", "--db", db, "--demo"]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already loaded/);
    assert.doesNotMatch(again.stdout, /applied migration/);
  });

  test("a port already in use: serve exits 1 with a message", async () => {
    const haven = await startHaven({ demo: false });
    try {
      const dir = mkdtempSync(path.join(os.tmpdir(), "haven-lifecycle-"));
      try {
        const db = path.join(dir, "haven.db");
        assert.equal(run(["init", "--db", db]).status, 0);
        const serve = run(["serve", "--db", db, "--listen", `127.0.0.1:${haven.port}`]);
        assert.equal(serve.status, 1);
        assert.match(serve.stderr, /cannot listen on 127\.0\.0\.1:\d+/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      assert.equal(await haven.stop(), 0);
    }
  });
});

// PostgreSQL databases made here beside the tests' own, in the cluster of HAVEN_TEST_PG_URL.
const pgSkip = !onPostgres && "needs PostgreSQL (HAVEN_TEST_PG_URL)";

function pgUrl(name) {
  const u = new URL(process.env.HAVEN_TEST_PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

function psql(sql, database) {
  const url = database ? pgUrl(database) : process.env.HAVEN_TEST_PG_URL;
  const r = spawnSync("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url], { input: sql, encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** A new database (`options` as CREATE DATABASE takes them), dropped when the test ends; its name. */
function pgDatabase(t, options = "") {
  const name = `haven_lc_${process.pid}_${randomBytes(3).toString("hex")}`;
  psql(`CREATE DATABASE ${name} ${options};`);
  t.after(() => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE);`));
  return name;
}

describe("database checks at start, on PostgreSQL", () => {
  const tables = (name) => psql("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema();", name);

  test("a database whose lower() folds ASCII alone (LC_CTYPE C) is refused before anything is written", { skip: pgSkip }, async (t) => {
    const dir = tempDir(t);
    const key = path.join(dir, "haven.key");
    const name = pgDatabase(t, "TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
    const port = await freePort();
    for (const args of [["init", "--db", pgUrl(name), "--key-file", key], ["serve", "--db", pgUrl(name), "--key-file", key, "--listen", `127.0.0.1:${port}`]]) {
      const r = spawnSync(havenBin(), args, { encoding: "utf8", timeout: 15_000, cwd: dir });
      assert.equal(r.status, 1, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, /encoding UTF8 and character type \(LC_CTYPE\) C, where lower\(\) does not fold every letter;/, args[0]);
      assert.match(r.stderr, /createdb --template=template0 --encoding=UTF8 --locale=C\.UTF-8/, args[0]);
    }
    assert.equal(tables(name), "0", "nothing made");
  });

  test("a database that recorded a migration under another name is refused (serve and init), unchanged", { skip: pgSkip }, async (t) => {
    const dir = tempDir(t);
    const key = path.join(dir, "haven.key");
    const name = pgDatabase(t);
    const init = spawnSync(havenBin(), ["init", "--db", pgUrl(name), "--key-file", key], { encoding: "utf8", timeout: 120_000, cwd: dir });
    assert.equal(init.status, 0, init.stderr);
    psql(`UPDATE schema_migrations SET name = '0171_other_build.sql' WHERE version = 171;
          DELETE FROM schema_migrations WHERE version = 178; DROP INDEX plan_groups_name_folded;`, name);
    const port = await freePort();
    for (const args of [["serve", "--db", pgUrl(name), "--key-file", key, "--listen", `127.0.0.1:${port}`], ["init", "--db", pgUrl(name), "--key-file", key]]) {
      const r = spawnSync(havenBin(), args, { encoding: "utf8", timeout: 15_000, cwd: dir });
      assert.equal(r.status, 1, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, /migration 0171 as 0171_other_build\.sql, but this Haven's migration 0171 is 0171_household_index_unicode\.sql/, args[0]);
    }
    assert.equal(psql("SELECT count(*) FROM schema_migrations WHERE version = 178;", name), "0", "nothing applied");
  });
});
