// One quality assurance cycle of a kind at a time (src/areas/assurance):
// opening a Section 11 or Section 175/157 cycle whose period (opening date to
// return date, both included) overlaps another cycle of the same kind is
// refused, naming the standards chosen and the other cycle by its title and
// dates, and nothing is saved: two such cycles would ask the same agencies
// for the same return twice. A cycle of the other kind, or one starting the
// day after the other's return date, opens. A cycle whose return date has
// passed (every agency's return overdue the moment it opens, for good: one
// mistyped year does it) opens only confirmed; a bad or overlapping one is
// refused first, whatever `confirmed` says.
//
// The demo's cycles (src/areas/assurance/demo.sql): a Section 11 cycle
// 6 January to 28 March 2025, and a schools' (Section 175/157) cycle open
// from the first of last month until four months on, so always open today.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, dateWords, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (q) => sqlText(haven.dbPath, q);
const set = (kind) => Number(sql(`SELECT max(id) FROM qa_standard_sets WHERE kind = '${kind}'`));
const cycles = () => Number(sql("SELECT count(*) FROM qa_cycles"));
const returns = () => Number(sql("SELECT count(*) FROM qa_returns"));
const open = (kind, title, opens_on, returns_due_on, more = {}) =>
  post("partnership", "/api/v1/qa/cycles", { standards: set(kind), title, opens_on, returns_due_on, ...more });
const tasks = () => Number(sql("SELECT count(*) FROM qa_returns r JOIN qa_cycles c ON c.id = r.cycle_id WHERE c.title LIKE 'Mistyped%'"));
const SCHOOLS = "Schools' safeguarding audit 2026-27 (demo)";
const demoSchools = () => sql(`SELECT opens_on || ' ' || returns_due_on FROM qa_cycles WHERE title = '${SCHOOLS.replace("'", "''")}'`).split(" ");

before(async () => {
  haven = await startHaven();
  // the constabulary's lead, its agency administrator on Haven, completes its Section 11 returns (the
  // demo's police account is made one: an agency's other people do not)
  sql("INSERT INTO user_roles (user_id, role) SELECT id, 'agency_admin' FROM users WHERE email = 'police@demo.haven.example'");
});
after(async () => {
  await haven?.stop();
});

describe("opening a cycle while another of its kind is open", () => {
  test("a Section 175/157 cycle during the demo's schools' cycle is refused on the API, naming it; nothing saved", async () => {
    const [opens, due] = demoSchools();
    const before = [cycles(), returns()];
    const r = await open("section175", "Second schools audit", plusDays(0), plusDays(30));
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["standards"]);
    const message = r.body.errors[0].detail;
    assert.ok(message.includes(SCHOOLS), message);
    assert.ok(message.includes(`${dateWords(opens)} to ${dateWords(due)}`), message);
    assert.deepEqual([cycles(), returns()], before, "nothing saved");
  });

  test("a Section 11 cycle opens beside it; a second Section 11 cycle overlapping the first is refused", async () => {
    const first = await open("section11", "Section 11 audit now", plusDays(-1), plusDays(20));
    assert.equal(first.status, 201, first.text);
    const before = [cycles(), returns()];
    // overlapping at either end, inside it, or around it
    for (const [from, to] of [[10, 40], [-30, -1], [5, 6], [-30, 60], [20, 20]]) {
      const r = await open("section11", "Section 11 audit again", plusDays(from), plusDays(to));
      assert.equal(r.status, 422, `${from}..${to}: ${r.text}`);
      assert.deepEqual(errorFields(r.body), ["standards"]);
      assert.match(r.body.errors[0].detail, /Section 11 audit now/);
    }
    assert.deepEqual([cycles(), returns()], before, "nothing saved");
    const next = await open("section11", "Section 11 audit next", plusDays(21), plusDays(60));
    assert.equal(next.status, 201, "the day after the first's return date is free");
  });

  test("a past cycle's period counts too: the demo's Section 11 cycle of 2025, refused even confirmed", async () => {
    const before = [cycles(), returns()];
    for (const more of [{}, { confirmed: true }]) {
      const r = await open("section11", "Section 11 audit 2025 again", "2025-03-01", "2025-04-30", more);
      assert.equal(r.status, 422, r.text);
      assert.deepEqual(errorFields(r.body), ["standards"], "the overlap, not whether the user is sure");
      // closed long ago: it covers the period, it is not "open"
      assert.match(r.body.errors[0].detail,
        /^A cycle of these standards already covers part of that period: Section 11 audit 2024-25 \(demo\), 6 January 2025 to 28 March 2025/);
    }
    assert.deepEqual([cycles(), returns()], before, "nothing saved");
  });

  test("the form is shown again with the GOV.UK error summary naming the open cycle; nothing saved", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const form = await b.request("/quality-assurance/cycles/new");
    assert.equal(form.status, 200);
    const before = cycles();
    const [y, m, d] = plusDays(3).split("-");
    const [y2, m2, d2] = plusDays(40).split("-");
    const page = await b.request("/quality-assurance/cycles", {
      method: "POST",
      form: [["csrf_token", b.csrfOf(form.text)], ["standards", String(set("section175"))], ["title", "Second schools audit"],
        ["opens_on-day", d], ["opens_on-month", m], ["opens_on-year", y],
        ["returns_due_on-day", d2], ["returns_due_on-month", m2], ["returns_due_on-year", y2]],
    });
    assert.equal(page.status, 422, page.text.slice(0, 300));
    assert.match(page.text, /govuk-error-summary[\s\S]*href="#standards"[^>]*>A cycle of these standards already covers part of that period/);
    assert.match(page.text, /Schools&#39; safeguarding audit 2026-27 \(demo\)|Schools&#x27; safeguarding audit 2026-27 \(demo\)/);
    assert.equal(cycles(), before, "nothing saved");
  });
});

