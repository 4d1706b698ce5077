// Changing an agency keeps its people's roles and the areas' front doors
// true, over HTTP against the real server and database (an attacker's test
// found both open).
//
// An agency's type may change only to one whose agencies may hold every
// role its people hold, whatever their account's state (active, invited,
// disabled): the rule every path that gives a role applies
// (policy_role_agency_problem). So a school cannot become a police force
// while its DSL is one, nor can the partnership's own agency change type,
// nor can a second agency become the partnership. An area has one local
// authority children's services agency (its front door), on create and on
// change, page and API. Each change is audited with what changed; each
// refusal changes nothing and leaves no audit row.
//
// SQL is used only to look at the audit trail and the agencies.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query).trim();
const patch = (slug, json) => call("admin", `/api/v1/agencies/${slug}`, { method: "PATCH", json });
const typeOf = (slug) => sql(`SELECT type FROM agencies WHERE slug = '${slug}';`);
const updates = () => sql("SELECT count(*) FROM audit_log WHERE action = 'agency.update';");
const lastUpdate = (slug) =>
  sql(`SELECT l.reason FROM audit_log l JOIN agencies a ON l.resource_id = CAST(a.id AS TEXT)` +
    ` WHERE l.action = 'agency.update' AND a.slug = '${slug}' ORDER BY l.id DESC LIMIT 1;`);
const messageFor = (body, field) => body.errors.find((e) => e.field === field)?.detail ?? "";

/* A 422 on `field` alone, saying `pattern`, that changed nothing and wrote no audit row. */
async function refused(r, field, pattern, audited) {
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(errorFields(r.body), [field]);
  assert.match(messageFor(r.body, field), pattern);
  assert.equal(updates(), audited, "a refused change leaves no audit row");
}

before(async () => {
  haven = await startHaven();
});
after(async () => {
  await haven?.stop();
});

describe("an agency's type", () => {
  test("the partnership's own agency keeps its type, and no second agency becomes the partnership", async () => {
    const audited = updates();
    await refused(await patch("csap", { type: "other" }), "type", /partnership's own agency .* cannot change/, audited);
    assert.equal(typeOf("csap"), "partnership");
    await refused(await patch("demo-icb", { type: "partnership" }), "type", /already has its own agency/, audited);
    assert.equal(typeOf("demo-icb"), "health");
  });

  test("a school whose people hold a school's roles cannot become a police force", async () => {
    const audited = updates();
    await refused(await patch("brookfield-primary", { type: "police" }), "type",
      /Someone in this agency holds a role .*Designated Safeguarding Lead role is only for people in a school.*take the role from them first/,
      audited);
    assert.equal(typeOf("brookfield-primary"), "school");
  });

  test("an invited person's roles and a disabled person's count as much as an active one's", async () => {
    let r = await post("admin", "/api/v1/agencies", { slug: "second-idva", type: "idva_service", name: "Second IDVA Service (fictional)" });
    assert.equal(r.status, 201, r.text);
    r = await post("admin", "/api/v1/invitations",
      { name: "Ivy Adviser", email: "ivy@second-idva.example", agency: "second-idva", roles: ["idva"] });
    assert.equal(r.status, 201, r.text);
    const audited = updates();
    await refused(await patch("second-idva", { type: "health" }), "type", /Independent Domestic Violence Adviser role/, audited);
    const id = sql("SELECT id FROM users WHERE email = 'ivy@second-idva.example';");
    r = await post("admin", `/api/v1/users/${id}/disable`, { reason: "Left before starting (agency changes test)" });
    assert.ok(r.status < 300, r.text);
    await refused(await patch("second-idva", { type: "health" }), "type", /Independent Domestic Violence Adviser role/, audited);
    assert.equal(typeOf("second-idva"), "idva_service");
  });

  test("a type whose agencies may hold every role its people hold is changed, and audited with old and new", async () => {
    const audited = Number(updates());
    let r = await patch("brookfield-primary", { type: "college" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.type, "college");
    assert.equal(lastUpdate("brookfield-primary"), "type school -> college");
    r = await patch("brookfield-primary", { type: "school", name: "Brookfield Primary School (fictional, renamed)" });
    assert.equal(r.status, 200, r.text);
    assert.equal(lastUpdate("brookfield-primary"), "name changed; type college -> school");
    assert.equal(Number(updates()), audited + 2);
  });
});

describe("one front door an area", () => {
  test("an area's children's services agency cannot move into an area that has one", async () => {
    const audited = updates();
    await refused(await patch("blackpool-council", { la: [888] }), "la",
      /^Lancashire \(888\) is already the area of Lancashire County Council children's services \(demo\)/, audited);
    assert.equal(sql("SELECT la_code FROM agencies WHERE slug = 'blackpool-council';"), "890");
  });

  test("no other agency becomes an area's children's services where it has them", async () => {
    const audited = updates();
    await refused(await patch("demo-teaching-hospitals", { type: "local_authority" }), "la",
      /^Blackpool \(890\) is already the area of Blackpool Council/, audited);
    assert.equal(typeOf("demo-teaching-hospitals"), "health");
  });

  test("a second one is not added, and one for an area without is", async () => {
    const before = sql("SELECT count(*) FROM agencies;");
    let r = await post("admin", "/api/v1/agencies", { type: "local_authority", name: "Shadow Lancashire Front Door", la: [888] });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["la"]);
    assert.match(messageFor(r.body, "la"), /is already the area of Lancashire County Council/);
    assert.equal(sql("SELECT count(*) FROM agencies;"), before);
    r = await post("admin", "/api/v1/local-authorities", { code: 909, name: "Cumbria" });
    assert.equal(r.status, 201, r.text);
    r = await post("admin", "/api/v1/agencies", { type: "local_authority", name: "Cumbria children's services (fictional)", la: [909] });
    assert.equal(r.status, 201, r.text);
  });

  test("an agency's areas changing are audited with the old and the new", async () => {
    const r = await patch("demo-teaching-hospitals", { la: [889, 890] });
    assert.equal(r.status, 200, r.text);
    assert.equal(lastUpdate("demo-teaching-hospitals"), "areas 890 -> 889, 890");
  });

  test("the change form shows the refusal in its error summary, naming the areas field", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("admin");
    const form = await b.request("/admin/agencies/blackpool-council/edit");
    assert.equal(form.status, 200);
    const res = await b.request("/admin/agencies/blackpool-council", {
      method: "POST",
      form: { csrf_token: b.csrfOf(form.text), name: "Blackpool Council children's services (demo)", type: "local_authority", la: "888" },
    });
    assert.equal(res.status, 422, res.text);
    assert.match(res.text, /govuk-error-summary/);
    assert.match(res.text, /href="#la">Lancashire \(888\) is already the area of Lancashire County Council/);
    assert.equal(sql("SELECT la_code FROM agencies WHERE slug = 'blackpool-council';"), "890");
  });
});
