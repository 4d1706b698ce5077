// Signing in and out, sessions, CSRF, throttling and the audit trail, over
// HTTP against the real binary (JSON API and HTML forms).
//
// Most tests share one server; throttling, cookie and timeout tests each
// start their own, because sign-in throttling counts failures per email and
// per client address and every test connects from loopback. Where a test
// needs a client address of its own it binds to another 127.0.0.0/8 address
// (localAddress), which Linux routes over loopback.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { DEMO_PASSWORD as PASSWORD, demoEmail as email, requestOn as request, sqlRows as sql } from "../lib/api.mjs";
import { havenBin, onPostgres, startHaven } from "../lib/haven.mjs";
import { sleep } from "./raw.mjs";

const WRONG = "not-the-password-4711";

// ---- HTTP ----

/** The Set-Cookie line for cookie `name`, or undefined. */
const setCookie = (res, name) => res.cookies.find((c) => c.startsWith(`${name}=`));
/** The value a Set-Cookie line sets. */
const cookieValue = (line) => line.slice(line.indexOf("=") + 1).split(";")[0];
/** The attributes of a Set-Cookie line, lower-cased names: { path: "/", httponly: true, ... }. */
function cookieAttrs(line) {
  const attrs = {};
  for (const part of line.split(";").slice(1)) {
    const [k, ...v] = part.trim().split("=");
    attrs[k.toLowerCase()] = v.length ? v.join("=") : true;
  }
  return attrs;
}
const hiddenCsrf = (html) => /name="csrf_token" value="([^"]+)"/.exec(html)?.[1];
const bearer = (token) => ({ authorization: `Bearer ${token}` });

async function signIn(h, who, { password = PASSWORD, localAddress, secrets } = {}) {
  const res = await request(h.url, "POST", "/api/v1/session", {
    json: { email: email(who), password },
    localAddress,
  });
  if (res.status === 201 && secrets) {
    secrets.add(res.json.token);
    secrets.add(res.json.csrf_token);
  }
  return res;
}

async function mustSignIn(h, who, opts) {
  const res = await signIn(h, who, opts);
  assert.equal(res.status, 201, `${who} signs in: ${res.text}`);
  return res.json;
}

/**
 * Signs in with the HTML form, as a browser does: GET /sign-in (with `cookie`,
 * the browser's cookies so far, if any), then POST /sign-in with the CSRF token
 * the page gave. The session cookie comes only from this sign-in (the JSON one
 * sets none). Resolves to { res, token, cookie: "NAME=TOKEN", csrf } where csrf
 * is the session's CSRF token, from the dashboard's sign-out form.
 */
async function browserSignIn(h, who, { cookie, localAddress, secrets, cookieName = "haven_session" } = {}) {
  const page = await request(h.url, "GET", "/sign-in", { headers: cookie ? { cookie } : {}, localAddress });
  assert.equal(page.status, 200, `GET /sign-in: ${page.status}`);
  const formCsrf = hiddenCsrf(page.text);
  assert.ok(formCsrf, "the sign-in form carries a CSRF token");
  // the anonymous CSRF cookie (__Host-haven_csrf with --secure-cookies; none when already signed in)
  const anon = setCookie(page, "__Host-haven_csrf") ?? setCookie(page, "haven_csrf");
  const sent = [anon && anon.split(";")[0], cookie].filter(Boolean).join("; ");
  const res = await request(h.url, "POST", "/sign-in", {
    headers: { cookie: sent },
    form: { email: email(who), password: PASSWORD, csrf_token: formCsrf },
    localAddress,
  });
  assert.equal(res.status, 303, `${who} signs in with the form: ${res.status} ${res.text.slice(0, 300)}`);
  const line = setCookie(res, cookieName);
  assert.ok(line, `Set-Cookie ${cookieName}: ${res.cookies}`);
  const token = cookieValue(line);
  const session = `${cookieName}=${token}`;
  const dash = await request(h.url, "GET", "/dashboard", { headers: { cookie: session }, localAddress });
  assert.equal(dash.status, 200, `the dashboard after signing in: ${dash.status}`);
  const csrf = hiddenCsrf(dash.text);
  assert.ok(csrf, "the dashboard carries the session's CSRF token");
  if (secrets) {
    secrets.add(token);
    secrets.add(csrf);
  }
  return { res, token, cookie: session, csrf };
}

/** The bytes of the database and its WAL/SHM files, as latin1 text for searching (PostgreSQL's: its rows, dumped). */
function dbBytes(dir, dbPath) {
  if (onPostgres) {
    const dump = spawnSync("pg_dump", ["--data-only", "-d", dbPath], { encoding: "latin1", maxBuffer: 1 << 28 });
    assert.equal(dump.status, 0, dump.stderr);
    return dump.stdout;
  }
  return readdirSync(dir)
    .filter((f) => f.startsWith("haven.db") && !f.endsWith(".documents"))
    .map((f) => readFileSync(path.join(dir, f)).toString("latin1"))
    .join("\n");
}

const now = () => Math.floor(Date.now() / 1000);

// ---- the shared server ----

let haven;
const secrets = new Set([PASSWORD, WRONG]); // nothing here may reach the log or (tokens) the database
const ids = {}; // user ids by role, from sign-in answers
before(async () => {
  haven = await startHaven();
});
after(async () => {
  // normally stopped by the last test; this is for a run cut short
  if (haven) await haven.stop();
});

