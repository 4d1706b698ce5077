// An agency that stops working with a child loses the child's case notes with the child, at once
// (need to know): once its last link ends, every note route answers it 404 as the child's record does,
// its own notes included: reading one (API and page), correcting one, attaching a document to one and
// downloading one's documents, and nothing is written. The other agencies still read the note as it
// was. A new link (a new concern) gives the agency its notes back.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, plusDays, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post, request, token } = apiClient(() => haven, { timeoutMs: 30_000 });
const sql = (query) => sqlText(haven.dbPath, query);
const count = (table) => Number(sql(`SELECT count(*) FROM ${table}`));

// A fictional child, added by the hospital (the practitioner's: it raised the concern) and linked to
// Brookfield Primary (the dsl's school).
const NOEL = {
  given_name: "Noel",
  family_name: "Unlinkedmore",
  date_of_birth: "2015-06-07",
  sex: "not_known",
  la_code: 890,
  settings: ["brookfield-primary"],
};
const NOTE = { happened_on: "2026-11-20", category: "concern", visibility: "linked_agencies", body: "Fictional note: seen with a bruise on the arm." };
const CORRECTION = { ...NOTE, body: "Fictional note: a bruise on the left arm.", reason: "Which arm was left out." };
const END = { relationship: "raised_concern", ended_on: plusDays(0), reason: "No further action for the hospital." };

async function attach(who, noteId) {
  const form = new FormData();
  form.append("description", "Fictional body map");
  form.append("file", new Blob([Buffer.from("A fictional body map.\n")]), "map.txt");
  const res = await request(`/api/v1/notes/${noteId}/documents`, { method: "POST", body: form, token: await token(who) });
  return { status: res.status, text: await res.text() };
}

let child, note, document;

before(async () => {
  haven = await startHaven();
  const made = await post("practitioner", "/api/v1/children", { ...NOEL, confirm_new: true });
  assert.equal(made.status, 201, made.text);
  child = made.body.id;
  const written = await post("practitioner", `/api/v1/children/${child}/notes`, NOTE);
  assert.equal(written.status, 201, written.text);
  note = written.body.id;
  const attached = await attach("practitioner", note);
  assert.equal(attached.status, 201, attached.text);
  document = JSON.parse(attached.text).id;
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("a case note after its agency stops working with the child", () => {
  test("while linked, the writing agency reads its note and downloads its document", async () => {
    assert.equal((await call("practitioner", `/api/v1/notes/${note}`)).status, 200);
    assert.equal((await call("practitioner", `/api/v1/documents/${document}`)).status, 200);
  });

  test("once its last link ends, every note route answers it 404 and writes nothing", async () => {
    const ended = await post("practitioner", `/api/v1/children/${child}/links/end`, END);
    assert.equal(ended.status, 200, ended.text);
    assert.equal((await call("practitioner", `/api/v1/children/${child}`)).status, 404, "as documented");

    const before = [count("case_note_versions"), count("documents")];
    const read = await call("practitioner", `/api/v1/notes/${note}`);
    assert.equal(read.status, 404, read.text);
    assert.doesNotMatch(read.text, /Unlinkedmore/, "the child's name is not shown");
    assert.equal((await call("practitioner", `/notes/${note}`)).status, 404, "the note's page");
    assert.equal((await call("practitioner", `/notes/${note}/correct`)).status, 404, "the correction form");
    assert.equal((await call("practitioner", `/notes/${note}/documents/new`)).status, 404, "the upload page");
    const corrected = await post("practitioner", `/api/v1/notes/${note}/correct`, CORRECTION);
    assert.equal(corrected.status, 404, corrected.text);
    const attached = await attach("practitioner", note);
    assert.equal(attached.status, 404, attached.text);
    assert.equal((await call("practitioner", `/api/v1/documents/${document}`)).status, 404, "the note's document");
    assert.deepEqual([count("case_note_versions"), count("documents")], before, "nothing was written");

    // the school, still working with the child, reads the note as it was
    const school = await call("dsl", `/api/v1/notes/${note}`);
    assert.equal(school.status, 200, school.text);
    assert.equal(school.body.note.current_version, 1);
    assert.equal(school.body.note.body, NOTE.body);
    assert.equal((await call("dsl", `/api/v1/documents/${document}`)).status, 200);
  });

  test("a new link gives the agency its notes back", async () => {
    const { settings: _, ...identity } = NOEL;
    const linked = await post("practitioner", `/api/v1/children/${child}/link`, { ...identity, reason: "A new concern about the same child today." });
    assert.equal(linked.status, 200, linked.text);
    assert.equal((await call("practitioner", `/api/v1/notes/${note}`)).status, 200);
    const corrected = await post("practitioner", `/api/v1/notes/${note}/correct`, CORRECTION);
    assert.equal(corrected.status, 200, corrected.text);
    assert.equal(corrected.body.note.current_version, 2);
    assert.equal((await call("practitioner", `/api/v1/documents/${document}`)).status, 200);
  });
});
