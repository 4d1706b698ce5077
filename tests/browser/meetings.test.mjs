// Board and group meetings in a real browser: the partnership team follows
// the dashboard's link to the meetings, adds a board meeting (first without
// its place, so the GOV.UK error summary shows and the date typed is kept),
// adds an agenda item, records someone present (first without their role)
// and apologies, a decision and an action that joins an action plan, and
// marks the meeting held, then corrects its place (first with a wrong time),
// an agenda item and a decision, and removes apologies recorded by mistake; the scrutineer reads it without the forms, and the
// annual report with the board's meetings and agencies' attendance; on a
// phone, a board meeting cancelled (warned about the escalated challenge on its agenda, only once one is)
// offers nothing to record until planned again. Every page state is checked
// with axe.
//
// Run: node --test tests/browser/meetings.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { apiClient, plusDays } from "../lib/api.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, fillDate, mainText } from "./browser.mjs";

const s = browserSuite();
const { post } = apiClient(() => s.haven);

/** axe and the page's basics; each error shown (`errors`: at least one must be) is tied to its field. */
async function checkPage(page, what, { errors = false } = {}) {
  await s.checkPage(page, what);
  await assertErrorsTiedToFields(page, what, { expectErrors: errors });
}

let meetingPath;

s.test("the partnership team records a board meeting: agenda, attendance, a decision and its action", { timeout: 120_000 }, async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "partnership");
  await s.visit(page, "/dashboard");
  let res = await s.navigateBy(page, page.getByRole("link", { name: "Board and group meetings" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the meetings");
  res = await s.navigateBy(page, page.getByRole("link", { name: "Add a meeting" }));
  await checkPage(page, "the new meeting form");

  await fillDate(page, "Date of the meeting", plusDays(-1));
  await page.getByLabel("Start time").fill("14:00");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the meeting" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "the new meeting form with an error", { errors: true });
  assert.equal(await page.getByLabel("Start time").inputValue(), "14:00", "what was typed is kept");

  await page.getByLabel("Place").fill("Fictional council chamber");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the meeting" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/meetings\/\d+$/);
  meetingPath = new URL(page.url()).pathname;
  await checkPage(page, "a new meeting");
  assert.equal(await page.locator("#quorum").innerText(), "Not yet held", "no one recorded at a meeting not marked held");

  await page.locator("summary", { hasText: "Add an agenda item" }).click();
  await page.getByLabel("Agenda item", { exact: true }).fill("Fictional: the neglect strategy");
  await page.getByLabel("About a priority (optional)").selectOption("neglect");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the item" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("#agenda-items").innerText(), /Fictional: the neglect strategy/);

  await page.locator("summary", { hasText: "Record attendance" }).click();
  await page.getByLabel("Agency", { exact: true }).selectOption("lancashire-constabulary");
  await page.getByLabel("Name", { exact: true }).fill("Fictional Officer");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record attendance" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "the attendance form without a role", { errors: true });
  await page.getByLabel("Agency", { exact: true }).selectOption("lancashire-constabulary");
  await page.getByLabel("Role", { exact: true }).fill("Detective inspector");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record attendance" }));
  assert.equal(res.status(), 200);
  await page.locator("summary", { hasText: "Record attendance" }).click();
  await page.getByLabel("Agency", { exact: true }).selectOption("demo-icb");
  await page.getByLabel("Apologies").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record attendance" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("#attendance-table").innerText(), /Fictional Officer\s+Detective inspector/);
  assert.match(await page.locator("#quorum").innerText(), /Not quorate: no one was present for a local authority or health/);

  await page.locator("summary", { hasText: "Record a decision" }).click();
  await page.locator("#decision").fill("Fictional: schools name neglect champions.");
  await page.getByLabel("On agenda item (optional)").selectOption({ label: "1. Fictional: the neglect strategy" });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the decision" }));
  assert.equal(res.status(), 200);

  await page.locator("summary", { hasText: "Record an action" }).click();
  await page.getByLabel("Action plan", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("Action", { exact: true }).fill("Fictional: name a neglect champion");
  await page.getByLabel("Owner agency").selectOption("brookfield-primary");
  await page.getByLabel("Lead").fill("Designated safeguarding lead");
  await fillDate(page, "Due date", plusDays(-5));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the action" }));
  assert.equal(res.status(), 422);
  await checkPage(page, "the action form due before the meeting", { errors: true });
  await page.getByLabel("Action plan", { exact: true }).selectOption({ index: 1 });
  await page.getByLabel("Owner agency").selectOption("brookfield-primary");
  await fillDate(page, "Due date", plusDays(20));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the action" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("#action-table").innerText(), /Fictional: name a neglect champion/);

  await page.getByLabel("Held").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the status" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the meeting, held, with every section filled");
});

s.test("the partnership team corrects the meeting: its place (first with a wrong time), an agenda item, a decision, and apologies recorded by mistake", { timeout: 120_000 }, async () => {
  assert.ok(meetingPath, "the meeting was added");
  const { page } = await s.newPage();
  await s.signIn(page, "partnership");
  await s.visit(page, meetingPath);
  let res = await s.navigateBy(page, page.getByRole("link", { name: "Correct the date, time or place" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the form correcting the meeting's details");
  assert.equal(await page.getByLabel("Place").inputValue(), "Fictional council chamber", "the record as it stands");
  await page.getByLabel("Start time").fill("2pm");
  await page.getByLabel("Place").fill("Fictional committee room 2");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the corrections" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "the details form with a wrong time", { errors: true });
  assert.equal(await page.getByLabel("Place").inputValue(), "Fictional committee room 2", "what was typed is kept");
  await page.getByLabel("Start time").fill("14:30");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the corrections" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("#meeting").innerText(), /14:30[\s\S]*Fictional committee room 2/);

  res = await s.navigateBy(page, page.getByRole("link", { name: "Correct agenda item 1" }));
  await checkPage(page, "the form correcting an agenda item");
  assert.equal(await page.getByLabel("Agenda item").inputValue(), "Fictional: the neglect strategy");
  await page.getByLabel("Agenda item").fill("Fictional: the neglect strategy, second draft");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the item" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("#agenda-items").innerText(), /second draft/);

  res = await s.navigateBy(page, page.getByRole("link", { name: "Correct decision 1" }));
  await checkPage(page, "the form correcting a decision");
  await page.getByLabel("Decision").fill("");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the decision" }));
  assert.equal(res.status(), 422);
  await checkPage(page, "the decision form left empty", { errors: true });
  await page.getByLabel("Decision").fill("Fictional: schools and nurseries name neglect champions.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the decision" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("#decision-list").innerText(), /schools and nurseries/);

  res = await s.navigateBy(page, page.getByRole("button", { name: /Remove Demo Integrated Care Board's Apologies/ }));
  assert.equal(res.status(), 200);
  assert.doesNotMatch(await page.locator("#attendance-table").innerText(), /Demo Integrated Care Board/);
  await checkPage(page, "the meeting after its corrections");
});

s.test("on a phone, the partnership team cancels a board meeting, warned about escalated challenges; nothing more is recorded at it until it is planned again", { timeout: 90_000 }, async () => {
  const { page } = await s.signedIn("partnership", { viewport: { width: 375, height: 800 } });
  await s.visit(page, "/meetings/new");
  await fillDate(page, "Date of the meeting", plusDays(35));
  await page.getByLabel("Start time").fill("10:00");
  await page.getByLabel("Place").fill("Fictional council chamber");
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Add the meeting" }));
  assert.equal(res.status(), 200);
  assert.equal(await page.locator("#quorum").innerText(), "Not yet held");
  assert.equal(await page.locator("#status-hint").count(), 0, "no escalated challenge on its agenda: no warning");

  // a challenge escalated now goes on this meeting's agenda (the board's next): the status form warns
  const id = Number(new URL(page.url()).pathname.split("/").pop());
  const raised = await post("scrutineer", "/api/v1/challenges", {
    subject: "Fictional: minutes of strategy meetings", detail: "Fictional: what will change?", owner: "brookfield-primary", respond_by: plusDays(14),
  });
  assert.equal(raised.status, 201, raised.text);
  const challenge = raised.body.id ?? raised.body.challenge.id;
  assert.equal((await post("dsl", `/api/v1/challenges/${challenge}/response`, { response: "Fictional: a plan." })).status, 200);
  const escalated = await post("scrutineer", `/api/v1/challenges/${challenge}/decision`, { decision: "escalate", note: "Fictional: the board will ask.", respond_by: plusDays(40) });
  assert.equal(escalated.body.challenge.board_meeting_id, id, escalated.text);
  await s.visit(page, `/meetings/${id}`);
  assert.match(await page.locator("#status-hint").innerText(), /Cancelling a board meeting sends any escalated challenge on its agenda back to the partnership team/);

  await page.getByLabel("Cancelled").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the status" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator(".govuk-notification-banner").innerText(), /The meeting was cancelled\. Any escalated challenge on its agenda goes back to the partnership team/);
  await checkPage(page, "a cancelled board meeting on a phone");
  for (const form of ["Add an agenda item", "Record attendance", "Record a decision", "Record an action"])
    assert.equal(await page.locator("summary", { hasText: form }).count(), 0, `${form} is not offered`);
  assert.match(await page.locator("#cancelled-note").innerText(), /This meeting was cancelled, so it was not held/);

  await page.getByLabel("Planned").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the status" }));
  assert.equal(res.status(), 200);
  assert.equal(await page.locator("summary", { hasText: "Add an agenda item" }).count(), 1, "planned again: offered again");
  await checkPage(page, "a board meeting planned again");
});

s.test("the scrutineer reads the meeting, without the forms; the annual report shows the board's attendance", { timeout: 60_000 }, async () => {
  assert.ok(meetingPath, "the meeting was added");
  const { page } = await s.newPage();
  await s.signIn(page, "scrutineer");
  const res = await s.visit(page, meetingPath);
  assert.equal(res.status(), 200);
  await checkPage(page, "the meeting as the scrutineer reads it");
  const text = await mainText(page);
  assert.match(text, /Held/);
  assert.doesNotMatch(text, /Record attendance/);

  // the annual report for the year of the demo's board meeting (75 days ago) shows the board's attendance;
  // read as the partnership, since that year may still be running (the scrutineer reads it once it has ended)
  const [y, m] = plusDays(-75).split("-").map(Number);
  const start = m >= 4 ? y : y - 1;
  const year = `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
  const partnership = (await s.newPage()).page;
  await s.signIn(partnership, "partnership");
  const report = await s.visit(partnership, `/reports/annual?year=${year}`);
  assert.equal(report.status(), 200);
  await checkPage(partnership, "the annual report with the board's meetings");
  assert.match(await mainText(partnership), /Agencies' attendance at the board's meetings held/);
});
