// The placing authority of a child missing from care, in a real browser: the
// police report a child placed in Lancashire by Blackpool, choosing Blackpool
// from the form's list; the episode's page says "Tell the placing authority"
// and the list flags it; the police follow the link to the form, send it
// empty (each error by its field), then record that Blackpool was told, and
// the prompt is gone. Blackpool's front door (the placing authority) opens the
// episode. Every page state is checked with axe.
//
// Run: node --test tests/browser/missing-placing.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, fillDate } from "./browser.mjs";

const s = browserSuite();

async function checkPage(page, what, { errors = false } = {}) {
  await s.checkPage(page, what);
  await assertErrorsTiedToFields(page, what, { expectErrors: errors });
}

s.test("the police tell the placing authority, which finds the task", { timeout: 120_000 }, async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "police");
  let res = await s.visit(page, "/missing-episodes/new");
  assert.equal(res.status(), 200);
  await page.getByLabel("Police reference").fill("LC-PLB-1");
  await page.getByLabel("Given name").fill("Jordan");
  await page.getByLabel("Family name").fill("Placedbrowser");
  await fillDate(page, "Date of birth", "2010-02-02");
  await page.getByLabel("Local authority where the child lives").selectOption({ label: "Lancashire" });
  await fillDate(page, "Date reported missing", "2026-11-28");
  await page.getByLabel("Time reported missing").fill("22:15");
  await page.getByLabel("High").check();
  await page.getByLabel("Care").check();
  await page.getByLabel("Placing authority in the partnership (optional)").selectOption({ label: "Blackpool" });
  await checkPage(page, "the new missing episode form with a placing authority chosen");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Report the missing episode" }));
  assert.equal(res.status(), 200);
  const url = new URL(page.url()).pathname;
  assert.match(url, /^\/missing-episodes\/\d+$/);
  await checkPage(page, "an episode whose placing authority is not told");
  assert.match(await page.locator("#placing-authority-not-told").innerText(), /Tell the placing authority: the child was placed here by Blackpool/);

  await s.visit(page, "/missing-episodes");
  await checkPage(page, "the episodes with one flagged");
  assert.match(await page.locator("#episodes").innerText(), /Placing authority not told/);

  await s.visit(page, url);
  await page.getByRole("link", { name: "Record that it was told" }).click();
  assert.ok(page.url().endsWith("#placing-authority-told"));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record that it was told" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "the placing authority form with errors", { errors: true });

  await fillDate(page, "Date the placing authority was told", "2026-11-29");
  await page.getByLabel("Who told it").fill("PC Demo, by phone to the emergency duty team");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record that it was told" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the episode with its placing authority told");
  assert.equal(await page.locator("#placing-authority-not-told").count(), 0, "the prompt is gone");
  assert.match(await page.locator("#placing-told").innerText(), /29 November 2026 by PC Demo/);

  // Blackpool's front door, the placing authority, sees the episode (its task: tests/http/missing-placing)
  const other = await s.newPage();
  await s.signIn(other.page, "frontdoor2");
  res = await s.visit(other.page, url);
  assert.equal(res.status(), 200, "the placing authority opens the episode");
  await checkPage(other.page, "the episode as the placing authority sees it");
});
