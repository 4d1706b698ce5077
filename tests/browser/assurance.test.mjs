// Quality assurance audits in a browser (src/areas/assurance): the
// partnership reads when each agency's next return is due (overdue in a tag,
// narrowed to the overdue), opens a Section 175/157 cycle (after a return date before its
// opening date, and one into another open cycle of its kind), a school's DSL scores each standard, attaches a document as
// evidence for one, and submits with the governor's sign-off (after
// forgetting a score and the sign-off), the
// partnership moderates a score, and the results' heatmap is read as a table
// whose cells say the score in words, also on a 320 px wide screen, where
// the table scrolls in its own region and the page does not; a school with
// no DSL on Haven is marked on its cycle; the partnership sets how often
// each kind of audit is due; and a Section 11 agency with nobody on Haven to
// get its reminders is marked on its cycle. axe runs on every page and error state.
//
// Run: node --test tests/browser/assurance.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";
import path from "node:path";

import { plusDays, sqlText } from "../lib/api.mjs";
import { REPO_ROOT, runHaven } from "../lib/haven.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, assertQuietConsole, browserSuite, fillDate } from "./browser.mjs";

const s = browserSuite();

/** No console errors but Chromium's note of the 422 pages this file means to show. */
function assertQuietBut422(log) {
  assertQuietConsole({ ...log, consoleErrors: log.consoleErrors.filter((e) => !/status of 422/.test(e.text)) });
}
let returnPath;

