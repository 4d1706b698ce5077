// "Your work" (src/areas/work/, issue 14): GET /work and GET /api/v1/tasks
// gather what waits for each person or their agency from every area's
// `tasks` (Encompass notifications to acknowledge and answer, requests for
// support to decide, children to match, IDVA referrals to contact, review
// contributions and actions, training places to approve), soonest deadline
// first, each saying what to do, by when in words and as a date, and
// linking to the page that does it; overdue ones say so in text. Nobody sees
// another agency's work, and a task's page answers 404 to anyone unrelated.
// The dashboard counts them.
//
// Fixtures the areas' own pages would make (a review's group member, an
// overdue review action, a training approval) are written with the sqlite3
// CLI, as other HTTP tests do.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, plusDays, sqlRows, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlRows(haven.dbPath, query);
const userId = (who) => sql(`SELECT id FROM users WHERE email = '${who}@demo.haven.example';`)[0].id;

const tasksOf = async (who) => {
  const r = await call(who, "/api/v1/tasks");
  assert.equal(r.status, 200, r.text);
  return r.body;
};
const kinds = (body) => body.tasks.map((t) => t.kind);

/** Each task's page answers 200 to its owner and 404 (or 403: not their role at all) to `other`. */
async function pagesAnswer(owner, other, tasks) {
  for (const t of tasks) {
    assert.equal((await call(owner, t.href)).status, 200, `${owner} opens ${t.href}`);
    assert.ok([403, 404].includes((await call(other, t.href)).status), `${other} may not open ${t.href}`);
  }
}

before(async () => {
  haven = await startHaven();
  sqlText(haven.dbPath, `
    -- the front door joins review 3's group: its agency's contribution is still to come (due 2026-12-04)
    INSERT INTO review_members (case_id, user_id) SELECT 3, id FROM users WHERE email = 'frontdoor@demo.haven.example';
    -- an action of the practitioner's agency on review 1, long overdue
    INSERT INTO review_actions (case_id, recommendation, owner_agency_id, lead, due_on)
      SELECT 1, 'Fictional recommendation for the tests', id, 'A lead', '2025-01-31' FROM agencies WHERE slug = 'demo-teaching-hospitals';
    -- a request for a training place waiting for dsl2's approval, from a colleague at dsl2's school (a
    -- request stays with the agency: an approver elsewhere is not asked)
    INSERT INTO users (email, name, agency_id, password_hash)
      SELECT 'colleague.larkhill@example.org', 'Cal Colleague', agency_id, 'no password: never signs in'
      FROM users WHERE email = 'dsl2@demo.haven.example';
    INSERT INTO training_approvals (session_id, requester_user_id, approver_user_id)
      SELECT (SELECT min(id) FROM training_sessions), (SELECT id FROM users WHERE email = 'colleague.larkhill@example.org'),
             (SELECT id FROM users WHERE email = 'dsl2@demo.haven.example');
  `);
});

after(async () => {
  await haven?.stop();
});

