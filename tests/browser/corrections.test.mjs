// Correcting a child's details in a real browser: the practitioner opens the
// correction form from a child's record (it starts from the details as they
// are), sends it without a reason (the GOV.UK error summary, tied to the
// field, with what was typed kept), then with one, and sees the record with
// the history of what changed. Every page state is checked with axe.
//
// Run: node --test tests/browser/corrections.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, dateValue, fillDate, mainText } from "./browser.mjs";

const s = browserSuite();
const PRACTITIONER = { email: "practitioner@demo.haven.example" };

s.test("a practitioner corrects a child's date of birth, giving the reason after being asked for it", async () => {
  const { page } = await s.signedIn(PRACTITIONER);
  // demo child 1 is linked to the practitioner's hospital
  let res = await s.visit(page, "/children/1");
  assert.equal(res.status(), 200);
  res = await s.navigateBy(page, page.getByRole("link", { name: "Correct these details" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the correction form", { title: "Correct a child's details" });
  assert.equal(await dateValue(page, "Date of birth"), "2016-04-12", "starts from the record");

  await fillDate(page, "Date of birth", "2016-04-21");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the correction" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the correction form without a reason", { title: "Error: Correct a child's details" });
  await assertErrorsTiedToFields(page, "the reason's error");
  assert.equal(await dateValue(page, "Date of birth"), "2016-04-21", "what was typed is kept");

  await page.getByLabel("Why are you correcting the details?").fill("The birth certificate says the 21st.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the correction" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/children\/1$/);
  await s.checkPage(page, "the record with its corrections", { title: "Child's record" });
  const text = await mainText(page);
  assert.match(text, /Corrections to these details/);
  assert.match(text, /The birth certificate says the 21st\./);
  assert.match(text, /Date of birth\s+12 April 2016\s+21 April 2016/);
});
