// The children register (src/areas/children) over HTTP on the demo
// partnership: adding a child (links to the creator's agency, the child's
// local authority and setting; identifiers normalised), the likely-duplicate
// warning (409 with candidates, by similar name and date of birth or by NHS
// number with the date of birth; a candidate shows only the given name's
// initial, the family name, the date of birth and the local authority),
// taking an existing record instead (only one that was offered, with a
// reason, listed for the information governance review),
// "confirm_new", validation errors that name each field and change nothing,
// the user's own list and its search in a POST body, who may read a child
// (a practitioner not linked gets 404, the front door of another area the
// break-glass 403, the administrator and the scrutineer 403, nobody 401),
// and the audit trail of each step.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) await haven.stop();
});

const fields = (body) => errorFields(body).sort();
const links = (child) => child.links.map((l) => `${l.agency_slug}:${l.relationship}`).sort();

// A fictional child; NHS numbers in the 999 range are kept for testing.
const ROBIN = {
  given_name: "Robin",
  family_name: "Testchild",
  other_names: "Bobby",
  date_of_birth: "2018-05-05",
  sex: "not_known",
  postcode: "fy1 9zz",
  la_code: 890,
  nhs_number: "999 000 0034",
  settings: ["seafront-primary"],
};
let robinId;

async function listIds(who) {
  const res = await call(who, "/api/v1/children");
  assert.equal(res.status, 200, res.text);
  return res.body.children.map((c) => c.id);
}

