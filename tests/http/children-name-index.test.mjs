// The agencies' name index for the children search (issue 11, point 4): a
// search by a name alone reads child_agency_names, each agency's own
// children's name keys and sounds (other names' keys too), so a common name on a national register
// reads only the agency's matches. These tests keep that index honest: after
// adding, correcting (a new name, a new setting), merging and undoing a merge,
// the index is exactly what a from-scratch computation over the children and
// their links gives, and the search finds each child by its name as it now is,
// at the agencies linked to it now, and nowhere else.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query);
let jamie, kept, duplicate;

const child = (given, family, setting) => ({
  given_name: given,
  family_name: family,
  date_of_birth: "2015-01-01",
  sex: "not_known",
  la_code: 890,
  settings: [setting],
  confirm_new: true,
});

// The index as kept, and as it should be from the children and their links.
const kept_index = () => sql("SELECT agency_id || '|' || kind || '|' || name || '|' || child_id FROM child_agency_names ORDER BY 1");
const computed_index = () =>
  sql(`SELECT DISTINCT l.agency_id || '|' || k.kind || '|' || k.name || '|' || k.id
       FROM child_links l JOIN children c ON c.id = l.child_id
       JOIN (SELECT id, 'key' AS kind, given_name_key AS name FROM children
             UNION ALL SELECT id, 'key', family_name_key FROM children
             UNION ALL SELECT id, 'sound', given_name_sound FROM children
             UNION ALL SELECT id, 'sound', family_name_sound FROM children
             UNION ALL SELECT child_id, 'key', name_key FROM child_other_name_keys) k ON k.id = c.id
       WHERE c.merged_into IS NULL AND k.name IS NOT NULL ORDER BY 1`);
const assertIndexTrue = () => {
  const index = kept_index();
  assert.ok(index.split("\n").length > 20, "the demo's children are in the index");
  assert.equal(index, computed_index());
};
const search = async (who, name) => {
  const res = await post(who, "/api/v1/children/search", { name });
  assert.equal(res.status, 200, res.text);
  return res.body.children.map((c) => c.id);
};

before(async () => {
  haven = await startHaven();
  let res = await post("practitioner", "/api/v1/children", child("Jamie", "Indexcheck", "seafront-primary"));
  assert.equal(res.status, 201, res.text);
  jamie = res.body.id;
  res = await post("practitioner", "/api/v1/children", child("Morgan", "Mergeable", "seafront-primary"));
  assert.equal(res.status, 201, res.text);
  kept = res.body.id;
  res = await post("dsl", "/api/v1/children", child("Morgen", "Mergable", "brookfield-primary"));
  assert.equal(res.status, 201, res.text);
  duplicate = res.body.id;
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("the agencies' name index for the children search", () => {
  test("the demo's children and the new ones are indexed exactly, and found by name at their own agencies only", async () => {
    assertIndexTrue();
    assert.deepEqual(await search("practitioner", "Indexcheck"), [jamie]);
    assert.deepEqual(await search("practitioner", "jam indexch"), [jamie], "the start of each name");
    assert.deepEqual(await search("dsl", "Indexcheck"), [], "Brookfield is not linked to Jamie");
  });

  test("a correction of the name and setting moves the child in the index", async () => {
    const res = await post("practitioner", `/api/v1/children/${jamie}/correct`, {
      ...child("Jaime", "Renamedchild", "brookfield-primary"),
      confirm_new: undefined,
      reason: "The birth certificate spells it so; the child moved school.",
    });
    assert.equal(res.status, 200, res.text);
    assertIndexTrue();
    assert.deepEqual(await search("dsl", "Renamedchild"), [jamie], "the new setting finds the new name");
    assert.deepEqual(await search("dsl", "Indexcheck"), [], "the old name is gone");
  });

  test("a merge takes the duplicate out of the index and its agencies find the kept record; an undo puts it back", async () => {
    assert.deepEqual(await search("dsl", "Mergable"), [duplicate]);
    let res = await post("frontdoor2", `/api/v1/children/${kept}/merge`, { other: duplicate, reason: "Same child: the school confirmed the spelling." });
    assert.equal(res.status, 200, res.text);
    assertIndexTrue();
    assert.deepEqual(await search("dsl", "Mergable"), []);
    assert.deepEqual(await search("dsl", "Mergeable"), [kept]);
    const merge = Number(sql(`SELECT id FROM child_merges WHERE merged_id = ${duplicate}`));
    res = await post("partnership", `/api/v1/children/merges/${merge}/undo`, { reason: "They are twins, not one child." });
    assert.equal(res.status, 200, res.text);
    assertIndexTrue();
    assert.deepEqual(await search("dsl", "Mergable"), [duplicate]);
  });
});
