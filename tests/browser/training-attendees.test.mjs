// The register's people without a place in a real browser (issue 20,
// "training attendance everyone counts"): the partnership adds someone with
// no Haven account to yesterday's register, is shown what is missing when
// the form is sent empty, sees them listed, and removes one recorded in
// error. Every state of the register is checked with axe.
//
// Run: node --test tests/browser/training-attendees.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { plusDays, sqlText } from "../lib/api.mjs";
import { browserSuite } from "./browser.mjs";

const s = browserSuite();

s.test("the partnership records, and removes, someone who attended without a place", async () => {
  sqlText(s.haven.dbPath, `
    INSERT INTO training_sessions (id, course_id, date, starts, ends, mode, venue, capacity, trainer)
      SELECT 711, min(id), '${plusDays(-1)}', '09:30', '12:30', 'venue', 'A fictional venue', 10, 'A trainer' FROM training_courses;
    INSERT INTO training_bookings (id, session_id, user_id, agency_id, status)
      SELECT 7110, 711, id, agency_id, 'booked' FROM users WHERE email = 'dsl@demo.haven.example';`);
  const { page } = await s.newPage();
  await s.signIn(page, "partnership@demo.haven.example");
  let res = await s.visit(page, "/training/sessions/711/register");
  assert.equal(res.status(), 200);
  assert.match(await page.locator("main").innerText(), /Nobody is recorded as attending without a place/);
  await s.checkPage(page, "a register with nobody without a place");

  // sent empty: every missing field named, in the summary and beside the field
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add to the register" }));
  assert.equal(res.status(), 422);
  const summary = await page.locator(".govuk-error-summary").innerText();
  for (const missing of [/Enter the person's name/, /Enter their agency/, /Enter their role/]) assert.match(summary, missing);
  await s.checkPage(page, "the register's form with errors");

  await page.getByLabel("Name").fill("Sam Visitor");
  await page.getByLabel("Agency").selectOption("little-acorns-nursery");
  await page.getByLabel("Role").fill("Nursery practitioner");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add to the register" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/training\/sessions\/711\/register$/);
  assert.match(await page.locator("#attendees").innerText(), /Sam Visitor\s+Little Acorns Day Nursery \(fictional\)\s+Nursery practitioner\s+No/);
  await s.checkPage(page, "a register with someone without a place");

  res = await s.navigateBy(page, page.getByRole("button", { name: "Remove Sam Visitor" }));
  assert.equal(res.status(), 200);
  assert.equal(await page.locator("#attendees").count(), 0);
  assert.equal(sqlText(s.haven.dbPath, "SELECT count(*) FROM training_attendees WHERE session_id = 711;"), "0");
});