describe("adding a child", () => {
  test("a practitioner adds a child: linked to their agency, the child's local authority and setting", async () => {
    const res = await post("practitioner", "/api/v1/children", ROBIN);
    assert.equal(res.status, 201, res.text);
    const c = res.body;
    robinId = c.id;
    assert.ok(robinId > 3);
    assert.equal(c.given_name, "Robin");
    assert.equal(c.other_names, "Bobby");
    assert.equal(c.postcode, "FY1 9ZZ", "the postcode is normalised");
    assert.equal(c.nhs_number, "9990000034", "the NHS number is stored as 10 digits");
    assert.equal(c.area_name, "Blackpool");
    assert.equal(c.unborn, false);
    assert.deepEqual(links(c), [
      "blackpool-council:local_authority",
      "demo-teaching-hospitals:raised_concern",
      "seafront-primary:setting",
    ]);
    assert.deepEqual(c.settings.map((s) => s.slug), ["seafront-primary"]);
    assert.ok((await listIds("practitioner")).includes(robinId), "the child is on the practitioner's list");
  });

  test("an unborn child is added with an expected date of birth", async () => {
    const soon = new Date(Date.now() + 60 * 86400_000).toISOString().slice(0, 10);
    const res = await post("frontdoor", "/api/v1/children", {
      given_name: "Baby",
      family_name: "Unbornexample",
      expected_date_of_birth: soon,
      la_code: 888,
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.unborn, true);
    assert.equal(res.body.date_of_birth, null);
    assert.equal(res.body.expected_date_of_birth, soon);
    assert.deepEqual(links(res.body), ["lancashire-county-council:local_authority", "lancashire-county-council:raised_concern"]);
  });

  test("every bad field is named, and nothing is added", async () => {
    const before = await listIds("practitioner");
    const res = await post("practitioner", "/api/v1/children", {
      given_name: "",
      family_name: "Testchild",
      date_of_birth: "2018-02-30",
      sex: "unknown",
      postcode: "FY1",
      la_code: 999,
      upn: "A801200005001",
      nhs_number: "943 476 5918",
      settings: ["lancashire-constabulary"],
    });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(fields(res.body), [
      "date_of_birth",
      "given_name",
      "la_code",
      "nhs_number",
      "postcode",
      "settings",
      "sex",
      "upn",
    ]);
    for (const e of res.body.errors) assert.ok(e.detail.length > 10, `${e.field} has a message: ${e.detail}`);
    assert.deepEqual(await listIds("practitioner"), before, "nothing was added");
  });

  test("a check digit of 10, a date of birth in the future, both dates, and no date are refused", async () => {
    const base = { given_name: "Ash", family_name: "Testchild", la_code: 889 };
    const cases = [
      [{ ...base, date_of_birth: "2015-01-01", nhs_number: "1234567890" }, "nhs_number"],
      [{ ...base, date_of_birth: "2999-01-01" }, "date_of_birth"],
      [{ ...base, date_of_birth: "2015-01-01", expected_date_of_birth: "2026-12-01" }, "expected_date_of_birth"],
      [{ ...base }, "date_of_birth"],
      [{ ...base, date_of_birth: "2015-01-01", la_code: undefined }, "la_code"],
      [{ ...base, given_name: "1234", date_of_birth: "2015-01-01" }, "given_name"],
    ];
    for (const [body, field] of cases) {
      const res = await post("practitioner", "/api/v1/children", body);
      assert.equal(res.status, 422, `${JSON.stringify(body)}: ${res.text}`);
      assert.deepEqual(fields(res.body), [field], JSON.stringify(body));
    }
  });

  test("a field the API does not know is refused", async () => {
    const res = await post("practitioner", "/api/v1/children", { ...ROBIN, favourite_colour: "blue" });
    assert.equal(res.status, 422, res.text);
    assert.ok(fields(res.body).includes("favourite_colour"), res.text);
  });
});

describe("likely duplicates", () => {
  test("a similar name and the same date of birth: 409 with the candidate and why", async () => {
    const res = await post("dsl", "/api/v1/children", {
      given_name: "Robyn",
      family_name: "Testchild",
      date_of_birth: "2018-05-05",
      la_code: 890,
    });
    assert.equal(res.status, 409, res.text);
    assert.equal(res.body.status, 409);
    assert.match(res.body.detail, /confirm_new/);
    const [c, ...rest] = res.body.candidates;
    assert.equal(rest.length, 0, JSON.stringify(res.body.candidates));
    assert.equal(c.id, robinId);
    assert.equal(c.strength, "likely");
    assert.equal(c.la_name, "Blackpool");
    // only what recognising the child needs: never the whole given name, identifiers, address or links
    assert.deepEqual(Object.keys(c).sort(), [
      "date_of_birth", "expected_date_of_birth", "family_name", "given_initial", "id", "la_code", "la_name", "reasons", "strength",
    ]);
    assert.equal(c.given_initial, "R");
    assert.equal(c.family_name, "Testchild");
    assert.equal(c.date_of_birth, "2018-05-05");
    for (const secret of ["Robin", "Bobby", "9990000034", "FY1", "seafront", "demo-teaching-hospitals"])
      assert.ok(!res.text.includes(secret), `the 409 does not show ${secret}`);
    assert.ok(c.reasons.includes("same date of birth"), c.reasons.join());
    assert.ok(c.reasons.includes("given name sounds the same"), c.reasons.join());
    assert.ok(c.reasons.includes("same family name"), c.reasons.join());
  });

  test("the same NHS number with the same date of birth is certain, whatever the name", async () => {
    const res = await post("dsl", "/api/v1/children", {
      given_name: "Someone",
      family_name: "Different",
      date_of_birth: "2018-05-05",
      la_code: 889,
      nhs_number: "9990000034",
    });
    assert.equal(res.status, 409, res.text);
    assert.deepEqual(
      res.body.candidates.map((c) => [c.id, c.strength, c.reasons]),
      [[robinId, "certain", ["same NHS number", "same date of birth"]]],
    );
    assert.ok(!res.text.includes("Robin"), "the given name is not shown");
  });

  test("an NHS number or UPN alone matches nothing: it does not show whose it is", async () => {
    // a child with a UPN, so both identifiers are tried
    const upnChild = { given_name: "Uma", family_name: "Pupilnumber", date_of_birth: "2014-02-02", la_code: 889, upn: "B801200005001" };
    const made = await post("dsl2", "/api/v1/children", upnChild);
    assert.equal(made.status, 201, made.text);
    const before = (await post("partnership", "/api/v1/audit/search", { action: "child.match", limit: 1000 })).body.rows.length;
    for (const guess of [
      { given_name: "Someone", family_name: "Different", date_of_birth: "2017-01-01", la_code: 889, nhs_number: "9990000034" },
      { given_name: "Someone", family_name: "Else", date_of_birth: "2017-01-01", la_code: 889, upn: upnChild.upn },
    ]) {
      const res = await post("idva2", "/api/v1/children", guess);
      assert.equal(res.status, 201, `${JSON.stringify(guess)} is not a duplicate of anyone: ${res.text}`);
      assert.ok(!res.text.includes("Testchild") && !res.text.includes("Pupilnumber"), "nobody else's details are shown");
      // nor can the record behind the number be taken
      for (const id of [robinId, made.body.id]) {
        const take = await post("idva2", `/api/v1/children/${id}/link`, { ...guess, reason: "I am sure this is the child." });
        assert.equal(take.status, 404, take.text);
      }
    }
    const after = (await post("partnership", "/api/v1/audit/search", { action: "child.match", limit: 1000 })).body.rows.length;
    assert.equal(after, before, "no candidate was shown");
  });

  test("a different date of birth is not a duplicate", async () => {
    const res = await post("dsl2", "/api/v1/children", { ...ROBIN, date_of_birth: "2018-05-06", nhs_number: undefined, settings: [] });
    assert.equal(res.status, 201, res.text);
  });

  test("a DSL not linked to the child cannot read it (404) until they take the record offered, with a reason", async () => {
    assert.equal((await call("dsl", `/api/v1/children/${robinId}`)).status, 404);
    const typed = { given_name: "Robyn", family_name: "Testchild", date_of_birth: "2018-05-05", la_code: 890 };
    // taking needs a reason, named as the field; nothing is linked without one
    for (const reason of [undefined, "", "too short"]) {
      const res = await post("dsl", `/api/v1/children/${robinId}/link`, { ...typed, reason });
      assert.equal(res.status, 422, res.text);
      assert.deepEqual(fields(res.body), ["reason"]);
    }
    assert.equal((await call("dsl", `/api/v1/children/${robinId}`)).status, 404, "not linked without a reason");
    const reason = "Robyn's mother confirmed the date of birth and that she lives in Blackpool (fictional).";
    const robyn = { ...typed, reason };
    // only a record that was offered as a likely duplicate can be taken
    const unrelated = await post("dsl", "/api/v1/children/3/link", robyn);
    assert.equal(unrelated.status, 404, unrelated.text);
    const missing = await post("dsl", "/api/v1/children/999999/link", robyn);
    assert.equal(missing.status, 404, missing.text);
    const other = await post("dsl", `/api/v1/children/${robinId}/link`, { ...robyn, date_of_birth: "2018-05-07" });
    assert.equal(other.status, 404, "a record that is not a likely duplicate of what was typed cannot be taken");
    assert.equal((await call("dsl", `/api/v1/children/${robinId}`)).status, 404);

    const taken = await post("dsl", `/api/v1/children/${robinId}/link`, robyn);
    assert.equal(taken.status, 200, taken.text);
    assert.ok(links(taken.body).includes("brookfield-primary:raised_concern"), links(taken.body).join());
    const read = await call("dsl", `/api/v1/children/${robinId}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.child.id, robinId);
    assert.ok((await listIds("dsl")).includes(robinId));

    // the audit trail keeps the reason, and information governance reviews the record taken
    const rows = (await post("partnership", "/api/v1/audit/search", { child_id: robinId, action: "child.link" })).body.rows;
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.equal(rows[0].reason, reason);
    assert.equal(rows[0].agency_name, "Brookfield Primary School (fictional)");
    const review = await call("partnership", "/api/v1/break-glass");
    assert.equal(review.status, 200, review.text);
    const listed = review.body.taken.find((t) => t.child_id === robinId);
    assert.ok(listed, JSON.stringify(review.body.taken));
    assert.equal(listed.reason, reason);
    assert.equal(listed.agency_name, "Brookfield Primary School (fictional)");
    assert.ok(listed.user_name && listed.at, JSON.stringify(listed));
    const page = await call("partnership", "/governance/break-glass");
    assert.ok(page.text.includes("Records taken from a likely duplicate"));
    assert.ok(page.text.includes("Robyn&#39;s mother confirmed") || page.text.includes("Robyn&#x27;s mother confirmed") || page.text.includes("Robyn's mother confirmed"), "the reason is listed");
  });

  test("confirm_new adds a new record even with likely duplicates", async () => {
    const res = await post("police", "/api/v1/children", {
      given_name: "Robin",
      family_name: "Testchild",
      date_of_birth: "2018-05-05",
      la_code: 888,
      confirm_new: true,
    });
    assert.equal(res.status, 201, res.text);
    assert.notEqual(res.body.id, robinId);
    // now both are offered to the next person
    const again = await post("idva", "/api/v1/children", { given_name: "Robin", family_name: "Testchild", date_of_birth: "2018-05-05", la_code: 888 });
    assert.equal(again.status, 409);
    assert.deepEqual(again.body.candidates.map((c) => c.id).sort((a, b) => a - b), [robinId, res.body.id]);
  });
});

describe("who may read a child", () => {
  test("linked agencies read it; others get 404, the break-glass 403, or 403; nobody signed in 401", async () => {
    const expect = {
      practitioner: 200, // raised the concern
      frontdoor2: 200, // Blackpool: the child's local authority
      dsl: 200, // took the record above
      dsl2: 404, // Larkhill Academy: no relationship
      idva: 404,
      frontdoor: 403, // Lancashire: may break glass, but has no relationship
      police: 403,
      admin: 403,
      scrutineer: 403,
    };
    for (const [who, status] of Object.entries(expect)) {
      const res = await call(who, `/api/v1/children/${robinId}`);
      assert.equal(res.status, status, `${who}: ${res.text}`);
      if (who === "frontdoor") assert.match(res.body.detail, /break-glass/);
    }
    assert.equal((await call(null, `/api/v1/children/${robinId}`)).status, 401);
  });

  test("the child page shows the whole record", async () => {
    const res = await call("practitioner", `/children/${robinId}`);
    assert.equal(res.status, 200);
    for (const text of ["Robin Testchild", "Bobby", "5 May 2018", "Not known", "FY1 9ZZ", "Blackpool", "Seafront Primary School (fictional)", "999 000 0034", "Raised a concern or incident"])
      assert.ok(res.text.includes(text), `the page shows ${text}`);
  });
});

describe("the user's own list", () => {
  test("lists only children linked to the user's agency", async () => {
    const ids = await listIds("practitioner");
    assert.ok(ids.includes(1) && ids.includes(robinId), ids.join());
    assert.ok(!ids.includes(2) && !ids.includes(3), "children of other agencies are not listed");
    const list = (await call("practitioner", "/api/v1/children")).body.children;
    const robin = list.find((c) => c.id === robinId);
    assert.deepEqual(robin.relationships, ["raised_concern"]);
    assert.equal(robin.given_name_key, undefined, "match keys stay inside");
  });

  test("searching by name (start or sound) and date of birth, in a POST body", async () => {
    const search = async (body) => (await post("practitioner", "/api/v1/children/search", body)).body.children.map((c) => c.id);
    assert.deepEqual(await search({ name: "rob" }), [robinId]);
    assert.deepEqual(await search({ name: "Robyn Testchild" }), [robinId]);
    assert.deepEqual(await search({ name: "bobby" }), [robinId], "other names are searched");
    assert.deepEqual(await search({ date_of_birth: "2016-04-12" }), [1]);
    assert.deepEqual(await search({ name: "alex", date_of_birth: "2018-05-05" }), []);
    const none = await post("practitioner", "/api/v1/children/search", {});
    assert.equal(none.status, 422);
    assert.deepEqual(fields(none.body), ["name"]);
    const bad = await post("practitioner", "/api/v1/children/search", { date_of_birth: "12/04/2016" });
    assert.equal(bad.status, 422);
    assert.deepEqual(fields(bad.body), ["date_of_birth"]);
    // no names in addresses: the list takes no query string
    const query = await call("practitioner", "/api/v1/children?name=robin");
    assert.ok(query.status >= 400 && query.status < 500, `a query string is refused: ${query.status}`);
  });
});

describe("the audit trail", () => {
  test("adding, reading, showing as a duplicate, taking and searching are recorded", async () => {
    const trail = async (body) => {
      const res = await post("partnership", "/api/v1/audit/search", { limit: 500, ...body });
      assert.equal(res.status, 200, res.text);
      return res.body.rows;
    };
    const rows = await trail({ child_id: robinId });
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ["child.create", "child.read", "child.match", "child.link"]) assert.ok(actions.has(a), `${a} in ${[...actions]}`);
    const created = rows.find((r) => r.action === "child.create");
    assert.equal(created.agency_name, "Demo Teaching Hospitals NHS Trust");
    const searches = await trail({ action: "child.list" });
    assert.ok(searches.length >= 1);
  });
});
