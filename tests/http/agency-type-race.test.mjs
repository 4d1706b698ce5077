// An agency's type change and a role given to one of its people at the same
// time, in two processes on one PostgreSQL database, cannot both pass: after
// the race nobody holds a role their agency's type may not hold.
//
// The type change is `PATCH /api/v1/agencies/{slug}` answered by `haven
// serve`; the role is given by `haven user add` (the command line, its own
// process). Each holds the agency's row until its unit of work ends (the
// change while it reads the people's roles, auth_agency_roles; the role while
// it reads the type, roles_fit_agency), so whichever runs second sees the
// other. A psql session of the test holds a row the first must write after
// its check (the audit trail's next row, or the agency's areas), so the first
// stops there with its check made and the agency's row held; the second is
// started, seen waiting in pg_stat_activity (or finished), and then the
// session lets go: the race is the same every run. Each test failed if the
// lock it is about was taken away (the second passed its check too); since
// every writer of a database also takes the writers' advisory lock with its
// BEGIN (src/store/writer.c), the two now take their turns whole, and the
// agency's row lock is what keeps the rule against any other writer of it.
//
// Only PostgreSQL runs two processes' writes at once (SQLite's one writer
// takes them in turn), so the tests skip on SQLite.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { apiClient, sqlText, until } from "../lib/api.mjs";
import { havenBin, onPostgres, startHaven } from "../lib/haven.mjs";
import { HOLD_NEXT_AUDIT_ROW, holdInTransaction as holdOn, lockWaiters } from "../lib/pg-locks.mjs";

const pgOnly = !onPostgres && "needs PostgreSQL (HAVEN_TEST_PG_URL): two processes write at once only there";

let haven;
const { call, post, token } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query).trim();

before(async () => {
  if (pgOnly) return;
  haven = await startHaven();
  await token("admin"); // signed in before the race: nothing else waits behind the held row
});
after(async () => {
  await haven?.stop();
});

const holdInTransaction = (statement) => holdOn(haven.dbPath, statement);
const waiting = () => lockWaiters(haven.dbPath);

let forces = 0;
/* A new police force serving two areas (so its change rewrites rows of agency_areas), with nobody in it yet. */
async function newForce() {
  forces += 1;
  const slug = `race-force-${forces}`;
  const r = await post("admin", "/api/v1/agencies",
    { slug, type: "police", name: `Race Test Constabulary ${forces} (fictional)`, la: [888, 890] });
  assert.equal(r.status, 201, r.text);
  return slug;
}

/* `haven user add` giving `email` the police role in `slug`, in its own process: resolves to { status, stderr }. */
function givePoliceRole(slug, email) {
  const child = spawn(havenBin(), ["user", "add", "--db", haven.dbPath, "--email", email,
    "--name", "Race Test Officer", "--agency", slug, "--role", "police"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (c) => { stderr += c; });
  child.stdout.resume();
  child.stdin.end("quiet-harbour-lantern-morning-4471\n");
  const done = new Promise((resolve) => child.once("close", (status) => resolve({ status, stderr })));
  let finished = false;
  done.then(() => { finished = true; });
  return { done, finished: () => finished };
}

/* The type change, answered by the server: resolves to its answer. */
function changeToHealth(slug) {
  let finished = false;
  const done = call("admin", `/api/v1/agencies/${slug}`, { method: "PATCH", json: { type: "health" } });
  done.then(() => { finished = true; });
  return { done, finished: () => finished };
}

/* The rule both must keep: in no agency of type `health` does anyone hold the police role. */
function assertNobodyHoldsPoliceInHealth(slug) {
  const held = sql(`SELECT a.type || ' ' || u.email FROM user_roles r JOIN users u ON u.id = r.user_id` +
    ` JOIN agencies a ON a.id = u.agency_id WHERE a.slug = '${slug}' AND r.role = 'police';`);
  const type = sql(`SELECT type FROM agencies WHERE slug = '${slug}';`);
  assert.ok(type === "police" || held === "",
    `the agency is now of type ${type} and someone in it holds the police role (${held}): both passed`);
}

/*
 * Starts `first`, waits until it waits behind the held rows, starts
 * `second`, waits until it waits too (or has finished: it may not need what
 * is held), and lets go. Resolves to both their results.
 */
async function race(held, first, second) {
  let a;
  let b;
  try {
    a = first();
    await until("the first waits for a lock", () => waiting() >= 1 || a.finished());
    assert.equal(a.finished(), false, "the first waits behind the held rows");
    b = second();
    await until("the second waits for a lock, or finishes", () => waiting() >= 2 || b.finished());
  } finally {
    await held.release();
  }
  return [await a.done, await b.done];
}

describe("an agency's type change and a role given at the same time, in two processes", { skip: pgOnly }, () => {
  test("the role given first, the type change reads it once it is committed and is refused", async () => {
    const slug = await newForce();
    const email = `first-officer@${slug}.example`;
    // the audit trail's next row: the role waits to append it once it holds the agency's row
    // (roles_fit_agency), and the change waits for that row before it reads the roles (auth_agency_roles)
    const held = await holdInTransaction(HOLD_NEXT_AUDIT_ROW);
    const [given, changed] = await race(held, () => givePoliceRole(slug, email), () => changeToHealth(slug));
    assertNobodyHoldsPoliceInHealth(slug);
    assert.equal(given.status, 0, `the role is given: ${given.stderr}`);
    assert.equal(changed.status, 422, changed.text);
    assert.deepEqual(changed.body.errors.map((e) => e.field), ["type"]);
    assert.match(changed.body.errors[0].detail, /holds a role this type of agency may not hold .*police/i);
    assert.equal(sql(`SELECT type FROM agencies WHERE slug = '${slug}';`), "police");
  });

  test("the type change first, the role waits for it, reads the new type and is refused", async () => {
    const slug = await newForce();
    const email = `second-officer@${slug}.example`;
    // the agency's areas: the change waits for them after it has read the roles and while it holds the
    // agency's row, which the role then waits for
    const held = await holdInTransaction(
      `SELECT 1 FROM agency_areas WHERE agency_id = (SELECT id FROM agencies WHERE slug = '${slug}') FOR UPDATE`);
    const [changed, given] = await race(held, () => changeToHealth(slug), () => givePoliceRole(slug, email));
    assertNobodyHoldsPoliceInHealth(slug);
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body.type, "health");
    assert.equal(given.status, 1, "the role is refused");
    assert.match(given.stderr, /^haven: --role: /);
    assert.equal(sql(`SELECT count(*) FROM users WHERE email = '${email}';`), "0", "no account is made");
  });
});
