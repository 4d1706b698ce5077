// Sign-in throttling that cannot be turned against a person, over HTTP
// against the real binary: guesses at someone's email from elsewhere lock
// the email for every client the account does not know, but not for the
// browser that carries the account's device marker, nor for the address the
// account last signed in from (an API client's); a locked email answers an
// unknown client the same for the right password as for a wrong one. Nor
// does the email's lock stop the owner at the code step, nor a locked
// address the browser that carries the marker (a browser gets one only when
// its sign-in is complete, code and all); and a known address escapes only
// the email's lock: guesses across accounts from it still wait, as from
// any address.
// Changing one's password counts wrong current passwords on the same
// throttle, and says nothing that depends on the guess being right. Making a
// role need a second factor signs out the people in it who signed in
// without one.
//
// Each test starts its own server: the throttle counts per email and per
// client address. Clients take addresses of their own in 127.0.0.0/8
// (localAddress), which Linux routes over loopback.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  DEMO_PASSWORD as PASSWORD,
  demoEmail as email,
  requestOn as request,
  sqlRows as sql,
  totp,
  totpAt,
  totpStep,
} from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

const WRONG = "not-the-password-4711";
const DEVICE = "haven_device";

const setCookie = (res, name) => res.cookies.find((c) => c.startsWith(`${name}=`));
const cookieValue = (line) => line.slice(line.indexOf("=") + 1).split(";")[0];
const hiddenCsrf = (html) => /name="csrf_token" value="([^"]+)"/.exec(html)?.[1];
const now = () => Math.floor(Date.now() / 1000);

/** An API sign-in as `who` from `localAddress`. */
const apiSignIn = (h, who, { password = PASSWORD, localAddress } = {}) =>
  request(h.url, "POST", "/api/v1/session", { json: { email: email(who), password }, localAddress });

/** A sign-in with the form, as a browser does, carrying `cookie` (its cookies so far, "" for none). */
async function formSignIn(h, who, { password = PASSWORD, cookie = "", localAddress } = {}) {
  const page = await request(h.url, "GET", "/sign-in", { headers: cookie ? { cookie } : {}, localAddress });
  const anon = setCookie(page, "haven_csrf");
  const sent = [anon && anon.split(";")[0], cookie].filter(Boolean).join("; ");
  return request(h.url, "POST", "/sign-in", {
    headers: { cookie: sent },
    form: { email: email(who), password, csrf_token: hiddenCsrf(page.text) },
    localAddress,
  });
}

/**
 * Locks `who`'s email as guesses from 127.0.0.66 would: nine failures that no longer make anyone wait
 * (as if spread out: doing them for real takes half a minute of waits), then the tenth for real.
 */
async function lockEmail(h, who) {
  const t = now();
  sql(
    h.dbPath,
    `INSERT INTO sign_in_failures (key, failures, last_failure_at, locked_until)
     VALUES ('email:${email(who)}', 9, ${t - 30}, ${t - 14})`,
  );
  const tenth = await apiSignIn(h, who, { password: WRONG, localAddress: "127.0.0.66" });
  assert.equal(tenth.status, 429, tenth.text);
  assert.ok(Number(tenth.headers["retry-after"]) > 14 * 60, `locked: Retry-After ${tenth.headers["retry-after"]}`);
}

