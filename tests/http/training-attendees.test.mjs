// Training attendance everyone counts (issue 20; src/areas/training,
// migration 0146): on a session's register the partnership records someone
// who attended without a place — a person with no Haven account (name,
// agency, role) or a walk-in — and `haven import attendance` adds past
// attendance from a CSV file, all or nothing. Both count in the training
// figures and the annual report exactly as ticked bookings do, and a person
// without an account is never emailed.
//
// Sessions are written with the sqlite3 CLI at fixed past dates of their own
// (May 2019, the 2018-19 year), so the figures for those days count only
// what this test records.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { apiClient, errorFields, plusDays, sqlText, until } from "../lib/api.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);

const DAY = "2019-05-14";
const SESSION = 901;

/** A session of a new course `title` on `date` (09:30 to 12:30), with a place for each demo account in `booked`. */
function sessionOn(id, title, date, booked = []) {
  sql(
    "INSERT INTO training_courses (id, title, description, audience, level, duration_minutes, open_to)" +
      ` VALUES (${id}, '${title}', 'd', 'a', 'introductory', 180, 'everyone');` +
      "INSERT INTO training_sessions (id, course_id, date, starts, ends, mode, venue, capacity, trainer)" +
      ` VALUES (${id}, ${id}, '${date}', '09:30', '12:30', 'venue', 'Town hall', 10, 'A trainer');` +
      booked
        .map((who, i) =>
          "INSERT INTO training_bookings (id, session_id, user_id, agency_id, status)" +
          ` SELECT ${id}${i}, ${id}, id, agency_id, 'booked' FROM users WHERE email = '${who}@demo.haven.example';`)
        .join(""),
  );
}

