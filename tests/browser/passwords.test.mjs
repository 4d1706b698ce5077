// Passwords in a real browser (issue 13): an administrator invites a person
// (the form's errors first), the person follows the email's link and chooses
// a password (a weak one first), signs in; someone who forgot theirs asks
// for a reset link from the sign-in page, gets the same answer as for an
// unknown address, and chooses a new one; a link that was used says so and
// offers a new one; a signed-in person changes theirs. Every page state is
// checked with axe.
//
// Run: node --test tests/browser/passwords.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { DEMO_PASSWORD, sqlText, until } from "../lib/api.mjs";
import {
  assertErrorsTiedToFields,
  assertFocusedErrorSummary,
  assertHavenTitle,
  assertNoAxeViolations,
  assertOneVisibleH1,
  assertQuietConsole,
  browserSuite,
  waitForFrontendJs,
} from "./browser.mjs";

const s = browserSuite({ demo: true, env: { HAVEN_PUBLIC_URL: "https://haven.example.org" } });

/** The path of the link in the newest email to `to` (read from the outbox, as the email would be). */
function linkPath(to) {
  const body = sqlText(s.haven.dbPath, `SELECT body_text FROM mail_outbox WHERE to_address = '${to}' ORDER BY id DESC LIMIT 1;`);
  const m = body.match(/https:\/\/haven\.example\.org(\/[a-z-]+\/[A-Za-z0-9_-]{43})/);
  assert.ok(m, `a link in the email:\n${body}`);
  return m[1];
}
const quiet = (log) =>
  assertQuietConsole({ consoleErrors: log.consoleErrors.filter((e) => !/status of 4(22|10)/.test(e.text)), pageErrors: log.pageErrors });

