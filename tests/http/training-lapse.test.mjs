// Requests for a training place as the people involved live them (src/areas/training): a session has been
// once its start has passed in England, not only once its day has (store_sqlite.h's TRAINING_AWAITING, the
// one rule for booking, asking, approving and lapsing); a request that lapses undecided is shown to its
// booker ("Your training", the session's page) and emailed to them once, in fixed words with a link; the
// partnership team cannot add a session that has already been; the tasks of a request are not due before
// the day they were made and say which course and session they are about.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText, until } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";
import { addManager, approvalCourse, newSession as sessionOn, withoutApproval } from "../lib/training.mjs";

const MANAGER = "manager.lapse@example.org";
const PASSWORD = "kettle lamp orchard seven";
const LAPSED = "Your request for a training place was not decided";

let haven;
const { call, post } = apiClient(() => haven, { passwords: { [MANAGER]: PASSWORD } });
const sql = (query) => sqlText(haven.dbPath, query);
let courseId;

const newSession = () => sessionOn(post, courseId);
// The practitioner asks the manager for a place on a new session: its id and the request's.
async function ask() {
  const id = await newSession();
  const r = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: MANAGER });
  assert.equal(r.status, 202, r.text);
  return { id, approval: r.body.approval_id };
}
// Moves a session to today from `starts` (straight into the database: the form takes only sessions to come).
const today = (id, starts, ends = "23:59") =>
  sql(`UPDATE training_sessions SET date = '${plusDays(0)}', starts = '${starts}', ends = '${ends}' WHERE id = ${id};`);
const lapsedMails = () => Number(sql(`SELECT count(*) FROM mail_outbox WHERE subject = '${LAPSED}';`));
const tasksOf = async (who, kind) => (await call(who, "/api/v1/tasks")).body.tasks.filter((t) => t.kind === kind);

