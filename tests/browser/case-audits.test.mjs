// Multi-agency case audits in a browser (src/areas/assurance/case_audits.c):
// the partnership starts an audit of two children from its page (after
// leaving out the theme and naming someone who cannot audit, both named in one
// answer: the children and auditors typed are all still there), and sees each case by its number alone, not who the child is; the
// police's auditor follows the dashboard link to the audit, sees only Sam,
// the child the police work with, by name, and records its findings for him
// (after leaving out the answers: the grade chosen is still chosen); the
// partnership's panel grades the case (after
// leaving out the learning, the grade again kept) and agrees an action owned
// by the police's auditor (after a date that does not exist: the owner chosen
// is kept), who follows the task to it and marks it done (after leaving out
// the evidence of completion). axe runs on every page and error state.
//
// Run: node --test tests/browser/case-audits.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { demoEmail, plusDays } from "../lib/api.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, assertQuietConsole, browserSuite, dateValue, fillDate } from "./browser.mjs";

const s = browserSuite();
let auditPath;

/** No console errors but Chromium's note of the 422 pages this file means to show. */
function assertQuietBut422(log) {
  assertQuietConsole({ ...log, consoleErrors: log.consoleErrors.filter((e) => !/status of 422/.test(e.text)) });
}

s.test("the partnership starts an audit from its page, after leaving out the theme and naming someone who cannot audit", async () => {
  const { page, log } = await s.signedIn("partnership", { reuseSession: true });
  await s.navigateBy(page, page.getByRole("link", { name: "Multi-agency case audits you are named for" }));
  await s.navigateBy(page, page.getByRole("button", { name: "Start a case audit" }));
  await s.checkPage(page, "the form to start a case audit", { title: "Start a multi-agency case audit" });
  await page.getByLabel("Title").fill("Neglect audit, spring");
  // by when the named agencies record their findings: their tasks fall overdue after it
  await fillDate(page, "Findings due by", plusDays(28));
  await page.getByLabel("Child 1: record number").fill("1");
  await page.getByLabel("Child 2: record number").fill("2");
  await page.getByLabel("Auditor 1: email").fill(demoEmail("police"));
  await page.getByLabel("Auditor 3: email").fill(demoEmail("dsl"));
  // the IDVA service works with Sam too: it is asked for his findings, and has not answered when the panel grades
  await page.getByLabel("Auditor 5: email").fill(demoEmail("idva"));
  await page.getByLabel("Auditor 6: email").fill("nobody@demo.haven.example");
  const res1 = await s.navigateBy(page, page.getByRole("button", { name: "Start the audit" }));
  assert.equal(res1.status(), 422);
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "the case audit form without a theme, naming someone who cannot audit");
  await s.checkPage(page, "the case audit form without a theme, naming someone who cannot audit");
  // both mistakes in one answer, not one after the other
  const summary = await page.locator(".govuk-error-summary").innerText();
  assert.match(summary, /Enter the theme/);
  assert.match(summary, /nobody@demo.haven.example is not someone who can audit cases/);
  assert.equal(await page.getByLabel("Title").inputValue(), "Neglect audit, spring");
  assert.equal(await dateValue(page, "Findings due by"), plusDays(28), "the date typed is still there");
  assert.equal(await page.getByLabel("Child 1: record number").inputValue(), "1");
  assert.equal(await page.getByLabel("Child 2: record number").inputValue(), "2");
  assert.equal(await page.getByLabel("Auditor 1: email").inputValue(), demoEmail("police"));
  assert.equal(await page.getByLabel("Auditor 2: email").inputValue(), demoEmail("dsl"), "the emails typed, in order");
  assert.equal(await page.getByLabel("Auditor 3: email").inputValue(), demoEmail("idva"));
  assert.equal(await page.getByLabel("Auditor 4: email").inputValue(), "nobody@demo.haven.example");

  await page.getByLabel("Theme").fill("Neglect");
  await page.getByLabel("Auditor 4: email").fill("");
  let res;
  res = await s.navigateBy(page, page.getByRole("button", { name: "Start the audit" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/quality-assurance\/case-audits\/\d+$/);
  auditPath = new URL(page.url()).pathname;
  await s.checkPage(page, "the new case audit", { title: "Neglect audit, spring" });
  assert.match(await page.locator("main").innerText(), /Lancashire Constabulary \(demo\)/);
  assert.match(await page.locator("main").innerText(), /Findings due by \w+ \d{1,2} \w+ \d{4}\./);
  // the people named, one to a line, with no stray separator after the last
  const named = await page.locator("main li").allInnerTexts();
  assert.ok(named.some((t) => /^Pat Police \(Lancashire Constabulary \(demo\)\)$/.test(t)), named.join(" | "));
  assert.doesNotMatch(await page.locator("main").innerText(), /\);\s*$/m);
  // the partnership does not work with Alex or Sam: each case by its number, no name or date of birth
  assert.deepEqual(await page.locator("main h2").allInnerTexts().then((h) => h.filter((t) => /^Case/.test(t))), ["Case 1", "Case 2"]);
  assert.doesNotMatch(await page.locator("main").innerText(), /Alex|Example|Sam\b|Sample/);
  assertQuietBut422(log);
});

