// Serious incident reviews and their learning in a real browser: the
// partnership team's dashboard of cases (deadlines and status tags), a case's
// task list and each task's page (recording the notification, adding a milestone, an
// invalid date in the GOV.UK date input and its error summary; every date read in words), recording a new incident,
// the themes page, a review's actions and briefings, the figures page;
// who sees what (a member practitioner, the scrutineer); and the list and a
// form without JavaScript. Every page state visited is checked with axe.
//
// The demo cases (src/areas/reviews/demo.sql): 1 SI-2025-001 Child A
// (published), 2 SI-2026-001 Child B (local review at risk), 3 SI-2026-002
// Child C (a looked-after child's death, the panel not yet notified).
// Deadlines are worked out from today, so the tests accept either side of a
// deadline where the day matters ("Due" or "Overdue", "At risk" or "Overdue").
//
// Run: node --test tests/browser/reviews.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { plusDays } from "../lib/api.mjs";
import {
  assertHavenTitle,
  assertNoAxeViolations,
  assertOneVisibleH1,
  assertQuietConsole,
  assertVisible,
  browserSuite,
  mainText,
  settle,
  WAIT,
  waitForFrontendJs,
  dateInWords,
  dateValue,
  fillDate,
} from "./browser.mjs";

const s = browserSuite();

const PARTNERSHIP = { email: "partnership@demo.haven.example" };
const PRACTITIONER = { email: "practitioner@demo.haven.example" };
const SCRUTINEER = { email: "scrutineer@demo.haven.example" };

const CASES = [
  { id: 1, reference: "SI-2025-001", child: "Child A" },
  { id: 2, reference: "SI-2026-001", child: "Child B" },
  { id: 3, reference: "SI-2026-002", child: "Child C" },
];

// Pages say dates in words (dateInWords): due dates with their weekday.
const words = (iso) => dateInWords(iso);
const dueWords = (iso) => dateInWords(iso, { weekday: true });
const DUE_IN_WORDS = String.raw`[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4}`;

// ---- helpers ----

/** The redirect before the page now shown answered 303 (post/redirect/get). */
async function assertRedirected(res, what) {
  assert.equal(res.request().method(), "GET", `${what}: the page shown after the POST`);
  assert.equal((await res.request().redirectedFrom()?.response())?.status(), 303, `${what} should answer 303`);
}

/** The rows of the reviews table, each { reference, cells, tags: [{ text, cls }] }. */
function reviewRows(page) {
  return page.locator("main table tbody tr").evaluateAll((rows) =>
    rows.map((tr) => ({
      reference: tr.querySelector("td a")?.textContent.trim(),
      href: tr.querySelector("td a")?.getAttribute("href"),
      cells: [...tr.querySelectorAll("td")].map((td) => td.textContent.replace(/\s+/g, " ").trim()),
      tags: [...tr.querySelectorAll(".govuk-tag")].map((t) => ({ text: t.textContent.trim(), cls: t.className })),
      // the local review's tag (the eighth cell)
      cspr: [...tr.querySelectorAll("td:nth-child(8) .govuk-tag")].map((t) => ({ text: t.textContent.trim(), cls: t.className }))[0],
    })),
  );
}

/** The summary list's rows on a case page, as { key: value }. */
function summaryRows(page) {
  return page.locator("main dl.govuk-summary-list").first().evaluate((dl) =>
    Object.fromEntries(
      [...dl.querySelectorAll(".govuk-summary-list__row")].map((r) => [
        r.querySelector("dt").textContent.trim(),
        r.querySelector("dd").textContent.replace(/\s+/g, " ").trim(),
      ]),
    ),
  );
}

/** No console errors but Chromium's note that a document at one of paths was a 4xx. */
/** The case's task list as { task name: status }. */
function taskStatuses(page) {
  return page.locator("main .govuk-task-list__item").evaluateAll((items) =>
    Object.fromEntries(
      items.map((li) => [
        li.querySelector(".govuk-task-list__name-and-hint > :first-child").textContent.trim(),
        li.querySelector(".govuk-task-list__status").textContent.replace(/\s+/g, " ").trim(),
      ]),
    ),
  );
}

function assertQuietConsoleBut(log, paths) {
  const urls = paths.map((p) => s.url(p));
  const expected = (e) =>
    urls.some((u) => e.url === u || e.url.startsWith(`${u}?`)) &&
    /^Failed to load resource: .* status of 4\d\d/.test(e.text);
  assertQuietConsole({ consoleErrors: log.consoleErrors.filter((e) => !expected(e)), pageErrors: log.pageErrors });
}

