// Training attendance everyone counts (issue 20; src/areas/training,
// migration 0146): on a session's register the partnership records someone
// who attended without a place — a person with no Haven account (name,
// agency, role) or a walk-in — and `haven import attendance` adds past
// attendance from a CSV file, all or nothing. Both count in the training
// figures and the annual report exactly as ticked bookings do, and a person
// without an account is never emailed.
//
// Sessions are written with the sqlite3 CLI at fixed past dates of their own
// (May 2018, in the 2018-19 year; imports go in 2019-20), so the figures for those days count only
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

const DAY = "2018-05-15";
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
  const p = path.join(haven.dir, `attendance-${++n}.csv`);
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
    assert.equal(r.status, 200, r.text);
    const reg = await call("partnership", `/api/v1/training/sessions/${SESSION}/register`);
    assert.equal(reg.status, 200);
    assert.deepEqual(reg.body.attendees.map((a) => [a.name, a.agency_name, a.role, a.has_account]), [
      ["Sam Visitor", "Little Acorns Day Nursery (fictional)", "Nursery practitioner", false],
    ]);
    const page = await call("partnership", `/training/sessions/${SESSION}/register`);
    assert.match(page.text, /Attended without a place/);
    assert.match(page.text, /<td class="govuk-table__cell"[^>]*><bdi>Sam Visitor<\/bdi><\/td>/);
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
    assert.equal(r.status, 200, r.text);
    await until("the follow-up to the booking is queued", () =>
      sql("SELECT count(*) FROM training_booking_emails WHERE booking_id = 9030 AND follow_up_queued_at IS NOT NULL;") === "1");
    assert.equal(sql("SELECT count(*) FROM mail_outbox WHERE to_address = 'no.account@example.org';"), "0");
  });
});

