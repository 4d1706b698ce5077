// The rest of the dates typed by people (issue 16, point 9) in the GOV.UK
// date input: a priority's and a plan's periods and an action's due date, a
// missing child's return and return interview, NRM decisions, an incident's
// date (through its check page and back), a Provide contact attempt, every
// figures page's period and the audit search. A box left empty or a date
// that is not real is named with GOV.UK's message, its boxes marked, and
// nothing changes; the API keeps YYYY-MM-DD, and a figures page's address
// takes the boxes (from-day, from-month, from-year, to-…) as well as the
// ISO `from` and `to` its downloads and older links use.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, plusDays, sqlText } from "../lib/api.mjs";
import { checkPage } from "../lib/check.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const count = (table, where = "true") => Number(sql(`SELECT count(*) FROM ${table} WHERE ${where}`));
/** A form posted as a page's form is (a bearer token stands in for the session cookie and its CSRF token). */
const form = (who, path) => (fields) => call(who, path, { method: "POST", form: fields });

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

const boxes = (name, iso) => {
  const [year, month, day] = iso.split("-");
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
};
/** The boxes of date input `name` as the page shows them: { day, month, year, marked: [boxes in error] }. */
function shownBoxes(html, name) {
  const out = { marked: [] };
  for (const [box, id] of [["day", name], ["month", `${name}-month`], ["year", `${name}-year`]]) {
    const input = html.match(new RegExp(`<input class="([^"]*)" id="${id}" name="${name}-${box}"[^>]*value="([^"]*)"`));
    assert.ok(input, `the ${box} box of ${name}`);
    out[box] = input[2];
    if (/govuk-input--error/.test(input[1])) out.marked.push(box);
  }
  return out;
}

