// The access matrix: every route x every demo role (plus nobody signed in),
// held to the partnership's decision record in access-matrix.json.
//
// (a) `haven routes` lists every route with its action and the roles the
//     policy table allows; every action must be written down in
//     access-matrix.json, and the server must agree with what is written.
// (b) Every route is then requested as each of the 9 demo users (bearer
//     tokens, which identify() accepts on pages too) and anonymously, and the
//     answer must be the one the decision record implies:
//       anonymous on a non-public route  -> 401 + WWW-Authenticate: Bearer (API)
//                                           or 303 to /sign-in (pages)
//       a role not allowed               -> 403 (not the break-glass answer)
//       allowed, no relationship to the child record
//                                        -> 404, or 403 saying how to break glass
//                                           for the roles that may
//       allowed                          -> not 401/403, not redirected to sign in,
//                                           and 200 for a related child's record
//
// Routes are handled generically, so routes added later are covered as they
// appear. Path parameters: {id:int} on a route about a record (a child, a
// review) is a record related to the user, one unrelated, and one that does
// not exist (which must be answered exactly as an unrelated one, so ids cannot
// be probed). A child is related through the user's agency (child_links in
// the children's demo.sql), a review through membership of its group
// (review_members in the reviews' demo.sql); roles listed as "every_record"
// are related to every record of the type. Other ints
// are 1 (999999 for an allowed unsafe request, so that nothing real is
// disabled or ended); {x:slug} is "brookfield-primary"; {name} is "haven.css".
// Unsafe requests send {} as JSON (or no body where a route takes none).
// MATRIX_VERBOSE=1 prints every cell's status.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { requestOn as request } from "../lib/api.mjs";
import { REPO_ROOT, havenBin, startHaven } from "../lib/haven.mjs";

const RECORD = JSON.parse(readFileSync(new URL("./access-matrix.json", import.meta.url), "utf8"));
const ALL_ROLES = RECORD.roles;

// ---- what the server says: `haven routes` ----

function readRoutes() {
  const r = spawnSync(havenBin(), ["routes"], { encoding: "utf8", timeout: 30_000 });
  if (r.error || r.status !== 0)
    throw new Error(`haven routes failed (status ${r.status}): ${r.error?.message ?? r.stderr}`);
  return r.stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
}
const ROUTES = readRoutes();

// ---- the demo data, from the sources the demo database is built from ----

/** The demo accounts in src/areas/accounts/demo.c: [{ email, role, agency (slug) }] and the password. */
function readDemoAccounts() {
  const src = readFileSync(path.join(REPO_ROOT, "src/areas/accounts/demo.c"), "utf8");
  const password = /demo_password\[\]\s*=\s*"([^"]+)"/.exec(src)?.[1];
  const accounts = [...src.matchAll(/\{\s*"([^"]+@[^"]+)",\s*"[^"]*",\s*"([a-z0-9-]+)",\s*ROLE_([A-Z_]+)\s*\}/g)].map(
    (m) => ({ email: m[1], agency: m[2], role: m[3].toLowerCase() }),
  );
  return { password, accounts };
}

/** The demo children and their linked agencies in src/areas/children/demo.sql. */
function readDemoChildren() {
  const sql = readFileSync(path.join(REPO_ROOT, "src/areas/children/demo.sql"), "utf8");
  const ids = [...sql.matchAll(/\(\s*(\d+)\s*,\s*'[^']*'\s*,\s*'[^']*'\s*,\s*'\d{4}-\d{2}-\d{2}'/g)].map((m) => Number(m[1]));
  const links = [...sql.matchAll(/SELECT\s+(\d+)\s*,\s*id\s*,\s*'\w+'\s+FROM agencies WHERE slug\s*=\s*'([a-z0-9-]+)'/g)].map(
    (m) => ({ child: Number(m[1]), agency: m[2] }),
  );
  return { ids, links };
}

/** The demo review cases and their groups' members in src/areas/reviews/demo.sql. */
function readDemoReviews() {
  const sql = readFileSync(path.join(REPO_ROOT, "src/areas/reviews/demo.sql"), "utf8");
  const ids = [...sql.matchAll(/\(\s*(\d+)\s*,\s*'SI-\d{4}-\d{3}'/g)].map((m) => Number(m[1]));
  const members = [...sql.matchAll(/SELECT\s+(\d+)\s*,\s*id\s+FROM users WHERE email\s*=\s*'([^']+)'/g)].map((m) => ({
    record: Number(m[1]),
    email: m[2],
  }));
  return { ids, members };
}