/** The error summary: shown, focused, and its first link's target. */
async function assertErrorState(page, { title, message, field }) {
  assert.equal(await page.title(), `Error: ${title} – Haven`);
  const summary = page.locator(".govuk-error-summary");
  await assertVisible(summary.first(), "the GOV.UK error summary");
  await page
    .waitForFunction(() => document.activeElement?.closest(".govuk-error-summary") != null, null, { timeout: WAIT })
    .catch(() => assert.fail("the error summary did not receive focus"));
  assert.match(await summary.first().innerText(), /There is a problem/);
  assert.match(await summary.first().innerText(), message);
  assert.equal(await summary.first().locator("a").first().getAttribute("href"), `#${field}`);
  await assertVisible(page.locator(`#${field}-error`), `the error message for ${field}`);
  assert.match(await page.locator(`#${field}-error`).innerText(), message);
  return summary;
}

// ---- 1. the partnership team ----

s.test("the partnership team sees every case with its deadlines, and the overdue or at-risk ones stand out", async () => {
  const { page, log } = await s.signedIn(PARTNERSHIP, { reuseSession: true });
  await waitForFrontendJs(page);
  const res = await s.visit(page, "/reviews");
  assert.equal(res.status(), 200, "GET /reviews by the partnership");
  assert.equal(await assertHavenTitle(page), "Serious incident reviews – Haven");
  await assertOneVisibleH1(page);
  assert.equal((await page.locator("main table caption").innerText()).trim(), "3 cases");
  const headers = await page.locator("main table thead th").allInnerTexts();
  assert.deepEqual(
    headers.map((h) => h.trim()),
    ["Reference", "Child", "Harm", "Local authority", "Became aware", "Notify the panel by", "Rapid review by", "Local review",
      "Earliest deadline not met"],
  );

  const rows = await reviewRows(page);
  assert.deepEqual(
    rows.map((r) => r.reference).sort(),
    CASES.map((c) => c.reference),
    "the cases listed",
  );
  for (const c of CASES) {
    const row = rows.find((r) => r.reference === c.reference);
    assert.equal(row.href, `/reviews/${c.id}`, `${c.reference}'s link`);
    assert.equal(row.cells[1], c.child, `${c.reference}'s child`);
    // The panel's notification deadline: a date and a status tag.
    assert.match(row.cells[5], new RegExp(`^${DUE_IN_WORDS} (Met|Done late|Due|Overdue)$`), `${c.reference}'s notification`);
  }
  const byRef = Object.fromEntries(rows.map((r) => [r.reference, r]));
  // Child A: notified in time, the review published.
  assert.equal(byRef["SI-2025-001"].cells[5], `${dueWords("2025-06-09")} Met`);
  assert.match(byRef["SI-2025-001"].cells[7], /^Published publish by 7 January 2026$/);
  // Child B: the local review is due 6 months from commissioning: at risk (yellow) or overdue (red).
  const childB = byRef["SI-2026-001"].cspr;
  assert.match(childB.text, /^(At risk|Overdue)$/, "Child B's local review");
  assert.match(childB.cls, /govuk-tag--(yellow|red)\b/, "Child B's local review stands out");
  assert.match(byRef["SI-2026-001"].cells[7], /publish by 15 December 2026/);
  // Child C: the panel not yet notified: due (or overdue) with a date; the rapid review waits for it.
  assert.match(byRef["SI-2026-002"].cells[5], new RegExp(`^${dueWords("2026-11-27")} (Due|Overdue)$`));
  assert.equal(byRef["SI-2026-002"].cells[6], "Waiting for the notification");
  assert.equal(byRef["SI-2026-002"].cells[7], "Not commissioned");
  // the earliest deadline not met: Child C's notification (overdue once past); nothing outstanding for Child A
  assert.match(byRef["SI-2026-002"].cells[8], new RegExp(`^${dueWords("2026-11-27")}( Overdue)?$`));
  assert.equal(byRef["SI-2025-001"].cells[8], "None");
  // Whatever the day, something in the table stands out.
  const standOut = rows.flatMap((r) => r.tags).filter((t) => /govuk-tag--(red|yellow)\b/.test(t.cls));
  assert.ok(standOut.length >= 1, "no overdue or at-risk tag in the list");

  await assertVisible(page.locator("main").getByRole("link", { name: "Record a serious incident" }), '"Record a serious incident"');
  await assertVisible(page.getByRole("link", { name: "Review themes and settings" }), "the themes link");
  await assertNoAxeViolations(page, "/reviews (partnership)");

  await settle(page, log);
  s.assertCleanNetwork(log);
  assertQuietConsole(log);
});

