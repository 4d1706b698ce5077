// The Independent Scrutineer's dashboard in a real browser: reached from the
// dashboard's link, every area's figures as tables with their headers, a
// period form that refuses an end before the start with the GOV.UK error
// summary, and another period shown. Every page state is checked with axe.
//
// Run: node --test tests/browser/scrutiny.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { assertErrorsTiedToFields, assertFocusedErrorSummary, browserSuite, fillDate, mainText } from "./browser.mjs";

const s = browserSuite();

s.test("the scrutineer reads every area's figures and changes the period", { timeout: 60_000 }, async () => {
  const { page } = await s.signedIn({ email: "scrutineer@demo.haven.example" });
  let res = await s.visit(page, "/dashboard");
  res = await s.navigateBy(page, page.getByRole("link", { name: /Independent scrutiny/ }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the scrutineer's dashboard", { title: "Independent scrutiny" });
  for (const caption of ["Serious incidents and reviews", "Multi-agency training", "Independent scrutiny: the challenge log"])
    await page.getByRole("table", { name: caption }).waitFor();
  // a section of tables alone (missing episodes) is headed, not shown as an empty table of figures
  await page.getByRole("heading", { name: "Children missing from home or care", level: 3 }).waitFor();
  assert.equal(await page.getByRole("table", { name: "Children missing from home or care" }).count(), 0, "no empty table");
  // the demo's one challenge, raised and accepted in 2025, is the newest
  assert.match(await mainText(page), /The newest challenges[\s\S]*Attendance at Encompass briefings \(demo\)[\s\S]*Accepted/);
  // what the page says of its links is true for the scrutineer, and each link says where it goes
  assert.match(await mainText(page), /where your role reads them; the others are for the roles that run that work\./);
  await page.getByRole("link", { name: "Go to Independent scrutiny: the challenge log" }).waitFor();

  await fillDate(page, "From", "2021-04-01");
  await fillDate(page, "To", "2020-03-31");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show the figures" }));
  assert.equal(res.status(), 400);
  await assertFocusedErrorSummary(page);
  await s.checkPage(page, "the dashboard with a bad period", { title: "Error: Independent scrutiny" });
  await assertErrorsTiedToFields(page, "the period's error");

  await fillDate(page, "From", "2020-04-01");
  await fillDate(page, "To", "2021-03-31");
  res = await s.navigateBy(page, page.getByRole("button", { name: "Show the figures" }));
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the dashboard for 2020-21", { title: "Independent scrutiny" });
  assert.match(await mainText(page), /From 1 April 2020 to 31 March 2021/);
});

s.test("on a 390 px phone a table wider than the screen shows there is more to its side, and the keyboard's focus on it", async () => {
  const { page } = await s.signedIn({ email: "scrutineer@demo.haven.example" }, { viewport: { width: 390, height: 844 } });
  const res = await s.visit(page, "/scrutiny");
  assert.equal(res.status(), 200);
  await s.checkPage(page, "the scrutineer's dashboard on a phone", { title: "Independent scrutiny" });
  // the Encompass figures' last column ("Acknowledged by the school") is off to the side
  const region = page.locator(".haven-table-scroll", { has: page.getByRole("columnheader", { name: "Acknowledged by the school" }) });
  const look = async () =>
    region.evaluate((el) => {
      const style = getComputedStyle(el);
      return {
        wider: el.scrollWidth > el.clientWidth,
        shadows: (style.backgroundImage.match(/radial-gradient/g) ?? []).length,
        attachment: style.backgroundAttachment,
        outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
        role: el.getAttribute("role"),
        tabindex: el.getAttribute("tabindex"),
      };
    });
  const before = await look();
  assert.ok(before.wider, "the table is wider than the phone's screen");
  assert.equal(before.role, "region");
  assert.equal(before.tabindex, "0", "the keyboard can reach it to scroll it");
  assert.equal(before.shadows, 2, "a shadow at each edge shows where there is more");
  assert.match(before.attachment, /local, local, scroll, scroll/, "the covers move with the table, the shadows stay at the edges");
  await region.focus();
  assert.ok((await look()).outline >= 3, "focused, the region is outlined");
});
