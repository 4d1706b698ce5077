// Audited reads waiting for their audit row without holding a thread
// (src/http/server.c, hold_until_audited): against the real server, many
// reads of a child's record at once each get their answer and each has its
// own durable audit row; the waits share group commits beyond what the
// worker threads alone could hold; a read whose audit row cannot be written
// is never answered 200; and SIGTERM answers the reads still waiting.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { apiClient, requestOn, sqlText, until } from "../lib/api.mjs";
import { onPostgres, runHaven, startHaven } from "../lib/haven.mjs";

const READS = 300;
const THREADS = 2; // worker threads: far fewer than the reads in flight
const CHILD = 2; // a demo child the police may read
const READ = `/api/v1/children/${CHILD}`;

/** Rows of the child's read in the trail, from the database file (what is durable). */
const readRows = (dbPath) =>
  Number(sqlText(dbPath, `SELECT count(*) FROM audit_log WHERE action = 'child.read' AND resource_id = '${CHILD}'`));

/** The writer's batch-size histogram from /metrics: { bound: batches of at most that many units }. */
async function batchHistogram(base) {
  const res = await requestOn(base, "GET", "/metrics");
  assert.equal(res.status, 200);
  const buckets = {};
  for (const m of res.text.matchAll(/^haven_store_writer_batch_size_bucket\{le="([^"]+)"\} (\d+)/gm))
    buckets[m[1]] = Number(m[2]);
  return buckets;
}

/** `count` reads of the child at once, each on a connection of its own. */
const readsAtOnce = (base, token, count) =>
  Promise.all(
    Array.from({ length: count }, () =>
      requestOn(base, "GET", READ, { token }).catch((err) => ({ status: 0, error: err.message })),
    ),
  );

describe("audited reads at once", () => {
  let haven;
  const api = apiClient(() => haven);
  const args = ["--threads", String(THREADS), "--max-per-ip", String(READS + 50)];

  before(async () => {
    haven = await startHaven({ args });
  });
  after(async () => {
    await haven?.stop();
  });

  test(`${READS} reads at once on ${THREADS} threads: each answered 200 with the child, each with its own durable audit row, and their rows share commits`, async () => {
    const token = await api.token("police");
    const rowsBefore = readRows(haven.dbPath);
    const histogramBefore = await batchHistogram(haven.url);

    const answers = await readsAtOnce(haven.url, token, READS);
    for (const a of answers) {
      assert.equal(a.status, 200, a.error ?? a.text);
      assert.equal(a.json.child.id, CHILD, "the answer is the child asked for");
    }
    assert.equal(readRows(haven.dbPath) - rowsBefore, READS, "one durable audit row per read answered");

    // With a worker thread held by each read until its row was durable, no
    // commit could carry more rows than there are threads.
    const histogramAfter = await batchHistogram(haven.url);
    const batches = (le) => histogramAfter[le] - histogramBefore[le];
    const largerThanThreads = batches("+Inf") - batches(String(THREADS));
    assert.ok(largerThanThreads > 0, `some commits carried more than ${THREADS} rows: ${JSON.stringify(histogramAfter)}`);
  });

  test("the trail is still one unbroken chain", async () => {
    await haven.stop({ keepDir: true });
    const verify = runHaven(["audit", "verify", "--db", haven.dbPath]);
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  });
});

describe("an audited read whose audit row cannot be written", () => {
  let haven;
  const api = apiClient(() => haven);

  before(async () => {
    haven = await startHaven();
  });
  after(async () => {
    await haven?.stop();
  });

  test("is answered 503, never 200, and a read is answered again once rows can be written", async () => {
    const token = await api.token("police");
    assert.equal((await requestOn(haven.url, "GET", READ, { token })).status, 200);
    // The trail refuses the child's reads (sign-ins and the rest go on).
    sqlText(
      haven.dbPath,
      onPostgres
        ? "CREATE FUNCTION refuse_child_reads() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " +
            "IF NEW.action = 'child.read' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$; " +
            "CREATE TRIGGER refuse_child_reads BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_child_reads();"
        : "CREATE TRIGGER refuse_child_reads BEFORE INSERT ON audit_log WHEN NEW.action = 'child.read' " +
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
    );
    const rowsBefore = readRows(haven.dbPath);
    const answers = await readsAtOnce(haven.url, token, 20);
    for (const a of answers) {
      assert.equal(a.status, 503, a.error ?? a.text);
      assert.doesNotMatch(a.text, /Sample|date_of_birth/, "nothing of the child is sent");
    }
    assert.equal(readRows(haven.dbPath), rowsBefore, "no row was written");

    sqlText(haven.dbPath, `DROP TRIGGER refuse_child_reads${onPostgres ? " ON audit_log" : ""};`);
    const again = await requestOn(haven.url, "GET", READ, { token });
    assert.equal(again.status, 200, again.text);
    assert.equal(readRows(haven.dbPath), rowsBefore + 1);
  });
});

describe("SIGTERM while audited reads wait for their rows", () => {
  let haven;
  const api = apiClient(() => haven);

  before(async () => {
    haven = await startHaven({ args: ["--threads", String(THREADS), "--max-per-ip", "200"] });
  });
  after(async () => {
    await haven?.stop();
  });

  test("every read taken is answered 200 with its durable row, and the server exits cleanly", async () => {
    const token = await api.token("police");
    const rowsBefore = readRows(haven.dbPath);
    const pending = readsAtOnce(haven.url, token, 150);
    // Once the first rows are durable, the rest of the reads are in flight.
    await until("the first reads' rows", async () => readRows(haven.dbPath) - rowsBefore >= 10, { everyMs: 1 });
    haven.child.kill("SIGTERM");
    const answers = await pending;
    const info = await haven.exited();
    assert.equal(info.code, 0, "exit 0 after SIGTERM");
    const answered = answers.filter((a) => a.status !== 0);
    assert.ok(answered.length >= 10, `reads were in flight at SIGTERM: ${answered.length} answered`);
    for (const a of answered) assert.equal(a.status, 200, a.text);
    assert.equal(readRows(haven.dbPath) - rowsBefore, answered.length, "one durable row per read answered, and no more");
  });
});
