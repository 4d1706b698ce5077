// Documents about a child (issue 15): an agency linked to the child uploads a
// file (multipart, from the API or a page's form) up to 20 MB; its type is
// found from its content and must be on the allow-list; it is stored sealed
// in the folder beside the database, never as its plaintext; any agency
// linked to the child downloads it byte for byte, as an attachment that is
// never sniffed, and each download is audited as a read of the child; the
// document is in the child's chronology; anyone else is answered 404, and a
// refused upload leaves nothing behind.
//
// Demo child 1 is linked to Brookfield Primary (the dsl's school) and the
// hospital (the practitioner's); frontdoor2's authority is not linked.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { apiClient, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, request, token } = apiClient(() => haven, { timeoutMs: 60_000 });
const sql = (query) => sqlText(haven.dbPath, query);
const count = (table) => Number(sql(`SELECT count(*) FROM ${table}`));
const folder = () => haven.documentsDir;
const filesOnDisk = () => (existsSync(folder()) ? readdirSync(folder()) : []);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

// A small but real PNG (a 1x1 image), with a marker the sealed file must not show.
const PNG = Buffer.concat([
  Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082", "hex"),
  Buffer.from("FICTIONAL-PLAINTEXT-MARKER"),
]);

async function upload(who, bytes, { description = "Fictional school report", child = 1, name = "report.png" } = {}) {
  const form = new FormData();
  if (description !== null) form.append("description", description);
  if (bytes) form.append("file", new Blob([bytes]), name);
  const res = await request(`/api/v1/children/${child}/documents`, { method: "POST", body: form, token: await token(who) });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null };
}

