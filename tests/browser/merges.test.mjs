// Merging two records of one child in a real browser: Blackpool's front door
// opens the merge form from a child's record, sends it with the record
// itself as "the other" (refused: the GOV.UK error summary tied to the
// field), then with the duplicate's number, and is back on the kept record;
// the partnership then undoes the merge from the list of merges. Every page
// state is checked with axe.
//
// Run: node --test tests/browser/merges.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { apiClient } from "../lib/api.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, mainText } from "./browser.mjs";

const s = browserSuite();
const { post } = apiClient(() => s.haven);
const FRONT_DOOR = { email: "frontdoor2@demo.haven.example" };
const PARTNERSHIP = { email: "partnership@demo.haven.example" };

s.test("the front door merges a duplicate record, and the partnership undoes it", async () => {
  // a second record of demo child 2 (Sam Sample, Blackpool), added with a misspelt name
  const made = await post("practitioner", "/api/v1/children", {
    given_name: "Samm",
    family_name: "Sample",
    date_of_birth: "2012-09-30",
    la_code: 890,
    confirm_new: true,
  });
  assert.equal(made.status, 201, made.text);
  const duplicate = made.body.id;

  const { page } = await s.signedIn(FRONT_DOOR);
  let res = await s.visit(page, "/children/2");
  assert.equal(res.status(), 200);
  res = await s.navigateBy(page, page.getByRole("link", { name: "Merge another record of this child into this one" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the merge form", { title: "Merge another record into this one" });

  await page.getByLabel("Number of the other record").fill("2");
  await page.getByLabel("Why are you sure they are the same child?").fill("The same date of birth and school.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Merge the records" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the merge form refused", { title: "Error: Merge another record into this one" });
  await assertErrorsTiedToFields(page, "the other record's error");
  assert.match(await mainText(page), /cannot be merged into itself/);

  await page.getByLabel("Number of the other record").fill(String(duplicate));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Merge the records" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/children\/2$/);
  await s.checkPage(page, "the kept record after the merge", { title: "Child's record" });

  const partnership = await s.signedIn(PARTNERSHIP);
  res = await s.visit(partnership.page, "/children/merges");
  assert.equal(res.status(), 200);
  await s.checkPage(partnership.page, "the list of merges", { title: "Merged records" });
  // the records are named by the child's name, date of birth and when each was added, never by number
  const merges = await mainText(partnership.page);
  assert.match(merges, /Two records of Sam Sample merged/);
  assert.match(merges, /Record kept\s+Sam Sample, born \d{1,2} [A-Z][a-z]+ \d{4}: the record added [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4} at /);
  assert.match(merges, /Record merged into it\s+Samm Sample.*: the record added /);
  assert.doesNotMatch(merges, new RegExp(`record ${duplicate}\\b`, "i"));
  const card = partnership.page.locator(".govuk-summary-card", { hasText: "Samm Sample" });
  await card.getByLabel(/^Why undo this merge.*the records of Sam Sample merged /).fill("Checked again: two records were right.");
  res = await s.navigateBy(partnership.page, card.getByRole("button", { name: /^Undo this merge.*the records of Sam Sample merged / }));
  assert.equal(res.status(), 200);
  await s.checkPage(partnership.page, "the list after the undo", { title: "Merged records" });
  assert.match(await mainText(partnership.page), /Undone/);
});
