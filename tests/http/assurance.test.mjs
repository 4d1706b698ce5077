// Quality assurance audits (src/areas/assurance, issue 19), end to end on the
// real server and a demo database: standards published with `haven import
// qa-standards` (checked whole, problems named by JSON path, versions never
// reused); a whole Section 11 cycle (opened for every agency but settings and
// the partnership, an agency's drafts, submitting once, moderation with a
// reason, the heatmap and its CSV); a whole Section 175/157 cycle for schools
// and colleges (the governor's sign-off, lateness and overdue returns); and
// who may see what (an agency sees only its own return, the scrutineer sees
// results and not drafts).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { apiClient, errorFields, plusDays, sqlRows, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { REPO_ROOT, runHaven, startHaven } from "../lib/haven.mjs";

const S11 = path.join(REPO_ROOT, "tests/http/data/qa-section11.json");
const S175 = path.join(REPO_ROOT, "tests/http/data/qa-section175.json");

let haven;
const { call, post, request, token } = apiClient(() => haven);
const sql = (q) => sqlText(haven.dbPath, q);
// the newest set of a kind: the one a test published (the demo publishes its own Section 175/157 set first)
const setId = (kind) => Number(sql(`SELECT max(id) FROM qa_standard_sets WHERE kind = '${kind}'`));
/** The id of `slug`'s return in cycle `cycle`. */
const returnOf = (cycle, slug) =>
  Number(sql(`SELECT r.id FROM qa_returns r JOIN agencies a ON a.id = r.agency_id WHERE r.cycle_id = ${cycle} AND a.slug = '${slug}'`));
/** Every return of `slug`'s, in every cycle (the demo's as well as the tests'), by id. */
const returnsOf = (slug) =>
  sql(`SELECT r.id FROM qa_returns r JOIN agencies a ON a.id = r.agency_id WHERE a.slug = '${slug}' ORDER BY r.id`).split("\n").map(Number);
// What the demo holds before any test (src/areas/assurance/demo.sql): its standards and cycles.
let demoSets, demoCycles;

/** Makes demo account `who` its agency's administrator (`on`), or no longer one. */
const agencyAdmin = (who, on = true) =>
  sql(on ? `INSERT INTO user_roles (user_id, role) SELECT id, 'agency_admin' FROM users WHERE email = '${who}@demo.haven.example'`
    : `DELETE FROM user_roles WHERE role = 'agency_admin' AND user_id = (SELECT id FROM users WHERE email = '${who}@demo.haven.example')`);

before(async () => {
  haven = await startHaven();
  // a Section 11 return is completed by its agency's lead (its agency administrator on Haven), not by any of
  // its people: the demo's police account is the constabulary's lead here, and completes its returns
  agencyAdmin("police");
  demoSets = Number(sql("SELECT count(*) FROM qa_standard_sets"));
  demoCycles = Number(sql("SELECT count(*) FROM qa_cycles"));
});
after(async () => {
  await haven?.stop();
});

describe("haven import qa-standards", () => {
  test("a bad document is refused whole, each problem named by its JSON path", () => {
    const bad = path.join(haven.dir, "bad.json");
    writeFileSync(bad, JSON.stringify({
      kind: "section12", version: "1", title: "T", colour: "red",
      scale: [{ value: "1", label: "One", definition: "d", rating: "pink" }, { value: "1", label: "Two", definition: "d", rating: "red" }],
      standards: [{ id: "Has Spaces", title: "A", expectations: "e", evidence: "v" }, { id: "b", title: "", expectations: "e", evidence: "v" }],
    }));
    const r = runHaven(["import", "qa-standards", "--db", haven.dbPath, bad]);
    assert.equal(r.status, 1);
    for (const line of [
      '$: has a key the format does not know: "colour"',
      "$.kind: must be section11 or section175",
      "$.scale[0].rating: must be red, amber or green",
      '$.scale[1]: repeats the value "1"',
      "$.standards[0].id: must be lower-case letters, digits and hyphens",
      "$.standards[1].title: must be 1 to 200 characters long",
    ])
      assert.ok(r.stderr.includes(line), `names ${line}: ${r.stderr}`);
    assert.match(r.stderr, /6 problems; nothing was imported/);
    assert.equal(Number(sql("SELECT count(*) FROM qa_standard_sets")), demoSets);
  });

  test("a good document is published once; its version cannot be published again", () => {
    const r = runHaven(["import", "qa-standards", "--db", haven.dbPath, S11]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /published section11 version 2026-1 as standards set \d+ \(3 standards\)/);
    const again = runHaven(["import", "qa-standards", "--db", haven.dbPath, S11]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /\$\.version: version 2026-1 of these standards is already published/);
    assert.equal(runHaven(["import", "qa-standards", "--db", haven.dbPath, S175]).status, 0);
    assert.equal(Number(sql("SELECT count(*) FROM qa_standard_sets")), demoSets + 2);
    const audit = sqlRows(haven.dbPath, "SELECT action FROM audit_log WHERE action = 'qa.standards_publish'");
    assert.equal(audit.length, demoSets + 2, "each publication audited, the demo's too");
  });
});

