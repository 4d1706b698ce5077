// Documents in a real browser: a school's DSL uploads a document about a
// child from the chronology — first with no file, then with a file of a type
// not allowed (the GOV.UK error summary each time, what was typed kept), then
// a plain text file — and finds it in the chronology. Every page state is
// checked with axe.
//
// Run: node --test tests/browser/documents.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, mainText } from "./browser.mjs";

const s = browserSuite();
const DSL = { email: "dsl@demo.haven.example" };

s.test("a DSL uploads a document about a child, fixing mistakes first", async () => {
  const { page } = await s.signedIn(DSL);
  let res = await s.visit(page, "/children/1/chronology");
  assert.equal(res.status(), 200);
  res = await s.navigateBy(page, page.getByRole("link", { name: "Upload a document" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the upload form", { title: "Upload a document" });

  await page.getByLabel("What the document is").fill("Fictional attendance summary");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Upload the document" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the upload form without a file", { title: "Error: Upload a document" });
  await assertErrorsTiedToFields(page, "the missing file's error");
  assert.equal(await page.getByLabel("What the document is").inputValue(), "Fictional attendance summary");

  const binary = Buffer.concat([Buffer.from("7f454c46020101000000000000000000", "hex"), Buffer.alloc(100, 1)]);
  await page.getByLabel("The file").setInputFiles({ name: "summary.pdf", mimeType: "application/pdf", buffer: binary });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Upload the document" }));
  assert.equal(res.status(), 415);
  await s.checkPage(page, "the upload form with a type not allowed", { title: "Error: Upload a document" });
  await assertErrorsTiedToFields(page, "the file type's error");
  assert.match(await mainText(page), /must be a PDF/);

  const text = Buffer.from("Fictional attendance: 92% this term.\n");
  await page.getByLabel("The file").setInputFiles({ name: "summary.txt", mimeType: "text/plain", buffer: text });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Upload the document" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/children\/1\/chronology$/);
  assert.match(await mainText(page), /Document uploaded: Fictional attendance summary/);
});
