// The annual report in a real browser: the partnership reaches it from the
// dashboard, a bad year shows the GOV.UK error summary, another year shows
// its tables; and the standalone document `haven report annual` writes is
// opened as a file would be, with its own styles. The scrutineer writes the
// statement (first empty, so the error summary shows), sees it in the report,
// checks the theme names a year not yet published will carry, finds no form
// for a year not ended, and everyone reads the Easy Read version, the
// statement in it in the scrutineer's own words. A school's safeguarding lead
// reads the published report (the demo's 2024-25) from the dashboard, its
// Easy Read version too, and is told a year not published is not published
// yet. Every state is checked with axe.
//
// Run: node --test tests/browser/annual-report.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { runHaven } from "../lib/haven.mjs";
import { assertErrorsTiedToFields, assertFocusedErrorSummary, assertNoAxeViolations, browserSuite, mainText } from "./browser.mjs";

const s = browserSuite();

s.test("the partnership reads the annual report and chooses a year", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn({ email: "partnership@demo.haven.example" });
  let res = await s.visit(page, "/dashboard");
  res = await s.navigateBy(page, page.getByRole("link", { name: "The annual report" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the last year's report");
  await page.getByRole("table", { name: "Serious incidents and reviews" }).waitFor();
  // a section of tables alone (missing episodes) is headed, not shown as an empty table of figures
  await page.getByRole("heading", { name: "Children missing from home or care", level: 2 }).waitFor();
  assert.equal(await page.getByRole("table", { name: "Children missing from home or care" }).count(), 0, "no empty table");
  // the demo's levels-of-need decision (November 2025) in its table, and each impact measure with what it means
  await page.getByRole("table", { name: "Levels-of-need decisions, by local authority and level" }).waitFor();
  assert.match(await mainText(page), /What the impact measures mean\s*Re-referrals: requests for support, by local authority\s*Requests for support received in the period/);

  await page.getByLabel("Reporting year").fill("2020-22");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show the report" }));
  assert.equal(res.status(), 400);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the report with a bad year", { title: "Error: Annual report" });
  await assertErrorsTiedToFields(page, "the year's error");

  await page.getByLabel("Reporting year").fill("2020-21");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show the report" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the 2020-21 report", { title: "Annual report 2020-21" });
  assert.match(await mainText(page), /From 1 April 2020 to 31 March 2021/);
});

s.test("the standalone report reads as a document of its own, with its styles", { timeout: 60_000 }, async () => {
  const r = runHaven(["report", "annual", "--db", s.haven.dbPath, "--year", "2020-21"]);
  assert.equal(r.status, 0, r.stderr);
  const { page } = await s.newPage();
  await page.setContent(r.stdout, { waitUntil: "load" });
  // it says whose report it is, in its title and above its heading
  assert.equal(await page.title(), "Children's Safeguarding Assurance Partnership (demo): Annual report 2020-21 – Haven");
  await page.getByRole("heading", { level: 1, name: "Annual report 2020-21" }).waitFor();
  await page.getByRole("table", { name: "Multi-agency training" }).waitFor();
  // GOV.UK Frontend's styles are inside it: a caption is styled as a heading
  const weight = await page.locator("caption").first().evaluate((c) => getComputedStyle(c).fontWeight);
  assert.equal(weight, "700");
  await assertNoAxeViolations(page, "the standalone annual report");
});

s.test("the scrutineer writes the year's statement, fixing a mistake first, and sees it in the report", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn({ email: "scrutineer@demo.haven.example" });
  let res = await s.visit(page, "/reports/annual?year=2020-21");
  assert.equal(res.status(), 200);
  assert.match(await mainText(page), /The Independent Scrutineer has not written a statement for this year yet\./);
  res = await s.navigateBy(page, page.getByRole("link", { name: "Write the statement" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the statement form", { title: "The scrutineer's statement for 2020-21" });

  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the statement" }));
  assert.equal(res.status(), 422);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the statement form with an error", { title: "Error: The scrutineer's statement for 2020-21" });
  await assertErrorsTiedToFields(page, "the missing statement");

  await page.getByLabel("Your statement").fill("Fictional: the partnership met its duties this year.\n\nTraining reached more practitioners.");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Save the statement" }));
  assert.equal(res.status(), 200);
  assert.match(page.url(), /\/reports\/annual\?year=2020-21$/);
  await s.checkPage(page, "the report with the draft statement", { title: "Annual report 2020-21" });
  const text = await mainText(page);
  assert.match(text, /The statement was saved/);
  assert.match(text, /This statement is a draft/);
  assert.match(text, /Training reached more practitioners\./);
});

s.test("before publishing, the scrutineer checks the theme and priority names; a year not ended has no statement to write", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn({ email: "scrutineer@demo.haven.example" });
  // the demo's reviews of 2025-26 have themes; the year is not published yet
  let res = await s.visit(page, "/reports/annual?year=2025-26");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the report with the theme names to check", { title: "Annual report 2025-26" });
  assert.match(await mainText(page), /Before you publish, check the names of the review themes and priorities this report publishes\./);
  const names = await page.getByRole("list", { name: "The review themes this report publishes" }).locator("li").allInnerTexts();
  assert.ok(names.includes("Neglect"), names.join(", "));
  const priorities = await page.getByRole("list", { name: "The priorities this report publishes" }).locator("li").allInnerTexts();
  assert.ok(priorities.includes("Domestic abuse"), priorities.join(", "));

  // a year still running, by a typed address: no form, told why
  const today = new Date();
  const first = today.getUTCMonth() >= 3 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  const running = `${first}-${String((first + 1) % 100).padStart(2, "0")}`;
  res = await s.visit(page, `/reports/annual/statement?year=${running}`);
  assert.equal(res.status(), 404);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the statement of a year not ended", { title: "Error: The scrutineer's statement" });
  assert.match(await mainText(page), new RegExp(`The year ${running} has not ended: its statement is written once it has`));
  assert.equal(await page.getByLabel("Your statement").count(), 0, "no form to fill");
});

s.test("the partnership reads the report in Easy Read: pictures beside short lines, the same figures", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn({ email: "partnership@demo.haven.example" });
  let res = await s.visit(page, "/reports/annual?year=2020-21");
  const full = await page.getByRole("table", { name: "Serious incidents and reviews" }).locator("tbody td").allInnerTexts();
  res = await s.navigateBy(page, page.getByRole("link", { name: "Read this report in Easy Read" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the Easy Read report", { title: "Annual report 2020-21 in Easy Read" });
  const numbers = await page.getByRole("list", { name: "The numbers: Serious incidents and reviews" }).locator("strong").allInnerTexts();
  assert.deepEqual(numbers, full, "the same figures as the full report");
  // large type: 24px for the words
  const size = await page.locator(".haven-easy-read-point__words p").first().evaluate((p) => getComputedStyle(p).fontSize);
  assert.equal(size, "24px");
  // the scrutineer's statement (the draft written above) in their own words, under a plain heading
  const text = await mainText(page);
  assert.match(text, /What the Independent Scrutineer says[\s\S]*They wrote about our work this year\.[\s\S]*This is what they wrote, in their own words\.[\s\S]*This is a draft\.[\s\S]*Training reached more practitioners\./);
});

s.test("a school's safeguarding lead reads the published report, and is told a year not published is not yet", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn({ email: "dsl@demo.haven.example" });
  await s.visit(page, "/dashboard");
  let res = await s.navigateBy(page, page.getByRole("link", { name: "The annual report" }));
  assert.equal(res.status(), 200);
  // the latest published year (the demo's 2024-25, its statement published), and the published years to choose
  await s.checkPage(page, "the published report", { title: "Annual report 2024-25" });
  const text = await mainText(page);
  assert.match(text, /Agencies answered the scrutineer's challenges on time\./);
  assert.doesNotMatch(text, /This statement is a draft|Write the statement/);
  await page.getByRole("navigation", { name: "The partnership's published reports:" }).getByRole("link", { name: "Annual report 2024-25" }).waitFor();
  await page.getByRole("table", { name: "Serious incidents and reviews" }).waitFor();

  await page.getByLabel("Reporting year").fill("2020-21");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show the report" }));
  assert.equal(res.status(), 404);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "a year not published", { title: "Error: Annual report" });
  await assertErrorsTiedToFields(page, "the year not published");
  assert.match(await mainText(page), /The report for 2020-21 is not published yet/);
  assert.equal(await page.getByRole("table").count(), 0, "no figures of a year not published");

  res = await s.navigateBy(page, page.getByRole("link", { name: "Annual report 2024-25" }));
  assert.equal(res.status(), 200);
  res = await s.navigateBy(page, page.getByRole("link", { name: "Read this report in Easy Read" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the published report in Easy Read", { title: "Annual report 2024-25 in Easy Read" });
  assert.match(await mainText(page), /They wrote about our work this year\./);
});

// A school's safeguarding lead on a phone (390 CSS px), new to Haven: the
// report's heading comes first, before the choice of year, and a link near
// the top leads down to the Independent Scrutineer's statement, after every
// table; the page is no wider than the phone.
s.test("on a phone, the published report starts with its heading and links down to the scrutineer's statement", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn({ email: "dsl@demo.haven.example" }, { viewport: { width: 390, height: 844 } });
  const res = await s.visit(page, "/reports/annual");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the published report on a phone", { title: "Annual report 2024-25" });
  const first = await page.locator("main").evaluate((main) => {
    const h1 = main.querySelector("h1"), form = main.querySelector("form[action='/reports/annual']");
    return { h1: h1.textContent.trim(), before: Boolean(h1.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING) };
  });
  assert.deepEqual(first, { h1: "Annual report 2024-25", before: true }, "the heading before the choice of year");
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, "no sideways scrolling");
  const link = page.getByRole("link", { name: "Read the Independent Scrutineer's statement" });
  assert.equal(await link.getAttribute("href"), "#statement");
  await link.click();
  await page.waitForURL(/#statement$/);
  await page.getByRole("heading", { name: "The Independent Scrutineer's statement" }).waitFor();
  assert.ok(await page.getByText("Agencies answered the scrutineer's challenges on time.").isVisible());
});

// On a phone (390 CSS px) each chart fits the page's width and its words
// stay readable: the drawing is as narrow as a phone's column (each bar's
// name above it), so it is not shrunk to fit, its text at least 12 px.
s.test("the report's charts are readable on a phone", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn({ email: "partnership@demo.haven.example" }, { viewport: { width: 390, height: 844 } });
  const res = await s.visit(page, "/reports/annual");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the annual report on a phone");
  const charts = await page.locator("svg.haven-chart").evaluateAll((svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      const scale = svg.getScreenCTM().a; // CSS px per unit of the drawing
      const texts = [...svg.querySelectorAll("text")].map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, right: r.right, left: r.left };
      });
      return { id: svg.id || svg.getAttribute("aria-labelledby"), left: box.left, right: box.right, width: box.width, texts };
    }),
  );
  assert.ok(charts.length > 0, "the report has charts");
  const viewport = page.viewportSize().width;
  for (const c of charts) {
    assert.ok(c.left >= 0 && c.right <= viewport, `${c.id} fits the page: ${c.left}–${c.right} of ${viewport}`);
    for (const t of c.texts) {
      assert.ok(t.px >= 12, `${c.id}'s "${t.text}" is ${t.px.toFixed(1)} px`);
      assert.ok(t.left >= c.left - 0.5 && t.right <= c.right + 0.5, `${c.id}'s "${t.text}" is inside its chart`);
    }
  }
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), viewport, "the page does not scroll sideways");
});
