// The neglect assessment tool (src/areas/neglect) over HTTP: `haven import
// neglect-tool` with good and broken files (each problem named by its JSON
// path, nothing changed), the tool's API and publish page; a practitioner
// linked to a child saves a draft, finishes it (every sub-area graded with
// evidence, a summary and a review date) and reassesses; each assessment
// keeps its tool version; a child's page puts the baseline beside the latest
// with the change per area; unlinked agencies, other people and the
// partnership are refused; and every read is audited. What a health visitor
// found: a form refused for a date keeps everything typed and lists every gap,
// an age band the child is not of is refused on finishing (a draft keeps it,
// warned; the form changes it keeping what was typed), finishing twice says so, and
// the child's record, the tool and a grade of 4 lead where to go next.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { REPO_ROOT, runHaven, startHaven } from "../lib/haven.mjs";

const DEMO = JSON.parse(readFileSync(path.join(REPO_ROOT, "src/areas/neglect/data/tool-demo.json"), "utf8"));
const SUBS = DEMO.areas.flatMap((a) => a.sub_areas.map((s) => s.id));
let haven;
const MANAGER = "neglect.manager@example.org";
const MANAGER_PASSWORD = "quiet harbour lantern seventeen";
const { call, post } = apiClient(() => haven, { passwords: { [MANAGER]: MANAGER_PASSWORD } });

before(async () => {
  haven = await startHaven();
});
after(async () => {
  await haven?.stop();
});

const sql = (query) => sqlText(haven.dbPath, query);
const snapshot = () =>
  sql("SELECT id, version, published_by FROM neglect_tool_versions ORDER BY id;") +
  "\n" +
  sql("SELECT id, tool_id, status, grades, overall_grade FROM neglect_assessments ORDER BY id;");

let n = 0;
function file(content) {
  const p = path.join(haven.dir, `neglect-${++n}.json`);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
}

// Alex (child 1) is linked to the practitioner's NHS trust and to the DSL's school; not to dsl2's academy.
const ALEX = 1;
const everyGrade = (grade, words = "Seen at the home visit") =>
  Object.fromEntries(SUBS.map((id) => [id, { grade, evidence: `${words}: ${id}` }]));

describe("haven import neglect-tool", () => {
  test("--help, and usage errors are one line with exit 2", () => {
    let r = runHaven(["import", "neglect-tool", "--help"]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: haven import neglect-tool --db PATH FILE\.json/);
    r = runHaven(["import", "neglect-tool", "x.json"]);
    assert.equal(r.status, 2);
  });

  test("a broken document names every problem by its JSON path and changes nothing", () => {
    const before = snapshot();
    const doc = structuredClone(DEMO);
    doc.version = "2026.9";
    doc.grades.pop();
    doc.areas[0].sub_areas[1].descriptors.splice(2, 1);
    doc.areas[1].sub_areas[0].descriptors[0].age_bands = ["teenagers"];
    doc.areas[2].sub_areas[1].id = "warmth";
    doc.colour = "blue";
    const r = runHaven(["import", "neglect-tool", "--db", haven.dbPath, file(doc)]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /\$\.grades: must list the five grades/);
    assert.match(r.stderr, /\$\.areas\[0\]\.sub_areas\[1\]\.descriptors: has no descriptor of grade 3 for age band "under-5"/);
    assert.match(r.stderr, /\$\.areas\[1\]\.sub_areas\[0\]\.descriptors\[0\]\.age_bands\[0\]: must be the id of one of \$\.age_bands/);
    assert.match(r.stderr, /\$\.areas\[2\]\.sub_areas\[1\]\.id: "warmth" is the id of another sub-area/);
    assert.match(r.stderr, /\$\.colour: is not a field of the neglect tool format/);
    assert.match(r.stderr, /problems; nothing was imported/);
    assert.equal(snapshot(), before);
  });

  test("a good document is published; its version string cannot be used again", () => {
    const doc = structuredClone(DEMO);
    doc.version = "2026.2";
    let r = runHaven(["import", "neglect-tool", "--db", haven.dbPath, file(doc)]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /published neglect tool version 2026\.2 \(4 areas of care, 9 sub-areas\)/);
    const before = snapshot();
    r = runHaven(["import", "neglect-tool", "--db", haven.dbPath, file(doc)]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /version 2026\.2 is already published/);
    assert.equal(snapshot(), before);
  });
});