s.test("the partnership opens a Section 175/157 cycle, after a return date before the opening date", async () => {
  for (const f of ["qa-section11.json", "qa-section175.json"]) {
    const r = runHaven(["import", "qa-standards", "--db", s.haven.dbPath, path.join(REPO_ROOT, "tests/http/data", f)]);
    assert.equal(r.status, 0, r.stderr);
  }
  // The demo's schools' cycle is open today (demo.sql), and a kind has one cycle open at a time: it moves
  // out past the one this file opens.
  sqlText(s.haven.dbPath, `UPDATE qa_cycles SET opens_on = '${plusDays(130)}', returns_due_on = '${plusDays(200)}'` +
    " WHERE title = 'Schools'' safeguarding audit 2026-27 (demo)';");
  const { page, log } = await s.signedIn("partnership", { reuseSession: true });
  await s.navigateBy(page, page.getByRole("link", { name: "Audit cycles: Section 11 and Section 175/157" }));
  assert.equal(page.url(), s.url("/quality-assurance/cycles"));
  await s.checkPage(page, "the cycles, the demo's", { title: "Quality assurance cycles" });
  assert.match(await page.locator("main").innerText(), /Section 11 audit 2024-25 \(demo\)/, "the demo's (src/areas/assurance/demo.sql)");

  // when each agency's next return is due: every school (the demo has audited none) has its return in the
  // demo's open schools' cycle, so is due on that cycle's date, not overdue
  const due = page.locator("main table").filter({ has: page.locator("caption", { hasText: "Every agency, overdue first" }) });
  assert.match(await due.innerText(), /Section 175\/157 \(schools and colleges\)\s+Never\s+\d+ \w+ \d{4} \(Schools' safeguarding audit 2026-27 \(demo\)\)\s+Due/);
  assert.doesNotMatch(await due.innerText(), /Section 175\/157 \(schools and colleges\)\s+Never\s+Now\s+Overdue/);
  await page.getByLabel("Only those overdue").check();
  await s.navigateBy(page, page.getByRole("button", { name: "Show agencies" }));
  assert.equal(page.url(), s.url("/quality-assurance/cycles?show=overdue"));
  await s.checkPage(page, "the cycles, with only the overdue agencies", { title: "Quality assurance cycles" });
  // none is: the schools' cycle's date is to come and the Section 11 returns of 2025 are not two years old
  assert.match(await page.locator("main").innerText(), /No agency's return is overdue\./);
  await s.visit(page, "/quality-assurance/cycles");

  await s.navigateBy(page, page.getByRole("link", { name: "Open a cycle" }));
  await s.checkPage(page, "the new cycle form", { title: "Open a quality assurance cycle" });
  await page.getByLabel("Standards").selectOption({ label: "Section 175/157 audit for schools and colleges – Section 175/157 (schools and colleges), version 2026-27" });
  await page.getByLabel("Title").fill("Schools audit 2026-27");
  await fillDate(page, "Opening date", plusDays(-1));
  await fillDate(page, "Return date", plusDays(-5));
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Open the cycle" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator("#returns_due_on-error").innerText(), /The return date must be the same as or after the opening date/);
  await assertErrorsTiedToFields(page, "the new cycle form with a bad return date");
  await s.checkPage(page, "the new cycle form with a bad return date");
  assert.equal(await page.getByLabel("Title").inputValue(), "Schools audit 2026-27", "what was typed is kept");
  assert.match(await page.locator("#standards option:checked").innerText(), /^Section 175\/157 audit for schools and colleges – .*version 2026-27$/,
    "the standards chosen are kept, never back to the first");

  // a return date into the demo's schools' cycle: refused, naming it
  await fillDate(page, "Return date", plusDays(150));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Open the cycle" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator("#standards-error").innerText(),
    /A cycle of these standards already covers part of that period: Schools' safeguarding audit 2026-27 \(demo\)/);
  await assertErrorsTiedToFields(page, "the new cycle form overlapping an open cycle");
  await s.checkPage(page, "the new cycle form overlapping an open cycle");

  // a return date already passed (a mistyped year would make every return overdue at once, for good): the
  // page asks whether the user is sure, nothing opened; "No" leads to the form, kept below
  await fillDate(page, "Return date", plusDays(-1));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Open the cycle" }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/quality-assurance/cycles"));
  assert.match(await page.locator("#confirm-past").innerText(),
    /Are you sure you want to open a cycle whose return date has passed\?[\s\S]*every agency's return will be overdue at once, by \d+ (days?|hours?|minutes?)[^,.]*, as its task will say\./);
  await s.checkPage(page, "the new cycle form asking about a return date passed");
  await page.getByRole("link", { name: "No, change the dates" }).click();
  assert.equal(await page.getByLabel("Title").inputValue(), "Schools audit 2026-27", "what was typed is kept");

  await fillDate(page, "Return date", plusDays(20));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Open the cycle" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/quality-assurance\/cycles\/\d+$/);
  await s.checkPage(page, "the new cycle", { title: "Schools audit 2026-27" });
  const brookfield = page.locator("main table tbody tr", { hasText: "Brookfield Primary School" });
  assert.match(await brookfield.innerText(), /Not started/);
  assert.doesNotMatch(await brookfield.innerText(), /No designated safeguarding lead/, "Brookfield has its DSL");
  // the demo's Seafront has no DSL and no agency administrator: nobody could complete its return
  const seafront = page.locator("main table tbody tr", { hasText: "Seafront Primary School" });
  assert.match(await seafront.innerText(), /No designated safeguarding lead on Haven\s+No agency administrator either: Haven's administrator adds one\./);
  // on a phone each tag, and its hint, has a line of its own (not wrapped together), and every key its value
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 800 });
  await s.checkPage(page, "the new cycle at 375 px");
  const status = seafront.locator('td[data-label="Status"]');
  const [statusTag, noDsl] = await status.locator(".govuk-tag").evaluateAll((tags) => tags.map((t) => t.getBoundingClientRect().toJSON()));
  assert.ok(noDsl.top >= statusTag.bottom, "the red tag is below the status, not beside it");
  const hint = await status.locator("p", { hasText: "No agency administrator either" }).boundingBox();
  assert.ok(hint.y >= noDsl.bottom, "the hint is below its tag, not after it on its line");
  assert.equal((await seafront.locator('td[data-label="Submitted"]').innerText()).trim(), "Not yet");
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(widths[0] <= widths[1], `the page does not scroll sideways at 375 px (${widths})`);
  await page.setViewportSize(wide);
  assertQuietBut422(log);
});

s.test("the school's other people read its Section 175/157 audit but its DSL completes it", async () => {
  const { page } = await s.signedIn("agencyadmin", { reuseSession: true });
  await s.navigateBy(page, page.getByRole("link", { name: "Your agency's self-assessments" }));
  await s.navigateBy(page, page.getByRole("link", { name: "Schools audit 2026-27" }));
  await s.checkPage(page, "the school's return, for its agency administrator", { title: "Self-assessment: Schools audit 2026-27" });
  assert.match(await page.locator("#completed-by-dsl").innerText(), /Designated Safeguarding Lead scores and submits this audit/);
  assert.equal(await page.getByRole("link", { name: /^Score / }).count(), 0, "nothing to score");
  assert.equal(await page.getByRole("button", { name: "Submit the return" }).count(), 0, "nothing to submit");
});

s.test("a school's DSL scores each standard and submits once, with the governor's sign-off", async () => {
  const { page, log } = await s.signedIn("dsl", { reuseSession: true });
  await s.navigateBy(page, page.getByRole("link", { name: "Your agency's self-assessments" }));
  await s.checkPage(page, "the school's returns", { title: "Your agency's self-assessments" });
  await s.navigateBy(page, page.getByRole("link", { name: "Schools audit 2026-27" }));
  returnPath = new URL(page.url()).pathname;
  await s.checkPage(page, "the school's return", { title: "Self-assessment: Schools audit 2026-27" });

  await s.navigateBy(page, page.getByRole("link", { name: "Score The designated safeguarding lead" }));
  await s.checkPage(page, "a standard's form", { title: "The designated safeguarding lead" });
  await page.getByLabel("Evidence").fill("DSL and two deputies trained in 2025");
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Save as a draft" }));
  assert.equal(res.status(), 422, "no score chosen");
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "a standard's form without a score");
  await s.checkPage(page, "a standard's form without a score");
  // a scale whose values are its ratings is shown by its labels alone, not "green: In place"
  await page.getByLabel("In place", { exact: true }).check();
  await page.getByLabel("Evidence").fill("DSL and two deputies trained in 2025");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save as a draft" }));
  assert.equal(page.url(), s.url(returnPath));
  assert.match(await page.locator("main").innerText(), /In progress/);
  const dsl = page.locator(".govuk-summary-card", { hasText: "The designated safeguarding lead" });
  assert.equal((await dsl.locator(".govuk-summary-list__row", { hasText: "Score" }).locator("dd").innerText()).trim(), "In place");

  await s.navigateBy(page, page.getByRole("link", { name: "Score Safer recruitment" }));
  await page.getByLabel("Partly in place", { exact: true }).check();
  await page.getByLabel("Evidence").fill("The single central record was checked in two terms of three");
  await s.navigateBy(page, page.getByRole("button", { name: "Save as a draft" }));

  await s.navigateBy(page, page.getByRole("link", { name: "Attach a document as evidence for Safer recruitment" }));
  await s.checkPage(page, "the upload form for a standard's evidence", { title: "Upload a document" });
  await page.getByLabel("What the document is").fill("Single central record check, spring term");
  await page.getByLabel("The file").setInputFiles({ name: "scr.txt", mimeType: "text/plain", buffer: Buffer.from("Fictional record check.\n") });
  // the upload comes back to the return at the standard (a fragment, which s.navigateBy's exact wait cannot match)
  await s.settled(page);
  await page.getByRole("button", { name: "Upload the document" }).click();
  await page.waitForURL(s.url(`${returnPath}#standard-safer-recruitment`), { waitUntil: "load" });
  await s.checkPage(page, "the return with a standard's evidence document");
  const recruitment = page.locator(".govuk-summary-card", { hasText: "Safer recruitment" });
  assert.ok(await recruitment.getByRole("link", { name: "Single central record check, spring term" }).isVisible());

  res = await s.navigateBy(page, page.getByRole("button", { name: "Submit the return" }));
  assert.equal(res.status(), 422, "no governor's sign-off");
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "the return without the governor's sign-off");
  await s.checkPage(page, "the return without the governor's sign-off");
  await page.getByLabel("Name of the governor who signed it off").fill("Gill Governor");
  await fillDate(page, "Date the governor signed it off", plusDays(0));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Submit the return" }));
  assert.equal(page.url(), s.url(returnPath));
  await s.checkPage(page, "the submitted return");
  const text = await page.locator("main").innerText();
  assert.match(text, /Submitted/);
  assert.match(text, /Gill Governor/);
  assert.equal(await page.getByRole("button", { name: "Submit the return" }).count(), 0, "submitted once");
  assertQuietBut422(log);
});