s.test("the partnership opens Child C's case, records the notification after an invalid date, and sees it", async () => {
  const { page, log } = await s.signedIn(PARTNERSHIP, { reuseSession: true });
  await s.visit(page, "/reviews");
  let res = await s.navigateBy(page, page.locator("main table").getByRole("link", { name: "SI-2026-002" }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/reviews/3"));
  assert.equal(await assertHavenTitle(page), "SI-2026-002 Child C – Haven");
  await assertOneVisibleH1(page);
  assert.equal((await page.locator("h1").innerText()).replace(/\s+/g, " ").trim(), "SI-2026-002 Child C");
  let rows = await summaryRows(page);
  assert.equal(rows.Harm, "Death (a looked-after child)");
  assert.equal(rows["Became aware"], "20 November 2026");
  assert.match(rows["Notify the national panel"], new RegExp(`^by ${dueWords("2026-11-27")} (Due|Overdue)$`));
  assert.equal(rows["Rapid review"], "Waiting for the notification");
  assert.equal(rows.Decision, "Not yet made");
  // The case is a task list, in the order the work is done, each task with its status.
  assert.deepEqual(await taskStatuses(page), {
    "Notify the national panel": "Not yet started",
    "Agencies' information": "Not yet started",
    "Rapid review and decision": "Cannot start yet",
    "Local child safeguarding practice review": "Cannot start yet",
    "Milestones of the local review": "Cannot start yet",
    Themes: "Completed",
    "Actions and learning": "Not yet started",
    "Review group": "Completed",
  });
  assert.equal(await page.getByRole("link", { name: "Rapid review and decision" }).count(), 0, "a task that cannot start is a link");
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "/reviews/3");

  // The agencies' information is due 5 working days after the notification deadline.
  res = await s.navigateBy(page, page.getByRole("link", { name: "Agencies' information" }));
  assert.equal(page.url(), s.url("/reviews/3/contributions"));
  assert.equal(await assertHavenTitle(page), "Agencies' information: SI-2026-002 Child C – Haven");
  const contributions = await page.locator("main table tbody tr").allInnerTexts();
  assert.equal(contributions.length, 2, "agencies asked for information");
  for (const row of contributions) assert.match(row, new RegExp(`${dueWords("2026-12-04")}\\s+(Due|Overdue)`));
  await assertNoAxeViolations(page, "/reviews/3/contributions");
  res = await s.navigateBy(page, page.getByRole("link", { name: "Back to the case's tasks" }));
  assert.equal(page.url(), s.url("/reviews/3"));

  res = await s.navigateBy(page, page.getByRole("link", { name: "Notify the national panel" }));
  assert.equal(page.url(), s.url("/reviews/3/notification"));
  assert.equal(await assertHavenTitle(page), "Notify the national panel: SI-2026-002 Child C – Haven");
  // A looked-after child's death: Ofsted and the Secretary of State are asked for too.
  await assertVisible(page.getByRole("group", { name: "Date Ofsted was told" }), "the Ofsted date");
  await assertVisible(page.getByRole("group", { name: "Date the Secretary of State was told" }), "the Secretary of State date");
  await assertNoAxeViolations(page, "/reviews/3/notification");

  // An impossible date: the page again, the error summary focused.
  const notified = "Date the national panel was notified"; // the date input's question
  const save = page.getByRole("button", { name: "Save the notification" });
  await fillDate(page, notified, "2026-13-45");
  res = await s.navigateBy(page, save);
  assert.equal(res.request().method(), "POST");
  assert.equal(res.status(), 422, "POST /reviews/3/notification with an invalid date");
  assert.equal(page.url(), s.url("/reviews/3/notification"));
  await assertErrorState(page, {
    title: "Notify the national panel: SI-2026-002 Child C",
    message: /The date the national panel was notified must be a real date/,
    field: "panel_notified_on",
  });
  assert.equal(await dateValue(page, notified), "2026-13-45", "the date typed should be kept");
  await assertNoAxeViolations(page, "/reviews/3 with an invalid notification date");
  // The summary's link takes the person to the field.
  await page.locator(".govuk-error-summary a[href='#panel_notified_on']").first().click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "panel_notified_on");

  // A real date, yesterday or later than awareness: the case again, with it.
  const date = plusDays(-1) >= "2026-11-20" ? plusDays(-1) : "2026-11-20";
  await fillDate(page, notified, date);
  res = await s.navigateBy(page, save);
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/reviews/3"));
  await assertRedirected(res, "POST /reviews/3/notification");
  assert.equal(await page.locator(".govuk-error-summary").count(), 0, "an error summary after a valid date");
  rows = await summaryRows(page);
  assert.match(rows["Notify the national panel"], new RegExp(`^by ${dueWords("2026-11-27")} (Met|Done late) sent ${words(date)}$`));
  assert.match(rows["Rapid review"], new RegExp(`^by ${DUE_IN_WORDS} (Due|Overdue)$`), "the rapid review's deadline, now set");
  const statuses = await taskStatuses(page);
  assert.equal(statuses["Notify the national panel"], "In progress", "Ofsted and the Secretary of State are still to be told");
  assert.equal(statuses["Rapid review and decision"], "Not yet started", "the rapid review can start");
  await s.navigateBy(page, page.getByRole("link", { name: "Notify the national panel" }));
  assert.equal(await dateValue(page, notified), date, "the boxes show the date recorded");
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "/reviews/3/notification after recording the notification");

  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: 422 });
  assertQuietConsoleBut(log, ["/reviews/3/notification"]);
});

