// The levels-of-need tool in a real browser: a practitioner signs in, chooses
// the child's age band and local authority, searches the indicators (the
// ticks survive each search), sees the suggested level with why, the course
// of action and Blackburn with Darwen's contacts, records a Level 3 decision
// and is offered a request for support; the mistakes a person makes get the
// GOV.UK error summary; the whole flow also works with JavaScript disabled;
// and the partnership's versions page with a refused document. Every page is
// checked with axe, "Immediate danger: call 999" is on every tool page, and
// no request leaves Haven.
//
// Run: node --test tests/browser/threshold.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import {
  assertErrorsTiedToFields,
  assertFocusedErrorSummary,
  assertHavenTitle,
  assertNoAxeViolations,
  assertOneVisibleH1,
  assertQuietConsole,
  assertVisible,
  browserSuite,
  mainText,
  nextNavigation,
  waitForFrontendJs,
} from "./browser.mjs";

const s = browserSuite();

// axe over a page of about a hundred indicators takes seconds on a busy machine, and a journey runs it on five pages
const LONG = { timeout: 180_000 };

const PRACTITIONER = { email: "practitioner@demo.haven.example" };
const PARTNERSHIP = { email: "partnership@demo.haven.example" };

/**
 * Every tool page: the 999 warning near the top (above the h1), one h1, a
 * Haven title, and no axe violations. axe needs JavaScript in the page, so a
 * page opened with JavaScript disabled is checked by replaying its HTML in a
 * page with JavaScript but without /assets/haven.js
 * (s.assertNoAxeViolationsWithoutJs), when `replay` is set.
 */
async function checkToolPage(page, what, { js = true, replay = true } = {}) {
  const warning = page.locator(".govuk-warning-text").first();
  await assertVisible(warning, "the immediate danger warning");
  assert.match(await warning.innerText(), /Immediate danger: call 999/);
  const [w, h] = [await warning.boundingBox(), await page.locator("h1").boundingBox()];
  assert.ok(w && h && w.y < h.y, `${what}: the warning comes before the heading`);
  await assertOneVisibleH1(page);
  await assertHavenTitle(page);
  await assertErrorsTiedToFields(page, what, { expectErrors: false });
  if (js) await assertNoAxeViolations(page, what);
  else if (replay) await s.assertNoAxeViolationsWithoutJs(page, what);
}

const searchButton = (page) => page.getByRole("button", { name: "Search and apply the age band" });
const indicator = (page, text) => page.getByRole("checkbox", { name: text, exact: true });

const ATTENDANCE = "Attendance is falling (below about 90%) or the child is often late";
const MEALS = "Basic care is sometimes inconsistent";
const DAMP = "The home is overcrowded, damp or in poor repair";