s.test("the police's auditor records its findings for a child, after leaving out the answers", async () => {
  const { page, log } = await s.signedIn("police", { reuseSession: true });
  await s.navigateBy(page, page.getByRole("link", { name: "Multi-agency case audits you are named for" }));
  await s.checkPage(page, "the case audits", { title: "Multi-agency case audits" });
  await s.navigateBy(page, page.getByRole("link", { name: "Neglect audit, spring" }));
  assert.equal(page.url(), s.url(auditPath));
  await s.checkPage(page, "a case audit, nothing recorded", { title: "Neglect audit, spring" });

  assert.doesNotMatch(await page.locator("main").innerText(), /Alex|Example|Case 1/, "the police do not work with Alex");
  await s.navigateBy(page, page.getByRole("link", { name: "Record your agency's findings for Case 2: Sam Sample" }));
  await s.checkPage(page, "the findings form", { title: "Your agency's findings" });
  await page.getByLabel("Requires improvement").check();
  await page.getByLabel("What went well for the child").fill("Officers shared the callout with the school the next morning.");
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Save your agency's findings" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "the findings form with gaps");
  await s.checkPage(page, "the findings form with gaps");
  assert.equal(await page.getByLabel("What went well for the child").inputValue(), "Officers shared the callout with the school the next morning.");
  assert.equal(await page.getByLabel("Requires improvement").isChecked(), true, "the grade chosen is still chosen");

  await page.getByLabel("What could have been better").fill("The child was not spoken to alone.");
  await page.getByLabel("How the child's voice was heard").fill("Not recorded at the callout.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save your agency's findings" }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url(auditPath));
  await s.checkPage(page, "a case audit with the police's findings");
  assert.match(await page.locator("main").innerText(), /Lancashire Constabulary \(demo\): Requires improvement/);
  assertQuietBut422(log);
});

s.test("the panel grades the child and agrees an action, after a date that does not exist", async () => {
  const { page, log } = await s.signedIn("partnership", { reuseSession: true });
  await page.goto(s.url(auditPath));
  await s.checkPage(page, "the case audit for the panel", { title: "Neglect audit, spring" });
  await s.navigateBy(page, page.getByRole("link", { name: "Grade as the panel for Case 2" }));
  await s.checkPage(page, "the panel's grade form", { title: "The panel's grade" });
  await page.getByLabel("Requires improvement").check();
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Record the panel's grade" }));
  assert.equal(res.status(), 422);
  await assertErrorsTiedToFields(page, "the panel's grade form without the learning");
  await s.checkPage(page, "the panel's grade form without the learning");
  assert.equal(await page.getByLabel("Requires improvement").isChecked(), true, "the grade chosen is still chosen");
  await page.getByLabel("Learning").fill("Children are not spoken to alone at callouts.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the panel's grade" }));
  // the panel may not know who Case 2 is, so it is asked whether it is sure before anything is graded, in
  // the same words whether or not an agency (here the IDVA service, asked for Sam's findings) is yet to answer
  assert.equal(res.status(), 200);
  await s.checkPage(page, "are you sure, on a case the panel may not identify", { title: "The panel's grade" });
  assert.match(await page.locator("#confirm-grade").innerText(), /Are you sure you want to grade Case 2 now\?[\s\S]*Haven does not say whether every agency asked for findings for it has recorded them: that would tell who works with the child\.[\s\S]*Learning: Children are not spoken to alone at callouts\./);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Yes, grade it now" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("main").innerText(), /The panel's grade: Requires improvement/);

  await page.getByLabel("Action").fill("Brief officers on speaking to children alone");
  await page.getByLabel("Owner").selectOption(demoEmail("police"));
  await fillDate(page, "Due date", "2027-02-30");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Agree the action" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "the action form with a bad date");
  await s.checkPage(page, "the case audit with a bad action date");
  assert.equal(await page.getByLabel("Owner").inputValue(), demoEmail("police"), "the owner chosen is still chosen");
  assert.equal(await page.getByLabel("Action").inputValue(), "Brief officers on speaking to children alone");
  await fillDate(page, "Due date", plusDays(60));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Agree the action" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("main table").innerText(), /Open/);
  await s.checkPage(page, "the case audit with its action");
  assertQuietBut422(log);
});

