// Missing children (src/areas/contextual/placing.c, strategy.c) over HTTP on the
// demo partnership: a child missing from care placed by another authority of the
// partnership — that authority's front door sees the episode and finds a task
// linking to it, the episode records when the placing authority was told and by
// whom (until then the page says "Tell the placing authority" and the list flags
// it); a placing authority outside the partnership is typed and flagged the same
// way; bad input is named by field and saves nothing. And a repeat (the
// configurable rule) gives the child's local authority's front door a task to
// hold the strategy discussion, done when one is recorded.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlRows, plusDays } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post, request, token } = apiClient(() => haven);
const sql = (query) => sqlRows(haven.dbPath, query);
const today = () => plusDays(0);
const tasks = async (who, kind) => (await call(who, "/api/v1/tasks")).body.tasks.filter((t) => t.kind === kind);
const episode = (ref, more = {}) => ({
  police_reference: ref, given_name: "Sky", family_name: "Placement", date_of_birth: "2010-03-03", la_code: 888,
  reported_at: "2026-11-20T21:00:00Z", risk_grading: "high", missing_from: "care", ...more,
});

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) await haven.stop();
});

describe("the placing authority of a child missing from care", () => {
  let id;

  test("a placing authority is checked and named by field, saving nothing", async () => {
    const cases = [
      [{ placing_la_code: 9999 }, "placing_la_code"],
      [{ placing_la_code: 888 }, "placing_la_code"],
      [{ placing_la_code: "890" }, "placing_la_code"],
      [{ placing_la_code: 890, placing_authority: "Somewhere Council" }, "placing_authority"],
      [{ placing_la_code: 890, missing_from: "home" }, "placing_la_code"],
      [{ placing_authority: "Somewhere Council", missing_from: "home" }, "placing_authority"],
    ];
    for (const [more, field] of cases) {
      const r = await post("police", "/api/v1/missing-episodes", episode("LC-PL-BAD", more));
      assert.equal(r.status, 422, `${JSON.stringify(more)}: ${r.text}`);
      assert.deepEqual(errorFields(r.body), [field], JSON.stringify(more));
    }
    assert.equal(sql("SELECT count(*) AS n FROM missing_episodes WHERE police_reference = 'LC-PL-BAD'")[0].n, 0);
  });

  test("placed by another of the partnership's authorities: its front door sees the episode and has a task", async () => {
    const r = await post("police", "/api/v1/missing-episodes", episode("LC-PL-1", { placing_la_code: 890 }));
    assert.equal(r.status, 201, r.text);
    id = r.body.id;
    // Blackpool (890) placed the child: its front door is told through its work list, and may open the episode
    const [task] = (await tasks("frontdoor2", "contextual.placed_child_missing")).filter((t) => t.record_id === id);
    assert.ok(task, "the placing authority's front door has a task");
    assert.equal(task.href, `/missing-episodes/${id}`);
    assert.doesNotMatch(task.text, /Sky|Placement/, "the task names no child");
    const seen = await call("frontdoor2", `/api/v1/missing-episodes/${id}`);
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.body.episode.placing_la_code, 890);
    assert.match(seen.body.episode.placing_la_name, /Blackpool/);
    assert.equal(seen.body.episode.placing_authority_not_told, true);
    assert.equal(seen.body.can_record_placing_told, true);
    // and it is linked to the child, as the child's own authority is
    const child = seen.body.episode.child_id;
    assert.equal(sql(`SELECT count(*) AS n FROM child_links l JOIN agencies a ON a.id = l.agency_id
      WHERE l.child_id = ${child} AND a.la_code = 890`)[0].n > 0, true);
    // the child's own authority (Lancashire) is not given the placing task, and a third authority sees nothing
    assert.equal((await tasks("frontdoor", "contextual.placed_child_missing")).filter((t) => t.record_id === id).length, 0);
    const page = await (await request(`/missing-episodes/${id}`, { token: await token("police") })).text();
    assert.match(page, /Tell the placing authority/);
    assert.match(page, /Record that the placing authority was told/);
    const list = await (await request("/missing-episodes", { token: await token("frontdoor") })).text();
    assert.match(list, /Placing authority not told/);
  });

  test("recording that it was told: bad input named, then once, which ends the task and the flag", async () => {
    const url = `/api/v1/missing-episodes/${id}/placing-authority-told`;
    const empty = await post("police", url, {});
    assert.equal(empty.status, 422, empty.text);
    assert.deepEqual(errorFields(empty.body).sort(), ["told_by", "told_on"]);
    const early = await post("police", url, { told_on: "2026-11-19", told_by: "PC Demo" });
    assert.equal(early.status, 422, early.text);
    assert.match(early.body.errors[0].detail, /on or after 2026-11-20/);
    const future = await post("police", url, { told_on: "2099-01-01", told_by: "PC Demo" });
    assert.deepEqual(errorFields(future.body), ["told_on"]);
    assert.equal((await post("dsl", url, { told_on: today(), told_by: "x" })).status, 403);
    assert.equal(sql(`SELECT placing_authority_told_on AS d FROM missing_episodes WHERE id = ${id}`)[0].d, null);

    const told = await post("police", url, { told_on: today(), told_by: "PC Demo, Lancashire Constabulary (demo)" });
    assert.equal(told.status, 200, told.text);
    assert.equal(told.body.episode.placing_authority_told_on, today());
    assert.equal(told.body.episode.placing_authority_told_by, "PC Demo, Lancashire Constabulary (demo)");
    assert.equal(told.body.episode.placing_authority_not_told, false);
    assert.equal(told.body.can_record_placing_told, false);
    assert.equal((await tasks("frontdoor2", "contextual.placed_child_missing")).filter((t) => t.record_id === id).length, 0);
    const again = await post("frontdoor2", url, { told_on: today(), told_by: "Front door" });
    assert.equal(again.status, 409, again.text);
    const page = await (await request(`/missing-episodes/${id}`, { token: await token("police") })).text();
    assert.doesNotMatch(page, /Tell the placing authority/);
    assert.match(page, /PC Demo, Lancashire Constabulary \(demo\)/);
    assert.equal(sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'missing.placing_told'
      AND resource_type = 'missing_episode' AND resource_id = '${id}'`)[0].n, 1);
  });

  test("the telling is in the child's chronology, on the page and the API, for those who may open the episode", async () => {
    const child = sql(`SELECT child_id FROM missing_episodes WHERE id = ${id}`)[0].child_id;
    for (const who of ["police", "frontdoor", "frontdoor2"]) {
      const r = await call(who, `/api/v1/children/${child}/chronology`);
      assert.equal(r.status, 200, `${who}: ${r.text}`);
      const told = r.body.events.filter((e) => e.kind === "placing_authority_told");
      assert.equal(told.length, 1, `${who} sees the telling once`);
      assert.equal(told[0].at, today(), "the day it was told");
      assert.equal(told[0].text, "Placing authority told the child was missing: Blackpool", "named as the episode names it");
      assert.match(told[0].agency, /^Lancashire Constabulary/, "the police recorded it");
      assert.equal(told[0].href, `/missing-episodes/${id}`);
      assert.equal(told[0].kind_label, "Placing authorities told");
      assert.ok(r.body.kinds.some((k) => k.kind === "placing_authority_told"), "offered as a filter");
    }
    const page = await (await request(`/children/${child}/chronology`, { token: await token("frontdoor2") })).text();
    assert.match(page, /Placing authority told the child was missing: Blackpool/);
    assert.match(page, new RegExp(`href="/missing-episodes/${id}"`));
  });

  test("a subject access pack about the child names the placing authority and when and by whom it was told", async () => {
    const child = sql(`SELECT child_id FROM missing_episodes WHERE id = ${id}`)[0].child_id;
    const made = await post("partnership", "/api/v1/subject-access", { child, requester: "child", received_on: today() });
    assert.equal(made.status, 201, made.text);
    const checked = await post("partnership2", `/api/v1/subject-access/${made.body.id}/identity`, { evidence: "photo_id_address", checked_on: today() });
    assert.equal(checked.status, 200, checked.text);
    const pack = await call("partnership", `/api/v1/subject-access/${made.body.id}/pack`);
    assert.equal(pack.status, 200, pack.text);
    const section = pack.body.sections.find((s) => s.title === "Missing episodes");
    const row = section.rows.find((r) => r.cells.some((c) => c.value === "LC-PL-1"));
    assert.ok(row, JSON.stringify(section));
    const cell = (column) => row.cells[section.columns.indexOf(column)]?.value;
    assert.match(cell("Placing authority"), /^Blackpool/, section.columns.join());
    assert.equal(cell("Placing authority told by"), "PC Demo, Lancashire Constabulary (demo)");
    assert.ok(cell("Placing authority told on"), "the day it was told, in words");
  });

  test("placed by an authority outside the partnership: typed, flagged until told, nobody else sees it", async () => {
    const notTold = async () => (await call("partnership", "/api/v1/missing-episodes/figures?from=2026-11-01&to=2026-11-30"))
      .body.areas.find((a) => a.la_name.startsWith("Lancashire")).total.placing_not_told;
    const before = await notTold();
    const r = await post("police", "/api/v1/missing-episodes", episode("LC-PL-2", {
      given_name: "Ash", family_name: "Elsewhere", date_of_birth: "2011-04-04", placing_authority: "Far Away Council",
    }));
    assert.equal(r.status, 201, r.text);
    const shown = (await call("frontdoor", `/api/v1/missing-episodes/${r.body.id}`)).body;
    assert.equal(shown.episode.placing_authority_not_told, true);
    assert.equal((await call("frontdoor2", `/api/v1/missing-episodes/${r.body.id}`)).status, 404);
    const listed = (await call("frontdoor", "/api/v1/missing-episodes")).body.episodes.find((e) => e.id === r.body.id);
    assert.equal(listed.placing_authority_not_told, true);
    assert.equal(await notTold(), before + 1, "the figures count it");
    // a child missing from home has no placing authority to tell
    const home = await post("police", "/api/v1/missing-episodes", episode("LC-PL-3", {
      given_name: "Kit", family_name: "Athome", date_of_birth: "2012-05-05", missing_from: "home",
    }));
    assert.equal(home.status, 201, home.text);
    const homeShown = await call("police", `/api/v1/missing-episodes/${home.body.id}`);
    assert.equal(homeShown.body.episode.placing_authority_not_told, false);
    const refused = await post("police", `/api/v1/missing-episodes/${home.body.id}/placing-authority-told`,
      { told_on: today(), told_by: "PC Demo" });
    assert.equal(refused.status, 409, refused.text);
  });

  test("the web form offers the partnership's authorities to choose, or a name to type", async () => {
    const page = await (await request("/missing-episodes/new", { token: await token("police") })).text();
    assert.match(page, /<select class="govuk-select" id="placing_la_code" name="placing_la_code"/);
    assert.match(page, /name="placing_authority"/);
  });
});

describe("a repeat's strategy discussion reaches the child's local authority", () => {
  const ids = [];

  test("the episode that meets the rule gives the front door a task, and only that authority's", async () => {
    for (const [n, day] of [[1, "2026-11-01"], [2, "2026-11-04"]]) {
      const r = await post("police", "/api/v1/missing-episodes", episode(`LC-RS-${n}`, {
        given_name: "Rowan", family_name: "Repeat", date_of_birth: "2010-06-06", missing_from: "home",
        reported_at: `${day}T20:00:00Z`,
      }));
      assert.equal(r.status, 201, r.text);
      ids.push(r.body.id);
    }
    const mine = async (who) => (await tasks(who, "contextual.strategy_discussion")).filter((t) => ids.includes(t.record_id));
    assert.equal((await mine("frontdoor")).length, 0, "two episodes do not meet the rule of three");
    const r = await post("police", "/api/v1/missing-episodes", episode("LC-RS-3", {
      given_name: "Rowan", family_name: "Repeat", date_of_birth: "2010-06-06", missing_from: "home",
      reported_at: "2026-11-07T20:00:00Z",
    }));
    assert.equal(r.status, 201, r.text);
    ids.push(r.body.id);
    const [task, ...others] = await mine("frontdoor");
    assert.ok(task, "the child's local authority's front door has the task");
    assert.equal(others.length, 0, "one task for the child");
    assert.equal(task.record_id, ids[2]);
    assert.equal(task.href, `/missing-episodes/${ids[2]}#strategy-discussion`);
    assert.doesNotMatch(task.text, /Rowan|Repeat missing: Rowan/);
    assert.equal((await mine("frontdoor2")).length, 0, "another authority's front door");
    assert.equal((await mine("police")).length, 0);
  });

  test("the rule is the partnership's: a stricter one gives the task sooner", async () => {
    const set = await post("partnership", "/api/v1/missing-episodes/settings", { repeat_episodes: 4, repeat_days: 30 });
    assert.equal(set.status, 200, set.text);
    const ours = (await tasks("frontdoor", "contextual.strategy_discussion")).filter((t) => ids.includes(t.record_id));
    assert.equal(ours.length, 0, "three episodes do not meet a rule of four");
    await post("partnership", "/api/v1/missing-episodes/settings", { repeat_episodes: 3, repeat_days: 30 });
  });

  test("the front door chooses how it hears of these tasks, as of any alerting kind", async () => {
    const r = await call("frontdoor", "/api/v1/alerts", { method: "POST", json: {
      contextual_placed_child_missing: "digest", contextual_strategy_discussion: "immediate" } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.kinds.find((k) => k.kind === "contextual.placed_child_missing").delivery, "digest");
    const page = await (await request("/account/alerts", { token: await token("frontdoor") })).text();
    assert.match(page, /Strategy discussions a repeat missing child calls for/);
  });

  test("recording the strategy discussion ends the task", async () => {
    const police = sql("SELECT agency_id AS id FROM users WHERE email = 'police@demo.haven.example'")[0].id;
    const r = await post("frontdoor", `/api/v1/missing-episodes/${ids[2]}/strategy-discussion`, {
      held_on: "2026-11-09", agencies: [police], decision: "Refer to MACE", next_steps: "Safety plan",
    });
    assert.equal(r.status, 200, r.text);
    const left = (await tasks("frontdoor", "contextual.strategy_discussion")).filter((t) => ids.includes(t.record_id));
    assert.equal(left.length, 0);
  });
});
