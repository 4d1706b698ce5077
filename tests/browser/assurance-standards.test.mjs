// Publishing quality assurance standards in a browser (src/areas/assurance):
// the partnership follows its dashboard link, pastes a document with
// problems and is shown each one by its JSON path with what was pasted kept,
// then publishes a good one and sees it listed; the new cycle form offers
// it. axe runs on every page and error state.
//
// Run: node --test tests/browser/assurance-standards.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";
import path from "node:path";
import { readFileSync } from "node:fs";

import { REPO_ROOT } from "../lib/haven.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, assertQuietConsole, browserSuite } from "./browser.mjs";

const s = browserSuite();
const S175 = readFileSync(path.join(REPO_ROOT, "tests/http/data/qa-section175.json"), "utf8");

s.test("the partnership publishes standards, after pasting a document with problems", async () => {
  const { page, log } = await s.signedIn("partnership", { reuseSession: true });
  await s.navigateBy(page, page.getByRole("link", { name: "Quality assurance standards: publish a new version" }));
  assert.equal(page.url(), s.url("/quality-assurance/standards"));
  await s.checkPage(page, "the standards, the demo's", { title: "Quality assurance standards" });
  assert.match(await page.locator("main table tbody").innerText(), /demo-2025/, "the demo's (src/areas/assurance/data/standards-demo.json)");

  const bad = JSON.parse(S175);
  bad.standards[0].id = "Has Spaces";
  await page.getByLabel("Standards document").fill(JSON.stringify(bad, null, 2));
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Publish the standards" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator("#document-error").innerText(), /\$\.standards\[0\]\.id: must be lower-case letters, digits and hyphens/);
  await assertErrorsTiedToFields(page, "the standards form with a bad document");
  await s.checkPage(page, "the standards form with a bad document");
  assert.match(await page.getByLabel("Standards document").inputValue(), /Has Spaces/, "what was pasted is kept");

  await page.getByLabel("Standards document").fill(S175);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Publish the standards" }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/quality-assurance/standards"));
  await s.checkPage(page, "the published standards", { title: "Quality assurance standards" });
  const row = page.locator("main table tbody tr", { hasText: "2026-27" });
  assert.match(await row.innerText(), /Section 175\/157 \(schools and colleges\)/);

  await page.goto(s.url("/quality-assurance/cycles/new"));
  assert.ok((await page.getByLabel("Standards").locator("option").allInnerTexts()).some((t) => /version 2026-27/.test(t)));
  assertQuietConsole({ ...log, consoleErrors: log.consoleErrors.filter((e) => !/status of 422/.test(e.text)) });
});
