// What every page shares (issue 16, part A), in a real browser with axe on
// each page state: everything on a page is inside a landmark (axe's
// "region" rule, beyond the WCAG tags every page is checked with), review
// themes in use are not shown "Retired", and the error summary lists the
// errors in the order the form asks its questions, each linked to its field.
//
// Run: HAVEN_BIN=build/haven node --test tests/browser/shared-pages.test.mjs

import assert from "node:assert/strict";

import { AxeBuilder } from "@axe-core/playwright";

import { browserSuite, formatViolations } from "./browser.mjs";

const s = browserSuite();

/** No content outside a landmark (the phase banner and "signed in as" line were). */
async function assertAllInLandmarks(page, what) {
  const result = await new AxeBuilder({ page }).withRules(["region"]).analyze();
  assert.equal(result.violations.length, 0, `content outside landmarks on ${what}:\n${formatViolations(result.violations)}`);
}

s.test("the phase banner and who is signed in are inside the header landmark", async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "dsl");
  await s.checkPage(page, "the dashboard");
  await assertAllInLandmarks(page, "the dashboard");
  const banner = page.getByRole("banner");
  assert.match(await banner.innerText(), /Signed in as .+, Brookfield Primary School/);
  assert.equal(await banner.locator(".govuk-phase-banner").count(), 1);
});

s.test("themes in use say so; the error summary follows the form's order", { timeout: 60_000 }, async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "partnership");
  await s.visit(page, "/reviews/themes");
  await s.checkPage(page, "the review themes");
  const tags = await page.locator("main tbody strong.govuk-tag").allInnerTexts();
  assert.ok(tags.length > 1);
  assert.deepEqual([...new Set(tags)], ["In use"], "no demo theme is retired");

  await s.visit(page, "/training/courses/new");
  await s.navigateBy(page, page.getByRole("button", { name: "Add the course" }));
  await s.checkPage(page, "the course form with its errors");
  const linked = await page.locator(".govuk-error-summary__list a").evaluateAll((as) => as.map((a) => a.hash.slice(1)));
  const fields = await page.locator("main form").first().locator("input[id], textarea[id], select[id]").evaluateAll((els) => els.map((e) => e.id));
  const positions = linked.map((id) => fields.indexOf(id)).filter((i) => i >= 0);
  assert.ok(positions.length >= 2, `errors linked to fields: ${linked.join(", ")}`);
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b), `summary ${linked.join(", ")} follows the form`);
});

s.test("a change is followed by one success banner, announced, and gone on the next page", { timeout: 60_000 }, async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "partnership");
  await s.visit(page, "/reviews/themes");
  await s.navigateBy(page, page.getByRole("button", { name: /^Retire/ }).first());
  await s.checkPage(page, "the themes after retiring one");
  const banner = page.getByRole("alert");
  assert.match(await banner.innerText(), /Success\s+The theme was retired/);
  assert.equal(await page.locator(".govuk-notification-banner--success").count(), 1);
  assert.deepEqual(await page.locator("main tbody strong.govuk-tag").filter({ hasText: "Retired" }).count(), 1);
  await s.visit(page, "/reviews/themes");
  assert.equal(await page.locator(".govuk-notification-banner--success").count(), 0, "shown once");
});

s.test("the dashboard says what is waiting; the header marks where you are and leads home", { timeout: 60_000 }, async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "dsl");
  await s.checkPage(page, "the dashboard with work by kind");
  const table = page.getByRole("table", { name: "What is waiting, by what is to be done" });
  assert.ok((await table.locator("tbody tr").count()) > 0);
  const nav = page.getByRole("navigation", { name: "Menu" });
  assert.equal(await nav.getByRole("link", { name: "Your dashboard" }).getAttribute("aria-current"), "page");
  assert.equal(await nav.getByRole("link", { name: "Your work" }).getAttribute("aria-current"), null);

  await s.navigateBy(page, nav.getByRole("link", { name: "Your work" }));
  await s.checkPage(page, "the task list, marked current");
  assert.equal(await nav.getByRole("link", { name: "Your work" }).getAttribute("aria-current"), "page");
  await s.navigateBy(page, page.getByRole("banner").getByRole("link", { name: "Safeguarding partnership" }));
  assert.match(page.url(), /\/dashboard$/, "the service name leads a signed-in person to their dashboard");
});
