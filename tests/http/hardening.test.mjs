// Hardening behaviours, over HTTP against the real binary:
//
//  - --trusted-proxy: for requests from the proxy, the client is the last
//    address in X-Forwarded-For (src/http/server.c forwarded_for and
//    client_address); audit rows, sessions and sign-in throttling by address
//    all use it. Anyone else's X-Forwarded-For is ignored.
//  - an administrator cannot also hold a role that sees children's records
//    or the partnership's figures (src/auth/policy.c policy_roles_problem),
//    through the API and the command line.
//  - a refused attempt on a child's record is audited as access_refused
//    (src/http/server.c refuse()).
//  - a second-factor code works once (RFC 6238 section 5.2: no replay).
//
// Only documentation addresses (RFC 5737: 203.0.113.0/24, 198.51.100.0/24)
// appear in X-Forwarded-For; every connection goes to 127.0.0.1. Where a test
// needs a peer address other than 127.0.0.1 it binds to 127.0.0.2
// (localAddress), which Linux routes over loopback.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEMO_PASSWORD as PASSWORD, demoEmail as email, requestOn as request, sqlRows as sql, totpAt, totpStep } from "../lib/api.mjs";
import { havenBin, startHaven } from "../lib/haven.mjs";
import { parseResponse, rawExchange, sleep } from "./raw.mjs";

const WRONG = "not-the-password-4711";

// ---- helpers ----

const signIn = (base, mail, password = PASSWORD, opts = {}) =>
  request(base, "POST", "/api/v1/session", { ...opts, json: { email: mail, password } });

async function tokenFor(base, who, opts = {}) {
  const r = await signIn(base, email(who), PASSWORD, opts);
  assert.equal(r.status, 201, `sign in as ${who}: ${r.text}`);
  return r.json.token;
}

/** Stops the server, keeping its database; returns the path and a cleanup. */
async function stopKeeping(haven) {
  const code = await haven.stop({ keepDir: true });
  assert.equal(code, 0, "haven exits 0 on SIGTERM");
  return { dbPath: haven.dbPath, cleanup: () => rmSync(haven.dir, { recursive: true, force: true }) };
}

/** Runs fn(i) for i in 0..n-1, at most `width` at a time; resolves to the results in order. */
async function pool(n, width, fn) {
  const results = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      results[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, n) }, worker));
  return results;
}

const userId = (dbPath, who) => sql(dbPath, `SELECT id FROM users WHERE email = '${email(who)}'`)[0].id;

// ---- 1. --trusted-proxy ----

