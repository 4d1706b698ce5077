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

import {
  assertFocusedErrorSummary,
  assertHavenTitle,
  assertNoAxeViolations,
  assertOneVisibleH1,
  browserSuite,
  nextNavigation,
  settle,
  assertErrorsTiedToFields,
} from "./browser.mjs";

const s = browserSuite();

const PASSWORD = "demo-password-for-haven";
const PRACTITIONER = "practitioner@demo.haven.example";
const FRONT_DOOR_BLACKPOOL = "frontdoor2@demo.haven.example";
const FRONT_DOOR_LANCASHIRE = "frontdoor@demo.haven.example";

// what one test leaves for the next (node:test runs a file's tests in order)
const made = { reference: null, path: null };
let toolMissing = null;

const logs = new WeakMap();

async function newPage(options) {
  const p = await s.newPage(options);
  logs.set(p.page, p.log);
  return p;
}

async function visit(page, path) {
  if (logs.has(page)) await settle(page, logs.get(page));
  return page.goto(s.url(path), { waitUntil: "load" });
}

async function navigateBy(page, locator) {
  if (logs.has(page)) await settle(page, logs.get(page));
  const done = nextNavigation(page);
  await locator.click();
  const res = await done;
  await page.waitForURL(res.url(), { waitUntil: "load" });
  return res;
}

const sessions = new Map();

/** A page signed in as `email` (through the sign-in form the first time). */
async function signedIn(email, options = {}) {
  const p = await newPage(options);
  if (sessions.has(email)) {
    await p.context.addCookies(sessions.get(email));
    return p;
  }
  await visit(p.page, "/sign-in");
  await p.page.getByLabel("Email address", { exact: true }).fill(email);
  await p.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  const res = await navigateBy(p.page, p.page.getByRole("button", { name: "Sign in", exact: true }));
  assert.equal(res.status(), 200, `signing in as ${email}`);
  sessions.set(email, await p.context.cookies());
  return p;
}

async function mainText(page) {
  return (await page.locator("main").innerText()).replace(/\s+/g, " ");
}

/** Checks a page state: its title, one h1, and no axe violations. */
async function checkPage(page, what, title) {
  if (title) assert.equal(await assertHavenTitle(page), `${title} – Haven`, what);
  await assertOneVisibleH1(page);
  await assertNoAxeViolations(page, what);
  await assertErrorsTiedToFields(page, what, { expectErrors: false });
}

