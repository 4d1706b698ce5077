// chronology.mjs — the measuring half of bench/chronology.sh: signs in as
// Brookfield's DSL and measures, one request at a time, GET /healthz (the
// baseline) and demo child 1's chronology (API and page: 1,000 events, each
// decided by the policy), reporting p50 and p95 in ms, the bytes, the events
// shown and hidden, and each as a ratio of /healthz in the same run. Markdown.
//
// Usage: node bench/chronology.mjs http://127.0.0.1:PORT
// Environment: CHRONOLOGY_REQUESTS (measured requests each, default 30).

import { performance } from "node:perf_hooks";

const [base] = process.argv.slice(2);
const requests = Number(process.env.CHRONOLOGY_REQUESTS ?? 30);

const session = await fetch(`${base}/api/v1/session`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email: "dsl@demo.haven.example", password: "demo-password-for-haven" }),
});
const { token } = await session.json();
if (!token) throw new Error(`the DSL cannot sign in: ${session.status}`);

async function measure(path) {
  const times = [];
  let bytes = 0,
    body = null;
  for (let i = 0; i < requests + 3; i++) {
    const start = performance.now();
    const res = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    const ms = performance.now() - start;
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
    if (i >= 3) times.push(ms); // three warm-up requests
    bytes = text.length;
    if (path.startsWith("/api/")) body = JSON.parse(text);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { p50: at(0.5), p95: at(0.95), bytes, body };
}

const healthz = await measure("/healthz");
const api = await measure("/api/v1/children/1/chronology");
const page = await measure("/children/1/chronology");
console.log(`shown ${api.body.events.length} events, hidden ${api.body.hidden_count} (of ${api.body.events.length + api.body.hidden_count})`);
console.log();
console.log("| request | p50 ms | p95 ms | bytes | p50 / healthz p50 |");
console.log("|---|---:|---:|---:|---:|");
for (const [name, m] of [["GET /healthz", healthz], ["GET /api/v1/children/1/chronology", api], ["GET /children/1/chronology", page]])
  console.log(`| ${name} | ${m.p50.toFixed(2)} | ${m.p95.toFixed(2)} | ${m.bytes} | ${(m.p50 / healthz.p50).toFixed(1)} |`);
