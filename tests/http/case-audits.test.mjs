// Multi-agency case audits (src/areas/assurance/case_audits.c, issue 19), end
// to end on the real server and a demo database: the partnership chooses a
// themed audit's sample of children and names its auditors (people who may
// not audit are named and nothing is made; the record numbers are taken as
// typed, so the answer is the same whatever a number is and whichever
// agencies work with it: making an audit tells the maker nothing of a
// child); only the people named see the
// audit (anyone else is told it does not exist), and of its children only
// what need to know allows: an agency sees the cases it works with, the
// child's name and date of birth with them, and the panel every case by its
// number alone, so the maker cannot use an audit to learn who a record number
// is; every read is audited with the children of the sample; each agency's
// auditor records its own findings for each child of the sample it works
// with, against the audit tool, and the page shows what has been answered
// and, to those who work with the child, the agencies asked that have yet to
// (never to the panel of a case it may not identify: that would say who
// works with a child); the panel grades each child once agencies
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
import { cookieClient } from "../lib/cookies.mjs";

let haven;
// The demo's case audit (src/areas/assurance/demo.sql): Sam and Jo, named for the partnership, the IDVA
// service's adviser (who works with Sam) and Lancashire's front door (who works with Jo).
let demoAudits, demoAuditOfPartnership;
// What would say who demo children 1 (Alex) and 2 (Sam) are: their names and dates of birth.
const ALEX = /Alex|Example|2016-04-12|12 April 2016/, SAM = /Sam\b|Sample|2012-09-30|30 September 2012/;
const { call, post } = apiClient(() => haven);
const sql = (q) => sqlText(haven.dbPath, q);
// The date the agencies' findings are due, asked for when an audit is made: weeks ahead.
const FINDINGS_DUE = plusDays(28);
/** `who`'s case-audit tasks of `kind` (of audit `only`, when given), as [audit, child, href]; the text names no child. */
async function caseAuditTasks(who, kind, only) {
  const r = await call(who, "/api/v1/tasks");
  assert.equal(r.status, 200, r.text);
  return r.body.tasks.map((t) => {
    if (t.kind !== kind) return null;
    const [, audit, child] = t.href.match(/\/case-audits\/(\d+)\/children\/(\d+)\//);
    if (only !== undefined && Number(audit) !== only) return null;
    // each task is about its case, the audit's row for the child
    assert.equal(t.record_type, "qa_case_audit_case");
    assert.equal(t.record_id, Number(sql(`SELECT id FROM qa_case_audit_children WHERE audit_id = ${audit} AND child_id = ${child}`)));
    assert.doesNotMatch(t.text, /Alex|Example/);
    return [Number(audit), Number(child), t.href];
  }).filter(Boolean);
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

  test("the partnership makes an audit; people who may not audit are named and nothing is made", async () => {
    const bad = await post("partnership", "/api/v1/qa/case-audits", {
      title: "Neglect audit, spring", theme: "Neglect", findings_due_on: FINDINGS_DUE, children: [2, 999999, 6],
      auditors: [demoEmail("police"), demoEmail("scrutineer"), demoEmail("agencyadmin"), "nobody@demo.haven.example", demoEmail("dsl")],
    });
    assert.equal(bad.status, 422, bad.text);
    assert.deepEqual(errorFields(bad.body), ["auditors", "auditors", "auditors"], "the numbers typed are not judged");
    // an agency administrator sees no child's record, so may not audit one: refused in the same words as
    // any email that may not audit, saying nothing of why
    const details = bad.body.errors.map((e) => e.detail);
    const refusal = (email) => `${email} is not someone who can audit cases: check the email`;
    assert.deepEqual(details, [refusal(demoEmail("scrutineer")), refusal(demoEmail("agencyadmin")), refusal("nobody@demo.haven.example")]);
    const six = sql("SELECT given_name || '|' || family_name FROM children WHERE id = 6").split("|");
    assert.ok(six.every((name) => !bad.text.includes(name)), "nothing says who a child is");
    assert.equal(Number(sql("SELECT count(*) FROM qa_case_audits")), demoAudits, "nothing was made");
    const empty = await post("partnership", "/api/v1/qa/case-audits", { children: [], auditors: [] });
    assert.equal(empty.status, 422);
    assert.deepEqual(errorFields(empty.body).sort(), ["auditors", "children", "findings_due_on", "theme", "title"]);
    assert.match(empty.body.errors.map((e) => e.detail).join("\n"), /Enter the record number of at least one child/);
    assert.equal((await post("partnership", "/api/v1/qa/case-audits", { title: "x", theme: "y", findings_due_on: FINDINGS_DUE, children: ["1"], auditors: [demoEmail("police")] })).status, 422, "a child's number as text");

    for (const who of ["police", "scrutineer", "admin"])
      assert.equal((await post(who, "/api/v1/qa/case-audits", {
        title: "x", theme: "y", findings_due_on: FINDINGS_DUE, children: [1], auditors: [demoEmail("police")],
      })).status, 403, who);

    const r = await post("partnership", "/api/v1/qa/case-audits", {
      title: "Neglect audit, spring", theme: "Neglect", findings_due_on: FINDINGS_DUE, children: [2, 1],
      auditors: [demoEmail("police"), demoEmail("dsl"), demoEmail("practitioner")],
    });
    assert.equal(r.status, 201, r.text);
    audit = r.body.id;
    assert.equal(r.body.theme, "Neglect");
    assert.deepEqual(r.body.children.map((c) => [c.id, c.case_label, c.known]), [[1, "Case 1", false], [2, "Case 2", false]],
      "the maker sees each case by its number in the sample");
    assert.doesNotMatch(r.text, ALEX, "the maker is not told who child 1 is");
    assert.doesNotMatch(r.text, SAM, "the maker is not told who child 2 is");
    assert.deepEqual(r.body.auditors.map((a) => a.name).length, 4, "the three named and the partnership's chair");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'qa.case_audit_create' AND resource_id = '${audit}'`), "1");
  });

  test("one answer names every mistake in the audit to make, the form's and the API's", async () => {
    const made = sql("SELECT count(*) FROM qa_case_audits");
    // the page: blank title and theme, 31/2/2027, a record number that is no number, an email that is no
    // email and one of someone who may not audit, all at once (GOV.UK: every error in one summary)
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const csrf = b.csrfOf((await b.request("/quality-assurance/case-audits/new")).text);
    const page = await b.request("/quality-assurance/case-audits", {
      method: "POST", form: [["csrf_token", csrf], ["title", ""], ["theme", ""], ["findings_due_on-day", "31"],
        ["findings_due_on-month", "2"], ["findings_due_on-year", "2027"], ["children", "abc"], ["children", ""],
        ["auditors", "not-an-email"], ["auditors", demoEmail("scrutineer")], ["auditors", ""]],
    });
    assert.equal(page.status, 422);
    const summary = page.text.match(/<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/)[1];
    const links = [...summary.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2].replace(/&#39;/g, "'")]);
    assert.deepEqual(links, [
      ["title", "Enter the audit's title"],
      ["theme", "Enter the theme"],
      ["findings_due_on", "The date the agencies' findings are due must be a real date"],
      ["children", "A child's record number must be a whole number"],
      ["auditors", "Enter an auditor's email in the correct format, like name@example.com"],
      ["auditors-2", `${demoEmail("scrutineer")} is not someone who can audit cases: check the email`],
    ]);
    assert.match(page.text, /value="not-an-email"/, "what was typed is shown again");
    // the API: every field named in one 422 too (a record number must be a number in JSON)
    const api = await post("partnership", "/api/v1/qa/case-audits", {
      title: "", theme: "", findings_due_on: "2027-02-31", children: [1], auditors: ["not-an-email", demoEmail("scrutineer")],
    });
    assert.equal(api.status, 422, api.text);
    assert.deepEqual(errorFields(api.body).sort(), ["auditors", "auditors", "findings_due_on", "theme", "title"]);
    assert.match(api.text, /scrutineer@demo.haven.example is not someone who can audit cases/);
    const past = await post("partnership", "/api/v1/qa/case-audits", {
      title: "", theme: "Neglect", findings_due_on: plusDays(-1), children: [1], auditors: [demoEmail("police")],
    });
    assert.deepEqual(errorFields(past.body).sort(), ["findings_due_on", "title"], "a date before today with the rest");
    assert.equal(sql("SELECT count(*) FROM qa_case_audits"), made, "nothing was made");
  });

  test("an agency administrator named for an audit before they were refused sees none of it, as on a child's record", async () => {
    // named by hand, as an audit made before the check would have them
    sql(`INSERT INTO qa_case_audit_auditors (audit_id, user_id) SELECT ${audit}, id FROM users WHERE email = '${demoEmail("agencyadmin")}'`);
    assert.equal((await call("agencyadmin", "/api/v1/children/1")).status, 403);
    const r = await call("agencyadmin", `/api/v1/qa/case-audits/${audit}`);
    assert.equal(r.status, 403, r.text);
    assert.doesNotMatch(r.text, ALEX);
    assert.doesNotMatch(r.text, SAM);
    const page = await call("agencyadmin", `/quality-assurance/case-audits/${audit}`);
    assert.equal(page.status, 403);
    assert.doesNotMatch(page.text, ALEX);
    sql(`DELETE FROM qa_case_audit_auditors WHERE audit_id = ${audit} AND user_id = (SELECT id FROM users WHERE email = '${demoEmail("agencyadmin")}')`);
  });

  test("each named auditor's part waits on their task list for the children their agency works with only", async () => {
    assert.deepEqual(await caseAuditTasks("police", "qa.case_audit.findings"), [
      [audit, 2, `/quality-assurance/case-audits/${audit}/children/2/findings`],
    ], "the police work with Sam only");
    for (const who of ["dsl", "practitioner"])
      assert.deepEqual(await caseAuditTasks(who, "qa.case_audit.findings"), [
        [audit, 1, `/quality-assurance/case-audits/${audit}/children/1/findings`],
      ], `${who}: their agency works with Alex only`);
    assert.match((await call("police", "/api/v1/tasks")).body.tasks.find((t) => t.kind === "qa.case_audit.findings").text,
      /^Record your agency's findings for a child in a case audit: Neglect audit, spring, case 2$/, "which case: its number in the audit");
    assert.match((await call("dsl", "/api/v1/tasks")).body.tasks.find((t) => t.kind === "qa.case_audit.findings").text,
      /^Record your agency's findings for a child in a case audit: Neglect audit, spring, case 1$/);
    assert.deepEqual(await caseAuditTasks("frontdoor", "qa.case_audit.findings", audit), [], "not named");
    assert.deepEqual(await caseAuditTasks("partnership", "qa.case_audit.findings"), [], "the panel records no findings");
    assert.deepEqual(await caseAuditTasks("partnership", "qa.case_audit.grade"), [], "nothing to grade before any findings");
  });

  test("only the people named see the audit, each only the children their agency works with; each read is audited", async () => {
    // each counts the cases they may see: the panel every one, an agency those it works with
    for (const [who, theirs] of [
      ["police", [[audit, 1]]], ["dsl", [[audit, 1]]], ["partnership", [[audit, 2], [demoAuditOfPartnership, 2]]],
    ]) {
      const list = await call(who, "/api/v1/qa/case-audits");
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.case_audits.map((a) => [a.id, a.cases]).sort((a, b) => b[0] - a[0]), theirs, who);
      assert.ok(list.body.case_audits.every((a) => !("cases_known" in a) && !("children" in a)), who);
    }
    const other = await call("dsl2", "/api/v1/qa/case-audits");
    assert.deepEqual(other.body.case_audits, [], "not named: no audit listed");
    assert.equal((await call("frontdoor", `/api/v1/qa/case-audits/${audit}`)).status, 404);
    assert.equal((await call("dsl2", `/api/v1/qa/case-audits/${audit}`)).status, 404);
    assert.equal((await call("scrutineer", `/api/v1/qa/case-audits/${audit}`)).status, 403);
    assert.equal((await call("scrutineer", "/api/v1/qa/case-audits")).status, 403);

    const before = Number(sql("SELECT count(*) FROM audit_log WHERE action = 'qa.case_audit.read'"));
    const r = await call("police", `/api/v1/qa/case-audits/${audit}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.children.map((c) => [c.id, c.case_label, c.given_name, c.family_name, c.date_of_birth]),
      [[2, "Case 2", "Sam", "Sample", "2012-09-30"]], "the police see Sam, whom they work with, and not Alex");
    assert.doesNotMatch(r.text, ALEX);
    const row = Number(sql(`SELECT max(id) FROM audit_log WHERE action = 'qa.case_audit.read' AND resource_id = '${audit}'`));
    assert.equal(Number(sql("SELECT count(*) FROM audit_log WHERE action = 'qa.case_audit.read'")), before + 1);
    assert.equal(sql(`SELECT group_concat(CAST(child_id AS text)) FROM (SELECT child_id FROM audit_children WHERE audit_id = ${row} ORDER BY child_id) AS s`), "1,2");

    const school = await call("dsl", `/quality-assurance/case-audits/${audit}`);
    assert.equal(school.status, 200);
    assert.match(school.text, /Case 1: Alex Example/);
    assert.doesNotMatch(school.text, SAM, "the school does not work with Sam: not shown");
    assert.doesNotMatch(school.text, /Case 2/);

    const panel = await call("partnership", `/quality-assurance/case-audits/${audit}`);
    assert.equal(panel.status, 200);
    assert.match(panel.text, /<h2 class="govuk-heading-m"><bdi>Case 1<\/bdi><\/h2>/);
    assert.match(panel.text, /<h2 class="govuk-heading-m"><bdi>Case 2<\/bdi><\/h2>/);
    assert.doesNotMatch(panel.text, ALEX, "the panel (the maker) sees no child's identity");
    assert.doesNotMatch(panel.text, SAM);
    // nothing answered yet, and nothing says which agencies work with either child: the panel may identify
    // neither, so neither case names, counts or hints at the agencies asked for its findings
    assert.equal((panel.text.match(/No agency has recorded its findings yet\./g) ?? []).length, 2);
    assert.doesNotMatch(panel.text, /Not answered yet/);
    const api = (await call("partnership", `/api/v1/qa/case-audits/${audit}`)).body;
    assert.ok(api.children.every((c) => !("waiting_for" in c) && !("awaiting" in c) && !("any_awaiting" in c)),
      "no list of the agencies that work with a child the panel may not identify");
    assert.doesNotMatch(panel.text, /that have not recorded them/);
    assert.equal((panel.text.match(/Only the named agencies that work with the child are asked for findings for Case \d/g) ?? []).length, 2);
  });

  test("each case names, to those who work with the child, only the agencies asked for its findings", async () => {
    // asked: each named agency that works with the child, as its task says (Alex: the school and the
    // hospital; Sam: the police); never a named agency that does not work with the child
    const school = await call("dsl", `/api/v1/qa/case-audits/${audit}`);
    assert.deepEqual(school.body.children.map((c) => [c.case_label, c.awaiting.map((a) => a.agency), c.awaiting_many]),
      [["Case 1", ["Brookfield Primary School (fictional)", "Demo Teaching Hospitals NHS Trust"], true]]);
    const police = await call("police", `/api/v1/qa/case-audits/${audit}`);
    assert.deepEqual(police.body.children.map((c) => [c.case_label, c.awaiting.map((a) => a.agency), c.awaiting_many]),
      [["Case 2", ["Lancashire Constabulary (demo)"], false]]);
    const page = await call("practitioner", `/quality-assurance/case-audits/${audit}`);
    assert.match(page.text, /Agencies asked for findings for Case 1 that have not recorded them: Brookfield Primary School \(fictional\) and Demo Teaching Hospitals NHS Trust\./);
    assert.doesNotMatch(page.text, /not recorded[^<]*Lancashire Constabulary/, "the police do not work with Alex");
    // the same rule as the tasks: each agency listed has the case's findings task, and no other
    for (const [who, child] of [["dsl", 1], ["practitioner", 1], ["police", 2]])
      assert.deepEqual((await caseAuditTasks(who, "qa.case_audit.findings", audit)).map(([, c]) => c), [child], who);
  });

  test("an agency records findings only for the children it works with", async () => {
    const bad = await post("police", `/api/v1/qa/case-audits/${audit}/children/2/findings`, { ...finding("excellent"), child_voice: "" });
    assert.equal(bad.status, 422);
    assert.deepEqual(errorFields(bad.body).sort(), ["child_voice", "grade"]);
    assert.equal((await post("police", `/api/v1/qa/case-audits/${audit}/children/3/findings`, finding())).status, 404, "not in the sample");
    assert.equal((await post("police", `/api/v1/qa/case-audits/${audit}/children/1/findings`, finding())).status, 404, "the police do not work with Alex");
    assert.equal((await call("police", `/quality-assurance/case-audits/${audit}/children/1/findings`)).status, 404, "nor is the form shown");
    assert.equal((await post("dsl", `/api/v1/qa/case-audits/${audit}/children/2/findings`, finding())).status, 404, "the school does not work with Sam");
    assert.equal((await post("frontdoor", `/api/v1/qa/case-audits/${audit}/children/1/findings`, finding())).status, 404, "not named");
    assert.equal((await post("partnership", `/api/v1/qa/case-audits/${audit}/children/1/findings`, finding())).status, 403);
    assert.equal(sql(`SELECT count(*) FROM qa_case_audit_findings WHERE audit_id = ${audit}`), "0");

    const form = await call("police", `/quality-assurance/case-audits/${audit}/children/2/findings`);
    assert.equal(form.status, 200);
    assert.match(form.text, /For <bdi>Case 2: Sam Sample<\/bdi>, born 30 September 2012\./);
    assert.equal((await post("police", `/api/v1/qa/case-audits/${audit}/children/2/findings`, finding("inadequate"))).status, 200);
    const r = await post("police", `/api/v1/qa/case-audits/${audit}/children/2/findings`, finding("requires_improvement"));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.children.find((c) => c.id === 2).recorded_by_your_agency, true);
    assert.equal((await post("dsl", `/api/v1/qa/case-audits/${audit}/children/1/findings`, finding("good"))).status, 200);
    const shown = await call("partnership", `/api/v1/qa/case-audits/${audit}`);
    assert.deepEqual(shown.body.children.map((c) => c.findings.map((f) => [f.agency, f.grade_label])), [
      [["Brookfield Primary School (fictional)", "Good"]],
      [["Lancashire Constabulary (demo)", "Requires improvement"]],
    ], "one row per agency, the police's replaced by its second");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'qa.case_audit_finding' AND resource_id = '${audit}'`), "3");

    assert.deepEqual(await caseAuditTasks("police", "qa.case_audit.findings"), [], "its part for Sam is done");
    assert.deepEqual((await caseAuditTasks("practitioner", "qa.case_audit.findings")).map(([, child]) => child), [1], "another agency's part still waits");
    assert.deepEqual(await caseAuditTasks("partnership", "qa.case_audit.grade", audit), [
      [audit, 1, `/quality-assurance/case-audits/${audit}/children/1/grade`],
      [audit, 2, `/quality-assurance/case-audits/${audit}/children/2/grade`],
    ], "both cases have findings for the panel to grade");
    assert.deepEqual(await caseAuditTasks("police", "qa.case_audit.grade"), [], "only the panel grades");
  });

  test("the panel grades a case once by its number, records the learning and agrees actions; graded findings are final", async () => {
    const form = await call("partnership", `/quality-assurance/case-audits/${audit}/children/2/grade`);
    assert.equal(form.status, 200);
    assert.match(form.text, /For <bdi>Case 2<\/bdi>\./);
    assert.doesNotMatch(form.text, SAM, "the panel grades the case without learning who the child is");
    assert.equal((await post("police", `/api/v1/qa/case-audits/${audit}/children/2/grade`, { grade: "good", learning: "x" })).status, 403);
    assert.deepEqual(errorFields((await post("partnership", `/api/v1/qa/case-audits/${audit}/children/2/grade`, { grade: "fine" })).body).sort(), ["grade", "learning"]);

    // the police, the only agency asked for case 2 (the school and the hospital do not work with Sam), have
    // answered: nobody is waited for, but the panel, which may not identify the case, is asked whether it is
    // sure all the same (as on every such case, so the question says nothing), and grades once it confirms
    const grading = { grade: "requires_improvement", learning: "Health partners are missed from strategy discussions." };
    const asked = await post("partnership", `/api/v1/qa/case-audits/${audit}/children/2/grade`, grading);
    assert.equal(asked.status, 422, asked.text);
    assert.deepEqual(errorFields(asked.body), ["confirmed"]);
    const r = await post("partnership", `/api/v1/qa/case-audits/${audit}/children/2/grade`, { ...grading, confirmed: true });
    assert.equal(r.status, 200, r.text);
    const child = r.body.children.find((c) => c.id === 2);
    assert.equal(child.panel_grade_label, "Requires improvement");
    assert.equal(child.graded, true);
    assert.equal((await post("partnership", `/api/v1/qa/case-audits/${audit}/children/2/grade`, { grade: "good", learning: "again" })).status, 409);
    assert.equal((await post("police", `/api/v1/qa/case-audits/${audit}/children/2/findings`, finding("good"))).status, 409);

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
    // an action due before today would be overdue, and alert its owner so, the moment it was agreed
    const late = { action: "Audit the strategy discussions again", owner: demoEmail("practitioner"), due_on: plusDays(-1) };
    const overdue = await post("partnership", `/api/v1/qa/case-audits/${audit}/actions`, late);
    assert.equal(overdue.status, 422, overdue.text);
    assert.deepEqual(errorFields(overdue.body), ["due_on"]);
    assert.match(overdue.body.errors[0].detail, /The due date must be today or in the future/);
    const [y, m, d] = plusDays(-1).split("-");
    const page = await call("partnership", `/quality-assurance/case-audits/${audit}/actions`, {
      method: "POST", form: { action: late.action, owner: late.owner, "due_on-day": d, "due_on-month": m, "due_on-year": y },
    });
    assert.equal(page.status, 422, page.text.slice(0, 300));
    assert.match(page.text, /There is a problem/);
    assert.match(page.text, /The due date must be today or in the future/);
    assert.equal(sql(`SELECT count(*) FROM qa_case_audit_actions WHERE audit_id = ${audit}`), "1", "none added");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action IN ('qa.case_audit_grade', 'qa.case_audit_action') AND resource_id = '${audit}'`), "2");
  });

  test("a case with no findings is not graded, and the page says why", async () => {
    const other = await post("partnership", "/api/v1/qa/case-audits", {
      title: "Exploitation audit", theme: "Exploitation", findings_due_on: FINDINGS_DUE, children: [1, 2], auditors: [demoEmail("police"), demoEmail("dsl")],
    });
    assert.equal(other.status, 201, other.text);
    assert.equal((await post("police", `/api/v1/qa/case-audits/${other.body.id}/children/2/findings`, finding())).status, 200);
    const page = (await call("partnership", `/quality-assurance/case-audits/${other.body.id}`)).text;
    assert.match(page, new RegExp(`href="/quality-assurance/case-audits/${other.body.id}/children/2/grade"`));
    assert.doesNotMatch(page, /\/children\/1\/grade"/, "no agency has recorded findings for case 1");
    assert.equal((page.match(/The panel grades Case 1 once an agency has recorded its findings\./g) ?? []).length, 1);
    assert.doesNotMatch((await call("police", `/quality-assurance/case-audits/${other.body.id}`)).text, /The panel grades|Grade as the panel/, "only the panel is told");
    assert.equal((await post("partnership", `/api/v1/qa/case-audits/${other.body.id}/children/1/grade`, { grade: "good", learning: "x" })).status, 409);

    // once the school answers for Alex, every agency asked has (the police do not work with Alex, the school
    // not with Sam): nothing is listed as waiting; but the panel, which may not identify the case, is asked
    // "Are you sure?" as it would be if one had not, and may still move the findings date: neither tells it
    // whether an agency is yet to answer
    assert.equal((await post("dsl", `/api/v1/qa/case-audits/${other.body.id}/children/1/findings`, finding())).status, 200);
    for (const who of ["dsl", "police"]) {
      const seen = await call(who, `/api/v1/qa/case-audits/${other.body.id}`);
      assert.deepEqual(seen.body.children.map((c) => [c.awaiting, c.any_awaiting]), [[[], false]], who);
      assert.doesNotMatch((await call(who, `/quality-assurance/case-audits/${other.body.id}`)).text, /not recorded/, who);
    }
    const moved = await post("partnership", `/api/v1/qa/case-audits/${other.body.id}/findings-due`, { findings_due_on: plusDays(40) });
    assert.equal(moved.status, 200, moved.text);
    const unsure = await post("partnership", `/api/v1/qa/case-audits/${other.body.id}/children/1/grade`, { grade: "good", learning: "x" });
    assert.equal(unsure.status, 422, "asked whether sure, as always on a case it may not identify");
    assert.deepEqual(errorFields(unsure.body), ["confirmed"]);
    assert.equal((await post("partnership", `/api/v1/qa/case-audits/${other.body.id}/children/1/grade`, { grade: "good", learning: "x", confirmed: true })).status, 200);
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
    assert.deepEqual(await caseAuditTasks("partnership", "qa.case_audit.grade", audit), [
      [audit, 1, `/quality-assurance/case-audits/${audit}/children/1/grade`],
    ], "case 2 is graded; case 1 waits for the panel");
    assert.deepEqual(await caseAuditTasks("practitioner", "qa.case_audit.findings", audit), [
      [audit, 1, `/quality-assurance/case-audits/${audit}/children/1/findings`],
    ], "the hospital's part for Alex still waits");

    // graded before the hospital answered: the panel, which may not identify Alex, is told some agency asked
    // has not (not which: that would say who works with the child), and the hospital's task stays until it
    // answers, its findings then beside the grade
    const grading = { grade: "good", learning: "Quick sharing between the school and health." };
    const unsure = await post("partnership", `/api/v1/qa/case-audits/${audit}/children/1/grade`, grading);
    assert.equal(unsure.status, 422);
    assert.equal(unsure.body.errors[0].detail, "Confirm to grade Case 1 now: Haven does not say whether every agency asked for its findings has recorded them (any that has not keeps its task until it answers)");
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const page = await b.request(`/quality-assurance/case-audits/${audit}/children/1/grade`, {
      method: "POST", form: [["csrf_token", b.csrfOf((await b.request(`/quality-assurance/case-audits/${audit}/children/1/grade`)).text)],
        ["grade", grading.grade], ["learning", grading.learning]],
    });
    assert.equal(page.status, 200, "the page asks whether the panel is sure; nothing graded yet");
    assert.match(page.text, /Are you sure you want to grade Case 1 now\?/);
    assert.match(page.text, /Haven does not say whether every agency asked for findings for it has recorded them: that would tell who works with the child\./);
    assert.doesNotMatch(page.text, /Demo Teaching Hospitals|Lancashire Constabulary \(demo\) ha/);
    assert.match(page.text, /<input type="hidden" name="confirmed" value="yes">/);
    assert.equal(sql(`SELECT count(*) FROM qa_case_audit_gradings WHERE audit_id = ${audit} AND child_id = 1`), "0");
    assert.equal((await post("partnership", `/api/v1/qa/case-audits/${audit}/children/1/grade`, { ...grading, confirmed: true })).status, 200);
    assert.deepEqual(await caseAuditTasks("practitioner", "qa.case_audit.findings", audit), [
      [audit, 1, `/quality-assurance/case-audits/${audit}/children/1/findings`],
    ], "graded without the hospital: its task stays until it answers");
    const late = await call("practitioner", `/quality-assurance/case-audits/${audit}`);
    assert.match(late.text, /The panel graded Case 1 before your agency recorded its findings/);
    assert.equal((await post("practitioner", `/api/v1/qa/case-audits/${audit}/children/1/findings`, finding("good"))).status, 200);
    assert.equal((await post("practitioner", `/api/v1/qa/case-audits/${audit}/children/1/findings`, finding("inadequate"))).status, 409, "recorded once after the grade, then final");
    assert.equal((await post("dsl", `/api/v1/qa/case-audits/${audit}/children/1/findings`, finding("inadequate"))).status, 409, "what the panel graded on is final");
    for (const who of ["police", "dsl", "practitioner"])
      assert.deepEqual(await caseAuditTasks(who, "qa.case_audit.findings", audit), [], `${who}: every child graded, nothing waits`);
    assert.deepEqual(await caseAuditTasks("partnership", "qa.case_audit.grade", audit), []);

    // child 2 is linked to the police (named for the audit) and Blackpool's front door (not named)
    const named = await call("police", "/api/v1/children/2/chronology");
    assert.equal(named.status, 200, named.text);
    assert.deepEqual(named.body.events.filter((e) => e.kind === "case-audit").map((e) => [e.text, e.href, e.kind_label]), [[
      "Multi-agency case audit completed (Neglect): the panel graded the case requires improvement",
      `/quality-assurance/case-audits/${audit}`, "Multi-agency case audits",
    ]]);
    const other = await call("frontdoor2", "/api/v1/children/2/chronology");
    assert.equal(other.status, 200, other.text);
    assert.deepEqual(other.body.events.filter((e) => e.kind === "case-audit"), [], "not named: not shown");
    assert.equal(other.body.hidden_count, named.body.hidden_count + 1, "counted among the events the front door cannot open");
  });
});

