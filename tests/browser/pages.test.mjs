// Every HTML page Haven serves, in a real browser: each is accessible (axe,
// WCAG 2.2 AA), has one h1 and a "… – Haven" title, logs no console errors
// and loads nothing from outside Haven. Then what a visitor does with them:
// skip to the content by keyboard, filter the agencies, open an agency.
//
// Run: node --test tests/browser/   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import {
  assertFocusedErrorSummary,
  assertHavenTitle,
  assertNoAxeViolations,
  assertOneVisibleH1,
  assertQuietConsole,
  assertVisible,
  browserSuite,
  settle,
  waitForFrontendJs,
} from "./browser.mjs";

const s = browserSuite();

// The demo partnership's agencies: the rows of src/areas/partnership/demo.sql's agencies INSERT.
const ALL_AGENCIES = (() => {
  const sql = readFileSync(new URL("../../src/areas/partnership/demo.sql", import.meta.url), "utf8");
  const insert = /INSERT INTO agencies[^;]*;/s.exec(sql)[0];
  return [...insert.matchAll(/^\s*\('[a-z0-9-]+',/gm)].length;
})();
const BLACKPOOL_SCHOOLS = ["Seafront Primary School (fictional)", "Tower View High School (fictional)"];
const NO_MATCH = "No agencies match. Choose another type or area.";

/** The agencies table's rows as { name, href, type, area }. */
async function agencyRows(page) {
  return page.locator("main table tbody tr").evaluateAll((rows) =>
    rows.map((r) => {
      const cells = [...r.querySelectorAll("td")];
      const link = cells[0]?.querySelector("a");
      return {
        name: link?.textContent.trim() ?? "",
        href: link?.getAttribute("href") ?? "",
        type: cells[1]?.textContent.trim() ?? "",
        area: cells[2]?.textContent.trim() ?? "",
      };
    }),
  );
}

async function bodyText(page) {
  return (await page.locator("main").innerText()).replace(/\s+/g, " ");
}

// Each page: its path, expected status, and what else it must show.
const PAGES = [
  { path: "/", status: 200, h1: "Working together to keep children safe" },
  // The sign-in page's h1 ("Sign in to Haven") is longer than its title.
  { path: "/sign-in", status: 200, h1: /sign in/i, title: /^Sign in\b/ },
  {
    path: "/agencies",
    status: 200,
    h1: "Agencies in the partnership",
    async check(page) {
      assert.equal((await agencyRows(page)).length, ALL_AGENCIES, "rows in the unfiltered agencies table");
      assert.match(await bodyText(page), new RegExp(`Agencies found: ${ALL_AGENCIES}\\b`));
    },
  },
  {
    path: "/agencies?type=school&area=blackpool",
    status: 200,
    h1: "Agencies in the partnership",
    async check(page) {
      const rows = await agencyRows(page);
      assert.deepEqual(rows.map((r) => r.name).sort(), BLACKPOOL_SCHOOLS, "schools in Blackpool");
      for (const r of rows) assert.deepEqual([r.type, r.area], ["School", "Blackpool"], `row ${r.name}`);
      assert.match(await bodyText(page), /Agencies found: 2\b/);
      assert.equal(await page.getByLabel("Type of agency").inputValue(), "school");
      assert.equal(await page.getByLabel("Local authority area").inputValue(), "blackpool");
    },
  },
  {
    path: "/agencies?type=college&area=blackpool",
    status: 200,
    h1: "Agencies in the partnership",
    async check(page) {
      assert.equal(await page.locator("main table").count(), 0, "a table is shown for no results");
      const text = await bodyText(page);
      assert.match(text, /Agencies found: 0\b/);
      assert.ok(text.includes(NO_MATCH), `expected "${NO_MATCH}" in: ${text}`);
    },
  },
  {
    path: "/agencies/brookfield-primary",
    status: 200,
    h1: "Brookfield Primary School (fictional)",
    async check(page) {
      const back = page.locator("a.govuk-back-link");
      await assertVisible(back, "the back link");
      assert.equal(await back.getAttribute("href"), "/agencies", "the back link's target");
      const text = await bodyText(page);
      assert.match(text, /Type School/);
      assert.match(text, /Area Blackburn with Darwen \(LA code 889\)/);
    },
  },
  { path: "/agencies/does-not-exist", status: 404, h1: /not found/i, notFound: true },
  { path: "/feedback", status: 200, h1: "Give feedback on Haven" },
  {
    path: "/feedback/sent",
    status: 200,
    h1: "Thank you for your feedback",
    async check(page) {
      await assertVisible(page.locator(".govuk-panel--confirmation h1"), "the confirmation panel's heading");
    },
  },
  { path: "/no-such-page", status: 404, h1: /not found/i, notFound: true },
  {
    path: "/agencies?type=zzz",
    status: 400,
    h1: "Agencies in the partnership",
    error: true,
    async check(page) {
      const summary = await assertFocusedErrorSummary(page);
      assert.match(await summary.innerText(), /Select the type of agency from the list/);
      assert.equal(await summary.locator("a").first().getAttribute("href"), "#type");
      await assertVisible(page.locator("#type-error"), "the type select's error message");
    },
  },
];

for (const p of PAGES) {
  s.test(`${p.path} (${p.status}) is accessible, titled and self-contained`, async () => {
    const { page, response, log } = await s.open(p.path);
    assert.equal(response.status(), p.status, `GET ${p.path} status`);
    assert.equal(page.url(), s.url(p.path), `GET ${p.path} was redirected`);

    await assertOneVisibleH1(page);
    const h1 = (await page.locator("h1").innerText()).trim();
    if (p.h1 instanceof RegExp) assert.match(h1, p.h1, "the h1");
    else assert.equal(h1, p.h1, "the h1");

    // "<h1> – Haven" (unless the page says otherwise), with "Error: " first
    // when (and only when) the page shows errors.
    const title = await assertHavenTitle(page);
    const hasSummary = (await page.locator(".govuk-error-summary").count()) > 0;
    assert.equal(hasSummary, Boolean(p.error), "error summary shown");
    assert.equal(title.startsWith("Error: "), Boolean(p.error), `title "${title}" and "Error: "`);
    if (p.title) assert.match(title, p.title, "title");
    else assert.equal(title, `${p.error ? "Error: " : ""}${h1} – Haven`, "title");

    if (p.notFound) {
      const home = page.locator("main").getByRole("link", { name: "Go to the start page" });
      assert.equal(await home.getAttribute("href"), "/", "the 404 page's link to the start page");
    }
    await waitForFrontendJs(page);
    if (p.check) await p.check(page);

    await settle(page, log);
    s.assertCleanNetwork(log, { allowDocumentStatus: p.status });
    assertQuietConsole(log, { documentUrl: s.url(p.path) });
    await assertNoAxeViolations(page, p.path);
  });
}

for (const path of ["/", "/agencies/brookfield-primary"]) {
  s.test(`a keyboard user on ${path} reaches the skip link first and it moves focus to main`, async () => {
    const { page } = await s.open(path);
    await waitForFrontendJs(page);
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => {
      const el = document.activeElement;
      return { text: el?.textContent.trim(), href: el?.getAttribute("href"), cls: el?.className };
    });
    assert.deepEqual(
      first,
      { text: "Skip to main content", href: "#main-content", cls: "govuk-skip-link" },
      "the first Tab should focus the skip link",
    );
    const skip = page.getByRole("link", { name: "Skip to main content" });
    assert.ok(await skip.isVisible(), "the focused skip link is not visible");

    await page.keyboard.press("Enter");
    await page
      .waitForFunction(() => document.activeElement?.id === "main-content", null, { timeout: 5_000 })
      .catch(async () =>
        assert.fail(
          `focus did not move to main, it is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))}`,
        ),
      );
    assert.equal(await page.evaluate(() => document.activeElement.tagName), "MAIN");
    assert.equal(new URL(page.url()).hash, "#main-content");

    // The next Tab goes on from main (into or past it), not back to the header.
    await page.keyboard.press("Tab");
    const afterMainStart = await page.evaluate(() => {
      const main = document.getElementById("main-content");
      const el = document.activeElement;
      return (
        main.contains(el) || Boolean(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
      );
    });
    assert.ok(afterMainStart, "Tab after skipping should go on from main");
  });
}

s.test("a visitor filters the agencies with the form", async () => {
  const { page, response, log } = await s.open("/agencies");
  assert.equal(response.status(), 200);
  const type = page.getByLabel("Type of agency");
  const area = page.getByLabel("Local authority area");
  const show = page.getByRole("button", { name: "Show agencies" });

  async function filter(typeLabel, areaLabel) {
    await type.selectOption({ label: typeLabel });
    await area.selectOption({ label: areaLabel });
    await Promise.all([page.waitForURL((u) => u.search !== "" && u.pathname === "/agencies"), show.click()]);
    await page.waitForLoadState("load");
    return new URL(page.url()).searchParams;
  }

  // Schools in Blackpool.
  let query = await filter("School", "Blackpool");
  assert.equal(query.get("type"), "school", "type in the query");
  assert.equal(query.get("area"), "blackpool", "area in the query");
  let rows = await agencyRows(page);
  assert.deepEqual(rows.map((r) => r.name).sort(), BLACKPOOL_SCHOOLS, "the filtered table");
  for (const r of rows) assert.deepEqual([r.type, r.area], ["School", "Blackpool"], `row ${r.name}`);
  assert.equal(await type.inputValue(), "school", "the type select keeps the choice");
  assert.equal(await area.inputValue(), "blackpool", "the area select keeps the choice");
  assert.match(await type.locator("option:checked").innerText(), /^School$/);
  assert.match(await area.locator("option:checked").innerText(), /^Blackpool$/);
  await assertNoAxeViolations(page, "/agencies filtered by the form");

  // No colleges in Blackpool.
  query = await filter("College", "Blackpool");
  assert.equal(query.get("type"), "college");
  assert.equal(query.get("area"), "blackpool");
  assert.equal(await page.locator("main table").count(), 0, "a table is shown for no results");
  assert.ok((await bodyText(page)).includes(NO_MATCH), "the no-results message");
  assert.equal(await type.inputValue(), "college");
  assert.equal(await area.inputValue(), "blackpool");

  // Only the area: every agency in Lancashire, of any type.
  query = await filter("Any type", "Lancashire");
  assert.equal(query.get("type"), "", "an empty type in the query");
  assert.equal(query.get("area"), "lancashire");
  rows = await agencyRows(page);
  assert.ok(rows.length >= 2, `expected several agencies in Lancashire, got ${rows.length}`);
  assert.ok(new Set(rows.map((r) => r.type)).size > 1, "agencies of several types in Lancashire");
  for (const r of rows) assert.equal(r.area, "Lancashire", `row ${r.name}`);
  assert.equal(await type.inputValue(), "");

  // Back to everything.
  await filter("Any type", "Any area");
  assert.equal((await agencyRows(page)).length, ALL_AGENCIES, "rows with no filter");

  s.assertCleanNetwork(log);
  assertQuietConsole(log);
});

s.test("a visitor opens an agency from the list and goes back", async () => {
  const { page, log } = await s.open("/agencies");
  const name = "Brookfield Primary School (fictional)";
  await Promise.all([
    page.waitForURL(s.url("/agencies/brookfield-primary")),
    page.getByRole("link", { name, exact: true }).click(),
  ]);
  assert.equal((await page.locator("h1").innerText()).trim(), name, "the agency page's h1");
  assert.equal(await page.title(), `${name} – Haven`);

  const back = page.getByRole("link", { name: "All agencies" });
  await assertVisible(back, 'the "All agencies" back link');
  assert.equal(await back.getAttribute("href"), "/agencies");
  assert.ok(
    await back.evaluate((el) => el.classList.contains("govuk-back-link") && el.closest("main") === null),
    "the back link should be a GOV.UK back link before main",
  );
  await Promise.all([page.waitForURL(s.url("/agencies")), back.click()]);
  assert.equal((await agencyRows(page)).length, ALL_AGENCIES, "back on the full list");
  s.assertCleanNetwork(log);
  assertQuietConsole(log);
});
