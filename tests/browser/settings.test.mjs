// Schools, colleges and early years settings in a real browser: a Key Adult
// (the demo DSL of Brookfield Primary) finds their school in the directory
// by local authority and name, opens its page (register details, Key Adults,
// school-day start), changes the start time with the hour and minute boxes,
// first wrongly (the GOV.UK error summary, focused, naming each box) and then
// rightly; a practitioner sees the same page without a way to change it; and
// the form works without JavaScript. Every page state is checked with axe.
//
// Run: node --test tests/browser/settings.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import {
  assertHavenTitle,
  assertNoAxeViolations,
  assertOneVisibleH1,
  assertQuietConsole,
  assertVisible,
  browserSuite,
  nextNavigation,
  settle,
  WAIT,
  waitForFrontendJs,
  assertErrorsTiedToFields,
} from "./browser.mjs";

const s = browserSuite();

const PASSWORD = "demo-password-for-haven";
const DSL = "dsl@demo.haven.example";
const PRACTITIONER = "practitioner@demo.haven.example";

const logs = new WeakMap();

async function newPage(options) {
  const p = await s.newPage(options);
  logs.set(p.page, p.log);
  return p;
}

async function settled(page) {
  if (logs.has(page)) await settle(page, logs.get(page));
}

async function visit(page, path) {
  await settled(page);
  return page.goto(s.url(path), { waitUntil: "load" });
}

async function navigateBy(page, locator) {
  await settled(page);
  const done = nextNavigation(page);
  await locator.click();
  const res = await done;
  await page.waitForURL(res.url(), { waitUntil: "load" });
  return res;
}

