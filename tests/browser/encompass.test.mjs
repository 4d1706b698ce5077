// Operation Encompass in a real browser: the Key Adult at Brookfield Primary
// (dsl@) signs in, sees the inbox (new and overdue first, status in words),
// opens a new notification, acknowledges it, tries "no action" without a
// reason (the GOV.UK error summary), then records what the setting did; a
// minimal-form notification; the police's escalations list; the
// partnership's figures and settings. Every page state visited is checked
// with axe, and the inbox and a form also without JavaScript.
//
// The demo notifications (src/areas/encompass/demo.sql) are dated from when
// the demo is made, on its settings' school days (demo_sqlite.c): Morgan
// Madeup's is new, Casey Specimen's overdue and in the minimal form, Sam
// Sample's at Seafront escalated.
//
// Tests have longer timeouts than the suite's default: each runs axe on many pages.
//
// Run: node --test tests/browser/encompass.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, assertVisible, browserSuite } from "./browser.mjs";

const s = browserSuite();

/**
 * Every page state: the suite's checks (s.checkPage), and any errors and hints
 * on the page tied to their fields (assertErrorsTiedToFields).
 */
async function checkPage(page, what, options) {
  await s.checkPage(page, what, options);
  await assertErrorsTiedToFields(page, what, { expectErrors: false });
}

/** The inbox rows: { child, status }. */
function inboxRows(page) {
  return page.locator("main table tbody tr").evaluateAll((rows) =>
    rows.map((tr) => ({
      child: tr.querySelector("td a")?.textContent.trim(),
      status: tr.querySelector(".govuk-tag")?.textContent.trim(),
    })),
  );
}

/** The summary lists' rows on a notification page, as { key: value }. */
function summary(page) {
  return page.locator("main dl.govuk-summary-list").evaluateAll((lists) =>
    Object.fromEntries(
      lists.flatMap((dl) =>
        [...dl.querySelectorAll(".govuk-summary-list__row")].map((r) => [
          r.querySelector("dt").textContent.trim(),
          r.querySelector("dd").textContent.replace(/\s+/g, " ").trim(),
        ]),
      ),
    ),
  );
}

