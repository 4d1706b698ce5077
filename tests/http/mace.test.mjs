// MACE meetings (issue 17, src/areas/contextual/mace.c) over HTTP on the demo
// partnership: a level 1 meeting's agenda is built from the data (children
// judged at high risk, screened since the last meeting, missing again and
// again) and shows each viewer only the children their agency works with; a
// level 2 meeting (persons of concern and places with most links) is for the
// police and the local authority's exploitation team only; attendance by
// agency, decisions and actions with owners, due dates and status; open actions
// on the owner agency's task list; the meeting in the child's chronology; bad
// input named by field and saving nothing; every read audited.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { apiClient, errorFields, sqlRows, plusDays } from "../lib/api.mjs";
import { REPO_ROOT, runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const { call, post, request, token } = apiClient(() => haven);
const sql = (query) => sqlRows(haven.dbPath, query);
const agencyOf = (who) => sql(`SELECT agency_id AS id FROM users WHERE email = '${who}@demo.haven.example'`)[0].id;
const hoursAgo = (h) => new Date(Date.now() - h * 3600_000).toISOString().replace(/\.\d+Z$/, "Z");
const today = () => plusDays(0);

let often; // a Lancashire child missing three times this week, judged high risk, a pupil of the demo DSL's school
let once; // a Lancashire child missing once, screened low, whom the school does not know

async function report(reference, given, family, born, hours) {
  const r = await post("police", "/api/v1/missing-episodes", {
    police_reference: reference, given_name: given, family_name: family, date_of_birth: born,
    la_code: 888, reported_at: hoursAgo(hours), risk_grading: "medium", missing_from: "home",
  });
  assert.equal(r.status, 201, r.text);
  return (await call("frontdoor", `/api/v1/missing-episodes/${r.body.id}`)).body.episode.child_id;
}

async function screen(child, indicators, judgement) {
  const r = await post("frontdoor", `/api/v1/exploitation/children/${child}/screenings`, { indicators, judgement });
  assert.equal(r.status, 201, r.text);
}

const meeting = async (who, id) => {
  const r = await call(who, `/api/v1/mace/meetings/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};
const agendaOf = (body, reason) =>
  (body.agenda.find((s) => s.reason === reason)?.items ?? []).map((i) => i.child_id ?? i.name);

before(async () => {
  haven = await startHaven();
  const tool = path.join(haven.dir, "tool.json");
  writeFileSync(tool, readFileSync(path.join(REPO_ROOT, "tests/http/data/exploitation-tool.json")));
  assert.equal(runHaven(["import", "exploitation-tool", "--db", haven.dbPath, tool]).status, 0);
  often = await report("LC-MACE-1", "Jamie", "Often", "2010-03-04", 120);
  await report("LC-MACE-2", "Jamie", "Often", "2010-03-04", 72);
  await report("LC-MACE-3", "Jamie", "Often", "2010-03-04", 24);
  once = await report("LC-MACE-4", "Sam", "Once", "2011-07-08", 30);
  sql(`INSERT INTO child_links (child_id, agency_id, relationship)
       SELECT ${often}, id, 'setting' FROM agencies WHERE slug = 'brookfield-primary'`);
  await screen(often, ["cce-weapon"], "high");
  await screen(once, [], "low");
});
after(async () => {
  if (haven) await haven.stop();
});

let first, second, level2;

describe("level 1 meetings: children", () => {
  test("the agenda is built from the data: high risk, screened since the last meeting, repeat missing", async () => {
    const r = await post("police", "/api/v1/mace/meetings", { level: 1, held_on: today() });
    assert.equal(r.status, 201, r.text);
    first = r.body.id;
    const m = await meeting("frontdoor", first);
    assert.equal(m.meeting.level, 1);
    assert.deepEqual(agendaOf(m, "high_risk"), [often]);
    // not the demo's screening of Sam: the demo's own level 1 meeting took it (src/areas/contextual/demo.sql)
    assert.deepEqual(agendaOf(m, "new_screening").sort(), [often, once].sort());
    assert.deepEqual(agendaOf(m, "repeat_missing"), [often]);
    assert.match(m.agenda.find((s) => s.reason === "repeat_missing").items[0].detail, /^3 missing episodes in the last 30 days$/);
    // the dates in an item's detail are said in words, as every date people read
    assert.match(m.agenda.find((s) => s.reason === "high_risk").items[0].detail, /^Judged high risk on \d{1,2} [A-Z][a-z]+ \d{4}$/);
    for (const item of m.agenda.find((s) => s.reason === "new_screening").items)
      assert.match(item.detail, /^Screened on \d{1,2} [A-Z][a-z]+ \d{4}: (low|medium|high) risk$/);
    assert.equal(m.hidden_children, 0);
    // the next meeting's new screenings are only those since this one was set up
    await screen(once, ["cce-money"], "low");
    second = (await post("frontdoor", "/api/v1/mace/meetings", { level: 1, held_on: today() })).body.id;
    const next = await meeting("frontdoor", second);
    assert.deepEqual(agendaOf(next, "new_screening"), [once]);
    assert.deepEqual(agendaOf(next, "high_risk"), [often]);
  });

  test("each viewer sees only the children their agency works with, and every read is audited", async () => {
    const school = await meeting("dsl", first);
    assert.deepEqual(agendaOf(school, "new_screening"), [often], "the school sees its pupil, not the other child");
    assert.equal(school.hidden_children, 1);
    assert.ok(!JSON.stringify(school).includes("Once"));
    const health = await meeting("practitioner", first);
    assert.deepEqual(health.agenda, []);
    assert.equal(health.hidden_children, 2);
    assert.equal((await call("idva", `/api/v1/mace/meetings/${first}`)).status, 403);
    assert.equal((await call("scrutineer", "/api/v1/mace/meetings")).status, 403);
    assert.equal((await call("frontdoor", "/api/v1/mace/meetings/999999")).status, 404);
    const [row] = sql(`SELECT count(*) AS n FROM audit_log a JOIN audit_children c ON c.audit_id = a.id
      WHERE a.action = 'mace.read' AND a.resource_id = '${first}' AND c.child_id = ${once}`);
    assert.ok(row.n >= 1, "the trail knows the front door's page showed the other child");
    const [school_rows] = sql(`SELECT count(*) AS n FROM audit_log a JOIN audit_children c ON c.audit_id = a.id
      JOIN users u ON u.id = a.user_id WHERE a.action = 'mace.read' AND u.email = 'dsl@demo.haven.example'
      AND c.child_id = ${once}`);
    assert.equal(school_rows.n, 0, "nor does it say the school saw a child it was not shown");
  });

  test("the meeting is in the chronology of each child on its agenda", async () => {
    const r = await call("frontdoor", `/api/v1/children/${often}/chronology`);
    assert.equal(r.status, 200, r.text);
    const events = r.body.events.filter((e) => e.kind === "mace_meeting");
    assert.deepEqual(events.map((e) => e.href).sort(), [`/mace/meetings/${first}`, `/mace/meetings/${second}`].sort());
    assert.match(events[0].text, /On the agenda of a MACE meeting \(.*Judged high risk/);
  });
});

describe("attendance, decisions and actions", () => {
  let action;

  test("attendance is recorded by agency, the latest answer standing", async () => {
    const url = `/api/v1/mace/meetings/${first}/attendance`;
    for (const [who, attendance] of [["police", "present"], ["dsl", "apologies"], ["dsl", "present"]]) {
      const r = await post("police", url, { agency: agencyOf(who), attendance });
      assert.equal(r.status, 200, r.text);
    }
    const m = await meeting("police", first);
    assert.deepEqual(m.attendance.map((a) => a.attendance).sort(), ["present", "present"]);
    const bad = await post("police", url, { agency: 999999, attendance: "maybe" });
    assert.equal(bad.status, 422, bad.text);
    assert.deepEqual(errorFields(bad.body).sort(), ["attendance"]);
    const unknown = await post("police", url, { agency: 999999, attendance: "present" });
    assert.deepEqual([unknown.status, errorFields(unknown.body)], [422, ["agency"]]);
    assert.equal((await post("dsl", url, { agency: agencyOf("dsl"), attendance: "present" })).status, 403);
    assert.equal(sql(`SELECT count(*) AS n FROM mace_attendance WHERE meeting_id = ${first}`)[0].n, 2);
  });

  test("a decision and its action, owned by an agency, waits on that agency's task list until done", async () => {
    const url = `/api/v1/mace/meetings/${first}/actions`;
    const bad = await post("police", url, { decision: "", action: "Visit", owner_agency: 999999, due_on: "2020-01-01" });
    assert.equal(bad.status, 422, bad.text);
    assert.deepEqual(errorFields(bad.body).sort(), ["decision"]);
    const late = await post("police", url, { decision: "Safety plan", action: "Visit", owner_agency: 999999, due_on: "2020-01-01" });
    assert.deepEqual(errorFields(late.body).sort(), ["due_on", "owner_agency"]);
    assert.equal(sql(`SELECT count(*) AS n FROM mace_actions WHERE meeting_id = ${first}`)[0].n, 0);
    const r = await post("police", url, {
      decision: "Child 1 to have a safety plan at school", action: "Agree a safety plan with the child and family",
      owner_agency: agencyOf("dsl"), due_on: "2027-01-15",
    });
    assert.equal(r.status, 200, r.text);
    action = r.body.actions[0];
    assert.deepEqual([action.status, action.owner_name, action.due_on], ["open", action.owner_name, "2027-01-15"]);
    const tasks = (await call("dsl", "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "contextual.mace_action");
    assert.deepEqual(tasks.map((t) => [t.href, t.due_at]), [[`/mace/meetings/${first}`, "2027-01-15"]]);
    assert.equal((await call("practitioner", "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "contextual.mace_action").length, 0);
  });

  test("the owner agency sets the status; another agency cannot", async () => {
    assert.equal((await post("practitioner", `/api/v1/mace/actions/${action.id}`, { status: "done" })).status, 404);
    const bad = await post("dsl", `/api/v1/mace/actions/${action.id}`, { status: "finished" });
    assert.deepEqual([bad.status, errorFields(bad.body)], [422, ["status"]]);
    const r = await post("dsl", `/api/v1/mace/actions/${action.id}`, { status: "done" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.action.status, "done");
    assert.equal((await call("dsl", "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "contextual.mace_action").length, 0);
    assert.equal(sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'mace.action.update'
      AND resource_type = 'mace_action' AND resource_id = '${action.id}'`)[0].n, 1);
  });

  test("the pages: a form with errors is shown again with the summary", async () => {
    const page = await request(`/mace/meetings/${first}`, { token: await token("police") });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Agree a safety plan with the child and family/);
    assert.match(html, /Record a decision and its action/);
    // the list is in the order meetings were set up, and says so: not by their date, which it shows
    const list = await (await request("/mace/meetings", { token: await token("police") })).text();
    assert.match(list, /<caption[^>]*>Meetings, the last set up first<\/caption>/);
    // the title says the day in words, as the heading does, not as 2026-11-26
    assert.match(html, /<title>MACE meeting, \d{1,2} [A-Z][a-z]+ \d{4} – Haven<\/title>/);
    const school = await (await request(`/mace/meetings/${first}`, { token: await token("dsl") })).text();
    assert.ok(!school.includes("Record a decision and its action"), "the school cannot record decisions");
    assert.ok(school.includes("1 other child on the agenda is not shown"));
  });
});

