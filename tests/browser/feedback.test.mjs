// A person gives feedback on Haven from the phase banner: the GOV.UK form
// with radios and a character count, its error state (with and without
// JavaScript), the confirmation page, and the rows saved in the database
// (read with the sqlite3 CLI once the server has stopped).
//
// Run: node --test tests/browser/   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";

import {
  assertFocusedErrorSummary,
  assertHavenTitle,
  assertNoAxeViolations,
  assertOneVisibleH1,
  assertQuietConsole,
  assertVisible,
  browserSuite,
  nextNavigation,
  settle,
  waitForFrontendJs,
} from "./browser.mjs";

const s = browserSuite();

// The feedback the tests expect the server to have saved, in order.
const saved = [];

const MAX = 1200;
const TOO_LONG = "I would like to see more about training. ".repeat(30).slice(0, MAX + 1);
const TOO_LONG_MESSAGE = `Your comments must be ${MAX} characters or fewer`;

/** The form's fields, found as a person finds them: by their labels. */
function feedbackForm(page) {
  return {
    comments: page.getByLabel("How could we improve Haven?"),
    send: page.getByRole("button", { name: "Send feedback" }),
    radio: (label) => page.getByLabel(label, { exact: true }),
  };
}

/** Click "Send feedback" and resolve to the response of the POST. */
async function send(page) {
  const posted = nextNavigation(page);
  await feedbackForm(page).send.click();
  const res = await posted;
  await page.waitForLoadState("load");
  return res;
}

s.test("a person gives feedback from the phase banner, after missing the question", async () => {
  const { page, log } = await s.open("/");
  await waitForFrontendJs(page);

  // The phase banner's link leads to the form.
  const banner = page.locator(".govuk-phase-banner");
  await Promise.all([
    page.waitForURL(s.url("/feedback")),
    banner.getByRole("link", { name: "give your feedback" }).click(),
  ]);
  await assertOneVisibleH1(page);
  assert.equal(await assertHavenTitle(page), "Give feedback on Haven – Haven");
  await waitForFrontendJs(page);

  // Comments typed but no choice made: the server shows the form again.
  const form = feedbackForm(page);
  const firstComment = 'Finding "Blackpool" schools & colleges <quickly> was easy.';
  await form.comments.fill(firstComment);
  let res = await send(page);
  assert.equal(res.request().method(), "POST");
  assert.equal(res.status(), 422, "POST /feedback with nothing chosen");
  assert.equal(page.url(), s.url("/feedback"), "the form should be shown again at /feedback");
  const title = await page.title();
  assert.equal(title, "Error: Give feedback on Haven – Haven", "title of the form with an error");

  const summary = await assertFocusedErrorSummary(page);
  assert.match(await summary.innerText(), /There is a problem\s+Select how satisfied you are with Haven/);
  const links = summary.locator("a");
  assert.equal(await links.count(), 1, "links in the error summary");
  const firstRadioId = await page.locator('input[name="satisfaction"]').first().getAttribute("id");
  assert.equal(await links.first().getAttribute("href"), `#${firstRadioId}`, "the summary should link to the first radio");
  const message = page.locator("#satisfaction-error");
  await assertVisible(message, "the radios' error message");
  assert.equal((await message.innerText()).replace(/\s+/g, " ").trim(), "Error: Select how satisfied you are with Haven");
  assert.match(
    (await page.locator("fieldset").first().getAttribute("aria-describedby")) ?? "",
    /\bsatisfaction-error\b/,
    "the fieldset is not described by its error message",
  );
  assert.equal(await form.comments.inputValue(), firstComment, "the comments typed should be kept");
  await assertNoAxeViolations(page, "the feedback form with an error");

  await links.first().click();
  assert.equal(
    await page.evaluate(() => document.activeElement?.id ?? ""),
    firstRadioId,
    "the summary link should focus the first radio",
  );

  // Now answered: the person is thanked.
  await form.radio("Satisfied").check();
  const comment = "The agencies list was clear.\nA search box would help.";
  await form.comments.fill(comment);
  res = await send(page);
  assert.equal(res.status(), 200, "GET /feedback/sent after the redirect");
  assert.equal(page.url(), s.url("/feedback/sent"), "post/redirect/get to /feedback/sent");
  const redirect = await res.request().redirectedFrom()?.response();
  assert.equal(redirect?.status(), 303, "POST /feedback should answer 303 See Other");
  saved.push({ satisfaction: "satisfied", comments: comment });

  const panel = page.locator(".govuk-panel--confirmation");
  await assertVisible(panel, "the confirmation panel");
  assert.equal((await panel.locator("h1").innerText()).trim(), "Thank you for your feedback");
  await assertOneVisibleH1(page);
  assert.equal(await page.title(), "Thank you for your feedback – Haven");
  await assertNoAxeViolations(page, "/feedback/sent");

  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: 422 });
  assertQuietConsole(log, { documentUrl: s.url("/feedback") });
});

