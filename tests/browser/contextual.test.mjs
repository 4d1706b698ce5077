// Contextual safeguarding's missing episodes in a real browser: the demo
// police officer reports an episode on the web form (first leaving out the
// child's name and giving a wrong time, to see the error summary), then
// records the return on the episode's page; the local authority's front door
// finds it in their list and records the return home interview (first
// without saying who held it); the partnership visits the figures and the
// repeat-missing rule; with the screening tool published, the front door
// screens the reported child for exploitation (first judging the risk
// other than the rule without reasons) and opens the screening. Every page
// state is checked with axe.
//
// Run: node --test tests/browser/contextual.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";
import path from "node:path";

import { REPO_ROOT, runHaven } from "../lib/haven.mjs";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, dateValue, fillDate } from "./browser.mjs";

const s = browserSuite();

async function checkPage(page, what, options) {
  await s.checkPage(page, what, options);
  await assertErrorsTiedToFields(page, what, { expectErrors: false });
}

s.test("the police report an episode and its return; the local authority records the interview", { timeout: 180_000 }, async () => {
  const p = await s.newPage();
  const { page } = p;
  await s.signIn(page, "police");
  let res = await s.visit(page, "/missing-episodes/new");
  assert.equal(res.status(), 200);
  await checkPage(page, "the new missing episode form");
  await page.getByLabel("Police reference").fill("LC-BROWSER-1");
  await page.getByLabel("Family name").fill("Browserchild");
  await fillDate(page, "Date of birth", "2011-05-05");
  await page.getByLabel("Local authority where the child lives").selectOption({ label: "Lancashire" });
  await fillDate(page, "Date reported missing", "2026-11-28");
  await page.getByLabel("Time reported missing").fill("25:00");
  await page.getByLabel("High").check();
  await page.getByLabel("Home").check();
  // a return dated before the report: said in the same send as the time's mistake, not the next
  await fillDate(page, "Date found or returned", "2026-11-27");
  await page.getByLabel("Time found or returned").fill("06:00");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Report the missing episode" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  const links = await assertErrorsTiedToFields(page, "the form with errors");
  assert.deepEqual(links.map((l) => l.href).sort(), ["#given_name", "#reported_time", "#returned_on"]);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /The return must be after the child was reported missing/);
  const back = page.getByRole("group", { name: "Date found or returned", exact: true });
  for (const box of ["Day", "Month", "Year"]) await back.getByLabel(box, { exact: true }).fill("");
  await page.getByLabel("Time found or returned").fill("");
  await checkPage(page, "the new missing episode form with errors");
  assert.equal(await page.getByLabel("Family name").inputValue(), "Browserchild", "what was typed is kept");

  await page.getByLabel("Given name").fill("Casey");
  await page.getByLabel("Time reported missing").fill("22:15");
  await page.getByLabel("High").check();
  await page.getByLabel("Home").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Report the missing episode" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/missing-episodes\/\d+$/);
  await checkPage(page, "a new missing episode");
  assert.match(await page.locator(".govuk-notification-banner").innerText(), /Missing episode recorded/);
  assert.doesNotMatch(await page.locator("#child").innerText(), /Matched to the register\. Added/);
  assert.match(await page.locator("#details").innerText(), /Reported missing\s+28 November 2026 at 22:15/);
  assert.match(await page.locator("h1").innerText(), /Still missing/);

  // the return: first on 31 November, which is not a real date (only its day box is at fault)
  await fillDate(page, "Date found or returned", "2026-11-31");
  await page.getByLabel("Time found or returned").fill("06:40");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the return" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the return with a date that is not real");
  await assertErrorsTiedToFields(page, "the return with a date that is not real");
  const returned = page.getByRole("group", { name: "Date found or returned", exact: true });
  assert.equal(
    await page.locator(".govuk-error-summary").getByRole("link", { name: /must be a real date/ }).getAttribute("href"),
    "#returned_on",
  );
  assert.match(await returned.getByLabel("Day", { exact: true }).getAttribute("class"), /govuk-input--error/);
  assert.doesNotMatch(await returned.getByLabel("Year", { exact: true }).getAttribute("class"), /govuk-input--error/);
  assert.match(await page.locator("h1").innerText(), /Still missing/, "nothing was recorded");
  await fillDate(page, "Date found or returned", "2026-11-29");
  await page.getByLabel("Time found or returned").fill("06:40");
  await page.getByLabel("Where the child was found").fill("Bus station");
  await page.getByLabel("A safe and well check was done").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the return" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "an episode with its return");
  assert.match(await page.locator("#interview-due").innerText(), /by 2 December 2026 at 06:40: 72 hours after the return/);
  assert.equal(await page.getByRole("button", { name: "Record the return" }).count(), 0);
  const url = page.url();

  // the local authority
  await s.signIn(page, "frontdoor");
  res = await s.visit(page, "/missing-episodes");
  assert.equal(res.status(), 200);
  await checkPage(page, "the local authority's missing episodes");
  await s.navigateBy(page, page.getByRole("link", { name: "LC-BROWSER-1" }));
  assert.equal(page.url(), url);
  await checkPage(page, "an episode as the local authority sees it");
  await fillDate(page, "Date the interview was offered", "2026-11-29");
  await page.getByLabel("Time the interview was offered").fill("10:00");
  await page.getByLabel("Accepted").check();
  await fillDate(page, "Date the interview was held (if it was)", "2026-11-30");
  await page.getByLabel("Time the interview was held").fill("14:00");
  await page.getByLabel("Push factors (what made the child leave)").fill("Arguments at home");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the interview" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /Enter who held the interview/);
  await checkPage(page, "the interview form with an error");
  await assertErrorsTiedToFields(page, "the interview form with an error");
  assert.equal(await page.getByLabel("Accepted").isChecked(), true, "the answer chosen is kept");
  assert.equal(await dateValue(page, "Date the interview was offered"), "2026-11-29", "the date typed is kept");
  await page.getByLabel("Who held it (an independent interviewer)").fill("Return interview service");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the interview" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "an episode with its interview held");
  assert.match(await page.locator("#interview").innerText(), /Held\s+30 November 2026 at 14:00 by Return interview service/);
  assert.match(await page.locator("#interview").innerText(), /Push factors\s+Arguments at home/);
});