// Many pages, each checked with axe (a few seconds each on a busy machine): more than the default time.
s.test("a practitioner goes from the levels-of-need tool to a sent request", { timeout: 120_000 }, async (t) => {
  const { page } = await signedIn(PRACTITIONER);
  const tool = await visit(page, "/levels-of-need");
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
  let res = await navigateBy(page, page.getByRole("button", { name: "See the suggested level" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the tool's suggestion");
  assert.match(await mainText(page), /Specialist Support/);

  // the practitioner agrees with level 4 and records it
  await page.locator('input[name="chosen_level"][value="4"]').check();
  res = await navigateBy(page, page.getByRole("button", { name: "Record my decision" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the recorded decision");

  // the decision leads to the request
  res = await navigateBy(page, page.getByRole("button", { name: "Make a request for support" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/requests-for-support\/new\?assessment=\d+$/);
  await checkPage(page, "the request form", "Request support from the front door");
  assert.match(await page.locator("#chosen-level").innerText(), /^Level 4: Specialist Support/);
  assert.match(await page.locator("#indicators").innerText(), /unexplained|injur/i, "the indicator ticked is shown");
  assert.equal(await page.locator("#referrer_email").inputValue(), PRACTITIONER, "the email comes from the account");
  await assertVisible(page, "If a child is in immediate danger, call 999");

  // sent with nothing chosen: the errors, and nothing sent
  res = await navigateBy(page, page.getByRole("button", { name: "Send the request" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  const summary = await page.locator(".govuk-error-summary").innerText();
  assert.match(summary, /Select whether the child is already on your agency's list/);
  assert.match(summary, /Enter your concerns/);
  assert.match(summary, /Enter your phone number/);
  await checkPage(page, "the request form with errors", "Error: Request support from the front door");
  await assertErrorsTiedToFields(page, "the request form with errors");

  // a new child with details that are wrong, and the family does not know with no reason why: each error by
  // its field, read out with it, and the summary's links land on the fields
  await page.getByLabel("A child not yet linked to your agency", { exact: false }).check();
  await page.getByLabel("Date of birth").fill("2016-02-30");
  await page.locator("#family_knows-no").check();
  await page.getByLabel("Email address").fill("not an email address");
  res = await navigateBy(page, page.getByRole("button", { name: "Send the request" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  const links = await assertErrorsTiedToFields(page, "the request form with a new child's errors");
  const targets = links.map((l) => l.href);
  for (const field of ["#date_of_birth", "#referrer_email"])
    assert.ok(targets.includes(field), `the summary links to ${field} (it links to ${targets.join(", ")})`);
  assert.ok(await page.locator("#family_knows-no").isChecked(), "the family's answer is kept");
  await checkPage(page, "the request form with a new child's errors", "Error: Request support from the front door");
  await page.getByLabel("Email address").fill(PRACTITIONER);

  // a new child, the concerns, the family knows and consents, the phone
  await page.getByLabel("A child not yet linked to your agency", { exact: false }).check();
  await page.getByLabel("First name").fill("Rowan");
  await page.getByLabel("Last name").fill("Browsertest");
  await page.getByLabel("Date of birth").fill("2016-06-01");
  await page.getByLabel("Not known").check();
  await page.getByLabel("Home postcode (optional)").fill("fy1 1aa");
  await page.locator("select#la").selectOption({ label: "Blackpool" });
  await page.getByLabel("What are you worried about?").fill("Fictional: a bruise on the cheek the child could not explain.");
  await page.locator("#family_knows").check();
  await page.locator("#family_consents").check();
  await page.getByLabel("Phone number").fill("01632 960 123");
  res = await navigateBy(page, page.getByRole("button", { name: "Send the request" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/requests-for-support\/\d+\/confirmation$/);
  await checkPage(page, "the confirmation", "Request for support sent");
  made.reference = (await page.locator("#reference").innerText()).trim();
  assert.match(made.reference, /^RFS-\d{6}$/);
  assert.match(await page.locator("#deadline").innerText(), /They will decide what happens by (\d{1,2}(:\d\d)?(am|pm)|midday) on \w+day \d{1,2} \w+ \d{4}/);
  assert.match(await mainText(page), /Blackpool Council children's services/);
  made.path = page.url().replace(s.url(""), "").replace(/\/confirmation$/, "");

  // the referrer's own list
  res = await visit(page, "/requests-for-support");
  assert.equal(res.status(), 200);
  await checkPage(page, "the referrer's list", "Your requests for support");
  const row = page.locator("main table tbody tr", { hasText: made.reference });
  assert.match(await row.innerText(), /Awaiting decision/);
});

s.test("Blackpool's front door decides it, and Lancashire's never sees it", async (t) => {
  if (toolMissing || !made.reference) return t.skip(toolMissing ?? "no request was made");
  const lancs = await signedIn(FRONT_DOOR_LANCASHIRE);
  let res = await visit(lancs.page, "/requests-for-support/queue");
  assert.equal(res.status(), 200);
  await checkPage(lancs.page, "Lancashire's queue", "Requests for support");
  assert.doesNotMatch(await mainText(lancs.page), new RegExp(made.reference));
  res = await visit(lancs.page, made.path);
  assert.equal(res.status(), 404, "Lancashire's front door cannot open it");

  const { page } = await signedIn(FRONT_DOOR_BLACKPOOL);
  res = await visit(page, "/requests-for-support/queue");
  assert.equal(res.status(), 200);
  await checkPage(page, "Blackpool's queue", "Requests for support");
  const row = page.locator("main table tbody tr", { hasText: made.reference });
  assert.match(await row.innerText(), /Rowan Browsertest/);
  assert.match(await row.innerText(), /Awaiting decision/);

  res = await navigateBy(page, row.getByRole("link", { name: made.reference }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the request, undecided", `Request for support ${made.reference}`);
  const text = await mainText(page);
  assert.match(text, /a bruise on the cheek/);
  assert.match(text, /FY1 1AA/);
  assert.match(text, /01632 960 123/);

  // a decision without a reason is refused
  await page.getByLabel("Early help").check();
  res = await navigateBy(page, page.getByRole("button", { name: "Record the decision" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /Enter the reason for the decision/);
  await checkPage(page, "the decision form with errors");
  await assertErrorsTiedToFields(page, "the decision form with errors");

  await page.getByLabel("Early help").check();
  await page.getByLabel("Reason for the decision").fill("Fictional: the family hub will offer early help this week.");
  res = await navigateBy(page, page.getByRole("button", { name: "Record the decision" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the request, decided");
  assert.match(await page.locator("#decision").innerText(), /Early help/);
  assert.equal(await page.getByRole("button", { name: "Record the decision" }).count(), 0, "decided once");
});

s.test("the referrer sees the decision and its reason", async (t) => {
  if (toolMissing || !made.reference) return t.skip(toolMissing ?? "no request was made");
  const { page } = await signedIn(PRACTITIONER);
  const res = await visit(page, "/requests-for-support");
  assert.equal(res.status(), 200);
  await checkPage(page, "the referrer's list, decided", "Your requests for support");
  const row = await page.locator("main table tbody tr", { hasText: made.reference }).innerText();
  assert.match(row, /Decided/);
  assert.match(row, /Early help/);
  assert.match(row, /the family hub will offer early help this week/);
});

s.test("the form works without JavaScript", async (t) => {
  if (toolMissing || !made.reference) return t.skip(toolMissing ?? "no request was made");
  // a second level 4 decision, for a Lancashire child, leads to a form whose every field is there
  // without the conditional reveal's script
  const { page } = await signedIn(PRACTITIONER, { javaScriptEnabled: false });
  const tool = await visit(page, "/levels-of-need");
  assert.equal(tool.status(), 200);
  await page.locator("select#age_band").selectOption("12-17");
  await page.locator("select#la_code").selectOption({ label: "Lancashire" });
  await page.locator('input[name="indicators"][value="health-unexplained-injury"]').check();
  await navigateBy(page, page.getByRole("button", { name: "See the suggested level" }));
  await page.locator('input[name="chosen_level"][value="4"]').check();
  await navigateBy(page, page.getByRole("button", { name: "Record my decision" }));
  const res = await navigateBy(page, page.getByRole("button", { name: "Make a request for support" }));
  assert.equal(res.status(), 200);
  for (const label of ["First name", "Last name", "Date of birth", "Child", "What are you worried about?", "Phone number"])
    assert.ok(await page.getByLabel(label, { exact: true }).first().isVisible(), `${label} is shown without JavaScript`);
  assert.equal(await page.title(), "Request support from the front door – Haven");
  await assertNoAxeViolationsWithoutJs(page, "the request form");
});

/**
 * axe on a page opened with JavaScript disabled (axe itself needs it): the
 * same HTML served again to a page with JavaScript but without
 * /assets/haven.js (as in reviews.test.mjs and accounts.test.mjs).
 */
async function assertNoAxeViolationsWithoutJs(page, what) {
  const html = await page.content();
  const url = page.url();
  const { page: replay } = await s.newPage();
  await replay.route("**/assets/haven.js", (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript", body: "" }),
  );
  await replay.route(url, (route) =>
    route.request().isNavigationRequest()
      ? route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html })
      : route.continue(),
  );
  await replay.goto(url, { waitUntil: "load" });
  assert.equal(
    await replay.evaluate(() => document.body.classList.contains("govuk-frontend-supported")),
    false,
    "the replayed page ran haven.js",
  );
  await assertNoAxeViolations(replay, `${what} (without JavaScript)`);
  await replay.close();
}

async function assertVisible(page, text) {
  assert.ok(await page.getByText(text).first().isVisible(), `"${text}" is shown`);
}