describe("level 2 meetings: persons of concern and places", () => {
  test("the agenda lists the places and persons with most children linked", async () => {
    const place = (await post("frontdoor", "/api/v1/contexts", { kind: "place", name: "Bus station underpass" })).body.context.id;
    const person = (await post("police", "/api/v1/persons-of-concern", { name: "Adult B" })).body.context.id;
    await post("frontdoor", "/api/v1/contexts", { kind: "group", name: "A group, not on a level 2 agenda" });
    for (const c of [often, once]) {
      const l = await post("frontdoor", `/api/v1/persons-of-concern/${person}/links`, { child: c, nature: "Associates with", source: "Police intelligence" });
      assert.equal(l.status, 200, l.text);
    }
    assert.equal((await post("frontdoor", `/api/v1/contexts/${place}/links`, { child: often, nature: "Seen there", source: "RHI" })).status, 200);
    const r = await post("police", "/api/v1/mace/meetings", { level: 2, held_on: today() });
    assert.equal(r.status, 201, r.text);
    level2 = r.body.id;
    const m = await meeting("frontdoor", level2);
    // most links first; the demo partnership's contexts are there too; groups are not level 2 business
    const ours = m.agenda[0].items.filter((i) => !i.name.includes("demo)"));
    assert.deepEqual(ours.map((i) => [i.name, i.detail]), [["Adult B", "2 children linked"], ["Bus station underpass", "1 child linked"]]);
    // each leads to its own page: a person's under the persons of concern, a place's under the contexts
    assert.deepEqual(ours.map((i) => i.href), [`/persons-of-concern/${person}`, `/contexts/${place}`]);
    assert.deepEqual(m.agenda.map((s) => s.reason), ["most_linked"]);
    const counts = m.agenda[0].items.map((i) => Number.parseInt(i.detail, 10));
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a), "most links first");
    assert.ok(!m.agenda[0].items.some((i) => i.kind === "group"));
  });

  test("schools and health never see a level 2 meeting, in the list or by its number", async () => {
    for (const who of ["dsl", "practitioner"]) {
      assert.equal((await call(who, `/api/v1/mace/meetings/${level2}`)).status, 404, who);
      const list = await call(who, "/api/v1/mace/meetings");
      assert.equal(list.status, 200, list.text);
      assert.ok(!list.body.meetings.some((x) => x.level === 2), who);
      // the two level 1 meetings set up here and the demo's (src/areas/contextual/demo.sql)
      assert.equal(list.body.meetings.length, 3);
    }
    const police = await call("police", "/api/v1/mace/meetings");
    assert.deepEqual(police.body.meetings.map((x) => x.id).slice(0, 3), [level2, second, first]);
    assert.ok(police.body.meetings.some((x) => x.level === 2 && x.id !== level2), "and the demo's level 2 meeting");
    // its actions are for the police and the local authority only
    const r = await post("police", `/api/v1/mace/meetings/${level2}/actions`, {
      decision: "Disrupt", action: "Tell the school", owner_agency: agencyOf("dsl"), due_on: "2027-01-15",
    });
    assert.deepEqual([r.status, errorFields(r.body)], [422, ["owner_agency"]]);
    const ok = await post("police", `/api/v1/mace/meetings/${level2}/actions`, {
      decision: "Disrupt", action: "Seek a closure order", owner_agency: agencyOf("frontdoor"), due_on: "2027-01-15",
    });
    assert.equal(ok.status, 200, ok.text);
  });

  test("bad input to set up a meeting is named by field and saves nothing", async () => {
    const before = sql("SELECT count(*) AS n FROM mace_meetings")[0].n;
    const bad = await post("police", "/api/v1/mace/meetings", { level: 3, held_on: "2026-02-30", chair: "me" });
    assert.equal(bad.status, 422, bad.text);
    assert.deepEqual(errorFields(bad.body).sort(), ["chair", "held_on", "level"]);
    assert.equal((await post("dsl", "/api/v1/mace/meetings", { level: 1, held_on: today() })).status, 403);
    assert.equal(sql("SELECT count(*) AS n FROM mace_meetings")[0].n, before);
  });
});
