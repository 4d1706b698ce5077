// Hardened accounts, over HTTP against the real binary: the anonymous CSRF
// token is signed by the server (a planted cookie and field that agree are
// still refused); passwords are refused with a message that says why,
// wherever they are set; forms that take someone's email answer the same
// for "no such account" and "an account that cannot do this"; second-factor
// secrets are sealed at rest (the SQLite files are read byte by byte), with
// the key file that `haven init` makes; and wrong codes while setting up a
// second factor are throttled on the same per-email count as passwords.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  apiClient,
  DEMO_PASSWORD,
  demoEmail,
  errorFields,
  plusDays,
  requestOn as request,
  sqlText,
  totp,
} from "../lib/api.mjs";
import { freePort, havenBin, runHaven, SQLITE_ONLY, startHaven } from "../lib/haven.mjs";

/** The Set-Cookie line for cookie `name`, or undefined. */
const setCookie = (res, name) => res.cookies.find((c) => c.startsWith(`${name}=`));
const cookieValue = (line) => line.slice(line.indexOf("=") + 1).split(";")[0];
const hiddenCsrf = (html) => /name="csrf_token" value="([^"]+)"/.exec(html)?.[1];
const base64url = (bytes) => Buffer.from(bytes).toString("base64url");

/** RFC 4648 base32 (as the set-up page shows a secret) to bytes. */
function base32Bytes(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** Every file of the database (main file, WAL, shared memory), concatenated. */
function dbFileBytes(dbPath) {
  const dir = path.dirname(dbPath);
  const base = path.basename(dbPath);
  return Buffer.concat(
    readdirSync(dir)
      // the database and its WAL/SHM files: not the key file, nor the documents' folder beside them
      .filter((f) => f.startsWith(base) && !f.endsWith(".key") && !f.endsWith(".documents"))
      .map((f) => readFileSync(path.join(dir, f))),
  );
}

/** A code for `secret` that is wrong now (and one step either side). */
function wrongCode(secret, n) {
  const right = new Set([-30_000, 0, 30_000].map((d) => totp(secret, Date.now() + d)));
  for (let k = 0; ; k++) {
    const code = String((123_456 + n * 7_919 + k) % 1_000_000).padStart(6, "0");
    if (!right.has(code)) return code;
  }
}

// ---- the shared server ----

let haven;
const MANAGER = "manager.uniform@example.org";
const OUTSIDER = "outsider.uniform@example.org"; // an account in another agency
const LEAVER = "leaver.uniform@example.org"; // a disabled account
const PASSWORDS = {
  [MANAGER]: "autumn leaves fall slowly",
  [OUTSIDER]: "river stones and kites",
  [LEAVER]: "lanterns over the harbour",
};
const { call, post } = apiClient(() => haven, { passwords: PASSWORDS });
const sql = (query) => sqlText(haven.dbPath, query);

before(async () => {
  haven = await startHaven();
  for (const [email, name, agency] of [
    [MANAGER, "Morgan Oakes", "demo-teaching-hospitals"],
    [OUTSIDER, "Olu Adeyemi", "brookfield-primary"],
    [LEAVER, "Lee Brennan", "demo-teaching-hospitals"],
  ]) {
    const r = await post("admin", "/api/v1/users", { name, email, agency, roles: ["practitioner"], password: PASSWORDS[email] });
    assert.equal(r.status, 201, r.text);
  }
  const id = sql(`SELECT id FROM users WHERE email = '${LEAVER}';`);
  assert.equal((await post("admin", `/api/v1/users/${id}/disable`, { reason: "Left the partnership" })).status, 200);
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("the anonymous CSRF token is signed by the server", () => {
  test("the sign-in page's token is a nonce and its HMAC, the same in the cookie and the form", async () => {
    const page = await request(haven.url, "GET", "/sign-in");
    const token = cookieValue(setCookie(page, "haven_csrf"));
    assert.match(token, /^[A-Za-z0-9_-]{86}$/, "32 bytes of nonce and 32 of HMAC, base64url");
    assert.equal(hiddenCsrf(page.text), token);
  });

  test("a genuine pair passes; a planted pair that agrees, but that the server did not issue, is refused", async () => {
    const page = await request(haven.url, "GET", "/sign-in");
    const genuine = cookieValue(setCookie(page, "haven_csrf"));
    const attempt = (cookie, field) =>
      request(haven.url, "POST", "/sign-in", {
        headers: { cookie: `haven_csrf=${cookie}` },
        form: { email: demoEmail("dsl"), password: "not the password at all", csrf_token: field },
      });

    // issued by the server: the form is taken (and answers the wrong password)
    const ok = await attempt(genuine, genuine);
    assert.equal(ok.status, 401, ok.text.slice(0, 200));
    assert.match(ok.text, /Enter a correct email address and password/);

    // chosen by an attacker who can set a cookie (a sibling subdomain): cookie and field agree, yet refused
    const forged = [
      base64url(randomBytes(64)), // the right shape, a made-up HMAC
      base64url(randomBytes(32)), // an unsigned random token, as Haven used to issue
      genuine.slice(0, 43) + base64url(randomBytes(32)), // a genuine nonce with another HMAC
      base64url(Buffer.concat([randomBytes(32), Buffer.from(genuine, "base64url").subarray(32)])), // a genuine HMAC on another nonce
    ];
    for (const planted of forged) {
      const r = await attempt(planted, planted);
      assert.equal(r.status, 403, `planted ${planted.slice(0, 8)}...: ${r.status}`);
    }
    // and a genuine cookie with another genuine token in the field is still a mismatch
    const other = cookieValue(setCookie(await request(haven.url, "GET", "/sign-in"), "haven_csrf"));
    assert.equal((await attempt(genuine, other)).status, 403);
  });

  test("a page asked with a planted cookie issues a signed one instead of reusing it", async () => {
    const planted = base64url(randomBytes(64));
    const page = await request(haven.url, "GET", "/sign-in", { headers: { cookie: `haven_csrf=${planted}` } });
    assert.equal(page.status, 200);
    const fresh = cookieValue(setCookie(page, "haven_csrf"));
    assert.notEqual(fresh, planted);
    assert.equal(hiddenCsrf(page.text), fresh);
    assert.ok(!page.text.includes(planted), "the planted value is not put into the form");
  });

  test("a token signed with another server's key file is refused", async () => {
    const other = await startHaven({ demo: false });
    try {
      const page = await request(other.url, "GET", "/sign-in");
      const foreign = cookieValue(setCookie(page, "haven_csrf"));
      const r = await request(haven.url, "POST", "/sign-in", {
        headers: { cookie: `haven_csrf=${foreign}` },
        form: { email: demoEmail("dsl"), password: DEMO_PASSWORD, csrf_token: foreign },
      });
      assert.equal(r.status, 403);
    } finally {
      await other.stop();
    }
  });
});

describe("passwords say why they are refused, wherever they are set", () => {
  const PERSONAL = "Password must not contain your name or email address";
  const SEQUENCE =
    "Password is too easy to guess: it has a sequence (like abcd or 1234). Use 3 or more random words";

  test("an admin adding a user (API): the message names the reason", async () => {
    const person = { name: "Robin Fairweather", email: "robin.fairweather@example.org", agency: "brookfield-primary", roles: ["dsl"] };
    const cases = [
      ["Robin Fairweather 2024!", PERSONAL],
      ["robin.fairweather@example.org", PERSONAL],
      ["abcdefghijklmnop", SEQUENCE],
      ["aaaaaaaaaaaaaaaa", "Password is too easy to guess: it repeats characters or words (like aaaa or abcabc). Use 3 or more random words"],
      ["asdfghjkl;'zxcv", "Password is too easy to guess: it has a row of keys (like qwerty or 1q2w3e). Use 3 or more random words"],
    ];
    for (const [password, message] of cases) {
      const r = await post("admin", "/api/v1/users", { ...person, password });
      assert.equal(r.status, 422, password);
      assert.deepEqual(errorFields(r.body), ["password"], password);
      assert.equal(r.body.errors[0].detail, message, password);
    }
    assert.equal(sql("SELECT count(*) FROM users WHERE email = 'robin.fairweather@example.org';"), "0");
    // the same words from someone else are fine: the name is the person's own
    const fine = await post("admin", "/api/v1/users", { ...person, password: "Sam Lowther went to Cleveleys" });
    assert.equal(fine.status, 201, fine.text);
  });

  test("the add-a-user page shows the reason by the password field", async () => {
    const token = await apiClient(() => haven).token("admin");
    const res = await fetch(`${haven.url}/admin/users`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        name: "Kit Marsden", email: "kit.marsden@example.org", agency: "brookfield-primary", roles: "dsl", password: "kitmarsden-1234",
      }).toString(),
      redirect: "manual",
    });
    const html = await res.text();
    assert.equal(res.status, 422);
    assert.match(html, /There is a problem/);
    assert.match(html, /Password must not contain your name or email address/);
  });

  test("haven user add refuses the same password for the same reason", () => {
    const r = runHaven(
      ["user", "add", "--db", haven.dbPath, "--email", "ash.pendle@example.org", "--name", "Ash Pendle", "--agency", "csap", "--role", "partnership"],
      { input: "ash.pendle-password\n" },
    );
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr.trim(), `haven: ${PERSONAL}`);
    const seq = runHaven(
      ["user", "add", "--db", haven.dbPath, "--email", "ash.pendle@example.org", "--name", "Ash Pendle", "--agency", "csap", "--role", "partnership"],
      { input: "abcdefghijklmnop\n" },
    );
    assert.equal(seq.status, 1, seq.stderr);
    assert.equal(seq.stderr.trim(), `haven: ${SEQUENCE}`);
  });
});