/** The practitioner's whole journey to a Level 3 decision; returns the decision's URL. */
async function levelThreeJourney(page, { js }) {
  let res = await s.visit(page, "/levels-of-need");
  assert.equal(res.status(), 200);
  if (js) await waitForFrontendJs(page);
  assert.equal(await assertHavenTitle(page), "Levels of need – Haven");
  await checkToolPage(page, "the tool", { js, replay: false });
  const all = await page.locator("input[type=checkbox][name=indicators]").count();
  assert.ok(all >= 60, `the tool lists the framework's indicators (${all})`);

  // choose the age band and local authority, and search
  await page.getByLabel("The child's age band").selectOption({ label: "5 to 11 years" });
  await page.getByLabel("Local authority where the child lives").selectOption({ label: "Blackburn with Darwen" });
  await page.getByLabel("Search the indicators").fill("attendance");
  res = await s.navigateBy(page, searchButton(page));
  assert.equal(res.status(), 200);
  await checkToolPage(page, "the tool searched for attendance", { js, replay: false });
  const shown = await page.locator("input[type=checkbox][name=indicators]").count();
  assert.ok(shown >= 1 && shown < all, `the search narrows the list (${shown} of ${all})`);
  // the choices stay chosen
  assert.equal(await page.getByLabel("The child's age band").inputValue(), "5-11");
  assert.equal(await page.getByLabel("Local authority where the child lives").inputValue(), "889");
  await indicator(page, ATTENDANCE).check();

  // a second search: the first tick is hidden but kept
  await page.getByLabel("Search the indicators").fill("food");
  res = await s.navigateBy(page, searchButton(page));
  assert.match(await mainText(page), /2 ticked|1 ticked, of which 1 hidden/);
  assert.equal(await indicator(page, ATTENDANCE).count(), 0, "the attendance indicator is not shown");
  await indicator(page, MEALS).check();

  // press Enter in the search box: it searches (the first button), and keeps both ticks
  await page.getByLabel("Search the indicators").fill("damp");
  await s.settled(page);
  const done = nextNavigation(page);
  await page.getByLabel("Search the indicators").press("Enter");
  await done;
  await page.waitForLoadState("load");
  assert.match(await mainText(page), /2 ticked, of which 2 hidden by the search/);
  await indicator(page, DAMP).check();

  // clear the search: everything for the age band, the three ticks checked
  await page.getByLabel("Search the indicators").fill("");
  await s.navigateBy(page, searchButton(page));
  for (const text of [ATTENDANCE, MEALS, DAMP]) assert.ok(await indicator(page, text).isChecked(), `${text} stays ticked`);
  assert.equal(await page.getByRole("checkbox", { name: "The young person uses alcohol or drugs regularly" }).count(), 0,
    "an indicator for 12 to 17 only is not shown for 5 to 11");

  // the suggestion
  res = await s.navigateBy(page, page.getByRole("button", { name: "See the suggested level" }));
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "Suggested level of need – Haven");
  await checkToolPage(page, "the suggestion", { js });
  assert.equal((await page.locator("h1").innerText()).trim(), "Suggested level: Level 3 Intensive Support");
  const text = await mainText(page);
  assert.match(text, /raised one level to Level 3/);
  for (const t of [ATTENDANCE, MEALS, DAMP]) assert.ok(text.includes(t), `why: ${t}`);
  assert.match(text, /early help assessment/);
  assert.match(text, /In Blackburn with Darwen/);
  assert.match(text, /Blackburn with Darwen early help team/);
  assert.match(text, /01632 9600\d\d/);

  // record the judgement: agree with Level 3
  await page.getByLabel("Level 3 Intensive Support (suggested)").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record my decision" }));
  assert.equal(res.status(), 200);
  assert.equal((await res.request().redirectedFrom()?.response())?.status(), 303, "post/redirect/get");
  assert.match(page.url(), /\/levels-of-need\/decisions\/\d+$/);
  await checkToolPage(page, "the decision", { js });
  const decision = await mainText(page);
  assert.match(decision, /Your decision is recorded Level 3 Intensive Support/);
  assert.match(decision, /version 2026\.1/);
  assert.equal(await page.locator(".govuk-notification-banner--success").count(), 0, "the panel says it, not a banner too");
  // opened again later: the plain decision, the confirmation was the form's answer only
  await s.visit(page, new URL(page.url()).pathname);
  assert.equal(await page.locator(".govuk-panel--confirmation").count(), 0);
  assert.equal((await page.locator("h1").innerText()).trim(), "Your levels-of-need decision: Level 3 Intensive Support");
  await checkToolPage(page, "the decision opened again", { js });
  const id = page.url().split("/").pop();
  const request = page.getByRole("button", { name: "Make a request for support" });
  await assertVisible(request, "the request for support button");
  assert.equal(await request.getAttribute("href"), `/requests-for-support/new?assessment=${id}`);
  return page.url();
}

s.test("a practitioner uses the tool end to end to a Level 3 decision, with JavaScript", LONG, async () => {
  const { page, log } = await s.signedIn(PRACTITIONER);
  await levelThreeJourney(page, { js: true });
  await s.settled(page);
  assertQuietConsole(log);
  s.assertCleanNetwork(log);
});

s.test("the same journey works with JavaScript disabled", LONG, async () => {
  const { page, log } = await s.signedIn(PRACTITIONER, { javaScriptEnabled: false });
  await levelThreeJourney(page, { js: false });
  await s.settled(page);
  s.assertCleanNetwork(log);
});