describe("signing in and out over JSON", () => {
  test("POST /api/v1/session answers 201 with the token and sets no cookie", async () => {
    const res = await signIn(haven, "dsl", { secrets });
    assert.equal(res.status, 201, res.text);
    const b = res.json;
    assert.match(b.token, /^[A-Za-z0-9_-]{43}$/);
    assert.match(b.csrf_token, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(b.token, b.csrf_token);
    assert.equal(b.expires_in, 12 * 60 * 60);
    assert.equal(b.second_factor_needed, false);
    assert.equal(b.user.name, "Dee Safeguarding-Lead");
    assert.deepEqual(b.user.roles, ["dsl"]);
    assert.equal(typeof b.user.id, "number");
    ids.dsl = b.user.id;
    // API clients use the bearer token: a cookie from an API sign-in would allow login CSRF
    assert.equal(res.headers["set-cookie"], undefined, `no Set-Cookie at all: ${res.cookies}`);

    const me = await request(haven.url, "GET", "/api/v1/me", { headers: bearer(b.token) });
    assert.equal(me.status, 200);
    assert.equal(me.json.user.email, email("dsl"));
    assert.equal(me.json.user.id, b.user.id);
  });

  test("a cross-site form posting email and password to /api/v1/session gets 415 and no cookie", async () => {
    const res = await request(haven.url, "POST", "/api/v1/session", {
      headers: { origin: "https://evil.example" },
      form: { email: email("dsl"), password: PASSWORD },
    });
    assert.equal(res.status, 415, res.text);
    assert.equal(res.headers["content-type"], "application/problem+json");
    assert.equal(res.json.status, 415);
    assert.match(res.json.detail, /application\/json/);
    assert.equal(res.headers["set-cookie"], undefined, `no Set-Cookie: ${res.cookies}`);
    assert.ok(!res.text.includes("token"), "no token in the answer");
  });

  test("DELETE /api/v1/session with a bearer token (no CSRF token needed) ends the session", async () => {
    const s = await mustSignIn(haven, "dsl", { secrets });
    const res = await request(haven.url, "DELETE", "/api/v1/session", { headers: bearer(s.token) });
    assert.equal(res.status, 204, res.text);
    const cleared = setCookie(res, "haven_session");
    assert.ok(cleared, "the session cookie is cleared");
    assert.equal(cookieValue(cleared), "");
    assert.equal(cookieAttrs(cleared)["max-age"], "0");
    const me = await request(haven.url, "GET", "/api/v1/me", { headers: bearer(s.token) });
    assert.equal(me.status, 401);
    assert.equal(me.headers["www-authenticate"], "Bearer");
    // and so does the cookie that carried the same token
    const page = await request(haven.url, "GET", "/dashboard", { headers: { cookie: `haven_session=${s.token}` } });
    assert.equal(page.status, 303);
    assert.equal(page.headers.location, "/sign-in");
  });
});

describe("signing in and out with the HTML form", () => {
  test("GET /sign-in sets the anonymous CSRF cookie and puts the same token in the form", async () => {
    const res = await request(haven.url, "GET", "/sign-in");
    assert.equal(res.status, 200);
    const line = setCookie(res, "haven_csrf");
    assert.ok(line, `Set-Cookie haven_csrf: ${res.cookies}`);
    const a = cookieAttrs(line);
    assert.equal(a.httponly, true);
    assert.equal(a.samesite, "Lax");
    assert.equal(a.path, "/");
    assert.equal(a.secure, undefined);
    assert.equal(hiddenCsrf(res.text), cookieValue(line));
  });

  test("POST /sign-in: 303 to /dashboard with the session cookie; POST /sign-out ends it", async () => {
    const form = await request(haven.url, "GET", "/sign-in");
    const csrf = cookieValue(setCookie(form, "haven_csrf"));
    const res = await request(haven.url, "POST", "/sign-in", {
      headers: { cookie: `haven_csrf=${csrf}` },
      form: { email: email("practitioner"), password: PASSWORD, csrf_token: csrf },
    });
    assert.equal(res.status, 303, res.text);
    assert.equal(res.headers.location, "/dashboard");
    const line = setCookie(res, "haven_session");
    assert.ok(line, `Set-Cookie haven_session: ${res.cookies}`);
    const a = cookieAttrs(line);
    assert.equal(a.httponly, true);
    assert.equal(a.samesite, "Lax");
    assert.equal(a.path, "/");
    assert.equal(a.secure, undefined, "no Secure without --secure-cookies");
    assert.equal(a.domain, undefined);
    assert.equal(a["max-age"], undefined, "a browser-session cookie: no Max-Age");
    assert.equal(a.expires, undefined, "a browser-session cookie: no Expires");
    assert.equal(res.headers["strict-transport-security"], undefined, "no HSTS over plain HTTP");
    const token = cookieValue(line);
    secrets.add(token);
    const cookie = `haven_session=${token}`;

    const dash = await request(haven.url, "GET", "/dashboard", { headers: { cookie } });
    assert.equal(dash.status, 200);
    assert.match(dash.text, /Priya Practitioner/);
    const sessionCsrf = hiddenCsrf(dash.text);
    assert.ok(sessionCsrf, "the dashboard's sign-out form carries the session's CSRF token");
    assert.notEqual(sessionCsrf, csrf, "signing in gives the session a CSRF token of its own");
    secrets.add(sessionCsrf);

    // (X-CSRF-Token here; the form field as a browser sends it is tested next)
    const out = await request(haven.url, "POST", "/sign-out", { headers: { cookie, "x-csrf-token": sessionCsrf } });
    assert.equal(out.status, 303, out.text);
    assert.equal(out.headers.location, "/signed-out");
    const cleared = setCookie(out, "haven_session");
    assert.ok(cleared && cookieValue(cleared) === "" && cookieAttrs(cleared)["max-age"] === "0", `cleared: ${cleared}`);
    const again = await request(haven.url, "GET", "/dashboard", { headers: { cookie } });
    assert.equal(again.status, 303);
    assert.equal(again.headers.location, "/sign-in");
  });

  test(
    "the header's sign-out form (csrf_token in the url-encoded body, as a browser sends it) signs out",
    async () => {
      const { cookie, csrf } = await browserSignIn(haven, "practitioner", { secrets });
      const out = await request(haven.url, "POST", "/sign-out", { headers: { cookie }, form: { csrf_token: csrf } });
      assert.equal(out.status, 303, out.text.slice(0, 300));
      assert.equal(out.headers.location, "/signed-out");
      assert.equal((await request(haven.url, "GET", "/api/v1/me", { headers: { cookie } })).status, 401);
    },
  );

  test(
    "the 'End this session' form on /account/sessions (csrf_token in the body) ends that session",
    async () => {
      const { cookie } = await browserSignIn(haven, "practitioner", { secrets });
      const c = await mustSignIn(haven, "practitioner", { secrets });
      const cId = (await request(haven.url, "GET", "/api/v1/sessions", { headers: bearer(c.token) })).json.sessions.find(
        (x) => x.current,
      ).id;
      const page = await request(haven.url, "GET", "/account/sessions", { headers: { cookie } });
      const res = await request(haven.url, "POST", `/account/sessions/${cId}/end`, {
        headers: { cookie },
        form: { csrf_token: hiddenCsrf(page.text) },
      });
      assert.equal(res.status, 303, res.text.slice(0, 300));
      assert.equal(res.headers.location, "/account/sessions");
      assert.equal((await request(haven.url, "GET", "/api/v1/me", { headers: bearer(c.token) })).status, 401);
    },
  );

  test("signing in again in a browser that has a session ends the old one: its token then gets 401", async () => {
    const first = await browserSignIn(haven, "idva", { secrets });
    assert.equal((await request(haven.url, "GET", "/api/v1/me", { headers: bearer(first.token) })).status, 200);
    // the browser still sends its session cookie with the new sign-in
    const second = await browserSignIn(haven, "idva", { cookie: first.cookie, secrets });
    assert.notEqual(second.token, first.token, "a new token at sign-in");
    const old = await request(haven.url, "GET", "/api/v1/me", { headers: bearer(first.token) });
    assert.equal(old.status, 401, `the old token: ${old.text}`);
    assert.equal(old.headers["www-authenticate"], "Bearer");
    const oldPage = await request(haven.url, "GET", "/dashboard", { headers: { cookie: first.cookie } });
    assert.equal(oldPage.status, 303);
    assert.equal(oldPage.headers.location, "/sign-in");
    const me = await request(haven.url, "GET", "/api/v1/me", { headers: bearer(second.token) });
    assert.equal(me.status, 200);
    assert.equal(me.json.user.email, email("idva"));
    // a session of the same person in another browser (no cookie sent) is left alone
    const elsewhere = await mustSignIn(haven, "idva", { secrets });
    await browserSignIn(haven, "idva", { secrets });
    assert.equal((await request(haven.url, "GET", "/api/v1/me", { headers: bearer(elsewhere.token) })).status, 200);
    assert.equal((await request(haven.url, "GET", "/api/v1/me", { headers: bearer(second.token) })).status, 200);
  });

  test("a sign-in form post without the matching CSRF cookie and token is refused (403)", async () => {
    const form = await request(haven.url, "GET", "/sign-in");
    const csrf = cookieValue(setCookie(form, "haven_csrf"));
    const other = cookieValue(setCookie(await request(haven.url, "GET", "/sign-in"), "haven_csrf"));
    const creds = { email: email("practitioner"), password: PASSWORD };
    const cases = [
      { what: "no cookie, no token", headers: {}, form: creds },
      { what: "token but no cookie", headers: {}, form: { ...creds, csrf_token: csrf } },
      { what: "cookie but no token", headers: { cookie: `haven_csrf=${csrf}` }, form: creds },
      { what: "another browser's token", headers: { cookie: `haven_csrf=${csrf}` }, form: { ...creds, csrf_token: other } },
    ];
    for (const c of cases) {
      const res = await request(haven.url, "POST", "/sign-in", { headers: c.headers, form: c.form });
      assert.equal(res.status, 403, `${c.what}: ${res.status}`);
      assert.equal(setCookie(res, "haven_session"), undefined, `${c.what}: no session`);
    }
  });
});

describe("wrong passwords and unknown emails", () => {
  // From an address of its own, so these failures do not count against the other tests.
  const localAddress = "127.0.0.2";

  test("a wrong password and an unknown email get the same answer (JSON and form)", async () => {
    const wrong = await request(haven.url, "POST", "/api/v1/session", {
      json: { email: email("dsl"), password: WRONG },
      localAddress,
    });
    const unknown = await request(haven.url, "POST", "/api/v1/session", {
      json: { email: "nobody-here@demo.haven.example", password: WRONG },
      localAddress,
    });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.text, unknown.text, "the same body");
    assert.equal(wrong.headers["content-type"], unknown.headers["content-type"]);
    assert.equal(wrong.json.detail, "Enter a correct email address and password");
    assert.equal(setCookie(wrong, "haven_session"), undefined);
    assert.equal(setCookie(unknown, "haven_session"), undefined);

    const page = await request(haven.url, "GET", "/sign-in", { localAddress });
    const csrf = cookieValue(setCookie(page, "haven_csrf"));
    const post = (mail) =>
      request(haven.url, "POST", "/sign-in", {
        headers: { cookie: `haven_csrf=${csrf}` },
        form: { email: mail, password: WRONG, csrf_token: csrf },
        localAddress,
      });
    const fWrong = await post(email("dsl"));
    const fUnknown = await post("nobody-here@demo.haven.example");
    assert.equal(fWrong.status, 401);
    assert.equal(fUnknown.status, 401);
    assert.match(fWrong.text, /Enter a correct email address and password/);
    // the same page but for the email typed, which the form shows again
    const strip = (html) => html.replaceAll("nobody-here@demo.haven.example", "EMAIL").replaceAll(email("dsl"), "EMAIL");
    assert.equal(strip(fWrong.text), strip(fUnknown.text));
    for (const r of [wrong, unknown, fWrong, fUnknown]) assert.ok(!r.text.includes(WRONG), "the password is not shown again");
  });
});

