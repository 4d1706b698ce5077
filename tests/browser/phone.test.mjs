// A signed-in page on a phone (375 x 812 CSS px) starts where the phone can
// see it: the header's navigation is behind a "Menu" toggle (a <details>, no
// script needed), so the page's h1 is on the first screen; the toggle opens
// and closes the links by keyboard, says whether it is open, and shows its
// focus; on a wide screen the links are shown as always and there is no
// toggle. Also on a phone: a scrolling table's caption wraps within the
// screen rather than being clipped, and a long select fits its column
// (GOV.UK Frontend's .govuk-select has max-width: 100%; what a phone cuts
// short is the chosen option's text inside it, which a select cannot wrap).
//
// Run: HAVEN_BIN=build/haven node --test tests/browser/phone.test.mjs

import assert from "node:assert/strict";

import { assertNoAxeViolations, assertVisible, browserSuite } from "./browser.mjs";

const s = browserSuite();

const PHONE = { width: 375, height: 812 };
const REFLOW = { width: 320, height: 640 };
const WIDE = { width: 1280, height: 800 };

// Where the first h1 must start: well within the first screen of a phone.
const H1_TOP_MAX = 400;

/** The top of the page's first h1, in CSS px from the top of the document. */
const h1Top = (page) => page.locator("h1").first().evaluate((h) => h.getBoundingClientRect().top + window.scrollY);

/** The header's narrow-screen menu: its toggle, and its links (by name). */
function menu(page) {
  const details = page.locator("details.haven-navigation--narrow");
  return {
    details,
    toggle: details.locator("summary"),
    isOpen: () => details.evaluate((d) => d.open),
    link: (name) => page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name, exact: true }),
  };
}

/** The toggle's name and expanded state in Chromium's accessibility tree (what a screen reader is told). */
async function toggleAx(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  await cdp.detach();
  const node = nodes.find((n) => n.role?.value === "DisclosureTriangle" && !n.ignored);
  assert.ok(node, "a disclosure toggle in the accessibility tree");
  const expanded = node.properties?.find((p) => p.name === "expanded")?.value.value ?? false;
  return { name: node.name?.value, expanded };
}

/** Press Tab until locator has the focus (at most max times). */
async function tabTo(page, locator, what, max = 10) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await locator.evaluate((el) => el === document.activeElement)) return;
  }
  assert.fail(`Tab did not reach ${what} in ${max} presses`);
}

s.test("on a phone a signed-in page's h1 is on the first screen", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn("dsl", { viewport: PHONE });
  for (const path of ["/dashboard", "/work"]) {
    await s.visit(page, path);
    await s.checkPage(page, `${path} on a phone`);
    const top = await h1Top(page);
    assert.ok(top < H1_TOP_MAX, `${path}: the h1 starts ${top}px down a ${PHONE.height}px screen (at most ${H1_TOP_MAX})`);
  }
  // A self-assessment return, the page the new user opened: its caption and h1 both on the first screen.
  await s.visit(page, "/quality-assurance/returns");
  await s.navigateBy(page, page.locator('main a[href^="/quality-assurance/returns/"]').first());
  assert.match(page.url(), /\/quality-assurance\/returns\/\d+$/);
  await s.checkPage(page, "a return on a phone");
  const bottom = await page.locator("h1").first().evaluate((h) => h.getBoundingClientRect().bottom + window.scrollY);
  assert.ok(bottom < PHONE.height, `the return's h1 ends ${bottom}px down a ${PHONE.height}px screen`);
});