s.test("the character count says when the comments are too long, and the server agrees", async () => {
  const { page, log } = await s.open("/feedback");
  await waitForFrontendJs(page);
  const form = feedbackForm(page);
  const status = page.locator(".govuk-character-count__status");
  await assertVisible(status, "the character count's message");
  // GOV.UK Frontend formats the number for the locale ("1,200").
  assert.match(await status.innerText(), /^\s*You have 1,?200 characters remaining\s*$/);

  await form.comments.fill("x".repeat(MAX));
  assert.equal((await status.innerText()).trim(), "You have 0 characters remaining");

  await form.comments.fill(TOO_LONG);
  await page
    .waitForFunction(() => /You have 1 character too many/.test(document.querySelector(".govuk-character-count__status")?.textContent ?? ""), null, { timeout: 5_000 })
    .catch(async () => assert.fail(`the character count says "${await status.innerText()}"`));
  assert.ok(await status.evaluate((el) => el.classList.contains("govuk-error-message")), "the message is not shown as an error");
  assert.ok(
    await form.comments.evaluate((el) => el.classList.contains("govuk-textarea--error")),
    "the textarea is not shown in error",
  );
  // Screen readers hear it too (after GOV.UK Frontend's delay).
  await page
    .waitForFunction(() => /1 character too many/.test(document.querySelector(".govuk-character-count__sr-status")?.textContent ?? ""), null, { timeout: 5_000 })
    .catch(() => assert.fail("the screen reader status was not updated"));
  await assertNoAxeViolations(page, "the feedback form with too many characters");

  // The count only warns: sending anyway gets the server's error.
  await form.radio("Neither satisfied nor dissatisfied").check();
  const res = await send(page);
  assert.equal(res.status(), 422, "POST /feedback with too long comments");
  const summary = await assertFocusedErrorSummary(page);
  assert.match(await summary.innerText(), new RegExp(TOO_LONG_MESSAGE));
  assert.equal(await summary.locator("a").first().getAttribute("href"), "#comments");
  assert.equal(await form.comments.inputValue(), TOO_LONG, "the comments typed should be kept");
  await assertNoAxeViolations(page, "the feedback form with too long comments");

  s.assertCleanNetwork(log, { allowDocumentStatus: 422 });
  assertQuietConsole(log, { documentUrl: s.url("/feedback") });
});

s.test("without JavaScript the server rejects comments over 1200 characters", async () => {
  const { page, log } = await s.open("/feedback", { javaScriptEnabled: false });
  const form = feedbackForm(page);
  // No character count: the static hint says the limit.
  assert.equal(await page.locator(".govuk-character-count__status").count(), 0);
  await assertVisible(page.locator("#comments-info"), "the static limit hint");
  assert.equal((await page.locator("#comments-info").innerText()).trim(), `You can enter up to ${MAX} characters`);

  await form.radio("Dissatisfied").check();
  await form.comments.fill(TOO_LONG);
  const res = await send(page);
  assert.equal(res.status(), 422, "POST /feedback with too long comments");
  assert.match(await page.title(), /^Error: /);
  const summary = page.locator(".govuk-error-summary");
  await assertVisible(summary, "the error summary");
  assert.match(await summary.innerText(), new RegExp(TOO_LONG_MESSAGE));
  assert.match(await summary.innerText(), /1200 characters or fewer/);
  const message = page.locator("#comments-error");
  await assertVisible(message, "the comments' error message");
  assert.match(await message.innerText(), new RegExp(TOO_LONG_MESSAGE));
  assert.match((await form.comments.getAttribute("aria-describedby")) ?? "", /\bcomments-error\b/);
  assert.equal(await form.comments.inputValue(), TOO_LONG, "the comments typed should be kept");

  // Shortened, it is saved.
  await form.radio("Dissatisfied").check();
  await form.comments.fill("Shorter now.");
  const done = await send(page);
  assert.equal(done.status(), 200);
  assert.equal(page.url(), s.url("/feedback/sent"));
  saved.push({ satisfaction: "dissatisfied", comments: "Shorter now." });

  s.assertCleanNetwork(log, { allowDocumentStatus: 422 });
  assertQuietConsole(log, { documentUrl: s.url("/feedback") });
});