/** The table of `caption` in the annual report's HTML: [[label, shown]] (as tests/http/annual-report.test.mjs reads it). */
function reportTable(html, caption, size = "m") {
  const at = html.indexOf(`<caption class="govuk-table__caption govuk-table__caption--${size}">${caption}</caption>`);
  assert.ok(at >= 0, `a table "${caption}"`);
  const body = html.slice(at, html.indexOf("</table>", at));
  return [...body.matchAll(/<th scope="row" class="govuk-table__header">([^<]*)<\/th>\s*<td[^>]*>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
}

describe("haven import attendance", () => {
  const NEGLECT = "Recognising and responding to neglect";
  const good = [
    `2019-06-10,${NEGLECT},Alex One,,little-acorns-nursery,Nursery nurse,yes`,
    `2019-06-10,${NEGLECT.toLowerCase()},Bea Two,Bea@Example.org,brookfield-primary,Teacher,yes`,
    `2019-06-10,${NEGLECT},Pat Practitioner,practitioner@demo.haven.example,demo-teaching-hospitals,Nurse,yes`,
    "2019-07-01,2,Alex One,,little-acorns-nursery,Nursery nurse,yes",
    '2019-07-01,2,"Three, Cy",,csap,Officer,yes',
    "2019-07-01,2,Di Four,,csap,Officer,yes",
    "2019-07-01,2,Ed Five,,csap,Officer,no",
    `2019-06-10,${NEGLECT},alex one,,little-acorns-nursery,Nursery nurse,yes`,
  ];
  const audits = () => sql("SELECT group_concat(reason, ' | ') FROM audit_log WHERE action = 'training.attendance_import';");

  test("--help, and usage errors are one line with exit 2", () => {
    const r = runHaven(["import", "attendance", "--help"]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: haven import attendance --db PATH FILE\.csv/);
    assert.equal(runHaven(["import", "attendance", "x.csv"]).status, 2);
    assert.match(runHaven(["--help"]).stdout, /import attendance/);
  });

  test("a file with three bad rows names each row and field, and imports nothing", () => {
    const file = csvFile([
      `2019-02-30,${NEGLECT},Good Date Not,,csap,Officer,yes`,
      "2019-06-10,No such course,Someone,,csap,Officer,yes",
      `2019-06-10,${NEGLECT},Someone Else,,no-such-agency,Officer,maybe`,
      `2019-06-10,${NEGLECT},A Good Row,,csap,Officer,yes`,
    ]);
    const r = importFile(file);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /line 2: date: The date must be a real date/);
    assert.match(r.stderr, /line 3: course: There is no course with this title or number in Haven/);
    assert.match(r.stderr, /line 4: attended: Attended must be yes or no/);
    assert.doesNotMatch(r.stderr, /line 5:/, "the good row is not named");
    assert.match(r.stderr, /3 of 4 rows are wrong; nothing was imported/);
    assert.equal(imported(), 0);
    assert.equal(audits(), "", "no audit row for an import that changed nothing");
    // the database's checks name rows too: an unknown agency, alongside the file's checks
    const agency = importFile(csvFile([`2019-06-10,${NEGLECT},Someone Else,,no-such-agency,Officer,yes`, "2019-06-10,,No Course,,csap,Officer,yes"]));
    assert.equal(agency.status, 1);
    assert.match(agency.stderr, /line 2: agency: There is no agency with this slug/);
    assert.match(agency.stderr, /line 3: course: Enter the course/);
    assert.equal(imported(), 0);
  });

  test("a course's number is its digits alone: 02 and 2x name no course", () => {
    const r = importFile(csvFile(["2019-06-10,02,Someone,,csap,Officer,yes", "2019-06-10,2x,Someone,,csap,Officer,yes"]));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /line 2: course: There is no course with this title or number in Haven/);
    assert.match(r.stderr, /line 3: course: There is no course with this title or number in Haven/);
    assert.equal(imported(), 0);
  });

  test("a file that is not this layout changes nothing", () => {
    const p = path.join(haven.dir, "wrong-header.csv");
    writeFileSync(p, "email,module,completed_on\r\na@b.c,M,2019-01-01\r\n");
    const r = importFile(p);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /line 1: the header row must be/);
    assert.equal(imported(), 0);
  });

  test("a row dated after today (England's) is named by its line and field, and nothing of the file is imported", () => {
    const londonToday = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
    const [y, m, d] = londonToday.split("-").map(Number);
    const later = new Date(Date.UTC(y, m - 1, d + 2)).toISOString().slice(0, 10);
    const r = importFile(csvFile([good[0], `${later},${NEGLECT},Later,,csap,Officer,yes`, good[3]]));
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /line 3: date: The date is after today: only past attendance is imported/);
    assert.doesNotMatch(r.stderr, /line [24]:/, "the good rows are not named");
    assert.match(r.stderr, /1 of 3 rows are wrong; nothing was imported/);
    assert.equal(imported(), 0, "not even the good rows");
    assert.equal(audits(), "", "no audit row for an import that changed nothing");
  });

  test("a good file is imported in one go, audited once with its counts; a person in the file twice counts once", () => {
    const r = importFile(csvFile(good));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "6 added, 1 already recorded, 1 did not attend");
    assert.equal(imported(), 6);
    assert.equal(audits(), "6 added, 1 already recorded, 1 did not attend");
    assert.equal(sql("SELECT count(*) FROM training_attendees WHERE user_id = (SELECT id FROM users WHERE email = 'practitioner@demo.haven.example');"), "1", "the email of an account links it");
  });

  test("importing the same file again adds nothing, and says so", () => {
    const r = importFile(csvFile(good));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "0 added, 7 already recorded, 1 did not attend");
    assert.equal(imported(), 6);
    assert.equal(audits().split(" | ").length, 2, "one audit row per import");
  });

  test("the figures and the annual report's training figures count imported attendance", async () => {
    const f = await summary("2019-04-01", "2020-03-31");
    assert.equal(f.attendances, 6);
    assert.equal(f.practitioners, 5, "Alex One attended twice");
    assert.equal(f.sessions, 0, "no session was made up for them");
    const r = runHaven(["report", "annual", "--db", haven.dbPath, "--year", "2019-20"]);
    assert.equal(r.status, 0, r.stderr);
    const training = Object.fromEntries(reportTable(r.stdout, "Multi-agency training"));
    assert.equal(training["Attendances"], "6");
    // practitioners trained is at most the by-agency column's total (one who moved agency is in two rows),
    // so it is hidden while any agency's count is, as some are here
    assert.equal(training["Practitioners trained"], "not shown");
    assert.match(r.stdout, /Practitioners trained, by agency<\/caption>/);
  });
});