describe("each role's work", () => {
  test("a Key Adult: notifications to acknowledge, soonest first, overdue in words; then to answer; then nothing", async () => {
    const mine = await tasksOf("dsl");
    const notes = sql(`SELECT n.id, n.due_at FROM encompass_notifications n JOIN agencies a ON a.id = n.recipient_agency_id
      WHERE a.slug = 'brookfield-primary' AND n.acknowledged_at IS NULL ORDER BY unixepoch(n.due_at);`);
    assert.ok(notes.length >= 2, "the demo has waiting notifications at Brookfield");
    const acknowledge = mine.tasks.filter((t) => t.kind === "encompass.acknowledge");
    assert.deepEqual(acknowledge.map((t) => t.record_id), notes.map((n) => n.id), "soonest deadline first");
    for (const t of acknowledge) {
      assert.equal(t.text, "Acknowledge an Operation Encompass notification");
      assert.equal(t.href, `/encompass/notifications/${t.record_id}`);
      const due = Date.parse(t.due_at);
      assert.equal(t.overdue, due <= Date.now());
      assert.match(t.due_words, t.overdue ? /^Overdue by / : /^Due in /);
      assert.match(t.due_when, /^by \d{1,2}:\d\d(am|pm) on [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}$/);
    }
    assert.equal(mine.count, mine.tasks.length);
    assert.equal(mine.overdue_count, mine.tasks.filter((t) => t.overdue).length);
    await pagesAnswer("dsl", "dsl2", acknowledge);

    // acknowledged: it waits for what was done, with no clock; answered: it is gone
    const first = acknowledge[0].record_id;
    assert.equal((await post("dsl", `/api/v1/encompass/notifications/${first}/acknowledgement`)).status, 200);
    let now = await tasksOf("dsl");
    const answer = now.tasks.find((t) => t.record_id === first);
    assert.equal(answer.kind, "encompass.record_action");
    assert.equal(answer.due_at, null);
    assert.equal(answer.overdue, false);
    assert.equal(now.tasks.at(-1).record_id, first, "no deadline: after every task that has one");
    const done = await post("dsl", `/api/v1/encompass/notifications/${first}/action`, { action: "monitoring" });
    assert.equal(done.status, 200, done.text);
    now = await tasksOf("dsl");
    assert.ok(!now.tasks.some((t) => t.record_id === first && t.record_type === "encompass_notification"));
    // another setting's Key Adult has none of these
    const other = await tasksOf("dsl2");
    assert.ok(!other.tasks.some((t) => t.record_type === "encompass_notification" && notes.some((n) => n.id === t.record_id)));
  });

  test("the police and the incident area's front door: children to match, due when the notification would be", async () => {
    const r = await post("police", "/api/v1/da-incidents", {
      police_reference: "WORK-1",
      occurred_at: "2025-11-19T21:00:00Z",
      location: "1 Example Road",
      la_code: 888,
      risk_level: "standard",
      circumstances: "Fictional incident for the task list.",
      adults: [],
      children: [{ given_name: "Wren", family_name: "Waiting", date_of_birth: "2016-02-02", present: true, spoken_to: false }],
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.children[0].match_status, "unresolved");
    for (const who of ["police", "frontdoor"]) {
      const task = (await tasksOf(who)).tasks.find((t) => t.kind === "incident.resolve" && t.record_id === r.body.id);
      assert.ok(task, `${who} has the child to match`);
      assert.equal(task.href, `/incidents/${r.body.id}/children/1/resolve`);
      assert.equal(task.due_at, "2025-11-20T08:45:00Z");
      assert.equal(task.due_when, "by 8:45am on Thursday 20 November 2025");
      assert.equal(task.overdue, true);
      assert.match(task.due_words, /^Overdue by \d+ days/);
      assert.doesNotMatch(JSON.stringify(task), /Wren|Waiting/, "a task names no child");
      assert.equal((await call(who, task.href)).status, 200);
    }
    // Blackpool's front door resolves Blackpool's incidents, not Lancashire's
    const blackpool = await tasksOf("frontdoor2");
    assert.ok(!blackpool.tasks.some((t) => t.record_id === r.body.id && t.kind === "incident.resolve"));
    assert.equal((await call("frontdoor2", `/incidents/${r.body.id}/children/1/resolve`)).status, 404);
  });

  test("a front door: requests for support to decide, due one working day after receipt", async (t) => {
    const probe = await post("practitioner", "/api/v1/threshold/assessments", {});
    if (probe.status === 404) return t.skip("the levels-of-need tool is not in this build");
    const body = { age_band: "5-11", la_code: 890, indicators: ["health-unexplained-injury", "basic-care-severe-neglect"], chosen_level: 4 };
    let a = await post("practitioner", "/api/v1/threshold/assessments", body);
    if (a.status === 422) a = await post("practitioner", "/api/v1/threshold/assessments", { ...body, chosen_reason: "A fictional judgement for the tests." });
    assert.equal(a.status, 201, a.text);
    const assessment = a.body.id ?? a.body.decision?.id ?? a.body.assessment?.id;
    const req = await post("practitioner", "/api/v1/support-requests", {
      assessment, child: "new", given_name: "Robin", family_name: "Tasklist", date_of_birth: "2017-03-14", sex: "not_known",
      postcode: "fy1 1aa", la: "blackpool", concerns: "Fictional concerns for the task list tests.", family_knows: true,
      family_consents: true, referrer_phone: "01632 960 001", referrer_email: "priya.practitioner@example.org",
    });
    assert.equal(req.status, 201, req.text);
    const task = (await tasksOf("frontdoor2")).tasks.find((x) => x.kind === "support.decide" && x.record_id === req.body.id);
    assert.ok(task, "Blackpool's front door has the request to decide");
    assert.equal(task.due_at, req.body.decision_due_at);
    assert.equal(task.overdue, false);
    assert.match(task.due_words, /^Due in /);
    await pagesAnswer("frontdoor2", "frontdoor", [task]);
    assert.ok(!(await tasksOf("frontdoor")).tasks.some((x) => x.kind === "support.decide" && x.record_id === req.body.id));
    assert.ok(!(await tasksOf("practitioner")).tasks.some((x) => x.kind === "support.decide"), "the referrer does not decide");
  });

  test("an IDVA: referrals with no attempt to contact yet; one attempt takes it off", async () => {
    const mine = await tasksOf("idva");
    const contact = mine.tasks.filter((t) => t.kind === "provide.contact");
    assert.ok(contact.length > 0, "the demo has referrals waiting at the IDVA service");
    for (const t of contact) {
      const [row] = sql(`SELECT created_at FROM idva_referrals WHERE id = ${t.record_id};`);
      assert.equal(Date.parse(t.due_at), Date.parse(row.created_at.replace(/\.\d+Z$/, "Z")) + 24 * 3600e3, "the 24-hour target");
    }
    await pagesAnswer("idva", "idva2", contact.slice(0, 1));
    const id = contact[0].record_id;
    const attempt = await post("idva", `/api/v1/provide/referrals/${id}/attempts`, {
      attempted_at: new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, "Z"),
      // a letter: a call now might be outside the victim's safe times, which would need a reason
      method: "letter",
      result: "no_answer",
    });
    assert.equal(attempt.status, 201, attempt.text);
    assert.ok(!(await tasksOf("idva")).tasks.some((t) => t.kind === "provide.contact" && t.record_id === id));
    assert.ok(!(await tasksOf("idva2")).tasks.some((t) => contact.some((c) => c.record_id === t.record_id && t.kind === t.kind)));
  });

  test("review group members: their agency's contribution and actions, by the end of the day due", async () => {
    const frontdoor = (await tasksOf("frontdoor")).tasks.find((t) => t.kind === "review.contribute");
    assert.ok(frontdoor, "the front door's agency owes review 3 its information");
    assert.equal(frontdoor.due_at, "2026-12-04");
    assert.equal(frontdoor.due_when, "by the end of Friday 4 December 2026");
    assert.equal(frontdoor.href, "/reviews/3");
    const action = (await tasksOf("practitioner")).tasks.find((t) => t.kind === "review.action");
    assert.ok(action, "the practitioner's agency has an action from review 1");
    assert.equal(action.overdue, true);
    assert.match(action.due_words, /^Overdue by /);
    assert.equal(action.href, "/reviews/1/actions");
    await pagesAnswer("practitioner", "frontdoor", [action]);
    // the page says it is overdue once: the red tag holds the words in whole days ("Overdue by 672 days", not
    // "672 days 17 hours"), not a second "Overdue"
    const page = await call("practitioner", "/work");
    assert.equal(page.status, 200, page.text);
    const row = page.text.split("<tr").find((r) => r.includes(`href="${action.href}"`));
    assert.match(row, /<strong class="govuk-tag govuk-tag--red">Overdue by \d+ days<\/strong>/);
    assert.equal(row.match(/overdue/gi).length, 1, row);
    // a member of review 3 from another agency owes nothing: the partnership's own agency has no row
    assert.ok(!(await tasksOf("partnership")).tasks.some((t) => ["review.contribute", "review.action"].includes(t.kind)));
  });

  test("the partnership team and a review's group: the notification, then the rapid review, and the CSPR's milestones", async () => {
    // review 9: aware on Monday 2 November 2026, not yet notified (5 working days: Monday 9 November);
    // review 10: notified that Monday, no rapid review yet (15 working days: Monday 23 November), a milestone to reach
    sqlText(haven.dbPath, `
      INSERT INTO review_cases (id, reference, child_pseudonym, la_code, harm, circumstances, aware_on, panel_notified_on) VALUES
        (9, 'SI-2026-909', 'Child Y', 889, 'serious_harm', 'Fictional circumstances for the task tests.', '2026-11-02', NULL),
        (10, 'SI-2026-910', 'Child Z', 889, 'death', 'Fictional circumstances for the task tests.', '2026-10-26', '2026-11-02');
      INSERT INTO review_milestones (id, case_id, title, due_on) VALUES (90, 10, 'Fictional practitioner event', '2026-12-10');
      INSERT INTO review_members (case_id, user_id) SELECT 9, id FROM users WHERE email = 'practitioner@demo.haven.example'
        UNION ALL SELECT 10, id FROM users WHERE email = 'practitioner@demo.haven.example';
    `);
    const clockOf = async (who) => (await tasksOf(who)).tasks
      .filter((t) => ["review.notify", "review.rapid", "review.milestone"].includes(t.kind) && [9, 10, 90].includes(t.record_id))
      .map((t) => [t.kind, t.record_type, t.record_id, t.due_at, t.href, t.overdue, t.text]);
    const expected = [
      ["review.notify", "review", 9, "2026-11-09", "/reviews/9", true, "Notify the national panel of a serious incident"],
      ["review.rapid", "review", 10, "2026-11-23", "/reviews/10", true, "Hold the rapid review of a serious incident"],
      ["review.milestone", "review_milestone", 90, "2026-12-10", "/reviews/10", false, "Reach a milestone of a local child safeguarding practice review"],
    ];
    assert.deepEqual(await clockOf("partnership"), expected, "the partnership team oversees every review");
    assert.deepEqual(await clockOf("practitioner"), expected, "a member of the review's group");
    assert.deepEqual(await clockOf("frontdoor"), [], "not in the group: nothing, and the review's page is 404");
    await pagesAnswer("practitioner", "frontdoor", (await tasksOf("practitioner")).tasks.filter((t) => [9, 10, 90].includes(t.record_id)));
    // no child in the list: the pseudonym and the milestone's words stay on the review's page
    const listed = JSON.stringify(await tasksOf("practitioner"));
    for (const secret of ["Child Y", "Child Z", "Fictional practitioner event"]) assert.ok(!listed.includes(secret), secret);

    // once each step is done, its task goes and the next comes
    sqlText(haven.dbPath, `UPDATE review_cases SET panel_notified_on = '2026-11-04' WHERE id = 9;
      UPDATE review_cases SET rapid_review_on = '2026-11-20' WHERE id = 10;
      UPDATE review_milestones SET done_on = '2026-11-30' WHERE id = 90;`);
    assert.deepEqual(await clockOf("partnership"),
      [["review.rapid", "review", 9, "2026-11-25", "/reviews/9", true, "Hold the rapid review of a serious incident"]]);
  });

  test("an approver: requests for a training place", async () => {
    const task = (await tasksOf("dsl2")).tasks.find((t) => t.kind === "training.approve");
    assert.ok(task);
    assert.equal(task.href, "/training/approvals");
    assert.match(task.due_when, /^by the end of /);
    assert.ok(!(await tasksOf("dsl")).tasks.some((t) => t.kind === "training.approve"));
  });

  test("whoever takes attendance: the registers of sessions that have ended, not yet marked", async () => {
    // a session yesterday with one place booked and no register marked
    const yesterday = plusDays(-1);
    sqlText(haven.dbPath, `
      INSERT INTO training_sessions (id, course_id, date, starts, ends, mode, venue, capacity, trainer)
        SELECT 900, min(id), '${yesterday}', '09:30', '12:30', 'venue', 'A fictional venue', 10, 'A trainer' FROM training_courses;
      INSERT INTO training_bookings (id, session_id, user_id, agency_id, status)
        SELECT 9000, 900, id, agency_id, 'booked' FROM users WHERE email = 'dsl@demo.haven.example';
      -- a session next month is not a register to complete
      INSERT INTO training_sessions (id, course_id, date, starts, ends, mode, venue, capacity, trainer)
        SELECT 901, min(id), '${plusDays(30)}', '09:30', '12:30', 'venue', 'A fictional venue', 10, 'A trainer' FROM training_courses;
      INSERT INTO training_bookings (session_id, user_id, agency_id, status)
        SELECT 901, id, agency_id, 'booked' FROM users WHERE email = 'dsl@demo.haven.example';
    `);
    const registers = async (who) => (await tasksOf(who)).tasks.filter((t) => t.kind === "training.register");
    const task = (await registers("partnership")).find((t) => t.record_id === 900);
    assert.ok(task, "the partnership (who take attendance) has yesterday's register to complete");
    assert.deepEqual([task.record_type, task.href, task.text], ["training_session", "/training/sessions/900/register", "Mark the register of a training session"]);
    assert.equal(task.due_at, plusDays(0), "by the end of the day after");
    assert.ok(!(await registers("partnership")).some((t) => t.record_id === 901), "not before the session");
    assert.deepEqual(await registers("dsl"), [], "a booker does not take attendance");
    await pagesAnswer("partnership", "dsl", [task]);
    // marking the register takes it off the list
    const marked = await post("partnership", "/api/v1/training/sessions/900/attendance", { attended: [9000] });
    assert.ok([200, 201].includes(marked.status), marked.text);
    assert.ok(!(await registers("partnership")).some((t) => t.record_id === 900));
  });

  test("the IDVA's target for a first attempt is the partnership's setting: checked, and moving every open referral's deadline", async () => {
    const settings = await call("partnership", "/api/v1/encompass/settings");
    assert.equal(settings.body.settings.idva_first_attempt_hours, 24, "24 hours by default");
    const { deliver_in_holidays, content, escalate_after_minutes, idva_referrals } = settings.body.settings;
    const save = (extra) => call("partnership", "/api/v1/encompass/settings", {
      method: "POST", json: { deliver_in_holidays, content, escalate_after_minutes, idva_referrals, ...extra },
    });
    for (const bad of [0, 169, "a day"]) {
      const refused = await save({ idva_first_attempt_hours: bad });
      assert.equal(refused.status, 422, String(bad));
      assert.equal(refused.body.errors[0].field, "idva_first_attempt_hours");
    }
    assert.equal((await call("partnership", "/api/v1/encompass/settings")).body.settings.idva_first_attempt_hours, 24, "a refusal changes nothing");
    const saved = await save({ idva_first_attempt_hours: 48 });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.settings.idva_first_attempt_hours, 48);
    // left out, it stays as the partnership set it
    assert.equal((await save({})).body.settings.idva_first_attempt_hours, 48);
    const contact = (await tasksOf("idva")).tasks.filter((t) => t.kind === "provide.contact");
    assert.ok(contact.length > 0);
    for (const t of contact) {
      const [row] = sql(`SELECT created_at FROM idva_referrals WHERE id = ${t.record_id};`);
      assert.equal(Date.parse(t.due_at), Date.parse(row.created_at.replace(/\.\d+Z$/, "Z")) + 48 * 3600e3, "the 48-hour target");
    }
    // the page shows it, and a wrong value is shown again with its error
    const page = await call("partnership", "/encompass/settings");
    assert.match(page.text, /id="idva_first_attempt_hours" name="idva_first_attempt_hours" type="text" inputmode="numeric"[^>]* value="48"/);
  });

  test("people with nothing waiting, or no relationship, see an empty list", async () => {
    for (const who of ["scrutineer", "admin"]) {
      const body = await tasksOf(who);
      assert.deepEqual([body.tasks, body.count, body.overdue_count], [[], 0, 0], who);
    }
    assert.equal((await call(null, "/api/v1/tasks")).status, 401);
    assert.equal((await call(null, "/work")).status, 303);
  });
});

describe("the page and the dashboard", () => {
  test("the page lists each task with a link, says overdue in text, and the dashboard counts them", async () => {
    const api = await tasksOf("police");
    const page = await call("police", "/work");
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1 class="govuk-heading-l">Your work<\/h1>/);
    for (const t of api.tasks) assert.ok(page.text.includes(`href="${t.href}"`), t.href);
    assert.equal((page.text.match(/govuk-tag--red">Overdue by [^<]+<\/strong>/g) ?? []).length, api.overdue_count);
    assert.ok(api.overdue_count > 0);
    const me = await call("police", "/api/v1/me");
    const { kinds, ...totals } = me.body.work;
    assert.deepEqual(totals, { count: api.count, overdue_count: api.overdue_count, any_overdue: true });
    assert.equal(kinds.reduce((n, k) => n + k.count, 0), api.count, "the counts by kind add up");
    const dashboard = await call("police", "/dashboard");
    assert.ok(dashboard.text.includes(`${api.count} waiting for you, ${api.overdue_count} overdue`));
    const empty = await call("scrutineer", "/work");
    assert.match(empty.text, /Nothing is waiting for you/);
  });
});
