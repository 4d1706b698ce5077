// The levels-of-need tool (src/areas/threshold) over HTTP: `haven import
// framework` with a good file and broken ones (each problem named by its JSON
// path, the database unchanged); the tool's API across every role; a
// judgement that differs from the suggestion needs a reason; each decision
// records its framework version; a version the partnership publishes is used
// by later decisions and changes no earlier one; a decision is only its
// maker's; and the pages' forms (search keeps the ticks, errors name fields).
// The import runs while `haven serve` has the database open, as in production.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { REPO_ROOT, runHaven, startHaven } from "../lib/haven.mjs";

const DEMO = JSON.parse(readFileSync(path.join(REPO_ROOT, "src/areas/threshold/data/framework-demo.json"), "utf8"));
let haven;
const { call, post } = apiClient(() => haven);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  await haven?.stop();
});

const sql = (query) => sqlText(haven.dbPath, query);

/** Everything the area stores, to show that a refused change changed nothing. */
const snapshot = () =>
  sql("SELECT id, version, published_by, length(document) FROM framework_versions ORDER BY id;") +
  "\n" +
  sql("SELECT id, framework_id, chosen_level FROM threshold_assessments ORDER BY id;");

let n = 0;
function file(content) {
  const p = path.join(haven.dir, `framework-${++n}.json`);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
}

const copy = (changes = {}) => ({ ...structuredClone(DEMO), ...changes });

// Three Level 2 indicators from three domains: raised to Level 3 by the demo rule.
const RAISED = ["education-attendance-falling", "basic-care-inconsistent", "housing-poor-conditions"];

