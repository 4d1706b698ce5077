// Agency administrators (issue 13) and which roles each agency type may
// hold, over HTTP and the command line against the real server.
//
// Brookfield Primary School's business manager (agencyadmin@demo, role
// agency_admin) lists, invites, disables and re-enables the school's
// people, each change audited with who and why (the people page's role
// filter listing only the roles a school may hold, as the invitation form); a person of another agency
// (Larkhill Academy's DSL), an administrator, someone moved away and an id
// that does not exist are all answered 404 alike, and nothing changes. They
// cannot make anyone an administrator, nor give a role a school may not
// hold. The role-by-agency-type rule is then held on every path that gives
// a role: adding and inviting (API), changing roles or agency (API),
// `haven user add` (with and without --invite) and `haven user import`.
//
// SQL is used only to look at the audit trail and the accounts.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiClient, DEMO_PASSWORD, errorFields, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";

let haven, tmp;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query).trim();
const patch = (who, p, json) => call(who, p, { method: "PATCH", json });
const userCount = () => sql("SELECT count(*) FROM users;");
const idOf = (email) => Number(sql(`SELECT id FROM users WHERE email = '${email}';`));
const messageFor = (body, field) => body.errors.find((e) => e.field === field)?.detail ?? "";

async function signsIn(email, password = DEMO_PASSWORD) {
  const r = await call(null, "/api/v1/session", { method: "POST", json: { email, password } });
  return r.status === 201;
}

