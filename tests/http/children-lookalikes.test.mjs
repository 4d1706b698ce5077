// Look-alike letters and names with no sound (src/areas/children, match.h's
// name keys): a name typed with letters of another script that look like Latin
// ones ("Ѕam" with a Cyrillic Ѕ) is offered the record of the name it shows as
// a likely duplicate, not recorded a second time; a name of vowels alone ("İ")
// is not taken to sound like every other such name; and a search by a name
// with no letters is refused, naming its field, as recording one is.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { errorFields } from "../lib/api.mjs";
import { assertLikelyDuplicate, registerHaven } from "../lib/children.mjs";

const { post } = registerHaven();

// Fictional children, each born on a day no demo child was.
const SAM = { given_name: "Sam", family_name: "Sample", date_of_birth: "2018-04-17", sex: "male", la_code: 890 };
const AYA = { given_name: "Aya", family_name: "Vowelcheck", date_of_birth: "2017-08-23", sex: "female", la_code: 890 };

const search = (body) => post("practitioner", "/api/v1/children/search", body);

describe("names that look or sound alike", () => {
  let samId;
  test("a name typed with look-alike letters of another script is offered the record it shows", async () => {
    const res = await post("practitioner", "/api/v1/children", SAM);
    assert.equal(res.status, 201, res.text);
    samId = res.body.id;
    const disguised = [
      ["\u0405am", "Sample"], // Cyrillic Ѕ
      ["Sam", "\u0405ample"],
      ["\u0405\u0430m", "\u0405\u0430m\u0440l\u0435"], // Cyrillic Ѕ, а, р, е
    ];
    for (const [given_name, family_name] of disguised) {
      const again = await post("practitioner", "/api/v1/children", { ...SAM, given_name, family_name });
      assertLikelyDuplicate(again, samId, `${given_name} ${family_name}`);
    }
    // nothing was recorded: the search by date finds the one record
    const found = await search({ date_of_birth: SAM.date_of_birth });
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(found.body.children.map((c) => c.id), [samId]);
  });

  test("a search by the disguised name finds the child", async () => {
    const res = await search({ name: "\u0405\u0430m \u0405\u0430m\u0440l\u0435" });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.children.map((c) => c.id), [samId]);
  });

  test("a given name of one vowel (İ) is not offered another of vowels alone as sounding the same", async () => {
    const first = await post("practitioner", "/api/v1/children", AYA);
    assert.equal(first.status, 201, first.text);
    const res = await post("practitioner", "/api/v1/children", { ...AYA, given_name: "\u0130" });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.candidates, undefined);
  });
});

describe("a search by a name with no letters", () => {
  for (const name of ["%", "-- 123"]) {
    test(`${JSON.stringify(name)} is refused, naming the field`, async () => {
      for (const body of [{ name }, { name, date_of_birth: SAM.date_of_birth }]) {
        const res = await search(body);
        assert.equal(res.status, 422, res.text);
        assert.deepEqual(errorFields(res.body), ["name"]);
        assert.match(res.text, /The name must contain letters/);
      }
    });
  }
  test("a name nothing of which can be seen (a joiner) is no name, as spaces are", async () => {
    for (const blank of ["\u200D", "\u00A0\u3000"]) {
      const res = await search({ name: blank });
      assert.equal(res.status, 422, res.text);
      assert.deepEqual(errorFields(res.body), ["name"]);
      assert.match(res.text, /Enter a name or a date of birth/);
      const byBirth = await search({ name: blank, date_of_birth: SAM.date_of_birth });
      const alone = await search({ date_of_birth: SAM.date_of_birth });
      assert.equal(byBirth.status, alone.status, byBirth.text);
      assert.deepEqual(byBirth.body, alone.body, "searched by the date of birth alone");
    }
  });
});