describe("the tool and its versions", () => {
  test("GET /api/v1/neglect/tool is the current version, for those who work with children", async () => {
    const r = await call("practitioner", "/api/v1/neglect/tool");
    assert.equal(r.status, 200);
    assert.equal(r.body.version, "2026.2");
    assert.deepEqual(r.body.areas.map((a) => a.id), DEMO.areas.map((a) => a.id));
    assert.equal((await call("dsl", "/neglect/tool")).status, 200);
    assert.equal((await call(null, "/api/v1/neglect/tool")).status, 401);
    assert.equal((await call("admin", "/api/v1/neglect/tool")).status, 403);
  });

  test("the partnership publishes on the versions page; a practitioner may not", async () => {
    assert.equal((await call("practitioner", "/neglect/tool/versions")).status, 403);
    const before = snapshot();
    let r = await call("partnership", "/neglect/tool/versions", { method: "POST", form: [["document", '{"version": "x"}']] });
    assert.equal(r.status, 422);
    assert.match(r.text, /\$\.title: is missing/);
    assert.match(r.text, /\{&quot;version&quot;: &quot;x&quot;\}<\/textarea>/, "what was pasted stays in the box");
    assert.equal(snapshot(), before);
    const doc = structuredClone(DEMO);
    doc.version = "2026.3";
    r = await post("partnership", "/api/v1/neglect/tool/versions", { document: JSON.stringify(doc) });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.sub_area_count, 9);
    r = await post("partnership", "/api/v1/neglect/tool/versions", { document: JSON.stringify(doc) });
    assert.equal(r.status, 409);
    assert.match(r.body.errors[0].detail, /^\$\.version: version 2026\.3 is already published/);
    r = await call("partnership", "/neglect/tool/versions");
    assert.match(r.text, /2026\.3 <strong class="govuk-tag govuk-tag--green">In use<\/strong>/);
  });
});

