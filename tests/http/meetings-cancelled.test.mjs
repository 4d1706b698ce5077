// A meeting as the partnership team meets it (src/areas/meetings): a cancelled meeting is not held, so
// nothing is added to its record (an agenda item, attendance, a decision, an action): its page offers none
// of those forms and the API refuses each 409 naming `status`, nothing changed, until it is planned again;
// what was recorded before stays shown. Cancelling a board meeting with an escalated challenge on its
// agenda says that it goes back to the partnership team (the status form before, the banner after); one
// with none on it says nothing of them. Quorum is a held
// meeting's (or one whose attendance is recorded): a meeting still to come says "Not yet held".
//
// Run: HAVEN_BIN=build/haven node --test tests/http/meetings-cancelled.test.mjs

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const add = async (body) => {
  const res = await post("partnership", "/api/v1/meetings", { starts_at: "10:00", place: "Fictional Town Hall", ...body });
  assert.equal(res.status, 201, res.text);
  return res.body.id ?? res.body.meeting.id;
};
const move = (id, status) => post("partnership", `/api/v1/meetings/${id}/status`, { status });
const plan = () => Number(sql("SELECT min(id) FROM plans"));
/* What adding to meeting `id`'s record writes, counted: its rows and its audit rows. */
const written = (id) =>
  ["meeting_agenda_items", "meeting_attendance", "meeting_decisions", "meeting_actions"]
    .map((t) => Number(sql(`SELECT count(*) FROM ${t} WHERE meeting_id = ${id}`)))
    .concat(Number(sql(`SELECT count(*) FROM audit_log WHERE resource_type = 'meeting' AND resource_id = '${id}'`)), Number(sql("SELECT count(*) FROM plan_actions")));
/* Each of the four additions to meeting `id`, as the API takes them. */
const additions = (id) => [
  [`/api/v1/meetings/${id}/agenda`, { title: "Fictional: neglect audit findings" }],
  [`/api/v1/meetings/${id}/attendance`, { agency: "brookfield-primary", attendance: "apologies" }],
  [`/api/v1/meetings/${id}/decisions`, { decision: "Fictional: the audit goes to the group." }],
  [`/api/v1/meetings/${id}/actions`, { plan: plan(), action: "Fictional: share the findings", owner: "brookfield-primary", lead: "Fictional DSL", due_on: plusDays(90) }],
];
const forms = ["Add an agenda item", "Record attendance", "Record a decision", "Record an action"];

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("a cancelled meeting", () => {
  let id;
  test("what was recorded before it was cancelled stays; nothing more is added, 409 on status, nothing changed", async () => {
    id = await add({ held_on: plusDays(30) });
    const item = await post("partnership", `/api/v1/meetings/${id}/agenda`, { title: "Fictional: recorded before" });
    assert.equal(item.status, 200, item.text);
    assert.equal((await move(id, "cancelled")).status, 200);
    const was = written(id);
    for (const [path, body] of additions(id)) {
      const res = await post("partnership", path, body);
      assert.equal(res.status, 409, `${path}: ${res.text}`);
      assert.deepEqual(errorFields(res.body), ["status"], path);
      assert.match(JSON.stringify(res.body.errors), /This meeting was cancelled, so it is not held: plan it again/);
    }
    assert.deepEqual(written(id), was, "nothing written, nothing audited");
    const shown = await call("partnership", `/api/v1/meetings/${id}`);
    assert.deepEqual(shown.body.meeting.agenda.map((i) => i.title), ["Fictional: recorded before"], "kept");
  });

  test("its page offers none of the four forms, says why, and keeps what was recorded; a form sent anyway is refused", async () => {
    const page = await call("partnership", `/meetings/${id}`);
    assert.equal(page.status, 200);
    for (const form of forms) assert.doesNotMatch(page.text, new RegExp(`>${form}<`), form);
    assert.match(page.text, /id="cancelled-note">This meeting was cancelled, so it was not held/);
    assert.doesNotMatch(page.text, /escalated challenge/, "none was on its agenda");
    assert.match(page.text, /Fictional: recorded before/);
    assert.match(page.text, /Save the status/, "it can be planned again");
    const refused = await call("partnership", `/meetings/${id}/agenda`, { method: "POST", form: { title: "Fictional: sent anyway" } });
    assert.equal(refused.status, 409, refused.text);
    assert.match(refused.text, /govuk-error-summary/);
    assert.match(refused.text, /This meeting was cancelled, so it is not held/);
  });

  test("planned again, it takes all four and its page offers them", async () => {
    assert.equal((await move(id, "planned")).status, 200);
    for (const [path, body] of additions(id)) assert.equal((await post("partnership", path, body)).status, 200, path);
    const page = await call("partnership", `/meetings/${id}`);
    for (const form of forms) assert.match(page.text, new RegExp(`>${form}<`), form);
    assert.doesNotMatch(page.text, /cancelled-note/);
  });
});

