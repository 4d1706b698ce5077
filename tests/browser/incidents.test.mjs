// Domestic abuse incidents in a real browser: the police officer records an
// incident on the form (adding a second child's row, an error shown the GOV.UK
// way, then saved), sees one child matched and notified and one waiting, and
// matches the waiting child by hand from the queue; the front door of
// another area sees the list without that incident. Every page state visited
// is checked with axe.
//
// Settings (URNs and start times) are written with the sqlite3 CLI: the
// settings area owns their pages.
//
// Run: node --test tests/browser/incidents.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";
import { sqlText } from "../lib/api.mjs";

import { assertErrorsTiedToFields, assertQuietConsole, browserSuite, dateValue, fillDate } from "./browser.mjs";

const s = browserSuite();
const sql = (query) => sqlText(s.haven.dbPath, query);

/**
 * Every page state: the suite's checks (s.checkPage), and any errors and hints
 * on the page tied to their fields (assertErrorsTiedToFields).
 */
async function checkPage(page, what, options) {
  await s.checkPage(page, what, options);
  await assertErrorsTiedToFields(page, what, { expectErrors: false });
}

// Many pages, each checked with axe (a few seconds each on a busy machine): more than the default time.
s.test("the police record an incident: one child matched and notified, one matched by hand from the queue", { timeout: 120_000 }, async () => {
  sql(`INSERT INTO settings (agency_id, urn, establishment_type, phase, status, school_day_start)
         SELECT id, 119001, 'Community school', 'Primary', 'Open', '08:50' FROM agencies WHERE slug = 'brookfield-primary'
         ON CONFLICT (agency_id) DO UPDATE SET urn = excluded.urn, school_day_start = excluded.school_day_start;
       INSERT INTO settings (agency_id, urn, establishment_type, phase, status, school_day_start)
         SELECT id, 119002, 'Academy converter', 'Secondary', 'Open', '09:00' FROM agencies WHERE slug = 'larkhill-academy'
         ON CONFLICT (agency_id) DO UPDATE SET urn = excluded.urn, school_day_start = excluded.school_day_start;`);
  const { page, log } = await s.signedIn("police@demo.haven.example");

  await page.goto(s.url("/incidents"), { waitUntil: "load" });
  await checkPage(page, "the incident list");
  let res = await s.navigateBy(page, page.getByRole("link", { name: "Record an incident" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the incident form");

  // saved empty: every error by its field, read out with it, the summary's links landing on the fields
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 422);
  const emptyLinks = await assertErrorsTiedToFields(page, "the empty incident form saved");
  for (const field of ["#police_reference", "#occurred_on", "#la_code", "#risk_level"])
    assert.ok(emptyLinks.some((l) => l.href === field), `the summary links to ${field}: ${JSON.stringify(emptyLinks)}`);
  await checkPage(page, "the empty incident form saved");
  // the incident's date with its month left out: named with the other mistakes, only its month box marked
  const occurred = page.getByRole("group", { name: "Date of the incident", exact: true });
  await occurred.getByLabel("Day", { exact: true }).fill("19");
  await occurred.getByLabel("Year", { exact: true }).fill("2025");
  await page.locator("#occurred_time").fill("25:99");
  await page.locator("#adult_1_name").fill("Pat Example");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 422);
  const rowLinks = await assertErrorsTiedToFields(page, "the incident form with wrong dates and a half-filled adult");
  assert.ok(rowLinks.some((l) => l.href === "#occurred_time"), `the summary links to #occurred_time: ${JSON.stringify(rowLinks)}`);
  assert.ok(
    rowLinks.some((l) => l.href === "#occurred_on-month" && /The date of the incident must include a month/.test(l.text)),
    `the summary links to the month box: ${JSON.stringify(rowLinks)}`,
  );
  assert.match(await occurred.getByLabel("Month", { exact: true }).getAttribute("class"), /govuk-input--error/);
  assert.doesNotMatch(await occurred.getByLabel("Day", { exact: true }).getAttribute("class"), /govuk-input--error/);
  await checkPage(page, "the incident form with its date's month left out");

  await page.locator("#police_reference").fill("LC-BROWSER-1");
  await fillDate(page, "Date of the incident", "2025-11-19");
  await page.locator("#occurred_time").fill("19:30");
  await page.locator("#la_code").selectOption({ label: "Blackburn with Darwen" });
  await page.getByLabel("Medium").check();
  await page.locator("#circumstances").fill("Argument between adults; a neighbour called police.");
  await page.locator("#adult_1_name").fill("Pat Example");
  await page.locator("#adult_1_role").selectOption("victim");
  await page.locator("#adult_1_safe_to_call").selectOption("yes");
  await page.locator("#adult_1_safe_to_leave_message").selectOption("no");
  await page.locator("#child_1_given_name").fill("Alex");
  await page.locator("#child_1_family_name").fill("Example");
  await fillDate(page.locator("#child-1"), "Date of birth", "2016-04-12");
  await page.locator("#child_1_present").selectOption("yes");
  await page.locator("#child_1_spoken_to").selectOption("no");

  // a second child's row: the form comes back with everything kept
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add another child" }));
  assert.equal(res.status(), 200);
  assert.equal(await page.locator("#child_1_given_name").inputValue(), "Alex");
  assert.equal(await page.locator("#police_reference").inputValue(), "LC-BROWSER-1");
  // the person is taken back to the row they added, ready to type in it (issue #16, point 12)
  assert.equal(await page.evaluate(() => document.activeElement?.id), "child_2_given_name");
  assert.ok(await page.locator("#child-2").isVisible());
  await checkPage(page, "the form with a second child");
  await page.locator("#child_2_given_name").fill("Morgan");
  await page.locator("#child_2_family_name").fill("Newchild");
  await fillDate(page.locator("#child-2"), "Date of birth", "2015-02-30");
  await page.locator("#child_2_present").selectOption("no");
  await page.locator("#child_2_spoken_to").selectOption("no");

  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 422);
  const summary = page.locator(".govuk-error-summary");
  assert.match(await summary.innerText(), /Child 2's date of birth must be a real date/);
  assert.equal(await summary.locator("a").first().getAttribute("href"), "#child_2_date_of_birth");
  await checkPage(page, "the form with an error");
  await assertErrorsTiedToFields(page, "the form with an error");

  await fillDate(page.locator("#child-2"), "Date of birth", "2015-02-28");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 200);
  // checked before it is sent; Change brings back the form with both children's rows
  await checkPage(page, "checking the incident", { title: "Check the incident before you send it" });
  const answers = await page.locator("#answers").innerText();
  assert.match(answers, /Police reference\s+LC-BROWSER-1/);
  assert.match(answers, /Child 2\s+Morgan Newchild, born 28 February 2015/);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Change Child 2" }));
  assert.equal(res.status(), 200);
  assert.equal(await page.locator("#child_2_given_name").inputValue(), "Morgan");
  assert.equal(await dateValue(page, "Date of the incident"), "2025-11-19", "the date comes back in its boxes");
  assert.equal(await page.locator("#child_1_given_name").inputValue(), "Alex");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Send the incident" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/incidents\/\d+$/);
  const incidentUrl = page.url();
  await checkPage(page, "the incident page");
  const main = (await page.locator("main").innerText()).replace(/\s+/g, " ");
  assert.match(main, /Child 1: Alex Example Matched/);
  assert.match(main, /Brookfield Primary School \(fictional\): due by Thursday 20 November 2025, 08:50 \(GMT\)/);
  assert.match(main, /Child 2: Morgan Newchild Waiting to be resolved/);
  assert.match(main, /No child on the register matches/);

  // the queue, then the child's resolution page
  await page.goto(s.url("/incidents/unresolved"), { waitUntil: "load" });
  await checkPage(page, "the resolution queue");
  res = await s.navigateBy(page, page.getByRole("link", { name: "Match Morgan Newchild" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the resolution page");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Match and notify" }));
  assert.equal(res.status(), 422);
  await checkPage(page, "the resolution page with an error");
  await assertErrorsTiedToFields(page, "the resolution page with an error");
  // what was chosen is kept when the page comes back with errors (WCAG 3.3.7): the setting, with no child
  await page.locator("#setting").selectOption({ label: "Larkhill Academy (fictional) (URN 119002)" });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Match and notify" }));
  assert.equal(res.status(), 422);
  assert.deepEqual((await assertErrorsTiedToFields(page, "the resolution page, a setting but no child")).map((l) => l.href), ["#child"]);
  assert.equal(await page.locator("#setting").inputValue(), "larkhill-academy", "the setting chosen is kept");
  // a child, the setting and home education together: the child, the setting and the tick are all kept
  await page.getByLabel(/None of these/).check();
  await page.getByLabel(/educated at home/).check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Match and notify" }));
  assert.equal(res.status(), 422);
  await assertErrorsTiedToFields(page, "the resolution page, home educated with a setting");
  assert.ok(await page.getByLabel(/None of these/).isChecked(), "the child chosen is kept");
  assert.equal(await page.locator("#setting").inputValue(), "larkhill-academy", "the setting chosen is kept");
  assert.ok(await page.getByLabel(/educated at home/).isChecked(), "home education stays ticked");
  await checkPage(page, "the resolution page, home educated with a setting");
  await page.getByLabel(/educated at home/).uncheck();
  await page.getByLabel(/None of these/).check();
  await page.locator("#setting").selectOption({ label: "Larkhill Academy (fictional) (URN 119002)" });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Match and notify" }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), incidentUrl);
  const after = (await page.locator("main").innerText()).replace(/\s+/g, " ");
  assert.match(after, /Child 2: Morgan Newchild Resolved by hand/);
  assert.match(after, /Larkhill Academy \(fictional\): due by Thursday 20 November 2025, 09:00 \(GMT\)/);
  assert.match(after, /Where Not given/);
  await checkPage(page, "the incident page after matching");
  // Chromium notes each 422 answer (the form with its errors) as a failed load: expected here, nothing else
  const expected = (e) => /^Failed to load resource: .* status of 422/.test(e.text);
  assertQuietConsole({ consoleErrors: log.consoleErrors.filter((e) => !expected(e)), pageErrors: log.pageErrors });
});

