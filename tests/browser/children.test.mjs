// The children register in a real browser: a practitioner's list of their
// agency's children, adding a child (the GOV.UK error summary for bad fields,
// then a new record and its page), a DSL typing the same child again and
// seeing the likely-duplicate warning (the given name's initial only),
// picking the existing record ("Use this record": first without the reason it
// needs, then with one) and reading it, another user choosing "None of these: create a new
// record", and the list's search (a POST form; the name never appears in the
// address) by name and by date of birth in the GOV.UK date input, also without JavaScript. Every page state visited is checked
// with axe.
//
// Run: node --test tests/browser/children.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { sqlText } from "../lib/api.mjs";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, assertQuietConsole, browserSuite, dateValue, fillDate, mainText, waitForFrontendJs } from "./browser.mjs";

const s = browserSuite();
const sql = (query) => sqlText(s.haven.dbPath, query);

const PRACTITIONER = { email: "practitioner@demo.haven.example" };
const DSL = { email: "dsl@demo.haven.example" };
const DSL2 = { email: "dsl2@demo.haven.example" };

// A fictional child, added by the practitioner and found again by the DSLs.
const CHILD = { given: "Catherine", family: "Browsertest", dob: "2017-03-03", area: "Blackpool" };
let childId;
// A child whose name is in a right-to-left script (Arabic), and the path of their record once added.
const ARABIC = { given: "ليلى", family: "حداد", dob: "2018-05-09", area: "Blackpool" };
const ARABIC_NAME = `${ARABIC.given} ${ARABIC.family}`;
let arabicChildPath;

// ---- helpers ----

/**
 * Every page state: the suite's checks (s.checkPage), and any errors and hints
 * on the page tied to their fields (assertErrorsTiedToFields).
 */
async function checkPage(page, what, options) {
  await s.checkPage(page, what, options);
  await assertErrorsTiedToFields(page, what, { expectErrors: false });
}

/**
 * `name` is shown alone in a <bdi> whose direction is isolated (unicode-bidi: isolate), so a name in a
 * right-to-left script keeps its own direction and never reorders the words around it.
 */
async function assertIsolated(page, name, what) {
  const el = page.locator("bdi", { hasText: name }).first();
  assert.equal(await el.count(), 1, `${what}: the name is in a <bdi>`);
  assert.equal(await el.innerText(), name, `${what}: the name alone in its element`);
  assert.equal(await el.evaluate((e) => getComputedStyle(e).unicodeBidi), "isolate", `${what}: its direction isolated`);
  assert.doesNotMatch(await mainText(page), /bdi>|\}\}/, `${what}: no template text shown around the name`);
}

async function fillChild(page, child) {
  await page.getByLabel("Given name", { exact: true }).fill(child.given);
  await page.getByLabel("Family name", { exact: true }).fill(child.family);
  await fillDate(page, "Date of birth", child.dob);
  await page.getByLabel("Local authority the child lives in").selectOption({ label: child.area });
}

// ---- tests ----