s.test("the form shown again with an error keeps the satisfaction chosen", async () => {
  const { page } = await s.open("/feedback", { javaScriptEnabled: false });
  const form = feedbackForm(page);
  await form.radio("Very satisfied").check();
  await form.comments.fill(TOO_LONG);
  assert.equal((await send(page)).status(), 422);
  assert.ok(await form.radio("Very satisfied").isChecked(), '"Very satisfied" is no longer chosen');
  const checked = await page.locator('input[name="satisfaction"]:checked').count();
  assert.equal(checked, 1, "radios checked after the error");
});

s.test("a form sent badly encoded is shown again, naming the field, with the rest kept", async () => {
  // A browser always encodes a form; something between it and Haven (or a person crafting one) may not.
  // The comments arrive with a NUL byte (%00): that field is refused, the choice and the page stay.
  const { page, log } = await s.open("/feedback");
  await waitForFrontendJs(page);
  await page.route(s.url("/feedback"), (route) =>
    route.request().method() === "POST"
      ? route.continue({ postData: route.request().postData().replace(/comments=[^&]*/, "comments=abc%00def") })
      : route.continue(),
  );
  const form = feedbackForm(page);
  await form.radio("Satisfied").check();
  await form.comments.fill("abcdef");
  const res = await send(page);
  assert.equal(res.status(), 422, "POST /feedback with comments not correctly encoded");
  assert.equal(await page.title(), "Error: Give feedback on Haven – Haven");
  const summary = await assertFocusedErrorSummary(page);
  assert.match(await summary.innerText(), /Your comments must only include letters, numbers and punctuation/);
  assert.equal(await summary.locator("a").first().getAttribute("href"), "#comments");
  await assertVisible(page.locator("#comments-error"), "the comments' error message");
  assert.ok(await form.radio("Satisfied").isChecked(), "the satisfaction chosen is kept");
  await assertNoAxeViolations(page, "the feedback form with comments not correctly encoded");
  await page.unroute(s.url("/feedback"));
  s.assertCleanNetwork(log, { allowDocumentStatus: 422 });
  assertQuietConsole(log, { documentUrl: s.url("/feedback") });
});

s.test("comments of exactly 1200 characters over several lines are accepted", async () => {
  // The character count counts a line break as one character; browsers send
  // it as CR LF. What the count allows, the server should accept.
  const { page } = await s.open("/feedback");
  await waitForFrontendJs(page);
  const form = feedbackForm(page);
  const lines = Array.from({ length: 10 }, (_, i) => `Line ${i + 1} `.padEnd(119, "z"));
  const text = lines.join("\n").padEnd(MAX, "z");
  assert.equal(text.length, MAX);
  await form.radio("Very dissatisfied").check();
  await form.comments.fill(text);
  assert.equal((await page.locator(".govuk-character-count__status").innerText()).trim(), "You have 0 characters remaining");
  const res = await send(page);
  if (res.status() === 200) saved.push({ satisfaction: "very_dissatisfied", comments: text });
  if (page.url() !== s.url("/feedback/sent")) {
    const summary = await page.locator(".govuk-error-summary").innerText({ timeout: 1_000 }).catch(() => "");
    assert.fail(`the server refused what the character count allowed (${res.status()}): ${summary}`);
  }
});

s.test("the feedback sent is in the database, and nothing else", async () => {
  await s.closeBrowser();
  const code = await s.haven.stop({ keepDir: true });
  assert.equal(code, 0, "haven's exit code");
  try {
    const out = execFileSync(
      "sqlite3",
      ["-readonly", "-json", s.haven.dbPath, "SELECT satisfaction, comments FROM feedback ORDER BY id"],
      { encoding: "utf8" },
    );
    const rows = out.trim() === "" ? [] : JSON.parse(out);
    // Browsers send line breaks as CR LF; compare the text, not the encoding.
    const normalised = rows.map((r) => ({ ...r, comments: r.comments?.replace(/\r\n/g, "\n") ?? null }));
    assert.deepEqual(normalised, saved, "rows in the feedback table");
  } finally {
    rmSync(s.haven.dir, { recursive: true, force: true });
  }
});