s.test("the police find the high-risk incidents with the list's filter, and one by its reference", async () => {
  const { page, log } = await s.signedIn("police");
  await s.visit(page, "/incidents");
  await page.getByLabel("Risk", { exact: true }).selectOption("high");
  await s.navigateBy(page, page.getByRole("button", { name: "Find incidents" }));
  assert.match(new URL(page.url()).search, /risk=high/, "the filter is in the address, to share or go back to");
  await checkPage(page, "the incidents narrowed to high risk");
  const risks = await page.locator("main tbody td[data-label=Risk]").allInnerTexts();
  const high = Number(sql("SELECT count(*) FROM da_incidents WHERE risk_level = 'high';"));
  assert.equal(risks.length, high, "every high-risk incident is listed");
  assert.ok(risks.every((r) => r.trim() === "high"), `only high-risk incidents: ${risks}`);
  assert.equal(await page.getByLabel("Risk", { exact: true }).inputValue(), "high", "the choice is shown again");

  await page.getByLabel("Police reference").fill("DEMO-ENC-0002");
  await page.getByLabel("Risk", { exact: true }).selectOption("");
  await s.navigateBy(page, page.getByRole("button", { name: "Find incidents" }));
  assert.deepEqual(await page.locator("main tbody td[data-label='Police reference']").allInnerTexts(), ["DEMO-ENC-0002"]);
  await s.navigateBy(page, page.getByRole("link", { name: "Show every incident" }));
  assert.equal(page.url(), s.url("/incidents"));
  assertQuietConsole(log);
});

s.test("another area's front door sees its own list, without this incident", async () => {
  const { page, log } = await s.signedIn("frontdoor2@demo.haven.example");
  await page.goto(s.url("/incidents"), { waitUntil: "load" });
  await checkPage(page, "the front door's incident list");
  assert.doesNotMatch(await page.locator("main").innerText(), /LC-BROWSER-1/);
  assertQuietConsole(log);
  await s.closeBrowser();
  assert.equal(await s.haven.stop(), 0);
});