s.test("on a phone the Menu toggle opens and closes the navigation by keyboard", async () => {
  const { page } = await s.signedIn("dsl", { viewport: PHONE });
  await s.visit(page, "/work");
  const m = menu(page);
  await assertVisible(m.toggle, 'the "Menu" toggle');
  assert.equal(await m.isOpen(), false, "the menu starts closed");
  assert.equal(await m.link("Your dashboard").count(), 0, "the links are hidden while the menu is closed");
  // Its name and state, as a screen reader is told them.
  assert.deepEqual(await toggleAx(page), { name: "Menu", expanded: false }, "the toggle as a screen reader is told it");

  await tabTo(page, m.toggle, 'the "Menu" toggle');
  const focus = await m.toggle.evaluate((el) => {
    const cs = getComputedStyle(el);
    return { focusVisible: el.matches(":focus-visible"), background: cs.backgroundColor, shadow: cs.boxShadow };
  });
  assert.ok(focus.focusVisible, "the toggle is :focus-visible after Tab");
  assert.equal(focus.background, "rgb(255, 221, 0)", "the focused toggle has GOV.UK's yellow focus background");
  assert.notEqual(focus.shadow, "none", "the focused toggle has GOV.UK's focus underline");

  await page.keyboard.press("Enter");
  assert.equal(await m.isOpen(), true, "Enter opens the menu");
  await assertVisible(m.link("Your dashboard"), 'the "Your dashboard" link in the open menu');
  assert.deepEqual(await toggleAx(page), { name: "Menu", expanded: true }, "the open toggle as a screen reader is told it");
  assert.equal(await m.link("Your work").getAttribute("aria-current"), "page", "the open menu marks where you are");
  await assertNoAxeViolations(page, "/work on a phone with the menu open");
  // The links follow the toggle in the tab order.
  await page.keyboard.press("Tab");
  assert.ok(await m.link("Agencies").evaluate((el) => el === document.activeElement), "Tab after Menu is the first link");
  await page.keyboard.press("Shift+Tab");
  assert.ok(await m.toggle.evaluate((el) => el === document.activeElement), "Shift+Tab goes back to Menu");

  await page.keyboard.press("Space");
  assert.equal(await m.isOpen(), false, "Space closes the menu");
  assert.equal(await m.link("Your dashboard").count(), 0, "the links are hidden again");
  await assertNoAxeViolations(page, "/work on a phone with the menu closed again");
});

s.test("without JavaScript the Menu toggle opens the navigation by keyboard", async () => {
  const { page } = await s.signedIn("dsl", { viewport: PHONE, javaScriptEnabled: false });
  await s.visit(page, "/work");
  const m = menu(page);
  await tabTo(page, m.toggle, 'the "Menu" toggle');
  await page.keyboard.press("Enter");
  assert.equal(await m.isOpen(), true, "Enter opens the menu without JavaScript");
  await assertVisible(m.link("Your work"), 'the "Your work" link in the open menu');
  await page.keyboard.press("Enter");
  assert.equal(await m.isOpen(), false, "Enter closes it again");
});

s.test("at 320px the open menu and the header reflow without sideways scrolling", async () => {
  const { page } = await s.signedIn("dsl", { viewport: REFLOW });
  await s.visit(page, "/work");
  const m = menu(page);
  await m.toggle.click();
  assert.equal(await m.isOpen(), true);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(widths[0] <= widths[1], `the page is ${widths[0]}px wide in a ${widths[1]}px window`);
  const overlaps = await page.evaluate(() => {
    const t = document.querySelector(".haven-navigation__toggle").getBoundingClientRect();
    const lines = [...document.querySelector(".govuk-service-navigation__service-name a").getClientRects()];
    return lines.filter((r) => r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom).length;
  });
  assert.equal(overlaps, 0, "Menu covers the service name");
  await assertNoAxeViolations(page, "/work at 320px with the menu open");
});

s.test("on a wide screen the navigation is shown as always, with no Menu toggle", async () => {
  const { page } = await s.signedIn("dsl", { viewport: WIDE });
  await s.visit(page, "/work");
  const m = menu(page);
  assert.equal(await m.toggle.isVisible(), false, "no Menu toggle on a wide screen");
  for (const name of ["Agencies", "Your dashboard", "Your work"]) await assertVisible(m.link(name), `the "${name}" link`);
  assert.equal(await page.getByRole("navigation", { name: "Menu" }).count(), 1, "one navigation landmark");
});

s.test("on a phone a scrolling table's caption wraps and a long select fits", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn("partnership", { viewport: PHONE });
  await s.visit(page, "/quality-assurance/cycles/new");
  const select = await page.locator("select#standards").evaluate((el) => el.getBoundingClientRect().right);
  assert.ok(select <= PHONE.width, `the standards select ends at ${select}px in a ${PHONE.width}px window`);

  // The demo's first cycle has scores: a table of agencies by standards, wider than a phone.
  await s.visit(page, "/quality-assurance/cycles/1/results");
  const caption = page.locator(".haven-table-scroll caption").first();
  const box = await caption.evaluate((c) => {
    const r = c.getBoundingClientRect();
    const region = c.closest(".haven-table-scroll").getBoundingClientRect();
    return { right: r.right, regionRight: region.right, text: c.textContent.trim() };
  });
  assert.ok(box.right <= box.regionRight + 0.5, `the caption "${box.text}" runs to ${box.right}px past its region's ${box.regionRight}px`);
});
