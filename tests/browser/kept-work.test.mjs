// The session's end, in a real browser with axe on each page state (issue
// 16, point 1). With JavaScript, the GOV.UK timeout warning opens two
// minutes before the session ends and "Stay signed in" keeps it going.
// Without JavaScript, the header says when the session ends, and a form
// sent after it has ended is kept: the sign-in page says so, and signing in
// again returns to the form with what was typed, which can then be sent.
// With JavaScript, a form being typed when the time runs out is kept the
// same way, unless another tab has used the session since: then nothing is
// kept, nothing is sent, and the page stays as it was. The page asks at
// POST /session/keep, never its own address, so a page at an address that
// only takes a form (one shown again after a mistake) stays while the
// session lasts; and two tabs whose time runs out together ask one at a
// time, so the browser is left with the cookie of the form kept last.
//
// The server signs people out after 125 seconds unused, so the warning
// opens 5 seconds after a page loads; a session is ended by dating its last
// use back in the database, and a page's time runs out by moving its clock
// on (Playwright's page.clock).
//
// Run: HAVEN_BIN=build/haven node --test tests/browser/kept-work.test.mjs

import assert from "node:assert/strict";

import { DEMO_PASSWORD, demoEmail, sqlRows } from "../lib/api.mjs";
import { browserSuite } from "./browser.mjs";

const s = browserSuite({ demo: true, args: ["--session-idle", "125"] });

s.test("the timeout warning opens before the session ends, and staying signed in closes it", { timeout: 60_000 }, async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "partnership");
  await s.visit(page, "/training/courses/new");
  await s.checkPage(page, "a form, before the warning");
  const dialog = page.getByRole("dialog", { name: "You will be signed out soon" });
  assert.equal(await dialog.isVisible(), false);
  await dialog.waitFor({ state: "visible", timeout: 15_000 });
  assert.match(await dialog.innerText(), /signed out in 2 minutes if you do nothing/);
  await s.checkPage(page, "the timeout warning");
  await dialog.getByRole("button", { name: "Stay signed in" }).click();
  await dialog.waitFor({ state: "hidden" });
  assert.match(page.url(), /\/training\/courses\/new$/, "still on the form");
});

s.test("without JavaScript, a form sent after the session ended comes back after signing in", { timeout: 90_000 }, async () => {
  const { page } = await s.newPage({ javaScriptEnabled: false });
  await s.signIn(page, "partnership");
  await s.visit(page, "/training/courses/new");
  assert.match(await page.locator("#session-end").innerText(), /If you do nothing, you will be signed out at \S+/);
  await page.getByLabel("Title").fill("Typed before the timeout");
  await page.getByLabel("Who it is for").fill("Everyone who works with children");
  await page.getByLabel("Description", { exact: true }).fill("What was typed survives signing in again.");

  // the session ends while the form is being filled in
  sqlRows(s.haven.dbPath, "UPDATE sessions SET last_seen_at = last_seen_at - 1000 WHERE ended_at IS NULL");
  await s.navigateBy(page, page.getByRole("button", { name: "Add the course" }));
  assert.match(page.url(), /\/sign-in$/);
  await s.checkPage(page, "the sign-in page with kept work", { js: false });
  const notice = page.getByRole("region", { name: "Important" });
  assert.match(await notice.innerText(), /You were signed out because you had not used Haven for a while/);
  assert.match(await notice.innerText(), /What you typed is kept until/);

  await page.getByLabel("Email address", { exact: true }).fill(demoEmail("partnership"));
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await s.navigateBy(page, page.getByRole("button", { name: "Sign in", exact: true }));
  assert.match(page.url(), /\/training\/courses$/, "back to the form, not the dashboard");
  await s.checkPage(page, "the form filled in again", { js: false });
  assert.match(await page.getByRole("region", { name: "Important" }).innerText(), /this form was not sent/);
  assert.equal(await page.getByLabel("Title").inputValue(), "Typed before the timeout");
  assert.equal(await page.getByLabel("Description", { exact: true }).inputValue(), "What was typed survives signing in again.");

  // what was kept can now be sent: the errors left are only what was never typed
  await s.navigateBy(page, page.getByRole("button", { name: "Add the course" }));
  assert.doesNotMatch(await page.locator(".govuk-error-summary").innerText(), /Enter the title|Enter the description/);
});

/** The training courses there are: a form acted on would add one. */
const courseCount = () => sqlRows(s.haven.dbPath, "SELECT count(*) AS n FROM training_courses")[0].n;

/** A page at `path`, signed in as the partnership, its clock under the test's control. */
async function signedInWithAClock(path) {
  const opened = await s.newPage();
  await opened.page.clock.install();
  await s.signIn(opened.page, "partnership");
  await s.visit(opened.page, path);
  return opened;
}

/** A signed-in page, its clock under the test's control, with the new-course form part typed. */
async function typingACourse(what) {
  const opened = await signedInWithAClock("/training/courses/new");
  await opened.page.getByLabel("Title").fill(what);
  await opened.page.getByLabel("Description", { exact: true }).fill("Typed with the page's script on.");
  return opened;
}

