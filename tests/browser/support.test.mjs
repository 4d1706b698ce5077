// Requests for support in a real browser, the whole flow: a practitioner
// signs in, uses the levels-of-need tool (area threshold) for a Blackpool
// child at level 4, follows "Make a request for support", meets the form's
// errors, and sends a request for a new child; the confirmation gives the
// reference and the deadline. Blackpool's front door (frontdoor2@) finds it
// in its queue, opens it, is told a decision needs a reason, and decides; the
// referrer then sees the decision and its reason on their list. Lancashire's
// front door (frontdoor@) never sees it. Every page state visited is checked
// with axe-core, and the form works without JavaScript.
//
// Run: node --test tests/browser/support.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, fillDate, mainText } from "./browser.mjs";

const s = browserSuite();

const PRACTITIONER = "practitioner@demo.haven.example";
const FRONT_DOOR_BLACKPOOL = "frontdoor2@demo.haven.example";
const FRONT_DOOR_LANCASHIRE = "frontdoor@demo.haven.example";

// what one test leaves for the next (node:test runs a file's tests in order)
const made = { reference: null, path: null };
let toolMissing = null;

/**
 * Every page state: the suite's checks (s.checkPage), and any errors and hints
 * on the page tied to their fields (assertErrorsTiedToFields).
 */
async function checkPage(page, what, options) {
  await s.checkPage(page, what, options);
  await assertErrorsTiedToFields(page, what, { expectErrors: false });
}