describe("CSRF protection of cookie sessions", () => {
  test("POST /sign-out with the session cookie but no CSRF token is refused, and the session still works", async () => {
    const s = await browserSignIn(haven, "dsl", { secrets });
    const cookie = s.cookie;
    const no = await request(haven.url, "POST", "/sign-out", { headers: { cookie } });
    assert.equal(no.status, 403, no.text);
    const wrongToken = await request(haven.url, "POST", "/sign-out", {
      headers: { cookie, "x-csrf-token": s.csrf.replace(/^./, (c) => (c === "A" ? "B" : "A")) },
    });
    assert.equal(wrongToken.status, 403);
    const other = await browserSignIn(haven, "dsl", { secrets });
    const othersToken = await request(haven.url, "POST", "/sign-out", { headers: { cookie, "x-csrf-token": other.csrf } });
    assert.equal(othersToken.status, 403, "another session's CSRF token does not do");
    const me = await request(haven.url, "GET", "/api/v1/me", { headers: { cookie } });
    assert.equal(me.status, 200, "the session was not ended");

    const yes = await request(haven.url, "POST", "/sign-out", { headers: { cookie, "x-csrf-token": s.csrf } });
    assert.equal(yes.status, 303, yes.text);
    assert.equal(yes.headers.location, "/signed-out");
    const afterOut = await request(haven.url, "GET", "/api/v1/me", { headers: { cookie } });
    assert.equal(afterOut.status, 401);
    // the other session is untouched
    assert.equal((await request(haven.url, "GET", "/api/v1/me", { headers: bearer(other.token) })).status, 200);
  });

  test("cookie-authenticated API requests that change things need X-CSRF-Token", async () => {
    const s = await browserSignIn(haven, "police", { secrets });
    const cookie = s.cookie;
    const post = await request(haven.url, "POST", "/api/v1/session/second-factor", {
      headers: { cookie },
      json: { code: "123456" },
    });
    assert.equal(post.status, 403, `POST without X-CSRF-Token: ${post.text}`);
    const del = await request(haven.url, "DELETE", "/api/v1/session", { headers: { cookie } });
    assert.equal(del.status, 403, `DELETE without X-CSRF-Token: ${del.text}`);
    const mine = await request(haven.url, "GET", "/api/v1/sessions", { headers: { cookie } });
    assert.equal(mine.status, 200, "reads need no CSRF token");
    const current = mine.json.sessions.find((x) => x.current);
    const end = await request(haven.url, "DELETE", `/api/v1/sessions/${current.id}`, { headers: { cookie } });
    assert.equal(end.status, 403);
    assert.equal((await request(haven.url, "GET", "/api/v1/me", { headers: { cookie } })).status, 200, "still signed in");

    const ok = await request(haven.url, "DELETE", "/api/v1/session", { headers: { cookie, "x-csrf-token": s.csrf } });
    assert.equal(ok.status, 204, ok.text);
    assert.equal((await request(haven.url, "GET", "/api/v1/me", { headers: { cookie } })).status, 401);
  });

  test("bearer requests need no CSRF token", async () => {
    const s = await mustSignIn(haven, "idva", { secrets });
    const res = await request(haven.url, "POST", "/sign-out", { headers: bearer(s.token) });
    assert.equal(res.status, 303, res.text);
    assert.equal((await request(haven.url, "GET", "/api/v1/me", { headers: bearer(s.token) })).status, 401);
  });
});

