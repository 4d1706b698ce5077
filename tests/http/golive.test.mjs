// Going live (issue 13): a real partnership set up from an empty database
// with no SQL. `haven init` without --demo, then only commands and the API:
// the partnership, a local authority, the police, the local authority's
// children's services, a school (from a small file in the GIAS format),
// people's accounts (passwords on standard input), a police incident, the
// police's identification adding the child to the register at the school, and the school's Key Adult
// acknowledging the notification. Then every set-up command, page and API
// route refusing bad input, naming the field or the line, and changing
// nothing; agencies in several areas; and the set-up checklist.
//
// SQL appears here only to look (counts and audit rows), never to set up.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";
import { HEADER, gias, windows1252 } from "./data/make-gias-fixture.mjs";

const PASSWORDS = {
  "admin@moorland.example": "heron lantern quarry 41",
  "officer@moorland.example": "violet tugboat meadow 52",
  "keyadult@moorland.example": "copper thistle anvil 63",
};
let haven;
const { call } = apiClient(() => haven, { passwords: PASSWORDS });
const sql = (query) => sqlText(haven.dbPath, query);
const haven_ = (...args) => runHaven([...args.slice(0, 2), "--db", haven.dbPath, ...args.slice(2)]);
const ok = (r) => assert.equal(r.status, 0, `exit 0: ${r.stderr}`);

let n = 0;
function file(name, text) {
  const p = path.join(haven.dir, `${++n}-${name}`);
  writeFileSync(p, text);
  return p;
}

/** `haven agency list` as {slug: {type, area, name}}. */
function agencies() {
  const r = runHaven(["agency", "list", "--db", haven.dbPath]);
  ok(r);
  return Object.fromEntries(
    r.stdout.trim().split("\n").filter(Boolean).map((l) => {
      const [slug, type, area, name] = l.split("\t");
      return [slug, { type, area, name }];
    }),
  );
}

before(async () => {
  haven = await startHaven({ demo: false });
});
after(async () => {
  await haven?.stop();
});