const summary = async (from, to = from) => {
  const r = await call("partnership", `/api/v1/training/summary?from=${from}&to=${to}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};

let n = 0;
function csvFile(lines) {
  const p = path.join(path.dirname(haven.dbPath), `attendance-${++n}.csv`);
  writeFileSync(p, ["date,course,name,email,agency,role,attended", ...lines].join("\r\n") + "\r\n");
  return p;
}
const importFile = (file) => runHaven(["import", "attendance", "--db", haven.dbPath, file]);
const imported = () => Number(sql("SELECT count(*) FROM training_attendees WHERE source = 'import';"));

before(async () => {
  delete process.env.HAVEN_SMTP_URL;
  haven = await startHaven({ env: { HAVEN_TRAINING_JOB_SECONDS: "1" } });
  sessionOn(SESSION, 'Attendance test course', DAY, ["dsl", "practitioner"]);
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("the register records people who attended without a place", () => {
  test("a person with no Haven account, by name, agency and role, is on the register", async () => {
    const r = await post("partnership", `/api/v1/training/sessions/${SESSION}/attendees`, {
      name: "Sam Visitor", agency: "little-acorns-nursery", role: "Nursery practitioner",
    });
    assert.ok(r.status === 200 || r.status === 201, r.text);
    const reg = await call("partnership", `/api/v1/training/sessions/${SESSION}/register`);
    assert.equal(reg.status, 200);
    assert.deepEqual(reg.body.attendees.map((a) => [a.name, a.agency_name, a.role, a.has_account]), [
      ["Sam Visitor", "Little Acorns Day Nursery (fictional)", "Nursery practitioner", false],
    ]);
    const page = await call("partnership", `/training/sessions/${SESSION}/register`);
    assert.match(page.text, /Attended without a place/);
    assert.match(page.text, /<td class="govuk-table__cell">Sam Visitor<\/td>/);
    assert.equal(sql(`SELECT action || ':' || resource_id FROM audit_log WHERE action = 'training.attendee_add';`), `training.attendee_add:${SESSION}`);
  });

  test("a walk-in with an account but no place is linked to the account; one with a place is told to tick them", async () => {
    const walkIn = await call("partnership", `/training/sessions/${SESSION}/attendees`, {
      method: "POST", form: { name: "A police officer", agency: "lancashire-constabulary", role: "Officer", email: "police@demo.haven.example" },
    });
    assert.equal(walkIn.status, 303, walkIn.text);
    assert.equal(sql(`SELECT user_id = (SELECT id FROM users WHERE email = 'police@demo.haven.example') FROM training_attendees WHERE name = 'A police officer';`), "1");
    const booked = await post("partnership", `/api/v1/training/sessions/${SESSION}/attendees`, {
      name: "Dee Ess-Ell", agency: "brookfield-primary", role: "DSL", email: "dsl@demo.haven.example",
    });
    assert.equal(booked.status, 422, booked.text);
    assert.deepEqual(errorFields(booked.body), ["email"]);
    assert.match(booked.body.errors[0].detail, /has a place on this session: tick them/);
  });

  test("bad input is refused naming each field, and the page shows it again with what was typed", async () => {
    const before = sql("SELECT count(*) FROM training_attendees;");
    const missing = await post("partnership", `/api/v1/training/sessions/${SESSION}/attendees`, { email: "not-an-email" });
    assert.equal(missing.status, 422, missing.text);
    assert.deepEqual(errorFields(missing.body).sort(), ["agency", "email", "name", "role"]);
    const unknown = await post("partnership", `/api/v1/training/sessions/${SESSION}/attendees`, { name: "X", agency: "no-such-agency", role: "R" });
    assert.equal(unknown.status, 422);
    assert.deepEqual(errorFields(unknown.body), ["agency"]);
    const again = await post("partnership", `/api/v1/training/sessions/${SESSION}/attendees`, {
      name: "sam visitor", agency: "little-acorns-nursery", role: "Nursery practitioner",
    });
    assert.equal(again.status, 422);
    assert.match(again.body.errors[0].detail, /already recorded as attending this session/);
    const page = await call("partnership", `/training/sessions/${SESSION}/attendees`, {
      method: "POST", form: { name: "Typed name", agency: "no-such-agency", role: "" },
    });
    assert.equal(page.status, 422);
    assert.match(page.text, /govuk-error-summary/);
    assert.match(page.text, /value="Typed name"/);
    assert.equal(sql("SELECT count(*) FROM training_attendees;"), before, "nothing recorded");
  });

  test("nobody attends a session before it starts, and only the partnership keeps registers", async () => {
    sessionOn(902, "Next month course", plusDays(30));
    const r = await post("partnership", "/api/v1/training/sessions/902/attendees", { name: "Early", agency: "csap", role: "R" });
    assert.equal(r.status, 409, r.text);
    for (const who of ["practitioner", "dsl", "scrutineer"])
      assert.equal((await post(who, `/api/v1/training/sessions/${SESSION}/attendees`, { name: "N", agency: "csap", role: "R" })).status, 403, who);
    assert.equal((await post("partnership", "/api/v1/training/sessions/999999/attendees", { name: "N", agency: "csap", role: "R" })).status, 404);
  });

  test("the figures count them exactly as ticked places, each person once", async () => {
    const ticked = await post("partnership", `/api/v1/training/sessions/${SESSION}/attendance`, { attended: [Number(`${SESSION}0`)] });
    assert.equal(ticked.status, 200, ticked.text);
    const f = await summary(DAY);
    assert.equal(f.attendances, 3, "the ticked place, the person with no account and the walk-in");
    assert.equal(f.attendances_without_place, 2);
    assert.equal(f.practitioners, 3);
    assert.equal(f.no_shows, 1, "the unticked place; people without a place are never no-shows");
    assert.equal(f.no_show_rate, 0.5, "over places only");
    const by = Object.fromEntries(f.by_agency.map((a) => [a.name, [a.attendances, a.practitioners]]));
    assert.deepEqual(by["Little Acorns Day Nursery (fictional)"], [1, 1]);
    assert.deepEqual(by["Lancashire Constabulary (demo)"], [1, 1]);
    assert.deepEqual(f.by_course.map((c) => [c.title, c.sessions, c.attendances]), [["Attendance test course", 1, 3]]);
    const page = await call("partnership", `/training/summary?from=${DAY}&to=${DAY}`);
    assert.match(page.text, /3 \(2 without a place/);
  });

  test("one recorded in error is taken off the register, and the figures follow", async () => {
    const id = sql("SELECT id FROM training_attendees WHERE name = 'A police officer';");
    const r = await post("partnership", `/api/v1/training/sessions/${SESSION}/attendees/${id}/remove`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal((await summary(DAY)).attendances, 2);
    assert.equal((await post("partnership", `/api/v1/training/sessions/${SESSION}/attendees/${id}/remove`, {})).status, 404);
  });

  test("a person without an account is never emailed: the follow-up goes to the booking only", async () => {
    const date = plusDays(-100);
    sessionOn(903, "Follow-up test course", date, ["practitioner"]);
    sql("UPDATE training_bookings SET attendance = 'attended' WHERE session_id = 903;");
    const r = await post("partnership", "/api/v1/training/sessions/903/attendees", {
      name: "No Account", agency: "csap", role: "Volunteer", email: "no.account@example.org",
    });
    assert.ok(r.status === 200 || r.status === 201, r.text);
    await until("the follow-up to the booking is queued", () =>
      sql("SELECT count(*) FROM training_booking_emails WHERE booking_id = 9030 AND follow_up_queued_at IS NOT NULL;") === "1");
    assert.equal(sql("SELECT count(*) FROM mail_outbox WHERE to_address = 'no.account@example.org';"), "0");
  });
});
