// For tests that count what Haven's background jobs queue in the shared outbox (mail_outbox): every job
// runs once at start and queues the demo's emails then (work alerts, Operation Provide referrals, ...).
// Under load that first run can still be writing when a test empties the outbox, and its emails would be
// counted as the test's. So such a test runs the other jobs hourly (OTHER_JOBS_HOURLY, with its own job's
// HAVEN_..._JOB_SECONDS beside them) and waits for every job's first run (everyJobRanOnce) before it
// empties the outbox.

import assert from "node:assert/strict";
import { requestOn, until } from "./api.mjs";

const HOURLY = "3600";

/** The environment that runs every job but the one a test watches (`except`, its variable) hourly. */
export function otherJobsHourly(except) {
  const env = {};
  for (const name of ["WORK", "ENCOMPASS", "INCIDENTS", "TRAINING", "QA", "RETENTION"]) {
    const variable = `HAVEN_${name}_JOB_SECONDS`;
    if (variable !== except) env[variable] = HOURLY;
  }
  return env;
}

/** Waits until every job has finished a first run (haven_job_runs_total on /metrics counts finished runs). */
export async function everyJobRanOnce(haven) {
  await until("every job's first run done (their emails queued)", async () => {
    const res = await requestOn(haven.url, "GET", "/metrics");
    assert.equal(res.status, 200);
    const runs = [...res.text.matchAll(/^haven_job_runs_total\{[^}]*\} (\S+)$/gm)].map((m) => Number(m[1]));
    return runs.length > 0 && runs.every((n) => n >= 1);
  }, { timeoutMs: 30_000 });
}
