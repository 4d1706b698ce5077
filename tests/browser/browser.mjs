// Shared setup for Haven's browser tests (tests/browser/*.test.mjs).
//
// browserSuite() starts the real haven binary on a fresh demo database
// (tests/lib/haven.mjs) and Debian's chromium (playwright-core) for the test
// file, and returns a suite object:
//
//   const s = browserSuite();
//   s.test("a visitor does X", async () => {
//     const { page, response, log } = await s.open("/agencies");
//     ...
//     s.assertCleanNetwork(log);
//   });
//
// s.test() runs the body with a timeout, closes every browser context the
// body opened with s.open()/s.newPage(), and on failure adds what is needed to
// debug to the error: each open page's URL, title, headings and main text, the
// requests that failed, console errors, and the tail of haven's stderr.
//
// The suite also drives pages as a user would: s.visit(page, path),
// s.navigateBy(page, locator) (both wait for the page to settle first),
// s.signIn(page, who) and s.signedIn(who) through the sign-in form, and
// s.checkPage(page, what) for the title, h1 and axe checks every page gets.
//
// Pure assertions (axe, console, styles, headings) are exported on their own.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { AxeBuilder } from "@axe-core/playwright";
import { chromium } from "playwright-core";

import { DEMO_PASSWORD, demoEmail } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
export const TEST_TIMEOUT = 30_000;
export const WAIT = 5_000;

/** Launch the headless chromium the tests drive. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}

/**
 * Start haven and chromium before the file's tests, stop them after.
 * @param {object} [havenOptions] passed to startHaven (default: demo data)
 */
