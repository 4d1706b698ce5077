// Setting the partnership up in a real browser (issue 13): the administrator
// opens the set-up checklist, adds a local authority area (first with a code
// outside 100-999 and one already used: the GOV.UK error summary, focused,
// naming the box; then its slug made from its name, the banner saying what
// was added and offering the way back to the checklist), adds an agency in
// two areas (first with nothing filled in, then a school with two areas:
// each error by its field, what was typed and ticked kept; its slug left
// blank, made from its name), and changes it (first into a second front door
// for Lancashire, refused on its areas); then the steps that were commands only,
// each from the checklist's link: the partnership's name, an area's school
// term dates (a CSV with a bad date refused by its row, then a good one) and
// gov.uk's bank holidays (a file that is not JSON refused, then the file),
// and a bank holiday the government moved removed from the list (its Remove
// link named for screen readers, a reason refused when empty, then "Are you
// sure?"). Every page state is checked with axe.
//
// Run: node --test tests/browser/partnership-setup.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import {
  assertErrorsTiedToFields,
  assertFocusedErrorSummary,
  assertHavenTitle,
  assertNoAxeViolations,
  assertOneVisibleH1,
  assertQuietConsole,
  browserSuite,
  mainText,
  waitForFrontendJs,
} from "./browser.mjs";

const s = browserSuite();
const ADMIN = "admin@demo.haven.example";

s.test("the set-up checklist says what is done and links to where each step is done", async () => {
  const { page, log } = await s.signedIn(ADMIN);
  const res = await s.visit(page, "/admin/setup");
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "Setting up the partnership – Haven");
  await assertOneVisibleH1(page);
  const items = await page.locator(".govuk-task-list__item").evaluateAll((lis) =>
    lis.map((li) => [li.querySelector(".govuk-task-list__name-and-hint > :first-child").textContent.trim(),
      li.querySelector(".govuk-task-list__status").textContent.trim()]),
  );
  const status = Object.fromEntries(items);
  assert.equal(status["Local authority areas"], "Completed");
  assert.equal(status["Agencies"], "Completed");
  assert.equal(status["Mail relay"], "Not done yet");
  assert.equal(items.length, 10);
  assert.equal(await page.getByRole("link", { name: "Local authority areas" }).getAttribute("href"), "/admin/local-authorities");
  await assertNoAxeViolations(page, "the set-up checklist");
  // the first users are invited, as the accounts page offers first, not given a password by the administrator
  const next = await s.navigateBy(page, page.getByRole("link", { name: "The first users" }));
  assert.equal(next.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/admin/invitations/new");
  assert.equal(await assertHavenTitle(page), "Invite a person – Haven");
  assertQuietConsole(log);
});