s.test("the partnership adds a milestone to Child B's local review", async () => {
  const { page, log } = await s.signedIn(PARTNERSHIP, { reuseSession: true });
  let res = await s.visit(page, "/reviews/2");
  assert.equal(res.status(), 200);
  const rows = await summaryRows(page);
  assert.match(rows["Local review"], /^(At risk|Overdue) publish by 15 December 2026 \(6 months from commissioning\)$/);
  assert.match(
    await page.locator("main dl .govuk-tag").last().getAttribute("class"),
    /govuk-tag--(yellow|red)\b/,
    "the local review's tag stands out",
  );
  const before = (await taskStatuses(page))["Milestones of the local review"];
  assert.equal(before, "In progress", "Child B's milestones, some reached");
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "/reviews/2");

  res = await s.navigateBy(page, page.getByRole("link", { name: "Milestones of the local review" }));
  assert.equal(page.url(), s.url("/reviews/2/milestones"));
  const milestones = page.locator("main ul.govuk-list").first().locator("li");
  assert.equal(await milestones.count(), 3, "Child B's milestones");
  assert.match(await milestones.nth(0).innerText(), new RegExp(`Terms of reference agreed: due ${dueWords("2026-07-03")}, reached 2 July 2026`));
  await assertNoAxeViolations(page, "/reviews/2/milestones");

  const form = page.locator("form[action='/reviews/2/milestones']");
  await form.getByLabel("Milestone").fill("Final report to the partnership");
  // the date input's boxes: the day box has the field's id
  await form.locator("#due_on").fill("29");
  await form.locator("#due_on-month").fill("1");
  await form.locator("#due_on-year").fill("2027");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the milestone" }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/reviews/2"));
  await assertRedirected(res, "POST /reviews/2/milestones");
  assert.equal((await taskStatuses(page))["Milestones of the local review"], "In progress");
  await s.navigateBy(page, page.getByRole("link", { name: "Milestones of the local review" }));
  const after = page.locator("main ul.govuk-list").first().locator("li");
  assert.equal(await after.count(), 4, "milestones after adding one");
  assert.ok(
    (await after.allInnerTexts()).some((t) => t.includes(`Final report to the partnership: due ${dueWords("2027-01-29")}`)),
    "the new milestone is listed",
  );
  await assertVisible(
    page.getByRole("button", { name: /^Reached milestone: Final report to the partnership$/ }),
    'the new milestone\'s "Reached" button',
  );
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "/reviews/2/milestones after adding a milestone");

  // marking it reached, in the row's own date input
  const reached = plusDays(-1);
  await fillDate(page, "Date Final report to the partnership was reached", reached);
  res = await s.navigateBy(page, page.getByRole("button", { name: /^Reached milestone: Final report to the partnership$/ }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/reviews/2"));
  await s.navigateBy(page, page.getByRole("link", { name: "Milestones of the local review" }));
  assert.ok(
    (await page.locator("main ul.govuk-list").first().locator("li").allInnerTexts()).some((t) =>
      t.includes(`Final report to the partnership: due ${dueWords("2027-01-29")}, reached ${words(reached)}`),
    ),
    "the milestone is reached, its date in words",
  );

  await settle(page, log);
  s.assertCleanNetwork(log);
  assertQuietConsole(log);
});