describe("haven import framework", () => {
  test("--help, and usage errors are one line with exit 2", () => {
    let r = runHaven(["import", "framework", "--help"]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: haven import framework --db PATH FILE\.json/);
    r = runHaven(["import", "framework", "x.json"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--db PATH is required/);
    r = runHaven(["import", "framework", "--db", haven.dbPath]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /FILE\.json is required/);
  });

  test("a file that is not JSON, or not there, changes nothing", () => {
    const before = snapshot();
    let r = runHaven(["import", "framework", "--db", haven.dbPath, file('{"version": "9", ')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /not JSON: line 1/);
    assert.match(r.stderr, /nothing was imported/);
    r = runHaven(["import", "framework", "--db", haven.dbPath, path.join(haven.dir, "missing.json")]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot read/);
    assert.equal(snapshot(), before);
  });

  test("a broken document names every problem by its JSON path and changes nothing", () => {
    const before = snapshot();
    const doc = copy({ version: "2026.9" });
    doc.indicators[3].level = 7;
    doc.indicators[5].domain = "nowhere";
    doc.local_authorities[2].routes.pop();
    doc.suggestion_rule.raise_one_level_when.domains_at_least = 0;
    const r = runHaven(["import", "framework", "--db", haven.dbPath, file(doc)]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /\$\.indicators\[3\]\.level: must be a whole number from 1 to 4/);
    assert.match(r.stderr, /\$\.indicators\[5\]\.domain: "nowhere" is not the id of one of the domains/);
    assert.match(r.stderr, /\$\.local_authorities\[2\]\.routes: has no route for level 4/);
    assert.match(r.stderr, /\$\.suggestion_rule\.raise_one_level_when\.domains_at_least: must be/);
    assert.match(r.stderr, /4 problems; nothing was imported/);
    assert.equal(snapshot(), before);
  });

  test("a version string already published is refused and changes nothing", () => {
    const before = snapshot();
    const r = runHaven(["import", "framework", "--db", haven.dbPath, file(copy())]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /version 2026\.1 is already published/);
    assert.equal(snapshot(), before);
  });

  test("a good file is published as a new version, which the tool then uses", async () => {
    const doc = copy({ version: "2026.2", title: "Levels of need, imported" });
    const r = runHaven(["import", "framework", "--db", haven.dbPath, file(doc)]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /published version 2026\.2 \(95 indicators\)/);
    assert.equal(sql("SELECT version || '|' || coalesce(CAST(published_by AS text), 'null') FROM framework_versions ORDER BY id DESC LIMIT 1;"), "2026.2|null");
    const current = await call("practitioner", "/api/v1/threshold/framework");
    assert.equal(current.status, 200);
    assert.equal(current.body.version, "2026.2");
    assert.equal(current.body.title, "Levels of need, imported");
    assert.equal(current.body.indicators.length, 95);
  });
});

describe("the tool's API", () => {
  test("every role that works with children may use it; others may not", async () => {
    const body = { age_band: "5-11", la_code: 889, indicators: RAISED };
    for (const who of ["practitioner", "frontdoor", "police", "dsl", "idva", "partnership"]) {
      const r = await post(who, "/api/v1/threshold/suggestions", body);
      assert.equal(r.status, 200, `${who}: ${r.text}`);
      assert.equal(r.body.suggested_level.number, 3);
    }
    for (const who of ["admin", "scrutineer"]) {
      const r = await post(who, "/api/v1/threshold/suggestions", body);
      assert.equal(r.status, 403, who);
    }
    const anonymous = await post(null, "/api/v1/threshold/suggestions", body);
    assert.equal(anonymous.status, 401);
    assert.equal((await call(null, "/api/v1/threshold/framework")).status, 401);
    assert.equal((await call("scrutineer", "/api/v1/threshold/framework")).status, 403);
  });

  test("the suggestion says why: the driving indicators, the raise, the course of action and the local route", async () => {
    const recorded = sql("SELECT count(*) FROM threshold_assessments;"); // the demo holds one decision
    const r = await post("practitioner", "/api/v1/threshold/suggestions", {
      age_band: "5-11",
      la_code: 890,
      indicators: [...RAISED, "health-well"],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.suggested_level.name, "Intensive Support");
    assert.match(r.body.suggested_level.course_of_action, /early help assessment/);
    assert.deepEqual(r.body.basis.driving_indicators, RAISED);
    assert.equal(r.body.basis.raised, true);
    assert.equal(r.body.basis.highest_ticked_level, 2);
    assert.match(r.body.basis.explanation, /raised one level/);
    assert.equal(r.body.local_route.la_name, "Blackpool");
    assert.equal(r.body.local_route.level, 3);
    for (const s of r.body.local_route.services) {
      assert.match(s.phone, /^01632 960\d{3}$/);
      assert.match(s.email, /@[a-z-]+\.example\.org$/);
    }
    // nothing is recorded by asking
    assert.equal(sql("SELECT count(*) FROM threshold_assessments;"), recorded);
  });

  test("bad choices are named by field and change nothing", async () => {
    const before = snapshot();
    let r = await post("practitioner", "/api/v1/threshold/assessments", { indicators: [], chosen_level: 2 });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body).sort(), ["age_band", "indicators", "la_code"]);
    r = await post("practitioner", "/api/v1/threshold/assessments", {
      age_band: "adults",
      la_code: 111,
      indicators: ["not-an-indicator"],
      chosen_level: 2,
    });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body).sort(), ["age_band", "indicators", "la_code"]);
    r = await post("practitioner", "/api/v1/threshold/assessments", {
      age_band: "0-4",
      la_code: 888,
      indicators: ["health-substance-use"], // for young people of 12 to 17 only
      chosen_level: 3,
    });
    assert.equal(r.status, 422);
    assert.match(r.body.errors[0].detail, /does not apply to the age band 0 to 4 years/);
    r = await post("practitioner", "/api/v1/threshold/assessments", { age_band: "0-4", la_code: 888, indicators: ["health-well"], chosen_level: 9 });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body), ["chosen_level"]);
    r = await post("practitioner", "/api/v1/threshold/assessments", { age_band: "0-4", la_code: 888, indicators: ["health-well"], colour: "red" });
    assert.equal(r.status, 422);
    assert.ok(errorFields(r.body).includes("colour"));
    assert.equal(snapshot(), before);
  });

  test("a judgement that differs from the suggestion needs a reason", async () => {
    const before = snapshot();
    const decision = { age_band: "5-11", la_code: 889, indicators: ["education-attendance-falling"], chosen_level: 3 };
    let r = await post("practitioner", "/api/v1/threshold/assessments", decision);
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body), ["chosen_reason"]);
    assert.match(r.body.errors[0].detail, /Level 3 rather than the suggested Level 2 \(Universal Plus\)/);
    r = await post("practitioner", "/api/v1/threshold/assessments", { ...decision, chosen_reason: "   " });
    assert.equal(r.status, 422, "a reason of spaces is no reason");
    assert.equal(snapshot(), before);
    r = await post("practitioner", "/api/v1/threshold/assessments", { ...decision, chosen_reason: "Younger siblings are also affected." });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.suggested_level.number, 2);
    assert.equal(r.body.chosen_level.number, 3);
    assert.equal(r.body.chosen_reason, "Younger siblings are also affected.");
    assert.equal(r.body.differs, true);
    assert.equal(r.body.can_request_support, true);
    assert.equal(r.body.framework.version, "2026.2");
    assert.equal(r.body.local_route.level, 3, "the route for the level chosen");
    assert.equal(r.body.suggestion.local_route.level, 2, "and the suggestion's own");
    const row = sql(`SELECT f.version, a.suggested_level, a.chosen_level, a.la_code, a.age_band, a.indicators FROM threshold_assessments a JOIN framework_versions f ON f.id = a.framework_id WHERE a.id = ${r.body.id};`);
    assert.equal(row, '2026.2|2|3|889|5-11|["education-attendance-falling"]');
    // the decision is audited
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'threshold.use' AND resource_type = 'threshold_assessment' AND resource_id = '${r.body.id}';`), "1");
  });

  test("agreeing with the suggestion needs no reason; a decision is only its maker's", async () => {
    const r = await post("dsl", "/api/v1/threshold/assessments", { age_band: "12-17", la_code: 888, indicators: RAISED, chosen_level: 3 });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.chosen_reason, null);
    assert.equal(r.body.differs, false);
    assert.deepEqual(
      r.body.indicators.map((i) => [i.id, i.driving]),
      RAISED.map((id) => [id, true]),
    );
    const mine = await call("dsl", `/api/v1/threshold/assessments/${r.body.id}`);
    assert.equal(mine.status, 200);
    assert.equal(mine.body.id, r.body.id);
    assert.equal((await call("dsl2", `/api/v1/threshold/assessments/${r.body.id}`)).status, 404);
    assert.equal((await call("partnership", `/api/v1/threshold/assessments/${r.body.id}`)).status, 404);
    assert.equal((await call("dsl", "/api/v1/threshold/assessments/999999")).status, 404);
    assert.equal((await call("admin", `/api/v1/threshold/assessments/${r.body.id}`)).status, 403);
  });
});

describe("publishing a new version", () => {
  let earlier;

  test("only the partnership publishes; a broken or repeated version is refused by path and changes nothing", async () => {
    earlier = (await post("practitioner", "/api/v1/threshold/assessments", { age_band: "5-11", la_code: 890, indicators: RAISED, chosen_level: 3 })).body;
    assert.equal(earlier.framework.version, "2026.2");
    const before = snapshot();
    const good = JSON.stringify(copy({ version: "2026.3" }));
    assert.equal((await post("practitioner", "/api/v1/threshold/framework/versions", { document: good })).status, 403);
    assert.equal((await post("admin", "/api/v1/threshold/framework/versions", { document: good })).status, 403);
    assert.equal((await call("practitioner", "/api/v1/threshold/framework/versions")).status, 403);

    let r = await post("partnership", "/api/v1/threshold/framework/versions", { document: "{ not json" });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body), ["document"]);
    assert.match(r.body.errors[0].detail, /not valid JSON/);

    const broken = copy({ version: "2026.3" });
    broken.levels[1].number = 5;
    broken.indicators[0].tags = ["poverty"];
    r = await post("partnership", "/api/v1/threshold/framework/versions", { document: JSON.stringify(broken) });
    assert.equal(r.status, 422);
    assert.deepEqual(r.body.errors.map((e) => e.detail), [
      "$.levels[1].number: must be 2: levels are numbered 1, 2, 3 and so on, in order",
      '$.indicators[0].tags[0]: "poverty" is not one of the partnership\'s priorities: use contextual_safeguarding, domestic_abuse or neglect',
    ]);

    r = await post("partnership", "/api/v1/threshold/framework/versions", { document: JSON.stringify(copy({ version: "2026.1" })) });
    assert.equal(r.status, 409, "a version already published is a conflict, as for every versioned document");
    assert.match(r.body.errors[0].detail, /^\$\.version: version 2026\.1 is already published/);
    assert.equal(snapshot(), before);
  });

  test("later decisions use the new version; earlier ones keep theirs", async () => {
    // the new version: one indicator reworded and raised, and a stricter rule
    const doc = copy({ version: "2026.3", title: "Levels of need, third edition" });
    const housing = doc.indicators.find((i) => i.id === "housing-poor-conditions");
    housing.text = "The home is overcrowded or damp (reworded)";
    doc.suggestion_rule.raise_one_level_when.indicators_at_least = 4;
    let r = await post("partnership", "/api/v1/threshold/framework/versions", { document: JSON.stringify(doc) });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.version, "2026.3");

    const versions = await call("partnership", "/api/v1/threshold/framework/versions");
    assert.deepEqual(versions.body.versions.map((v) => [v.version, v.current]), [
      ["2026.3", true],
      ["2026.2", false],
      ["2026.1", false],
    ]);
    assert.equal(versions.body.versions[0].published_by_name !== null, true);

    // the same ticks under the new rule are no longer raised
    r = await post("practitioner", "/api/v1/threshold/assessments", { age_band: "5-11", la_code: 890, indicators: RAISED, chosen_level: 2 });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.framework.version, "2026.3");
    assert.equal(r.body.suggested_level.number, 2);
    assert.equal(r.body.basis.raised, false);
    assert.equal(r.body.indicators.find((i) => i.id === "housing-poor-conditions").text, "The home is overcrowded or damp (reworded)");

    // the earlier decision is as it was made: its version, level, rule and wording
    const old = await call("practitioner", `/api/v1/threshold/assessments/${earlier.id}`);
    assert.equal(old.status, 200);
    assert.equal(old.body.framework.version, "2026.2");
    assert.equal(old.body.suggested_level.number, 3);
    assert.equal(old.body.basis.raised, true);
    assert.equal(old.body.basis.rule.raise_one_level_when.indicators_at_least, 3);
    assert.equal(old.body.indicators.find((i) => i.id === "housing-poor-conditions").text, "The home is overcrowded, damp or in poor repair");
    // each publication is audited: the demo's, the import's and this one (refused ones left none)
    assert.equal(
      sql("SELECT group_concat(resource_id) FROM audit_log WHERE action = 'framework.publish' AND resource_type = 'framework_version';"),
      "1,2,3",
    );
  });
});

describe("the pages", () => {
  const tool = (form) => call("practitioner", "/levels-of-need", { method: "POST", form });

  test("searching keeps the ticks, hiding those it does not show in hidden fields", async () => {
    const fid = sql("SELECT max(id) FROM framework_versions;");
    const form = [
      ["framework_id", fid],
      ["age_band", "5-11"],
      ["la_code", "888"],
      ["q", "housing"],
      ["indicators", "education-attendance-falling"],
      ["indicators", "housing-poor-conditions"],
      ["action", "filter"],
    ];
    const r = await tool(form);
    assert.equal(r.status, 200);
    assert.match(r.text, /Immediate danger: call 999/);
    // the housing indicator is shown and ticked; the education one is hidden but kept
    assert.match(r.text, /<input class="govuk-checkboxes__input" id="[^"]*" name="indicators" type="checkbox" value="housing-poor-conditions" checked/);
    assert.match(r.text, /<input type="hidden" name="indicators" value="education-attendance-falling">/);
    assert.doesNotMatch(r.text, /type="checkbox" value="education-attendance-falling"/);
    assert.match(r.text, /2 ticked, of which 1 hidden by the search/);
    // the age band and local authority stay chosen, the search stays typed
    assert.match(r.text, /<option value="5-11" selected>/);
    assert.match(r.text, /<option value="888" selected>/);
    assert.match(r.text, /name="q" type="search" value="housing"/);
  });

  test("asking for the suggestion without choices shows the error summary naming each field", async () => {
    const r = await tool([["framework_id", sql("SELECT max(id) FROM framework_versions;")], ["action", "suggest"]]);
    assert.equal(r.status, 422);
    assert.match(r.text, /govuk-error-summary/);
    assert.match(r.text, /<a href="#age_band">Select the child&#39;s age band<\/a>/);
    assert.match(r.text, /<a href="#la_code">Select the local authority where the child lives<\/a>/);
    assert.match(r.text, /<a href="#indicators">Select at least one indicator you have seen<\/a>/);
    assert.match(r.text, /id="indicators" name="indicators"/, "the summary's link has a target");
  });

  test("a stale form (a version published meanwhile) is sent back to the tool with its ticks", async () => {
    const r = await tool([["framework_id", "1"], ["age_band", "5-11"], ["la_code", "888"], ["indicators", "health-well"], ["action", "suggest"]]);
    assert.equal(r.status, 422);
    assert.match(r.text, /A new version of the levels-of-need framework was published/);
    assert.match(r.text, /value="health-well" checked/);
  });

  test("the suggestion page, then a differing judgement without a reason, then with one", async () => {
    const fid = sql("SELECT max(id) FROM framework_versions;");
    const choices = [["framework_id", fid], ["age_band", "0-4"], ["la_code", "890"], ["indicators", "safety-left-alone"]];
    let r = await tool([...choices, ["action", "suggest"]]);
    assert.equal(r.status, 200);
    assert.match(r.text, /Suggested level: Level 4 Specialist Support/);
    assert.match(r.text, /Blackpool emergency duty team/);
    assert.match(r.text, /01632 960034/);
    assert.match(r.text, /You ticked neglect indicators at Level 3 or above\. Assess the child's care with the partnership's <a class="govuk-link" href="\/neglect\/tool">/);
    const before = snapshot();
    r = await call("practitioner", "/levels-of-need/decisions", { method: "POST", form: [...choices, ["chosen_level", "3"]] });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#chosen_reason">Explain why you judge the child&#39;s needs to be at Level 3/);
    assert.match(r.text, /value="3" checked/, "the level chosen stays chosen");
    r = await call("practitioner", "/levels-of-need/decisions", { method: "POST", form: [...choices] });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#chosen_level">Select the level you judge/);
    assert.equal(snapshot(), before);
    r = await call("practitioner", "/levels-of-need/decisions", {
      method: "POST",
      form: [...choices, ["chosen_level", "3"], ["chosen_reason", "A relative now lives with them."]],
    });
    assert.equal(r.status, 303);
    const where = r.headers.get("location");
    assert.match(where, /^\/levels-of-need\/decisions\/\d+$/);
    r = await call("practitioner", where);
    assert.equal(r.status, 200);
    // opened again (no change's message to show): the plain decision, not the confirmation panel
    assert.doesNotMatch(r.text, /Your decision is recorded|govuk-panel--confirmation/);
    assert.match(r.text, /<h1 class="govuk-heading-l">Your levels-of-need decision: Level 3 Intensive Support<\/h1>/);
    assert.match(r.text, new RegExp(`href="/requests-for-support/new\\?assessment=${where.split("/").pop()}"`));
    assert.match(r.text, /A relative now lives with them\./);
    assert.match(r.text, /href="\/neglect\/tool">common neglect assessment tool/, "the decision prompts a neglect assessment too");
  });

  test("neglect indicators below Level 3 do not prompt a neglect assessment, whatever level is suggested", async () => {
    const fid = sql("SELECT max(id) FROM framework_versions;");
    const form = [["framework_id", fid], ["age_band", "5-11"], ["la_code", "888"], ...RAISED.map((id) => ["indicators", id]), ["action", "suggest"]];
    const r = await tool(form);
    assert.equal(r.status, 200);
    assert.match(r.text, /Suggested level: Level \d/);
    assert.doesNotMatch(r.text, /neglect assessment tool/);
  });

  test("the versions page is the partnership's", async () => {
    assert.equal((await call("practitioner", "/levels-of-need/framework")).status, 403);
    const r = await call("partnership", "/levels-of-need/framework");
    assert.equal(r.status, 200);
    assert.match(r.text, /2026\.3 <strong class="govuk-tag govuk-tag--green">In use<\/strong>/);
    const bad = await call("partnership", "/levels-of-need/framework", { method: "POST", form: [["document", '{"version": "x"}']] });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /\$\.title: is missing/);
    assert.match(bad.text, /\{&quot;version&quot;: &quot;x&quot;\}<\/textarea>/, "what was pasted stays in the box");
  });
});

describe("an indicator's tags are the partnership's priorities, which are data", () => {
  // a framework whose housing indicator is tagged by `tags`
  const tagged = (version, tags) => {
    const doc = copy({ version });
    doc.indicators.find((i) => i.id === "housing-poor-conditions").tags = tags;
    return doc;
  };
  const publish = (doc) => post("partnership", "/api/v1/threshold/framework/versions", { document: JSON.stringify(doc) });
  const housingTags = async () => {
    const r = await call("practitioner", "/levels-of-need", { method: "POST", form: [["framework_id", sql("SELECT max(id) FROM framework_versions;")], ["q", "overcrowded"], ["action", "filter"]] });
    assert.equal(r.status, 200);
    return [...r.text.matchAll(/<strong class="govuk-tag govuk-tag--blue">([^<]*)<\/strong>/g)].map((m) => m[1]);
  };

  test("a tag that is not a priority is refused by path, on the page, the API and the command, changing nothing", async () => {
    const before = snapshot();
    const doc = tagged("2026.4", ["neglect", "poverty"]);
    const r = await publish(doc);
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.body.errors.map((e) => e.detail), [
      `$.indicators[${DEMO.indicators.findIndex((i) => i.id === "housing-poor-conditions")}].tags[1]: "poverty" is not one of the partnership's priorities: use contextual_safeguarding, domestic_abuse or neglect`,
    ]);
    const cli = runHaven(["import", "framework", "--db", haven.dbPath, file(doc)]);
    assert.equal(cli.status, 1, cli.stderr);
    assert.match(cli.stderr, /tags\[1\]: "poverty" is not one of the partnership's priorities/);
    assert.match(cli.stderr, /1 problem; nothing was imported/);
    assert.equal(snapshot(), before);
  });

  test("a priority the partnership adds tags indicators with no change to Haven; the tool shows its name as it is now", async () => {
    const added = await post("partnership", "/api/v1/priorities", { name: "Covid recovery" });
    assert.equal(added.status, 201, added.text);
    const r = await publish(tagged("2026.4", ["covid_recovery", "neglect"]));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(await housingTags(), ["Covid recovery", "Neglect"]);
    const renamed = await post("partnership", `/api/v1/priorities/${added.body.id}`, { name: "Recovery after Covid" });
    assert.equal(renamed.status, 200, renamed.text);
    assert.deepEqual(await housingTags(), ["Recovery after Covid", "Neglect"], "a rename shows on what is tagged");

    // retired: the version in use keeps its tag, but a new version may not choose it
    const retired = await post("partnership", `/api/v1/priorities/${added.body.id}/retirement`, { retired: true });
    assert.equal(retired.status, 200, retired.text);
    assert.deepEqual(await housingTags(), ["Recovery after Covid", "Neglect"]);
    const refused = await publish(tagged("2026.5", ["covid_recovery"]));
    assert.equal(refused.status, 422, refused.text);
    assert.match(refused.body.errors[0].detail, /"covid_recovery" is the priority "Recovery after Covid", which is retired: use contextual_safeguarding, domestic_abuse or neglect/);
  });
});

test("haven stops cleanly (under the sanitizer build: no leak or undefined behaviour on these paths)", async () => {
  const code = await haven.stop({ keepDir: false });
  const reports = haven.stderrLines().filter((l) => /runtime error|LeakSanitizer|AddressSanitizer/.test(l));
  assert.deepEqual(reports, []);
  assert.equal(code, 0);
  haven = null;
});
