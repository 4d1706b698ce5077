// Signing in and out of Haven in a real browser, and what being signed in
// changes: the sign-in form and its error state, the dashboard, the sessions
// page, a child's record seen by a related agency, hidden from an unrelated
// one and opened by breaking glass, the header's "Sign out" button (and that
// it looks like the navigation links beside it), with and without
// JavaScript, and by keyboard. Every page state visited is checked with axe.
//
// Run: node --test tests/browser/   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { DEMO_PASSWORD } from "../lib/api.mjs";
import {
  assertFocusedErrorSummary,
  assertHavenTitle,
  assertNoAxeViolations,
  assertOneVisibleH1,
  assertQuietConsole,
  assertVisible,
  browserSuite,
  mainText,
  settle,
  waitForFrontendJs,
} from "./browser.mjs";

const s = browserSuite();

// The demo accounts (src/areas/accounts/demo.c) and agencies
// (src/areas/partnership/demo.sql).
const DSL = {
  email: "dsl@demo.haven.example",
  name: "Dee Safeguarding-Lead",
  agency: "Brookfield Primary School (fictional)",
  role: "Designated Safeguarding Lead",
};
const POLICE = {
  email: "police@demo.haven.example",
  name: "Pat Police",
  agency: "Lancashire Constabulary (demo)",
  role: "Police",
};
const PRACTITIONER = {
  email: "practitioner@demo.haven.example",
  name: "Priya Practitioner",
  agency: "Demo Teaching Hospitals NHS Trust",
  role: "Practitioner",
};
const IDVA = { email: "idva@demo.haven.example", name: "Ida Adviser", agency: "Demo IDVA Service" };
const SCRUTINEER = {
  email: "scrutineer@demo.haven.example",
  name: "Sam Scrutineer",
  agency: "Children's Safeguarding Assurance Partnership (demo)",
};
const FRONT_DOOR = {
  email: "frontdoor@demo.haven.example",
  name: "Frank Frontdoor",
  agency: "Lancashire County Council children's services (demo)",
};

// Child 1 (src/areas/children/demo.sql) and the agencies linked to it.
const CHILD_1 = {
  name: "Alex Example",
  agencies: [
    "Brookfield Primary School (fictional)",
    "Blackburn with Darwen Council children's services (demo)",
    "Demo Teaching Hospitals NHS Trust",
  ],
};

const WRONG_CREDENTIALS = "Enter a correct email address and password";

function signInForm(page) {
  return {
    email: page.getByLabel("Email address", { exact: true }),
    password: page.getByLabel("Password", { exact: true }),
    submit: page.getByRole("button", { name: "Sign in", exact: true }),
  };
}

/** Fill in and send the sign-in form already open in page. */
async function submitSignIn(page, email, password) {
  const form = signInForm(page);
  await form.email.fill(email);
  await form.password.fill(password);
  return s.navigateBy(page, form.submit);
}

/** The header's service navigation and its signed-in parts. */
function header(page) {
  const nav = page.getByRole("navigation", { name: "Menu" });
  return {
    nav,
    signOut: nav.getByRole("button", { name: "Sign out", exact: true }),
    signIn: nav.getByRole("link", { name: "Sign in", exact: true }),
    dashboard: nav.getByRole("link", { name: "Your dashboard", exact: true }),
    work: nav.getByRole("link", { name: "Your work", exact: true }),
    signedInAs: page.locator(".haven-signed-in-as"),
  };
}

/** How the signed-in header must look for account. */
async function assertSignedInHeader(page, account) {
  const h = header(page);
  await assertVisible(h.signOut, 'the header\'s "Sign out" button');
  await assertVisible(h.dashboard, 'the header\'s "Your dashboard" link');
  assert.equal(await h.dashboard.getAttribute("href"), "/dashboard");
  assert.equal(await h.signIn.count(), 0, 'a "Sign in" link is shown to a signed-in person');
  await assertVisible(h.signedInAs, 'the "Signed in as" line');
  assert.equal(
    (await h.signedInAs.innerText()).replace(/\s+/g, " ").trim(),
    `Signed in as ${account.name}, ${account.agency}`,
  );
}

