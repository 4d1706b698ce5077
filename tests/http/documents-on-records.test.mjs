// Documents on any record that takes them (issue 15), first a case note: the
// agency that wrote a note attaches a file to it through the one upload path
// (multipart, typed by its content, sealed beside the database); whoever may
// read the note downloads it, and nobody else, because the note's own rule
// decides (need-to-know): a note kept to its agency keeps its documents
// there too, and a correction that shares the note shares them. Each
// download is audited as a read of the note's child. The note's page lists
// its documents.
//
// Demo child 1 is linked to Brookfield Primary (the dsl's school) and the
// hospital (the practitioner's); frontdoor2's authority is not linked.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync, readdirSync } from "node:fs";
import { apiClient, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post, request, token } = apiClient(() => haven, { timeoutMs: 60_000 });
const sql = (query) => sqlText(haven.dbPath, query);
const folder = () => haven.documentsDir;
const filesOnDisk = () => (existsSync(folder()) ? readdirSync(folder()) : []);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

const TEXT = Buffer.from("Fictional minutes of a meeting with the family. NOTE-ATTACHMENT-MARKER\n");
const NOTE = { happened_on: "2026-11-20", category: "meeting", visibility: "own_agency", body: "Fictional note: met the family." };

async function attach(who, noteId, bytes, { description = "Fictional meeting minutes", page = false } = {}) {
  const form = new FormData();
  form.append("description", description);
  form.append("file", new Blob([bytes]), "minutes.txt");
  const path = `${page ? "" : "/api/v1"}/notes/${noteId}/documents`;
  const res = await request(path, { method: "POST", body: form, token: await token(who), redirect: "manual" });
  const text = await res.text();
  return { status: res.status, text, location: res.headers.get("location"), body: text && !page ? JSON.parse(text) : null };
}

describe("documents on a case note", () => {
  let note, id;

  test("the writing agency attaches a file to its note: typed by content, sealed, and listed on the note", async () => {
    const made = await post("dsl", "/api/v1/children/1/notes", NOTE);
    assert.equal(made.status, 201, made.text);
    note = made.body.id;
    const res = await attach("dsl", note, TEXT);
    assert.equal(res.status, 201, res.text);
    id = res.body.id;
    assert.equal(res.body.owner_type, "case_note");
    assert.equal(res.body.owner_id, note);
    assert.equal(res.body.media_type, "text/plain");
    const onDisk = readFileSync(`${folder()}/${id}`);
    assert.equal(onDisk.indexOf("NOTE-ATTACHMENT-MARKER"), -1, "the plaintext is not on disk");
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'document.create' AND resource_id = '${id}'`)), 1);
    const shown = await call("dsl", `/api/v1/notes/${note}`);
    assert.deepEqual(shown.body.note.documents.map((d) => [d.id, d.description, d.href]), [[id, "Fictional meeting minutes", `/documents/${id}`]]);
    assert.equal(shown.body.can_attach, true);
  });

  test("a note kept to its agency keeps its documents there: another linked agency gets 404", async () => {
    const download = await request(`/api/v1/documents/${id}`, { token: await token("dsl") });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get("content-disposition"), `attachment; filename="document-${id}.txt"`);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), TEXT);
    // the hospital works with the child but may not read the school's note, nor its documents
    assert.equal((await call("practitioner", `/api/v1/documents/${id}`)).status, 404);
    assert.equal((await call("frontdoor2", `/api/v1/documents/${id}`)).status, 404);
    assert.equal((await call("scrutineer", `/api/v1/documents/${id}`)).status, 404);
    // the download was audited as a read of the note's child
    const found = await post("partnership", "/api/v1/audit/search", { child_id: 1, action: "document.read", limit: 100 });
    assert.equal(found.status, 200, found.text);
    assert.ok(found.body.rows.some((r) => r.resource_id === String(id)), found.text);
  });

  test("sharing the note shares its documents, but only the writing agency attaches more", async () => {
    const corrected = await post("dsl", `/api/v1/notes/${note}/correct`, { ...NOTE, visibility: "linked_agencies", reason: "The hospital needs to know." });
    assert.equal(corrected.status, 200, corrected.text);
    const download = await request(`/api/v1/documents/${id}`, { token: await token("practitioner") });
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), TEXT);
    const files = filesOnDisk().length;
    assert.equal((await attach("practitioner", note, TEXT)).status, 404, "the hospital did not write the note");
    assert.equal((await attach("frontdoor2", note, TEXT)).status, 404);
    assert.equal(filesOnDisk().length, files);
    assert.equal((await call("practitioner", `/api/v1/notes/${note}`)).body.can_attach, false);
  });

  test("the one upload path's refusals hold on a note: a type not allowed is 415, leaving nothing", async () => {
    const rows = Number(sql("SELECT count(*) FROM documents")), files = filesOnDisk().length;
    const elf = Buffer.concat([Buffer.from("7f454c46020101000000000000000000", "hex"), Buffer.alloc(200, 1)]);
    const res = await attach("dsl", note, elf);
    assert.equal(res.status, 415, res.text);
    assert.equal(res.body.errors[0].field, "file");
    assert.equal(Number(sql("SELECT count(*) FROM documents")), rows);
    assert.equal(filesOnDisk().length, files);
  });

  test("the note's page lists its documents and offers the writer the upload page", async () => {
    const page = await request(`/notes/${note}`, { token: await token("dsl") });
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, new RegExp(`href="/documents/${id}">Fictional meeting minutes`));
    assert.match(html, new RegExp(`href="/notes/${note}/documents/new"`));
    const form = await request(`/notes/${note}/documents/new`, { token: await token("dsl") });
    const formHtml = await form.text();
    assert.equal(form.status, 200);
    assert.match(formHtml, new RegExp(`action="/notes/${note}/documents"`));
    assert.equal((await request(`/notes/${note}/documents/new`, { token: await token("practitioner") })).status, 404);
    // the form's upload goes back to the note
    const sent = await attach("dsl", note, TEXT, { description: "Fictional second page", page: true });
    assert.equal(sent.status, 303, sent.text);
    assert.equal(sent.location, `/notes/${note}`);
  });
});
