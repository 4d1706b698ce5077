// The children search's answer, page by page (issue 11, point 4): a search
// by a name alone finds the agency's children whose given or family name is
// the word, starts with it, or sounds like it, newest first, whichever index
// branch found them; only the page shown is read whole; and when more than
// 1,000 children could match, the newest 1,000 are narrowed and the answer
// says there were too many. Every expectation here is computed from scratch
// from the children table and the links, never from the name index the
// search reads.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlRows, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query);
let agency; // the practitioner's agency

const child = (given, family) => ({
  given_name: given,
  family_name: family,
  date_of_birth: "2014-06-01",
  sex: "not_known",
  la_code: 890,
  settings: ["seafront-primary"],
  confirm_new: true,
});

// The agency's children whose names match every one of `words` (each word's key and sound, as a child named
// so has them), newest first: computed from the children's own columns.
const expected = (words) =>
  sqlRows(
    haven.dbPath,
    `SELECT c.id FROM children c WHERE c.merged_into IS NULL
       AND EXISTS (SELECT 1 FROM child_links l WHERE l.child_id = c.id AND l.agency_id = ${agency})
       ${words
         .map(
           ({ key, sound }) => `AND (substr(c.given_name_key, 1, length('${key}')) = '${key}'
            OR substr(c.family_name_key, 1, length('${key}')) = '${key}'
            OR c.given_name_sound = '${sound}' OR c.family_name_sound = '${sound}')`,
         )
         .join(" ")}
     ORDER BY c.id DESC`,
  ).map((r) => r.id);

// A word's key and sound, as the register stored them for a child's given or family name `name`.
const keysOf = (name) =>
  sqlRows(
    haven.dbPath,
    `SELECT given_name_key AS key, given_name_sound AS sound FROM children WHERE given_name = '${name}'
     UNION ALL SELECT family_name_key, family_name_sound FROM children WHERE family_name = '${name}' LIMIT 1`,
  )[0];

// Every page of a search, forward with each "next" cursor and then back with each "previous" one.
async function pages(body) {
  const forward = [];
  let cursor = null;
  do {
    const res = await post("practitioner", "/api/v1/children/search", cursor ? { ...body, after: cursor } : body);
    assert.equal(res.status, 200, res.text);
    forward.push(res.body);
    cursor = res.body.next;
  } while (cursor);
  const backward = [];
  for (let page = forward.at(-1); page.page.previous; ) {
    const res = await post("practitioner", "/api/v1/children/search", { ...body, before: page.page.previous });
    assert.equal(res.status, 200, res.text);
    backward.unshift(res.body);
    page = res.body;
  }
  return { forward, backward };
}

before(async () => {
  haven = await startHaven();
  // the whole word, longer names starting with it, a name that sounds the same, and others, interleaved
  const names = ["Tomsett", "Tomsetts", "Thomsett", "Unrelated", "Tomsettson"];
  for (let i = 0; i < 20; i++) {
    const res = await post("practitioner", "/api/v1/children", child(`Kit${"abcdefghijklmnopqrst"[i]}`, names[i % names.length]));
    assert.equal(res.status, 201, res.text);
  }
  agency = Number(sql("SELECT agency_id FROM users WHERE email = 'practitioner@demo.haven.example'"));
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("the children search, page by page", () => {
  test("a name alone finds the whole word, longer names and names that sound the same, newest first, forward and back", async () => {
    const want = expected([keysOf("Tomsett")]);
    const families = new Set(sqlRows(haven.dbPath, `SELECT DISTINCT family_name FROM children WHERE id IN (${want})`).map((r) => r.family_name));
    assert.deepEqual([...families].sort(), ["Thomsett", "Tomsett", "Tomsetts", "Tomsettson"], "each kind of match is there");
    assert.equal(want.length, 16);

    const { forward, backward } = await pages({ name: "Tomsett", limit: 5 });
    assert.deepEqual(forward.flatMap((p) => p.children.map((c) => c.id)), want);
    assert.equal(forward.length, 4);
    for (const p of forward) assert.equal(p.page.total, 16);
    assert.deepEqual(backward.map((p) => p.children.map((c) => c.id)), forward.slice(0, -1).map((p) => p.children.map((c) => c.id)), "paging back shows the same pages");

    // each row is the child's row in the agency's own list, whole
    const list = (await call("practitioner", "/api/v1/children?limit=200")).body.children;
    const listed = new Map(list.map((c) => [c.id, c]));
    for (const c of forward.flatMap((p) => p.children)) {
      assert.deepEqual(c, listed.get(c.id));
      assert.deepEqual(c.relationships, ["raised_concern"], `child ${c.id}'s link to the agency`);
    }
  });

  test("every word narrows: a given name's start or sound, and a family name", async () => {
    const res = await post("practitioner", "/api/v1/children/search", { name: "kita tomsett", limit: 50 });
    assert.equal(res.status, 200, res.text);
    const want = expected([keysOf("Kita"), keysOf("Tomsett")]);
    const given = sqlRows(haven.dbPath, `SELECT given_name FROM children WHERE id IN (${want}) ORDER BY id DESC`).map((r) => r.given_name);
    assert.ok(given.includes("Kita") && given.some((g) => !g.startsWith("Kita")), `Kita, and names that sound the same: ${given}`);
    assert.deepEqual(res.body.children.map((c) => c.id), want);
    assert.equal(res.body.page.total, want.length);
    assert.equal(res.body.too_many, false);
  });

  test("more than 1,000 children could match: the newest 1,000 are narrowed, and the answer says there were more", async () => {
    // 1,001 more children named alike, linked to the agency (the triggers put them in the name index)
    sql(`INSERT INTO children (given_name, family_name, date_of_birth, sex, la_code, given_name_key, family_name_key,
                                given_name_sound, family_name_sound)
         SELECT given_name, family_name, date_of_birth, sex, la_code, given_name_key, family_name_key,
                given_name_sound, family_name_sound
         FROM children, generate_series(1, 1001) WHERE id = (SELECT max(id) FROM children WHERE family_name = 'Tomsett');
         INSERT INTO child_links (child_id, agency_id, relationship)
         SELECT id, ${agency}, 'raised_concern' FROM children ORDER BY id DESC LIMIT 1001;`);
    const res = await post("practitioner", "/api/v1/children/search", { name: "Tomsett", limit: 200 });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.too_many, true);
    assert.equal(res.body.page.total, 1000);
    const newest = sqlRows(haven.dbPath, "SELECT id FROM children ORDER BY id DESC LIMIT 200").map((r) => r.id);
    assert.deepEqual(res.body.children.map((c) => c.id), newest);

    // the first word is looked up, and only its newest 1,000 are narrowed by every word: the Kitas and
    // Kites, older than them all, are not found
    const narrowed = await post("practitioner", "/api/v1/children/search", { name: "tomsett kita" });
    assert.equal(narrowed.body.too_many, true);
    assert.equal(narrowed.body.page.total, 0);
    assert.deepEqual(narrowed.body.children, []);
  });
});
