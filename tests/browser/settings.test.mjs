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
  assertErrorsTiedToFields,
  assertFocusedErrorSummary,
  assertHavenTitle,
  assertNoAxeViolations,
  assertOneVisibleH1,
  assertQuietConsole,
  browserSuite,
  WAIT,
  waitForFrontendJs,
} from "./browser.mjs";

const s = browserSuite();

const DSL = "dsl@demo.haven.example";
const PRACTITIONER = "practitioner@demo.haven.example";

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

s.test("a Key Adult finds their school, and changes when its day starts", async () => {
  const { page, log } = await s.signedIn(DSL);
  await waitForFrontendJs(page);

  // the directory, filtered by area and part of the name
  let res = await s.visit(page, "/settings");
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "Schools, colleges and early years settings – Haven");
  await assertOneVisibleH1(page);
  const everyone = await page.locator("main table tbody tr").count();
  assert.equal(everyone, 8, "the demo's eight settings");
  await assertNoAxeViolations(page, "the settings directory");
  await page.getByLabel("Local authority area").selectOption({ label: "Blackburn with Darwen" });
  await page.getByLabel("Name contains").fill("brook");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show settings" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).search, "?area=blackburn-with-darwen&name=brook");
  const rows = await page.locator("main table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent.replace(/\s+/g, " ").trim())),
  );
  assert.deepEqual(rows, [["Brookfield Primary School (fictional)", "990001", "Community school", "4 to 11", "Blackburn with Darwen", "08:45"]]);
  assert.equal(await page.getByLabel("Name contains").inputValue(), "brook", "the search is kept");
  await assertNoAxeViolations(page, "the settings directory, filtered");

  // the setting's page
  res = await s.navigateBy(page, page.getByRole("link", { name: "Brookfield Primary School (fictional)" }));
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
  res = await s.navigateBy(page, page.getByRole("link", { name: "Change when the school day starts" }));
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "When does the school day start? – Haven");
  assert.equal(await page.getByLabel("Hour").inputValue(), "08");
  assert.equal(await page.getByLabel("Minute").inputValue(), "45");
  await assertNoAxeViolations(page, "the school-day start form");
  await page.getByLabel("Hour").fill("25");
  await page.getByLabel("Minute").fill("50");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the start time" }));
  assert.equal(res.status(), 422);
  assert.equal(await page.title(), "Error: When does the school day start? – Haven");
  const errorSummary = await assertFocusedErrorSummary(page);
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
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the start time" }));
  assert.equal(res.status(), 200);
  assert.equal((await res.request().redirectedFrom()?.response())?.status(), 303, "post/redirect/get");
  assert.match(page.url(), /\/settings\/\d+$/);
  assert.equal((await summaryRows(page))["School day starts"], "08:50");
  await assertNoAxeViolations(page, "a setting's page after the change");
  assertQuietConsole({ consoleErrors: log.consoleErrors.filter((e) => !/status of 422/.test(e.text)), pageErrors: log.pageErrors });

  // back to the directory by the back link
  res = await s.navigateBy(page, page.getByRole("link", { name: "Back to schools, colleges and early years settings" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/settings");
});

s.test("a practitioner reads a setting but cannot change it", async () => {
  const { page } = await s.signedIn(PRACTITIONER);
  await s.visit(page, "/settings?name=larkhill");
  await s.navigateBy(page, page.getByRole("link", { name: "Larkhill Academy (fictional)" }));
  assert.equal((await summaryRows(page))["School day starts"], "08:40");
  assert.equal(await page.getByRole("link", { name: /Change/ }).count(), 0, "no Change link");
  assert.match(await page.locator("main").innerText(), /Lee Larkhill-Lead/);
  await assertNoAxeViolations(page, "a setting's page for a practitioner");
});

s.test("without JavaScript the directory and the form still work", async () => {
  const { page } = await s.signedIn(DSL, { javaScriptEnabled: false });
  await s.visit(page, "/settings?name=brookfield");
  await s.navigateBy(page, page.getByRole("link", { name: "Brookfield Primary School (fictional)" }));
  await s.navigateBy(page, page.getByRole("link", { name: "Change when the school day starts" }));
  await s.assertNoAxeViolationsWithoutJs(page, "the school-day start form");
  await page.getByLabel("Minute").fill("");
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Save the start time" }));
  assert.equal(res.status(), 422);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /Enter the minute the school day starts/);
  await s.assertNoAxeViolationsWithoutJs(page, "the school-day start form with an error");
  await assertErrorsTiedToFields(page, "the school-day start form with an error, without JavaScript");
  await page.getByLabel("Hour").fill("9");
  await page.getByLabel("Minute").fill("0");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the start time" }));
  assert.equal(res.status(), 200);
  assert.equal((await summaryRows(page))["School day starts"], "09:00");
  await s.assertNoAxeViolationsWithoutJs(page, "a setting's page");
});

s.test("stop the server", async () => {
  await s.closeBrowser();
  assert.equal(await s.haven.stop(), 0);
  s.haven = null;
});
