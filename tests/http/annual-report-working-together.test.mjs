// The annual report carries what Working Together asks a yearly report to
// say (shared/domain.md "The yearly report"): progress on each of the
// partnership's priorities, the learning from reviews and what changed
// because of it, and contextual safeguarding beyond missing episodes
// (exploitation screenings, NRM referrals and decisions, MACE meetings),
// with counts about children suppressed as the report's other counts are;
// and its Easy Read version gives every section its own plain heading,
// sentences, picture and figures in plain words, each the full report's count.
//
// 2016-17 holds no demo data: what the test adds there is all the report counts.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlRows, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

const YEAR = "2016-17";
let haven;
const { call } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const rows = (query) => sqlRows(haven.dbPath, query);

const AGENCY = "(SELECT min(id) FROM agencies)";
const USER = "(SELECT min(id) FROM users)";
const CHILD = "(SELECT min(id) FROM children)";

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

const report = async () => {
  const r = await call("partnership", `/api/v1/reports/annual?year=${YEAR}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};
const section = (body, title) => {
  const s = body.sections.find((x) => x.title === title);
  assert.ok(s, `a section "${title}"`);
  return s;
};
const tableOf = (s, caption) => {
  const t = (s.tables ?? []).find((x) => x.caption === caption);
  assert.ok(t, `a table "${caption}"`);
  return t;
};
/** A table's rows as [label, ...shown cells, shown total?]. */
const shownRows = (t) => t.rows.map((r) => [r.label, ...r.cells.map((c) => c.shown), ...(r.total ? [r.total.shown] : [])]);
const figure = (s, label) => {
  const f = s.figures.find((x) => x.label === label);
  assert.ok(f, `a figure "${label}"`);
  return f.shown;
};

/** Adds a plan for priority `priorityId` in 2016-17 with `actions`: [{due, status, evidence, impact}]. */
function addPlan(priorityId, actions) {
  sql(`INSERT INTO plans (priority_id, group_id, starts_on, ends_on, aims) VALUES (${priorityId}, NULL, '2016-04-01', '2017-03-31', 'Fictional aims.')`);
  const [{ id }] = rows(`SELECT max(id) AS id FROM plans`);
  for (const [i, a] of actions.entries())
    sql(
      `INSERT INTO plan_actions (plan_id, action, owner_agency_id, lead, due_on, status, evidence, impact) VALUES (${id}, 'Fictional action ${i}', ${AGENCY}, 'A lead', '${a.due}', '${a.status}', ${a.evidence ? "'Shown.'" : "NULL"}, ${a.impact ? "'Children were seen sooner.'" : "NULL"})`,
    );
}

describe("the annual report: what Working Together asks it to carry", () => {
  test("progress on each priority: its plans' actions done, on track and overdue, by RAG, with their impact recorded", async () => {
    const priorities = (await call("partnership", "/api/v1/priorities")).body;
    const list = priorities.priorities ?? priorities.items ?? priorities;
    assert.ok(Array.isArray(list) && list.length >= 2, "the partnership's priorities");
    const [first, second] = list;
    addPlan(first.id, [
      { due: "2016-09-01", status: "done", evidence: true, impact: true },
      { due: "2016-10-01", status: "done", evidence: true, impact: true },
      { due: "2016-11-01", status: "done", evidence: true, impact: false },
      { due: "2017-01-01", status: "not_started" }, // 89 days late on 31 March: red
      { due: "2017-06-30", status: "in_progress" }, // on track, more than 30 days away: green
    ]);
    addPlan(second.id, [{ due: "2017-03-20", status: "in_progress" }]); // 11 days late: amber

    const s = section(await report(), "Progress on our priorities");
    const names = list.map((p) => p.name);
    const progress = tableOf(s, "Actions in the priorities' plans, by progress");
    assert.deepEqual(progress.columns, ["Done", "On track", "Overdue"]);
    const byName = (t) => Object.fromEntries(shownRows(t).map(([label, ...cells]) => [label, cells]));
    assert.deepEqual(Object.keys(byName(progress)).sort(), [...names].sort(), "every current priority");
    assert.deepEqual(byName(progress)[first.name], ["3", "1", "1", "5"]);
    assert.deepEqual(byName(progress)[second.name], ["0", "0", "1", "1"]);
    assert.equal(progress.totals.total.shown, "6", "the partnership's own work: shown as it is");
    const rag = tableOf(s, "Actions in the priorities' plans, by RAG status");
    assert.deepEqual(byName(rag)[first.name], ["1", "0", "4", "5"]);
    assert.deepEqual(byName(rag)[second.name], ["0", "1", "0", "1"]);
    const impact = tableOf(s, "Actions done with their impact recorded, by priority");
    assert.deepEqual(byName(impact)[first.name], ["2"]);
    assert.ok(s.measures.some((m) => m.label === impact.caption), "an impact measure, with what it means");
  });

  test("the learning from reviews and what changed: briefings, themes (small counts hidden), actions done with their impact", async () => {
    for (let i = 0; i < 6; i++) {
      sql(
        `INSERT INTO review_cases (reference, child_pseudonym, la_code, harm, circumstances, aware_on, panel_notified_on, created_at)` +
          ` VALUES ('SI-2016-${i}', 'Child ${i}', (SELECT min(code) FROM local_authorities), 'serious_harm', 'Fictional.', '2016-05-02', '2016-05-06', '2016-05-02T09:00:00Z')`,
      );
      sql(`INSERT INTO review_case_themes (case_id, theme_id) VALUES ((SELECT id FROM review_cases WHERE reference = 'SI-2016-${i}'), (SELECT id FROM review_themes WHERE slug = 'neglect'))`);
      if (i < 2) sql(`INSERT INTO review_case_themes (case_id, theme_id) VALUES ((SELECT id FROM review_cases WHERE reference = 'SI-2016-${i}'), (SELECT id FROM review_themes WHERE slug = 'safer-sleep'))`);
    }
    const CASE = "(SELECT id FROM review_cases WHERE reference = 'SI-2016-0')";
    const action = (status, completed, impact) =>
      sql(
        `INSERT INTO review_actions (case_id, recommendation, owner_agency_id, lead, due_on, status, completed_on, impact) VALUES (${CASE}, 'Fictional.', ${AGENCY}, 'A lead', '2016-12-01', '${status}', ${completed ? `'${completed}'` : "NULL"}, ${impact ? "'Fewer babies share a bed.'" : "NULL"})`,
      );
    action("complete", "2016-11-01", true);
    action("complete", "2016-12-01", true);
    action("complete", "2016-12-02", false);
    action("complete", "2015-12-02", true); // another year's
    const briefing = (title, on) => sql(`INSERT INTO review_briefings (case_id, title, body, published_on) VALUES (${CASE}, '${title}', 'Fictional.', ${on ? `'${on}'` : "NULL"})`);
    briefing("Safer sleep: seven minutes", "2016-08-01");
    briefing("Neglect: seeing the child", "2017-02-01");
    briefing("A draft", null);
    briefing("An older briefing", "2015-08-01");

    const s = section(await report(), "Serious incidents and reviews");
    assert.equal(figure(s, "Actions from reviews completed"), "3");
    assert.equal(figure(s, "Actions from reviews completed with their impact recorded"), "2");
    assert.equal(figure(s, "Briefings on the learning from reviews published"), "2");
    assert.deepEqual(s.briefings, [
      { title: "Safer sleep: seven minutes", published_on: "2016-08-01" },
      { title: "Neglect: seeing the child", published_on: "2017-02-01" },
    ]);
    // each case is one child's: the 2 with safer sleep are hidden
    assert.deepEqual(shownRows(tableOf(s, "Themes of the cases reviewed")), [
      ["Neglect", "6"],
      ["Safer sleep", "fewer than 5"],
    ]);
    assert.ok(s.measures.some((m) => m.label === "Actions from reviews completed with their impact recorded"));

    const page = await call("partnership", `/reports/annual?year=${YEAR}`);
    assert.match(page.text, /What we learnt: the briefings published/);
    assert.match(page.text, /<li>Safer sleep: seven minutes \(1 August 2016\)<\/li>/, "the date in words, as every page says one");
  });

  test("child exploitation: screenings by risk, NRM referrals and decisions, MACE meetings, small counts of children hidden", async () => {
    const screen = (judgement, n) => {
      for (let i = 0; i < n; i++)
        sql(
          `INSERT INTO exploitation_screenings (child_id, tool_id, indicators, score, rule_level, judgement, screened_on, review_by, agency_id, user_id, created_at)` +
            ` VALUES (${CHILD}, (SELECT min(id) FROM exploitation_tool_versions), '[]', 1, '${judgement}', '${judgement}', '2016-06-01', '2016-09-01', ${AGENCY}, ${USER}, '2016-06-01T09:00:00Z')`,
        );
    };
    screen("high", 7);
    screen("medium", 2);
    screen("low", 6);
    screen("high", 1); // outside the year below
    sql(`UPDATE exploitation_screenings SET screened_on = '2017-04-01' WHERE id = (SELECT max(id) FROM exploitation_screenings)`);
    const refer = (n, rg, rgOn, cg, cgOn) => {
      for (let i = 0; i < n; i++)
        sql(
          `INSERT INTO nrm_referrals (child_id, referred_on, first_responder, reasonable_grounds, reasonable_grounds_on, conclusive_grounds, conclusive_grounds_on, agency_id, user_id, created_at)` +
            ` VALUES (${CHILD}, '2016-07-01', 'Fictional first responder', '${rg}', ${rgOn ? `'${rgOn}'` : "NULL"}, '${cg}', ${cgOn ? `'${cgOn}'` : "NULL"}, ${AGENCY}, ${USER}, '2016-07-01T09:00:00Z')`,
        );
    };
    refer(6, "positive", "2016-07-20", "positive", "2017-02-01");
    refer(2, "negative", "2016-07-20", "pending", null);
    const mace = (level, n) => {
      for (let i = 0; i < n; i++)
        sql(`INSERT INTO mace_meetings (level, held_on, agency_id, user_id, last_screening_id, created_at) VALUES (${level}, '2016-10-0${i + 1}', ${AGENCY}, ${USER}, 0, '2016-10-01T09:00:00Z')`);
    };
    mace(1, 3);
    mace(2, 1);

    const s = section(await report(), "Child exploitation");
    assert.equal(figure(s, "Referrals to the National Referral Mechanism"), "8");
    assert.equal(figure(s, "Multi-agency child exploitation (MACE) meetings about children"), "3", "meetings: the partnership's own work");
    assert.equal(figure(s, "MACE meetings about places and people of concern"), "1");
    const risk = tableOf(s, "Exploitation screenings, by the risk judged");
    const riskRows = shownRows(risk);
    assert.deepEqual(riskRows.map((r) => r[0]), ["Low", "Medium", "High"]);
    assert.equal(riskRows[1][1], "fewer than 5", "2 screenings of medium risk: hidden");
    assert.equal(riskRows[2][1], "7");
    // the total does not give the hidden count away: another is hidden with it, or the total is
    const hidden = risk.rows.filter((r) => r.cells[0].suppressed).length + (risk.totals.cells[0].suppressed ? 1 : 0);
    assert.ok(hidden >= 2, `secondary suppression: ${JSON.stringify(riskRows)} total ${risk.totals.cells[0].shown}`);
    const nrm = shownRows(tableOf(s, "National Referral Mechanism decisions made"));
    assert.deepEqual(nrm.map((r) => r[0]), ["Reasonable grounds", "Conclusive grounds"]);
    assert.equal(nrm[0][2], "fewer than 5", "2 negative: hidden");
    // 6 positive beside a total of 8 would give the 2 away: one of them is hidden too
    assert.ok(nrm[0][1] === "not shown" || nrm[0][3] === "not shown", `secondary suppression: ${JSON.stringify(nrm)}`);
    assert.deepEqual(nrm[1].slice(1), ["6", "0", "6"], "conclusive grounds: 6 positive, shown");
  });

  test("Easy Read: every section its own plain heading, sentences and picture, and its figures in plain words, each the full report's", async () => {
    const full = await report();
    const easy = await call("partnership", `/api/v1/reports/annual/easy-read?year=${YEAR}`);
    assert.equal(easy.status, 200, easy.text);
    for (const s of easy.body.sections) {
      assert.ok(!s.about.picture.chart, `${s.title}: its own words and picture, not the general ones`);
      assert.ok(s.figures.length > 0, `${s.title}: its figures`);
      for (const f of s.figures) assert.ok(f.label.split(" ").length <= 12, `a short label: ${f.label}`);
    }
    const heading = (title) => easy.body.sections.find((s) => s.title === title).heading;
    assert.equal(heading("Children missing from home or care"), "Children who go missing");
    assert.equal(heading("Domestic abuse: Operation Encompass"), "Telling schools about abuse at home");
    assert.equal(heading("Board meetings"), "Our leaders' meetings");
    assert.equal(heading("Neglect"), "When children are not looked after");
    assert.equal(heading("Levels of need: requests for support"), "Asking for help for a child");
    assert.equal(heading("Progress on our priorities"), "Our most important work");
    assert.equal(heading("Child exploitation"), "Keeping children safe outside their home");

    // each figure is the full report's count, as published, found by the full report's words for it
    const published = new Map();
    for (const s of full.sections) {
      for (const f of s.figures) published.set(f.label, f.shown);
      for (const t of s.tables ?? []) {
        if (t.total_label) published.set(t.total_label, (t.totals.total ?? t.totals.cells[0]).shown);
        t.columns.forEach((c, i) => t.totals && published.set(`${t.caption}|${c}`, t.totals.cells[i].shown));
        for (const r of t.rows) published.set(`${t.caption}|${r.label}`, (r.total ?? r.cells[0]).shown);
      }
    }
    for (const s of easy.body.sections)
      for (const f of s.figures) assert.equal(f.shown, published.get(f.report_label), `${s.title}: ${f.report_label}`);

    const plain = (title, label) => easy.body.sections.find((s) => s.title === title).figures.find((f) => f.label === label)?.shown;
    assert.equal(plain("Serious incidents and reviews", "Big reviews we started"), "0", "not 'Local child safeguarding practice reviews commissioned'");
    assert.equal(plain("Progress on our priorities", "Things in the plans for our most important work"), "6");
    assert.equal(plain("Progress on our priorities", "Things that are late"), "2");
    const priorities = (await call("partnership", "/api/v1/priorities")).body;
    const [first] = priorities.priorities ?? priorities.items ?? priorities;
    assert.equal(plain("Progress on our priorities", `Things in our plans about ${first.name}`), "5", "each priority's own progress");
    assert.equal(plain("Child exploitation", "Checks that found some danger"), "fewer than 5");
    assert.equal(plain("Child exploitation", "Checks that found a lot of danger"), "7");
    assert.equal(plain("Children missing from home or care", "Times children went missing"), "0");
  });
});
