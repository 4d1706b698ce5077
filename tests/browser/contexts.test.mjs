// Contexts in a real browser: the local authority's front door records a place
// (first without a name, to see the error summary), finds the child's record
// number on the child's page, links a child it works with (first a child it
// does not, to see the error by the field; then the banner says so), and opens
// the place's page with its network drawn as an SVG and the table saying the
// same, and the child's own network page; the police record a person of concern and a child abduction warning
// notice against them (first with the dates out of order); the front door corrects a place, ends a
// child's link and ends the place (after "Are you sure") and reopens it, each with its reason (first
// without). Every page state
// is checked with axe.
//
// Run: node --test tests/browser/contexts.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { sqlRows } from "../lib/api.mjs";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, fillDate } from "./browser.mjs";

const s = browserSuite();

/** axe and the page's basics; each error shown (`errors`: at least one must be) is tied to its field. */
async function checkPage(page, what, { errors = false } = {}) {
  await s.checkPage(page, what);
  await assertErrorsTiedToFields(page, what, { expectErrors: errors });
}

/** A demo child the front door's local authority works with, and one it does not. */
function demoChildren() {
  const q = (sql) => sqlRows(s.haven.dbPath, sql)[0].id;
  const la = "(SELECT id FROM agencies WHERE slug = 'lancashire-county-council')";
  return {
    known: q(`SELECT child_id AS id FROM child_links WHERE agency_id = ${la} ORDER BY child_id LIMIT 1`),
    unknown: q(`SELECT id FROM children WHERE id NOT IN (SELECT child_id FROM child_links WHERE agency_id = ${la}) ORDER BY id LIMIT 1`),
  };
}

