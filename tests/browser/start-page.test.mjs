// Browser tests of what a visitor sees on Haven's public pages: the start
// page, the 404 page and the agencies list. They start the real haven binary
// on a fresh demo database and drive Debian's chromium through playwright-core,
// with axe-core checking accessibility (WCAG 2.2 AA); see browser.mjs.
//
// Run: npm run test:browser   (needs build/haven, or HAVEN_BIN=/path/to/haven)

import assert from "node:assert/strict";

import {
  assertFocusedErrorSummary,
  assertNoAxeViolations,
  assertOneVisibleH1,
  assertQuietConsole,
  assertStylesApplied,
  assertTitleHasHaven,
  assertVisible,
  browserSuite,
  nextNavigation,
  settle,
  waitForFrontendJs,
} from "./browser.mjs";

const s = browserSuite();

s.test("start page shows the service to a visitor, cleanly and accessibly", async () => {
  const { page, response, log } = await s.open("/");
  assert.equal(response.status(), 200, "GET / status");
  await assertTitleHasHaven(page);
  await assertOneVisibleH1(page);

  const banner = page.getByRole("banner").first();
  await assertVisible(banner, "the header");
  assert.match(await banner.innerText(), /\bHaven\b/, "header does not show the service name Haven");

  await assertVisible(page.locator(".govuk-phase-banner").first(), "the phase banner");
  await assertVisible(page.getByRole("link", { name: /sign in/i }).first(), 'a "Sign in" link');
  await assertVisible(page.getByRole("contentinfo").first(), "the footer");

  await assertStylesApplied(page);
  // haven.js ran (served as a JavaScript module and allowed by the CSP).
  await waitForFrontendJs(page);

  await settle(page, log);
  s.assertCleanNetwork(log);
  assertQuietConsole(log);
  await assertNoAxeViolations(page, "the start page");
});

s.test("start page works with JavaScript disabled", async () => {
  const { page, response, log } = await s.open("/", { javaScriptEnabled: false });
  assert.equal(response.status(), 200, "GET / status");
  await assertOneVisibleH1(page);
  await assertVisible(page.getByRole("link", { name: /sign in/i }).first(), 'a "Sign in" link');
  await assertStylesApplied(page);
  const supported = await page.evaluate(() => document.body.classList.contains("govuk-frontend-supported"));
  assert.equal(supported, false, "govuk-frontend-supported set without JavaScript");
  s.assertCleanNetwork(log);
});

s.test("an unknown path shows an accessible 404 page", async () => {
  const path = "/no-such-page-for-haven-tests";
  const { page, response, log } = await s.open(path);
  assert.equal(response.status(), 404, `GET ${path} status`);
  await assertTitleHasHaven(page);
  await assertOneVisibleH1(page);
  await assertStylesApplied(page);
  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: 404 });
  assertQuietConsole(log, { documentUrl: s.url(path) });
  await assertNoAxeViolations(page, "the 404 page");
});

s.test("agencies page lists agencies and passes axe", async () => {
  const { page, response, log } = await s.open("/agencies");
  assert.equal(response.status(), 200, "GET /agencies status");
  assert.equal(new URL(page.url()).pathname, "/agencies", "GET /agencies was redirected");
  await assertTitleHasHaven(page);
  await assertOneVisibleH1(page);
  await assertVisible(page.locator("main form").first(), "the filter form");
  await assertStylesApplied(page);
  await settle(page, log);
  s.assertCleanNetwork(log);
  assertQuietConsole(log);
  await assertNoAxeViolations(page, "/agencies");
});

s.test("/agencies with a type it does not know answers 400 with a focused GOV.UK error summary", async () => {
  const { page, response, log } = await s.open("/agencies");
  assert.equal(response.status(), 200, "GET /agencies status");
  await waitForFrontendJs(page);
  const type = page.getByLabel("Type of agency");
  await assertVisible(type, 'the "Type of agency" select');

  // A value the server never offered, as a tampered request would send.
  await type.evaluate((el) => {
    const o = document.createElement("option");
    o.value = "zzz";
    o.textContent = "zzz";
    el.append(o);
  });
  await type.selectOption("zzz");
  const navigated = nextNavigation(page);
  await page.getByRole("button", { name: "Show agencies" }).click();
  const res = await navigated;
  await page.waitForLoadState("load");

  assert.equal(res.status(), 400, "GET /agencies?type=zzz status");
  assert.equal(new URL(page.url()).searchParams.get("type"), "zzz", "the query should carry the choice");
  const title = await page.title();
  assert.match(title, /^Error: .* – Haven$/, `title of a page with errors should start "Error: ", got "${title}"`);

  const summary = await assertFocusedErrorSummary(page);

  // The summary links to the field in error, which shows its own message.
  const link = summary.locator('a[href^="#"]').first();
  await assertVisible(link, "a link in the error summary");
  assert.equal(await link.getAttribute("href"), "#type", "the error summary should link to the type select");
  const message = page.locator("#type-error");
  await assertVisible(message, "the type select's error message");
  assert.match(await message.innerText(), /Select the type of agency/, "the type select's error message");
  assert.match(
    (await type.getAttribute("aria-describedby")) ?? "",
    /\btype-error\b/,
    "the select is not described by its error message",
  );
  await link.click();
  assert.equal(await page.evaluate(() => document.activeElement?.id ?? ""), "type", "the error link should focus the select");

  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: 400 });
  assertQuietConsole(log, { documentUrl: res.url() });
  await assertNoAxeViolations(page, "/agencies with an error");
});

s.test("haven exits 0 on SIGTERM after serving the browser", async () => {
  await s.closeBrowser();
  const code = await s.haven.stop();
  assert.equal(code, 0, `haven exited with ${code}\n${s.haven.stderrLines().slice(-30).join("\n")}`);
});