describe("a whole Section 11 cycle", () => {
  let cycle, police, hospital;

  test("the new cycle form shown again after an error keeps the standards chosen, never the first", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const form = await b.request("/quality-assurance/cycles/new");
    assert.equal(form.status, 200);
    const options = [...form.text.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]));
    const chosen = setId("section11");
    assert.ok(options.length > 1 && options[0] !== chosen, "the Section 11 set is not the first option");
    const page = await b.request("/quality-assurance/cycles", {
      method: "POST",
      form: [["csrf_token", b.csrfOf(form.text)], ["standards", String(chosen)], ["title", "Section 11 audit 2027"],
        ["opens_on-day", "31"], ["opens_on-month", "2"], ["opens_on-year", "2027"],
        ["returns_due_on-day", "31"], ["returns_due_on-month", "3"], ["returns_due_on-year", "2027"]],
    });
    assert.equal(page.status, 422, page.text.slice(0, 300));
    assert.match(page.text, /id="opens_on-error"/);
    assert.deepEqual([...page.text.matchAll(/<option value="(\d+)" selected>/g)].map((m) => Number(m[1])), [chosen]);
    assert.equal(Number(sql("SELECT count(*) FROM qa_cycles")), demoCycles, "nothing opened");
  });

  test("the partnership opens a cycle; every agency but settings and the partnership must return", async () => {
    const bad = await post("partnership", "/api/v1/qa/cycles", {
      standards: setId("section11"), title: "Section 11 audit 2026", opens_on: plusDays(5), returns_due_on: plusDays(1),
    });
    assert.equal(bad.status, 422);
    assert.deepEqual(errorFields(bad.body), ["returns_due_on"]);
    const unknown = await post("partnership", "/api/v1/qa/cycles", {
      standards: 999, title: "Section 11 audit 2026", opens_on: plusDays(-1), returns_due_on: plusDays(20),
    });
    assert.deepEqual(errorFields(unknown.body), ["standards"]);
    assert.equal(Number(sql("SELECT count(*) FROM qa_cycles")), demoCycles, "a refused cycle changes nothing");

    const r = await post("partnership", "/api/v1/qa/cycles", {
      standards: setId("section11"), title: "Section 11 audit 2026", opens_on: plusDays(-1), returns_due_on: plusDays(20),
    });
    assert.equal(r.status, 201, r.text);
    cycle = r.body.id;
    assert.equal(r.body.kind, "section11");
    assert.equal(r.body.moderator, "Parveen Partnership", "whoever opened it moderates its returns");
    assert.match((await call("scrutineer", `/quality-assurance/cycles/${cycle}`)).text,
      /id="moderator"><bdi>Parveen Partnership<\/bdi>, who opened it: each return submitted waits on their work list/);
    const expected = Number(sql("SELECT count(*) FROM agencies WHERE type NOT IN ('school', 'college', 'early_years', 'partnership')"));
    assert.ok(expected > 5);
    assert.equal(r.body.counts.returns, expected);
    assert.ok(r.body.returns.every((x) => x.status === "not_started"));
    assert.ok(!r.body.returns.some((x) => /School|College|Partnership/.test(x.agency)));
    police = returnOf(cycle, "lancashire-constabulary");
    hospital = returnOf(cycle, "demo-teaching-hospitals");
    assert.ok(police > 0 && hospital > 0);
    assert.equal((await post("police", "/api/v1/qa/cycles", { standards: 1, title: "x", opens_on: plusDays(0), returns_due_on: plusDays(1) })).status, 403);
  });

  test("an agency sees its own return only; the scrutineer none", async () => {
    const mine = await call("police", "/api/v1/qa/returns");
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body.returns.map((x) => x.id).sort((a, b) => a - b), returnsOf("lancashire-constabulary"), "the police's, this one and the demo's");
    assert.deepEqual([mine.body.returns[0].id, mine.body.returns[0].status], [police, "not_started"], "the newest return date first");
    assert.equal((await call("police", `/api/v1/qa/returns/${police}`)).status, 200);
    assert.equal((await call("practitioner", `/api/v1/qa/returns/${police}`)).status, 404);
    assert.equal((await post("practitioner", `/api/v1/qa/returns/${police}/standards/leadership`, { score: "3", evidence: "x" })).status, 403,
      "a practitioner completes no return, another agency's least of all");
    assert.equal((await call("scrutineer", `/api/v1/qa/returns/${police}`)).status, 403);
    assert.equal((await call("scrutineer", "/api/v1/qa/returns")).status, 403);
  });

  test("only the agency's lead scores and submits its Section 11 return: a practitioner reads it, is refused 403 and changes nothing", async () => {
    const tasks = async (who) => (await call(who, "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "qa.return" && t.record_id === hospital);
    const read = await call("practitioner", `/api/v1/qa/returns/${hospital}`);
    assert.equal(read.status, 200, "the hospital's people read its return");
    assert.deepEqual([read.body.can_submit, read.body.completed_by_lead, read.body.completed_by_dsl], [false, true, false]);
    assert.ok(read.body.standards.every((x) => x.editable === false));
    const page = await call("practitioner", `/quality-assurance/returns/${hospital}`);
    assert.match(page.text, /id="completed-by-lead">Your agency's safeguarding lead \(its agency administrator on Haven\) scores and submits this self-assessment/);
    assert.doesNotMatch(page.text, /Submit the return/);
    assert.deepEqual(await tasks("practitioner"), [], "nothing to complete on the practitioner's list");
    const score = await post("practitioner", `/api/v1/qa/returns/${hospital}/standards/leadership`, { score: "3", evidence: "Named lead" });
    assert.equal(score.status, 403, score.text);
    assert.equal((await call("practitioner", `/quality-assurance/returns/${hospital}/standards/leadership`)).status, 403);
    assert.equal((await post("practitioner", `/api/v1/qa/returns/${hospital}/submit`, {})).status, 403);
    assert.equal(sql(`SELECT count(*) FROM qa_scores WHERE return_id = ${hospital}`), "0", "nothing saved");
    assert.equal(sql(`SELECT count(*) FROM qa_returns WHERE id = ${hospital} AND submitted_on IS NULL`), "1", "nothing submitted");

    // the trust's safeguarding lead, its agency administrator on Haven, does: the same person made one
    agencyAdmin("practitioner");
    try {
      assert.equal((await tasks("practitioner")).length, 1, "the lead's task to complete it");
      const saved = await post("practitioner", `/api/v1/qa/returns/${hospital}/standards/leadership`, { score: "3", evidence: "Named lead" });
      assert.equal(saved.status, 200, saved.text);
      assert.equal(saved.body.can_submit, true);
      assert.equal(sql(`SELECT score FROM qa_scores WHERE return_id = ${hospital} AND standard_id = 'leadership'`), "3");
    } finally {
      agencyAdmin("practitioner", false);
    }
  });

  test("the agency saves drafts; bad scores and unknown standards are refused and change nothing", async () => {
    const off = await post("police", `/api/v1/qa/returns/${police}/standards/leadership`, { score: "4", evidence: "Named lead" });
    assert.equal(off.status, 422);
    assert.deepEqual(errorFields(off.body), ["score"]);
    const noEvidence = await post("police", `/api/v1/qa/returns/${police}/standards/leadership`, { score: "3" });
    assert.deepEqual(errorFields(noEvidence.body), ["evidence"]);
    assert.equal((await post("police", `/api/v1/qa/returns/${police}/standards/no-such`, { score: "3", evidence: "x" })).status, 404);
    assert.equal(sql(`SELECT count(*) FROM qa_scores WHERE return_id = ${police}`), "0");

    const saved = await post("police", `/api/v1/qa/returns/${police}/standards/leadership`, { score: "2", evidence: "Named lead since 2024" });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.status, "draft");
    const changed = await post("police", `/api/v1/qa/returns/${police}/standards/leadership`, { score: "3", evidence: "Named lead; board minutes" });
    assert.equal(changed.body.standards.find((s) => s.id === "leadership").score, "3");
    assert.equal(changed.body.scored_count, 1);
  });

  test("the partnership sees a draft's status but not its scores", async () => {
    const r = await call("partnership", `/api/v1/qa/returns/${police}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.status, "draft");
    assert.equal(r.body.scores_shown, false);
    assert.ok(r.body.standards.every((s) => s.score === undefined && s.evidence === undefined));
    const early = await post("partnership", `/api/v1/qa/returns/${police}/standards/leadership/moderate`, { score: "1", reason: "Too soon" });
    assert.equal(early.status, 409, "a draft cannot be moderated");
  });

  test("submitting needs every standard scored, then happens once", async () => {
    const partial = await post("police", `/api/v1/qa/returns/${police}/submit`, {});
    assert.equal(partial.status, 422);
    assert.deepEqual(errorFields(partial.body), ["return"]);
    const governor = await post("police", `/api/v1/qa/returns/${police}/submit`, { governor_name: "A Governor" });
    assert.deepEqual(errorFields(governor.body), ["governor_name"], "only a school's return has a governor");
    await post("police", `/api/v1/qa/returns/${police}/standards/training`, { score: "1", evidence: "Half of staff trained" });
    await post("police", `/api/v1/qa/returns/${police}/standards/voice-of-the-child`, { score: "0", evidence: "Not started" });
    const done = await post("police", `/api/v1/qa/returns/${police}/submit`, {});
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.status, "submitted");
    assert.equal(done.body.submitted_on, plusDays(0));
    assert.equal((await post("police", `/api/v1/qa/returns/${police}/submit`, {})).status, 409);
    const late = await post("police", `/api/v1/qa/returns/${police}/standards/training`, { score: "3", evidence: "All trained" });
    assert.equal(late.status, 409);
    assert.equal(sql(`SELECT score FROM qa_scores WHERE return_id = ${police} AND standard_id = 'training'`), "1");
  });

  test("the partnership moderates a submitted score with a reason; nobody else may", async () => {
    const noReason = await post("partnership", `/api/v1/qa/returns/${police}/standards/training/moderate`, { score: "0" });
    assert.deepEqual(errorFields(noReason.body), ["reason"]);
    // on the page each standard has its own moderation form: the summary links to this one's reason box
    const page = await call("partnership", `/quality-assurance/returns/${police}/standards/training/moderate`, { method: "POST", form: { score: "0" } });
    assert.equal(page.status, 422, page.text.slice(0, 300));
    assert.match(page.text, /govuk-error-summary[\s\S]*href="#reason-training"/);
    assert.match(page.text, /<textarea[^>]* id="reason-training"/);
    const off = await post("partnership", `/api/v1/qa/returns/${police}/standards/training/moderate`, { score: "9", reason: "x" });
    assert.deepEqual(errorFields(off.body), ["score"]);
    assert.equal((await post("police", `/api/v1/qa/returns/${police}/standards/training/moderate`, { score: "3", reason: "x" })).status, 403);
    assert.equal((await post("scrutineer", `/api/v1/qa/returns/${police}/standards/training/moderate`, { score: "3", reason: "x" })).status, 403);
    const r = await post("partnership", `/api/v1/qa/returns/${police}/standards/training/moderate`, {
      score: "0", reason: "The training records show a quarter of staff trained, not half",
    });
    assert.equal(r.status, 200, r.text);
    const training = r.body.standards.find((s) => s.id === "training");
    assert.equal(training.moderated_score, "0");
    assert.equal(training.score, "1");
    assert.match(training.moderation_reason, /a quarter of staff/);
    assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'qa.moderate'"), "1");
  });

  test("moderation starts at the agency's score, a kept score needs no reason, and confirming clears the task", async () => {
    const own = sql(`SELECT score FROM qa_scores WHERE return_id = ${police} AND standard_id = 'leadership'`);
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const page = await b.request(`/quality-assurance/returns/${police}`);
    assert.equal(page.status, 200);
    const select = page.text.match(/<select class="govuk-select" id="score-leadership"[\s\S]*?<\/select>/)[0];
    assert.deepEqual([...select.matchAll(/<option value="([^"]*)" selected>/g)].map((m) => m[1]), [own], "the agency's own score, not the scale's first");
    assert.match(page.text, /Only a score changed from the agency's needs a reason\./);

    const kept = await post("partnership", `/api/v1/qa/returns/${police}/standards/leadership/moderate`, { score: own });
    assert.equal(kept.status, 200, kept.text);
    assert.equal(kept.body.standards.find((s) => s.id === "leadership").moderated_score, own);
    assert.equal(sql(`SELECT coalesce(moderation_reason, 'none') FROM qa_scores WHERE return_id = ${police} AND standard_id = 'leadership'`), "none");

    const moderateTasks = async () => (await call("partnership", "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "qa.moderate" && t.record_id === police);
    assert.equal((await moderateTasks()).length, 1, "the child's voice is not moderated yet");
    assert.equal((await post("police", `/api/v1/qa/returns/${police}/moderation`, {})).status, 403);
    assert.equal((await post("partnership", `/api/v1/qa/returns/${hospital}/moderation`, {})).status, 409, "a draft");
    const confirmed = await post("partnership", `/api/v1/qa/returns/${police}/moderation`, {});
    assert.equal(confirmed.status, 200, confirmed.text);
    assert.equal(confirmed.body.can_confirm_moderation, false);
    assert.deepEqual(await moderateTasks(), [], "the task clears once the partnership confirms");
    assert.equal(sql(`SELECT count(*) FROM qa_scores WHERE return_id = ${police} AND (moderated_score IS NULL OR (standard_id <> 'training' AND moderated_score <> score))`), "0",
      "the scores left agreed as the agency gave them; training keeps its moderated 0");
    assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'qa.moderation_confirm'"), "1");
  });

  test("a challenge event: the partnership asks, the agency answers once", async () => {
    const draft = await post("partnership", `/api/v1/qa/returns/${hospital}/challenges`, { question: "Why?" });
    assert.equal(draft.status, 409, "a draft is not challenged");
    assert.equal((await post("police", `/api/v1/qa/returns/${police}/challenges`, { question: "Why?" })).status, 403);
    const asked = await post("partnership", `/api/v1/qa/returns/${police}/challenges`, {
      question: "How do you know the training reached night shifts?",
    });
    assert.equal(asked.status, 201, asked.text);
    const q = asked.body.id;
    // the question waits on the agency's work list, linking its answer form, until it is answered
    const questionTasks = async (who) => (await call(who, "/api/v1/tasks")).body.tasks
      .filter((t) => t.kind === "qa.question" && t.record_id === police).map((t) => [t.record_id, t.href, t.text]);
    assert.deepEqual(await questionTasks("police"), [[police, `/quality-assurance/returns/${police}/challenges/${q}/answer`,
      "Answer the partnership's question about your self-assessment: Section 11 audit 2026"]]);
    assert.deepEqual(await questionTasks("practitioner"), [], "another agency's return");
    const waiting = await call("partnership", `/api/v1/qa/cycles/${cycle}`);
    assert.deepEqual([waiting.body.returns.find((x) => x.id === police)].map((x) => [x.questions_waiting, x.questions_answered]), [[1, 0]]);
    assert.equal((await post("practitioner", `/api/v1/qa/returns/${police}/challenges/${q}/answer`, { answer: "x" })).status, 404);
    assert.deepEqual(errorFields((await post("police", `/api/v1/qa/returns/${police}/challenges/${q}/answer`, {})).body), ["answer"]);
    const answered = await post("police", `/api/v1/qa/returns/${police}/challenges/${q}/answer`, {
      answer: "Attendance by shift is in the training records; nights are at 40%",
    });
    assert.equal(answered.status, 200, answered.text);
    assert.deepEqual(answered.body.challenges.map((c) => [c.question, c.answer, c.answered_on]), [
      ["How do you know the training reached night shifts?", "Attendance by shift is in the training records; nights are at 40%", plusDays(0)],
    ]);
    assert.equal((await post("police", `/api/v1/qa/returns/${police}/challenges/${q}/answer`, { answer: "again" })).status, 409);
    assert.deepEqual(await questionTasks("police"), [], "answered: off the work list");
    // the partnership reads it answered on the cycle's page, linking the return's questions
    const cyclePage = await call("partnership", `/quality-assurance/cycles/${cycle}`);
    assert.match(cyclePage.text, new RegExp(`Questions answered: 1 \\(<a class="govuk-link" href="/quality-assurance/returns/${police}#questions">read the answers`));
    const answeredCycle = await call("partnership", `/api/v1/qa/cycles/${cycle}`);
    assert.deepEqual([answeredCycle.body.returns.find((x) => x.id === police)].map((x) => [x.questions_waiting, x.questions_answered]), [[0, 1]]);
    assert.equal((await post("police", `/api/v1/qa/returns/${police}/challenges/999/answer`, { answer: "x" })).status, 404);
  });

  test("an action plan for the red and amber standards: owner, due date, status, evidence of completion and impact", async () => {
    const green = await post("police", `/api/v1/qa/returns/${police}/actions`, {
      standard: "leadership", action: "Keep it up", owner: "Chief Superintendent", due_on: plusDays(60),
    });
    assert.equal(green.status, 422);
    assert.deepEqual(errorFields(green.body), ["standard"], "a green standard needs no action");
    const draft = await post("practitioner", `/api/v1/qa/returns/${hospital}/actions`, {
      standard: "training", action: "Train", owner: "Named nurse", due_on: plusDays(60),
    });
    assert.equal(draft.status, 409, "a plan follows a submitted return");
    assert.equal((await post("practitioner", `/api/v1/qa/returns/${police}/actions`, {
      standard: "training", action: "Train", owner: "x", due_on: plusDays(60),
    })).status, 404);
    // an action already overdue the day it is planned is refused, nothing added
    const actions = () => sql(`SELECT count(*) FROM qa_actions WHERE return_id = ${police}`);
    const before = actions();
    const late = await post("police", `/api/v1/qa/returns/${police}/actions`, {
      standard: "training", action: "Train", owner: "Head of learning", due_on: plusDays(-1),
    });
    assert.equal(late.status, 422, late.text);
    assert.deepEqual(errorFields(late.body), ["due_on"]);
    assert.match(late.text, /The due date must be today or in the future/);
    assert.equal(actions(), before);
    // training is red by its moderated score (0), though the force scored it amber (1)
    const added = await post("police", `/api/v1/qa/returns/${police}/actions`, {
      standard: "training", action: "Train every night shift by March", owner: "Head of learning", due_on: plusDays(60),
    });
    assert.equal(added.status, 201, added.text);
    assert.equal(added.body.status, "not_started");
    const action = added.body.id;
    const noEvidence = await post("police", `/api/v1/qa/returns/${police}/actions/${action}`, { status: "complete" });
    assert.deepEqual(errorFields(noEvidence.body), ["completion_evidence"]);
    assert.equal((await post("police", `/api/v1/qa/returns/${police}/actions/${action}`, { status: "finished" })).status, 422);
    assert.equal((await post("police", `/api/v1/qa/returns/${hospital}/actions/${action}`, { status: "in_progress" })).status, 404);
    const done = await post("police", `/api/v1/qa/returns/${police}/actions/${action}`, {
      status: "complete", completion_evidence: "All night shifts trained by 1 March", impact_evidence: "Referrals from nights up a third",
    });
    assert.equal(done.status, 200, done.text);
    const [row] = done.body.standards.find((s) => s.id === "training").actions;
    assert.deepEqual([row.status, row.status_label, row.owner, row.completed_on, row.completion_evidence, row.impact_evidence], [
      "complete", "Complete", "Head of learning", plusDays(0), "All night shifts trained by 1 March", "Referrals from nights up a third",
    ]);
    assert.equal(sql("SELECT count(*) FROM audit_log WHERE action IN ('qa.action_add', 'qa.action_update')"), "2");
  });

  test("results: standards by agency, moderated scores counted, text as well as colour; CSV", async () => {
    const r = await call("scrutineer", `/api/v1/qa/cycles/${cycle}/results`);
    assert.equal(r.status, 200, r.text);
    const { heatmap } = r.body;
    assert.deepEqual(heatmap.standards.map((s) => s.id), ["leadership", "training", "voice-of-the-child"]);
    assert.equal(heatmap.agencies.length, 1, "only submitted returns are in the results");
    const cells = heatmap.agencies[0].cells;
    assert.deepEqual(cells.map((c) => [c.score, c.label, c.rating, c.moderated]), [
      // leadership and the child's voice agreed as the police scored them when the moderation was confirmed
      ["3", "Fully met", "green", true], ["0", "Not met", "red", true], ["0", "Not met", "red", true],
    ]);
    assert.deepEqual(heatmap.totals.map((t) => [t.red, t.amber, t.green]), [[0, 0, 1], [1, 0, 0], [1, 0, 0]]);
    // a numbered scale is shown with its numbers
    assert.deepEqual(r.body.scale.map((e) => e.shown), ["0: Not met", "1: Partly met", "2: Mostly met", "3: Fully met"]);
    assert.equal(r.body.counts.submitted, 1);
    assert.equal(r.body.counts.on_time, 1);

    // the cycle's page links each return to its page for the partnership, who may read them; not for the scrutineer
    const page = (await call("partnership", `/quality-assurance/cycles/${cycle}`)).text;
    for (const id of [police, hospital]) {
      assert.match(page, new RegExp(`<a class="govuk-link" href="/quality-assurance/returns/${id}">`));
      assert.equal((await call("partnership", `/quality-assurance/returns/${id}`)).status, 200);
    }
    assert.doesNotMatch((await call("scrutineer", `/quality-assurance/cycles/${cycle}`)).text, /href="\/quality-assurance\/returns\//);

    const csv = await call("partnership", `/quality-assurance/cycles/${cycle}/results.csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type"), /^text\/csv/);
    const lines = csv.text.trimEnd().split("\r\n");
    assert.equal(lines[0], "agency,local_authority,submitted_on,standard,agency_score,moderated,score,rating,previous_score,movement");
    assert.equal(lines.length, 4);
    // moved from the demo's 2024-25 Section 11 cycle, where the police's training was 1 (src/areas/assurance/demo.sql)
    assert.match(lines[2], /^Lancashire Constabulary \(demo\),,\d{4}-\d\d-\d\d,training,1,yes,0,red,1,worse$/);
    assert.equal((await call("police", `/quality-assurance/cycles/${cycle}/results.csv`)).status, 403);

    // the same table as a spreadsheet: a workbook whose one sheet holds the header and the rows as text
    const xlsx = await request(`/quality-assurance/cycles/${cycle}/results.xlsx`, { token: await token("scrutineer") });
    assert.equal(xlsx.status, 200);
    assert.equal(xlsx.headers.get("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const file = path.join(haven.dir, "results.xlsx");
    writeFileSync(file, Buffer.from(await xlsx.arrayBuffer()));
    const read = spawnSync("python3", ["-c", `
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
sheet = z.read("xl/worksheets/sheet1.xml").decode()
print(chr(10).join(re.findall(r"<t[^>]*>([^<]*)</t>", sheet)))`, file], { encoding: "utf8" });
    assert.equal(read.status, 0, read.stderr);
    const texts = read.stdout.trim().split("\n");
    assert.deepEqual(texts.slice(0, 10), ["agency", "local_authority", "submitted_on", "standard", "agency_score", "moderated", "score", "rating", "previous_score", "movement"]);
    assert.ok(texts.includes("Lancashire Constabulary (demo)") && texts.includes("training") && texts.includes("red"));
    assert.equal((await call("dsl", `/quality-assurance/cycles/${cycle}/results.xlsx`)).status, 403);
    assert.equal((await call("dsl", `/api/v1/qa/cycles/${cycle}/results`)).status, 403);
  });

  test("the next Section 11 cycle's results say how each score moved since this one", async () => {
    // a kind has one cycle open at a time: this file's first is over (its return date yesterday) before the next opens
    sql(`UPDATE qa_cycles SET returns_due_on = '${plusDays(-1)}' WHERE id = ${cycle}`);
    const r = await post("partnership", "/api/v1/qa/cycles", {
      standards: setId("section11"), title: "Section 11 audit 2028", opens_on: plusDays(0), returns_due_on: plusDays(40),
    });
    assert.equal(r.status, 201);
    const next = returnOf(r.body.id, "lancashire-constabulary");
    for (const [standard, score] of [["leadership", "1"], ["training", "2"], ["voice-of-the-child", "0"]])
      assert.equal((await post("police", `/api/v1/qa/returns/${next}/standards/${standard}`, { score, evidence: "Evidence" })).status, 200);
    assert.equal((await post("police", `/api/v1/qa/returns/${next}/submit`, {})).status, 200);
    const results = await call("scrutineer", `/api/v1/qa/cycles/${r.body.id}/results`);
    // leadership green (3) to amber (1); training red (moderated 0) to amber (2); the child's voice red both times
    assert.deepEqual(results.body.heatmap.agencies[0].cells.map((c) => [c.previous_score, c.movement, c.movement_label]), [
      ["3", "worse", "Worse than the last cycle"], ["0", "better", "Better than the last cycle"], ["0", "same", "The same as the last cycle"],
    ]);
    // this file's first cycle moved from the demo's (the police's 3, 1 and 3 there)
    const previous = await call("scrutineer", `/api/v1/qa/cycles/${cycle}/results`);
    const police = previous.body.heatmap.agencies.find((a) => a.agency === "Lancashire Constabulary (demo)");
    assert.deepEqual(police.cells.map((c) => [c.previous_score, c.movement]), [["3", "same"], ["1", "worse"], ["3", "worse"]]);
    const demo = Number(sql("SELECT id FROM qa_cycles WHERE title = 'Section 11 audit 2024-25 (demo)'"));
    const first = await call("scrutineer", `/api/v1/qa/cycles/${demo}/results`);
    assert.ok(first.body.heatmap.agencies.length > 0);
    assert.ok(first.body.heatmap.agencies.every((a) => a.cells.every((c) => c.movement === undefined)), "the first cycle has nothing to move from");
  });
});

describe("a whole Section 175/157 cycle", () => {
  let cycle, brookfield, larkhill;

  test("opened for every school and college; a school sees only its own return", async () => {
    // The demo's schools' cycle is open today (demo.sql), and a kind has one cycle open at a time: it moves
    // out past this one, whose return date has passed.
    sql(`UPDATE qa_cycles SET opens_on = '${plusDays(130)}', returns_due_on = '${plusDays(200)}'` +
      " WHERE title = 'Schools'' safeguarding audit 2026-27 (demo)'");
    const r = await post("partnership", "/api/v1/qa/cycles", {
      standards: setId("section175"), title: "Section 175/157 audit 2026-27", opens_on: plusDays(-30), returns_due_on: plusDays(-1),
      confirmed: true, // its return date has passed, on purpose
    });
    assert.equal(r.status, 201, r.text);
    cycle = r.body.id;
    assert.equal(r.body.counts.returns, Number(sql("SELECT count(*) FROM agencies WHERE type IN ('school', 'college')")));
    assert.ok(r.body.returns.every((x) => x.status === "overdue"), "the return date has passed");
    brookfield = returnOf(cycle, "brookfield-primary");
    larkhill = returnOf(cycle, "larkhill-academy");
    const mine = await call("dsl", "/api/v1/qa/returns");
    assert.deepEqual(mine.body.returns.map((x) => x.id).sort((a, b) => a - b), returnsOf("brookfield-primary"), "Brookfield's, this one and the demo's");
    assert.ok(mine.body.returns.some((x) => x.id === brookfield));
    assert.equal((await call("dsl", `/api/v1/qa/returns/${larkhill}`)).status, 404);
    assert.equal((await call("dsl2", `/api/v1/qa/returns/${brookfield}`)).status, 404);
    assert.equal((await call("police", `/api/v1/qa/returns/${brookfield}`)).status, 404);
  });

  test("only the school's DSL scores and submits it; the school's other people read it and get 404 for the rest", async () => {
    // the agency administrator of Brookfield (its business manager) may read the return ...
    const page = await call("agencyadmin", `/quality-assurance/returns/${brookfield}`);
    assert.equal(page.status, 200, page.text);
    assert.match(page.text, /id="completed-by-dsl"/);
    assert.doesNotMatch(page.text, new RegExp(`/quality-assurance/returns/${brookfield}/standards/`), "no score links");
    assert.doesNotMatch(page.text, /Submit the return/);
    const read = await call("agencyadmin", `/api/v1/qa/returns/${brookfield}`);
    assert.equal(read.status, 200, read.text);
    assert.ok(read.body.standards.every((x) => x.editable === false));
    assert.equal(read.body.can_submit, false);
    // ... but not score it or submit it: answered as for a return they cannot act on, and nothing saved
    assert.equal((await call("agencyadmin", `/quality-assurance/returns/${brookfield}/standards/dsl-role`)).status, 404);
    const score = await post("agencyadmin", `/api/v1/qa/returns/${brookfield}/standards/dsl-role`, { score: "green", evidence: "Scored by the business manager" });
    assert.equal(score.status, 404, score.text);
    const submit = await post("agencyadmin", `/api/v1/qa/returns/${brookfield}/submit`, { governor_name: "Gill Governor", governor_signed_on: plusDays(-2) });
    assert.equal(submit.status, 404, submit.text);
    assert.equal(sql(`SELECT count(*) FROM qa_scores WHERE return_id = ${brookfield}`), "0");
    assert.equal(sql(`SELECT count(*) FROM qa_returns WHERE id = ${brookfield} AND submitted_on IS NULL`), "1");
    // nor is it on their task list; it is on the DSL's, whose page offers the scoring
    const tasks = async (who) => (await call(who, "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "qa.return" && t.record_id === brookfield);
    assert.equal((await tasks("agencyadmin")).length, 0);
    assert.equal((await tasks("dsl")).length, 1);
    const mine = await call("dsl", `/quality-assurance/returns/${brookfield}`);
    assert.match(mine.text, new RegExp(`/quality-assurance/returns/${brookfield}/standards/dsl-role`));
    assert.doesNotMatch(mine.text, /id="completed-by-dsl"/);
  });

  test("a school's return needs its governor's sign-off; submitted after the return date it is late", async () => {
    await post("dsl", `/api/v1/qa/returns/${brookfield}/standards/dsl-role`, { score: "green", evidence: "DSL trained in 2025" });
    await post("dsl", `/api/v1/qa/returns/${brookfield}/standards/safer-recruitment`, { score: "amber", evidence: "SCR checked twice this year" });
    const none = await post("dsl", `/api/v1/qa/returns/${brookfield}/submit`, {});
    assert.equal(none.status, 422);
    assert.deepEqual(errorFields(none.body).sort(), ["governor_name", "governor_signed_on"]);
    const future = await post("dsl", `/api/v1/qa/returns/${brookfield}/submit`, { governor_name: "Gill Governor", governor_signed_on: plusDays(3) });
    assert.deepEqual(errorFields(future.body), ["governor_signed_on"]);
    assert.equal(sql(`SELECT count(*) FROM qa_returns WHERE id = ${brookfield} AND submitted_on IS NULL`), "1");
    const r = await post("dsl", `/api/v1/qa/returns/${brookfield}/submit`, { governor_name: "Gill Governor", governor_signed_on: plusDays(-2) });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, "submitted_late");
    assert.equal(r.body.governor_name, "Gill Governor");
  });

  test("a question about a school's submitted return waits on its DSL's work list, not its other people's", async () => {
    const asked = await post("partnership", `/api/v1/qa/returns/${brookfield}/challenges`, { question: "Who checks the single central record?" });
    assert.equal(asked.status, 201, asked.text);
    const mine = async (who) => (await call(who, "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "qa.question" && t.record_id === brookfield);
    assert.equal((await mine("dsl")).length, 1);
    assert.equal((await mine("agencyadmin")).length, 0, "the school's DSL completes its Section 175/157 return");
    assert.equal((await post("dsl", `/api/v1/qa/returns/${brookfield}/challenges/${asked.body.id}/answer`, { answer: "The head, termly" })).status, 200);
    assert.equal((await mine("dsl")).length, 0);
  });

  test("the cycle's counts: late, overdue, on time; the list of cycles says the same", async () => {
    const r = await call("scrutineer", `/api/v1/qa/cycles/${cycle}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.counts.submitted, 1);
    assert.equal(r.body.counts.on_time, 0);
    assert.equal(r.body.counts.overdue, r.body.counts.returns - 1);
    assert.equal(r.body.returns.find((x) => x.id === brookfield).status_label, "Submitted late");
    assert.equal(r.body.returns.find((x) => x.id === larkhill).status_label, "Overdue");
    const list = await call("scrutineer", "/api/v1/qa/cycles");
    const row = list.body.cycles.find((c) => c.id === cycle);
    assert.deepEqual([row.submitted, row.late, row.overdue], [1, 1, r.body.counts.returns - 1]);
    const results = await call("partnership", `/api/v1/qa/cycles/${cycle}/results`);
    assert.deepEqual(results.body.heatmap.agencies.map((a) => [a.agency, a.la, a.cells.map((c) => c.rating)]), [
      ["Brookfield Primary School (fictional)", "Blackburn with Darwen", ["green", "amber"]],
    ]);
  });
});
