// An agency administrator in a real browser (issue 13): Brookfield Primary
// School's business manager opens their agency's people from the
// dashboard, invites a teacher (first asking for a role the school may not
// hold: the GOV.UK error summary, focused, naming the roles), sees him
// Invited and sends his invitation again from his page, and disables
// then re-enables the school's DSL with the reason (first without one).
// Every page state is checked with axe.
//
// Run: node --test tests/browser/agency-admins.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { sqlText } from "../lib/api.mjs";
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

const s = browserSuite();
const AGENCY_ADMIN = "agencyadmin@demo.haven.example";
const quiet = (log) =>
  assertQuietConsole({ consoleErrors: log.consoleErrors.filter((e) => !/status of 422/.test(e.text)), pageErrors: log.pageErrors });

s.test("an agency administrator sees their agency's people and invites a person to it", async () => {
  const { page, log } = await s.signedIn(AGENCY_ADMIN);
  await waitForFrontendJs(page);
  await s.visit(page, "/dashboard");
  let res = await s.navigateBy(page, page.getByRole("link", { name: "Your agency's people and their accounts" }));
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "Your agency's people – Haven");
  await assertOneVisibleH1(page);
  const table = await page.locator("main table").innerText();
  assert.match(table, /Dee Safeguarding-Lead/);
  assert.doesNotMatch(table, /Lee Larkhill-Lead|Ada Admin/, "only their own agency's people");
  await assertNoAxeViolations(page, "an agency's people");

  res = await s.navigateBy(page, page.getByRole("button", { name: "Invite a person" }));
  assert.equal(res.status(), 200);
  assert.equal(await page.getByLabel("Police", { exact: true }).count(), 0, "a school's form offers no police role");
  assert.equal(await page.getByLabel("Administrator", { exact: true }).count(), 0, "nor the administrator's");
  await assertNoAxeViolations(page, "inviting a person to the agency");
  await page.getByLabel("Full name").fill("Tom Teacher");
  await page.getByLabel("Email address").fill("tom.teacher@brookfield.example");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Send the invitation" }));
  assert.equal(res.status(), 422, "no role chosen");
  await assertFocusedErrorSummary(page);
  const links = await assertErrorsTiedToFields(page, "no role chosen");
  assert.deepEqual(links.map((l) => l.href.replace(/.*#/, "")), ["roles"]);
  assert.equal(await page.getByLabel("Full name").inputValue(), "Tom Teacher", "what was typed is kept");
  await assertNoAxeViolations(page, "inviting with an error");

  await page.getByLabel("Practitioner", { exact: true }).check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Send the invitation" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/agency/users");
  assert.match(await page.locator("main tr", { hasText: "Tom Teacher" }).innerText(), /Practitioner/);
  assert.match(await page.locator(".govuk-notification-banner").innerText(), /invitation is waiting in Haven's outbox: no mail relay is set/,
    "the banner says where the invitation is (no mail relay here)");
  assert.equal(sqlText(s.haven.dbPath, "SELECT count(*) FROM mail_outbox WHERE to_address = 'tom.teacher@brookfield.example'").trim(), "1");

  // until he accepts, he is Invited (not Active), and his page offers the invitation again
  assert.match(await page.locator("main tr", { hasText: "Tom Teacher" }).innerText(), /Invited\s+Its link works until/);
  res = await s.navigateBy(page, page.getByRole("link", { name: "Tom Teacher" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("main dl").innerText(), /Status\s+Invited\s+Its link works until/);
  assert.match(await page.locator("main").innerText(), /A new invitation waits in Haven's outbox, as no mail relay is set, and the link in the earlier one stops working\./,
    "no mail relay here: the resend is not said to be emailed");
  assert.doesNotMatch(await page.locator("main").innerText(), /emailed as the first was/);
  await assertNoAxeViolations(page, "an invited person's page, with Resend invitation");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Resend invitation" }));
  assert.equal(res.status(), 200);
  assert.match(new URL(page.url()).pathname, /^\/agency\/users\/\d+\/invitation$/);
  assert.equal(await page.locator("h1").innerText(), "New invitation for Tom Teacher", "no mail relay here: not said to be sent");
  assert.equal(await page.locator(".govuk-notification-banner").count(), 0, "the panel says it, not a second banner");
  await assertOneVisibleH1(page);
  await assertNoAxeViolations(page, "an invitation sent again");
  assert.equal(sqlText(s.haven.dbPath, "SELECT count(*) FROM mail_outbox WHERE to_address = 'tom.teacher@brookfield.example'").trim(), "1",
    "the first invitation's email, still waiting, is cancelled: he is sent only the link that works");
  assert.match(await page.locator("main").innerText(), /so it goes once Haven's administrators set one\./);
  quiet(log);
});

s.test("an agency administrator disables and re-enables one of their people, saying why", async () => {
  const { page, log } = await s.signedIn(AGENCY_ADMIN);
  await waitForFrontendJs(page);
  await s.visit(page, "/agency/users");
  let res = await s.navigateBy(page, page.getByRole("link", { name: "Dee Safeguarding-Lead" }));
  assert.equal(res.status(), 200);
  const personUrl = page.url();
  await assertOneVisibleH1(page);
  await assertNoAxeViolations(page, "one of the agency's people");

  res = await s.navigateBy(page, page.getByRole("button", { name: "Disable the account" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "disabling without a reason");
  await assertNoAxeViolations(page, "disabling with an error");
  await page.getByLabel("Why").fill("Left the school");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Disable the account" }));
  assert.equal(res.status(), 200);
  // checked first: the person and the reason, which can be changed
  await assertOneVisibleH1(page);
  assert.equal(await page.locator("h1").innerText(), "Check before you disable this account");
  assert.match(await page.locator("#answers").innerText(), /Name\s+Dee Safeguarding-Lead[\s\S]*Why you are disabling the account\s+Left the school/);
  await assertNoAxeViolations(page, "checking before disabling");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Change Why you are disabling the account" }));
  assert.equal(res.status(), 200);
  assert.equal(await page.getByLabel("Why").inputValue(), "Left the school");
  await assertNoAxeViolations(page, "the reason shown again to change");
  await page.getByLabel("Why").fill("Left the school on 31 August");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Disable the account" }));
  assert.match(await page.locator("#answers").innerText(), /Left the school on 31 August/);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Disable the account" }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), personUrl);
  assert.match(await page.locator("main dl").innerText(), /Disabled/);
  await assertNoAxeViolations(page, "a disabled account");
  assert.equal(
    sqlText(s.haven.dbPath, "SELECT reason FROM audit_log WHERE action = 'user.disable' ORDER BY id DESC LIMIT 1;").trim(),
    "Left the school on 31 August",
  );

  await page.getByLabel("Why").fill("Returned as a supply teacher");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Re-enable the account" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("main dl").innerText(), /Active/);

  // someone of another agency is not found
  const other = sqlText(s.haven.dbPath, "SELECT id FROM users WHERE email = 'dsl2@demo.haven.example';").trim();
  res = await page.goto(`${s.haven.url}/agency/users/${other}`);
  assert.equal(res.status(), 404);
  quiet({ consoleErrors: log.consoleErrors.filter((e) => !/status of 404/.test(e.text)), pageErrors: log.pageErrors });
});
