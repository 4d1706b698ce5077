// Correcting a child's details (issue 15): an agency working with the child
// changes the name, date of birth, identifiers, area, settings or address
// with a reason; what each detail was and is, why and by whom is kept and
// shown with the record, and audited. Bad details or no reason are refused
// naming the field and change nothing; a correction that changes nothing is
// refused; anyone else is answered 404.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
let id;

const JAMIE = {
  given_name: "Jamie",
  family_name: "Correctme",
  date_of_birth: "2015-01-01",
  sex: "not_known",
  postcode: "fy1 9zz",
  la_code: 890,
  settings: ["seafront-primary"],
};
const links = () => sql(`SELECT a.slug || ':' || l.relationship FROM child_links l JOIN agencies a ON a.id = l.agency_id WHERE l.child_id = ${id} ORDER BY 1`).split("\n");
const snapshot = () => sql(`SELECT * FROM children WHERE id = ${id}`) + sql(`SELECT count(*) FROM child_corrections`) + links().join();

before(async () => {
  haven = await startHaven();
  const res = await post("practitioner", "/api/v1/children", { ...JAMIE, confirm_new: true });
  assert.equal(res.status, 201, res.text);
  id = res.body.id;
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("correcting a child's details", () => {
  test("a correction with its reason changes the record, moves its area and settings, and keeps what it was", async () => {
    const res = await post("practitioner", `/api/v1/children/${id}/correct`, {
      ...JAMIE,
      date_of_birth: "2015-01-10",
      postcode: "bb1 9zz",
      la_code: 889,
      settings: ["brookfield-primary"],
      nhs_number: "999 000 0034",
      reason: "The family moved; the hospital's record had the wrong date of birth.",
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.child.date_of_birth, "2015-01-10");
    assert.equal(res.body.child.postcode, "BB1 9ZZ");
    assert.equal(res.body.child.nhs_number, "9990000034");
    const [correction] = res.body.corrections;
    assert.equal(correction.reason, "The family moved; the hospital's record had the wrong date of birth.");
    assert.match(correction.corrected_by_name, /Practitioner/);
    assert.deepEqual(
      correction.changes.map((c) => [c.field, c.before, c.after]),
      [
        ["Date of birth", "2015-01-01", "2015-01-10"],
        ["Home postcode", "FY1 9ZZ", "BB1 9ZZ"],
        ["Local authority area", "Blackpool", "Blackburn with Darwen"],
        ["NHS number", null, "9990000034"],
        ["School or setting", "Seafront Primary School (fictional)", "Brookfield Primary School (fictional)"],
      ],
    );
    // the local authority link follows the area; the setting link follows the settings
    const now = links();
    assert.ok(now.includes("bwd-council:local_authority") && !now.includes("blackpool-council:local_authority"), now.join());
    assert.ok(now.includes("brookfield-primary:setting") && !now.includes("seafront-primary:setting"), now.join());
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'child.correct' AND resource_id = '${id}' AND reason LIKE 'The family moved%'`)), 1);
    // the record's page shows the history
    const page = await call("practitioner", `/children/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Corrections to these details/);
    assert.match(page.text, /1 January 2015/, "the date of birth it was, in words");
    assert.match(page.text, /10 January 2015/, "and the one it is");
    // the DSL of the new school now sees the child, and the correction
    assert.equal((await call("dsl", `/api/v1/children/${id}`)).status, 200);
  });

  test("bad details or no reason are refused naming each field, and change nothing", async () => {
    const before = snapshot();
    let res = await post("practitioner", `/api/v1/children/${id}/correct`, { ...JAMIE, nhs_number: "999 000 0035", date_of_birth: "2099-01-01" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body).sort(), ["date_of_birth", "nhs_number", "reason"]);
    res = await post("practitioner", `/api/v1/children/${id}/correct`, { ...JAMIE, settings: ["no-such-school"], reason: "A reason." });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["settings"]);
    assert.equal(snapshot(), before);
  });

  test("a correction that changes nothing is refused", async () => {
    const current = (await call("practitioner", `/api/v1/children/${id}`)).body.child;
    const before = snapshot();
    const res = await post("practitioner", `/api/v1/children/${id}/correct`, {
      ...JAMIE,
      date_of_birth: current.date_of_birth,
      postcode: current.postcode,
      la_code: current.la_code,
      nhs_number: current.nhs_number,
      settings: ["brookfield-primary"],
      reason: "Nothing, really.",
    });
    assert.equal(res.status, 422, res.text);
    assert.match(JSON.stringify(res.body), /Change at least one/);
    assert.equal(snapshot(), before);
  });

  test("someone not working with the child cannot correct it", async () => {
    const before = snapshot();
    for (const who of ["frontdoor", "frontdoor2", "idva"]) {
      const res = await post(who, `/api/v1/children/${id}/correct`, { ...JAMIE, reason: "Not mine." });
      assert.equal(res.status, 404, `${who}: ${res.text}`);
    }
    assert.equal((await post("scrutineer", `/api/v1/children/${id}/correct`, { ...JAMIE, reason: "No." })).status, 403);
    assert.equal(snapshot(), before);
  });

  test("a browser's correction goes back to the record; the form starts from the details as they are", async () => {
    const form = await call("practitioner", `/children/${id}/correct`);
    assert.equal(form.status, 200);
    // the date input's boxes start from the record's date of birth
    assert.match(form.text, /id="date_of_birth" name="date_of_birth-day"[^>]*value="10"/);
    assert.match(form.text, /id="date_of_birth-month"[^>]*value="1"/);
    assert.match(form.text, /id="date_of_birth-year"[^>]*value="2015"/);
    const res = await call("practitioner", `/children/${id}/correct`, {
      method: "POST",
      form: { ...JAMIE, date_of_birth: "2015-01-11", postcode: "BB1 9ZZ", la_code: "889", settings: "brookfield-primary", nhs_number: "9990000034", reason: "One more day." },
    });
    assert.equal(res.status, 303, res.text);
    assert.equal(res.headers.get("location"), `/children/${id}`);
  });
});
