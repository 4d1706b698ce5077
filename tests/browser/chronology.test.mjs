// A child's chronology in a real browser: a school's DSL opens it from the
// child's record, reads the events they may see and the line saying how many
// others there are and whom to ask, filters it by kind, gives a period that
// ends before it starts in the GOV.UK date inputs (the error summary, tied to the field) and
// prints it for a strategy meeting (the service's header, the filters and
// the back link are left off the printout). Every page state is checked with axe.
//
// Run: node --test tests/browser/chronology.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, dateValue, fillDate, mainText, waitForFrontendJs } from "./browser.mjs";

const s = browserSuite();
const DSL = { email: "dsl@demo.haven.example" };

s.test("a DSL reads a child's chronology, filters it, corrects a period and prints it", async () => {
  const { page } = await s.signedIn(DSL);
  // demo child 1 attends the DSL's school, which had an Encompass notification about her
  let res = await s.visit(page, "/children/1");
  assert.equal(res.status(), 200);
  res = await s.navigateBy(page, page.getByRole("link", { name: "See this child's chronology" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/children\/1\/chronology$/);
  await waitForFrontendJs(page);
  await s.checkPage(page, "the chronology");
  let text = await mainText(page);
  assert.match(text, /Operation Encompass notification to the school or setting/);
  assert.match(text, /Added to the children register/);
  assert.match(text, /\d+ events? in this child's chronology (is|are) held by records you cannot open/);
  assert.doesNotMatch(text, /Domestic abuse incident attended/, "the police's incident is not the school's to open");

  // only the notifications
  await page.getByLabel("Kind of event").selectOption({ label: "Operation Encompass" });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show these events" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /kind=encompass/);
  await s.checkPage(page, "the chronology filtered by kind");
  text = await mainText(page);
  assert.doesNotMatch(text, /Added to the children register/);
  assert.match(text, /Operation Encompass notification/);

  // a period that ends before it starts, in the GOV.UK date inputs
  await fillDate(page, "From", "2026-10-02");
  await fillDate(page, "To", "2026-10-01");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show these events" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the chronology with a period's error", { title: "Error: Chronology: Alex Example" });
  await assertErrorsTiedToFields(page, "the period's error");
  assert.equal(await dateValue(page, "From"), "2026-10-02", "what was typed is kept");
  assert.equal(await dateValue(page, "To"), "2026-10-01");

  // printed: the events, without the service's header, the filters or the back link
  await s.visit(page, "/children/1/chronology");
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".govuk-template__header").isVisible(), false, "no header on paper");
  assert.equal(await page.locator("form").first().isVisible(), false, "no filters on paper");
  assert.equal(await page.getByRole("link", { name: "Back to the child's record" }).isVisible(), false);
  assert.equal(await page.locator("table.haven-chronology").isVisible(), true, "the events are printed");
  await page.emulateMedia({ media: "screen" });
});
