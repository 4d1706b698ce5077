// The figures pages as the police see them, in a real browser: the demo
// police user (Lancashire Constabulary) opens each figures page the access
// matrix lets the police open (Operation Encompass, missing episodes,
// Operation Provide), which counts their own force's incidents or episodes
// only and says so in a line the partnership's page does not have (and
// Encompass's totals are headed as the force's, not the whole partnership's).
// Each state (the page, one area chosen, a period with no year refused, a
// period that ends before it starts) is checked with axe, the page also
// without JavaScript, and each keeps the police line; the partnership's own
// figures pages are checked in their areas' browser tests.
//
// Run: node --test tests/browser/police-figures.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";

import { REPO_ROOT } from "../lib/haven.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, assertVisible, browserSuite } from "./browser.mjs";

const s = browserSuite();

/*
 * Each figures page the police may open, by its action in the access matrix:
 * what the police-only line says, the legend of the period's start, whether
 * the page narrows to an area, and the heading of its totals (theirs, not
 * the whole partnership's), if it has one.
 */
const POLICE_FIGURES = {
  "encompass.figures": {
    path: "/encompass/figures",
    own: /your police force's own incidents only/,
    from: "From",
    area: true,
    totals: /^Your force's incidents, /,
  },
  "missing.figures": { path: "/missing-episodes/figures", own: /your police force's own episodes only/, from: "From" },
  "provide.figures": { path: "/provide/figures", own: /your police force's own incidents only/, from: "First date of incidents" },
};

/** The page's checks (s.checkPage), and any errors tied to their fields. */
async function checkPage(page, what, { expectErrors = false } = {}) {
  await s.checkPage(page, what);
  await assertErrorsTiedToFields(page, what, { expectErrors });
}

s.test("the access matrix lets the police open these figures pages and no other", () => {
  const matrix = JSON.parse(readFileSync(path.join(REPO_ROOT, "tests/http/access-matrix.json"), "utf8"));
  const police = Object.entries(matrix.actions)
    .filter(([name, action]) => name.endsWith(".figures") && action.roles.includes("police"))
    .map(([name]) => name)
    .sort();
  assert.deepEqual(police, Object.keys(POLICE_FIGURES).sort(), "a figures page the police may open is checked here");
});

for (const [action, { path: pagePath, own, from, area, totals }] of Object.entries(POLICE_FIGURES)) {
  s.test(`the police read ${pagePath} (${action}): their own force's figures, said so, accessible`, { timeout: 120_000 }, async () => {
    const { page } = await s.signedIn("police@demo.haven.example", { reuseSession: true });
    let res = await s.visit(page, pagePath);
    assert.equal(res.status(), 200, pagePath);
    await checkPage(page, `${pagePath} as the police`);
    const ownForce = page.locator("#own-force");
    await assertVisible(ownForce, "the line that says the figures are the force's own");
    assert.match(await ownForce.innerText(), own);
    if (totals) {
      const headings = await page.locator("main h2").allInnerTexts();
      assert.ok(headings.some((h) => totals.test(h)), `the totals are headed as the force's own: ${headings.join(" | ")}`);
      assert.ok(!headings.some((h) => /whole partnership/i.test(h)), `no heading says the whole partnership: ${headings.join(" | ")}`);
    }
    const { page: noJs } = await s.signedIn("police@demo.haven.example", { reuseSession: true, javaScriptEnabled: false });
    assert.equal((await s.visit(noJs, pagePath)).status(), 200, pagePath);
    await s.checkPage(noJs, `${pagePath} as the police`, { js: false });
    assert.match(await noJs.locator("#own-force").innerText(), own);

    if (area) {
      // one area's figures
      await page.getByLabel("Area", { exact: true }).selectOption("blackpool");
      res = await s.navigateBy(page, page.getByRole("button", { name: "Show the figures", exact: true }));
      assert.equal(res.status(), 200, `${pagePath} for Blackpool`);
      assert.match(page.url(), /la=blackpool/);
      await checkPage(page, `${pagePath} for one area as the police`);
      assert.match(await page.locator("#own-force").innerText(), own);
      const headings = await page.locator("main h2").allInnerTexts();
      assert.match(headings[0], /^Your force's incidents in Blackpool, /, "the force's totals name the area chosen");
      assert.deepEqual(headings.slice(1), ["Blackpool"], "the one area's figures, after the force's totals");
    }

    // a start with no year: the error summary, focused, and the page keeps its police line
    await page.getByRole("group", { name: from, exact: true }).getByLabel("Year", { exact: true }).fill("");
    res = await s.navigateBy(page, page.getByRole("button", { name: "Show the figures", exact: true }));
    assert.equal(res.status(), 400, `${pagePath} with a start that has no year`);
    await assertFocusedErrorSummary(page);
    await checkPage(page, `${pagePath} with a start that has no year, as the police`, { expectErrors: true });
    await assertVisible(page.locator("#own-force"), "the police line, on the page shown again with its errors");
    assert.match(await page.locator("#own-force").innerText(), own);

    // a period that ends before it starts (the page's own check, not the date's): the line is kept too
    res = await s.visit(page, `${pagePath}?from=2025-10-08&to=2025-10-01`);
    assert.equal(res.status(), 400, `${pagePath} with a period that ends before it starts`);
    await checkPage(page, `${pagePath} with a period that ends before it starts, as the police`, { expectErrors: true });
    assert.match(await page.locator("#own-force").innerText(), own);
  });
}
