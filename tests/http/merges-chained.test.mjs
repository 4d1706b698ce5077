// Undoing one merge of a chain (found by an attacker's test): record A merged
// into B, then B into C, carried A's agencies' links on to C. Undoing A into B
// alone would leave them on C, so an agency that only ever worked with A kept
// C's record, a different child's. A merge whose kept record has since been
// merged into another is refused (409, naming the later merge as the merges
// page does: when, and the child's name on the record it kept, never its
// internal number) and changes nothing; undoing the later merge first, then the earlier, takes every
// carried link away.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query);
let a, b, c;

const child = (given, setting) => ({
  given_name: given,
  family_name: "Chained",
  date_of_birth: "2015-02-02",
  sex: "not_known",
  la_code: 890,
  settings: [setting],
  confirm_new: true,
});
const state = () =>
  sql("SELECT id, coalesce(merged_into, 0) FROM children ORDER BY id") +
  sql("SELECT id, coalesce(undone_at, '') FROM child_merges ORDER BY id") +
  sql("SELECT child_id, agency_id, relationship FROM child_links ORDER BY 1, 2, 3");
const merges = () => sql("SELECT id FROM child_merges ORDER BY id").split("\n").map(Number);

before(async () => {
  haven = await startHaven();
  // A is Larkhill Academy's (dsl2), B Brookfield Primary's (dsl), C the hospital's and Seafront's (practitioner)
  let res = await post("dsl2", "/api/v1/children", child("Alpha", "larkhill-academy"));
  assert.equal(res.status, 201, res.text);
  a = res.body.id;
  res = await post("dsl", "/api/v1/children", child("Beta", "brookfield-primary"));
  assert.equal(res.status, 201, res.text);
  b = res.body.id;
  res = await post("practitioner", "/api/v1/children", child("Gamma", "seafront-primary"));
  assert.equal(res.status, 201, res.text);
  c = res.body.id;
  assert.equal((await call("dsl2", `/api/v1/children/${c}`)).status, 404, "Larkhill never worked with C");
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("undoing one merge of a chain", () => {
  test("A into B, then B into C: Larkhill, which knew only A, reaches C through the chain", async () => {
    let res = await post("frontdoor2", `/api/v1/children/${b}/merge`, { other: a, reason: "Same child (first)." });
    assert.equal(res.status, 200, res.text);
    res = await post("frontdoor2", `/api/v1/children/${c}/merge`, { other: b, reason: "Same child (second)." });
    assert.equal(res.status, 200, res.text);
    assert.equal((await call("dsl2", `/api/v1/children/${c}`)).status, 200);
  });

  test("the earlier merge cannot be undone while its kept record is merged again; nothing changes", async () => {
    const [first, second] = merges();
    const before = state();
    const res = await post("partnership", `/api/v1/children/merges/${first}/undo`, { reason: "Not the same child." });
    assert.equal(res.status, 409, res.text);
    assert.deepEqual(errorFields(res.body), ["reason"]);
    const message = res.body.errors[0].detail ?? res.body.errors[0].message;
    const named = message.match(/: undo the merge of (.+) into Gamma Chained first$/);
    assert.ok(named, message);
    assert.doesNotMatch(message, /merge \d/, "not by its number, which no page shows");
    assert.equal(state(), before);
    // the page names the later merge so: the card of Gamma's records says when they were merged
    const browser = cookieClient(() => haven);
    await browser.signIn("partnership");
    const list = await browser.request("/children/merges");
    const card = list.text.split('class="govuk-summary-card"').find((c) => c.includes("Same child (second)."));
    assert.match(card, /Two records of <bdi>Gamma Chained<\/bdi> merged/);
    assert.ok(card.includes(`${named[1]} by`), `the card says when: ${named[1]}`);
    const page = await browser.request(`/children/merges/${first}/undo`, {
      method: "POST",
      form: { csrf_token: browser.csrfOf(list.text), reason: "Not the same child." },
    });
    assert.equal(page.status, 409, page.text);
    assert.match(page.text, /govuk-error-summary/);
    assert.ok(page.text.includes(`undo the merge of ${named[1]} into Gamma Chained first`), page.text);
    assert.equal(state(), before);
  });

  test("undoing the later merge, then the earlier, takes every carried link away", async () => {
    const [first, second] = merges();
    let res = await post("partnership", `/api/v1/children/merges/${second}/undo`, { reason: "B and C differ." });
    assert.equal(res.status, 200, res.text);
    assert.equal((await call("dsl2", `/api/v1/children/${c}`)).status, 404, "Larkhill no longer reaches C");
    assert.equal((await call("dsl", `/api/v1/children/${c}`)).status, 404, "nor Brookfield");
    assert.equal((await call("dsl2", `/api/v1/children/${b}`)).status, 200, "A is still merged into B");
    res = await post("partnership", `/api/v1/children/merges/${first}/undo`, { reason: "A and B differ." });
    assert.equal(res.status, 200, res.text);
    assert.equal((await call("dsl2", `/api/v1/children/${b}`)).status, 404, "Larkhill no longer reaches B");
    assert.equal((await call("dsl2", `/api/v1/children/${a}`)).status, 200, "Larkhill keeps its own A");
    assert.equal(sql(`SELECT count(*) FROM children WHERE id IN (${a}, ${b}, ${c}) AND merged_into IS NOT NULL`), "0");
  });
});
