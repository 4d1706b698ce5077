// An escalated challenge goes before the board (src/areas/scrutiny, through
// the meetings area): escalating it adds an item to the agenda of the
// board's next planned meeting in the same unit of work, and the challenge
// gives that meeting's date, linking it only for those the meetings area lets
// read it (not the challenged agency's people while their agency is not at
// the board). With no board meeting planned it is listed for the
// partnership team to place (their task list; on its page, a button once a
// board meeting is planned after now, else a link to add one), refused
// while the board still has none; placing it puts it on the next
// one's agenda. A local operational group's meeting, or a board meeting
// cancelled or past, is not the board's next meeting. A board meeting counts
// as the challenge's while held or planned for today or later (England's
// date); otherwise it waits to be placed again, and placing it (or escalating
// it again) takes it off the old meeting's agenda: it is on one live agenda.
//
// The demo's only meeting is the board's, held 75 days ago
// (src/areas/meetings/demo.sql): at first, the board has none planned.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, dateWords, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { escalatedChallenge } from "../lib/challenges.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const places = async () =>
  (await call("partnership", "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "challenge.place").map((t) => t.href);
const agenda = async (meeting) => (await call("partnership", `/api/v1/meetings/${meeting}`)).body.meeting.agenda.map((i) => i.title);

/** A challenge to Brookfield raised by the scrutineer, answered by its DSL and escalated: its id. */
const escalated = (subject) => escalatedChallenge(post, subject);
const meeting = async (body) => {
  const res = await post("partnership", "/api/v1/meetings", { starts_at: "10:00", place: "Fictional Town Hall", ...body });
  assert.equal(res.status, 201, res.text);
  return res.body.id ?? res.body.meeting.id;
};

before(async () => {
  haven = await startHaven();
});
after(async () => {
  await haven?.stop();
});

describe("an escalated challenge before the board", () => {
  let first, second, next, later;

  test("the form to raise one says an escalated challenge's subject is read by every agency at the board", async () => {
    const form = await call("scrutineer", "/challenges/new");
    assert.equal(form.status, 200);
    assert.match(form.text, /its subject goes on the agenda of the board's next meeting, which every agency at the board reads: never name or describe a child or a family\./);
  });

  test("with no board meeting planned, it is listed for the partnership team to place; placing it is refused until one is", async () => {
    first = await escalated("Key Adults at Encompass briefings (fictional)");
    const shown = await call("partnership", `/api/v1/challenges/${first}`);
    assert.equal(shown.body.challenge.board_meeting_id, null);
    assert.equal(shown.body.challenge.unplaced, true);
    // nothing to place it on: the button is not offered; the page says so, linking to add a meeting
    assert.equal(shown.body.can_place, false);
    assert.equal(shown.body.place_waits, true);
    assert.deepEqual(await places(), [`/challenges/${first}`]);
    assert.deepEqual((await call("scrutineer", "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "challenge.place"), [], "the partnership team's to place");
    const page = await call("partnership", `/challenges/${first}`);
    assert.match(page.text, /Not on a board meeting&#39;s agenda yet|Not on a board meeting's agenda yet/);
    assert.doesNotMatch(page.text, /Put it on the next board meeting/);
    assert.match(page.text, /id="no-board-meeting">The board has no meeting planned after now, so the challenge cannot be put on an agenda yet\. <a class="govuk-link" href="\/meetings\/new">Add a board meeting<\/a>/);
    assert.equal((await call("scrutineer", `/api/v1/challenges/${first}`)).body.place_waits, false, "not the scrutineer's to place");

    const items = Number(sql("SELECT count(*) FROM meeting_agenda_items"));
    const refused = await post("partnership", `/api/v1/challenges/${first}/board-agenda`, {});
    assert.equal(refused.status, 409, refused.text);
    assert.deepEqual(errorFields(refused.body), ["board_agenda"]);
    assert.equal(Number(sql("SELECT count(*) FROM meeting_agenda_items")), items, "nothing added");
    assert.equal((await post("scrutineer", `/api/v1/challenges/${first}/board-agenda`, {})).status, 403);
  });

  test("a board meeting earlier today that has begun is not one to place it on: refused, saying none is planned after now", async () => {
    const begun = await meeting({ held_on: plusDays(0), starts_at: "00:00" });
    const refused = await post("partnership", `/api/v1/challenges/${first}/board-agenda`, {});
    assert.equal(refused.status, 409, refused.text);
    assert.deepEqual(errorFields(refused.body), ["board_agenda"]);
    assert.match(refused.body.errors[0].detail, /^The board has no meeting planned after now: plan one under Meetings/);
    assert.deepEqual(await agenda(begun), [], "nothing added to the meeting that has begun");
    // the page after the refusal: the error, and beside it the link to add a meeting
    const page = await call("partnership", `/challenges/${first}/board-agenda`, { method: "POST", form: {} });
    assert.equal(page.status, 409, page.text);
    assert.match(page.text, /id="board_agenda-error"/);
    assert.match(page.text, /id="no-board-meeting">[^<]*<a class="govuk-link" href="\/meetings\/new">/);
    assert.equal((await call("partnership", `/api/v1/challenges/${first}`)).body.can_place, false, "a meeting begun is not one to place it on");
    assert.deepEqual(await places(), [`/challenges/${first}`]);
  });

  test("once the board has a meeting planned, the partnership team places it on the next one's agenda", async () => {
    const group = Number(sql("SELECT min(id) FROM plan_groups"));
    await meeting({ group, held_on: plusDays(5) }); // a group's, not the board's
    const cancelled = await meeting({ held_on: plusDays(7) });
    assert.equal((await post("partnership", `/api/v1/meetings/${cancelled}/status`, { status: "cancelled" })).status, 200);
    await meeting({ held_on: plusDays(0), starts_at: "00:00" }); // today's, begun already: it has been
    later = await meeting({ held_on: plusDays(60) });
    next = await meeting({ held_on: plusDays(20) });

    const ready = await call("partnership", `/api/v1/challenges/${first}`);
    assert.equal(ready.body.can_place, true, "a board meeting planned: placing is offered");
    assert.equal(ready.body.place_waits, false);
    assert.match((await call("partnership", `/challenges/${first}`)).text, /Put it on the next board meeting(&#39;|')s agenda/);
    const res = await post("partnership", `/api/v1/challenges/${first}/board-agenda`, {});
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.challenge.board_meeting_id, next);
    assert.equal(res.body.challenge.board_meeting_on, plusDays(20));
    assert.deepEqual(await agenda(next), [`Escalated challenge ${first}: Key Adults at Encompass briefings (fictional)`]);
    assert.deepEqual(await agenda(later), []);
    assert.deepEqual(await places(), [], "placed: off the list");
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'challenge.place' AND resource_id = '${first}'`)), 1);
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'meeting.agenda_add' AND resource_id = '${next}'`)), 1);
    const again = await post("partnership", `/api/v1/challenges/${first}/board-agenda`, {});
    assert.equal(again.status, 409, "placed once");

    const page = await call("scrutineer", `/challenges/${first}`);
    assert.match(page.text, new RegExp(`On the agenda of <a class="govuk-link" href="/meetings/${next}">the board(?:&#39;|')s meeting on ${dateWords(plusDays(20))}</a>`));
  });

  test("escalated while a board meeting is planned, it goes straight onto that meeting's agenda", async () => {
    second = await escalated("Attendance at strategy meetings (fictional)");
    const shown = await call("scrutineer", `/api/v1/challenges/${second}`);
    assert.equal(shown.body.challenge.board_meeting_id, next);
    assert.equal(shown.body.can_place, false);
    assert.deepEqual((await agenda(next)).at(-1), `Escalated challenge ${second}: Attendance at strategy meetings (fictional)`);
    assert.equal((await agenda(next)).length, 2);
    assert.deepEqual(await places(), []);
  });

  test("the challenged agency's people read the board meeting's date; only those who may read the meeting are linked to it", async () => {
    // the challenge is Brookfield's, and Brookfield is not recorded at the board's next meeting: its people
    // read the challenge but not the meeting (meetings' rule), so no link that would answer them 404
    assert.equal((await call("dsl", `/meetings/${next}`)).status, 404);
    const shown = await call("dsl", `/api/v1/challenges/${second}`);
    assert.equal(shown.status, 200, shown.text);
    assert.equal(shown.body.challenge.board_meeting_id, null, "no id of a meeting they may not read");
    assert.equal(shown.body.challenge.board_meeting_on, plusDays(20));
    assert.equal(shown.body.challenge.unplaced, false, "it is on the board's agenda");
    let page = await call("dsl", `/challenges/${second}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`id="board_agenda">On the agenda of the board(?:&#39;|')s meeting on ${dateWords(plusDays(20))}</dd>`));
    assert.doesNotMatch(page.text, /href="\/meetings\/\d/);

    // Brookfield recorded at the meeting (its apologies): a member of the board, its people read the meeting
    // and the challenge links it
    const sent = await post("partnership", `/api/v1/meetings/${next}/attendance`, { agency: "brookfield-primary", attendance: "apologies" });
    assert.equal(sent.status, 200, sent.text);
    assert.equal((await call("dsl", `/meetings/${next}`)).status, 200);
    assert.equal((await call("dsl", `/api/v1/challenges/${second}`)).body.challenge.board_meeting_id, next);
    page = await call("dsl", `/challenges/${second}`);
    assert.match(page.text, new RegExp(`On the agenda of <a class="govuk-link" href="/meetings/${next}">the board(?:&#39;|')s meeting on ${dateWords(plusDays(20))}</a>`));
  });

  test("the meeting it was on is cancelled: it waits to be placed again, and goes on the next one's agenda", async () => {
    assert.equal((await post("partnership", `/api/v1/meetings/${next}/status`, { status: "cancelled" })).status, 200);
    const shown = await call("partnership", `/api/v1/challenges/${first}`);
    assert.equal(shown.body.challenge.board_meeting_id, null);
    assert.equal(shown.body.challenge.unplaced, true);
    assert.equal(shown.body.can_place, true);
    assert.deepEqual(await places(), [`/challenges/${first}`, `/challenges/${second}`], "back on the team's list");
    // the cancelled meeting's page says the challenges on its agenda went back, and offers nothing to add
    const cancelledPage = await call("partnership", `/meetings/${next}`);
    assert.match(cancelledPage.text, /id="cancelled-note">[^<]*an escalated challenge on it goes back to the partnership team, to place on the board(&#39;|')s next meeting/);
    assert.doesNotMatch(cancelledPage.text, />Add an agenda item</);

    const res = await post("partnership", `/api/v1/challenges/${first}/board-agenda`, {});
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.challenge.board_meeting_id, later);
    assert.deepEqual(await agenda(later), [`Escalated challenge ${first}: Key Adults at Encompass briefings (fictional)`]);
    assert.deepEqual(await places(), [`/challenges/${second}`]);
  });

  let fifth;
  test("placed on another meeting, it leaves the cancelled one's agenda: reinstating that meeting does not put it on two", async () => {
    // second waits: its meeting (next) was cancelled; first has moved to later's agenda
    fifth = await meeting({ held_on: plusDays(30) });
    const res = await post("partnership", `/api/v1/challenges/${second}/board-agenda`, {});
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.challenge.board_meeting_id, fifth);
    assert.deepEqual(await agenda(next), [], "both challenges taken off the cancelled meeting's agenda");
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'meeting.agenda_remove' AND resource_id = '${next}'`)), 2);

    assert.equal((await post("partnership", `/api/v1/meetings/${next}/status`, { status: "planned" })).status, 200, "reinstated");
    assert.deepEqual(await agenda(next), [], "reinstated without them");
    assert.equal(Number(sql(`SELECT count(*) FROM meeting_agenda_items WHERE title LIKE 'Escalated challenge ${second}:%'`)), 1, "on one agenda");
    assert.equal(Number(sql(`SELECT count(*) FROM meeting_agenda_items WHERE title LIKE 'Escalated challenge ${first}:%'`)), 1, "on one agenda");
    assert.equal((await call("partnership", `/api/v1/challenges/${second}`)).body.challenge.board_meeting_id, fifth);
    assert.equal((await call("partnership", `/api/v1/challenges/${first}`)).body.challenge.board_meeting_id, later);
    assert.deepEqual(await places(), []);
  });

  test("its meeting's day passes without the meeting marked held: it waits to be placed again; a meeting marked held keeps it", async () => {
    const corrected = await post("partnership", `/api/v1/meetings/${fifth}`, { held_on: plusDays(-1), starts_at: "10:00", place: "Fictional Town Hall" });
    assert.equal(corrected.status, 200, corrected.text);
    let shown = await call("partnership", `/api/v1/challenges/${second}`);
    assert.equal(shown.body.challenge.board_meeting_id, null);
    assert.equal(shown.body.challenge.board_meeting_on, null);
    assert.equal(shown.body.challenge.unplaced, true);
    assert.equal(shown.body.can_place, true);
    assert.deepEqual(await places(), [`/challenges/${second}`], "on the partnership team's list");
    const page = await call("partnership", `/challenges/${second}`);
    assert.match(page.text, /Not on a board meeting(?:&#39;|')s agenda yet: the board had no meeting planned, or the meeting it was on was cancelled or its day passed without its being held\./);

    const res = await post("partnership", `/api/v1/challenges/${second}/board-agenda`, {});
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.challenge.board_meeting_id, next, "the board's next meeting (reinstated)");
    assert.deepEqual(await agenda(fifth), [], "off the agenda of the meeting that was not held");
    assert.deepEqual(await agenda(next), [`Escalated challenge ${second}: Attendance at strategy meetings (fictional)`]);
    assert.deepEqual(await places(), []);

    // later, first's meeting, was held yesterday after all: its date corrected, then marked held
    assert.equal((await post("partnership", `/api/v1/meetings/${later}`, { held_on: plusDays(-1), starts_at: "10:00", place: "Fictional Town Hall" })).status, 200);
    assert.equal((await call("partnership", `/api/v1/challenges/${first}`)).body.challenge.unplaced, true, "not yet marked held");
    assert.equal((await post("partnership", `/api/v1/meetings/${later}/status`, { status: "held" })).status, 200);
    shown = await call("partnership", `/api/v1/challenges/${first}`);
    assert.equal(shown.body.challenge.board_meeting_id, later, "it was before the board");
    assert.equal(shown.body.challenge.board_meeting_on, plusDays(-1));
    assert.equal(shown.body.challenge.unplaced, false);
    assert.equal(shown.body.can_place, false);
    assert.deepEqual(await places(), []);
    const again = await post("partnership", `/api/v1/challenges/${first}/board-agenda`, {});
    assert.equal(again.status, 409, again.text);
    assert.deepEqual(await agenda(later), [`Escalated challenge ${first}: Key Adults at Encompass briefings (fictional)`]);
  });

  test("escalated again: kept on the agenda of the meeting to come it is on; after a meeting held, on the next one's", async () => {
    const again = async (id) => {
      assert.equal((await post("dsl", `/api/v1/challenges/${id}/response`, { response: "Fictional: a further plan." })).status, 200);
      const res = await post("scrutineer", `/api/v1/challenges/${id}/decision`, {
        decision: "escalate", note: "Fictional: still not enough.", respond_by: plusDays(50),
      });
      assert.equal(res.status, 200, res.text);
      return res.body.challenge;
    };
    // second is on next's agenda, next still to come: it stays there, once
    assert.equal((await again(second)).board_meeting_id, next);
    assert.deepEqual(await agenda(next), [`Escalated challenge ${second}: Attendance at strategy meetings (fictional)`], "on it once");

    // first was before the board at later (held): it goes on the next meeting's agenda, and later's record keeps it
    assert.equal((await again(first)).board_meeting_id, next);
    assert.deepEqual(await agenda(next), [
      `Escalated challenge ${second}: Attendance at strategy meetings (fictional)`,
      `Escalated challenge ${first}: Key Adults at Encompass briefings (fictional)`,
    ]);
    assert.deepEqual(await agenda(later), [`Escalated challenge ${first}: Key Adults at Encompass briefings (fictional)`]);
    assert.deepEqual(await places(), []);
  });
});