describe("one answer for no account and an account that cannot do this", () => {
  test("training approver: an unknown email and an account in another agency get byte-identical answers", async () => {
    const course = await post("partnership", "/api/v1/training/courses", {
      title: "Uniform approval course", description: "Needs approval", areas: ["neglect"], audience: "Everyone",
      level: "introductory", duration_minutes: 60, outcomes: ["One"], open_to: "everyone", needs_approval: true,
    });
    assert.equal(course.status, 201, course.text);
    const session = await post("partnership", `/api/v1/training/courses/${course.body.id}/sessions`, {
      date: plusDays(30), starts: "09:30", ends: "11:30", mode: "venue", venue: "Town Hall", capacity: 5, trainer: "Jo Trainer",
    });
    assert.equal(session.status, 201, session.text);
    const book = (email) => post("practitioner", `/api/v1/training/sessions/${session.body.id}/book`, { approver_email: email });

    const unknown = await book("nobody.at.all@example.org");
    const otherAgency = await book(OUTSIDER);
    const disabled = await book(LEAVER);
    assert.equal(unknown.status, 422, unknown.text);
    assert.equal(otherAgency.text, unknown.text, "an account in another agency answers as no account does");
    assert.equal(disabled.text, unknown.text, "a disabled account answers as no account does");
    assert.equal(otherAgency.status, unknown.status);
    assert.equal(unknown.body.errors[0].detail, "Enter the email address of a manager in your agency who can approve bookings");

    // the page says the same, byte for byte
    const page = (email) =>
      call("practitioner", `/training/sessions/${session.body.id}/book`, {
        method: "POST",
        form: { approver_email: email },
      });
    const [pUnknown, pOther] = [await page("nobody.at.all@example.org"), await page(OUTSIDER)];
    assert.equal(pUnknown.status, 422);
    assert.equal(pOther.text, pUnknown.text);

    // and a manager in the agency is taken
    assert.equal((await book(MANAGER)).status, 202);
  });

  test("review members: an unknown email and a disabled account get byte-identical answers", async () => {
    const list = await call("partnership", "/api/v1/reviews");
    const caseId = list.body.reviews[0].id;
    const add = (email) => post("partnership", `/api/v1/reviews/${caseId}/members`, { email });
    const unknown = await add("nobody.at.all@example.org");
    const disabled = await add(LEAVER);
    assert.equal(unknown.status, 422, unknown.text);
    assert.equal(disabled.text, unknown.text);
    assert.equal(unknown.body.errors[0].detail, "Enter the email address of someone with an active Haven account");
    assert.equal((await add(MANAGER)).status, 200);
  });
});

