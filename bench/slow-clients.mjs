#!/usr/bin/env node
// Slow clients against the default limits: how long does another client wait
// for GET /healthz while slow clients from several addresses try to hold every
// connection? Starts build/haven on a fresh database (the server's default
// --max-connections 1000, --max-per-ip 100, --header-timeout 10), measures
// GET /healthz on fresh connections with no attack (the baseline), then while
// BENCH_SLOW_ADDRESSES addresses (127.0.0.2 …) each keep BENCH_SLOW_PER_ADDRESS
// connections trickling a request line a byte at a time (reconnecting when
// closed), and prints a markdown table of p50/p95/max and failures, with the
// ratio to the baseline from the same run. Loopback only; bounded in time;
// stops the server itself.
//
// Usage: node bench/slow-clients.mjs      (build first; see bench/README.md)
// Environment:
//   HAVEN_BIN               haven binary                 (default: <repo>/build/haven)
//   BENCH_SLOW_ADDRESSES    attacking addresses          (default: 11, as once measured)
//   BENCH_SLOW_PER_ADDRESS  connections per address      (default: 100, the per-address limit)
//   BENCH_PROBES            GET /healthz per phase       (default: 100)
//   BENCH_SLOW_RECONNECT_MS wait before a closed slow client connects again (default: 1000)
//   HAVEN_SERVE_ARGS        extra arguments for `haven serve` (space-separated)

import { startHaven } from "../tests/lib/haven.mjs";
import { connect, rawExchange, sleep } from "../tests/http/raw.mjs";

const addresses = Number(process.env.BENCH_SLOW_ADDRESSES ?? 11);
const perAddress = Number(process.env.BENCH_SLOW_PER_ADDRESS ?? 100);
const probes = Number(process.env.BENCH_PROBES ?? 100);
const reconnectMs = Number(process.env.BENCH_SLOW_RECONNECT_MS ?? 1000);
const serveArgs = (process.env.HAVEN_SERVE_ARGS ?? "").split(" ").filter(Boolean);

/** One GET /healthz on a fresh connection: milliseconds, or null if not answered within 5 s. */
async function probe(port) {
  const started = performance.now();
  const { text } = await rawExchange(port, "GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n", {
    timeoutMs: 5000,
  });
  return text.startsWith("HTTP/1.1 200") ? performance.now() - started : null;
}

async function measure(port) {
  const times = [];
  let failed = 0;
  for (let i = 0; i < probes; i++) {
    const ms = await probe(port);
    if (ms === null) failed++;
    else times.push(ms);
    await sleep(20);
  }
  times.sort((a, b) => a - b);
  const at = (q) => (times.length ? times[Math.min(times.length - 1, Math.floor(q * times.length))] : NaN);
  return { p50: at(0.5), p95: at(0.95), max: times.at(-1) ?? NaN, failed };
}

const haven = await startHaven({ demo: false, args: serveArgs });
let attacking = true;
let opened = 0;
const live = new Set();
try {
  const baseline = await measure(haven.port);

  async function slowClient(localAddress) {
    while (attacking) {
      let conn;
      try {
        conn = await connect(haven.port, { localAddress });
      } catch {
        await sleep(200);
        continue;
      }
      opened++;
      live.add(conn);
      const line = "GET /healthz HTTP/1.1\r\nHost: bench\r\nX-Slow: " + "s".repeat(4000);
      for (let i = 0; attacking && !conn.closed; i++) {
        conn.write(line[i % line.length]);
        await Promise.race([conn.closedPromise, sleep(1000)]);
      }
      conn.destroy();
      live.delete(conn);
      await sleep(reconnectMs);
    }
  }
  const attackers = [];
  for (let a = 0; a < addresses; a++)
    for (let i = 0; i < perAddress; i++) attackers.push(slowClient(`127.0.0.${a + 2}`));
  await sleep(3000); // the attack at full strength
  const attacked = await measure(haven.port);
  attacking = false;
  for (const c of live) c.destroy();
  await Promise.all(attackers);

  const fmt = (v) => (Number.isFinite(v) ? v.toFixed(2) : "n/a");
  const ratio = (a, b) => (Number.isFinite(a) && b > 0 ? (a / b).toFixed(1) : "n/a");
  console.log(
    `## Slow clients: ${addresses} addresses x ${perAddress} connections, reconnecting ${reconnectMs} ms after being closed (${opened} opened in all)`,
  );
  console.log();
  console.log(`- date: ${new Date().toISOString()}; haven serve ${serveArgs.join(" ") || "(defaults)"}`);
  console.log(`- GET /healthz on a fresh connection, ${probes} times per phase, one at a time`);
  console.log();
  console.log("| phase | p50 ms | p95 ms | max ms | not answered in 5 s | p95 ratio to baseline |");
  console.log("|---|---:|---:|---:|---:|---:|");
  console.log(`| baseline | ${fmt(baseline.p50)} | ${fmt(baseline.p95)} | ${fmt(baseline.max)} | ${baseline.failed} | 1.0 |`);
  console.log(
    `| under attack | ${fmt(attacked.p50)} | ${fmt(attacked.p95)} | ${fmt(attacked.max)} | ${attacked.failed} | ${ratio(attacked.p95, baseline.p95)} |`,
  );
} finally {
  attacking = false;
  for (const c of live) c.destroy();
  const code = await haven.stop();
  if (code !== 0) {
    console.error(`bench: haven exited ${code}`);
    process.exitCode = 1;
  }
}
