// A member of staff's name in a right-to-left script (Hebrew here) is isolated
// in a <bdi> wherever it is shown, as a child's is (templates/child-name), so
// the words around it ("Signed in as …, agency", "… by …, agency") keep their
// order: the header's signed-in name, the dashboard's heading, a case note's
// writer, the audit trail's "Who".
// Every page state is checked with axe.
//
// Run: node --test tests/browser/staff-names.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { browserSuite, fillDate, mainText } from "./browser.mjs";
import { sqlText } from "../lib/api.mjs";

const s = browserSuite();
const DSL = { email: "dsl@demo.haven.example" };
const HEBREW_NAME = "נועה כהן";

/**
 * Within `scope`, `name` is shown alone in a <bdi> whose direction is isolated (unicode-bidi: isolate),
 * so it never reorders the words around it.
 */
async function assertIsolated(scope, name, what) {
  const el = scope.locator("bdi", { hasText: name }).first();
  assert.equal(await el.count(), 1, `${what}: the name is in a <bdi>`);
  assert.equal(await el.innerText(), name, `${what}: the name alone in its element`);
  assert.equal(await el.evaluate((e) => getComputedStyle(e).unicodeBidi), "isolate", `${what}: its direction isolated`);
}

s.test("the DSL's name is written in Hebrew", () => {
  sqlText(s.haven.dbPath, `UPDATE users SET name = '${HEBREW_NAME}' WHERE email = '${DSL.email}';`);
});

s.test("the signed-in name in the header and on the dashboard is isolated", async () => {
  const { page } = await s.signedIn(DSL);
  await s.visit(page, "/dashboard");
  await s.checkPage(page, "the dashboard");
  await assertIsolated(page.locator(".haven-signed-in-as"), HEBREW_NAME, "Signed in as");
  await assertIsolated(page.locator("h1"), HEBREW_NAME, "the dashboard's heading");
});

s.test("a case note's writer is isolated in its versions", async () => {
  const { page } = await s.signedIn(DSL, { reuseSession: true });
  await s.visit(page, "/children/1/notes/new");
  await fillDate(page, "Date the note is about", "2026-11-20");
  await page.getByLabel("A concern").check();
  await page.getByLabel("Every agency working with this child").check();
  await page.getByLabel("The note", { exact: true }).fill("Fictional note: arrived late.");
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Add the note" }));
  assert.equal(res.status(), 200);
  // the versions, each with who wrote it, are shown once the note is corrected
  await s.navigateBy(page, page.getByRole("link", { name: "Correct this note" }));
  await page.getByLabel("The note", { exact: true }).fill("Fictional note: arrived late on two days.");
  await page.getByLabel("Why are you correcting it?").fill("It was two days.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the correction" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the corrected note", { title: "Case note" });
  const written = page.locator(".govuk-summary-card .govuk-summary-list__row", { hasText: "Written" }).first();
  await assertIsolated(written, HEBREW_NAME, "Written … by");
  assert.match(await written.innerText(), new RegExp(`by ${HEBREW_NAME}$`), "the time, then by, then the name");
  assert.doesNotMatch(await mainText(page), /bdi>|\}\}/, "no template text shown around the name");
});

s.test("the audit trail's 'Who' is isolated, for the information governance review", async () => {
  const { page } = await s.signedIn({ email: "partnership@demo.haven.example" });
  await s.visit(page, "/audit");
  await s.checkPage(page, "the audit trail");
  const row = page.locator("tbody tr", { hasText: HEBREW_NAME }).first();
  await assertIsolated(row, HEBREW_NAME, "the audit trail's Who");
});
