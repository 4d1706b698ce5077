// Administration: people's accounts (/admin/users, /api/v1/users) and which
// roles need a second factor (/admin/second-factor,
// /api/v1/settings/second-factor). Only admins may; others get 403 and
// nobody signed in 401.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { DEMO_PASSWORD as PASSWORD, sqlText, totp } from "../lib/api.mjs";
import { checkThenConfirm } from "../lib/check.mjs";
import { startHaven, demoAccountEmails } from "../lib/haven.mjs";

const ADMIN = "admin@demo.haven.example";
const OTHERS = [
  "partnership@demo.haven.example",
  "practitioner@demo.haven.example",
  "frontdoor@demo.haven.example",
  "police@demo.haven.example",
  "dsl@demo.haven.example",
  "idva@demo.haven.example",
  "scrutineer@demo.haven.example",
];

let haven;
let admin; // the admin's bearer token

async function call(method, path, { token, json, form, redirect = "manual" } = {}) {
  const headers = {};
  let body;
  if (token) headers.authorization = `Bearer ${token}`;
  if (json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(form).toString();
  }
  const res = await fetch(haven.url + path, { method, headers, body, redirect });
  const text = await res.text();
  let data = null;
  try {
    data = JSON.parse(text);
  } catch {
    // HTML or empty
  }
  return { status: res.status, headers: res.headers, text, data };
}

async function signIn(email, password = PASSWORD) {
  return call("POST", "/api/v1/session", { json: { email, password } });
}

async function tokenFor(email, password = PASSWORD) {
  const r = await signIn(email, password);
  assert.equal(r.status, 201, `sign in as ${email}: ${r.text}`);
  return r.data.token;
}

const fieldsOf = (r) => (r.data?.errors ?? []).map((e) => e.field);

let seq = 0;
function newUser(overrides = {}) {
  seq += 1;
  return {
    name: `Test Person ${seq}`,
    email: `person${seq}@example.org`,
    agency: "brookfield-primary",
    roles: ["practitioner"],
    password: `a-first-password-${seq}-long`,
    ...overrides,
  };
}

before(async () => {
  haven = await startHaven();
  admin = await tokenFor(ADMIN);
});

after(async () => {
  await haven?.stop();
});

test("nobody signed in: 401 from the API, the sign-in page for browsers", async () => {
  for (const [method, path] of [
    ["GET", "/api/v1/users"],
    ["POST", "/api/v1/users"],
    ["POST", "/api/v1/users/1/disable"],
    ["GET", "/api/v1/settings/second-factor"],
    ["PUT", "/api/v1/settings/second-factor"],
  ]) {
    const r = await call(method, path, method === "GET" ? {} : { json: {} });
    assert.equal(r.status, 401, `${method} ${path}`);
  }
  for (const path of ["/admin/users", "/admin/users/new", "/admin/second-factor"]) {
    const r = await call("GET", path);
    assert.equal(r.status, 303, path);
    assert.equal(r.headers.get("location"), "/sign-in");
  }
});

test("every other role gets 403 on these routes", async () => {
  for (const email of OTHERS) {
    const token = await tokenFor(email);
    const tries = [
      ["GET", "/api/v1/users"],
      ["POST", "/api/v1/users", { json: newUser() }],
      ["POST", "/api/v1/users/1/disable"],
      ["GET", "/api/v1/settings/second-factor"],
      ["PUT", "/api/v1/settings/second-factor", { json: { roles: ["police"] } }],
      ["GET", "/admin/users"],
      ["GET", "/admin/users/new"],
      ["POST", "/admin/users/1/disable", { form: {} }],
      ["GET", "/admin/second-factor"],
    ];
    for (const [method, path, opts = {}] of tries) {
      const r = await call(method, path, { token, ...opts });
      assert.equal(r.status, 403, `${email}: ${method} ${path}`);
    }
  }
  // and nothing was changed
  const s = await call("GET", "/api/v1/settings/second-factor", { token: admin });
  assert.deepEqual(s.data.roles, []);
});