async function assertSignedOutHeader(page) {
  const h = header(page);
  await assertVisible(h.signIn, 'the header\'s "Sign in" link');
  assert.equal(await h.signOut.count(), 0, 'a "Sign out" button is shown when signed out');
  assert.equal(await h.dashboard.count(), 0, 'a "Your dashboard" link is shown when signed out');
  assert.equal(await h.signedInAs.count(), 0, '"Signed in as" is shown when signed out');
}

/** Whether the path now redirects a visitor to /sign-in. */
async function assertSentToSignIn(page, path) {
  const res = await s.visit(page, path);
  assert.equal(page.url(), s.url("/sign-in"), `GET ${path} should redirect to /sign-in`);
  assert.equal(res.status(), 200);
  assert.equal((await res.request().redirectedFrom()?.response())?.status(), 303, `GET ${path} redirect status`);
}

/** The sequence of elements Tab reaches from the top of the page, described. */
async function tabSequence(page, max) {
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  // Start from the top of the document, like a page just loaded.
  await page.locator("body").focus().catch(() => {});
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    seen.push(
      await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return "body";
        const name = (el.getAttribute("aria-label") || el.textContent || "").replace(/\s+/g, " ").trim();
        return el.id ? `${el.tagName.toLowerCase()}#${el.id}` : `${el.tagName.toLowerCase()}:${name}`;
      }),
    );
  }
  return seen;
}

/** No console errors but Chromium's note that each of paths was a 4xx document. */
function assertQuietConsoleBut(log, paths) {
  const urls = paths.map((p) => s.url(p));
  const expected = (e) => urls.includes(e.url) && /^Failed to load resource: .* status of 4\d\d/.test(e.text);
  assertQuietConsole({ consoleErrors: log.consoleErrors.filter((e) => !expected(e)), pageErrors: log.pageErrors });
}

/** Click the header's "Sign out"; resolves to the final response. */
function signOut(page) {
  return s.navigateBy(page, header(page).signOut);
}

// ---- 1. signing in ----

s.test("a person signs in from the start page, after getting their password wrong", async () => {
  const { page, log } = await s.open("/");
  await waitForFrontendJs(page);
  await assertSignedOutHeader(page);

  // The start button in the page leads to the form.
  const start = page.locator("main").getByRole("button", { name: "Sign in" });
  await assertVisible(start, 'the start page\'s "Sign in" button');
  let res = await s.navigateBy(page, start);
  assert.equal(res.status(), 200, "GET /sign-in");
  assert.equal(page.url(), s.url("/sign-in"));
  assert.equal(await assertHavenTitle(page), "Sign in – Haven");
  await assertOneVisibleH1(page);
  assert.equal((await page.locator("h1").innerText()).trim(), "Sign in to Haven");
  await waitForFrontendJs(page);
  const form = signInForm(page);
  assert.equal(await form.password.getAttribute("type"), "password");
  await assertNoAxeViolations(page, "/sign-in");

  // The wrong password: the form again, saying what to do.
  res = await submitSignIn(page, DSL.email, "not-the-password");
  assert.equal(res.request().method(), "POST");
  assert.equal(res.status(), 401, "POST /sign-in with the wrong password");
  assert.equal(page.url(), s.url("/sign-in"));
  assert.equal(await page.title(), "Error: Sign in – Haven");
  const summary = await assertFocusedErrorSummary(page);
  assert.match(await summary.innerText(), new RegExp(`There is a problem\\s+${WRONG_CREDENTIALS}`));
  assert.equal(await summary.locator("a").count(), 1, "links in the error summary");
  assert.equal(await summary.locator("a").first().getAttribute("href"), "#email");
  const message = page.locator("#email-error");
  await assertVisible(message, "the email's error message");
  assert.equal((await message.innerText()).replace(/\s+/g, " ").trim(), `Error: ${WRONG_CREDENTIALS}`);
  assert.match((await form.email.getAttribute("aria-describedby")) ?? "", /\bemail-error\b/);
  assert.equal(await form.email.inputValue(), DSL.email, "the email typed should be kept");
  assert.equal(await form.password.inputValue(), "", "the password must not be sent back");
  assert.doesNotMatch(await page.content(), /not-the-password/, "the wrong password is in the page");
  await assertNoAxeViolations(page, "/sign-in with the wrong password");

  // The summary's link takes the person to the field.
  await summary.locator("a").first().click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "email");

  // The right password: their dashboard.
  res = await submitSignIn(page, DSL.email, DEMO_PASSWORD);
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/dashboard"));
  assert.equal((await res.request().redirectedFrom()?.response())?.status(), 303, "POST /sign-in should answer 303");
  assert.equal(await assertHavenTitle(page), "Your dashboard – Haven");
  await assertOneVisibleH1(page);
  const h1 = (await page.locator("h1").innerText()).replace(/\s+/g, " ").trim();
  assert.equal(h1, `${DSL.agency} ${DSL.name}`, "the dashboard's h1: agency caption, then name");
  const main = await mainText(page);
  assert.ok(main.includes(DSL.email), "the dashboard shows the email address");
  assert.ok(main.includes(DSL.role), `the dashboard shows the role "${DSL.role}"`);
  await assertSignedInHeader(page, DSL);
  await assertNoAxeViolations(page, "/dashboard");

  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: 401 });
  assertQuietConsole(log, { documentUrl: s.url("/sign-in") });
});

