// A request for support for a child of a Provide referral's household, in a
// real browser: the IDVA opens the referral, chooses "Request support" for
// the child of the victim's household, uses the levels-of-need tool with the
// child carried along (their age band and local authority already chosen),
// records level 3, follows "Make a request for support" to a form that shows
// the child and the referral instead of asking, meets its errors, checks the
// answers (the child named with the source) and sends it. Every page state
// is checked with axe.
//
// Run: node --test tests/browser/provide-household-request.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { apiClient, sqlText } from "../lib/api.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, mainText } from "./browser.mjs";

const s = browserSuite();
const { post } = apiClient(() => s.haven);

const daysAgo = (n) => new Date(Date.now() - n * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");

/** Every page state: the suite's checks, and any errors on the page tied to their fields. */
async function checkPage(page, what, options) {
  await s.checkPage(page, what, options);
  await assertErrorsTiedToFields(page, what, { expectErrors: false });
}

s.test("the IDVA requests support for a child of the victim's household", { timeout: 180_000 }, async () => {
  const child = await post("practitioner", "/api/v1/children", {
    given_name: "Sky", family_name: "Harbourside", date_of_birth: "2018-03-03", sex: "not_known", la_code: 890,
    settings: ["seafront-primary"], confirm_new: true,
  });
  assert.equal(child.status, 201, child.text);
  const base = {
    la_code: 890, risk_level: "high", circumstances: "Fictional circumstances for the browser tests.",
  };
  let res = await post("police", "/api/v1/da-incidents", {
    ...base, police_reference: "BHR-1", occurred_at: daysAgo(10), location: "4 Browser Quay",
    adults: [{ name: "Lee Quay", role: "suspect" }],
    children: [{ given_name: "Sky", family_name: "Harbourside", date_of_birth: "2018-03-03", present: true, spoken_to: false }],
  });
  assert.equal(res.status, 201, res.text);
  res = await post("police", "/api/v1/da-incidents", {
    ...base, police_reference: "BHR-2", occurred_at: daysAgo(1), location: "4 Browser Quay",
    adults: [{ name: "Pat Quay", role: "victim", contact_phone: "01632 960002", safe_to_call: true, safe_to_leave_message: false }],
    children: [],
  });
  assert.equal(res.status, 201, res.text);
  const referral = sqlText(s.haven.dbPath, "SELECT r.id FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id WHERE i.police_reference = 'BHR-2'");

  const { page } = await s.signedIn("idva@demo.haven.example");
  let nav = await s.visit(page, `/provide/referrals/${referral}`);
  assert.equal(nav.status(), 200);
  await checkPage(page, "the referral with its household's children", { title: "Referral BHR-2" });
  nav = await s.navigateBy(page, page.getByRole("link", { name: "Request support for Sky Harbourside" }));
  assert.equal(nav.status(), 200);
  await checkPage(page, "the levels-of-need tool for the child", { title: "Levels of need" });
  assert.match(await page.locator("#for-child").innerText(), /For Sky Harbourside, aged \d+, Seafront Primary School \(fictional\)[\s\S]*Operation Provide referral BHR-2, household at 4 Browser Quay/);
  assert.equal(await page.locator("select#age_band").inputValue(), "5-11");
  assert.equal(await page.locator("select#la_code").inputValue(), "890");

  await page.locator('input[name="indicators"][value="education-persistent-absence"]').check();
  nav = await s.navigateBy(page, page.getByRole("button", { name: "See the suggested level" }));
  assert.equal(nav.status(), 200);
  await checkPage(page, "the suggestion for the child");
  assert.match(await page.locator("#for-child").innerText(), /Sky Harbourside/);
  await page.locator('input[name="chosen_level"][value="3"]').check();
  nav = await s.navigateBy(page, page.getByRole("button", { name: "Record my decision" }));
  assert.equal(nav.status(), 200);
  await checkPage(page, "the decision for the child", { title: "Your decision is recorded" });
  assert.match(await page.locator("#for-child").innerText(), /For Sky Harbourside, from Operation Provide referral BHR-2/);

  nav = await s.navigateBy(page, page.getByRole("button", { name: "Make a request for support" }));
  assert.equal(nav.status(), 200);
  await checkPage(page, "the request form for the child", { title: "Request support from the front door" });
  const shown = await page.locator("#for-child").innerText();
  assert.match(shown, /Name\s+Sky Harbourside/);
  assert.match(shown, /Date of birth\s+3 March 2018/);
  assert.match(shown, /Local authority\s+Blackpool/);
  assert.match(shown, /Source\s+Operation Provide referral BHR-2, household at 4 Browser Quay/);
  assert.equal(await page.getByLabel("First name").count(), 0, "the child's details are not asked for");

  nav = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(nav.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /Enter your concerns/);
  await checkPage(page, "the request form for the child with errors", { title: "Error: Request support from the front door" });
  await assertErrorsTiedToFields(page, "the request form for the child with errors");
  assert.match(await page.locator("#for-child").innerText(), /Sky Harbourside/, "the child is still shown");

  await page.getByLabel("What are you worried about?").fill("Fictional: Sky has missed school since the incident.");
  await page.locator("#family_knows").check();
  await page.locator("#family_consents").check();
  await page.getByLabel("Phone number").fill("01632 960 123");
  nav = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(nav.status(), 200);
  await checkPage(page, "checking the request for the child", { title: "Check your request before you send it" });
  assert.match(await page.locator("#answers").innerText(), /Child\s+Sky Harbourside, born 3 March 2018 \(from Operation Provide referral BHR-2, household at 4 Browser Quay\)[\s\S]*Goes to\s+Blackpool/);
  nav = await s.navigateBy(page, page.getByRole("button", { name: "Send the request" }));
  assert.equal(nav.status(), 200);
  assert.match(page.url(), /\/requests-for-support\/\d+\/confirmation$/);
  await checkPage(page, "the confirmation", { title: "Request for support sent" });
  assert.match(await mainText(page), /RFS-\d{6}/);
});
