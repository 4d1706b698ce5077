// The training resource library (src/areas/training): 7-minute briefings and
// other resources, each with a priority area. Everyone signed in reads them
// and filters by priority area; the partnership adds them. Reading one counts
// a view, but the same person is counted once an hour (a refresh is not a
// second reader), and a resource that does not exist counts nothing.
//
// The demo holds two briefings (demo.sql): 1 on neglect, 2 on domestic abuse.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call } = apiClient(() => haven);

const sql = (query) => sqlText(haven.dbPath, query);

before(async () => {
  haven = await startHaven();
});

after(async () => {
  await haven?.stop();
});

test("everyone signed in lists the library and filters it by priority area", async () => {
  for (const who of ["practitioner", "dsl", "scrutineer", "partnership"]) {
    const r = await call(who, "/api/v1/training/resources");
    assert.equal(r.status, 200, `${who}: ${r.text}`);
    assert.deepEqual(r.body.resources.map((x) => x.id).sort(), [1, 2]);
  }
  let r = await call("practitioner", "/api/v1/training/resources?area=neglect");
  assert.deepEqual(r.body.resources.map((x) => [x.id, x.area, x.kind]), [[1, "neglect", "seven_minute_briefing"]]);
  assert.equal(r.body.resources[0].body, undefined, "the list carries summaries, not the text");
  r = await call("practitioner", "/api/v1/training/resources?area=nonsense");
  assert.equal(r.status, 400);
  r = await call("practitioner", "/training/resources?area=domestic_abuse");
  assert.equal(r.status, 200);
  assert.match(r.text, /Coercive control: a briefing/);
  assert.doesNotMatch(r.text, /Neglect in 7 minutes/);
  const anon = await fetch(haven.url + "/api/v1/training/resources");
  assert.equal(anon.status, 401);
});

test("reading counts a view, once an hour per person", async () => {
  let r = await call("practitioner", "/api/v1/training/resources/1");
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.views, 1);
  assert.match(r.body.body, /graded care profile/);
  r = await call("practitioner", "/training/resources/1");
  assert.equal(r.status, 200);
  assert.match(r.text, /<p class="govuk-body">Look for patterns over time/);
  assert.match(r.text, /Read 1 times/, "a refresh within the hour is not counted");
  r = await call("dsl", "/api/v1/training/resources/1");
  assert.equal(r.body.views, 2);
  // an hour on, the practitioner counts again
  sql("UPDATE training_resource_viewers SET counted_at = counted_at - 3601 WHERE user_id = (SELECT id FROM users WHERE email = 'practitioner@demo.haven.example');");
  r = await call("practitioner", "/api/v1/training/resources/1");
  assert.equal(r.body.views, 3);
  // views are counted once even when asked for together
  await Promise.all(Array.from({ length: 5 }, () => call("idva", "/api/v1/training/resources/2")));
  r = await call("partnership", "/api/v1/training/resources?area=domestic_abuse");
  assert.equal(r.body.resources[0].views, 1);
  r = await call("practitioner", "/api/v1/training/resources/999999");
  assert.equal(r.status, 404);
  assert.equal(sql("SELECT count(*) FROM training_resource_viewers WHERE resource_id = 999999;"), "0");
});

test("the partnership adds resources; others may not", async () => {
  const resource = {
    title: "Exploitation: what to look for", kind: "seven_minute_briefing", area: "contextual_safeguarding",
    summary: "Signs of criminal exploitation.", body: "First paragraph.\n\nSecond paragraph.",
    link: "https://example.org/briefing.pdf",
  };
  let r = await call("practitioner", "/api/v1/training/resources", { method: "POST", json: resource });
  assert.equal(r.status, 403);
  r = await call("partnership", "/api/v1/training/resources", { method: "POST", json: { ...resource, link: "javascript:alert(1)" } });
  assert.equal(r.status, 422);
  assert.match(r.text, /"link"/);
  r = await call("partnership", "/api/v1/training/resources", { method: "POST", json: { ...resource, kind: "poster" } });
  assert.equal(r.status, 422);
  r = await call("partnership", "/api/v1/training/resources", { method: "POST", json: { title: "No text" } });
  assert.equal(r.status, 422);
  r = await call("partnership", "/api/v1/training/resources", { method: "POST", json: resource });
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'training.resource_add' AND resource_id = '${id}';`), "1");
  r = await call("practitioner", "/api/v1/training/resources?area=contextual_safeguarding");
  assert.deepEqual(r.body.resources.map((x) => [x.id, x.title, x.views]), [[id, resource.title, 0]]);
  r = await call("practitioner", `/training/resources/${id}`);
  assert.match(r.text, /href="https:\/\/example\.org\/briefing\.pdf"/);
  r = await call("partnership", "/training/resources/new");
  assert.equal(r.status, 200);
  assert.match(r.text, /name="csrf_token"/);
});