// ---- 2. sessions ----

s.test("the sessions page lists the session in use", async () => {
  const { page, log } = await s.signedIn(IDVA);
  const res = await s.navigateBy(page, page.locator("main").getByRole("link", { name: "See where you are signed in" }));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/account/sessions"));
  assert.equal(await assertHavenTitle(page), "Where you are signed in – Haven");
  await assertOneVisibleH1(page);
  const rows = page.locator("main table tbody tr");
  assert.equal(await rows.count(), 1, "sessions listed for a person signed in once");
  const row = rows.first();
  const cells = await row.locator("td").allInnerTexts();
  const WHEN = /^[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4} at (\d{1,2}(:\d\d)?(am|pm)|midday|midnight)$/;
  assert.match(cells[0], WHEN, "the 'Signed in' cell is a day and time, for people");
  assert.match(cells[1], WHEN, "the 'Last used' cell is a day and time, for people");
  assert.match(cells[2], /127\.0\.0\.1/, "the 'From' cell names the address");
  assert.match(cells[2], /Chrome/, "the 'From' cell names the browser");
  const button = row.getByRole("button", { name: /^Sign out here/ });
  await assertVisible(button, 'the current session\'s "Sign out here" button');
  await assertNoAxeViolations(page, "/account/sessions");

  // Signed in somewhere else too: that session is listed, and can be ended.
  const other = await s.signedIn(IDVA);
  await s.settled(page);
  await page.reload({ waitUntil: "load" });
  assert.equal(await rows.count(), 2, "sessions listed after signing in a second time");
  assert.equal(await page.getByRole("button", { name: /^Sign out here/ }).count(), 1, '"Sign out here" buttons');
  const end = page.getByRole("button", { name: /^End this session/ });
  assert.equal(await end.count(), 1, '"End this session" buttons');
  await assertNoAxeViolations(page, "/account/sessions with two sessions");
  const ended = await s.navigateBy(page, end);
  assert.equal(ended.status(), 200);
  assert.equal(page.url(), s.url("/account/sessions"), "after ending the other session");
  assert.equal(await rows.count(), 1, "sessions listed after ending the other");
  await assertVisible(page.getByRole("button", { name: /^Sign out here/ }), "this session's button");
  await assertSentToSignIn(other.page, "/dashboard");

  await settle(page, log);
  s.assertCleanNetwork(log);
  assertQuietConsole(log);
});

// ---- 3. a related and an unrelated child ----