/** Demo training approval requests (none yet) in src/areas/training/demo.sql. */
function readDemoApprovals() {
  const sql = readFileSync(path.join(REPO_ROOT, "src/areas/training/demo.sql"), "utf8");
  if (/training_approvals/.test(sql))
    throw new Error("src/areas/training/demo.sql now has training approvals: teach this test their approvers");
  return [];
}

const DEMO = readDemoAccounts();
const CHILDREN = readDemoChildren();
const REVIEWS = readDemoReviews();

// Each record type: its demo ids, and the ids related to a demo user.
const RECORD_TYPES = {
  child: {
    ids: CHILDREN.ids,
    relatedTo: (user) => new Set(CHILDREN.links.filter((l) => l.agency === user.agency).map((l) => l.child)),
  },
  review: {
    ids: REVIEWS.ids,
    relatedTo: (user) => new Set(REVIEWS.members.filter((m) => m.email === user.email).map((m) => m.record)),
  },
  // A training booking's approval request is related only to the approver it names
  // (training_approvals.approver_user_id). The demo data has no requests, so only the
  // one that does not exist is tried: answered 404 like an unrelated one.
  training_approval: {
    ids: readDemoApprovals(),
    relatedTo: () => new Set(),
  },
  // An agency administrator's people: the accounts of their own agency, never an administrator.
  // The demo accounts are made in demo.c's order on an empty database, so the nth has id n.
  agency_user: {
    ids: DEMO.accounts.map((_, i) => i + 1),
    relatedTo: (user) =>
      new Set(DEMO.accounts.flatMap((a, i) => (a.agency === user.agency && a.role !== "admin" ? [i + 1] : []))),
  },
  // Records of the children, settings and domestic abuse work that the demo data does not
  // hold (or whose relationships this test does not read): only one that does not exist is
  // tried, answered 404 like an unrelated one. Their own tests check relationships.
  ...Object.fromEntries(
    ["setting", "support_request", "support_request_front_door", "da_incident", "encompass_notification", "encompass_recipient", "idva_referral", "neglect_assessment"].map(
      (type) => [type, { ids: [], relatedTo: () => new Set() }],
    ),
  ),
};
const MISSING_CHILD = 999_999;
const MISSING_ID = 999_999;

// ---- HTTP ----

const isApi = (pattern) => pattern === "/api" || pattern.startsWith("/api/");
const isUnsafe = (method) => !["GET", "HEAD", "OPTIONS"].includes(method);

// ---- the decision record ----

function rolesOf(entry) {
  if (entry.roles === "public") return ALL_ROLES;
  if (entry.roles === "signed_in") return ALL_ROLES;
  return entry.roles;
}

/** What the record says `role` (null: nobody signed in) gets on a route, for a record `related` or not. */
function expected(route, role, related) {
  const entry = RECORD.actions[route.action];
  if (entry.roles === "public") return "allow";
  if (!role) return "sign_in";
  if (!rolesOf(entry).includes(role)) return "deny";
  if (!entry.resource) return "allow";
  if (related === undefined) return "allow_or_unrelated"; // a record type whose relationships this test does not know
  if (related === "missing_overseen") return "missing_overseen";
  if (related) return "allow_record";
  return entry.break_glass.includes(role) ? "break_glass" : "not_found";
}

// The break-glass answer: the API says how to break glass, the page offers it.
function isBreakGlassAnswer(res, api) {
  if (res.status !== 403) return false;
  return api ? /break-glass/.test(res.json?.detail ?? "") : /You do not have a relationship to this record/.test(res.text);
}

// ---- (a) the decision record covers every route, and the server agrees with it ----

