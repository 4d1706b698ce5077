// Publishing quality assurance standards from a page and its API twin
// (src/areas/assurance, issue 19): the document is checked whole by the
// checker `haven import qa-standards` uses, so a document that is not JSON,
// or has any problem, changes nothing and each problem is named by its JSON
// path; a version is published once; only the partnership may publish, and
// each publication is audited with who did it. A published set can open a
// cycle straight away.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { readFileSync } from "node:fs";
import { apiClient, demoEmail, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { REPO_ROOT, startHaven } from "../lib/haven.mjs";

const S11 = readFileSync(path.join(REPO_ROOT, "tests/http/data/qa-section11.json"), "utf8");

let haven;
const { call, post, request } = apiClient(() => haven);
const sql = (q) => sqlText(haven.dbPath, q);
const messages = (body) => (body?.errors ?? []).map((e) => e.detail);
// The sets the demo publishes before any test (src/areas/assurance/demo.sql).
let demoSets;
const sets = () => Number(sql("SELECT count(*) FROM qa_standard_sets"));

before(async () => {
  haven = await startHaven();
  demoSets = Number(sql("SELECT count(*) FROM qa_standard_sets"));
});
after(async () => {
  await haven?.stop();
});

describe("publishing standards through the API", () => {
  test("only the partnership may see or publish standards", async () => {
    for (const who of ["scrutineer", "dsl", "police", "admin"]) {
      assert.equal((await post(who, "/api/v1/qa/standards", { document: S11 })).status, 403, who);
      assert.equal((await call(who, "/api/v1/qa/standards")).status, 403, who);
    }
    assert.equal((await request("/api/v1/qa/standards", { method: "POST", json: { document: S11 } })).status, 401);
    assert.equal(sets(), demoSets);
  });

  test("a document that is not JSON is refused, naming where it breaks", async () => {
    const r = await post("partnership", "/api/v1/qa/standards", { document: '{"kind": "section11",' });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["document"]);
    assert.match(messages(r.body)[0], /The standards document is not valid JSON: line 1, column \d+/);
    const dup = await post("partnership", "/api/v1/qa/standards", { document: '{"kind": "section11", "kind": "section175"}' });
    assert.equal(dup.status, 422);
    assert.match(messages(dup.body)[0], /duplicate object key/);
    assert.equal(sets(), demoSets);
  });

  test("a document with problems is refused whole, each problem named by its JSON path", async () => {
    const doc = JSON.parse(S11);
    doc.colour = "red";
    doc.scale[0].rating = "pink";
    doc.standards[1].id = "Has Spaces";
    const r = await post("partnership", "/api/v1/qa/standards", { document: JSON.stringify(doc) });
    assert.equal(r.status, 422, r.text);
    assert.ok(errorFields(r.body).every((f) => f === "document"));
    const all = messages(r.body).join("\n");
    for (const line of [
      '$: has a key the format does not know: "colour"',
      "$.scale[0].rating: must be red, amber or green",
      "$.standards[1].id: must be lower-case letters, digits and hyphens",
    ])
      assert.ok(all.includes(line), `names ${line}: ${all}`);
    assert.equal(messages(r.body).length, 3);
    assert.equal(sets(), demoSets, "nothing was published");
    assert.deepEqual(errorFields((await post("partnership", "/api/v1/qa/standards", {})).body), ["document"]);
  });

  test("a good document is published once, audited with who published it, and opens a cycle", async () => {
    const r = await post("partnership", "/api/v1/qa/standards", { document: S11 });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.kind, "section11");
    assert.equal(r.body.version, "2026-1");
    assert.equal(r.body.standards, 3);
    const stored = JSON.parse(sql(`SELECT document FROM qa_standard_sets WHERE id = ${r.body.id}`));
    assert.deepEqual(stored, JSON.parse(S11), "the document is kept as it was sent");
    assert.equal(
      sql(`SELECT u.email FROM audit_log l JOIN users u ON u.id = l.user_id WHERE l.action = 'qa.standards_publish' AND l.resource_id = '${r.body.id}'`),
      demoEmail("partnership"),
    );

    const again = await post("partnership", "/api/v1/qa/standards", { document: S11 });
    assert.equal(again.status, 409, again.text);
    assert.deepEqual(errorFields(again.body), ["document"]);
    assert.match(messages(again.body)[0], /^\$\.version: version 2026-1 of these standards is already published/);
    assert.equal(sets(), demoSets + 1);

    const list = await call("partnership", "/api/v1/qa/standards");
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.standard_sets.map((s) => [s.id, s.kind, s.version]).slice(0, 1), [[r.body.id, "section11", "2026-1"]], "newest first");
    assert.equal(list.body.standard_sets.length, demoSets + 1);

    const cycle = await post("partnership", "/api/v1/qa/cycles", {
      standards: r.body.id, title: "Section 11 audit 2026", opens_on: plusDays(-1), returns_due_on: plusDays(20),
    });
    assert.equal(cycle.status, 201, cycle.text);
  });
});