s.test("the partnership's figures and repeat-missing rule", { timeout: 60_000 }, async () => {
  const p = await s.newPage();
  const { page } = p;
  await s.signIn(page, "partnership");
  let res = await s.visit(page, "/missing-episodes/figures");
  assert.equal(res.status(), 200);
  await checkPage(page, "the missing episodes figures");
  await fillDate(page, "To", "2000-01-01");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show the figures" }));
  assert.equal(res.status(), 400);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "the figures with a bad period");
  await assertErrorsTiedToFields(page, "the figures with a bad period");

  res = await s.visit(page, "/missing-episodes/settings");
  assert.equal(res.status(), 200);
  await checkPage(page, "the repeat-missing rule");
  assert.equal(await page.getByLabel("Episodes (2 to 20)").inputValue(), "3");
  await page.getByLabel("Episodes (2 to 20)").fill("1");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the rule" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "the repeat-missing rule with an error");
  await assertErrorsTiedToFields(page, "the repeat-missing rule with an error");
  await page.getByLabel("Episodes (2 to 20)").fill("4");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the rule" }));
  assert.equal(res.status(), 200);
  assert.equal(await page.getByLabel("Episodes (2 to 20)").inputValue(), "4");
});

s.test("the local authority screens a child for exploitation risk", { timeout: 120_000 }, async () => {
  const tool = path.join(REPO_ROOT, "tests/http/data/exploitation-tool.json");
  const r = runHaven(["import", "exploitation-tool", "--db", s.haven.dbPath, tool]);
  assert.equal(r.status, 0, r.stderr);
  const p = await s.newPage();
  const { page } = p;
  // a child on the register that Lancashire works with: reported missing by the police
  await s.signIn(page, "police");
  await s.visit(page, "/missing-episodes/new");
  await page.getByLabel("Police reference").fill("LC-BROWSER-2");
  await page.getByLabel("Given name").fill("Robin");
  await page.getByLabel("Family name").fill("Screenwell");
  await fillDate(page, "Date of birth", "2010-02-02");
  await page.getByLabel("Local authority where the child lives").selectOption({ label: "Lancashire" });
  await fillDate(page, "Date reported missing", "2026-11-20");
  await page.getByLabel("Time reported missing").fill("21:00");
  await page.getByLabel("Medium").check();
  await page.getByLabel("Care").check();
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Report the missing episode" }));
  assert.equal(res.status(), 200);
  const id = page.url().split("/").pop();
  await s.signIn(page, "frontdoor");
  res = await s.visit(page, `/api/v1/missing-episodes/${id}`);
  const childId = JSON.parse(await page.locator("body").innerText()).episode.child_id;
  res = await s.visit(page, `/exploitation/children/${childId}/screenings`);
  assert.equal(res.status(), 200);
  await checkPage(page, "a child's screenings, none yet");
  await page.getByLabel("Has money or goods they cannot account for").check();
  await page.getByLabel("High").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the screening" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /The tool's rule gives low risk/);
  await checkPage(page, "a screening with an error");
  await assertErrorsTiedToFields(page, "a screening with an error");
  assert.equal(await page.getByLabel("Has money or goods they cannot account for").isChecked(), true, "ticks kept");
  await page.getByLabel("Your reasons (needed if your judgement differs from the rule)").fill("Seen with older men in cars");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the screening" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/exploitation\/screenings\/\d+$/);
  await checkPage(page, "a screening");
  assert.match(await page.locator("#screening").innerText(), /The rule\s+Low \(score 2\)/);
  await s.navigateBy(page, page.getByRole("link", { name: "Back to the child's screenings" }));
  await checkPage(page, "a child's screenings over time");

  // Robin is 16: a move to adult services is refused, saying why
  await fillDate(page, "Date of the move (the young person 17 or over)", "2026-11-01");
  await page.getByLabel("Adult service").fill("Adult social care");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the move" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /must be 17 or over/);
  await checkPage(page, "a move to adult services refused");
  await assertErrorsTiedToFields(page, "a move to adult services refused");
  assert.match(await page.locator("#screenings").innerText(), /2026\.1\s+2\s+Low\s+High\s+First screening/);

  // a National Referral Mechanism referral: a decision without its date first
  await fillDate(page, "Date of the referral", "2026-11-25");
  await page.getByLabel("First responder organisation").fill("Lancashire County Council");
  await page.getByLabel("Reasonable grounds decision", { exact: true }).selectOption("positive");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the referral" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "an NRM referral with an error");
  await assertErrorsTiedToFields(page, "an NRM referral with an error");
  await fillDate(page, "Date of the reasonable grounds decision", "2026-11-27");
  await page.getByLabel("Reasonable grounds decision", { exact: true }).selectOption("positive");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the referral" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/exploitation\/nrm-referrals\/\d+$/);
  await checkPage(page, "an NRM referral");
  assert.match(await page.locator("#referral").innerText(), /Reasonable grounds\s+positive \(27 November 2026\)/);
  // the form shows the decisions so far
  assert.equal(await page.getByLabel("Reasonable grounds decision", { exact: true }).inputValue(), "positive");
  assert.equal(await dateValue(page, "Date of the reasonable grounds decision"), "2026-11-27");
  await page.getByLabel("Conclusive grounds decision", { exact: true }).selectOption("positive");
  await fillDate(page, "Date of the conclusive grounds decision", "2026-12-01");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the decisions" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "an NRM referral with its decisions");
  assert.match(await page.locator("#referral").innerText(), /Conclusive grounds\s+positive \(1 December 2026\)/);
  const referralUrl = new URL(page.url()).pathname;
  // changing a decision made needs a reason, asked for beside the decisions
  await page.getByLabel("Conclusive grounds decision", { exact: true }).selectOption("negative");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the decisions" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /Enter the reason for changing a decision already made/);
  await checkPage(page, "an NRM decision changed without a reason");
  await assertErrorsTiedToFields(page, "an NRM decision changed without a reason");
  await page.getByLabel("Reason for changing a decision already made").fill("Home Office reconsideration");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the decisions" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("#referral").innerText(), /Conclusive grounds\s+negative \(1 December 2026\)/);

  // the police, who may not record a move to adult services, are not offered its form; the page leads
  // back to the child's record
  await s.signIn(page, "police");
  res = await s.visit(page, `/exploitation/children/${childId}/screenings`);
  assert.equal(res.status(), 200);
  await checkPage(page, "a child's screenings, for the police");
  assert.equal(await page.getByRole("button", { name: "Record the move" }).count(), 0);
  assert.equal(await page.getByRole("link", { name: "Back to Robin Screenwell" }).getAttribute("href"), `/children/${childId}`);
  // the police read the referral, but its decisions are the referring agency's: no form for them
  res = await s.visit(page, referralUrl);
  assert.equal(res.status(), 200);
  assert.equal(await page.getByRole("button", { name: "Record the decisions" }).count(), 0);
});
