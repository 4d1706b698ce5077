// The training cancellation cut-off is the partnership's to set
// (src/areas/training/settings.c): 0 to 10 working days before a session,
// 3 until it is changed; changed by the partnership team on
// /training/settings (and its API twin), audited; and used wherever the
// cut-off is worked out: a session's "cancel by" date, whether a
// cancellation is late. (The reminder email's wording is checked in
// training-reminders.test.mjs.) A file of its own, so changing the setting
// never moves the dates training.test.mjs expects.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);

let courseId;

async function newSession(date) {
  const r = await post("partnership", `/api/v1/training/courses/${courseId}/sessions`, {
    date, starts: "09:30", ends: "12:30", mode: "venue", venue: "Town Hall", capacity: 5, trainer: "Jo Trainer",
  });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

const cutoffOf = async (id) => (await call("practitioner", `/api/v1/training/sessions/${id}`)).body.cancellation_cutoff;
const setCutoff = (days, who = "partnership") => post(who, "/api/v1/training/settings", { cutoff_working_days: days });

before(async () => {
  haven = await startHaven();
  const r = await post("partnership", "/api/v1/training/courses", {
    title: "Cut-off course", description: "For the tests", areas: ["neglect"], audience: "Everyone",
    level: "introductory", duration_minutes: 120, outcomes: ["Outcome one"], open_to: "everyone",
  });
  assert.equal(r.status, 201, r.text);
  courseId = r.body.id;
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("the cancellation cut-off", () => {
  test("is 3 working days until the partnership changes it; then each session's cancel-by date follows", async () => {
    assert.deepEqual((await call("partnership", "/api/v1/training/settings")).body.settings, { cutoff_working_days: 3 });
    // Monday 3 May 2027 is the early May bank holiday
    const afterHoliday = await newSession("2027-05-04");
    const ordinary = await newSession("2027-05-11");
    assert.equal(await cutoffOf(ordinary), "2027-05-06");
    let r = await setCutoff(1);
    assert.equal(r.status, 200, r.text);
    assert.equal(await cutoffOf(ordinary), "2027-05-10");
    assert.equal(await cutoffOf(afterHoliday), "2027-04-30", "the bank holiday is not a working day");
    assert.equal((await call("practitioner", `/api/v1/training/sessions/${ordinary}`)).body.cutoff_working_days, 1);
    r = await setCutoff(10);
    assert.equal(r.status, 200, r.text);
    assert.equal(await cutoffOf(ordinary), "2027-04-26");
    r = await setCutoff(0);
    assert.equal(r.status, 200, r.text);
    assert.equal(await cutoffOf(ordinary), "2027-05-11", "0: up to the session's own day");
    // the course page's sessions say the same
    const course = await call("practitioner", `/api/v1/training/courses/${courseId}`);
    assert.equal(course.status, 200, course.text);
    assert.equal(course.body.course.sessions.find((s) => s.id === ordinary).cancellation_cutoff, "2027-05-11");
    assert.equal((await setCutoff(3)).status, 200);
  });

  test("decides whether a cancellation is late", async () => {
    const tomorrow = await newSession(plusDays(1));
    assert.equal((await post("practitioner", `/api/v1/training/sessions/${tomorrow}/book`)).status, 201);
    assert.equal((await setCutoff(0)).status, 200);
    let r = await post("practitioner", `/api/v1/training/sessions/${tomorrow}/cancel`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.late, false, "with no cut-off, cancelling the day before is not late");
    assert.equal((await post("dsl", `/api/v1/training/sessions/${tomorrow}/book`)).status, 201);
    assert.equal((await setCutoff(3)).status, 200);
    r = await post("dsl", `/api/v1/training/sessions/${tomorrow}/cancel`);
    assert.equal(r.body.late, true, "3 working days: cancelling the day before is late");
  });

  test("only the partnership team changes it; a bad value is refused naming the field and changes nothing; each change is audited", async () => {
    const audited = () => Number(sql("SELECT count(*) FROM audit_log WHERE action = 'training.settings' AND reason LIKE 'cut-off%'"));
    const before = audited();
    for (const bad of [11, -1, "three", ""]) {
      const r = await setCutoff(bad);
      assert.equal(r.status, 422, `${bad}: ${r.text}`);
      assert.deepEqual(errorFields(r.body), ["cutoff_working_days"], String(bad));
    }
    assert.equal(sql("SELECT cutoff_working_days FROM training_settings"), "3");
    for (const who of ["practitioner", "scrutineer", "admin"])
      assert.equal((await setCutoff(1, who)).status, 403, who);
    assert.equal((await call("practitioner", "/api/v1/training/settings")).status, 403);
    assert.equal(sql("SELECT cutoff_working_days FROM training_settings"), "3");
    assert.equal((await setCutoff(2)).status, 200);
    assert.equal(audited(), before + 1);
    assert.equal((await setCutoff(3)).status, 200);
  });

  test("the settings page: the form, its error at the field, the session page's cancel-by date", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const dashboard = await b.request("/dashboard");
    assert.match(dashboard.text, /href="\/training\/settings"/);
    const page = await b.request("/training/settings");
    assert.equal(page.status, 200);
    assert.match(page.text, /id="cutoff_working_days" name="cutoff_working_days"[^>]*value="3"/);
    let r = await b.request("/training/settings", { method: "POST", form: { csrf_token: b.csrfOf(page.text), cutoff_working_days: "12" } });
    assert.equal(r.status, 422);
    assert.match(r.text, /govuk-error-summary/);
    assert.match(r.text, /href="#cutoff_working_days"/);
    assert.match(r.text, /value="12"/, "what was typed is kept");
    r = await b.request("/training/settings", { method: "POST", form: { csrf_token: b.csrfOf(page.text), cutoff_working_days: "2" } });
    assert.equal(r.status, 303, r.text);
    const ordinary = await newSession("2027-05-11");
    assert.match((await b.request(`/training/sessions/${ordinary}`)).text, /Friday 7 May 2027: cancelling a place after this/);
    assert.equal((await setCutoff(3)).status, 200);
  });
});
