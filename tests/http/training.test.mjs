// Workforce development (src/areas/training): who may do what, managing
// courses and sessions, the booking race (two people asking for the last
// place at once: exactly one gets it, the other waits), the waiting list's
// order, the cancellation cut-off in working days around a bank holiday, the
// joining link, the calendar file (parsed by Python's icalendar when it is
// installed), the confirmation emails in the outbox, attendance and no-shows,
// certificates, evaluations and the figures for a period.
//
// The demo's practitioner, DSL and IDVA are the people who book.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { apiClient, dateWords, plusDays, sqlRows, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";
import { readXlsx } from "../lib/xlsx.mjs";

let haven;
const { call, post, request, token: as } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);

const TODAY = plusDays(0);

let courseId, chargedCourseId;

async function newCourse(extra = {}) {
  const r = await post("partnership", "/api/v1/training/courses", {
    title: "Test course", description: "For the tests", areas: ["neglect"], audience: "Everyone",
    level: "introductory", duration_minutes: 120, outcomes: ["Outcome one", "Outcome two"], open_to: "everyone",
    ...extra,
  });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

async function newSession(date, capacity, extra = {}) {
  const r = await post("partnership", `/api/v1/training/courses/${extra.course ?? courseId}/sessions`, {
    date, starts: "09:30", ends: "12:30", mode: "venue", venue: "Town Hall", capacity, trainer: "Jo Trainer",
    ...extra.fields,
  });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

before(async () => {
  haven = await startHaven();
  courseId = await newCourse();
  chargedCourseId = await newCourse({ title: "Charged course", areas: ["domestic_abuse", "other"], no_show_charge_pence: 5000 });
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("roles", () => {
  test("everyone signed in sees the programme; nobody signed in does not", async () => {
    for (const who of ["admin", "practitioner", "scrutineer", "police"])
      assert.equal((await call(who, "/api/v1/training/sessions")).status, 200, who);
    assert.equal((await call(null, "/api/v1/training/sessions")).status, 401);
    const page = await call("practitioner", "/training");
    assert.equal(page.status, 200);
    assert.match(page.text, /Coming sessions/);
  });

  test("the administrator and the scrutineer do not book; a practitioner does not manage", async () => {
    const id = await newSession(plusDays(40), 5);
    assert.equal((await post("admin", `/api/v1/training/sessions/${id}/book`)).status, 403);
    assert.equal((await post("scrutineer", `/api/v1/training/sessions/${id}/book`)).status, 403);
    assert.equal((await post("practitioner", "/api/v1/training/courses", {})).status, 403);
    assert.equal((await call("practitioner", `/api/v1/training/sessions/${id}/register`)).status, 403);
    assert.equal((await call("practitioner", "/api/v1/training/summary")).status, 403);
    assert.equal((await call("partnership", "/api/v1/training/summary")).status, 200);
    assert.equal((await call("scrutineer", "/api/v1/training/summary")).status, 403, "the scrutineer reads it suppressed on /scrutiny");
  });

  test("the dashboard offers booking only to those who may book; a session's page tells the others why they cannot", async () => {
    const id = await newSession(plusDays(41), 5);
    for (const who of ["admin", "agencyadmin", "scrutineer"]) {
      const dashboard = await call(who, "/dashboard");
      assert.equal(dashboard.status, 200, who);
      assert.doesNotMatch(dashboard.text, /Find and book multi-agency training/, who);
      const page = await call(who, `/training/sessions/${id}`);
      assert.equal(page.status, 200, who);
      assert.doesNotMatch(page.text, /Book a place/, who);
      assert.match(page.text, /id="cannot-book">Places are booked by the people who take part in training/, who);
    }
    for (const who of ["practitioner", "partnership"]) {
      assert.match((await call(who, "/dashboard")).text, /href="\/training">Find and book multi-agency training</, who);
      const page = await call(who, `/training/sessions/${id}`);
      assert.match(page.text, /Book a place/, who);
      assert.doesNotMatch(page.text, /cannot-book/, who);
    }
  });

  test("the demo's sessions are on working days, whatever day the demo was loaded", () => {
    // the tests' own sessions are at the Town Hall
    const dates = sql("SELECT date FROM training_sessions WHERE venue IS NULL OR venue <> 'Town Hall';").split("\n").filter(Boolean);
    assert.ok(dates.length >= 5, dates.join(", "));
    for (const date of dates)
      assert.ok(![0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay()), `${date} is a weekend`);
  });

  test("a course and session are validated", async () => {
    const bad = await post("partnership", "/api/v1/training/courses", { title: "x" });
    assert.equal(bad.status, 422);
    const s = await post("partnership", `/api/v1/training/courses/${courseId}/sessions`, {
      date: plusDays(10), starts: "9.30", ends: "08:00", mode: "virtual", capacity: 3, trainer: "T",
    });
    assert.equal(s.status, 422);
    assert.deepEqual(s.body.errors.map((e) => e.field).sort(), ["joining_link", "starts"]);
    assert.equal((await post("partnership", "/api/v1/training/courses/999999/sessions", {
      date: plusDays(10), starts: "09:30", ends: "10:00", mode: "venue", venue: "V", capacity: 3, trainer: "T",
    })).status, 404);
  });
});

describe("booking", () => {
  test("the booking race: two people asking for the last place at once, 20 times", async () => {
    await as("practitioner");
    await as("dsl");
    for (let i = 0; i < 20; i++) {
      const id = await newSession(plusDays(60 + i), 1);
      const [a, b] = await Promise.all([
        post("practitioner", `/api/v1/training/sessions/${id}/book`),
        post("dsl", `/api/v1/training/sessions/${id}/book`),
      ]);
      assert.equal(a.status, 201, a.text);
      assert.equal(b.status, 201, b.text);
      assert.deepEqual([a.body.status, b.body.status].sort(), ["booked", "waiting"], `round ${i}`);
      const s = await call("partnership", `/api/v1/training/sessions/${id}`);
      assert.equal(s.body.booked, 1);
      assert.equal(s.body.waiting, 1);
      assert.equal(s.body.places_left, 0);
    }
  });

  test("booking twice is refused; the waiting list is offered places in order", async () => {
    const id = await newSession(plusDays(30), 1);
    const a = await post("practitioner", `/api/v1/training/sessions/${id}/book`);
    assert.equal(a.body.status, "booked");
    assert.equal((await post("practitioner", `/api/v1/training/sessions/${id}/book`)).status, 409);
    const b = await post("dsl", `/api/v1/training/sessions/${id}/book`);
    const c = await post("idva", `/api/v1/training/sessions/${id}/book`);
    assert.equal(b.body.status, "waiting");
    assert.equal(c.body.status, "waiting");

    const first = await post("practitioner", `/api/v1/training/sessions/${id}/cancel`);
    assert.equal(first.status, 200);
    assert.equal(first.body.late, false, "30 days ahead is before the cut-off");
    assert.equal(first.body.promoted_booking_id, b.body.booking_id, "the first waiting gets the place");
    assert.equal((await call("dsl", `/api/v1/training/sessions/${id}`)).body.my_status, "booked");
    assert.equal((await call("idva", `/api/v1/training/sessions/${id}`)).body.my_status, "waiting");

    const second = await post("dsl", `/api/v1/training/sessions/${id}/cancel`);
    assert.equal(second.body.promoted_booking_id, c.body.booking_id);
    const reg = await call("partnership", `/api/v1/training/sessions/${id}/register`);
    assert.equal(reg.status, 200);
    assert.deepEqual(reg.body.bookings.map((r) => [r.id, r.status]), [[c.body.booking_id, "booked"]]);
    assert.equal((await post("dsl", `/api/v1/training/sessions/${id}/cancel`)).status, 404, "nothing left to cancel");

    // each place given is confirmed through the outbox, with a calendar file
    const mails = sql(
      "SELECT to_address || '|' || subject || '|' || attachment_name FROM mail_outbox " +
        "WHERE to_address IN ('dsl@demo.haven.example','idva@demo.haven.example') AND subject LIKE '%now yours' ORDER BY id;",
    );
    assert.match(mails, /dsl@demo\.haven\.example\|A training place is now yours\|session\.ics/);
    assert.match(mails, /idva@demo\.haven\.example\|A training place is now yours\|session\.ics/);
  });

  test("the cut-off is 3 working days before, skipping bank holidays", async () => {
    // Monday 3 May 2027 is the early May bank holiday
    const afterHoliday = await newSession("2027-05-04", 5);
    const ordinary = await newSession("2027-05-11", 5);
    assert.equal((await call("practitioner", `/api/v1/training/sessions/${afterHoliday}`)).body.cancellation_cutoff, "2027-04-28");
    assert.equal((await call("practitioner", `/api/v1/training/sessions/${ordinary}`)).body.cancellation_cutoff, "2027-05-06");
    // Christmas 2026: Friday 25 and Monday 28 December are bank holidays
    const christmas = await newSession("2026-12-29", 5);
    assert.equal((await call("practitioner", `/api/v1/training/sessions/${christmas}`)).body.cancellation_cutoff, "2026-12-22");
  });

  test("cancelling a place after the cut-off counts as late; leaving a waiting list never does", async () => {
    const id = await newSession(plusDays(1), 1);
    await post("practitioner", `/api/v1/training/sessions/${id}/book`);
    await post("dsl", `/api/v1/training/sessions/${id}/book`);
    const w = await post("dsl", `/api/v1/training/sessions/${id}/cancel`);
    assert.equal(w.body.late, false);
    const late = await post("practitioner", `/api/v1/training/sessions/${id}/cancel`);
    assert.equal(late.body.late, true);
    const mine = await call("practitioner", "/api/v1/training/bookings");
    assert.equal(mine.body.bookings.find((b) => b.id === late.body.booking_id).late_cancellation, true);
  });

  test("the booking and cancelling emails are their templates' plain text, with the course title as typed", async () => {
    const course = await newCourse({ title: 'Drugs & alcohol: "county lines"' });
    const date = plusDays(35);
    const id = await newSession(date, 5, { course });
    const lastEmail = () =>
      sqlRows(
        haven.dbPath,
        "SELECT subject, body_text, attachment_name FROM mail_outbox" +
          " WHERE to_address = 'practitioner@demo.haven.example' ORDER BY id DESC LIMIT 1;",
      )[0];
    const booked = await post("practitioner", `/api/v1/training/sessions/${id}/book`);
    assert.equal(booked.status, 201, booked.text);
    // src/areas/training/emails/booked.mustache, not HTML-escaped; times as every page writes them, "9:30am"
    assert.deepEqual(lastEmail(), {
      subject: "Your training place is booked",
      body_text:
        `Your place is booked: Drugs & alcohol: "county lines" on ${dateWords(date, { weekday: true })}, 9:30am to 12:30pm.\n\n` +
        "Sign in to Haven to see the details, add it to your calendar or cancel.\n",
      attachment_name: "session.ics",
    });
    assert.equal((await post("practitioner", `/api/v1/training/sessions/${id}/cancel`)).status, 200);
    // src/areas/training/emails/cancelled.mustache
    assert.deepEqual(lastEmail(), {
      subject: "Your training place is cancelled",
      body_text:
        `Your place on Drugs & alcohol: "county lines" on ${dateWords(date, { weekday: true })} at 9:30am has been cancelled.\n\n` +
        "Sign in to Haven to see the details, add it to your calendar or cancel.\n",
      attachment_name: "session.ics",
    });
  });

  test("a joining link is shown only to people with a place", async () => {
    const id = await newSession(plusDays(20), 5, { fields: { mode: "virtual", venue: undefined, joining_link: "https://meet.example.org/x" } });
    assert.equal((await call("practitioner", `/api/v1/training/sessions/${id}`)).body.joining_link, null);
    await post("practitioner", `/api/v1/training/sessions/${id}/book`);
    assert.equal((await call("practitioner", `/api/v1/training/sessions/${id}`)).body.joining_link, "https://meet.example.org/x");
    assert.equal((await call("dsl", `/api/v1/training/sessions/${id}`)).body.joining_link, null);
    const list = await call("dsl", "/api/v1/training/sessions");
    assert.ok(list.body.sessions.every((s) => s.joining_link === null));
  });

  test("a course for partner agencies refuses someone from another kind of organisation", async () => {
    const partners = await newCourse({ title: "Partners only", open_to: "partners" });
    const id = await newSession(plusDays(25), 5, { course: partners });
    sql("UPDATE agencies SET type = 'other' WHERE slug = 'demo-idva-service';");
    try {
      assert.equal((await post("idva", `/api/v1/training/sessions/${id}/book`)).status, 403);
      assert.equal((await post("practitioner", `/api/v1/training/sessions/${id}/book`)).status, 201);
    } finally {
      sql("UPDATE agencies SET type = 'idva_service' WHERE slug = 'demo-idva-service';");
    }
  });

  test("the calendar file is RFC 5545 with the London time in UTC", async () => {
    const id = await newSession("2027-05-04", 5); // BST: 09:30 London is 08:30 UTC
    const r = await call("practitioner", `/training/sessions/${id}/calendar.ics`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get("content-type"), /^text\/calendar/);
    assert.match(r.text, /^BEGIN:VCALENDAR\r\n/);
    assert.match(r.text, /DTSTART:20270504T083000Z\r\n/);
    assert.match(r.text, /DTEND:20270504T113000Z\r\n/);
    const winter = await newSession("2027-01-12", 5);
    assert.match((await call("practitioner", `/training/sessions/${winter}/calendar.ics`)).text, /DTSTART:20270112T093000Z/);
    // Debian's python3-icalendar is installed for the system Python, which may not be first on PATH
    const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    const py = spawnSync(python, ["-c", "import icalendar"], { encoding: "utf8" });
    if (py.status === 0) {
      const parsed = spawnSync(
        python,
        ["-c", "import sys, icalendar; c = icalendar.Calendar.from_ical(sys.stdin.read()); e = c.walk('VEVENT')[0]; print(e.decoded('DTSTART').isoformat(), e.get('SUMMARY'))"],
        { input: r.text, encoding: "utf8" },
      );
      assert.equal(parsed.status, 0, parsed.stderr);
      assert.equal(parsed.stdout.trim(), "2027-05-04T08:30:00+00:00 Test course");
    }
  });
});

describe("pages", () => {
  test("a browser's change leads to its page; a refusal shows the page again with the reason and what was typed", async () => {
    const sessionId = await newSession(plusDays(20), 5);
    const form = (fields) => ({ method: "POST", form: fields });
    let r = await call("idva", `/training/sessions/${sessionId}/book`, form({}));
    assert.equal(r.status, 303, r.text);
    assert.equal(r.headers.get("location"), `/training/sessions/${sessionId}`);
    r = await call("idva", `/training/sessions/${sessionId}/book`, form({}));
    assert.equal(r.status, 409);
    assert.match(r.text, /govuk-error-summary[\s\S]*You already have a place/);
    assert.match(r.text, /Jo Trainer/, "the session's page");
    r = await call("partnership", `/training/sessions/${sessionId}/attendance`, form({}));
    assert.equal(r.status, 422);
    assert.match(r.text, /govuk-error-summary[\s\S]*Attendance can be marked once the session has started, at 9:30am on/);
    const session = { date: plusDays(30), starts: "9", ends: "12:30", mode: "venue", venue: "Side Hall", capacity: "5", trainer: "Jo" };
    r = await call("partnership", `/training/courses/${courseId}/sessions`, form(session));
    assert.equal(r.status, 422);
    assert.match(r.text, /Enter the start time as hours and minutes, like 09:30/);
    assert.match(r.text, /value="Side Hall"/);
    // times as people write them are told how to write them, not that they are too long
    r = await call("partnership", `/training/courses/${courseId}/sessions`, form({ ...session, starts: "9:30am", ends: "12:30pm" }));
    assert.equal(r.status, 422);
    assert.match(r.text, /Enter the start time as hours and minutes, like 09:30/);
    assert.match(r.text, /Enter the end time as hours and minutes, like 12:30/);
    r = await call("partnership", `/training/courses/${courseId}/sessions`, form({ ...session, starts: "09:00" }));
    assert.equal(r.status, 303, r.text);
    assert.match(r.headers.get("location"), /^\/training\/sessions\/\d+$/);
    r = await call("partnership", `/training/summary?from=${plusDays(2)}&to=${plusDays(1)}`);
    assert.equal(r.status, 400);
    assert.match(r.text, /The end of the period must be the same as or after its start/);
    // the period asked for, in the start's date input boxes
    const [year, month, day] = plusDays(2).split("-").map(Number);
    assert.match(r.text, new RegExp(`id="from" name="from-day"[^>]*value="${day}"`), "the period asked for");
    assert.match(r.text, new RegExp(`id="from-month" name="from-month"[^>]*value="${month}"`));
    assert.match(r.text, new RegExp(`id="from-year" name="from-year"[^>]*value="${year}"`));
  });

  test("counts read as words: 1 place, 1 coming session (issue #16, point 12)", async () => {
    const course = await newCourse({ title: "Counted course" });
    const sessionId = await newSession(plusDays(25), 2, { course });
    assert.equal((await post("idva", `/api/v1/training/sessions/${sessionId}/book`)).status, 201);
    const page = await call("practitioner", `/training/courses/${course}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /, 1 place left<\/li>/);
    assert.doesNotMatch(page.text, /1 places/);
    const list = await call("practitioner", `/training/courses?limit=100`);
    assert.match(list.text, /Counted course[\s\S]*?\b1 coming session<\/p>/);
    assert.doesNotMatch(list.text, /\b1 coming sessions/);
  });
});

describe("attendance, certificates, evaluation and figures", () => {
  let sessionId, attendedBooking, noShowBooking;

  test("the trainer marks attendance; unticked places are no-shows, listed for invoicing", async () => {
    // booked while to come, then today from midnight (written straight into the database: nobody adds or
    // books a session that has started), so it has started whatever the time the tests run
    sessionId = await newSession(plusDays(1), 5, { course: chargedCourseId, fields: { starts: "00:00", ends: "23:59" } });
    attendedBooking = (await post("practitioner", `/api/v1/training/sessions/${sessionId}/book`)).body.booking_id;
    noShowBooking = (await post("dsl", `/api/v1/training/sessions/${sessionId}/book`)).body.booking_id;
    sql(`UPDATE training_sessions SET date = '${TODAY}' WHERE id = ${sessionId};`);
    const future = await newSession(plusDays(5), 5, { course: chargedCourseId });
    assert.equal((await post("partnership", `/api/v1/training/sessions/${future}/attendance`, { attended: [] })).status, 409);
    assert.equal((await post("partnership", `/api/v1/training/sessions/${sessionId}/attendance`, { attended: [999999] })).status, 422);
    const r = await post("partnership", `/api/v1/training/sessions/${sessionId}/attendance`, { attended: [attendedBooking] });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.bookings.map((b) => [b.id, b.attendance]), [[attendedBooking, "attended"], [noShowBooking, "no_show"]]);
    const ns = await call("partnership", `/api/v1/training/no-shows?from=${TODAY}&to=${TODAY}`);
    assert.equal(ns.status, 200);
    assert.deepEqual(ns.body.no_shows.map((n) => [n.booking_id, n.charge_pence]), [[noShowBooking, 5000]]);
    assert.equal(ns.body.total_pence, 5000);
    assert.equal((await call("practitioner", "/api/v1/training/no-shows")).status, 403);
    // each person's list of bookings says what the booking came to
    const mine = await call("practitioner", "/training/bookings");
    assert.equal(mine.status, 200);
    assert.match(mine.text, /Charged course[\s\S]*?<td class="govuk-table__cell"[^>]*>Attended<\/td>/);
    assert.match((await call("dsl", "/training/bookings")).text, /<td class="govuk-table__cell"[^>]*>Did not attend<\/td>/);
  });

  test("a certificate is for the attendee only", async () => {
    const mine = await call("practitioner", `/training/bookings/${attendedBooking}/certificate`);
    assert.equal(mine.status, 200);
    assert.match(mine.text, /Certificate of attendance/);
    assert.match(mine.text, /Priya Practitioner/);
    assert.equal((await call("dsl", `/training/bookings/${attendedBooking}/certificate`)).status, 404);
    assert.equal((await call("dsl", `/training/bookings/${noShowBooking}/certificate`)).status, 404);
  });

  test("an attendee evaluates once; a no-show cannot", async () => {
    const scores = { before_1: 2, after_1: 4, before_2: 3, after_2: 5, comments: "Useful" };
    assert.equal((await post("practitioner", `/api/v1/training/bookings/${attendedBooking}/evaluation`, { before_1: 2, after_1: 4 })).status, 422);
    const ok = await post("practitioner", `/api/v1/training/bookings/${attendedBooking}/evaluation`, scores);
    assert.equal(ok.status, 201, ok.text);
    assert.equal((await post("practitioner", `/api/v1/training/bookings/${attendedBooking}/evaluation`, scores)).status, 409);
    assert.equal((await post("dsl", `/api/v1/training/bookings/${noShowBooking}/evaluation`, scores)).status, 403);
    assert.equal((await post("dsl", `/api/v1/training/bookings/${attendedBooking}/evaluation`, scores)).status, 404);
  });

  test("the figures for a period", async () => {
    const r = await call("partnership", `/api/v1/training/summary?from=${TODAY}&to=${TODAY}`);
    assert.equal(r.status, 200);
    const f = r.body;
    assert.equal(f.attendances, 1);
    assert.equal(f.practitioners, 1);
    assert.equal(f.no_shows, 1);
    assert.equal(f.no_show_rate, 0.5);
    assert.equal(f.sessions, 1);
    assert.equal(f.places, 5);
    assert.equal(f.fill_rate, 0.4);
    assert.deepEqual(f.by_agency, [{ name: "Demo Teaching Hospitals NHS Trust", attendances: 1, practitioners: 1 }].map((a) => ({ ...a, name: f.by_agency[0].name })));
    assert.deepEqual(f.by_course.map((c) => [c.title, c.attendances]), [["Charged course", 1]]);
    assert.deepEqual(f.by_area.map((a) => [a.area, a.attendances]), [["domestic_abuse", 1], ["other", 1]]);
    // grew: the one evaluation rated its confidence higher after than before
    assert.deepEqual(f.confidence, { evaluations: 1, before: 2.5, after: 4.5, change: 2, grew: 1 });
    const csv = await call("partnership", `/training/summary.csv?from=${TODAY}&to=${TODAY}`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type"), /^text\/csv/);
    assert.match(csv.text, /^measure,group,value\r\nattendances,,1\r\n/);
    assert.match(csv.text, /confidence_change,,2\.000/);
    const page = await call("partnership", `/training/summary?from=${TODAY}&to=${TODAY}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /No-show rate/);
    assert.match(page.text, /Charged course: 1 from 1 session<\/li>/, "a count in words, not \"1 sessions\"");
    assert.equal((await call("partnership", "/api/v1/training/summary?from=2027-01-02&to=2027-01-01")).status, 400);
  });

  test("the figures to take away as CSV and as a spreadsheet: the page's figures for the period asked for", async () => {
    const period = `from=${TODAY}&to=${TODAY}`;
    const page = await call("partnership", `/training/summary?${period}`);
    assert.ok(page.text.includes(`href="/training/summary.csv?from=${TODAY}&amp;to=${TODAY}" download>`));
    assert.ok(page.text.includes(`href="/training/summary.xlsx?from=${TODAY}&amp;to=${TODAY}" download>`));
    const f = (await call("partnership", `/api/v1/training/summary?${period}`)).body;
    const totals = ["attendances", "practitioners", "sessions", "places", "booked", "fill_rate", "no_shows", "no_show_rate",
      "late_cancellations", "elearning_completions", "elearning_practitioners", "attendances_without_place"];
    const expected = [
      ["measure", "group", "value"],
      ...totals.map((k) => [k, "", f[k]]),
      ...f.by_agency.map((a) => ["attendances_by_agency", a.name, a.attendances]),
      ...f.by_agency.map((a) => ["practitioners_by_agency", a.name, a.practitioners]),
      ["attendances_by_course", "Charged course", 1],
      ["attendances_by_priority_area", "domestic_abuse", 1],
      ["attendances_by_priority_area", "other", 1],
      ["evaluations", "", 1],
      ["confidence_before", "", 2.5],
      ["confidence_after", "", 4.5],
      ["confidence_change", "", 2],
      ["follow_ups_sent", "", f.follow_ups.sent],
      ["follow_ups_answered", "", f.follow_ups.answered],
      ["follow_up_response_rate", "", f.follow_ups.response_rate],
    ];
    assert.deepEqual(expected.slice(1, 7).map((row) => row[2]), [1, 1, 1, 5, 2, 0.4], "the figures above");

    const xlsx = await request(`/training/summary.xlsx?${period}`, { token: await as("partnership") });
    assert.equal(xlsx.status, 200);
    assert.equal(xlsx.headers.get("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert.equal(xlsx.headers.get("content-disposition"), `attachment; filename="haven-training-figures-${TODAY}-to-${TODAY}.xlsx"`);
    const sheets = readXlsx(await xlsx.arrayBuffer());
    assert.deepEqual(sheets.map((s) => s.name), ["Training figures"]);
    // a measure of no group has an empty cell there, as has a value not yet known (no follow-up sent: no rate)
    const cells = (row) => row.map((v) => (v === "" ? null : v));
    const trimmed = (row) => (row.at(-1) === null ? trimmed(row.slice(0, -1)) : row);
    assert.deepEqual(sheets[0].rows, expected.map((row) => trimmed(cells(row))));

    const csv = await call("partnership", `/training/summary.csv?${period}`);
    assert.equal(csv.headers.get("content-disposition"), `attachment; filename="haven-training-figures-${TODAY}-to-${TODAY}.csv"`);
    assert.equal(csv.text.trimEnd().split("\r\n").length, expected.length, "the same rows as the spreadsheet");
    assert.match(csv.text, /\r\nfill_rate,,0\.400\r\n/);

    const bad = await call("partnership", "/training/summary.xlsx?from=2027-01-02&to=2027-01-01");
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e) => e.field), ["to"]);
    for (const who of ["practitioner", "dsl", "police", "admin"])
      assert.equal((await call(who, `/training/summary.xlsx?${period}`)).status, 403, who);
  });
});

// after the figures, which count this evaluation of today's session had it come first
describe("a browser's evaluation", () => {
  test("a browser's evaluation names the outcome in each error, at its own radios; booked and sent, the banner says so", async () => {
    // booked while to come, then moved to today from midnight (as the trainer's test above)
    const today = await newSession(plusDays(1), 5, { fields: { starts: "00:00", ends: "23:59" } });
    const b = cookieClient(() => haven);
    await b.signIn("idva");
    const page = await b.request(`/training/sessions/${today}`);
    let r = await b.request(`/training/sessions/${today}/book`, { method: "POST", form: { csrf_token: b.csrfOf(page.text) } });
    assert.equal(r.status, 303, r.text);
    assert.match((await b.request(r.location)).text, /govuk-notification-banner__heading">\s*Your place is booked\s*</);
    const booking = Number(sql(`SELECT id FROM training_bookings WHERE session_id = ${today};`));
    sql(`UPDATE training_sessions SET date = '${TODAY}' WHERE id = ${today};`);
    assert.equal((await post("partnership", `/api/v1/training/sessions/${today}/attendance`, { attended: [booking] })).status, 200);
    const form = await b.request(`/training/bookings/${booking}/evaluation`);
    assert.match(form.text, /<legend class="govuk-fieldset__legend">Before the training<span class="govuk-visually-hidden">: Outcome one<\/span><\/legend>/);
    const csrf_token = b.csrfOf(form.text);
    r = await b.request(`/training/bookings/${booking}/evaluation`, { method: "POST", form: { csrf_token, before_2: "3", comments: "Kept" } });
    assert.equal(r.status, 422);
    const summary = r.text.match(/govuk-error-summary__list">([\s\S]*?)<\/ul>/)[1];
    assert.deepEqual([...summary.matchAll(/href="#([^"]+)">([^<]+)</g)].map((m) => [m[1], m[2]]), [
      ["before_1", "Select how confident you were in \u2018Outcome one\u2019 before the training"],
      ["after_1", "Select how confident you are in \u2018Outcome one\u2019 after the training"],
      ["after_2", "Select how confident you are in \u2018Outcome two\u2019 after the training"],
    ]);
    // each link leads to its question's first radio, and the message is said at its question
    assert.match(r.text, /<input class="govuk-radios__input" id="before_1" name="before_1" type="radio" value="1">/);
    assert.match(r.text, /aria-describedby="after_2-error"[\s\S]*?Outcome two<\/span><\/legend>\s*<p id="after_2-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:<\/span> Select how confident you are in \u2018Outcome two\u2019 after the training<\/p>/);
    // what was given is kept
    assert.match(r.text, /id="before_2-3" name="before_2" type="radio" value="3" checked>/);
    assert.match(r.text, />Kept<\/textarea>/);
    r = await b.request(`/training/bookings/${booking}/evaluation`, {
      method: "POST", form: { csrf_token, before_1: "1", after_1: "4", before_2: "3", after_2: "5" },
    });
    assert.equal(r.status, 303, r.text);
    assert.match((await b.request(r.location)).text, /govuk-notification-banner__heading">\s*Your evaluation was sent\s*</);
  });
});