describe("tokens that must not work", () => {
  test("an unknown (stolen-looking) or malformed token gets 401, and pages send it to sign in", async () => {
    const fake = Buffer.alloc(32, 7).toString("base64url"); // 43 characters, like a real token
    const real = (await mustSignIn(haven, "partnership", { secrets })).token;
    const tampered = real.slice(0, -1) + (real.endsWith("A") ? "B" : "A");
    for (const t of [fake, tampered, real + "A", real.slice(0, 20), "", "null", "' OR 1=1 --"]) {
      const res = await request(haven.url, "GET", "/api/v1/me", { headers: { authorization: `Bearer ${t}` } });
      assert.equal(res.status, 401, `Bearer ${JSON.stringify(t)}`);
      assert.equal(res.headers["www-authenticate"], "Bearer");
      const page = await request(haven.url, "GET", "/dashboard", { headers: { cookie: `haven_session=${encodeURIComponent(t)}` } });
      assert.equal(page.status, 303, `cookie ${JSON.stringify(t)}`);
      assert.equal(page.headers.location, "/sign-in");
    }
    assert.equal((await request(haven.url, "GET", "/api/v1/me", { headers: bearer(real) })).status, 200);
  });

  test("tokens are not accepted in the query string", async () => {
    const s = await mustSignIn(haven, "partnership", { secrets });
    for (const name of ["token", "access_token", "session", "haven_session", "bearer", "auth"]) {
      const res = await request(haven.url, "GET", `/api/v1/me?${name}=${s.token}`);
      assert.equal(res.status, 401, `?${name}=TOKEN`);
      const page = await request(haven.url, "GET", `/dashboard?${name}=${s.token}`);
      assert.equal(page.status, 303, `/dashboard?${name}=TOKEN`);
      assert.equal(page.headers.location, "/sign-in");
    }
  });
});