describe("documents", () => {
  let id;

  test("a linked agency uploads a file: its type comes from the content, and it is stored sealed", async () => {
    const res = await upload("dsl", PNG, { name: "innocent.pdf" });
    assert.equal(res.status, 201, res.text);
    id = res.body.id;
    assert.equal(res.body.media_type, "image/png", "the content says PNG, whatever the name says");
    assert.equal(res.body.size, PNG.length);
    assert.equal(res.body.description, "Fictional school report");
    const onDisk = readFileSync(`${folder()}/${id}`);
    assert.equal(onDisk.length, PNG.length + 40, "a nonce and a tag around the sealed bytes");
    assert.equal(onDisk.indexOf("FICTIONAL-PLAINTEXT-MARKER"), -1, "the plaintext is not on disk");
    assert.notDeepEqual(onDisk.subarray(24, 32), PNG.subarray(0, 8));
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'document.create' AND resource_id = '${id}'`)), 1);
  });

  test("a linked agency downloads it byte for byte, as an attachment never sniffed, and the read is audited", async () => {
    const res = await request(`/api/v1/documents/${id}`, { token: await token("practitioner") });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "image/png");
    assert.equal(res.headers.get("content-disposition"), `attachment; filename="document-${id}.png"`);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), PNG);
    const page = await request(`/documents/${id}`, { token: await token("dsl") });
    assert.equal(page.status, 200);
    assert.deepEqual(Buffer.from(await page.arrayBuffer()), PNG);
    // the audit search by child finds the download, as a read of the child
    const found = await call("partnership", "/api/v1/audit/search", { method: "POST", json: { child_id: 1, action: "document.read", limit: 100 } });
    assert.equal(found.status, 200, found.text);
    assert.ok(found.body.rows.some((r) => r.action === "document.read" && r.resource_id === String(id)), found.text);
  });

  test("the document is in the child's chronology", async () => {
    const res = await call("practitioner", "/api/v1/children/1/chronology");
    assert.equal(res.status, 200, res.text);
    const event = res.body.events.find((e) => e.kind === "document" && e.record_id === id);
    assert.ok(event, "the document's event");
    assert.equal(event.href, `/documents/${id}`);
    assert.match(event.text, /Fictional school report/);
  });

  test("an unrelated agency is answered 404: no download, no upload", async () => {
    const before = filesOnDisk().length;
    assert.equal((await call("frontdoor2", `/api/v1/documents/${id}`)).status, 404);
    assert.equal((await upload("frontdoor2", PNG)).status, 404);
    // a role that may not open the child's record at all is told no more: the document's access is the child's
    assert.equal((await call("scrutineer", `/api/v1/documents/${id}`)).status, 404);
    assert.equal((await call("admin", `/api/v1/documents/${id}`)).status, 404);
    assert.equal(filesOnDisk().length, before);
  });

  test("a file of a type not allowed is refused with 415 naming the allowed types, leaving nothing", async () => {
    const rows = count("documents"), files = filesOnDisk().length;
    const elf = Buffer.concat([Buffer.from("7f454c46020101000000000000000000", "hex"), Buffer.alloc(200, 1)]);
    for (const bytes of [elf, Buffer.from("PK\u0003\u0004 not a real zip, just its first bytes " + "x".repeat(100))]) {
      const res = await upload("dsl", bytes, { name: "report.pdf" });
      assert.equal(res.status, 415, res.text);
      assert.equal(res.body.errors[0].field, "file");
      assert.match(res.body.errors[0].detail, /PDF.*PNG, JPEG or GIF.*Word, Excel or PowerPoint.*plain text/);
    }
    assert.equal(count("documents"), rows);
    assert.equal(filesOnDisk().length, files);
  });

  test("a file over 20 MB is refused with 413 naming the limit, leaving nothing", async () => {
    const rows = count("documents"), files = filesOnDisk().length;
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, "a");
    const res = await upload("dsl", big, { name: "big.txt" });
    assert.equal(res.status, 413, res.text);
    assert.match(res.body.detail, /20 MB/);
    assert.equal(count("documents"), rows);
    assert.equal(filesOnDisk().length, files);
    // a body far past the limit is refused before it is stored, naming the limit too
    const far = await upload("dsl", Buffer.alloc(21 * 1024 * 1024, "a"), { name: "far.txt" });
    assert.equal(far.status, 413, far.text);
    assert.match(far.body.detail, /20 MB/);
    assert.equal(count("documents"), rows);
    assert.equal(filesOnDisk().length, files);
    // exactly 20 MB of plain text is taken
    const edge = await upload("dsl", Buffer.alloc(20 * 1024 * 1024, "a"), { name: "edge.txt" });
    assert.equal(edge.status, 201, edge.text);
    assert.equal(edge.body.media_type, "text/plain");
  });

  test("a missing file or description is refused naming the field, leaving nothing", async () => {
    const rows = count("documents");
    const noFile = await upload("dsl", null);
    assert.equal(noFile.status, 422, noFile.text);
    assert.deepEqual(noFile.body.errors.map((e) => e.field), ["file"]);
    const noDescription = await upload("dsl", PNG, { description: null });
    assert.equal(noDescription.status, 422, noDescription.text);
    assert.deepEqual(noDescription.body.errors.map((e) => e.field), ["description"]);
    // a NUL byte in a text part is refused naming its field, as in any form, and nothing is stored
    const nul = await upload("dsl", PNG, { description: "Fictional\u0000report" });
    assert.equal(nul.status, 422, nul.text);
    assert.deepEqual(nul.body.errors.map((e) => e.field), ["description"]);
    assert.match(nul.body.errors[0].detail, /What the document is must only include letters, numbers and punctuation/);
    // JSON is not how a file is sent
    const json = await call("dsl", "/api/v1/children/1/documents", { method: "POST", json: { description: "x" } });
    assert.equal(json.status, 415, json.text);
    // a multipart body cut short is not read at all
    const cut = await request("/api/v1/children/1/documents", {
      method: "POST",
      token: await token("dsl"),
      headers: { "content-type": "multipart/form-data; boundary=XyZ" },
      body: '--XyZ\r\nContent-Disposition: form-data; name="description"\r\n\r\nFictional\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello',
    });
    assert.equal(cut.status, 400, await cut.text());
    assert.equal(count("documents"), rows);
  });
});
