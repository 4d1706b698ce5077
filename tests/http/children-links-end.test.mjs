// An agency stops working with a child (need to know): a practitioner records, with the date and a
// reason, that their agency's link (a concern raised, a team's allocation) has ended. The link moves
// out of child_links into the record's history in one unit with its audit row, so the agency's access
// ends at once: its user gets 404 on the record and its API, and the search no longer finds the child
// by name (the name index of migration 0135 follows the link). Every bad input names its field and
// changes nothing; a browser is asked "Are you sure?" first. A new concern later links the agency again.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query);

// A fictional child, added by the hospital (demo-teaching-hospitals: it raised the concern).
const RORY = {
  given_name: "Rory",
  family_name: "Linkender",
  date_of_birth: "2016-02-03",
  sex: "not_known",
  la_code: 890,
  settings: ["seafront-primary"],
  confirm_new: true,
};
const REASON = "The concern was assessed by the front door: no further action for the hospital.";
let rory;

const hospital = () => sql("SELECT id FROM agencies WHERE slug = 'demo-teaching-hospitals'");
const links = (child) => sql(`SELECT count(*) FROM child_links WHERE child_id = ${child}`);
const ended = (child) => sql(`SELECT count(*) FROM child_links_ended WHERE child_id = ${child}`);
const search = async (who, name) => {
  const res = await post(who, "/api/v1/children/search", { name });
  assert.equal(res.status, 200, res.text);
  return res.body.children.map((c) => c.id);
};

