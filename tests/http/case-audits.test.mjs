// Multi-agency case audits (src/areas/assurance/case_audits.c, issue 19), end
// to end on the real server and a demo database: the partnership chooses a
// themed audit's sample of children and names its auditors (children not on
// the register and people who may not audit are named and nothing is made);
// only the people named see the audit and its children (anyone else is told
// it does not exist) and every read is audited with the children it showed;
// each agency's auditor records its own findings for each child of the
// sample against the audit tool; the panel grades each child once agencies
// have recorded theirs, records the learning and agrees actions, each owned
// by someone named for the audit, who alone moves it from open to in
// progress to done (with evidence of completion and impact); a graded
// child's findings are final. Each named auditor's parts wait on their task
// list until their agency records them, and each child's for the panel once
// an agency has; a child graded by the panel has "case audit completed" in
// its chronology, shown only to the people named for the audit.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, demoEmail, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
// The demo's case audit (src/areas/assurance/demo.sql): Sam and Jo, named for the partnership and the IDVA
// service's adviser only, so no one these tests name but the partnership sees it.
let demoAudits, demoAuditOfPartnership;
const { call, post } = apiClient(() => haven);
const sql = (q) => sqlText(haven.dbPath, q);
/** `who`'s case-audit tasks of `kind`, as [audit, child, href]; the text names no child. */
async function caseAuditTasks(who, kind) {
  const r = await call(who, "/api/v1/tasks");
  assert.equal(r.status, 200, r.text);
  return r.body.tasks.filter((t) => t.kind === kind).map((t) => {
    assert.equal(t.record_type, "qa_case_audit");
    assert.doesNotMatch(t.text, /Alex|Example/);
    const [, child] = t.href.match(/\/children\/(\d+)\//);
    return [t.record_id, Number(child), t.href];
  });
}
const finding = (grade = "good") => ({
  grade,
  what_went_well: "The school shared its worries with the front door the same day.",
  what_could_be_better: "The health visitor was not invited to the strategy discussion.",
  child_voice: "The child's wishes were written down in their own words at each visit.",
});

before(async () => {
  haven = await startHaven();
  demoAudits = Number(sql("SELECT count(*) FROM qa_case_audits"));
  demoAuditOfPartnership = Number(sql("SELECT a.id FROM qa_case_audits a JOIN qa_case_audit_auditors n ON n.audit_id = a.id JOIN users u ON u.id = n.user_id WHERE u.email = 'partnership@demo.haven.example'"));
});
after(async () => {
  await haven?.stop();
});

describe("a multi-agency case audit", () => {
  let audit;

  test("the partnership makes an audit; bad children and auditors are named and nothing is made", async () => {
    const bad = await post("partnership", "/api/v1/qa/case-audits", {
      title: "Neglect audit, spring", theme: "Neglect", children: [1, 999999],
      auditors: [demoEmail("police"), demoEmail("scrutineer"), "nobody@demo.haven.example"],
    });
    assert.equal(bad.status, 422, bad.text);
    assert.deepEqual(errorFields(bad.body).sort(), ["auditors", "auditors", "children"]);
    const details = bad.body.errors.map((e) => e.detail).join("\n");
    assert.match(details, /Child 999999 is not on the register/);
    assert.match(details, /scrutineer@demo.haven.example is not someone who can audit cases/);
    assert.match(details, /nobody@demo.haven.example is not someone who can audit cases/);
    assert.equal(Number(sql("SELECT count(*) FROM qa_case_audits")), demoAudits, "nothing was made");
    const empty = await post("partnership", "/api/v1/qa/case-audits", { children: [], auditors: [] });
    assert.equal(empty.status, 422);
    assert.deepEqual(errorFields(empty.body).sort(), ["auditors", "children", "theme", "title"]);
    assert.match(empty.body.errors.map((e) => e.detail).join("\n"), /Enter the record number of at least one child/);
    assert.equal((await post("partnership", "/api/v1/qa/case-audits", { title: "x", theme: "y", children: ["1"], auditors: [demoEmail("police")] })).status, 422, "a child's number as text");

    for (const who of ["police", "scrutineer", "admin"])
      assert.equal((await post(who, "/api/v1/qa/case-audits", {
        title: "x", theme: "y", children: [1], auditors: [demoEmail("police")],
      })).status, 403, who);

    const r = await post("partnership", "/api/v1/qa/case-audits", {
      title: "Neglect audit, spring", theme: "Neglect", children: [1, 2],
      auditors: [demoEmail("police"), demoEmail("dsl"), demoEmail("practitioner")],
    });
    assert.equal(r.status, 201, r.text);
    audit = r.body.id;
    assert.equal(r.body.theme, "Neglect");
    assert.deepEqual(r.body.children.map((c) => c.id).sort(), [1, 2]);
    assert.deepEqual(r.body.auditors.map((a) => a.name).length, 4, "the three named and the partnership's chair");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'qa.case_audit_create' AND resource_id = '${audit}'`), "1");
  });

  test("each named auditor's part for each child waits on their task list, and no one else's", async () => {
    for (const who of ["police", "dsl", "practitioner"])
      assert.deepEqual(await caseAuditTasks(who, "qa.case_audit.findings"), [
        [audit, 1, `/quality-assurance/case-audits/${audit}/children/1/findings`],
        [audit, 2, `/quality-assurance/case-audits/${audit}/children/2/findings`],
      ], who);
    assert.match((await call("police", "/api/v1/tasks")).body.tasks.find((t) => t.kind === "qa.case_audit.findings").text,
      /^Record your agency's findings for a child in a case audit: Neglect audit, spring$/);
    assert.deepEqual(await caseAuditTasks("frontdoor", "qa.case_audit.findings"), [], "not named");
    assert.deepEqual(await caseAuditTasks("partnership", "qa.case_audit.findings"), [], "the panel records no findings");
    assert.deepEqual(await caseAuditTasks("partnership", "qa.case_audit.grade"), [], "nothing to grade before any findings");
  });

  test("only the people named see the audit and its children; each read is audited with them", async () => {
    for (const who of ["police", "dsl", "partnership"]) {
      const list = await call(who, "/api/v1/qa/case-audits");
      assert.equal(list.status, 200);
      const theirs = who === "partnership" ? [[audit, 2], [demoAuditOfPartnership, 2]] : [[audit, 2]];
      assert.deepEqual(list.body.case_audits.map((a) => [a.id, a.children]).sort((a, b) => b[0] - a[0]), theirs, who);
    }
    const other = await call("frontdoor", "/api/v1/qa/case-audits");
    assert.deepEqual(other.body.case_audits, [], "not named: no audit listed");
    assert.equal((await call("frontdoor", `/api/v1/qa/case-audits/${audit}`)).status, 404);
    assert.equal((await call("dsl2", `/api/v1/qa/case-audits/${audit}`)).status, 404);
    assert.equal((await call("scrutineer", `/api/v1/qa/case-audits/${audit}`)).status, 403);
    assert.equal((await call("scrutineer", "/api/v1/qa/case-audits")).status, 403);

    const before = Number(sql("SELECT count(*) FROM audit_log WHERE action = 'qa.case_audit.read'"));
    const r = await call("police", `/api/v1/qa/case-audits/${audit}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.children.every((c) => c.given_name && c.family_name));
    const row = Number(sql(`SELECT max(id) FROM audit_log WHERE action = 'qa.case_audit.read' AND resource_id = '${audit}'`));
    assert.equal(Number(sql("SELECT count(*) FROM audit_log WHERE action = 'qa.case_audit.read'")), before + 1);
    assert.equal(sql(`SELECT group_concat(CAST(child_id AS text)) FROM (SELECT child_id FROM audit_children WHERE audit_id = ${row} ORDER BY child_id) AS s`), "1,2");
  });

  test("each agency's auditor records its own findings for a child of the sample", async () => {
    const bad = await post("police", `/api/v1/qa/case-audits/${audit}/children/1/findings`, { ...finding("excellent"), child_voice: "" });
    assert.equal(bad.status, 422);
    assert.deepEqual(errorFields(bad.body).sort(), ["child_voice", "grade"]);
    assert.equal((await post("police", `/api/v1/qa/case-audits/${audit}/children/3/findings`, finding())).status, 404, "not in the sample");
    assert.equal((await post("frontdoor", `/api/v1/qa/case-audits/${audit}/children/1/findings`, finding())).status, 404, "not named");
    assert.equal((await post("partnership", `/api/v1/qa/case-audits/${audit}/children/1/findings`, finding())).status, 403);
    assert.equal(sql(`SELECT count(*) FROM qa_case_audit_findings WHERE audit_id = ${audit}`), "0");

    assert.equal((await post("police", `/api/v1/qa/case-audits/${audit}/children/1/findings`, finding("inadequate"))).status, 200);
    const r = await post("police", `/api/v1/qa/case-audits/${audit}/children/1/findings`, finding("requires_improvement"));
    assert.equal(r.status, 200, r.text);
    assert.equal((await post("dsl", `/api/v1/qa/case-audits/${audit}/children/1/findings`, finding("good"))).status, 200);
    const child = r.body.children.find((c) => c.id === 1);
    assert.equal(child.recorded_by_your_agency, true);
    const shown = await call("partnership", `/api/v1/qa/case-audits/${audit}`);
    const findings = shown.body.children.find((c) => c.id === 1).findings;
    assert.deepEqual(findings.map((f) => [f.agency, f.grade_label]).sort(), [
      ["Brookfield Primary School (fictional)", "Good"],
      ["Lancashire Constabulary (demo)", "Requires improvement"],
    ], "one row per agency, the police's replaced by its second");
    assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'qa.case_audit_finding'"), "3");

    assert.deepEqual((await caseAuditTasks("police", "qa.case_audit.findings")).map(([, child]) => child), [2], "its part for child 1 is done");
    assert.deepEqual((await caseAuditTasks("practitioner", "qa.case_audit.findings")).map(([, child]) => child), [1, 2], "another agency's part still waits");
    assert.deepEqual(await caseAuditTasks("partnership", "qa.case_audit.grade"), [
      [audit, 1, `/quality-assurance/case-audits/${audit}/children/1/grade`],
    ], "child 1 has findings for the panel to grade");
    assert.deepEqual(await caseAuditTasks("police", "qa.case_audit.grade"), [], "only the panel grades");
  });

  test("the panel grades a child once, records the learning and agrees actions; graded findings are final", async () => {
    // the page offers to grade only a child with findings, and says why not for the other
    const page = (await call("partnership", `/quality-assurance/case-audits/${audit}`)).text;
    assert.match(page, new RegExp(`href="/quality-assurance/case-audits/${audit}/children/1/grade"`));
    assert.doesNotMatch(page, new RegExp(`/children/2/grade"`), "no agency has recorded findings for child 2");
    assert.equal((page.match(/The panel grades \w+ once an agency has recorded its findings\./g) ?? []).length, 1);
    assert.doesNotMatch((await call("police", `/quality-assurance/case-audits/${audit}`)).text, /The panel grades|Grade as the panel/, "only the panel is told");
    const none = await post("partnership", `/api/v1/qa/case-audits/${audit}/children/2/grade`, { grade: "good", learning: "x" });
    assert.equal(none.status, 409, "no agency has recorded findings for child 2");
    assert.equal((await post("police", `/api/v1/qa/case-audits/${audit}/children/1/grade`, { grade: "good", learning: "x" })).status, 403);
    assert.deepEqual(errorFields((await post("partnership", `/api/v1/qa/case-audits/${audit}/children/1/grade`, { grade: "fine" })).body).sort(), ["grade", "learning"]);

    const r = await post("partnership", `/api/v1/qa/case-audits/${audit}/children/1/grade`, {
      grade: "requires_improvement", learning: "Health partners are missed from strategy discussions.",
    });
    assert.equal(r.status, 200, r.text);
    const child = r.body.children.find((c) => c.id === 1);
    assert.equal(child.panel_grade_label, "Requires improvement");
    assert.equal(child.graded, true);
    assert.equal((await post("partnership", `/api/v1/qa/case-audits/${audit}/children/1/grade`, { grade: "good", learning: "again" })).status, 409);
    assert.equal((await post("police", `/api/v1/qa/case-audits/${audit}/children/1/findings`, finding("good"))).status, 409);

    const notNamed = await post("partnership", `/api/v1/qa/case-audits/${audit}/actions`, {
      action: "Invite health to every strategy discussion", owner: demoEmail("frontdoor"), due_on: plusDays(30),
    });
    assert.equal(notNamed.status, 422, "the owner must be named for the audit");
    assert.deepEqual(errorFields(notNamed.body), ["owner"]);
    assert.match(notNamed.body.errors[0].detail, /frontdoor@demo.haven.example is not named for this audit/);
    const a = await post("partnership", `/api/v1/qa/case-audits/${audit}/actions`, {
      action: "Invite health to every strategy discussion", owner: demoEmail("practitioner"), due_on: plusDays(30),
    });
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.body.actions.map((x) => [x.owner, x.status, x.status_label]), [["Priya Practitioner", "open", "Open"]]);
    assert.deepEqual(errorFields((await post("partnership", `/api/v1/qa/case-audits/${audit}/actions`, { action: "x", owner: "y", due_on: "2026-02-30" })).body).sort(), ["due_on", "owner"]);
    assert.equal(sql("SELECT count(*) FROM audit_log WHERE action IN ('qa.case_audit_grade', 'qa.case_audit_action')"), "2");
  });

  test("the owner alone moves an action on, done with evidence of completion, each change audited", async () => {
    const [action] = (await call("partnership", `/api/v1/qa/case-audits/${audit}`)).body.actions;
    const path = `/api/v1/qa/case-audits/${audit}/actions/${action.id}`;
    const tasks = (await call("practitioner", "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "qa.case_audit.action");
    assert.deepEqual(tasks.map((t) => [t.text, t.href, t.due_at, t.record_type, t.record_id]), [[
      "Complete an action agreed in a case audit: Neglect audit, spring",
      `/quality-assurance/case-audits/${audit}/actions/${action.id}`, action.due_on, "qa_case_audit_action", action.id,
    ]], "the owner's open action waits on their task list, naming no child");
    assert.deepEqual((await call("police", "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "qa.case_audit.action"), []);

    for (const who of ["police", "partnership", "frontdoor"])
      assert.equal((await post(who, path, { status: "in_progress" })).status, 404, `${who} does not own it`);
    assert.equal((await post("scrutineer", path, { status: "in_progress" })).status, 403);
    assert.equal((await post("practitioner", `/api/v1/qa/case-audits/${audit}/actions/${action.id + 1000}`, { status: "done" })).status, 404);
    assert.deepEqual(errorFields((await post("practitioner", path, { status: "finished" })).body), ["status"]);
    const noEvidence = await post("practitioner", path, { status: "done" });
    assert.equal(noEvidence.status, 422);
    assert.deepEqual(errorFields(noEvidence.body), ["completion_evidence"]);
    assert.equal(sql(`SELECT status FROM qa_case_audit_actions WHERE id = ${action.id}`), "open", "nothing changed");

    const started = await post("practitioner", path, { status: "in_progress" });
    assert.equal(started.status, 200, started.text);
    assert.deepEqual([started.body.status, started.body.status_label, started.body.done_on], ["in_progress", "In progress", null]);
    const done = await post("practitioner", path, {
      status: "done", completion_evidence: "Health is on the strategy discussion invitation list.",
      impact_evidence: "Health attended 9 of the last 10 strategy discussions.",
    });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.status, "done");
    assert.match(done.body.done_on, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(done.body.impact_evidence, "Health attended 9 of the last 10 strategy discussions.");
    const shown = (await call("partnership", `/api/v1/qa/case-audits/${audit}`)).body.actions[0];
    assert.deepEqual([shown.status_label, shown.completion_evidence], ["Done", "Health is on the strategy discussion invitation list."]);
    assert.equal(sql(`SELECT group_concat(reason, ' | ') FROM (SELECT reason FROM audit_log WHERE action = 'qa.case_audit_action_update' AND resource_id = '${action.id}' ORDER BY id) AS s`),
      `action ${action.id}: in_progress | action ${action.id}: done`);
    assert.deepEqual((await call("practitioner", "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "qa.case_audit.action"), [], "done: no longer waiting");
  });

  test("a graded child leaves the task lists, and its case audit is in its chronology for the people named only", async () => {
    assert.deepEqual(await caseAuditTasks("partnership", "qa.case_audit.grade"), []);
    assert.deepEqual((await caseAuditTasks("practitioner", "qa.case_audit.findings")).map(([, child]) => child), [2], "a graded child's part no longer waits");

    assert.equal((await post("police", `/api/v1/qa/case-audits/${audit}/children/2/findings`, finding("good"))).status, 200);
    assert.equal((await post("partnership", `/api/v1/qa/case-audits/${audit}/children/2/grade`, { grade: "good", learning: "Quick sharing between police and school." })).status, 200);
    for (const who of ["police", "dsl", "practitioner"])
      assert.deepEqual(await caseAuditTasks(who, "qa.case_audit.findings"), [], `${who}: every child graded, nothing waits`);

    // child 2 is linked to the police (named for the audit) and Blackpool's front door (not named)
    const named = await call("police", "/api/v1/children/2/chronology");
    assert.equal(named.status, 200, named.text);
    assert.deepEqual(named.body.events.filter((e) => e.kind === "case-audit").map((e) => [e.text, e.href, e.kind_label]), [[
      "Multi-agency case audit completed (Neglect): the panel graded the case good",
      `/quality-assurance/case-audits/${audit}`, "Multi-agency case audits",
    ]]);
    const other = await call("frontdoor2", "/api/v1/children/2/chronology");
    assert.equal(other.status, 200, other.text);
    assert.deepEqual(other.body.events.filter((e) => e.kind === "case-audit"), [], "not named: not shown");
    assert.equal(other.body.hidden_count, named.body.hidden_count + 1, "counted among the events the front door cannot open");
  });
});
