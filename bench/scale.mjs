// scale.mjs — the measuring half of bench/scale.sh: given a running haven
// (its base URL and process id) on a national-size database, signs in as each
// demo role, measures every daily list (page and API) sequentially — p50 and
// p95 time, and the response's bytes — beside GET /healthz, then runs 16
// requests at once for a while and reports the server's memory (RSS, and its
// peak, from /proc). Prints markdown. Loopback only.
//
// Usage: node bench/scale.mjs http://127.0.0.1:PORT PID
// Environment: SCALE_REQUESTS (measured requests per list, default 30);
// SCALE_ONLY (a regular expression: measure only the lists whose path and
// note match it, beside /healthz, without the memory phase).

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const [base, pidText] = process.argv.slice(2);
const pid = Number(pidText);
const requests = Number(process.env.SCALE_REQUESTS ?? 30);
const only = process.env.SCALE_ONLY ? new RegExp(process.env.SCALE_ONLY) : null;
const PASSWORD = "demo-password-for-haven";
const TIME_AIM_MS = 50;
const SIZE_AIM = 1024 * 1024;
const RSS_AIM_MB = 256;

const tokens = {};
async function signIn(who) {
  const res = await fetch(`${base}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `${who}@demo.haven.example`, password: PASSWORD }),
  });
  const body = await res.json();
  if (res.status !== 201 || !body.token) throw new Error(`${who} cannot sign in: ${res.status}`);
  tokens[who] = body.token;
}

/** One request as `who` (or nobody): { status, bytes, ms, text }. */
async function request(who, path, json) {
  const headers = who ? { authorization: `Bearer ${tokens[who]}` } : {};
  const options = { headers };
  if (json) {
    options.method = "POST";
    headers["content-type"] = "application/json";
    options.body = JSON.stringify(json);
  }
  const start = performance.now();
  const res = await fetch(base + path, options);
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes: buf.length, ms: performance.now() - start, text: buf.toString() };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function rss() {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))[1]);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

// Each daily list, as the role that uses it. A "deep" page continues from a
// cursor far into the list (the cursor is an id and a position; the id is a
// Lancashire child's, so the front door may continue from it).
const lists = [
  ["front door", "frontdoor", "/children"],
  ["front door", "frontdoor", "/api/v1/children"],
  ["front door", "frontdoor", "/api/v1/children?after=600000.250000", "a deep page"],
  ["front door", "frontdoor", "/api/v1/children/search", "search by name", { name: "Olivia" }],
  ["front door", "frontdoor", "/children/search", "search by name, the page", { name: "Olivia" }],
  ["front door", "frontdoor", "/api/v1/children/search", "search by name and date of birth", { name: "Olivia Smith", date_of_birth: "2012-03-01" }],
  ["front door", "frontdoor", "/requests-for-support/queue"],
  ["front door", "frontdoor", "/api/v1/support-requests/queue"],
  ["front door", "frontdoor", "/requests-for-support/queue?status=overdue", "overdue only"],
  ["front door", "frontdoor", "/api/v1/support-requests/queue?status=decided", "decided only"],
  ["front door", "frontdoor", "/incidents"],
  ["front door", "frontdoor", "/incidents/unresolved"],
  ["front door", "frontdoor", "/encompass/escalations"],
  ["police", "police", "/incidents"],
  ["police", "police", "/api/v1/da-incidents"],
  ["police", "police", "/api/v1/da-incidents/unresolved"],
  ["police", "police", "/encompass/escalations"],
  ["DSL", "dsl", "/encompass"],
  ["DSL", "dsl", "/api/v1/encompass/notifications"],
  ["DSL", "dsl", "/children"],
  ["IDVA", "idva", "/provide"],
  ["IDVA", "idva", "/provide?status=closed"],
  ["IDVA", "idva", "/api/v1/provide/referrals"],
  ["IDVA", "idva", "/provide?risk=high", "high risk only"],
  ["IDVA", "idva", "/provide?status=closed&risk=medium&sort=oldest", "closed, medium risk, oldest first"],
  ["practitioner", "practitioner", "/children"],
  ["practitioner", "practitioner", "/requests-for-support"],
  ["practitioner", "practitioner", "/api/v1/support-requests"],
  ["administrator", "admin", "/admin/users"],
  ["administrator", "admin", "/api/v1/users"],
  ["administrator", "admin", "/admin/users?role=police&status=active", "active police officers"],
  ["partnership", "partnership", "/audit"],
  ["partnership", "partnership", "/api/v1/audit"],
  ["partnership", "partnership", "/api/v1/audit/search", "search by child", { child_id: 100017 }],
  ["partnership", "partnership", "/reviews"],
  ["partnership", "partnership", "/reviews?stage=done", "done cases"],
  ["partnership", "partnership", "/training"],
  ["partnership", "partnership", "/settings"],
  ["partnership", "partnership", "/settings?name=primary", "search by name"],
  ["partnership", "partnership", "/agencies"],
  ["partnership", "partnership", "/training/courses"],
  ["partnership", "partnership", "/training/courses?title=neglect&sessions=coming", "found by title"],
  ["partnership", "partnership", "/training/no-shows"],
  ["partnership", "partnership", "/training/elearning"],
  ["practitioner", "practitioner", "/training/bookings"],
  ["practitioner", "practitioner", "/training/resources"],
  ["practitioner", "practitioner", "/briefings"],
  // figures over a long period: a year of referrals (900,000) and notifications (1,470,000)
  ["partnership", "partnership", "/api/v1/provide/figures?from=2025-01-01&to=2025-12-31", "a year"],
  ["partnership", "partnership", "/api/v1/encompass/figures?from=2025-01-01&to=2025-12-31", "a year"],
  // Operation Encompass's figures page and downloads: its default 90 days (today's, which may hold little),
  // the data's last 90 days, and its year
  ["partnership", "partnership", "/encompass/figures", "the default 90 days, the page"],
  ["partnership", "partnership", "/encompass/figures?from=2025-10-03&to=2025-12-31", "90 days, the page"],
  ["partnership", "partnership", "/api/v1/encompass/figures?from=2025-10-03&to=2025-12-31", "90 days"],
  ["partnership", "partnership", "/encompass/figures?from=2025-01-01&to=2025-12-31", "a year, the page"],
  ["partnership", "partnership", "/encompass/figures.csv?from=2025-01-01&to=2025-12-31", "a year, CSV"],
  ["partnership", "partnership", "/encompass/figures.xlsx?from=2025-01-01&to=2025-12-31", "a year, XLSX"],
];
const measured = only ? lists.filter(([, , path, note]) => only.test(`${path} ${note ?? ""}`)) : lists;

for (const who of new Set(measured.map((l) => l[1]))) await signIn(who);

async function measure(who, path, json) {
  for (let i = 0; i < 2; i++) await request(who, path, json); // warm the caches
  const times = [];
  let bytes = 0;
  let status = 0;
  for (let i = 0; i < requests; i++) {
    const r = await request(who, path, json);
    times.push(r.ms);
    bytes = Math.max(bytes, r.bytes);
    status = r.status;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), bytes, status };
}

const baseline = await measure(null, "/healthz");
console.log(`${requests} requests each, one at a time, after two unmeasured; times in ms; "× healthz" is p50 over /healthz's p50.`);
console.log();
console.log("| as | list | status | p50 | p95 | × healthz | bytes | within aims |");
console.log("|---|---|---|---|---|---|---|---|");
console.log(`| anyone | GET /healthz | ${baseline.status} | ${baseline.p50.toFixed(2)} | ${baseline.p95.toFixed(2)} | 1 | ${baseline.bytes} | |`);
let misses = 0;
for (const [role, who, path, note, json] of measured) {
  const m = await measure(who, path, json);
  const ok = m.status === 200 && m.p95 <= TIME_AIM_MS && m.bytes <= SIZE_AIM;
  if (!ok) misses++;
  const what = `${json ? "POST" : "GET"} ${path}${note ? ` (${note})` : ""}`;
  console.log(`| ${role} | ${what} | ${m.status} | ${m.p50.toFixed(1)} | ${m.p95.toFixed(1)} | ${(m.p50 / baseline.p50).toFixed(0)} | ${m.bytes} | ${ok ? "yes" : "**no**"} |`);
}
console.log();
console.log(`aims: p95 ≤ ${TIME_AIM_MS} ms and ≤ ${SIZE_AIM} bytes each; ${misses} list(s) miss them.`);

if (only) process.exit(0);

// Memory with 16 requests at once: the heaviest lists, round after round.
const heavy = lists.filter((l) => !l[4]).slice(0, 16);
const before = rss();
let highest = before.rss;
const rounds = 20;
const start = performance.now();
for (let round = 0; round < rounds; round++) {
  await Promise.all(heavy.map(([, who, path]) => request(who, path)));
  highest = Math.max(highest, rss().rss);
}
const after = rss();
console.log();
console.log(
  `memory: RSS ${before.rss.toFixed(0)} MB before; with 16 requests at once (${rounds} rounds, ${(((performance.now() - start) / rounds)).toFixed(0)} ms a round) ` +
    `highest sampled RSS ${highest.toFixed(0)} MB, the process's peak (VmHWM) ${after.peak.toFixed(0)} MB; aim < ${RSS_AIM_MB} MB: ${after.peak < RSS_AIM_MB ? "yes" : "**no**"}.`,
);