describe("access policy decision record (access-matrix.json)", () => {
  test("the decision record is well formed", () => {
    assert.equal(ALL_ROLES.length, 9);
    for (const [action, entry] of Object.entries(RECORD.actions)) {
      assert.ok(
        entry.roles === "public" || entry.roles === "signed_in" || Array.isArray(entry.roles),
        `${action}: roles must be "public", "signed_in" or a list of roles`,
      );
      for (const r of Array.isArray(entry.roles) ? entry.roles : [])
        assert.ok(ALL_ROLES.includes(r), `${action}: unknown role ${r}`);
      assert.ok(Array.isArray(entry.break_glass), `${action}: break_glass must be a list`);
      for (const r of entry.break_glass)
        assert.ok(rolesOf(entry).includes(r), `${action}: break-glass role ${r} is not among the roles allowed`);
      if (entry.break_glass.length) assert.ok(entry.resource, `${action}: break glass needs a record type`);
      for (const r of entry.every_record ?? [])
        assert.ok(rolesOf(entry).includes(r) && entry.resource, `${action}: every_record role ${r} needs the role and a record type`);
      assert.equal(typeof entry.audited, "boolean", `${action}: audited must be true or false`);
    }
  });

  test("haven routes lists routes, and the demo data could be read", () => {
    assert.ok(ROUTES.length > 0, "haven routes printed no routes");
    assert.ok(DEMO.password, "the demo password was found in src/areas/accounts/demo.c");
    assert.deepEqual(
      [...new Set(DEMO.accounts.map((a) => a.role))].sort(),
      [...ALL_ROLES].sort(),
      "src/areas/accounts/demo.c has a demo user for every role (the matrix signs in as the first of each)",
    );
    assert.ok(CHILDREN.ids.length >= 2 && CHILDREN.links.length >= 1, "demo children and links were read from demo.sql");
    assert.ok(REVIEWS.ids.length >= 2 && REVIEWS.members.length >= 1, "demo reviews and members were read from demo.sql");
  });

  test("every route's action is written down in access-matrix.json", () => {
    const missing = [...new Set(ROUTES.filter((r) => !RECORD.actions[r.action]).map((r) => r.action))];
    const where = (a) =>
      ROUTES.filter((r) => r.action === a)
        .map((r) => `${r.method} ${r.pattern}`)
        .join(", ");
    assert.deepEqual(
      missing,
      [],
      missing
        .map(
          (a) =>
            `Action "${a}" (used by ${where(a)}) is not in tests/http/access-matrix.json. ` +
            `No route may ship until the partnership's decision on who may take this action is written down there: ` +
            `add an entry for "${a}" with roles, resource, break_glass, audited and why.`,
        )
        .join("\n"),
    );
  });

  test("the roles, record type and auditing of each route are what the record says", () => {
    const problems = [];
    for (const r of ROUTES) {
      const entry = RECORD.actions[r.action];
      if (!entry) continue; // reported above
      const want = entry.roles === "public" ? [] : [...rolesOf(entry)].sort();
      const got = [...r.roles].sort();
      if (JSON.stringify(want) !== JSON.stringify(got))
        problems.push(
          `${r.method} ${r.pattern} (${r.action}): the server allows [${got.join(", ")}], the record says [${want.join(", ")}]`,
        );
      if ((r.resource ?? null) !== (entry.resource ?? null))
        problems.push(`${r.method} ${r.pattern} (${r.action}): record type ${r.resource}, the record says ${entry.resource}`);
      if (r.audited !== entry.audited)
        problems.push(`${r.method} ${r.pattern} (${r.action}): audited ${r.audited}, the record says ${entry.audited}`);
    }
    assert.deepEqual(problems, [], problems.join("\n"));
  });
});

// ---- (b) every route x every role, over HTTP ----

let haven;
const users = new Map(); // role -> { email, password, agency, token, id }
let anonCsrf; // an anonymous browser's CSRF cookie, so public forms pass CSRF
const counts = { requests: 0, cells: 0 };

async function signIn(user) {
  const res = await request(haven.url, "POST", "/api/v1/session", {
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: user.email, password: DEMO.password }),
  });
  assert.equal(res.status, 201, `${user.email} signs in: ${res.text}`);
  assert.equal(
    res.json.second_factor_needed,
    false,
    `${user.email} needs a second factor: this test signs in with a password only`,
  );
  user.token = res.json.token;
  user.id = res.json.user.id;
}

before(async () => {
  // The matrix asks each role for hundreds of records it has no relationship to, on purpose: the limit on
  // refused records (tests/http/refusals.test.mjs tests it) would stop the probe, not what it checks.
  haven = await startHaven({ env: { HAVEN_REFUSALS_LIMIT: "100000" } });
  // The first demo account of each role stands for the role (others serve other tests).
  const firstOfRole = ALL_ROLES.map((role) => DEMO.accounts.find((a) => a.role === role));
  await Promise.all(
    firstOfRole.map(async (a) => {
      const user = { ...a };
      await signIn(user);
      users.set(a.role, user);
    }),
  );
  const form = await request(haven.url, "GET", "/sign-in");
  anonCsrf = /haven_csrf=([^;]+)/.exec((form.headers["set-cookie"] ?? []).join("\n"))?.[1];
  assert.ok(anonCsrf, "GET /sign-in sets the anonymous CSRF cookie");
});