export function browserSuite(havenOptions = { demo: true }) {
  const s = {
    /** The running server (see tests/lib/haven.mjs); null once stopped. */
    haven: null,
    browser: null,
  };
  // Contexts opened by the running test, closed when it ends.
  let opened = [];
  // Each page's log, to let it settle before leaving it: a request still in
  // flight, such as the favicon's, fails when the page goes.
  const logs = new WeakMap();
  // Each account's session cookies, from its first sign-in through the form.
  const sessions = new Map();

  before(async () => {
    s.haven = await startHaven(havenOptions);
    s.browser = await launchBrowser();
  });

  after(async () => {
    await s.browser?.close();
    // Normally stopped by a last test; this covers an early failure.
    await s.haven?.stop().catch(() => {});
  });

  /** Close the browser (so it drops its connections) before stopping haven. */
  s.closeBrowser = async () => {
    await s.browser?.close();
    s.browser = null;
  };

  /**
   * A new context and page that record what the page does:
   * log = { requests, failed, badResponses, consoleErrors, pageErrors }.
   * viewport ({ width, height } in CSS px) sizes the window, for narrow screens.
   */
  s.newPage = async ({ javaScriptEnabled = true, viewport } = {}) => {
    const context = await s.browser.newContext({ javaScriptEnabled, ...(viewport ? { viewport } : {}) });
    // Fail fast rather than at the test's timeout.
    context.setDefaultTimeout(WAIT);
    context.setDefaultNavigationTimeout(2 * WAIT);
    const page = await context.newPage();
    const log = recordPage(page);
    logs.set(page, log);
    opened.push({ context, page, log });
    // Make CSP violations unmissable (they also reach the console on their own).
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "(inline)"}`);
      });
    });
    return { context, page, log };
  };

  /** newPage() and go to path; returns { context, page, response, log }. */
  s.open = async (path, options = {}) => {
    const p = await s.newPage(options);
    const response = await p.page.goto(s.haven.url + path, { waitUntil: "load" });
    return { ...p, response };
  };

  /** The absolute URL of a path on the server. */
  s.url = (path) => s.haven.url + path;

  /** Wait until a page opened here has finished loading what it loads (see settle()). */
  s.settled = async (page) => {
    if (logs.has(page)) await settle(page, logs.get(page));
  };

  /** Go to path once the current page has settled; resolves to the response. */
  s.visit = async (page, path) => {
    await s.settled(page);
    return page.goto(s.url(path), { waitUntil: "load" });
  };

  /**
   * Run action (a click, a key press) once the page has settled and resolve
   * to the response that ends the navigation it starts, once that page has loaded.
   */
  s.navigateWith = async (page, action) => {
    await s.settled(page);
    const done = nextNavigation(page);
    await action();
    const res = await done;
    await page.waitForURL(res.url(), { waitUntil: "load" });
    return res;
  };

  /** Click a control that submits or navigates; resolves to the final response. */
  s.navigateBy = (page, locator) => s.navigateWith(page, () => locator.click());

  /**
   * Sign in through the form at /sign-in in page as `who` (a demo name such
   * as "dsl", an email, or an account { email }) with the demo password;
   * asserts the sign-in ends on the dashboard (200) and resolves to its
   * response.
   */
  s.signIn = async (page, who) => {
    const email = demoEmail(who.email ?? who);
    await s.visit(page, "/sign-in");
    await page.getByLabel("Email address", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    const res = await s.navigateBy(page, page.getByRole("button", { name: "Sign in", exact: true }));
    assert.equal(res.status(), 200, `GET /dashboard after signing in as ${email}`);
    assert.equal(page.url(), s.url("/dashboard"), `signing in as ${email} should lead to the dashboard`);
    return res;
  };

  /**
   * A new page (newPage(options)) signed in as `who` (a demo name, an email,
   * or an account { email }), on the dashboard. With reuseSession, the
   * account's cookies from its first sign-in in this file are used again
   * (quicker), and the dashboard must still open with them.
   */
  s.signedIn = async (who, { reuseSession = false, ...options } = {}) => {
    const email = demoEmail(who.email ?? who);
    const p = await s.newPage(options);
    if (reuseSession && sessions.has(email)) {
      await p.context.addCookies(sessions.get(email));
      const res = await s.visit(p.page, "/dashboard");
      assert.equal(res.status(), 200, `GET /dashboard as ${email}`);
      assert.equal(p.page.url(), s.url("/dashboard"), `${email}'s session should still be open`);
      return p;
    }
    await s.signIn(p.page, email);
    sessions.set(email, await p.context.cookies());
    return p;
  };

  /** The cookies of `who`'s session from its first s.signedIn() in this file, or undefined. */
  s.sessionCookies = (who) => sessions.get(demoEmail(who.email ?? who));

  /**
   * axe on a page opened with JavaScript disabled (axe itself needs it): the
   * same HTML served again to a page with JavaScript but without
   * /assets/haven.js, which must not run there.
   */
  s.assertNoAxeViolationsWithoutJs = async (page, what) => {
    const html = await page.content();
    const url = page.url();
    const { page: replay } = await s.newPage();
    await replay.route("**/assets/haven.js", (route) =>
      route.fulfill({ status: 200, contentType: "text/javascript", body: "" }),
    );
    await replay.route(url, (route) =>
      route.request().isNavigationRequest()
        ? route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html })
        : route.continue(),
    );
    await replay.goto(url, { waitUntil: "load" });
    assert.equal(
      await replay.evaluate(() => document.body.classList.contains("govuk-frontend-supported")),
      false,
      "the replayed page ran haven.js",
    );
    await assertNoAxeViolations(replay, `${what} (without JavaScript)`);
    await replay.close();
  };

  /**
   * The checks every page state gets, once it has settled: a title ending
   * "– Haven" (exactly `${title} – Haven` when title is given), one visible
   * h1, and no axe violations; with js (the default) haven.js must have run,
   * without it axe runs on the replayed HTML (assertNoAxeViolationsWithoutJs).
   */
  s.checkPage = async (page, what, { title, js = true } = {}) => {
    await s.settled(page);
    const shown = await assertHavenTitle(page);
    if (title) assert.equal(shown, `${title} – Haven`, what);
    await assertOneVisibleH1(page);
    if (js) {
      await waitForFrontendJs(page);
      await assertNoAxeViolations(page, what);
    } else {
      await s.assertNoAxeViolationsWithoutJs(page, what);
    }
  };

  /**
   * Every request went to the Haven origin and none failed or got a 4xx/5xx,
   * except navigations answered with one of allowDocumentStatus.
   */
  s.assertCleanNetwork = (log, { allowDocumentStatus = [] } = {}) => {
    const allowed = [allowDocumentStatus].flat();
    const origin = new URL(s.haven.url).origin;
    const foreign = log.requests.filter((u) => !u.startsWith("data:") && new URL(u).origin !== origin);
    assert.deepEqual(foreign, [], `requests left the Haven origin ${origin}`);
    assert.deepEqual(log.failed, [], "requests failed");
    const bad = log.badResponses.filter((r) => !(r.nav && allowed.includes(r.status)));
    assert.deepEqual(bad, [], "responses with status 4xx/5xx");
  };

  /**
   * node:test's test(name, [options], fn) with a timeout, cleanup of the
   * contexts the test opened, and debugging output on failure.
   */
  s.test = (name, options, fn) => {
    if (typeof options === "function") [options, fn] = [fn ?? {}, options];
    return test(name, { timeout: TEST_TIMEOUT, ...options }, async (t) => {
      opened = [];
      try {
        await fn(t);
      } catch (err) {
        if (err instanceof Error) err.message += await debugReport(s.haven, opened);
        throw err;
      } finally {
        const contexts = opened;
        opened = [];
        await Promise.all(contexts.map((o) => o.context.close().catch(() => {})));
      }
    });
  };

  return s;
}