s.test("the partnership records a new incident, after sending the form empty, and lands on the new case", async () => {
  const { page, log } = await s.signedIn(PARTNERSHIP, { reuseSession: true });
  let res = await s.visit(page, "/reviews/new");
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/reviews/new"));
  assert.equal(await assertHavenTitle(page), "Record a serious incident – Haven");
  await assertOneVisibleH1(page);
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "/reviews/new");

  const submit = page.getByRole("button", { name: "Record the incident" });
  res = await s.navigateBy(page, submit);
  assert.equal(res.status(), 422, "POST /reviews with nothing filled in");
  assert.equal(page.url(), s.url("/reviews"));
  const summary = await assertErrorState(page, {
    title: "Record a serious incident",
    message: /pseudonym/i,
    field: "child_pseudonym",
  });
  const links = await summary.first().locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  for (const field of ["#child_pseudonym", "#la", "#harm", "#circumstances", "#aware_on"]) {
    assert.ok(links.includes(field), `the error summary has no link to ${field}: ${links.join(", ")}`);
  }
  await assertNoAxeViolations(page, "/reviews/new with errors");

  await page.getByLabel("The child's pseudonym").fill("Child D");
  await page.getByLabel("Local authority", { exact: true }).selectOption({ label: "Blackpool" });
  await page.getByLabel("The child was seriously harmed").check();
  await page.getByLabel("No", { exact: true }).check();
  await page.getByLabel("Circumstances").fill("Fictional test case: a toddler was admitted with unexplained burns.");
  await fillDate(page, "Date the local authority became aware", plusDays(-2));
  await page.getByLabel("Blackpool Council children's services (demo)", { exact: true }).check();
  await page.getByLabel("Demo Teaching Hospitals NHS Trust", { exact: true }).check();
  res = await s.navigateBy(page, submit);
  assert.equal(res.status(), 200);
  await assertRedirected(res, "POST /reviews");
  assert.match(page.url(), new RegExp(`^${s.url("/reviews/")}\\d+$`), "lands on the new case");
  assert.notEqual(page.url(), s.url("/reviews/new"));
  const h1 = (await page.locator("h1").innerText()).replace(/\s+/g, " ").trim();
  assert.match(h1, /^SI-\d{4}-\d{3} Child D$/);
  const rows = await summaryRows(page);
  assert.equal(rows.Harm, "Serious harm");
  assert.equal(rows["Local authority"], "Blackpool");
  assert.equal(rows["Became aware"], words(plusDays(-2)));
  assert.match(rows["Notify the national panel"], new RegExp(`^by ${DUE_IN_WORDS} (Due|Overdue)$`));
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "the new case");
  await s.navigateBy(page, page.getByRole("link", { name: "Agencies' information" }));
  const agencies = await page.locator("main table tbody tr td:first-child").allInnerTexts();
  assert.deepEqual(
    agencies.map((a) => a.trim()).sort(),
    ["Blackpool Council children's services (demo)", "Demo Teaching Hospitals NHS Trust"],
  );

  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: 422 });
  assertQuietConsoleBut(log, ["/reviews"]);
});

s.test("the partnership sees the review themes and settings", async () => {
  const { page, log } = await s.signedIn(PARTNERSHIP, { reuseSession: true });
  await s.visit(page, "/reviews");
  const res = await s.navigateBy(page, page.getByRole("link", { name: "Review themes and settings" }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/reviews/themes"));
  assert.equal(await assertHavenTitle(page), "Review themes and settings – Haven");
  await assertOneVisibleH1(page);
  const themes = (await page.locator("main table tbody tr td:first-child").allInnerTexts()).map((t) => t.trim());
  for (const name of ["Neglect", "Safer sleep"]) {
    assert.ok(themes.some((t) => t.toLowerCase() === name.toLowerCase()), `"${name}" among the themes: ${themes}`);
  }
  assert.equal(await page.getByLabel("Months from commissioning to publication").inputValue(), "6");
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "/reviews/themes");
  await settle(page, log);
  s.assertCleanNetwork(log);
  assertQuietConsole(log);
});

s.test("the partnership adds a theme and renames it on its own page, by its number, with the error summary first", async () => {
  const { page, log } = await s.signedIn(PARTNERSHIP, { reuseSession: true });
  await s.visit(page, "/reviews/themes");
  await page.getByLabel("Add a theme").fill("Online harm");
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Add the theme" }));
  assert.equal(res.status(), 200);
  await assertRedirected(res, "POST /reviews/themes");

  res = await s.navigateBy(page, page.getByRole("link", { name: "Rename Online harm" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), new RegExp(`^${s.url("/reviews/themes/")}\\d+$`), "the theme's page is by its number");
  const themeUrl = page.url();
  assert.equal(await assertHavenTitle(page), "Rename a theme – Haven");
  await assertOneVisibleH1(page);
  assert.equal(await page.getByLabel("New name").inputValue(), "Online harm");
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "/reviews/themes/{id}");

  // a name another theme has: the page again, the error summary first, what was typed kept
  await page.getByLabel("New name").fill("Neglect");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Rename the theme" }));
  assert.equal(res.status(), 422);
  assert.equal(page.url(), themeUrl);
  await assertVisible(page.locator(".govuk-error-summary").getByRole("link", { name: "There is already a theme with this name" }), "the error summary");
  assert.equal(await page.getByLabel("New name").inputValue(), "Neglect");
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "/reviews/themes/{id} with an error");

  await page.getByLabel("New name").fill("Harm online");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Rename the theme" }));
  assert.equal(res.status(), 200);
  await assertRedirected(res, "POST /reviews/themes/{id}");
  assert.equal(page.url(), s.url("/reviews/themes"));
  await assertVisible(page.getByText("The theme was renamed"), "the banner");
  const themes = (await page.locator("main table tbody tr td:first-child").allInnerTexts()).map((t) => t.trim());
  assert.ok(themes.includes("Harm online") && !themes.includes("Online harm"), `renamed: ${themes}`);
  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: 422 });
  assertQuietConsoleBut(log, [new URL(themeUrl).pathname]);
});

