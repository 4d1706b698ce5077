// The last two corners of finding work in long lists (issue #16 point 8) in
// a real browser: an administrator searches the accounts by a part of a
// name, narrows the results by role, and is told when a search has no
// words; an agency administrator searches their own agency's people; the
// partnership narrows the serious incident reviews to the cases with an
// overdue milestone. The search is a posted form, so the words never reach
// the address bar. Each page state is checked with axe-core.
//
// Run: node --test tests/browser/list-search.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { assertErrorsTiedToFields, browserSuite, mainText } from "./browser.mjs";

const s = browserSuite();

/** The suite's checks, and any errors on the page tied to their fields. */
async function checkPage(page, what, { expectErrors = false, ...options } = {}) {
  await s.checkPage(page, what, options);
  await assertErrorsTiedToFields(page, what, { expectErrors });
}

s.test("an administrator searches the accounts by name, then narrows the results by role", { timeout: 120_000 }, async () => {
  const { page } = await s.signedIn("admin");
  assert.equal((await s.visit(page, "/admin/users")).status(), 200);
  await page.getByLabel("Search by name or email address").fill("pAt");
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Search", exact: true }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/admin\/users\/search$/, "the words are not in the address");
  await checkPage(page, "the accounts found by a search");
  let names = await page.locator("main table tbody tr td:nth-child(1)").allInnerTexts();
  assert.ok(names.includes("Pat Police"), `Pat Police is found: ${names}`);
  const rows = await page.locator("main table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => `${tr.cells[0].innerText} ${tr.cells[1].innerText}`));
  assert.ok(rows.every((r) => /pat/i.test(r)), `each account found holds the words: ${rows}`);
  assert.equal(await page.getByLabel("Search by name or email address").inputValue(), "pAt", "the words are shown again");

  // the filter form on the results keeps the search
  await page.locator("select#role").selectOption("police");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Find accounts" }));
  assert.equal(res.status(), 200);
  assert.doesNotMatch(page.url(), /pat/i);
  await checkPage(page, "the accounts found by a search and a role");
  names = await page.locator("main table tbody tr td:nth-child(1)").allInnerTexts();
  assert.deepEqual(names, ["Pat Police"]);

  // a search with no words
  await page.getByLabel("Search by name or email address").fill("");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Search", exact: true }));
  assert.equal(res.status(), 422);
  await checkPage(page, "a search of the accounts with no words", { title: "Error: User accounts", expectErrors: true });
  assert.match(await mainText(page), /Enter a name or email address to search for/);
});

s.test("an agency administrator searches their own agency's people, and is told when nobody matches", { timeout: 120_000 }, async () => {
  const { page } = await s.signedIn("agencyadmin");
  assert.equal((await s.visit(page, "/agency/users")).status(), 200);
  await page.getByLabel("Search by name or email address").fill("DSL@");
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Search", exact: true }));
  assert.equal(res.status(), 200);
  await checkPage(page, "an agency's people found by a search");
  const emails = await page.locator("main table tbody tr td:nth-child(2)").allInnerTexts();
  assert.deepEqual(emails, ["dsl@demo.haven.example"], "Brookfield's DSL, not Larkhill's (dsl2@)");

  await page.getByLabel("Search by name or email address").fill("Pat Police");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Search", exact: true }));
  assert.equal(res.status(), 200);
  await checkPage(page, "an agency's people: a search matching nobody");
  assert.match(await mainText(page), /Nobody matches this search/);
});

s.test("the partnership narrows the reviews to the cases with an overdue milestone", { timeout: 120_000 }, async () => {
  const { page } = await s.signedIn("partnership");
  assert.equal((await s.visit(page, "/reviews")).status(), 200);
  const every = await page.locator("main table tbody tr").count();
  await page.getByLabel("Only cases with an overdue milestone").check();
  const res = await s.navigateBy(page, page.getByRole("button", { name: "Find cases" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /overdue=yes/);
  await checkPage(page, "the reviews with an overdue milestone");
  const rows = page.locator("main table tbody tr");
  const shown = await rows.count();
  assert.ok(shown >= 1 && shown < every, `some cases, not all: ${shown} of ${every}`);
  const lastCells = await page.locator("main table tbody tr td:last-child").allInnerTexts();
  assert.ok(lastCells.every((t) => /Overdue/.test(t)), `each found case is overdue: ${lastCells}`);
  assert.ok(await page.getByLabel("Only cases with an overdue milestone").isChecked(), "the choice is shown again");
});
