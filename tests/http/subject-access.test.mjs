// Subject access requests (data protection: answered within one calendar
// month): the partnership team records a request about a child on the
// register, Haven works out its due date the ICO's way, extends it by up to
// two further months with a reason and closes it with the outcome; open
// requests are listed with their due dates (overdue tagged) and those due
// within 7 days or overdue are on the team's task list. The pack gathers
// everything every area holds about the child and who has seen the child's
// records (by agency, never by person), only for an open request whose
// requester's identity is recorded as verified (with who checked, when and
// the evidence seen): a request is always recorded unverified, by one member
// of the team, and checked by another; as an audited read naming the child; every opening is
// listed in the information governance review. Only the partnership team; bad input is
// refused naming each field and changes nothing; both faces (API and pages).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

let haven;
const { call, post, request, token } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const count = () => Number(sql("SELECT count(*) FROM subject_access_requests"));
const audits = (action, id) =>
  Number(sql(`SELECT count(*) FROM audit_log WHERE action = '${action}' AND resource_type = 'subject_access_request' AND resource_id = '${id}'`));
/** Audit rows of `action` on request `id` that name child `child` (audit_children). */
const auditsNaming = (action, id, child) =>
  Number(sql(`SELECT count(*) FROM audit_log l JOIN audit_children c ON c.audit_id = l.id WHERE l.action = '${action}' AND l.resource_id = '${id}' AND c.child_id = ${child}`));
/** The evidence that fits each requester, for checking a request's identity. */
const fitting = { child: "photo_id_address", parent: "parental_responsibility", representative: "signed_authority" };
/**
 * Records a request as one member of the partnership team (always unverified), and has the other check the
 * requester's identity the day it was received, as two people must before its pack is gathered: the
 * recording's response, its body the request as now verified.
 */