s.test("the action's owner follows their task to it and marks it done, after leaving out the evidence", async () => {
  const { page, log } = await s.signedIn("police", { reuseSession: true });
  await page.goto(s.url("/work"));
  await s.navigateBy(page, page.getByRole("link", { name: "Complete an action agreed in a case audit: Neglect audit, spring" }));
  await s.checkPage(page, "the action's form", { title: "Update an action" });
  assert.equal(await page.getByLabel("Open").isChecked(), true, "what is stored is chosen");
  await page.getByLabel("Done").check();
  await page.getByLabel("Evidence of impact").fill("Officers now speak to children alone at callouts.");
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Save the action" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "the action's form without evidence of completion");
  await s.checkPage(page, "the action's form without evidence of completion");
  assert.equal(await page.getByLabel("Done").isChecked(), true, "the status chosen is still chosen");
  assert.equal(await page.getByLabel("Evidence of impact").inputValue(), "Officers now speak to children alone at callouts.");
  await page.getByLabel("Evidence of completion").fill("Every officer was briefed in November.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the action" }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url(auditPath));
  assert.match(await page.locator("main table").innerText(), /Done/);
  await s.checkPage(page, "the case audit with its action done");
  assertQuietBut422(log);
});

s.test("a child's record number typed wrong is kept in its box, and the summary links to that box", async () => {
  const { page, log } = await s.signedIn("partnership", { reuseSession: true });
  await page.goto(s.url("/quality-assurance/case-audits/new"));
  await page.getByLabel("Title").fill("Exploitation audit");
  await page.getByLabel("Theme").fill("Exploitation");
  await page.getByLabel("Child 1: record number").fill("1");
  await page.getByLabel("Child 3: record number").fill("12a");
  await page.getByLabel("Child 4: record number").fill("2");
  await fillDate(page, "Findings due by", plusDays(28));
  await page.getByLabel("Auditor 1: email").fill(demoEmail("police"));
  const res = await s.navigateBy(page, page.getByRole("button", { name: "Start the audit" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await assertErrorsTiedToFields(page, "the case audit form with a child's number typed wrong");
  await s.checkPage(page, "the case audit form with a child's number typed wrong");
  // every entry kept, in the order typed (the empty box between closes up)
  assert.equal(await page.getByLabel("Child 1: record number").inputValue(), "1");
  assert.equal(await page.getByLabel("Child 2: record number").inputValue(), "12a", "the entry at fault is kept");
  assert.equal(await page.getByLabel("Child 3: record number").inputValue(), "2");
  assert.equal(await page.getByLabel("Auditor 1: email").inputValue(), demoEmail("police"));
  // the summary's link goes to the box at fault, which says what is wrong beside it
  const link = page.locator(".govuk-error-summary a");
  assert.equal(await link.count(), 1);
  assert.equal(await link.getAttribute("href"), "#children-2");
  await link.click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "children-2");
  const box = page.getByLabel("Child 2: record number");
  assert.match(await box.getAttribute("class"), /govuk-input--error/);
  assert.match(await page.locator("#children-2-error").innerText(), /A child's record number must be a whole number/);
  assert.equal(await page.locator("#children-error").count(), 0, "said once, at its box");
  assertQuietBut422(log);
});
