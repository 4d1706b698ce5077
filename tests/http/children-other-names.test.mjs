// A child found by any of their other names (src/areas/children, migration
// 0180): each other name has its key, as the given and family names have, so
// the search finds it whatever its accents or case, in any script, by the start
// of it or the whole of it, alongside another word of the child's names; and a
// record corrected to drop an other name is no longer found by it.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { registerHaven } from "../lib/children.mjs";

const { post } = registerHaven();

// Fictional children, each born on a day no demo child was.
const AMARA = { given_name: "Amara", family_name: "Okonkwo-Testfield", other_names: "Éloïse Zoë", date_of_birth: "2016-05-19", sex: "female", la_code: 890 };
const DANIEL = { given_name: "Daniel", family_name: "Otherscript", other_names: "Даниил", date_of_birth: "2015-10-03", sex: "male", la_code: 890 };
const ids = {};

const search = async (name, who = "practitioner") => {
  const res = await post(who, "/api/v1/children/search", { name });
  assert.equal(res.status, 200, res.text);
  return res.body.children.map((c) => c.id);
};

describe("a child's other names", () => {
  test("are recorded as typed", async () => {
    for (const [name, child] of Object.entries({ AMARA, DANIEL })) {
      const res = await post("practitioner", "/api/v1/children", child);
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.other_names, child.other_names);
      ids[name] = res.body.id;
    }
  });

  test("find the child whatever their accents or case, by the start of a name or with another name", async () => {
    assert.deepEqual(await search("eloise"), [ids.AMARA]);
    assert.deepEqual(await search("ELOISE"), [ids.AMARA]);
    assert.deepEqual(await search("Éloïse"), [ids.AMARA], "as typed");
    assert.deepEqual(await search("zoe"), [ids.AMARA], "the second other name, its own key");
    assert.deepEqual(await search("elo"), [ids.AMARA], "the start of an other name");
    assert.deepEqual(await search("eloise okonkwo"), [ids.AMARA], "with the family name");
  });

  test("of a child recorded before they had keys (the demo's Sam Sample, 'Sammy Testcase') find them", async () => {
    // the police are linked to Sam (the demo's raised concern)
    assert.deepEqual(await search("TESTCASE", "police"), [2]);
    assert.deepEqual(await search("sammy sample", "police"), [2]);
  });

  test("in another script, by the whole name or its start, in any case", async () => {
    assert.deepEqual(await search("даниил"), [ids.DANIEL]);
    assert.deepEqual(await search("ДАН"), [ids.DANIEL]);
  });

  test("a record corrected to drop an other name is no longer found by it, and is by the one it keeps", async () => {
    const res = await post("practitioner", `/api/v1/children/${ids.AMARA}/correct`, {
      ...AMARA,
      other_names: "Zoë",
      reason: "Éloïse was a sibling's name, entered by mistake.",
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(await search("eloise"), []);
    assert.deepEqual(await search("ZOE"), [ids.AMARA]);
  });
});
