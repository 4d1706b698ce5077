// A SQLite database as an older Haven left it, for the HTTP tests that show a
// migration keeps what was stored before it: every migration before one, run
// from its file on a real SQLite file, then rows as they were stored, then
// the migration itself. Not a test file.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sqlText } from "./api.mjs";
import { havenBin, REPO_ROOT } from "./haven.mjs";

/** Every SQLite migration file (not the NNNN_name.pg.sql twins), as { f: its path in the repository, n: its number }, in number order. */
export function migrationFiles() {
  const folders = ["src/store", ...readdirSync(path.join(REPO_ROOT, "src/areas")).map((a) => `src/areas/${a}`)];
  return folders
    .flatMap((d) => {
      const dir = path.join(REPO_ROOT, d, "migrations");
      return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".sql") && !f.endsWith(".pg.sql")).map((f) => `${d}/migrations/${f}`) : [];
    })
    .map((f) => ({ f, n: Number(path.basename(f).slice(0, 4)) }))
    .sort((a, b) => a.n - b.n);
}

/** Runs migration number `n` on the SQLite file `db`, as its file says. */
export function runMigration(db, n) {
  const { f } = migrationFiles().find((m) => m.n === n);
  sqlText(db, readFileSync(path.join(REPO_ROOT, f), "utf8"));
}

/** Makes the SQLite file `db` as every migration before number `n` left it. */
export function migrateBefore(db, n) {
  for (const m of migrationFiles()) if (m.n < n) sqlText(db, readFileSync(path.join(REPO_ROOT, m.f), "utf8"));
}

/* `haven init --db DB` on the SQLite file `db` with the real binary; throws what it said if it failed; its output. */
function havenInit(db) {
  const r = spawnSync(havenBin(), ["init", "--db", db], { encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) throw new Error(`haven init failed (status ${r.status}): ${r.stderr}`);
  return r.stdout;
}

/*
 * Migration `n` run again by the real binary, for a migration that needs
 * Haven's own lower() (every letter), which the sqlite3 shell of runMigration
 * lacks: a new SQLite file made by `haven init`, then `before` (SQL that takes
 * away what n made and puts in the rows it must deal with) with n's record
 * deleted, then `haven init` again. Returns { db, output: what that init
 * printed } to `check`, then removes the file.
 */
export function migrateAgain(n, before, check) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `haven-${n}-`));
  const db = path.join(dir, "old.db");
  try {
    havenInit(db);
    sqlText(db, `DELETE FROM schema_migrations WHERE version = ${n}; ${before}`);
    check({ db, output: havenInit(db) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
