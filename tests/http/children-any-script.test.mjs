// Children named in their own script (src/areas/children, match.h's name
// keys): a name with letters of any script (Arabic, Chinese, Cyrillic) is
// recorded, a second record of the same name and date of birth is offered as
// a likely duplicate, and the search finds the child by the start of a name
// or the whole of it, whatever its case; a name with no letters at all is
// still refused, naming its field.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { errorFields } from "../lib/api.mjs";
import { assertLikelyDuplicate, registerHaven } from "../lib/children.mjs";

const { post } = registerHaven();

// Fictional children, each born on a day no demo child was.
const YUSUF = { given_name: "يوسف", family_name: "الحسيني", date_of_birth: "2017-03-09", sex: "male", la_code: 890 };
const XIAOMING = { given_name: "小明", family_name: "王", date_of_birth: "2019-11-21", sex: "male", la_code: 890 };
const MARIA = { given_name: "Мария", family_name: "Иванова", date_of_birth: "2016-07-14", sex: "female", la_code: 890 };
const ids = {};

const search = async (body) => {
  const res = await post("practitioner", "/api/v1/children/search", body);
  assert.equal(res.status, 200, res.text);
  return res.body.children.map((c) => c.id);
};

describe("a child named in their own script", () => {
  test("is recorded, with the name as typed", async () => {
    for (const [name, child] of Object.entries({ YUSUF, XIAOMING, MARIA })) {
      const res = await post("practitioner", "/api/v1/children", child);
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.given_name, child.given_name);
      assert.equal(res.body.family_name, child.family_name);
      ids[name] = res.body.id;
    }
  });

  test("a second record of the same name and date of birth is offered as a likely duplicate", async () => {
    for (const [name, child] of Object.entries({ YUSUF, XIAOMING })) {
      const res = await post("dsl", "/api/v1/children", { ...child, sex: undefined });
      const c = assertLikelyDuplicate(res, ids[name]);
      assert.equal(c.given_initial, [...child.given_name][0]);
    }
    // another case of the same letters is the same name
    const upper = await post("dsl", "/api/v1/children", { ...MARIA, given_name: "МАРИЯ", family_name: "ИВАНОВА", sex: undefined });
    assert.equal(upper.status, 409, upper.text);
    assert.deepEqual(upper.body.candidates.map((c) => c.id), [ids.MARIA]);
  });

  test("a different name of the same script and date is not a duplicate", async () => {
    const res = await post("dsl", "/api/v1/children", { ...YUSUF, given_name: "عمر" });
    assert.equal(res.status, 201, res.text);
  });

  test("the search finds the child by a whole name, the start of one, or both names, in any case", async () => {
    assert.deepEqual(await search({ name: "يوسف" }), [ids.YUSUF]);
    assert.deepEqual(await search({ name: "الحسيني يوسف" }), [ids.YUSUF]);
    assert.deepEqual(await search({ name: "王" }), [ids.XIAOMING]);
    assert.deepEqual(await search({ name: "小" }), [ids.XIAOMING], "the start of a given name");
    assert.deepEqual(await search({ name: "мария иванова" }), [ids.MARIA]);
    assert.deepEqual(await search({ name: "ИВАН" }), [ids.MARIA], "the start of a family name, in capitals");
    assert.deepEqual(await search({ name: "王", date_of_birth: "2019-11-21" }), [ids.XIAOMING]);
  });

  test("a name with no letters in any script is refused, naming its field, and nothing is recorded", async () => {
    const before = await search({ date_of_birth: "2015-02-02" });
    const res = await post("practitioner", "/api/v1/children", {
      given_name: "١٢٣",
      family_name: "--",
      date_of_birth: "2015-02-02",
      la_code: 890,
    });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body).sort(), ["family_name", "given_name"]);
    assert.match(res.text, /The child's given name must contain letters/);
    assert.deepEqual(await search({ date_of_birth: "2015-02-02" }), before);
  });
});
