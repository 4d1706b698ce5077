// Holding PostgreSQL rows from a test's own psql session, so that a race
// between two of Haven's processes runs the same way every time: the first
// stops behind the held rows, the second is started, both are seen waiting
// (pg_stat_activity), and the session lets go.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { sqlText, until } from "./api.mjs";

/*
 * The audit trail's next row, inserted and not yet committed: the next
 * transaction to append one waits for it (its number is taken).
 */
export const HOLD_NEXT_AUDIT_ROW = "INSERT INTO audit_log (id, at, action, prev_hash, hash)" +
  " SELECT coalesce(max(id), 0) + 1, 'held by the test', 'test.hold', decode('00', 'hex'), decode('00', 'hex') FROM audit_log";

/* How many sessions on the database at `dbPath` wait for a lock. */
export const lockWaiters = (dbPath) => Number(sqlText(dbPath,
  "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock';").trim());

/*
 * A psql session on `dbPath` that has begun a transaction and holds the rows
 * `statement` locks or writes until release(), which rolls it back: resolves
 * once they are held (the session idle in its transaction).
 */
export async function holdInTransaction(dbPath, statement) {
  const session = spawn("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", dbPath],
    { stdio: ["pipe", "ignore", "pipe"] });
  let err = "";
  session.stderr.setEncoding("utf8").on("data", (c) => { err += c; });
  let status = null;
  const ended = new Promise((resolve) => session.once("close", (code) => resolve((status = code))));
  const release = async () => {
    if (status === null) session.stdin.end("ROLLBACK;\n");
    assert.equal(await ended, 0, `psql: ${err}`);
  };
  session.stdin.write(`BEGIN;\n${statement};\n`);
  try {
    await until("the psql session holds its rows",
      () => status !== null || sqlText(dbPath, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()" +
        " AND state = 'idle in transaction';").trim() === "1");
    assert.equal(status, null, `psql: ${err}`);
  } catch (e) {
    session.kill();
    throw e;
  }
  return { release };
}
