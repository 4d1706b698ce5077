// HTTP and database helpers shared by the tests in tests/http/ (and the
// browser tests that read the database): one way to sign in as a demo user,
// send a request with a bearer token, JSON or a form, read the field errors
// of a problem answer, compute a second-factor code, and query the test
// database with the sqlite3 command-line tool (or, when the tests run on
// PostgreSQL and dbPath is a postgresql:// URL, with psql: the same output).
//
//   let haven;                          // set in before() by startHaven()
//   const api = apiClient(() => haven); // the server is looked up per request
//   const { call, post } = api;
//   const r = await post("practitioner", "/api/v1/children", { ... });
//   assert.deepEqual(errorFields(r.body), ["given_name"]);
//   const sql = (query) => sqlText(haven.dbPath, query);
//
// Not a test file: node --test only runs *.test.mjs.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

/** The password of every demo account (src/areas/accounts/demo.c). */
export const DEMO_PASSWORD = "demo-password-for-haven";

/** The email of demo account `who` ("dsl" -> dsl@demo.haven.example); an email is returned as it is. */
export function demoEmail(who) {
  return who.includes("@") ? who : `${who}@demo.haven.example`;
}

/** Headers and body for a request that sends `json` (a value) or `form` (an object, url-encoded). */
function encodeBody({ json, form, body }, headers) {
  if (json !== undefined) {
    headers["content-type"] = "application/json";
    return JSON.stringify(json);
  }
  if (form !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    return new URLSearchParams(form).toString();
  }
  return body;
}