describe("a locked email does not lock out the account's own clients", () => {
  test("the browser that signed in before still signs in, from anywhere; others get 429 whatever the password", async () => {
    const h = await startHaven();
    try {
      const first = await formSignIn(h, "frontdoor", { localAddress: "127.0.0.61" });
      assert.equal(first.status, 303, first.text);
      const line = setCookie(first, DEVICE);
      assert.ok(line, `a device marker is set: ${first.cookies}`);
      assert.match(line, /; HttpOnly/);
      assert.match(line, /; SameSite=Strict/);
      assert.match(line, /; Path=\//);
      assert.match(line, /; Max-Age=\d+/, "it outlives the browser's session, unlike the session cookie");
      const device = `${DEVICE}=${cookieValue(line)}`;

      await lockEmail(h, "frontdoor");

      // the owner's browser, on another network now, with the right password
      const owner = await formSignIn(h, "frontdoor", { cookie: device, localAddress: "127.0.0.62" });
      assert.equal(owner.status, 303, `the owner's browser signs in: ${owner.status} ${owner.text.slice(0, 300)}`);
      assert.equal(owner.headers.location, "/dashboard");

      // anyone else: the same 429 for the right password as for a wrong one (no oracle)
      const right = await apiSignIn(h, "frontdoor", { localAddress: "127.0.0.63" });
      const wrong = await apiSignIn(h, "frontdoor", { password: WRONG, localAddress: "127.0.0.64" });
      assert.equal(right.status, 429, right.text);
      assert.equal(wrong.status, 429, wrong.text);
      assert.equal(right.json.title, wrong.json.title);
      assert.ok(Number(right.headers["retry-after"]) > 14 * 60);
      const browser = await formSignIn(h, "frontdoor", { localAddress: "127.0.0.63" });
      assert.equal(browser.status, 429, "a browser without the marker is refused too");

      // a marker altered, or another account's, is no marker
      const forged = device.slice(0, -2) + (device.endsWith("AA") ? "BB" : "AA");
      assert.equal((await formSignIn(h, "frontdoor", { cookie: forged, localAddress: "127.0.0.65" })).status, 429);
      const other = await formSignIn(h, "dsl", { localAddress: "127.0.0.65" });
      const dslDevice = `${DEVICE}=${cookieValue(setCookie(other, DEVICE))}`;
      assert.equal((await formSignIn(h, "frontdoor", { cookie: dslDevice, localAddress: "127.0.0.67" })).status, 429);

      const refused = sql(h.dbPath, "SELECT count(*) AS n FROM audit_log WHERE action = 'sign_in_refused_throttled'");
      assert.ok(refused[0].n >= 5, `each refusal is audited: ${JSON.stringify(refused)}`);
    } finally {
      await h.stop();
    }
  });

  test("wrong passwords typed on a known browser count on that browser, not on the email", async () => {
    const h = await startHaven();
    try {
      const first = await formSignIn(h, "frontdoor", { localAddress: "127.0.0.71" });
      const device = `${DEVICE}=${cookieValue(setCookie(first, DEVICE))}`;
      const wrong = await formSignIn(h, "frontdoor", { password: WRONG, cookie: device, localAddress: "127.0.0.72" });
      assert.equal(wrong.status, 401, wrong.text.slice(0, 300));
      const rows = sql(h.dbPath, "SELECT key, failures FROM sign_in_failures ORDER BY key");
      assert.equal(rows.length, 1, JSON.stringify(rows));
      assert.match(rows[0].key, /^device:[0-9a-f]{32}$/);
      assert.equal(rows[0].failures, 1);
      const audited = sql(h.dbPath, "SELECT count(*) AS n FROM audit_log WHERE action = 'sign_in_failed' AND user_id IS NOT NULL");
      assert.equal(audited[0].n, 1, "the failure is audited as any other");
    } finally {
      await h.stop();
    }
  });

  test("an API client signs in from the address it last signed in from; a new address waits", async () => {
    const h = await startHaven();
    try {
      assert.equal((await apiSignIn(h, "frontdoor", { localAddress: "127.0.0.81" })).status, 201);
      await lockEmail(h, "frontdoor");
      const owner = await apiSignIn(h, "frontdoor", { localAddress: "127.0.0.81" });
      assert.equal(owner.status, 201, `the owner's usual address: ${owner.text}`);
      const elsewhere = await apiSignIn(h, "frontdoor", { localAddress: "127.0.0.82" });
      assert.equal(elsewhere.status, 429, elsewhere.text);
    } finally {
      await h.stop();
    }
  });
});

/**
 * Locks the client address `address` as a stranger's guesses there at other accounts would: 49 failures
 * that no longer make anyone wait, then the 50th for real.
 */
async function lockAddress(h, address) {
  const t = now();
  sql(
    h.dbPath,
    `INSERT INTO sign_in_failures (key, failures, last_failure_at, locked_until)
     VALUES ('address:${address}', 49, ${t - 30}, ${t - 14})`,
  );
  const fiftieth = await apiSignIn(h, "dsl", { password: WRONG, localAddress: address });
  assert.equal(fiftieth.status, 429, fiftieth.text);
  assert.ok(Number(fiftieth.headers["retry-after"]) > 14 * 60, `locked: Retry-After ${fiftieth.headers["retry-after"]}`);
}

/** Makes a second factor required of the police role, as an administrator does. */
async function requireSecondFactorOfPolice(h) {
  const admin = (await apiSignIn(h, "admin", { localAddress: "127.0.0.130" })).json.token;
  const put = await request(h.url, "PUT", "/api/v1/settings/second-factor", { token: admin, json: { roles: ["police"] } });
  assert.equal(put.status, 200, put.text);
}

/** The second-factor page and the code sent with its form, by a browser carrying `cookie`. */
async function enterCode(h, cookie, code, localAddress) {
  const page = await request(h.url, "GET", "/sign-in/second-factor", { headers: { cookie }, localAddress });
  assert.equal(page.status, 200, page.text.slice(0, 300));
  const sent = await request(h.url, "POST", "/sign-in/second-factor", {
    headers: { cookie },
    form: { code, csrf_token: hiddenCsrf(page.text) },
    localAddress,
  });
  return { page, sent };
}

/** The secret the set-up page shows, for the test's authenticator app. */
const setupSecret = (page) => /id="totp-secret">\s*([A-Z2-7]+)\s*</.exec(page.text)[1];

const wrongCodeFor = (secret) => String((Number(totp(secret)) + 500000) % 1000000).padStart(6, "0");

describe("the code step knows the browser that signed in before", () => {
  test("a browser with the account's marker counts wrong codes on its device, so a locked address does not stop it", async () => {
    const h = await startHaven();
    try {
      await requireSecondFactorOfPolice(h);
      // the first sign-in on this browser, at the office: the password, then setting up the app
      const office = "127.0.0.131";
      const password = await formSignIn(h, "police", { localAddress: office });
      assert.equal(password.status, 303, password.text.slice(0, 300));
      assert.equal(password.headers.location, "/sign-in/second-factor");
      assert.equal(setCookie(password, DEVICE), undefined, "the password alone does not make the browser known");
      const firstSession = `haven_session=${cookieValue(setCookie(password, "haven_session"))}`;
      const setup = await request(h.url, "GET", "/sign-in/second-factor", { headers: { cookie: firstSession }, localAddress: office });
      const secret = setupSecret(setup);
      const { sent: done } = await enterCode(h, firstSession, totp(secret), office);
      assert.equal(done.status, 303, done.text.slice(0, 300));
      assert.equal(done.headers.location, "/dashboard");
      const line = setCookie(done, DEVICE);
      assert.ok(line, `the completed sign-in makes the browser known: ${done.cookies}`);
      assert.match(line, /; HttpOnly/);
      assert.match(line, /; SameSite=Strict/);
      const device = `${DEVICE}=${cookieValue(line)}`;

      // at home, where someone on the same network has locked the address guessing at other accounts
      const home = "127.0.0.133";
      await lockAddress(h, home);
      const again = await formSignIn(h, "police", { cookie: device, localAddress: home });
      assert.equal(again.status, 303, `the password step lets the known browser through: ${again.text.slice(0, 300)}`);
      const cookie = `haven_session=${cookieValue(setCookie(again, "haven_session"))}; ${device}`;
      const { sent: wrong } = await enterCode(h, cookie, wrongCodeFor(secret), home);
      assert.equal(wrong.status, 422, `a wrong code is only wrong, not refused for the address's lock: ${wrong.text.slice(0, 300)}`);
      const counted = sql(h.dbPath, "SELECT key, failures FROM sign_in_failures WHERE key LIKE 'device:%' OR key LIKE 'second_factor:%' ORDER BY key");
      assert.equal(counted.length, 2, JSON.stringify(counted));
      assert.match(counted[0].key, /^device:[0-9a-f]{32}$/, "on the browser's own counter");
      assert.equal(counted[0].failures, 1);
      assert.match(counted[1].key, /^second_factor:\d+$/, "and on the account's second factor");
      const [address] = sql(h.dbPath, `SELECT failures FROM sign_in_failures WHERE key = 'address:${home}'`);
      assert.equal(address.failures, 50, "not on the address");

      // a code of a step not yet used (the app's next one is allowed for clock drift) completes it
      const { sent: right } = await enterCode(h, cookie, totpAt(secret, totpStep() + 1), home);
      assert.equal(right.status, 303, `the right code completes the sign-in: ${right.text.slice(0, 300)}`);
      assert.equal(right.headers.location, "/dashboard");
      assert.ok(setCookie(right, DEVICE), "with a new marker");
      assert.equal(sql(h.dbPath, "SELECT count(*) AS n FROM sign_in_failures WHERE key LIKE 'device:%' OR key LIKE 'second_factor:%'")[0].n, 0,
        "the right code forgives the browser's count and the account's");
    } finally {
      await h.stop();
    }
  });

  test("a browser that has only passed the password step is not known there: its wrong codes count on its address", async () => {
    const h = await startHaven();
    try {
      await requireSecondFactorOfPolice(h);
      const address = "127.0.0.134";
      const password = await formSignIn(h, "police", { localAddress: address });
      assert.equal(password.status, 303, password.text.slice(0, 300));
      // everything the browser was given, as a browser would send it back
      const cookie = password.cookies.map((c) => c.split(";")[0]).join("; ");
      const setup = await request(h.url, "GET", "/sign-in/second-factor", { headers: { cookie }, localAddress: address });
      const secret = setupSecret(setup);
      const { sent: wrong } = await enterCode(h, cookie, wrongCodeFor(secret), address);
      assert.equal(wrong.status, 422, wrong.text.slice(0, 300));
      const rows = sql(h.dbPath, `SELECT key, failures FROM sign_in_failures WHERE key NOT LIKE 'second_factor:%' ORDER BY key`);
      assert.deepEqual(rows, [{ key: `address:${address}`, failures: 1 }], "the address's counter, as for any stranger");
    } finally {
      await h.stop();
    }
  });
});

describe("a known client is still throttled where a stranger would be", () => {
  test("the owner who passed the password step from a known address is not refused at the code step by the email's lock", async () => {
    const h = await startHaven();
    try {
      const address = "127.0.0.111";
      assert.equal((await apiSignIn(h, "police", { localAddress: address })).status, 201, "the owner's usual address");
      const admin = (await apiSignIn(h, "admin", { localAddress: "127.0.0.112" })).json.token;
      const put = await request(h.url, "PUT", "/api/v1/settings/second-factor", { token: admin, json: { roles: ["police"] } });
      assert.equal(put.status, 200, put.text);
      await lockEmail(h, "police");

      const signedIn = await apiSignIn(h, "police", { localAddress: address });
      assert.equal(signedIn.status, 201, `the password step lets the owner through: ${signedIn.text}`);
      const token = signedIn.json.token;
      const setup = await request(h.url, "GET", "/sign-in/second-factor", { token, localAddress: address });
      const secret = setupSecret(setup);
      const enter = (code) => request(h.url, "POST", "/api/v1/session/second-factor", { token, json: { code }, localAddress: address });
      const wrong = await enter(wrongCodeFor(secret));
      assert.equal(wrong.status, 422, `a wrong code is only wrong, not refused for the email's lock: ${wrong.text}`);
      const right = await enter(totp(secret));
      assert.equal(right.status, 200, `the right code completes the sign-in: ${right.text}`);

      const rows = sql(h.dbPath, "SELECT key, failures FROM sign_in_failures WHERE key NOT LIKE 'email:%' AND key NOT LIKE 'address:127.0.0.66' ORDER BY key");
      assert.deepEqual(rows, [{ key: `address:known:${address}`, failures: 1 }], "the wrong code counted on the known address; the right one forgave the second factor's count");
    } finally {
      await h.stop();
    }
  });

  test("wrong passwords at many accounts from the address they last signed in from wait, as from any address", async () => {
    const h = await startHaven();
    try {
      const office = "127.0.0.121";
      const accounts = ["police", "dsl", "practitioner", "frontdoor", "agencyadmin", "scrutineer", "partnership"];
      for (const who of accounts) assert.equal((await apiSignIn(h, who, { localAddress: office })).status, 201, who);
      // four wrong passwords at each account cost nothing on its own counter, but the address's count grows
      const statuses = [];
      for (const who of accounts)
        for (let i = 0; i < 4; i++) statuses.push((await apiSignIn(h, who, { password: WRONG, localAddress: office })).status);
      assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401), "an address's first 20 failures are free");
      assert.equal(statuses[20], 429, `the 21st waits: ${statuses}`);

      // a stranger's guesses from the office do not count on the known clients' counter, nor theirs on it
      const [row] = sql(h.dbPath, `SELECT failures FROM sign_in_failures WHERE key = 'address:known:${office}'`);
      assert.ok(row && row.failures >= 21, JSON.stringify(row));
      assert.equal(sql(h.dbPath, `SELECT count(*) AS n FROM sign_in_failures WHERE key = 'address:${office}'`)[0].n, 0);
    } finally {
      await h.stop();
    }
  });
});