s.test("a DSL sees the record of a child at their school, and not of another child", async () => {
  const { page, log } = await s.signedIn(DSL);
  let res = await s.visit(page, "/children/1");
  assert.equal(res.status(), 200, "GET /children/1 by the DSL of the child's school");
  await assertOneVisibleH1(page);
  assert.equal(await assertHavenTitle(page), "Child's record – Haven");
  assert.equal((await page.locator("h1").innerText()).replace(/\s+/g, " ").trim(), `Child's record ${CHILD_1.name}`);
  // the table of agencies linked to the child and why
  const agencies = await page
    .locator("main table")
    .filter({ hasText: "Why it is linked" })
    .locator("tbody tr td:first-child")
    .allInnerTexts();
  for (const a of CHILD_1.agencies)
    assert.ok(agencies.some((cell) => cell.trim() === a), `the record lists ${a}: ${JSON.stringify(agencies)}`);
  assert.equal(agencies.length, CHILD_1.agencies.length, "agencies listed for child 1");
  assert.ok((await mainText(page)).includes("Your view of this record has been recorded"));
  await assertSignedInHeader(page, DSL);
  await assertNoAxeViolations(page, "/children/1 seen by a DSL");

  // A child the school has nothing to do with: as if there were no record.
  res = await s.visit(page, "/children/2");
  assert.equal(res.status(), 404, "GET /children/2 by an unrelated DSL");
  await assertOneVisibleH1(page);
  await assertHavenTitle(page);
  const text = await mainText(page);
  assert.ok(!text.includes("Sam Sample"), "the 404 page shows the child's name");
  assert.equal(await page.locator("form[action='/break-glass']").count(), 0, "a DSL is offered break-glass");
  await assertSignedInHeader(page, DSL);
  await assertNoAxeViolations(page, "/children/2 (404) seen by a DSL");

  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: 404 });
  assertQuietConsole(log, { documentUrl: s.url("/children/2") });
});

// ---- 4. breaking glass ----

s.test("police opening a child's record with no relationship are offered break-glass", async () => {
  const { page, log } = await s.signedIn(POLICE);
  const res = await s.visit(page, "/children/1");
  assert.equal(res.status(), 403, "GET /children/1 by police with no relationship");
  await assertOneVisibleH1(page);
  assert.equal(await assertHavenTitle(page), "You do not have a relationship to this record – Haven");
  assert.ok(!(await mainText(page)).includes(CHILD_1.name), "the 403 page shows the child's name");
  const form = page.locator("main form[action='/break-glass']");
  assert.equal(await form.getAttribute("method"), "post");
  assert.equal(await form.locator("input[name=resource_type]").inputValue(), "child");
  assert.equal(await form.locator("input[name=resource_id]").inputValue(), "1");
  await assertVisible(page.getByLabel("Why do you need to see this record now?"), "the reason's textarea");
  await assertVisible(
    page.getByRole("button", { name: "See the record and record my reason" }),
    "the break-glass button",
  );
  await assertSignedInHeader(page, POLICE);
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "the break-glass page");
  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: 403 });
  assertQuietConsole(log, { documentUrl: s.url("/children/1") });
});

s.test("police break glass with a reason, after one too short, and see the record", async () => {
  const { page, log } = await s.signedIn(POLICE);
  let res = await s.visit(page, "/children/2");
  // Child 2 is linked to the police: the record, no break-glass.
  assert.equal(res.status(), 200, "GET /children/2 by police linked to it");
  // Child 1 is not: the police work with Jo (child 3) since reporting Jo missing (contextual demo)
  res = await s.visit(page, "/children/1");
  assert.equal(res.status(), 403, "GET /children/1 by police with no relationship");
  await waitForFrontendJs(page);
  const reason = page.getByLabel("Why do you need to see this record now?");
  const submit = page.getByRole("button", { name: "See the record and record my reason" });

  await reason.fill("urgent");
  res = await s.navigateBy(page, submit);
  assert.equal(res.status(), 422, "POST /break-glass with a reason too short");
  assert.equal(page.url(), s.url("/break-glass"));
  assert.equal(await page.title(), "Error: You do not have a relationship to this record – Haven");
  const summary = await assertFocusedErrorSummary(page);
  const tooShort = /10 characters or more/;
  assert.match(await summary.innerText(), tooShort);
  assert.equal(await summary.locator("a").first().getAttribute("href"), "#reason");
  await assertVisible(page.locator("#reason-error"), "the reason's error message");
  assert.match(await page.locator("#reason-error").innerText(), tooShort);
  assert.match((await reason.getAttribute("aria-describedby")) ?? "", /\breason-error\b/);
  assert.equal(await reason.inputValue(), "urgent", "the reason typed should be kept");
  // Still about the same record.
  assert.equal(await page.locator("input[name=resource_id]").inputValue(), "1");
  await assertNoAxeViolations(page, "the break-glass page with a reason too short");

  // A real reason: the record.
  await reason.fill("Attending incident LC-2026-0412 at the child's home address now.");
  res = await s.navigateBy(page, submit);
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/children/1"), "after breaking glass");
  assert.equal((await res.request().redirectedFrom()?.response())?.status(), 303, "POST /break-glass should answer 303");
  assert.equal((await page.locator("h1").innerText()).replace(/\s+/g, " ").trim(), "Child's record Alex Example");
  await assertNoAxeViolations(page, "/children/1 after breaking glass");

  // The grant lasts a while: the record opens again without asking.
  res = await s.visit(page, "/children/1");
  assert.equal(res.status(), 200, "GET /children/1 again after breaking glass");

  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: [403, 422] });
  assertQuietConsoleBut(log, ["/children/1", "/break-glass"]);
});