describe("from an empty database to an acknowledged Operation Encompass notification, with no SQL", () => {
  let school;

  test("an empty database has no agencies, so no account can be made yet", () => {
    assert.deepEqual(agencies(), {});
    const r = runHaven(["user", "add", "--db", haven.dbPath, "--email", "admin@moorland.example", "--name", "A",
      "--agency", "partnership", "--role", "admin"], { input: PASSWORDS["admin@moorland.example"] + "\n" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /unknown agency partnership/);
  });

  test("the partnership, its local authority and its agencies, from the command line", () => {
    let r = haven_("partnership", "set", "--name", "Moorland Safeguarding Partnership (fictional)");
    ok(r);
    assert.match(r.stdout, /created the partnership/);
    ok(haven_("la", "add", "--code", "888", "--name", "Lancashire"));
    r = haven_("la", "list");
    ok(r);
    assert.equal(r.stdout, "888\tlancashire\tLancashire\n");
    ok(haven_("agency", "add", "--slug", "moorland-police", "--type", "police", "--name", "Moorland Police (fictional)"));
    ok(haven_("agency", "add", "--slug", "moorland-council", "--type", "local_authority", "--name",
      "Moorland Council children's services (fictional)", "--la", "888"));
    // a school from the DfE's file, in its own format
    const row = { URN: "990901", "LA (code)": "888", "LA (name)": "Lancashire",
      EstablishmentName: "Heather Brow Primary School (fictional)", "TypeOfEstablishment (name)": "Community school",
      "PhaseOfEducation (name)": "Primary", "EstablishmentStatus (name)": "Open", StatutoryLowAge: "4",
      StatutoryHighAge: "11", Postcode: "ZZ99 9HB" };
    ok(haven_("import", "settings", file("edubasealldata.csv", windows1252(gias([row], HEADER)))));
    const all = agencies();
    school = Object.keys(all).find((slug) => all[slug].type === "school");
    assert.ok(school, "the import made the school an agency");
    assert.deepEqual(all["moorland-council"], { type: "local_authority", area: "Lancashire",
      name: "Moorland Council children's services (fictional)" });
    assert.equal(all.partnership.type, "partnership");
  });

  test("accounts for the administrator, a police officer and the school's Key Adult (passwords on standard input)", () => {
    for (const [email, agency, role] of [
      ["admin@moorland.example", "partnership", "admin"],
      ["officer@moorland.example", "moorland-police", "police"],
      ["keyadult@moorland.example", school, "dsl"],
    ]) {
      const r = runHaven(["user", "add", "--db", haven.dbPath, "--email", email, "--name", `Person ${role}`,
        "--agency", agency, "--role", role], { input: PASSWORDS[email] + "\n" });
      ok(r);
    }
  });

  test("the administrator sees what is done and what is left", async () => {
    const r = await call("admin@moorland.example", "/api/v1/setup");
    assert.equal(r.status, 200, r.text);
    const step = Object.fromEntries(r.body.steps.map((s) => [s.key, s]));
    assert.equal(step.partnership.done, true);
    assert.equal(step.local_authorities.done, true);
    assert.equal(step.agencies.done, true);
    assert.equal(step.front_doors.done, true, step.front_doors.detail);
    assert.equal(step.settings.done, true);
    assert.equal(step.first_users.done, true);
    assert.equal(step.term_dates.done, false, "no term dates were imported");
    assert.equal(step.idva_coverage.done, false);
    assert.match(step.idva_coverage.detail, /Lancashire/);
    assert.equal(step.mail_relay.done, false, "no relay is configured in the test");
    assert.equal(r.body.total, r.body.steps.length);
  });

  test("a police incident, the child matched to the school, and the Key Adult acknowledges", async () => {
    let r = await call("officer@moorland.example", "/api/v1/da-incidents", { method: "POST", json: {
      police_reference: "MP-0001",
      occurred_at: "2026-11-18T19:30:00Z",
      location: "1 Example Road",
      la_code: 888,
      risk_level: "medium",
      circumstances: "Verbal argument between adults; the child was upstairs.",
      adults: [{ name: "Pat Example", role: "victim", safe_to_call: false, safe_to_leave_message: false },
        { name: "Lee Example", role: "suspect" }],
      children: [{ given_name: "Sam", family_name: "Example", date_of_birth: "2017-05-02", setting_urn: 990901,
        present: true, spoken_to: false }],
    } });
    assert.equal(r.status, 201, r.text);
    // the register is empty, and the police named a school Haven knows: the child is added from the
    // police's details and the school notified at once, with nobody to match it by hand
    assert.equal(r.body.children[0].match_status, "registered");
    r = await call("keyadult@moorland.example", "/api/v1/encompass/notifications");
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.notifications.length, 1, "the school's Key Adult has the notification");
    const nid = r.body.notifications[0].id;
    r = await call("keyadult@moorland.example", `/api/v1/encompass/notifications/${nid}/acknowledgement`, { method: "POST" });
    assert.equal(r.status, 200, r.text);
    r = await call("keyadult@moorland.example", `/api/v1/encompass/notifications/${nid}`);
    assert.ok(r.body.notification.acknowledged_at, "acknowledged");
  });

  test("every set-up change left its audit row", () => {
    const rows = sql("SELECT action || ' ' || resource_type FROM audit_log WHERE action IN " +
      "('partnership.set', 'local_authority.create', 'agency.create') ORDER BY id;").trim().split("\n");
    assert.deepEqual(rows, ["partnership.set agency", "local_authority.create local_authority",
      "agency.create agency", "agency.create agency"]);
  });
});

