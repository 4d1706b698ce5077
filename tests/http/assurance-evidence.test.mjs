// Documents as evidence on a self-assessment return, per standard (issue 19,
// through the documents area's one upload path, areas/documents/attach.h):
// the agency attaches files to a standard of its own draft return (typed by
// content, sealed); they are listed with that standard on the return; the
// agency and, once the return is submitted, the partnership download them,
// while another agency, the partnership before submission and the
// scrutineer do not; nothing can be attached once the return is submitted.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { apiClient, plusDays, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { REPO_ROOT, runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const { call, post, request, token } = apiClient(() => haven, { timeoutMs: 60_000 });
const sql = (q) => sqlText(haven.dbPath, q);
const TEXT = Buffer.from("Fictional board minutes naming the safeguarding lead. EVIDENCE-MARKER\n");

/** The record id of `standard` of return `ret` that documents are attached to. */
const evidenceOf = (ret, standard) =>
  Number(sql(`SELECT id FROM qa_return_standards WHERE return_id = ${ret} AND standard_id = '${standard}'`));

async function attach(who, evidenceId, bytes, { description = "Board minutes, March" } = {}) {
  const form = new FormData();
  form.append("description", description);
  form.append("file", new Blob([bytes]), "minutes.txt");
  const res = await request(`/api/v1/quality-assurance/return-standards/${evidenceId}/documents`, {
    method: "POST", body: form, token: await token(who), redirect: "manual",
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null };
}

before(async () => {
  haven = await startHaven();
  // the constabulary's lead, its agency administrator on Haven, completes its Section 11 returns (the
  // demo's police account is made one: an agency's other people do not)
  sql("INSERT INTO user_roles (user_id, role) SELECT id, 'agency_admin' FROM users WHERE email = 'police@demo.haven.example'");
  const r = runHaven(["import", "qa-standards", "--db", haven.dbPath, path.join(REPO_ROOT, "tests/http/data/qa-section11.json")]);
  assert.equal(r.status, 0, r.stderr);
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("documents as evidence for a standard of a return", () => {
  let police, leadership, document;

  test("opening a cycle makes a record for each standard of each return", async () => {
    // the set imported above, not the demo's older one
    const set = Number(sql("SELECT max(id) FROM qa_standard_sets WHERE kind = 'section11'"));
    const r = await post("partnership", "/api/v1/qa/cycles", {
      standards: set, title: "Section 11 audit 2026", opens_on: plusDays(-1), returns_due_on: plusDays(20),
    });
    assert.equal(r.status, 201, r.text);
    police = Number(sql(`SELECT r.id FROM qa_returns r JOIN agencies a ON a.id = r.agency_id WHERE r.cycle_id = ${r.body.id} AND a.slug = 'lancashire-constabulary'`));
    assert.equal(sql(`SELECT count(*) FROM qa_return_standards WHERE return_id = ${police}`), "3");
    assert.equal(
      Number(sql(`SELECT count(*) FROM qa_return_standards s JOIN qa_returns r ON r.id = s.return_id WHERE r.cycle_id = ${r.body.id}`)),
      3 * r.body.counts.returns,
    );
    leadership = evidenceOf(police, "leadership");
    const shown = await call("police", `/api/v1/qa/returns/${police}`);
    const standard = shown.body.standards.find((s) => s.id === "leadership");
    assert.deepEqual([standard.evidence_id, standard.documents, standard.can_attach], [leadership, [], true]);
  });

  test("the upload page's example is a return's kind of evidence, not a child record's", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("police");
    const page = await b.request(`/quality-assurance/return-standards/${leadership}/documents/new`);
    assert.equal(page.status, 200, page.text);
    assert.match(page.text, /id="description-hint">For example, a safeguarding policy, training records or an audit report</);
    assert.doesNotMatch(page.text, /school attendance report/);
  });

  test("the agency attaches a document to a standard of its draft; no one else may", async () => {
    for (const who of ["practitioner", "partnership"])
      assert.equal((await attach(who, leadership, TEXT)).status, who === "partnership" ? 403 : 404, who);
    assert.equal((await attach("scrutineer", leadership, TEXT)).status, 403);
    const bad = await attach("police", leadership, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    assert.equal(bad.status, 415, "an executable is refused by its content");
    assert.equal(sql("SELECT count(*) FROM documents WHERE owner_type = 'qa_return_standard'"), "0");

    const r = await attach("police", leadership, TEXT);
    assert.equal(r.status, 201, r.text);
    document = r.body.id;
    assert.deepEqual([r.body.owner_type, r.body.owner_id, r.body.media_type], ["qa_return_standard", leadership, "text/plain"]);
    const shown = await call("police", `/api/v1/qa/returns/${police}`);
    const standards = Object.fromEntries(shown.body.standards.map((s) => [s.id, s.documents.map((d) => [d.id, d.description, d.href])]));
    assert.deepEqual(standards, { leadership: [[document, "Board minutes, March", `/documents/${document}`]], training: [], "voice-of-the-child": [] });

    const download = await request(`/api/v1/documents/${document}`, { token: await token("police") });
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), TEXT);
    assert.equal((await call("practitioner", `/api/v1/documents/${document}`)).status, 404, "another agency");
    assert.equal((await call("partnership", `/api/v1/documents/${document}`)).status, 404, "a draft's evidence is the agency's own");
    assert.ok([403, 404].includes((await call("scrutineer", `/api/v1/documents/${document}`)).status));
    const draft = await call("partnership", `/api/v1/qa/returns/${police}`);
    assert.ok(draft.body.standards.every((s) => s.documents === undefined || s.documents.length === 0), "a draft shows the partnership no documents");
  });

  test("once submitted, the partnership downloads the evidence and nothing more can be attached", async () => {
    for (const standard of ["leadership", "training", "voice-of-the-child"])
      assert.equal((await post("police", `/api/v1/qa/returns/${police}/standards/${standard}`, { score: "3", evidence: "In place." })).status, 200);
    assert.equal((await post("police", `/api/v1/qa/returns/${police}/submit`, {})).status, 200);
    assert.equal((await attach("police", leadership, TEXT)).status, 404, "a submitted return takes no more evidence");
    const download = await request(`/api/v1/documents/${document}`, { token: await token("partnership") });
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), TEXT);
    const shown = await call("partnership", `/api/v1/qa/returns/${police}`);
    assert.deepEqual(shown.body.standards.find((s) => s.id === "leadership").documents.map((d) => d.id), [document]);
    assert.equal(shown.body.standards.find((s) => s.id === "leadership").can_attach, false);
    assert.equal((await call("practitioner", `/api/v1/documents/${document}`)).status, 404, "still not another agency's");

    const page = await request(`/quality-assurance/return-standards/${leadership}`, { token: await token("police"), redirect: "manual" });
    assert.equal(page.status, 303);
    assert.equal(page.headers.get("location"), `/quality-assurance/returns/${police}#standard-leadership`);
  });
});