s.test("a practitioner sees their agency's children and adds a child, fixing a mistake first", async () => {
  const { page, log } = await s.signedIn(PRACTITIONER);
  let res = await s.visit(page, "/children");
  assert.equal(res.status(), 200);
  await waitForFrontendJs(page);
  await checkPage(page, "the list of the agency's children");
  const text = await mainText(page);
  assert.match(text, /Alex Example/, "the demo child linked to the practitioner's agency is listed");
  assert.doesNotMatch(text, /Sam Sample/, "a child of other agencies is not");

  res = await s.navigateBy(page, page.getByRole("link", { name: "Add a child" }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/children/new"));
  await checkPage(page, "the form to add a child");

  // mistakes: no family name, a wrong NHS number check digit, an impossible date
  await page.getByLabel("Given name", { exact: true }).fill(CHILD.given);
  await fillDate(page, "Date of birth", "2017-02-30");
  await page.getByLabel("NHS number (optional)").fill("943 476 5918");
  await page.getByLabel("Local authority the child lives in").selectOption({ label: CHILD.area });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 422);
  const summary = await assertFocusedErrorSummary(page);
  const summaryText = await summary.innerText();
  assert.match(summaryText, /Enter the child's family name/);
  assert.match(summaryText, /Date of birth must be a real date/);
  assert.match(summaryText, /NHS number/);
  assert.equal(await page.getByLabel("Given name", { exact: true }).inputValue(), CHILD.given, "what was typed is kept");
  assert.equal(
    await page.getByLabel("Local authority the child lives in").inputValue(),
    "890",
    "the local authority chosen is kept",
  );
  await checkPage(page, "the form with errors");
  await assertErrorsTiedToFields(page, "the form with errors");

  await fillChild(page, CHILD);
  await page.getByLabel("NHS number (optional)").fill("");
  await page.getByLabel("Home postcode (optional)").fill("fy1 9zz");
  await page.getByLabel("Female").check();
  await page.getByLabel("Current school, college or setting (optional)").selectOption({ label: "Seafront Primary School (fictional) (Blackpool)" });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 200);
  assert.equal((await res.request().redirectedFrom()?.response())?.status(), 303, "post/redirect/get");
  const m = /\/children\/(\d+)$/.exec(page.url());
  assert.ok(m, `the new child's page: ${page.url()}`);
  childId = Number(m[1]);
  await checkPage(page, "the new child's record");
  const record = await mainText(page);
  for (const t of ["Catherine Browsertest", "3 March 2017", "Female", "FY1 9ZZ", "Blackpool", "Seafront Primary School (fictional)", "Demo Teaching Hospitals NHS Trust", "Raised a concern or incident"])
    assert.ok(record.includes(t), `the record shows ${t}`);
  assertQuietConsole(log, { documentUrl: s.url("/children/new") });
  s.assertCleanNetwork(log, { allowDocumentStatus: [422] });
});

s.test("a DSL typing the same child sees the likely duplicate and uses the existing record", async () => {
  assert.ok(childId, "the practitioner's test added the child");
  const { page, log } = await s.signedIn(DSL);
  // not linked yet: the record is not theirs to read
  let res = await s.visit(page, `/children/${childId}`);
  assert.equal(res.status(), 404);

  res = await s.visit(page, "/children/new");
  assert.equal(res.status(), 200);
  await fillChild(page, { ...CHILD, given: "Kathryn" });
  res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the likely duplicates");
  assert.equal(await page.locator("h1").innerText(), "This child may already be on the register");
  const warning = await mainText(page);
  assert.match(warning, /C Browsertest/);
  assert.doesNotMatch(warning, /Catherine/, "only the initial of the record's given name is shown");
  assert.match(warning, /Likely the same child/);
  assert.match(warning, /same date of birth/);
  assert.match(warning, /given name sounds the same/);
  assert.doesNotMatch(page.url(), /Kath|Cath/, "no name in the address");

  // the button's name says which record (visually hidden text for screen readers)
  const useIt = () => page.getByRole("button", { name: /^Use this record\s*:\s*C Browsertest$/ });
  // a reason is needed: without one, the same page with the error on that record's form
  res = await s.navigateBy(page, useIt());
  assert.equal(res.status(), 422);
  const summary = await assertFocusedErrorSummary(page);
  assert.match(await summary.innerText(), /Enter why you are sure this is the same child/);
  await s.checkPage(page, "the likely duplicates with the reason's error");
  const reason = page.getByLabel(/^Why you are sure this is the same child/);
  await reason.fill("Kathryn's mother gave this date of birth and says she lives in Blackpool (fictional).");
  res = await s.navigateBy(page, useIt());
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url(`/children/${childId}`));
  await checkPage(page, "the record taken");
  const record = await mainText(page);
  assert.match(record, /Brookfield Primary School \(fictional\) Raised a concern or incident/, "the DSL's setting is now linked");

  res = await s.visit(page, "/children");
  assert.match(await mainText(page), /Catherine Browsertest/, "and the child is on the DSL's list");
  // the two refusals asked for above: the record before it was taken (404), the take without a reason (422)
  const expected = (e) =>
    /status of 4\d\d/.test(e.text) && [s.url(`/children/${childId}`), s.url(`/children/${childId}/link`)].includes(e.url);
  assertQuietConsole({ consoleErrors: log.consoleErrors.filter((e) => !expected(e)), pageErrors: log.pageErrors });
  s.assertCleanNetwork(log, { allowDocumentStatus: [404, 422] });
});

