// `haven backup` and `haven restore` with documents (issue 15): a backup
// made while Haven serves holds, in FILE.documents/, the sealed file of
// every document its database names (and nothing of one uploaded after);
// a restore refuses a backup missing one of them and changes nothing, and
// otherwise brings the files back beside the database, removing those of
// documents the restored database does not name, so a server serves each
// restored document byte for byte.

import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { apiClient, sqlText } from "../lib/api.mjs";
import { onPostgres, runHaven, startHaven } from "../lib/haven.mjs";

let haven, dir;
const api = apiClient(() => haven, { timeoutMs: 30_000 });
const files = (folder) => (existsSync(folder) ? readdirSync(folder).sort() : []);

async function upload(text) {
  const form = new FormData();
  form.append("description", "Fictional backed-up document");
  form.append("file", new Blob([Buffer.from(text)]), "note.txt");
  const res = await api.request("/api/v1/children/1/documents", { method: "POST", body: form, token: await api.token("dsl") });
  const body = await res.text();
  assert.equal(res.status, 201, body);
  return JSON.parse(body).id;
}

async function download(id) {
  const res = await api.request(`/api/v1/documents/${id}`, { token: await api.token("dsl") });
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer()).toString();
}

describe("backup and restore with documents", { skip: onPostgres && "haven backup and restore copy SQLite files (PostgreSQL has its own tools)" }, () => {
  let first, second, later, backupPath;
  // the demo's own documents (a letter on its case note), backed up and restored with the rest
  let demoDocs;
  const backedUp = () => [...demoDocs, String(first), String(second)].sort();

  before(async () => {
    haven = await startHaven();
    dir = haven.dir;
    backupPath = path.join(dir, "backup.db");
    demoDocs = sqlText(haven.dbPath, "SELECT id FROM documents ORDER BY id;").split("\n").filter(Boolean);
    assert.ok(demoDocs.length > 0, "the demo holds a document");
  });
  after(async () => {
    await haven?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("a backup holds the sealed file of every document its database names, and none uploaded after", async () => {
    first = await upload("Fictional first document.\n");
    second = await upload("Fictional second document.\n");
    const r = runHaven(["backup", "--db", haven.dbPath, "--to", backupPath]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`\\(\\d+ bytes, ${demoDocs.length + 2} documents\\)\\n$`));
    later = await upload("Fictional document uploaded after the backup.\n");
    assert.deepEqual(files(`${backupPath}.documents`), backedUp());
    for (const id of backedUp())
      assert.deepEqual(readFileSync(`${backupPath}.documents/${id}`), readFileSync(`${haven.dbPath}.documents/${id}`), "the sealed bytes, as kept");
    assert.equal(sqlText(backupPath, "SELECT group_concat(id) FROM documents;"), [...demoDocs, first, second].join(","));
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes(".partial")), [], "nothing half-made is left");
  });

  test("a backup whose documents' folder name is taken is refused", () => {
    const taken = path.join(dir, "other.db");
    cpSync(`${backupPath}.documents`, `${taken}.documents`, { recursive: true });
    const again = runHaven(["backup", "--db", haven.dbPath, "--to", taken]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /other\.db\.documents already exists: give the backup a new name; no backup was made/);
    assert.ok(!existsSync(taken));
  });

  test("a restore refuses a backup missing a document's file, and changes nothing", async () => {
    await haven.stop({ keepDir: true });
    const broken = path.join(dir, "broken.db");
    cpSync(backupPath, broken);
    cpSync(`${backupPath}.documents`, `${broken}.documents`, { recursive: true });
    rmSync(`${broken}.documents/${second}`);
    const live = files(`${haven.dbPath}.documents`);
    const count = sqlText(haven.dbPath, "SELECT count(*) FROM documents;");
    const r = runHaven(["restore", "--from", broken, "--db", haven.dbPath]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`document ${second}'s file .* is missing: the backup is not whole; nothing was restored`));
    assert.deepEqual(files(`${haven.dbPath}.documents`), live);
    assert.equal(sqlText(haven.dbPath, "SELECT count(*) FROM documents;"), count);
  });

  test("a restore brings the documents back beside the database, and a server serves them", async () => {
    const r = runHaven(["restore", "--from", backupPath, "--db", haven.dbPath]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(files(`${haven.dbPath}.documents`), backedUp(), "the later document's file went with its row");
    haven = await startHaven({ dir });
    assert.equal(await download(first), "Fictional first document.\n");
    assert.equal(await download(second), "Fictional second document.\n");
    assert.equal((await api.call("dsl", `/api/v1/documents/${later}`)).status, 404);
  });
});
