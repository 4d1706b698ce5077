// How often each kind of quality assurance audit comes round is the
// partnership's to set (src/areas/assurance, migration 0197): whole months
// from 6 to 36, Section 11 every 24 and Section 175/157 every 12 until
// changed; changed by the partnership team on /quality-assurance/settings
// and its API twin, audited, each bad value refused naming its field with
// nothing changed; and the cycles page's next-due dates follow it. A file of
// its own, so changing the setting never moves the dates
// assurance-due.test.mjs expects.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (q) => sqlText(haven.dbPath, q);
const MESSAGE = "Enter a whole number of months from 6 to 36";

/** `iso` plus `months` calendar months, the day kept or the month's last day (calendar_add_months). */
function addMonths(iso, months) {
  const [y, m, d] = iso.split("-").map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12), month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const two = (v) => String(v).padStart(2, "0");
  return `${year}-${two(month)}-${two(Math.min(d, last))}`;
}

const setMonths = (section11_months, section175_months, who = "partnership") =>
  post(who, "/api/v1/qa/settings", { section11_months, section175_months });
const stored = () => sql("SELECT section11_months || ',' || section175_months FROM assurance_settings");

let agency11, school, last11, last175;

before(async () => {
  haven = await startHaven();
  // one agency's Section 11 return and one school's Section 175/157 return, submitted on chosen dates
  agency11 = Number(sql("SELECT min(r.agency_id) FROM qa_returns r JOIN qa_cycles c ON c.id = r.cycle_id" +
    " JOIN qa_standard_sets s ON s.id = c.standard_set_id WHERE s.kind = 'section11'"));
  school = Number(sql("SELECT min(id) FROM agencies WHERE type = 'school'"));
  last11 = plusDays(-400); // 13 months or so ago
  last175 = plusDays(-250); // 8 months or so ago
  sql(`UPDATE qa_returns SET submitted_on = '${last11}' WHERE agency_id = ${agency11} AND cycle_id IN` +
    ` (SELECT c.id FROM qa_cycles c JOIN qa_standard_sets s ON s.id = c.standard_set_id WHERE s.kind = 'section11')`);
  sql(`UPDATE qa_returns SET submitted_on = '${last175}' WHERE agency_id = ${school} AND cycle_id IN` +
    ` (SELECT c.id FROM qa_cycles c JOIN qa_standard_sets s ON s.id = c.standard_set_id WHERE s.kind = 'section175')`);
});
after(async () => {
  await haven?.stop();
});

const dueOf = async (agency, kind) => {
  const r = await call("partnership", "/api/v1/qa/cycles");
  assert.equal(r.status, 200, r.text);
  return { row: r.body.audits_due.find((d) => d.agency_id === agency && d.kind === kind), intervals: r.body.intervals };
};

