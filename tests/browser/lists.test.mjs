// Finding work in long lists (issue #16 point 8) in a real browser: an IDVA
// narrows their referrals to high risk, oldest first, with the filter form
// above the list; Blackpool's front door narrows its queue to the requests
// waiting for a decision; an administrator narrows the accounts to one
// agency's police officers. Each filtered list, and a filter refused with
// the error summary, is checked with axe-core, and each works without
// JavaScript (the forms are plain GET forms).
//
// Run: node --test tests/browser/lists.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { apiClient } from "../lib/api.mjs";
import { assertErrorsTiedToFields, browserSuite, mainText } from "./browser.mjs";

const s = browserSuite();
const api = apiClient(() => s.haven);

/** A practitioner's level 4 decision for a new Blackpool child, sent as a request for support (the demo has none). */
async function sendRequest(given_name) {
  const assessed = await api.post("practitioner", "/api/v1/threshold/assessments", {
    age_band: "5-11",
    la_code: 890,
    indicators: ["health-unexplained-injury", "basic-care-severe-neglect"],
    chosen_level: 4,
  });
  assert.equal(assessed.status, 201, assessed.text);
  const sent = await api.post("practitioner", "/api/v1/support-requests", {
    assessment: assessed.body.id ?? assessed.body.decision?.id ?? assessed.body.assessment?.id,
    child: "new",
    given_name,
    family_name: "Listerton",
    date_of_birth: "2017-03-14",
    sex: "not_known",
    postcode: "fy1 1aa",
    la: "blackpool",
    concerns: "Fictional concerns for the tests.",
    family_knows: true,
    family_consents: true,
    referrer_phone: "01632 960 001",
    referrer_email: "priya.practitioner@example.org",
  });
  assert.equal(sent.status, 201, sent.text);
  return sent.body.id;
}

/** The suite's checks, and any errors on the page tied to their fields. */
async function checkPage(page, what, { expectErrors = false, ...options } = {}) {
  await s.checkPage(page, what, options);
  await assertErrorsTiedToFields(page, what, { expectErrors });
}

s.test("an IDVA finds the high-risk referrals that have waited longest", { timeout: 120_000 }, async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "idva");
  assert.equal((await s.visit(page, "/provide")).status(), 200);
  await page.locator("select#risk").selectOption("high");
  await page.locator("select#sort").selectOption("oldest");
  const res = await s.navigateBy(page, page.getByRole("button", { name: "Find referrals" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /risk=high/);
  assert.match(page.url(), /sort=oldest/);
  await checkPage(page, "the IDVA's high-risk referrals, oldest first");
  assert.match(await page.locator("#open-referrals caption").innerText(), /Open referrals found, oldest first/);
  const risks = await page.locator("#open-referrals tbody td[data-label='Risk']").allInnerTexts();
  assert.ok(risks.length >= 1 && risks.every((r) => /high/i.test(r)), `only high risk: ${risks}`);
  assert.equal(await page.locator("select#risk").inputValue(), "high", "the choice is shown again");

  // a filter value the form never offers, typed into the address, is refused on the page
  const bad = await s.visit(page, "/provide?risk=severe");
  assert.equal(bad.status(), 400);
  await checkPage(page, "the referrals with a risk that is not one", { title: "Error: Operation Provide referrals", expectErrors: true });
  assert.match(await mainText(page), /risk level/i);
});

s.test("a front door narrows its queue to the requests waiting for a decision", { timeout: 120_000 }, async () => {
  const waiting = await sendRequest("Wren");
  const decided = await sendRequest("Ash");
  const decision = await api.post("frontdoor2", `/api/v1/support-requests/${decided}/decision`, {
    decision: "early_help",
    reason: "Early help from Blackpool (fictional).",
  });
  assert.equal(decision.status, 200, decision.text);
  const { page } = await s.newPage();
  await s.signIn(page, "frontdoor2");
  const queue = await s.visit(page, "/requests-for-support/queue");
  assert.equal(queue.status(), 200);
  await page.locator("select#status").selectOption("waiting");
  const res = await s.navigateBy(page, page.getByRole("button", { name: "Find requests" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /status=waiting/);
  await checkPage(page, "the front door's waiting requests");
  const children = await page.locator("main table tbody td[data-label='Child']").allInnerTexts();
  assert.deepEqual(children, ["Wren Listerton"], "the waiting request, not the decided one");
  assert.equal(await page.locator("select#status").inputValue(), "waiting", "the choice is shown again");
  assert.ok(waiting > 0);
});

s.test("an administrator finds an agency's police officers", { timeout: 120_000 }, async () => {
  const { page } = await s.signedIn("admin");
  assert.equal((await s.visit(page, "/admin/users")).status(), 200);
  await page.locator("select#role").selectOption("police");
  await page.locator("select#status").selectOption("active");
  const res = await s.navigateBy(page, page.getByRole("button", { name: "Find accounts" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /role=police/);
  await checkPage(page, "the police officers' accounts");
  const emails = await page.locator("main table tbody tr td:nth-child(2)").allInnerTexts();
  assert.ok(emails.length >= 1 && emails.some((e) => e.startsWith("police@")), `the police account: ${emails}`);
  assert.ok(!emails.some((e) => e.startsWith("idva@")), "nobody without the role");
});
