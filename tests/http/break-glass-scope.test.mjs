// What a break-glass grant opens (src/auth/policy.c, auth/access_sqlite.c; found by an attacker's test): a
// police officer or a front door without a relationship to a child may read the child's record for an hour
// by giving a reason, and nothing more: not correct it, add notes, merge it with another record. A grant is
// kept only for a record that exists, and glass is broken at most BREAK_GLASS_PER_HOUR (20) times an hour by
// one person, on records that exist or not alike.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";

const HEAVY = "heavy.glass@example.org";
const PASSWORD = "Copper-kettle-meadow-93";
let haven;
const { call, post } = apiClient(() => haven, { passwords: { [HEAVY]: PASSWORD } });
const sql = (query) => sqlText(haven.dbPath, query);
const glass = (who, id, reason = "Checking welfare after an incident last night") =>
  post(who, "/api/v1/break-glass", { resource_type: "child", resource_id: id, reason });

before(async () => {
  haven = await startHaven();
  const r = runHaven(["user", "add", "--db", haven.dbPath, "--email", HEAVY, "--name", "Hal Heavy", "--agency",
    "lancashire-constabulary", "--role", "police"], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

test("a grant lets the police read the child's record, and change nothing in it", async () => {
  assert.equal((await call("police", "/api/v1/children/1")).status, 403, "no relationship: glass may be broken");
  assert.equal((await glass("police", 1)).status, 201);
  const read = await call("police", "/api/v1/children/1");
  assert.equal(read.status, 200, read.text);
  const name = read.body.child.given_name;
  const notes = Number(sql("SELECT count(*) FROM case_notes"));

  const corrected = await post("police", "/api/v1/children/1/correct", {
    given_name: "Changed", family_name: "Example", date_of_birth: "2016-04-12", la_code: 889,
    reason: "Trying to change a record through a grant",
  });
  assert.equal(corrected.status, 404, corrected.text);
  const note = await post("police", "/api/v1/children/1/notes", {
    happened_on: "2026-12-06", category: "concern", visibility: "linked_agencies", body: "Written through a grant",
  });
  assert.equal(note.status, 404, note.text);
  assert.equal((await call("police", "/api/v1/children/1")).body.child.given_name, name, "the record is as it was");
  assert.equal(Number(sql("SELECT count(*) FROM case_notes")), notes, "no note was added");
});

test("a front door with grants on two records cannot merge them", async () => {
  for (const id of [1, 3]) {
    if ((await call("frontdoor2", `/api/v1/children/${id}`)).status === 403) assert.equal((await glass("frontdoor2", id)).status, 201);
    assert.equal((await call("frontdoor2", `/api/v1/children/${id}`)).status, 200, `child ${id} read through the grant`);
  }
  const merged = await post("frontdoor2", "/api/v1/children/1/merge", { other: 3, reason: "The same child, I think" });
  assert.equal(merged.status, 404, merged.text);
  assert.equal(sql("SELECT coalesce(merged_into, 0) FROM children WHERE id IN (1, 3) ORDER BY id"), "0\n0", "nothing merged");
});

test("at most 20 grants an hour to one person; the 21st is 429 naming the reason, nothing granted", async () => {
  for (let i = 0; i < 20; i++) assert.equal((await glass(HEAVY, 1 + (i % 2))).status, 201, `grant ${i + 1}`);
  const refused = await glass(HEAVY, 1);
  assert.equal(refused.status, 429, refused.text);
  assert.ok(Number(refused.headers.get("retry-after")) > 3500, refused.headers.get("retry-after"));
  assert.deepEqual(errorFields(refused.body), ["reason"]);
  assert.match(refused.text, /You have broken glass on 20 records in the last hour\. Wait 60 minutes, then try again/);
  const heavy = `(SELECT id FROM users WHERE email = '${HEAVY}')`;
  assert.equal(Number(sql(`SELECT count(*) FROM break_glass_grants WHERE user_id = ${heavy}`)), 20);
  assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'break_glass' AND user_id = ${heavy}`)), 20);
  // at the cap a record that does not exist is answered alike: the cap tells nothing about which exist
  const probe = await glass(HEAVY, 987654);
  assert.equal(probe.status, 429, probe.text);
  // the page says the same
  const page = await call(HEAVY, "/break-glass", { method: "POST", form: { resource_type: "child", resource_id: "2", reason: "Another one this hour" } });
  assert.equal(page.status, 429);
  assert.match(page.text, /govuk-error-summary[\s\S]*You have broken glass on 20 records in the last hour/);
  assert.equal(Number(sql(`SELECT count(*) FROM break_glass_grants WHERE user_id = ${heavy}`)), 20);
});