// Making an audit must not answer differently for a child some agency works with: the partnership gets
// 404 for these children elsewhere, so an audit that refused a number no named agency works with, or an
// auditor whose agency works with none of the numbers, would tell it who works with any child, and
// whether a number is one, without trace. The numbers are taken as typed; a case no named agency can
// answer reads to the panel as one not answered yet.
describe("making an audit tells the maker nothing of a child", () => {
  const agencies = ["idva", "police", "frontdoor", "dsl", "practitioner"].map(demoEmail);

  test("the answer is the same whichever agencies work with a number, and whether it is on the register", async () => {
    const made = sql("SELECT count(*) FROM qa_case_audits");
    // child 2 (Sam): the IDVA service and the police; child 1 (Alex): the school and the hospital;
    // child 6: no agency named; 999999: not on the register
    const answers = [];
    for (const child of [2, 1, 6, 999999]) {
      const r = await post("partnership", "/api/v1/qa/case-audits", {
        title: "probe", theme: "x", findings_due_on: FINDINGS_DUE, children: [child], auditors: ["nobody@example.org", ...agencies],
      });
      answers.push({ child, status: r.status, body: r.body });
    }
    assert.equal(answers[0].status, 422);
    assert.deepEqual(errorFields(answers[0].body), ["auditors"], "only the email that is no one who may audit");
    for (const a of answers.slice(1))
      assert.deepEqual([a.status, a.body], [answers[0].status, answers[0].body], `child ${a.child} is answered as child 2 is`);
    assert.equal(sql("SELECT count(*) FROM qa_case_audits"), made, "nothing was made");
  });

  test("a case no named agency can answer reads to the panel as one not answered yet", async () => {
    // the police work with child 2; the school with none of the three
    const r = await post("partnership", "/api/v1/qa/case-audits", {
      title: "Cases no one may answer", theme: "Neglect", findings_due_on: FINDINGS_DUE, children: [999999, 6, 2], auditors: [demoEmail("police"), demoEmail("dsl")],
    });
    assert.equal(r.status, 201, r.text);
    const id = r.body.id;
    const strip = ({ id: _, case_number, case_label, case_name, ...rest }) => rest;
    const cases = r.body.children;
    assert.deepEqual(cases.map((c) => [c.id, c.case_name]), [[2, "Case 1"], [6, "Case 2"], [999999, "Case 3"]]);
    assert.deepEqual(strip(cases[1]), strip(cases[0]), "a child no named agency works with, as one an agency does");
    assert.deepEqual(strip(cases[2]), strip(cases[0]), "a number not on the register, as a child");
    const page = (await call("partnership", `/quality-assurance/case-audits/${id}`)).text;
    assert.equal((page.match(/No agency has recorded its findings yet\./g) ?? []).length, 3);
    assert.doesNotMatch(page, /Not answered yet/, "nor which agencies are yet to");

    // the school is asked nothing; the police only about Sam, whom they see by name
    assert.deepEqual(await caseAuditTasks("dsl", "qa.case_audit.findings", id), []);
    assert.match((await call("dsl", `/quality-assurance/case-audits/${id}`)).text, /None of this audit's cases is a child your agency works with/);
    assert.deepEqual((await call("dsl", "/api/v1/qa/case-audits")).body.case_audits.find((a) => a.id === id).cases, 0);
    assert.deepEqual((await caseAuditTasks("police", "qa.case_audit.findings", id)).map(([, child]) => child), [2]);
    assert.equal((await post("police", `/api/v1/qa/case-audits/${id}/children/2/findings`, finding())).status, 200);
    const after = (await call("partnership", `/api/v1/qa/case-audits/${id}`)).body.children;
    assert.deepEqual(after.map((c) => c.findings.map((f) => f.agency)), [["Lancashire Constabulary (demo)"], [], []], "what has been answered, only");
    assert.deepEqual(strip(after[2]), strip(after[1]));
    assert.equal(sql(`SELECT group_concat(CAST(child_id AS text)) FROM (SELECT child_id FROM audit_children WHERE audit_id = (SELECT max(id) FROM audit_log WHERE action = 'qa.case_audit.read' AND resource_id = '${id}') ORDER BY child_id) AS s`),
      "2,6", "each read is audited with the children of the sample (a number not on the register names no one)");
  });

  test("a number typed past the register's end never becomes the next child recorded", async () => {
    const next = Number(sql("SELECT max(id) FROM children")) + 1;
    const r = await post("partnership", "/api/v1/qa/case-audits", {
      title: "A number not yet a child", theme: "Neglect", findings_due_on: FINDINGS_DUE, children: [next], auditors: [demoEmail("practitioner")],
    });
    assert.equal(r.status, 201, r.text);
    const id = r.body.id;
    const child = await post("practitioner", "/api/v1/children", { given_name: "Nova", family_name: "Later", date_of_birth: "2020-02-02", sex: "female", la_code: 890 });
    assert.equal(child.status, 201, child.text);
    assert.equal(child.body.id, next, "the new child takes the number typed");
    const seen = await call("practitioner", `/api/v1/qa/case-audits/${id}`);
    assert.equal(seen.status, 200, seen.text);
    assert.doesNotMatch(JSON.stringify(seen.body), /Nova|Later|2020-02-02/, "the child recorded later is not the audit's case");
    assert.deepEqual(await caseAuditTasks("practitioner", "qa.case_audit.findings", id), [], "nor asked about");
    assert.equal((await post("practitioner", `/api/v1/qa/case-audits/${id}/children/${next}/findings`, finding())).status, 404);
    assert.equal(sql(`SELECT count(*) FROM audit_children c JOIN audit_log l ON l.id = c.audit_id WHERE l.action = 'qa.case_audit.read' AND c.child_id = ${next}`),
      "0", "no read of the audit is in the child's audit trail");
  });
});

// The demo's audit as each person named for it finds it: the partnership's panel sees Sam and Jo by their
// case numbers alone (it gets 404 at /children/2), the IDVA service sees Sam and is asked nothing of Jo,
// and Lancashire's front door (403 at /children/2) sees Jo and not Sam.
describe("the demo's case audit, as each person named for it finds it", () => {
  const JO = /\bJo\b|Fictional|2019-01-07|7 January 2019/;
  const page = async (who) => {
    const r = await call(who, `/quality-assurance/case-audits/${demoAuditOfPartnership}`);
    assert.equal(r.status, 200, `${who}: ${r.text}`);
    return r.text;
  };

  test("the panel sees each case by its number, no child's name or date of birth", async () => {
    assert.equal((await call("partnership", "/children/2")).status, 404, "the partnership does not work with Sam");
    const text = await page("partnership");
    assert.doesNotMatch(text, SAM);
    assert.doesNotMatch(text, JO);
    assert.match(text, /<h2 class="govuk-heading-m"><bdi>Case 1<\/bdi><\/h2>/);
  });

  test("each agency sees the child it works with, and is asked only about that child", async () => {
    const idva = await page("idva");
    assert.match(idva, /Case 1: Sam Sample/);
    assert.doesNotMatch(idva, JO);
    const frank = await page("frontdoor");
    assert.equal((await call("frontdoor", "/children/2")).status, 403, "Lancashire's front door may not open Sam's record");
    assert.match(frank, /Case 2: Jo Fictional/);
    assert.doesNotMatch(frank, SAM);

    for (const [who, cases] of [["idva", 1], ["frontdoor", 1], ["partnership", 2]])
      assert.equal((await call(who, "/api/v1/qa/case-audits")).body.case_audits.find((a) => a.id === demoAuditOfPartnership).cases, cases,
        `${who} counts only the cases they may see`);
    assert.deepEqual(await caseAuditTasks("idva", "qa.case_audit.findings", demoAuditOfPartnership), [], "the IDVA service does not work with Jo");
    assert.equal((await post("idva", `/api/v1/qa/case-audits/${demoAuditOfPartnership}/children/3/findings`, finding())).status, 404);
    assert.deepEqual((await caseAuditTasks("frontdoor", "qa.case_audit.findings", demoAuditOfPartnership)).map(([, child]) => child), [3]);
  });
});

// The date the named agencies' findings are due (migration 0207): asked for when an audit is made, never
// before today; the findings tasks carry it as their due date, so the work list shows them overdue after
// it; the panel moves it while findings are outstanding (audited); the audit's page and API show it. An
// audit made before the date was asked (the demo's) has none, and its tasks stay undated, as they were.
describe("the date a case audit's findings are due", () => {
  let audit;
  const findingsTasks = async (who) =>
    (await call(who, "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "qa.case_audit.findings" && t.href.includes(`/case-audits/${audit}/`));

  test("making an audit asks for it, and refuses one before today, naming it", async () => {
    const base = { title: "Dated audit (fictional)", theme: "Neglect", children: [2, 1], auditors: [demoEmail("police"), demoEmail("dsl")] };
    const none = await post("partnership", "/api/v1/qa/case-audits", base);
    assert.equal(none.status, 422, none.text);
    assert.deepEqual(errorFields(none.body), ["findings_due_on"]);
    const past = await post("partnership", "/api/v1/qa/case-audits", { ...base, findings_due_on: plusDays(-1) });
    assert.equal(past.status, 422, past.text);
    assert.deepEqual(errorFields(past.body), ["findings_due_on"]);
    assert.match(past.body.errors[0].detail, /The date the agencies' findings are due must be today or in the future/);
    const made = await post("partnership", "/api/v1/qa/case-audits", { ...base, findings_due_on: plusDays(14) });
    assert.equal(made.status, 201, made.text);
    audit = made.body.id;
    assert.equal(made.body.findings_due_on, plusDays(14));
    const read = await call("police", `/api/v1/qa/case-audits/${audit}`);
    assert.equal(read.body.findings_due_on, plusDays(14));
    assert.ok(!("findings_outstanding" in read.body), "whether an agency is yet to answer is not said");
    const page = await call("partnership", `/quality-assurance/case-audits/${audit}`);
    assert.match(page.text, /Findings due by [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}\./);
    assert.match(page.text, /Change the date findings are due/, "the panel may move it");
    const list = await call("police", "/api/v1/qa/case-audits");
    assert.equal(list.body.case_audits.find((a) => a.id === audit).findings_due_on, plusDays(14));
  });

  test("the findings tasks carry it as their due date, overdue once it has passed", async () => {
    const tasks = await findingsTasks("police");
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].due_at, plusDays(14));
    assert.equal(tasks[0].overdue, false);
    // time passes: the date is behind us
    sql(`UPDATE qa_case_audits SET findings_due_on = '${plusDays(-2)}' WHERE id = ${audit}`);
    const late = await call("police", "/api/v1/tasks");
    const task = late.body.tasks.find((t) => t.kind === "qa.case_audit.findings" && t.href.includes(`/case-audits/${audit}/`));
    assert.equal(task.overdue, true);
    assert.match(task.due_words, /^Overdue by /);
    assert.ok(late.body.overdue_count >= 1);
  });

  test("the panel moves it while findings are outstanding, never before today; no one else may", async () => {
    const to = (who, date) => post(who, `/api/v1/qa/case-audits/${audit}/findings-due`, { findings_due_on: date });
    const early = await to("partnership", plusDays(-1));
    assert.equal(early.status, 422, early.text);
    assert.deepEqual(errorFields(early.body), ["findings_due_on"]);
    assert.match(early.body.errors[0].detail, /The date the agencies' findings are due must be today or in the future/);
    assert.equal((await to("partnership", "")).status, 422);
    assert.equal((await to("police", plusDays(30))).status, 403, "an auditor is not the panel");
    assert.equal(sql(`SELECT findings_due_on FROM qa_case_audits WHERE id = ${audit}`), plusDays(-2), "nothing changed");
    const moved = await to("partnership", plusDays(30));
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.findings_due_on, plusDays(30));
    assert.equal((await findingsTasks("police"))[0].due_at, plusDays(30));
    assert.equal((await findingsTasks("police"))[0].overdue, false);
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'qa.case_audit_findings_due' AND resource_id = '${audit}'`), "1");
  });

  test("once every named agency has recorded its findings the panel may still move the date: it is not told none is left", async () => {
    for (const [who, child] of [["police", 2], ["dsl", 1]]) {
      const r = await post(who, `/api/v1/qa/case-audits/${audit}/children/${child}/findings`, finding());
      assert.equal(r.status, 200, r.text);
    }
    assert.deepEqual(await findingsTasks("police"), []);
    const read = await call("partnership", `/api/v1/qa/case-audits/${audit}`);
    assert.ok(!("findings_outstanding" in read.body), "whether any agency is yet to answer is not the panel's to read");
    assert.equal(read.body.can_change_findings_due, true);
    const r = await post("partnership", `/api/v1/qa/case-audits/${audit}/findings-due`, { findings_due_on: plusDays(40) });
    assert.equal(r.status, 200, r.text);
    assert.equal(sql(`SELECT findings_due_on FROM qa_case_audits WHERE id = ${audit}`), plusDays(40));
    const page = await call("partnership", `/quality-assurance/case-audits/${audit}`);
    assert.match(page.text, /Change the date findings are due/);
  });

  test("an audit made before the date was asked has none, and its tasks stay undated", async () => {
    const demo = Number(sql("SELECT id FROM qa_case_audits WHERE title = 'Neglect: multi-agency case audit (demo)'"));
    const read = await call("partnership", `/api/v1/qa/case-audits/${demo}`);
    assert.equal(read.status, 200, read.text);
    assert.equal(read.body.findings_due_on, null);
    // Lancashire's front door works with Jo and has not answered
    const tasks = (await call("frontdoor", "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "qa.case_audit.findings" && t.href.includes(`/case-audits/${demo}/`));
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].due_at ?? null, null, "no due date, as before");
    assert.equal(tasks[0].overdue, false);
  });
});

describe("the panel's \"Are you sure?\" on a case it may not identify", () => {
  // Alex (child 1) is the school's and the hospital's; Sam (child 2) the police's (and Blackpool's front
  // door, not named). The panel's agency, the partnership, works with neither, so sees each by its number.
  const CSAP = "(SELECT id FROM agencies WHERE slug = 'csap')";
  let audit;
  const grade = (child, extra = {}) =>
    post("partnership", `/api/v1/qa/case-audits/${audit}/children/${child}/grade`, { grade: "good", learning: "Fictional learning.", ...extra });
  /** The grade form posted unconfirmed as a person in the panel's browser: the page's "Are you sure?" block. */
  async function confirmPage(child) {
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const path = `/quality-assurance/case-audits/${audit}/children/${child}/grade`;
    const page = await b.request(path, {
      method: "POST", form: [["csrf_token", b.csrfOf((await b.request(path)).text)], ["grade", "good"], ["learning", "Fictional learning."]],
    });
    assert.equal(page.status, 200, page.text.slice(0, 300));
    const block = page.text.match(/<div class="govuk-warning-text" id="confirm-grade">[\s\S]*?<\/form>/);
    assert.ok(block, `case ${child}: asked whether sure`);
    return block[0];
  }

  before(async () => {
    const r = await post("partnership", "/api/v1/qa/case-audits", {
      title: "Same answer audit", theme: "Neglect", findings_due_on: FINDINGS_DUE, children: [1, 2],
      auditors: [demoEmail("police"), demoEmail("dsl"), demoEmail("practitioner")],
    });
    assert.equal(r.status, 201, r.text);
    audit = r.body.id;
    // Case 1: the school has answered, the hospital has not; Case 2: the police, the only agency asked, has
    for (const [who, child] of [["dsl", 1], ["police", 2]])
      assert.equal((await post(who, `/api/v1/qa/case-audits/${audit}/children/${child}/findings`, finding())).status, 200);
  });

  test("a case with an agency yet to answer and one with none read alike to the panel: the same question, in the same words", async () => {
    const [one, two] = [await grade(1), await grade(2)];
    for (const r of [one, two]) {
      assert.equal(r.status, 422, r.text);
      assert.deepEqual(errorFields(r.body), ["confirmed"]);
    }
    assert.equal(one.body.errors[0].detail.replace("Case 1", "Case N"), two.body.errors[0].detail.replace("Case 2", "Case N"));
    assert.doesNotMatch(one.text + two.text, /Hospitals|Constabulary|Brookfield|have not recorded|has not recorded/);
    const pages = [await confirmPage(1), await confirmPage(2)];
    const same = (text, n) => text.replaceAll(`Case ${n}`, "Case N").replaceAll(`/children/${n}/`, "/children/N/")
      .replace(/name="(csrf_token|submission)" value="[^"]*"/g, 'name="$1" value=""');
    assert.equal(same(pages[0], 1), same(pages[1], 2), "the confirmation is the same page whatever has been answered");
    assert.match(pages[0], /Yes, grade it now/);
    assert.equal(sql(`SELECT count(*) FROM qa_case_audit_gradings WHERE audit_id = ${audit}`), "0", "nothing graded yet");
    // nor does the audit's page or the findings date say so
    const read = await call("partnership", `/api/v1/qa/case-audits/${audit}`);
    assert.deepEqual(read.body.children.map((c) => ["any_awaiting" in c, "awaiting" in c]), [[false, false], [false, false]]);
    assert.equal((await post("partnership", `/api/v1/qa/case-audits/${audit}/findings-due`, { findings_due_on: plusDays(20) })).status, 200);
  });

  test("a panel whose agency works with the child is told which agencies have yet to answer", async () => {
    sql(`INSERT INTO child_links (child_id, agency_id, relationship) VALUES (1, ${CSAP}, 'raised_concern'), (2, ${CSAP}, 'raised_concern')`);
    try {
      const one = await grade(1);
      assert.equal(one.status, 422, one.text);
      // the partnership, named for the audit as its chair and now working with the child, is not asked:
      // its people may not record findings (qa.case_audit.findings), so only the hospital is named
      assert.equal(one.body.errors[0].detail,
        "Demo Teaching Hospitals NHS Trust has not recorded findings for Case 1: confirm to grade it without them (each keeps its task until it answers)");
      const page = await confirmPage(1);
      assert.match(page, /Demo Teaching Hospitals NHS Trust has not recorded findings for it\./);
      assert.doesNotMatch(page, /Partnership/, "the partnership is not waited on");
      assert.match(page, /Yes, grade it without them/);
      // Case 2: the police, the only agency asked, have answered; the partnership is not waited on, so
      // the panel grades it with no "Are you sure?"
      const read = (await call("partnership", `/api/v1/qa/case-audits/${audit}`)).body;
      assert.deepEqual(read.children.map((c) => [c.id, c.awaiting.map((a) => a.agency)]),
        [[1, ["Demo Teaching Hospitals NHS Trust"]], [2, []]]);
      assert.deepEqual(await caseAuditTasks("partnership", "qa.case_audit.findings", audit), [],
        "the chair is not chased for findings it may not record");
      const two = await grade(2);
      assert.equal(two.status, 200, two.text);
    } finally {
      sql(`DELETE FROM child_links WHERE agency_id = ${CSAP} AND relationship = 'raised_concern' AND child_id IN (1, 2)`);
    }
  });
});