test("an admin lists the demo users", async () => {
  const r = await call("GET", "/api/v1/users", { token: admin });
  assert.equal(r.status, 200);
  const demo = r.data.users.filter((u) => u.email.endsWith("@demo.haven.example"));
  assert.equal(demo.length, demoAccountEmails().length);
  const dsl = demo.find((u) => u.email === "dsl@demo.haven.example");
  assert.equal(dsl.name, "Dee Safeguarding-Lead");
  assert.equal(dsl.agency_slug, "brookfield-primary");
  assert.deepEqual(dsl.roles, ["dsl"]);
  assert.equal(dsl.disabled, false);
  assert.equal(typeof dsl.id, "number");

  const page = await call("GET", "/admin/users", { token: admin });
  assert.equal(page.status, 200);
  assert.match(page.text, /Dee Safeguarding-Lead/);
  assert.match(page.text, /href="\/admin\/users\/new"/);
  assert.match(page.text, /Designated Safeguarding Lead/);
});

test("an admin creates a user, who can then sign in", async () => {
  const u = newUser({ roles: ["dsl", "practitioner"], email: "New.Person@Example.ORG" });
  const r = await call("POST", "/api/v1/users", { token: admin, json: u });
  assert.equal(r.status, 201, r.text);
  assert.equal(typeof r.data.id, "number");
  assert.equal(r.headers.get("location"), `/api/v1/users/${r.data.id}`);

  const list = await call("GET", "/api/v1/users", { token: admin });
  const made = list.data.users.find((x) => x.id === r.data.id);
  assert.equal(made.email, "new.person@example.org");
  assert.equal(made.name, u.name);
  assert.equal(made.agency_slug, "brookfield-primary");
  assert.deepEqual(made.roles.sort(), ["dsl", "practitioner"]);

  const s = await signIn("new.person@example.org", u.password);
  assert.equal(s.status, 201);
  assert.equal(s.data.second_factor_needed, false);
  const me = await call("GET", "/api/v1/me", { token: s.data.token });
  assert.equal(me.status, 200);
  assert.equal(me.data.user.email, "new.person@example.org");
  assert.equal(me.data.user.agency, "Brookfield Primary School (fictional)");
});

test("a taken email address: 422 naming the email field", async () => {
  for (const email of ["dsl@demo.haven.example", "DSL@demo.haven.example"]) {
    const r = await call("POST", "/api/v1/users", { token: admin, json: newUser({ email }) });
    assert.equal(r.status, 422);
    assert.match(r.headers.get("content-type"), /application\/problem\+json/);
    assert.deepEqual(fieldsOf(r), ["email"]);
    assert.equal(r.data.errors[0].detail, "An account with this email address already exists");
  }
});

// A role the database's own list does not take (a CHECK on user_roles behind this version, or changed by
// hand; here a trigger or CHECK made for the test) is no taken email: 422 on the roles, no account made.
test("a role the database refuses: 422 naming the roles field, not the email", async () => {
  const postgres = /^postgres(ql)?:/.test(haven.dbPath);
  sqlText(haven.dbPath, postgres
    ? "ALTER TABLE user_roles ADD CONSTRAINT test_refused_role CHECK (role <> 'practitioner') NOT VALID"
    : "CREATE TRIGGER test_refused_role BEFORE INSERT ON user_roles WHEN NEW.role = 'practitioner'" +
      " BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: role'); END");
  try {
    const user = newUser();
    const r = await call("POST", "/api/v1/users", { token: admin, json: user });
    assert.equal(r.status, 422);
    assert.deepEqual(fieldsOf(r), ["roles"]);
    assert.match(r.data.errors[0].detail, /^The database does not accept one of these roles/);
    assert.equal(sqlText(haven.dbPath, `SELECT count(*) FROM users WHERE email = '${user.email}'`).trim(), "0");
  } finally {
    sqlText(haven.dbPath, postgres
      ? "ALTER TABLE user_roles DROP CONSTRAINT test_refused_role"
      : "DROP TRIGGER test_refused_role");
  }
});