s.test("information governance reviews break-glass grants and the records taken from a likely duplicate", async () => {
  // Larkhill Academy's DSL takes Sam Sample's record (demo child 2) instead of adding them again, with a reason
  const api = async (path, body, token) => {
    const res = await fetch(s.url(path), {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const session = await api("/api/v1/session", { email: "dsl2@demo.haven.example", password: DEMO_PASSWORD });
  assert.equal(session.status, 201);
  const reason = "Sam's parent confirmed the date of birth at Larkhill's admission meeting (fictional).";
  const taken = await api(
    "/api/v1/children/2/link",
    { given_name: "Sam", family_name: "Sample", date_of_birth: "2012-09-30", la_code: 890, reason },
    session.body.token,
  );
  assert.equal(taken.status, 200, JSON.stringify(taken.body));

  const { page, log } = await s.signedIn({ email: "partnership@demo.haven.example" });
  const res = await s.visit(page, "/governance/break-glass");
  assert.equal(res.status(), 200);
  await assertOneVisibleH1(page);
  const text = await mainText(page);
  assert.match(text, /Attending incident LC-2026-0412/, "the grant from the test above is listed");
  assert.match(text, /Records taken from a likely duplicate/);
  const row = page.getByRole("table", { name: "Records taken, newest first" }).getByRole("row").nth(1);
  const cells = (await row.getByRole("cell").allInnerTexts()).map((t) => t.trim());
  assert.equal(cells[2], "Larkhill Academy (fictional)", "which agency");
  assert.equal(cells[3], "child 2", "which child");
  assert.equal(cells[4], reason, "why");
  assert.ok(cells[0] && cells[1], "when and who");
  await waitForFrontendJs(page);
  await assertNoAxeViolations(page, "/governance/break-glass");
  await settle(page, log);
  s.assertCleanNetwork(log);
  assertQuietConsole(log);
});

// ---- 5. signing out ----

s.test("signing out with the header's button ends the session", async () => {
  const { context, page, log } = await s.signedIn(PRACTITIONER);
  await waitForFrontendJs(page);
  const cookies = await context.cookies();
  assert.ok(cookies.some((c) => c.httpOnly), "no HttpOnly session cookie after signing in");

  const res = await signOut(page);
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/signed-out"));
  assert.equal((await res.request().redirectedFrom()?.response())?.status(), 303, "POST /sign-out should answer 303");
  assert.equal(await assertHavenTitle(page), "You have signed out – Haven");
  await assertOneVisibleH1(page);
  assert.equal((await page.locator("h1").innerText()).trim(), "You have signed out");
  await assertVisible(page.locator("main").getByRole("link", { name: "Sign in again" }), 'the "Sign in again" link');
  await assertSignedOutHeader(page);
  await assertNoAxeViolations(page, "/signed-out");

  await assertSentToSignIn(page, "/dashboard");
  await assertSignedOutHeader(page);

  // The old session cookie, put back, opens nothing: the session has ended.
  await context.addCookies(cookies);
  await assertSentToSignIn(page, "/dashboard");

  await settle(page, log);
  s.assertCleanNetwork(log);
  assertQuietConsole(log);
});

// ---- 6. the "Sign out" button looks like the navigation's links ----

/** Computed styles that make an element look like a link. */
function linkLook(locator) {
  return locator.evaluate((el) => {
    const c = getComputedStyle(el);
    return {
      color: c.color,
      textDecorationLine: c.textDecorationLine,
      textDecorationThickness: c.textDecorationThickness,
      textUnderlineOffset: c.textUnderlineOffset,
      fontFamily: c.fontFamily,
      fontSize: c.fontSize,
      fontWeight: c.fontWeight,
      lineHeight: c.lineHeight,
      backgroundColor: c.backgroundColor,
      borderTopWidth: c.borderTopWidth,
      paddingLeft: c.paddingLeft,
      cursor: c.cursor,
    };
  });
}

function focusLook(locator) {
  return locator.evaluate((el) => {
    const c = getComputedStyle(el);
    return {
      focusVisible: el.matches(":focus-visible"),
      color: c.color,
      backgroundColor: c.backgroundColor,
      boxShadow: c.boxShadow,
      textDecorationLine: c.textDecorationLine,
      outlineColor: c.outlineColor,
    };
  });
}

/** Tab until locator has the focus, as a person moves through the page. */
async function tabTo(page, locator, what, max = 20) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await locator.evaluate((el) => el === document.activeElement)) return;
  }
  assert.fail(`Tab did not reach ${what} in ${max} presses`);
}

