// An administrator removes a bank holiday the government has moved (in 2020
// the early May bank holiday moved from 4 to 8 May): built in or imported, with
// a reason kept in the audit row, after "Are you sure?" on the page
// (/admin/bank-holidays/{date}/remove) or in one request on the API
// (POST /api/v1/bank-holidays/{date}/remove). The date counts as a working
// day at once, and the deadlines stored with each serious incident review
// (next_due_on) are worked out again in the same unit of work, as an import's
// are. A later import that lists the date makes it a holiday again; one that
// does not leaves it removed.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query).trim();

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/** Whether the date "YYYY-MM-DD" is a Monday to Friday. */
const weekday = (date) => ![0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay());

/** gov.uk's bank-holidays.json holding `dates` (their weekdays), uploaded by the administrator through the API. */
async function uploadHolidays(dates) {
  const events = dates.filter(weekday).map((date, i) => ({ title: `Test holiday ${i + 1}`, date, notes: "", bunting: false }));
  const form = new FormData();
  form.append("file", new Blob([JSON.stringify({ "england-and-wales": { division: "england-and-wales", events } })]), "bank-holidays.json");
  return call("admin", "/api/v1/bank-holidays", { method: "POST", body: form });
}

/** The dates the administrator's API lists as bank holidays now. */
async function listedDates() {
  const r = await call("admin", "/api/v1/bank-holidays");
  assert.equal(r.status, 200, r.text);
  return r.body.holidays.map((h) => h.date);
}

const remove = (who, date, body) => post(who, `/api/v1/bank-holidays/${date}/remove`, body);

describe("the API", () => {
  test("lists every holiday known, built in and imported", async () => {
    const r = await call("admin", "/api/v1/bank-holidays");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.holidays.find((h) => h.date === "2026-05-04"),
      { date: "2026-05-04", date_text: "4 May 2026", title: "Early May bank holiday" });
  });

  test("removes a built-in holiday with a reason: it is a working day and the audit row keeps why", async () => {
    const r = await remove("admin", "2026-05-04", { reason: "Moved to Friday 8 May" });
    assert.equal(r.status, 200, r.text);
    assert.ok(!r.body.holidays.some((h) => h.date === "2026-05-04"), "the answer's list no longer has it");
    assert.ok(!(await listedDates()).includes("2026-05-04"));
    assert.equal(sql("SELECT reason FROM bank_holidays_removed WHERE date = '2026-05-04'"), "Moved to Friday 8 May");
    assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'calendar.bank_holiday_removed'"
      + " AND reason = '2026-05-04: Moved to Friday 8 May' AND user_id IS NOT NULL"), "1");
  });

  test("a date that is not a holiday now is not found, changing nothing", async () => {
    const generation = sql("SELECT generation FROM bank_holidays_generation");
    for (const date of ["2026-05-04" /* removed above */, "2026-05-05", "2026-05-09", "not-a-date", "2026-02-30"]) {
      const r = await remove("admin", date, { reason: "Moved" });
      assert.equal(r.status, 404, `${date}: ${r.text}`);
    }
    assert.equal(sql("SELECT generation FROM bank_holidays_generation"), generation, "no unit of work was kept");
  });

  test("a missing, blank or too long reason is refused naming reason, changing nothing", async () => {
    for (const body of [{}, { reason: "   " }, { reason: "x".repeat(501) }]) {
      const r = await remove("admin", "2026-05-25", body);
      assert.equal(r.status, 422, r.text);
      assert.deepEqual(errorFields(r.body), ["reason"]);
    }
    assert.ok((await listedDates()).includes("2026-05-25"));
    assert.equal(sql("SELECT count(*) FROM bank_holidays_removed WHERE date = '2026-05-25'"), "0");
  });

  test("only administrators", async () => {
    for (const who of ["partnership", "frontdoor", "agencyadmin", "practitioner"]) {
      assert.equal((await remove(who, "2026-05-25", { reason: "Moved" })).status, 403, who);
    }
    assert.equal((await remove(null, "2026-05-25", { reason: "Moved" })).status, 401);
    assert.ok((await listedDates()).includes("2026-05-25"));
  });
});