/** Listen to a page; returns the log the listeners fill. */
export function recordPage(page) {
  const log = {
    requests: [],
    failed: [],
    badResponses: [],
    consoleErrors: [],
    pageErrors: [],
  };
  const inflight = new Set();
  const touch = () => (log.lastActivity = Date.now());
  Object.defineProperty(log, "inflight", { get: () => inflight.size });
  log.lastActivity = Date.now();
  page.on("request", (r) => {
    log.requests.push(r.url());
    inflight.add(r);
    touch();
  });
  page.on("requestfinished", (r) => {
    inflight.delete(r);
    touch();
  });
  page.on("requestfailed", (r) => {
    inflight.delete(r);
    touch();
    // The browser's own favicon fetch is cancelled when a click navigates
    // before it finishes (a busy machine makes that likely): not a failure
    // of the page. Any other aborted or failed request still counts.
    if (r.failure()?.errorText === "net::ERR_ABORTED" && new URL(r.url()).pathname === "/assets/favicon.svg") return;
    log.failed.push(`${r.url()}: ${r.failure()?.errorText}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) {
      log.badResponses.push({ url: r.url(), status: r.status(), nav: r.request().isNavigationRequest() });
    }
  });
  page.on("console", (m) => {
    if (m.type() === "error") log.consoleErrors.push({ text: m.text(), url: m.location()?.url ?? "" });
  });
  page.on("pageerror", (e) => log.pageErrors.push(String(e)));
  return log;
}

/**
 * Wait until the page has loaded and made no request for quietMs (a quicker
 * networkidle, which waits 500 ms), so late requests such as the favicon are
 * in the log before it is checked.
 */
export async function settle(page, log, { quietMs = 200, timeoutMs = WAIT } = {}) {
  await page.waitForLoadState("load");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (log.inflight === 0 && Date.now() - log.lastActivity >= quietMs) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`requests still in flight after ${timeoutMs} ms`);
}

/** What the open pages showed and the server logged, to append to an error. */
async function debugReport(haven, opened) {
  let out = "";
  for (const { page, log } of opened) {
    if (page.isClosed()) continue;
    const state = await page
      .evaluate(() => ({
        title: document.title,
        headings: [...document.querySelectorAll("h1, h2")].map((h) => `${h.tagName}: ${h.textContent.trim()}`),
        focused: document.activeElement
          ? `${document.activeElement.tagName.toLowerCase()}#${document.activeElement.id}.${document.activeElement.className}`
          : "",
        main: (document.querySelector("main") ?? document.body)?.innerText.slice(0, 800) ?? "",
      }))
      .catch((e) => ({ error: String(e) }));
    out +=
      `\n--- page ${page.url()} ---\n` +
      JSON.stringify(state, null, 2) +
      `\nfailed requests: ${JSON.stringify(log.failed)}` +
      `\n4xx/5xx responses: ${JSON.stringify(log.badResponses)}` +
      `\nconsole errors: ${JSON.stringify(log.consoleErrors)}` +
      `\npage errors: ${JSON.stringify(log.pageErrors)}`;
  }
  const tail = haven ? haven.stderrLines().slice(-30).join("\n") : "";
  if (tail) out += `\n--- last haven stderr lines ---\n${tail}`;
  return out;
}