describe("second-factor secrets are sealed at rest", () => {
  test("haven init makes the key file beside the database, readable by its owner only", { skip: SQLITE_ONLY }, () => {
    const key = `${haven.dbPath}.key`;
    assert.ok(existsSync(key));
    assert.equal(statSync(key).mode & 0o777, 0o600);
    assert.match(readFileSync(key, "utf8"), /^[0-9a-f]{64}\n$/);
  });

  test("set up through the page, the database files hold neither the secret nor its text", { skip: SQLITE_ONLY }, async (t) => {
    const h = await startHaven();
    t.after(() => h.stop());
    const api = apiClient(() => h);
    assert.equal((await api.call("admin", "/api/v1/settings/second-factor", { method: "PUT", json: { roles: ["police"] } })).status, 200);
    const s = await api.request("/api/v1/session", { method: "POST", json: { email: demoEmail("police"), password: DEMO_PASSWORD } });
    const police = (await s.json()).token;
    const setup = await api.request("/sign-in/second-factor", { token: police });
    const secret = /id="totp-secret">\s*([A-Z2-7]+)\s*</.exec(await setup.text())[1];
    const yes = await api.request("/api/v1/session/second-factor", { token: police, method: "POST", json: { code: totp(secret) } });
    assert.equal(yes.status, 200);

    const dbPath = h.dbPath;
    assert.equal(await h.stop({ keepDir: true }), 0);
    try {
      const stored = sqlText(dbPath, `SELECT length(totp_secret) FROM users WHERE email = '${demoEmail("police")}';`);
      assert.equal(stored, "60", "24 bytes of nonce, the 20-byte secret sealed, a 16-byte tag");
      const bytes = dbFileBytes(dbPath);
      assert.equal(bytes.indexOf(base32Bytes(secret)), -1, "the secret's bytes are not in the database files");
      assert.equal(bytes.indexOf(Buffer.from(secret)), -1, "nor its base32 text");
    } finally {
      rmSync(path.dirname(dbPath), { recursive: true, force: true });
    }
  });

  test("a secret an older Haven stored in clear is sealed when serve starts, and still signs in", { skip: SQLITE_ONLY }, async (t) => {
    const h = await startHaven();
    const dbPath = h.dbPath;
    assert.equal(await h.stop({ keepDir: true }), 0);
    t.after(() => rmSync(path.dirname(dbPath), { recursive: true, force: true }));
    const raw = randomBytes(20);
    const base32 = (() => {
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
      let bits = 0, value = 0, out = "";
      for (const b of raw) {
        value = (value << 8) | b;
        bits += 8;
        while (bits >= 5) {
          out += alphabet[(value >>> (bits - 5)) & 31];
          bits -= 5;
        }
      }
      return bits ? out + alphabet[(value << (5 - bits)) & 31] : out;
    })();
    sqlText(dbPath, `UPDATE users SET totp_secret = X'${raw.toString("hex")}' WHERE email = '${demoEmail("police")}';`);
    assert.notEqual(dbFileBytes(dbPath).indexOf(raw), -1, "the clear secret is in the file to begin with");

    // serve on the same database and key file
    const port = await freePort();
    const child = spawn(havenBin(), ["serve", "--db", dbPath, "--listen", `127.0.0.1:${port}`], { stdio: ["ignore", "ignore", "pipe"] });
    const exited = new Promise((r) => child.once("exit", (code) => r(code)));
    t.after(() => child.kill("SIGKILL"));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const ready = await fetch(`${url}/readyz`).then((r) => r.status, () => 0);
      if (ready === 200) break;
      assert.ok(i < 100, "serve became ready");
      await new Promise((r) => setTimeout(r, 100));
    }
    const s = await (await fetch(`${url}/api/v1/session`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: demoEmail("police"), password: DEMO_PASSWORD }),
    })).json();
    assert.equal(s.second_factor_needed, true);
    const code = await fetch(`${url}/api/v1/session/second-factor`, {
      method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${s.token}` },
      body: JSON.stringify({ code: totp(base32) }),
    });
    assert.equal(code.status, 200, "the sealed secret is the same secret");
    child.kill("SIGTERM");
    assert.equal(await exited, 0);

    assert.equal(sqlText(dbPath, `SELECT length(totp_secret) FROM users WHERE email = '${demoEmail("police")}';`), "60");
    assert.equal(dbFileBytes(dbPath).indexOf(raw), -1, "no copy of the clear secret is left in the files");
  });

  test("serve refuses a missing key file, or one that does not open the sealed secrets", { skip: SQLITE_ONLY }, async (t) => {
    const h = await startHaven();
    const api = apiClient(() => h);
    assert.equal((await api.call("admin", "/api/v1/settings/second-factor", { method: "PUT", json: { roles: ["police"] } })).status, 200);
    const s = await api.request("/api/v1/session", { method: "POST", json: { email: demoEmail("police"), password: DEMO_PASSWORD } });
    const police = (await s.json()).token;
    const setup = await api.request("/sign-in/second-factor", { token: police });
    const secret = /id="totp-secret">\s*([A-Z2-7]+)\s*</.exec(await setup.text())[1];
    assert.equal((await api.request("/api/v1/session/second-factor", { token: police, method: "POST", json: { code: totp(secret) } })).status, 200);
    const dbPath = h.dbPath;
    assert.equal(await h.stop({ keepDir: true }), 0);
    t.after(() => rmSync(path.dirname(dbPath), { recursive: true, force: true }));

    const port = String(await freePort());
    const missing = runHaven(["serve", "--db", dbPath, "--listen", `127.0.0.1:${port}`, "--key-file", `${dbPath}.nope`]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read the key file .*\.nope: it does not exist/);

    const wrong = `${dbPath}.other-key`;
    writeFileSync(wrong, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
    const refused = runHaven(["serve", "--db", dbPath, "--listen", `127.0.0.1:${port}`, "--key-file", wrong]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /1 second-factor secrets in the database do not open with the key file/);

    chmodSync(wrong, 0o644);
    const loose = runHaven(["serve", "--db", dbPath, "--listen", `127.0.0.1:${port}`, "--key-file", wrong]);
    assert.equal(loose.status, 1);
    assert.match(loose.stderr, /only its owner can read and write \(chmod 600\)/);
  });
});

describe("second-factor set-up is throttled like sign-in", () => {
  test("parallel wrong codes cannot all pass the check: each waits its turn and reads the failures before it", async (t) => {
    const h = await startHaven();
    t.after(() => h.stop());
    const api = apiClient(() => h);
    assert.equal((await api.call("admin", "/api/v1/settings/second-factor", { method: "PUT", json: { roles: ["police"] } })).status, 200);
    const email = demoEmail("police");
    const police = (await (await api.request("/api/v1/session", { method: "POST", json: { email, password: DEMO_PASSWORD } })).json()).token;
    const setup = await api.request("/sign-in/second-factor", { token: police });
    const secret = /id="totp-secret">\s*([A-Z2-7]+)\s*</.exec(await setup.text())[1];
    const enter = (code) => api.request("/api/v1/session/second-factor", { token: police, method: "POST", json: { code } });
    for (let n = 1; n <= 4; n++) assert.equal((await enter(wrongCode(secret, n))).status, 422, `wrong code ${n}`);
    // the next failure is the 7th, which waits 4 s: the rest of a burst sent at once must find that wait
    sqlText(h.dbPath, `UPDATE sign_in_failures SET failures = 6 WHERE key = (SELECT 'second_factor:' || id FROM users WHERE email = '${email}');`);
    // each from an address of its own, on a connection of its own, as a spread-out attacker would send them
    const burst = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        request(h.url, "POST", "/api/v1/session/second-factor", { token: police, json: { code: wrongCode(secret, 5 + i) }, localAddress: `127.0.0.${60 + i}` })));
    assert.deepEqual(burst.map((r) => r.status), Array(6).fill(429));
    const counted = sqlText(h.dbPath, `SELECT failures FROM sign_in_failures WHERE key = (SELECT 'second_factor:' || id FROM users WHERE email = '${email}');`);
    assert.equal(counted, "7", "one code of the burst was checked");
  });

  test("wrong codes while setting up count on the account's second factor, and then wait", async (t) => {
    const h = await startHaven();
    t.after(() => h.stop());
    const api = apiClient(() => h);
    assert.equal((await api.call("admin", "/api/v1/settings/second-factor", { method: "PUT", json: { roles: ["police"] } })).status, 200);
    const email = demoEmail("police");
    const signIn = () => api.request("/api/v1/session", { method: "POST", json: { email, password: DEMO_PASSWORD } });
    const police = (await (await signIn()).json()).token;
    const setup = await api.request("/sign-in/second-factor", { token: police });
    const secret = /id="totp-secret">\s*([A-Z2-7]+)\s*</.exec(await setup.text())[1];
    const enter = (code) =>
      api.request("/api/v1/session/second-factor", { token: police, method: "POST", json: { code } });

    for (let n = 1; n <= 4; n++) assert.equal((await enter(wrongCode(secret, n))).status, 422, `wrong code ${n}`);
    const fifth = await enter(wrongCode(secret, 5));
    assert.equal(fifth.status, 429, "the 5th wrong code must wait, as the 5th wrong password does");
    assert.ok(Number(fifth.headers.get("retry-after")) >= 1);
    const said = await fifth.text();
    assert.match(said, /You have entered too many wrong codes\. Wait (1 second|[02-9]\d* seconds|1\d+ seconds), then try again/, said);
    const counted = sqlText(h.dbPath, `SELECT failures FROM sign_in_failures WHERE key = (SELECT 'second_factor:' || id FROM users WHERE email = '${email}');`);
    assert.equal(counted, "5", "the codes were counted on the account's second factor");

    // while it waits (made longer here, so the check cannot race the clock), the right code waits too;
    // the email is not locked by codes (whoever enters them has the password): a stranger's guesses at it
    // must not be able to stop its owner at this step, nor the owner's wrong codes lock it
    sqlText(h.dbPath, "UPDATE sign_in_failures SET locked_until = locked_until + 60 WHERE locked_until > 0;");
    assert.equal(sqlText(h.dbPath, `SELECT count(*) FROM sign_in_failures WHERE key = 'email:${email}';`), "0");
    const right = await enter(totp(secret));
    assert.equal(right.status, 429, "and the right code");
    assert.equal(sqlText(h.dbPath, `SELECT totp_secret IS NULL FROM users WHERE email = '${email}';`), "1");

    // once the wait is over, the right code completes the set-up
    sqlText(h.dbPath, "UPDATE sign_in_failures SET locked_until = 0;");
    assert.equal((await enter(totp(secret))).status, 200);
    assert.equal(sqlText(h.dbPath, `SELECT count(*) FROM sign_in_failures WHERE key = (SELECT 'second_factor:' || id FROM users WHERE email = '${email}');`), "0");
  });
});