s.test("a Key Adult sees the inbox, opens a notification, acknowledges it and records what the setting did", { timeout: 120_000 }, async () => {
  const { page } = await s.signedIn("dsl@demo.haven.example");

  let res = await s.visit(page, "/encompass");
  assert.equal(res.status(), 200);
  await checkPage(page, "the Key Adult's inbox");
  assert.equal(await page.locator("h1").innerText(), "Operation Encompass notifications");
  const rows = await inboxRows(page);
  assert.deepEqual(
    rows.map((r) => r.status),
    ["Overdue", "New", "Action recorded", "Action recorded"],
    "new and overdue first, each status in words",
  );
  assert.deepEqual(rows.slice(0, 2).map((r) => r.child), ["Casey Specimen", "Morgan Madeup"]);
  assert.ok(!rows.some((r) => r.child === "Robin Placeholder"), "Larkhill's children are not in Brookfield's inbox");
  assert.match(await page.locator(".govuk-warning-text").innerText(), /1 overdue/);

  // open the new one: the full statutory content
  await s.navigateBy(page, page.getByRole("link", { name: "Morgan Madeup" }));
  assert.match(page.url(), /\/encompass\/notifications\/\d+$/);
  await checkPage(page, "a new notification");
  let rowsShown = await summary(page);
  assert.equal(rowsShown.Name, "Morgan Madeup");
  assert.equal(rowsShown["Date of birth"], "14 February 2017");
  assert.equal(rowsShown["Police reference"], "DEMO-ENC-0002");
  assert.equal(rowsShown["Police force"], "Lancashire Constabulary (demo)", "the full form names the force that sent it");
  assert.match(rowsShown.Location, /22 Sample Street/);
  assert.match(rowsShown["Present at the incident"], /^Yes: Upstairs in bed/);
  assert.equal(rowsShown["Spoken to by police"], "No");
  assert.equal(rowsShown.Acknowledged, "Not yet");
  assert.equal(await page.getByRole("button", { name: "Record what the setting did" }).count(), 0, "no action before acknowledging");

  // acknowledge
  res = await s.navigateBy(page, page.getByRole("button", { name: "Acknowledge" }));
  assert.equal(res.status(), 200);
  assert.equal((await res.request().redirectedFrom()?.response())?.status(), 303, "post/redirect/get");
  await checkPage(page, "an acknowledged notification");
  rowsShown = await summary(page);
  assert.match(rowsShown.Acknowledged, /at \d{1,2}:\d{2}[ap]m by Dee Safeguarding-Lead$/);
  assert.equal(await page.locator("main .govuk-tag").first().innerText(), "Acknowledged");
  assert.equal(await page.getByRole("button", { name: "Acknowledge", exact: true }).count(), 0, "acknowledged once");

  // no action without a reason: the error summary, focused, naming the field
  await page.getByLabel("No action (give the reason)").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record what the setting did" }));
  assert.equal(res.status(), 422);
  const errors = await assertFocusedErrorSummary(page);
  assert.match(await errors.innerText(), /Enter the reason the setting is taking no action/);
  assert.equal(await errors.locator("a").first().getAttribute("href"), "#detail");
  assert.ok(await page.getByLabel("No action (give the reason)").isChecked(), "the choice is kept");
  assert.match(await page.title(), /^Error: /);
  await checkPage(page, "the action form with an error");

  // record support offered
  await page.getByLabel("Support offered").check();
  await page.getByLabel("Details").fill("Learning mentor check-in each morning this week.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record what the setting did" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "a notification with the action recorded");
  rowsShown = await summary(page);
  assert.match(rowsShown.Action, /^Support offered: Learning mentor check-in each morning this week\. \(.* by Dee Safeguarding-Lead\)$/);
  assert.equal(await page.locator("main .govuk-tag").first().innerText(), "Action recorded");
  assert.equal(await page.locator("main form").count(), 0, "nothing left to answer");

  await s.navigateBy(page, page.getByRole("link", { name: "Back to notifications" }));
  const after = await inboxRows(page);
  assert.deepEqual(after.find((r) => r.child === "Morgan Madeup"), { child: "Morgan Madeup", status: "Action recorded" });

  // the minimal form: only the name, date of birth, date and time, and presence
  await s.navigateBy(page, page.getByRole("link", { name: "Casey Specimen" }));
  await checkPage(page, "a minimal notification");
  rowsShown = await summary(page);
  assert.deepEqual(
    Object.keys(rowsShown).sort(),
    ["Acknowledged", "Action", "Date and time", "Date of birth", "Deadline", "Delivered", "Name", "Present at the incident"].sort(),
  );
  assert.doesNotMatch(await page.locator("main").innerText(), /Placeholder Close|DEMO-ENC-0003|happens a lot/);
  assert.match(await page.locator("main").innerText(), /deadline has passed/);
});

s.test("a Key Adult narrows the inbox to the notifications waiting, then to those acknowledged", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn("dsl2@demo.haven.example");
  await s.visit(page, "/encompass");
  const all = await inboxRows(page);
  await page.getByLabel("Show", { exact: true }).selectOption("acknowledged");
  await s.navigateBy(page, page.getByRole("button", { name: "Show notifications" }));
  assert.match(new URL(page.url()).search, /show=acknowledged/);
  await checkPage(page, "the inbox, acknowledged only");
  const acknowledged = await inboxRows(page);
  assert.ok(acknowledged.length > 0 && acknowledged.every((r) => r.status !== "New" && r.status !== "Overdue"), JSON.stringify(acknowledged));
  await page.getByLabel("Show", { exact: true }).selectOption("waiting");
  await s.navigateBy(page, page.getByRole("button", { name: "Show notifications" }));
  await checkPage(page, "the inbox, waiting only");
  const waiting = await inboxRows(page);
  assert.equal(waiting.length + acknowledged.length, all.length, "waiting and acknowledged make the whole inbox");
});

