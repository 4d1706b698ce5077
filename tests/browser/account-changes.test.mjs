// One person's account in a real browser (issue 13): the administrator opens
// a person from the accounts list, changes their roles and agency (first
// without saying why: the GOV.UK error summary, focused, naming the box),
// and re-enables a disabled account with the reason. Every page state is
// checked with axe.
//
// Run: node --test tests/browser/account-changes.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { sqlText } from "../lib/api.mjs";
import { runHaven } from "../lib/haven.mjs";
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
const ADMIN = "admin@demo.haven.example";

s.test("an administrator changes a person's roles and agency, saying why", async () => {
  const { page, log } = await s.signedIn(ADMIN);
  await waitForFrontendJs(page);
  await s.visit(page, "/admin/users");
  let res = await s.navigateBy(page, page.getByRole("link", { name: "Priya Practitioner", exact: true }));
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "Priya Practitioner – Haven");
  await assertOneVisibleH1(page);
  assert.equal(await page.getByLabel("Practitioner", { exact: true }).isChecked(), true, "their roles are ticked");
  await assertNoAxeViolations(page, "a person's account");

  // the front door's role is a local authority's: moving to one and taking it together
  await page.getByLabel("Front door (MASH)", { exact: true }).check();
  await page.getByLabel("Agency", { exact: true }).selectOption({ label: "Lancashire County Council children's services (demo)" });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the changes" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  const links = await assertErrorsTiedToFields(page, "no reason given");
  assert.deepEqual(links.map((l) => l.href.replace(/.*#/, "")), ["reason"]);
  assert.equal(await page.getByLabel("Front door (MASH)", { exact: true }).isChecked(), true, "what was ticked is kept");
  await assertNoAxeViolations(page, "a person's account with an error");

  await page.getByLabel("Why").fill("Joined the MASH (ticket 12)");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the changes" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/admin/users");
  const row = page.locator("main tr", { hasText: "Priya Practitioner" });
  assert.match(await row.innerText(), /Lancashire County Council children's services \(demo\)/);
  assert.match(await row.innerText(), /Front door \(MASH\)/);
  assertQuietConsole({ consoleErrors: log.consoleErrors.filter((e) => !/status of 422/.test(e.text)), pageErrors: log.pageErrors });
});

s.test("an administrator re-enables a disabled account, saying why", async () => {
  const r = runHaven(["user", "disable", "--db", s.haven.dbPath, "--email", "idva2@demo.haven.example", "--reason", "Left the partnership"]);
  assert.equal(r.status, 0, r.stderr);
  const { page, log } = await s.signedIn(ADMIN);
  await waitForFrontendJs(page);
  await s.visit(page, "/admin/users");
  let res = await s.navigateBy(page, page.locator("main tr", { hasText: "idva2@demo.haven.example" }).getByRole("link").first());
  assert.equal(res.status(), 200);
  const accountUrl = page.url();
  assert.equal(await page.getByRole("button", { name: "Re-enable the account" }).count(), 1);
  assert.equal(await page.getByLabel("Agency", { exact: true }).count(), 0, "a disabled account's roles are not changed here");
  await assertNoAxeViolations(page, "a disabled account");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Re-enable the account" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "re-enabling without a reason");
  await assertNoAxeViolations(page, "a disabled account with an error");
  await page.getByLabel("Why").fill("Back from leave");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Re-enable the account" }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), accountUrl);
  assert.match(await page.locator("main dl").innerText(), /Active/);
  assertQuietConsole({ consoleErrors: log.consoleErrors.filter((e) => !/status of 422/.test(e.text)), pageErrors: log.pageErrors });
});

s.test("an administrator sees the dormant accounts by agency", async () => {
  // as if Sam Scrutineer's account was made 100 days ago and never used
  sqlText(s.haven.dbPath, "UPDATE users SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-100 days') WHERE email = 'scrutineer@demo.haven.example';");
  const { page, log } = await s.signedIn(ADMIN);
  await s.visit(page, "/admin/users");
  const res = await s.navigateBy(page, page.getByRole("link", { name: "Dormant accounts" }));
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "Dormant accounts – Haven");
  await assertOneVisibleH1(page);
  const table = page.locator("main table", { hasText: "Sam Scrutineer" });
  assert.match(await table.locator("caption").innerText(), /Children's Safeguarding Assurance Partnership \(demo\) \(1\)/);
  await assertNoAxeViolations(page, "the dormant accounts");
  assertQuietConsole(log);
});

s.test("an administrator checks whose account they are disabling before it is disabled", async () => {
  const { page, log } = await s.signedIn(ADMIN);
  await waitForFrontendJs(page);
  await s.visit(page, "/admin/users");
  const row = page.locator("main tr", { hasText: "dsl2@demo.haven.example" });
  let res = await s.navigateBy(page, row.getByRole("link", { name: /^Disable/ }));
  assert.equal(res.status(), 200);
  await assertOneVisibleH1(page);
  assert.match(await page.locator("h1").innerText(), /^Disable the account of /);
  assert.match(await page.locator(".govuk-warning-text").innerText(), /signed out everywhere at once/);
  await assertNoAxeViolations(page, "disabling an account");
  // the reason is required: without it the page asks for it by its field
  const form = page.url();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Disable the account" }));
  assert.equal(res.status(), 422);
  await page.locator(".govuk-error-summary a[href='#reason']").waitFor();
  await assertNoAxeViolations(page, "disabling an account without a reason");
  await page.getByLabel("Why you are disabling the account").fill("Left the school on 31 August");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Disable the account" }));
  assert.equal(res.status(), 200);
  await assertOneVisibleH1(page);
  assert.equal(await page.locator("h1").innerText(), "Check before you disable this account");
  assert.match(await page.locator("#answers").innerText(), /Left the school on 31 August/);
  assert.match(await page.locator("#answers").innerText(), /Email\s+dsl2@demo\.haven\.example/);
  await assertNoAxeViolations(page, "checking before disabling an account");
  const active = () => sqlText(s.haven.dbPath, "SELECT disabled_at IS NULL FROM users WHERE email = 'dsl2@demo.haven.example';").trim();
  assert.equal(active(), "1", "not disabled until confirmed");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Disable the account" }));
  assert.equal(res.status(), 200);
  assert.match(new URL(page.url()).pathname, /^\/admin\/users\/\d+$/, "the person's page, saying Disabled");
  assert.equal(active(), "0");
  assertQuietConsole(log, { documentUrl: form }); // the refused form's own 422
});
