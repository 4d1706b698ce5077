// Case notes in a real browser: a school's DSL adds a note about a child from
// the chronology (first with the date in the future, so the GOV.UK error
// summary shows and what was typed is kept), reads it, corrects it with a
// reason and sees every version; then attaches a document to it (the upload
// page's error first) and finds it listed on the note. Every page state is
// checked with axe.
//
// Run: node --test tests/browser/notes.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, fillDate, mainText } from "./browser.mjs";

const s = browserSuite();
const DSL = { email: "dsl@demo.haven.example" };

s.test("a DSL adds a case note, fixing a mistake first, then corrects it", async () => {
  const { page } = await s.signedIn(DSL);
  let res = await s.visit(page, "/children/1/chronology");
  assert.equal(res.status(), 200);
  res = await s.navigateBy(page, page.getByRole("link", { name: "Add a case note" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the new note form", { title: "Add a case note" });

  await fillDate(page, "Date the note is about", "2099-01-01");
  await page.getByLabel("A concern").check();
  await page.getByLabel("Every agency working with this child").check();
  await page.getByLabel("The note", { exact: true }).fill("Fictional note: arrived late and hungry.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the note" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the new note form with an error", { title: "Error: Add a case note" });
  await assertErrorsTiedToFields(page, "the note's date error");
  assert.equal(await page.getByLabel("The note", { exact: true }).inputValue(), "Fictional note: arrived late and hungry.");
  assert.equal(await page.getByLabel("A concern").isChecked(), true, "the choice is kept");

  await fillDate(page, "Date the note is about", "2026-11-20");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the note" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/notes\/\d+$/);
  await s.checkPage(page, "the note", { title: "Case note" });
  let text = await mainText(page);
  assert.match(text, /Fictional note: arrived late and hungry\./);
  assert.match(text, /Every agency working with this child/);

  res = await s.navigateBy(page, page.getByRole("link", { name: "Correct this note" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the correction form", { title: "Correct a case note" });
  assert.equal(await page.getByLabel("The note", { exact: true }).inputValue(), "Fictional note: arrived late and hungry.", "starts from the current version");
  await page.getByLabel("The note", { exact: true }).fill("Fictional note: arrived late and hungry on two days.");
  await page.getByLabel("Why are you correcting it?").fill("It was two days, not three.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Add the correction" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the corrected note", { title: "Case note" });
  text = await mainText(page);
  assert.match(text, /Version 2/);
  assert.match(text, /It was two days, not three\./);
  assert.match(text, /Version 1/);

  res = await s.navigateBy(page, page.getByRole("link", { name: "Attach a document" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the note's upload form", { title: "Upload a document" });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Upload the document" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the note's upload form with errors", { title: "Error: Upload a document" });
  await assertErrorsTiedToFields(page, "the upload's errors");
  await page.getByLabel("What the document is").fill("Fictional minutes of the meeting");
  await page.getByLabel("The file").setInputFiles({ name: "minutes.txt", mimeType: "text/plain", buffer: Buffer.from("Fictional minutes.\n") });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Upload the document" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/notes\/\d+$/);
  await s.checkPage(page, "the note with its document", { title: "Case note" });
  assert.ok(await page.getByRole("link", { name: "Fictional minutes of the meeting" }).isVisible());
});