s.test("mistakes get the GOV.UK error summary naming the field, and the page keeps what was chosen", LONG, async () => {
  const { page, log } = await s.signedIn(PRACTITIONER);
  await s.visit(page, "/levels-of-need");
  await waitForFrontendJs(page);
  // nothing chosen
  let res = await s.navigateBy(page, page.getByRole("button", { name: "See the suggested level" }));
  assert.equal(res.status(), 422);
  assert.equal(await page.title(), "Error: Levels of need – Haven");
  const summary = await assertFocusedErrorSummary(page);
  const links = await summary.locator("a").evaluateAll((as) => as.map((a) => [a.getAttribute("href"), a.textContent.trim()]));
  assert.deepEqual(links, [
    ["#age_band", "Select the child's age band"],
    ["#la_code", "Select the local authority where the child lives"],
    ["#indicators", "Select at least one indicator you have seen"],
  ]);
  await checkToolPage(page, "the tool with errors");
  await assertErrorsTiedToFields(page, "the tool with errors");
  // following a link reaches its field
  await summary.getByRole("link", { name: "Select at least one indicator you have seen" }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "indicators");

  // a search that shows no indicator, and nothing ticked: the indicators' error lands on the search box
  await page.getByLabel("The child's age band").selectOption("0-4");
  await page.getByLabel("Local authority where the child lives").selectOption("890");
  await page.getByLabel("Search the indicators").fill("zzzz-nothing-matches");
  await s.navigateBy(page, searchButton(page));
  res = await s.navigateBy(page, page.getByRole("button", { name: "See the suggested level" }));
  assert.equal(res.status(), 422);
  assert.match(await mainText(page), /No indicators match the search/);
  const noneShown = await assertErrorsTiedToFields(page, "the tool with errors and no indicator shown");
  assert.deepEqual(noneShown.map((l) => l.href), ["#indicators"]);
  assert.equal(await page.locator("#indicators").getAttribute("name"), "q", "the link lands on the search box");
  await checkToolPage(page, "the tool with errors and no indicator shown");
  await page.getByLabel("Search the indicators").fill("");
  await s.navigateBy(page, searchButton(page));

  // a differing judgement without a reason
  await page.getByLabel("The child's age band").selectOption("0-4");
  await page.getByLabel("Local authority where the child lives").selectOption("890");
  await indicator(page, "Some health appointments or immunisations are missed and the family needs reminders or help to attend").check();
  await s.navigateBy(page, page.getByRole("button", { name: "See the suggested level" }));
  assert.equal((await page.locator("h1").innerText()).trim(), "Suggested level: Level 2 Universal Plus");
  await page.getByLabel("Level 3 Intensive Support").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record my decision" }));
  assert.equal(res.status(), 422);
  await assertVisible(page.locator("#chosen_reason-error"), "the reason's error");
  assert.match(await page.locator(".govuk-error-summary").innerText(), /Explain why you judge the child's needs to be at Level 3 rather than the suggested Level 2/);
  assert.ok(await page.getByLabel("Level 3 Intensive Support").isChecked(), "the chosen level stays chosen");
  await checkToolPage(page, "the suggestion with an error");
  await assertErrorsTiedToFields(page, "the suggestion with an error");
  await page.getByLabel("If your judgement differs from the suggestion, why?").fill("An older sibling was recently excluded.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record my decision" }));
  assert.equal(res.status(), 200);
  assert.match(await mainText(page), /An older sibling was recently excluded\./);
  await checkToolPage(page, "a differing decision");
  assert.equal(log.pageErrors.length, 0);
});

s.test("the partnership's versions page, and a document refused with each problem by its path", LONG, async () => {
  const { page, log } = await s.signedIn(PARTNERSHIP);
  let res = await s.visit(page, "/levels-of-need/framework");
  assert.equal(res.status(), 200);
  await waitForFrontendJs(page);
  await checkToolPage(page, "the versions page");
  assert.match(await mainText(page), /2026\.1 In use/);
  await page.getByLabel("The framework document (JSON)").fill('{"version": "2027.1", "title": "Draft", "colour": "red"}');
  res = await s.navigateBy(page, page.getByRole("button", { name: "Check and publish" }));
  assert.equal(res.status(), 422);
  const summary = await page.locator(".govuk-error-summary").innerText();
  assert.match(summary, /\$\.colour: is not a field of the framework format/);
  assert.match(summary, /\$\.levels: is missing/);
  assert.equal(await page.getByLabel("The framework document (JSON)").inputValue(), '{"version": "2027.1", "title": "Draft", "colour": "red"}');
  await checkToolPage(page, "the versions page with errors");
  await s.settled(page);
  assertQuietConsole({
    consoleErrors: log.consoleErrors.filter((e) => !/status of 422/.test(e.text)),
    pageErrors: log.pageErrors,
  });
});

s.test("stop haven", async () => {
  await s.closeBrowser();
  assert.equal(await s.haven.stop(), 0);
});
