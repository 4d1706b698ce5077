// Test helper for node:test files that need a running haven server.
//
// startHaven() makes a temporary directory, creates a database in it with
// `haven init --db DIR/haven.db [--demo]`, starts `haven serve` on a free
// loopback port and waits until GET /readyz answers 200. It returns
//   { url, port, dir, dbPath, stderrLines(), stdoutLines(), accessLog(), stop() }
// where stop() sends SIGTERM, waits for the process to exit, removes the
// temporary directory and resolves to the exit code (128 + signal number if
// the process died from a signal). stop({ keepDir: true }) leaves the
// directory (and so the database) for the caller to inspect and remove.
// The child process is also returned (as `child`) for tests that signal it
// themselves, and exited() resolves to { code, signal } once it has exited.
//
// The binary is $HAVEN_BIN, or <repo>/build/haven. Every server started here is
// killed (SIGKILL) and its directory removed if the test process exits first.
// runHaven(args) runs one haven command to completion and assertUsageError(r)
// checks a usage error's shape (the command-line tests).
//
// On PostgreSQL (issue 21): when HAVEN_TEST_PG_URL names a cluster (make
// http-test-pg starts a throwaway one), each server gets a database of its own
// in it, haven_t<pid>_<n>_<random>, copied from a template database that
// `haven init [--demo]` made once for the test file (CREATE DATABASE … TEMPLATE
// is much faster than loading the schema and the demo each time), with the
// template's key file (DIR/haven.key: a URL has no file beside it) and
// documents (DIR/haven.documents/: the server runs in DIR). dbPath is then
// that database's URL, and the database is dropped with the directory: by
// stop(), or at exit for a directory kept or given. A directory given again
// (a restart) finds its database's name in DIR/haven.pgdb. `onPostgres` says
// which engine runs; a test that reads the SQLite file itself skips on
// PostgreSQL saying so.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
);

/** Path of the haven binary under test. */
export function havenBin() {
  return process.env.HAVEN_BIN
    ? path.resolve(process.env.HAVEN_BIN)
    : path.join(REPO_ROOT, "build", "haven");
}

/**
 * Run `haven ARGS...` to completion (a command-line test: import, audit
 * verify, users, ...); resolves to spawnSync's { status, stdout, stderr, ... }
 * with text output. opts: input (stdin), timeoutMs, env (added to ours).
 */
export function runHaven(args, { input = "", timeoutMs = 60_000, env = {} } = {}) {
  return spawnSync(havenBin(), args, { encoding: "utf8", timeout: timeoutMs, input, env: { ...process.env, ...env } });
}

/**
 * A usage error from a haven command (a runHaven() result): exit 2, nothing
 * on stdout, one line on stderr that starts "haven: " and matches pattern
 * if one is given.
 */
export function assertUsageError(r, pattern) {
  assert.equal(r.status, 2, `exit 2 (stderr: ${r.stderr})`);
  assert.equal(r.stdout, "");
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line on stderr: ${JSON.stringify(r.stderr)}`);
  assert.match(lines[0], /^haven: /);
  if (pattern) assert.match(lines[0], pattern);
}

// ---- PostgreSQL: a database of its own for each server ----

const PG_URL = process.env.HAVEN_TEST_PG_URL || "";

/** True when the tests run Haven on PostgreSQL (HAVEN_TEST_PG_URL is set). */
export const onPostgres = PG_URL !== "";

/** The reason a test that needs the SQLite file gives for skipping on PostgreSQL. */
export const SQLITE_ONLY = onPostgres && "reads or writes the SQLite file itself (tests run on PostgreSQL)";

/** The URL of database `name` in the test cluster (HAVEN_TEST_PG_URL with its database replaced). */
function pgUrl(name) {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Run `sql` with psql on database `name` (default the cluster's own); resolves to the result, which throws on an error. */
function psql(sql, name = new URL(PG_URL).pathname.slice(1)) {
  return spawnSync("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", pgUrl(name)], {
    input: sql,
    encoding: "utf8",
    timeout: 60_000,
  });
}

function psqlOrThrow(sql, name) {
  const r = psql(sql, name);
  if (r.error || r.status !== 0) {
    throw new Error(`psql failed (${r.error?.message ?? `status ${r.status}`}): ${sql}\n${r.stderr}`);
  }
  return r.stdout.trim();
}

// Databases this process made and has not dropped yet: dropped at exit.
const pgDatabases = new Set();

function dropDatabase(name) {
  pgDatabases.delete(name);
  psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE);`);
}