describe("assessments", () => {
  let draft;
  test("a draft may be saved with some grades; its version is the current one", async () => {
    const r = await post("practitioner", `/api/v1/neglect/children/${ALEX}/assessments`, {
      age_band: "5-11",
      grades: { food: { grade: 3, evidence: "Little food in the cupboards" } },
    });
    assert.equal(r.status, 201, r.text);
    draft = r.body.id;
    assert.equal(r.body.status, "draft");
    assert.equal(r.body.tool_version, "2026.3");
    assert.deepEqual(r.body.grades, { food: { grade: 3, evidence: "Little food in the cupboards" } });
  });

  test("bad grades are named and change nothing", async () => {
    const before = snapshot();
    let r = await post("practitioner", `/api/v1/neglect/children/${ALEX}/assessments`, {
      age_band: "5-11",
      grades: { food: { grade: 6 }, flying: { grade: 1 } },
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /The grade for Food and drink must be a whole number from 1 to 5/);
    assert.match(r.text, /\\"flying\\" is not a sub-area of this version of the tool|"flying" is not a sub-area/);
    r = await post("practitioner", `/api/v1/neglect/children/${ALEX}/assessments`, { age_band: "adults" });
    assert.deepEqual(errorFields(r.body), ["age_band"]);
    assert.equal(snapshot(), before);
  });

  test("finishing needs every grade with evidence, a summary and a review date", async () => {
    const before = snapshot();
    let r = await post("practitioner", `/api/v1/neglect/assessments/${draft}`, { age_band: "5-11", finish: true });
    assert.equal(r.status, 422);
    const fields = errorFields(r.body);
    assert.ok(fields.includes("summary") && fields.includes("review_on") && fields.includes("grades"), fields.join());
    assert.match(r.text, /Select a grade for The home and its hygiene/);
    assert.equal(snapshot(), before);
    r = await post("practitioner", `/api/v1/neglect/assessments/${draft}`, {
      age_band: "5-11",
      finish: true,
      grades: { ...everyGrade(3), supervision: { grade: 4, evidence: "Out alone after dark" } },
      family_voice: "Mum says money is tight",
      child_voice: "Alex says he is often hungry",
      strengths: "Warm relationship with his gran",
      summary: "Needs partly met; supervision a concern",
      assessed_on: "2026-06-01",
      review_on: "2026-09-01",
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, "finished");
    assert.equal(r.body.overall_grade, 4, "the worst area leads");
    assert.deepEqual(r.body.area_grades, { "love-and-care": 3, "physical-care": 3, safety: 4, stimulation: 3 });
  });

  test("a finished assessment does not change", async () => {
    const before = snapshot();
    const r = await post("practitioner", `/api/v1/neglect/assessments/${draft}`, { age_band: "5-11" });
    assert.equal(r.status, 409);
    assert.equal(snapshot(), before);
  });

  test("a reassessment shows the change per area beside the baseline", async () => {
    const r = await post("practitioner", `/api/v1/neglect/children/${ALEX}/assessments`, {
      age_band: "5-11",
      finish: true,
      grades: { ...everyGrade(2), warmth: { grade: 4, evidence: "Shouted at him" } },
      summary: "Better fed and supervised",
      assessed_on: "2026-09-01",
      review_on: "2026-12-01",
    });
    assert.equal(r.status, 201, r.text);
    const c = await call("practitioner", `/api/v1/neglect/children/${ALEX}`);
    assert.equal(c.status, 200);
    assert.equal(c.body.assessments.length, 2);
    const byArea = Object.fromEntries(c.body.comparison.areas.map((a) => [a.id, [a.baseline, a.latest, a.change]]));
    assert.deepEqual(byArea, {
      "physical-care": [3, 2, "better"],
      safety: [4, 2, "better"],
      "love-and-care": [3, 4, "worse"],
      stimulation: [3, 2, "better"],
    });
    assert.equal(c.body.comparison.improving, false, "one area got worse");
    assert.equal(c.body.review_on, "2026-12-01");
    const page = await call("practitioner", `/neglect/children/${ALEX}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<svg class="haven-chart" role="img"/);
    assert.match(page.text, /<th scope="row" class="govuk-table__header"[^>]*>Love and emotional care<\/th>\s*<td[^>]*>3<\/td>\s*<td[^>]*>4<\/td>\s*<td[^>]*>worse<\/td>/);
  });

  test("linked agencies read finished assessments; others get 404; the partnership is refused", async () => {
    const id = sql("SELECT max(id) FROM neglect_assessments;");
    assert.equal((await call("dsl", `/api/v1/neglect/assessments/${id}`)).status, 200, "Alex's school");
    assert.equal((await call("dsl2", `/api/v1/neglect/assessments/${id}`)).status, 404, "another school");
    assert.equal((await call("dsl2", `/api/v1/neglect/children/${ALEX}`)).status, 404);
    assert.equal((await post("dsl2", `/api/v1/neglect/children/${ALEX}/assessments`, { age_band: "5-11" })).status, 404);
    assert.equal((await call("partnership", `/api/v1/neglect/assessments/${id}`)).status, 403);
  });

  test("the demo front door's draft waits on their task list, which opens its form", async () => {
    // src/areas/neglect/demo.sql: Lancashire's front door began assessing Jo (child 3)
    const draft = Number(sql("SELECT a.id FROM neglect_assessments a JOIN users u ON u.id = a.user_id WHERE u.email = 'frontdoor@demo.haven.example' AND a.status = 'draft' ORDER BY a.id LIMIT 1;"));
    const tasks = (await call("frontdoor", "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "neglect.finish");
    assert.deepEqual(tasks.map((t) => [t.href, t.text]), [[`/neglect/assessments/${draft}/edit`, "Finish a neglect assessment"]]);
    assert.equal((await call("frontdoor", `/neglect/assessments/${draft}/edit`)).status, 200);
    assert.ok(!(await call("practitioner", "/api/v1/tasks")).body.tasks.some((t) => t.kind === "neglect.finish"), "nobody else's");
  });

  test("a draft is seen only by its agency and changed only by whoever began it", async () => {
    const r = await post("practitioner", `/api/v1/neglect/children/${ALEX}/assessments`, { age_band: "5-11" });
    assert.equal(r.status, 201);
    assert.equal((await call("dsl", `/api/v1/neglect/assessments/${r.body.id}`)).status, 404, "another agency");
    const list = await call("dsl", `/api/v1/neglect/children/${ALEX}`);
    assert.ok(!list.body.assessments.some((a) => a.id === r.body.id), "not in the school's list either");
    assert.equal((await call("practitioner", `/api/v1/neglect/assessments/${r.body.id}`)).status, 200);
  });

  test("an agency's own assessments, newest first, a page at a time, each read audited", async () => {
    const mine = sql("SELECT group_concat(CAST(id AS text)) FROM (SELECT id FROM neglect_assessments WHERE agency_id = 7 ORDER BY id DESC) AS s;").split(",").map(Number);
    assert.ok(mine.length >= 3);
    let r = await call("practitioner", "/api/v1/neglect/assessments?limit=2");
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.assessments.map((a) => a.id), mine.slice(0, 2));
    assert.match(r.body.assessments[0].child_name, /^Alex /);
    r = await call("practitioner", `/api/v1/neglect/assessments?limit=2&after=${r.body.next}`);
    assert.deepEqual(r.body.assessments.map((a) => a.id), mine.slice(2, 4));
    assert.equal((await call("dsl2", "/api/v1/neglect/assessments")).body.assessments.length, 0, "another agency's are not listed");
    assert.equal((await call("partnership", "/api/v1/neglect/assessments")).status, 403);
    const page = await call("practitioner", "/neglect/assessments");
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`href="/neglect/assessments/${mine[0]}"`));
  });

  test("every read leaves an audit row naming the child", async () => {
    const id = sql("SELECT max(id) FROM neglect_assessments WHERE status = 'finished';");
    await call("dsl", `/api/v1/neglect/assessments/${id}`);
    const rows = sql(
      `SELECT count(*) FROM audit_log a JOIN audit_children c ON c.audit_id = a.id WHERE a.action = 'neglect.read' AND a.resource_id = '${id}' AND c.child_id = ${ALEX};`,
    );
    assert.ok(Number(rows) >= 1, rows);
  });
});

describe("a manager's agreement, optional per agency", () => {
  test("an agency that asks for it: a colleague agrees, never the assessor, once", async () => {
    let r = runHaven(["neglect", "agreement", "--db", haven.dbPath, "--agency", "nowhere", "--required", "yes"]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /there is no agency nowhere/);
    r = runHaven(["neglect", "agreement", "--db", haven.dbPath, "--agency", "demo-teaching-hospitals", "--required", "maybe"]);
    assert.equal(r.status, 2);
    r = runHaven(["user", "add", "--db", haven.dbPath, "--email", MANAGER, "--name", "Mo Manager", "--agency", "demo-teaching-hospitals",
      "--role", "practitioner"], { input: `${MANAGER_PASSWORD}\n` });
    assert.equal(r.status, 0, r.stderr);
    const id = Number(sql("SELECT max(id) FROM neglect_assessments WHERE status = 'finished' AND agency_id = 7;"));
    // the trust does not ask for agreement yet
    r = await post(MANAGER, `/api/v1/neglect/assessments/${id}/agreement`, {});
    assert.equal(r.status, 409);
    assert.match(r.text, /Your agency does not ask for neglect assessments to be agreed/);
    r = runHaven(["neglect", "agreement", "--db", haven.dbPath, "--agency", "demo-teaching-hospitals", "--required", "yes"]);
    assert.equal(r.status, 0, r.stderr);
    const tasks = (await call(MANAGER, `/api/v1/neglect/assessments/${id}`)).body;
    assert.equal(tasks.assessment.agreement_asked, true);
    assert.equal(tasks.can_agree, true);
    // not the assessor, and not another agency
    assert.equal((await post("practitioner", `/api/v1/neglect/assessments/${id}/agreement`, {})).status, 403);
    assert.equal((await post("dsl", `/api/v1/neglect/assessments/${id}/agreement`, {})).status, 403);
    const page = await call(MANAGER, `/neglect/assessments/${id}`);
    assert.match(page.text, /Waiting for a manager&#39;s agreement|Waiting for a manager's agreement/);
    assert.match(page.text, /Agree the assessment/);
    r = await post(MANAGER, `/api/v1/neglect/assessments/${id}/agreement`, { note: "Agreed at supervision" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.agreed_by_name, "Mo Manager");
    assert.equal(r.body.agreement_note, "Agreed at supervision");
    r = await post(MANAGER, `/api/v1/neglect/assessments/${id}/agreement`, {});
    assert.equal(r.status, 409);
    assert.match(r.text, /already agreed/);
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'neglect.agree' AND resource_id = '${id}';`), "1");
  });
});

describe("figures", () => {
  // Jo (child 3, Lancashire) is linked to Lancashire County Council's front door.
  const JO = 3;
  test("by local authority and period: assessments, children, grades by area, and the share improving", async () => {
    for (const [on, grade] of [["2026-05-01", 3], ["2026-08-01", 2]]) {
      const r = await post("frontdoor", `/api/v1/neglect/children/${JO}/assessments`, {
        age_band: "5-11",
        finish: true,
        grades: everyGrade(grade),
        summary: "Seen at home",
        assessed_on: on,
        review_on: "2026-12-31",
      });
      assert.equal(r.status, 201, r.text);
    }
    // Alex (Blackburn with Darwen): 2026-06-01 and 2026-09-01, one area worse; Jo: all better
    let r = await call("partnership", "/api/v1/neglect/figures?from=2026-04-01&to=2027-03-31");
    assert.equal(r.status, 200, r.text);
    const p = r.body.partnership;
    assert.deepEqual([p.assessments, p.children, p.reassessed, p.improving, p.improving_percent], [4, 2, 2, 1, 50]);
    const byLa = Object.fromEntries(r.body.areas.map((a) => [a.la_name, [a.assessments, a.children, a.reassessed, a.improving]]));
    assert.deepEqual(byLa, { Blackpool: [0, 0, 0, 0], "Blackburn with Darwen": [2, 1, 1, 0], Lancashire: [2, 1, 1, 1] });
    const safety = p.grades.find((g) => g.area === "safety").counts.map((c) => c.count);
    assert.deepEqual(safety, [0, 2, 1, 1, 0], "safety: Alex 4 then 2, Jo 3 then 2");
    // a period holding only the later assessments: each child's baseline still counts from before it
    r = await call("partnership", "/api/v1/neglect/figures?from=2026-08-01&to=2026-12-31");
    assert.deepEqual([r.body.partnership.assessments, r.body.partnership.reassessed, r.body.partnership.improving], [2, 2, 1]);
    r = await call("partnership", "/api/v1/neglect/figures?from=2026-08-01&to=2026-01-01");
    assert.equal(r.status, 400);
    assert.deepEqual(errorFields(r.body), ["to"]);
    assert.equal((await call("practitioner", "/api/v1/neglect/figures")).status, 403);
    assert.equal((await call("scrutineer", "/api/v1/neglect/figures")).status, 403, "the scrutineer reads them suppressed on /scrutiny");
    const page = await call("partnership", "/neglect/figures?from=2026-04-01&to=2027-03-31");
    assert.equal(page.status, 200);
    assert.match(page.text, /1 of 2 \(50\.0%\)/);
  });
});

describe("the pages", () => {
  test("a new assessment asks the age band, then shows that band's descriptors", async () => {
    let r = await call("practitioner", `/neglect/children/${ALEX}/assessments/new`);
    assert.equal(r.status, 200);
    assert.match(r.text, /How old is the child\?/);
    r = await call("practitioner", `/neglect/children/${ALEX}/assessments/new?age_band=5-11`);
    assert.equal(r.status, 200);
    assert.match(r.text, /The carer always knows where the child is/);
    assert.doesNotMatch(r.text, /The child is never left alone and is always within sight/);
  });

  test("finishing from the form with gaps shows each sub-area's error, keeping what was given", async () => {
    const tool = sql("SELECT max(id) FROM neglect_tool_versions;");
    const before = snapshot();
    let r = await call("practitioner", `/neglect/children/${ALEX}/assessments`, {
      method: "POST",
      form: [["tool", tool], ["age_band", "5-11"], ["grade_1", "2"], ["evidence_1", "Fruit bowl full"], ["finish", "true"]],
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#grade_2">Select a grade for The home and its hygiene<\/a>/);
    assert.match(r.text, /id="grade_2" name="grade_2"/, "the summary's link has a target");
    assert.match(r.text, /name="grade_1" type="radio" value="2" checked/);
    assert.match(r.text, />Fruit bowl full<\/textarea>/);
    assert.equal(snapshot(), before);
    r = await call("practitioner", `/neglect/children/${ALEX}/assessments`, {
      method: "POST",
      form: [["tool", tool], ["age_band", "5-11"], ["grade_1", "2"], ["finish", "false"]],
    });
    assert.equal(r.status, 303);
    const where = r.headers.get("location");
    assert.match(where, /^\/neglect\/assessments\/\d+$/);
    r = await call("practitioner", `${where}/edit`);
    assert.equal(r.status, 200);
    assert.match(r.text, /name="grade_1" type="radio" value="2" checked/);
    assert.equal((await call("dsl", `${where}/edit`)).status, 404);
  });
});

describe("what the health visitor found", () => {
  // src/areas/neglect/demo.sql: the front door's draft of Jo (child 3, born 7 January 2019), age band 5 to 11
  const JO = 3;
  const frontdoorDraft = () =>
    Number(sql("SELECT a.id FROM neglect_assessments a JOIN users u ON u.id = a.user_id WHERE u.email = 'frontdoor@demo.haven.example' AND a.status = 'draft' ORDER BY a.id LIMIT 1;"));

  test("a date that is not real keeps every grade, evidence and the summary, and lists every other gap", async () => {
    const draft = frontdoorDraft();
    const before = snapshot();
    const r = await call("frontdoor", `/neglect/assessments/${draft}`, {
      method: "POST",
      form: [["age_band", "5-11"], ["grade_1", "4"], ["evidence_1", "Empty fridge at the visit"],
        ["summary", "Food often short"], ["review_on-day", "31"], ["review_on-month", "2"], ["review_on-year", "2027"],
        ["finish", "true"]],
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /The review date must be a real date/);
    assert.match(r.text, /<a href="#grade_2">Select a grade for The home and its hygiene<\/a>/, "the other gaps listed too");
    assert.match(r.text, /name="grade_1" type="radio" value="4" checked/);
    assert.match(r.text, />Empty fridge at the visit<\/textarea>/);
    assert.match(r.text, />Food often short<\/textarea>/);
    assert.match(r.text, /name="review_on-day" type="text"[^>]*value="31"|value="31"[^>]*name="review_on-day"/);
    assert.equal(snapshot(), before);
  });

  test("an age band the child is not of is refused by the field, on the page and the API", async () => {
    // Alex (child 1) was born on 12 April 2016
    let r = await call("practitioner", `/neglect/children/${ALEX}/assessments/new?age_band=under-5&asked=true`);
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#age_band">The child is 10: select the age band for a child of 10<\/a>/);
    assert.match(r.text, /<bdi>Alex Example<\/bdi> is 10, from the date of birth on their record/);
    assert.doesNotMatch(r.text, /The child is never left alone and is always within sight/, "no under-5 descriptors");
    const before = snapshot();
    r = await post("practitioner", `/api/v1/neglect/children/${ALEX}/assessments`, { age_band: "under-5", finish: true });
    assert.equal(r.status, 422);
    assert.ok(errorFields(r.body).includes("age_band"));
    // on the date of the assessment: Alex was 4 until 12 April 2021 (a date before this tool's review limit is
    // fine); finishing with a band for a child of 5 to 11 is refused
    r = await post("practitioner", `/api/v1/neglect/children/${ALEX}/assessments`, { age_band: "5-11", assessed_on: "2021-04-11", finish: true });
    assert.equal(r.status, 422);
    assert.ok(errorFields(r.body).includes("age_band"));
    assert.match(r.text, /The child was 4 on the date of the assessment: select the age band for a child of 4/);
    assert.equal(snapshot(), before);
  });

  // Alex (child 1, born 12 April 2016) visited on 11 April 2021, the day before turning 5, and written up now
  const visitDay = [["assessed_on-day", "11"], ["assessed_on-month", "4"], ["assessed_on-year", "2021"]];
  const everything = (band, finish) => {
    const form = [["tool", sql("SELECT max(id) FROM neglect_tool_versions;")], ["age_band", band], ...visitDay,
      ["summary", "Food short at the visit"], ["review_on-day", "11"], ["review_on-month", "7"], ["review_on-year", "2021"],
      ["finish", String(finish)]];
    SUBS.forEach((sub, i) => form.push([`grade_${i + 1}`, "3"], [`evidence_${i + 1}`, `Seen at the visit: ${sub}`]));
    return form;
  };
  const keptEverything = (text, band) => {
    assert.match(text, new RegExp(`name="age_band" type="radio" value="${band}" checked`), "the band chosen stays chosen");
    SUBS.forEach((sub, i) => {
      assert.match(text, new RegExp(`name="grade_${i + 1}" type="radio" value="3" checked`));
      assert.match(text, new RegExp(`>Seen at the visit: ${sub}</textarea>`));
    });
    assert.match(text, />Food short at the visit<\/textarea>/);
    assert.match(text, /name="assessed_on-year" type="text"[^>]*value="2021"|value="2021"[^>]*name="assessed_on-year"/);
  };

  test("a visit before the birthday written up after it: the form changes the band, keeping everything, and finishes with the visit's", async () => {
    // the band page goes by today (Alex is 10); the form offers every band beside the age on its date
    let r = await call("practitioner", `/neglect/children/${ALEX}/assessments/new?age_band=5-11`);
    assert.equal(r.status, 200);
    assert.match(r.text, /id="age_band" name="age_band" type="radio" value="under-5">/);
    assert.match(r.text, /name="age_band" type="radio" value="5-11" checked>/);
    assert.match(r.text, /<bdi>Alex Example<\/bdi> is 10, from the date of birth on their record/);
    // the date of the visit typed and the band changed on the form: that band's descriptions, nothing typed lost, nothing saved
    const before = snapshot();
    r = await call("practitioner", `/neglect/children/${ALEX}/assessments`, {
      method: "POST",
      form: [...everything("under-5", false).filter(([name]) => name !== "finish"), ["change_band", "true"]],
    });
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /The child is never left alone and is always within sight/, "the under-5 descriptions");
    assert.match(r.text, /<bdi>Alex Example<\/bdi> was 4, from the date of birth on their record/);
    assert.doesNotMatch(r.text, /govuk-error-summary|govuk-warning-text/);
    keptEverything(r.text, "under-5");
    assert.equal(snapshot(), before);
    r = await call("practitioner", `/neglect/children/${ALEX}/assessments`, { method: "POST", form: everything("under-5", true) });
    assert.equal(r.status, 303, r.text);
    const id = Number(r.headers.get("location").split("/").pop());
    assert.equal(sql(`SELECT age_band || ' ' || status || ' ' || assessed_on FROM neglect_assessments WHERE id = ${id};`), "under-5 finished 2021-04-11");
  });

  test("a draft whose band no longer fits saves with a warning, keeps everything, and is refused only on finishing", async () => {
    // saved from the form with a band for 5 to 11: kept, said so
    let r = await call("practitioner", `/neglect/children/${ALEX}/assessments`, { method: "POST", form: everything("5-11", false) });
    assert.equal(r.status, 303, r.text);
    const where = r.headers.get("location");
    const id = Number(where.split("/").pop());
    assert.equal(sql(`SELECT age_band || ' ' || status FROM neglect_assessments WHERE id = ${id};`), "5-11 draft");
    r = await call("practitioner", `${where}/edit`);
    assert.equal(r.status, 200);
    assert.match(r.text, /govuk-warning-text[\s\S]*The child was 4 on the date of the assessment: select the age band for a child of 4\. You can save a draft with it, but not finish/);
    keptEverything(r.text, "5-11");
    // the draft's own page says so too, afterwards, as does the API's answer for it
    r = await call("practitioner", where);
    assert.equal(r.status, 200);
    assert.match(r.text, /govuk-warning-text[\s\S]*The child was 4 on the date of the assessment: select the age band for a child of 4\. You can save a draft with it, but not finish/);
    r = await call("practitioner", `/api/v1/neglect/assessments/${id}`);
    assert.equal(r.body.age_band_warning, "The child was 4 on the date of the assessment: select the age band for a child of 4");
    // saved again as a draft (the API too): still kept
    r = await post("practitioner", `/api/v1/neglect/assessments/${id}`, { age_band: "5-11", assessed_on: "2021-04-11", summary: "Food short at the visit" });
    assert.equal(r.status, 200, r.text);
    // finishing is refused by the field, with everything typed on the page shown again, nothing changed
    const before = snapshot();
    r = await call("practitioner", where, { method: "POST", form: everything("5-11", true) });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#age_band">The child was 4 on the date of the assessment: select the age band for a child of 4<\/a>/);
    assert.match(r.text, /id="age_band-error"/);
    keptEverything(r.text, "5-11");
    r = await post("practitioner", `/api/v1/neglect/assessments/${id}`, { age_band: "5-11", assessed_on: "2021-04-11", finish: true });
    assert.equal(r.status, 422);
    assert.ok(errorFields(r.body).includes("age_band"));
    assert.equal(snapshot(), before);
    // the band for the visit: finished
    r = await call("practitioner", where, { method: "POST", form: everything("under-5", true) });
    assert.equal(r.status, 303, r.text);
    assert.equal(sql(`SELECT age_band || ' ' || status FROM neglect_assessments WHERE id = ${id};`), "under-5 finished");
    assert.doesNotMatch((await call("practitioner", where)).text, /govuk-warning-text/, "no warning once it fits");
  });

  test("Continue with no age band chosen says to choose one", async () => {
    const r = await call("practitioner", `/neglect/children/${ALEX}/assessments/new?asked=true`);
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#age_band">Select the child&#39;s age band<\/a>|<a href="#age_band">Select the child's age band<\/a>/);
    assert.match(r.text, /govuk-form-group--error/);
  });

  test("the tool's grades show no description but their own", async () => {
    const r = await call("practitioner", "/neglect/tool");
    assert.equal(r.status, 200);
    const grades = r.text.slice(r.text.indexOf(">Grades</h2>"), r.text.indexOf(">Age bands</h2>"));
    assert.ok(!grades.includes(DEMO.description.slice(0, 40)), grades);
    assert.doesNotMatch(r.text, /<code>\/neglect\/children\/<\/code>/, "no address to type");
  });

  test("a grade of 4 leads on to support, and finishing again says it is finished", async () => {
    const tool = sql("SELECT max(id) FROM neglect_tool_versions;");
    let r = await post("frontdoor", `/api/v1/neglect/children/${JO}/assessments`, { age_band: "5-11" });
    assert.equal(r.status, 201, r.text);
    const id = r.body.id;
    const form = [["tool", tool], ["age_band", "5-11"], ["summary", "Needs unmet at times"], ["review_on-day", "1"],
      ["review_on-month", "3"], ["review_on-year", "2027"], ["finish", "true"]];
    SUBS.forEach((sub, i) => form.push([`grade_${i + 1}`, sub === "supervision" ? "4" : "2"], [`evidence_${i + 1}`, `Seen: ${sub}`]));
    r = await call("frontdoor", `/neglect/assessments/${id}`, { method: "POST", form });
    assert.equal(r.status, 303, r.text);
    const page = await call("frontdoor", r.headers.get("location"));
    assert.match(page.text, /What to do next/);
    assert.match(page.text, /href="\/levels-of-need"/);
    assert.match(page.text, /href="\/requests-for-support\/new"/);
    // the second tab
    const before = snapshot();
    r = await call("frontdoor", `/neglect/assessments/${id}`, { method: "POST", form });
    assert.equal(r.status, 409);
    assert.match(r.text, /This assessment is already finished/);
    assert.match(r.text, new RegExp(`href="/neglect/assessments/${id}">Go back to the finished assessment`));
    assert.doesNotMatch(r.text, /permission|neglect_assessment_begin/);
    r = await post("frontdoor", `/api/v1/neglect/assessments/${id}`, { age_band: "5-11" });
    assert.equal(r.status, 409);
    assert.match(r.text, /already finished/);
    assert.doesNotMatch(r.text, /neglect_assessment_begin/);
    assert.equal(snapshot(), before);
  });

  test("the child's record leads to their neglect assessments, and they lead back", async () => {
    let r = await call("practitioner", `/children/${ALEX}`);
    assert.equal(r.status, 200);
    assert.match(r.text, new RegExp(`<a class="govuk-link" href="/neglect/children/${ALEX}">This child(&#39;|')s neglect assessments</a>`));
    r = await call("practitioner", `/neglect/children/${ALEX}`);
    assert.match(r.text, new RegExp(`<a href="/children/${ALEX}" class="govuk-back-link">`));
  });
});

test("haven stops cleanly (under the sanitizer build: no leak or undefined behaviour on these paths)", async () => {
  const code = await haven.stop({ keepDir: false });
  const reports = haven.stderrLines().filter((l) => /runtime error|LeakSanitizer|AddressSanitizer/.test(l));
  assert.deepEqual(reports, []);
  assert.equal(code, 0);
  haven = null;
});