describe("--trusted-proxy", () => {
  test("a value that is not an IP address: exit 2 with a one-line error", () => {
    for (const args of [
      ["serve", "--trusted-proxy", "nonsense"],
      ["serve", "--listen", "127.0.0.1:1", "--trusted-proxy", "203.0.113.300"],
    ]) {
      const r = spawnSync(havenBin(), args, { encoding: "utf8", timeout: 30_000 });
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
      const lines = r.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^haven: --trusted-proxy must be an IP address/);
      assert.equal(r.stdout, "");
    }
  });

  test("from the proxy, the client is the last X-Forwarded-For entry; a garbage header falls back to the peer; other peers' headers are ignored", async () => {
    const haven = await startHaven({ args: ["--trusted-proxy", "127.0.0.1"] });
    let kept;
    try {
      // through the proxy: the entry the proxy added (the last) counts, not what the client claimed
      const forwarded = await signIn(haven.url, email("practitioner"), PASSWORD, {
        headers: { "X-Forwarded-For": "203.0.113.7, 198.51.100.9" },
      });
      assert.equal(forwarded.status, 201, forwarded.text);
      const sessions = await request(haven.url, "GET", "/api/v1/sessions", { token: forwarded.json.token });
      assert.equal(sessions.status, 200, sessions.text);
      assert.match(sessions.text, /198\.51\.100\.9/, "the session lists the forwarded address");
      assert.doesNotMatch(sessions.text, /203\.0\.113\.7/);

      // one address, no list
      const single = await signIn(haven.url, email("dsl"), PASSWORD, { headers: { "X-Forwarded-For": "198.51.100.23" } });
      assert.equal(single.status, 201, single.text);

      // IPv6 is an address too
      const v6 = await signIn(haven.url, email("scrutineer"), PASSWORD, {
        headers: { "X-Forwarded-For": "203.0.113.7,2001:db8::17" },
      });
      assert.equal(v6.status, 201, v6.text);

      // not an address: the peer (the proxy itself) is recorded
      const garbage = await signIn(haven.url, email("idva"), PASSWORD, { headers: { "X-Forwarded-For": "not-an-ip" } });
      assert.equal(garbage.status, 201, garbage.text);
      const garbageLast = await signIn(haven.url, email("partnership"), PASSWORD, {
        headers: { "X-Forwarded-For": "198.51.100.9, not-an-ip" },
      });
      assert.equal(garbageLast.status, 201, garbageLast.text);

      // no header from the proxy: the peer
      const none = await signIn(haven.url, email("frontdoor"), PASSWORD);
      assert.equal(none.status, 201, none.text);

      // a peer that is not the trusted proxy cannot choose its address
      const spoof = await signIn(haven.url, email("police"), PASSWORD, {
        localAddress: "127.0.0.2",
        headers: { "X-Forwarded-For": "198.51.100.9" },
      });
      assert.equal(spoof.status, 201, spoof.text);

      // a failed sign-in through the proxy is recorded with the forwarded address
      const failed = await signIn(haven.url, "nobody@example.org", WRONG, {
        headers: { "X-Forwarded-For": "203.0.113.7, 198.51.100.44" },
      });
      assert.equal(failed.status, 401, failed.text);

      kept = await stopKeeping(haven);
      const addressOf = (who) =>
        sql(kept.dbPath, `SELECT client_address FROM audit_log WHERE action = 'sign_in' AND user_id = ${userId(kept.dbPath, who)}`).map(
          (r) => r.client_address,
        );
      assert.deepEqual(addressOf("practitioner"), ["198.51.100.9"]);
      assert.deepEqual(addressOf("dsl"), ["198.51.100.23"]);
      assert.deepEqual(addressOf("scrutineer"), ["2001:db8::17"]);
      assert.deepEqual(addressOf("idva"), ["127.0.0.1"]);
      assert.deepEqual(addressOf("partnership"), ["127.0.0.1"]);
      assert.deepEqual(addressOf("frontdoor"), ["127.0.0.1"]);
      assert.deepEqual(addressOf("police"), ["127.0.0.2"]);
      assert.deepEqual(
        sql(kept.dbPath, "SELECT client_address FROM audit_log WHERE action = 'sign_in_failed'").map((r) => r.client_address),
        ["198.51.100.44"],
      );
      // the session rows agree with the audit trail
      assert.deepEqual(
        sql(kept.dbPath, `SELECT client_address FROM sessions WHERE user_id = ${userId(kept.dbPath, "practitioner")}`),
        [{ client_address: "198.51.100.9" }],
      );
    } finally {
      if (kept) kept.cleanup();
      else await haven.stop();
    }
  });

  // A proxy may add its entry as a header line of its own (HAProxy's
  // "option forwardfor" does) after the one the client sent. RFC 9110 5.3:
  // the lines are one list, in order, so the client is still the last entry
  // of the last line.
  test(
    "X-Forwarded-For sent as two header lines: the last entry of the last line counts",
    async () => {
      const haven = await startHaven({ args: ["--trusted-proxy", "127.0.0.1"] });
      let kept;
      try {
        const body = JSON.stringify({ email: "nobody@example.org", password: WRONG });
        const r = await rawExchange(
          haven.port,
          "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
            "X-Forwarded-For: 203.0.113.50\r\nX-Forwarded-For: 198.51.100.77\r\n" +
            `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
        assert.equal(parseResponse(r.text).status, 401, r.text);
        kept = await stopKeeping(haven);
        assert.deepEqual(
          sql(kept.dbPath, "SELECT client_address FROM audit_log WHERE action = 'sign_in_failed'"),
          [{ client_address: "198.51.100.77" }],
        );
      } finally {
        if (kept) kept.cleanup();
        else await haven.stop();
      }
    },
  );

  test("without --trusted-proxy, X-Forwarded-For is ignored", async () => {
    const haven = await startHaven();
    let kept;
    try {
      const ok = await signIn(haven.url, email("practitioner"), PASSWORD, {
        headers: { "X-Forwarded-For": "203.0.113.7, 198.51.100.9" },
      });
      assert.equal(ok.status, 201, ok.text);
      const failed = await signIn(haven.url, "nobody@example.org", WRONG, {
        headers: { "X-Forwarded-For": "198.51.100.9" },
      });
      assert.equal(failed.status, 401, failed.text);
      kept = await stopKeeping(haven);
      assert.deepEqual(
        sql(kept.dbPath, "SELECT action, client_address FROM audit_log WHERE action IN ('sign_in', 'sign_in_failed') ORDER BY id"),
        [
          { action: "sign_in", client_address: "127.0.0.1" },
          { action: "sign_in_failed", client_address: "127.0.0.1" },
        ],
      );
    } finally {
      if (kept) kept.cleanup();
      else await haven.stop();
    }
  });

  test("sign-in throttling by address counts each forwarded address on its own", async () => {
    const haven = await startHaven({ args: ["--trusted-proxy", "127.0.0.1"] });
    // The address key allows 20 failures free (ADDRESS_FREE_FAILURES); the
    // 21st makes the next attempt wait. Each failure uses a new email, so the
    // per-email limit (4 free) never applies.
    const A = { "X-Forwarded-For": "203.0.113.7, 198.51.100.9" }; // client 198.51.100.9
    const B = { "X-Forwarded-For": "198.51.100.9, 203.0.113.8" }; // client 203.0.113.8
    let n = 0;
    const fail = (headers) => signIn(haven.url, `guess-${++n}@example.org`, WRONG, { headers });
    let kept;
    try {
      const fromA = await pool(20, 3, () => fail(A));
      assert.deepEqual(fromA.map((r) => r.status), Array(20).fill(401), "A's first 20 failures cost nothing");
      const fromB = await pool(20, 3, () => fail(B));
      assert.deepEqual(fromB.map((r) => r.status), Array(20).fill(401), "B's failures do not add to A's");

      const a21 = await fail(A);
      assert.equal(a21.status, 429, a21.text);
      assert.ok(Number(a21.headers["retry-after"]) >= 1, "Retry-After says how long");
      const b21 = await fail(B);
      assert.equal(b21.status, 429, b21.text);

      // the proxy's own address (no header) and a third forwarded address are unaffected
      const peer = await fail(undefined);
      assert.equal(peer.status, 401, peer.text);
      const other = await fail({ "X-Forwarded-For": "198.51.100.10" });
      assert.equal(other.status, 401, other.text);

      kept = await stopKeeping(haven);
      const counts = Object.fromEntries(
        sql(
          kept.dbPath,
          "SELECT client_address, count(*) AS n FROM audit_log WHERE action IN ('sign_in_failed', 'sign_in_locked')" +
            " GROUP BY client_address",
        ).map((r) => [r.client_address, r.n]),
      );
      assert.deepEqual(counts, { "198.51.100.9": 21, "203.0.113.8": 21, "127.0.0.1": 1, "198.51.100.10": 1 });
      const keys = Object.fromEntries(
        sql(kept.dbPath, "SELECT key, failures FROM sign_in_failures WHERE key LIKE 'address:%'").map((r) => [r.key, r.failures]),
      );
      assert.deepEqual(keys, {
        "address:198.51.100.9": 21,
        "address:203.0.113.8": 21,
        "address:127.0.0.1": 1,
        "address:198.51.100.10": 1,
      });
    } finally {
      if (kept) kept.cleanup();
      else await haven.stop();
    }
  });
});

// ---- 2. administrators hold no child-data roles ----

describe("administrators cannot hold child-data roles", () => {
  test("POST /api/v1/users: admin with police or scrutineer is 422 naming roles; admin alone is 201", async () => {
    const haven = await startHaven();
    try {
      const admin = await tokenFor(haven.url, "admin");
      let seq = 0;
      const create = (roles) => {
        seq += 1;
        return request(haven.url, "POST", "/api/v1/users", {
          token: admin,
          json: {
            name: `Hardening Person ${seq}`,
            email: `hardening${seq}@example.org`,
            agency: "csap",
            roles,
            password: `a-first-password-${seq}-long`,
          },
        });
      };
      for (const roles of [
        ["admin", "police"],
        ["admin", "scrutineer"],
        ["admin", "dsl"],
        ["police", "admin"],
      ]) {
        const r = await create(roles);
        assert.equal(r.status, 422, `${roles}: ${r.text}`);
        assert.deepEqual(
          r.json.errors.map((e) => e.field),
          ["roles"],
          `${roles}: only roles is wrong`,
        );
        assert.match(r.json.errors[0].detail, /administrator cannot also hold/);
      }
      const alone = await create(["admin"]);
      assert.equal(alone.status, 201, alone.text);
      // other combinations without admin are still allowed
      const both = await create(["partnership", "scrutineer"]);
      assert.equal(both.status, 201, both.text);

      const list = await request(haven.url, "GET", "/api/v1/users", { token: admin });
      assert.equal(list.status, 200);
      for (const i of [1, 2, 3, 4]) assert.doesNotMatch(list.text, new RegExp(`hardening${i}@example\\.org`));
      assert.match(list.text, /hardening5@example\.org/);
      assert.match(list.text, /hardening6@example\.org/);
    } finally {
      await haven.stop();
    }
  });

  test("haven user add --role admin --role dsl: exit 1 with the reason, nobody created", () => {
    // the command line needs only a database, no server
    const tmp = mkdtempSync(path.join(os.tmpdir(), "haven-hardening-"));
    try {
      const db = path.join(tmp, "haven.db");
      const run = (args, input = "") => spawnSync(havenBin(), args, { encoding: "utf8", timeout: 60_000, input });
      assert.equal(run(["init", "--db", db, "--demo"]).status, 0);
      const before = sql(db, "SELECT count(*) AS n FROM users")[0].n;

      for (const roles of [
        ["admin", "dsl"],
        ["admin", "scrutineer"],
      ]) {
        const r = run(
          [
            "user", "add", "--db", db, "--email", "both-hats@example.org", "--name", "Both Hats", "--agency", "csap",
            ...roles.flatMap((x) => ["--role", x]),
          ],
          "a first password kept safe\n",
        );
        assert.equal(r.status, 1, `${roles}: ${r.stderr}`);
        const lines = r.stderr.trimEnd().split("\n");
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0], /^haven: An administrator cannot also hold a role that sees children's records/);
      }
      assert.equal(sql(db, "SELECT count(*) AS n FROM users")[0].n, before);
      assert.deepEqual(sql(db, "SELECT id FROM users WHERE email = 'both-hats@example.org'"), []);
      assert.deepEqual(sql(db, "SELECT id FROM audit_log WHERE action = 'user.create' AND resource_id NOT IN (SELECT CAST(id AS TEXT) FROM users)"), []);

      // admin alone is fine
      const ok = run(
        ["user", "add", "--db", db, "--email", "one-hat@example.org", "--name", "One Hat", "--agency", "csap", "--role", "admin"],
        "a first password kept safe\n" /* not "for-one-hat": a password may not hold the name */,
      );
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(sql(db, "SELECT count(*) AS n FROM users WHERE email = 'one-hat@example.org'")[0].n, 1);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

// ---- 3. refused reads of a child's record are audited ----

describe("refused reads of a child's record are audited", () => {
  test("no relationship (404), break glass offered (403) and a related read (200) each leave their row", async () => {
    const haven = await startHaven();
    let kept;
    try {
      // demo: the DSL's agency (brookfield-primary) is linked to child 1, not 2;
      // police (lancashire-constabulary) to child 2, not 1
      const dsl = await tokenFor(haven.url, "dsl");
      const police = await tokenFor(haven.url, "police");

      const unrelated = await request(haven.url, "GET", "/api/v1/children/2", { token: dsl });
      assert.equal(unrelated.status, 404, unrelated.text);
      const glass = await request(haven.url, "GET", "/api/v1/children/1", { token: police });
      assert.equal(glass.status, 403, glass.text);
      assert.match(glass.json.detail, /break-glass/);
      const related = await request(haven.url, "GET", "/api/v1/children/1", { token: dsl });
      assert.equal(related.status, 200, related.text);
      const policeRelated = await request(haven.url, "GET", "/api/v1/children/2", { token: police });
      assert.equal(policeRelated.status, 200, policeRelated.text);

      kept = await stopKeeping(haven);
      const rows = (who) =>
        sql(
          kept.dbPath,
          "SELECT action, resource_type, resource_id, reason, client_address FROM audit_log" +
            ` WHERE user_id = ${userId(kept.dbPath, who)} AND resource_type = 'child' ORDER BY id`,
        );
      assert.deepEqual(rows("dsl"), [
        { action: "access_refused", resource_type: "child", resource_id: "2", reason: "child.read", client_address: "127.0.0.1" },
        { action: "child.read", resource_type: "child", resource_id: "1", reason: null, client_address: "127.0.0.1" },
      ]);
      assert.deepEqual(rows("police"), [
        { action: "access_refused", resource_type: "child", resource_id: "1", reason: "child.read", client_address: "127.0.0.1" },
        { action: "child.read", resource_type: "child", resource_id: "2", reason: null, client_address: "127.0.0.1" },
      ]);
      // the chain still verifies with the new rows in it
      const verify = spawnSync(havenBin(), ["audit", "verify", "--db", kept.dbPath], { encoding: "utf8", timeout: 60_000 });
      assert.equal(verify.status, 0, `audit verify: ${verify.stdout}${verify.stderr}`);
    } finally {
      if (kept) kept.cleanup();
      else await haven.stop();
    }
  });
});

// ---- 4. a second-factor code works once ----

describe("second factor", () => {
  test("a code works once: the same code in a new session is refused as a replay", async () => {
    const haven = await startHaven();
    try {
      const admin = await tokenFor(haven.url, "admin");
      const put = await request(haven.url, "PUT", "/api/v1/settings/second-factor", {
        token: admin,
        json: { roles: ["police"] },
      });
      assert.equal(put.status, 200, put.text);

      // Three sign-ins (each a deliberately slow password check) happen
      // below; start early in a step so that they all fall within it or the
      // next, where a replayed code would still be inside the window.
      const leftInStep = 30_000 - (Date.now() % 30_000);
      if (leftInStep < 12_000) await sleep(leftInStep + 200);

      const first = await signIn(haven.url, email("police"));
      assert.equal(first.status, 201, first.text);
      assert.equal(first.json.second_factor_needed, true);
      const setup = await request(haven.url, "GET", "/sign-in/second-factor", { token: first.json.token });
      assert.equal(setup.status, 200);
      const m = setup.text.match(/id="totp-secret">\s*([A-Z2-7]+)\s*</);
      assert.ok(m, "the setup page shows the secret");
      const secret = m[1];

      const step = totpStep();
      const code = totpAt(secret, step);
      const used = await request(haven.url, "POST", "/api/v1/session/second-factor", {
        token: first.json.token,
        json: { code },
      });
      assert.equal(used.status, 200, used.text);
      assert.equal((await request(haven.url, "GET", "/api/v1/me", { token: first.json.token })).status, 200);

      // a new session, the same code
      const second = await signIn(haven.url, email("police"));
      assert.equal(second.status, 201, second.text);
      assert.equal(second.json.second_factor_needed, true);
      const replay = await request(haven.url, "POST", "/api/v1/session/second-factor", {
        token: second.json.token,
        json: { code },
      });
      assert.equal(replay.status, 422, replay.text);
      assert.deepEqual(replay.json.errors.map((e) => e.field), ["code"]);
      assert.ok(totpStep() <= step + 1, "the replay was inside the code's window (not merely an old code)");
      assert.equal((await request(haven.url, "GET", "/api/v1/me", { token: second.json.token })).status, 401);

      // the next step's code is already accepted (one step of clock drift is allowed) ...
      const nextCode = totpAt(secret, step + 1);
      const next = await request(haven.url, "POST", "/api/v1/session/second-factor", {
        token: second.json.token,
        json: { code: nextCode },
      });
      assert.equal(next.status, 200, next.text);
      assert.equal((await request(haven.url, "GET", "/api/v1/me", { token: second.json.token })).status, 200);

      // ... and, once used, refused too; so is the older code
      const third = await signIn(haven.url, email("police"));
      assert.equal(third.status, 201, third.text);
      for (const c of [nextCode, code]) {
        const again = await request(haven.url, "POST", "/api/v1/session/second-factor", {
          token: third.json.token,
          json: { code: c },
        });
        assert.equal(again.status, 422, again.text);
      }
      assert.ok(totpStep() <= step + 2, "the replays were inside the window of the code for step + 1");
      assert.equal((await request(haven.url, "GET", "/api/v1/me", { token: third.json.token })).status, 401);
    } finally {
      await haven.stop();
    }
  });
});