describe("the set-up commands refuse bad input, naming the field or line, and change nothing", () => {
  const state = () => JSON.stringify([agencies(), runHaven(["la", "list", "--db", haven.dbPath]).stdout,
    sql("SELECT count(*) FROM audit_log;")]);

  test("haven la add", () => {
    const before = state();
    let r = haven_("la", "add", "--code", "888", "--name", "Lancashire again");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--code: This local authority code is already in the partnership/);
    r = haven_("la", "add", "--code", "1000", "--name", "Nowhere");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--code: .*between 100 and 999/);
    r = haven_("la", "add", "--code", "99", "--name", "Nowhere");
    assert.equal(r.status, 2);
    r = haven_("la", "add", "--code", "890", "--name", "Blackpool", "--slug", "lancashire");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--slug: This slug is already used/);
    r = haven_("la", "add", "--code", "890");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--name: /);
    assert.equal(state(), before);
  });

  test("haven agency add and update", () => {
    const before = state();
    let r = haven_("agency", "add", "--slug", "moorland-police", "--type", "police", "--name", "Again");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--slug: This slug is already used/);
    r = haven_("agency", "add", "--slug", "x", "--type", "spaceship", "--name", "X");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--type: /);
    r = haven_("agency", "add", "--slug", "x", "--type", "school", "--name", "X");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--la: A school.*exactly one/);
    r = haven_("agency", "add", "--slug", "x", "--type", "probation", "--name", "X", "--la", "777");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--la: There is no local authority with the code 777/);
    r = haven_("agency", "add", "--slug", "second", "--type", "partnership", "--name", "Another partnership");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--type: The partnership already has its own agency/);
    // no --slug: one is made from the name, and a clash names the slug made
    r = haven_("agency", "add", "--type", "police", "--name", "Moorland Police");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--slug: This slug is already used by another agency: choose another \(moorland-police is taken\)/);
    r = haven_("agency", "add", "--type", "police", "--name", "***");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--slug: Enter a slug: the name has no letters or digits to make one from/);
    r = haven_("agency", "update", "--slug", "nobody", "--name", "X");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--slug: there is no agency nobody/);
    r = haven_("agency", "update", "--slug", "moorland-council", "--la", "888", "--la", "888");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--la: Give each local authority code once/);
    assert.equal(state(), before);
  });

  test("haven import agencies: every bad row named by its line, nothing imported", () => {
    const before = state();
    const csv = file("agencies.csv", [
      "slug,type,name,la",
      "moorland-trust,nhs_trust,Moorland NHS Trust (fictional),888",
      "Bad Slug,school,B,888",
      "c,spaceship,C,",
      '"d",school,"D, with a comma",888;888',
      "e,housing,E,abc",
      "moorland-police,other,Taken,",
      "",
    ].join("\r\n"));
    let r = haven_("import", "agencies", csv);
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split("\n");
    assert.match(lines[0], /line 3: slug: /);
    assert.match(lines[1], /line 4: type: /);
    assert.match(lines[2], /line 5: la: Give each local authority code once/);
    assert.match(lines[3], /line 6: la: /);
    assert.match(lines[4], /4 of 6 rows are wrong; nothing was imported/);
    // rows only the database can refuse are named too, after the file's own checks pass
    r = haven_("import", "agencies", file("agencies.csv",
      "slug,type,name,la\nfine,housing,Fine,888\nmoorland-police,other,Taken,\ng,probation,G,777\n,other,Moorland Police,\n"));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /line 3: slug: This slug is already used/);
    assert.match(r.stderr, /line 4: la: There is no local authority with the code 777/);
    assert.match(r.stderr, /line 5: slug: This slug is already used by another agency: choose another \(moorland-police is taken\)/,
      "an empty slug is made from the name");
    r = haven_("import", "agencies", file("agencies.csv", "slug,kind,name\nx,police,X\n"));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /line 1: the header row must be slug,type,name,la/);
    r = haven_("import", "agencies", file("agencies.csv", 'slug,type,name,la\nx,police,"X\n'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /line 2: not valid CSV/);
    assert.equal(state(), before);
  });

  test("haven import agencies adds them all, with several areas each", () => {
    ok(haven_("la", "add", "--code", "890", "--name", "Blackpool"));
    const r = haven_("import", "agencies", file("agencies.csv",
      "slug,type,name,la\nmoorland-idva,idva_service,Moorland IDVA Service (fictional),888;890\nmoorland-icb,icb,Moorland ICB (fictional),\n"));
    ok(r);
    assert.match(r.stdout, /imported 2 agencies/);
    const all = agencies();
    assert.deepEqual(all["moorland-idva"], { type: "idva_service", area: "Blackpool, Lancashire",
      name: "Moorland IDVA Service (fictional)" });
    assert.equal(all["moorland-icb"].area, "partnership-wide");
  });

  test("haven partnership set again renames it", () => {
    const r = haven_("partnership", "set", "--name", "Moorland Children's Safeguarding Partnership (fictional)");
    ok(r);
    assert.match(r.stdout, /renamed the partnership/);
    assert.equal(agencies().partnership.name, "Moorland Children's Safeguarding Partnership (fictional)");
  });
});