describe("a priority's period", () => {
  test("a month left out is named, only its box marked and linked to, and no priority is added", async () => {
    const send = form("partnership", "/priorities");
    const before = count("priorities");
    const res = await send({ name: "Fictional dates priority", ...boxes("from", "2020-04-01"), "to-day": "31", "to-month": "", "to-year": "2023" });
    assert.equal(res.status, 422, res.text);
    assert.match(res.text, /<a href="#to-month">The end of the priority&#39;s period must include a month<\/a>/);
    assert.deepEqual(shownBoxes(res.text, "to"), { day: "31", month: "", year: "2023", marked: ["month"] });
    assert.deepEqual(shownBoxes(res.text, "from"), { day: "1", month: "4", year: "2020", marked: [] });
    assert.equal(count("priorities"), before);
  });

  test("the boxes make the period kept, and the change form shows it in its boxes", async () => {
    const res = await form("partnership", "/priorities")({ name: "Fictional boxed priority", ...boxes("from", "2020-04-01"), ...boxes("to", "2023-03-31") });
    assert.equal(res.status, 303, res.text);
    const id = res.headers.get("location").match(/\/priorities\/(\d+)/)[1];
    assert.equal(sql(`SELECT from_date || ' ' || to_date FROM priorities WHERE id = ${id}`), "2020-04-01 2023-03-31");
    const page = await call("partnership", `/priorities/${id}`);
    assert.deepEqual(shownBoxes(page.text, "to"), { day: "31", month: "3", year: "2023", marked: [] });
    // the API still gives and takes YYYY-MM-DD
    const api = await call("partnership", `/api/v1/priorities/${id}`);
    assert.equal(api.body.priority.from_date, "2020-04-01");
  });
});

describe("a plan and its actions", () => {
  test("an action due on a day that is not real is refused, naming the day; nothing is added", async () => {
    const made = await form("partnership", "/plans")({ priority: "neglect", ...boxes("starts_on", plusDays(-1)), ...boxes("ends_on", plusDays(300)), aims: "Fictional aims." });
    assert.equal(made.status, 303, made.text);
    const plan = made.headers.get("location").match(/\/plans\/(\d+)/)[1];
    assert.equal(sql(`SELECT starts_on FROM plans WHERE id = ${plan}`), plusDays(-1));
    const send = form("partnership", `/plans/${plan}/actions`);
    const action = { action: "Fictional action", owner: "brookfield-primary", lead: "Fictional lead" };
    const before = count("plan_actions");
    const bad = await send({ ...action, "due_on-day": "31", "due_on-month": "2", "due_on-year": "2027" });
    assert.equal(bad.status, 422, bad.text);
    assert.match(bad.text, /<a href="#due_on">The due date must be a real date<\/a>/);
    assert.deepEqual(shownBoxes(bad.text, "due_on").marked, ["day"]);
    assert.equal(count("plan_actions"), before);
    const good = await send({ ...action, ...boxes("due_on", "2027-02-28") });
    assert.equal(good.status, 303, good.text);
    assert.equal(sql(`SELECT due_on FROM plan_actions WHERE plan_id = ${plan}`), "2027-02-28");
  });
});

describe("a missing child's return, interview and NRM decisions", () => {
  let serial = 0;
  const newEpisode = async () => {
    serial += 1;
    const r = await post("police", "/api/v1/missing-episodes", {
      police_reference: `LC-DATES-${serial}`, given_name: "Jayden", family_name: `Datecase${serial}`,
      date_of_birth: "2011-03-14", la_code: 888, reported_at: "2026-11-20T21:30:00Z", risk_grading: "medium", missing_from: "home",
    });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  };

  test("a return on a day that is not real is refused and not recorded; its boxes make it", async () => {
    const id = await newEpisode();
    const send = form("police", `/missing-episodes/${id}/return`);
    const bad = await send({ ...boxes("returned_on", "2026-11-31"), returned_time: "06:40", found_where: "Bus station" });
    assert.equal(bad.status, 422, bad.text);
    assert.match(bad.text, /<a href="#returned_on">The date the child was found or returned must be a real date<\/a>/);
    assert.deepEqual(shownBoxes(bad.text, "returned_on"), { day: "31", month: "11", year: "2026", marked: ["day"] });
    assert.equal(sql(`SELECT coalesce(returned_at, 'none') FROM missing_episodes WHERE id = ${id}`), "none");
    const good = await send({ ...boxes("returned_on", "2026-11-21"), returned_time: "06:40", found_where: "Bus station" });
    assert.equal(good.status, 303, good.text);
    assert.equal(sql(`SELECT returned_at FROM missing_episodes WHERE id = ${id}`), "2026-11-21T06:40:00Z");
  });

  test("an interview offered with no year is named; the offer recorded shows in its boxes", async () => {
    const id = await newEpisode();
    await post("police", `/api/v1/missing-episodes/${id}/return`, { returned_at: "2026-11-21T06:40:00Z" });
    const send = form("frontdoor", `/missing-episodes/${id}/interview`);
    const bad = await send({ "offered_on-day": "22", "offered_on-month": "11", "offered_on-year": "", offered_time: "10:00", response: "declined" });
    assert.equal(bad.status, 422, bad.text);
    assert.match(bad.text, /<a href="#offered_on-year">The date the interview was offered must include a year<\/a>/);
    assert.deepEqual(shownBoxes(bad.text, "offered_on").marked, ["year"]);
    assert.equal(sql(`SELECT coalesce(interview_offered_at, 'none') FROM missing_episodes WHERE id = ${id}`), "none");
    const good = await send({ ...boxes("offered_on", "2026-11-22"), offered_time: "10:00", response: "accepted" });
    assert.equal(good.status, 303, good.text);
    const page = await call("frontdoor", `/missing-episodes/${id}`);
    assert.deepEqual(shownBoxes(page.text, "offered_on"), { day: "22", month: "11", year: "2026", marked: [] });
  });

  test("an NRM decision's date in boxes is kept and shown in the boxes of the referral's form", async () => {
    const episode = await newEpisode();
    const child = (await call("frontdoor", `/api/v1/missing-episodes/${episode}`)).body.episode.child_id;
    const made = await post("frontdoor", `/api/v1/exploitation/children/${child}/nrm-referrals`, { referred_on: "2026-11-25", first_responder: "Fictional council" });
    assert.equal(made.status, 201, made.text);
    const id = made.body.id ?? made.body.referral.id;
    const send = form("frontdoor", `/exploitation/nrm-referrals/${id}/decisions`);
    const bad = await send({ reasonable_grounds: "positive", "reasonable_grounds_on-day": "", "reasonable_grounds_on-month": "12", "reasonable_grounds_on-year": "2026" });
    assert.equal(bad.status, 422, bad.text);
    assert.match(bad.text, /<a href="#reasonable_grounds_on">The date of the reasonable grounds decision must include a day<\/a>/);
    assert.equal(sql(`SELECT coalesce(reasonable_grounds_on, 'none') FROM nrm_referrals WHERE id = ${id}`), "none");
    const good = await send({ reasonable_grounds: "positive", ...boxes("reasonable_grounds_on", "2026-11-27") });
    assert.equal(good.status, 303, good.text);
    const page = await call("frontdoor", `/exploitation/nrm-referrals/${id}`);
    assert.deepEqual(shownBoxes(page.text, "reasonable_grounds_on"), { day: "27", month: "11", year: "2026", marked: [] });
  });
});

describe("an incident's date, through its check page", () => {
  const FORM = {
    police_reference: "DATES-1", occurred_time: "19:30", location: "3 Example Close",
    la_code: "889", risk_level: "standard", circumstances: "Argument reported by a neighbour.",
    adult_rows: "1", child_rows: "1", adult_1_name: "Pat Example", adult_1_role: "victim",
    adult_1_safe_to_call: "yes", adult_1_safe_to_leave_message: "no",
    child_1_given_name: "Alex", child_1_family_name: "Dateley", child_1_date_of_birth: "2016-04-12",
    child_1_present: "yes", child_1_spoken_to: "no",
  };
  const saved = (ref) => count("da_incidents", `police_reference = '${ref}'`);

  test("a month left out is named with the incident's other mistakes, its box marked; nothing is sent", async () => {
    const send = form("police", "/incidents");
    const bad = await send({ ...FORM, police_reference: "DATES-2", "occurred_on-day": "19", "occurred_on-month": "", "occurred_on-year": "2025", occurred_time: "25:00" });
    assert.equal(bad.status, 422, bad.text);
    assert.match(bad.text, /<a href="#occurred_on-month">The date of the incident must include a month<\/a>/);
    assert.match(bad.text, /<a href="#occurred_time">/, "the time's mistake is named at once");
    assert.deepEqual(shownBoxes(bad.text, "occurred_on"), { day: "19", month: "", year: "2025", marked: ["month"] });
    assert.equal(saved("DATES-2"), 0);
  });

  test("a child's date of birth is asked for in its row's boxes; one not real is named with its boxes at fault", async () => {
    const send = form("police", "/incidents");
    const { child_1_date_of_birth, ...rest } = FORM;
    const page = await send({ ...rest, police_reference: "DATES-3", ...boxes("occurred_on", "2025-11-19"), "child_1_date_of_birth-day": "31", "child_1_date_of_birth-month": "4", "child_1_date_of_birth-year": "2016" });
    assert.equal(page.status, 422, page.text);
    assert.match(page.text, /<a href="#child_1_date_of_birth">Child 1&#39;s date of birth must be a real date<\/a>/);
    assert.deepEqual(shownBoxes(page.text, "child_1_date_of_birth"), { day: "31", month: "4", year: "2016", marked: ["day"] });
    // the second adult's row, added: its date input is empty and unmarked
    const added = await send({ ...rest, police_reference: "DATES-3", ...boxes("occurred_on", "2025-11-19"), ...boxes("child_1_date_of_birth", "2016-04-12"), add: "adult" });
    assert.equal(added.status, 200, added.text);
    assert.deepEqual(shownBoxes(added.text, "adult_2_date_of_birth"), { day: "", month: "", year: "", marked: [] });
    assert.deepEqual(shownBoxes(added.text, "child_1_date_of_birth"), { day: "12", month: "4", year: "2016", marked: [] });
    assert.equal(saved("DATES-3"), 0);
  });

  test("the boxes go to the check page and back to the form on Change, and the incident is sent with the date", async () => {
    const send = form("police", "/incidents");
    const shown = await send({ ...FORM, ...boxes("occurred_on", "2025-11-19") });
    assert.equal(shown.status, 200, shown.text);
    assert.match(shown.text, /19 November 2025 at 19:30/);
    const check = checkPage(shown.text);
    assert.deepEqual([check.fields["occurred_on-day"], check.fields["occurred_on-month"], check.fields["occurred_on-year"]], ["19", "11", "2025"]);
    assert.equal(saved("DATES-1"), 0);
    // Change: the form again, the date in its boxes
    const again = await send({ ...check.fields, check_change: "occurred_on" });
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(shownBoxes(again.text, "occurred_on"), { day: "19", month: "11", year: "2025", marked: [] });
    const done = await send({ ...check.fields, check_confirm: check.signature });
    assert.equal(done.status, 303, done.text);
    assert.equal(sql("SELECT occurred_at FROM da_incidents WHERE police_reference = 'DATES-1'"), "2025-11-19T19:30:00Z");
  });
});

describe("a Provide contact attempt", () => {
  test("the date is today's in its boxes; a day that is not real is refused and nothing is recorded", async () => {
    const id = sql("SELECT id FROM idva_referrals WHERE closed_at IS NULL ORDER BY id LIMIT 1");
    const page = await call("idva", `/provide/referrals/${id}`);
    assert.equal(page.status, 200, page.text);
    const today = shownBoxes(page.text, "attempted_on");
    assert.ok(today.day && today.month && today.year, "today's date in the boxes");
    const before = count("idva_contact_attempts");
    const bad = await form("idva", `/provide/referrals/${id}/attempts`)({ "attempted_on-day": "30", "attempted_on-month": "2", "attempted_on-year": "2026", attempted_time: "10:00", method: "phone", result: "no_answer" });
    assert.equal(bad.status, 422, bad.text);
    assert.match(bad.text, /<a href="#attempted_on">The date of the attempt must be a real date<\/a>/);
    assert.deepEqual(shownBoxes(bad.text, "attempted_on").marked, ["day"]);
    assert.equal(count("idva_contact_attempts"), before);
  });
});

describe("a figures page's period", () => {
  test("the boxes name a period in a shareable address; the downloads keep the ISO dates", async () => {
    // the demo's referrals are recent: a period of the last 300 days holds them
    const [from, to] = [plusDays(-300), plusDays(0)];
    const q = new URLSearchParams({ ...boxes("from", from), ...boxes("to", to) });
    const res = await call("partnership", `/provide/figures?${q}`);
    assert.equal(res.status, 200, res.text);
    const typed = boxes("from", from);
    assert.deepEqual(shownBoxes(res.text, "from"), { day: typed["from-day"], month: typed["from-month"], year: typed["from-year"], marked: [] });
    assert.match(res.text, new RegExp(`href="/provide/figures.csv\\?from=${from}&amp;to=${to}"`));
  });

  test("the ISO dates still name the period, on the page, the downloads and the API", async () => {
    const res = await call("partnership", "/provide/figures?from=2026-04-01&to=2026-09-30");
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(shownBoxes(res.text, "to"), { day: "30", month: "9", year: "2026", marked: [] });
    const csv = await call("partnership", "/provide/figures.csv?from=2026-04-01&to=2026-09-30");
    assert.equal(csv.status, 200);
    const api = await call("partnership", "/api/v1/provide/figures?from=2026-04-01&to=2026-09-30");
    assert.equal(api.status, 200, api.text);
    assert.equal(api.body.from, "2026-04-01");
  });

  test("a box left empty is named and marked on every figures page; the whole date and its boxes together are refused", async () => {
    for (const path of ["/provide/figures", "/encompass/figures", "/missing-episodes/figures", "/neglect/figures", "/reviews/summary", "/scrutiny", "/training/summary", "/training/elearning", "/training/no-shows"]) {
      const q = new URLSearchParams({ "from-day": "1", "from-month": "4", "from-year": "" });
      const res = await call(path === "/scrutiny" ? "scrutineer" : "partnership", `${path}?${q}`);
      assert.equal(res.status, 400, `${path}: ${res.text.slice(0, 200)}`);
      if (!/id="from" name="from-day"/.test(res.text)) assert.fail(`${path}: ${res.text.match(/<main[\s\S]*<\/main>/)?.[0].slice(0, 3000)}`);
      assert.match(res.text, /<a href="#from-year">The start of the period must include a year<\/a>/, path);
      assert.deepEqual(shownBoxes(res.text, "from"), { day: "1", month: "4", year: "", marked: ["year"] }, path);
    }
    const both = await call("partnership", "/provide/figures?from=2026-04-01&from-day=1");
    assert.equal(both.status, 400);
    assert.match(both.text, /The start of the period was given more than once/);
  });
});

describe("the audit search", () => {
  test("dates in boxes search the trail and are shown again in their boxes; a bad box changes nothing", async () => {
    const send = form("partnership", "/audit/search");
    const res = await send({ ...boxes("from", "2020-01-01"), ...boxes("to", plusDays(1)) });
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /Rows that match, newest first/);
    assert.deepEqual(shownBoxes(res.text, "from"), { day: "1", month: "1", year: "2020", marked: [] });
    const bad = await send({ "from-day": "1", "from-month": "13", "from-year": "2026" });
    assert.equal(bad.status, 422, bad.text);
    assert.match(bad.text, /<a href="#from-month">The date to search from must be a real date<\/a>/);
    assert.doesNotMatch(bad.text, /Rows that match/);
  });
});
