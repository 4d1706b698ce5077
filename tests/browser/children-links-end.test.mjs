// An agency stopping work with a child, in a real browser on a phone's width (390 px): the hospital's
// practitioner opens the page from the child's record, sends it without a reason (the GOV.UK error
// summary tied to the field), is asked "Are you sure?", says yes, and is led to their agency's list
// (their access to the record ended with their agency's last link); the front door, still linked,
// sees which agency stopped and when. Every page state is checked with axe.
//
// Run: node --test tests/browser/children-links-end.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { apiClient, plusDays } from "../lib/api.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, fillDate, mainText } from "./browser.mjs";

const s = browserSuite();
const { post } = apiClient(() => s.haven);
const PHONE = { viewport: { width: 390, height: 844 } };
const LEGEND = "When did your agency stop working with the child?";

s.test("a practitioner records that their agency stopped working with a child, and loses access", async () => {
  const made = await post("practitioner", "/api/v1/children", {
    given_name: "Kit",
    family_name: "Phonewidth",
    date_of_birth: "2014-06-07",
    la_code: 890,
    confirm_new: true,
  });
  assert.equal(made.status, 201, made.text);
  const child = made.body.id;

  const { page } = await s.signedIn({ email: "practitioner@demo.haven.example" }, PHONE);
  let res = await s.visit(page, `/children/${child}`);
  assert.equal(res.status(), 200);
  res = await s.navigateBy(page, page.getByRole("link", { name: "Your agency has stopped working with this child" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the form to end a link", { title: "Your agency has stopped working with this child" });
  assert.match(await mainText(page), /A child's school or setting changes by correcting the child's details/);

  await fillDate(page, LEGEND, plusDays(0));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the form refused", { title: "Error: Your agency has stopped working with this child" });
  await assertErrorsTiedToFields(page, "the reason's error");

  await page.getByLabel("Why has your agency stopped?").fill("The concern was assessed: no further action for us.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "are you sure", { title: "Your agency has stopped working with this child" });
  assert.match(await mainText(page), /Are you sure your agency has stopped working with this child\?/);

  res = await s.navigateBy(page, page.getByRole("button", { name: "Yes, end my agency's link" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/children$/, "led to the agency's list: the record is no longer theirs to open");
  await s.checkPage(page, "the list after ending", { title: "Your agency's children" });
  assert.match(await mainText(page), /Your agency is no longer linked to the child/);
  res = await s.visit(page, `/children/${child}`);
  assert.equal(res.status(), 404);

  const frontDoor = await s.signedIn({ email: "frontdoor2@demo.haven.example" }, PHONE);
  res = await s.visit(frontDoor.page, `/children/${child}`);
  assert.equal(res.status(), 200);
  await s.checkPage(frontDoor.page, "the record with an agency that stopped", { title: "Child's record" });
  assert.match(await mainText(frontDoor.page), /Agencies that stopped working with this child[\s\S]*Demo Teaching Hospitals/);
  await s.closeBrowser();
  assert.equal(await s.haven.stop(), 0);
});
