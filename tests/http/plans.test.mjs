// Strategies and action plans (issue 20): the partnership team adds a local
// operational group and a plan for a priority, and actions owned by
// agencies; the owning agency sees its open actions on its task list and
// records progress, evidence and impact; each action's RAG status is derived
// from its date and evidence (never typed in) and a plan is as red as its
// worst action; another agency is told an action does not exist when it
// tries to update it; bad input is refused naming each field and changes
// nothing; every change is audited; both faces (API and pages).
//
// Demo: the police user is Lancashire Constabulary, whose demo action is 45
// days overdue (red); the dsl is Brookfield Primary; the partnership is csap.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";
import { migrateAgain } from "../lib/migrations.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const count = (table) => Number(sql(`SELECT count(*) FROM ${table}`));
const audits = (action, type, id) => Number(sql(`SELECT count(*) FROM audit_log WHERE action = '${action}' AND resource_type = '${type}' AND resource_id = '${id}'`));
const planTasks = async (who) => (await call(who, "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "plan.action_update");

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("strategies and action plans", () => {
  let group, plan, action;

  test("the demo's plans carry RAG statuses derived from their actions", async () => {
    const res = await call("dsl", "/api/v1/plans");
    assert.equal(res.status, 200, res.text);
    const byPriority = Object.fromEntries(res.body.plans.map((p) => [p.priority_key, p]));
    // neglect: done with evidence (green) and due in 20 days with none (amber)
    assert.equal(byPriority.neglect.rag, "amber");
    assert.deepEqual(byPriority.neglect.counts, { green: 1, amber: 1, red: 0 });
    // domestic abuse: one 45 days overdue
    assert.equal(byPriority.domestic_abuse.rag, "red");
    // contextual safeguarding: marked done without evidence
    assert.equal(byPriority.contextual_safeguarding.rag, "red");
    assert.equal(byPriority.contextual_safeguarding.group_name, "Blackburn with Darwen operational group (demo)");
    assert.equal(res.body.can_manage, false);
    assert.equal((await call("admin", "/api/v1/plans")).status, 403);
  });

  test("the scrutineer's dashboard publishes the plans' progress by derived status", async () => {
    // the reporting year holding today (published figures are for a whole reporting year), read as the
    // partnership: the scrutineer reads a year once it has ended
    const res = await call("partnership", "/api/v1/scrutiny");
    assert.equal(res.status, 200, res.text);
    const section = res.body.sections.find((s) => s.title === "Action plans");
    assert.ok(section, res.body.sections.map((s) => s.title).join(", "));
    assert.equal(section.href, "/plans");
    assert.deepEqual(
      section.figures.map((f) => [f.label, f.count]),
      [
        ["Action plans with actions in the period", 3],
        ["Actions red at the end of the period", 2],
        ["Actions amber at the end of the period", 1],
        ["Actions green at the end of the period", 2],
        // the demo's two done: the Graded Care Profile training, with its impact written down, and the
        // return home interviews, marked done with neither evidence nor impact
        ["Actions done", 2],
        ["Actions done with their impact recorded", 1],
      ],
    );
    // an impact measure: it says what it counts, in a line of plain English
    assert.deepEqual(section.measures, [
      { label: "Actions done with their impact recorded", definition: section.figures.at(-1).definition },
    ]);
    assert.match(section.figures.at(-1).definition, /done and whose owner has written down what changed/);
  });

  test("the partnership team adds a group and a plan for a priority; each is audited", async () => {
    let res = await post("partnership", "/api/v1/plans/groups", { name: "Lancashire operational group (fictional)" });
    assert.equal(res.status, 200, res.text);
    group = res.body.groups.find((g) => g.name === "Lancashire operational group (fictional)").id;
    assert.equal(audits("plan.group_add", "plan_group", group), 1);
    res = await post("partnership", "/api/v1/plans", { priority: "neglect", group, starts_on: "2026-04-01", ends_on: "2027-03-31", aims: "Fictional: neglect is seen early." });
    assert.equal(res.status, 201, res.text);
    plan = res.body.id;
    assert.equal(res.body.priority_name, "Neglect");
    assert.equal(res.body.group_name, "Lancashire operational group (fictional)");
    assert.equal(res.body.rag, "none", "no actions: no status");
    assert.equal(audits("plan.create", "plan", plan), 1);
  });

  test("bad input is refused naming each field, and changes nothing", async () => {
    const plans = count("plans");
    let res = await post("partnership", "/api/v1/plans", { priority: "neglect", starts_on: "2027-04-01", ends_on: "2026-03-31", aims: "x" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["ends_on"]);
    res = await post("partnership", "/api/v1/plans", { priority: "nonsense", starts_on: "2026-04-01", ends_on: "2027-03-31", aims: "x" });
    assert.deepEqual(errorFields(res.body), ["priority"]);
    res = await post("partnership", "/api/v1/plans", { priority: "neglect", group: 999999, starts_on: "2026-04-01", ends_on: "2027-03-31", aims: "x" });
    assert.deepEqual(errorFields(res.body), ["group"]);
    res = await post("partnership", "/api/v1/plans", { priority: "neglect", group, starts_on: "2026-04-01", ends_on: "2027-03-31", aims: "again" });
    assert.equal(res.status, 409, "one plan a priority, group and start");
    assert.deepEqual(errorFields(res.body), ["starts_on"]);
    res = await post("partnership", "/api/v1/plans", { aims: "x", rag: "green" });
    assert.equal(res.status, 422);
    assert.ok(errorFields(res.body).includes("rag"), "a RAG status cannot be typed in");
    assert.equal(count("plans"), plans);
    res = await post("partnership", "/api/v1/plans/groups", { name: "LANCASHIRE operational group (fictional)" });
    assert.equal(res.status, 409);
    assert.deepEqual(errorFields(res.body), ["name"]);
    res = await post("partnership", `/api/v1/plans/${plan}/actions`, { action: "x", owner: "no-such-agency", lead: "x", due_on: "2026-01-01" });
    assert.deepEqual(errorFields(res.body), ["owner"]);
    assert.equal((await post("partnership", "/api/v1/plans/999999/actions", { action: "x", owner: "csap", lead: "x", due_on: "2026-01-01" })).status, 404);
    for (const who of ["dsl", "scrutineer", "police"]) assert.equal((await post(who, "/api/v1/plans", {})).status, 403, who);
  });

  test("an action owned by a school is on its task list; the school records progress; the status follows the evidence", async () => {
    const due = plusDays(10);
    let res = await post("partnership", `/api/v1/plans/${plan}/actions`, { action: "Fictional: neglect champions in every school", owner: "brookfield-primary", lead: "Designated safeguarding lead", due_on: due });
    assert.equal(res.status, 200, res.text);
    action = res.body.plan.actions.find((a) => a.action.startsWith("Fictional: neglect champions")).id;
    assert.equal(res.body.plan.actions.find((a) => a.id === action).rag, "amber", "due within 30 days, no evidence");
    assert.equal(audits("plan.action_add", "plan_action", action), 1);
    assert.deepEqual((await planTasks("dsl")).map((t) => [t.href, t.due_at]), [[`/plan-actions/${action}`, due]]);
    assert.deepEqual(await planTasks("dsl2"), [], "another school has nothing to do");

    // another agency may read the plan but not update the action: it does not exist for them
    assert.equal((await call("dsl2", `/api/v1/plan-actions/${action}`)).status, 200);
    assert.equal((await post("dsl2", `/api/v1/plan-actions/${action}`, { status: "done", evidence: "Not ours." })).status, 404);
    assert.equal((await post("scrutineer", `/api/v1/plan-actions/${action}`, { status: "done" })).status, 403);
    assert.equal((await call("dsl", `/api/v1/plan-actions/${action}`)).body.can_update, true);
    assert.equal((await call("dsl2", `/api/v1/plan-actions/${action}`)).body.can_update, false);

    res = await post("dsl", `/api/v1/plan-actions/${action}`, { status: "in_progress", evidence: "Fictional: champions named in 3 of 5 schools." });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.action.rag, "green", "near its date, progress shown");
    assert.equal(res.body.action.status_label, "In progress");
    assert.equal(res.body.action.due_words, new Date(due).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }));
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'plan.action_update' AND resource_id = '${action}' AND reason = 'in_progress'`)), 1);

    res = await post("dsl", `/api/v1/plan-actions/${action}`, { status: "done" });
    assert.equal(res.body.action.rag, "red", "done without evidence");
    assert.equal((await call("dsl", `/api/v1/plans/${plan}`)).body.plan.rag, "red", "the plan is as red as its worst action");
    assert.deepEqual(await planTasks("dsl"), [], "done: off the list");

    res = await post("dsl", `/api/v1/plan-actions/${action}`, { status: "done", evidence: "Fictional: every school has a champion.", impact: "Fictional: earlier referrals." });
    assert.equal(res.body.action.rag, "green");
    assert.equal(res.body.action.impact, "Fictional: earlier referrals.");
    res = await post("dsl", `/api/v1/plan-actions/${action}`, { status: "finished" });
    assert.equal(res.status, 422);
    assert.deepEqual(errorFields(res.body), ["status"]);
    assert.equal(sql(`SELECT status FROM plan_actions WHERE id = ${action}`), "done");
  });

  test("pages: the plans, a plan with its actions, and the progress form only for the owner", async () => {
    const list = await call("dsl", "/plans");
    assert.equal(list.status, 200);
    assert.match(list.text, /Lancashire operational group \(fictional\)/);
    assert.doesNotMatch(list.text, /Add a plan/);
    const page = await call("partnership", `/plans/${plan}`);
    assert.match(page.text, /Add an action/);
    assert.match(page.text, /neglect champions in every school/);
    const bad = await call("partnership", `/plans/${plan}/actions`, { method: "POST", form: { action: "Fictional: kept after the error", owner: "csap", lead: "", due_on: "" } });
    assert.equal(bad.status, 422, bad.text.slice(0, 300));
    assert.match(bad.text, /There is a problem/);
    assert.match(bad.text, /Fictional: kept after the error/);
    assert.match((await call("dsl", `/plan-actions/${action}`)).text, /Save the progress/);
    assert.doesNotMatch((await call("dsl2", `/plan-actions/${action}`)).text, /Save the progress/);
    // the error summary's link to the status reaches its first radio
    const unknown = await call("dsl", `/plan-actions/${action}`, { method: "POST", form: { status: "finished", evidence: "", impact: "" } });
    assert.equal(unknown.status, 422);
    assert.match(unknown.text, /href="#status"/);
    assert.match(unknown.text, /<input class="govuk-radios__input" id="status" name="status" type="radio" value="not_started"/);
    const saved = await call("dsl", `/plan-actions/${action}`, { method: "POST", form: { status: "in_progress", evidence: "Fictional: from the page.", impact: "" } });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get("location"), `/plan-actions/${action}`);
    assert.match((await call("dsl", "/dashboard")).text, /href="\/plans"/);
  });
});

describe("a group's name is the same in any case, beyond ASCII too, on both stores", () => {
  test("'ÉQUIPE NORD' is refused beside 'équipe nord', naming the field, and changes nothing", async () => {
    let res = await post("partnership", "/api/v1/plans/groups", { name: "équipe nord (fictional)" });
    assert.equal(res.status, 200, res.text);
    const groups = count("plan_groups");
    res = await post("partnership", "/api/v1/plans/groups", { name: "ÉQUIPE NORD (FICTIONAL)" });
    assert.equal(res.status, 409, res.text);
    assert.deepEqual(errorFields(res.body), ["name"]);
    assert.match(res.text, /There is already a group with this name/);
    assert.equal(count("plan_groups"), groups);
  });
});

describe("migration 0178 makes a group's name unique beyond ASCII", () => {
  test("two names one in any case (made before it): the later is renamed with its id", () => {
    // as before 0178 (no index on lower()), holding two names COLLATE NOCASE let through
    const before = `DROP INDEX plan_groups_name_folded;
                    INSERT INTO plan_groups (id, name) VALUES (10, 'ÉQUIPE NORD'), (11, 'équipe nord');`;
    migrateAgain(178, before, ({ db, output }) => {
      assert.match(output, /applied migration 0178_plan_group_names_unicode\.sql/);
      assert.equal(sqlText(db, "SELECT name FROM plan_groups WHERE id IN (10, 11) ORDER BY id"), "ÉQUIPE NORD\néquipe nord (11)");
      assert.equal(sqlText(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'plan_groups_name_folded'"), "1");
    });
  });
});