describe("a person's own sessions", () => {
  test("list your sessions, end another of your own (its token then gets 401), but not someone else's (404)", async () => {
    const a = await browserSignIn(haven, "practitioner", { secrets }); // a browser: cookie and bearer alike
    const b = await mustSignIn(haven, "practitioner", { secrets });
    const p = await mustSignIn(haven, "police", { secrets });
    const list = await request(haven.url, "GET", "/api/v1/sessions", { headers: bearer(a.token) });
    assert.equal(list.status, 200);
    const sessions = list.json.sessions;
    assert.ok(sessions.length >= 2, `at least the two sessions: ${list.text}`);
    for (const s of sessions) {
      assert.deepEqual(Object.keys(s).sort(), ["client_address", "created_at", "current", "id", "last_seen_at", "user_agent"].sort());
    }
    assert.equal(sessions.filter((s) => s.current).length, 1);
    for (const t of [a.token, b.token, a.csrf, b.csrf_token]) assert.ok(!list.text.includes(t), "no token in the list");
    const aId = sessions.find((s) => s.current).id;
    const bList = await request(haven.url, "GET", "/api/v1/sessions", { headers: bearer(b.token) });
    const bId = bList.json.sessions.find((s) => s.current).id;
    assert.notEqual(aId, bId);
    assert.ok(sessions.some((s) => s.id === bId), "A's list includes B");
    const pId = (await request(haven.url, "GET", "/api/v1/sessions", { headers: bearer(p.token) })).json.sessions.find(
      (s) => s.current,
    ).id;
    assert.ok(!sessions.some((s) => s.id === pId), "someone else's session is not listed");

    // someone else's: 404, and it still works
    const theirs = await request(haven.url, "DELETE", `/api/v1/sessions/${pId}`, { headers: bearer(a.token) });
    assert.equal(theirs.status, 404, theirs.text);
    const theirsPage = await request(haven.url, "POST", `/account/sessions/${pId}/end`, {
      headers: { cookie: a.cookie, "x-csrf-token": a.csrf },
    });
    assert.equal(theirsPage.status, 404);
    assert.equal((await request(haven.url, "GET", "/api/v1/me", { headers: bearer(p.token) })).status, 200);

    // another of my own: ended
    const mine = await request(haven.url, "DELETE", `/api/v1/sessions/${bId}`, { headers: bearer(a.token) });
    assert.equal(mine.status, 204, mine.text);
    assert.equal((await request(haven.url, "GET", "/api/v1/me", { headers: bearer(b.token) })).status, 401);
    assert.equal((await request(haven.url, "GET", "/api/v1/me", { headers: bearer(a.token) })).status, 200);
    const afterEnd = await request(haven.url, "GET", "/api/v1/sessions", { headers: bearer(a.token) });
    assert.ok(!afterEnd.json.sessions.some((s) => s.id === bId), "the ended session is no longer listed");
    // ending it again: it is no longer there
    assert.equal((await request(haven.url, "DELETE", `/api/v1/sessions/${bId}`, { headers: bearer(a.token) })).status, 404);

    // from /account/sessions, with the token its form carries
    const c = await mustSignIn(haven, "practitioner", { secrets });
    const cId = (await request(haven.url, "GET", "/api/v1/sessions", { headers: bearer(c.token) })).json.sessions.find(
      (s) => s.current,
    ).id;
    const page = await request(haven.url, "GET", "/account/sessions", { headers: { cookie: a.cookie } });
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`/account/sessions/${cId}/end`));
    const formEnd = await request(haven.url, "POST", `/account/sessions/${cId}/end`, {
      headers: { cookie: a.cookie, "x-csrf-token": hiddenCsrf(page.text) },
    });
    assert.equal(formEnd.status, 303, formEnd.text);
    assert.equal(formEnd.headers.location, "/account/sessions");
    assert.equal((await request(haven.url, "GET", "/api/v1/me", { headers: bearer(c.token) })).status, 401);
  });
});

