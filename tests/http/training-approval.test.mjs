// Optional manager approval per course (src/areas/training, migration 0011):
// a course that needs approval; booking it names an approver in the same
// agency (field errors otherwise); a pending request holds no place and
// emails the approver; only the named approver may decide (others 404); an
// approval books through the normal path, a decline is recorded, and a
// decided request cannot be decided again (409); an approver whose roles
// cannot approve bookings is refused. The person may withdraw their own
// pending request (the cancel route), after which it cannot be approved, and
// the approver is emailed that it was withdrawn. A request whose named
// approver can no longer decide it (moved agency, deactivated, lost the
// role) does not wait for ever: the person is shown it and given a task, may
// name another approver (checked as when booking), and meanwhile any other
// approver in their agency may decide it. Once the session has been, a
// pending request lapses: nobody may decide it or name another approver
// (409), it is nobody's task, and only its named approver still lists it,
// "not decided".

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { checkThenConfirm } from "../lib/check.mjs";
import { havenBin, onPostgres, startHaven } from "../lib/haven.mjs";
import { addManager, approvalCourse, newSession as sessionOn, withoutApproval } from "../lib/training.mjs";

// The practitioner's manager: a second user in the practitioner's agency.
const MANAGER = "manager.approval@example.org";
const MANAGER_PASSWORD = "kettle lamp orchard seven"; // nothing of the name or email: Haven would refuse it
// Someone in the same agency who looks after its accounts, and so cannot approve training.
const AGENCY_ADMIN = "accounts.approval@example.org";

let haven;
const passwords = { [MANAGER]: MANAGER_PASSWORD }; // the people the tests add sign in with theirs too
const { call, post } = apiClient(() => haven, { passwords });
const sql = (query) => sqlText(haven.dbPath, query);

let courseId;

const newSession = (capacity) => sessionOn(post, courseId, capacity);

const outboxTo = (email) => Number(sql(`SELECT count(*) FROM mail_outbox WHERE to_address = '${email}';`));