/** The text of the page's main element, runs of white space made one space. */
export async function mainText(page) {
  return (await page.locator("main").innerText()).replace(/\s+/g, " ");
}

/** The locator is (or becomes, within WAIT) visible. */
export async function assertVisible(locator, what) {
  try {
    await locator.waitFor({ state: "visible", timeout: WAIT });
  } catch {
    assert.fail(`expected ${what} to be visible`);
  }
}

export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map(
          (n) =>
            `    at ${n.target.join(" ")}\n` +
            `      ${n.html.replace(/\s+/g, " ").slice(0, 300)}\n` +
            `      ${(n.failureSummary ?? "").replace(/\n/g, "\n      ")}`,
        )
        .join("\n");
      return `- [${v.impact}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes}`;
    })
    .join("\n");
}

export async function assertNoAxeViolations(page, what) {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const violations = withoutConditionalRevealExpanded(result.violations);
  assert.equal(
    violations.length,
    0,
    `axe found ${violations.length} accessibility violation(s) on ${what}:\n` + formatViolations(violations),
  );
}

/**
 * GOV.UK Frontend's conditional reveal puts aria-expanded on a radio that
 * reveals fields (data-aria-controls), which ARIA does not list for the radio
 * role, so axe reports aria-allowed-attr. The design system keeps it on
 * purpose, after research with screen reader users, and lists axe's report as
 * a known issue (alphagov/govuk-frontend#979, #1280). Only that one finding is
 * set aside: aria-expanded alone, on a GOV.UK radio that controls a
 * conditional block; any other attribute or element still fails.
 */
function withoutConditionalRevealExpanded(violations) {
  const known = (node) =>
    /^<input class="govuk-radios__input"[^>]* aria-controls="conditional-[^"]+"/.test(node.html) &&
    /^Fix (all|any) of the following:\s+ARIA attribute is not allowed: aria-expanded="(true|false)"$/.test(
      node.failureSummary.trim(),
    );
  return violations
    .map((v) => (v.id === "aria-allowed-attr" ? { ...v, nodes: v.nodes.filter((n) => !known(n)) } : v))
    .filter((v) => v.nodes.length > 0);
}

/**
 * No console errors (CSP violations included) and no uncaught exceptions.
 * Chromium logs "Failed to load resource: ... status of 4xx" for a document
 * that is meant to be a 4xx (documentUrl); that one is expected.
 */
export function assertQuietConsole(log, { documentUrl = null } = {}) {
  const errors = log.consoleErrors.filter(
    (e) =>
      !(
        documentUrl &&
        e.url === documentUrl &&
        /^Failed to load resource: the server responded with a status of 4\d\d/.test(e.text)
      ),
  );
  assert.deepEqual(
    errors.map((e) => `${e.text}${e.url ? ` (${e.url})` : ""}`),
    [],
    "console errors",
  );
  assert.deepEqual(log.pageErrors, [], "uncaught page errors");
}

