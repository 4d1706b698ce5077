// "Your work" in a real browser (issue 14): the demo Key Adult signs in, sees
// from the dashboard how much waits and how much is overdue, opens the task
// list (each task says what to do, by when in words and date, and overdue in
// text), and follows a task to the notification it is about. A person with
// nothing waiting sees that said. Every page state is checked with axe.
//
// Run: node --test tests/browser/work.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { browserSuite } from "./browser.mjs";

const s = browserSuite();

s.test("a Key Adult finds their work from the dashboard and follows a task to its page", { timeout: 120_000 }, async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "dsl");

  let res = await s.visit(page, "/dashboard");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the dashboard with work waiting");
  const link = page.getByRole("link", { name: /waiting for you/ });
  assert.match(await link.innerText(), /^\d+ waiting for you(, \d+ overdue)?$/);

  await s.navigateBy(page, link);
  assert.match(page.url(), /\/work$/);
  await s.checkPage(page, "the task list");
  const rows = page.locator("main tbody tr");
  assert.ok((await rows.count()) > 0);
  const first = await rows.first().innerText();
  assert.match(first, /Acknowledge an Operation Encompass notification/);
  assert.match(first, /(Overdue by|Due in) /);
  assert.match(first, /by \d{1,2}:\d\d(am|pm) on /);
  // overdue is said in words, not by colour alone
  for (const tag of await page.locator("main .govuk-tag--red").all()) assert.match(await tag.innerText(), /^Overdue by /);
  // and said once a row: the red tag holds the words, with no second "Overdue" beside it
  for (const row of await rows.all()) assert.ok((await row.innerText()).split(/overdue/i).length <= 2, await row.innerText());

  await s.navigateBy(page, rows.first().getByRole("link"));
  assert.match(page.url(), /\/encompass\/notifications\/\d+$/);
  await s.checkPage(page, "the notification a task led to");
});

s.test("someone with nothing waiting is told so", { timeout: 60_000 }, async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "scrutineer");
  const res = await s.visit(page, "/work");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "an empty task list");
  assert.match(await page.locator("main").innerText(), /Nothing is waiting for you/);
});

s.test("a front door chooses a daily summary for requests for support", { timeout: 60_000 }, async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "frontdoor");
  let res = await s.visit(page, "/account/alerts");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the choice of alerts");
  const group = page.getByRole("group", { name: "Requests for support to decide" });
  assert.equal(await group.getByLabel("An email at once").isChecked(), true, "at once until they choose");
  await group.getByLabel("One summary a day").check();
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save your choices" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/account\/alerts$/);
  await s.checkPage(page, "the choice of alerts, saved");
  assert.equal(await page.getByRole("group", { name: "Requests for support to decide" }).getByLabel("One summary a day").isChecked(), true);
});