describe("cancelling a board meeting", () => {
  test("with no escalated challenge on its agenda, it is cancelled without word of them", async () => {
    const board = await add({ held_on: plusDays(40) });
    assert.equal((await post("partnership", `/api/v1/meetings/${board}/agenda`, { title: "Fictional: the annual report" })).status, 200);
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const form = await b.request(`/meetings/${board}`);
    assert.doesNotMatch(form.text, /status-hint/);
    assert.equal((await call("partnership", `/api/v1/meetings/${board}`)).body.meeting.escalated_challenges, false);
    const answer = await b.request(`/meetings/${board}/status`, { method: "POST", form: { csrf_token: b.csrfOf(form.text), status: "cancelled" } });
    assert.equal(answer.status, 303, answer.text);
    const page = await b.request(answer.location);
    assert.match(page.text, /govuk-notification-banner__heading">\s*The meeting was cancelled\s*</);
    assert.doesNotMatch(page.text, /escalated challenge/);
  });

  test("with an escalated challenge on its agenda, the status form warns that it goes back to the partnership team; the banner says so", async () => {
    const board = await add({ held_on: plusDays(3) }); // the board's next: the challenge goes on its agenda
    const raised = await post("scrutineer", "/api/v1/challenges", {
      subject: "Fictional: minutes of strategy meetings", detail: "Fictional: what will change?", owner: "brookfield-primary", respond_by: plusDays(14),
    });
    assert.equal(raised.status, 201, raised.text);
    const id = raised.body.id ?? raised.body.challenge.id;
    assert.equal((await post("dsl", `/api/v1/challenges/${id}/response`, { response: "Fictional: a plan." })).status, 200);
    const escalated = await post("scrutineer", `/api/v1/challenges/${id}/decision`, { decision: "escalate", note: "Fictional: the board will ask.", respond_by: plusDays(40) });
    assert.equal(escalated.status, 200, escalated.text);
    assert.equal(escalated.body.challenge.board_meeting_id, board);
    assert.equal((await call("partnership", `/api/v1/meetings/${board}`)).body.meeting.escalated_challenges, true);
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const form = await b.request(`/meetings/${board}`);
    assert.match(form.text, /id="status-hint" class="govuk-hint">Cancelling a board meeting sends any escalated challenge on its agenda back to the partnership team/);
    const answer = await b.request(`/meetings/${board}/status`, { method: "POST", form: { csrf_token: b.csrfOf(form.text), status: "cancelled" } });
    assert.equal(answer.status, 303, answer.text);
    const page = await b.request(answer.location);
    assert.match(page.text, /The meeting was cancelled. Any escalated challenge on its agenda goes back to the partnership team, to place on the board(&#39;|')s next meeting/);
    assert.match(page.text, /id="cancelled-note">[^<]*an escalated challenge on it goes back to the partnership team/);
    assert.doesNotMatch(page.text, /Your changes have been saved/);
  });

  test("a group's meeting is cancelled without word of the board's challenges", async () => {
    const group = await add({ group: Number(sql("SELECT min(id) FROM plan_groups")), held_on: plusDays(40) });
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const form = await b.request(`/meetings/${group}`);
    assert.doesNotMatch(form.text, /status-hint/);
    const answer = await b.request(`/meetings/${group}/status`, { method: "POST", form: { csrf_token: b.csrfOf(form.text), status: "cancelled" } });
    const page = await b.request(answer.location);
    assert.match(page.text, /govuk-notification-banner__heading">\s*The meeting was cancelled\s*</);
    assert.doesNotMatch(page.text, /escalated challenge on it goes back/);
  });
});

describe("quorum", () => {
  test("a meeting still to come with no one recorded is not yet held, not inquorate", async () => {
    const future = await add({ held_on: plusDays(50) });
    let shown = await call("partnership", `/api/v1/meetings/${future}`);
    assert.equal(shown.body.meeting.quorum.words, "Not yet held");
    assert.equal(shown.body.meeting.quorum.applies, false);
    const page = await call("partnership", `/meetings/${future}`);
    assert.match(page.text, /id="quorum">Not yet held</);
    assert.doesNotMatch(page.text, /Not quorate/);
    // attendance recorded: the quorum follows it
    assert.equal((await post("partnership", `/api/v1/meetings/${future}/attendance`, { agency: "brookfield-primary", attendance: "apologies" })).status, 200);
    shown = await call("partnership", `/api/v1/meetings/${future}`);
    assert.equal(shown.body.meeting.quorum.applies, true);
    assert.match(shown.body.meeting.quorum.words, /^Not quorate: no one was present for a local authority, the police or health/);
  });

  test("a meeting held with no one recorded is not quorate", async () => {
    const past = await add({ held_on: plusDays(-2) });
    assert.equal((await move(past, "held")).status, 200);
    const shown = await call("partnership", `/api/v1/meetings/${past}`);
    assert.equal(shown.body.meeting.quorum.applies, true);
    assert.match(shown.body.meeting.quorum.words, /^Not quorate/);
  });
});