/** haven.js ran: GOV.UK Frontend's components are started. */
export async function waitForFrontendJs(page) {
  await page
    .waitForFunction(() => document.body.classList.contains("govuk-frontend-supported"), null, { timeout: WAIT })
    .catch(() => assert.fail("body lacks govuk-frontend-supported: /assets/haven.js did not run"));
}

/** The Haven stylesheet is applied: system font stack, GOV.UK rules loaded. */
export async function assertStylesApplied(page) {
  const info = await page.evaluate(() => {
    const h1 = document.querySelector("h1");
    let rules = 0;
    for (const sheet of document.styleSheets) {
      try {
        rules += sheet.cssRules.length;
      } catch {
        // cross-origin sheet: not ours
      }
    }
    return {
      body: getComputedStyle(document.body).fontFamily,
      h1: h1 ? getComputedStyle(h1).fontFamily : "",
      bodyMargin: getComputedStyle(document.body).margin,
      rules,
    };
  });
  assert.ok(info.rules > 100, `expected the GOV.UK stylesheet to be loaded, found ${info.rules} CSS rules`);
  for (const [what, family] of [
    ["body", info.body],
    ["h1", info.h1],
  ]) {
    assert.doesNotMatch(family, /^["']?times/i, `${what} font is the browser default (${family})`);
    assert.match(
      family,
      /system-ui|-apple-system|Segoe UI|Roboto|Noto Sans|Liberation Sans|Arial|sans-serif/i,
      `${what} font-family has no system font: ${family}`,
    );
    assert.doesNotMatch(family, /GDS Transport/i, `${what} uses GDS Transport`);
  }
  assert.equal(info.bodyMargin, "0px", "GOV.UK body rules not applied");
}

export async function assertTitleHasHaven(page) {
  const title = await page.title();
  assert.match(title, /Haven/, `page title "${title}" does not name Haven`);
}

/** The title ends "– Haven" (en dash), as every Haven page's should. */
export async function assertHavenTitle(page) {
  const title = await page.title();
  assert.match(title, /\S – Haven$/, `page title "${title}" does not end with "– Haven"`);
  return title;
}

export async function assertOneVisibleH1(page) {
  const h1 = page.locator("h1");
  assert.equal(await h1.count(), 1, "expected exactly one h1");
  await assertVisible(h1, "the h1");
}

/** The GOV.UK error summary is shown and (by GOV.UK Frontend's JS) focused. */
export async function assertFocusedErrorSummary(page) {
  const summary = page.locator(".govuk-error-summary");
  await assertVisible(summary, "the GOV.UK error summary");
  await page
    .waitForFunction(() => document.activeElement?.closest(".govuk-error-summary") != null, null, {
      timeout: WAIT,
    })
    .catch(() => assert.fail("the error summary did not receive focus"));
  return summary;
}

/**
 * Resolves to the response that ends the next main-frame navigation of page
 * (redirects followed: see response.request().redirectedFrom()).
 */
export function nextNavigation(page) {
  return page.waitForResponse(
    (r) =>
      r.request().isNavigationRequest() &&
      r.request().frame() === page.mainFrame() &&
      !(r.status() >= 300 && r.status() < 400),
  );
}

/**
 * A page's errors are tied to their fields the GOV.UK way, for screen readers
 * (WCAG 1.3.1, 3.3.1) and for whoever follows the error summary:
 * - every link in the error summary points at an element that exists, is a
 *   visible form control that takes focus, and is described (itself or by the
 *   fieldset it sits in) by an inline error message with the link's words;
 * - every .govuk-error-message has an id, a visually hidden "Error:" prefix,
 *   sits in a .govuk-form-group--error, and is referenced by aria-describedby
 *   of the control it belongs to (the fieldset around it if it is in one,
 *   else each control of its form group);
 * - every .govuk-hint in a form group is referenced the same way (an item's
 *   hint by its own radio or checkbox);
 * - every aria-describedby on the page names only elements that exist;
 * - every form control has a label (or is in a fieldset with a legend, for
 *   radios and checkboxes).
 * `expectErrors` (default true): the page must show an error summary.
 * Returns the summary's links as [{ href, text }].
 */
export async function assertErrorsTiedToFields(page, what, { expectErrors = true } = {}) {
  const found = await page.evaluate(() => {
    const problems = [];
    const describedBy = (el) => (el?.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
    const name = (el) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : ""}`;
    const controlSelector = "input:not([type=hidden]), select, textarea";
    // The fieldsets an element sits in, innermost first.
    const fieldsetsOf = (el) => {
      const out = [];
      for (let f = el.parentElement?.closest("fieldset"); f; f = f.parentElement?.closest("fieldset")) out.push(f);
      return out;
    };
    // Who must reference an error or hint inside a form group: the innermost fieldset around it within the
    // group; else each control of the group (not of a form group nested in it), itself or through a fieldset
    // around it within the group (checkboxes in several fieldsets under one error, say). An item's hint
    // belongs to the item's own radio or checkbox.
    // Returns [{ what, ids }]: each owner and every id it (and its fieldsets in the group) is described by.
    const ownersOf = (el) => {
      const item = el.closest(".govuk-radios__item, .govuk-checkboxes__item");
      if (item && el.matches(".govuk-radios__hint, .govuk-checkboxes__hint"))
        return [...item.querySelectorAll(controlSelector)].map((c) => ({ what: name(c), ids: describedBy(c) }));
      const group = el.closest(".govuk-form-group");
      if (!group) return [];
      const fieldset = el.closest("fieldset");
      if (fieldset && group.contains(fieldset)) return [{ what: name(fieldset), ids: describedBy(fieldset) }];
      return [...group.querySelectorAll(controlSelector)]
        .filter((c) => c.closest(".govuk-form-group") === group)
        .map((c) => ({
          what: name(c),
          ids: [c, ...fieldsetsOf(c).filter((f) => group.contains(f))].flatMap(describedBy),
        }));
    };

    // aria-describedby names only what exists
    for (const el of document.querySelectorAll("[aria-describedby]"))
      for (const id of describedBy(el))
        if (!document.getElementById(id)) problems.push(`${name(el)} has aria-describedby "${id}", which is not on the page`);

    for (const message of document.querySelectorAll(".govuk-error-message")) {
      const text = message.textContent.trim().replace(/\s+/g, " ");
      if (!message.id) {
        problems.push(`the error "${text}" has no id`);
        continue;
      }
      if (!/^Error:/.test(message.querySelector(".govuk-visually-hidden")?.textContent.trim() ?? ""))
        problems.push(`the error #${message.id} lacks the visually hidden "Error:" prefix`);
      if (!message.closest(".govuk-form-group--error"))
        problems.push(`the error #${message.id} is not in a .govuk-form-group--error`);
      const owners = ownersOf(message);
      if (!owners.length) problems.push(`the error #${message.id} belongs to no control`);
      for (const o of owners)
        if (!o.ids.includes(message.id))
          problems.push(`${o.what} does not list its error #${message.id} in aria-describedby`);
    }

    for (const hint of document.querySelectorAll(".govuk-form-group .govuk-hint")) {
      const owners = ownersOf(hint);
      if (!owners.length) continue; // a hint about no control (text beside a group)
      if (!hint.id) {
        problems.push(`the hint "${hint.textContent.trim().slice(0, 60)}" has no id`);
        continue;
      }
      for (const o of owners)
        if (!o.ids.includes(hint.id)) problems.push(`${o.what} does not list its hint #${hint.id} in aria-describedby`);
    }

    // every control has a name a screen reader can say
    for (const c of document.querySelectorAll(controlSelector)) {
      if (c.type === "submit" || c.type === "button") continue;
      const labelled = c.labels?.length > 0 || c.getAttribute("aria-label") || c.getAttribute("aria-labelledby");
      if (!labelled) problems.push(`${name(c)} has no label`);
      if ((c.type === "radio" || c.type === "checkbox") && document.getElementsByName(c.name).length > 1) {
        const fieldset = c.closest("fieldset");
        if (!fieldset || !fieldset.querySelector(":scope > legend")?.textContent.trim())
          problems.push(`${name(c)} is one of a group of ${c.type}s outside a fieldset with a legend`);
      }
    }

    const summary = document.querySelector(".govuk-error-summary");
    const links = [...(summary?.querySelectorAll("a") ?? [])].map((a) => ({
      href: a.getAttribute("href") ?? "",
      text: a.textContent.trim().replace(/\s+/g, " "),
    }));
    for (const { href, text } of links) {
      if (!href.startsWith("#")) {
        problems.push(`the summary link "${text}" goes to ${href}, not to a field on the page`);
        continue;
      }
      const target = document.getElementById(decodeURIComponent(href.slice(1)));
      if (!target) {
        problems.push(`the summary link "${text}" goes to ${href}, which is not on the page`);
        continue;
      }
      if (!target.matches(controlSelector)) problems.push(`the summary link "${text}" goes to ${name(target)}, not a form control`);
      if (!target.getClientRects().length || target.closest("[hidden]"))
        problems.push(`the summary link "${text}" goes to ${name(target)}, which is not shown`);
      target.focus();
      if (document.activeElement !== target) problems.push(`the summary link "${text}" goes to ${name(target)}, which cannot take focus`);
      const ids = [target, ...fieldsetsOf(target)].flatMap(describedBy);
      const inline = ids
        .map((id) => document.getElementById(id))
        .filter((el) => el?.classList.contains("govuk-error-message"))
        .map((el) => el.textContent.trim().replace(/\s+/g, " "));
      if (!inline.some((t) => t.includes(text)))
        problems.push(`${name(target)} (from the summary link "${text}") is not described by an inline error saying so (it has: ${JSON.stringify(inline)})`);
    }
    document.activeElement?.blur();
    return { problems, links, hasSummary: summary != null };
  });
  if (expectErrors) assert.ok(found.hasSummary, `expected an error summary on ${what}`);
  assert.deepEqual(found.problems, [], `errors and hints not tied to their fields on ${what}`);
  return found.links;
}

/**
 * A date (YYYY-MM-DD) as pages say it (src/http/page_model.c):
 * "3 December 2026", or with `weekday` "Thursday 3 December 2026".
 */
export function dateInWords(iso, { weekday = false } = {}) {
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  const [year, month, day] = iso.split("-").map(Number);
  const words = `${day} ${MONTHS[month - 1]} ${year}`;
  return weekday ? `${DAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]} ${words}` : words;
}

/**
 * Types a date (YYYY-MM-DD) into the GOV.UK date input whose question is
 * `legend`: its Day, Month and Year boxes, as a person would (no leading
 * zeros). templates/date-input.mustache draws it.
 */
export async function fillDate(page, legend, iso) {
  const [year, month, day] = iso.split("-");
  // `page` may be a locator too: one row's form, where every row asks the same question
  const group = page.getByRole("group", { name: legend, exact: true });
  await group.getByLabel("Day", { exact: true }).fill(String(Number(day)));
  await group.getByLabel("Month", { exact: true }).fill(String(Number(month)));
  await group.getByLabel("Year", { exact: true }).fill(year);
}

/** The date in the date input whose question is `legend`, as YYYY-MM-DD (boxes as typed, padded). */
export async function dateValue(page, legend) {
  const group = page.getByRole("group", { name: legend, exact: true });
  const box = (label) => group.getByLabel(label, { exact: true }).inputValue();
  const [day, month, year] = await Promise.all([box("Day"), box("Month"), box("Year")]);
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}
