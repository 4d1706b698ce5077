// Workforce development in a real browser: a practitioner finds a session in
// the training programme (filtering by priority area), books a place, sees it
// in their training, and cancels it. Every page state visited is checked with
// axe. The demo's sessions (src/areas/training/demo.sql) are dated from the
// day the demo is made, so they are always in the future.
//
// Run: node --test tests/browser/training.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import {
  assertHavenTitle,
  assertNoAxeViolations,
  assertOneVisibleH1,
  browserSuite,
  nextNavigation,
  settle,
  waitForFrontendJs,
} from "./browser.mjs";

const s = browserSuite();
const PASSWORD = "demo-password-for-haven";

const logs = new WeakMap();

async function visit(page, path) {
  if (logs.has(page)) await settle(page, logs.get(page));
  return page.goto(s.url(path), { waitUntil: "load" });
}

async function navigateBy(page, locator) {
  if (logs.has(page)) await settle(page, logs.get(page));
  const done = nextNavigation(page);
  await locator.click();
  const res = await done;
  await page.waitForURL(res.url(), { waitUntil: "load" });
  return res;
}

async function checked(page, what) {
  await waitForFrontendJs(page);
  await assertOneVisibleH1(page);
  await assertHavenTitle(page);
  await assertNoAxeViolations(page, what);
}

s.test("a practitioner finds, books and cancels a training session", async () => {
  const p = await s.newPage();
  logs.set(p.page, p.log);
  const { page } = p;

  await visit(page, "/sign-in");
  await page.getByLabel("Email address", { exact: true }).fill("practitioner@demo.haven.example");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await navigateBy(page, page.getByRole("button", { name: "Sign in", exact: true }));

  // find: the programme, filtered to domestic abuse
  let res = await visit(page, "/training");
  assert.equal(res.status(), 200);
  await checked(page, "the training programme");
  await page.getByLabel("Priority area").selectOption("domestic_abuse");
  res = await navigateBy(page, page.getByRole("button", { name: "Show sessions" }));
  assert.match(page.url(), /area=domestic_abuse/);
  await checked(page, "the programme filtered by priority area");
  const rows = page.locator("main table tbody tr");
  assert.equal(await rows.count(), 1, "one demo session on domestic abuse");
  await navigateBy(page, rows.first().locator("a").first());
  assert.match(page.url(), /\/training\/sessions\/\d+$/);
  await checked(page, "a session");
  assert.match(await page.locator("main").innerText(), /Domestic abuse and its impact on children/);

  // book
  res = await navigateBy(page, page.getByRole("button", { name: "Book a place" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/training\/sessions\/\d+$/);
  assert.match(await page.locator(".govuk-panel__title").innerText(), /You have a place/);
  await checked(page, "a session with a place booked");

  // see it in your training
  await navigateBy(page, page.getByRole("link", { name: "Back to training" }));
  await navigateBy(page, page.getByRole("link", { name: "Your training" }));
  await checked(page, "your training");
  assert.match(await page.locator("main table").innerText(), /Domestic abuse and its impact on children[\s\S]*Booked/);

  // cancel
  await navigateBy(page, page.locator("main table tbody tr a").first());
  res = await navigateBy(page, page.getByRole("button", { name: "Cancel your place" }));
  assert.equal(res.status(), 200);
  await checked(page, "a session after cancelling");
  await page.getByRole("button", { name: "Book a place" }).waitFor();
  await visit(page, "/training/bookings");
  await checked(page, "your training after cancelling");
  assert.match(await page.locator("main table").innerText(), /Cancelled/);
});

s.test("a practitioner reads a briefing; the partnership's library and e-learning pages pass axe", async () => {
  const p = await s.newPage();
  logs.set(p.page, p.log);
  const { page } = p;

  await visit(page, "/sign-in");
  await page.getByLabel("Email address", { exact: true }).fill("practitioner@demo.haven.example");
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await navigateBy(page, page.getByRole("button", { name: "Sign in", exact: true }));

  await visit(page, "/training");
  await navigateBy(page, page.getByRole("link", { name: "Briefings and resources" }));
  await checked(page, "the resource library");
  await page.getByLabel("Priority area").selectOption("neglect");
  await navigateBy(page, page.getByRole("button", { name: "Show resources" }));
  assert.match(page.url(), /area=neglect/);
  await checked(page, "the library filtered by priority area");
  await navigateBy(page, page.getByRole("link", { name: "Neglect in 7 minutes" }));
  assert.match(page.url(), /\/training\/resources\/\d+$/);
  await checked(page, "a briefing");
  assert.match(await page.locator("main").innerText(), /graded care profile/);
  assert.match(await page.locator("main").innerText(), /Read \d+ times/);

  const q = await s.newPage();
  logs.set(q.page, q.log);
  await visit(q.page, "/sign-in");
  await q.page.getByLabel("Email address", { exact: true }).fill("partnership@demo.haven.example");
  await q.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await navigateBy(q.page, q.page.getByRole("button", { name: "Sign in", exact: true }));
  for (const [path, what] of [
    ["/training/resources/new", "the form to add a resource"],
    ["/training/elearning", "e-learning completions"],
    ["/training/summary", "the training figures"],
    ["/training/approvals", "approvals waiting for this person (none)"],
  ]) {
    const res = await visit(q.page, path);
    assert.equal(res.status(), 200, path);
    await checked(q.page, what);
  }
});