describe("changing one's password", () => {
  const NEW = "Another-Strong-Pass-9981";
  const change = (h, token, current_password, password = NEW) =>
    request(h.url, "POST", "/api/v1/account/password", { token, json: { current_password, password } });
  const fields = (res) => (res.json.errors ?? []).map((e) => e.field).sort();

  test("wrong current passwords count on the sign-in throttle, are audited, and then get 429", async () => {
    const h = await startHaven();
    try {
      const signedIn = await apiSignIn(h, "frontdoor", { localAddress: "127.0.0.91" });
      assert.equal(signedIn.status, 201);
      const token = signedIn.json.token;
      // a guess the same as the new password is answered only about the guess
      const first = await change(h, token, "guess-0", "guess-0-Strong-Pass-1234");
      assert.equal(first.status, 422, first.text);
      const same = await change(h, token, NEW, NEW);
      assert.equal(same.status, 422, same.text);
      assert.deepEqual(fields(same), ["current_password"], `nothing said about the new password: ${same.text}`);
      for (let i = 3; i <= 4; i++) assert.equal((await change(h, token, `guess-${i}`)).status, 422);
      const fifth = await change(h, token, "guess-5");
      assert.equal(fifth.status, 429, fifth.text);
      assert.ok(Number(fifth.headers["retry-after"]) >= 1);
      const audited = sql(h.dbPath, "SELECT count(*) AS n FROM audit_log WHERE action = 'password.current_wrong' AND user_id IS NOT NULL");
      assert.equal(audited[0].n, 5, "each wrong current password is audited");
      const [row] = sql(h.dbPath, `SELECT failures FROM sign_in_failures WHERE key = 'email:${email("frontdoor")}'`);
      assert.equal(row.failures, 5, "on the account's sign-in count");

      // locked: the right current password gets the same 429 as a wrong one, and the password is unchanged
      const t = now();
      sql(h.dbPath, `UPDATE sign_in_failures SET failures = 9, last_failure_at = ${t - 30}, locked_until = ${t - 14}`);
      const tenth = await change(h, token, "guess-10");
      assert.equal(tenth.status, 429, tenth.text);
      assert.ok(Number(tenth.headers["retry-after"]) > 14 * 60);
      const right = await change(h, token, PASSWORD);
      assert.equal(right.status, 429, right.text);
      assert.equal(right.json.errors[0].message, tenth.json.errors[0].message);
      assert.equal((await apiSignIn(h, "frontdoor", { localAddress: "127.0.0.92" })).status, 429, "the lock holds sign-in too");
      // the session is not ended: anyone can lock the email, and must not sign its owner out by it
      assert.equal((await request(h.url, "GET", "/api/v1/me", { token })).status, 200);
      assert.equal((await apiSignIn(h, "frontdoor", { localAddress: "127.0.0.91" })).status, 201, "the password is unchanged");
    } finally {
      await h.stop();
    }
  });

  test("the right current password with the same new one is refused about the new one", async () => {
    const h = await startHaven();
    try {
      const { token } = (await apiSignIn(h, "frontdoor")).json;
      const same = await change(h, token, PASSWORD, PASSWORD);
      assert.equal(same.status, 422, same.text);
      assert.deepEqual(fields(same), ["password"]);
      assert.equal(sql(h.dbPath, "SELECT count(*) AS n FROM sign_in_failures")[0].n, 0, "a right password is no failure");
    } finally {
      await h.stop();
    }
  });
});

