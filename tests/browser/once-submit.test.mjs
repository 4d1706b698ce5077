// One submission, one save in a real browser: a DSL adds a case note on a bad connection. The post
// reaches the server and is saved, but its answer is lost on the way back (the connection is reset), so
// Chromium shows its error page; reloading it sends the same form again, with the same submission token.
// One note is saved, and the page the resend leads to is that note, saying "This was saved already".
// (Without the token the resend saved a second note.)
//
// Run: node --test tests/browser/once-submit.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { sqlText } from "../lib/api.mjs";
import { browserSuite, fillDate, mainText, nextNavigation } from "./browser.mjs";

const s = browserSuite();
const BODY = "Fictional note: tapped twice while the signal dropped.";

s.test("a form the browser sends again after a dropped connection saves one note and leads to it", async () => {
  const { page } = await s.signedIn("dsl");
  let res = await s.visit(page, "/children/1/notes/new");
  assert.equal(res.status(), 200);
  await fillDate(page, "Date the note is about", "2026-11-20");
  await page.getByLabel("A concern").check();
  await page.getByLabel("Only my agency").check();
  await page.getByLabel("The note", { exact: true }).fill(BODY);

  // The first post is sent on to the server (which saves it), and its answer lost on the way back:
  // the browser shows its error page, and reloading it sends the form again.
  let posts = 0;
  await page.route("**/children/1/notes", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    posts++;
    if (posts > 1) return route.continue();
    const answer = await route.fetch({ maxRedirects: 0 });
    assert.equal(answer.status(), 303, "the first post was saved");
    return route.abort("connectionreset");
  });
  const errorPage = page.waitForEvent("framenavigated", {
    predicate: (frame) => frame === page.mainFrame() && frame.url().startsWith("chrome-error:"),
  });
  await page.getByRole("button", { name: "Add the note" }).click({ noWaitAfter: true });
  await errorPage;
  await page.waitForLoadState("load");
  res = await page.reload({ waitUntil: "load" });
  assert.equal(posts, 2, "the form was sent twice");
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/notes\/\d+$/);
  const text = await mainText(page);
  assert.match(text, /This was saved already/);
  assert.match(text, /tapped twice while the signal dropped/);
  const notes = Number(sqlText(s.haven.dbPath, `SELECT count(*) FROM case_note_versions WHERE body = '${BODY}'`).trim());
  assert.equal(notes, 1, "one note saved");
  await page.unroute("**/children/1/notes");
});

s.test("stop", async () => {
  await s.closeBrowser();
  assert.equal(await s.haven.stop(), 0);
});
