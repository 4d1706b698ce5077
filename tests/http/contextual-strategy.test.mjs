// Strategy discussions recorded, not only prompted (issue 17,
// src/areas/contextual/strategy.c) over HTTP on the demo partnership: when the
// repeat-missing rule flags a child, the episode prompts a strategy discussion;
// the local authority records it (date, agencies present, decision, next steps)
// and the prompt clears, on that episode and the child's others; the discussion
// is in the child's chronology; bad input is named by field and saves nothing;
// agencies not related to the episode are answered 404.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlRows, plusDays } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post, request, token } = apiClient(() => haven);
const sql = (query) => sqlRows(haven.dbPath, query);
const agencyOf = (who) => sql(`SELECT agency_id AS id FROM users WHERE email = '${who}@demo.haven.example'`)[0].id;
const today = () => plusDays(0);

const episodes = [];
let child;

before(async () => {
  haven = await startHaven();
  // three episodes of one Lancashire child within a week (the rule: 3 in 30 days)
  for (const [n, day] of [[1, "2026-11-02"], [2, "2026-11-05"], [3, "2026-11-08"]]) {
    const r = await post("police", "/api/v1/missing-episodes", {
      police_reference: `LC-SD-${n}`, given_name: "Robin", family_name: "Strategy", date_of_birth: "2009-09-09",
      la_code: 888, reported_at: `${day}T20:00:00Z`, risk_grading: "medium", missing_from: "care",
    });
    assert.equal(r.status, 201, r.text);
    episodes.push(r.body.id);
  }
  child = (await call("frontdoor", `/api/v1/missing-episodes/${episodes[2]}`)).body.episode.child_id;
});
after(async () => {
  if (haven) await haven.stop();
});

describe("the strategy discussion a repeat prompts", () => {
  test("the third episode prompts one; the first two do not", async () => {
    const third = (await call("frontdoor", `/api/v1/missing-episodes/${episodes[2]}`)).body;
    assert.deepEqual([third.episode.repeat, third.strategy_due, third.can_record_strategy], [true, true, true]);
    const first = (await call("frontdoor", `/api/v1/missing-episodes/${episodes[0]}`)).body;
    assert.deepEqual([first.episode.repeat, first.strategy_due], [false, false]);
    const page = await (await request(`/missing-episodes/${episodes[2]}`, { token: await token("frontdoor") })).text();
    assert.match(page, /Hold a strategy discussion/);
    assert.match(page, /Record the strategy discussion/);
  });

  test("bad input is named by field and saves nothing", async () => {
    const url = `/api/v1/missing-episodes/${episodes[2]}/strategy-discussion`;
    const empty = await post("frontdoor", url, { held_on: "2026-13-01" });
    assert.equal(empty.status, 422, empty.text);
    assert.deepEqual(errorFields(empty.body).sort(), ["agencies", "decision", "held_on", "next_steps"]);
    const early = await post("frontdoor", url, {
      held_on: "2026-11-01", agencies: [agencyOf("police"), 999999], decision: "Plan", next_steps: "Meet",
    });
    assert.equal(early.status, 422, early.text);
    assert.deepEqual(errorFields(early.body).sort(), ["agencies", "held_on"]);
    assert.match(early.body.errors.find((e) => e.field === "held_on").detail, /on or after 2026-11-08/);
    const future = await post("frontdoor", url, { held_on: "2099-01-01", agencies: [agencyOf("police")], decision: "Plan", next_steps: "Meet" });
    assert.deepEqual(errorFields(future.body), ["held_on"]);
    assert.equal(sql("SELECT count(*) AS n FROM strategy_discussions")[0].n, 0);
    // an agency unrelated to the episode cannot see it, nor record one
    assert.equal((await post("frontdoor2", url, { held_on: today(), agencies: [agencyOf("police")], decision: "x", next_steps: "y" })).status, 404);
    assert.equal((await post("dsl", url, { held_on: today(), agencies: [agencyOf("police")], decision: "x", next_steps: "y" })).status, 403);
  });

  test("recorded, it clears the prompt and shows on the episode and in the chronology", async () => {
    const url = `/api/v1/missing-episodes/${episodes[2]}/strategy-discussion`;
    const r = await post("frontdoor", url, {
      held_on: "2026-11-10", agencies: [agencyOf("police"), agencyOf("frontdoor")],
      decision: "Child exploitation concerns: refer to MACE", next_steps: "Safety plan with the placement by Friday",
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.strategy_due, false);
    assert.equal(r.body.can_record_strategy, false);
    const [d] = r.body.strategy_discussions;
    assert.equal(d.held_on, "2026-11-10");
    assert.equal(d.decision, "Child exploitation concerns: refer to MACE");
    assert.equal(d.agencies_present.split(", ").length, 2);
    const page = await (await request(`/missing-episodes/${episodes[2]}`, { token: await token("police") })).text();
    assert.doesNotMatch(page, /Hold a strategy discussion/);
    assert.match(page, /Safety plan with the placement by Friday/);
    const chronology = await call("frontdoor", `/api/v1/children/${child}/chronology`);
    assert.equal(chronology.status, 200, chronology.text);
    const held = chronology.body.events.filter((e) => e.kind === "strategy_discussion");
    assert.deepEqual(held.map((e) => [e.at, e.href]), [["2026-11-10", `/missing-episodes/${episodes[2]}`]]);
    assert.equal(sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'missing.strategy'
      AND resource_type = 'missing_episode' AND resource_id = '${episodes[2]}'`)[0].n, 1);
  });

  test("a later repeat episode prompts again until another discussion is held", async () => {
    const r = await post("police", "/api/v1/missing-episodes", {
      police_reference: "LC-SD-4", given_name: "Robin", family_name: "Strategy", date_of_birth: "2009-09-09",
      la_code: 888, reported_at: "2026-11-20T20:00:00Z", risk_grading: "high", missing_from: "care",
    });
    const fourth = (await call("frontdoor", `/api/v1/missing-episodes/${r.body.id}`)).body;
    assert.deepEqual([fourth.episode.repeat, fourth.strategy_due], [true, true]);
    const third = (await call("frontdoor", `/api/v1/missing-episodes/${episodes[2]}`)).body;
    assert.equal(third.strategy_due, false, "the earlier episode's prompt stays answered");
  });
});