describe("requiring a second factor", () => {
  test("signs out the people in the role who signed in without one, audited, and the banner says how many", async () => {
    const h = await startHaven();
    try {
      const police = (await apiSignIn(h, "police", { localAddress: "127.0.0.101" })).json.token;
      const policeAgain = (await apiSignIn(h, "police", { localAddress: "127.0.0.102" })).json.token;
      const dsl = (await apiSignIn(h, "dsl", { localAddress: "127.0.0.103" })).json.token;
      const admin = (await apiSignIn(h, "admin", { localAddress: "127.0.0.104" })).json.token;
      const put = await request(h.url, "PUT", "/api/v1/settings/second-factor", { token: admin, json: { roles: ["police"] } });
      assert.equal(put.status, 200, put.text);
      assert.deepEqual(put.json.roles, ["police"]);
      assert.equal(put.json.signed_out, 1, "one person (with two sessions)");
      for (const token of [police, policeAgain])
        assert.equal((await request(h.url, "GET", "/api/v1/me", { token })).status, 401, "the police sessions are ended");
      assert.equal((await request(h.url, "GET", "/api/v1/me", { token: dsl })).status, 200, "other roles' are not");
      assert.equal((await request(h.url, "GET", "/api/v1/me", { token: admin })).status, 200);
      const ended = sql(h.dbPath, "SELECT reason FROM audit_log WHERE action = 'session.end' AND resource_type = 'session'");
      assert.equal(ended.length, 2, JSON.stringify(ended));
      for (const row of ended) assert.match(row.reason, /second factor is now required/);

      // saved again (police already required): nobody more is signed out
      const again = await request(h.url, "PUT", "/api/v1/settings/second-factor", { token: admin, json: { roles: ["police"] } });
      assert.equal(again.json.signed_out, 0);

      // the page's banner: a browser admin requires it of the DSL role too
      (await apiSignIn(h, "dsl", { localAddress: "127.0.0.105" })).json.token;
      const signIn = await formSignIn(h, "admin", { localAddress: "127.0.0.106" });
      const session = `haven_session=${cookieValue(setCookie(signIn, "haven_session"))}`;
      const page = await request(h.url, "GET", "/admin/second-factor", { headers: { cookie: session }, localAddress: "127.0.0.106" });
      const saved = await request(h.url, "POST", "/admin/second-factor", {
        headers: { cookie: session },
        form: new URLSearchParams([["csrf_token", hiddenCsrf(page.text)], ["roles", "police"], ["roles", "dsl"]]),
        localAddress: "127.0.0.106",
      });
      assert.equal(saved.status, 303, saved.text.slice(0, 300));
      const flash = setCookie(saved, "haven_flash");
      const shown = await request(h.url, "GET", saved.headers.location, {
        headers: { cookie: [session, flash && flash.split(";")[0]].filter(Boolean).join("; ") },
        localAddress: "127.0.0.106",
      });
      assert.match(shown.text, /The second factor settings were saved\. 1 person who had signed in without a second factor was signed out/);
      assert.equal((await request(h.url, "GET", "/api/v1/me", { token: dsl })).status, 401);
    } finally {
      await h.stop();
    }
  });
});