s.test("the partnership moderates a score; the heatmap says each score in words, also at 320 px", async () => {
  const { page, log } = await s.signedIn("partnership", { reuseSession: true });
  await s.visit(page, returnPath);
  await s.checkPage(page, "the submitted return, for the partnership");
  const card = page.locator(".govuk-summary-card", { hasText: "Safer recruitment" });
  await card.getByText("Moderate the score").click();
  await card.getByLabel("Moderated score").selectOption("red");
  await card.getByLabel("Reason").fill("The record was not checked in the spring term");
  await s.navigateBy(page, card.getByRole("button", { name: "Save the moderated score" }));
  assert.match(await page.locator(".govuk-summary-card", { hasText: "Safer recruitment" }).innerText(),
    /Moderated score\s+Not in place – The record was not checked in the spring term/);

  await s.visit(page, "/quality-assurance/cycles");
  await s.navigateBy(page, page.getByRole("link", { name: "Schools audit 2026-27" }));
  await s.checkPage(page, "the cycle, its returns linked", { title: "Schools audit 2026-27" });
  // each return is linked to its page for the partnership
  await s.navigateBy(page, page.getByRole("link", { name: /Brookfield Primary School.*'s return/ }));
  assert.equal(new URL(page.url()).pathname, returnPath);
  await page.goBack();
  await s.navigateBy(page, page.getByRole("link", { name: "Results: standards by agency" }));
  await s.checkPage(page, "the heatmap", { title: "Results: Schools audit 2026-27" });
  const row = page.locator("main table tbody tr", { hasText: "Brookfield Primary School" });
  const cells = (await row.locator("td").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
  assert.deepEqual(cells, ["green In place", "red Not in place moderated from amber"]);

  await page.setViewportSize({ width: 320, height: 800 });
  await s.checkPage(page, "the heatmap at 320 px");
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  assert.ok(widths.page <= widths.viewport, `the page does not scroll sideways at 320 px (${widths.page} > ${widths.viewport})`);
  const region = page.getByRole("region", { name: "Scores by agency and standard" });
  assert.equal(await region.getAttribute("tabindex"), "0", "the table's region can be scrolled from the keyboard");
  assertQuietConsole(log);
});

s.test("the scrutineer reads the results but not a school's return", async () => {
  const { page } = await s.signedIn("scrutineer", { reuseSession: true });
  await s.navigateBy(page, page.getByRole("link", { name: "Audit cycles: Section 11 and Section 175/157" }));
  await s.checkPage(page, "the cycles, for the scrutineer");
  assert.equal(await page.getByRole("link", { name: "Open a cycle" }).count(), 0);
  await s.navigateBy(page, page.getByRole("link", { name: "Schools audit 2026-27" }));
  await s.checkPage(page, "a cycle, for the scrutineer");
  assert.equal(await page.getByRole("link", { name: /'s return/ }).count(), 0, "no link to a return the scrutineer may not read");
  const res = await s.visit(page, returnPath);
  assert.equal(res.status(), 403);
});

s.test("the challenge event and the action plan: the partnership asks, the school answers and plans", async () => {
  const partnership = await s.signedIn("partnership", { reuseSession: true });
  await s.visit(partnership.page, returnPath);
  await partnership.page.getByLabel("Ask the agency a question").fill("Who checks the record in the spring term now?");
  await s.navigateBy(partnership.page, partnership.page.getByRole("button", { name: "Ask the question" }));
  await s.checkPage(partnership.page, "the return with a question asked");

  const { page, log } = await s.signedIn("dsl", { reuseSession: true });
  await s.visit(page, returnPath);
  await s.navigateBy(page, page.getByRole("link", { name: /^Answer the question/ }));
  await s.checkPage(page, "the answer form", { title: "Answer the partnership's question" });
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Answer the question" }));
  assert.equal(res.status(), 422, "no answer");
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "the answer form without an answer");
  await s.checkPage(page, "the answer form without an answer");
  await page.getByLabel("Your answer").fill("The chair of governors, from this term");
  await s.navigateBy(page, page.getByRole("button", { name: "Answer the question" }));
  assert.match(await page.locator("main").innerText(), /Answer \(\d{1,2} [A-Z][a-z]+ \d{4}\): The chair of governors, from this term/);

  // safer recruitment is red after moderation: it needs an action
  await page.getByLabel("Standard", { exact: true }).selectOption({ label: "Safer recruitment" });
  await page.getByLabel("Action", { exact: true }).fill("The chair checks the single central record each term");
  await page.getByLabel("Owner").fill("Chair of governors");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the action" }));
  assert.equal(res.status(), 422, "no due date");
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "the action plan form without a due date");
  await s.checkPage(page, "the action plan form without a due date");
  await fillDate(page, "Due date", plusDays(90));
  await s.navigateBy(page, page.getByRole("button", { name: "Add the action" }));
  assert.equal(page.url(), s.url(returnPath));
  await s.checkPage(page, "the return with its action plan");
  assert.match(await page.locator(".govuk-summary-card", { hasText: "Safer recruitment" }).innerText(),
    /Not started The chair checks the single central record each term\s+Owner: Chair of governors\./);

  await s.navigateBy(page, page.getByRole("link", { name: /^Update the action/ }));
  await s.checkPage(page, "the action's form", { title: "Update an action" });
  await page.getByLabel("Complete").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the action" }));
  assert.equal(res.status(), 422, "complete without evidence");
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "the action's form without evidence");
  await s.checkPage(page, "the action's form without evidence");
  await page.getByLabel("Evidence of completion").fill("The chair's termly checks are minuted");
  await s.navigateBy(page, page.getByRole("button", { name: "Save the action" }));
  assert.equal(page.url(), s.url(returnPath));
  assert.match(await page.locator(".govuk-summary-card", { hasText: "Safer recruitment" }).innerText(), /Complete The chair checks/);
  assertQuietBut422(log);
});

s.test("the partnership sets how often each kind is audited; a number out of range is said at its field", async () => {
  const { page, log } = await s.signedIn("partnership", { reuseSession: true });
  await s.visit(page, "/dashboard");
  await s.navigateBy(page, page.getByRole("link", { name: "Quality assurance settings: how often agencies and schools are audited" }));
  assert.equal(page.url(), s.url("/quality-assurance/settings"));
  await s.checkPage(page, "the quality assurance settings", { title: "Quality assurance settings" });
  const s11 = page.getByLabel("Section 11 (agencies): every how many months");
  const s175 = page.getByLabel("Section 175/157 (schools and colleges): every how many months");
  assert.equal(await s11.inputValue(), "24");
  assert.equal(await s175.inputValue(), "12");
  await s11.fill("48");
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Save" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator("#section11_months-error").innerText(), /Enter a whole number of months from 6 to 36/);
  await assertErrorsTiedToFields(page, "the quality assurance settings with a number out of range");
  await s.checkPage(page, "the quality assurance settings with an error");
  await page.getByLabel("Section 11 (agencies): every how many months").fill("18");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save" }));
  assert.equal(res.status(), 200);
  assert.equal(await page.getByLabel("Section 11 (agencies): every how many months").inputValue(), "18");
  await s.checkPage(page, "the quality assurance settings saved");
  await s.visit(page, "/quality-assurance/cycles");
  assert.match(await page.locator("main").innerText(), /Section 11 every 18 months from the last submitted return; Section 175\/157 every 12 months\./);
  await s.navigateBy(page, page.getByRole("link", { name: "Change how often" }));
  await page.getByLabel("Section 11 (agencies): every how many months").fill("24");
  assert.equal((await s.navigateBy(page, page.getByRole("button", { name: "Save" }))).status(), 200);
  assertQuietBut422(log);
});

s.test("a Section 11 agency with nobody on Haven to get its reminders is marked on its cycle", async () => {
  const { page, log } = await s.signedIn("partnership", { reuseSession: true });
  await s.visit(page, "/quality-assurance/cycles/new");
  await page.getByLabel("Standards").selectOption({ label: "Section 11 standards for agencies – Section 11 (agencies), version 2026-1" });
  await page.getByLabel("Title").fill("Agencies audit 2026-27");
  await fillDate(page, "Opening date", plusDays(-1));
  await fillDate(page, "Return date", plusDays(40));
  const res = await s.navigateBy(page, page.getByRole("button", { name: "Open the cycle" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "a Section 11 cycle with agencies nobody reminds", { title: "Agencies audit 2026-27" });
  // the demo's police officer holds neither role; nobody from the ICB is on Haven
  const police = page.locator("main table tbody tr", { hasText: "Lancashire Constabulary" });
  assert.match(await police.innerText(), /Nobody on Haven gets its reminders\s+No agency administrator: Haven's administrator can make one of its people its agency administrator\./);
  const icb = page.locator("main table tbody tr", { hasText: "Demo Integrated Care Board" });
  assert.match(await icb.innerText(), /Nobody from it is on Haven: Haven's administrator adds its agency administrator\./);
  assert.match(await page.locator("main").innerText(), /Agencies with nobody on Haven to receive this cycle's reminders, marked below: \d+/);
  assertQuietBut422(log);
});
