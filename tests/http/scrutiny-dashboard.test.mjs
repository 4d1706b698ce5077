// The Independent Scrutineer's dashboard (issue 20): one page with every
// area's published figures for a period (the same counts as each area's own
// figures page), quality assurance's cycles and action plans, and the
// challenge log; counts of people from 1 to 4 shown as "fewer than 5" (and
// their number left out of the API too), the partnership's own activities as
// they are. Only the scrutineer and the partnership team see it. A year
// still running is counted up to the moment of asking, so read a day apart
// it would give a day's count away: the scrutineer reads years that have
// ended, the partnership (who read exact counts anyway) the running one too.
// Tests of a running year's figures read them as the partnership.
//
// The period 2019-04-01 to 2020-03-31 holds no demo data, so the cases the
// test adds there are all it counts.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlRows, sqlText } from "../lib/api.mjs";
import path from "node:path";
import { REPO_ROOT, runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const YEAR = "from=2019-04-01&to=2020-03-31";
/** The reporting year (1 April to 31 March) holding the day `day` (YYYY-MM-DD), as a query's period. */
const yearOf = (day) => {
  const start = Number(day.slice(0, 4)) - (day.slice(5) < "04-01" ? 1 : 0);
  return `from=${start}-04-01&to=${start + 1}-03-31`;
};
const S11 = path.join(REPO_ROOT, "tests/http/data/qa-section11.json");

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/** Adds `n` serious incidents notified to the panel in 2019-20, `reviews` of them with a rapid review. */
function addCases(n, reviews, first) {
  for (let i = 0; i < n; i++) {
    const k = first + i;
    sql(
      `INSERT INTO review_cases (reference, child_pseudonym, la_code, harm, circumstances, aware_on, panel_notified_on, rapid_review_on, created_at)` +
        ` VALUES ('SI-2019-${k}', 'Child ${k}', (SELECT min(code) FROM local_authorities), 'serious_harm', 'Fictional.', '2019-06-0${(i % 5) + 1}', '2019-06-1${i % 5}', ${i < reviews ? "'2019-07-01'" : "NULL"}, '2019-06-01T09:00:00Z')`,
    );
  }
}

const figure = (body, section, label) => {
  const s = body.sections.find((x) => x.title === section);
  assert.ok(s, `section ${section} in ${body.sections.map((x) => x.title)}`);
  const f = s.figures.find((x) => x.label === label);
  assert.ok(f, `${label} in ${section}`);
  return f;
};

describe("the scrutineer's dashboard", () => {
  test("every area's figures for the reporting year, as their own figures pages count them", async () => {
    const res = await call("partnership", "/api/v1/scrutiny");
    assert.equal(res.status, 200, res.text);
    const titles = res.body.sections.map((s) => s.title);
    for (const t of ["Serious incidents and reviews", "Multi-agency training", "Independent scrutiny: the challenge log"])
      assert.ok(titles.includes(t), `${t} in ${titles}`);
    // by default the reporting year holding today, April to March
    assert.match(res.body.from, /^\d{4}-04-01$/);
    assert.match(res.body.to, /^\d{4}-03-31$/);
    // the same counts as the areas' own pages for the same period
    const period = `from=${res.body.from}&to=${res.body.to}`;
    const reviews = (await call("partnership", `/api/v1/reviews/summary?${period}`)).body;
    const training = (await call("partnership", `/api/v1/training/summary?${period}`)).body;
    const shown = (section, label) => figure(res.body, section, label);
    // rapid reviews and local reviews are of one child's case each: counts of children, suppressed when small
    const exactOrHidden = (f, n) => (n >= 1 && n <= 4 ? assert.equal(f.shown, "fewer than 5") : assert.equal(f.count, n));
    exactOrHidden(shown("Serious incidents and reviews", "Rapid review meetings"), reviews.rapid_reviews);
    exactOrHidden(shown("Serious incidents and reviews", "Local child safeguarding practice reviews ongoing"), reviews.csprs.ongoing);
    assert.equal(shown("Multi-agency training", "Training sessions held").count, training.sessions);
    // Operation Provide: victims by local authority, as its figures page counts them, suppressed as a table
    const provide = (await call("partnership", `/api/v1/provide/figures?${period}`)).body;
    const table = res.body.sections.find((s) => s.title === "Domestic abuse: Operation Provide").tables[0];
    assert.deepEqual(table.rows.map((r) => r.label), provide.areas.map((a) => a.la_name));
    const referred = table.totals.cells[0];
    // a total is shown, or hidden as "fewer than 5" when it is 1 to 4, or "not shown" when it would give a small count away
    if (!referred.suppressed) assert.equal(referred.count, provide.total.referrals);
    else assert.equal(referred.shown, provide.total.referrals >= 5 ? "not shown" : "fewer than 5");
    assert.ok(referred.suppressed || provide.total.referrals === 0 || provide.total.referrals >= 5);
    for (const row of table.rows)
      for (const cell of row.cells) assert.ok(cell.suppressed ? cell.count === null : cell.count === 0 || cell.count >= 5, JSON.stringify(row));
    // Operation Encompass: incidents and notifications by local authority, as its figures page counts them,
    // over the reporting year of a fortnight ago (the demo's incidents are from the last month, whatever
    // today is: some are in that year)
    const recent = yearOf(plusDays(-14));
    const encompass = (await call("partnership", `/api/v1/encompass/figures?${recent}`)).body;
    const dashboard = await call("partnership", `/api/v1/scrutiny?${recent}`);
    assert.equal(dashboard.status, 200, dashboard.text);
    const told = dashboard.body.sections.find((s) => s.title === "Domestic abuse: Operation Encompass").tables[0];
    assert.deepEqual(told.rows.map((r) => r.label), encompass.areas.map((a) => a.la_name));
    const columns = ["incidents", "notifications", "delivered_on_time", "acknowledged"];
    encompass.areas.forEach((area, i) =>
      columns.forEach((key, c) => {
        const cell = told.rows[i].cells[c], n = area.totals[key];
        if (cell.suppressed) assert.equal(cell.count, null);
        else assert.equal(cell.count, n, `${area.la_name} ${key}`);
        if (n >= 1 && n <= 4) assert.ok(cell.suppressed, `${area.la_name} ${key}: ${n} is shown as fewer than 5`);
      }),
    );
    columns.forEach((key, c) => {
      const cell = told.totals.cells[c], n = encompass.partnership[key];
      if (!cell.suppressed) assert.equal(cell.count, n, key);
    });
    assert.ok(encompass.partnership.notifications > 0, "the demo's incidents of this year are counted");
    // Neglect: assessments by local authority, as its figures page counts them
    const neglect = (await call("partnership", `/api/v1/neglect/figures?${period}`)).body;
    const assessed = res.body.sections.find((s) => s.title === "Neglect").tables[0];
    assert.deepEqual(assessed.rows.map((r) => r.label), neglect.areas.map((a) => a.la_name));
    neglect.areas.forEach((area, i) =>
      ["assessments", "children", "reassessed", "improving"].forEach((key, c) => {
        const cell = assessed.rows[i].cells[c], n = area[key];
        if (cell.suppressed) assert.equal(cell.count, null);
        else assert.equal(cell.count, n, `${area.la_name} ${key}`);
        if (n >= 1 && n <= 4) assert.ok(cell.suppressed, `${area.la_name} ${key}: ${n} is shown as fewer than 5`);
      }),
    );
    // Missing episodes: by local authority, as their figures page counts them
    const missing = (await call("partnership", `/api/v1/missing-episodes/figures?${period}`)).body;
    const episodes = res.body.sections.find((s) => s.title === "Children missing from home or care").tables[0];
    assert.deepEqual(episodes.rows.map((r) => r.label), missing.areas.map((a) => a.la_name));
    missing.areas.forEach((area, i) =>
      ["episodes", "children", "repeat_children", "returned"].forEach((key, c) => {
        const cell = episodes.rows[i].cells[c], n = area.total[key];
        if (cell.suppressed) assert.equal(cell.count, null);
        else assert.equal(cell.count, n, `${area.la_name} ${key}`);
        if (n >= 1 && n <= 4) assert.ok(cell.suppressed, `${area.la_name} ${key}: ${n} is shown as fewer than 5`);
      }),
    );
    // Requests for support: by local authority, for the year holding the demo's request (November 2025)
    const fy = await call("scrutineer", "/api/v1/scrutiny?from=2025-04-01&to=2026-03-31");
    assert.equal(fy.status, 200, fy.text);
    const requests = fy.body.sections.find((s) => s.title === "Levels of need: requests for support").tables[0];
    const expected = sqlRows(haven.dbPath, `SELECT la.name, count(r.id) AS received, count(CASE r.decision WHEN 'early_help' THEN 1 END) AS early_help
      FROM local_authorities la LEFT JOIN support_requests r ON r.la_code = la.code
      AND r.received_at >= '2025-03-31T23:00:00Z' AND r.received_at < '2026-03-31T23:00:00Z' GROUP BY la.code ORDER BY la.name;`);
    assert.deepEqual(requests.rows.map((r) => r.label), expected.map((e) => e.name));
    assert.ok(expected.some((e) => e.received > 0), "the demo's request is in that year");
    expected.forEach((e, i) =>
      [e.received, e.early_help].forEach((n, c) => {
        const cell = requests.rows[i].cells[c === 0 ? 0 : 2];
        if (n >= 1 && n <= 4) assert.equal(cell.shown, "fewer than 5", `${e.name}: ${n}`);
        else if (!cell.suppressed) assert.equal(cell.count, n, e.name);
      }),
    );
    // practitioners trained bound the by-agency column (one who moved agency is in two rows): hidden
    // whenever any of that column is, shown exactly otherwise
    const practitioners = shown("Multi-agency training", "Practitioners trained");
    const byAgency = res.body.sections.find((s) => s.title === "Multi-agency training").tables[0];
    if (training.practitioners >= 1 && training.practitioners <= 4) assert.equal(practitioners.shown, "fewer than 5");
    else if (byAgency.rows.some((r) => r.cells[1].suppressed)) assert.equal(practitioners.shown, "not shown");
    else assert.equal(practitioners.count, training.practitioners);
  });

  test("children notified from 1 to 4 are 'fewer than 5', and so are the rapid reviews of their cases", async () => {
    addCases(3, 1, 1);
    let res = await call("scrutineer", `/api/v1/scrutiny?${YEAR}`);
    assert.equal(res.status, 200, res.text);
    let notified = figure(res.body, "Serious incidents and reviews", "Serious incidents notified to the national panel");
    assert.deepEqual([notified.shown, notified.suppressed, notified.count, notified.counts], ["fewer than 5", true, null, "people"]);
    // every notification gets one rapid review of the child's case: a "1" here would say the hidden count
    const meetings = figure(res.body, "Serious incidents and reviews", "Rapid review meetings");
    assert.deepEqual([meetings.shown, meetings.suppressed, meetings.count, meetings.counts], ["fewer than 5", true, null, "people"]);
    const page = await call("scrutineer", `/scrutiny?${YEAR}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Serious incidents notified to the national panel<\/th>\s*<td[^>]*>fewer than 5</);
    assert.match(page.text, /From 1 April 2019 to 31 March 2020/);

    addCases(2, 0, 4);
    res = await call("scrutineer", `/api/v1/scrutiny?${YEAR}`);
    notified = figure(res.body, "Serious incidents and reviews", "Serious incidents notified to the national panel");
    assert.deepEqual([notified.shown, notified.suppressed, notified.count], ["5", false, 5]);
    // nothing in a year with none: zero is shown
    res = await call("scrutineer", "/api/v1/scrutiny?from=2015-04-01&to=2016-03-31");
    notified = figure(res.body, "Serious incidents and reviews", "Serious incidents notified to the national panel");
    assert.deepEqual([notified.shown, notified.suppressed], ["0", false]);
  });

  test("the challenge log's figures and newest challenges", async () => {
    const raised = await post("scrutineer", "/api/v1/challenges", { subject: "Dashboard challenge", detail: "Fictional.", owner: "brookfield-primary", respond_by: plusDays(7) });
    assert.equal(raised.status, 201, raised.text);
    const res = await call("partnership", "/api/v1/scrutiny");
    assert.equal(figure(res.body, "Independent scrutiny: the challenge log", "Challenges raised").count, 1);
    assert.equal(figure(res.body, "Independent scrutiny: the challenge log", "Challenges awaiting a response at the end of the period").count, 1);
    // newest first: this one, then the demo's, raised and accepted in 2025
    const demo = Number(sql("SELECT id FROM scrutiny_challenges WHERE subject = 'Attendance at Encompass briefings (demo)'"));
    assert.deepEqual(res.body.challenges.map((c) => [c.id, c.status]), [[raised.body.id, "open"], [demo, "accepted"]]);
    const page = await call("partnership", "/scrutiny");
    assert.match(page.text, /The newest of 2 challenges<\/caption>/);
    // a year before it was raised counts none
    const before = await call("scrutineer", `/api/v1/scrutiny?${YEAR}`);
    assert.equal(figure(before.body, "Independent scrutiny: the challenge log", "Challenges raised").count, 0);
  });

  test("quality assurance: a cycle due in the period, with its returns and its action plans' progress", async () => {
    assert.equal(runHaven(["import", "qa-standards", "--db", haven.dbPath, S11]).status, 0);
    // the set imported above, not the demo's older one
    const set = Number(sql("SELECT max(id) FROM qa_standard_sets WHERE kind = 'section11'"));
    const opened = await post("partnership", "/api/v1/qa/cycles", { standards: set, title: "Section 11 audit", opens_on: plusDays(-1), returns_due_on: plusDays(20) });
    assert.equal(opened.status, 201, opened.text);
    // two actions on the police's return: one overdue, one complete
    const ret = Number(sql(`SELECT r.id FROM qa_returns r JOIN agencies a ON a.id = r.agency_id WHERE a.slug = 'lancashire-constabulary' AND r.cycle_id = ${opened.body.id}`));
    sql(`INSERT INTO qa_actions (return_id, standard_id, action, owner, due_on, status) VALUES (${ret}, 'leadership', 'Name a lead', 'DCI', '2020-01-01', 'in_progress'), (${ret}, 'leadership', 'Train the lead', 'DCI', '2020-01-01', 'complete')`);
    const res = await call("partnership", `/api/v1/scrutiny?${yearOf(plusDays(20))}`);
    const section = "Quality assurance: Section 11 audit";
    assert.equal(figure(res.body, section, "Returns asked for").count, opened.body.counts.returns);
    assert.equal(figure(res.body, section, "Returns submitted").count, 0);
    assert.equal(figure(res.body, section, "Actions in action plans").count, 2);
    assert.equal(figure(res.body, section, "Actions complete").count, 2 - 1);
    assert.equal(figure(res.body, section, "Actions overdue").count, 1);
    assert.equal(figure(res.body, section, "Actions overdue").shown, "1", "audits are the partnership's own work: not suppressed");
    assert.equal(res.body.sections.find((s) => s.title === section).href, `/quality-assurance/cycles/${opened.body.id}/results`);
  });

  test("the scrutineer reads the areas' figures here only, suppressed: never their own pages, exact for any day", async () => {
    // an area's own figures page counts exactly for any dates: one day's "1 child" and that child's grades
    const DAY = "from=2025-10-06&to=2025-10-06";
    const pages = ["/neglect/figures", "/missing-episodes/figures", "/encompass/figures", "/provide/figures", "/reviews/summary", "/training/summary"];
    for (const href of pages) {
      assert.equal((await call("scrutineer", `/api/v1${href}?${DAY}`)).status, 403, href);
      if (!href.startsWith("/neglect") && !href.startsWith("/missing"))
        assert.equal((await call("scrutineer", `${href}.csv?${DAY}`)).status, 403, `${href}.csv`);
      assert.equal((await call("partnership", `/api/v1${href}?${DAY}`)).status, 200, href);
    }
    // the dashboard still shows every area's section, suppressed, but links the scrutineer to none of those pages
    const year = "from=2025-04-01&to=2026-03-31";
    const mine = (await call("scrutineer", `/api/v1/scrutiny?${year}`)).body;
    const theirs = (await call("partnership", `/api/v1/scrutiny?${year}`)).body;
    assert.deepEqual(mine.sections.map((s) => s.title), theirs.sections.map((s) => s.title));
    for (const title of ["Neglect", "Children missing from home or care", "Domestic abuse: Operation Encompass", "Domestic abuse: Operation Provide", "Serious incidents and reviews", "Multi-agency training"])
      assert.ok(mine.sections.some((s) => s.title === title), title);
    const linked = (body) => body.sections.map((s) => s.href).filter((h) => pages.includes(h));
    assert.deepEqual(linked(mine), []);
    assert.deepEqual(linked(theirs).sort(), [...pages].sort());
    const page = await call("scrutineer", `/scrutiny?${year}`);
    assert.equal(page.status, 200);
    for (const href of pages) assert.ok(!page.text.includes(`href="${href}`), href);
    // nor does their own dashboard of links
    const home = await call("scrutineer", "/");
    for (const href of pages) assert.ok(!home.text.includes(`href="${href}`), href);
  });

  test("what the page says of its links is true for each role, and each link says where it goes", async () => {
    const year = "from=2025-04-01&to=2026-03-31";
    for (const who of ["scrutineer", "partnership"]) {
      const api = (await call(who, `/api/v1/scrutiny?${year}`)).body;
      const page = (await call(who, `/scrutiny?${year}`)).text;
      const linked = api.sections.filter((s) => s.href);
      assert.ok(linked.length > 0, who);
      assert.doesNotMatch(page, /Each heading links|: the full figures/, `${who}: no heading is a link`);
      // a link after each linked section, naming it; none for the others
      for (const s of linked) assert.ok(page.includes(`<a class="govuk-link" href="${s.href}">Go to ${s.title.replace("&", "&amp;")}</a>`), `${who}: ${s.title}`);
      const every = linked.length === api.sections.length;
      assert.equal(api.links_every_area, every, who);
      assert.equal(api.links_some_areas, !every, who);
      if (every) assert.match(page, /After each area&#39;s figures, a link leads to that area&#39;s own pages\.|After each area&#x27;s figures, a link leads to that area&#x27;s own pages\./);
      else assert.match(page, /where your role reads them; the others are for the roles that run that work\./);
    }
    assert.equal((await call("scrutineer", `/api/v1/scrutiny?${year}`)).body.links_some_areas, true, "the scrutineer reads some areas' pages only");
  });

  test("the scrutineer reads reporting years that have ended, the last of them by default; not the running year", async () => {
    const running = yearOf(plusDays(0));
    const [, runningFrom] = running.match(/from=(\d{4}-\d{2}-\d{2})/);
    const lastEnded = `from=${Number(runningFrom.slice(0, 4)) - 1}-04-01&to=${runningFrom.slice(0, 4)}-03-31`;
    // without dates, the last year that has ended
    const byDefault = await call("scrutineer", "/api/v1/scrutiny");
    assert.equal(byDefault.status, 200, byDefault.text);
    assert.equal(`from=${byDefault.body.from}&to=${byDefault.body.to}`, lastEnded);
    assert.equal((await call("partnership", "/api/v1/scrutiny")).body.from, runningFrom);
    // the running year: refused, naming the field, on the page and the API
    const res = await call("scrutineer", `/api/v1/scrutiny?${running}`);
    assert.equal(res.status, 400, res.text);
    assert.deepEqual(errorFields(res.body), ["from"]);
    assert.match(res.body.errors[0].detail ?? res.body.errors[0].message, /^This reporting year has not ended: its figures are published once it has\. Choose an earlier year$/);
    const page = await call("scrutineer", `/scrutiny?${running}`);
    assert.equal(page.status, 400);
    assert.match(page.text, /govuk-error-summary[\s\S]*This reporting year has not ended/);
    assert.equal((await call("partnership", `/api/v1/scrutiny?${running}`)).status, 200);
    // an ended year reads the same for both
    const mine = (await call("scrutineer", `/api/v1/scrutiny?${lastEnded}`)).body;
    const theirs = (await call("partnership", `/api/v1/scrutiny?${lastEnded}`)).body;
    assert.deepEqual(mine.sections.map((x) => x.tables ?? x.figures), theirs.sections.map((x) => x.tables ?? x.figures));
    // the annual report of the running year likewise: the partnership's draft, not the scrutineer's to read
    const name = `${runningFrom.slice(0, 4)}-${String((Number(runningFrom.slice(0, 4)) + 1) % 100).padStart(2, "0")}`;
    const report = await call("scrutineer", `/api/v1/reports/annual?year=${name}`);
    assert.equal(report.status, 404, report.text);
    assert.deepEqual(errorFields(report.body), ["year"]);
    assert.match(report.body.errors[0].detail ?? report.body.errors[0].message, new RegExp(`^The year ${name} has not ended`));
    assert.equal((await call("partnership", `/api/v1/reports/annual?year=${name}`)).status, 200);
  });

  test("only the scrutineer and the partnership team; bad periods are refused naming the field", async () => {
    assert.equal((await call("partnership", "/api/v1/scrutiny")).status, 200);
    for (const who of ["dsl", "practitioner", "police", "admin"]) assert.equal((await call(who, "/api/v1/scrutiny")).status, 403, who);
    let res = await call("scrutineer", "/api/v1/scrutiny?from=2021-04-01&to=2020-03-31");
    assert.equal(res.status, 400, res.text);
    assert.deepEqual(errorFields(res.body), ["to"]);
    // published figures are for fixed periods that never overlap: a whole reporting year, and not its
    // quarters (the year less three shown quarters would give the fourth's "fewer than 5" away)
    const quarters = ["from=2019-04-01&to=2019-06-30", "from=2019-07-01&to=2019-09-30", "from=2019-10-01&to=2019-12-31", "from=2020-01-01&to=2020-03-31"];
    for (const period of ["from=2010-04-01&to=2020-03-31", "from=2019-06-10&to=2019-06-10", "from=2019-04-02&to=2020-03-31", "from=2019-04-01&to=2019-06-29", "from=2019-05-01&to=2019-07-31", "from=2019-06-10", ...quarters]) {
      res = await call("scrutineer", `/api/v1/scrutiny?${period}`);
      assert.equal(res.status, 400, period);
      assert.deepEqual(errorFields(res.body), ["from"], period);
      assert.match(res.body.errors[0].detail ?? res.body.errors[0].message, /^The period must be a whole reporting year \(1 April to 31 March\)$/);
    }
    for (const period of [YEAR, "from=2018-04-01&to=2019-03-31", "from=2019-04-01"])
      assert.equal((await call("scrutineer", `/api/v1/scrutiny?${period}`)).status, 200, period);
    res = await call("scrutineer", "/api/v1/scrutiny?from=2020-02-30");
    assert.deepEqual(errorFields(res.body), ["from"]);
    const page = await call("scrutineer", "/scrutiny?from=2021-04-01&to=2020-03-31");
    assert.equal(page.status, 400);
    assert.match(page.text, /There is a problem/);
  });
});