s.test("the partnership adds an action and a published briefing to Child B's review, and the briefing is listed", async () => {
  const { page, log } = await s.signedIn(PARTNERSHIP, { reuseSession: true });
  let res = await s.visit(page, "/reviews/2/actions");
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "Actions and learning: SI-2026-001 – Haven");
  await assertOneVisibleH1(page);
  assert.match(await mainText(page), /No actions yet/);
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "/reviews/2/actions");

  const form = page.locator("form[action='/reviews/2/actions']");
  await form.getByLabel("Recommendation").fill("Health visitors check safe handling advice at every contact.");
  await form.getByLabel("Owner agency").selectOption({ label: "Demo Teaching Hospitals NHS Trust" });
  await form.getByLabel("Lead").fill("Head of safeguarding (fictional)");
  const due = form.getByRole("group", { name: "Due date", exact: true });
  await due.getByLabel("Day", { exact: true }).fill("31");
  await due.getByLabel("Month", { exact: true }).fill("3");
  await due.getByLabel("Year", { exact: true }).fill("2027");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the action" }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/reviews/2/actions"));
  await assertRedirected(res, "POST /reviews/2/actions");
  const card = page.locator(".govuk-summary-card").filter({ hasText: "Health visitors check safe handling" });
  await assertVisible(card, "the new action");
  assert.match(await card.locator(".govuk-summary-card__title").innerText(), /^Action \d+: Not started$/);
  const text = (await card.innerText()).replace(/\s+/g, " ");
  assert.match(text, /Demo Teaching Hospitals NHS Trust, led by Head of safeguarding \(fictional\)/);
  assert.match(text, new RegExp(`Due ${dueWords("2027-03-31")}`));
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "/reviews/2/actions with an action");

  // completing it, the date in the action's own date input
  const completed = plusDays(-3);
  await card.locator("summary").click();
  await card.getByLabel("Status").selectOption({ label: "Complete" });
  await card.getByLabel("Evidence of completion").fill("Checked at every contact since the audit (fictional).");
  await fillDate(card, "Date completed", completed);
  await assertNoAxeViolations(page, "/reviews/2/actions with an action's date input open");
  res = await s.navigateBy(page, card.getByRole("button", { name: /^Save action \d+$/ }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/reviews/2/actions"));
  assert.match((await card.innerText()).replace(/\s+/g, " "), new RegExp(`Completed ${words(completed)}`));

  // A briefing, published now: practitioners can read it.
  await page.getByLabel("Title", { exact: true }).fill("Safe handling of babies: learning from Child B");
  await page.getByLabel("Briefing", { exact: true }).fill("Fictional briefing text.\nTalk to parents about crying.");
  await page.getByLabel("Publish it now").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the briefing" }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/reviews/2/actions"));
  assert.match(await mainText(page), /Safe handling of babies: learning from Child B Published \d{1,2} [A-Z][a-z]+ \d{4}/);
  await assertNoAxeViolations(page, "/reviews/2/actions with a briefing");

  res = await s.visit(page, "/briefings");
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "Learning from reviews – Haven");
  await assertOneVisibleH1(page);
  const link = page.locator("main").getByRole("link", { name: "Safe handling of babies: learning from Child B" });
  await assertVisible(link, "the briefing in the list");
  assert.match(await mainText(page), /SI-2026-001 \(Child B\)/);
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "/briefings");
  res = await s.navigateBy(page, link);
  assert.equal(res.status(), 200);
  assert.match(page.url(), new RegExp(`^${s.url("/briefings/")}\\d+$`));
  assert.equal((await page.locator("h1").innerText()).trim(), "Safe handling of babies: learning from Child B");
  await assertNoAxeViolations(page, "a briefing");

  await settle(page, log);
  s.assertCleanNetwork(log);
  assertQuietConsole(log);
});

