// The strategy discussion a repeat prompts, in a real browser: with a child
// reported missing three times in a week (through the API), the local
// authority's front door opens the third episode, follows the prompt to the
// form, sends it first without the agencies present, then dated before the
// episode (to see each error by its field, and the agencies ticked kept), then records it and sees
// the prompt gone and the discussion on the page. Every page state is checked
// with axe.
//
// Run: node --test tests/browser/contextual-strategy.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { apiClient } from "../lib/api.mjs";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, fillDate } from "./browser.mjs";

const s = browserSuite();
const { post } = apiClient(() => s.haven);

async function checkPage(page, what, { errors = false } = {}) {
  await s.checkPage(page, what);
  await assertErrorsTiedToFields(page, what, { expectErrors: errors });
}

s.test("the front door records the strategy discussion a repeat prompts", { timeout: 120_000 }, async () => {
  let last;
  for (const [n, day] of [[1, "2026-11-02"], [2, "2026-11-05"], [3, "2026-11-08"]]) {
    const r = await post("police", "/api/v1/missing-episodes", {
      police_reference: `LC-SDB-${n}`, given_name: "Alex", family_name: "Prompted", date_of_birth: "2010-10-10",
      la_code: 888, reported_at: `${day}T20:00:00Z`, risk_grading: "medium", missing_from: "home",
    });
    assert.equal(r.status, 201, r.text);
    last = r.body.id;
  }
  const { page } = await s.newPage();
  await s.signIn(page, "frontdoor");
  let res = await s.visit(page, `/missing-episodes/${last}`);
  assert.equal(res.status(), 200);
  await checkPage(page, "a repeat episode with its prompt");
  await page.getByRole("link", { name: "record it below" }).click();
  assert.ok(page.url().endsWith("#strategy-discussion"));

  await fillDate(page, "Date of the discussion", "2026-11-01");
  await page.locator("#decision").fill("Refer to MACE");
  await page.getByLabel("Next steps").fill("Safety plan at home");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the strategy discussion" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "the strategy discussion form with errors", { errors: true });

  await page.getByLabel("Lancashire Constabulary (demo)").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the strategy discussion" }));
  assert.equal(res.status(), 422);
  await checkPage(page, "the strategy discussion dated before the episode", { errors: true });
  assert.match(await page.locator(".govuk-error-summary").innerText(), /on or after 2026-11-08/);
  assert.ok(await page.getByLabel("Lancashire Constabulary (demo)").isChecked(), "the agencies ticked are kept");

  await fillDate(page, "Date of the discussion", "2026-11-10");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the strategy discussion" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the episode with its strategy discussion");
  assert.equal(await page.locator("#repeat-missing").count(), 0, "the prompt is gone");
  assert.match(await page.locator("main").innerText(), /Held on\s+10 November 2026/);
});