s.test("the front door records a place, links a child and sees the network", { timeout: 120_000 }, async () => {
  const { known, unknown } = demoChildren();
  const { page } = await s.newPage();
  await s.signIn(page, "frontdoor");
  let res = await s.visit(page, "/contexts");
  assert.equal(res.status(), 200);
  await checkPage(page, "places and groups, none yet");
  await page.getByLabel("Address or area (optional)").fill("Fishergate, Preston");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record it" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  const links = await assertErrorsTiedToFields(page, "the place form with errors");
  assert.deepEqual(links.map((l) => l.href), ["#name"]);
  await checkPage(page, "the place form with errors");
  assert.equal(await page.getByLabel("Address or area (optional)").inputValue(), "Fishergate, Preston");

  await page.getByLabel("Name").fill("The chicken shop on Fishergate");
  await page.getByLabel("Kind of place (optional)").fill("shop");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record it" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/contexts\/\d+$/);
  await checkPage(page, "a new place, nobody linked");
  // the form's hint says where the record number it asks for is, and the child's page shows it
  assert.match(await page.locator("#child-hint").innerText(), /Shown as "Record number" on the child's page/);
  const place = new URL(page.url()).pathname;
  res = await s.visit(page, `/children/${known}`);
  assert.equal(res.status(), 200);
  await checkPage(page, "the child's record with its record number");
  assert.match(await page.locator(".govuk-summary-list").first().innerText(), new RegExp(`Record number\\s+${known}\\b`));
  await s.visit(page, place);

  await page.getByLabel("The child's record number").fill(String(unknown));
  await page.getByLabel("The nature of the link").fill("Hangs around after school");
  await page.getByLabel("The source").fill("A return home interview");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Link the child" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "the link form with an error", { errors: true });

  await page.getByLabel("The child's record number").fill(String(known));
  res = await s.navigateBy(page, page.getByRole("button", { name: "Link the child" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the place with its network");
  assert.match(await page.getByRole("alert").innerText(), /Success\s+The child was linked to this context/);
  // the place, the child, and the child's other contexts in the demo (a park, a group and, for the front
  // door, a person of concern)
  assert.equal(await page.locator("svg.app-network circle").count(), 5, "the place, the child and their other contexts");
  assert.match(await page.locator("#network").innerText(), /Riverside skate park \(demo\)/);
  assert.match(await page.locator("#network").innerText(), /Hangs around after school\s+A return home interview/);

  res = await s.visit(page, `/exploitation/children/${known}/network`);
  assert.equal(res.status(), 200);
  await checkPage(page, "the child's network");
  assert.match(await page.locator("#network").innerText(), /The chicken shop on Fishergate/);
  // the child, the shop and the demo's park, group and person (its other child is Blackpool's, not shown)
  assert.equal(await page.locator("svg.app-network circle").count(), 5, "the child and their contexts");
});

s.test("the police record a person of concern and a warning notice against them", { timeout: 120_000 }, async () => {
  const { page } = await s.newPage();
  await s.signIn(page, "police");
  let res = await s.visit(page, "/persons-of-concern");
  assert.equal(res.status(), 200);
  await checkPage(page, "persons of concern");
  await page.getByLabel("Name").fill("Adult B");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record it" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "a person of concern");

  await page.getByLabel("What was done").selectOption({ label: "Child abduction warning notice" });
  await fillDate(page, "Date it started", "2026-11-20");
  await fillDate(page, "Date it ended (optional)", "2026-11-19");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the disruption" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "the disruption form with an error", { errors: true });
  assert.equal(await page.getByLabel("What was done").inputValue(), "cawn", "the choice is kept");

  await fillDate(page, "Date it ended (optional)", "2026-11-20");
  await page.getByLabel("Outcome (optional)").fill("Served");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record the disruption" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "a person of concern with a disruption");
  assert.match(await page.locator("#disruptions").innerText(), /Child abduction warning notice\s+20 November 2026\s+20 November 2026\s+Served/);
});

s.test("the front door corrects a place, ends a child's link and ends the place, each with a reason", { timeout: 120_000 }, async () => {
  const { known } = demoChildren();
  const { page } = await s.newPage();
  await s.signIn(page, "frontdoor");
  let res = await s.visit(page, "/contexts");
  await page.getByLabel("Name").fill("The old garages");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Record it" }));
  assert.equal(res.status(), 200);
  await page.getByLabel("The child's record number").fill(String(known));
  await page.getByLabel("The nature of the link").fill("Seen there");
  await page.getByLabel("The source").fill("Police intelligence");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Link the child" }));
  assert.equal(res.status(), 200);

  await page.locator("#name").fill("The old garages, Back Lane");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Correct the details" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "the correction without a reason", { errors: true });
  await page.locator("#name").fill("The old garages, Back Lane");
  await page.getByLabel("Why the details are corrected").fill("The lane was missing");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Correct the details" }));
  assert.equal(res.status(), 200);
  assert.match(await page.locator("h1").innerText(), /The old garages, Back Lane/);

  await page.getByLabel("Why the link has ended").fill("Moved out of the area");
  res = await s.navigateBy(page, page.getByRole("button", { name: "End the link" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the place with a link ended");
  assert.match(await page.locator("#history").innerText(), /Link ended[\s\S]*Moved out of the area[\s\S]*Details corrected[\s\S]*name was The old garages/);

  await page.getByLabel("Why it has ended").fill("Demolished");
  res = await s.navigateBy(page, page.getByRole("button", { name: "End this record" }));
  assert.equal(res.status(), 200);
  // ending takes it out of every agency's networks: the page asks first, and nothing has changed yet
  await checkPage(page, "are you sure you want to end the place");
  assert.match(await page.locator("#confirm-end").innerText(), /Are you sure you want to end The old garages, Back Lane\?[\s\S]*Demolished/);
  assert.equal(await page.locator("#ended").count(), 0);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Yes, end this record" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "an ended place with its history");
  assert.match(await page.locator("#ended").innerText(), /Demolished/);
  assert.equal(await page.getByRole("button", { name: "Link the child" }).count(), 0, "an ended place takes no links");
  assert.equal(await page.getByRole("button", { name: "Record the disruption" }).count(), 0, "nor disruptions");

  // ended by mistake: reopened with its reason (first without one)
  res = await s.navigateBy(page, page.getByRole("button", { name: "Reopen this record" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await checkPage(page, "the reopening without a reason", { errors: true });
  await page.getByLabel("Why it is reopened").fill("Ended by mistake: still standing");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Reopen this record" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "a reopened place");
  assert.equal(await page.locator("#ended").count(), 0);
  assert.match(await page.locator("#history").innerText(), /Reopened[\s\S]*Ended by mistake: still standing/);
});