describe("the set-up API: administrators only, the same checks", () => {
  const admin = "admin@moorland.example";

  test("others may not", async () => {
    for (const [method, url] of [["GET", "/api/v1/setup"], ["POST", "/api/v1/agencies"], ["POST", "/api/v1/local-authorities"],
      ["PATCH", "/api/v1/agencies/moorland-police"], ["PUT", "/api/v1/partnership"]]) {
      const body = method === "GET" ? {} : { json: {} };
      const r = await call("officer@moorland.example", url, { method, ...body });
      assert.equal(r.status, 403, `${method} ${url}`);
      assert.equal((await call(null, url, { method, ...body })).status, 401);
    }
  });

  test("local authorities", async () => {
    let r = await call(admin, "/api/v1/local-authorities", { method: "POST", json: { code: 889, name: "Blackburn with Darwen" } });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body, { code: 889, slug: "blackburn-with-darwen", name: "Blackburn with Darwen" });
    r = await call(admin, "/api/v1/local-authorities", { method: "POST", json: { code: 889, name: "Again", slug: "lancashire" } });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body), ["code", "slug"]);
    r = await call(admin, "/api/v1/local-authorities", { method: "POST", json: { code: 12, name: "" } });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body).sort(), ["code", "name"]);
  });

  test("agencies: add, change, and refusals", async () => {
    let r = await call(admin, "/api/v1/agencies", { method: "POST", json: {
      slug: "moorland-probation", type: "probation", name: "Moorland Probation (fictional)", la: [888, 889] } });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body, { slug: "moorland-probation", name: "Moorland Probation (fictional)", type: "probation", la: [888, 889] });
    r = await call(admin, "/api/v1/agencies/moorland-probation", { method: "PATCH", json: { la: [889] } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.la, [889]);
    assert.equal(r.body.name, "Moorland Probation (fictional)", "what is not sent stays");
    r = await call(null, "/api/v1/agencies/moorland-probation");
    assert.equal(r.body.agency.area_name, "Blackburn with Darwen", "one area is the agency's own la_code again");
    r = await call(admin, "/api/v1/agencies/moorland-probation", { method: "PATCH", json: { type: "school", la: [888, 889] } });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body), ["la"]);
    r = await call(admin, "/api/v1/agencies/nobody", { method: "PATCH", json: { name: "X" } });
    assert.equal(r.status, 404);
    r = await call(admin, "/api/v1/agencies", { method: "POST", json: { slug: "moorland-police", type: "other", name: "X", la: [777] } });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body), ["slug", "la"]);
    r = await call(admin, "/api/v1/agencies", { method: "POST", json: { type: "other", name: "Moorland Police" } });
    assert.equal(r.status, 422, "no slug: made from the name, and that one is taken");
    assert.deepEqual(errorFields(r.body), ["slug"]);
    assert.match(r.body.errors[0].detail, /\(moorland-police is taken\)/);
    r = await call(admin, "/api/v1/agencies", { method: "POST", json: { slug: "x", type: "nope", name: "X", extra: 1 } });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body).sort(), ["extra", "type"]);
    const audit = sql("SELECT count(*) FROM audit_log WHERE action = 'agency.update';").trim();
    assert.equal(audit, "1", "one change, one audit row (the refused ones left none)");
  });

  test("the partnership's name", async () => {
    const r = await call(admin, "/api/v1/partnership", { method: "PUT", json: { name: "Moorland Partnership (fictional)" } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.created, false);
    assert.equal(agencies().partnership.name, "Moorland Partnership (fictional)");
  });
});

