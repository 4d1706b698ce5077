// The periods of the figures pages not covered by their own browser tests
// (Encompass, neglect, training's figures, e-learning and no-shows) and the
// audit search, asked for with the GOV.UK date input, in a real browser: a
// start with its year left out is refused with the error summary focused,
// only the year box marked and linked to, the page checked with axe; a
// period typed in the boxes is an address with the boxes in it.
//
// Run: node --test tests/browser/date-inputs.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, dateValue, fillDate } from "./browser.mjs";

const s = browserSuite();

const PAGES = [
  ["/encompass/figures", "Show the figures"],
  ["/neglect/figures", "Show the figures"],
  ["/training/summary", "Show"],
  ["/training/elearning", "Show"],
  ["/training/no-shows", "Show"],
];

s.test("each figures page names a start with no year, marking only its year box, and takes a period in boxes", { timeout: 180_000 }, async () => {
  const { page } = await s.signedIn({ email: "partnership@demo.haven.example" });
  for (const [path, button] of PAGES) {
    let res = await s.visit(page, path);
    assert.equal(res.status(), 200, path);
    const from = page.getByRole("group", { name: "From", exact: true });
    await from.getByLabel("Year", { exact: true }).fill("");
    res = await s.navigateBy(page, page.getByRole("button", { name: button, exact: true }));
    assert.equal(res.status(), 400, path);
    await assertFocusedErrorSummary(page);
    await s.checkPage(page, `${path} with a start that has no year`);
    const links = await assertErrorsTiedToFields(page, `${path} with a start that has no year`);
    assert.deepEqual(links.map((l) => [l.href, l.text]), [["#from-year", "The start of the period must include a year"]], path);
    assert.match(await from.getByLabel("Year", { exact: true }).getAttribute("class"), /govuk-input--error/, path);
    assert.doesNotMatch(await from.getByLabel("Day", { exact: true }).getAttribute("class"), /govuk-input--error/, path);

    await fillDate(page, "From", "2026-04-01");
    await fillDate(page, "To", "2026-09-30");
    res = await s.navigateBy(page, page.getByRole("button", { name: button, exact: true }));
    assert.equal(res.status(), 200, path);
    const asked = new URL(page.url()).searchParams;
    assert.deepEqual([asked.get("from-day"), asked.get("from-month"), asked.get("from-year")], ["1", "4", "2026"], path);
    assert.equal(await dateValue(page, "To"), "2026-09-30", path);
  }
});

s.test("the audit search names a month that is not real, marking only its box, and searches with dates in boxes", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn({ email: "partnership@demo.haven.example" });
  let res = await s.visit(page, "/audit");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the audit trail");
  const from = page.getByRole("group", { name: "From (UTC date)", exact: true });
  await from.getByLabel("Day", { exact: true }).fill("1");
  await from.getByLabel("Month", { exact: true }).fill("13");
  await from.getByLabel("Year", { exact: true }).fill("2026");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Search the audit trail" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the audit search with a month that is not real");
  const links = await assertErrorsTiedToFields(page, "the audit search with a month that is not real");
  assert.deepEqual(links.map((l) => [l.href, l.text]), [["#from-month", "The date to search from must be a real date"]]);
  assert.match(await from.getByLabel("Month", { exact: true }).getAttribute("class"), /govuk-input--error/);
  assert.doesNotMatch(await from.getByLabel("Year", { exact: true }).getAttribute("class"), /govuk-input--error/);

  await fillDate(page, "From (UTC date)", "2020-01-01");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Search the audit trail" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the audit search with dates in boxes");
  assert.equal(await dateValue(page, "From (UTC date)"), "2020-01-01", "the dates searched are kept in their boxes");
});
