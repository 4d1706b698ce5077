// The partnership's priorities in a real browser: the partnership team
// follows the dashboard's link, adds a priority (first without a name, so
// the GOV.UK error summary shows and what was typed is kept), renames it and
// retires it; a school's DSL reads the list without the forms, and follows a
// priority's page to its action plan. Every page
// state is checked with axe.
//
// Run: node --test tests/browser/priorities.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import {
  assertErrorsTiedToFields,
  assertFocusedErrorSummary,
  browserSuite,
  dateValue,
  fillDate,
  mainText,
} from "./browser.mjs";

const s = browserSuite();

s.test("the partnership team adds a priority, fixing a mistake first, then renames and retires it", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn({ email: "partnership@demo.haven.example" });
  await s.visit(page, "/dashboard");
  let res = await s.navigateBy(page, page.getByRole("link", { name: "The partnership's priorities" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the priorities", { title: "The partnership's priorities" });
  res = await s.navigateBy(page, page.getByRole("link", { name: "Add a priority" }));
  await s.checkPage(page, "the new priority form", { title: "Add a priority" });

  await page.getByLabel("Description (optional)").fill("Fictional: children's return to school after the lockdowns.");
  await fillDate(page, "From (optional)", "2020-04-01");
  // the end's month left out: only its month box is marked, and the summary links to it
  const to = page.getByRole("group", { name: "To (optional)", exact: true });
  await to.getByLabel("Day", { exact: true }).fill("31");
  await to.getByLabel("Year", { exact: true }).fill("2023");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the priority" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the new priority form with errors", { title: "Error: Add a priority" });
  await assertErrorsTiedToFields(page, "the missing name and the end's month");
  const summary = page.locator(".govuk-error-summary");
  assert.equal(
    await summary.getByRole("link", { name: "The end of the priority's period must include a month" }).getAttribute("href"),
    "#to-month",
  );
  assert.match(await to.getByLabel("Month", { exact: true }).getAttribute("class"), /govuk-input--error/);
  assert.doesNotMatch(await to.getByLabel("Day", { exact: true }).getAttribute("class"), /govuk-input--error/);
  assert.match(await page.getByLabel("Description (optional)").inputValue(), /return to school/, "what was typed is kept");
  assert.equal(await dateValue(page, "From (optional)"), "2020-04-01", "the start typed is kept in its boxes");

  await to.getByLabel("Month", { exact: true }).fill("3");

  await page.getByLabel("Name").fill("Covid recovery");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the priority" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/priorities\/\d+$/);
  await s.checkPage(page, "the priority as added", { title: "Priority: Covid recovery" });
  assert.match(await mainText(page), /1 April 2020/);
  assert.match(await mainText(page), /31 March 2023/);
  assert.equal(await dateValue(page, "From (optional)"), "2020-04-01", "the change form shows the stored start");
  assert.equal(await dateValue(page, "To (optional)"), "2023-03-31");

  await page.getByLabel("Name").fill("Recovery after Covid");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the changes" }));
  assert.equal(res.status(), 200);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Retire it" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the retired priority", { title: "Priority: Recovery after Covid" });
  const text = await mainText(page);
  assert.match(text, /Recovery after Covid/);
  assert.match(text, /Retired/);
});

s.test("a school's DSL reads the priorities, with no forms", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn({ email: "dsl@demo.haven.example" });
  let res = await s.visit(page, "/priorities");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the priorities as a DSL sees them", { title: "The partnership's priorities" });
  assert.equal(await page.getByRole("link", { name: "Add a priority" }).count(), 0);
  res = await s.navigateBy(page, page.getByRole("link", { name: "Neglect" }));
  await s.checkPage(page, "a priority as a DSL sees it", { title: "Priority: Neglect" });
  assert.equal(await page.getByRole("button", { name: "Save the changes" }).count(), 0);
  // its strategies and action plans, each a link to the plan (the demo's board plan for neglect)
  await page.getByRole("heading", { name: "Strategies and action plans", level: 2 }).waitFor();
  const plans = page.getByRole("list", { name: "The priority's strategies and action plans" }).getByRole("link");
  assert.equal(await plans.count(), 1);
  assert.match(await plans.first().innerText(), /^The board: \d+ \w+ \d{4} to \d+ \w+ \d{4}$/);
  res = await s.navigateBy(page, plans.first());
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/plans\/\d+$/);
});