s.test("the inbox and the action form work and pass axe without JavaScript", { timeout: 90_000 }, async () => {
  const { page } = await s.signedIn("dsl2@demo.haven.example", { javaScriptEnabled: false });
  let res = await s.visit(page, "/encompass");
  assert.equal(res.status(), 200);
  await checkPage(page, "dsl2's inbox", { js: false });
  const rows = await inboxRows(page);
  assert.deepEqual(rows.map((r) => r.status), ["Acknowledged", "Action recorded"]);
  await s.navigateBy(page, page.getByRole("link", { name: "Robin Placeholder" }).first());
  await checkPage(page, "an acknowledged notification", { js: false });
  await page.getByLabel("Referral made").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record what the setting did" }));
  assert.equal(res.status(), 200);
  assert.match((await summary(page)).Action, /^Referral made/);
  await checkPage(page, "a notification with its action recorded", { js: false });
});

s.test("on a phone, the demo's deadlines are school-day starts, a minimal notification names the force to ask, and a late acknowledgement is one status", { timeout: 120_000 }, async () => {
  const { page } = await s.signedIn("dsl@demo.haven.example", { viewport: { width: 375, height: 812 } });
  const fitsTheScreen = async (what) => {
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= inner, `${what} fits 375px without scrolling sideways (${scroll} > ${inner})`);
  };
  await s.visit(page, "/encompass");
  await checkPage(page, "the inbox on a phone");
  await fitsTheScreen("the inbox");
  // a notification is due at the start of the setting's next school day (Brookfield's: 8:45am), never
  // in the evening or at a weekend, as the page's introduction says
  assert.match(await page.locator("main p").first().innerText(), /the start of your setting's next school day after the incident/);
  const deadlines = await page.locator('main td[data-label="Deadline"]').allInnerTexts();
  assert.ok(deadlines.length >= 4, JSON.stringify(deadlines));
  for (const due of deadlines) assert.match(due, /^(Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} \w+ \d{4} at 8:45am$/);

  // the minimal form says whom to ask for more: the force that sent it, and how
  await s.navigateBy(page, page.getByRole("link", { name: "Casey Specimen" }));
  await checkPage(page, "a minimal notification on a phone");
  await fitsTheScreen("a minimal notification");
  const main = await page.locator("main").innerText();
  assert.match(main, /contact Lancashire Constabulary \(demo\), the police force that sent it, through your usual police contact for Operation Encompass or on 101/);
  assert.doesNotMatch(main, /Contact them for anything more/);

  // acknowledged after its deadline: one status, and the row says how late
  await s.navigateBy(page, page.getByRole("button", { name: "Acknowledge" }));
  await checkPage(page, "a notification acknowledged late, on a phone");
  await fitsTheScreen("a notification acknowledged late");
  const tags = await page.locator("main .govuk-tag").allInnerTexts();
  assert.deepEqual(tags, ["Acknowledged late"], "one status, not two tags saying it twice");
  assert.match((await summary(page)).Acknowledged, /by Dee Safeguarding-Lead, (\d+ (day|hour|minute)s?( \d+ (hour|minute)s?)?) after the deadline$/);
  await s.navigateBy(page, page.getByRole("link", { name: "Back to notifications" }));
  await fitsTheScreen("the inbox after");
  const row = page.locator("main tbody tr", { has: page.getByRole("link", { name: "Casey Specimen" }) });
  assert.equal((await row.locator('td[data-label="Status"]').innerText()).trim(), "Acknowledged late");
});

