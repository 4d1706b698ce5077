// Operation Provide in a real browser: the demo IDVA signs in, sees their
// list of referrals with the time since each incident, opens the newest,
// reads the safe-contact instructions (shown above the contact details),
// records a contact attempt (after first leaving out what happened, to see
// the error summary), then records the outcome and closes the referral. The
// partnership's coverage and figures pages are visited too. Every page state
// is checked with axe.
//
// Run: node --test tests/browser/provide.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { plusDays, sqlText } from "../lib/api.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, dateValue, fillDate } from "./browser.mjs";

const s = browserSuite();

/**
 * Every page state: the suite's checks (s.checkPage), and any errors and hints
 * on the page tied to their fields (assertErrorsTiedToFields).
 */
async function checkPage(page, what, options) {
  await s.checkPage(page, what, options);
  await assertErrorsTiedToFields(page, what, { expectErrors: false });
}

// Many pages, each checked with axe (a few seconds each on a busy machine): more than the default time.
s.test("an IDVA reads the safe-contact instructions, records an attempt and closes a referral", { timeout: 120_000 }, async () => {
  const p = await s.newPage();
  const { page } = p;
  await s.signIn(page, "idva");

  // the list: open referrals, newest first, with the time since the incident
  let res = await s.visit(page, "/provide");
  assert.equal(res.status(), 200);
  await checkPage(page, "the IDVA's referrals");
  assert.equal(await page.locator("main .govuk-caption-l").innerText(), "Demo IDVA Service");
  const open = page.locator("#open-referrals tbody tr");
  // this area's demo referrals (the Encompass demo's victims are referred too, and are older)
  assert.equal(await open.filter({ hasText: "DEMO-PRV-" }).count(), 2);
  const first = await open.filter({ hasText: "DEMO-PRV-0001" }).innerText();
  assert.match(first, /DEMO-PRV-0001/);
  assert.match(first, /3 hours \d+ minutes/);
  assert.match(first, /New/);
  assert.doesNotMatch(await page.locator("main").innerText(), /DEMO-PRV-0004/, "another service's referral");

  // the referral: the instructions come first, above the contact details
  await s.navigateBy(page, page.getByRole("link", { name: "DEMO-PRV-0001" }));
  assert.match(page.url(), /\/provide\/referrals\/\d+$/);
  await checkPage(page, "a new referral");
  const instructions = page.locator("#safe-contact-instructions");
  assert.match(await page.locator("#safe-contact").innerText(), /Read this before you make contact/);
  const said = await instructions.innerText();
  assert.match(said, /Do not leave a message or voicemail\./);
  assert.match(said, /Only contact at these times: Weekdays 10:00 to 14:00 only/);
  assert.match(said, /Use only this safe number: 01632 960102\./);
  const above = (await instructions.boundingBox()).y;
  const details = (await page.locator("#contact-details").boundingBox()).y;
  assert.ok(above < details, "the instructions are above the contact details");

  // police said it is safe to call: the attempt form gives no warning about calling. Had they said not
  // to call (or said nothing), the form warns above the choice of method, before anything is recorded
  assert.equal(await page.locator("#attempt-call-warning").count(), 0);
  const victim = "role = 'victim' AND incident_id = (SELECT id FROM da_incidents WHERE police_reference = 'DEMO-PRV-0001')";
  sqlText(s.haven.dbPath, `UPDATE da_incident_adults SET safe_to_call = 0 WHERE ${victim};`);
  await page.reload();
  const warning = page.locator("#attempt-call-warning");
  assert.match(await warning.innerText(), /Police said not to call this person, or did not say it is safe to\./);
  assert.ok((await warning.boundingBox()).y < (await page.getByLabel("Phone call").boundingBox()).y, "the warning is above the choice of method");
  await checkPage(page, "a referral whose victim police said not to call");
  sqlText(s.haven.dbPath, `UPDATE da_incident_adults SET safe_to_call = 1 WHERE ${victim};`);
  await page.reload();

  // an attempt without saying what happened: the error summary, and nothing recorded
  await page.getByLabel("Phone call").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the attempt" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /Select what happened/);
  await checkPage(page, "a referral with an attempt's errors");
  await assertErrorsTiedToFields(page, "a referral with an attempt's errors");
  assert.match(await page.locator("#attempts").innerText(), /No attempts recorded yet/);

  // the attempt, at the time the form offers (now, UK time). Police's safe times are made an
  // hour that excludes now, so the test does not depend on when it runs: the call is outside
  // them, so it is refused until the IDVA says why it was safe (issue 16, point 6)
  const hour = Number(new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", hourCycle: "h23" }).format(new Date()));
  const at = (h) => `${String(h % 24).padStart(2, "0")}:00`;
  sqlText(s.haven.dbPath, `UPDATE da_incident_adults SET safe_times = 'Only ${at(hour + 2)} to ${at(hour + 3)}'
    WHERE role = 'victim' AND incident_id = (SELECT id FROM da_incidents WHERE police_reference = 'DEMO-PRV-0001');`);
  await page.getByLabel("Phone call").check();
  await page.getByLabel("Spoke with them").check();
  await page.getByLabel("Note (optional)").fill("Called the safe number; safety plan started.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the attempt" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  assert.match(await page.locator(".govuk-error-summary").innerText(), /This call was outside the safe times police gave/);
  assert.match(await page.locator("form").filter({ hasText: "Record the attempt" }).innerText(), /This attempt goes against the safe-contact instructions/);
  await checkPage(page, "an attempt outside the safe times");
  await assertErrorsTiedToFields(page, "an attempt outside the safe times");
  assert.match(await page.locator("#attempts").innerText(), /No attempts recorded yet/);
  assert.equal(await page.getByLabel("Note (optional)").inputValue(), "Called the safe number; safety plan started.");
  await page.getByLabel("If this attempt went against the safe-contact instructions, why was it safe?").fill("She texted from the safe number asking for a call now.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the attempt" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("#attempts").innerText(), /Against the safe-contact instructions, because: She texted from the safe number/);
  await checkPage(page, "a referral with an attempt");
  const attempts = await page.locator("#attempts").innerText();
  assert.match(attempts, /Phone call\s+Spoke with them\s+Called the safe number/);
  assert.match(await page.locator("main").innerText(), /First contact made: \d+ \w+ \d{4} at \d\d:\d\d/);

  // closing without the two answers is refused, naming both
  await page.getByLabel("Engaged", { exact: true }).check();
  await page.getByLabel("Close the referral").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the outcome" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  const summary = await page.locator(".govuk-error-summary").innerText();
  assert.match(summary, /Select whether the victim was made safer/);
  assert.match(summary, /Select whether the victim engaged with the investigation/);
  await checkPage(page, "closing a referral without the answers");
  await assertErrorsTiedToFields(page, "closing a referral without the answers");

  // the outcome, and closure
  await page.getByLabel("Engaged", { exact: true }).check();
  await page.locator("#made_safer").check();
  await page.locator("#engaged_with_investigation-no").check();
  await page.getByLabel("Close the referral").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the outcome" }));
  assert.equal(res.status(), 200);
  // checked before it is closed
  await checkPage(page, "checking the outcome before closing", { title: "Check the outcome before you close the referral" });
  const answers = await page.locator("#answers").innerText();
  assert.match(answers, /Outcome\s+Engaged/);
  assert.match(answers, /made safer\?\s+Yes/);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Close the referral" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "a closed referral");
  const closure = await page.locator("#closure").innerText();
  assert.match(closure, /Outcome\s+Engaged/);
  assert.match(closure, /Made safer\s+Yes/);
  assert.match(closure, /Engaged with the investigation\s+No/);
  assert.equal(await page.getByRole("button", { name: "Record the attempt" }).count(), 0);

  // back on the list it is closed
  await s.navigateBy(page, page.getByRole("link", { name: "Back to Operation Provide referrals" }));
  await s.navigateBy(page, page.getByRole("link", { name: /^Closed referrals/ }));
  assert.match(await page.locator("#closed-referrals").innerText(), /DEMO-PRV-0001[\s\S]*Engaged/);
  await checkPage(page, "the list after closing");

  await s.visit(page, "/provide/figures");
  await checkPage(page, "the figures, as an IDVA");
});

s.test("the partnership's coverage settings and figures pages", { timeout: 60_000 }, async () => {
  const p = await s.newPage();
  const { page } = p;
  await s.signIn(page, "partnership");
  let res = await s.visit(page, "/provide/coverage");
  assert.equal(res.status(), 200);
  await checkPage(page, "IDVA coverage by area");
  assert.equal(await page.getByLabel("IDVA service for Blackpool").inputValue(), "demo-idva-service");
  await page.getByLabel("IDVA service for Blackpool").selectOption("demo-coast-idva-service");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the service for Blackpool" }));
  assert.equal(res.status(), 200);
  assert.equal(await page.getByLabel("IDVA service for Blackpool").inputValue(), "demo-coast-idva-service");
  await checkPage(page, "IDVA coverage after a change");

  // a service that is no longer in Haven (removed while the page was open): the error by a field to choose
  // again, with the area still chosen
  await page.getByLabel("IDVA service for Blackpool").evaluate((select) => {
    select.options[select.selectedIndex].value = "a-service-since-removed";
  });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the service for Blackpool" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  const coverageLinks = await assertErrorsTiedToFields(page, "IDVA coverage with an error");
  assert.deepEqual(coverageLinks.map((l) => l.href), ["#service"]);
  assert.equal(await page.getByLabel("Area", { exact: true }).inputValue(), "blackpool", "the area is kept");
  await checkPage(page, "IDVA coverage with an error");
  await page.getByLabel("IDVA service", { exact: true }).selectOption("demo-idva-service");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the service", exact: true }));
  assert.equal(res.status(), 200);
  assert.equal(await page.getByLabel("IDVA service for Blackpool").inputValue(), "demo-idva-service");

  res = await s.visit(page, "/provide/figures");
  assert.equal(res.status(), 200);
  await checkPage(page, "Operation Provide figures");
  assert.match(await page.locator("main").innerText(), /Blackpool/);
  // The chart above the tables: named and described, a bar per area, each labelled with its referrals.
  const chart = page.getByRole("img", { name: "Referrals in the period, by area" });
  assert.ok(await chart.isVisible(), "the chart of referrals by area");
  assert.match(await chart.locator("desc").textContent(), /A bar for each local authority area/);
  const labels = await chart.locator("text").allTextContents();
  assert.ok(labels.includes("Blackpool"), `a bar for Blackpool: ${labels}`);
  // Rates of a few closed referrals are shown with their counts.
  assert.match(await page.locator("#figures-total").innerText(), /Engaged\s+(\d+ of \d+ \(\d+%\)|none closed)/);
  await fillDate(page, "Last date of incidents", "2000-01-01");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show the figures" }));
  assert.equal(res.status(), 400);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "figures with a period that ends before it starts");
  await assertErrorsTiedToFields(page, "figures with a period that ends before it starts");

  // a start with no year: its year box is marked, and the summary links to it
  const today = plusDays(0);
  const newYear = `${today.slice(0, 4)}-01-01`;
  const first = page.getByRole("group", { name: "First date of incidents", exact: true });
  await fillDate(page, "Last date of incidents", today);
  await first.getByLabel("Year", { exact: true }).fill("");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show the figures" }));
  assert.equal(res.status(), 400);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "figures with a start that has no year");
  await assertErrorsTiedToFields(page, "figures with a start that has no year");
  assert.equal(
    await page.locator(".govuk-error-summary").getByRole("link", { name: "The start of the period must include a year" }).getAttribute("href"),
    "#from-year",
  );
  assert.match(await first.getByLabel("Year", { exact: true }).getAttribute("class"), /govuk-input--error/);

  // a period typed in the boxes is a shareable address; the downloads keep the ISO dates
  await fillDate(page, "First date of incidents", newYear);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show the figures" }));
  assert.equal(res.status(), 200);
  const asked = new URL(page.url());
  assert.equal(asked.searchParams.get("from-day"), "1");
  assert.equal(asked.searchParams.get("from-month"), "1");
  assert.equal(asked.searchParams.get("to-year"), today.slice(0, 4));
  assert.equal(await dateValue(page, "First date of incidents"), newYear);
  assert.equal(
    await page.getByRole("link", { name: "Download these figures as CSV" }).getAttribute("href"),
    `/provide/figures.csv?from=${newYear}&to=${today}`,
  );
  res = await s.visit(page, `/provide/figures?from=${newYear}&to=${today}`);
  assert.equal(res.status(), 200, "the ISO dates still name a period");
  assert.equal(await dateValue(page, "Last date of incidents"), today);
});
