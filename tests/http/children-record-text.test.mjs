// A child's record as the API writes it: straight into its text from the
// record read into C (src/areas/children/record_text.c, children_record_text), not from a
// jansson model. The text must be what the model gave, byte for byte:
// compact JSON, the model's keys in the model's order, strings escaped as
// jansson escapes them, nulls, integers and booleans as they were; the same
// after a correction (its list written by jansson), and in the answer to the
// correction itself.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
let id;

// Quotes, a backslash, an apostrophe, a slash and characters beyond ASCII: each written as jansson does.
const CHILD = {
  given_name: 'Zoë "Jo"',
  family_name: "O'Brien-Ångström",
  other_names: "Back\\slash / 漢字 😀",
  date_of_birth: "2016-02-29",
  sex: "female",
  postcode: "fy1 9zz",
  la_code: 890,
  nhs_number: "999 000 0042",
  settings: ["seafront-primary"],
};

const CHILD_KEYS = [
  "id", "given_name", "family_name", "other_names", "date_of_birth", "expected_date_of_birth", "unborn", "sex",
  "postcode", "la_code", "area_name", "upn", "nhs_number", "created_at", "merged_into", "links", "settings",
  "sex_label", "nhs_number_display", "has_settings", "can_merge",
];
const LINK_KEYS = ["agency_slug", "agency_name", "agency_type", "relationship", "relationship_label"];

// The text is compact JSON as JSON.stringify writes it, which for these characters is jansson's.
function assertWrittenAsModel(text) {
  const body = JSON.parse(text);
  assert.equal(text, JSON.stringify(body));
  assert.deepEqual(Object.keys(body), ["title", "child", "corrections", "corrected"]);
  assert.deepEqual(Object.keys(body.child), CHILD_KEYS);
  for (const link of body.child.links) assert.deepEqual(Object.keys(link), LINK_KEYS);
  for (const setting of body.child.settings) assert.deepEqual(Object.keys(setting), ["slug", "name"]);
  return body;
}

before(async () => {
  haven = await startHaven();
  const res = await post("practitioner", "/api/v1/children", { ...CHILD, confirm_new: true });
  assert.equal(res.status, 201, res.text);
  id = res.body.id;
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("a child's record written straight into the API's text", () => {
  test("is the model's JSON: its keys in order, its values typed and escaped as before", async () => {
    const res = await call("practitioner", `/api/v1/children/${id}`);
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers["content-type"] ?? res.headers.get?.("content-type") ?? "", /^application\/json/);
    const body = assertWrittenAsModel(res.text);
    assert.equal(body.title, "Child's record");
    const c = body.child;
    assert.equal(c.given_name, CHILD.given_name);
    assert.equal(c.family_name, CHILD.family_name);
    assert.equal(c.other_names, CHILD.other_names);
    assert.ok(res.text.includes('"given_name":"Zoë \\"Jo\\""'), "quotes escaped, UTF-8 kept");
    assert.ok(res.text.includes('"other_names":"Back\\\\slash / 漢字 😀"'), "a backslash escaped, a slash not");
    // each column in its own key (children_record reads CHILD_ROW's columns by position)
    assert.equal(c.id, id);
    assert.equal(c.date_of_birth, CHILD.date_of_birth);
    assert.equal(c.sex, CHILD.sex);
    assert.equal(c.postcode, "FY1 9ZZ");
    assert.equal(c.nhs_number, "9990000042");
    assert.equal(c.area_name, "Blackpool");
    assert.match(c.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
    assert.equal(c.expected_date_of_birth, null);
    assert.equal(c.unborn, false);
    assert.equal(c.upn, null);
    assert.equal(c.merged_into, null);
    assert.equal(c.la_code, 890);
    assert.equal(c.sex_label, "Female");
    assert.equal(c.nhs_number_display, "999 000 0042");
    assert.equal(c.has_settings, true);
    assert.equal(c.can_merge, false);
    assert.deepEqual(c.settings, [{ slug: "seafront-primary", name: c.links.find((l) => l.relationship === "setting").agency_name }]);
    assert.deepEqual(body.corrections, []);
    assert.equal(body.corrected, false);
  });

  test("after a correction, with its list written as jansson writes it", async () => {
    const corrected = await post("practitioner", `/api/v1/children/${id}/correct`, {
      ...CHILD,
      postcode: "bb1 9zz",
      reason: 'Moved; "new" address \\ checked.',
    });
    assert.equal(corrected.status, 200, corrected.text);
    const read = await call("practitioner", `/api/v1/children/${id}`);
    assert.equal(read.status, 200, read.text);
    const body = assertWrittenAsModel(read.text);
    assert.equal(body.corrected, true);
    assert.equal(body.corrections.length, 1);
    assert.equal(body.corrections[0].reason, 'Moved; "new" address \\ checked.');
    assert.equal(body.child.postcode, "BB1 9ZZ");
  });

  test("the answer to a merge is the kept record's text; the merged record says where it went", async () => {
    // Blackpool's front door (frontdoor2) works with both: the child's local authority is Blackpool (890)
    const other = await post("practitioner", "/api/v1/children", { ...CHILD, given_name: "Zoe", nhs_number: "", confirm_new: true });
    assert.equal(other.status, 201, other.text);
    const merged = await post("frontdoor2", `/api/v1/children/${id}/merge`, { other: other.body.id, reason: "The same child." });
    assert.equal(merged.status, 200, merged.text);
    const body = assertWrittenAsModel(merged.text);
    assert.equal(body.child.can_merge, true);
    const read = await call("frontdoor2", `/api/v1/children/${id}`);
    assert.equal(read.text, merged.text);
    const gone = await call("frontdoor2", `/api/v1/children/${other.body.id}`);
    assert.equal(gone.status, 200, gone.text);
    assert.equal(gone.body.merged_into, id);
  });
});
