// The challenge log (issue 20): the Independent Scrutineer (or the
// partnership team, for the board) raises a challenge to an agency or the
// partnership with a date to respond by; the owning agency sees it on its
// task list and responds; whoever raised it (or any scrutineer) accepts the
// response or escalates it to the board with a new date; the partnership and
// the scrutineer see every challenge, an agency its own, any other agency
// is told it does not exist. Each change leaves its audit row; bad input is
// refused naming each field and changes nothing; both faces (API and pages).
//
// Demo agencies: the dsl and the agency administrator are Brookfield Primary
// (brookfield-primary); dsl2 is Larkhill Academy; the partnership team and
// the scrutineer are the partnership (csap).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const count = (table) => Number(sql(`SELECT count(*) FROM ${table}`));
const audits = (action, id) => Number(sql(`SELECT count(*) FROM audit_log WHERE action = '${action}' AND resource_type = 'challenge' AND resource_id = '${id}'`));
const tasksOf = async (who) => (await call(who, "/api/v1/tasks")).body.tasks.filter((t) => t.kind.startsWith("challenge."));

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

const CHALLENGE = {
  subject: "Attendance of Key Adults at Encompass briefings",
  detail: "Fictional: two of the last five briefings had no one from the school. What will change, and how will you show it?",
  owner: "brookfield-primary",
  respond_by: plusDays(14),
};