after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
  console.log(
    `access matrix: ${ROUTES.length} routes x ${ALL_ROLES.length + 1} principals (${ALL_ROLES.length} roles + anonymous); ` +
      `${counts.cells} cells checked with ${counts.requests} requests`,
  );
});

/**
 * The record ids of `type` to try for `role`: related / unrelated per the demo
 * data (every record is related for the entry's every_record roles), and one
 * that does not exist.
 */
function recordCases(type, entry, role) {
  const records = RECORD_TYPES[type];
  const every = role && (entry.every_record ?? []).includes(role);
  const linked = role ? records.relatedTo(users.get(role)) : new Set();
  const isRelated = (id) => every || linked.has(id);
  const cases = [];
  const related = records.ids.find(isRelated);
  const unrelated = records.ids.find((id) => !isRelated(id));
  if (related !== undefined) cases.push({ id: related, related: true, label: `related ${type} ${related}` });
  if (unrelated !== undefined) cases.push({ id: unrelated, related: false, label: `unrelated ${type} ${unrelated}` });
  // Someone who oversees every record cannot learn anything by probing ids, so
  // a change to a missing one may be refused for its input before it is found.
  cases.push({
    id: type === "child" ? MISSING_CHILD : MISSING_ID,
    related: every ? "missing_overseen" : false,
    label: `a ${type} that does not exist`,
  });
  return cases;
}

/** The concrete path for a route pattern. */
function fillPath(pattern, { id, unsafeAllowed }) {
  return pattern.replace(/\{([a-z_]+)(?::([a-z]+))?\}/g, (_, name, type) => {
    if (type === "int") {
      if (name === "id" && id !== undefined) return String(id);
      return String(unsafeAllowed ? MISSING_ID : 1);
    }
    if (type === "slug") return "brookfield-primary";
    if (name === "name") return "haven.css";
    if (name === "date") return "2026-12-25"; // a bank holiday: an administrator's removal is asked its reason, none given

    return "brookfield-primary";
  });
}

async function send(route, role, urlPath) {
  const headers = {};
  if (role) headers.authorization = `Bearer ${users.get(role).token}`;
  else {
    // an anonymous browser: its own CSRF cookie, and the token to match it
    headers.cookie = `haven_csrf=${anonCsrf}`;
    headers["x-csrf-token"] = anonCsrf;
  }
  let res;
  if (isUnsafe(route.method)) {
    res = await request(haven.url, route.method, urlPath, {
      headers: { ...headers, "content-type": "application/json" },
      body: "{}",
    });
    counts.requests++;
    // A route that takes no body says so (400) once access is decided: ask again without one.
    if (res.status === 400 && /does not accept a request body/.test(res.text)) {
      res = await request(haven.url, route.method, urlPath, { headers });
      counts.requests++;
    }
  } else {
    res = await request(haven.url, route.method, urlPath, { headers });
    counts.requests++;
  }
  if (role && isUnsafe(route.method)) {
    // Signing out (or any route that ends the session) must not spoil the rest of the matrix.
    const me = await request(haven.url, "GET", "/api/v1/me", { headers: { authorization: headers.authorization } });
    if (me.status === 401) await signIn(users.get(role));
  }
  return res;
}

