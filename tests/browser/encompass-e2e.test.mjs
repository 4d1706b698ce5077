// Operation Encompass end to end in a real browser, as the issue asks: a
// police officer records an incident with two children at two schools
// (Alex Example at Brookfield Primary, Robin Placeholder at Larkhill
// Academy, both on the demo register); each school's Key Adult signs in,
// sees their own child's notification and not the other's, opens it and
// acknowledges it. Every page state visited is checked with axe.
//
// The intake (src/areas/incidents/) matches each child and makes the
// notifications; this file checks they reach the right inbox and can be
// answered there (src/areas/encompass/).
//
// Run: node --test tests/browser/encompass-e2e.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";
import { plusDays, sqlText } from "../lib/api.mjs";

import { assertErrorsTiedToFields, browserSuite, fillDate } from "./browser.mjs";

const s = browserSuite();
const sql = (query) => sqlText(s.haven.dbPath, query);
const REFERENCE = "LC-E2E-0001";

/**
 * Every page state: the suite's checks (s.checkPage), and any errors and hints
 * on the page tied to their fields (assertErrorsTiedToFields).
 */
async function checkPage(page, what, options) {
  await s.checkPage(page, what, options);
  await assertErrorsTiedToFields(page, what, { expectErrors: false });
}

/** The notification id for this incident's child at `setting`, or NaN. */
function notificationFor(setting) {
  return Number(
    sql(
      "SELECT n.id FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id" +
        " JOIN da_incidents i ON i.id = c.incident_id JOIN agencies a ON a.id = n.recipient_agency_id" +
        ` WHERE i.police_reference = '${REFERENCE}' AND a.slug = '${setting}';`,
    ) || "NaN",
  );
}

s.test("the police record an incident with two children at two schools", { timeout: 120_000 }, async () => {
  const { page, log } = await s.signedIn("police@demo.haven.example");
  await page.goto(s.url("/incidents/new"), { waitUntil: "load" });
  await checkPage(page, "the incident form");
  // yesterday evening, so the deadline (the next school day's start) is still to come or just passed: either way new
  const yesterday = plusDays(-1);
  await page.locator("#police_reference").fill(REFERENCE);
  await fillDate(page, "Date of the incident", yesterday);
  await page.locator("#occurred_time").fill("19:30");
  await page.locator("#la_code").selectOption({ label: "Blackburn with Darwen" });
  await page.getByLabel("Medium").check();
  await page.locator("#circumstances").fill("End-to-end test: argument between adults; a neighbour called police.");
  await page.locator("#adult_1_name").fill("Pat Example-Adult");
  await page.locator("#adult_1_role").selectOption("victim");
  await page.locator("#adult_1_safe_to_call").selectOption("yes");
  await page.locator("#adult_1_safe_to_leave_message").selectOption("no");
  await page.locator("#child_1_given_name").fill("Alex");
  await page.locator("#child_1_family_name").fill("Example");
  await fillDate(page.locator("#child-1"), "Date of birth", "2016-04-12");
  await page.locator("#child_1_present").selectOption("yes");
  await page.locator("#child_1_spoken_to").selectOption("no");
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Add another child" }));
  assert.equal(res.status(), 200);
  await page.locator("#child_2_given_name").fill("Robin");
  await page.locator("#child_2_family_name").fill("Placeholder");
  await fillDate(page.locator("#child-2"), "Date of birth", "2013-11-21");
  await page.locator("#child_2_present").selectOption("no");
  await page.locator("#child_2_spoken_to").selectOption("no");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 200);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Send the incident" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/incidents\/\d+$/);
  await checkPage(page, "the recorded incident");
  const main = (await page.locator("main").innerText()).replace(/\s+/g, " ");
  assert.match(main, /Brookfield Primary School \(fictional\): due by/);
  assert.match(main, /Larkhill Academy \(fictional\): due by/);
  assert.ok(notificationFor("brookfield-primary") > 0, "a notification to Brookfield");
  assert.ok(notificationFor("larkhill-academy") > 0, "a notification to Larkhill");
});

for (const [email, setting, child, other] of [
  ["dsl@demo.haven.example", "brookfield-primary", "Alex Example", "larkhill-academy"],
  ["dsl2@demo.haven.example", "larkhill-academy", "Robin Placeholder", "brookfield-primary"],
]) {
  s.test(`${email} sees and acknowledges their own child's notification, not the other school's`, { timeout: 120_000 }, async () => {
    const mine = notificationFor(setting);
    const theirs = notificationFor(other);
    const { page, log } = await s.signedIn(email);
    let res = await page.goto(s.url("/encompass"), { waitUntil: "load" });
    assert.equal(res.status(), 200);
    await checkPage(page, `${email}'s inbox`);
    const link = page.locator(`main a[href="/encompass/notifications/${mine}"]`);
    assert.equal(await link.count(), 1, "the new notification is in the inbox");
    assert.equal(await link.innerText(), child);
    assert.equal(await page.locator(`main a[href="/encompass/notifications/${theirs}"]`).count(), 0, "the other school's is not");
    const row = page.locator("main table tbody tr").filter({ has: page.locator(`a[href="/encompass/notifications/${mine}"]`) });
    const listed = await row.locator(".govuk-tag").innerText();
    assert.match(listed, /^(New|Overdue)$/);

    res = await s.navigateBy(page, link);
    await checkPage(page, `${email}'s new notification`);
    const text = (await page.locator("main").innerText()).replace(/\s+/g, " ");
    assert.ok(text.includes(child));
    if (sql("SELECT content FROM da_settings;") === "full") assert.ok(text.includes(REFERENCE), "the full form names the police reference");
    res = await s.navigateBy(page, page.getByRole("button", { name: "Acknowledge" }));
    assert.equal(res.status(), 200);
    await checkPage(page, `${email}'s acknowledged notification`);
    // one status: acknowledged after this morning's start (the deadline), it is "Acknowledged late"
    assert.deepEqual(await page.locator("main .govuk-tag").allInnerTexts(), [listed === "Overdue" ? "Acknowledged late" : "Acknowledged"]);
    const by = sql(`SELECT u.email FROM encompass_notifications n JOIN users u ON u.id = n.acknowledged_by WHERE n.id = ${mine};`);
    assert.equal(by, email, "the acknowledgement records who");

    // the other school's notification is not there for this Key Adult
    const other404 = await page.goto(s.url(`/encompass/notifications/${theirs}`), { waitUntil: "load" });
    assert.equal(other404.status(), 404);
  });
}

s.test("stop", async () => {
  await s.closeBrowser();
  assert.equal(await s.haven.stop(), 0);
});