describe("how often agencies and schools are audited", () => {
  test("is 24 and 12 months until the partnership changes it; then the next-due dates follow", async () => {
    assert.deepEqual((await call("partnership", "/api/v1/qa/settings")).body.settings, { section11_months: 24, section175_months: 12 });
    let a = await dueOf(agency11, "section11");
    assert.deepEqual(a.intervals, { section11_months: 24, section175_months: 12 });
    assert.deepEqual([a.row.next_due_on, a.row.overdue], [addMonths(last11, 24), false]);
    let s = await dueOf(school, "section175");
    assert.deepEqual([s.row.next_due_on, s.row.overdue], [addMonths(last175, 12), false]);

    const r = await setMonths(12, 6);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.settings, { section11_months: 12, section175_months: 6 });
    a = await dueOf(agency11, "section11");
    assert.deepEqual(a.intervals, { section11_months: 12, section175_months: 6 });
    assert.deepEqual([a.row.next_due_on, a.row.overdue], [addMonths(last11, 12), true], "13 months on: overdue");
    s = await dueOf(school, "section175");
    assert.deepEqual([s.row.next_due_on, s.row.overdue], [addMonths(last175, 6), true]);
    const counted = (await call("partnership", "/api/v1/qa/cycles?show=overdue")).body;
    assert.ok(counted.audits_due.some((d) => d.agency_id === agency11 && d.kind === "section11"));

    assert.equal((await setMonths(36, 36)).status, 200, "the bounds are allowed");
    s = await dueOf(school, "section175");
    assert.deepEqual([s.row.next_due_on, s.row.overdue], [addMonths(last175, 36), false]);
    assert.equal((await setMonths(24, 12)).status, 200);
  });

  test("a bad value is refused naming its field, and changes neither", async () => {
    assert.equal((await setMonths(18, 9)).status, 200);
    for (const [s11, s175, fields] of [
      [5, 12, ["section11_months"]],
      [37, 12, ["section11_months"]],
      [24, 0, ["section175_months"]],
      [24, -12, ["section175_months"]],
      [40, 2, ["section11_months", "section175_months"]],
      [24, null, ["section175_months"]],
    ]) {
      const r = await setMonths(s11, s175);
      assert.equal(r.status, 422, `${s11}, ${s175}: ${r.text}`);
      assert.deepEqual(errorFields(r.body).sort(), fields, `${s11}, ${s175}`);
      assert.ok(r.text.includes(MESSAGE), r.text);
      assert.equal(stored(), "18,9");
    }
    for (const bad of ["twelve", 12.5, ""]) {
      const r = await setMonths(bad, 12);
      assert.equal(r.status, 422, `${bad}: ${r.text}`);
      assert.deepEqual(errorFields(r.body), ["section11_months"], String(bad));
      assert.match(r.text, /The months between Section 11 returns must be a whole number/);
    }
    const r = await post("partnership", "/api/v1/qa/settings", { section11_months: 24 });
    assert.equal(r.status, 422, "both are sent");
    assert.deepEqual(errorFields(r.body), ["section175_months"]);
    assert.equal(stored(), "18,9");
    assert.equal((await setMonths(24, 12)).status, 200);
  });

  test("only the partnership team reads and changes it; each change is audited with the new values", async () => {
    const audited = () => Number(sql("SELECT count(*) FROM audit_log WHERE action = 'qa.settings' AND reason LIKE 'Section 11 every%'"));
    const before = audited();
    for (const who of ["scrutineer", "admin", "dsl", "agencyadmin", "practitioner"]) {
      assert.equal((await setMonths(12, 12, who)).status, 403, who);
      assert.equal((await call(who, "/api/v1/qa/settings")).status, 403, who);
    }
    assert.equal(stored(), "24,12");
    assert.equal((await setMonths(30, 18)).status, 200);
    assert.equal(audited(), before + 1);
    assert.equal(sql("SELECT reason FROM audit_log WHERE action = 'qa.settings' ORDER BY id DESC LIMIT 1"),
      "Section 11 every 30 months, Section 175/157 every 18");
    assert.equal((await setMonths(24, 12)).status, 200);
  });

  test("the page: the form, an error at its field with what was typed, and the cycles page's words", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const cycles = await b.request("/quality-assurance/cycles");
    assert.match(cycles.text, /Section 11 every 24 months from the last submitted return; Section 175\/157 every 12 months\./);
    assert.match(cycles.text, /href="\/quality-assurance\/settings"/);
    assert.match((await b.request("/dashboard")).text, /href="\/quality-assurance\/settings"/);
    const page = await b.request("/quality-assurance/settings");
    assert.equal(page.status, 200);
    assert.match(page.text, /id="section11_months" name="section11_months"[^>]*value="24"/);
    assert.match(page.text, /id="section175_months" name="section175_months"[^>]*value="12"/);
    let r = await b.request("/quality-assurance/settings", {
      method: "POST", form: { csrf_token: b.csrfOf(page.text), section11_months: "48", section175_months: "6" },
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /govuk-error-summary/);
    assert.match(r.text, /href="#section11_months"/);
    assert.ok(r.text.includes(MESSAGE));
    assert.match(r.text, /id="section11_months" name="section11_months"[^>]*value="48"/, "what was typed is kept");
    assert.equal(stored(), "24,12");
    r = await b.request("/quality-assurance/settings", {
      method: "POST", form: { csrf_token: b.csrfOf(page.text), section11_months: "18", section175_months: "6" },
    });
    assert.equal(r.status, 303, r.text);
    assert.equal(stored(), "18,6");
    assert.match((await b.request("/quality-assurance/cycles")).text, /Section 11 every 18 months from the last submitted return; Section 175\/157 every 6 months\./);
    assert.equal((await setMonths(24, 12)).status, 200);
  });
});
