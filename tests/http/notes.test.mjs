// Case notes (issue 15): an agency linked to a child adds dated, categorised
// notes, read by its own agency only or by every agency linked to the child;
// a note is never edited in place (a correction is a new version with its
// reason, and every version is kept and shown); notes appear in the child's
// chronology to whoever may read them; bad input is refused naming each
// field and writes nothing; anyone else is answered 404.
//
// Demo child 1 (Alex Example) is linked to Brookfield Primary (the dsl's
// school), Blackburn with Darwen Council and the hospital (the practitioner's).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const count = (table) => Number(sql(`SELECT count(*) FROM ${table}`));

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

const NOTE = { happened_on: "2026-11-20", category: "concern", visibility: "own_agency", body: "Fictional note: arrived late and hungry three days running." };
const add = (who, note, child = 1) => post(who, `/api/v1/children/${child}/notes`, note);
const noteIds = async (who) =>
  (await call(who, "/api/v1/children/1/chronology")).body.events.filter((e) => e.kind === "case-note").map((e) => e.record_id);

describe("case notes", () => {
  let own, shared;

  test("a linked agency adds a note seen by its own agency only", async () => {
    const res = await add("dsl", NOTE);
    assert.equal(res.status, 201, res.text);
    own = res.body.id;
    assert.equal(res.body.category, "concern");
    assert.equal(res.body.current_version, 1);
    assert.equal((await call("dsl", `/api/v1/notes/${own}`)).status, 200);
    // the hospital is linked to the child too, but the note is the school's
    assert.equal((await call("practitioner", `/api/v1/notes/${own}`)).status, 404);
    assert.ok((await noteIds("dsl")).includes(own));
    assert.ok(!(await noteIds("practitioner")).includes(own), "not in the hospital's chronology");
  });

  test("a note for every linked agency is read by each of them, and by no one else", async () => {
    const res = await add("dsl", { ...NOTE, category: "information_shared", visibility: "linked_agencies", body: "Fictional note: shared with the school nurse." });
    assert.equal(res.status, 201, res.text);
    shared = res.body.id;
    const read = await call("practitioner", `/api/v1/notes/${shared}`);
    assert.equal(read.status, 200, read.text);
    assert.equal(read.body.note.body, "Fictional note: shared with the school nurse.");
    assert.ok((await noteIds("practitioner")).includes(shared));
    // not linked to child 1: neither the note nor a way to add one
    assert.equal((await call("frontdoor2", `/api/v1/notes/${shared}`)).status, 404);
    assert.equal((await add("frontdoor2", NOTE)).status, 404);
    assert.equal((await call("scrutineer", `/api/v1/notes/${shared}`)).status, 403);
    // each read is audited, and the audit search by child finds it
    const found = await post("partnership", "/api/v1/audit/search", { child_id: 1, action: "note.read", limit: 100 });
    assert.equal(found.status, 200, found.text);
    assert.ok(found.body.rows.some((r) => r.action === "note.read" && r.resource_id === String(shared)), JSON.stringify(found.body.rows.slice(0, 3)));
  });

  test("a correction is a new version with its reason; every version is kept and shown", async () => {
    const res = await post("dsl", `/api/v1/notes/${shared}/correct`, {
      happened_on: "2026-11-19",
      category: "information_shared",
      visibility: "linked_agencies",
      body: "Fictional note: shared with the school nurse on the Thursday.",
      reason: "The wrong day was written.",
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.note.current_version, 2);
    assert.equal(res.body.note.happened_on, "2026-11-19");
    assert.deepEqual(res.body.note.versions.map((v) => [v.version, v.correction_reason ?? null]), [
      [2, "The wrong day was written."],
      [1, null],
    ]);
    assert.equal(res.body.note.versions[1].body, "Fictional note: shared with the school nurse.", "the first version is kept as it was");
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'note.correct' AND resource_id = '${shared}' AND reason = 'The wrong day was written.'`)), 1);
    const page = await call("practitioner", `/notes/${shared}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Version 2/);
    assert.match(page.text, /The wrong day was written\./);
    assert.doesNotMatch(page.text, /Correct this note/, "only the writing agency corrects");
    assert.match((await call("dsl", `/notes/${shared}`)).text, /Correct this note/);
  });

  test("only the writing agency corrects a note", async () => {
    const before = count("case_note_versions");
    const res = await post("practitioner", `/api/v1/notes/${shared}/correct`, { ...NOTE, visibility: "linked_agencies", reason: "Not mine to correct." });
    assert.equal(res.status, 404, res.text);
    assert.equal(count("case_note_versions"), before);
  });

  test("a correction that narrows who may read the note takes it from the others", async () => {
    const res = await post("dsl", `/api/v1/notes/${shared}/correct`, { ...NOTE, reason: "It should not have been shared." });
    assert.equal(res.status, 200, res.text);
    assert.equal((await call("practitioner", `/api/v1/notes/${shared}`)).status, 404);
    assert.ok(!(await noteIds("practitioner")).includes(shared));
  });

  test("bad input is refused naming each field and reason, and adds nothing", async () => {
    const before = [count("case_notes"), count("case_note_versions")];
    let res = await add("dsl", {});
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body).sort(), ["body", "category", "happened_on", "visibility"]);
    res = await add("dsl", { ...NOTE, happened_on: "2099-01-01" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["happened_on"]);
    assert.match(res.body.errors[0].detail ?? res.body.errors[0].message, /today or in the past/);
    res = await add("dsl", { ...NOTE, visibility: "everyone" });
    assert.deepEqual(errorFields(res.body), ["visibility"]);
    res = await post("dsl", `/api/v1/notes/${own}/correct`, NOTE);
    assert.equal(res.status, 422);
    assert.deepEqual(errorFields(res.body), ["reason"]);
    assert.deepEqual([count("case_notes"), count("case_note_versions")], before);
    // a page shows the form again with the error summary and what was typed
    const page = await call("dsl", "/children/1/notes", { method: "POST", form: { ...NOTE, happened_on: "2099-01-01" } });
    assert.equal(page.status, 422);
    assert.match(page.text, /govuk-error-summary/);
    assert.match(page.text, /arrived late and hungry/);
  });

  test("a browser's note is added with a redirect to it", async () => {
    const res = await call("dsl", "/children/1/notes", { method: "POST", form: NOTE });
    assert.equal(res.status, 303, res.text);
    assert.match(res.headers.get("location"), /^\/notes\/\d+$/);
  });
});
