// Operation Encompass in a real browser: the Key Adult at Brookfield Primary
// (dsl@) signs in, sees the inbox (new and overdue first, status in words),
// opens a new notification, acknowledges it, tries "no action" without a
// reason (the GOV.UK error summary), then records what the setting did; a
// minimal-form notification; the police's escalations list; the
// partnership's figures and settings. Every page state visited is checked
// with axe, and the inbox and a form also without JavaScript.
//
// The demo notifications (src/areas/encompass/demo.sql) are dated from when
// the demo is made: Morgan Madeup's is new, Casey Specimen's overdue and in
// the minimal form, Sam Sample's at Seafront escalated.
//
// Tests have longer timeouts than the suite's default: each runs axe on many pages.
//
// Run: node --test tests/browser/encompass.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import {
  assertFocusedErrorSummary,
  assertHavenTitle,
  assertNoAxeViolations,
  assertOneVisibleH1,
  browserSuite,
  nextNavigation,
  settle,
  waitForFrontendJs,
  assertErrorsTiedToFields,
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
  await assertErrorsTiedToFields(page, what, { expectErrors: false });
}

/**
 * axe on a page opened with JavaScript disabled (axe itself needs it): the
 * same HTML served again to a page with JavaScript but without
 * /assets/haven.js, as tests/browser/reviews.test.mjs does.
 */
async function checkedWithoutJs(page, what) {
  await assertOneVisibleH1(page);
  await assertHavenTitle(page);
  const html = await page.content();
  const url = page.url();
  const { page: replay } = await s.newPage();
  await replay.route("**/assets/haven.js", (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript", body: "" }),
  );
  await replay.route(url, (route) =>
    route.request().isNavigationRequest()
      ? route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html })
      : route.continue(),
  );
  await replay.goto(url, { waitUntil: "load" });
  assert.equal(
    await replay.evaluate(() => document.body.classList.contains("govuk-frontend-supported")),
    false,
    "the replayed page ran haven.js",
  );
  await assertNoAxeViolations(replay, `${what} (without JavaScript)`);
  await replay.close();
}

