// The neglect assessment tool in a real browser: a practitioner opens a
// child's neglect assessments, begins one (the age band first, then that
// band's descriptors), tries to finish it with gaps and gets the GOV.UK error
// summary tied to each sub-area, saves a draft, finishes it, reassesses, and
// sees the baseline beside the latest as a chart with its table, and the
// agency's list of assessments; the
// partnership's tool, versions and figures pages. Every page is checked with
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
  let res = await s.visit(page, "/neglect/children/1");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "a child without assessments", { title: "Neglect assessments" });
  assert.match(await mainText(page), /No neglect assessment has been made for this child yet/);

  // the age band first
  await s.navigateBy(page, page.getByRole("button", { name: "Begin a neglect assessment" }));
  await s.checkPage(page, "the age band", { title: "Neglect assessment: the child's age" });
  await page.getByLabel("5 to 11").check();
  await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  await s.checkPage(page, "the assessment form", { title: "Neglect assessment" });
  assert.match(await mainText(page), /The carer always knows where the child is/, "the 5 to 11 descriptors");

  // finishing with gaps: each sub-area's error, tied to its field, and what was given kept
  await page.check('input[name=grade_1][value="3"]');
  await page.fill("#evidence_1", "Little food in the cupboards");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Finish the assessment" }));
  assert.equal(res.status(), 422);
  const summary = await assertFocusedErrorSummary(page);
  assert.match(await summary.innerText(), /Select a grade for The home and its hygiene/);
  assert.match(await summary.innerText(), /Enter your summary of the child's care/);
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
  await gradeAll(page, 3);
  await page.check('input[name=grade_4][value="4"]');
  await page.getByLabel("Your summary").fill("Needs partly met; supervision a concern");
  await fillDate(page, "Date of the assessment", "2026-06-01");
  await fillDate(page, "Review by", "2026-09-01");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Finish the assessment" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "a finished assessment");
  assert.match(await mainText(page), /Overall grade\s*4: Needs often unmet/);

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

s.test("stop haven", async () => {
  await s.closeBrowser();
  assert.equal(await s.haven.stop(), 0);
});