s.test("the partnership sees the figures for the reporting year, and asks for a period that ends before it starts", async () => {
  const { page, log } = await s.signedIn(PARTNERSHIP, { reuseSession: true });
  let res = await s.visit(page, "/reviews/summary");
  assert.equal(res.status(), 200);
  assert.equal(await assertHavenTitle(page), "Review figures – Haven");
  await assertOneVisibleH1(page);
  const from = await dateValue(page, "From");
  assert.match(from, /^\d{4}-04-01$/, "the period starts in April");
  assert.match(await dateValue(page, "To"), /^\d{4}-03-31$/, "and ends in March");
  const figures = await mainText(page);
  assert.match(figures, /Notifications to the national panel \d+/);
  if (from === "2026-04-01") {
    // Child B's review was commissioned on 2026-06-15.
    assert.match(figures, /CSPRs commissioned 1 /);
  }
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "/reviews/summary");

  await fillDate(page, "From", "2026-12-01");
  await fillDate(page, "To", "2026-01-01");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show the figures" }));
  assert.equal(res.status(), 400, "GET /reviews/summary with the end before the start");
  await assertErrorState(page, {
    title: "Review figures",
    message: /The end of the period must be the same as or after its start/,
    field: "to",
  });
  await assertNoAxeViolations(page, "/reviews/summary with the end before the start");

  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: 400 });
  assertQuietConsoleBut(log, ["/reviews/summary"]);
});

// ---- 2. a member practitioner ----

s.test("a practitioner in two review groups sees only those cases, and the 404 page for the third", async () => {
  const { page, log } = await s.signedIn(PRACTITIONER, { reuseSession: true });
  let res = await s.visit(page, "/reviews");
  assert.equal(res.status(), 200);
  await assertOneVisibleH1(page);
  assert.equal((await page.locator("main table caption").innerText()).trim(), "2 cases");
  const rows = await reviewRows(page);
  assert.deepEqual(rows.map((r) => r.reference).sort(), ["SI-2025-001", "SI-2026-001"]);
  assert.doesNotMatch(await mainText(page), /SI-2026-002|Child C/, "the third case on the practitioner's list");
  assert.equal(await page.locator("main").getByRole("link", { name: "Record a serious incident" }).count(), 0);
  assert.equal(await page.getByRole("link", { name: "Review themes and settings" }).count(), 0);
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "/reviews (practitioner)");

  res = await s.visit(page, "/reviews/3");
  assert.equal(res.status(), 404, "GET /reviews/3 by a practitioner not in its group");
  await assertOneVisibleH1(page);
  await assertHavenTitle(page);
  const text = await mainText(page);
  assert.doesNotMatch(text, /Child C|SI-2026-002|looked-after/, "the 404 page tells of the case");
  await assertNoAxeViolations(page, "/reviews/3 (404) seen by a practitioner");
  res = await s.visit(page, "/reviews/3/actions");
  assert.equal(res.status(), 404, "GET /reviews/3/actions by a practitioner not in its group");

  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: 404 });
  assertQuietConsoleBut(log, ["/reviews/3", "/reviews/3/actions"]);
});

// ---- 3. the scrutineer ----

s.test("the partnership team sees the figures; the scrutineer (who reads them on /scrutiny) is refused them and the cases", async () => {
  const team = await s.signedIn(PARTNERSHIP, { reuseSession: true });
  let res = await s.visit(team.page, "/reviews/summary");
  assert.equal(res.status(), 200, "GET /reviews/summary by the partnership");
  assert.equal(await assertHavenTitle(team.page), "Review figures – Haven");
  await assertOneVisibleH1(team.page);
  assert.match(await mainText(team.page), /CSPRs commissioned \d+/);
  await waitForFrontendJs(team.page);
  await assertNoAxeViolations(team.page, "/reviews/summary (partnership)");
  await settle(team.page, team.log);
  s.assertCleanNetwork(team.log);

  const { page, log } = await s.signedIn(SCRUTINEER, { reuseSession: true });
  res = await s.visit(page, "/reviews/summary");
  assert.equal(res.status(), 403, "GET /reviews/summary by the scrutineer");
  res = await s.visit(page, "/reviews");
  assert.equal(res.status(), 403, "GET /reviews by the scrutineer");
  await assertOneVisibleH1(page);
  await assertHavenTitle(page);
  assert.doesNotMatch(await mainText(page), /SI-20\d\d-\d{3}|Child [ABC]/, "the 403 page lists cases");
  await assertNoAxeViolations(page, "/reviews (403) seen by the scrutineer");

  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: 403 });
  assertQuietConsoleBut(log, ["/reviews/summary", "/reviews"]);
});

