// Lists on a phone (390 × 844 CSS px): each row of a list (table.haven-cards)
// is a card, each cell headed by its column's name, so the cells a user
// needs (who is still Invited, an episode's risk and interview, the places
// left on a course, a Change link, who recorded an event) are on the screen
// without scrolling the page or the table sideways. The contextual
// network's picture keeps its names readable there. Every page is checked
// with axe.
//
// Run: node --test tests/browser/narrow-tables.test.mjs   (needs build/haven, or HAVEN_BIN)

import assert from "node:assert/strict";

import { sqlRows } from "../lib/api.mjs";
import { browserSuite } from "./browser.mjs";

const s = browserSuite();
const PHONE = { viewport: { width: 390, height: 844 } };

/**
 * Opens path on a phone as `who`, checks it with axe, and asserts that in the
 * table named `table` the first row's cells headed by `columns` are on the
 * screen, labelled by their column's name, with nothing scrolled sideways:
 * neither the page nor the table's own region.
 */
async function assertColumnsOnScreen(who, path, table, columns) {
  const { page } = await s.signedIn(who, { ...PHONE, reuseSession: true });
  const res = await s.visit(page, path);
  assert.equal(res.status(), 200, `GET ${path}`);
  await s.checkPage(page, `${path} on a phone`);
  const width = page.viewportSize().width;
  const found = await page.getByRole("table", { name: table }).evaluate((t, columns) => {
    const row = t.tBodies[0].rows[0];
    const cells = columns.map((name) => {
      const cell = row.querySelector(`[data-label="${name}"]`);
      if (!cell) return { name, missing: true };
      const r = cell.getBoundingClientRect();
      return { name, left: r.left, right: r.right, height: r.height, label: getComputedStyle(cell, "::before").content };
    });
    const region = t.closest(".haven-table-scroll");
    return { cells, scrolls: region ? region.scrollWidth > region.clientWidth : false, page: document.documentElement.scrollWidth };
  }, columns);
  assert.equal(found.page, width, `${path}: the page does not scroll sideways`);
  assert.equal(found.scrolls, false, `${path}: the table "${table}" does not scroll sideways`);
  for (const c of found.cells) {
    assert.ok(!c.missing, `${path}: the first row has a cell under "${c.name}"`);
    assert.ok(c.height > 0 && c.left >= 0 && c.right <= width, `${path}: "${c.name}" is on the screen (${c.left}–${c.right} of ${width})`);
    assert.equal(c.label, JSON.stringify(c.name), `${path}: the cell is headed "${c.name}"`);
  }
  return page;
}

s.test("on a phone, the administrator sees each account's agency, roles, status and the Disable link", { timeout: 60_000 }, async () => {
  const page = await assertColumnsOnScreen("admin@demo.haven.example", "/admin/users", /User accounts/, ["Name", "Email address", "Agency", "Roles", "Status"]);
  // the action column has no visible header: its link names itself, and is a target at least 24 px tall (WCAG 2.5.8)
  const action = await page.getByRole("link", { name: /^Disable the account of/ }).first().boundingBox();
  assert.ok(action && action.x + action.width <= 390 && action.height >= 24, `the row's action is on the screen and big enough: ${JSON.stringify(action)}`);
});

s.test("on a phone, the agencies' Change links are on the screen", { timeout: 60_000 }, async () => {
  const page = await assertColumnsOnScreen("admin@demo.haven.example", "/admin/agencies", "Agencies", ["Name", "Type", "Areas"]);
  const change = await page.getByRole("link", { name: /^Change/ }).first().boundingBox();
  assert.ok(change && change.x >= 0 && change.x + change.width <= 390 && change.height >= 24, `Change is on the screen and big enough: ${JSON.stringify(change)}`);
});

s.test("on a phone, missing episodes show their risk, return and interview", { timeout: 60_000 }, async () => {
  await assertColumnsOnScreen("frontdoor", "/missing-episodes", "Missing episodes, the last recorded first", ["Police reference", "Risk", "Found or returned", "Interview"]);
});

s.test("on a phone, coming training shows the places left and whether you have booked", { timeout: 60_000 }, async () => {
  await assertColumnsOnScreen("practitioner@demo.haven.example", "/training", "Coming sessions", ["Course", "Date", "Places left", "You"]);
});

s.test("on a phone, MACE meetings show their level and open actions", { timeout: 60_000 }, async () => {
  await assertColumnsOnScreen("police", "/mace/meetings", /Meetings, the last set up first/, ["Date", "Level", "Set up by", "On the agenda", "Open actions"]);
});

s.test("on a phone, a child's chronology shows who recorded each event, under its whole caption", { timeout: 60_000 }, async () => {
  const page = await assertColumnsOnScreen({ email: "dsl@demo.haven.example" }, "/children/1/chronology", "Every event you may see, oldest first", ["When", "Kind", "What happened", "Recorded by"]);
  const caption = await page.locator("main table.haven-chronology caption").boundingBox();
  assert.ok(caption.x >= 0 && caption.x + caption.width <= 390, `the caption is on the screen: ${JSON.stringify(caption)}`);
});

// The network picture is drawn 720 units wide and shrunk to a phone's
// column, so its names are drawn larger there: at least 12 px on the screen,
// and inside the picture.
s.test("on a phone, the names in a child's network picture are readable", { timeout: 60_000 }, async () => {
  const la = "(SELECT id FROM agencies WHERE slug = 'lancashire-county-council')";
  const child = sqlRows(s.haven.dbPath, `SELECT child_id AS id FROM child_links WHERE agency_id = ${la} ORDER BY child_id LIMIT 1`)[0].id;
  const page = await assertColumnsOnScreen("frontdoor", `/exploitation/children/${child}/network`, "The network as a table", ["From", "To", "Nature of the link", "Source"]);
  const drawing = await page.locator("svg.app-network").evaluate((svg) => {
    const box = svg.getBoundingClientRect();
    const scale = svg.getScreenCTM().a; // CSS px per unit of the drawing
    const texts = [...svg.querySelectorAll("text")].map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, left: r.left, right: r.right };
    });
    return { left: box.left, right: box.right, texts };
  });
  assert.ok(drawing.texts.length > 0, "the picture has names");
  for (const t of drawing.texts) {
    assert.ok(t.px >= 12, `"${t.text}" is ${t.px.toFixed(1)} px`);
    assert.ok(t.left >= drawing.left - 0.5 && t.right <= drawing.right + 0.5, `"${t.text}" is inside the picture`);
  }
});