async function signedIn(email, options = {}) {
  const p = await s.newPage(options);
  logs.set(p.page, p.log);
  const { page } = p;
  await visit(page, "/sign-in");
  await page.getByLabel("Email address", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await navigateBy(page, page.getByRole("button", { name: "Sign in", exact: true }));
  assert.equal(page.url(), s.url("/dashboard"), `${email} signed in`);
  return page;
}

/** The inbox rows: { child, status }. */
function inboxRows(page) {
  return page.locator("main table tbody tr").evaluateAll((rows) =>
    rows.map((tr) => ({
      child: tr.querySelector("td a")?.textContent.trim(),
      status: tr.querySelector(".govuk-tag")?.textContent.trim(),
    })),
  );
}

/** The summary lists' rows on a notification page, as { key: value }. */
function summary(page) {
  return page.locator("main dl.govuk-summary-list").evaluateAll((lists) =>
    Object.fromEntries(
      lists.flatMap((dl) =>
        [...dl.querySelectorAll(".govuk-summary-list__row")].map((r) => [
          r.querySelector("dt").textContent.trim(),
          r.querySelector("dd").textContent.replace(/\s+/g, " ").trim(),
        ]),
      ),
    ),
  );
}

s.test("a Key Adult sees the inbox, opens a notification, acknowledges it and records what the setting did", { timeout: 120_000 }, async () => {
  const page = await signedIn("dsl@demo.haven.example");

  let res = await visit(page, "/encompass");
  assert.equal(res.status(), 200);
  await checked(page, "the Key Adult's inbox");
  assert.equal(await page.locator("h1").innerText(), "Operation Encompass notifications");
  const rows = await inboxRows(page);
  assert.deepEqual(
    rows.map((r) => r.status),
    ["Overdue", "New", "Action recorded", "Action recorded"],
    "new and overdue first, each status in words",
  );
  assert.deepEqual(rows.slice(0, 2).map((r) => r.child), ["Casey Specimen", "Morgan Madeup"]);
  assert.ok(!rows.some((r) => r.child === "Robin Placeholder"), "Larkhill's children are not in Brookfield's inbox");
  assert.match(await page.locator(".govuk-warning-text").innerText(), /1 overdue/);

  // open the new one: the full statutory content
  await navigateBy(page, page.getByRole("link", { name: "Morgan Madeup" }));
  assert.match(page.url(), /\/encompass\/notifications\/\d+$/);
  await checked(page, "a new notification");
  let rowsShown = await summary(page);
  assert.equal(rowsShown.Name, "Morgan Madeup");
  assert.equal(rowsShown["Date of birth"], "14 February 2017");
  assert.equal(rowsShown["Police reference"], "DEMO-ENC-0002");
  assert.match(rowsShown.Location, /22 Sample Street/);
  assert.match(rowsShown["Present at the incident"], /^Yes: Upstairs in bed/);
  assert.equal(rowsShown["Spoken to by police"], "No");
  assert.equal(rowsShown.Acknowledged, "Not yet");
  assert.equal(await page.getByRole("button", { name: "Record what the setting did" }).count(), 0, "no action before acknowledging");

  // acknowledge
  res = await navigateBy(page, page.getByRole("button", { name: "Acknowledge" }));
  assert.equal(res.status(), 200);
  assert.equal((await res.request().redirectedFrom()?.response())?.status(), 303, "post/redirect/get");
  await checked(page, "an acknowledged notification");
  rowsShown = await summary(page);
  assert.match(rowsShown.Acknowledged, /at \d{1,2}:\d{2}[ap]m by Dee Safeguarding-Lead$/);
  assert.equal(await page.locator("main .govuk-tag").first().innerText(), "Acknowledged");
  assert.equal(await page.getByRole("button", { name: "Acknowledge", exact: true }).count(), 0, "acknowledged once");

  // no action without a reason: the error summary, focused, naming the field
  await page.getByLabel("No action (give the reason)").check();
  res = await navigateBy(page, page.getByRole("button", { name: "Record what the setting did" }));
  assert.equal(res.status(), 422);
  const errors = await assertFocusedErrorSummary(page);
  assert.match(await errors.innerText(), /Enter the reason the setting is taking no action/);
  assert.equal(await errors.locator("a").first().getAttribute("href"), "#detail");
  assert.ok(await page.getByLabel("No action (give the reason)").isChecked(), "the choice is kept");
  assert.match(await page.title(), /^Error: /);
  await checked(page, "the action form with an error");

  // record support offered
  await page.getByLabel("Support offered").check();
  await page.getByLabel("Details").fill("Learning mentor check-in each morning this week.");
  res = await navigateBy(page, page.getByRole("button", { name: "Record what the setting did" }));
  assert.equal(res.status(), 200);
  await checked(page, "a notification with the action recorded");
  rowsShown = await summary(page);
  assert.match(rowsShown.Action, /^Support offered: Learning mentor check-in each morning this week\. \(.* by Dee Safeguarding-Lead\)$/);
  assert.equal(await page.locator("main .govuk-tag").first().innerText(), "Action recorded");
  assert.equal(await page.locator("main form").count(), 0, "nothing left to answer");

  await navigateBy(page, page.getByRole("link", { name: "Back to notifications" }));
  const after = await inboxRows(page);
  assert.deepEqual(after.find((r) => r.child === "Morgan Madeup"), { child: "Morgan Madeup", status: "Action recorded" });

  // the minimal form: only the name, date of birth, date and time, and presence
  await navigateBy(page, page.getByRole("link", { name: "Casey Specimen" }));
  await checked(page, "a minimal notification");
  rowsShown = await summary(page);
  assert.deepEqual(
    Object.keys(rowsShown).sort(),
    ["Acknowledged", "Action", "Date and time", "Date of birth", "Deadline", "Delivered", "Name", "Present at the incident"].sort(),
  );
  assert.doesNotMatch(await page.locator("main").innerText(), /Placeholder Close|DEMO-ENC-0003|happens a lot/);
  assert.match(await page.locator("main").innerText(), /deadline has passed/);
});

s.test("the inbox and the action form work and pass axe without JavaScript", { timeout: 90_000 }, async () => {
  const page = await signedIn("dsl2@demo.haven.example", { javaScriptEnabled: false });
  let res = await visit(page, "/encompass");
  assert.equal(res.status(), 200);
  await checkedWithoutJs(page, "dsl2's inbox");
  const rows = await inboxRows(page);
  assert.deepEqual(rows.map((r) => r.status), ["Acknowledged", "Action recorded"]);
  await navigateBy(page, page.getByRole("link", { name: "Robin Placeholder" }).first());
  await checkedWithoutJs(page, "an acknowledged notification");
  await page.getByLabel("Referral made").check();
  res = await navigateBy(page, page.getByRole("button", { name: "Record what the setting did" }));
  assert.equal(res.status(), 200);
  assert.match((await summary(page)).Action, /^Referral made/);
  await checkedWithoutJs(page, "a notification with its action recorded");
});

s.test("the police see late notifications; the partnership sees the figures and changes the settings", { timeout: 120_000 }, async () => {
  const police = await signedIn("police@demo.haven.example");
  let res = await visit(police, "/encompass/escalations");
  assert.equal(res.status(), 200);
  await checked(police, "the escalations list");
  assert.match(await police.locator("main table").innerText(), /DEMO-ENC-0004[\s\S]*Seafront Primary School[\s\S]*Not acknowledged/);
  await navigateBy(police, police.getByRole("link", { name: "DEMO-ENC-0004" }));
  await checked(police, "an escalated notification read by the police");
  assert.match(await police.locator("main").innerText(), /Escalated to the local authority and the police/);

  const partnership = await signedIn("partnership@demo.haven.example");
  res = await visit(partnership, "/encompass/figures");
  assert.equal(res.status(), 200);
  await checked(partnership, "the figures");
  assert.match(await partnership.locator("main").innerText(), /Blackburn with Darwen/);
  await partnership.getByLabel("Area").selectOption("blackpool");
  await navigateBy(partnership, partnership.getByRole("button", { name: "Show the figures" }));
  assert.match(partnership.url(), /la=blackpool/);
  await checked(partnership, "the figures for one area");
  await partnership.locator("main details summary").first().click();
  await checked(partnership, "the figures with the weeks open");

  res = await visit(partnership, "/encompass/settings");
  assert.equal(res.status(), 200);
  await checked(partnership, "the domestic abuse settings");
  await partnership.getByLabel("Escalate a notification").fill("a week");
  res = await navigateBy(partnership, partnership.getByRole("button", { name: "Save the settings" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(partnership);
  await checked(partnership, "the settings with an error");
  await partnership.getByLabel("Escalate a notification").fill("90");
  await partnership.getByLabel(/The minimal form/).check();
  res = await navigateBy(partnership, partnership.getByRole("button", { name: "Save the settings" }));
  assert.equal(res.status(), 200);
  await checked(partnership, "the settings saved");
  assert.match(await partnership.locator(".govuk-notification-banner").innerText(), /The settings were saved/);
  assert.equal(await partnership.getByLabel("Escalate a notification").inputValue(), "90");
  assert.ok(await partnership.getByLabel(/The minimal form/).isChecked());

  await s.closeBrowser();
  assert.equal(await s.haven.stop(), 0);
});