/** `text` parsed as JSON, or null when it is not JSON (a page, a file, nothing). */
export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Lets the event loop poll its sockets before a request. After a test has blocked the loop (spawnSync of
 * a slow command), fetch would otherwise reuse a kept-alive connection the server closed meanwhile, before
 * seeing its close ("other side closed", "fetch failed"). A timer alone is not enough (it can fire before
 * the next poll, since the loop's clock was read before the block); an immediate after it runs only once
 * a poll has passed. Every test client calls it before each request.
 */
export async function letSocketsSettle() {
  await sleep(0);
  await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A client for the API of the server `server()` returns (a startHaven()
 * result; a function because the server is started in before()). Requests
 * are sent with fetch, do not follow redirects and time out after timeoutMs.
 * Demo users sign in once each (POST /api/v1/session) and their bearer
 * tokens are kept; `passwords` gives the password of any other account
 * (by email) the tests create.
 *
 * Returns:
 *  - request(path, { token, method, json, form, body, headers, redirect }):
 *    the fetch Response;
 *  - token(who): the bearer token of `who` (a demo name such as "dsl", or an
 *    email), signing in the first time; asserts the sign-in answered 201
 *    with no second factor to give;
 *  - call(who, path, { method, json, form, body, headers }): the request as
 *    `who` (null or undefined: nobody signed in), resolving to
 *    { status, body (parsed JSON or null), text, headers };
 *  - post(who, path, json = {}): call() with POST and a JSON body.
 */
export function apiClient(server, { timeoutMs = 10_000, passwords = {} } = {}) {
  const tokens = new Map();

  async function request(path, { token, method = "GET", json, form, body, headers = {}, redirect = "manual" } = {}) {
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    const data = encodeBody({ json, form, body }, h);
    await letSocketsSettle();
    return fetch(server().url + path, {
      method,
      headers: h,
      body: data,
      redirect,
      signal: AbortSignal.timeout(timeoutMs),
    });
  }

  async function token(who) {
    const email = demoEmail(who);
    if (tokens.has(email)) return tokens.get(email);
    const res = await request("/api/v1/session", {
      method: "POST",
      json: { email, password: passwords[email] ?? DEMO_PASSWORD },
    });
    const text = await res.text();
    assert.equal(res.status, 201, `${who} signs in: ${text}`);
    const answer = JSON.parse(text);
    assert.notEqual(answer.second_factor_needed, true, `${who} signs in without a second factor`);
    tokens.set(email, answer.token);
    return answer.token;
  }

  async function call(who, path, options = {}) {
    const res = await request(path, { ...options, token: who ? await token(who) : undefined });
    const text = await res.text();
    return { status: res.status, body: parseJson(text), text, headers: res.headers };
  }

  const post = (who, path, json = {}) => call(who, path, { method: "POST", json });

  return { request, token, call, post };
}

/** The fields named by a problem answer's errors, in the order given ([] when there are none). */
export function errorFields(body) {
  return (body?.errors ?? []).map((e) => e.field);
}

/**
 * One request on a connection of its own (node:http, no agent), so
 * connection limits and keep-alive never matter, from `localAddress` if
 * given (another 127.0.0.0/8 address is routed over loopback). opts: token
 * (bearer), headers, json, form, body, localAddress, timeoutMs. Resolves to
 * { status, headers, text, json (parsed or null), cookies (the Set-Cookie lines) }.
 */
export function requestOn(base, method, urlPath, { token, headers = {}, json, form, body, localAddress, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(urlPath, base);
    const h = { connection: "close", ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    const data = encodeBody({ json, form, body }, h);
    if (data !== undefined) h["content-length"] = Buffer.byteLength(data);
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        headers: h,
        agent: false,
        localAddress,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode,
            headers: res.headers,
            text,
            json: parseJson(text),
            cookies: res.headers["set-cookie"] ?? [],
          });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
    req.on("error", reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

// ---- second factor (RFC 6238 with HMAC-SHA1, 30-second steps, 6 digits, as authenticator apps do) ----

function base32Decode(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[\s=]/g, "").toUpperCase()) {
    const i = alphabet.indexOf(c);
    if (i < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 30-second time step (RFC 6238 T) that the instant `ms` (epoch milliseconds) falls in. */
export const totpStep = (ms = Date.now()) => Math.floor(ms / 1000 / 30);

/** The six-digit code for the base32 `secret` at time step `step`. */
export function totpAt(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(n).padStart(6, "0");
}

/** The six-digit code for the base32 `secret` at the instant `ms` (default now). */
export const totp = (secret, ms = Date.now()) => totpAt(secret, totpStep(ms));

// ---- the database (the sqlite3 command-line tool; WAL lets it read and write while haven runs) ----
// On PostgreSQL (dbPath a postgresql:// URL: tests/lib/haven.mjs) psql runs the
// query instead and prints what sqlite3 prints: columns separated by |, NULL as
// nothing, one row a line; sqlRows gathers its rows with json_agg, typed.

const isPostgresUrl = (dbPath) => /^postgres(ql)?:\/\//.test(dbPath);

function psql(dbPath, query) {
  const r = spawnSync("psql", ["-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-d", dbPath], {
    // sqlite3's own commands (.timeout) and SQLite's kinds of BEGIN mean nothing here
    input: query.replace(/^\s*\.\w+.*$/gm, "").replace(/\bBEGIN\s+(IMMEDIATE|EXCLUSIVE|DEFERRED)\b/gi, "BEGIN"),
    encoding: "utf8",
    timeout: 30_000,
  });
  assert.equal(r.status, 0, `psql failed: ${r.stderr}`);
  return r.stdout.trim();
}

function sqlite3(args, dbPath, query) {
  const r = spawnSync("sqlite3", [...args, dbPath], {
    input: `.timeout 10000\n${query}\n`,
    encoding: "utf8",
    timeout: 30_000,
  });
  assert.equal(r.status, 0, `sqlite3 failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** Run `query` (one or more statements) on the database at dbPath; resolves to sqlite3's output, trimmed. */
export function sqlText(dbPath, query) {
  return isPostgresUrl(dbPath) ? sqliteTruth(psql(dbPath, query)) : sqlite3([], dbPath, query);
}

/*
 * psql's output with PostgreSQL's truth values printed as SQLite prints its
 * own (1 and 0), so a test's `x IS NULL` reads the same on both: a field
 * that is exactly t or f. (A text field holding just "t" or "f" would read
 * 1 or 0 too; sqlRows, typed, has no such doubt.)
 */
function sqliteTruth(text) {
  return text
    .split("\n")
    .map((line) => line.split("|").map((f) => (f === "t" ? "1" : f === "f" ? "0" : f)).join("|"))
    .join("\n");
}

/** Run the one statement `query` on the database at dbPath; the rows as objects ([] for none). */
export function sqlRows(dbPath, query) {
  if (!isPostgresUrl(dbPath)) {
    const out = sqlite3(["-json"], dbPath, query);
    return out ? JSON.parse(out) : [];
  }
  const out = psql(dbPath, asJsonRows(query));
  // truth values as SQLite's 1 and 0
  return out ? JSON.parse(out, (key, value) => (typeof value === "boolean" ? Number(value) : value)) : [];
}

/** PostgreSQL: `query` made to print its rows as one JSON array (a change without RETURNING prints none). */
function asJsonRows(query) {
  const one = query.trim().replace(/;$/, "");
  if (/^(SELECT|WITH|VALUES)\b/i.test(one)) return `SELECT coalesce(json_agg(q), '[]') FROM (${one}) q;`;
  if (/\bRETURNING\b/i.test(one)) return `WITH q AS (${one}) SELECT coalesce(json_agg(q), '[]') FROM q;`;
  return `${one};`;
}

/** `value` as an SQL literal: NULL, or a quoted string with its quotes doubled. */
export function sqlQuote(value) {
  return value === null || value === undefined ? "NULL" : `'${String(value).replaceAll("'", "''")}'`;
}

// ---- time ----

/**
 * Poll `check` (sync or async) every everyMs until it returns something
 * truthy, and resolve to that; fail the test naming `what` after timeoutMs.
 */
export async function until(what, check, { timeoutMs = 10_000, everyMs = 100 } = {}) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * Now plus offsetMs as an SQL text literal of the store's UTC time,
 * 'YYYY-MM-DDTHH:MM:SSZ' (with millis: '…SS.mmmZ'): a time worked out here,
 * not by an engine's date functions, so the same SQL runs on both backends.
 */
export function sqlTime(offsetMs = 0, { millis = false } = {}) {
  const iso = new Date(Date.now() + offsetMs).toISOString();
  return `'${millis ? iso : iso.replace(/\.\d{3}Z$/, "Z")}'`;
}

/** `time` (a stored time text) plus `seconds`, as the store keeps a time: 'YYYY-MM-DDTHH:MM:SSZ'. */
export function timeAfter(time, seconds) {
  return new Date(Date.parse(time) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/*
 * SQL both engines run for the keys of the figure aggregates (a stored time's
 * UTC day, and whether it is in the 23rd hour UTC), for the tests that
 * recompute them: SQLite's date() and strftime() are not PostgreSQL's, but
 * unixepoch() is on both (src/store/pg/schema.sql). The day comes out as days
 * since 1970; withUtcDays turns it into the 'YYYY-MM-DD' the aggregates keep.
 */
export const utcDaySql = (time) => `unixepoch(${time}) / 86400`;
export const utcLateSql = (time) => `unixepoch(${time}) % 86400 / 3600 = 23`;
/** `rows` with their `day` (days since 1970) as 'YYYY-MM-DD'. */
export const withUtcDays = (rows) => rows.map((r) => ({ ...r, day: new Date(r.day * 86_400_000).toISOString().slice(0, 10) }));
/** SQL for 1 where `condition` holds, else 0 (NULL too), to sum or store: PostgreSQL's truth values are not numbers. */
export const oneIfSql = (condition) => `CASE WHEN ${condition} THEN 1 ELSE 0 END`;

/** A date 'YYYY-MM-DD' as Haven says it: "20 December 2026", with `weekday` "Sunday 20 December 2026". */
export function dateWords(iso, { weekday = false } = {}) {
  const words = new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-GB", {
    ...(weekday ? { weekday: "long" } : {}), day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
  });
  return words.replace(",", "");
}

const londonDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/** England's date today plus n days, as YYYY-MM-DD: Haven's "today" is London's, which is a day ahead of UTC's
 * from 11 pm to midnight in summer time. */
export function plusDays(n) {
  const d = new Date(`${londonDay.format(new Date())}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
