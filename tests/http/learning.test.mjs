// Learning from serious incident reviews (src/areas/learning): the figures
// for a period held to a data set built to reproduce the seed's year
// (2020-04-01 to 2021-03-31: 13 rapid review meetings, 5 CSPRs commissioned,
// 1 published, 11 ongoing at year end; commonest themes neglect, abusive head
// trauma, safer sleep), then a review's actions through to sign-off, its
// briefings, and who may see what.
//
// The cases are written straight into the database with the sqlite3 command
// line (WAL mode lets it write beside the running server), so this test does
// not depend on the reviews area's own API. Existing review rows are cleared
// first, so demo reviews cannot change the figures.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlQuote, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";
import { readXlsx } from "../lib/xlsx.mjs";

const YEAR = { from: "2020-04-01", to: "2021-03-31" };

let haven;
const { call, request, token } = apiClient(() => haven);

// ---- the data set ----

/** YYYY-MM-DD plus `days` calendar days. */
function plus(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/*
 * Dates are chosen so that no bank holiday can decide a deadline: a
 * notification 1 calendar day after awareness is always within 5 working
 * days and one 20 days after never is; a rapid review 7 days after the
 * notification is always within 15 working days and one 40 days after never is.
 */
function dataSet() {
  const cases = [];
  let n = 0;
  const add = (c) => cases.push({ id: 100 + ++n, reference: `SI-T-${String(n).padStart(3, "0")}`, themes: [], ...c });

  // In the year: 13 cases with their rapid review in it; 2 notified late, 1 reviewed late.
  const inYearThemes = [
    ["neglect", "abusive-head-trauma"], ["neglect"], ["neglect", "safer-sleep"], ["abusive-head-trauma"],
    ["neglect"], ["abusive-head-trauma", "domestic-abuse"], ["neglect", "safer-sleep"], [], [], [], [], [], [],
  ];
  for (let i = 0; i < 13; i++) {
    const aware = plus("2020-04-06", 25 * i);
    const notified = plus(aware, i === 3 || i === 8 ? 20 : 1);
    const reviewed = plus(notified, i === 5 ? 40 : 7);
    const commissioned = [0, 2, 4, 6, 9].includes(i) ? plus(reviewed, 14) : null;
    add({ aware, notified, reviewed, commissioned, themes: inYearThemes[i] });
  }
  // Aware and notified in the year; the rapid review (and its deadline) after it.
  add({ aware: "2021-03-20", notified: "2021-03-25", reviewed: "2021-04-12", themes: ["exploitation"] });

  // Earlier years: CSPRs commissioned before the year. Five still unpublished
  // at its end, one published after it (so ongoing at its end too), one
  // published in it, one published before it, one not to be published.
  const earlier = [
    {}, {}, {}, {}, {},
    { published: "2021-05-01" },
    { published: "2020-11-30" },
    { published: "2020-02-15" },
    { reason: "Publishing would identify the child's siblings" },
  ];
  earlier.forEach((e, k) => {
    const aware = plus("2019-05-01", 20 * k);
    const notified = plus(aware, 1);
    const reviewed = plus(notified, 7);
    add({ aware, notified, reviewed, commissioned: plus(reviewed, 14), ...e, themes: ["domestic-abuse", "exploitation"] });
  });

  // Later: none of this counts in the year.
  for (let k = 0; k < 4; k++) {
    const aware = plus("2021-04-10", 30 * k);
    const notified = plus(aware, 1);
    const reviewed = plus(notified, 7);
    add({ aware, notified, reviewed, commissioned: plus(reviewed, 14), published: k === 0 ? plus(reviewed, 60) : null, themes: ["domestic-abuse", "suicide-and-self-harm"] });
  }
  return cases;
}



function seedSql(cases) {
  const lines = [
    ".timeout 10000",
    "BEGIN IMMEDIATE;",
    ...["review_case_themes", "review_actions", "review_briefings", "review_members", "review_agencies",
      "review_contributions", "review_milestones", "review_cases"].map((t) => `DELETE FROM ${t};`),
  ];
  for (const c of cases) {
    lines.push(
      "INSERT INTO review_cases (id, reference, child_pseudonym, la_code, harm, circumstances, aware_on, " +
        "panel_notified_on, rapid_review_on, cspr_commissioned_on, cspr_published_on, cspr_not_published_reason) VALUES " +
        `(${c.id}, ${sqlQuote(c.reference)}, 'Child ${c.id}', 889, 'serious_harm', 'Test case', ${sqlQuote(c.aware)}, ${sqlQuote(c.notified)}, ` +
        `${sqlQuote(c.reviewed)}, ${sqlQuote(c.commissioned)}, ${sqlQuote(c.published)}, ${sqlQuote(c.reason)});`,
    );
    for (const t of c.themes)
      lines.push(`INSERT INTO review_case_themes (case_id, theme_id) SELECT ${c.id}, id FROM review_themes WHERE slug = ${sqlQuote(t)};`);
  }
  // Actions on the first case, for the figures: completed in the year; due in
  // it and still open at its end; due after it; completed only after it.
  const owner = "(SELECT id FROM agencies WHERE slug = 'bwd-council')";
  for (const [due, status, completed] of [
    ["2020-12-01", "complete", "2020-11-20"],
    ["2021-01-15", "in_progress", null],
    ["2021-06-01", "not_started", null],
    ["2021-02-01", "complete", "2021-04-10"],
  ])
    lines.push(
      "INSERT INTO review_actions (case_id, recommendation, owner_agency_id, lead, due_on, status, evidence, completed_on) " +
        `VALUES (101, 'Seeded recommendation', ${owner}, 'A lead', ${sqlQuote(due)}, ${sqlQuote(status)}, ` +
        `${completed ? "'Seeded evidence'" : "NULL"}, ${sqlQuote(completed)});`,
    );

  // The case the actions and briefings tests work on: the practitioner is in its group, the DSL is not.
  lines.push(
    "INSERT INTO review_cases (id, reference, child_pseudonym, child_id, la_code, harm, circumstances, aware_on) " +
      "VALUES (900, 'SI-2026-900', 'Child A', 1, 889, 'death', 'Test circumstances', '2026-01-05');",
    "INSERT INTO review_members (case_id, user_id) SELECT 900, id FROM users WHERE email = 'practitioner@demo.haven.example';",
    "COMMIT;",
  );
  return lines.join("\n") + "\n";
}

function seed() {
  sqlText(haven.dbPath, seedSql(dataSet()));
}

// ---- HTTP ----

const summary = (period, who = "partnership") => call(who, `/api/v1/reviews/summary?${new URLSearchParams(period)}`);

before(async () => {
  haven = await startHaven();
  seed();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

// ---- figures ----

describe("review figures for a period", () => {
  test("the seed's year: 13 rapid reviews, 5 CSPRs commissioned, 1 published, 11 ongoing", async () => {
    const { status, body } = await summary(YEAR);
    assert.equal(status, 200);
    assert.equal(body.from, YEAR.from);
    assert.equal(body.to, YEAR.to);
    assert.equal(body.rapid_reviews, 13);
    assert.deepEqual(body.csprs, { commissioned: 5, published: 1, ongoing: 11 });
    assert.equal(body.notifications, 14);
    assert.deepEqual(
      body.themes.map((t) => [t.slug, t.cases]),
      [["neglect", 5], ["abusive-head-trauma", 3], ["safer-sleep", 2]],
    );
    assert.deepEqual(body.deadlines, {
      notification: { met: 12, total: 14, text: "12 of 14 (86%)" },
      rapid_review: { met: 12, total: 13, text: "12 of 13 (92%)" },
    });
    assert.deepEqual(body.actions, { complete: 1, overdue: 2 });
  });

  test("cases outside the period do not count", async () => {
    const { body } = await summary({ from: "2021-04-01", to: "2022-03-31" });
    assert.equal(body.rapid_reviews, 5); // the late one from March, and the four later cases
    // ongoing: all 18 commissioned by then, less 4 published by then and 1 not to be published
    assert.deepEqual(body.csprs, { commissioned: 4, published: 2, ongoing: 13 });
    assert.equal(body.themes[0].slug, "domestic-abuse");
    const before = await summary({ from: "2018-04-01", to: "2019-03-31" });
    assert.equal(before.body.rapid_reviews, 0);
    assert.equal(before.body.notifications, 0);
    assert.deepEqual(before.body.themes, []);
  });

  test("a period defaults to the reporting year, and must run forwards between real dates", async () => {
    const dflt = await summary({});
    assert.equal(dflt.status, 200);
    assert.match(dflt.body.from, /^\d{4}-04-01$/);
    assert.match(dflt.body.to, /^\d{4}-03-31$/);
    assert.equal(Number(dflt.body.to.slice(0, 4)), Number(dflt.body.from.slice(0, 4)) + 1);
    const onlyFrom = await summary({ from: "2020-04-01" });
    assert.equal(onlyFrom.body.to, "2021-03-31");

    const backwards = await summary({ from: "2021-03-31", to: "2020-04-01" });
    assert.equal(backwards.status, 400);
    assert.deepEqual(backwards.body.errors.map((e) => e.field), ["to"]);
    const unreal = await summary({ from: "2021-02-30", to: "2021-03-31" });
    assert.equal(unreal.status, 400);
    assert.deepEqual(unreal.body.errors.map((e) => e.field), ["from"]);
  });

  test("the page shows the figures and the period form", async () => {
    const page = await call("partnership", `/reviews/summary?${new URLSearchParams(YEAR)}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Rapid review meetings held<\/dt><dd class="govuk-summary-list__value">13</);
    assert.match(page.text, /Neglect \(5 cases\)/);
    // the deadlines met as counts with their share, and the themes drawn above their list
    assert.match(page.text, /Notifications within 5 working days<\/dt><dd class="govuk-summary-list__value">12 of 14 \(86%\)</);
    assert.match(page.text, /<svg class="haven-chart" role="img" aria-labelledby="themes-chart-title themes-chart-desc"/);
    assert.match(page.text, /<title id="themes-chart-title">The most common themes<\/title>/);
    assert.match(page.text, />5 cases<\/text>/);
    const bad = await call("partnership", "/reviews/summary?from=2021-03-31&to=2020-04-01");
    assert.equal(bad.status, 400);
    assert.match(bad.text, /govuk-error-summary/);
  });

  test("the figures to take away as CSV and as a spreadsheet: the page's figures for the period asked for", async () => {
    const period = new URLSearchParams(YEAR);
    const page = await call("partnership", `/reviews/summary?${period}`);
    assert.match(page.text, /href="\/reviews\/summary\.csv\?from=2020-04-01&amp;to=2021-03-31" download>/);
    assert.match(page.text, /href="\/reviews\/summary\.xlsx\?from=2020-04-01&amp;to=2021-03-31" download>/);
    const { body } = await summary(YEAR);
    const expected = [
      ["figure", "theme", "count", "out_of"],
      ["Notifications to the national panel", null, 14],
      ["Rapid review meetings held", null, 13],
      ["CSPRs commissioned", null, 5],
      ["CSPRs published", null, 1],
      ["CSPRs ongoing at the end of the period", null, 11],
      ["Notifications within 5 working days", null, 12, 14],
      ["Rapid reviews within 15 working days", null, 12, 13],
      ["Actions completed", null, 1],
      ["Actions overdue at the end of the period", null, 2],
      ...body.themes.map((t) => ["Most common themes", t.name, t.cases]),
    ];
    assert.deepEqual(expected.slice(-3).map((row) => row[2]), [5, 3, 2], "the three commonest themes, as on the page");

    const csv = await call("partnership", `/reviews/summary.csv?${period}`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type"), /^text\/csv/);
    assert.equal(csv.headers.get("content-disposition"), 'attachment; filename="haven-review-figures-2020-04-01-to-2021-03-31.csv"');
    assert.deepEqual(
      csv.text.trimEnd().split("\r\n"),
      expected.map((row) => [...row, ...Array(4 - row.length).fill(null)].map((v) => v ?? "").join(",")),
    );

    const xlsx = await request(`/reviews/summary.xlsx?${period}`, { token: await token("partnership") });
    assert.equal(xlsx.status, 200);
    assert.equal(xlsx.headers.get("content-disposition"), 'attachment; filename="haven-review-figures-2020-04-01-to-2021-03-31.xlsx"');
    const sheets = readXlsx(await xlsx.arrayBuffer());
    assert.deepEqual(sheets.map((s) => s.name), ["Review figures"]);
    assert.deepEqual(sheets[0].rows, expected.map((row) => (row.length === 3 ? row.slice(0, 3) : row)));

    // another period is carried into the download; a backwards one is refused naming the field
    const later = await call("partnership", "/reviews/summary.csv?from=2021-04-01&to=2022-03-31");
    assert.match(later.text, /\r\nRapid review meetings held,,5,\r\n/);
    const bad = await call("partnership", "/reviews/summary.csv?from=2021-03-31&to=2020-04-01");
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e) => e.field), ["to"]);
    // the figures page's own access
    for (const who of ["practitioner", "dsl", "police"]) {
      assert.equal((await call(who, `/reviews/summary.csv?${period}`)).status, 403, who);
      assert.equal((await call(who, `/reviews/summary.xlsx?${period}`)).status, 403, who);
    }
    const nobody = await call(null, `/reviews/summary.xlsx?${period}`);
    assert.equal(nobody.status, 303, "nobody signed in is sent to sign in, with no figures");
    assert.match(nobody.headers.get("location"), /^\/sign-in/);
    assert.equal(nobody.text, "Redirecting");
  });

  test("the partnership team sees the figures; the scrutineer (on /scrutiny instead), a practitioner and nobody signed in do not", async () => {
    assert.equal((await summary(YEAR, "partnership")).status, 200);
    assert.equal((await summary(YEAR, "scrutineer")).status, 403);
    assert.equal((await summary(YEAR, "practitioner")).status, 403);
    assert.equal((await call(null, "/api/v1/reviews/summary")).status, 401);
  });
});

// ---- actions ----

describe("actions from a review's recommendations", () => {
  let actionId;

  test("a member of the review group adds an action; it is listed, not overdue", async () => {
    const add = await call("practitioner", "/api/v1/reviews/900/actions", {
      method: "POST",
      json: { recommendation: "Revise the safer sleep guidance", owner_agency: "demo-teaching-hospitals", lead: "Head of midwifery", due_on: "2099-01-31" },
    });
    assert.equal(add.status, 201, add.text);
    assert.equal(add.body.status, "not_started");
    assert.equal(add.body.owner_agency_slug, "demo-teaching-hospitals");
    assert.equal(add.body.overdue, false);
    actionId = add.body.id;
    const list = await call("practitioner", "/api/v1/reviews/900/actions");
    assert.equal(list.status, 200);
    assert.equal(list.body.case.reference, "SI-2026-900");
    assert.equal(list.body.case.child_id, undefined);
    assert.deepEqual(list.body.actions.map((a) => a.id), [actionId]);

    const unknown = await call("practitioner", "/api/v1/reviews/900/actions", {
      method: "POST",
      json: { recommendation: "x", owner_agency: "no-such-agency", lead: "y", due_on: "2099-01-31" },
    });
    assert.equal(unknown.status, 422);
    assert.deepEqual(unknown.body.errors.map((e) => e.field), ["owner_agency"]);
  });

  test("overdue is derived: due date passed and not complete", async () => {
    const add = await call("partnership", "/api/v1/reviews/900/actions", {
      method: "POST",
      json: { recommendation: "Audit the referrals", owner_agency: "bwd-council", lead: "Service manager", due_on: "2022-01-10" },
    });
    assert.equal(add.status, 201, add.text);
    assert.equal(add.body.overdue, true);
    const done = await call("partnership", `/api/v1/reviews/900/actions/${add.body.id}/update`, {
      method: "POST",
      json: { status: "complete", evidence: "Audit report, March", completed_on: "2022-03-01" },
    });
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.overdue, false);
    assert.equal(done.body.completed_on, "2022-03-01");
    // saved again with the date left out (the page's date boxes start empty): the date is kept, not today
    const again = await call("partnership", `/api/v1/reviews/900/actions/${add.body.id}/update`, {
      method: "POST",
      json: { status: "complete", evidence: "Audit report, March (signed)" },
    });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.completed_on, "2022-03-01");
  });

  test("agencies update their own actions; the partnership may update any", async () => {
    // owned by a council: the practitioner (a health trust) is in the group but not the owner
    const add = await call("partnership", "/api/v1/reviews/900/actions", {
      method: "POST",
      json: { recommendation: "Review the escalation policy", owner_agency: "bwd-council", lead: "Head of service", due_on: "2099-06-30" },
    });
    assert.equal(add.status, 201, add.text);
    const denied = await call("practitioner", `/api/v1/reviews/900/actions/${add.body.id}/update`, {
      method: "POST",
      json: { status: "in_progress" },
    });
    assert.equal(denied.status, 403, denied.text);
    const unchanged = await call("partnership", "/api/v1/reviews/900/actions");
    assert.equal(unchanged.body.actions.find((a) => a.id === add.body.id).status, "not_started");
    const allowed = await call("partnership", `/api/v1/reviews/900/actions/${add.body.id}/update`, {
      method: "POST",
      json: { status: "in_progress" },
    });
    assert.equal(allowed.status, 200, allowed.text);
    assert.equal(allowed.body.status, "in_progress");
  });

  test("updating: complete needs evidence; the date defaults to today", async () => {
    const progress = await call("practitioner", `/api/v1/reviews/900/actions/${actionId}/update`, {
      method: "POST",
      json: { status: "in_progress" },
    });
    assert.equal(progress.status, 200, progress.text);
    assert.equal(progress.body.status, "in_progress");
    const noEvidence = await call("practitioner", `/api/v1/reviews/900/actions/${actionId}/update`, {
      method: "POST",
      json: { status: "complete" },
    });
    assert.equal(noEvidence.status, 422);
    assert.deepEqual(noEvidence.body.errors.map((e) => e.field), ["evidence"]);
    const bad = await call("practitioner", `/api/v1/reviews/900/actions/${actionId}/update`, {
      method: "POST",
      json: { status: "finished" },
    });
    assert.equal(bad.status, 422);
  });

  test("sign-off: only a complete action, only by the partnership", async () => {
    const early = await call("partnership", `/api/v1/reviews/900/actions/${actionId}/sign-off`, {
      method: "POST",
      json: { impact: "Too soon to tell" },
    });
    assert.equal(early.status, 409, early.text);
    const done = await call("practitioner", `/api/v1/reviews/900/actions/${actionId}/update`, {
      method: "POST",
      json: { status: "complete", evidence: "New guidance issued to all midwives" },
    });
    assert.equal(done.status, 200, done.text);
    assert.match(done.body.completed_on, /^\d{4}-\d{2}-\d{2}$/);
    const member = await call("practitioner", `/api/v1/reviews/900/actions/${actionId}/sign-off`, {
      method: "POST",
      json: { impact: "I think it worked" },
    });
    assert.equal(member.status, 403);
    const signed = await call("partnership", `/api/v1/reviews/900/actions/${actionId}/sign-off`, {
      method: "POST",
      json: { impact: "Audit shows safer sleep advice given at every discharge" },
    });
    assert.equal(signed.status, 200, signed.text);
    assert.equal(signed.body.signed_off_by_name, "Parveen Partnership");
    assert.match(signed.body.signed_off_on, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(signed.body.impact, "Audit shows safer sleep advice given at every discharge");
  });

  test("an action id must belong to the case in the path", async () => {
    // case 101's seeded actions are not case 900's
    const other = await call("partnership", "/api/v1/reviews/101/actions");
    const foreign = other.body.actions[0].id;
    for (const path of [`/api/v1/reviews/900/actions/${foreign}/update`, `/api/v1/reviews/900/actions/${foreign}/sign-off`]) {
      const res = await call("partnership", path, { method: "POST", json: path.endsWith("update") ? { status: "in_progress" } : { impact: "x" } });
      assert.equal(res.status, 404, path);
    }
    assert.equal((await call("partnership", "/api/v1/reviews/999999/actions")).status, 404);
  });

  test("access: outside the group 404, the scrutineer 403, nobody signed in 401", async () => {
    assert.equal((await call("dsl", "/api/v1/reviews/900/actions")).status, 404);
    assert.equal((await call("dsl", "/reviews/900/actions")).status, 404);
    assert.equal((await call("practitioner", "/api/v1/reviews/101/actions")).status, 404);
    assert.equal(
      (await call("dsl", `/api/v1/reviews/900/actions/${actionId}/update`, { method: "POST", json: { status: "in_progress" } })).status,
      404,
    );
    assert.equal((await call("scrutineer", "/api/v1/reviews/900/actions")).status, 403);
    assert.equal((await call(null, "/api/v1/reviews/900/actions")).status, 401);
    const page = await call("practitioner", "/reviews/900/actions");
    assert.equal(page.status, 200);
    assert.match(page.text, /Revise the safer sleep guidance/);
  });

  test("every change is audited against the case", async () => {
    const counts = sqlText(haven.dbPath,
      "SELECT action, count(*) FROM audit_log WHERE resource_type = 'review' AND resource_id = '900' AND action LIKE 'review.action%' GROUP BY action ORDER BY action;");
    // adds: 2 + the council's action; updates: 4 (one saved again with its date left out) + the partnership's
    // update of it (the refused one changed nothing)
    assert.equal(counts, "review.action_add|3\nreview.action_sign_off|1\nreview.action_update|5");
  });
});

// ---- briefings ----

describe("briefings for practitioners", () => {
  let draft, published;

  test("a member of the group drafts a briefing but cannot publish it to everyone", async () => {
    const count = () => sqlText(haven.dbPath, "SELECT count(*) FROM review_briefings WHERE case_id = 900").trim();
    const before = count();
    const refused = await call("practitioner", "/api/v1/reviews/900/briefings", {
      method: "POST",
      json: { title: "Published by a member", body: "Should not be published", publish: true },
    });
    assert.equal(refused.status, 403, refused.text);
    assert.equal(count(), before, "nothing was saved");
    const d = await call("practitioner", "/api/v1/reviews/900/briefings", {
      method: "POST",
      json: { title: "A member's draft", body: "For the partnership team to publish" },
    });
    assert.equal(d.status, 201, d.text);
    assert.equal(d.body.published, false);
    const publish = await call("practitioner", `/api/v1/reviews/900/briefings/${d.body.id}/publish`, { method: "POST" });
    assert.equal(publish.status, 403, publish.text);
    const listed = (await call("dsl", "/api/v1/briefings")).body.briefings.map((b) => b.title);
    assert.ok(!listed.includes("A member's draft") && !listed.includes("Published by a member"), "neither is listed for everyone");
    // the member's page offers no way to publish; the partnership team's does
    const page = await call("practitioner", "/reviews/900/actions");
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /name="publish"|\/publish"/);
    assert.match(page.text, /the partnership team publishes briefings/);
    const team = await call("partnership", "/reviews/900/actions");
    assert.match(team.text, /name="publish"/);
    assert.match(team.text, new RegExp(`/reviews/900/briefings/${d.body.id}/publish"`));
  });

  test("the review group writes drafts; the partnership team publishes", async () => {
    const d = await call("partnership", "/api/v1/reviews/900/briefings", {
      method: "POST",
      json: { title: "Draft: seven minute briefing", body: "Not ready yet" },
    });
    assert.equal(d.status, 201, d.text);
    assert.equal(d.body.published, false);
    draft = d.body.id;
    const p = await call("partnership", "/api/v1/reviews/900/briefings", {
      method: "POST",
      json: { title: "Safer sleep: seven minute briefing", body: "What happened to Child A, and what we learnt.", publish: true },
    });
    assert.equal(p.status, 201, p.text);
    published = p.body.id;
    const long = await call("partnership", "/api/v1/reviews/900/briefings", {
      method: "POST",
      json: { title: "Too long", body: "x".repeat(10001) },
    });
    assert.equal(long.status, 422);
  });

  test("practitioners see published briefings only, without the child's identity", async () => {
    for (const who of ["dsl", "police", "scrutineer"]) {
      const list = await call(who, "/api/v1/briefings");
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.briefings.map((b) => b.id), [published], who);
      const b = list.body.briefings[0];
      assert.equal(b.case_reference, "SI-2026-900");
      assert.equal(b.child_pseudonym, "Child A");
      assert.equal(b.child_id, undefined);
      assert.doesNotMatch(JSON.stringify(list.body), /Alex|Example|child_id|Test circumstances/);
    }
    assert.equal((await call("dsl", `/api/v1/briefings/${published}`)).status, 200);
    assert.equal((await call("dsl", `/api/v1/briefings/${draft}`)).status, 404);
    assert.equal((await call(null, "/api/v1/briefings")).status, 401);
    const page = await call("dsl", "/briefings");
    assert.equal(page.status, 200);
    assert.match(page.text, /Safer sleep: seven minute briefing/);
    assert.doesNotMatch(page.text, /Draft: seven minute briefing/);
  });

  test("publishing a draft shows it, newest first; outsiders cannot publish", async () => {
    // publishing is the partnership team's: anyone else is refused by their role, case or no case
    assert.equal((await call("dsl", `/api/v1/reviews/900/briefings/${draft}/publish`, { method: "POST" })).status, 403);
    const res = await call("partnership", `/api/v1/reviews/900/briefings/${draft}/publish`, { method: "POST" });
    assert.equal(res.status, 200, res.text);
    const list = await call("dsl", "/api/v1/briefings");
    // both published today: newest by date, then by when they were written
    assert.deepEqual(list.body.briefings.map((b) => b.id), [published, draft]);
    const dates = list.body.briefings.map((b) => b.published_on);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.equal((await call("partnership", `/api/v1/reviews/101/briefings/${draft}/publish`, { method: "POST" })).status, 404);
  });
});