before(async () => {
  haven = await startHaven({ env: { HAVEN_TRAINING_JOB_SECONDS: "1" } });
  await addManager(post, { name: "Morgan Manager", email: MANAGER, password: PASSWORD });
  courseId = await approvalCourse(post, "Lapse course");
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("a request that lapses", () => {
  test("its booker sees it waiting, then lapsed, on Your training and the session's page, and is emailed once", async () => {
    const { id, approval } = await ask();
    let mine = await call("practitioner", "/training/bookings");
    assert.equal(mine.status, 200, mine.text);
    assert.doesNotMatch(mine.text, /You have not booked any training/);
    assert.match(mine.text, /Your requests for a place[\s\S]*Lapse course[\s\S]*Waiting for <bdi>Morgan Manager<\/bdi> to approve it/);
    assert.match((await call("practitioner", `/training/sessions/${id}`)).text, /awaiting your manager&#39;s approval \(you asked <bdi>Morgan Manager<\/bdi>\)|awaiting your manager's approval \(you asked <bdi>Morgan Manager<\/bdi>\)/);
    const api = (await call("practitioner", "/api/v1/training/bookings")).body;
    assert.deepEqual(api.requests.filter((r) => r.id === approval).map((r) => [r.approver_name, r.lapsed]), [["Morgan Manager", false]]);
    assert.equal(lapsedMails(), 0);

    // the session began at midnight today with nothing decided: the request lapses
    today(id, "00:00");
    mine = await call("practitioner", "/training/bookings");
    assert.match(mine.text, /Lapse course[\s\S]*Not decided before the session: no place was held/);
    const page = await call("practitioner", `/training/sessions/${id}`);
    assert.match(page.text, /id="request-lapsed">Not decided before the session: no place was held/);
    assert.doesNotMatch(page.text, /Withdraw your request|Ask for approval/);
    assert.equal((await call("practitioner", `/api/v1/training/sessions/${id}`)).body.my_approval_lapsed, true);

    // the job tells them once, in fixed words with a link: no course, no names
    await until("the lapse email", () => lapsedMails() === 1);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // two more runs of the job
    assert.equal(lapsedMails(), 1, "once only");
    const [to, body] = sql(`SELECT to_address, body_text FROM mail_outbox WHERE subject = '${LAPSED}';`).split("|");
    assert.equal(to, "practitioner@demo.haven.example");
    assert.match(body, /no place was held/);
    assert.match(body, /\/training\/bookings/);
    assert.doesNotMatch(body, /Lapse course|Morgan|Manager/);
    assert.notEqual(sql(`SELECT lapse_told_at FROM training_approvals WHERE id = ${approval};`), "");
  });
});

describe("a session that started earlier today", () => {
  test("is not booked, asked for or approved, and a request on it has lapsed", async () => {
    const { id, approval } = await ask();
    const other = await newSession();
    today(id, "00:00");
    today(other, "00:00");
    const approve = await post(MANAGER, `/api/v1/training/approvals/${approval}/approve`);
    assert.equal(approve.status, 409, approve.text);
    assert.match(approve.body.errors[0].detail, /^The session has been/);
    const asked = await post("dsl", `/api/v1/training/sessions/${other}/book`, { approver_email: "dsl2@demo.haven.example" });
    assert.equal(asked.status, 409, asked.text);
    await withoutApproval(post, courseId, async () => {
      const booked = await post("police", `/api/v1/training/sessions/${other}/book`);
      assert.equal(booked.status, 409, booked.text);
    });
    assert.equal(sql(`SELECT count(*) FROM training_bookings WHERE session_id IN (${id}, ${other});`), "0");
    const listed = (await call(MANAGER, "/api/v1/training/approvals")).body.approvals.find((a) => a.id === approval);
    assert.equal(listed.lapsed, true);
    const page = await call("practitioner", `/training/sessions/${other}`);
    assert.match(page.text, /id="started">This session has started/);
    assert.doesNotMatch(page.text, /action="\/training\/sessions\/\d+\/book"/);
  });

  test("a place on it is not cancelled, nor a request for one withdrawn: 409 at the session, page and API alike, nothing changed", async () => {
    // a request, then the session starts (at midnight today)
    const asked = await ask();
    today(asked.id, "00:00");
    // a place, booked while the course needs no approval, then its session starts
    const placed = await newSession();
    await withoutApproval(post, courseId, async () => {
      const booked = await post("police", `/api/v1/training/sessions/${placed}/book`);
      assert.equal(booked.status, 201, booked.text);
    });
    today(placed, "00:00");
    const audits = () => sql("SELECT count(*) FROM audit_log WHERE action = 'training.cancel';");
    const before = audits();
    for (const [who, id] of [["police", placed], ["practitioner", asked.id]]) {
      const r = await post(who, `/api/v1/training/sessions/${id}/cancel`);
      assert.equal(r.status, 409, r.text);
      assert.deepEqual(errorFields(r.body), ["session"]);
      assert.match(r.body.errors[0].detail, /^The session has been, so it cannot be cancelled/);
      const form = await call(who, `/training/sessions/${id}/cancel`, { method: "POST", form: {} });
      assert.equal(form.status, 409, form.text);
      assert.match(form.text, /govuk-error-summary[\s\S]*The session has been, so it cannot be cancelled/);
    }
    assert.equal(sql(`SELECT status FROM training_bookings WHERE session_id = ${placed};`), "booked", "the place kept");
    assert.equal(sql(`SELECT count(*) FROM training_approvals WHERE id = ${asked.approval} AND decision IS NULL;`), "1", "the request not withdrawn");
    assert.equal(audits(), before, "nothing audited: nothing was done");
  });

  test("is not listed as to come: the programme, the course and its count of coming sessions", async () => {
    const id = await newSession();
    const course = async () => (await call("practitioner", `/api/v1/training/courses/${courseId}`)).body;
    const coming = (await course()).course.upcoming_sessions;
    assert.ok((await course()).course.sessions.some((s) => s.id === id), "listed while to come");
    today(id, "00:00");
    const sessions = (await call("practitioner", "/api/v1/training/sessions?limit=100")).body.sessions;
    assert.ok(!sessions.some((s) => s.id === id), "not on the programme");
    assert.ok(!(await course()).course.sessions.some((s) => s.id === id), "not among the course's sessions");
    assert.equal((await course()).course.upcoming_sessions, coming - 1, "not counted as coming");
    assert.doesNotMatch((await call("practitioner", "/training?limit=100")).text, new RegExp(`href="/training/sessions/${id}"`));
    // but its page says it has started, and it is among the sessions whose registers may be taken
    assert.equal((await call("practitioner", `/api/v1/training/sessions/${id}`)).body.started, true);
    const registers = (await call("partnership", "/api/v1/training/registers?limit=100")).body;
    assert.ok(JSON.stringify(registers).includes(`"id":${id},`), "on the registers list");
  });

  test("the partnership team cannot add a session that has been: 422 on the date, or today on the start", async () => {
    const base = { starts: "09:30", ends: "12:30", mode: "venue", venue: "Town Hall", capacity: 5, trainer: "Jo" };
    const before = sql("SELECT count(*) FROM training_sessions;");
    const yesterday = await post("partnership", `/api/v1/training/courses/${courseId}/sessions`, { ...base, date: plusDays(-1) });
    assert.equal(yesterday.status, 422, yesterday.text);
    assert.deepEqual(errorFields(yesterday.body), ["date"]);
    assert.match(yesterday.body.errors[0].detail, /today or in the future/);
    const started = await post("partnership", `/api/v1/training/courses/${courseId}/sessions`, { ...base, date: plusDays(0), starts: "00:00" });
    assert.equal(started.status, 422, started.text);
    assert.deepEqual(errorFields(started.body), ["starts"]);
    assert.match(started.body.errors[0].detail, /^The start time has passed/);
    assert.equal(sql("SELECT count(*) FROM training_sessions;"), before, "nothing added");
    const form = await call("partnership", `/training/courses/${courseId}/sessions`, { method: "POST", form: { ...base, date: plusDays(0), starts: "00:00" } });
    assert.equal(form.status, 422);
    assert.match(form.text, /govuk-error-summary[\s\S]*The start time has passed/);
  });
});

describe("the tasks of a request", () => {
  test("a request for a session today is due today, not overdue, and each task names its course and session", async (t) => {
    // a session today, late enough to be still to come whenever the tests run, but in the day's last minutes
    const clock = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date());
    if (clock >= "23:55") return t.skip("no session today is still to come this close to midnight in England");
    const { id, approval } = await ask();
    today(id, "23:58", "23:59");
    const task = (await tasksOf(MANAGER, "training.approve")).find((t) => t.record_id === approval);
    assert.ok(task, "the approver's task");
    assert.equal(task.due_at, plusDays(0), "due today, the day it was made, not the day before the session");
    assert.equal(task.overdue, false);
    assert.equal(task.text, "Approve or decline a request for a training place", "the kind's own words, which the dashboard counts by");
    assert.match(task.about, /^Lapse course, \w+day \d+ \w+ \d{4} at 11:58pm$/);

    // two requests whose approver can no longer decide them: two tasks that can be told apart
    const second = await ask();
    sql(`UPDATE training_sessions SET date = '${plusDays(40)}' WHERE id = ${second.id};`);
    const off = await post("admin", `/api/v1/users/${Number(sql(`SELECT id FROM users WHERE email = '${MANAGER}';`))}/disable`, { reason: "Left the agency" });
    assert.equal(off.status, 200, off.text);
    const stuck = (await tasksOf("practitioner", "training.approver")).filter((t) => [id, second.id].includes(t.record_id));
    assert.equal(stuck.length, 2);
    assert.notEqual(stuck[0].about, stuck[1].about, "told apart by their sessions");
    for (const task of stuck) {
      assert.equal(task.text, "Name another approver for your request for a training place");
      assert.match(task.about, /^Lapse course, /);
      assert.equal(task.overdue, false, task.about);
    }
    // the work list shows what each is about under its words
    const page = await call("practitioner", "/work");
    for (const task of stuck) assert.ok(page.text.includes(`<span class="govuk-hint">${task.about}</span>`), task.about);
    assert.equal(stuck.find((t) => t.record_id === id).due_at, plusDays(0));
  });
});