before(async () => {
  haven = await startHaven();
  const res = await post("practitioner", "/api/v1/children", RORY);
  assert.equal(res.status, 201, res.text);
  rory = res.body.id;
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("an agency stops working with a child", () => {
  test("bad inputs are refused naming the field, and nothing changes", async () => {
    const before = links(rory);
    const cases = [
      [{ ended_on: plusDays(0), reason: REASON }, ["relationship"], 422],
      [{ relationship: "raised_concern", ended_on: plusDays(0) }, ["reason"], 422],
      [{ relationship: "raised_concern", reason: REASON }, ["ended_on"], 422],
      [{ relationship: "raised_concern", ended_on: plusDays(2), reason: REASON }, ["ended_on"], 422],
      [{ relationship: "raised_concern", ended_on: "2001-01-01", reason: REASON }, ["ended_on"], 422],
      [{ relationship: "raised_concern", ended_on: "2026-02-30", reason: REASON }, ["ended_on"], 422],
      [{ relationship: "setting", ended_on: plusDays(0), reason: REASON }, ["relationship"], 422],
      [{ relationship: "raised_concern", ended_on: plusDays(0), reason: "x".repeat(1001) }, ["reason"], 422],
      // the hospital raised a concern; it is not the team the child is allocated to
      [{ relationship: "allocated_team", ended_on: plusDays(0), reason: REASON }, ["relationship"], 404],
    ];
    for (const [body, fields, status] of cases) {
      const res = await post("practitioner", `/api/v1/children/${rory}/links/end`, body);
      assert.equal(res.status, status, `${JSON.stringify(body)}: ${res.text}`);
      assert.deepEqual(errorFields(res.body), fields, JSON.stringify(body));
    }
    const future = await post("practitioner", `/api/v1/children/${rory}/links/end`, { relationship: "raised_concern", ended_on: plusDays(2), reason: REASON });
    assert.match(future.body.errors[0].detail, /must be today or in the past/);
    const early = await post("practitioner", `/api/v1/children/${rory}/links/end`, { relationship: "raised_concern", ended_on: "2001-01-01", reason: REASON });
    assert.match(early.body.errors[0].detail, /when the child was added to the register/);
    // an agency with no link to the child is answered as for any child it may not see
    const stranger = await post("dsl2", `/api/v1/children/${rory}/links/end`, { relationship: "raised_concern", ended_on: plusDays(0), reason: REASON });
    assert.equal(stranger.status, 404, stranger.text);
    assert.equal(links(rory), before, "no link was ended");
    assert.equal(ended(rory), "0");
    assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'child.end_link'"), "0");
  });

  test("ending the hospital's link ends its access: the record, the API, the search and the name index", async () => {
    assert.equal((await call("practitioner", `/api/v1/children/${rory}`)).status, 200);
    assert.deepEqual(await search("practitioner", "Linkender"), [rory], "found by name before");
    const res = await post("practitioner", `/api/v1/children/${rory}/links/end`, {
      relationship: "raised_concern", ended_on: plusDays(0), reason: REASON,
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.ended, { child_id: rory, relationship: "raised_concern", ended_on: plusDays(0), reason: REASON });

    assert.equal((await call("practitioner", `/api/v1/children/${rory}`)).status, 404);
    assert.equal((await call("practitioner", `/children/${rory}`)).status, 404);
    assert.equal((await call("practitioner", `/api/v1/children/${rory}/chronology`)).status, 404);
    assert.deepEqual(await search("practitioner", "Linkender"), [], "no longer found by name");
    assert.equal(sql(`SELECT count(*) FROM child_agency_names WHERE child_id = ${rory} AND agency_id = ${hospital()}`), "0");
    const list = await call("practitioner", "/api/v1/children");
    assert.ok(!list.body.children.some((c) => c.id === rory), "not in the agency's list");

    assert.equal(sql(`SELECT relationship || '|' || ended_on || '|' || reason FROM child_links_ended WHERE child_id = ${rory} AND agency_id = ${hospital()}`),
      `raised_concern|${plusDays(0)}|${REASON}`);
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'child.end_link' AND resource_type = 'child' AND resource_id = '${rory}'`), "1");

    // the others working with the child still see it, and which agency stopped and when
    assert.deepEqual(await search("frontdoor2", "Linkender"), [rory]);
    const page = await call("frontdoor2", `/children/${rory}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Agencies that stopped working with this child[\s\S]*Demo Teaching Hospitals[\s\S]*Raised a concern or incident/);
    const chronology = await call("frontdoor2", `/api/v1/children/${rory}/chronology`);
    assert.equal(chronology.status, 200, chronology.text);
    assert.ok(JSON.stringify(chronology.body).includes("Stopped working with the child"), chronology.text);
  });

  test("a link already ended is not found again; a new concern links the agency again", async () => {
    const again = await post("practitioner", `/api/v1/children/${rory}/links/end`, { relationship: "raised_concern", ended_on: plusDays(0), reason: REASON });
    assert.equal(again.status, 404, again.text);
    const { confirm_new: _, ...identity } = RORY;
    const taken = await post("practitioner", `/api/v1/children/${rory}/link`, { ...identity, reason: "A new concern about the same child today." });
    assert.equal(taken.status, 200, taken.text);
    assert.equal((await call("practitioner", `/api/v1/children/${rory}`)).status, 200);
    assert.deepEqual(await search("practitioner", "Linkender"), [rory]);
  });

  test("the child's only link is not ended: no agency would see the record", async () => {
    const res = await post("practitioner", "/api/v1/children", { ...RORY, given_name: "Lonely", family_name: "Lastlink", settings: [] });
    assert.equal(res.status, 201, res.text);
    const child = res.body.id;
    // a record imported with one link only (the local authority's is left out)
    sql(`DELETE FROM child_links WHERE child_id = ${child} AND relationship <> 'raised_concern'`);
    const refused = await post("practitioner", `/api/v1/children/${child}/links/end`, { relationship: "raised_concern", ended_on: plusDays(0), reason: REASON });
    assert.equal(refused.status, 409, refused.text);
    assert.deepEqual(errorFields(refused.body), ["relationship"]);
    assert.equal(links(child), "1");
    assert.equal(ended(child), "0");
  });
});

describe("ending a link in a browser", () => {
  test("the page asks 'Are you sure?' first, changes nothing until yes, then says what was done", async () => {
    const res = await post("dsl", "/api/v1/children", { ...RORY, given_name: "Bailey", family_name: "Browserend", settings: ["brookfield-primary"] });
    assert.equal(res.status, 201, res.text);
    const child = res.body.id;
    const b = cookieClient(() => haven);
    await b.signIn("dsl");
    const record = await b.request(`/children/${child}`);
    assert.match(record.text, new RegExp(`href="/children/${child}/links/end"`));
    const form = await b.request(`/children/${child}/links/end`);
    assert.equal(form.status, 200);
    assert.match(form.text, /A child's school or setting changes by correcting the child's details/);
    const csrf = b.csrfOf(form.text);
    const [year, month, day] = plusDays(0).split("-");
    const missing = await b.request(`/children/${child}/links/end`, { method: "POST", form: { csrf_token: csrf, relationship: "raised_concern" } });
    assert.equal(missing.status, 422);
    assert.match(missing.text, /Enter the date your agency stopped working with the child/);
    assert.match(missing.text, /Enter why your agency has stopped working with the child/);
    const asked = await b.request(`/children/${child}/links/end`, {
      method: "POST",
      form: { csrf_token: csrf, relationship: "raised_concern", "ended_on-day": day, "ended_on-month": month, "ended_on-year": year, reason: REASON },
    });
    assert.equal(asked.status, 200, asked.text);
    assert.match(asked.text, /Are you sure your agency has stopped working with this child\?/);
    assert.equal(ended(child), "0", "nothing is changed before yes");
    const done = await b.request(`/children/${child}/links/end`, {
      method: "POST", form: { csrf_token: csrf, relationship: "raised_concern", ended_on: plusDays(0), reason: REASON, confirmed: "yes" },
    });
    assert.equal(done.status, 303, done.text);
    // the school is still the child's setting, so the DSL still sees the record
    assert.equal(done.location, `/children/${child}`);
    const next = await b.request(done.location);
    assert.match(next.text, /role="alert"[\s\S]*Success[\s\S]*Your agency is no longer linked to the child/);
    assert.equal(ended(child), "1");
  });
});