describe("the challenge log", () => {
  let id;

  test("the log counts its challenges in words: the demo's one is '1 challenge', not '1 challenges'", async () => {
    const page = await call("scrutineer", "/challenges");
    assert.equal(page.status, 200, page.text);
    assert.match(page.text, /<caption class="govuk-table__caption govuk-table__caption--m">1 challenge<\/caption>/);
    assert.match(page.text, /role="region" aria-label="1 challenge"/);
  });

  test("the scrutineer raises a challenge to an agency; it is audited and on the agency's task list", async () => {
    const res = await post("scrutineer", "/api/v1/challenges", CHALLENGE);
    assert.equal(res.status, 201, res.text);
    id = res.body.id;
    assert.equal(res.body.owner_name, "Brookfield Primary School (fictional)");
    assert.equal(res.body.status, "open");
    assert.equal(res.body.status_label, "Awaiting a response");
    assert.equal(res.body.raised_by_name, "Sam Scrutineer");
    assert.equal(audits("challenge.raise", id), 1);
    for (const who of ["dsl", "agencyadmin"]) {
      const tasks = await tasksOf(who);
      assert.deepEqual(
        tasks.map((t) => [t.kind, t.href, t.due_at]),
        [["challenge.respond", `/challenges/${id}`, CHALLENGE.respond_by]],
        `${who}: ${JSON.stringify(tasks)}`,
      );
    }
    assert.deepEqual(await tasksOf("dsl2"), [], "another school has nothing to answer");
  });

  test("the partnership, the scrutineer and the owner see it; another agency is told it does not exist", async () => {
    for (const who of ["partnership", "scrutineer", "dsl", "agencyadmin"]) {
      const res = await call(who, `/api/v1/challenges/${id}`);
      assert.equal(res.status, 200, `${who}: ${res.text}`);
      assert.equal(res.body.challenge.subject, CHALLENGE.subject);
      const list = await call(who, "/api/v1/challenges");
      assert.ok(list.body.challenges.some((c) => c.id === id), `${who} lists it`);
    }
    assert.equal((await call("dsl2", `/api/v1/challenges/${id}`)).status, 404);
    assert.equal((await call("dsl2", "/api/v1/challenges/999999")).status, 404, "as one that does not exist");
    assert.ok(!(await call("dsl2", "/api/v1/challenges")).body.challenges.some((c) => c.id === id));
    assert.equal((await call("admin", "/api/v1/challenges")).status, 403);
    // the owner may answer; the scrutineer sees no answer form and may not answer
    assert.equal((await call("dsl", `/api/v1/challenges/${id}`)).body.can_respond, true);
    assert.equal((await call("scrutineer", `/api/v1/challenges/${id}`)).body.can_respond, false);
    assert.equal((await post("scrutineer", `/api/v1/challenges/${id}/response`, { response: "Not mine." })).status, 403);
    assert.equal((await post("dsl2", `/api/v1/challenges/${id}/response`, { response: "Not ours." })).status, 404);
  });

  test("a decision before any response is refused, and changes nothing", async () => {
    const before = count("scrutiny_challenge_events");
    const res = await post("scrutineer", `/api/v1/challenges/${id}/decision`, { decision: "accept" });
    assert.equal(res.status, 409, res.text);
    assert.deepEqual(errorFields(res.body), ["decision"]);
    assert.equal(count("scrutiny_challenge_events"), before);
  });

  test("the owner responds; the challenge then waits for the scrutineer's decision", async () => {
    const res = await post("dsl", `/api/v1/challenges/${id}/response`, { response: "Fictional: the deputy head now attends each briefing; the register is attached to our next return." });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.challenge.status, "responded");
    assert.deepEqual(res.body.challenge.events.map((e) => [e.kind, e.by_name, e.agency_name]), [["response", "Dee Safeguarding-Lead", "Brookfield Primary School (fictional)"]]);
    assert.equal(audits("challenge.respond", id), 1);
    assert.deepEqual(await tasksOf("dsl"), [], "answered: off the school's list");
    assert.deepEqual((await tasksOf("scrutineer")).map((t) => [t.kind, t.href]), [["challenge.decide", `/challenges/${id}`]]);
    assert.deepEqual(await tasksOf("partnership"), [], "the partnership team did not raise it");
    // a second response while one waits for a decision is refused
    const again = await post("dsl", `/api/v1/challenges/${id}/response`, { response: "And another thing." });
    assert.equal(again.status, 409, again.text);
    assert.deepEqual(errorFields(again.body), ["response"]);
  });

  test("escalating needs a reason and a new date; then the owner answers again", async () => {
    let res = await post("scrutineer", `/api/v1/challenges/${id}/decision`, { decision: "escalate" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body).sort(), ["note", "respond_by"]);
    res = await post("scrutineer", `/api/v1/challenges/${id}/decision`, { decision: "escalate", note: "No evidence yet.", respond_by: "2020-01-01" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["respond_by"]);
    assert.equal(res.body.errors[0].detail, "The date a further response is due must be today or in the future");
    const further = plusDays(28);
    res = await post("scrutineer", `/api/v1/challenges/${id}/decision`, { decision: "escalate", note: "Fictional: no register has been seen; the board will ask.", respond_by: further });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.challenge.status, "escalated");
    assert.equal(res.body.challenge.respond_by, further);
    assert.equal(res.body.challenge.events.at(-1).further_by, further);
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'challenge.decide' AND resource_id = '${id}' AND reason = 'escalated'`)), 1);
    assert.deepEqual((await tasksOf("dsl")).map((t) => [t.kind, t.text, t.due_at]), [["challenge.respond", "Respond again to an escalated challenge", further]]);
    res = await post("dsl", `/api/v1/challenges/${id}/response`, { response: "Fictional: the registers for both briefings are attached." });
    assert.equal(res.status, 200, res.text);
  });

  test("accepting with a date is refused on respond_by, nothing decided: a date is only for escalating", async () => {
    const said = /Leave the date empty when accepting: a date is only for escalating/;
    for (const respond_by of ["2020-01-01", plusDays(10)]) {
      const res = await post("scrutineer", `/api/v1/challenges/${id}/decision`, { decision: "accept", note: "", respond_by });
      assert.equal(res.status, 422, res.text);
      assert.deepEqual(errorFields(res.body), ["respond_by"]);
      assert.match(res.body.errors[0].detail, said);
    }
    // the page, with a date typed in its boxes and Accept chosen: shown again with the error summary
    const page = await call("scrutineer", `/challenges/${id}/decision`, {
      method: "POST",
      form: { decision: "accept", note: "", "respond_by-day": "1", "respond_by-month": "1", "respond_by-year": "2030" },
    });
    assert.equal(page.status, 422, page.text.slice(0, 300));
    assert.match(page.text, /There is a problem/);
    assert.match(page.text, said);
    assert.equal(sql(`SELECT status FROM scrutiny_challenges WHERE id = ${id}`), "responded", "still waiting for a decision");
    assert.equal(audits("challenge.decide", id), 1, "the escalation alone");
  });

  test("whoever raised it accepts the response: the challenge is closed", async () => {
    // the partnership team did not raise this one: as if it did not exist for deciding
    assert.equal((await post("partnership", `/api/v1/challenges/${id}/decision`, { decision: "accept" })).status, 404);
    const res = await post("scrutineer", `/api/v1/challenges/${id}/decision`, { decision: "accept", note: "Registers seen." });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.challenge.status, "accepted");
    assert.ok(res.body.challenge.closed_at);
    assert.deepEqual(res.body.challenge.events.map((e) => e.kind), ["response", "escalated", "response", "accepted"]);
    assert.deepEqual(await tasksOf("scrutineer"), []);
    assert.equal((await post("dsl", `/api/v1/challenges/${id}/response`, { response: "Late." })).status, 409);
  });

  test("the partnership team challenges the partnership itself, and decides what it raised", async () => {
    const res = await post("partnership", "/api/v1/challenges", { ...CHALLENGE, subject: "Section 11 returns chased late", owner: "csap" });
    assert.equal(res.status, 201, res.text);
    const own = res.body.id;
    assert.equal((await tasksOf("partnership")).filter((t) => t.kind === "challenge.respond").length, 1);
    assert.deepEqual(await tasksOf("dsl"), [], "not the school's");
    assert.equal((await post("partnership", `/api/v1/challenges/${own}/response`, { response: "Fictional: reminders now start five working days before." })).status, 200);
    assert.equal((await post("partnership", `/api/v1/challenges/${own}/decision`, { decision: "accept" })).status, 200);
  });

  test("an overdue challenge says so", async () => {
    const res = await post("scrutineer", "/api/v1/challenges", { ...CHALLENGE, subject: "Overdue one" });
    assert.equal(res.status, 201);
    sql(`UPDATE scrutiny_challenges SET respond_by = '2026-01-05' WHERE id = ${res.body.id}`);
    const shown = await call("dsl", `/api/v1/challenges/${res.body.id}`);
    assert.equal(shown.body.challenge.status, "overdue");
    assert.equal(shown.body.challenge.stage, "open");
    assert.equal(shown.body.challenge.respond_by_words, "5 January 2026");
    const page = await call("dsl", "/challenges");
    assert.match(page.text, /Response overdue/);
    assert.match(page.text, /5 January 2026/);
    assert.ok((await tasksOf("dsl")).some((t) => t.href === `/challenges/${res.body.id}` && t.overdue), "overdue on the list");
  });

  test("bad input is refused naming each field and reason, and adds nothing", async () => {
    const before = count("scrutiny_challenges");
    let res = await post("scrutineer", "/api/v1/challenges", {});
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body).sort(), ["detail", "owner", "respond_by", "subject"]);
    res = await post("scrutineer", "/api/v1/challenges", { ...CHALLENGE, owner: "no-such-agency" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["owner"]);
    res = await post("scrutineer", "/api/v1/challenges", { ...CHALLENGE, respond_by: "2020-02-30" });
    assert.deepEqual(errorFields(res.body), ["respond_by"]);
    res = await post("scrutineer", "/api/v1/challenges", { ...CHALLENGE, respond_by: "2020-02-28" });
    assert.deepEqual(errorFields(res.body), ["respond_by"]);
    assert.equal(res.body.errors[0].detail, "The date to respond by must be today or in the future");
    res = await post("scrutineer", "/api/v1/challenges", { ...CHALLENGE, subject: "x".repeat(201) });
    assert.deepEqual(errorFields(res.body), ["subject"]);
    res = await post("scrutineer", "/api/v1/challenges", { ...CHALLENGE, colour: "red" });
    assert.equal(res.status, 422);
    assert.equal(count("scrutiny_challenges"), before);
    // dsl and practitioners do not raise challenges
    assert.equal((await post("dsl", "/api/v1/challenges", CHALLENGE)).status, 403);
  });

  test("pages: raising shows the form again with the error summary; a response from the page leads back to the challenge", async () => {
    const bad = await call("scrutineer", "/challenges", { method: "POST", form: { ...CHALLENGE, subject: "" } });
    assert.equal(bad.status, 422, bad.text.slice(0, 300));
    assert.match(bad.text, /There is a problem/);
    assert.match(bad.text, /Attendance of Key Adults|two of the last five briefings/, "what was typed is kept");
    const made = await call("scrutineer", "/challenges", { method: "POST", form: CHALLENGE });
    assert.equal(made.status, 303);
    const where = made.headers.get("location");
    assert.match(where, /^\/challenges\/\d+$/);
    const page = await call("dsl", where);
    assert.match(page.text, /Send the response/);
    assert.doesNotMatch(page.text, /Record the decision/);
    const answered = await call("dsl", `${where}/response`, { method: "POST", form: { response: "Fictional: done." } });
    assert.equal(answered.status, 303);
    assert.equal(answered.headers.get("location"), where);
    assert.match((await call("scrutineer", where)).text, /Record the decision/);
    // the decision's form always sends its date boxes: left empty, accepting is no date given
    const accepted = await call("scrutineer", `${where}/decision`, {
      method: "POST",
      form: { decision: "accept", note: "", "respond_by-day": "", "respond_by-month": "", "respond_by-year": "" },
    });
    assert.equal(accepted.status, 303, accepted.text.slice(0, 300));
    assert.equal(sql(`SELECT status FROM scrutiny_challenges WHERE id = ${where.split("/").at(-1)}`), "accepted");
  });
});