before(async () => {
  haven = await startHaven();
  await addManager(post, { name: "Morgan Manager", email: MANAGER, password: MANAGER_PASSWORD });
  courseId = await approvalCourse(post, "Approval course");
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("manager approval", () => {
  test("the partnership turns approval on and off; others may not", async () => {
    const plain = await post("partnership", "/api/v1/training/courses", {
      title: "Plain course", description: "x", areas: ["neglect"], audience: "Everyone", level: "introductory",
      duration_minutes: 60, outcomes: ["One"], open_to: "everyone",
    });
    assert.equal(plain.body.needs_approval, false);
    assert.equal((await post("practitioner", `/api/v1/training/courses/${plain.body.id}/approval`, { needs_approval: true })).status, 403);
    const on = await post("partnership", `/api/v1/training/courses/${plain.body.id}/approval`, { needs_approval: true });
    assert.equal(on.status, 200, on.text);
    assert.equal((await call("partnership", `/api/v1/training/courses/${plain.body.id}`)).body.course.needs_approval, true);
    await post("partnership", `/api/v1/training/courses/${plain.body.id}/approval`, { needs_approval: false });
    assert.equal((await call("partnership", `/api/v1/training/courses/${plain.body.id}`)).body.course.needs_approval, false);
    assert.equal((await post("partnership", "/api/v1/training/courses/999999/approval", { needs_approval: true })).status, 404);
  });

  test("booking needs an approver in the same agency, not yourself", async () => {
    const id = await newSession(5);
    const none = await post("practitioner", `/api/v1/training/sessions/${id}/book`);
    assert.equal(none.status, 422, none.text);
    assert.deepEqual(errorFields(none.body), ["approver_email"]);
    const other = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: "dsl@demo.haven.example" });
    assert.equal(other.status, 422, other.text);
    assert.deepEqual(errorFields(other.body), ["approver_email"]);
    const self = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: "practitioner@demo.haven.example" });
    assert.equal(self.status, 422);
    const unknown = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: "nobody@example.org" });
    assert.equal(unknown.status, 422);
    assert.equal(sql(`SELECT count(*) FROM training_approvals WHERE session_id = ${id};`), "0");
    assert.equal(sql(`SELECT count(*) FROM training_bookings WHERE session_id = ${id};`), "0");
    const page = await call("practitioner", `/training/sessions/${id}`);
    assert.match(page.text, /Your manager&#39;s email address|Your manager's email address/);
  });

  test("the approver must be able to approve bookings: someone in the agency whose roles cannot is refused", async () => {
    // an agency administrator looks after accounts; approving training is not theirs ("training.approve")
    const u = await post("admin", "/api/v1/users", {
      name: "Avery Accounts", email: AGENCY_ADMIN, agency: "demo-teaching-hospitals", roles: ["agency_admin"],
      password: "pebble harbour violet nine",
    });
    assert.equal(u.status, 201, u.text);
    const id = await newSession(5);
    const r = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: AGENCY_ADMIN });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["approver_email"]);
    assert.match(r.body.errors[0].detail, /^This person cannot approve training bookings in Haven: enter the email address of a manager in your agency who can$/);
    assert.equal(sql(`SELECT count(*) FROM training_approvals WHERE session_id = ${id};`), "0", "nothing asked");
    assert.equal(outboxTo(AGENCY_ADMIN), 0, "nobody emailed");
    // the page shows the same refusal by the field
    const page = await call("practitioner", `/training/sessions/${id}/book`, { method: "POST", form: { approver_email: AGENCY_ADMIN } });
    assert.equal(page.status, 422);
    assert.match(page.text, /govuk-error-summary[\s\S]*This person cannot approve training bookings in Haven/);
    // someone in the agency with a role that approves is accepted
    const ok = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: MANAGER });
    assert.equal(ok.status, 202, ok.text);
  });

  test("a request is pending, holds no place, emails the approver; only the approver decides", async () => {
    const id = await newSession(1);
    const before = outboxTo(MANAGER);
    const r = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: "Manager.Approval@example.org" });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.body.status, "awaiting_approval");
    const approval = r.body.approval_id;
    assert.equal(sql(`SELECT decision IS NULL, approver_user_id = (SELECT id FROM users WHERE email = '${MANAGER}') FROM training_approvals WHERE id = ${approval};`), "1|1");
    assert.equal(sql(`SELECT count(*) FROM training_bookings WHERE session_id = ${id};`), "0", "no place is held");
    assert.equal(outboxTo(MANAGER), before + 1, "one email to the approver");
    assert.equal(
      sql(`SELECT subject || '|' || instr(body_text, 'Approval course') FROM mail_outbox WHERE to_address = '${MANAGER}' ORDER BY id DESC LIMIT 1;`),
      "A training booking needs your approval|0",
      "the email names nothing",
    );
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'training.approval_request' AND resource_id = '${approval}';`), "1");
    const again = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: MANAGER });
    assert.equal(again.status, 409, "one pending request per session");
    const s = await call("practitioner", `/api/v1/training/sessions/${id}`);
    assert.equal(s.body.my_approval_pending, true);
    assert.match((await call("practitioner", `/training/sessions/${id}`)).text, /awaiting your manager/);

    // nobody else sees or decides it
    for (const who of ["practitioner", "partnership", "dsl"])
      assert.equal((await post(who, `/api/v1/training/approvals/${approval}/approve`)).status, 404, who);
    assert.equal((await post("admin", `/api/v1/training/approvals/${approval}/approve`)).status, 403);
    assert.equal((await call("practitioner", "/api/v1/training/approvals")).body.count, 0);

    const list = await call(MANAGER, "/api/v1/training/approvals");
    assert.equal(list.status, 200);
    assert.equal(list.body.approvals[0].id, approval);
    assert.equal(list.body.approvals[0].decision, null);
    const page = await call(MANAGER, "/training/approvals");
    assert.equal(page.status, 200);
    assert.match(page.text, /Priya Practitioner/);

    const requesterBefore = outboxTo("practitioner@demo.haven.example");
    const ok = await post(MANAGER, `/api/v1/training/approvals/${approval}/approve`);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.status, "booked");
    assert.equal(sql(`SELECT status FROM training_bookings WHERE id = ${ok.body.booking_id};`), "booked");
    assert.equal(sql(`SELECT decision, booking_id FROM training_approvals WHERE id = ${approval};`), `approved|${ok.body.booking_id}`);
    assert.ok(
      Number(sql(`SELECT count(*) FROM mail_outbox WHERE to_address = 'practitioner@demo.haven.example' AND subject = 'Your training booking has an update';`)) >= 1,
    );
    assert.ok(outboxTo("practitioner@demo.haven.example") > requesterBefore);
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'training.approve' AND resource_id = '${approval}';`), "1");

    const twice = await post(MANAGER, `/api/v1/training/approvals/${approval}/decline`);
    assert.equal(twice.status, 409, twice.text);
    assert.equal((await post(MANAGER, `/api/v1/training/approvals/${approval}/approve`)).status, 409);
    // a browser is shown the list of requests again, the decided one labelled, with the reason above it
    const refusedPage = await call(MANAGER, `/training/approvals/${approval}/decline`, { method: "POST", form: {} });
    assert.equal(refusedPage.status, 409);
    assert.match(refusedPage.text, /govuk-error-summary[\s\S]*This request has been decided already/);
    assert.match(refusedPage.text, /Approved/);
  });

  test("approving when the session is full puts the person on the waiting list", async () => {
    const id = await newSession(1);
    await withoutApproval(post, courseId, async () =>
      assert.equal((await post("dsl", `/api/v1/training/sessions/${id}/book`)).body.status, "booked"));
    const r = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: MANAGER });
    assert.equal(r.status, 202);
    const ok = await post(MANAGER, `/api/v1/training/approvals/${r.body.approval_id}/approve`);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.status, "waiting");
  });

  test("a decline is recorded and books nothing; asking again is a new request", async () => {
    const id = await newSession(5);
    const r = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: MANAGER });
    assert.equal(r.status, 202);
    const no = await post(MANAGER, `/api/v1/training/approvals/${r.body.approval_id}/decline`);
    assert.equal(no.status, 200, no.text);
    assert.equal(no.body.decision, "declined");
    assert.equal(sql(`SELECT decision, decided_at IS NOT NULL FROM training_approvals WHERE id = ${r.body.approval_id};`), "declined|1");
    assert.equal(sql(`SELECT count(*) FROM training_bookings WHERE session_id = ${id};`), "0");
    assert.equal((await post(MANAGER, `/api/v1/training/approvals/${r.body.approval_id}/approve`)).status, 409);
    const list = await call(MANAGER, "/api/v1/training/approvals");
    assert.ok(list.body.approvals.every((a, i, all) => i === 0 || a.decision !== null || all[i - 1].decision === null), "pending first");

    // asking again after a decline is a new request
    const again = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: MANAGER });
    assert.equal(again.status, 202, again.text);
  });

  test("the person withdraws their own request awaiting approval; it can no longer be approved", async () => {
    const id = await newSession(5);
    const r = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: MANAGER });
    assert.equal(r.status, 202, r.text);
    const approval = r.body.approval_id;
    const withdrawnMails = () => Number(sql(`SELECT count(*) FROM mail_outbox WHERE to_address = '${MANAGER}' AND subject = 'A training booking request was withdrawn';`));
    const mailsBefore = withdrawnMails();
    // someone else cannot withdraw it: they have nothing on the session to give up
    assert.equal((await post("dsl", `/api/v1/training/sessions/${id}/cancel`)).status, 404);
    assert.equal(sql(`SELECT decision IS NULL FROM training_approvals WHERE id = ${approval};`), "1");

    const approverTask = async () =>
      (await call(MANAGER, "/api/v1/tasks")).body.tasks.some((t) => t.kind === "training.approve" && t.record_id === approval);
    assert.equal(await approverTask(), true, "on the approver's work list while it waits");

    const gone = await post("practitioner", `/api/v1/training/sessions/${id}/cancel`);
    assert.equal(gone.status, 200, gone.text);
    assert.deepEqual(
      { approval_id: gone.body.approval_id, session_id: gone.body.session_id, status: gone.body.status },
      { approval_id: approval, session_id: id, status: "withdrawn" },
    );
    // the request stays (its id is never reused), closed as withdrawn, not as a decline nobody made
    assert.equal(sql(`SELECT decision, decided_at IS NOT NULL, booking_id IS NULL FROM training_approvals WHERE id = ${approval};`), "withdrawn|1|1");
    assert.equal(
      sql(`SELECT count(*) FROM audit_log WHERE action = 'training.cancel' AND resource_id = '${id}' AND reason = 'approval request ${approval} withdrawn';`),
      "1",
      "audited as a cancellation",
    );
    const mine = (await call("practitioner", `/api/v1/training/sessions/${id}`)).body;
    assert.equal(mine.my_approval_pending, false);
    assert.ok(mine.my_approval_withdrawn_at, "the person's own view says when they withdrew it");
    assert.match((await call("practitioner", `/training/sessions/${id}`)).text, /you withdrew your request for a place on \w+ \d{1,2} \w+ \d{4} at /);
    // gone from the approver's work list
    assert.equal(await approverTask(), false);
    // and the approver, emailed when asked, is told it was withdrawn, the email naming nothing
    assert.equal(withdrawnMails(), mailsBefore + 1, "one email to the approver");
    assert.equal(
      sql(`SELECT instr(body_text, 'Approval course') + instr(body_text, 'Priya') FROM mail_outbox WHERE to_address = '${MANAGER}' ORDER BY id DESC LIMIT 1;`),
      "0",
      "the email names nothing",
    );

    // the approver can no longer approve it, and nothing is booked
    const late = await post(MANAGER, `/api/v1/training/approvals/${approval}/approve`);
    assert.equal(late.status, 409, late.text);
    assert.equal(sql(`SELECT count(*) FROM training_bookings WHERE session_id = ${id};`), "0", "no place was made");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'training.approve' AND resource_id = '${approval}';`), "0");
    // nor decline it: nothing changes
    const decline = await post(MANAGER, `/api/v1/training/approvals/${approval}/decline`);
    assert.equal(decline.status, 409, decline.text);
    assert.equal(sql(`SELECT decision FROM training_approvals WHERE id = ${approval};`), "withdrawn");
    // the approver's list says it was withdrawn, never declined
    const listed = (await call(MANAGER, "/api/v1/training/approvals")).body.approvals.find((a) => a.id === approval);
    assert.equal(listed.decision, "withdrawn");
    assert.ok(listed.decided_at);
    const listPage = await call(MANAGER, "/training/approvals");
    assert.equal(listPage.status, 200);
    assert.match(listPage.text, /Withdrawn by <bdi>Priya Practitioner<\/bdi> on \w+ \d{1,2} \w+ \d{4} at /, "by the person, with when, in words");
    assert.doesNotMatch(listPage.text, new RegExp(`/training/approvals/${approval}/(approve|decline)`));
    // withdrawing twice: nothing is left to give up
    assert.equal((await post("practitioner", `/api/v1/training/sessions/${id}/cancel`)).status, 404);
    // asking again is a new request
    const again = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: MANAGER });
    assert.equal(again.status, 202, again.text);
    assert.notEqual(again.body.approval_id, approval);
    assert.equal(sql(`SELECT decision FROM training_approvals WHERE id = ${approval};`), "withdrawn", "the old request is kept");
    // the new request is approvable as any other
    const ok = await post(MANAGER, `/api/v1/training/approvals/${again.body.approval_id}/approve`);
    assert.equal(ok.status, 200, ok.text);
  });

  test("on the session's page the request is withdrawn after checking", async () => {
    const id = await newSession(5);
    const r = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: MANAGER });
    assert.equal(r.status, 202, r.text);
    const page = await call("practitioner", `/training/sessions/${id}`);
    assert.match(page.text, new RegExp(`action="/training/sessions/${id}/cancel"[\\s\\S]*Withdraw your request`));
    const send = (fields) => call("practitioner", `/training/sessions/${id}/cancel`, { method: "POST", form: fields });
    const { check, done } = await checkThenConfirm(send, {}, /Are you sure you want to cancel\?/);
    assert.ok(check.signature);
    assert.equal(done.status, 303, done.text);
    assert.equal(sql(`SELECT decision FROM training_approvals WHERE id = ${r.body.approval_id};`), "withdrawn");
    assert.equal((await post(MANAGER, `/api/v1/training/approvals/${r.body.approval_id}/approve`)).status, 409);
  });

  test("an approver who moves to another agency leaves its requests behind: not listed, not a task, not decided", async () => {
    const id = await newSession(5);
    const r = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: MANAGER });
    assert.equal(r.status, 202, r.text);
    const approval = r.body.approval_id;
    const tasks = async () => (await call(MANAGER, "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "training.approve").map((t) => t.record_id);
    assert.ok((await tasks()).includes(approval));
    const manager = Number(sql(`SELECT id FROM users WHERE email = '${MANAGER}';`));
    const moved = await call("admin", `/api/v1/users/${manager}`, { method: "PATCH", json: { agency: "brookfield-primary", reason: "Moved to a school." } });
    assert.equal(moved.status, 200, moved.text);

    const list = await call(MANAGER, "/api/v1/training/approvals");
    assert.equal(list.status, 200, list.text);
    assert.ok(!list.body.approvals.some((a) => a.id === approval), "not listed");
    assert.equal(list.body.count, 0, "nor counted: every request was from the old agency");
    assert.ok(!(await tasks()).includes(approval), "no task");
    const ok = await post(MANAGER, `/api/v1/training/approvals/${approval}/approve`);
    assert.equal(ok.status, 404, ok.text);
    assert.equal(sql(`SELECT decision IS NULL FROM training_approvals WHERE id = ${approval};`), "1", "nothing decided");
    assert.equal(sql(`SELECT count(*) FROM training_bookings WHERE session_id = ${id};`), "0", "nothing booked");
  });
});

describe("a request whose approver can no longer decide it", () => {
  const stamp = () => Math.random().toString(36).slice(2, 8);
  // A new approver in the practitioner's agency (or `roles` there), signed in by email.
  async function newPerson(name, roles = ["practitioner"]) {
    const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${stamp()}@example.org`;
    const u = await post("admin", "/api/v1/users", {
      name, email, agency: "demo-teaching-hospitals", roles, password: MANAGER_PASSWORD,
    });
    assert.equal(u.status, 201, u.text);
    passwords[email] = MANAGER_PASSWORD;
    return { email, id: u.body.id ?? Number(sql(`SELECT id FROM users WHERE email = '${email}';`)) };
  }
  const approverOf = (approval) => Number(sql(`SELECT approver_user_id FROM training_approvals WHERE id = ${approval};`));
  const tasksOf = async (who, kind) => (await call(who, "/api/v1/tasks")).body.tasks.filter((t) => t.kind === kind).map((t) => t.record_id);
  const ask = async (approver) => {
    const id = await newSession(5);
    const r = await post("practitioner", `/api/v1/training/sessions/${id}/book`, { approver_email: approver });
    assert.equal(r.status, 202, r.text);
    return { id, approval: r.body.approval_id };
  };

  test("an approver moves agency: the person is told and given a task, and names another, who is emailed", async () => {
    const first = await newPerson("Fran First");
    const second = await newPerson("Sam Second");
    const { id, approval } = await ask(first.email);
    assert.equal((await call("practitioner", `/api/v1/training/sessions/${id}`)).body.my_approval_stuck, false);
    const renamed = await post("practitioner", `/api/v1/training/sessions/${id}/approver`, { approver_email: second.email });
    assert.equal(renamed.status, 409, "the approver named can still decide it");

    const moved = await call("admin", `/api/v1/users/${first.id}`, { method: "PATCH", json: { agency: "brookfield-primary", reason: "Moved to a school." } });
    assert.equal(moved.status, 200, moved.text);
    const s = await call("practitioner", `/api/v1/training/sessions/${id}`);
    assert.equal(s.body.my_approval_pending, true);
    assert.equal(s.body.my_approval_stuck, true);
    const page = await call("practitioner", `/training/sessions/${id}`);
    assert.match(page.text, /The approver you named can no longer decide your request/);
    assert.match(page.text, new RegExp(`action="/training/sessions/${id}/approver"`));
    assert.ok((await tasksOf("practitioner", "training.approver")).includes(id), "a task to name another");

    const before = outboxTo(second.email);
    const ok = await post("practitioner", `/api/v1/training/sessions/${id}/approver`, { approver_email: second.email.toUpperCase() });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.approval_id, approval);
    assert.equal(ok.body.status, "awaiting_approval");
    assert.equal(approverOf(approval), second.id);
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'training.approver_change' AND resource_id = '${approval}';`), "1");
    assert.equal(outboxTo(second.email), before + 1, "the new approver is emailed as the first was");
    assert.equal(sql(`SELECT subject FROM mail_outbox WHERE to_address = '${second.email}' ORDER BY id DESC LIMIT 1;`), "A training booking needs your approval");
    assert.equal((await call("practitioner", `/api/v1/training/sessions/${id}`)).body.my_approval_stuck, false);
    assert.ok(!(await tasksOf("practitioner", "training.approver")).includes(id), "the task is done");
    assert.ok((await tasksOf(second.email, "training.approve")).includes(approval));
    const decided = await post(second.email, `/api/v1/training/approvals/${approval}/approve`);
    assert.equal(decided.status, 200, decided.text);
    assert.equal(decided.body.status, "booked");
  });

  test("an approver is deactivated: another approver in the agency may decide it; nobody else", async () => {
    const first = await newPerson("Dana Deactivated");
    const other = await newPerson("Olly Other");
    const accounts = await newPerson("Ash Accounts", ["agency_admin"]);
    const { id, approval } = await ask(first.email);
    assert.equal((await post(other.email, `/api/v1/training/approvals/${approval}/approve`)).status, 404, "not while the first can");
    assert.ok(!(await call(other.email, "/api/v1/training/approvals")).body.approvals.some((a) => a.id === approval));

    const off = await post("admin", `/api/v1/users/${first.id}/disable`, { reason: "Left the agency" });
    assert.equal(off.status, 200, off.text);
    assert.equal((await call("practitioner", `/api/v1/training/sessions/${id}`)).body.my_approval_stuck, true);
    assert.ok((await tasksOf("practitioner", "training.approver")).includes(id));
    // another approver in the agency sees it, as a task too
    const list = await call(other.email, "/api/v1/training/approvals");
    assert.ok(list.body.approvals.some((a) => a.id === approval), list.text);
    assert.ok((await tasksOf(other.email, "training.approve")).includes(approval));
    // someone elsewhere, or who cannot approve, may not decide it
    assert.equal((await post("dsl", `/api/v1/training/approvals/${approval}/approve`)).status, 404);
    assert.equal((await post(accounts.email, `/api/v1/training/approvals/${approval}/approve`)).status, 403);
    assert.equal((await post("practitioner", `/api/v1/training/approvals/${approval}/approve`)).status, 404, "not their own");
    const ok = await post(other.email, `/api/v1/training/approvals/${approval}/approve`);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(approverOf(approval), other.id, "whoever decided it is its approver");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'training.approve' AND resource_id = '${approval}' AND user_id = ${other.id};`), "1");
    const mine = await call(other.email, "/api/v1/training/approvals");
    assert.equal(mine.body.approvals.find((a) => a.id === approval).decision, "approved", "kept in their list, decided");
    assert.equal((await call("practitioner", `/api/v1/training/sessions/${id}`)).body.my_status, "booked");
  });

  test("an approver who loses the role is listed only what they may still decide: no pending request, no buttons, no task", async () => {
    const first = await newPerson("Lee Lost");
    const { approval: decided } = await ask(first.email);
    assert.equal((await post(first.email, `/api/v1/training/approvals/${decided}/decline`)).status, 200);
    const { approval } = await ask(first.email);
    const listed = async () => (await call(first.email, "/api/v1/training/approvals")).body;
    const mine = (await listed()).approvals.map((a) => a.id).filter((a) => a === approval || a === decided);
    assert.deepEqual(mine, [approval, decided], "pending first, then decided");

    const lost = await call("admin", `/api/v1/users/${first.id}`, { method: "PATCH", json: { roles: ["agency_admin"], reason: "Now looks after accounts." } });
    assert.equal(lost.status, 200, lost.text);
    // the list (and its count) is what the decision allows: the pending request is not theirs to decide now
    const list = await listed();
    assert.deepEqual(list.approvals.map((a) => a.id), [decided], "only their record of what they decided (nor others' stuck requests)");
    assert.equal(list.count, 1, "nor counted");
    const page = await call(first.email, "/training/approvals");
    assert.equal(page.status, 200, page.text);
    assert.doesNotMatch(page.text, new RegExp(`/training/approvals/${approval}/`), "no buttons that would answer 403");
    assert.doesNotMatch(page.text, /Awaiting your decision/);
    assert.ok(!(await tasksOf(first.email, "training.approve")).includes(approval), "no task");
    assert.equal((await post(first.email, `/api/v1/training/approvals/${approval}/approve`)).status, 403);
    // another approver in the agency sees it and may decide it; the booker may name another
    const other = await newPerson("Pat Present");
    assert.ok((await call(other.email, "/api/v1/training/approvals")).body.approvals.some((a) => a.id === approval));
  });

  test("the approvals list reads each branch by its index, and each request's session by its key (the plans)", () => {
    // the list's statements as compiled into the server (each one string literal: store_sqlite.h's
    // TRAINING_FOR_APPROVER and TRAINING_AWAITING as they are now): a slow plan gives the same rows, so only
    // the plan shows it
    const binary = readFileSync(havenBin()).toString("latin1");
    const statements = [];
    for (const marker of [" AS lapsed FROM training_approvals a JOIN", "SELECT count(*) FROM (SELECT 1 FROM training_approvals a WHERE"])
      for (let at = binary.indexOf(marker); at >= 0; at = binary.indexOf(marker, at + 1))
        statements.push(binary.slice(binary.lastIndexOf("\0", at) + 1, binary.indexOf("\0", at)));
    assert.equal(statements.length, 3, "the page after the cursor, the page before it and the count");
    for (const q of statements) {
      if (!onPostgres) {
        // migration 0208: the requests naming the viewer, or those still waiting; never every request ever made
        const plan = sql(`EXPLAIN QUERY PLAN ${q};`);
        assert.match(plan, /MULTI-INDEX OR/, plan);
        assert.match(plan, /training_approvals_undecided/, plan);
        assert.doesNotMatch(plan, /SCAN a\b(?! USING)/, plan);
        // whether a request still awaits a decision reads its own session, by its key
        const lapse = plan.split("\n").filter((line) => /\blapse\b/.test(line));
        assert.ok(lapse.length > 0, plan);
        for (const line of lapse) assert.match(line, /SEARCH lapse USING INTEGER PRIMARY KEY \(rowid=\?\)/, plan);
        continue;
      }
      // PostgreSQL may answer an EXISTS by hashing every session that has been, once per list: a read growing
      // with the years (migration 0208's reason); each read of a request's session must be by that request's
      const plan = sql(`PREPARE q (bigint, text, bigint, bigint) AS ${q.replace(/\?(\d)/g, "$$$1")};` +
        " EXPLAIN EXECUTE q (1, '2026-01-01', 0, 25);");
      const lines = plan.split("\n");
      const reads = lines.map((line, i) => [line, lines[i + 1] ?? ""]).filter(([line]) => / on training_sessions lapse/.test(line));
      assert.ok(reads.length > 0, plan);
      for (const [read, condition] of reads) assert.match(condition, /\(id = [ak]\.session_id\)/, `${read}\n${condition}\n${plan}`);
    }
  });

  test("an approver who loses the role leaves it to be renamed; a bad approver is refused by the field, nothing changed", async () => {
    const first = await newPerson("Rory Role");
    const accounts = await newPerson("Casey Accounts", ["agency_admin"]);
    const { id, approval } = await ask(first.email);
    const lost = await call("admin", `/api/v1/users/${first.id}`, { method: "PATCH", json: { roles: ["agency_admin"], reason: "Now looks after accounts." } });
    assert.equal(lost.status, 200, lost.text);
    assert.equal((await call("practitioner", `/api/v1/training/sessions/${id}`)).body.my_approval_stuck, true);
    const audits = () => sql(`SELECT count(*) FROM audit_log WHERE action = 'training.approver_change' AND resource_id = '${approval}';`);
    for (const [body, detail] of [
      [{}, /^This course needs your manager's approval/],
      [{ approver_email: "" }, /^This course needs your manager's approval/],
      [{ approver_email: "not an email" }, /./],
      [{ approver_email: "practitioner@demo.haven.example" }, /^You cannot approve your own booking/],
      [{ approver_email: "dsl@demo.haven.example" }, /^Enter the email address of a manager in your agency/],
      [{ approver_email: "nobody@example.org" }, /^Enter the email address of a manager in your agency/],
      [{ approver_email: first.email }, /^This person cannot approve training bookings in Haven/],
      [{ approver_email: accounts.email }, /^This person cannot approve training bookings in Haven/],
    ]) {
      const r = await post("practitioner", `/api/v1/training/sessions/${id}/approver`, body);
      assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
      assert.deepEqual(errorFields(r.body), ["approver_email"]);
      assert.match(r.body.errors[0].detail, detail);
    }
    assert.equal(approverOf(approval), first.id, "nothing changed");
    assert.equal(audits(), "0");
    // the page shows the refusal by the field, the form again
    const page = await call("practitioner", `/training/sessions/${id}/approver`, { method: "POST", form: { approver_email: accounts.email } });
    assert.equal(page.status, 422);
    assert.match(page.text, /govuk-error-summary[\s\S]*This person cannot approve training bookings in Haven/);
    assert.match(page.text, /id="approver_email-error"/);
    // someone else may not rename it; with no pending request there is nothing to rename
    assert.equal((await post("dsl", `/api/v1/training/sessions/${id}/approver`, { approver_email: MANAGER })).status, 404);
    const good = await newPerson("Gale Good");
    const ok = await call("practitioner", `/training/sessions/${id}/approver`, { method: "POST", form: { approver_email: good.email } });
    assert.ok([200, 303].includes(ok.status), ok.text);
    assert.equal(approverOf(approval), good.id);
    assert.equal(audits(), "1");
  });

  test("a session that has been: its pending request lapses, renamed by nobody, decided by nobody, nobody's task", async () => {
    // one request whose approver can still decide it, one whose approver is then deactivated, one still to come
    const named = await newPerson("Nell Named");
    const gone = await newPerson("Gil Gone");
    const other = await newPerson("Orla Other");
    const next = await newPerson("Nico Next");
    const { id: kept, approval: keptApproval } = await ask(named.email);
    const { id: stuck, approval: stuckApproval } = await ask(gone.email);
    const { approval: coming } = await ask(named.email);
    // both sessions have been (written straight into the database: the form takes only coming dates)
    sql(`UPDATE training_sessions SET date = '${plusDays(-2)}' WHERE id IN (${kept}, ${stuck});`);
    const off = await post("admin", `/api/v1/users/${gone.id}/disable`, { reason: "Left the agency" });
    assert.equal(off.status, 200, off.text);

    // the booker may not name another approver for a session that has been: refused by the field, nothing changed
    const before = outboxTo(next.email);
    const renamed = await post("practitioner", `/api/v1/training/sessions/${stuck}/approver`, { approver_email: next.email });
    assert.equal(renamed.status, 409, renamed.text);
    assert.deepEqual(errorFields(renamed.body), ["session"]);
    assert.match(renamed.body.errors[0].detail, /^The session has been/);
    assert.equal(approverOf(stuckApproval), gone.id, "nothing changed");
    assert.equal(outboxTo(next.email), before, "nobody emailed");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'training.approver_change' AND resource_id = '${stuckApproval}';`), "0");
    // and the session does not offer it: not stuck (nothing to name), though still pending, undecided
    const seen = (await call("practitioner", `/api/v1/training/sessions/${stuck}`)).body;
    assert.equal(seen.my_approval_stuck, false, "no approver to name for a session that has been");
    assert.equal(seen.my_approval_pending, true);
    assert.equal(seen.past, true);
    // and is not given a task to (it would be overdue for ever: the request cannot be cancelled either)
    assert.ok(!(await tasksOf("practitioner", "training.approver")).includes(stuck), "no task to name another");
    assert.equal((await post("practitioner", `/api/v1/training/sessions/${stuck}/cancel`)).status, 409);

    // the agency's other approvers are no longer given it: not a task, not listed, not decided
    assert.ok(!(await tasksOf(other.email, "training.approve")).includes(stuckApproval), "no task for the agency");
    assert.ok(!(await call(other.email, "/api/v1/training/approvals")).body.approvals.some((a) => a.id === stuckApproval));
    assert.equal((await post(other.email, `/api/v1/training/approvals/${stuckApproval}/decline`)).status, 404);

    // the approver named keeps it in their list, not decided, with nothing to decide: no task, no buttons, 409
    const approveTasks = await tasksOf(named.email, "training.approve");
    assert.ok(!approveTasks.includes(keptApproval), "no task for the approver named");
    assert.ok(approveTasks.includes(coming), "a coming session's request is still a task");
    const list = (await call(named.email, "/api/v1/training/approvals")).body.approvals;
    const lapsed = list.find((a) => a.id === keptApproval);
    assert.ok(lapsed, "still listed for the approver named");
    assert.equal(lapsed.decision, null);
    assert.equal(lapsed.lapsed, true);
    assert.equal(list.find((a) => a.id === coming).lapsed, false);
    const page = await call(named.email, "/training/approvals");
    assert.equal(page.status, 200, page.text);
    assert.match(page.text, /The session has been: not decided/);
    assert.doesNotMatch(page.text, new RegExp(`/training/approvals/${keptApproval}/`), "no buttons");
    assert.match(page.text, new RegExp(`/training/approvals/${coming}/approve`), "the coming one's buttons");
    for (const how of ["approve", "decline"]) {
      const r = await post(named.email, `/api/v1/training/approvals/${keptApproval}/${how}`);
      assert.equal(r.status, 409, `${how}: ${r.text}`);
      assert.deepEqual(errorFields(r.body), ["approval"]);
      assert.match(r.body.errors[0].detail, /^The session has been/);
    }
    const refusedPage = await call(named.email, `/training/approvals/${keptApproval}/decline`, { method: "POST", form: {} });
    assert.equal(refusedPage.status, 409);
    assert.match(refusedPage.text, /govuk-error-summary[\s\S]*The session has been/);
    assert.equal(sql(`SELECT count(*) FROM training_approvals WHERE id IN (${keptApproval}, ${stuckApproval}) AND decision IS NULL;`), "2", "nothing decided");
    assert.equal(sql(`SELECT count(*) FROM training_bookings WHERE session_id IN (${kept}, ${stuck});`), "0", "nothing booked");
  });
});