before(async () => {
  haven = await startHaven();
  tmp = mkdtempSync(path.join(os.tmpdir(), "haven-agency-admins-"));
});
after(async () => {
  await haven?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("an agency administrator in their own agency", () => {
  test("lists their agency's people, and only them", async () => {
    const r = await call("agencyadmin", "/api/v1/agency/users");
    assert.equal(r.status, 200, r.text);
    const emails = r.body.users.map((u) => u.email).sort();
    assert.deepEqual(emails, ["agencyadmin@demo.haven.example", "dsl@demo.haven.example"]);
    assert.ok(r.body.users.every((u) => u.agency_slug === "brookfield-primary"));
    const dsl = r.body.users.find((u) => u.email === "dsl@demo.haven.example");
    assert.deepEqual(dsl.roles, ["dsl"]);
    assert.equal(dsl.disabled, false);
  });

  test("the people page's role filter lists only the roles the invitation form offers", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("agencyadmin");
    const list = await b.request("/agency/users");
    assert.equal(list.status, 200, list.text);
    const select = list.text.match(/<select[^>]*name="role"[^>]*>([\s\S]*?)<\/select>/)[1];
    const filtered = [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    const form = await b.request("/agency/invitations/new");
    assert.equal(form.status, 200, form.text);
    const offered = [...form.text.matchAll(/name="roles" type="checkbox" value="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(offered.includes("dsl"));
    assert.deepEqual(filtered, ["", ...offered], "Any role, then the school's roles only");
    assert.ok(!filtered.includes("police") && !filtered.includes("admin"));
  });

  test("invites a person to their own agency, audited as theirs", async () => {
    const r = await post("agencyadmin", "/api/v1/agency/invitations",
      { name: "Tia Teacher", email: "tia.teacher@brookfield.example", roles: ["practitioner", "dsl"] });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get("location"), `/api/v1/agency/users/${r.body.id}`);
    const person = await call("agencyadmin", `/api/v1/agency/users/${r.body.id}`);
    assert.equal(person.status, 200, person.text);
    assert.equal(person.body.agency_name, "Brookfield Primary School (fictional)");
    assert.deepEqual(person.body.roles, ["practitioner", "dsl"]);
    assert.equal(sql("SELECT count(*) FROM mail_outbox WHERE to_address = 'tia.teacher@brookfield.example';"), "1");
    const me = idOf("agencyadmin@demo.haven.example");
    assert.equal(sql(`SELECT group_concat(action, ' ') FROM (SELECT action FROM audit_log
      WHERE user_id = ${me} AND resource_type = 'user' AND resource_id = '${r.body.id}' ORDER BY id) AS s;`),
      "user.create user.invite");
  });

  test("never makes an administrator, nor gives a role a school may not hold; nothing is created", async () => {
    const before = userCount();
    const cases = [
      [["admin"], /cannot make anyone an administrator/],
      [["police"], /police role is only for people in a police force/],
      [["front_door"], /front door \(MASH\) role is only for people in a local authority/],
      [["idva"], /only for people in an IDVA service/],
      [["partnership"], /partnership team role is only for people in the partnership's own agency/],
      [["scrutineer"], /Scrutineer role is only for people in the partnership's own agency/],
      [["dsl", "admin"], /cannot make anyone an administrator/],
    ];
    for (const [roles, message] of cases) {
      const r = await post("agencyadmin", "/api/v1/agency/invitations",
        { name: "Xan Example", email: "xan@brookfield.example", roles });
      assert.equal(r.status, 422, `${roles}: ${r.text}`);
      assert.deepEqual(errorFields(r.body), ["roles"], roles.join());
      assert.match(messageFor(r.body, "roles"), message, roles.join());
    }
    const elsewhere = await post("agencyadmin", "/api/v1/agency/invitations",
      { name: "Xan Example", email: "xan@brookfield.example", roles: ["dsl"], agency: "larkhill-academy" });
    assert.equal(elsewhere.status, 422, "the agency is always their own: naming one is refused");
    assert.deepEqual(errorFields(elsewhere.body), ["agency"]);
    const taken = await post("agencyadmin", "/api/v1/agency/invitations",
      { name: "Dee Again", email: "dsl2@demo.haven.example", roles: ["dsl"] });
    assert.equal(taken.status, 422);
    assert.deepEqual(errorFields(taken.body), ["email"]);
    // they cannot see the account (another agency's, perhaps), so the words say who can move it
    assert.match(taken.body.errors[0].detail, /already has a Haven account\. If they now work for your agency, ask the partnership's administrators to move their account/);
    assert.equal(userCount(), before, "nobody was created");
  });

  test("disables and re-enables one of theirs, giving the reason, audited with who and why", async () => {
    const dsl = idOf("dsl@demo.haven.example");
    const me = idOf("agencyadmin@demo.haven.example");
    let r = await post("agencyadmin", `/api/v1/agency/users/${dsl}/disable`, {});
    assert.equal(r.status, 422, "a reason is needed");
    assert.deepEqual(errorFields(r.body), ["reason"]);
    assert.equal(await signsIn("dsl@demo.haven.example"), true, "still enabled");

    r = await post("agencyadmin", `/api/v1/agency/users/${dsl}/disable`, { reason: "On leave until January (head teacher)" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.disabled, true);
    assert.equal(await signsIn("dsl@demo.haven.example"), false, "a disabled account cannot sign in");
    assert.equal(sql(`SELECT reason FROM audit_log WHERE action = 'user.disable' AND user_id = ${me}
      AND resource_id = '${dsl}';`), "On leave until January (head teacher)");

    r = await post("agencyadmin", `/api/v1/agency/users/${dsl}/enable`, { reason: "Back from leave" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.disabled, false);
    assert.equal(await signsIn("dsl@demo.haven.example"), true);
    assert.equal(sql(`SELECT reason FROM audit_log WHERE action = 'user.enable' AND user_id = ${me}
      AND resource_id = '${dsl}';`), "Back from leave");
  });

  test("cannot enable an account an administrator disabled; the administrator's disable keeps its reason", async () => {
    const made = await post("agencyadmin", "/api/v1/agency/invitations", { name: "Sue Spended", email: "sue.spended@brookfield.example", roles: ["dsl"] });
    assert.equal(made.status, 201, made.text);
    const id = made.body.id;
    const admin = idOf("admin@demo.haven.example");
    let r = await post("admin", `/api/v1/users/${id}/disable`, { reason: "Under investigation (the partnership's manager)" });
    assert.equal(r.status, 200, r.text);
    assert.equal(sql(`SELECT reason FROM audit_log WHERE action = 'user.disable' AND user_id = ${admin}
      AND resource_id = '${id}';`), "Under investigation (the partnership's manager)");

    r = await post("agencyadmin", `/api/v1/agency/users/${id}/enable`, { reason: "back" });
    assert.equal(r.status, 409, r.text);
    assert.match(messageFor(r.body, "reason"), /An administrator disabled this account, so only Haven's administrators can enable it again/);
    assert.equal((await call("agencyadmin", `/api/v1/agency/users/${id}`)).body.state, "disabled", "still disabled");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'user.enable' AND resource_id = '${id}';`), "0");
    const page = await call("agencyadmin", `/agency/users/${id}`);
    assert.match(page.text, /only Haven's administrators can enable it again: ask them/);
    assert.doesNotMatch(page.text, /action="\/agency\/users\/\d+\/enable"/, "no button that would be refused");

    // an administrator may; then the agency's own suspension is theirs to undo again
    assert.equal((await post("admin", `/api/v1/users/${id}/enable`, { reason: "Cleared" })).status, 200);
    assert.equal((await post("agencyadmin", `/api/v1/agency/users/${id}/disable`, { reason: "On leave" })).status, 200);
    assert.match((await call("agencyadmin", `/agency/users/${id}`)).text, /action="\/agency\/users\/\d+\/enable"/);
    assert.equal((await post("agencyadmin", `/api/v1/agency/users/${id}/enable`, { reason: "Back from leave" })).status, 200);
  });

  test("an administrator's disable of an account its agency administrator disabled first is the administrator's to undo", async () => {
    const made = await post("agencyadmin", "/api/v1/agency/invitations", { name: "Pat Paused", email: "pat.paused@brookfield.example", roles: ["dsl"] });
    assert.equal(made.status, 201, made.text);
    const id = made.body.id;
    assert.equal((await post("agencyadmin", `/api/v1/agency/users/${id}/disable`, { reason: "On leave" })).status, 200);
    const disabledAt = sql(`SELECT disabled_at FROM users WHERE id = ${id};`);
    const r = await post("admin", `/api/v1/users/${id}/disable`, { reason: "Under investigation" });
    assert.equal(r.status, 200, r.text);
    assert.equal(sql(`SELECT reason FROM audit_log WHERE action = 'user.disable' AND resource_id = '${id}' ORDER BY id DESC LIMIT 1;`),
      "Under investigation", "the administrator's disable is audited with its reason");
    assert.equal(sql(`SELECT disabled_at FROM users WHERE id = ${id};`), disabledAt, "when it was disabled is kept");
    const refused = await post("agencyadmin", `/api/v1/agency/users/${id}/enable`, { reason: "Back" });
    assert.equal(refused.status, 409, refused.text);
    assert.match(messageFor(refused.body, "reason"), /only Haven's administrators can enable it again/);
    assert.equal((await call("agencyadmin", `/api/v1/agency/users/${id}`)).body.state, "disabled", "still disabled");
    assert.equal((await post("admin", `/api/v1/users/${id}/enable`, { reason: "Cleared" })).status, 200, "the administrator may");
  });

  test("`haven user disable` of an account its agency administrator disabled first makes it the administrator's to undo", async () => {
    const made = await post("agencyadmin", "/api/v1/agency/invitations", { name: "Cal Paused", email: "cal.paused@brookfield.example", roles: ["dsl"] });
    assert.equal(made.status, 201, made.text);
    const id = made.body.id;
    assert.equal((await post("agencyadmin", `/api/v1/agency/users/${id}/disable`, { reason: "On leave" })).status, 200);
    const disabledAt = sql(`SELECT disabled_at FROM users WHERE id = ${id};`);
    const cli = runHaven(["user", "disable", "--db", haven.dbPath, "--email", "cal.paused@brookfield.example", "--reason", "Under investigation (by telephone)"]);
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /^disabled the account/);
    assert.equal(sql(`SELECT reason FROM audit_log WHERE action = 'user.disable' AND resource_id = '${id}' ORDER BY id DESC LIMIT 1;`),
      "Under investigation (by telephone)", "the command's disable is audited with its reason");
    assert.equal(sql(`SELECT disabled_at FROM users WHERE id = ${id};`), disabledAt, "when it was disabled is kept");
    const refused = await post("agencyadmin", `/api/v1/agency/users/${id}/enable`, { reason: "Back" });
    assert.equal(refused.status, 409, refused.text);
    assert.equal((await call("agencyadmin", `/api/v1/agency/users/${id}`)).body.state, "disabled", "still disabled");
    const again = runHaven(["user", "disable", "--db", haven.dbPath, "--email", "cal.paused@brookfield.example", "--reason", "Again"]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /already disabled/, "an administrator's disable is not written twice");
    assert.equal((await post("admin", `/api/v1/users/${id}/enable`, { reason: "Cleared" })).status, 200, "the administrator may");
  });

  test("a person's page leads back to the agency's people", async () => {
    const page = await call("agencyadmin", `/agency/users/${idOf("dsl@demo.haven.example")}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<a href="\/agency\/users" class="govuk-back-link">Back to your agency's people<\/a>/);
  });

  test("cannot disable themselves", async () => {
    const me = idOf("agencyadmin@demo.haven.example");
    const r = await post("agencyadmin", `/api/v1/agency/users/${me}/disable`, { reason: "testing" });
    assert.equal(r.status, 409);
    assert.match(r.body.detail, /cannot disable your own account/);
  });
});

describe("outside their agency an agency administrator finds nobody (404)", () => {
  test("a person of another agency, an administrator and a missing id are answered alike, and nothing changes", async () => {
    const others = [idOf("dsl2@demo.haven.example"), idOf("admin@demo.haven.example"), idOf("police@demo.haven.example"), 999999];
    for (const id of others) {
      for (const [method, p, json] of [
        ["GET", `/api/v1/agency/users/${id}`],
        ["POST", `/api/v1/agency/users/${id}/disable`, { reason: "trying another agency" }],
        ["POST", `/api/v1/agency/users/${id}/enable`, { reason: "trying another agency" }],
      ]) {
        const r = await call("agencyadmin", p, { method, json });
        assert.equal(r.status, 404, `${method} ${p}: ${r.text}`);
      }
    }
    assert.equal(sql("SELECT count(*) FROM users WHERE disabled_at IS NOT NULL;"), "0", "nobody was disabled");
    for (const who of ["dsl2", "admin", "police"]) assert.equal(await signsIn(`${who}@demo.haven.example`), true, who);
  });

  test("someone moved to another agency stops being theirs", async () => {
    const r = await post("admin", "/api/v1/users", { name: "Mo Mover", email: "mo.mover@brookfield.example",
      agency: "brookfield-primary", roles: ["practitioner"], password: "quiet harbour lantern 9 kettle" });
    assert.equal(r.status, 201, r.text);
    assert.equal((await call("agencyadmin", `/api/v1/agency/users/${r.body.id}`)).status, 200);
    const moved = await patch("admin", `/api/v1/users/${r.body.id}`, { agency: "larkhill-academy", reason: "Moved school" });
    assert.equal(moved.status, 200, moved.text);
    assert.equal((await call("agencyadmin", `/api/v1/agency/users/${r.body.id}`)).status, 404);
    assert.equal((await post("agencyadmin", `/api/v1/agency/users/${r.body.id}/disable`, { reason: "x" })).status, 404);
  });

  test("the partnership's own account pages and API stay the administrators'", async () => {
    for (const [method, p] of [["GET", "/api/v1/users"], ["POST", "/api/v1/invitations"], ["GET", "/admin/users"]]) {
      const r = await call("agencyadmin", p, { method, json: method === "POST" ? {} : undefined });
      assert.equal(r.status, 403, `${method} ${p}`);
    }
    for (const who of ["dsl", "admin"]) {
      const r = await call(who, "/api/v1/agency/users");
      assert.equal(r.status, 403, `${who} is not an agency administrator`);
    }
  });
});

describe("the roles each agency type may hold, on every path that gives one", () => {
  test("an administrator adding or inviting", async () => {
    const before = userCount();
    let r = await post("admin", "/api/v1/users", { name: "Pip Wrongplace", email: "pip@example.org",
      agency: "lancashire-constabulary", roles: ["dsl"], password: "quiet harbour lantern 9 teapot" });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["roles"]);
    assert.match(messageFor(r.body, "roles"), /Designated Safeguarding Lead role is only for people in a school, college or early years setting/);
    r = await post("admin", "/api/v1/invitations", { name: "Pip Wrongplace", email: "pip@example.org",
      agency: "brookfield-primary", roles: ["police"] });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["roles"]);
    r = await post("admin", "/api/v1/invitations", { name: "Pip Wrongplace", email: "pip@example.org",
      agency: "brookfield-primary", roles: ["admin"] });
    assert.equal(r.status, 422);
    assert.match(messageFor(r.body, "roles"), /Only people in the partnership's own agency can be administrators/);
    r = await post("admin", "/api/v1/invitations", { name: "Pip Wrongplace", email: "pip@example.org",
      agency: "csap", roles: ["practitioner"] });
    assert.equal(r.status, 422);
    assert.match(messageFor(r.body, "roles"), /practitioner role is for people in the partnership's agencies/);
    r = await post("admin", "/api/v1/invitations", { name: "Pip Wrongplace", email: "pip@example.org",
      agency: "csap", roles: ["admin", "agency_admin"] });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body), ["roles"]);
    assert.equal(userCount(), before, "nobody was created");
    // an agency administrator may also hold their agency's own working role (see README: roles)
    r = await post("admin", "/api/v1/invitations", { name: "Hana Head", email: "hana.head@brookfield.example",
      agency: "brookfield-primary", roles: ["agency_admin", "dsl"] });
    assert.equal(r.status, 201, r.text);
  });

  test("an administrator changing roles or agency: the roles are checked in the agency they will be in", async () => {
    const police = idOf("police@demo.haven.example"), dsl = idOf("dsl@demo.haven.example");
    let r = await patch("admin", `/api/v1/users/${police}`, { roles: ["dsl"], reason: "asked" });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["roles"]);
    r = await patch("admin", `/api/v1/users/${dsl}`, { agency: "lancashire-constabulary", reason: "asked" });
    assert.equal(r.status, 422, "a DSL cannot be moved to a police force");
    assert.deepEqual(errorFields(r.body), ["roles"]);
    r = await patch("admin", `/api/v1/users/${dsl}`, { agency: "lancashire-constabulary", roles: ["police"], reason: "Joined the police" });
    assert.equal(r.status, 200, "moving and changing roles together fits");
    assert.equal(sql(`SELECT a.slug FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.id = ${dsl};`), "lancashire-constabulary");
    r = await patch("admin", `/api/v1/users/${dsl}`, { agency: "brookfield-primary", roles: ["dsl"], reason: "Back to school" });
    assert.equal(r.status, 200, r.text);
  });

  test("haven user add, with a password and with --invite", () => {
    const before = userCount();
    for (const extra of [[], ["--invite"]]) {
      const r = runHaven(["user", "add", "--db", haven.dbPath, "--email", "cli.wrong@example.org", "--name", "Cal Wrong",
        "--agency", "brookfield-primary", "--role", "police", ...extra], { input: "a long command line pass phrase\n" });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /^haven: --role: The police role is only for people in a police force \(agency brookfield-primary\)\n$/);
    }
    const ok = runHaven(["user", "add", "--db", haven.dbPath, "--email", "cli.bm@example.org", "--name", "Cal Manager",
      "--agency", "larkhill-academy", "--role", "agency_admin", "--invite"]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(userCount(), String(Number(before) + 1));
  });

  test("haven user import names every row whose roles its agency may not hold, and invites nobody", () => {
    const before = userCount();
    const file = path.join(tmp, "people.csv");
    writeFileSync(file, [
      "email,name,agency,roles",
      "ok.one@example.org,Oli One,brookfield-primary,dsl;agency_admin",
      "bad.two@example.org,Bea Two,lancashire-constabulary,front_door",
      "bad.three@example.org,Cy Three,csap,practitioner",
      "",
    ].join("\n"));
    const r = runHaven(["user", "import", "--db", haven.dbPath, file]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /line 3: roles: The front door \(MASH\) role is only for people in a local authority/);
    assert.match(r.stderr, /line 4: roles: The practitioner role is for people in the partnership's agencies/);
    assert.doesNotMatch(r.stderr, /line 2/);
    assert.match(r.stderr, /nobody was invited/);
    assert.equal(userCount(), before);
  });
});