describe("the audit trail, the database and the log", () => {
  test("reading a child's record works for a related agency", async () => {
    const s = await mustSignIn(haven, "dsl", { secrets });
    ids.dsl = s.user.id;
    const res = await request(haven.url, "GET", "/api/v1/children/1", { headers: bearer(s.token) });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.child.id, 1);
    const unrelated = await request(haven.url, "GET", "/api/v1/children/2", { headers: bearer(s.token) });
    assert.equal(unrelated.status, 404);
  });

  test("after stopping: audit rows, no token in the database, no secret in the log", async (t) => {
    const stderr = haven.stderrLines().join("\n");
    const dir = haven.dir;
    const dbPath = haven.dbPath;
    assert.equal(await haven.stop({ keepDir: true }), 0);
    haven = null;
    try {
      // child.read, with who read it
      const reads = sql(dbPath, "SELECT user_id, agency_id, resource_type, resource_id FROM audit_log WHERE action = 'child.read'");
      assert.ok(
        reads.some((r) => r.user_id === ids.dsl && r.resource_type === "child" && r.resource_id === "1" && r.agency_id),
        `a child.read row for user ${ids.dsl}: ${JSON.stringify(reads)}`,
      );
      // the failed sign-ins from 127.0.0.2: two for the known email (its user id), two for the unknown one (none)
      const failed = sql(dbPath, "SELECT user_id FROM audit_log WHERE action = 'sign_in_failed' AND client_address = '127.0.0.2'");
      assert.equal(failed.length, 4, JSON.stringify(failed));
      assert.equal(failed.filter((r) => r.user_id === ids.dsl).length, 2);
      assert.equal(failed.filter((r) => r.user_id === null).length, 2);
      // the typed passwords are nowhere in the database
      const bytes = dbBytes(dir, dbPath);
      assert.ok(!bytes.includes(WRONG), "a typed password is not in the database");
      assert.ok(!bytes.includes(PASSWORD), "the password is not in the database in clear");
      // session tokens are stored only as hashes
      const tokens = sql(dbPath, "SELECT count(*) AS n FROM sessions")[0].n;
      assert.ok(tokens >= 10, `sessions were created (${tokens})`);
      const csrfInDb = new Set(sql(dbPath, "SELECT csrf_token FROM sessions").map((r) => r.csrf_token));
      for (const s of secrets) {
        if (csrfInDb.has(s) || s === PASSWORD || s === WRONG) continue; // CSRF tokens are kept by design
        assert.ok(!bytes.includes(s), `a session token is in the database in clear: ${s.slice(0, 6)}...`);
      }
      // and no secret reaches the log
      assert.ok(stderr.length > 0, "the server logged something");
      for (const s of secrets) assert.ok(!stderr.includes(s), `a secret is in the server log: ${s.slice(0, 6)}...`);

      // the hash chain, if `haven audit verify` exists yet
      const help = spawnSync(havenBin(), ["--help"], { encoding: "utf8" });
      if (!/^\s+audit\b/m.test(help.stdout + help.stderr)) {
        t.skip("`haven audit verify` does not exist in this build: hash chain not checked");
        return;
      }
      const verify = spawnSync(havenBin(), ["audit", "verify", "--db", dbPath], { encoding: "utf8", timeout: 60_000 });
      assert.equal(verify.status, 0, `haven audit verify: ${verify.stdout}${verify.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---- servers of their own ----

describe("--secure-cookies", () => {
  let h;
  before(async () => {
    h = await startHaven({ args: ["--secure-cookies"] });
  });
  after(async () => {
    if (h) assert.equal(await h.stop(), 0);
  });

  test("the API sign-in sets no cookie, under either name", async () => {
    const res = await signIn(h, "dsl");
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers["set-cookie"], undefined, `no Set-Cookie: ${res.cookies}`);
  });

  test("the form sign-in sets __Host-haven_session; Secure; Path=/ and no Domain, and the CSRF cookie is __Host- and Secure too", async () => {
    const form = await request(h.url, "GET", "/sign-in");
    assert.equal(setCookie(form, "haven_csrf"), undefined, "not the plain CSRF cookie name");
    const csrfLine = setCookie(form, "__Host-haven_csrf");
    assert.ok(csrfLine, `Set-Cookie __Host-haven_csrf: ${form.cookies}`);
    assert.equal(cookieAttrs(csrfLine).secure, true);
    assert.equal(cookieAttrs(csrfLine).path, "/");
    assert.equal(cookieAttrs(csrfLine).domain, undefined);
    const csrf = cookieValue(csrfLine);
    assert.equal(hiddenCsrf(form.text), csrf);
    const res = await request(h.url, "POST", "/sign-in", {
      headers: { cookie: `__Host-haven_csrf=${csrf}` },
      form: { email: email("dsl"), password: PASSWORD, csrf_token: csrf },
    });
    assert.equal(res.status, 303, res.text);
    assert.equal(res.headers.location, "/dashboard");
    assert.equal(setCookie(res, "haven_session"), undefined, "not the plain name");
    const line = setCookie(res, "__Host-haven_session");
    assert.ok(line, `Set-Cookie __Host-haven_session: ${res.cookies}`);
    const a = cookieAttrs(line);
    assert.equal(a.secure, true);
    assert.equal(a.path, "/");
    assert.equal(a.domain, undefined);
    assert.equal(a.httponly, true);
    assert.equal(a.samesite, "Lax");
    assert.equal(a["max-age"], undefined, "a browser-session cookie: no Max-Age");
    const token = cookieValue(line);
    assert.equal((await request(h.url, "GET", "/api/v1/me", { headers: { cookie: `__Host-haven_session=${token}` } })).status, 200);
    assert.equal(
      (await request(h.url, "GET", "/api/v1/me", { headers: { cookie: `haven_session=${token}` } })).status,
      401,
      "the plain cookie name is not read when cookies are secure",
    );
  });

  test("every answer (pages, API, errors, assets) carries Strict-Transport-Security", async () => {
    for (const path of ["/", "/sign-in", "/api/v1/areas", "/no-such-page", "/api/v1/no-such", "/healthz"]) {
      const res = await request(h.url, "GET", path);
      assert.equal(res.headers["strict-transport-security"], "max-age=31536000", `${path} (${res.status})`);
    }
  });

  test("signing in again in the same browser (__Host- cookie) ends the old session", async () => {
    const first = await browserSignIn(h, "police", { cookieName: "__Host-haven_session" });
    const second = await browserSignIn(h, "police", { cookie: first.cookie, cookieName: "__Host-haven_session" });
    assert.notEqual(second.token, first.token);
    assert.equal((await request(h.url, "GET", "/api/v1/me", { headers: bearer(first.token) })).status, 401);
    assert.equal((await request(h.url, "GET", "/api/v1/me", { headers: bearer(second.token) })).status, 200);
  });
});

describe("throttling sign-in", () => {
  test("per email: 4 failures are free, the 5th gets 429 with Retry-After, and waits double; the right password is refused during a wait", async () => {
    const h = await startHaven();
    try {
      const attempt = (password = WRONG) => signIn(h, "practitioner", { password });
      for (let i = 1; i <= 4; i++) {
        const r = await attempt();
        assert.equal(r.status, 401, `failure ${i}`);
        assert.equal(r.headers["retry-after"], undefined);
      }
      const fifth = await attempt();
      assert.equal(fifth.status, 429, `failure 5: ${fifth.text}`);
      const wait5 = Number(fifth.headers["retry-after"]);
      assert.ok(Number.isInteger(wait5) && wait5 >= 1 && wait5 <= 2, `Retry-After ${fifth.headers["retry-after"]}`);
      assert.match(fifth.json.detail, /too many times/);
      await sleep(wait5 * 1000 + 1100);
      const sixth = await attempt();
      assert.equal(sixth.status, 429);
      const wait6 = Number(sixth.headers["retry-after"]);
      assert.ok(wait6 >= 1 && wait6 <= 2, `Retry-After after the 6th failure: ${wait6}`);
      await sleep(wait6 * 1000 + 1100);
      const seventh = await attempt();
      assert.equal(seventh.status, 429);
      const wait7 = Number(seventh.headers["retry-after"]);
      assert.ok(wait7 >= 3 && wait7 <= 4, `Retry-After after the 7th failure: ${wait7}`);
      // the right password now: still refused, without saying whether it was right
      const right = await attempt(PASSWORD);
      assert.equal(right.status, 429, `the right password during the wait: ${right.text}`);
      assert.ok(Number(right.headers["retry-after"]) >= 1);
      assert.equal(setCookie(right, "haven_session"), undefined);
      const rows = sql(h.dbPath, "SELECT key, failures FROM sign_in_failures ORDER BY key");
      assert.deepEqual(rows, [
        { key: "address:127.0.0.1", failures: 7 },
        { key: `email:${email("practitioner")}`, failures: 7 },
      ]);
      // after the wait the right password works, and the account's count is forgiven (not the address's)
      let ok;
      const deadline = Date.now() + 15_000;
      do {
        await sleep(500);
        ok = await attempt(PASSWORD);
      } while (ok.status === 429 && Date.now() < deadline);
      assert.equal(ok.status, 201, ok.text);
      assert.deepEqual(sql(h.dbPath, "SELECT key, failures FROM sign_in_failures"), [{ key: "address:127.0.0.1", failures: 7 }]);
    } finally {
      await h.stop({ keepDir: true });
      try {
        const refused = sql(h.dbPath, "SELECT count(*) AS n FROM audit_log WHERE action = 'sign_in_refused_throttled'")[0].n;
        assert.ok(refused >= 1, "refusals during a wait are audited");
        assert.equal(sql(h.dbPath, "SELECT count(*) AS n FROM audit_log WHERE action = 'sign_in_failed'")[0].n, 7);
      } finally {
        rmSync(h.dir, { recursive: true, force: true });
      }
    }
  });

  test("parallel guesses cannot all pass the check: each waits its turn and reads the failures before it", async () => {
    const h = await startHaven();
    try {
      // a well-formed token naming no session: its lookup is the request's first read, made before the
      // guess waits its turn for the email, so the throttle must be read afresh after the wait
      const junk = bearer("A".repeat(43));
      const guess = (localAddress) =>
        request(h.url, "POST", "/api/v1/session", { json: { email: email("frontdoor"), password: WRONG }, headers: junk, localAddress });
      for (let i = 1; i <= 4; i++) assert.equal((await guess(`127.0.0.${20 + i}`)).status, 401, `failure ${i}`);
      for (let i = 5; i <= 6; i++) {
        const r = await guess(`127.0.0.${20 + i}`);
        assert.equal(r.status, 429, `failure ${i}: ${r.text}`);
        await sleep(Number(r.headers["retry-after"]) * 1000 + 1100);
      }
      // the 7th failure waits 4 s: the rest of a burst sent at once must find that wait, not guess again
      const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => guess(`127.0.0.${40 + i}`)));
      assert.deepEqual(burst.map((r) => r.status), Array(8).fill(429));
      const rows = sql(h.dbPath, `SELECT failures FROM sign_in_failures WHERE key = 'email:${email("frontdoor")}'`);
      assert.deepEqual(rows, [{ failures: 7 }], "one guess of the burst had its password checked");
    } finally {
      await h.stop();
    }
  });

  test("per email, from different addresses: the 5th failure for one email waits wherever it comes from", async () => {
    const h = await startHaven();
    try {
      for (let i = 1; i <= 4; i++) {
        const r = await signIn(h, "police", { password: WRONG, localAddress: `127.0.0.${10 + i}` });
        assert.equal(r.status, 401, `failure ${i}`);
      }
      const r = await signIn(h, "police", { password: WRONG, localAddress: "127.0.0.15" });
      assert.equal(r.status, 429, r.text);
      assert.ok(Number(r.headers["retry-after"]) >= 1);
      const rows = sql(h.dbPath, "SELECT key, failures FROM sign_in_failures WHERE key LIKE 'email:%'");
      assert.deepEqual(rows, [{ key: `email:${email("police")}`, failures: 5 }]);
    } finally {
      await h.stop();
    }
  });

  test("the 10th failure locks the email for 15 minutes, even for the right password", async () => {
    const h = await startHaven();
    try {
      // Nine failures that no longer make anyone wait, as if they had been spread out:
      // doing them for real would take half a minute of waits.
      const t = now();
      sql(
        h.dbPath,
        `INSERT INTO sign_in_failures (key, failures, last_failure_at, locked_until)
         VALUES ('email:${email("police")}', 9, ${t - 30}, ${t - 14})`,
      );
      const ok = await signIn(h, "dsl"); // the lock is on the email, not on everyone
      assert.equal(ok.status, 201);
      const tenth = await signIn(h, "police", { password: WRONG, localAddress: "127.0.0.21" });
      assert.equal(tenth.status, 429, tenth.text);
      const wait = Number(tenth.headers["retry-after"]);
      assert.ok(wait > 14 * 60 && wait <= 15 * 60, `locked for 15 minutes: Retry-After ${wait}`);
      const [row] = sql(h.dbPath, `SELECT failures, locked_until FROM sign_in_failures WHERE key = 'email:${email("police")}'`);
      assert.equal(row.failures, 10);
      assert.ok(row.locked_until >= t + 14 * 60 && row.locked_until <= now() + 15 * 60 + 1, JSON.stringify(row));
      const right = await signIn(h, "police", { localAddress: "127.0.0.22" });
      assert.equal(right.status, 429, `the right password while locked: ${right.text}`);
      assert.ok(Number(right.headers["retry-after"]) > 14 * 60);
      // another account from the same address is not locked
      assert.equal((await signIn(h, "idva", { localAddress: "127.0.0.21" })).status, 201);
      const locked = sql(h.dbPath, "SELECT user_id FROM audit_log WHERE action = 'sign_in_locked'");
      assert.equal(locked.length, 1, "the lock is audited");
      assert.ok(locked[0].user_id, "with whose account was locked");
    } finally {
      await h.stop();
    }
  });

  // An address may be many people (an office, a proxy): it has 20 free failures, not 4.
  const ADDRESS_FREE_FAILURES = 20;

  test("per address: failures across different emails (known or not) make that address wait", async () => {
    const h = await startHaven();
    try {
      const localAddress = "127.0.0.31";
      const tries = [email("admin"), email("partnership")];
      for (let i = 1; tries.length < ADDRESS_FREE_FAILURES; i++) tries.push(`nobody${i}@demo.haven.example`);
      for (const mail of tries) {
        const r = await request(h.url, "POST", "/api/v1/session", { json: { email: mail, password: WRONG }, localAddress });
        assert.equal(r.status, 401, mail);
      }
      const fifth = await request(h.url, "POST", "/api/v1/session", {
        json: { email: "nobody-more@demo.haven.example", password: WRONG },
        localAddress,
      });
      assert.equal(fifth.status, 429, "the 21st failure from one address, with a 21st email");
      await sleep(Number(fifth.headers["retry-after"]) * 1000 + 1100);
      const sixth = await request(h.url, "POST", "/api/v1/session", { json: { email: email("scrutineer"), password: WRONG }, localAddress });
      assert.equal(sixth.status, 429);
      const wait6 = Number(sixth.headers["retry-after"]);
      assert.ok(wait6 >= 1 && wait6 <= 2, `Retry-After after the 22nd failure: ${wait6}`);
      await sleep(Number(sixth.headers["retry-after"]) * 1000 + 1100);
      const seventh = await request(h.url, "POST", "/api/v1/session", { json: { email: "nobody-last@demo.haven.example", password: WRONG }, localAddress });
      assert.equal(seventh.status, 429);
      assert.ok(Number(seventh.headers["retry-after"]) >= 3);
      // an account with no failures of its own, from the waiting address: refused
      const right = await signIn(h, "idva", { localAddress });
      assert.equal(right.status, 429, `the right password from the waiting address: ${right.text}`);
      // the same account from another address: fine
      assert.equal((await signIn(h, "idva", { localAddress: "127.0.0.32" })).status, 201);
      const [row] = sql(h.dbPath, `SELECT failures FROM sign_in_failures WHERE key = 'address:${localAddress}'`);
      assert.equal(row.failures, ADDRESS_FREE_FAILURES + 3);
    } finally {
      await h.stop();
    }
  });

  test(
    "per address: one successful sign-in does not wipe the address's failures with other emails",
    async () => {
      const h = await startHaven();
      try {
        const localAddress = "127.0.0.41";
        for (let i = 1; i <= ADDRESS_FREE_FAILURES; i++) {
          const r = await request(h.url, "POST", "/api/v1/session", {
            json: { email: `nobody${i}@demo.haven.example`, password: WRONG },
            localAddress,
          });
          assert.equal(r.status, 401);
        }
        assert.equal((await signIn(h, "dsl", { localAddress })).status, 201);
        const fifth = await request(h.url, "POST", "/api/v1/session", {
          json: { email: "nobody-more@demo.haven.example", password: WRONG },
          localAddress,
        });
        assert.equal(fifth.status, 429, "the address's 21st failure still makes it wait");
      } finally {
        await h.stop();
      }
    },
  );
});

describe("session timeouts", () => {
  test("--session-idle 2: a token works, and after ~3 s unused it gets 401", async () => {
    const h = await startHaven({ args: ["--session-idle", "2"] });
    try {
      const s = await browserSignIn(h, "dsl");
      assert.equal((await request(h.url, "GET", "/api/v1/me", { headers: bearer(s.token) })).status, 200);
      await sleep(4000);
      const res = await request(h.url, "GET", "/api/v1/me", { headers: bearer(s.token) });
      assert.equal(res.status, 401, "idle for longer than --session-idle");
      const page = await request(h.url, "GET", "/dashboard", { headers: { cookie: s.cookie } });
      assert.equal(page.status, 303);
      assert.equal(page.headers.location, "/sign-in");
    } finally {
      await h.stop();
    }
  });

  test(
    "--session-idle 3: a session used every second stays signed in past 3 s",
    async () => {
      const h = await startHaven({ args: ["--session-idle", "3"] });
      try {
        const s = await mustSignIn(h, "dsl");
        for (let i = 0; i < 7; i++) {
          const res = await request(h.url, "GET", "/api/v1/me", { headers: bearer(s.token) });
          assert.equal(res.status, 200, `use ${i + 1}, ${i} s after signing in`);
          await sleep(1000);
        }
      } finally {
        await h.stop();
      }
    },
  );

  test("--session-absolute 3: used every second, it still expires after ~3 s", async () => {
    const h = await startHaven({ args: ["--session-absolute", "3"] });
    try {
      const s = await mustSignIn(h, "dsl");
      assert.equal(s.expires_in, 3);
      const started = Date.now();
      const seen = [];
      for (;;) {
        const res = await request(h.url, "GET", "/api/v1/me", { headers: bearer(s.token) });
        seen.push(res.status);
        if (res.status === 401) break;
        assert.equal(res.status, 200);
        assert.ok(Date.now() - started < 10_000, `still signed in after 10 s: ${seen}`);
        await sleep(1000);
      }
      assert.equal(seen[0], 200, "the token worked at first");
      assert.ok(Date.now() - started >= 1500, `expired too soon: ${seen}`);
      // and it stays expired
      await sleep(500);
      assert.equal((await request(h.url, "GET", "/api/v1/me", { headers: bearer(s.token) })).status, 401);
    } finally {
      await h.stop();
    }
  });
});
