// The annual report in a real browser: the partnership reaches it from the
// dashboard, a bad year shows the GOV.UK error summary, another year shows
// its tables; and the standalone document `haven report annual` writes is
// opened as a file would be, with its own styles. Every state is checked
// with axe.
//
// Run: node --test tests/browser/annual-report.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { runHaven } from "../lib/haven.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, assertNoAxeViolations, browserSuite, mainText } from "./browser.mjs";

const s = browserSuite();

s.test("the partnership reads the annual report and chooses a year", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn({ email: "partnership@demo.haven.example" });
  let res = await s.visit(page, "/dashboard");
  res = await s.navigateBy(page, page.getByRole("link", { name: "The annual report" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the last year's report");
  await page.getByRole("table", { name: "Serious incidents and reviews" }).waitFor();

  await page.getByLabel("Reporting year").fill("2020-22");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show the report" }));
  assert.equal(res.status(), 400);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the report with a bad year", { title: "Error: Annual report" });
  await assertErrorsTiedToFields(page, "the year's error");

  await page.getByLabel("Reporting year").fill("2020-21");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show the report" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the 2020-21 report", { title: "Annual report 2020-21" });
  assert.match(await mainText(page), /From 1 April 2020 to 31 March 2021/);
});

s.test("the standalone report reads as a document of its own, with its styles", { timeout: 60_000 }, async () => {
  const r = runHaven(["report", "annual", "--db", s.haven.dbPath, "--year", "2020-21"]);
  assert.equal(r.status, 0, r.stderr);
  const { page } = await s.newPage();
  await page.setContent(r.stdout, { waitUntil: "load" });
  assert.equal(await page.title(), "Annual report 2020-21 – Haven");
  await page.getByRole("heading", { level: 1, name: "Annual report 2020-21" }).waitFor();
  await page.getByRole("table", { name: "Multi-agency training" }).waitFor();
  // GOV.UK Frontend's styles are inside it: a caption is styled as a heading
  const weight = await page.locator("caption").first().evaluate((c) => getComputedStyle(c).fontWeight);
  assert.equal(weight, "700");
  await assertNoAxeViolations(page, "the standalone annual report");
});