s.test("the police see late notifications; the partnership sees the figures and changes the settings", { timeout: 120_000 }, async () => {
  const { page: police } = await s.signedIn("police@demo.haven.example");
  let res = await s.visit(police, "/encompass/escalations");
  assert.equal(res.status(), 200);
  await checkPage(police, "the escalations list");
  assert.match(await police.locator("main table").innerText(), /DEMO-ENC-0004[\s\S]*Seafront Primary School[\s\S]*Not acknowledged/);
  await s.navigateBy(police, police.getByRole("link", { name: "DEMO-ENC-0004" }));
  await checkPage(police, "an escalated notification read by the police");
  assert.match(await police.locator("main").innerText(), /Escalated to the local authority and the police/);

  const { page: partnership } = await s.signedIn("partnership@demo.haven.example");
  res = await s.visit(partnership, "/encompass/figures");
  assert.equal(res.status(), 200);
  await checkPage(partnership, "the figures");
  assert.match(await partnership.locator("main").innerText(), /Blackburn with Darwen/);
  // A chart above the tables, named and described for screen readers, a bar per area in the
  // tables below, each as long as its notifications (the longest the longest).
  const chart = partnership.getByRole("img", { name: "Notifications sent in the period, by area" });
  await assertVisible(chart, "the chart of notifications by area");
  assert.match(await chart.getAttribute("aria-labelledby"), /-desc\b/, "the chart's description is read out");
  const bars = await chart.locator("rect").evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("width"))));
  const areaHeadings = await partnership.locator("main h2.govuk-heading-m").allInnerTexts();
  assert.equal(bars.length, areaHeadings.filter((h) => !/whole partnership/.test(h)).length, "a bar per area");
  const sent = await chart.locator("text").evaluateAll((texts) => texts.filter((_, i) => i % 2 === 1).map((t) => Number(t.textContent)));
  const longest = Math.max(...sent);
  sent.forEach((n, i) => assert.equal(bars[i] === Math.max(...bars), n === longest && n > 0, `bar ${i} (${n}) is the longest only if it has the most`));
  // Shares of a small base are shown with their counts: "1 of 2 (50%)".
  assert.match(await partnership.locator("main dl").first().innerText(), /Delivered before the deadline\s+(\d+ of \d+ \(\d+%\)|No notifications)/);
  await partnership.getByLabel("Area", { exact: true }).selectOption("blackpool");
  await s.navigateBy(partnership, partnership.getByRole("button", { name: "Show the figures" }));
  assert.match(partnership.url(), /la=blackpool/);
  await checkPage(partnership, "the figures for one area");
  const oneArea = await partnership.locator("main h2.govuk-heading-m").allInnerTexts();
  assert.match(oneArea[0], /^Blackpool, /, "the totals are headed as the area chosen's, not the whole partnership's");
  await partnership.locator("main details summary").first().click();
  await checkPage(partnership, "the figures with the weeks open");

  res = await s.visit(partnership, "/encompass/settings");
  assert.equal(res.status(), 200);
  await checkPage(partnership, "the domestic abuse settings");
  await partnership.getByLabel("Escalate a notification").fill("a week");
  res = await s.navigateBy(partnership, partnership.getByRole("button", { name: "Save the settings" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(partnership);
  await checkPage(partnership, "the settings with an error");
  await partnership.getByLabel("Escalate a notification").fill("90");
  await partnership.getByLabel(/The minimal form/).check();
  res = await s.navigateBy(partnership, partnership.getByRole("button", { name: "Save the settings" }));
  assert.equal(res.status(), 200);
  await checkPage(partnership, "the settings saved");
  assert.match(await partnership.locator(".govuk-notification-banner").innerText(), /The settings were saved/);
  assert.equal(await partnership.getByLabel("Escalate a notification").inputValue(), "90");
  assert.ok(await partnership.getByLabel(/The minimal form/).isChecked());

  await s.closeBrowser();
  assert.equal(await s.haven.stop(), 0);
});