s.test("with JavaScript, a form being typed when the time runs out is kept, and comes back after signing in", { timeout: 90_000 }, async () => {
  const { page } = await typingACourse("Typed when the time ran out");
  const courses = courseCount();

  sqlRows(s.haven.dbPath, "UPDATE sessions SET last_seen_at = last_seen_at - 1000 WHERE ended_at IS NULL");
  await page.clock.fastForward("02:10");
  await page.waitForURL(/\/sign-in$/, { timeout: 15_000 });
  await s.checkPage(page, "the sign-in page after the time ran out on a form");
  assert.match(await page.getByRole("region", { name: "Important" }).innerText(), /What you typed is kept until/);
  assert.equal(courseCount(), courses, "the form was kept, not sent");

  await page.getByLabel("Email address", { exact: true }).fill(demoEmail("partnership"));
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await s.navigateBy(page, page.getByRole("button", { name: "Sign in", exact: true }));
  assert.match(page.url(), /\/training\/courses$/, "back to the form, not the dashboard");
  await s.checkPage(page, "the form kept by the page's script, filled in again");
  assert.match(await page.getByRole("region", { name: "Important" }).innerText(), /this form was not sent/);
  assert.equal(await page.getByLabel("Title").inputValue(), "Typed when the time ran out");
  assert.equal(await page.getByLabel("Description", { exact: true }).inputValue(), "Typed with the page's script on.");
  assert.equal(courseCount(), courses, "shown again, not sent");
});

s.test("with JavaScript, a session another tab has used since is not ended, and the form is neither sent nor kept", { timeout: 90_000 }, async () => {
  const { context, page } = await typingACourse("Typed while another tab is in use");
  const courses = courseCount();

  // another tab of the same browser uses the session after this page loaded, so it has not ended
  const other = await context.newPage();
  await other.goto(s.url("/training/courses"), { waitUntil: "load" });
  await other.close();
  await timeRunsOutWhileTheSessionLasts(page);

  await s.settled(page);
  assert.match(page.url(), /\/training\/courses\/new$/, "still on the form");
  assert.equal(await page.getByLabel("Title").inputValue(), "Typed while another tab is in use");
  assert.equal(courseCount(), courses, "nothing was sent");
  assert.equal(sqlRows(s.haven.dbPath, "SELECT count(*) AS n FROM kept_forms")[0].n, 0, "nothing was kept");
  await s.checkPage(page, "the form after the server said the session goes on");
});

/** Runs the page's clock past the session's end while the server's session lasts: the page asks, and is told it goes on. */
async function timeRunsOutWhileTheSessionLasts(page) {
  const asked = page.waitForResponse((r) => new URL(r.url()).pathname === "/session/keep", { timeout: 15_000 });
  await page.clock.fastForward("02:10");
  const answer = await asked;
  assert.equal(answer.status(), 200);
  assert.ok((await answer.json()).session_ends_in > 60, "the session's real time left");
}

s.test("with JavaScript and nothing typed, the page goes to sign-in once the session has ended, and keeps nothing", { timeout: 60_000 }, async () => {
  const { page } = await signedInWithAClock("/training/courses/new");
  sqlRows(s.haven.dbPath, "UPDATE sessions SET last_seen_at = last_seen_at - 1000 WHERE ended_at IS NULL");
  await page.clock.fastForward("02:10");
  await page.waitForURL(/\/sign-in$/, { timeout: 15_000 });
  assert.equal(sqlRows(s.haven.dbPath, "SELECT count(*) AS n FROM kept_forms")[0].n, 0);
  await s.checkPage(page, "the sign-in page after the time ran out on a page with nothing typed");
});

s.test("with JavaScript and nothing typed, a page at an address that only takes a form stays while the session lasts", { timeout: 60_000 }, async () => {
  const { page } = await signedInWithAClock("/training/courses/1/sessions/new");
  // sent with nothing in it: the form is shown again, with its errors, at the address it was sent to
  await s.navigateBy(page, page.getByRole("button", { name: "Add the session" }));
  assert.match(page.url(), /\/training\/courses\/1\/sessions$/);
  await timeRunsOutWhileTheSessionLasts(page);
  await s.settled(page);
  assert.match(page.url(), /\/training\/courses\/1\/sessions$/, "still on the page, not sent to sign in");
  assert.equal(await page.getByRole("dialog").isVisible(), false, "the warning closed: the session goes on");
  await s.checkPage(page, "a form shown again after the server said the session goes on");
});

s.test("two tabs whose time runs out together: the browser is left with the form kept last, and gets it back", { timeout: 90_000 }, async () => {
  const { context, page: first } = await typingACourse("Typed in the first tab");
  const second = await context.newPage();
  await second.clock.install();
  await second.goto(s.url("/reviews/new"), { waitUntil: "load" });
  await second.getByLabel("The child's pseudonym").fill("Child typed in the second tab");
  const courses = courseCount();

  sqlRows(s.haven.dbPath, "UPDATE sessions SET last_seen_at = last_seen_at - 1000 WHERE ended_at IS NULL");
  await Promise.all([first.clock.fastForward("02:10"), second.clock.fastForward("02:10")]);
  await Promise.all([first.waitForURL(/\/sign-in$/, { timeout: 15_000 }), second.waitForURL(/\/sign-in$/, { timeout: 15_000 })]);
  assert.equal(courseCount(), courses, "nothing was sent");

  // one form is kept for the session, and the browser's cookie opens it
  const kept = sqlRows(s.haven.dbPath, "SELECT path FROM kept_forms");
  assert.equal(kept.length, 1, "one form kept for the session");
  await second.close();
  await first.getByLabel("Email address", { exact: true }).fill(demoEmail("partnership"));
  await first.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await s.navigateBy(first, first.getByRole("button", { name: "Sign in", exact: true }));
  assert.equal(new URL(first.url()).pathname, kept[0].path, "back to the form kept last, not the dashboard");
  await s.checkPage(first, "the form kept last, filled in again");
  assert.match(await first.getByRole("region", { name: "Important" }).innerText(), /this form was not sent/);
});
