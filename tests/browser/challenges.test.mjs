// The challenge log in a real browser: the Independent Scrutineer raises a
// challenge to a school (first without a subject, so the GOV.UK error summary
// shows and what was typed is kept), the school's DSL finds it on the
// dashboard's link and responds, and the scrutineer escalates the response
// to the board (first without saying why) and sees it in the log; with no
// board meeting planned, the partnership team (on a phone) is not offered
// placing it but a link to add a board meeting, and places it on that
// meeting's agenda once it is planned. Every page state is checked with axe.
//
// Run: node --test tests/browser/challenges.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { plusDays } from "../lib/api.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, fillDate, mainText } from "./browser.mjs";

const s = browserSuite();

let where;

s.test("the scrutineer raises a challenge to a school, fixing a mistake first", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn({ email: "scrutineer@demo.haven.example" });
  let res = await s.visit(page, "/challenges");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the empty challenge log", { title: "Challenge log" });
  res = await s.navigateBy(page, page.getByRole("link", { name: "Raise a challenge" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the new challenge form", { title: "Raise a challenge" });

  await page.getByLabel("The challenge").fill("Fictional: two of the last five Encompass briefings had no one from the school.");
  await page.getByLabel("To", { exact: true }).selectOption("brookfield-primary");
  await fillDate(page, "Respond by", plusDays(14));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Raise the challenge" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the new challenge form with an error", { title: "Error: Raise a challenge" });
  await assertErrorsTiedToFields(page, "the missing subject");
  assert.match(await page.getByLabel("The challenge").inputValue(), /two of the last five/, "what was typed is kept");
  // a select is not chosen again after a validation error (the redisplay has no validated input), so again:
  await page.getByLabel("To", { exact: true }).selectOption("brookfield-primary");

  await page.getByLabel("Subject").fill("Key Adults at Encompass briefings");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Raise the challenge" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/challenges\/\d+$/);
  where = new URL(page.url()).pathname;
  await s.checkPage(page, "the challenge as raised", { title: "Challenge: Key Adults at Encompass briefings" });
  assert.match(await mainText(page), /Awaiting a response/);
});

s.test("the school responds; the scrutineer escalates the response, saying why", { timeout: 60_000 }, async () => {
  assert.ok(where, "the challenge was raised");
  const dsl = await s.signedIn({ email: "dsl@demo.haven.example" });
  let res = await s.visit(dsl.page, "/dashboard");
  res = await s.navigateBy(dsl.page, dsl.page.getByRole("link", { name: /Challenge log/ }));
  assert.equal(res.status(), 200);
  await s.checkPage(dsl.page, "the school's challenge log", { title: "Challenge log" });
  res = await s.navigateBy(dsl.page, dsl.page.getByRole("link", { name: "Key Adults at Encompass briefings" }));
  await s.checkPage(dsl.page, "the challenge with the response form", { title: "Challenge: Key Adults at Encompass briefings" });
  await dsl.page.getByLabel("Your agency's response").fill("Fictional: the deputy head now attends every briefing.");
  res = await s.navigateBy(dsl.page, dsl.page.getByRole("button", { name: "Send the response" }));
  assert.equal(res.status(), 200);
  assert.match(await mainText(dsl.page), /Awaiting a decision/);

  const { page } = await s.signedIn({ email: "scrutineer@demo.haven.example", reuseSession: true });
  res = await s.visit(page, where);
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the challenge with the decision form", { title: "Challenge: Key Adults at Encompass briefings" });
  await page.getByLabel("Escalate to the board").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the decision" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the decision form with errors", { title: "Error: Challenge: Key Adults at Encompass briefings" });
  await assertErrorsTiedToFields(page, "the escalation's missing note and date");
  assert.equal(await page.getByLabel("Escalate to the board").isChecked(), true, "the choice is kept");

  await page.getByLabel("Note").fill("Fictional: no register has been seen.");
  await fillDate(page, "Further response by (to escalate)", plusDays(28));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the decision" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the escalated challenge", { title: "Challenge: Key Adults at Encompass briefings" });
  const text = await mainText(page);
  assert.match(text, /Escalated to the board/);
  assert.match(text, /the deputy head now attends every briefing/);

  res = await s.visit(page, "/challenges");
  await s.checkPage(page, "the challenge log", { title: "Challenge log" });
  assert.match(await mainText(page), /Key Adults at Encompass briefings/);
});

s.test("on a phone, with no board meeting planned, the partnership team is not offered placing but a link to add a meeting; once one is, it places the challenge", { timeout: 90_000 }, async () => {
  const { page } = await s.signedIn("partnership", { viewport: { width: 375, height: 800 } });
  await s.visit(page, where);
  assert.match(await mainText(page), /Not on a board meeting's agenda yet: the board had no meeting planned/);
  assert.equal(await page.getByRole("button", { name: "Put it on the next board meeting's agenda" }).count(), 0, "nothing to place it on");
  assert.match(await page.locator("#no-board-meeting").innerText(), /The board has no meeting planned after now/);
  await s.checkPage(page, "an escalated challenge with no board meeting planned", { title: "Challenge: Key Adults at Encompass briefings" });

  // the link beside it: the partnership team adds the board's next meeting, then comes back
  let res = await s.navigateBy(page, page.getByRole("link", { name: "Add a board meeting" }));
  assert.equal(res.status(), 200);
  await fillDate(page, "Date of the meeting", plusDays(21));
  await page.getByLabel("Start time").fill("10:00");
  await page.getByLabel("Place").fill("Fictional Town Hall");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the meeting" }));
  assert.equal(res.status(), 200);
  await s.visit(page, where);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Put it on the next board meeting's agenda" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the challenge on the board's agenda", { title: "Challenge: Key Adults at Encompass briefings" });
  await s.navigateBy(page, page.getByRole("link", { name: /the board's meeting on/ }));
  assert.match(await mainText(page), /Escalated challenge \d+: Key Adults at Encompass briefings/);
});