async function recordVerified(body) {
  const made = await post("partnership", "/api/v1/subject-access", body);
  assert.equal(made.status, 201, made.text);
  const checked = await post("partnership2", `/api/v1/subject-access/${made.body.id}/identity`, { evidence: fitting[body.requester], checked_on: body.received_on });
  assert.equal(checked.status, 200, checked.text);
  return { ...made, body: checked.body.request };
}
const tasks = async (who) => (await call(who, "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "subject_access.answer");

/** `day` (YYYY-MM-DD) plus `months` calendar months, the last day of a shorter month where the day is past it. */
function addMonths(day, months) {
  const [y, m, d] = day.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("subject access requests", () => {
  let id;
  const received = plusDays(-3);

  test("the demo's open requests are listed soonest due first, the overdue one tagged and on the task list", async () => {
    const res = await call("partnership", "/api/v1/subject-access");
    assert.equal(res.status, 200, res.text);
    const rows = res.body.requests;
    assert.deepEqual(rows.map((r) => [r.child_id, r.overdue]), [[2, true], [1, false]]);
    assert.equal(rows[1].due_on, addMonths(rows[1].received_on, 1));
    assert.equal(rows[0].requester_label, "Someone acting for them, such as a solicitor");
    const page = await call("partnership", "/subject-access");
    assert.equal(page.status, 200);
    assert.equal(page.text.match(/govuk-tag--red">Overdue</g).length, 1);
    assert.doesNotMatch(page.text, /Sam|Sample|Alex/, "the list names no child, only record numbers");
    const due = await tasks("partnership");
    assert.deepEqual(due.map((t) => t.record_id), [rows[0].id], "overdue on the list; due in three weeks not yet");
    assert.doesNotMatch(JSON.stringify(due), /Sam|Sample/);
    // Sam's pack: a screening's link change was written "Screened on YYYY-MM-DD: ..."; every date is said in words
    const pack = (await call("partnership", `/api/v1/subject-access/${rows[0].id}/pack`)).body.sections;
    assert.match(JSON.stringify(pack), /Screened on \d+ [A-Z][a-z]+ \d{4}/);
    assert.doesNotMatch(JSON.stringify(pack), /\d{4}-\d\d-\d\d/, "no date as stored");
  });

  test("recording one works out its due date, one calendar month on, audited naming the child; its requester's identity is not yet verified", async () => {
    const res = await post("partnership", "/api/v1/subject-access", { child: 1, requester: "parent", received_on: received });
    assert.equal(res.status, 201, res.text);
    id = res.body.id;
    assert.equal(res.body.due_on, addMonths(received, 1));
    assert.equal(res.body.open, true);
    assert.equal(res.body.identity_verified, false, "recorded unverified, always");
    assert.equal(res.body.given_name, "Alex");
    assert.equal(auditsNaming("subject_access.create", id, 1), 1);
    // another member of the team checks who asked, so the pack tests below can gather it
    const checked = await post("partnership2", `/api/v1/subject-access/${id}/identity`, { evidence: "parental_responsibility", checked_on: received });
    assert.equal(checked.status, 200, checked.text);
  });

  test("whoever records a request cannot mark it verified: identity_verified is a field creation refuses, and nothing is recorded", async () => {
    const before = count();
    for (const identity_verified of [true, false]) {
      const res = await post("partnership", "/api/v1/subject-access", { child: 1, requester: "child", received_on: plusDays(-1), identity_verified });
      assert.equal(res.status, 422, res.text);
      assert.deepEqual(errorFields(res.body), ["identity_verified"]);
      assert.match(res.text, /Identity_verified is not a field this accepts/);
    }
    const [, y, m, d] = plusDays(-1).match(/(\d+)-(\d+)-(\d+)/);
    const page = await call("partnership", "/subject-access", {
      method: "POST",
      form: { child: "1", requester: "child", "received_on-day": d, "received_on-month": m, "received_on-year": y, identity_verified: "true" },
    });
    assert.equal(page.status, 422, page.text.slice(0, 300));
    assert.equal(count(), before, "nothing recorded");
    assert.equal(sql("SELECT count(*) FROM subject_access_requests WHERE identity_verified = 1 AND identity_checked_by IS NULL"), "0", "no request verified without a check");
    assert.doesNotMatch((await call("partnership", "/subject-access/new")).text, /identity_verified|identity was verified/, "the form does not ask");
  });

  test("bad input is refused naming each field, and changes nothing", async () => {
    const before = count();
    let res = await post("partnership", "/api/v1/subject-access", {});
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body).sort(), ["child", "received_on", "requester"]);
    res = await post("partnership", "/api/v1/subject-access", { child: 999999, requester: "child", received_on: received });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["child"]);
    assert.match(res.text, /record number of a child on the register/);
    res = await post("partnership", "/api/v1/subject-access", { child: 1, requester: "neighbour", received_on: plusDays(2) });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["requester", "received_on"], "every mistake named at once");
    res = await post("partnership", "/api/v1/subject-access", { child: 1, requester: "child", received_on: plusDays(2) });
    assert.deepEqual(errorFields(res.body), ["received_on"], "a request cannot be received in the future");
    assert.equal(res.body.errors[0].detail, "The date the request was received must be today or in the past");
    res = await post("partnership", "/api/v1/subject-access", { child: 1, requester: "child", received_on: "2026-02-30", name: "x" });
    assert.deepEqual(errorFields(res.body).sort(), ["name", "received_on"]);
    res = await post("partnership", "/api/v1/subject-access", { child: 1, requester: "child", received_on: "1900-01-31" });
    assert.deepEqual(errorFields(res.body), ["received_on"], "before the UK GDPR's month began");
    assert.match(res.text, /on or after 25 May 2018/);
    assert.equal(count(), before);
  });

  test("a merged record is named as such, and the same request typed twice is refused naming the open one", async () => {
    const duplicate = Number(sql("SELECT id FROM children WHERE id <> 1 AND merged_into IS NULL ORDER BY id DESC LIMIT 1"));
    sql(`UPDATE children SET merged_into = 1 WHERE id = ${duplicate}`);
    try {
      const before = count();
      const res = await post("partnership", "/api/v1/subject-access", { child: duplicate, requester: "child", received_on: received });
      assert.equal(res.status, 422, res.text);
      assert.deepEqual(errorFields(res.body), ["child"]);
      assert.match(res.text, new RegExp(`Record ${duplicate} was merged into record 1: record the request against that one`));
      assert.equal(count(), before);
    } finally {
      sql(`UPDATE children SET merged_into = NULL WHERE id = ${duplicate}`);
    }
    const day = plusDays(-20);
    const first = await post("partnership", "/api/v1/subject-access", { child: 2, requester: "child", received_on: day });
    assert.equal(first.status, 201, first.text);
    const before = count();
    const again = await post("partnership", "/api/v1/subject-access", { child: 2, requester: "child", received_on: day });
    assert.equal(again.status, 422, again.text);
    assert.deepEqual(errorFields(again.body), ["child"]);
    assert.match(again.text, new RegExp(`is open already: request ${first.body.id}`));
    assert.equal(count(), before);
    // another requester the same day is another request
    const other = await post("partnership", "/api/v1/subject-access", { child: 2, requester: "parent", received_on: day });
    assert.equal(other.status, 201, other.text);
    for (const r of [first.body.id, other.body.id])
      sql(`UPDATE subject_access_requests SET closed_on = '${day}', outcome = 'withdrawn' WHERE id = ${r}`);
  });

  test("only the partnership team: everyone else is refused, and nobody signed out", async () => {
    for (const who of ["admin", "practitioner", "frontdoor", "police", "dsl", "idva", "scrutineer", "agencyadmin"]) {
      assert.equal((await call(who, "/api/v1/subject-access")).status, 403, who);
      assert.equal((await call(who, `/api/v1/subject-access/${id}/pack`)).status, 403, who);
      assert.equal((await post(who, "/api/v1/subject-access", { child: 1, requester: "child", received_on: received })).status, 403, who);
    }
    assert.equal((await call(null, "/api/v1/subject-access")).status, 401);
    assert.equal((await call("partnership", "/api/v1/subject-access/999999")).status, 404);
  });

  test("the pack gathers every area's records about the child and who has seen them, by agency, audited naming the child", async () => {
    // a case note about Alex by the school, so an area besides the register holds something
    const note = await post("dsl", "/api/v1/children/1/notes", { happened_on: plusDays(-1), category: "concern", visibility: "own_agency", body: "Fictional: Alex was seen at home." });
    assert.equal(note.status, 201, note.text);
    const res = await call("partnership", `/api/v1/subject-access/${id}/pack`);
    assert.equal(res.status, 200, res.text);
    const sections = Object.fromEntries(res.body.sections.map((s) => [s.title, s]));
    const record = sections["The child's record"];
    assert.equal(record.count, 1);
    assert.ok(record.columns.includes("Given name") && record.columns.includes("Record number"), record.columns.join());
    assert.ok(record.rows[0].cells.some((c) => c.value === "Alex"));
    assert.ok(record.rows[0].cells.some((c) => c.value === "12 April 2016"), "dates in words, as every page shows them");
    assert.ok(sections["Agencies linked to the child"].count >= 1);
    assert.ok(JSON.stringify(sections["Case notes (every version)"]).includes("Alex was seen at home"));
    assert.equal(sections["Subject access requests"].count, 2, "the demo's and this one");
    const seen = sections["Who has seen or changed the child's records (the latest 1,000)"];
    assert.deepEqual(seen.columns, ["At", "Agency", "Action"]);
    assert.ok(seen.count >= 1);
    assert.doesNotMatch(JSON.stringify(seen), /Parveen|Partnership@|demo\.haven/i, "never the person's name");
    for (const title of ["Neglect assessments", "Missing episodes", "Requests for support", "Case audits"])
      assert.ok(title in sections, `${title} is in the pack`);
    assert.equal(auditsNaming("subject_access.pack", id, 1), 1, "the pack's read is audited, naming the child");

    const page = await call("partnership", `/subject-access/${id}/pack`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Everything Haven holds about this child/);
    assert.match(page.text, /redact other people&#39;s information|redact other people's information/);
    assert.match(page.text, /None held\./);
  });

  test("the pack says stored codes and JSON in words, as a person reads them", async () => {
    // a correction of Alex's details, whose changes are stored as JSON
    sql(`INSERT INTO child_corrections (child_id, changes, reason, corrected_by, corrected_at) SELECT 1, '[{"field":"given_name","before":"Alix","after":"Alex"}]', 'Fictional: a typing slip', id, '2026-12-01T10:00:00.000Z' FROM users WHERE email = 'partnership@demo.haven.example'`);
    const res = await call("partnership", `/api/v1/subject-access/${id}/pack`);
    assert.equal(res.status, 200, res.text);
    const cells = (title) => res.body.sections.find((s) => s.title === title).rows.flatMap((r) => r.cells.map((c) => c.value));
    const correction = res.body.sections.find((s) => s.rows.some((r) => r.cells.some((c) => c.value.includes("Alix"))));
    assert.ok(correction, "the correction is in the pack");
    assert.ok(correction.rows[0].cells.some((c) => c.value === "Field: Given name; Before: Alix; After: Alex"), JSON.stringify(correction.rows[0]));
    assert.ok(cells("Agencies linked to the child").includes("Local authority"), "a stored code in words");
    assert.ok(!cells("Agencies linked to the child").some((v) => /_/.test(v)));
    const requests = res.body.sections.find((s) => s.title === "Subject access requests");
    assert.deepEqual(requests.columns.slice(0, 3), ["Received on", "Made by", "Identity verified"]);
    assert.ok(requests.rows.every((r) => r.cells[1].value === "A parent or carer" && r.cells[2].value === "Yes"), JSON.stringify(requests.rows));
    assert.doesNotMatch(JSON.stringify(res.body.sections), /"\[\{|given_name/, "no JSON or code as stored");
  });

  test("the pack's headings write abbreviations in capitals, and a flag (0 or 1) reads Yes or No", async () => {
    // the demo's request about Sam, whose request for support the family knew of and consented to
    const sam = (await call("partnership", "/api/v1/subject-access")).body.requests.find((r) => r.child_id === 2);
    const res = await call("partnership", `/api/v1/subject-access/${sam.id}/pack`);
    assert.equal(res.status, 200, res.text);
    const section = (title) => res.body.sections.find((s) => s.title === title);
    const record = section("The child's record");
    assert.ok(record.columns.includes("UPN") && record.columns.includes("NHS number"), record.columns.join());
    assert.ok(!res.body.sections.some((s) => s.columns.some((c) => /^(Upn|Nhs|Cspr)\b/.test(c))), "no abbreviation in lower case");
    const support = section("Requests for support");
    const at = (name) => support.columns.indexOf(name);
    assert.ok(at("Family knows") >= 0 && at("Family consents") >= 0, support.columns.join());
    assert.deepEqual(support.rows.map((r) => [r.cells[at("Family knows")].value, r.cells[at("Family consents")].value]), [["Yes", "Yes"]]);
    const requests = section("Subject access requests");
    assert.equal(requests.rows[0].cells[requests.columns.indexOf("Identity verified")].value, "Yes");
    assert.equal(requests.rows[0].cells[requests.columns.indexOf("Extension months")].value, "0", "a count is not a flag");
  });

  test("the pack also gathers what is held under a duplicate record merged into the child's", async () => {
    // a merge leaves the duplicate's records where they were, pointing the duplicate at the one kept
    const duplicate = Number(sql("SELECT id FROM children WHERE id <> 1 AND merged_into IS NULL ORDER BY id DESC LIMIT 1"));
    sql(`UPDATE children SET merged_into = 1 WHERE id = ${duplicate}`);
    try {
      const res = await call("partnership", `/api/v1/subject-access/${id}/pack`);
      assert.equal(res.status, 200, res.text);
      const merged = res.body.sections.find((s) => s.title === `The child's record (record ${duplicate}, merged into this one)`);
      assert.ok(merged, res.body.sections.map((s) => s.title).join("; "));
      assert.equal(merged.count, 1);
      assert.ok(res.body.sections.some((s) => s.title === "The child's record"), "the child's own record still opens the pack");
    } finally {
      sql(`UPDATE children SET merged_into = NULL WHERE id = ${duplicate}`);
    }
  });

  test("the pack lists the documents attached to the child's case notes, saying which note, a merged duplicate's too", async () => {
    // the school writes a note about Alex and attaches its minutes to the note, not to Alex's record
    const made = await post("dsl", "/api/v1/children/1/notes", { happened_on: "2026-05-03", category: "meeting", visibility: "own_agency", body: "Fictional: met Alex's family." });
    assert.equal(made.status, 201, made.text);
    const note = made.body.id;
    const form = new FormData();
    form.append("description", "Fictional minutes CASE-NOTE-DOCUMENT");
    form.append("file", new Blob([Buffer.from("Fictional minutes of a meeting.\n")]), "minutes.txt");
    const uploaded = await request(`/api/v1/notes/${note}/documents`, { method: "POST", body: form, token: await token("dsl") });
    assert.equal(uploaded.status, 201, await uploaded.text());
    const documents = (title) => {
      const section = pack.body.sections.find((s) => s.title === title);
      assert.ok(section, pack.body.sections.map((s) => s.title).join("; "));
      return section.rows.map((r) => Object.fromEntries(section.columns.map((c, k) => [c, r.cells[k].value])));
    };
    let pack = await call("partnership", `/api/v1/subject-access/${id}/pack`);
    assert.equal(pack.status, 200, pack.text);
    const onNotes = documents("Documents attached to the child's case notes");
    const minutes = onNotes.find((d) => d.Description === "Fictional minutes CASE-NOTE-DOCUMENT");
    assert.ok(minutes, JSON.stringify(onNotes));
    assert.equal(minutes["Attached to"], `Case note ${note} of 3 May 2026`);
    assert.equal(minutes["Media type"], "text/plain");
    assert.ok(documents("Documents attached to the child's record").every((d) => d["Attached to"] === "The child's record"));

    // the same note under a duplicate record later merged into Alex's: its document is still in Alex's pack
    const duplicate = Number(sql("SELECT id FROM children WHERE id <> 1 AND merged_into IS NULL ORDER BY id DESC LIMIT 1"));
    sql(`UPDATE case_notes SET child_id = ${duplicate} WHERE id = ${note}`);
    sql(`UPDATE children SET merged_into = 1 WHERE id = ${duplicate}`);
    try {
      pack = await call("partnership", `/api/v1/subject-access/${id}/pack`);
      assert.equal(pack.status, 200, pack.text);
      const merged = documents(`Documents attached to the child's case notes (record ${duplicate}, merged into this one)`);
      assert.deepEqual(merged.map((d) => [d["Attached to"], d.Description]), [[`Case note ${note} of 3 May 2026`, "Fictional minutes CASE-NOTE-DOCUMENT"]]);
      assert.ok(!documents("Documents attached to the child's case notes").some((d) => d.Description === "Fictional minutes CASE-NOTE-DOCUMENT"));
    } finally {
      sql(`UPDATE children SET merged_into = NULL WHERE id = ${duplicate}`);
      sql(`UPDATE case_notes SET child_id = 1 WHERE id = ${note}`);
    }
  });

  test("what someone typed is disclosed as held, though it looks like a code or JSON", async () => {
    const before = sql("SELECT coalesce(other_names, '') FROM children WHERE id = 1");
    sql("UPDATE children SET other_names = 'alix' WHERE id = 1");
    sql(`INSERT INTO child_corrections (child_id, changes, reason, corrected_by, corrected_at) SELECT 1, '[{"field":"other_names","before":"","after":"alix"}]', '{}', id, '2026-12-02T10:00:00.000Z' FROM users WHERE email = 'partnership@demo.haven.example'`);
    try {
      const res = await call("partnership", `/api/v1/subject-access/${id}/pack`);
      assert.equal(res.status, 200, res.text);
      const record = res.body.sections.find((s) => s.title === "The child's record");
      assert.ok(record.rows[0].cells.some((c) => c.value === "alix"), "a name typed in lower case is not capitalised");
      const corrections = res.body.sections.find((s) => s.rows.some((r) => r.cells.some((c) => c.value.includes("Before: Alix"))));
      assert.ok(corrections.rows.some((r) => r.cells.some((c) => c.value === "{}")), "a reason typed as {} is shown as typed");
    } finally {
      sql(`UPDATE children SET other_names = ${before ? `'${before}'` : "NULL"} WHERE id = 1`);
      sql("DELETE FROM child_corrections WHERE reason = '{}'");
    }
  });

  test("a request about a record merged away since is answered from the record kept, audited naming both", async () => {
    const duplicate = Number(sql("SELECT id FROM children WHERE id <> 1 AND merged_into IS NULL ORDER BY id DESC LIMIT 1"));
    const made = await recordVerified({ child: duplicate, requester: "parent", received_on: received });
    sql(`UPDATE children SET merged_into = 1 WHERE id = ${duplicate}`);
    try {
      const res = await call("partnership", `/api/v1/subject-access/${made.body.id}/pack`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.merged_into, 1);
      assert.equal(res.body.sections[0].title, "The child's record", "the kept record's own tables open the pack");
      assert.ok(res.body.sections.some((s) => s.title === `The child's record (record ${duplicate}, merged into this one)`));
      assert.equal(auditsNaming("subject_access.pack", made.body.id, 1), 1, "the kept record read is named");
      assert.equal(auditsNaming("subject_access.pack", made.body.id, duplicate), 1, "so is the one asked about");
      const page = await call("partnership", `/subject-access/${made.body.id}/pack`);
      assert.match(page.text, new RegExp(`Record ${duplicate} was merged into record 1 after the request was made`));
    } finally {
      sql(`UPDATE children SET merged_into = NULL WHERE id = ${duplicate}`);
      sql(`UPDATE subject_access_requests SET closed_on = '${received}', outcome = 'withdrawn' WHERE id = ${made.body.id}`);
    }
  });

  test("the list's API names no child either: record numbers only", async () => {
    const res = await call("partnership", "/api/v1/subject-access");
    assert.equal(res.status, 200, res.text);
    for (const r of res.body.requests) assert.ok(!("given_name" in r) && !("family_name" in r), JSON.stringify(r));
  });

  test("an extension of up to two further months, with a reason, moves the due date", async () => {
    let res = await post("partnership", `/api/v1/subject-access/${id}/extension`, { months: "2", reason: "" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["reason"]);
    res = await post("partnership", `/api/v1/subject-access/${id}/extension`, { months: "3", reason: "Complex" });
    assert.deepEqual(errorFields(res.body), ["months"]);
    res = await post("partnership", `/api/v1/subject-access/${id}/extension`, { months: "2", reason: "Fictional: complex, several agencies' records" });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.request.due_on, addMonths(received, 3));
    assert.equal(res.body.request.extension_months, 2);
    assert.equal(audits("subject_access.extend", id), 1);
    res = await post("partnership", `/api/v1/subject-access/${id}/extension`, { months: "1", reason: "Shorter" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["months"]);
    assert.equal(sql(`SELECT due_on FROM subject_access_requests WHERE id = ${id}`), addMonths(received, 3));
  });

  test("closing records the date answered and the outcome; a closed request has no pack and cannot change", async () => {
    let res = await post("partnership", `/api/v1/subject-access/${id}/closure`, { closed_on: plusDays(-5), outcome: "part" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body).sort(), ["closed_on", "outcome_reason"]);
    res = await post("partnership", `/api/v1/subject-access/${id}/closure`, { closed_on: plusDays(0), outcome: "lost" });
    assert.deepEqual(errorFields(res.body), ["outcome"]);
    res = await post("partnership", `/api/v1/subject-access/${id}/closure`, { closed_on: plusDays(1), outcome: "full" });
    assert.deepEqual(errorFields(res.body), ["closed_on"], "not answered in the future");
    assert.equal(res.body.errors[0].detail, "The date the request was answered must be today or in the past");
    res = await post("partnership", `/api/v1/subject-access/${id}/closure`, { closed_on: plusDays(0), outcome: "refused" });
    assert.deepEqual(errorFields(res.body), ["outcome_reason"]);
    assert.equal(sql(`SELECT closed_on IS NULL FROM subject_access_requests WHERE id = ${id}`), "1", "nothing saved");
    res = await post("partnership", `/api/v1/subject-access/${id}/closure`, { closed_on: plusDays(0), outcome: "part", outcome_reason: "Fictional: a third party's details withheld" });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.request.open, false);
    assert.equal(res.body.request.outcome_label, "Answered in part, with reasons");
    assert.equal(audits("subject_access.close", id), 1);
    res = await post("partnership", `/api/v1/subject-access/${id}/closure`, { closed_on: plusDays(0), outcome: "full" });
    assert.equal(res.status, 409, res.text);
    res = await post("partnership", `/api/v1/subject-access/${id}/extension`, { months: "1", reason: "Late" });
    assert.equal(res.status, 409, res.text);
    const pack = await call("partnership", `/api/v1/subject-access/${id}/pack`);
    assert.equal(pack.status, 200);
    assert.equal(pack.body.sections, undefined, "no pack for a closed request");
    assert.ok(!(await call("partnership", "/api/v1/subject-access")).body.requests.some((r) => r.id === id));
  });

  test("requests answered in the last 12 months stay on the register, each on time or late", async () => {
    const late = await post("partnership", "/api/v1/subject-access", { child: 1, requester: "representative", received_on: plusDays(-70) });
    assert.equal(late.status, 201, late.text);
    const closed = await post("partnership", `/api/v1/subject-access/${late.body.id}/closure`, { closed_on: plusDays(0), outcome: "full" });
    assert.equal(closed.status, 200, closed.text);
    const list = (await call("partnership", "/api/v1/subject-access")).body;
    const answered = Object.fromEntries(list.closed.map((r) => [r.id, r]));
    assert.equal(answered[id].on_time, true, "answered the day it was closed, within its month");
    assert.equal(answered[late.body.id].on_time, false, "answered after its due date");
    assert.equal(list.any_closed, true);
    assert.ok(!list.requests.some((r) => r.id === late.body.id), "not among the open ones");
    const page = await call("partnership", "/subject-access");
    assert.match(page.text, /Answered in the last 12 months/);
    assert.match(page.text, new RegExp(`href="/subject-access/${late.body.id}">Request ${late.body.id}</a>[\\s\\S]*?govuk-tag--red">Late<`));
    assert.match(page.text, /govuk-tag--green">On time</);
    assert.doesNotMatch(page.text, /Sam|Sample|Alex/, "the register names no child, only record numbers");
  });

  test("a request due within 7 days is on the task list", async () => {
    const res = await post("partnership", "/api/v1/subject-access", { child: 1, requester: "child", received_on: addMonths(plusDays(3), -1) });
    assert.equal(res.status, 201, res.text);
    assert.ok((await tasks("partnership")).some((t) => t.record_id === res.body.id && t.href === `/subject-access/${res.body.id}`));
    assert.deepEqual(await tasks("dsl"), []);
  });

  test("pages: the form with its error summary keeps what was typed; a request's page with its forms", async () => {
    const form = await call("partnership", "/subject-access/new");
    assert.equal(form.status, 200);
    const bad = await call("partnership", "/subject-access", { method: "POST", form: { child: "12345678", requester: "child" } });
    assert.equal(bad.status, 422, bad.text.slice(0, 300));
    assert.match(bad.text, /There is a problem/);
    assert.match(bad.text, /value="12345678"/);
    assert.match(bad.text, /id="requester" name="requester" type="radio" value="child" checked/);
    const [, y, m, d] = received.match(/(\d+)-(\d+)-(\d+)/);
    const made = await call("partnership", "/subject-access", {
      method: "POST",
      form: { child: "2", requester: "representative", "received_on-day": d, "received_on-month": m, "received_on-year": y },
    });
    assert.equal(made.status, 303, made.text.slice(0, 300));
    const where = made.headers.get("location");
    assert.match(where, /^\/subject-access\/\d+$/);
    const page = await call("partnership", where);
    assert.match(page.text, /Sam Sample/);
    assert.match(page.text, /Extend the request/);
    assert.match(page.text, /Close the request/);
    assert.match(page.text, /another member of the partnership team checks the requester(&#39;|')s identity/, "the recorder is told who checks");
    assert.doesNotMatch(page.text, /href="\/subject-access\/\d+\/pack"/, "no pack until another has checked");
    const dashboard = await call("partnership", "/dashboard");
    assert.match(dashboard.text, /href="\/subject-access"/);
    assert.doesNotMatch((await call("dsl", "/dashboard")).text, /href="\/subject-access"/);
  });
});

describe("the requester's identity before the pack", () => {
  let id;
  const received = plusDays(-4);
  const verified = () => sql(`SELECT identity_verified || '/' || coalesce(identity_evidence, '-') FROM subject_access_requests WHERE id = ${id}`);

  test("a request recorded with identity not verified: its pack is refused saying what is missing, and its page says the next step", async () => {
    const made = await post("partnership", "/api/v1/subject-access", { child: 2, requester: "representative", received_on: received });
    assert.equal(made.status, 201, made.text);
    id = made.body.id;
    const res = await call("partnership", `/api/v1/subject-access/${id}/pack`);
    assert.equal(res.status, 409, res.text);
    assert.deepEqual(errorFields(res.body), ["identity_verified"]);
    assert.match(res.text, /identity is not verified: record how it was checked/);
    assert.ok(!("sections" in res.body), "nothing of the pack is sent");
    assert.equal(auditsNaming("subject_access.pack", id, 2), 1, "the refused opening is audited, naming the child");

    const page = await call("partnership", `/subject-access/${id}/pack`);
    assert.equal(page.status, 409);
    assert.match(page.text, /There is a problem/);
    assert.match(page.text, /The pack is not gathered yet: the requester&#39;s identity is not verified|The pack is not gathered yet: the requester's identity is not verified/);
    assert.match(page.text, /href="\/subject-access\/\d+#verify"/);
    assert.doesNotMatch(page.text, /The child&#39;s record|Who has seen or changed/, "no section of the pack");

    const show = await call("partnership2", `/subject-access/${id}`);
    assert.equal(show.status, 200);
    assert.match(show.text, /Next: check the requester(&#39;|')s identity/);
    assert.match(show.text, new RegExp(`action="/subject-access/${id}/identity"`));
    assert.doesNotMatch(show.text, new RegExp(`href="/subject-access/${id}/pack"`), "no link to a pack that would be refused");
  });

  test("the person who recorded the request cannot check the requester's identity too: another of the team must", async () => {
    const res = await post("partnership", `/api/v1/subject-access/${id}/identity`, { evidence: "signed_authority", checked_on: plusDays(0) });
    assert.equal(res.status, 409, res.text);
    assert.deepEqual(errorFields(res.body), ["evidence"]);
    assert.match(res.text, /You recorded this request: another member of the partnership team must check/);
    assert.equal(verified(), "0/-", "nothing changed");
    assert.equal(audits("subject_access.verify", id), 0);
    const show = await call("partnership", `/subject-access/${id}`);
    assert.match(show.text, /Next: check the requester(&#39;|')s identity/);
    assert.doesNotMatch(show.text, new RegExp(`action="/subject-access/${id}/identity"`), "no form the recorder would be refused");
    assert.match(show.text, /another member of the partnership team checks the requester(&#39;|')s identity/);
    const page = await call("partnership", `/subject-access/${id}/identity`, { method: "POST", form: { evidence: "signed_authority", "checked_on-day": "1", "checked_on-month": "1", "checked_on-year": "2026" } });
    assert.equal(page.status, 409, page.text.slice(0, 300));
    assert.match(page.text, /There is a problem/);
    assert.match(page.text, /href="#evidence"/);
    assert.match(page.text, /id="evidence"/, "the summary's link has somewhere to go");
  });

  test("the evidence must fit who asked: the page offers only what fits, and other evidence is refused saying what fits", async () => {
    const made = {};
    for (const requester of ["child", "parent", "representative"]) {
      const res = await post("partnership", "/api/v1/subject-access", { child: 1, requester, received_on: plusDays(-6) });
      assert.equal(res.status, 201, res.text);
      made[requester] = res.body.id;
    }
    const offered = async (requestId) =>
      [...(await call("partnership2", `/subject-access/${requestId}`)).text.matchAll(/name="evidence" type="radio" value="([a-z_]+)"/g)].map((m) => m[1]);
    assert.deepEqual(await offered(made.child), ["photo_id_address", "known_in_person"]);
    assert.deepEqual(await offered(made.parent), ["parental_responsibility"]);
    assert.deepEqual(await offered(made.representative), ["signed_authority"]);
    const refusals = [
      ["child", "parental_responsibility", /For a request from the child, choose photo identity with a proof of address, or known to a practitioner/],
      ["child", "signed_authority", /For a request from the child/],
      ["parent", "signed_authority", /For a request from a parent or carer, choose photo identity with proof of parental responsibility/],
      ["parent", "known_in_person", /For a request from a parent or carer/],
      ["representative", "photo_id_address", /For a request from someone acting for them, choose the signed authority/],
    ];
    for (const [requester, evidence, says] of refusals) {
      const res = await post("partnership2", `/api/v1/subject-access/${made[requester]}/identity`, { evidence, checked_on: plusDays(0) });
      assert.equal(res.status, 422, `${requester} with ${evidence}: ${res.text}`);
      assert.deepEqual(errorFields(res.body), ["evidence"]);
      assert.match(res.text, says);
      assert.equal(sql(`SELECT identity_verified || '/' || coalesce(identity_evidence, '-') FROM subject_access_requests WHERE id = ${made[requester]}`), "0/-", "nothing changed");
      assert.equal(audits("subject_access.verify", made[requester]), 0);
    }
    for (const [requester, evidence] of [["child", "known_in_person"], ["parent", "parental_responsibility"], ["representative", "signed_authority"]]) {
      const res = await post("partnership2", `/api/v1/subject-access/${made[requester]}/identity`, { evidence, checked_on: plusDays(0) });
      assert.equal(res.status, 200, `${requester} with ${evidence}: ${res.text}`);
      assert.equal(res.body.request.identity_evidence, evidence);
    }
    for (const requestId of Object.values(made))
      assert.equal((await post("partnership", `/api/v1/subject-access/${requestId}/closure`, { closed_on: plusDays(0), outcome: "withdrawn" })).status, 200);
  });

  test("recording the check: bad input is refused naming each field and changes nothing; only the partnership team", async () => {
    let res = await post("partnership2", `/api/v1/subject-access/${id}/identity`, {});
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body).sort(), ["checked_on", "evidence"]);
    res = await post("partnership2", `/api/v1/subject-access/${id}/identity`, { evidence: "a library card", checked_on: plusDays(0) });
    assert.deepEqual(errorFields(res.body), ["evidence"]);
    res = await post("partnership2", `/api/v1/subject-access/${id}/identity`, { evidence: "signed_authority", checked_on: plusDays(1) });
    assert.deepEqual(errorFields(res.body), ["checked_on"], "not checked in the future");
    assert.equal(res.body.errors[0].detail, "The date the identity was checked must be today or in the past");
    res = await post("partnership2", `/api/v1/subject-access/${id}/identity`, { evidence: "signed_authority", checked_on: plusDays(-5) });
    assert.deepEqual(errorFields(res.body), ["checked_on"], "not checked before the request was received");
    assert.match(res.text, /on or after the date the request was received/);
    for (const who of ["admin", "practitioner", "frontdoor", "police", "dsl", "idva", "scrutineer", "agencyadmin"]) {
      res = await post(who, `/api/v1/subject-access/${id}/identity`, { evidence: "signed_authority", checked_on: plusDays(0) });
      assert.equal(res.status, 403, who);
    }
    const page = await call("partnership2", `/subject-access/${id}/identity`, { method: "POST", form: { evidence: "signed_authority" } });
    assert.equal(page.status, 422, page.text.slice(0, 300));
    assert.match(page.text, /There is a problem/);
    assert.match(page.text, /name="evidence" type="radio" value="signed_authority" checked/, "the choice is kept");
    assert.equal(verified(), "0/-");
    assert.equal(audits("subject_access.verify", id), 0);
    assert.equal((await call("partnership", `/api/v1/subject-access/${id}/pack`)).status, 409);
  });

  test("once the check is recorded (who, when, the evidence seen; audited), the pack is gathered", async () => {
    let res = await post("partnership2", `/api/v1/subject-access/${id}/identity`, { evidence: "signed_authority", checked_on: plusDays(-1) });
    assert.equal(res.status, 200, res.text);
    const request = res.body.request;
    assert.equal(request.identity_verified, true);
    assert.equal(request.identity_evidence, "signed_authority");
    assert.equal(request.identity_checked_on, plusDays(-1));
    assert.match(request.identity_evidence_label, /signed authority/);
    assert.equal(request.identity_checked_by_name, sql("SELECT name FROM users WHERE email = 'partnership2@demo.haven.example'"));
    assert.equal(auditsNaming("subject_access.verify", id, 2), 1);
    res = await post("partnership2", `/api/v1/subject-access/${id}/identity`, { evidence: "signed_authority", checked_on: plusDays(0) });
    assert.equal(res.status, 409, res.text);
    assert.match(res.text, /already recorded as verified/);
    assert.equal(verified(), "1/signed_authority", "the first check stands");

    const pack = await call("partnership", `/api/v1/subject-access/${id}/pack`);
    assert.equal(pack.status, 200, pack.text);
    assert.ok(pack.body.sections.some((s) => s.title === "The child's record" && s.count === 1));
    const show = await call("partnership", `/subject-access/${id}`);
    assert.match(show.text, /seen by [^<]+ on \d+ [A-Z][a-z]+ \d{4}/);
    assert.match(show.text, new RegExp(`href="/subject-access/${id}/pack"`));
    assert.doesNotMatch(show.text, /Next: check the requester/);
  });

  test("every opening of a pack is listed in the information governance review: when, who, which request and child", async () => {
    const res = await call("partnership", "/api/v1/break-glass");
    assert.equal(res.status, 200, res.text);
    const mine = res.body.packs.filter((p) => p.request_id === id);
    assert.equal(mine.length, 4, "refused three times (API, page, API again), then gathered");
    assert.equal(res.body.packs_count, res.body.packs.length);
    assert.deepEqual(res.body.packs[0], { ...mine[0] }, "newest first");
    for (const p of mine) {
      assert.equal(p.child_id, 2);
      assert.equal(p.user_name, sql("SELECT name FROM users WHERE email = 'partnership@demo.haven.example'"));
      assert.ok(p.agency_name);
      assert.match(p.at, /^\d{4}-\d\d-\d\dT/);
    }
    assert.doesNotMatch(JSON.stringify(res.body.packs), /Sam|Sample/, "the child by record number only");
    const page = await call("partnership", "/governance/break-glass");
    assert.equal(page.status, 200);
    assert.match(page.text, /<caption class="govuk-table__caption[^"]*">Subject access packs opened, newest first<\/caption>/);
    assert.match(page.text, new RegExp(`href="/subject-access/${id}">Request ${id}</a>`));
    assert.equal((await call("dsl", "/api/v1/break-glass")).status, 403);
  });
});

describe("migration 0182: an open request verified by its recorder alone waits for a second check", () => {
  test("open and verified with nobody recorded as checking: back to unverified; checked or answered ones kept", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "haven-0182-"));
    const db = path.join(dir, "old.db");
    const init = (...args) => {
      const r = runHaven(["init", "--db", db, ...args]);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    try {
      init("--demo");
      // as a Haven before 0182 left them: requests recorded as verified at the start, and others
      sqlText(db, `DELETE FROM schema_migrations WHERE version = 182;
        DELETE FROM subject_access_requests;
        INSERT INTO subject_access_requests (id, child_id, requester, received_on, identity_verified, due_on, recorded_by,
                                             identity_checked_by, identity_checked_on, identity_evidence, closed_on, outcome)
        VALUES (1, 1, 'parent', '2026-11-01', 1, '2026-12-01', 1, NULL, NULL, NULL, NULL, NULL),
               (2, 1, 'parent', '2026-11-01', 1, '2026-12-01', 1, 2, '2026-11-02', 'parental_responsibility', NULL, NULL),
               (3, 1, 'parent', '2026-10-01', 1, '2026-11-01', 1, NULL, NULL, NULL, '2026-10-20', 'full'),
               (4, 1, 'child', '2026-11-01', 0, '2026-12-01', 1, NULL, NULL, NULL, NULL, NULL);`);
      assert.match(init(), /applied migration 0182_subject_access_identity_second_check\.sql/);
      assert.equal(sqlText(db, "SELECT group_concat(id || ':' || identity_verified, ' ') FROM (SELECT * FROM subject_access_requests ORDER BY id)"),
        "1:0 2:1 3:1 4:0", "only the open request nobody else checked goes back to unverified");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
