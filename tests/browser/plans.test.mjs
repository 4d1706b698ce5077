// Strategies and action plans in a real browser: the partnership team
// follows the dashboard's link to the plans, adds a plan (first without its
// aims, so the GOV.UK error summary shows and what was typed is kept) and an
// action owned by a school; the school's DSL records progress on it and sees
// its RAG status change. Every page state is checked with axe.
//
// Run: node --test tests/browser/plans.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { plusDays } from "../lib/api.mjs";
import {
  assertErrorsTiedToFields,
  assertFocusedErrorSummary,
  browserSuite,
  dateValue,
  fillDate,
  mainText,
} from "./browser.mjs";

const s = browserSuite();

let planPath;

s.test("the partnership team adds a plan, fixing a mistake first, and an action for a school", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn({ email: "partnership@demo.haven.example" });
  await s.visit(page, "/dashboard");
  let res = await s.navigateBy(page, page.getByRole("link", { name: "Strategies and action plans" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the plans", { title: "Strategies and action plans" });
  res = await s.navigateBy(page, page.getByRole("link", { name: "Add a plan" }));
  await s.checkPage(page, "the new plan form", { title: "Add a strategy and action plan" });

  await page.getByLabel("Priority").selectOption("neglect");
  await page.getByLabel("For", { exact: true }).selectOption({ label: "Blackpool operational group (demo)" });
  await fillDate(page, "From", plusDays(-1));
  await fillDate(page, "To", plusDays(364));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the plan" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the new plan form with an error", { title: "Error: Add a strategy and action plan" });
  await assertErrorsTiedToFields(page, "the missing aims");
  assert.equal(await dateValue(page, "From"), plusDays(-1), "what was typed is kept");

  // a select is not chosen again after a validation error (the redisplay has no validated input), so again:
  await page.getByLabel("Priority").selectOption("neglect");
  await page.getByLabel("For", { exact: true }).selectOption({ label: "Blackpool operational group (demo)" });
  await page.getByLabel("Aims").fill("Fictional: neglect is recognised early in Blackpool's schools.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the plan" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/plans\/\d+$/);
  planPath = new URL(page.url()).pathname;
  await s.checkPage(page, "the plan with no actions", { title: "Action plan: Neglect, Blackpool operational group (demo)" });
  assert.match(await mainText(page), /No actions yet/);

  await page.getByLabel("Action", { exact: true }).fill("Fictional: a neglect champion in every school");
  await page.getByLabel("Owner agency").selectOption("brookfield-primary");
  await page.getByLabel("Lead").fill("Designated safeguarding lead");
  // 31 February first: not a real date, and only the day box is at fault
  await fillDate(page, "Due", "2027-02-31");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the action" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the new action with a date that is not real", { title: "Error: Action plan: Neglect, Blackpool operational group (demo)" });
  await assertErrorsTiedToFields(page, "the due date that is not real");
  const summaryLink = page.locator(".govuk-error-summary").getByRole("link", { name: "The due date must be a real date" });
  assert.equal(await summaryLink.getAttribute("href"), "#due_on");
  const due = page.getByRole("group", { name: "Due", exact: true });
  assert.match(await due.getByLabel("Day", { exact: true }).getAttribute("class"), /govuk-input--error/);
  assert.doesNotMatch(await due.getByLabel("Month", { exact: true }).getAttribute("class"), /govuk-input--error/);
  assert.match(await mainText(page), /No actions yet/, "nothing was added");

  await page.getByLabel("Action", { exact: true }).fill("Fictional: a neglect champion in every school");
  await page.getByLabel("Owner agency").selectOption("brookfield-primary");
  await page.getByLabel("Lead").fill("Designated safeguarding lead");
  await fillDate(page, "Due", plusDays(14));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the action" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the plan with an action", { title: "Action plan: Neglect, Blackpool operational group (demo)" });
  assert.match(await mainText(page), /Amber/);
});

s.test("the school records progress with evidence; its status turns green", { timeout: 60_000 }, async () => {
  assert.ok(planPath, "the plan was added");
  const { page } = await s.signedIn({ email: "dsl@demo.haven.example" });
  let res = await s.visit(page, planPath);
  assert.equal(res.status(), 200);
  res = await s.navigateBy(page, page.getByRole("link", { name: "Fictional: a neglect champion in every school" }));
  await s.checkPage(page, "the action with the progress form", { title: "Action: Fictional: a neglect champion in every school" });
  await page.getByLabel("In progress").check();
  await page.getByLabel("Evidence").fill("Fictional: champions named in three of five schools.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the progress" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the action after progress", { title: "Action: Fictional: a neglect champion in every school" });
  const text = await mainText(page);
  assert.match(text, /Green/);
  assert.match(text, /champions named in three of five schools/);
});
