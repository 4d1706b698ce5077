// The partnership's priorities as data (issue 20): the partnership team adds
// a priority ("Covid recovery") with no migration, renames it and retires it
// or offers it again, each change audited; everyone who works for the
// partnership reads them, nobody else changes them; bad input is refused
// naming each field and changes nothing; both faces (API and pages). The
// three priorities the areas tagged by before are seeded with their keys.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const count = () => Number(sql("SELECT count(*) FROM priorities"));
const audits = (action, id) => Number(sql(`SELECT count(*) FROM audit_log WHERE action = '${action}' AND resource_type = 'priority' AND resource_id = '${id}'`));

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("the partnership's priorities", () => {
  let id;

  test("the three existing priorities are there, with the keys the areas already tag by", async () => {
    const res = await call("practitioner", "/api/v1/priorities");
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      res.body.priorities.map((p) => [p.key, p.name, p.retired]),
      [["contextual_safeguarding", "Contextual safeguarding", false], ["domestic_abuse", "Domestic abuse", false], ["neglect", "Neglect", false]],
    );
    assert.equal(res.body.can_manage, false);
  });

  test("the partnership team adds a fourth with no migration; it is audited and offered to everyone", async () => {
    const res = await post("partnership", "/api/v1/priorities", { name: "Covid recovery", description: "Fictional: children's return to school.", from: "2020-04-01", to: "2022-03-31" });
    assert.equal(res.status, 201, res.text);
    id = res.body.id;
    assert.equal(res.body.key, "covid_recovery");
    assert.equal(res.body.retired, false);
    assert.equal(res.body.from_words, "1 April 2020");
    assert.equal(audits("priority.create", id), 1);
    for (const who of ["dsl", "scrutineer", "agencyadmin", "police"]) {
      const list = await call(who, "/api/v1/priorities");
      assert.ok(list.body.priorities.some((p) => p.id === id && p.name === "Covid recovery"), who);
    }
  });

  test("only the partnership team changes them; the administrator does not even read them", async () => {
    for (const who of ["dsl", "scrutineer", "agencyadmin"]) {
      assert.equal((await post(who, "/api/v1/priorities", { name: "Mine" })).status, 403, who);
      assert.equal((await post(who, `/api/v1/priorities/${id}`, { name: "Renamed" })).status, 403, who);
      assert.equal((await post(who, `/api/v1/priorities/${id}/retirement`, { retired: true })).status, 403, who);
    }
    assert.equal((await call("admin", "/api/v1/priorities")).status, 403);
    assert.equal((await call(null, "/api/v1/priorities")).status, 401);
  });

  test("bad input is refused naming each field, and changes nothing", async () => {
    const before = count();
    let res = await post("partnership", "/api/v1/priorities", { name: "", from: "2021-02-30" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body).sort(), ["from", "name"]);
    res = await post("partnership", "/api/v1/priorities", { name: "Backwards", from: "2022-04-01", to: "2021-03-31" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["to"]);
    res = await post("partnership", "/api/v1/priorities", { name: "NEGLECT" });
    assert.equal(res.status, 409, res.text);
    assert.deepEqual(errorFields(res.body), ["name"]);
    res = await post("partnership", "/api/v1/priorities", { name: "Neglect!" });
    assert.equal(res.status, 409, "a name whose key is another's is refused");
    res = await post("partnership", "/api/v1/priorities", { name: "Extra", colour: "red" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["colour"]);
    res = await post("partnership", `/api/v1/priorities/${id}`, { name: "Domestic Abuse" });
    assert.equal(res.status, 409, "renaming to another's name");
    assert.equal(count(), before);
    assert.equal(sql(`SELECT name FROM priorities WHERE id = ${id}`), "Covid recovery");
    assert.equal((await post("partnership", "/api/v1/priorities/999999", { name: "Nothing" })).status, 404);
  });

  test("renaming keeps the key, so what was tagged keeps its meaning; retiring keeps it listed, not offered", async () => {
    let res = await post("partnership", `/api/v1/priorities/${id}`, { name: "Recovery after Covid", description: "Fictional." });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.priority.name, "Recovery after Covid");
    assert.equal(res.body.priority.key, "covid_recovery");
    assert.equal(res.body.priority.from_date, null, "a period left out is cleared");
    assert.equal(audits("priority.update", id), 1);

    res = await post("partnership", `/api/v1/priorities/${id}/retirement`, { retired: true });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.priority.retired, true);
    assert.match(res.body.priority.retired_at, /^\d{4}-\d\d-\d\dT/);
    assert.equal(audits("priority.retire", id), 1);
    const list = (await call("dsl", "/api/v1/priorities")).body.priorities;
    assert.deepEqual(list.at(-1).name, "Recovery after Covid", "retired ones come last");
    assert.equal((await call("dsl", `/api/v1/priorities/${id}`)).body.priority.retired, true);

    res = await post("partnership", `/api/v1/priorities/${id}/retirement`, { retired: false });
    assert.equal(res.body.priority.retired, false);
    assert.equal(audits("priority.restore", id), 1);
  });

  test("pages: the list, adding with the error summary, and the forms only for the partnership team", async () => {
    const list = await call("dsl", "/priorities");
    assert.equal(list.status, 200);
    assert.match(list.text, /Recovery after Covid/);
    assert.doesNotMatch(list.text, /Add a priority/);
    assert.doesNotMatch((await call("dsl", `/priorities/${id}`)).text, /Save the changes/);
    assert.equal((await call("dsl", "/priorities/new")).status, 403);

    const bad = await call("partnership", "/priorities", { method: "POST", form: { name: "", description: "Fictional: kept when the form comes back" } });
    assert.equal(bad.status, 422, bad.text.slice(0, 300));
    assert.match(bad.text, /There is a problem/);
    assert.match(bad.text, /Fictional: kept when the form comes back/);
    const made = await call("partnership", "/priorities", { method: "POST", form: { name: "Online harm", description: "", from: "", to: "" } });
    assert.equal(made.status, 303, made.text.slice(0, 300));
    const where = made.headers.get("location");
    assert.match(where, /^\/priorities\/\d+$/);
    const page = await call("partnership", where);
    assert.match(page.text, /Save the changes/);
    assert.match(page.text, /Retire it/);
    const retired = await call("partnership", `${where}/retirement`, { method: "POST", form: { retired: "true" } });
    assert.equal(retired.status, 303);
    assert.equal(retired.headers.get("location"), where);
    assert.match((await call("partnership", where)).text, /Offer it again/);
    const dashboard = await call("dsl", "/dashboard");
    assert.match(dashboard.text, /href="\/priorities"/, "the dashboard links the priorities");
  });
});