describe("re-enabling an account: audited with who asked and why", () => {
  const admin = "admin@moorland.example";
  const email = "keyadult@moorland.example";
  const signIn = () => fetch(haven.url + "/api/v1/session", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORDS[email] }) });

  test("from the command line and the API", async () => {
    ok(runHaven(["user", "disable", "--db", haven.dbPath, "--email", email, "--reason", "Left the partnership"]));
    assert.equal((await signIn()).status, 401, "a disabled account cannot sign in");
    let r = runHaven(["user", "enable", "--db", haven.dbPath, "--email", email]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--reason TEXT is required/);
    r = runHaven(["user", "enable", "--db", haven.dbPath, "--email", email, "--reason", "Back from leave (ticket 42)"]);
    ok(r);
    assert.equal((await signIn()).status, 201, "signs in again");
    r = runHaven(["user", "enable", "--db", haven.dbPath, "--email", email, "--reason", "again"]);
    assert.equal(r.status, 1, "an active account is not re-enabled");
    assert.match(r.stderr, /no disabled account/);

    ok(runHaven(["user", "disable", "--db", haven.dbPath, "--email", email, "--reason", "Left the partnership"]));
    const id = (await call(admin, "/api/v1/users")).body.users.find((u) => u.email === email).id;
    r = await call(admin, `/api/v1/users/${id}/enable`, { method: "POST", json: {} });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body), ["reason"]);
    assert.equal((await signIn()).status, 401, "still disabled");
    r = await call("officer@moorland.example", `/api/v1/users/${id}/enable`, { method: "POST", json: { reason: "x" } });
    assert.equal(r.status, 403);
    r = await call(admin, `/api/v1/users/${id}/enable`, { method: "POST", json: { reason: "Disabled by mistake" } });
    assert.equal(r.status, 200, r.text);
    assert.equal((await signIn()).status, 201);
    r = await call(admin, "/api/v1/users/999999/enable", { method: "POST", json: { reason: "x" } });
    assert.equal(r.status, 404);
    const rows = sql(`SELECT coalesce(CAST(user_id AS text), 'nobody') || ' ' || reason FROM audit_log WHERE action = 'user.enable' ORDER BY id;`)
      .trim().split("\n");
    const adminId = (await call(admin, "/api/v1/me")).body.user.id;
    assert.deepEqual(rows, ["nobody Back from leave (ticket 42)", `${adminId} Disabled by mistake`]);
  });
});

