// Board and group meetings (issue 20): the partnership team adds a meeting
// of the board or a local operational group, its agenda (items tied to a
// priority or a plan), attendance by agency (people named with their role,
// no account needed; apologies) with the quorum worked out from it, its
// decisions and its actions, which are plans' actions: the owner agency sees
// them on its task list and they carry the plans' derived RAG status. The
// agencies at a meeting and the scrutineer read it; another agency is told
// it does not exist; bad input is refused naming each field and changes
// nothing; every change is audited; both faces (API and pages).
//
// Demo: one board meeting 75 days ago (quorate; Brookfield Primary, the
// dsl's school, sent apologies), agreeing the police's demo plan action.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const count = (table) => Number(sql(`SELECT count(*) FROM ${table}`));
const audits = (action, id) => Number(sql(`SELECT count(*) FROM audit_log WHERE action = '${action}' AND resource_type = 'meeting' AND resource_id = '${id}'`));
const planTasks = async (who) => (await call(who, "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "plan.action_update");

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("board and group meetings", () => {
  let meeting, group, item, decision, plan;

  test("the demo's board meeting: agenda, attendance, quorum, decision and its plans action", async () => {
    const list = await call("partnership", "/api/v1/meetings");
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.page.total, 1);
    const demo = list.body.meetings[0];
    assert.equal(demo.body, "The partnership board");
    assert.equal(demo.status, "held");
    assert.equal(demo.present_agencies, 4);
    const res = await call("scrutineer", `/api/v1/meetings/${demo.id}`);
    assert.equal(res.status, 200, res.text);
    const m = res.body.meeting;
    assert.deepEqual(m.agenda.map((i) => i.position), [1, 2, 3]);
    assert.equal(m.agenda[1].priority_name, "Domestic abuse");
    assert.equal(m.quorum.met, true, m.quorum.words);
    assert.deepEqual(m.attendance.find((a) => a.agency_slug === "brookfield-primary").attendance, "apologies");
    assert.equal(m.decisions[0].agenda_position, 2);
    assert.equal(m.actions.length, 1);
    assert.equal(m.actions[0].rag, "red", "the police's action, 45 days overdue, as the plans show it");
    assert.equal(res.body.can_manage, false);
  });

  test("who reads a meeting: its agencies, the partnership team and the scrutineer; others are told it does not exist", async () => {
    const id = (await call("partnership", "/api/v1/meetings")).body.meetings[0].id;
    for (const who of ["police", "dsl", "frontdoor", "agencyadmin", "partnership", "scrutineer"])
      assert.equal((await call(who, `/api/v1/meetings/${id}`)).status, 200, who);
    for (const who of ["dsl2", "frontdoor2", "idva", "practitioner"])
      assert.equal((await call(who, `/api/v1/meetings/${id}`)).status, 404, who);
    assert.equal((await call("admin", `/api/v1/meetings/${id}`)).status, 403);
    assert.equal((await call("admin", "/api/v1/meetings")).status, 403);
    assert.equal((await call("dsl", "/api/v1/meetings")).body.meetings.length, 1, "the school sent apologies");
    assert.equal((await call("dsl2", "/api/v1/meetings")).body.meetings.length, 0, "another school was not there");
    for (const who of ["dsl", "scrutineer", "police"])
      assert.equal((await post(who, "/api/v1/meetings", { held_on: "2026-01-01", starts_at: "10:00", place: "x" })).status, 403, who);
  });

  test("the partnership team adds a group's meeting; it is planned and audited", async () => {
    group = Number(sql("SELECT id FROM plan_groups WHERE name = 'Blackpool operational group (demo)'"));
    const res = await post("partnership", "/api/v1/meetings", { group, held_on: plusDays(-3), starts_at: "09:30", place: "Online (fictional)" });
    assert.equal(res.status, 201, res.text);
    meeting = res.body.id;
    assert.equal(res.body.body, "Blackpool operational group (demo)");
    assert.equal(res.body.status, "planned");
    assert.equal(res.body.quorum.met, false);
    assert.deepEqual(res.body.quorum.missing, ["a local authority", "the police", "health"]);
    assert.equal(audits("meeting.create", meeting), 1);
    // nobody from the police was at it: it does not exist for them
    assert.equal((await call("police", `/api/v1/meetings/${meeting}`)).status, 404);
  });

  test("bad input is refused naming each field, and changes nothing", async () => {
    const before = count("meetings");
    let res = await post("partnership", "/api/v1/meetings", { held_on: "2026-02-30", starts_at: "25:00", place: "" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body).sort(), ["held_on", "place"]);
    res = await post("partnership", "/api/v1/meetings", { held_on: "2026-02-01", starts_at: "25:00", place: "Room 1" });
    assert.deepEqual(errorFields(res.body), ["starts_at"]);
    // a time as people write it is told how to write it, not that it is too long
    res = await post("partnership", "/api/v1/meetings", { held_on: "2026-02-01", starts_at: "10:15pm", place: "Room 1" });
    assert.deepEqual(errorFields(res.body), ["starts_at"]);
    assert.match(JSON.stringify(res.body), /Enter the start time as hours and minutes, like 14:00/);
    res = await post("partnership", "/api/v1/meetings", { group: 999999, held_on: "2026-02-01", starts_at: "10:00", place: "Room 1" });
    assert.deepEqual(errorFields(res.body), ["group"]);
    res = await post("partnership", "/api/v1/meetings", { held_on: "2026-02-01", starts_at: "10:00", place: "Room 1", quorate: true });
    assert.ok(errorFields(res.body).includes("quorate"), "a quorum cannot be typed in");
    assert.equal(count("meetings"), before);

    const rows = ["meeting_agenda_items", "meeting_attendance", "meeting_decisions", "meeting_actions", "plan_actions"].map(count);
    res = await post("partnership", `/api/v1/meetings/${meeting}/agenda`, { title: "x", priority: "nonsense" });
    assert.deepEqual(errorFields(res.body), ["priority"]);
    res = await post("partnership", `/api/v1/meetings/${meeting}/agenda`, { title: "x", agenda_plan: 999999 });
    assert.deepEqual(errorFields(res.body), ["agenda_plan"]);
    res = await post("partnership", `/api/v1/meetings/${meeting}/attendance`, { agency: "lancashire-constabulary", attendance: "present" });
    assert.equal(res.status, 422);
    assert.deepEqual(errorFields(res.body).sort(), ["name", "role"], "someone present is named with their role");
    res = await post("partnership", `/api/v1/meetings/${meeting}/attendance`, { agency: "no-such-agency", attendance: "apologies" });
    assert.deepEqual(errorFields(res.body), ["agency"]);
    res = await post("partnership", `/api/v1/meetings/${meeting}/attendance`, { agency: "csap", attendance: "maybe" });
    assert.deepEqual(errorFields(res.body), ["attendance"]);
    const demoItem = Number(sql("SELECT id FROM meeting_agenda_items WHERE meeting_id = 1 AND position = 1"));
    res = await post("partnership", `/api/v1/meetings/${meeting}/decisions`, { decision: "x", agenda_item: demoItem });
    assert.deepEqual(errorFields(res.body), ["agenda_item"], "another meeting's item");
    res = await post("partnership", `/api/v1/meetings/${meeting}/actions`, { plan: 1, action: "x", owner: "csap", lead: "x", due_on: plusDays(-10) });
    assert.deepEqual(errorFields(res.body), ["due_on"], "due before the meeting");
    res = await post("partnership", `/api/v1/meetings/${meeting}/actions`, { plan: 999999, action: "x", owner: "csap", lead: "x", due_on: plusDays(10) });
    assert.deepEqual(errorFields(res.body), ["plan"]);
    res = await post("partnership", `/api/v1/meetings/${meeting}/actions`, { plan: 1, action: "x", owner: "no-such-agency", lead: "x", due_on: plusDays(10) });
    assert.deepEqual(errorFields(res.body), ["owner"]);
    res = await post("partnership", `/api/v1/meetings/${meeting}/actions`, { plan: 1, action: "x", owner: "csap", lead: "x", due_on: plusDays(10), decision_id: 1 });
    assert.deepEqual(errorFields(res.body), ["decision_id"], "another meeting's decision");
    res = await post("partnership", `/api/v1/meetings/${meeting}/status`, { status: "postponed" });
    assert.deepEqual(errorFields(res.body), ["status"]);
    assert.deepEqual(["meeting_agenda_items", "meeting_attendance", "meeting_decisions", "meeting_actions", "plan_actions"].map(count), rows);
    assert.equal(sql(`SELECT status FROM meetings WHERE id = ${meeting}`), "planned");
    for (const path of ["agenda", "attendance", "decisions", "actions", "status"])
      assert.equal((await post("partnership", `/api/v1/meetings/999999/${path}`, {})).status, 422, `${path}: the fields are checked first`);
    assert.equal((await post("partnership", "/api/v1/meetings/999999/decisions", { decision: "x" })).status, 404);
    assert.equal((await post("partnership", "/api/v1/meetings/999999/actions", { plan: 1, action: "x", owner: "csap", lead: "x", due_on: plusDays(10) })).status, 404);
  });

  test("agenda, attendance and quorum, decisions: each recorded and audited", async () => {
    plan = Number(sql("SELECT id FROM plans WHERE group_id IS NULL ORDER BY id LIMIT 1"));
    let res = await post("partnership", `/api/v1/meetings/${meeting}/agenda`, { title: "Fictional: neglect in Blackpool", priority: "neglect", agenda_plan: plan });
    assert.equal(res.status, 200, res.text);
    res = await post("partnership", `/api/v1/meetings/${meeting}/agenda`, { title: "Fictional: any other business" });
    assert.deepEqual(res.body.meeting.agenda.map((i) => [i.position, i.title]), [[1, "Fictional: neglect in Blackpool"], [2, "Fictional: any other business"]]);
    item = res.body.meeting.agenda[0].id;
    assert.equal(res.body.meeting.agenda[0].plan_id, plan);
    assert.equal(audits("meeting.agenda_add", meeting), 2);

    for (const [agency, name, role] of [
      ["blackpool-council", "Fictional Person A", "Head of service"],
      ["lancashire-constabulary", "Fictional Person B", "Detective inspector"],
    ])
      assert.equal((await post("partnership", `/api/v1/meetings/${meeting}/attendance`, { agency, attendance: "present", name, role })).status, 200);
    res = await post("partnership", `/api/v1/meetings/${meeting}/attendance`, { agency: "demo-icb", attendance: "apologies" });
    assert.equal(res.body.meeting.quorum.met, false, "health sent apologies");
    assert.deepEqual(res.body.meeting.quorum.missing, ["health"]);
    res = await post("partnership", `/api/v1/meetings/${meeting}/attendance`, { agency: "demo-icb", attendance: "present", name: "Fictional Person C", role: "Designated nurse" });
    assert.equal(res.body.meeting.quorum.met, true);
    assert.equal(audits("meeting.attendance", meeting), 4);
    assert.equal((await call("police", `/api/v1/meetings/${meeting}`)).status, 200, "the police were there now");

    res = await post("partnership", `/api/v1/meetings/${meeting}/decisions`, { decision: "Fictional: every school names a neglect champion.", agenda_item: item });
    assert.equal(res.status, 200, res.text);
    decision = res.body.meeting.decisions[0].id;
    assert.equal(res.body.meeting.decisions[0].agenda_position, 1);
    assert.equal(audits("meeting.decision", meeting), 1);
    res = await post("partnership", `/api/v1/meetings/${meeting}/status`, { status: "held" });
    assert.equal(res.body.meeting.status, "held");
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'meeting.status' AND resource_id = '${meeting}' AND reason = 'held'`)), 1);
  });

  test("an action agreed at the meeting is a plans action: on the owner's task list, with its RAG status", async () => {
    const due = plusDays(10);
    const res = await post("partnership", `/api/v1/meetings/${meeting}/actions`, { plan, action: "Fictional: name a neglect champion", owner: "brookfield-primary", lead: "Designated safeguarding lead", due_on: due, decision_id: decision });
    assert.equal(res.status, 200, res.text);
    const action = res.body.meeting.actions[0];
    assert.equal(action.rag, "amber", "due within 30 days, no evidence");
    assert.equal(action.decision_id, decision);
    assert.equal(Number(sql(`SELECT plan_id FROM plan_actions WHERE id = ${action.id}`)), plan);
    assert.equal(audits("meeting.action", meeting), 1);
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'plan.action_add' AND resource_id = '${action.id}'`)), 1);
    assert.deepEqual((await planTasks("dsl")).map((t) => t.href), [`/plan-actions/${action.id}`]);
    const planned = (await call("dsl", `/api/v1/plans/${plan}`)).body.plan.actions.map((a) => a.id);
    assert.ok(planned.includes(action.id), "the plan lists it");
    // the owner records progress on the plans' page; the meeting shows it
    await post("dsl", `/api/v1/plan-actions/${action.id}`, { status: "in_progress", evidence: "Fictional: two champions named." });
    const shown = (await call("partnership", `/api/v1/meetings/${meeting}`)).body.meeting.actions[0];
    assert.equal(shown.rag, "green");
    assert.equal(shown.status, "in_progress");
    assert.equal(shown.progress_label, "In progress", "the status in plans' words");
    assert.equal(shown.due_words, new Date(due).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }));
  });

  test("what was recorded is corrected: the details, an agenda item, a decision; attendance recorded by mistake is removed; a meeting cancelled", async () => {
    // the details: date, time and place, audited; whose meeting it is stays
    let res = await post("partnership", `/api/v1/meetings/${meeting}`, { held_on: plusDays(-2), starts_at: "10:15", place: "Fictional corrected room" });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual([res.body.meeting.held_on, res.body.meeting.starts_at, res.body.meeting.place], [plusDays(-2), "10:15", "Fictional corrected room"]);
    assert.equal(res.body.meeting.body, "Blackpool operational group (demo)");
    assert.equal(audits("meeting.correct", meeting), 1);
    // an agenda item: its words, priority and plan, keeping its place
    res = await post("partnership", `/api/v1/meetings/${meeting}/agenda/${item}`, { title: "Fictional: neglect in Blackpool and Fylde", priority: "domestic_abuse" });
    assert.equal(res.status, 200, res.text);
    const corrected = res.body.meeting.agenda[0];
    assert.deepEqual([corrected.id, corrected.position, corrected.title, corrected.priority_name, corrected.plan_id], [item, 1, "Fictional: neglect in Blackpool and Fylde", "Domestic abuse", null]);
    assert.equal(res.body.meeting.agenda.length, 2);
    assert.equal(audits("meeting.agenda_correct", meeting), 1);
    // a decision: its words and item
    const second = res.body.meeting.agenda[1].id;
    res = await post("partnership", `/api/v1/meetings/${meeting}/decisions/${decision}`, { decision: "Fictional: every school and nursery names a neglect champion.", agenda_item: second });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual([res.body.meeting.decisions[0].decision, res.body.meeting.decisions[0].agenda_position], ["Fictional: every school and nursery names a neglect champion.", 2]);
    assert.equal(audits("meeting.decision_correct", meeting), 1);
    // attendance recorded by mistake: removed, and the quorum follows
    res = await post("partnership", `/api/v1/meetings/${meeting}/attendance`, { agency: "brookfield-primary", attendance: "present", name: "Fictional mistaken person", role: "DSL" });
    const mistaken = res.body.meeting.attendance.find((a) => a.name === "Fictional mistaken person").id;
    res = await post("partnership", `/api/v1/meetings/${meeting}/attendance/${mistaken}/remove`, {});
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.meeting.attendance.some((a) => a.name === "Fictional mistaken person"), false);
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'meeting.attendance_remove' AND resource_id = '${meeting}' AND reason = 'present'`)), 1);
    const icb = res.body.meeting.attendance.find((a) => a.agency_slug === "demo-icb" && a.attendance === "present").id;
    res = await post("partnership", `/api/v1/meetings/${meeting}/attendance/${icb}/remove`, {});
    assert.deepEqual(res.body.meeting.quorum.missing, ["health"], "the quorum is worked out from what remains");
    await post("partnership", `/api/v1/meetings/${meeting}/attendance`, { agency: "demo-icb", attendance: "present", name: "Fictional Person C", role: "Designated nurse" });
    // held is final: cancelling it afterwards is refused (meetings-status.test.mjs has every move)
    res = await post("partnership", `/api/v1/meetings/${meeting}/status`, { status: "cancelled" });
    assert.equal(res.status, 409, res.text);
    assert.equal(sql(`SELECT status FROM meetings WHERE id = ${meeting}`), "held");

    // bad input names its field and changes nothing; another meeting's rows are not found; only the team corrects
    const before = sql(`SELECT held_on || starts_at || place FROM meetings WHERE id = ${meeting}`);
    res = await post("partnership", `/api/v1/meetings/${meeting}`, { held_on: "2026-02-30", starts_at: "25:00", place: "" });
    assert.equal(res.status, 422);
    assert.deepEqual(errorFields(res.body).sort(), ["held_on", "place"]);
    res = await post("partnership", `/api/v1/meetings/${meeting}`, { held_on: plusDays(-2), starts_at: "25:00", place: "x" });
    assert.deepEqual(errorFields(res.body), ["starts_at"]);
    assert.equal(sql(`SELECT held_on || starts_at || place FROM meetings WHERE id = ${meeting}`), before);
    res = await post("partnership", `/api/v1/meetings/${meeting}/agenda/${item}`, { title: "x", agenda_plan: 999999 });
    assert.deepEqual(errorFields(res.body), ["agenda_plan"]);
    res = await post("partnership", `/api/v1/meetings/${meeting}/decisions/${decision}`, { decision: "x", agenda_item: 999999 });
    assert.deepEqual(errorFields(res.body), ["agenda_item"]);
    const demoItem = Number(sql("SELECT id FROM meeting_agenda_items WHERE meeting_id = 1 AND position = 1"));
    const demoDecision = Number(sql("SELECT id FROM meeting_decisions WHERE meeting_id = 1 LIMIT 1"));
    const demoRow = Number(sql("SELECT id FROM meeting_attendance WHERE meeting_id = 1 LIMIT 1"));
    assert.equal((await post("partnership", `/api/v1/meetings/${meeting}/agenda/${demoItem}`, { title: "x" })).status, 404, "another meeting's item");
    assert.equal((await post("partnership", `/api/v1/meetings/${meeting}/decisions/${demoDecision}`, { decision: "x" })).status, 404);
    assert.equal((await post("partnership", `/api/v1/meetings/${meeting}/attendance/${demoRow}/remove`, {})).status, 404);
    assert.equal((await post("partnership", `/api/v1/meetings/999999`, { held_on: plusDays(-2), starts_at: "10:00", place: "x" })).status, 404);
    assert.equal(sql(`SELECT title FROM meeting_agenda_items WHERE id = ${item}`), "Fictional: neglect in Blackpool and Fylde");
    for (const who of ["scrutineer", "police", "dsl"]) {
      assert.equal((await post(who, `/api/v1/meetings/${meeting}/attendance/${demoRow}/remove`, {})).status, 403, who);
      assert.equal((await post(who, `/api/v1/meetings/${meeting}/decisions/${decision}`, { decision: "x" })).status, 403, who);
    }
    assert.equal(Number(sql(`SELECT count(*) FROM meeting_attendance WHERE id = ${demoRow}`)), 1);

    // pages: the forms show the record as it stands, and again what was typed after an error
    let page = await call("partnership", `/meetings/${meeting}`);
    assert.match(page.text, new RegExp(`href="/meetings/${meeting}/edit"`));
    assert.match(page.text, new RegExp(`href="/meetings/${meeting}/agenda/${item}/edit"`));
    assert.match(page.text, new RegExp(`href="/meetings/${meeting}/decisions/${decision}/edit"`));
    assert.match(page.text, new RegExp(`action="/meetings/${meeting}/attendance/\\d+/remove"`));
    assert.doesNotMatch((await call("scrutineer", `/meetings/${meeting}`)).text, /\/remove"|\/edit"/);
    page = await call("partnership", `/meetings/${meeting}/edit`);
    assert.equal(page.status, 200);
    assert.match(page.text, /value="Fictional corrected room"/);
    assert.match(page.text, /value="10:15"/);
    page = await call("partnership", `/meetings/${meeting}/agenda/${item}/edit`);
    assert.match(page.text, /value="Fictional: neglect in Blackpool and Fylde"/);
    assert.match(page.text, /<option value="domestic_abuse" selected>/);
    page = await call("partnership", `/meetings/${meeting}/decisions/${decision}/edit`);
    assert.match(page.text, /every school and nursery names/);
    assert.match(page.text, new RegExp(`<option value="${second}" selected>`));
    assert.equal((await call("partnership", `/meetings/${meeting}/decisions/${demoDecision}/edit`)).status, 404);
    assert.equal((await call("scrutineer", `/meetings/${meeting}/edit`)).status, 403);
    const bad = await call("partnership", `/meetings/${meeting}`, { method: "POST", form: { "held_on-day": "2", "held_on-month": "1", "held_on-year": "2026", starts_at: "9 o'clock", place: "Fictional typed room" } });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /There is a problem/);
    assert.match(bad.text, /value="Fictional typed room"/);
    const saved = await call("partnership", `/meetings/${meeting}/decisions/${decision}`, { method: "POST", form: { decision: "Fictional: every school and nursery names a neglect champion.", agenda_item: String(item) } });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get("location"), `/meetings/${meeting}`);
  });

  test("pages: the list, the new meeting form with a GOV.UK date input, a meeting in sections; forms for the partnership team only", async () => {
    const list = await call("partnership", "/meetings");
    assert.equal(list.status, 200);
    assert.match(list.text, /Showing 1 to 2 of 2 meetings/);
    assert.match(list.text, /Add a meeting/);
    assert.doesNotMatch((await call("scrutineer", "/meetings")).text, /Add a meeting/);
    const form = await call("partnership", "/meetings/new");
    assert.match(form.text, /name="held_on-day"/);
    const page = await call("scrutineer", `/meetings/${meeting}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Quorate/);
    assert.match(page.text, /Fictional Person A/);
    assert.match(page.text, /name a neglect champion/);
    assert.doesNotMatch(page.text, /Record attendance/);
    assert.match((await call("partnership", `/meetings/${meeting}`)).text, /Record attendance/);
    const bad = await call("partnership", `/meetings/${meeting}/attendance`, { method: "POST", form: { agency: "csap", attendance: "present", name: "Fictional kept name", role: "" } });
    assert.equal(bad.status, 422, bad.text.slice(0, 300));
    assert.match(bad.text, /There is a problem/);
    assert.match(bad.text, /Fictional kept name/);
    const made = await call("partnership", "/meetings", { method: "POST", form: { group: "", "held_on-day": "1", "held_on-month": "2", "held_on-year": "2020", starts_at: "10:00", place: "Fictional room" } });
    assert.equal(made.status, 303, made.text.slice(0, 300));
    assert.match(made.headers.get("location"), /^\/meetings\/\d+$/);
    const saved = await call("partnership", `/meetings/${meeting}/decisions`, { method: "POST", form: { decision: "Fictional: from the page.", agenda_item: "" } });
    assert.equal(saved.status, 303);
    assert.equal(saved.headers.get("location"), `/meetings/${meeting}`);
    assert.match((await call("partnership", "/dashboard")).text, /href="\/meetings"/);
    assert.match((await call("police", "/dashboard")).text, /href="\/meetings"/);
  });

  test("the scrutineer's dashboard and the annual report: the board's meetings held in the year and agencies' attendance", async () => {
    const day = plusDays(-75); // the demo's board meeting
    const [y, m] = day.split("-").map(Number);
    const start = m >= 4 ? y : y - 1;
    const year = `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
    // read as the partnership: the year may still be running, which the scrutineer reads once it has ended
    const res = await call("partnership", `/api/v1/reports/annual?year=${year}`);
    assert.equal(res.status, 200, res.text);
    const section = res.body.sections.find((x) => x.title === "Board meetings");
    assert.ok(section, res.body.sections.map((x) => x.title).join(", "));
    // held only: the group's meeting held above is not the board's, the board's planned one is not held
    assert.deepEqual(section.figures.map((f) => [f.label, f.count]), [["Board meetings held", 1]]);
    const rows = section.tables[0].rows.map((r) => [r.label, r.cells[0].count]);
    assert.deepEqual(rows, [
      ["Children's Safeguarding Assurance Partnership (demo)", 1],
      ["Demo Integrated Care Board", 1],
      ["Lancashire Constabulary (demo)", 1],
      ["Lancashire County Council children's services (demo)", 1],
    ], "present only: the school's apologies are not attendance");
    const page = await call("partnership", `/reports/annual?year=${year}`);
    assert.match(page.text, /Agencies&#39; attendance at the board&#39;s meetings held|Agencies' attendance at the board's meetings held/);
    const dashboard = await call("scrutineer", "/api/v1/scrutiny?from=2015-04-01&to=2016-03-31");
    const recent = dashboard.body.sections.find((x) => x.title === "Board meetings");
    assert.deepEqual(recent.figures.map((f) => f.count), [0], "none held in 2015-16");
    assert.equal(recent.tables, undefined, "no table without a meeting");
  });
});
