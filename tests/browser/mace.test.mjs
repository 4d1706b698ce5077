// MACE meetings in a real browser: the police set up a level 1 meeting (first
// without a date, to see the error summary), record an agency's attendance and
// a decision with its action (first without the decision, then due before
// the meeting: the errors by their fields, the owner chosen kept), and open
// the demo's level 2 meeting; the school that owns the action marks it done.
// Every page state is checked with axe.
//
// Run: node --test tests/browser/mace.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, fillDate } from "./browser.mjs";

const s = browserSuite();

/** axe and the page's basics; each error shown (`errors`: at least one must be) is tied to its field. */
async function checkPage(page, what, { errors = false } = {}) {
  await s.checkPage(page, what);
  await assertErrorsTiedToFields(page, what, { expectErrors: errors });
}

s.test("the police run a MACE meeting: agenda, attendance, a decision and its action", { timeout: 120_000 }, async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "police");
  let res = await s.visit(page, "/mace/meetings");
  assert.equal(res.status(), 200);
  await checkPage(page, "the meetings");
  await page.getByLabel("Level 1: children at risk of exploitation").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Set up the meeting" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "the meeting form with an error", { errors: true });

  await fillDate(page, "Date of the meeting", "2026-12-10");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Set up the meeting" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/mace\/meetings\/\d+$/);
  await checkPage(page, "a new meeting with its agenda");

  await page.getByLabel("Agency", { exact: true }).selectOption({ label: "Brookfield Primary School (fictional)" });
  await page.getByLabel("Apologies").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record attendance" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("#attendance").innerText(), /Brookfield Primary School \(fictional\)\s+Apologies/);

  await page.getByLabel("Action", { exact: true }).fill("Agree a safety plan at school");
  await page.getByLabel("Owner agency").selectOption({ label: "Brookfield Primary School (fictional)" });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the decision" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "the decision form with errors", { errors: true });

  await page.locator("#decision").fill("Child to have a safety plan");
  await page.getByLabel("Action", { exact: true }).fill("Agree a safety plan at school");
  await page.getByLabel("Owner agency").selectOption({ label: "Brookfield Primary School (fictional)" });
  await fillDate(page, "Due date", "2026-12-01");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the decision" }));
  assert.equal(res.status(), 422);
  await checkPage(page, "the decision form due before the meeting", { errors: true });
  assert.equal(await page.getByLabel("Owner agency").locator("option:checked").innerText(),
    "Brookfield Primary School (fictional)", "the owner chosen is kept");

  await fillDate(page, "Due date", "2027-01-15");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the decision" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "a meeting with an action");
  assert.match(await page.locator("#actions").innerText(), /Agree a safety plan at school\s+Brookfield Primary School \(fictional\)\s+Friday 15 January 2027\s+Open/);
  const meeting = page.url();

  // the demo's level 2 meeting: places and persons with most links, attendance and an open action
  res = await s.visit(page, "/mace/meetings");
  res = await s.navigateBy(page, page.getByRole("link", { name: "26 November 2026" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "a level 2 meeting");
  assert.match(await page.locator("#agenda-most_linked").innerText(), /Riverside skate park \(demo\) \(place\): 2 children linked/);

  const school = await s.newPage();
  await s.signIn(school.page, "dsl");
  res = await s.visit(school.page, new URL(meeting).pathname);
  assert.equal(res.status(), 200);
  await checkPage(school.page, "the meeting as the school sees it");
  await school.page.getByLabel("Change the status").selectOption("done");
  res = await s.navigateBy(school.page, school.page.getByRole("button", { name: "Save the status" }));
  assert.equal(res.status(), 200);
  assert.match(await school.page.locator("#actions").innerText(), /Done/);
  await checkPage(school.page, "the action done");
});