/** The header's "Your work" link and "Sign out" button, at rest, hovered and focused. */
async function navLooks(account) {
  const { page } = await s.signedIn(account);
  await waitForFrontendJs(page);
  const h = header(page);
  const looks = { link: {}, button: {} };
  // "Your work", the link before "Sign out": on the dashboard "Your dashboard" is the current section, styled as such
  looks.link.rest = await linkLook(h.work);
  looks.button.rest = await linkLook(h.signOut);
  await h.work.hover();
  looks.link.hover = await linkLook(h.work);
  await h.signOut.hover();
  looks.button.hover = await linkLook(h.signOut);
  await page.mouse.move(0, 0);
  await tabTo(page, h.work, '"Your work"');
  looks.link.focus = await focusLook(h.work);
  await page.keyboard.press("Tab");
  assert.ok(await h.signOut.evaluate((el) => el === document.activeElement), 'Tab after "Your work" is "Sign out"');
  looks.button.focus = await focusLook(h.signOut);
  return looks;
}

// Both tests below look at the same thing: measure it once.
let looks = null;
const scrutineerNavLooks = () => (looks ??= navLooks(SCRUTINEER));

const withoutColour = ({ color, ...rest }) => rest;

s.test('the header\'s "Sign out" button has the navigation links\' underline, type and focus style', async () => {
  const { link, button } = await scrutineerNavLooks();
  assert.deepEqual(withoutColour(button.rest), withoutColour(link.rest), '"Sign out" vs "Your work"');
  assert.deepEqual(
    withoutColour(button.hover),
    withoutColour(link.hover),
    '"Sign out" vs "Your work" when hovered',
  );
  assert.notEqual(link.hover.textDecorationLine, link.rest.textDecorationLine, "hovering a link changes its underline");
  // Focused by keyboard: GOV.UK's yellow focus style, the same on both.
  assert.ok(button.focus.focusVisible, '"Sign out" is not :focus-visible after Tab');
  assert.notEqual(link.focus.backgroundColor, link.rest.backgroundColor, '"Your work" shows no focus style');
  assert.deepEqual(button.focus, link.focus, '"Sign out" vs "Your work" when focused by keyboard');
});

s.test(
  'the header\'s "Sign out" button is the navigation links\' colour',
  async () => {
    const { link, button } = await scrutineerNavLooks();
    assert.equal(button.rest.color, link.rest.color, '"Sign out" vs "Your work" colour');
    assert.equal(button.hover.color, link.hover.color, '"Sign out" vs "Your dashboard" colour when hovered');
  },
);

// ---- 7. without JavaScript ----

