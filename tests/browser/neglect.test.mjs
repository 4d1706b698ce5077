// The neglect assessment tool in a real browser: a practitioner opens a
// child's neglect assessments from the child's record, begins one (the age
// band first, refused when none or one the child is not of, then that band's
// descriptors), tries to finish it with gaps and a date that is not real and
// gets the GOV.UK error summary tied to each sub-area with nothing typed lost,
// saves a draft, finishes it (grade 4 leads on to support; a second tab
// finishing too is told it is finished already), reassesses, and
// sees the baseline beside the latest as a chart with its table, and the
// agency's list of assessments; the
// partnership's tool, versions and figures pages; a visit before a birthday
// written up after it (the band changed on the form, nothing typed lost). Every page is checked with
// axe, one h1 and a Haven title, and no request leaves Haven.
//
// Run: node --test tests/browser/neglect.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, assertQuietConsole, browserSuite, fillDate, mainText } from "./browser.mjs";

const s = browserSuite();
const LONG = { timeout: 180_000 };
const PRACTITIONER = { email: "practitioner@demo.haven.example" };
const PARTNERSHIP = { email: "partnership@demo.haven.example" };
const SUB_AREAS = 9;

/** Grades every sub-area of the form `grade`, with evidence. */
async function gradeAll(page, grade) {
  for (let n = 1; n <= SUB_AREAS; n++) {
    await page.check(`input[name=grade_${n}][value="${grade}"]`);
    await page.fill(`#evidence_${n}`, `Seen at the visit (${n})`);
  }
}