describe("a course with two sessions on one day", () => {
  const TWICE = "2018-06-20";
  test("a person on both sessions (a place and a walk-in, or an import and a walk-in) counts once for the course's day", async () => {
    sql(
      "INSERT INTO training_courses (id, title, description, audience, level, duration_minutes, open_to)" +
        " VALUES (960, 'Two sessions course', 'd', 'a', 'introductory', 180, 'everyone');" +
        "INSERT INTO training_sessions (id, course_id, date, starts, ends, mode, venue, capacity, trainer) VALUES" +
        ` (960, 960, '${TWICE}', '09:30', '12:30', 'venue', 'Town hall', 10, 'A trainer'),` +
        ` (961, 960, '${TWICE}', '13:30', '16:30', 'venue', 'Town hall', 10, 'A trainer');` +
        "INSERT INTO training_bookings (id, session_id, user_id, agency_id, status)" +
        " SELECT 9600, 960, id, agency_id, 'booked' FROM users WHERE email = 'dsl@demo.haven.example';",
    );
    // the DSL's place in the morning is ticked, and they are recorded walking in to the afternoon too
    assert.equal((await post("partnership", "/api/v1/training/sessions/960/attendance", { attended: [9600] })).status, 200);
    const dsl = await post("partnership", "/api/v1/training/sessions/961/attendees", {
      name: "Dee Ess-Ell", agency: "brookfield-primary", role: "DSL", email: "dsl@demo.haven.example",
    });
    assert.equal(dsl.status, 200, dsl.text);
    // the practitioner's attendance is imported (it goes on the earlier session) and they walk in to the later one
    const r = importFile(csvFile([`${TWICE},960,Pat Practitioner,practitioner@demo.haven.example,demo-teaching-hospitals,Nurse,yes`]));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql("SELECT session_id FROM training_attendees WHERE course_id = 960 AND source = 'import';"), "960");
    const pat = await post("partnership", "/api/v1/training/sessions/961/attendees", {
      name: "Pat Practitioner", agency: "demo-teaching-hospitals", role: "Nurse", email: "practitioner@demo.haven.example",
    });
    assert.equal(pat.status, 200, pat.text);
    assert.equal(sql("SELECT count(*) FROM training_attendees WHERE course_id = 960;"), "3", "each session's register has them");

    const f = await summary(TWICE);
    assert.equal(f.attendances, 2, "two people at one course's day");
    assert.equal(f.practitioners, 2);
    assert.equal(f.attendances_without_place, 1, "the DSL had a place that day; the practitioner did not");
    assert.deepEqual(f.by_course.map((c) => [c.title, c.sessions, c.attendances]), [["Two sessions course", 2, 2]]);
    const by = Object.fromEntries(f.by_agency.map((a) => [a.name, [a.attendances, a.practitioners]]));
    assert.deepEqual(by["Brookfield Primary School (fictional)"], [1, 1]);
    assert.deepEqual(by[sql("SELECT name FROM agencies WHERE slug = 'demo-teaching-hospitals';")], [1, 1]);
  });
});

describe("the annual report's training figures give no agency's small count away", () => {
  // 2017-18, which holds nothing else: five attended from one agency and one from another, imported past
  // attendance. The headline "Attendances" adds the agencies' attendances up, so it is their column's total:
  // shown beside the 5 (as it was when each table was settled alone) it made the hidden one 6 - 5 = 1.
  test("the attendances figure and the by-agency table are suppressed as one", () => {
    const people = ["Ann", "Ben", "Cat", "Dan", "Eve"].map((name) => [name, "csap"]).concat([["Fay", "brookfield-primary"]]);
    sql(
      "INSERT INTO training_attendees (course_id, date, name, agency_id, role, person_key, source) VALUES " +
        people
          .map(([name, agency]) => `((SELECT min(id) FROM training_courses), '2017-06-12', '${name}', (SELECT id FROM agencies WHERE slug = '${agency}'), 'Officer', 'n:${name}', 'import')`)
          .join(", ") +
        ";",
    );
    const r = runHaven(["report", "annual", "--db", haven.dbPath, "--year", "2017-18"]);
    assert.equal(r.status, 0, r.stderr);
    // [agency, attendances], the most attended first: the other agency's 1, and the 5 that goes so the
    // total cannot give the 1 away, and then the total itself, which "not shown" beside it would
    const byAgency = reportTable(r.stdout, "Practitioners trained, by agency", "s");
    assert.deepEqual(byAgency.map(([, shown]) => shown), ["not shown", "fewer than 5"]);
    assert.equal(byAgency[1][0], sql("SELECT name FROM agencies WHERE slug = 'brookfield-primary'").trim());
    assert.equal(Object.fromEntries(reportTable(r.stdout, "Multi-agency training"))["Attendances"], "not shown");
  });
});