test("a short, common or missing password: 422 naming the password field", async () => {
  for (const password of ["short", "password1234", "qwertyuiop123", "   "]) {
    const r = await call("POST", "/api/v1/users", { token: admin, json: newUser({ password }) });
    assert.equal(r.status, 422, password);
    assert.deepEqual(fieldsOf(r), ["password"], password);
  }
  const short = await call("POST", "/api/v1/users", { token: admin, json: newUser({ password: "short" }) });
  assert.match(short.data.errors[0].detail, /12 characters or more/);
});

test("unknown role or agency, and every problem at once", async () => {
  const role = await call("POST", "/api/v1/users", { token: admin, json: newUser({ roles: ["wizard"] }) });
  assert.equal(role.status, 422);
  assert.deepEqual(fieldsOf(role), ["roles"]);

  const none = await call("POST", "/api/v1/users", { token: admin, json: newUser({ roles: [] }) });
  assert.equal(none.status, 422);
  assert.deepEqual(fieldsOf(none), ["roles"]);

  const agency = await call("POST", "/api/v1/users", { token: admin, json: newUser({ agency: "nowhere-at-all" }) });
  assert.equal(agency.status, 422);
  assert.deepEqual(fieldsOf(agency), ["agency"]);

  const all = await call("POST", "/api/v1/users", {
    token: admin,
    json: { email: "not-an-email", agency: "nowhere", roles: ["wizard"], password: "short" },
  });
  assert.equal(all.status, 422);
  assert.deepEqual(fieldsOf(all), ["name", "email", "agency", "roles", "password"]);

  const unknown = await call("POST", "/api/v1/users", { token: admin, json: { ...newUser(), colour: "red" } });
  assert.equal(unknown.status, 422);
  assert.deepEqual(fieldsOf(unknown), ["colour"]);

  // nothing was created by any of these
  const list = await call("GET", "/api/v1/users", { token: admin });
  assert.ok(!list.data.users.some((u) => u.email === "not-an-email"));
});