// Many pages, each checked with axe (a few seconds each on a busy machine): more than the default time.
s.test("a practitioner goes from the levels-of-need tool to a sent request", { timeout: 120_000 }, async (t) => {
  const { page } = await s.signedIn(PRACTITIONER, { reuseSession: true });
  const tool = await s.visit(page, "/levels-of-need");
  if (tool.status() === 404) {
    toolMissing = "the levels-of-need tool (area threshold) is not in this build";
    return t.skip(toolMissing);
  }
  assert.equal(tool.status(), 200);
  await checkPage(page, "the levels-of-need tool");

  // the child's age band and area, and an indicator of significant harm
  await page.locator("select#age_band").selectOption("5-11");
  await page.locator("select#la_code").selectOption({ label: "Blackpool" });
  await page.locator('input[name="indicators"][value="health-unexplained-injury"]').check();
  let res = await s.navigateBy(page, page.getByRole("button", { name: "See the suggested level" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the tool's suggestion");
  assert.match(await mainText(page), /Specialist Support/);

  // the practitioner agrees with level 4 and records it
  await page.locator('input[name="chosen_level"][value="4"]').check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record my decision" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the recorded decision");

  // the decision leads to the request
  res = await s.navigateBy(page, page.getByRole("button", { name: "Make a request for support" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/requests-for-support\/new\?assessment=\d+$/);
  await checkPage(page, "the request form", { title: "Request support from the front door" });
  assert.match(await page.locator("#chosen-level").innerText(), /^Level 4: Specialist Support/);
  assert.match(await page.locator("#indicators").innerText(), /unexplained|injur/i, "the indicator ticked is shown");
  assert.equal(await page.locator("#referrer_email").inputValue(), PRACTITIONER, "the email comes from the account");
  await assertVisible(page, "If a child is in immediate danger, call 999");

  // sent with nothing chosen: the errors, and nothing sent
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  const summary = await page.locator(".govuk-error-summary").innerText();
  assert.match(summary, /Select whether the child is already on your agency's list/);
  assert.match(summary, /Enter your concerns/);
  assert.match(summary, /Enter your phone number/);
  await checkPage(page, "the request form with errors", { title: "Error: Request support from the front door" });
  await assertErrorsTiedToFields(page, "the request form with errors");
  // "which child": only the chosen answer's fields are revealed (GOV.UK conditional radios)
  const newChild = page.getByLabel("A child not yet linked to your agency", { exact: false });
  assert.equal(await newChild.getAttribute("aria-controls"), "conditional-child-new");
  assert.equal(await page.getByLabel("First name").isVisible(), false, "nothing chosen: the new child's fields are hidden");
  await newChild.check();
  assert.equal(await newChild.getAttribute("aria-expanded"), "true");
  assert.equal(await page.getByLabel("First name").isVisible(), true, "chosen: its fields are revealed");

  // a new child with details that are wrong, and the family does not know with no reason why: each error by
  // its field, read out with it, and the summary's links land on the fields
  await page.getByLabel("A child not yet linked to your agency", { exact: false }).check();
  await fillDate(page, "Date of birth", "2016-02-30");
  await page.locator("#family_knows-no").check();
  await page.getByLabel("Email address").fill("not an email address");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  const links = await assertErrorsTiedToFields(page, "the request form with a new child's errors");
  const targets = links.map((l) => l.href);
  for (const field of ["#date_of_birth", "#referrer_email"])
    assert.ok(targets.includes(field), `the summary links to ${field} (it links to ${targets.join(", ")})`);
  assert.ok(await page.locator("#family_knows-no").isChecked(), "the family's answer is kept");
  await checkPage(page, "the request form with a new child's errors", { title: "Error: Request support from the front door" });
  await page.getByLabel("Email address").fill(PRACTITIONER);

  // a new child, the concerns, the family knows and consents, the phone
  await page.getByLabel("A child not yet linked to your agency", { exact: false }).check();
  await page.getByLabel("First name").fill("Rowan");
  await page.getByLabel("Last name").fill("Browsertest");
  await fillDate(page, "Date of birth", "2016-06-01");
  await page.getByLabel("Not known").check();
  await page.getByLabel("Home postcode (optional)").fill("fy1 1aa");
  await page.locator("select#la").selectOption({ label: "Lancashire" });
  await page.getByLabel("What are you worried about?").fill("Fictional: a bruise on the cheek the child could not explain.");
  await page.locator("#family_knows").check();
  await page.locator("#family_consents").check();
  await page.getByLabel("Phone number").fill("01632 960 123");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 200);
  // check your answers: the tool showed Blackpool's routes but the child is said to live in Lancashire
  await checkPage(page, "checking the request, another area", { title: "Check your request before you send it" });
  assert.match(await page.locator("#answers").innerText(), /Child\s+Rowan Browsertest, born 1 June 2016[\s\S]*Goes to\s+Lancashire/);
  assert.match(await page.locator(".govuk-warning-text").innerText(), /showed you Blackpool's routes, but the child lives in Lancashire/);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Change Goes to" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the request form again, to change", { title: "Request support from the front door" });
  assert.equal(await page.getByLabel("First name").inputValue(), "Rowan");
  assert.equal(await page.getByLabel("First name").isVisible(), true, "the chosen answer's fields stay revealed");
  await page.locator("select#la").selectOption({ label: "Blackpool" });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  await checkPage(page, "checking the request", { title: "Check your request before you send it" });
  assert.equal(await page.getByText("showed you Blackpool's routes").count(), 0, "the same area: no warning");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Send the request" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/requests-for-support\/\d+\/confirmation$/);
  await checkPage(page, "the confirmation", { title: "Request for support sent" });
  assert.equal(await page.locator(".govuk-notification-banner").count(), 0, "the panel says it was sent: no banner above it");
  made.reference = (await page.locator("#reference").innerText()).trim();
  assert.match(made.reference, /^RFS-\d{6}$/);
  assert.match(await page.locator("#deadline").innerText(), /They will decide what happens by (\d{1,2}(:\d\d)?(am|pm)|midday) on \w+day \d{1,2} \w+ \d{4}/);
  assert.match(await mainText(page), /Blackpool Council children's services/);
  made.path = page.url().replace(s.url(""), "").replace(/\/confirmation$/, "");

  // the referrer's own list
  res = await s.visit(page, "/requests-for-support");
  assert.equal(res.status(), 200);
  await checkPage(page, "the referrer's list", { title: "Your requests for support" });
  const row = page.locator("main table tbody tr", { hasText: made.reference });
  assert.match(await row.innerText(), /Awaiting decision/);
});

s.test("the request page reached without an assessment says how to make one", async () => {
  const { page } = await s.signedIn(PRACTITIONER, { reuseSession: true });
  let res = await s.visit(page, "/requests-for-support/new");
  assert.equal(res.status(), 200);
  assert.match(await page.locator("#no-assessment").innerText(), /starts from the levels-of-need tool/);
  await checkPage(page, "the request page without an assessment", { title: "Make a request for support" });
  res = await s.navigateBy(page, page.getByRole("link", { name: "Use the levels-of-need tool" }));
  assert.equal(res.status(), 200);
});

s.test("Blackpool's front door decides it, and Lancashire's never sees it", async (t) => {
  if (toolMissing || !made.reference) return t.skip(toolMissing ?? "no request was made");
  const lancs = await s.signedIn(FRONT_DOOR_LANCASHIRE, { reuseSession: true });
  let res = await s.visit(lancs.page, "/requests-for-support/queue");
  assert.equal(res.status(), 200);
  await checkPage(lancs.page, "Lancashire's queue", { title: "Requests for support" });
  assert.doesNotMatch(await mainText(lancs.page), new RegExp(made.reference));
  res = await s.visit(lancs.page, made.path);
  assert.equal(res.status(), 404, "Lancashire's front door cannot open it");

  const { page } = await s.signedIn(FRONT_DOOR_BLACKPOOL, { reuseSession: true });
  res = await s.visit(page, "/requests-for-support/queue");
  assert.equal(res.status(), 200);
  await checkPage(page, "Blackpool's queue", { title: "Requests for support" });
  const row = page.locator("main table tbody tr", { hasText: made.reference });
  assert.match(await row.innerText(), /Rowan Browsertest/);
  assert.match(await row.innerText(), /Awaiting decision/);

  res = await s.navigateBy(page, row.getByRole("link", { name: made.reference }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the request, undecided", { title: `Request for support ${made.reference}` });
  const text = await mainText(page);
  assert.match(text, /a bruise on the cheek/);
  assert.match(text, /FY1 1AA/);
  assert.match(text, /01632 960 123/);

  // a decision without a reason is refused
  await page.getByLabel("Early help").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /Enter the reason for the decision/);
  await checkPage(page, "the decision form with errors");
  await assertErrorsTiedToFields(page, "the decision form with errors");

  await page.getByLabel("Early help").check();
  await page.getByLabel("Reason for the decision").fill("Fictional: the family hub will offer early help.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 200);
  // check your answers: Change goes back to the form as typed
  await checkPage(page, "checking the decision", { title: "Check your decision before you send it" });
  assert.match(await page.locator("#answers").innerText(), /Decision\s+Early help[\s\S]*the family hub will offer early help\./);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Change Reason for the decision" }));
  assert.equal(res.status(), 200);
  assert.equal(await page.getByLabel("Reason for the decision").inputValue(), "Fictional: the family hub will offer early help.");
  assert.equal(await page.getByLabel("Early help").isChecked(), true);
  await page.getByLabel("Reason for the decision").fill("Fictional: the family hub will offer early help this week.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.match(await page.locator("#answers").innerText(), /this week/);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Send the decision" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the request, decided");
  assert.equal((await page.locator(".govuk-notification-banner__heading").innerText()).trim(), "Your decision was recorded");
  assert.match(await page.locator("#decision").innerText(), /Early help/);
  assert.equal(await page.getByRole("button", { name: "Continue" }).count(), 0, "decided once");
});

s.test("the referrer sees the decision and its reason", async (t) => {
  if (toolMissing || !made.reference) return t.skip(toolMissing ?? "no request was made");
  const { page } = await s.signedIn(PRACTITIONER, { reuseSession: true });
  const res = await s.visit(page, "/requests-for-support");
  assert.equal(res.status(), 200);
  await checkPage(page, "the referrer's list, decided", { title: "Your requests for support" });
  const row = await page.locator("main table tbody tr", { hasText: made.reference }).innerText();
  assert.match(row, /Decided/);
  assert.match(row, /Early help/);
  assert.match(row, /the family hub will offer early help this week/);
});

s.test("the form works without JavaScript", async (t) => {
  if (toolMissing || !made.reference) return t.skip(toolMissing ?? "no request was made");
  // a second level 4 decision, for a Lancashire child, leads to a form whose every field is there
  // without the conditional reveal's script
  const { page } = await s.signedIn(PRACTITIONER, { reuseSession: true, javaScriptEnabled: false });
  const tool = await s.visit(page, "/levels-of-need");
  assert.equal(tool.status(), 200);
  await page.locator("select#age_band").selectOption("12-17");
  await page.locator("select#la_code").selectOption({ label: "Lancashire" });
  await page.locator('input[name="indicators"][value="health-unexplained-injury"]').check();
  await s.navigateBy(page, page.getByRole("button", { name: "See the suggested level" }));
  await page.locator('input[name="chosen_level"][value="4"]').check();
  await s.navigateBy(page, page.getByRole("button", { name: "Record my decision" }));
  const res = await s.navigateBy(page, page.getByRole("button", { name: "Make a request for support" }));
  assert.equal(res.status(), 200);
  for (const label of ["First name", "Last name", "Child", "What are you worried about?", "Phone number"])
    assert.ok(await page.getByLabel(label, { exact: true }).first().isVisible(), `${label} is shown without JavaScript`);
  assert.ok(await page.getByRole("group", { name: "Date of birth", exact: true }).isVisible(), "Date of birth is shown without JavaScript");
  assert.equal(await page.title(), "Request support from the front door – Haven");
  await s.assertNoAxeViolationsWithoutJs(page, "the request form");
});

async function assertVisible(page, text) {
  assert.ok(await page.getByText(text).first().isVisible(), `"${text}" is shown`);
}