function check(route, role, c, res) {
  const api = isApi(route.pattern);
  const who = role ?? "anonymous";
  const what = `${route.method} ${c.path} as ${who}${c.label ? ` (${c.label})` : ""}`;
  const got = `got ${res.status}${res.headers.location ? ` -> ${res.headers.location}` : ""}: ${res.text.slice(0, 200)}`;
  const want = expected(route, role, c.related);
  switch (want) {
    case "sign_in":
      if (api) {
        assert.equal(res.status, 401, `${what}: expected 401, ${got}`);
        assert.equal(res.headers["www-authenticate"], "Bearer", `${what}: WWW-Authenticate: Bearer`);
      } else {
        assert.equal(res.status, 303, `${what}: expected 303 to /sign-in, ${got}`);
        assert.equal(res.headers.location, "/sign-in", `${what}: expected 303 to /sign-in, ${got}`);
      }
      break;
    case "deny":
      assert.equal(res.status, 403, `${what}: role not allowed, expected 403, ${got}`);
      assert.ok(!isBreakGlassAnswer(res, api), `${what}: a role that is not allowed is not offered break glass`);
      break;
    case "not_found":
      assert.equal(res.status, 404, `${what}: no relationship, expected 404, ${got}`);
      break;
    case "break_glass":
      assert.ok(isBreakGlassAnswer(res, api), `${what}: no relationship, expected 403 offering break glass, ${got}`);
      break;
    case "allow_record": {
      // An unsafe request names 999999 for any other int (a part of the record
      // that does not exist, so nothing real changes): that part may be 404.
      const otherInt = /\{(?!id:)[a-z_]+:int\}/.test(route.pattern);
      const refused = otherInt && isUnsafe(route.method) ? [401, 403] : [401, 403, 404];
      assert.ok(!refused.includes(res.status), `${what}: allowed and related, ${got}`);
      if (route.method === "GET") assert.equal(res.status, 200, `${what}: allowed and related, ${got}`);
      break;
    }
    case "missing_overseen":
      // a read says it does not exist; a change may first be refused for its input
      if (route.method === "GET") assert.equal(res.status, 404, `${what}: a record that does not exist, ${got}`);
      else assert.ok([404, 400, 422].includes(res.status), `${what}: a record that does not exist: 404 or refused input, ${got}`);
      break;
    case "allow_or_unrelated": {
      const entry = RECORD.actions[route.action];
      assert.notEqual(res.status, 401, `${what}: allowed, ${got}`);
      if (res.status === 403)
        assert.ok(
          entry.break_glass.includes(role) && isBreakGlassAnswer(res, api),
          `${what}: allowed (a 403 could only be the break-glass answer), ${got}`,
        );
      break;
    }
    case "allow":
      assert.ok(![401, 403].includes(res.status), `${what}: allowed, expected neither 401 nor 403, ${got}`);
      if (!api && res.status === 303)
        assert.notEqual(res.headers.location, "/sign-in", `${what}: allowed, not sent to sign in`);
      break;
    default:
      throw new Error(`unknown expectation ${want}`);
  }
  counts.cells++;
}

// Reads first, then changes, then whatever ends sessions; each group in `haven routes` order.
const ORDER = (r) => (r.action === "session.end" ? 2 : isUnsafe(r.method) ? 1 : 0);
const ORDERED = [...ROUTES].sort((a, b) => ORDER(a) - ORDER(b));

describe("access matrix over HTTP: every route x every role and anonymous", () => {
  for (const route of ORDERED) {
    test(`${route.method} ${route.pattern} (${route.action})`, async (t) => {
      const entry = RECORD.actions[route.action];
      if (!entry) {
        t.skip(`action ${route.action} is not in access-matrix.json (see the decision record tests)`);
        return;
      }
      const principals = [null, ...ALL_ROLES];
      const failures = [];
      // The principals in parallel; each one's requests in order.
      await Promise.all(
        principals.map(async (role) => {
          const allowedRole = role !== null && (entry.roles === "public" || rolesOf(entry).includes(role));
          const unsafeAllowed = isUnsafe(route.method) && (allowedRole || entry.roles === "public");
          const cases =
            RECORD_TYPES[entry.resource]
              ? (role ? recordCases(entry.resource, entry, role) : recordCases(entry.resource, entry, null).slice(0, 1)).map((c) => ({
                  ...c,
                  path: fillPath(route.pattern, { id: c.id, unsafeAllowed }),
                }))
              : [
                  {
                    path: fillPath(route.pattern, { unsafeAllowed }),
                    related: entry.resource ? undefined : null,
                    label: "",
                  },
                ];
          for (const c of cases) {
            const res = await send(route, role, c.path);
            if (process.env.MATRIX_VERBOSE)
              console.log(`matrix: ${route.method} ${c.path} as ${role ?? "anonymous"}: ${res.status} (${expected(route, role, c.related)})`);
            try {
              check(route, role, c, res);
            } catch (err) {
              failures.push(err.message);
            }
          }
        }),
      );
      assert.deepEqual(failures, [], failures.join("\n"));
    });
  }
});
