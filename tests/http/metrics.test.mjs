// GET /metrics (src/areas/metrics, src/core/metrics.c), against the real
// binary: the Prometheus text format, counters that move with the requests
// made (by route pattern and status, never the path), latency histograms,
// the writer's units and transactions, the outbox and job runs; and who may
// read it: local clients, or others with the --metrics-token-file token.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { requestOn as request, sqlRows as sql } from "../lib/api.mjs";
import { assertUsageError, runHaven, startHaven } from "../lib/haven.mjs";
import { connect, parseResponse, sleep, waitFor } from "./raw.mjs";

/** Parses the text format into { "name{labels}": value } and checks every line is well formed. */
function parseMetrics(text) {
  const samples = {};
  const families = new Map(); // name -> type
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const type = /^# TYPE (\w+) (counter|gauge|histogram)$/.exec(line);
    if (type) {
      assert.ok(!families.has(type[1]), `family ${type[1]} declared once`);
      families.set(type[1], type[2]);
      continue;
    }
    if (line.startsWith("# HELP ")) continue;
    // labels: name="value" pairs, values quoted (they may hold braces: route patterns do)
    const m = /^(\w+)(\{(?:\w+="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|\+Inf|NaN)$/.exec(line);
    assert.ok(m, `a well-formed sample line: ${JSON.stringify(line)}`);
    const family = m[1].replace(/_(bucket|sum|count)$/, "");
    assert.ok(families.has(m[1]) || families.get(family) === "histogram", `${m[1]} follows its TYPE line`);
    samples[m[1] + (m[2] ?? "")] = Number(m[3]);
  }
  return samples;
}

async function scrape(url, headers = {}) {
  const res = await request(url, "GET", "/metrics", { headers });
  assert.equal(res.status, 200, res.text.slice(0, 300));
  assert.equal(res.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  assert.equal(res.headers["cache-control"], "no-store");
  return { text: res.text, samples: parseMetrics(res.text) };
}

const value = (samples, key) => samples[key] ?? 0;

describe("GET /metrics from the machine itself", () => {
  let haven;
  before(async () => {
    haven = await startHaven({ env: { HAVEN_TRAINING_JOB_SECONDS: "1" } });
  });
  after(async () => {
    if (haven) assert.equal(await haven.stop(), 0);
  });

  test("requests are counted by method, route pattern and status, with latency histograms; never by path", async () => {
    const before = (await scrape(haven.url)).samples;
    const agency = '{method="GET",route="/api/v1/agencies/{slug:slug}",status="200"}';
    const missing = '{method="GET",route="/api/v1/agencies/{slug:slug}",status="404"}';
    const saved = '{method="POST",route="/api/v1/feedback",status="201"}';
    const unrouted = '{method="GET",route="none",status="404"}';
    for (let i = 0; i < 3; i++)
      assert.equal((await request(haven.url, "GET", "/api/v1/agencies/brookfield-primary")).status, 200);
    assert.equal((await request(haven.url, "GET", "/api/v1/agencies/no-such-agency")).status, 404);
    const post = await request(haven.url, "POST", "/api/v1/feedback", { json: { satisfaction: "satisfied" } });
    assert.equal(post.status, 201);
    assert.equal((await request(haven.url, "GET", "/no/such/page/secret-looking-path")).status, 404);

    // A request is counted when its answer has gone (with its time), so the
    // last ones may be counted a moment after the client has them: scrape
    // until every request made is counted, then check none is counted twice.
    const made = { [agency]: 3, [missing]: 1, [saved]: 1, [unrouted]: 1 };
    const series = '{method="GET",route="/api/v1/agencies/{slug:slug}"';
    const { text, samples: now } = await waitFor(
      async () => {
        const scraped = await scrape(haven.url);
        const counted = (key) => value(scraped.samples, `haven_http_requests_total${key}`) - value(before, `haven_http_requests_total${key}`);
        const all = Object.entries(made).every(([key, n]) => counted(key) >= n);
        return all && value(scraped.samples, `haven_http_request_duration_seconds_count${series}}`) >= 4 && scraped;
      },
      { timeoutMs: 10_000, everyMs: 50, what: "every request made counted" },
    );
    assert.equal(value(now, `haven_http_requests_total${agency}`) - value(before, `haven_http_requests_total${agency}`), 3);
    assert.equal(value(now, `haven_http_requests_total${missing}`) - value(before, `haven_http_requests_total${missing}`), 1);
    assert.equal(value(now, `haven_http_requests_total${saved}`) - value(before, `haven_http_requests_total${saved}`), 1);
    assert.equal(value(now, `haven_http_requests_total${unrouted}`) - value(before, `haven_http_requests_total${unrouted}`), 1);
    assert.equal(value(now, `haven_http_request_duration_seconds_count${series}}`), 4);
    assert.equal(value(now, `haven_http_request_duration_seconds_bucket${series},le="+Inf"}`), 4);
    assert.ok(value(now, `haven_http_request_duration_seconds_sum${series}}`) > 0);
    // cumulative buckets never go down
    const buckets = Object.keys(now).filter((k) => k.startsWith(`haven_http_request_duration_seconds_bucket${series}`));
    assert.equal(buckets.length, 12);
    for (let i = 1; i < buckets.length; i++) assert.ok(now[buckets[i]] >= now[buckets[i - 1]], buckets[i]);
    // paths never appear: only patterns
    assert.doesNotMatch(text, /brookfield-primary|no-such-agency|secret-looking-path/);

    // the save went through the writer
    assert.ok(now.haven_store_writer_units_total > before.haven_store_writer_units_total);
    assert.ok(now.haven_store_writer_transactions_total >= 1);
    assert.ok(now.haven_store_writer_transactions_total <= now.haven_store_writer_units_total);
    // the group commit's batch sizes: every transaction in +Inf, the sum is the units, buckets cumulative
    assert.equal(value(now, 'haven_store_writer_batch_size_bucket{le="+Inf"}'), now.haven_store_writer_transactions_total);
    assert.equal(now.haven_store_writer_batch_size_count, now.haven_store_writer_transactions_total);
    assert.equal(now.haven_store_writer_batch_size_sum, now.haven_store_writer_units_total);
    assert.ok(value(now, 'haven_store_writer_batch_size_bucket{le="1"}') >= 1, "a lone save is a batch of one");
    const bounds = ["1", "2", "4", "8", "16", "32", "64", "128", "256", "+Inf"];
    for (let i = 1; i < bounds.length; i++)
      assert.ok(
        value(now, `haven_store_writer_batch_size_bucket{le="${bounds[i]}"}`) >=
          value(now, `haven_store_writer_batch_size_bucket{le="${bounds[i - 1]}"}`),
        bounds[i],
      );
    assert.equal(now.haven_store_writer_queue_depth, 0, "nothing waits for the writer when it is idle");
    assert.equal(value(now, "haven_http_connections_open") >= 1, true, "this scrape's own connection");
  });

  test("the outbox by status agrees with the database, and job runs go up", async () => {
    // The jobs may be queueing emails while this runs (the training job's
    // first run, at start), so the outbox is read before and after the
    // scrape until the two readings agree: the scrape, between them, must
    // then show exactly that many.
    const outbox = (status) => sql(haven.dbPath, `SELECT count(*) AS n FROM mail_outbox WHERE status = '${status}'`)[0].n;
    const first = await waitFor(
      async () => {
        const before = { queued: outbox("queued"), failed: outbox("failed") };
        const { samples } = await scrape(haven.url);
        const after = { queued: outbox("queued"), failed: outbox("failed") };
        return before.queued === after.queued && before.failed === after.failed && { samples, counted: after };
      },
      { timeoutMs: 20_000, everyMs: 100, what: "an outbox that stays the same across a scrape" },
    );
    assert.equal(first.samples['haven_mail_outbox{status="queued"}'], first.counted.queued);
    assert.equal(first.samples['haven_mail_outbox{status="failed"}'], first.counted.failed);
    const job = 'haven_job_runs_total{area="training",job="the reminders job"}';
    assert.ok(first.samples[job] >= 1, "the job ran at start");
    await waitFor(async () => (await scrape(haven.url)).samples[job] > first.samples[job], {
      timeoutMs: 15_000,
      everyMs: 250,
      what: "another run of the training job (every second here)",
    });
  });

  test("a client on another loopback address is on the machine too", async () => {
    const conn = await connect(haven.port, { localAddress: "127.0.0.2" });
    try {
      conn.write("GET /metrics HTTP/1.1\r\nHost: haven\r\nConnection: close\r\n\r\n");
      assert.ok(await conn.waitClosed(3000));
      assert.equal(parseResponse(conn.received).status, 200);
    } finally {
      conn.destroy();
    }
  });
});

describe("GET /metrics for anyone else", () => {
  let haven, dir;
  const token = "m".repeat(20) + "-metrics-token-4711-abcdef";
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "haven-metrics-"));
    writeFileSync(path.join(dir, "token"), `${token}\n`);
    haven = await startHaven({
      demo: false,
      args: ["--trusted-proxy", "127.0.0.1", "--metrics-token-file", path.join(dir, "token")],
    });
  });
  after(async () => {
    if (haven) assert.equal(await haven.stop(), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  test("a client through the proxy gets 404 without the token, and the figures with it", async () => {
    const outside = { "x-forwarded-for": "203.0.113.5" };
    const refused = await request(haven.url, "GET", "/metrics", { headers: outside });
    assert.equal(refused.status, 404);
    assert.doesNotMatch(refused.text, /haven_http/);
    // the proxy's own address without X-Forwarded-For is still through the proxy
    assert.equal((await request(haven.url, "GET", "/metrics")).status, 404);
    for (const wrong of ["Bearer not-the-token", `Bearer ${token}x`, `Basic ${token}`, token])
      assert.equal(
        (await request(haven.url, "GET", "/metrics", { headers: { ...outside, authorization: wrong } })).status,
        404,
        wrong,
      );
    // A request is counted when its answer has gone (with its time), so the
    // last refusal may be counted a moment after the client has it.
    const refusedCount = async () =>
      (await scrape(haven.url, { ...outside, authorization: `Bearer ${token}` })).samples[
        'haven_http_requests_total{method="GET",route="/metrics",status="404"}'
      ];
    const deadline = Date.now() + 5000;
    while ((await refusedCount()) < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok((await refusedCount()) >= 6, "the six refusals are counted");
  });

  test("--metrics-token-file: a missing file or a short token is a usage error", async () => {
    assertUsageError(
      runHaven(["serve", "--db", "x.db", "--metrics-token-file", path.join(dir, "missing")]),
      /--metrics-token-file .* cannot be read/,
    );
    writeFileSync(path.join(dir, "short"), "too-short\n");
    assertUsageError(
      runHaven(["serve", "--db", "x.db", "--metrics-token-file", path.join(dir, "short")]),
      /at least 32 characters/,
    );
    await sleep(0);
  });
});
