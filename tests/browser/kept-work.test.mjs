// The session's end, in a real browser with axe on each page state (issue
// 16, point 1). With JavaScript, the GOV.UK timeout warning opens two
// minutes before the session ends and "Stay signed in" keeps it going.
// Without JavaScript, the header says when the session ends, and a form
// sent after it has ended is kept: the sign-in page says so, and signing in
// again returns to the form with what was typed, which can then be sent.
//
// The server signs people out after 125 seconds unused, so the warning
// opens 5 seconds after a page loads; a session is ended by dating its last
// use back in the database.
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