s.test("an administrator adds a local authority area, after the errors say what is wrong", async () => {
  const { page, log } = await s.signedIn(ADMIN);
  await waitForFrontendJs(page);
  let res = await s.visit(page, "/admin/local-authorities");
  assert.equal(res.status(), 200);
  assert.equal(await page.locator("main table tbody tr").count(), 3, "the demo's three areas");
  await assertNoAxeViolations(page, "the local authority areas");

  await page.getByLabel("DfE local authority code").fill("1000");
  await page.getByLabel("Name", { exact: true }).fill("Testshire");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the area" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /between 100 and 999/);
  await assertErrorsTiedToFields(page, "a code out of range");
  assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "Testshire", "what was typed is kept");
  await assertNoAxeViolations(page, "the local authority areas with an error");

  await page.getByLabel("DfE local authority code").fill("888");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the area" }));
  assert.equal(res.status(), 422);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /already in the partnership/);
  await assertErrorsTiedToFields(page, "a code already used");

  await page.getByLabel("DfE local authority code").fill("999");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the area" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/admin/local-authorities");
  assert.match(await page.locator("main table").innerText(), /999\s+Testshire\s+testshire/, "the slug made from the name");
  const banner = page.locator(".govuk-notification-banner--success");
  assert.match(await banner.innerText(), /The local authority area was added/);
  await assertNoAxeViolations(page, "the local authority areas, one added");
  res = await s.navigateBy(page, banner.getByRole("link", { name: "Back to setting up the partnership" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/admin/setup");
  assertQuietConsole(log, { documentUrl: s.url("/admin/local-authorities") });
});

s.test("an administrator adds an agency in two areas and changes it", async () => {
  const { page, log } = await s.signedIn(ADMIN);
  await waitForFrontendJs(page);
  let res = await s.visit(page, "/admin/agencies");
  assert.equal(res.status(), 200);
  await assertNoAxeViolations(page, "the agencies");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add an agency" }));
  assert.equal(res.status(), 200);
  await assertOneVisibleH1(page);
  await assertNoAxeViolations(page, "the add-an-agency form");

  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the agency" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  const links = await assertErrorsTiedToFields(page, "an empty form");
  // in the order the form asks (the name comes before the short name), not the order they are checked
  // the slug is not asked for: it is made from the name
  assert.deepEqual(links.map((l) => l.href.replace(/.*#/, "")), ["name", "type"]);
  await assertNoAxeViolations(page, "the add-an-agency form with errors");

  await page.getByLabel("Name", { exact: true }).fill("Moorland Youth Justice Service (fictional)");
  await page.getByLabel("Type of agency").selectOption({ label: "School" });
  await page.getByLabel("Blackpool (890)").check();
  await page.getByLabel("Lancashire (888)").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the agency" }));
  assert.equal(res.status(), 422);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /exactly one local authority code/);
  await assertErrorsTiedToFields(page, "a school in two areas");
  assert.equal(await page.getByLabel("Name", { exact: true }).inputValue(), "Moorland Youth Justice Service (fictional)", "what was typed is kept");
  assert.equal(await page.getByLabel("Slug (optional)").inputValue(), "", "the slug left blank, still to be made");
  assert.equal(await page.getByLabel("Blackpool (890)").isChecked(), true, "what was ticked is kept");
  assert.equal(await page.getByLabel("Lancashire (888)").isChecked(), true);

  await page.getByLabel("Type of agency").selectOption({ label: "Youth justice" });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the agency" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/admin/agencies");
  const row = page.locator("main tr", { hasText: "Moorland Youth Justice Service (fictional)" });
  assert.match(await row.innerText(), /Youth justice\s+Blackpool, Lancashire/);
  assert.match(await page.locator(".govuk-notification-banner--success").innerText(),
    /The agency was added\s+Back to setting up the partnership/);
  await assertNoAxeViolations(page, "the agencies, one added");
  assert.equal(await row.getByRole("link", { name: /Change/ }).getAttribute("href"),
    "/admin/agencies/moorland-youth-justice-service-fictional/edit", "the slug made from the name");

  res = await s.navigateBy(page, row.getByRole("link", { name: /Change/ }));
  assert.equal(res.status(), 200);
  assert.equal(await page.getByLabel("Blackpool (890)").isChecked(), true, "its areas are ticked");
  await assertNoAxeViolations(page, "the change-an-agency form");
  await page.getByLabel("Blackpool (890)").uncheck();
  await page.getByLabel("Name", { exact: true }).fill("Moorland Youth Justice (fictional)");
  // Lancashire's children's services are its front door already: a second is refused on its areas
  await page.getByLabel("Type of agency").selectOption({ label: "Local authority children's services" });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the changes" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator(".govuk-error-summary").innerText(),
    /Lancashire \(888\) is already the area of Lancashire County Council children's services \(demo\)/);
  await assertErrorsTiedToFields(page, "a second front door for an area");
  await assertNoAxeViolations(page, "the change-an-agency form with a second front door refused");
  await page.getByLabel("Type of agency").selectOption({ label: "Youth justice" });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the changes" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("main tr", { hasText: "Moorland Youth Justice (fictional)" }).innerText(),
    /Youth justice\s+Lancashire/);
  // the refused forms' 422s (the add form's and the change form's) are what was meant; nothing else
  const refused = [s.url("/admin/agencies"), s.url("/admin/agencies/moorland-youth-justice-service-fictional")];
  assertQuietConsole({
    consoleErrors: log.consoleErrors.filter((e) => !(refused.includes(e.url) && /status of 422/.test(e.text))),
    pageErrors: log.pageErrors,
  });
});

// The steps that were commands only: each linked from the checklist to a page an administrator uses.
s.test("an administrator names the partnership from the checklist's link, after an empty name is refused", async () => {
  const { page, log } = await s.signedIn(ADMIN);
  await waitForFrontendJs(page);
  await s.visit(page, "/admin/setup");
  let res = await s.navigateBy(page, page.getByRole("link", { name: "The partnership itself" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/admin/partnership");
  assert.equal(await assertHavenTitle(page), "The partnership's name – Haven");
  await assertOneVisibleH1(page);
  const box = page.getByLabel("The partnership's name");
  assert.ok((await box.inputValue()).length > 0, "the name as it is");
  await assertNoAxeViolations(page, "the partnership's name");

  await box.fill("");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the name" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "an empty name");
  await assertNoAxeViolations(page, "the partnership's name with an error");

  await page.getByLabel("The partnership's name").fill("Moorland Safeguarding Partnership (fictional)");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the name" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/admin/setup");
  assert.match(await page.locator("main").innerText(), /The partnership's name is saved/);
  assert.match(await page.locator("#partnership-hint").innerText(), /Moorland Safeguarding Partnership \(fictional\)/);
  assertQuietConsole(log, { documentUrl: s.url("/admin/partnership") }); // the refused name was a 422
});

s.test("an administrator uploads an area's term dates, after a file with a bad date is refused naming its row", async () => {
  const { page, log } = await s.signedIn(ADMIN);
  await waitForFrontendJs(page);
  await s.visit(page, "/admin/setup");
  let res = await s.navigateBy(page, page.getByRole("link", { name: "School term dates" }));
  assert.equal(new URL(page.url()).pathname, "/admin/local-authorities");
  res = await s.navigateBy(page, page.getByRole("link", { name: "Term dates for Lancashire" }));
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "School term dates: Lancashire – Haven");
  await assertOneVisibleH1(page);
  assert.match(await mainText(page), /No terms are known for Lancashire yet/);
  assert.equal(await page.getByRole("link", { name: "Back to setting up the partnership" }).getAttribute("href"), "/admin/setup");
  await assertNoAxeViolations(page, "an area's term dates");

  const csv = (rows) => ({ name: "terms.csv", mimeType: "text/csv", buffer: Buffer.from(["name,first_day,last_day", ...rows].join("\n") + "\n") });
  await page.getByLabel("A CSV file of term dates").setInputFiles(csv(["Autumn 2026,2026-09-03,2026-12-18", "Spring 2027,2027-01-05,2027-02-30"]));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Upload the term dates" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /Row 3: last_day must be a real date/);
  await assertErrorsTiedToFields(page, "a term with a bad date");
  await assertNoAxeViolations(page, "an area's term dates with an error");
  assert.match(await mainText(page), /No terms are known for Lancashire yet/, "nothing was imported");

  await page.getByLabel("A CSV file of term dates").setInputFiles(csv(["Autumn 2026,2026-09-03,2026-12-18", "Spring 2027,2027-01-05,2027-03-26"]));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Upload the term dates" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/admin/local-authorities/888/term-dates");
  assert.match(await mainText(page), /The term dates are saved/);
  assert.match(await page.locator("main table").innerText(), /Autumn 2026\s+3 September 2026\s+18 December 2026\s+Spring 2027\s+5 January 2027\s+26 March 2027/);
  await assertNoAxeViolations(page, "an area's term dates, saved");
  assert.match(await page.locator(".govuk-notification-banner--success").innerText(), /Back to setting up the partnership/);
  assert.equal(await page.locator("main").getByRole("link", { name: "Back to setting up the partnership" }).count(), 2,
    "the banner's link and the page's own");
  assertQuietConsole(log, { documentUrl: s.url("/admin/local-authorities/888/term-dates") });
});

s.test("an administrator uploads gov.uk's bank holidays, after a file that is not JSON is refused", async () => {
  const { page, log } = await s.signedIn(ADMIN);
  await waitForFrontendJs(page);
  await s.visit(page, "/admin/setup");
  let res = await s.navigateBy(page, page.getByRole("link", { name: "Bank holidays" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/admin/bank-holidays");
  assert.equal(await assertHavenTitle(page), "Bank holidays – Haven");
  await assertOneVisibleH1(page);
  assert.match(await mainText(page), /Known from\s+1 January 2019/);
  await assertNoAxeViolations(page, "the bank holidays");

  const file = page.getByLabel("gov.uk's bank-holidays.json file");
  await file.setInputFiles({ name: "bank-holidays.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from("PK\x03\x04 not json") });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Upload the bank holidays" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /The file is not JSON/);
  await assertErrorsTiedToFields(page, "a file that is not JSON");
  await assertNoAxeViolations(page, "the bank holidays with an error");

  const govuk = { "england-and-wales": { division: "england-and-wales", events: [
    { title: "New Year’s Day", date: "2028-01-03", notes: "Substitute day", bunting: true },
    { title: "Christmas Day", date: "2028-12-25", notes: "", bunting: true }] } };
  await page.getByLabel("gov.uk's bank-holidays.json file").setInputFiles({ name: "bank-holidays.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(govuk)) });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Upload the bank holidays" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/admin/bank-holidays");
  assert.match(await mainText(page), /The bank holidays are saved/);
  assert.match(await mainText(page), /Known until\s+25 December 2028/);
  assertQuietConsole(log, { documentUrl: s.url("/admin/bank-holidays") });
});

s.test("an administrator removes a bank holiday the government moved, after a reason and Are you sure?", async () => {
  const { page, log } = await s.signedIn(ADMIN);
  await waitForFrontendJs(page);
  await s.visit(page, "/admin/bank-holidays");
  // each holiday's Remove link names its date for a screen reader
  let res = await s.navigateBy(page, page.getByRole("link", { name: "Remove the bank holiday on 25 May 2026" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/admin/bank-holidays/2026-05-25/remove");
  assert.equal(await assertHavenTitle(page), "Remove a bank holiday – Haven");
  await assertOneVisibleH1(page);
  assert.match(await mainText(page), /Spring bank holiday, 25 May 2026/);
  await assertNoAxeViolations(page, "removing a bank holiday");

  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /Enter why the bank holiday is removed/);
  await assertErrorsTiedToFields(page, "no reason");
  await assertNoAxeViolations(page, "removing a bank holiday with an error");

  await page.getByLabel("Why is it removed?").fill("Moved to Tuesday 26 May");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 200);
  assert.match(await mainText(page), /Are you sure 25 May 2026 is not a bank holiday\?/);
  assert.match(await mainText(page), /Why: Moved to Tuesday 26 May/);
  await assertNoAxeViolations(page, "are you sure the bank holiday is removed");

  res = await s.navigateBy(page, page.getByRole("button", { name: "Yes, remove the bank holiday" }));
  assert.equal(res.status(), 200);
  assert.equal(new URL(page.url()).pathname, "/admin/bank-holidays");
  assert.match(await mainText(page), /The bank holiday is removed: it counts as a working day/);
  assert.equal(await page.getByRole("link", { name: "Remove the bank holiday on 25 May 2026" }).count(), 0);
  assert.equal(await page.getByRole("link", { name: "Remove the bank holiday on 4 May 2026" }).count(), 1);
  await assertNoAxeViolations(page, "the bank holidays after one is removed");
  assertQuietConsole(log, { documentUrl: s.url("/admin/bank-holidays/2026-05-25/remove") }); // the empty reason was a 422
});