s.test("an administrator invites a person, who chooses their own password and signs in", async () => {
  const { page, log } = await s.signedIn("admin@demo.haven.example");
  await waitForFrontendJs(page);
  await s.visit(page, "/admin/users");
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Invite a person" }));
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "Invite a person – Haven");
  await assertOneVisibleH1(page);
  await assertNoAxeViolations(page, "the invitation form");
  await page.getByLabel("Full name").fill("Ivy Invited");
  await page.getByLabel("Email address").fill("not-an-address");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Send the invitation" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  const links = await assertErrorsTiedToFields(page, "an invitation with errors");
  assert.deepEqual(links.map((l) => l.href.replace(/.*#/, "")), ["email", "agency", "roles"]);
  assert.equal(await page.getByLabel("Full name").inputValue(), "Ivy Invited");
  await assertNoAxeViolations(page, "the invitation form with errors");
  await page.getByLabel("Email address").fill("ivy.invited@example.org");
  await page.getByLabel("Agency", { exact: true }).selectOption({ label: "Brookfield Primary School (fictional)" });
  await page.getByLabel("Designated Safeguarding Lead").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Send the invitation" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/admin/users");
  // the banner says where the invitation is (no mail relay here: waiting in the outbox), not only that changes
  // were saved, and the email is in the outbox
  assert.match(await page.locator(".govuk-notification-banner").innerText(), /invitation is waiting in Haven's outbox: no mail relay is set/);
  assert.match(linkPath("ivy.invited@example.org"), /^\/invitations\//);
  quiet(log);

  // the person, in their own browser
  const me = await s.newPage();
  await me.page.goto(s.url(linkPath("ivy.invited@example.org")));
  await waitForFrontendJs(me.page);
  assert.equal(await assertHavenTitle(me.page), "Choose your password – Haven");
  assert.match(await me.page.locator("main").innerText(), /Welcome to Haven, Ivy Invited/);
  // the hint gives every rule a first password is held to, so a newcomer is not refused one it never named
  assert.match(await me.page.locator("#password-hint").innerText(), /not a common password, and without your name or email address in it/);
  await assertNoAxeViolations(me.page, "choosing a password from an invitation");
  await me.page.getByLabel("New password").fill("short");
  res = await s.navigateBy(me.page, me.page.getByRole("button", { name: "Save the password" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(me.page);
  await assertErrorsTiedToFields(me.page, "a weak password");
  await assertNoAxeViolations(me.page, "choosing a password, with an error");
  await me.page.getByLabel("New password").fill("ivy grows on old walls");
  res = await s.navigateBy(me.page, me.page.getByRole("button", { name: "Save the password" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(me.page.url()).pathname, "/password-set");
  await assertNoAxeViolations(me.page, "the password is set");
  // a newcomer had no session to end: the page says to sign in, and only then what ended
  assert.match(await me.page.locator("main").innerText(), /Sign in with your new password\. If you were signed in anywhere, that session has ended/);
  res = await s.navigateBy(me.page, me.page.locator("main").getByRole("link", { name: "Sign in" }));
  await me.page.getByLabel("Email address", { exact: true }).fill("ivy.invited@example.org");
  await me.page.getByLabel("Password", { exact: true }).fill("ivy grows on old walls");
  res = await s.navigateBy(me.page, me.page.getByRole("button", { name: "Sign in", exact: true }));
  assert.equal(new URL(me.page.url()).pathname, "/dashboard");
  quiet(me.log);
});

s.test("a forgotten password: the same answer for any address, then a new password from the link", async () => {
  const { page, log } = await s.open("/sign-in");
  await waitForFrontendJs(page);
  let res = await s.navigateBy(page, page.getByRole("link", { name: "I have forgotten my password" }));
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "Reset your password – Haven");
  await assertNoAxeViolations(page, "asking for a reset");
  await page.getByLabel("Email address").fill("nobody");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Send the link" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "an email address that is not one");
  await assertNoAxeViolations(page, "asking for a reset, with an error");
  await page.getByLabel("Email address").fill("nobody@example.org");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Send the link" }));
  assert.equal(res.status(), 200);
  const unknown = await page.locator("main").innerText();
  await assertNoAxeViolations(page, "the reset answer");
  await s.visit(page, "/password-reset");
  await page.getByLabel("Email address").fill("idva@demo.haven.example");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Send the link" }));
  assert.equal(await page.locator("main").innerText(), unknown, "the same words for an address with an account");

  // the request is answered at once and its email queued just after (reset-timing.test.mjs)
  const path = await until("the reset email", () => {
    try {
      const found = linkPath("idva@demo.haven.example");
      return found.startsWith("/password-reset/") ? found : null;
    } catch {
      return null;
    }
  });
  await s.visit(page, path);
  assert.equal(await assertHavenTitle(page), "Choose a new password – Haven");
  await page.getByLabel("New password").fill("walnut cobalt drizzle 96");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the password" }));
  assert.equal(new URL(page.url()).pathname, "/password-set");
  res = await s.visit(page, path);
  assert.equal(res.status(), 410);
  assert.equal(await assertHavenTitle(page), "This link has already been used – Haven");
  assert.match(await page.locator("main").innerText(), /used already/);
  assert.equal(await page.getByRole("link", { name: "Ask for a new link" }).getAttribute("href"), "/password-reset");
  await assertNoAxeViolations(page, "a used reset link");
  quiet(log);
});

s.test("a signed-in person changes their password", async () => {
  const { page, log } = await s.signedIn("frontdoor@demo.haven.example");
  await waitForFrontendJs(page);
  let res = await s.visit(page, "/account/password");
  assert.equal(res.status(), 200);
  await assertOneVisibleH1(page);
  await assertNoAxeViolations(page, "changing a password");
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password").fill("short");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Change the password" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  const links = await assertErrorsTiedToFields(page, "a wrong current password and a weak new one");
  assert.deepEqual(links.map((l) => l.href.replace(/.*#/, "")), ["current_password", "password"]);
  await assertNoAxeViolations(page, "changing a password, with errors");
  await page.getByLabel("Current password").fill(DEMO_PASSWORD);
  await page.getByLabel("New password").fill("the front door's new passphrase");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Change the password" }));
  assert.equal(new URL(page.url()).pathname, "/password-set");
  res = await s.visit(page, "/dashboard");
  assert.equal(new URL(page.url()).pathname, "/sign-in", "signed out everywhere");
  quiet(log);
});