describe("a cycle whose return date has passed opens only confirmed", () => {
  // right after the demo's Section 11 cycle of 2025: free, and long past
  const [opens, due] = ["2025-03-29", "2025-04-30"];

  test("the form asks whether the user is sure, nothing saved; yes opens it with every return overdue", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const form = await b.request("/quality-assurance/cycles/new");
    const before = [cycles(), returns()];
    const [y, m, d] = opens.split("-"), [y2, m2, d2] = due.split("-");
    const page = await b.request("/quality-assurance/cycles", {
      method: "POST",
      form: [["csrf_token", b.csrfOf(form.text)], ["standards", String(set("section11"))], ["title", "Mistyped Section 11 audit"],
        ["opens_on-day", d], ["opens_on-month", m], ["opens_on-year", y],
        ["returns_due_on-day", d2], ["returns_due_on-month", m2], ["returns_due_on-year", y2]],
    });
    assert.equal(page.status, 200, "the page asks; nothing opened yet");
    assert.match(page.text, /Are you sure you want to open a cycle whose return date has passed\?/);
    const said = page.text.match(/The return date, 30 April 2025, has passed: every agency's return will be overdue at once, by (\d+ days?), as its task will say\./);
    assert.ok(said, page.text.slice(page.text.indexOf('id="confirm-past"'), page.text.indexOf('id="confirm-past"') + 900));
    // who is told: not "each agency", when some have nobody on Haven to tell
    assert.match(page.text, /an agency with neither is listed on the cycle's page, and the partnership team is told of it instead/);
    assert.doesNotMatch(page.text, /each agency is told so/);
    assert.doesNotMatch(page.text, /govuk-error-summary/);
    assert.deepEqual([cycles(), returns()], before, "nothing saved");
    assert.equal(tasks(), 0);
    // the question's form carries what was typed; the form below keeps it too, to change the dates instead
    const yes = page.text.slice(page.text.indexOf('id="confirm-past"'));
    const hidden = Object.fromEntries([...yes.slice(0, yes.indexOf("</form>")).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((x) => [x[1], x[2]]));
    assert.deepEqual([hidden.standards, hidden.title, hidden.opens_on, hidden.returns_due_on, hidden.confirmed],
      [String(set("section11")), "Mistyped Section 11 audit", opens, due, "yes"]);
    assert.match(page.text, /Yes, open it/);
    assert.match(page.text, /<a class="govuk-link" href="#opens_on">No, change the dates<\/a>/);
    assert.match(page.text, /id="title" name="title" type="text" value="Mistyped Section 11 audit"/);
    assert.match(page.text, /name="returns_due_on-year"[^>]*value="2025"/);

    const opened = await b.request("/quality-assurance/cycles", { method: "POST", form: Object.entries(hidden) });
    assert.equal(opened.status, 303, opened.text.slice(0, 300));
    assert.match(opened.location, /^\/quality-assurance\/cycles\/\d+$/);
    assert.equal(cycles(), before[0] + 1);
    const id = Number(opened.location.split("/").pop());
    assert.equal(sql(`SELECT count(*) FROM qa_returns WHERE cycle_id = ${id}`), String(tasks()));
    assert.ok(tasks() > 5);
    // one way to count how late: the police's task for its return says the same as the question did
    const task = (await call("police", "/api/v1/tasks")).body.tasks.find((t) => t.due_at === due);
    assert.ok(task, "the police's return to complete, due 30 April 2025");
    assert.equal(task.due_words, `Overdue by ${said[1]}`);
  });

  test("the API answers 422 naming `confirmed`, nothing saved; with `confirmed: true` 201, every return overdue", async () => {
    const [o, d] = ["2025-05-01", "2025-05-31"];
    const before = [cycles(), returns()];
    for (const more of [{}, { confirmed: false }]) {
      const r = await open("section11", "Mistyped audit by the API", o, d, more);
      assert.equal(r.status, 422, r.text);
      assert.deepEqual(errorFields(r.body), ["confirmed"]);
      assert.match(r.body.errors[0].detail, /^The return date, 31 May 2025, has passed: every agency's return will be overdue at once/);
    }
    // a bad one is refused for what is wrong with it, whatever `confirmed` says
    const backwards = await open("section11", "Mistyped audit by the API", d, o, { confirmed: true });
    assert.deepEqual(errorFields(backwards.body), ["returns_due_on"]);
    const unknown = await post("partnership", "/api/v1/qa/cycles", { standards: 999, title: "x", opens_on: o, returns_due_on: d });
    assert.deepEqual(errorFields(unknown.body), ["standards"]);
    assert.deepEqual([cycles(), returns()], before, "nothing saved");

    const r = await open("section11", "Mistyped audit by the API", o, d, { confirmed: true });
    assert.equal(r.status, 201, r.text);
    assert.ok(r.body.returns.length > 5 && r.body.returns.every((x) => x.status === "overdue"));
  });
});