// ---- 4. without JavaScript ----

s.test("without JavaScript the partnership opens the list and records an agency's information", { timeout: 90_000 }, async () => {
  const { page, log } = await s.signedIn(PARTNERSHIP, { reuseSession: true, javaScriptEnabled: false });
  let res = await s.visit(page, "/reviews");
  assert.equal(res.status(), 200);
  assert.ok((await reviewRows(page)).length >= 3, "cases in the list without JavaScript");
  await s.assertNoAxeViolationsWithoutJs(page, "/reviews");

  res = await s.navigateBy(page, page.locator("main table").getByRole("link", { name: "SI-2026-002" }));
  assert.equal(page.url(), s.url("/reviews/3"));
  await s.assertNoAxeViolationsWithoutJs(page, "/reviews/3");
  res = await s.navigateBy(page, page.getByRole("link", { name: "Agencies' information" }));
  assert.equal(page.url(), s.url("/reviews/3/contributions"));
  await s.assertNoAxeViolationsWithoutJs(page, "/reviews/3/contributions");

  // An invalid date: the error summary (not focused: that is JavaScript's).
  const agency = "Lancashire County Council children's services (demo)";
  await fillDate(page, `Date received from ${agency}`, "2026-02-30");
  res = await s.navigateBy(page, page.getByRole("button", { name: `Save the date for ${agency}` }));
  assert.equal(res.status(), 422, "POST a contribution with an invalid date");
  assert.equal(await page.title(), "Error: Agencies' information: SI-2026-002 Child C – Haven");
  await assertVisible(page.locator(".govuk-error-summary").first(), "the error summary");
  assert.match(await page.locator(".govuk-error-summary").first().innerText(), /real date/);
  await s.assertNoAxeViolationsWithoutJs(page, "/reviews/3/contributions with an invalid contribution date");

  const date = plusDays(-1) >= "2026-11-20" ? plusDays(-1) : "2026-11-20";
  await fillDate(page, `Date received from ${agency}`, date);
  res = await s.navigateBy(page, page.getByRole("button", { name: `Save the date for ${agency}` }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/reviews/3"));
  await assertRedirected(res, "POST a contribution");
  assert.equal((await taskStatuses(page))["Agencies' information"], "In progress", "one of two agencies' information in");
  await s.navigateBy(page, page.getByRole("link", { name: "Agencies' information" }));
  const row = page.locator("main table tbody tr").filter({ hasText: agency });
  assert.match(await row.innerText(), /Received( late)?/);
  assert.match(await row.innerText(), new RegExp(words(date)), "the date received, in words");
  await s.assertNoAxeViolationsWithoutJs(page, "/reviews/3/contributions after recording a contribution");

  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: 422 });
});

// ---- page bugs found and fixed: these keep them fixed ----
// Read over HTTP with the partnership's session from the tests above (no
// browser needed to see them).

/** GET (or POST a form to) path with the partnership's session; resolves to { status, html }. */
async function asPartnership(path, form) {
  const cookies = s.sessionCookies(PARTNERSHIP);
  assert.ok(cookies, "the partnership has not signed in yet");
  const res = await fetch(s.url(path), {
    method: form ? "POST" : "GET",
    headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") },
    body: form ? new URLSearchParams(form) : undefined,
    redirect: "manual",
  });
  return { status: res.status, html: await res.text() };
}

s.test(
  "a page with an error shows one error summary",
  async () => {
    const form = await asPartnership("/reviews/new");
    const csrf = form.html.match(/name="csrf_token" value="([^"]+)"/)?.[1];
    assert.ok(csrf, "no csrf_token on /reviews/new");
    const { status, html } = await asPartnership("/reviews", { csrf_token: csrf });
    assert.equal(status, 422);
    const summaries = html.match(/class="govuk-error-summary"/g) ?? [];
    assert.equal(summaries.length, 1, "error summaries on /reviews/new after sending it empty");
  },
);

s.test(
  "Child B's rapid review, held 2026-06-01 within its deadline, shows as met",
  async () => {
    const { html } = await asPartnership("/reviews");
    const row = html.match(/SI-2026-001<\/a>[\s\S]*?<\/tr>/)?.[0] ?? "";
    assert.match(row, new RegExp(`${dueWords("2026-06-05")} <strong class="govuk-tag govuk-tag--green">Met</strong>`));
  },
);

s.test("stop haven", async () => {
  await s.closeBrowser();
  assert.equal(await s.haven.stop(), 0, "haven's exit status");
  s.haven = null;
});
