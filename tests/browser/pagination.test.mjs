// A paged list in a real browser: a designated safeguarding lead's list of
// their school's children, a page of 2 at a time (the demo has three;
// `limit` makes the pages short), with the GOV.UK pagination links: "Showing
// 1 to 2 of 3 children", Next to the second page, Previous back to the
// first. Every page state is checked with axe (WCAG 2.2 AA).
//
// The settings directory pages the same way, keeping its area filter in
// its links.
//
// Run: node --test tests/browser/pagination.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { browserSuite, mainText } from "./browser.mjs";

const s = browserSuite();
const DSL = { email: "dsl@demo.haven.example" };

s.test("a DSL pages through their school's children with Next and Previous", async () => {
  const { page } = await s.signedIn(DSL);
  const res = await s.visit(page, "/children?limit=2");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the first page of children");
  let text = await mainText(page);
  const total = Number(text.match(/Showing 1 to 2 of (\d+) children/)?.[1]);
  assert.ok(total > 2, `more than one page of children: ${text}`);
  const pages = page.getByRole("navigation", { name: "Pages" });
  assert.equal(await pages.getByRole("link", { name: /Previous/ }).count(), 0, "no Previous on the first page");
  const firstRows = await page.locator("tbody tr").allInnerTexts();

  await s.navigateBy(page, pages.getByRole("link", { name: "Next page" }));
  assert.match(new URL(page.url()).search, /^\?limit=2&after=\d+\.1$/, "the address holds only an id and a position");
  await s.checkPage(page, "the second page of children");
  text = await mainText(page);
  assert.match(text, new RegExp(`Showing 3 to ${Math.min(4, total)} of ${total} children`));

  await s.navigateBy(page, pages.getByRole("link", { name: "Previous page" }));
  await s.checkPage(page, "the first page again");
  assert.match(await mainText(page), new RegExp(`Showing 1 to 2 of ${total} children`));
  assert.deepEqual(await page.locator("tbody tr").allInnerTexts(), firstRows, "the same children as before");
});

s.test("the settings directory pages by keyset, keeping its filter, with Next and Previous", async () => {
  const { page } = await s.signedIn(DSL);
  const res = await s.visit(page, "/settings?area=blackpool&limit=2");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the first page of Blackpool's settings");
  const total = Number((await mainText(page)).match(/Showing 1 to 2 of (\d+) settings/)?.[1]);
  assert.ok(total > 2, "more than one page of settings");
  const firstRows = await page.locator("tbody tr").allInnerTexts();
  const pages = page.getByRole("navigation", { name: "Pages" });

  await s.navigateBy(page, pages.getByRole("link", { name: "Next page" }));
  assert.match(new URL(page.url()).search, /^\?area=blackpool&limit=2&after=\d+\.1$/, "the filter, an id and a position");
  await s.checkPage(page, "the second page of Blackpool's settings");
  assert.match(await mainText(page), new RegExp(`Showing 3 to ${Math.min(4, total)} of ${total} settings`));
  assert.ok(
    (await page.locator("tbody tr").allInnerTexts()).every((row) => /Blackpool/.test(row)),
    "still only Blackpool's",
  );

  await s.navigateBy(page, pages.getByRole("link", { name: "Previous page" }));
  await s.checkPage(page, "the first page again");
  assert.deepEqual(await page.locator("tbody tr").allInnerTexts(), firstRows, "the same settings as before");
});