s.test("a practitioner assesses a child, finishes a draft, reassesses and sees the change", LONG, async () => {
  const { page, log } = await s.signedIn(PRACTITIONER);
  // from the child's record, and back to it
  await s.visit(page, "/children/1");
  let res = await s.navigateBy(page, page.getByRole("link", { name: "This child's neglect assessments" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "a child without assessments", { title: "Neglect assessments" });
  assert.equal(await page.getByRole("link", { name: "Back to Alex Example's record" }).getAttribute("href"), "/children/1");
  assert.match(await mainText(page), /No neglect assessment has been made for this child yet/);

  // the age band first
  await s.navigateBy(page, page.getByRole("button", { name: "Begin a neglect assessment" }));
  await s.checkPage(page, "the age band", { title: "Neglect assessment: the child's age" });
  assert.match(await mainText(page), /Alex Example is 10, from the date of birth on their record/);
  // Continue with none chosen, then a band Alex (10) is not of
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 422);
  assert.match(await (await assertFocusedErrorSummary(page)).innerText(), /Select the child's age band/);
  await assertErrorsTiedToFields(page, "the age band unchosen");
  await s.checkPage(page, "the age band unchosen");
  await page.getByLabel("Under 5").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 422);
  assert.match(await (await assertFocusedErrorSummary(page)).innerText(), /The child is 10: select the age band for a child of 10/);
  assert.doesNotMatch(await mainText(page), /The child is never left alone/, "no under-5 descriptors");
  await s.checkPage(page, "the age band wrong for the child");
  await page.getByLabel("5 to 11").check();
  await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  await s.checkPage(page, "the assessment form", { title: "Neglect assessment" });
  assert.match(await mainText(page), /The carer always knows where the child is/, "the 5 to 11 descriptors");

  // finishing with gaps: each sub-area's error, tied to its field, and what was given kept
  // (a review date that is not real too: refused with the rest, nothing typed lost)
  await page.check('input[name=grade_1][value="3"]');
  await page.fill("#evidence_1", "Little food in the cupboards");
  await page.getByLabel("Your summary").fill("Food short at times");
  await fillDate(page, "Review by", "2027-02-31");
  // Enter in a field does the form's main action, finishing, not the age band's "Show the descriptions"
  res = await s.navigateWith(page, () => page.getByRole("group", { name: "Review by", exact: true }).getByLabel("Year", { exact: true }).press("Enter"));
  assert.equal(res.status(), 422, "Enter finishes, and the gaps are refused");
  const summary = await assertFocusedErrorSummary(page);
  assert.match(await summary.innerText(), /The review date must be a real date/);
  assert.match(await summary.innerText(), /Select a grade for The home and its hygiene/);
  assert.equal(await page.getByLabel("Your summary").inputValue(), "Food short at times");
  await page.getByLabel("Your summary").fill("");
  await fillDate(page, "Review by", "2027-02-28");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Finish the assessment" }));
  assert.equal(res.status(), 422);
  assert.match(await (await assertFocusedErrorSummary(page)).innerText(), /Enter your summary of the child's care/);
  await assertErrorsTiedToFields(page, "the form with errors");
  await s.checkPage(page, "the form with errors");
  assert.ok(await page.isChecked('input[name=grade_1][value="3"]'), "the grade given stays chosen");
  assert.equal(await page.inputValue("#evidence_1"), "Little food in the cupboards");

  // a draft, then finished
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save as a draft" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/neglect\/assessments\/\d+$/);
  await s.checkPage(page, "a draft", { title: "Neglect assessment" });
  assert.match(await mainText(page), /Draft/);
  await s.navigateBy(page, page.getByRole("button", { name: "Continue the assessment" }));
  // the same draft open in a second tab, to finish again after this one has
  const { page: second, log: secondLog } = await s.signedIn(PRACTITIONER, { reuseSession: true });
  await s.visit(second, new URL(page.url()).pathname);
  await gradeAll(page, 3);
  await page.check('input[name=grade_4][value="4"]');
  await page.getByLabel("Your summary").fill("Needs partly met; supervision a concern");
  await fillDate(page, "Date of the assessment", "2026-06-01");
  await fillDate(page, "Review by", "2026-09-01");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Finish the assessment" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "a finished assessment");
  assert.match(await mainText(page), /Overall grade\s*4: Needs often unmet/);
  assert.match(await page.locator(".govuk-notification-banner--success").innerText(), /Assessment finished/);
  // grade 4: the next step is to consider support
  assert.match(await mainText(page), /What to do next/);
  assert.equal(await page.getByRole("link", { name: "Use the levels-of-need tool" }).getAttribute("href"), "/levels-of-need");
  // the second tab finishes too: told it is finished already, and led back
  await gradeAll(second, 3);
  await second.getByLabel("Your summary").fill("Finished again");
  await fillDate(second, "Review by", "2026-09-01");
  res = await s.navigateBy(second, second.getByRole("button", { name: "Finish the assessment" }));
  assert.equal(res.status(), 409);
  assert.match(await mainText(second), /This assessment is already finished, so what you sent was not saved/);
  assert.doesNotMatch(await mainText(second), /permission/);
  await s.checkPage(second, "finished in another tab");
  res = await s.navigateBy(second, second.getByRole("link", { name: "Go back to the finished assessment" }));
  assert.equal(res.status(), 200);
  assert.match(await mainText(second), /Needs partly met; supervision a concern/);
  await s.settled(second);
  s.assertCleanNetwork(secondLog, { allowDocumentStatus: [409] });

  // a reassessment, and the change beside the baseline
  await s.visit(page, "/neglect/children/1/assessments/new?age_band=5-11");
  await gradeAll(page, 2);
  await page.getByLabel("Your summary").fill("Better fed and supervised");
  await fillDate(page, "Date of the assessment", "2026-09-01");
  await fillDate(page, "Review by", "2026-12-01");
  await s.navigateBy(page, page.getByRole("button", { name: "Finish the assessment" }));
  await s.visit(page, "/neglect/children/1");
  await s.checkPage(page, "the child's assessments side by side", { title: "Neglect assessments" });
  assert.equal(await page.locator("svg.haven-chart rect").count(), 8, "a bar each for baseline and latest, per area");
  const rows = await page.locator("table").first().locator("tbody tr").allInnerTexts();
  assert.deepEqual(rows.map((r) => r.split("\t").map((c) => c.trim())), [
    ["Physical care", "3", "2", "better"],
    ["Safety and supervision", "4", "2", "better"],
    ["Love and emotional care", "3", "2", "better"],
    ["Stimulation and education", "3", "2", "better"],
  ]);
  assert.match(await mainText(page), /Improving/);
  await s.visit(page, "/neglect/assessments");
  await s.checkPage(page, "the agency's assessments", { title: "Your agency's neglect assessments" });
  assert.match(await mainText(page), /2 assessments/);
  await s.settled(page);
  assertQuietConsole({ consoleErrors: log.consoleErrors.filter((e) => !/status of 422/.test(e.text)), pageErrors: log.pageErrors });
  s.assertCleanNetwork(log, { allowDocumentStatus: [422] });
});

s.test("the partnership's tool, versions and figures pages", LONG, async () => {
  const { page, log } = await s.signedIn(PARTNERSHIP);
  await s.visit(page, "/neglect/tool");
  await s.checkPage(page, "the tool", { title: "Haven neglect assessment tool (demo)" });
  const grades = await page.locator("dl.govuk-summary-list").first().innerText();
  assert.match(grades, /Grade 1\s*Needs fully met/);
  assert.ok(!grades.includes("A demonstration tool written for Haven"), "no grade shows the tool's description");
  assert.equal(await page.getByRole("link", { name: "your agency's children" }).getAttribute("href"), "/children");
  await s.visit(page, "/neglect/tool/versions");
  await s.checkPage(page, "the versions", { title: "Neglect tool versions" });
  assert.match(await mainText(page), /2026\.1 In use/);
  await page.getByLabel("The tool document (JSON)").fill('{"version": "2027.1", "colour": "red"}');
  const res = await s.navigateBy(page, page.getByRole("button", { name: "Check and publish" }));
  assert.equal(res.status(), 422);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /\$\.colour: is not a field of the neglect tool format/);
  await s.checkPage(page, "the versions with errors");
  await s.visit(page, "/neglect/figures?from=2026-04-01&to=2027-03-31");
  await s.checkPage(page, "the figures", { title: "Neglect assessment figures" });
  assert.match(await mainText(page), /Reassessed children improving\s*1 of 1 \(100\.0%\)/);
  await s.settled(page);
  assertQuietConsole({ consoleErrors: log.consoleErrors.filter((e) => !/status of 422/.test(e.text)), pageErrors: log.pageErrors });
});

// Alex (born 12 April 2016) visited on 11 April 2021, the day before turning 5, and written up now: the band
// chosen by today's age (5 to 11) is kept on a draft with a warning, refused on finishing with everything typed
// kept, and changed on the form itself to the visit's (under 5), whose descriptions follow. After the figures
// page, so this old visit does not become Alex's baseline there.
s.test("a visit before the birthday: the band changed on the form, nothing typed lost", LONG, async () => {
  const { page, log } = await s.signedIn(PRACTITIONER);
  await s.visit(page, "/neglect/children/1/assessments/new?age_band=5-11");
  await s.checkPage(page, "the form with its age band", { title: "Neglect assessment" });
  assert.ok(await page.getByLabel("5 to 11", { exact: true }).isChecked());
  await gradeAll(page, 3);
  await page.getByLabel("Your summary").fill("Food short at the visit");
  await fillDate(page, "Date of the assessment", "2021-04-11");
  await fillDate(page, "Review by", "2021-07-11");
  // a draft with a band that does not fit its date: saved, and said so
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Save as a draft" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/neglect\/assessments\/\d+$/);
  assert.match(await page.locator(".govuk-notification-banner--success").innerText(), /Draft saved\. Its age band does not fit the child's age on the date of the assessment/);
  await s.checkPage(page, "a draft whose age band does not fit");
  await s.navigateBy(page, page.getByRole("button", { name: "Continue the assessment" }));
  assert.match(await mainText(page), /The child was 4 on the date of the assessment: select the age band for a child of 4\. You can save a draft with it, but not finish/);
  assert.match(await mainText(page), /Alex Example was 4, from the date of birth on their record/);
  await s.checkPage(page, "the draft's form with the age band warning");
  // finishing: refused by the band's field, everything typed still there
  res = await s.navigateBy(page, page.getByRole("button", { name: "Finish the assessment" }));
  assert.equal(res.status(), 422);
  assert.match(await (await assertFocusedErrorSummary(page)).innerText(), /The child was 4 on the date of the assessment: select the age band for a child of 4/);
  await assertErrorsTiedToFields(page, "the age band refused on finishing");
  await s.checkPage(page, "the age band refused on finishing");
  assert.equal(await page.inputValue("#evidence_1"), "Seen at the visit (1)");
  assert.equal(await page.getByLabel("Your summary").inputValue(), "Food short at the visit");
  // the band changed on the form: its descriptions follow, nothing typed lost
  await page.getByLabel("Under 5", { exact: true }).check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show the descriptions for this age band" }));
  assert.equal(res.status(), 200);
  assert.match(await mainText(page), /The child is never left alone and is always within sight/, "the under-5 descriptions");
  assert.ok(await page.getByLabel("Under 5", { exact: true }).isChecked());
  assert.ok(await page.isChecked('input[name=grade_9][value="3"]'));
  assert.equal(await page.inputValue(`#evidence_${SUB_AREAS}`), `Seen at the visit (${SUB_AREAS})`);
  await s.checkPage(page, "the form with the visit's age band");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Finish the assessment" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator(".govuk-notification-banner--success").innerText(), /Assessment finished/);
  assert.match(await mainText(page), /Under 5/);
  await s.settled(page);
  assertQuietConsole({ consoleErrors: log.consoleErrors.filter((e) => !/status of 422/.test(e.text)), pageErrors: log.pageErrors });
  s.assertCleanNetwork(log, { allowDocumentStatus: [422] });
});

s.test("stop haven", async () => {
  await s.closeBrowser();
  assert.equal(await s.haven.stop(), 0);
});