test("the add-a-user page: form, errors keeping what was chosen, then 303", async () => {
  const form = await call("GET", "/admin/users/new", { token: admin });
  assert.equal(form.status, 200);
  assert.match(form.text, /name="csrf_token"/);
  assert.match(form.text, /<option value="brookfield-primary">/);
  assert.match(form.text, /name="roles" type="checkbox" value="front_door"/);
  assert.match(form.text, /Give this to the person securely/);

  const body = new URLSearchParams();
  body.append("name", "");
  body.append("email", "dsl@demo.haven.example");
  body.append("agency", "brookfield-primary");
  body.append("roles", "dsl");
  body.append("roles", "idva");
  body.append("password", "short");
  const bad = await fetch(haven.url + "/admin/users", {
    method: "POST",
    headers: { authorization: `Bearer ${admin}`, "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
    redirect: "manual",
  });
  const html = await bad.text();
  assert.equal(bad.status, 422);
  assert.match(html, /There is a problem/);
  assert.match(html, /Enter the person(&#39;|')s full name/);
  assert.match(html, /An account with this email address already exists/);
  assert.match(html, /Password must be 12 characters or more/);
  // a school's people cannot be IDVAs: the roles are checked against the agency's type, on the page too
  assert.match(html, /The Independent Domestic Violence Adviser role is only for people in an IDVA service/);
  assert.match(html, /<option value="brookfield-primary" selected>/);
  assert.match(html, /value="dsl" checked/);
  assert.match(html, /value="idva" checked/);
  assert.doesNotMatch(html, /value="police" checked/);
  assert.match(html, /value="dsl@demo.haven.example"/);
  assert.doesNotMatch(html, /value="short"/);

  const u = newUser();
  const ok = await call("POST", "/admin/users", {
    token: admin,
    form: { name: u.name, email: u.email, agency: u.agency, roles: "practitioner", password: u.password },
  });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get("location"), "/admin/users");
  assert.equal((await signIn(u.email, u.password)).status, 201);
});

const WHY = { reason: "Left the partnership on 31 August (their manager asked)" };
const sql = (query) => sqlText(haven.dbPath, query).trim();
const lastDisableReason = (id) => sql(
  `SELECT reason FROM audit_log WHERE action = 'user.disable' AND resource_id = '${id}' ORDER BY id DESC LIMIT 1`);

test("disabling a user ends their sessions and stops them signing in", async () => {
  const u = newUser();
  const made = await call("POST", "/api/v1/users", { token: admin, json: u });
  assert.equal(made.status, 201);
  const theirs = await tokenFor(u.email, u.password);
  assert.equal((await call("GET", "/api/v1/me", { token: theirs })).status, 200);

  const r = await call("POST", `/api/v1/users/${made.data.id}/disable`, { token: admin, json: WHY });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.data, { id: made.data.id, disabled: true });
  assert.equal(lastDisableReason(made.data.id), WHY.reason);

  assert.equal((await call("GET", "/api/v1/me", { token: theirs })).status, 401);
  assert.equal((await signIn(u.email, u.password)).status, 401);
  const list = await call("GET", "/api/v1/users", { token: admin });
  assert.equal(list.data.users.find((x) => x.id === made.data.id).disabled, true);

  // again: still disabled, still 200
  assert.equal((await call("POST", `/api/v1/users/${made.data.id}/disable`, { token: admin, json: WHY })).status, 200);
  // no such user
  assert.equal((await call("POST", "/api/v1/users/999999/disable", { token: admin, json: WHY })).status, 404);
});

test("an administrator's disable requires the reason, naming the field, and changes nothing without it", async () => {
  const u = newUser();
  const made = await call("POST", "/api/v1/users", { token: admin, json: u });
  const id = made.data.id;
  const theirs = await tokenFor(u.email, u.password);
  for (const json of [{}, { reason: "" }, { reason: "   " }]) {
    const r = await call("POST", `/api/v1/users/${id}/disable`, { token: admin, json });
    assert.equal(r.status, 422, `${JSON.stringify(json)}: ${r.text}`);
    assert.deepEqual(fieldsOf(r), ["reason"]);
  }
  const page = await call("POST", `/admin/users/${id}/disable`, { token: admin, form: {} });
  assert.equal(page.status, 422);
  assert.match(page.text, /There is a problem/);
  assert.match(page.text, /href="#reason"/);
  assert.match(page.text, /Disable the account of /);
  // nothing changed: they are still signed in and no disable was audited
  assert.equal((await call("GET", "/api/v1/me", { token: theirs })).status, 200);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'user.disable' AND resource_id = '${id}'`), "0");
});

test("the disable page, reached from the list and the person's page, asks why and warns, checked first, and 303", async () => {
  const u = newUser();
  const made = await call("POST", "/api/v1/users", { token: admin, json: u });
  const id = made.data.id;
  const list = await call("GET", "/admin/users", { token: admin });
  assert.match(list.text, new RegExp(`href="/admin/users/${id}/disable"`));
  const person = await call("GET", `/admin/users/${id}`, { token: admin });
  assert.match(person.text, new RegExp(`href="/admin/users/${id}/disable"`));

  const form = await call("GET", `/admin/users/${id}/disable`, { token: admin });
  assert.equal(form.status, 200);
  assert.match(form.text, /govuk-warning-text/);
  assert.match(form.text, /signed out everywhere at once/);
  assert.match(form.text, /<textarea[^>]*name="reason"/);
  assert.match(form.text, new RegExp(`action="/admin/users/${id}/disable"`));

  const send = (f) => call("POST", `/admin/users/${id}/disable`, { token: admin, form: f });
  const { done: r } = await checkThenConfirm(send, { reason: WHY.reason }, /Check before you disable this account[\s\S]*Left the partnership/);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get("location"), `/admin/users/${id}`);
  assert.equal(lastDisableReason(id), WHY.reason);
  const after = await call("GET", "/admin/users", { token: admin });
  assert.doesNotMatch(after.text, new RegExp(`href="/admin/users/${id}/disable"`));
});

test("admins cannot disable themselves", async () => {
  const me = await call("GET", "/api/v1/me", { token: admin });
  const id = me.data.user.id;
  const r = await call("POST", `/api/v1/users/${id}/disable`, { token: admin, json: WHY });
  assert.equal(r.status, 409);
  assert.match(r.data.detail, /cannot disable your own account/);
  const page = await call("POST", `/admin/users/${id}/disable`, { token: admin, form: WHY });
  assert.equal(page.status, 409);
  assert.match(page.text, /There is a problem/);
  assert.match(page.text, /You cannot disable your own account/);
  const own = await call("GET", `/admin/users/${id}`, { token: admin });
  assert.doesNotMatch(own.text, new RegExp(`href="/admin/users/${id}/disable"`));
  assert.equal((await call("GET", "/api/v1/me", { token: admin })).status, 200);
});

test("second factor: an admin makes police need one; police then set up and use an app", async () => {
  const put = await call("PUT", "/api/v1/settings/second-factor", { token: admin, json: { roles: ["police"] } });
  assert.equal(put.status, 200, put.text);
  assert.deepEqual(put.data.roles, ["police"]);
  const got = await call("GET", "/api/v1/settings/second-factor", { token: admin });
  assert.deepEqual(got.data.roles, ["police"]);

  const page = await call("GET", "/admin/second-factor", { token: admin });
  assert.equal(page.status, 200);
  assert.match(page.text, /value="police" checked/);
  assert.doesNotMatch(page.text, /value="dsl" checked/);
  assert.match(page.text, /requires a second factor \(authenticator app\)/);

  const bad = await call("PUT", "/api/v1/settings/second-factor", { token: admin, json: { roles: ["wizard"] } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ["roles"]);

  // police sign in with a password only: nothing else until the code
  const s = await signIn("police@demo.haven.example");
  assert.equal(s.status, 201);
  assert.equal(s.data.second_factor_needed, true);
  const police = s.data.token;
  assert.equal((await call("GET", "/api/v1/me", { token: police })).status, 401);

  const setup = await call("GET", "/sign-in/second-factor", { token: police });
  assert.equal(setup.status, 200);
  const m = setup.text.match(/id="totp-secret">\s*([A-Z2-7]+)\s*</);
  assert.ok(m, "the setup page shows the secret");
  const secret = m[1];

  const wrong = String((Number(totp(secret)) + 500_000) % 1_000_000).padStart(6, "0");
  const no = await call("POST", "/api/v1/session/second-factor", { token: police, json: { code: wrong } });
  assert.equal(no.status, 422);
  assert.deepEqual(fieldsOf(no), ["code"]);
  assert.equal((await call("GET", "/api/v1/me", { token: police })).status, 401);

  const yes = await call("POST", "/api/v1/session/second-factor", { token: police, json: { code: totp(secret) } });
  assert.equal(yes.status, 200, yes.text);
  const me = await call("GET", "/api/v1/me", { token: police });
  assert.equal(me.status, 200);
  assert.equal(me.data.user.email, "police@demo.haven.example");

  // roles that do not need one are unaffected
  const dsl = await signIn("dsl@demo.haven.example");
  assert.equal(dsl.data.second_factor_needed, false);
});

test("second factor settings page: checkboxes post and redirect back", async () => {
  const r = await call("POST", "/admin/second-factor", {
    token: admin,
    form: [
      ["roles", "police"],
      ["roles", "front_door"],
    ],
  });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get("location"), "/admin/second-factor");
  const got = await call("GET", "/api/v1/settings/second-factor", { token: admin });
  assert.deepEqual(got.data.roles.sort(), ["front_door", "police"]);

  // none ticked: none required
  const none = await call("POST", "/admin/second-factor", { token: admin, form: {} });
  assert.equal(none.status, 303);
  const after = await call("GET", "/api/v1/settings/second-factor", { token: admin });
  assert.deepEqual(after.data.roles, []);
});

test("in a browser: a signed-in admin's forms carry the CSRF token, and need it", async () => {
  // sign in with the form, as a browser does
  const start = await fetch(haven.url + "/sign-in");
  const anonCookie = start.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const anonToken = (await start.text()).match(/name="csrf_token" value="([^"]+)"/)[1];
  const signedIn = await fetch(haven.url + "/sign-in", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: anonCookie },
    body: new URLSearchParams({ csrf_token: anonToken, email: ADMIN, password: PASSWORD }).toString(),
    redirect: "manual",
  });
  assert.equal(signedIn.status, 303);
  const cookie = signedIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

  const form = await fetch(haven.url + "/admin/users/new", { headers: { cookie } });
  assert.equal(form.status, 200);
  const csrf = (await form.text()).match(/name="csrf_token" value="([^"]+)"/)[1];

  const u = newUser();
  const post = (fields) =>
    fetch(haven.url + "/admin/users", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams(fields).toString(),
      redirect: "manual",
    });
  const fields = { name: u.name, email: u.email, agency: u.agency, roles: "dsl", password: u.password };
  assert.equal((await post(fields)).status, 403, "no CSRF token: refused");

  // a name longer than the form allows is caught before the handler: the form comes back
  const long = await post({ ...fields, csrf_token: csrf, name: "x".repeat(200) });
  assert.equal(long.status, 422);
  const longHtml = await long.text();
  assert.match(longHtml, /characters or fewer/);
  assert.match(longHtml, /<select class="govuk-select/);

  const ok = await post({ ...fields, csrf_token: csrf });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get("location"), "/admin/users");
  const list = await fetch(haven.url + "/admin/users", { headers: { cookie } });
  assert.match(await list.text(), new RegExp(u.email.replace(".", "\\.")));
});

// An account keeps at least one role, as it was made with one: "roles": [] (or a page with every role box
// unticked) is refused, naming the roles, and changes nothing; taking all of someone's access away is
// disabling the account. Roles left out of a PATCH stay as they are.
test("a change to no role at all is refused on the API and the page alike; roles not sent stay", async () => {
  const u = newUser({ roles: ["practitioner", "dsl"] });
  const made = await call("POST", "/api/v1/users", { token: admin, json: u });
  assert.equal(made.status, 201, made.text);
  const id = made.data.id;
  const roles = async () => (await call("GET", `/api/v1/users/${id}`, { token: admin })).data.roles.sort();
  const audits = () => sql(`SELECT count(*) FROM audit_log WHERE action = 'user.roles' AND resource_id = '${id}'`);

  for (const sent of [[], ["  "]]) {
    const r = await call("PATCH", `/api/v1/users/${id}`, { token: admin, json: { roles: sent, ...WHY } });
    assert.equal(r.status, 422, `${JSON.stringify(sent)}: ${r.text}`);
    assert.deepEqual(fieldsOf(r), ["roles"]);
    assert.match(r.data.errors[0].detail, /^Select at least one role\. To stop someone using Haven, disable their account/);
  }
  const both = await call("PATCH", `/api/v1/users/${id}`, { token: admin, json: { roles: [] } });
  assert.equal(both.status, 422);
  assert.deepEqual(fieldsOf(both).sort(), ["reason", "roles"], "every problem at once");

  // the person's page with every role box unticked: the same refusal, the page again with the summary
  const page = await call("POST", `/admin/users/${id}`, { token: admin, form: { agency: u.agency, ...WHY } });
  assert.equal(page.status, 422, page.text);
  assert.match(page.text, /govuk-error-summary[\s\S]*Select at least one role\. To stop someone using Haven, disable their account/);

  assert.deepEqual(await roles(), ["dsl", "practitioner"], "nothing changed");
  assert.equal(audits(), "0", "nothing audited as changed");

  // roles left out of a PATCH stay; a list with a role in it replaces them, audited
  const kept = await call("PATCH", `/api/v1/users/${id}`, { token: admin, json: { agency: u.agency, ...WHY } });
  assert.equal(kept.status, 200, kept.text);
  assert.deepEqual(kept.data.roles.sort(), ["dsl", "practitioner"]);
  const one = await call("PATCH", `/api/v1/users/${id}`, { token: admin, json: { roles: ["dsl"], ...WHY } });
  assert.equal(one.status, 200, one.text);
  assert.deepEqual(await roles(), ["dsl"]);
  assert.equal(audits(), "1");
});