/* A new key file only its owner can read (haven refuses any other), as `haven init` makes. */
function writeKeyFile(file) {
  writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
}

/* `haven init ARGS` in `cwd` (where PostgreSQL's documents folder would go), or throw what it said. */
function initOrThrow(bin, args, env, cwd) {
  const init = spawnSync(bin, ["init", ...args], { encoding: "utf8", env, cwd, timeout: 120_000 });
  if (init.error || init.status !== 0) {
    throw new Error(
      `haven init failed (status ${init.status}, signal ${init.signal}` +
        `${init.error ? `, ${init.error.message}` : ""})\n` +
        `stdout:\n${init.stdout}\nstderr:\n${init.stderr}`,
    );
  }
}

const templates = new Map(); // demo flag -> { name, dir } of this process's template, once made

/*
 * This test file's template database, made by `haven init [--demo]` on the
 * first server that needs it, and its folder holding what init made beside
 * it: the key file its sealed values open with and the documents' folder (the
 * demo's document). One a test process, not one a run: the demo's times are
 * relative to when it was loaded, so a template must not outlive its file's
 * few minutes. Both go when the process exits.
 */
function pgTemplate(bin, demo, env) {
  if (templates.has(demo)) return templates.get(demo);
  const name = `haven_tpl_${process.pid}_${demo ? "demo" : "empty"}_${randomBytes(3).toString("hex")}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), "haven-pg-template-"));
  templateDirs.add(dir);
  psqlOrThrow(`CREATE DATABASE ${name};`);
  pgDatabases.add(name);
  writeKeyFile(path.join(dir, "haven.key"));
  initOrThrow(bin, ["--db", pgUrl(name), "--key-file", path.join(dir, "haven.key"), ...(demo ? ["--demo"] : [])], env, dir);
  templates.set(demo, { name, dir });
  return templates.get(demo);
}

/*
 * The PostgreSQL database for a server in `dir`: the one named in
 * DIR/haven.pgdb (a restart), or a new copy of the template, with its key
 * file and documents, when there are no init arguments (they may change what
 * init makes), or a new empty one that `haven init` then fills. Resolves to
 * { dbPath, keyFile, name }.
 */
function pgDatabase(bin, { demo, initArgs, env, dir }) {
  const nameFile = path.join(dir, "haven.pgdb");
  const keyFile = path.join(dir, "haven.key");
  if (existsSync(nameFile)) {
    const name = readFileSync(nameFile, "utf8").trim();
    pgDatabases.add(name);
    initOrThrow(bin, ["--db", pgUrl(name), "--key-file", keyFile, ...(demo ? ["--demo"] : []), ...initArgs], env, dir);
    return { dbPath: pgUrl(name), keyFile, name };
  }
  const name = `haven_t${process.pid}_${pgDatabases.size}_${randomBytes(3).toString("hex")}`;
  if (initArgs.length === 0) {
    const template = pgTemplate(bin, demo, env);
    psqlOrThrow(`CREATE DATABASE ${name} TEMPLATE ${template.name};`);
    pgDatabases.add(name);
    cpSync(template.dir, dir, { recursive: true });
  } else {
    psqlOrThrow(`CREATE DATABASE ${name};`);
    pgDatabases.add(name);
    writeKeyFile(keyFile);
    initOrThrow(bin, ["--db", pgUrl(name), "--key-file", keyFile, ...(demo ? ["--demo"] : []), ...initArgs], env, dir);
  }
  writeFileSync(nameFile, `${name}\n`);
  return { dbPath: pgUrl(name), keyFile, name };
}

const templateDirs = new Set();

process.on("exit", () => {
  for (const name of [...pgDatabases]) dropDatabase(name);
  for (const dir of templateDirs) rmSync(dir, { recursive: true, force: true });
});

const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 10_000;

// Servers still running, for the exit-time cleanup.
const live = new Set();

function killAll() {
  for (const s of live) {
    try {
      s.child.kill("SIGKILL");
    } catch {
      // already gone
    }
    try {
      if (s.dir) rmSync(s.dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
  live.clear();
}

process.on("exit", killAll);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.once(sig, () => {
    killAll();
    // Die from the same signal, as the default handler would have.
    process.kill(process.pid, sig);
  });
}

/** Resolve to a TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

function splitLines(onLine) {
  let rest = "";
  return {
    push(chunk) {
      rest += chunk;
      let i;
      while ((i = rest.indexOf("\n")) >= 0) {
        onLine(rest.slice(0, i).replace(/\r$/, ""));
        rest = rest.slice(i + 1);
      }
    },
    flush() {
      if (rest !== "") onLine(rest);
      rest = "";
    },
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// A timer for Promise.race deadlines that does not keep the test process
// alive once the race is won (a plain 10 s timer would delay its exit).
const raceTimeout = (ms) => new Promise((r) => setTimeout(r, ms).unref());

/*
 * GET /readyz on a connection of its own that is closed afterwards (not
 * fetch, whose pool would keep an idle connection open and so count against
 * --max-per-ip / --max-connections in the tests). Resolves to the status.
 */
function probeReady(port) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: "127.0.0.1",
        port,
        path: "/readyz",
        agent: false,
        headers: { connection: "close" },
        timeout: 1000,
      },
      (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode));
        res.once("error", reject);
      },
    );
    req.once("timeout", () => req.destroy(new Error("timed out")));
    req.once("error", reject);
  });
}

/**
 * Start a haven server on a fresh database.
 * @param {object} [opts]
 * @param {boolean} [opts.demo=true] pass --demo to `haven init`
 * @param {string[]} [opts.args=[]] extra arguments for `haven serve`
 * @param {string[]} [opts.initArgs=[]] extra arguments for `haven init`
 * @param {object} [opts.env] extra environment variables for both commands
 * @param {string} [opts.dir] a directory of the caller's to use instead of a
 *   fresh temporary one (a small file system, or the same database again
 *   after a restart: `haven init` only migrates a database already there);
 *   the caller removes it, stop() never does
 */
export async function startHaven({
  demo = true,
  args = [],
  initArgs = [],
  env = {},
  dir: givenDir,
} = {}) {
  const bin = havenBin();
  if (!existsSync(bin)) {
    throw new Error(
      `haven binary not found at ${bin}: build it first (cmake) or set HAVEN_BIN`,
    );
  }
  const childEnv = { ...process.env, ...env };
  const dir = givenDir ?? mkdtempSync(path.join(os.tmpdir(), "haven-test-"));
  let dbPath = path.join(dir, "haven.db");
  let keyArgs = [];
  let pgName = null;
  try {
    if (onPostgres) {
      const pg = pgDatabase(bin, { demo, initArgs, env: childEnv, dir });
      dbPath = pg.dbPath;
      pgName = pg.name;
      keyArgs = ["--key-file", pg.keyFile];
    } else {
      initOrThrow(bin, ["--db", dbPath, ...(demo ? ["--demo"] : []), ...initArgs], childEnv);
    }
  } catch (err) {
    if (!givenDir) {
      rmSync(dir, { recursive: true, force: true });
      if (pgName) dropDatabase(pgName);
    }
    throw err;
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    bin,
    ["serve", "--db", dbPath, ...keyArgs, "--listen", `127.0.0.1:${port}`, ...args],
    // (on PostgreSQL documents are kept in the working directory's haven.documents/: the test's own)
    { stdio: ["ignore", "pipe", "pipe"], env: childEnv, ...(onPostgres ? { cwd: dir } : {}) },
  );
  const entry = { child, dir: givenDir ? null : dir };
  live.add(entry);

  const stderr = [];
  const stdout = [];
  const errSplit = splitLines((l) => stderr.push(l));
  const outSplit = splitLines((l) => stdout.push(l));
  child.stderr.setEncoding("utf8").on("data", (c) => errSplit.push(c));
  child.stdout.setEncoding("utf8").on("data", (c) => outSplit.push(c));

  let exitInfo = null;
  const exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
    child.once("error", (err) => {
      exitInfo = { code: null, signal: null, error: err };
      resolve(exitInfo);
    });
  });
  // Wait for the pipes to drain too, so the last log lines are collected.
  const closed = new Promise((resolve) => child.once("close", resolve)).then(
    () => {
      errSplit.flush();
      outSplit.flush();
    },
  );

  let keep = Boolean(givenDir); // set by stop({ keepDir: true })
  const cleanup = () => {
    live.delete(entry);
    if (!keep) {
      rmSync(dir, { recursive: true, force: true });
      if (pgName) dropDatabase(pgName);
    }
  };

  // Poll /readyz until it answers 200.
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastProblem = "no attempt made";
  for (;;) {
    if (exitInfo) {
      await Promise.race([closed, raceTimeout(1000)]);
      cleanup();
      throw new Error(
        `haven serve exited before it was ready ` +
          `(code ${exitInfo.code}, signal ${exitInfo.signal}` +
          `${exitInfo.error ? `, ${exitInfo.error.message}` : ""})\n` +
          `stderr:\n${stderr.join("\n")}`,
      );
    }
    try {
      const status = await probeReady(port);
      if (status === 200) break;
      lastProblem = `GET /readyz answered ${status}`;
    } catch (err) {
      lastProblem = `GET /readyz failed: ${err.code ?? err.message}`;
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      await Promise.race([closed, raceTimeout(1000)]);
      cleanup();
      throw new Error(
        `haven serve was not ready within ${READY_TIMEOUT_MS} ms ` +
          `(${lastProblem})\nstderr:\n${stderr.join("\n")}`,
      );
    }
    await sleep(50);
  }

  let stopping = null;
  async function stop({ keepDir = false } = {}) {
    keep = keep || keepDir;
    if (stopping) return stopping;
    stopping = (async () => {
      if (!exitInfo) child.kill("SIGTERM");
      const info = await Promise.race([
        exited,
        raceTimeout(STOP_TIMEOUT_MS).then(() => null),
      ]);
      if (!info) {
        child.kill("SIGKILL");
        await exited;
        await Promise.race([closed, raceTimeout(1000)]);
        cleanup();
        throw new Error(
          `haven serve did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM\n` +
            `stderr:\n${stderr.join("\n")}`,
        );
      }
      await Promise.race([closed, raceTimeout(1000)]);
      cleanup();
      if (info.code !== null) return info.code;
      return 128 + (os.constants.signals[info.signal] ?? 0);
    })();
    return stopping;
  }

  return {
    url,
    port,
    dir,
    /** The SQLite file, or on PostgreSQL the database's URL: what --db was given. */
    dbPath,
    /** The arguments that name the key file (["--key-file", FILE] on PostgreSQL, none on SQLite). */
    keyArgs,
    /** Where the documents' sealed files are: beside the SQLite file, or in the server's directory. */
    documentsDir: onPostgres ? path.join(dir, "haven.documents") : `${dbPath}.documents`,
    /** Lines the server wrote to stderr so far (a copy). */
    stderrLines: () => stderr.slice(),
    /** Lines the server wrote to stdout so far (a copy). */
    stdoutLines: () => stdout.slice(),
    /** The stderr lines that parse as JSON objects (the access log). */
    accessLog: () =>
      stderr.flatMap((l) => {
        try {
          const v = JSON.parse(l);
          return v && typeof v === "object" ? [v] : [];
        } catch {
          return [];
        }
      }),
    stop,
    /** The `haven serve` child process. */
    child,
    /** Resolves to { code, signal } once the process has exited. */
    exited: () => exited,
  };
}

/** How many agencies the demo partnership has: the rows of src/areas/partnership/demo.sql's agencies INSERT. */
export function demoAgencyCount() {
  const sql = readFileSync(path.join(REPO_ROOT, "src/areas/partnership/demo.sql"), "utf8");
  const insert = /INSERT INTO agencies[^;]*;/s.exec(sql)[0];
  return [...insert.matchAll(/^\s*\('[a-z0-9-]+',/gm)].length;
}

/** The demo accounts' emails, from src/areas/accounts/demo.c. */
export function demoAccountEmails() {
  const src = readFileSync(path.join(REPO_ROOT, "src/areas/accounts/demo.c"), "utf8");
  return [...src.matchAll(/\{\s*"([^"]+@demo\.haven\.example)"/g)].map((m) => m[1]);
}
