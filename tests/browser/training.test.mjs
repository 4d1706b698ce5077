// Workforce development in a real browser: a practitioner finds a session in
// the training programme (filtering by priority area), books a place, sees it
// in their training, and cancels it; the partnership sets the cancellation
// cut-off. Every page state visited is checked with axe. The demo's sessions
// (src/areas/training/demo.sql) are dated from the day the demo is made, so
// they are always in the future.
//
// Run: node --test tests/browser/training.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { plusDays, sqlText } from "../lib/api.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, mainText } from "./browser.mjs";

const s = browserSuite();

s.test("a practitioner finds, books and cancels a training session", async () => {
  const p = await s.newPage();
  const { page } = p;

  await s.signIn(page, "practitioner@demo.haven.example");

  // find: the programme, filtered to domestic abuse
  let res = await s.visit(page, "/training");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the training programme");
  await page.getByLabel("Priority area").selectOption("domestic_abuse");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show sessions" }));
  assert.match(page.url(), /area=domestic_abuse/);
  await s.checkPage(page, "the programme filtered by priority area");
  const rows = page.locator("main table tbody tr");
  assert.equal(await rows.count(), 1, "one demo session on domestic abuse");
  await s.navigateBy(page, rows.first().locator("a").first());
  assert.match(page.url(), /\/training\/sessions\/\d+$/);
  await s.checkPage(page, "a session");
  assert.match(await page.locator("main").innerText(), /Domestic abuse and its impact on children/);

  // book
  res = await s.navigateBy(page, page.getByRole("button", { name: "Book a place" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/training\/sessions\/\d+$/);
  await s.checkPage(page, "a session with a place booked");
  // said once: the banner says it was booked, and no panel under it says so again
  assert.match(await page.locator(".govuk-notification-banner--success").innerText(), /Your place is booked/);
  assert.equal((await mainText(page)).match(/place is booked|You have a place/g).length, 1, "the booking is said once");
  await s.visit(page, new URL(page.url()).pathname);
  assert.match(await page.locator(".govuk-panel__title").innerText(), /You have a place/, "and the panel says it when the page is opened again");

  // see it in your training
  await s.navigateBy(page, page.getByRole("link", { name: "Back to training" }));
  await s.navigateBy(page, page.getByRole("link", { name: "Your training" }));
  await s.checkPage(page, "your training");
  assert.match(await page.locator("main table").innerText(), /Domestic abuse and its impact on children[\s\S]*Booked/);
  assert.doesNotMatch(await page.locator("main table").innerText(), /\d\d:\d\d/, "times in words");

  // cancel
  await s.navigateBy(page, page.locator("main table tbody tr a").first());
  res = await s.navigateBy(page, page.getByRole("button", { name: "Cancel your place" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "are you sure you want to cancel", { title: "Are you sure you want to cancel?" });
  assert.match(await page.locator("#answers").innerText(), /What you give up\s+Your place/);
  assert.match(await page.locator("#answers").innerText(), /When\s+\d+ \w+ \d{4}, \d{1,2}(:\d\d)?(am|pm) to \d{1,2}(:\d\d)?(am|pm)/);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Yes, cancel" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "a session after cancelling");
  await page.getByRole("button", { name: "Book a place" }).waitFor();
  await s.visit(page, "/training/bookings");
  await s.checkPage(page, "your training after cancelling");
  assert.match(await page.locator("main table").innerText(), /Cancelled/);
});

s.test("a practitioner reads a briefing; the partnership's library and e-learning pages pass axe", async () => {
  const p = await s.newPage();
  const { page } = p;

  await s.signIn(page, "practitioner@demo.haven.example");

  await s.visit(page, "/training");
  await s.navigateBy(page, page.getByRole("link", { name: "Briefings and resources" }));
  await s.checkPage(page, "the resource library");
  await page.getByLabel("Priority area").selectOption("neglect");
  await s.navigateBy(page, page.getByRole("button", { name: "Show resources" }));
  assert.match(page.url(), /area=neglect/);
  await s.checkPage(page, "the library filtered by priority area");
  await s.navigateBy(page, page.getByRole("link", { name: "Neglect in 7 minutes" }));
  assert.match(page.url(), /\/training\/resources\/\d+$/);
  await s.checkPage(page, "a briefing");
  assert.match(await page.locator("main").innerText(), /graded care profile/);
  assert.match(await page.locator("main").innerText(), /Read \d+ times/);

  const q = await s.newPage();
  await s.signIn(q.page, "partnership@demo.haven.example");
  for (const [path, what] of [
    ["/training/resources/new", "the form to add a resource"],
    ["/training/elearning", "e-learning completions"],
    ["/training/summary", "the training figures"],
    ["/training/approvals", "approvals waiting for this person (none)"],
  ]) {
    const res = await s.visit(q.page, path);
    assert.equal(res.status(), 200, path);
    await s.checkPage(q.page, what);
  }
});

s.test("the partnership sets the cancellation cut-off; a number out of range is said at the field", async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "partnership@demo.haven.example");
  await s.visit(page, "/dashboard");
  await s.navigateBy(page, page.getByRole("link", { name: "Training settings: the cancellation cut-off" }));
  assert.match(page.url(), /\/training\/settings$/);
  await s.checkPage(page, "the training settings");
  const field = page.getByLabel("Cancellation cut-off, in working days before the session");
  assert.equal(await field.inputValue(), "3");
  await field.fill("11");
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Save" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "the training settings with a cut-off out of range");
  await s.checkPage(page, "the training settings with an error");
  await page.getByLabel("Cancellation cut-off, in working days before the session").fill("2");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save" }));
  assert.equal(res.status(), 200);
  assert.equal(await page.getByLabel("Cancellation cut-off, in working days before the session").inputValue(), "2");
  await s.checkPage(page, "the training settings saved");
  assert.equal(sqlText(s.haven.dbPath, "SELECT cutoff_working_days FROM training_settings"), "2");
  // put back, so the sessions the other tests open keep the default cut-off
  sqlText(s.haven.dbPath, "UPDATE training_settings SET cutoff_working_days = 3");
});

s.test("the partnership completes a past session's register; a session to come cannot be ticked", async () => {
  // yesterday's session with two places, and one next week with one
  sqlText(s.haven.dbPath, `
    INSERT INTO training_sessions (id, course_id, date, starts, ends, mode, venue, capacity, trainer)
      SELECT 701, min(id), '${plusDays(-1)}', '09:30', '12:30', 'venue', 'A fictional venue', 10, 'A trainer' FROM training_courses;
    INSERT INTO training_sessions (id, course_id, date, starts, ends, mode, venue, capacity, trainer)
      SELECT 702, min(id), '${plusDays(7)}', '09:30', '12:30', 'venue', 'A fictional venue', 10, 'A trainer' FROM training_courses;
    INSERT INTO training_bookings (id, session_id, user_id, agency_id, status)
      SELECT 7010, 701, id, agency_id, 'booked' FROM users WHERE email = 'dsl@demo.haven.example';
    INSERT INTO training_bookings (id, session_id, user_id, agency_id, status)
      SELECT 7011, 701, id, agency_id, 'booked' FROM users WHERE email = 'practitioner@demo.haven.example';
    INSERT INTO training_bookings (id, session_id, user_id, agency_id, status)
      SELECT 7020, 702, id, agency_id, 'booked' FROM users WHERE email = 'dsl@demo.haven.example';`);
  const { page } = await s.newPage();
  await s.signIn(page, "partnership@demo.haven.example");
  let res = await s.navigateBy(page, page.getByRole("link", { name: /Session registers/ }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the past sessions' registers", { title: "Session registers" });
  const row = page.locator("#registers tbody tr").first();
  assert.match(await row.innerText(), /2 of 2 places not marked/);
  res = await s.navigateBy(page, row.getByRole("link"));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/training\/sessions\/701\/register$/);
  await s.checkPage(page, "a past session's register");
  await page.getByLabel(/Dee Safeguarding-Lead/).check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save attendance" }));
  assert.equal(res.status(), 200);
  await s.visit(page, "/training/registers");
  // saved: the one ticked attended, the other is recorded as not attending, so the register is taken
  assert.match(await page.locator("#registers tbody tr").first().innerText(), /Taken/);
  assert.equal(sqlText(s.haven.dbPath, "SELECT group_concat(attendance, ',') FROM (SELECT attendance FROM training_bookings WHERE session_id = 701 ORDER BY id);"), "attended,no_show");

  // next week's: the page says when ticking opens, with nothing to tick
  res = await s.visit(page, "/training/sessions/702/register");
  assert.equal(res.status(), 200);
  assert.match(await page.locator("#not-started").innerText(), /This session starts at 9:30am on .* You can mark attendance once it has started/);
  assert.equal(await page.getByRole("checkbox").count(), 0);
  await s.checkPage(page, "a register before the session starts");
});

s.test("an attendee's evaluation sent empty names each outcome in its errors, and each link reaches its radios", async () => {
  // yesterday's session of the neglect course (three outcomes), the practitioner attended
  sqlText(s.haven.dbPath, `
    INSERT INTO training_sessions (id, course_id, date, starts, ends, mode, venue, capacity, trainer)
      VALUES (703, 1, '${plusDays(-1)}', '09:30', '12:30', 'venue', 'A fictional venue', 10, 'A trainer');
    INSERT INTO training_bookings (id, session_id, user_id, agency_id, status, attendance)
      SELECT 7030, 703, id, agency_id, 'booked', 'attended' FROM users WHERE email = 'practitioner@demo.haven.example';`);
  const { page } = await s.newPage();
  await s.signIn(page, "practitioner@demo.haven.example");
  let res = await s.visit(page, "/training/bookings/7030/evaluation");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the evaluation form", { title: "Evaluate your training" });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Send your evaluation" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  const links = page.locator(".govuk-error-summary__list a");
  assert.equal(await links.count(), 6);
  assert.equal(await links.nth(2).innerText(), "Select how confident you were in \u2018Use the graded care profile to assess the care a child receives\u2019 before the training");
  await s.checkPage(page, "the evaluation form with errors", { title: "Error: Evaluate your training" });
  await assertErrorsTiedToFields(page, "the evaluation form with errors");
  // the link leads to its own question's first radio, whose group is named for its outcome
  await links.nth(2).click();
  const focused = page.locator(":focus");
  assert.equal(await focused.getAttribute("name"), "before_2");
  assert.equal(
    await page.getByRole("group", { name: /^Before the training\s*: Use the graded care profile to assess the care a child receives$/ }).count(),
    1,
  );
  for (const name of ["before_1", "after_1", "before_2", "after_2", "before_3", "after_3"])
    await page.locator(`input[name="${name}"][value="3"]`).check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Send your evaluation" }));
  assert.equal(res.status(), 200);
  assert.equal((await page.locator(".govuk-notification-banner__heading").innerText()).trim(), "Your evaluation was sent");
  await s.checkPage(page, "your training after evaluating");
});

// A manager in the practitioner's agency who may approve training (a practitioner), made once.
const MANAGER = "manager.browser@example.org";
function addManager() {
  sqlText(s.haven.dbPath, `
    INSERT INTO users (email, name, agency_id, password_hash)
      SELECT '${MANAGER}', 'Morgan Manager', agency_id, password_hash FROM users
      WHERE email = 'practitioner@demo.haven.example' AND NOT EXISTS (SELECT 1 FROM users WHERE email = '${MANAGER}');
    INSERT OR IGNORE INTO user_roles (user_id, role) SELECT id, 'practitioner' FROM users WHERE email = '${MANAGER}';`);
}

s.test("a practitioner withdraws a request for a place awaiting approval, after checking", async () => {
  // a session next week the practitioner has asked their manager to approve
  addManager();
  sqlText(s.haven.dbPath, `
    INSERT INTO training_sessions (id, course_id, date, starts, ends, mode, venue, capacity, trainer)
      SELECT 9703, min(id), '${plusDays(8)}', '09:30', '12:30', 'venue', 'A fictional venue', 10, 'A trainer' FROM training_courses;
    INSERT INTO training_approvals (session_id, requester_user_id, approver_user_id)
      SELECT 9703, p.id, d.id FROM users p, users d
      WHERE p.email = 'practitioner@demo.haven.example' AND d.email = '${MANAGER}';`);
  const { page } = await s.newPage();
  await s.signIn(page, "practitioner@demo.haven.example");
  await s.visit(page, "/training/sessions/9703");
  await s.checkPage(page, "a session awaiting approval");
  assert.match(await mainText(page), /awaiting your manager's approval/);
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Withdraw your request" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "are you sure you want to withdraw", { title: "Are you sure you want to cancel?" });
  assert.match(await page.locator("#answers").innerText(), /What you give up\s+Your request for a place/);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Yes, cancel" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "a session after withdrawing a request");
  assert.match(await page.locator(".govuk-notification-banner--success").innerText(), /Your request for a place was withdrawn/);
  assert.equal(await page.getByRole("button", { name: "Withdraw your request" }).count(), 0);
  assert.equal(sqlText(s.haven.dbPath, "SELECT decision FROM training_approvals WHERE session_id = 9703"), "withdrawn");
  assert.match(await mainText(page), /you withdrew your request for a place on/);
});

s.test("a practitioner whose approver can no longer decide their request names another", async () => {
  // the approver named (the DSL) works in another agency now, so cannot decide it
  addManager();
  sqlText(s.haven.dbPath, `
    INSERT INTO training_sessions (id, course_id, date, starts, ends, mode, venue, capacity, trainer)
      SELECT 9704, min(id), '${plusDays(9)}', '09:30', '12:30', 'venue', 'A fictional venue', 10, 'A trainer' FROM training_courses;
    INSERT INTO training_approvals (session_id, requester_user_id, approver_user_id)
      SELECT 9704, p.id, d.id FROM users p, users d
      WHERE p.email = 'practitioner@demo.haven.example' AND d.email = 'dsl@demo.haven.example';`);
  const { page } = await s.newPage();
  await s.signIn(page, "practitioner@demo.haven.example");
  await s.visit(page, "/training/sessions/9704");
  await s.checkPage(page, "a session whose approver can no longer decide the request");
  assert.match(await page.locator("#approver-stuck").innerText(), /The approver you named can no longer decide your request/);
  await page.getByLabel("Your manager's email address").fill("practitioner@demo.haven.example");
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Send to this approver" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "naming another approver, refused");
  assert.match(await page.title(), /^Error: /);
  await assertErrorsTiedToFields(page, "naming another approver, refused");
  assert.match(await page.locator(".govuk-error-summary").innerText(), /You cannot approve your own booking/);
  await page.getByLabel("Your manager's email address").fill(MANAGER);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Send to this approver" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator(".govuk-notification-banner--success").innerText(), /sent to the approver you named/);
  await s.checkPage(page, "a session after naming another approver");
  assert.match(await mainText(page), /awaiting your manager's approval/);
  assert.equal(
    sqlText(s.haven.dbPath, `SELECT u.email FROM training_approvals a JOIN users u ON u.id = a.approver_user_id WHERE a.session_id = 9704`),
    MANAGER,
  );
});

s.test("a practitioner whose request was not decided before the session is told so in their training", async () => {
  // asked for a place on yesterday's session; nobody decided it, so it lapsed and no place was held
  addManager();
  sqlText(s.haven.dbPath, `
    INSERT INTO training_sessions (id, course_id, date, starts, ends, mode, venue, capacity, trainer)
      SELECT 9705, min(id), '${plusDays(-1)}', '09:30', '12:30', 'venue', 'A fictional venue', 10, 'A trainer' FROM training_courses;
    INSERT INTO training_sessions (id, course_id, date, starts, ends, mode, venue, capacity, trainer)
      SELECT 9706, min(id), '${plusDays(10)}', '14:15', '16:00', 'venue', 'A fictional venue', 10, 'A trainer' FROM training_courses;
    INSERT INTO training_approvals (session_id, requester_user_id, approver_user_id)
      SELECT s.id, p.id, d.id FROM users p, users d, (SELECT 9705 AS id UNION ALL SELECT 9706) s
      WHERE p.email = 'practitioner@demo.haven.example' AND d.email = '${MANAGER}';`);
  const { page } = await s.newPage();
  await s.signIn(page, "practitioner@demo.haven.example");
  await s.visit(page, "/training/bookings");
  await s.checkPage(page, "your training with a request waiting and one lapsed");
  const requests = await page.locator("main ul").first().innerText();
  assert.match(requests, /2:15pm:\s+Waiting for approval Waiting for Morgan Manager to approve it/);
  assert.match(requests, /9:30am:\s+Not decided Not decided before the session: no place was held/);
  await s.navigateBy(page, page.locator('main a[href="/training/sessions/9705"]'));
  await s.checkPage(page, "a session whose request lapsed");
  assert.match(await page.locator("#request-lapsed").innerText(), /Not decided before the session: no place was held/);
  assert.equal(await page.getByRole("button", { name: "Withdraw your request" }).count(), 0);
});

s.test("the administrator is not offered booking, and a session's page says why there is no button", async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "admin@demo.haven.example");
  assert.equal(await page.getByRole("link", { name: "Find and book multi-agency training" }).count(), 0);
  const res = await s.visit(page, "/training/sessions/1");
  assert.equal(res.status(), 200);
  assert.match(await page.locator("#cannot-book").innerText(), /Your role in Haven does not book places/);
  assert.equal(await page.getByRole("button", { name: "Book a place" }).count(), 0);
  await s.checkPage(page, "a session the administrator cannot book");
});
