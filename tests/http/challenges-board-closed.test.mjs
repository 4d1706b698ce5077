// An escalated challenge leaves the board's agenda when it is settled or moved (src/areas/scrutiny, through
// the meetings area's meetings_board_agenda_settled and meetings_board_agenda_withdraw): accepted, it comes
// off the agenda of a meeting not yet held (the board would discuss a challenge already closed), audited on
// the meeting; a held meeting's agenda keeps it (the record), and the challenge still names that meeting.
// An item a decision names stays on its meeting's agenda as the record, marked withdrawn, so planning a
// cancelled meeting again does not put the challenge on two live agendas, and that meeting's page no longer
// warns that cancelling it sends an escalated challenge back. A withdrawn item is not offered to a new
// decision, and one naming it is refused (422 on agenda_item); the decision already on it may be corrected
// and keep naming it, but another decision cannot be moved onto it.
//
// Run: HAVEN_BIN=build/haven node --test tests/http/challenges-board-closed.test.mjs

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { escalatedChallenge } from "../lib/challenges.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const agendaOf = async (meeting) => (await call("partnership", `/api/v1/meetings/${meeting}`)).body.meeting.agenda;
/* The titles on meeting `meeting`'s agenda still for discussion (not withdrawn). */
const live = async (meeting) => (await agendaOf(meeting)).filter((i) => i.withdrawn !== true).map((i) => i.title);
const removals = (meeting) =>
  Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'meeting.agenda_remove' AND resource_id = '${meeting}'`));

/** A challenge to Brookfield raised by the scrutineer, answered by its DSL and escalated: its id and its item's title. */
async function escalated(subject) {
  const id = await escalatedChallenge(post, subject);
  return [id, `Escalated challenge ${id}: ${subject}`];
}
/** Challenge `id` answered again and its response accepted: closed. */
async function accepted(id) {
  assert.equal((await post("dsl", `/api/v1/challenges/${id}/response`, { response: "Fictional: done." })).status, 200);
  const res = await post("scrutineer", `/api/v1/challenges/${id}/decision`, { decision: "accept" });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.challenge.status, "accepted");
  return res.body.challenge;
}
const meeting = async (body) => {
  const res = await post("partnership", "/api/v1/meetings", { starts_at: "10:00", place: "Fictional Town Hall", ...body });
  assert.equal(res.status, 201, res.text);
  return res.body.id ?? res.body.meeting.id;
};
const move = async (id, status) => assert.equal((await post("partnership", `/api/v1/meetings/${id}/status`, { status })).status, 200);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  await haven?.stop();
});

describe("an escalated challenge closed", () => {
  let next, first, firstTitle, second, secondTitle;

  test("accepted, it comes off the agenda of the board meeting still to come, audited on the meeting", async () => {
    next = await meeting({ held_on: plusDays(20) });
    [first, firstTitle] = await escalated("Key Adults at Encompass briefings (fictional)");
    [second, secondTitle] = await escalated("Attendance at strategy meetings (fictional)");
    assert.deepEqual(await live(next), [firstTitle, secondTitle]);

    const closed = await accepted(first);
    assert.equal(closed.board_meeting_id, null, "before the board at no meeting");
    assert.deepEqual(await live(next), [secondTitle], "the board does not discuss a challenge already settled");
    assert.deepEqual((await agendaOf(next)).map((i) => i.position), [1], "the later item moved up");
    assert.equal(removals(next), 1);
  });

  test("accepted after the meeting was held, the held meeting's agenda keeps it", async () => {
    const corrected = await post("partnership", `/api/v1/meetings/${next}`, { held_on: plusDays(-1), starts_at: "10:00", place: "Fictional Town Hall" });
    assert.equal(corrected.status, 200, corrected.text);
    await move(next, "held");
    const closed = await accepted(second);
    assert.equal(closed.board_meeting_id, next, "it was before the board there");
    assert.deepEqual(await live(next), [secondTitle], "the record of the meeting");
    assert.equal(removals(next), 1, "nothing more taken off");
  });

  test("accepted while its meeting is cancelled, it comes off that agenda: planning the meeting again does not bring it back", async () => {
    const cancelled = await meeting({ held_on: plusDays(25) });
    const [third, thirdTitle] = await escalated("Neglect toolkit use (fictional)");
    assert.deepEqual(await live(cancelled), [thirdTitle]);
    await move(cancelled, "cancelled");
    await accepted(third);
    assert.deepEqual(await live(cancelled), []);
    await move(cancelled, "planned");
    assert.deepEqual(await live(cancelled), [], "reinstated without it");
  });
});

describe("an item a decision names, its challenge moved to another meeting", () => {
  let first, item;

  test("stays as the record, withdrawn: reinstating its cancelled meeting does not put the challenge on two live agendas", async () => {
    first = await meeting({ held_on: plusDays(10) });
    const [id, title] = await escalated("Health attendance at strategy meetings (fictional)");
    item = (await agendaOf(first)).find((i) => i.title === title);
    assert.ok(item, "on the first meeting's agenda");
    const decided = await post("partnership", `/api/v1/meetings/${first}/decisions`, { decision: "Fictional: deferred to the next meeting.", agenda_item: item.id });
    assert.equal(decided.status, 200, decided.text);
    let page = await call("partnership", `/meetings/${first}`);
    assert.match(page.text, /id="status-hint"/, "an escalated challenge on its agenda: the warning");

    await move(first, "cancelled");
    const second = await meeting({ held_on: plusDays(12) });
    const placed = await post("partnership", `/api/v1/challenges/${id}/board-agenda`, {});
    assert.equal(placed.status, 200, placed.text);
    assert.equal(placed.body.challenge.board_meeting_id, second);
    assert.deepEqual(await live(second), [title]);

    await move(first, "planned");
    assert.deepEqual(await live(first), [], "reinstated: the challenge is not on its agenda for discussion");
    assert.deepEqual(await live(second), [title], "on one live agenda");
    const kept = (await agendaOf(first)).find((i) => i.id === item.id);
    assert.equal(kept?.withdrawn, true, "kept for its decision, withdrawn");
    assert.equal(kept.source, "challenge");
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'meeting.agenda_remove' AND resource_id = '${first}' AND reason = 'withdrawn, kept for its decision'`)), 1);
    assert.equal((await call("partnership", `/api/v1/challenges/${id}`)).body.challenge.board_meeting_id, second);
    page = await call("partnership", `/meetings/${first}`);
    assert.match(page.text, new RegExp(`${title.replace(/[()]/g, "\\$&")} <strong class="govuk-tag govuk-tag--grey">Withdrawn</strong>`));
    assert.doesNotMatch(page.text, /id="status-hint"/, "nothing of the challenge's to send back");
    // its decision still names the item
    const decisions = (await call("partnership", `/api/v1/meetings/${first}`)).body.meeting.decisions;
    assert.equal(decisions[0].agenda_item_id, item.id);
  });

  test("withdrawn, it is not this meeting's business for a new decision; the decision already on it may be corrected and keep naming it", async () => {
    assert.ok(item, "the test before left a withdrawn item");
    const decisions = async () => (await call("partnership", `/api/v1/meetings/${first}`)).body.meeting.decisions;
    const recorded = (await decisions())[0];
    assert.equal(recorded.agenda_item_id, item.id);
    const itemChoices = (html) => html.slice(html.indexOf('<select class="govuk-select" id="agenda_item"'), html.indexOf("</select>", html.indexOf('id="agenda_item"')));

    // the meeting page's "record a decision" form does not offer it
    const page = await call("partnership", `/meetings/${first}`);
    assert.ok(itemChoices(page.text).includes('<option value="">None</option>'), "the form is there");
    assert.doesNotMatch(itemChoices(page.text), new RegExp(`<option value="${item.id}"`), "not offered for a new decision");

    // and a new decision naming it is refused, nothing saved: on the API and from the page
    const res = await post("partnership", `/api/v1/meetings/${first}/decisions`, { decision: "Fictional: a new decision.", agenda_item: item.id });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["agenda_item"]);
    assert.match(res.body.errors[0].detail, /withdrawn from this meeting's agenda/);
    const form = await call("partnership", `/meetings/${first}/decisions`, { method: "POST", form: { decision: "Fictional: from the page.", agenda_item: String(item.id) } });
    assert.equal(form.status, 422);
    assert.match(form.text, /There is a problem/);
    assert.match(form.text, /withdrawn from this meeting&#39;s agenda|withdrawn from this meeting's agenda/);
    assert.equal((await decisions()).length, 1, "nothing saved");

    // the decision recorded on it is corrected and keeps naming it (the record); its form offers it, marked
    const edit = await call("partnership", `/meetings/${first}/decisions/${recorded.id}/edit`);
    assert.match(itemChoices(edit.text), new RegExp(`<option value="${item.id}" selected>1\\. [^<]* \\(withdrawn\\)</option>`));
    const corrected = await post("partnership", `/api/v1/meetings/${first}/decisions/${recorded.id}`, { decision: "Fictional: deferred to the board's next meeting.", agenda_item: item.id });
    assert.equal(corrected.status, 200, corrected.text);
    assert.equal((await decisions())[0].agenda_item_id, item.id);
    assert.equal((await decisions())[0].decision, "Fictional: deferred to the board's next meeting.");

    // another decision cannot be moved onto it: that would be a new decision about the withdrawn matter
    assert.equal((await post("partnership", `/api/v1/meetings/${first}/decisions`, { decision: "Fictional: on no item." })).status, 200);
    const other = (await decisions())[1];
    const moved = await post("partnership", `/api/v1/meetings/${first}/decisions/${other.id}`, { decision: "Fictional: on no item.", agenda_item: item.id });
    assert.equal(moved.status, 422, moved.text);
    assert.deepEqual(errorFields(moved.body), ["agenda_item"]);
    assert.equal((await decisions())[1].agenda_item_id, null, "nothing changed");
    assert.doesNotMatch(itemChoices((await call("partnership", `/meetings/${first}/decisions/${other.id}/edit`)).text), new RegExp(`<option value="${item.id}"`));
  });
});
