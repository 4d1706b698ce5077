// A SQLite database as an older Haven left it, for the HTTP tests that show a
// migration keeps what was stored before it: every migration before one, run
// from its file on a real SQLite file, then rows as they were stored, then
// the migration itself. Not a test file.

import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { sqlText } from "./api.mjs";
import { REPO_ROOT } from "./haven.mjs";

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