s.test("another DSL decides none of the likely duplicates is the child and adds a new record", async () => {
  const { page, log } = await s.signedIn(DSL2);
  await s.visit(page, "/children/new");
  await fillChild(page, CHILD);
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 200);
  assert.match(await mainText(page), /Likely the same child/);
  res = await s.navigateBy(page, page.getByRole("button", { name: "None of these: create a new record" }));
  assert.equal(res.status(), 200);
  const m = /\/children\/(\d+)$/.exec(page.url());
  assert.ok(m && Number(m[1]) !== childId, `a new record: ${page.url()}`);
  await checkPage(page, "the new record after the warning");
  assert.match(await mainText(page), /Larkhill Academy \(fictional\) Raised a concern or incident/);
  assertQuietConsole(log);
  s.assertCleanNetwork(log);
});

// A name in a right-to-left script is isolated wherever it is shown (<bdi>, templates/child-name), so it keeps
// its own direction and never reorders the words around it: the record's heading, its chronology's, the
// search results.
s.test("a child's name in Arabic is isolated from the text around it", async () => {
  const { page, log } = await s.signedIn(PRACTITIONER);
  await s.visit(page, "/children/new");
  await fillChild(page, ARABIC);
  let res = await s.navigateBy(page, page.getByRole("button", { name: "Continue" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/children\/\d+$/);
  await checkPage(page, "a record with an Arabic name");
  const name = ARABIC_NAME;
  arabicChildPath = new URL(page.url()).pathname;
  await assertIsolated(page, name, "the record's heading");
  assert.equal(await page.locator("h1 bdi").innerText(), name);
  await s.visit(page, `${new URL(page.url()).pathname}/chronology`);
  await assertIsolated(page, name, "the chronology's heading");
  await s.visit(page, "/children");
  await page.getByLabel("Name", { exact: true }).fill(ARABIC.given);
  res = await s.navigateBy(page, page.getByRole("button", { name: "Search" }));
  assert.equal(res.status(), 200);
  await checkPage(page, "the search results with an Arabic name");
  await assertIsolated(page, name, "the search results");
  assert.equal(await page.getByRole("link", { name }).locator("bdi").count(), 1, "the link's name is isolated");
  assertQuietConsole(log);
  s.assertCleanNetwork(log);
});

for (const javaScriptEnabled of [true, false]) {
  s.test(`the list's search finds a child by a name that sounds the same (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const { page, log } = await s.signedIn(PRACTITIONER, { javaScriptEnabled });
    await s.visit(page, "/children");
    await page.getByLabel("Name", { exact: true }).fill("Kathryn");
    let res = await s.navigateBy(page, page.getByRole("button", { name: "Search" }));
    assert.equal(res.status(), 200);
    assert.equal(page.url(), s.url("/children/search"), "the search is in the POST body, not the address");
    const text = await mainText(page);
    assert.match(text, /Catherine Browsertest/);
    assert.doesNotMatch(text, /Alex Example/);
    await checkPage(page, "the search results", { js: javaScriptEnabled });

    await page.getByLabel("Name", { exact: true }).fill("");
    res = await s.navigateBy(page, page.getByRole("button", { name: "Search" }));
    assert.equal(res.status(), 422);
    if (javaScriptEnabled) await assertFocusedErrorSummary(page);
    assert.match(await mainText(page), /Enter a name or a date of birth to search for/);
    await checkPage(page, "the search with an error", { js: javaScriptEnabled });

    // by date of birth, in the GOV.UK date input; the list says the date in words
    await fillDate(page, "Date of birth", CHILD.dob);
    res = await s.navigateBy(page, page.getByRole("button", { name: "Search" }));
    assert.equal(res.status(), 200);
    const found = await mainText(page);
    assert.match(found, /Catherine Browsertest/);
    assert.match(found, /3 March 2017/, "the date of birth in words");
    assert.doesNotMatch(found, /2017-03-03/);
    assert.equal(await dateValue(page, "Date of birth"), CHILD.dob, "the boxes keep the date searched for");
    await fillDate(page, "Date of birth", "2017-02-30");
    res = await s.navigateBy(page, page.getByRole("button", { name: "Search" }));
    assert.equal(res.status(), 422);
    if (javaScriptEnabled) await assertFocusedErrorSummary(page);
    assert.match(await mainText(page), /Date of birth must be a real date/);
    assert.equal(await dateValue(page, "Date of birth"), "2017-02-30", "the boxes keep what was typed");
    await checkPage(page, "the search with a date that is not real", { js: javaScriptEnabled });
    assertQuietConsole(log, { documentUrl: s.url("/children/search") });
    s.assertCleanNetwork(log, { allowDocumentStatus: [422] });
  });
}

// The other pages that show a child's name isolate it the same way: a neglect assessment's form (the Arabic
// child added above), a request for support (the demo request's child, Sam Sample, renamed in the store) and an
// Operation Encompass notification (Alex Example as the police recorded them at the demo incident, renamed).
s.test("a child's name in Arabic is isolated on a neglect assessment, a request for support and a notification", { timeout: 120_000 }, async () => {
  assert.ok(arabicChildPath, "the Arabic child was added");
  const practitioner = await s.signedIn(PRACTITIONER);
  let res = await s.visit(practitioner.page, `/neglect${arabicChildPath}/assessments/new?age_band=5-11`);
  assert.equal(res.status(), 200);
  await checkPage(practitioner.page, "a neglect assessment's form for a child with an Arabic name");
  await assertIsolated(practitioner.page, ARABIC_NAME, "the neglect assessment's caption");
  assertQuietConsole(practitioner.log);
  s.assertCleanNetwork(practitioner.log);

  sql(`UPDATE children SET given_name = '${ARABIC.given}', family_name = '${ARABIC.family}' WHERE id = (SELECT child_id FROM support_requests WHERE reference = 'RFS-000001');`);
  const police = await s.signedIn("police@demo.haven.example");
  res = await s.visit(police.page, `/requests-for-support/${sql("SELECT id FROM support_requests WHERE reference = 'RFS-000001';")}`);
  assert.equal(res.status(), 200);
  await checkPage(police.page, "a request for support for a child with an Arabic name");
  await assertIsolated(police.page, ARABIC_NAME, "the request's child");
  assertQuietConsole(police.log);
  s.assertCleanNetwork(police.log);

  const alexAtTheIncident =
    "FROM da_incident_children WHERE position = 1 AND incident_id = (SELECT id FROM da_incidents WHERE police_reference = 'DEMO-ENC-0006')";
  sql(`UPDATE da_incident_children SET given_name = '${ARABIC.given}', family_name = '${ARABIC.family}' WHERE id = (SELECT id ${alexAtTheIncident});`);
  const notification = sql(`SELECT id FROM encompass_notifications WHERE incident_child_id = (SELECT id ${alexAtTheIncident});`);
  const keyAdult = await s.signedIn(DSL);
  res = await s.visit(keyAdult.page, "/encompass");
  assert.equal(res.status(), 200);
  await checkPage(keyAdult.page, "the notifications inbox with a child's Arabic name");
  await assertIsolated(keyAdult.page, ARABIC_NAME, "the inbox's link");
  res = await s.visit(keyAdult.page, `/encompass/notifications/${notification}`);
  assert.equal(res.status(), 200);
  await checkPage(keyAdult.page, "a notification for a child with an Arabic name");
  await assertIsolated(keyAdult.page, ARABIC_NAME, "the notification's child");
  assertQuietConsole(keyAdult.log);
  s.assertCleanNetwork(keyAdult.log);
});

s.test("stop haven", async () => {
  await s.closeBrowser();
  assert.equal(await s.haven.stop(), 0);
  s.haven = null;
});