describe("changing a person's roles and agency: audited with who asked and why; never the last administrator", () => {
  const admin = "admin@moorland.example";
  const officer = "officer@moorland.example";
  let officerId, adminId;

  test("roles and agency change, each with its audit row", async () => {
    const users = (await call(admin, "/api/v1/users")).body.users;
    officerId = users.find((u) => u.email === officer).id;
    adminId = users.find((u) => u.email === admin).id;
    let r = await call(admin, `/api/v1/users/${officerId}`);
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.agency, r.body.roles], ["moorland-police", ["police"]]);

    r = await call(admin, `/api/v1/users/${officerId}`, { method: "PATCH", json: { roles: ["police", "practitioner"] } });
    assert.equal(r.status, 422, "a change needs its reason");
    assert.deepEqual(errorFields(r.body), ["reason"]);
    r = await call(admin, `/api/v1/users/${officerId}`, { method: "PATCH", json: { agency: "nowhere", reason: "x" } });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body), ["agency"]);
    r = await call(admin, `/api/v1/users/${officerId}`, { method: "PATCH", json: { roles: ["admin", "police"], reason: "x" } });
    assert.equal(r.status, 422, "an administrator cannot also see children's records");
    assert.deepEqual(errorFields(r.body), ["roles"]);
    r = await call(officer, `/api/v1/users/${officerId}`, { method: "PATCH", json: { roles: ["police"], reason: "x" } });
    assert.equal(r.status, 403);
    r = await call(admin, "/api/v1/users/999999", { method: "PATCH", json: { roles: ["police"], reason: "x" } });
    assert.equal(r.status, 404);

    r = await call(admin, `/api/v1/users/${officerId}`, { method: "PATCH",
      json: { roles: ["front_door", "practitioner"], agency: "moorland-council", reason: "Seconded to the MASH (ticket 7)" } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.agency, [...r.body.roles].sort()], ["moorland-council", ["front_door", "practitioner"]]);
    const me = (await call(officer, "/api/v1/me")).body.user;
    assert.equal(me.agency, "Moorland Council children's services (fictional)", "the change holds at once");
    assert.deepEqual(me.roles.map((role) => role.name).sort(), ["front_door", "practitioner"]);
    const rows = sql(`SELECT action || ' ' || user_id || ' ' || resource_id || ' ' || reason FROM audit_log
      WHERE action IN ('user.roles', 'user.agency') ORDER BY id;`).trim().split("\n");
    assert.deepEqual(rows, [`user.roles ${adminId} ${officerId} Seconded to the MASH (ticket 7)`,
      `user.agency ${adminId} ${officerId} Seconded to the MASH (ticket 7)`]);
  });

  test("the last active administrator cannot be removed", async () => {
    const before = sql("SELECT count(*) FROM audit_log;");
    let r = await call(admin, `/api/v1/users/${adminId}`, { method: "PATCH", json: { roles: ["partnership"], reason: "moving on" } });
    assert.equal(r.status, 409);
    assert.deepEqual(errorFields(r.body), ["roles"]);
    assert.match(r.body.errors[0].detail, /without an active administrator/);
    r = runHaven(["user", "disable", "--db", haven.dbPath, "--email", admin, "--reason", "Left the partnership"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /last active administrator/);
    assert.deepEqual((await call(admin, "/api/v1/me")).body.user.roles.map((role) => role.name), ["admin"]);
    assert.equal(sql("SELECT count(*) FROM audit_log;"), before, "nothing changed, nothing audited");
    // with a second administrator, the first may step down
    const second = "second-admin@moorland.example";
    ok(runHaven(["user", "add", "--db", haven.dbPath, "--email", second, "--name", "Second Admin", "--agency", "partnership",
      "--role", "admin"], { input: "juniper kettle orbit 74\n" }));
    r = await call(admin, `/api/v1/users/${adminId}`, { method: "PATCH", json: { roles: ["admin", "partnership"], reason: "x" } });
    assert.equal(r.status, 422, "an admin still cannot hold a role that sees children's records");
    ok(runHaven(["user", "disable", "--db", haven.dbPath, "--email", second, "--reason", "Left the partnership"]));
  });
});

describe("local authorities from the DfE's GIAS file", () => {
  const FIXTURE = new URL("./data/edubasealldata-fictional.csv", import.meta.url).pathname;

  test("haven la add --gias takes the name the file gives the code", () => {
    let r = haven_("la", "add", "--code", "340", "--gias", FIXTURE);
    ok(r);
    assert.match(r.stdout, /added the local authority 340 Knowsley \(knowsley\)/);
    r = haven_("la", "add", "--code", "777", "--gias", FIXTURE);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--gias: no establishment in .* is in the local authority 777/);
    assert.ok(!runHaven(["la", "list", "--db", haven.dbPath]).stdout.includes("777"));
  });
});