describe("a removed holiday and the deadlines already stored", () => {
  test("moves the stored deadline sooner at once, and an import listing it moves it back", async () => {
    const aware = plusDays(-20);
    const c = await post("partnership", "/api/v1/reviews", {
      child_pseudonym: "Child R",
      la: "blackburn-with-darwen",
      harm: "serious_harm",
      circumstances: "Fictional, for the tests of removing a bank holiday.",
      aware_on: aware,
    });
    assert.equal(c.status, 201, c.text);
    const id = c.body.id;
    const due = async () => (await call("partnership", `/api/v1/reviews/${id}`)).body.case.notification.due_on;
    const stored = () => sql(`SELECT next_due_on FROM review_cases WHERE id = ${id}`);

    // every weekday from the day after awareness to ten days on is a holiday: the deadline is past them
    const days = [];
    for (let n = -19; n <= 10; n++) days.push(plusDays(n));
    assert.equal((await uploadHolidays(days)).status, 200);
    const withAll = await due();
    assert.ok(withAll > plusDays(10), `the deadline ${withAll} is past the holidays`);
    assert.equal(stored(), withAll);

    // the first of them removed: it is a working day, so the fifth working day comes a day sooner
    const first = days.find(weekday);
    const r = await remove("admin", first, { reason: "Moved" });
    assert.equal(r.status, 200, r.text);
    const withOut = await due();
    assert.ok(withOut < withAll, `the deadline ${withOut} moved sooner than ${withAll}`);
    assert.equal(stored(), withOut, "the list's stored deadline is the page's");

    // an import not listing it leaves it removed; one listing it again is the authority
    assert.equal((await uploadHolidays([plusDays(40)])).status, 200);
    assert.ok(!(await listedDates()).includes(first));
    assert.equal(await due(), withOut);
    assert.equal((await uploadHolidays([first])).status, 200);
    assert.ok((await listedDates()).includes(first));
    assert.equal(await due(), withAll);
    assert.equal(stored(), withAll);
    assert.equal(sql(`SELECT count(*) FROM bank_holidays_removed WHERE date = '${first}'`), "0");
  });
});

describe("the page", () => {
  test("each holiday has a Remove link naming its date; the reason, then Are you sure?, then it is gone", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("admin");
    const list = await b.request("/admin/bank-holidays");
    assert.equal(list.status, 200);
    assert.match(list.text,
      /<a class="govuk-link" href="\/admin\/bank-holidays\/2026-05-25\/remove">Remove<span class="govuk-visually-hidden"> the bank holiday on 25 May 2026<\/span><\/a>/);

    const form = await b.request("/admin/bank-holidays/2026-05-25/remove");
    assert.equal(form.status, 200);
    assert.match(form.text, /Spring bank holiday, 25 May 2026/);
    const csrf = b.csrfOf(form.text);
    const path = "/admin/bank-holidays/2026-05-25/remove";

    let r = await b.request(path, { method: "POST", form: { csrf_token: csrf, reason: "" } });
    assert.equal(r.status, 422);
    assert.match(r.text, /govuk-error-summary/);
    assert.match(r.text, /Enter why the bank holiday is removed/);

    r = await b.request(path, { method: "POST", form: { csrf_token: csrf, reason: "Moved to Tuesday 26 May" } });
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /Are you sure 25 May 2026 is not a bank holiday\?/);
    assert.match(r.text, /Why: Moved to Tuesday 26 May/);
    assert.ok((await listedDates()).includes("2026-05-25"), "nothing is changed before Yes");

    r = await b.request(path, { method: "POST", form: { csrf_token: csrf, reason: "Moved to Tuesday 26 May", confirmed: "yes" } });
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, "/admin/bank-holidays");
    const shown = await b.request(r.location);
    assert.match(shown.text, /The bank holiday is removed: it counts as a working day/);
    assert.doesNotMatch(shown.text, /2026-05-25\/remove/);
    assert.ok(!(await listedDates()).includes("2026-05-25"));

    assert.equal((await b.request(path)).status, 404, "removed: not a holiday now");
  });

  test("not for other roles", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    assert.equal((await b.request("/admin/bank-holidays/2026-12-25/remove")).status, 403);
  });
});