s.test("without JavaScript a person signs in, after getting their password wrong", async () => {
  const { page, log } = await s.open("/", { javaScriptEnabled: false });
  let res = await s.navigateBy(page, header(page).signIn);
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/sign-in"));
  // No JavaScript: no "Show" button for the password.
  await assertVisible(signInForm(page).password, "the password field");
  assert.equal(await page.getByRole("button", { name: "Show password" }).count(), 0, '"Show password" without JS');
  await s.assertNoAxeViolationsWithoutJs(page, "/sign-in");

  res = await submitSignIn(page, FRONT_DOOR.email, "wrong-password-no-js");
  assert.equal(res.status(), 401);
  assert.equal(await page.title(), "Error: Sign in – Haven");
  const summary = page.locator(".govuk-error-summary");
  await assertVisible(summary, "the error summary");
  assert.match(await summary.innerText(), new RegExp(WRONG_CREDENTIALS));
  assert.equal(await signInForm(page).email.inputValue(), FRONT_DOOR.email);
  assert.equal(await signInForm(page).password.inputValue(), "");
  await s.assertNoAxeViolationsWithoutJs(page, "/sign-in with the wrong password");

  res = await submitSignIn(page, FRONT_DOOR.email, DEMO_PASSWORD);
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/dashboard"));
  assert.ok((await mainText(page)).includes(FRONT_DOOR.name));
  await assertSignedInHeader(page, FRONT_DOOR);
  await s.assertNoAxeViolationsWithoutJs(page, "/dashboard");

  await settle(page, log);
  s.assertCleanNetwork(log, { allowDocumentStatus: 401 });
});

s.test("without JavaScript a person signs out", async () => {
  const { page, log } = await s.signedIn(SCRUTINEER, { javaScriptEnabled: false });
  const res = await signOut(page);
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/signed-out"));
  await assertSignedOutHeader(page);
  await s.assertNoAxeViolationsWithoutJs(page, "/signed-out");
  await assertSentToSignIn(page, "/dashboard");
  await settle(page, log);
  s.assertCleanNetwork(log);
});

// ---- 8. keyboard ----

s.test("on /sign-in, Tab reaches the email, password, Show password and Sign in, in order", async () => {
  const { page, log } = await s.open("/sign-in");
  await waitForFrontendJs(page);
  await assertVisible(page.getByRole("button", { name: "Show password" }), 'the "Show password" button');

  const seen = await tabSequence(page, 12);
  assert.equal(seen[0], "a:Skip to main content", "the first Tab stop");
  const at = seen.indexOf("input#email");
  assert.ok(at >= 0, `Tab never reached the email field: ${seen.join(", ")}`);
  assert.deepEqual(
    seen.slice(at, at + 4),
    ["input#email", "input#password", "button:Show password", "button:Sign in"],
    `the focus order from the email field (all: ${seen.join(", ")})`,
  );

  // The form works from the keyboard alone.
  await s.settled(page);
  await page.reload({ waitUntil: "load" });
  await waitForFrontendJs(page);
  await tabTo(page, page.locator("#email"), "the email field");
  await page.keyboard.type(DSL.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter"); // "Show"
  assert.equal(await page.locator("#password").getAttribute("type"), "text", '"Show" shows the password');
  assert.equal(await page.locator("#password").inputValue(), DEMO_PASSWORD);
  await page.keyboard.press("Tab");
  assert.equal(
    await page.evaluate(() => document.activeElement?.textContent.trim()),
    "Sign in",
    'Tab after "Show" is "Sign in"',
  );
  const res = await s.navigateWith(page, () => page.keyboard.press("Enter"));
  assert.equal(res.status(), 200);
  assert.equal(page.url(), s.url("/dashboard"));
  await settle(page, log);
  s.assertCleanNetwork(log);
  assertQuietConsole(log);
});

s.test("on /sign-in without JavaScript, Tab goes from the password to Sign in", async () => {
  const { page } = await s.open("/sign-in", { javaScriptEnabled: false });
  const seen = await tabSequence(page, 12);
  const at = seen.indexOf("input#email");
  assert.ok(at >= 0, `Tab never reached the email field: ${seen.join(", ")}`);
  assert.deepEqual(
    seen.slice(at, at + 3),
    ["input#email", "input#password", "button:Sign in"],
    `the focus order from the email field (all: ${seen.join(", ")})`,
  );
});