async function signedIn(email, options = {}) {
  const p = await newPage(options);
  const { page } = p;
  await visit(page, "/sign-in");
  await page.getByLabel("Email address", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  const res = await navigateBy(page, page.getByRole("button", { name: "Sign in", exact: true }));
  assert.equal(res.status(), 200, `signing in as ${email}`);
  assert.equal(page.url(), s.url("/dashboard"));
  return p;
}

/** The setting page's summary list as { key: value }. */
function summaryRows(page) {
  return page.locator("main dl.govuk-summary-list").evaluate((dl) =>
    Object.fromEntries(
      [...dl.querySelectorAll(".govuk-summary-list__row")].map((r) => [
        r.querySelector("dt").textContent.trim(),
        r.querySelector("dd").textContent.replace(/\s+/g, " ").trim(),
      ]),
    ),
  );
}

/**
 * axe on a page opened with JavaScript disabled (axe itself needs it): the
 * same HTML served again to a page with JavaScript but without
 * /assets/haven.js, as accounts.test.mjs does.
 */
async function assertNoAxeViolationsWithoutJs(page, what) {
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
  assert.equal(await replay.evaluate(() => document.body.classList.contains("govuk-frontend-supported")), false);
  await assertNoAxeViolations(replay, `${what} (without JavaScript)`);
  await replay.close();
}

s.test("a Key Adult finds their school, and changes when its day starts", async () => {
  const { page, log } = await signedIn(DSL);
  await waitForFrontendJs(page);

  // the directory, filtered by area and part of the name
  let res = await visit(page, "/settings");
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "Schools, colleges and early years settings – Haven");
  await assertOneVisibleH1(page);
  const everyone = await page.locator("main table tbody tr").count();
  assert.equal(everyone, 8, "the demo's eight settings");
  await assertNoAxeViolations(page, "the settings directory");
  await page.getByLabel("Local authority area").selectOption({ label: "Blackburn with Darwen" });
  await page.getByLabel("Name contains").fill("brook");
  res = await navigateBy(page, page.getByRole("button", { name: "Show settings" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).search, "?area=blackburn-with-darwen&name=brook");
  const rows = await page.locator("main table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent.replace(/\s+/g, " ").trim())),
  );
  assert.deepEqual(rows, [["Brookfield Primary School (fictional)", "990001", "Community school", "4 to 11", "Blackburn with Darwen", "08:45"]]);
  assert.equal(await page.getByLabel("Name contains").inputValue(), "brook", "the search is kept");
  await assertNoAxeViolations(page, "the settings directory, filtered");

  // the setting's page
  res = await navigateBy(page, page.getByRole("link", { name: "Brookfield Primary School (fictional)" }));
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "Brookfield Primary School (fictional) – Haven");
  const summary = await summaryRows(page);
  assert.equal(summary["URN"], "990001");
  assert.equal(summary["Type of establishment"], "Community school");
  assert.equal(summary["Phase"], "Primary");
  assert.equal(summary["Age range"], "4 to 11");
  assert.equal(summary["Postcode"], "ZZ99 1BF");
  assert.equal(summary["Local authority"], "Blackburn with Darwen (889)");
  assert.equal(summary["School day starts"], "08:45");
  assert.match(await page.locator("main").innerText(), /Key Adults\s+.*\s+Dee Safeguarding-Lead \(dsl@demo\.haven\.example\)/);
  await assertNoAxeViolations(page, "a setting's page");

  // the form: wrong, then right
  res = await navigateBy(page, page.getByRole("link", { name: "Change when the school day starts" }));
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "When does the school day start? – Haven");
  assert.equal(await page.getByLabel("Hour").inputValue(), "08");
  assert.equal(await page.getByLabel("Minute").inputValue(), "45");
  await assertNoAxeViolations(page, "the school-day start form");
  await page.getByLabel("Hour").fill("25");
  await page.getByLabel("Minute").fill("50");
  res = await navigateBy(page, page.getByRole("button", { name: "Save the start time" }));
  assert.equal(res.status(), 422);
  assert.equal(await page.title(), "Error: When does the school day start? – Haven");
  const errorSummary = page.locator(".govuk-error-summary");
  await assertVisible(errorSummary, "the error summary");
  await page
    .waitForFunction(() => document.activeElement?.closest(".govuk-error-summary") != null, null, { timeout: WAIT })
    .catch(() => assert.fail("the error summary did not receive focus"));
  assert.match(await errorSummary.innerText(), /The hour the school day starts must be a number from 0 to 23/);
  assert.equal(await errorSummary.locator("a").first().getAttribute("href"), "#hour");
  assert.match(await page.locator("#hour-error").innerText(), /must be a number from 0 to 23/);
  assert.equal(await page.getByLabel("Hour").inputValue(), "25", "what was typed is kept");
  await assertNoAxeViolations(page, "the school-day start form with an error");
  await assertErrorsTiedToFields(page, "the school-day start form with an error");
  // the summary's link takes the person to the box
  await errorSummary.getByRole("link").first().click();
  await page.waitForFunction(() => document.activeElement?.id === "hour", null, { timeout: WAIT });

  await page.getByLabel("Hour").fill("08");
  res = await navigateBy(page, page.getByRole("button", { name: "Save the start time" }));
  assert.equal(res.status(), 200);
  assert.equal((await res.request().redirectedFrom()?.response())?.status(), 303, "post/redirect/get");
  assert.match(page.url(), /\/settings\/\d+$/);
  assert.equal((await summaryRows(page))["School day starts"], "08:50");
  await assertNoAxeViolations(page, "a setting's page after the change");
  assertQuietConsole({ consoleErrors: log.consoleErrors.filter((e) => !/status of 422/.test(e.text)), pageErrors: log.pageErrors });

  // back to the directory by the back link
  res = await navigateBy(page, page.getByRole("link", { name: "Back to schools, colleges and early years settings" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/settings");
});

s.test("a practitioner reads a setting but cannot change it", async () => {
  const { page } = await signedIn(PRACTITIONER);
  await visit(page, "/settings?name=larkhill");
  await navigateBy(page, page.getByRole("link", { name: "Larkhill Academy (fictional)" }));
  assert.equal((await summaryRows(page))["School day starts"], "08:40");
  assert.equal(await page.getByRole("link", { name: /Change/ }).count(), 0, "no Change link");
  assert.match(await page.locator("main").innerText(), /Lee Larkhill-Lead/);
  await assertNoAxeViolations(page, "a setting's page for a practitioner");
});

s.test("without JavaScript the directory and the form still work", async () => {
  const { page } = await signedIn(DSL, { javaScriptEnabled: false });
  await visit(page, "/settings?name=brookfield");
  await navigateBy(page, page.getByRole("link", { name: "Brookfield Primary School (fictional)" }));
  await navigateBy(page, page.getByRole("link", { name: "Change when the school day starts" }));
  await assertNoAxeViolationsWithoutJs(page, "the school-day start form");
  await page.getByLabel("Minute").fill("");
  let res = await navigateBy(page, page.getByRole("button", { name: "Save the start time" }));
  assert.equal(res.status(), 422);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /Enter the minute the school day starts/);
  await assertNoAxeViolationsWithoutJs(page, "the school-day start form with an error");
  await assertErrorsTiedToFields(page, "the school-day start form with an error, without JavaScript");
  await page.getByLabel("Hour").fill("9");
  await page.getByLabel("Minute").fill("0");
  res = await navigateBy(page, page.getByRole("button", { name: "Save the start time" }));
  assert.equal(res.status(), 200);
  assert.equal((await summaryRows(page))["School day starts"], "09:00");
  await assertNoAxeViolationsWithoutJs(page, "a setting's page");
});

s.test("stop the server", async () => {
  await s.closeBrowser();
  assert.equal(await s.haven.stop(), 0);
  s.haven = null;
});
