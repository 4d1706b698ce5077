// The training job in `haven serve` (src/areas/training/jobs.c): a reminder
// email two days before a session to everyone with a place (saying the
// session's cancellation cut-off), and a follow-up
// three months after it to everyone who attended, each queued exactly once
// however often the job runs (the booking is marked in the same transaction
// as the email). Then the follow-up answer (attendee only, once) and its
// response rate in the figures.
//
// HAVEN_SMTP_URL is unset, so emails stay queued in mail_outbox where the
// test reads them; HAVEN_TRAINING_JOB_SECONDS=1 makes the job run every
// second instead of every minute, so "runs again" takes seconds. Sessions
// and bookings are written with the sqlite3 CLI while Haven runs.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { apiClient, dateWords, sqlText, until } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call } = apiClient(() => haven);

const sql = (query) => sqlText(haven.dbPath, query);

// A date relative to today in the server's local time, moved as SQLite's date() moves it (months roll over).
const day = (...modifiers) => {
  const d = new Date();
  for (const modifier of modifiers) {
    const [, n, unit] = /^([+-]\d+) (day|month)s?$/.exec(modifier);
    if (unit === "day") d.setDate(d.getDate() + Number(n));
    else d.setMonth(d.getMonth() + Number(n));
  }
  const two = (v) => String(v).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
};

const outbox = (subject) =>
  sql(`SELECT to_address FROM mail_outbox WHERE subject = '${subject}' ORDER BY to_address;`).split("\n").filter(Boolean);

// A session of a new course on `date`, and a booking on it for each [who, status, attendance].
function sessionWith(date, bookings) {
  const values = bookings
    .map(([who, status, attendance]) =>
      `((SELECT max(id) FROM training_sessions), (SELECT id FROM users WHERE email = '${who}@demo.haven.example'),` +
      ` (SELECT agency_id FROM users WHERE email = '${who}@demo.haven.example'), '${status}', ${attendance ? `'${attendance}'` : "NULL"})`)
    .join(", ");
  return sql(
    "INSERT INTO training_courses (title, description, audience, level, duration_minutes, open_to)" +
      ` VALUES ('Job test course', 'd', 'a', 'introductory', 60, 'everyone');` +
      "INSERT INTO training_sessions (course_id, date, starts, ends, mode, venue, capacity, trainer)" +
      ` VALUES ((SELECT max(id) FROM training_courses), '${date}', '10:00', '11:00', 'venue', 'Town hall', 10, 'T');` +
      `INSERT INTO training_bookings (session_id, user_id, agency_id, status, attendance) VALUES ${values};` +
      "SELECT max(id) FROM training_sessions;",
  );
}

// The emails marked on this test's bookings (the demo's attended booking, over a year ago, has its own).
const ourEmails = (where) =>
  sql(
    "SELECT m.booking_id FROM training_booking_emails m JOIN training_bookings b ON b.id = m.booking_id" +
      " JOIN training_sessions s ON s.id = b.session_id JOIN training_courses c ON c.id = s.course_id" +
      ` WHERE c.title = 'Job test course' AND ${where};`,
  ).split("\n").filter(Boolean);

const REMINDER = "Reminder: your training session";
const FOLLOW_UP = "Has your training made a difference?";

before(async () => {
  delete process.env.HAVEN_SMTP_URL;
  haven = await startHaven({ env: { HAVEN_TRAINING_JOB_SECONDS: "1" } });
});

after(async () => {
  await haven?.stop();
});

test("a reminder two days before, once, to people with a place", async () => {
  const soon = sessionWith(day("+2 days"), [["practitioner", "booked"], ["dsl", "cancelled"], ["idva", "waiting"]]);
  sessionWith(day("+5 days"), [["idva", "booked"]]);
  await until("the reminder", () => outbox(REMINDER).length > 0);
  await sleep(3500); // the job runs three more times
  assert.deepEqual(outbox(REMINDER), ["practitioner@demo.haven.example"]);
  const body = sql(`SELECT body_text FROM mail_outbox WHERE subject = '${REMINDER}';`);
  assert.match(body, /Job test course/);
  assert.match(body, /from 10am to 11am\./, "the times as every page writes them");
  // it says the cut-off, the partnership's setting (3 working days until changed), as the session page does
  const cutoff = (await call("practitioner", `/api/v1/training/sessions/${soon}`)).body.cancellation_cutoff;
  assert.ok(body.includes(`The cut-off for cancelling without it counting as late is ${dateWords(cutoff, { weekday: true })}.`), body);
  assert.equal(ourEmails("m.reminder_queued_at IS NOT NULL").length, 1);
  assert.equal(sql(`SELECT count(*) FROM mail_outbox WHERE subject = '${REMINDER}' AND status = 'queued';`), "1");
});

let attended, noShow;

test("a follow-up three months after, once, to attendees only", async () => {
  sessionWith(day("-3 months", "-5 days"), [["practitioner", "booked", "attended"], ["dsl", "booked", "no_show"]]);
  sessionWith(day("-2 months"), [["idva", "booked", "attended"]]);
  sessionWith(day("-6 months"), [["idva", "booked", "attended"]]);
  await until("the follow-up", () => outbox(FOLLOW_UP).length > 0);
  await sleep(3500);
  assert.deepEqual(outbox(FOLLOW_UP), ["practitioner@demo.haven.example"]);
  const asked = ourEmails("m.follow_up_queued_at IS NOT NULL");
  assert.equal(asked.length, 1);
  attended = Number(asked[0]);
  noShow = Number(sql("SELECT id FROM training_bookings WHERE attendance = 'no_show';"));
  const r = await call("practitioner", "/api/v1/training/bookings");
  const b = r.body.bookings.find((x) => x.id === attended);
  assert.equal(b.follow_up_asked, true);
  assert.equal(b.followed_up, false);
});

test("the attendee answers once; nobody else can", async () => {
  let r = await call("practitioner", `/training/bookings/${attended}/follow-up`);
  assert.equal(r.status, 200);
  assert.match(r.text, /name="impact"/);
  r = await call("dsl", `/training/bookings/${attended}/follow-up`);
  assert.equal(r.status, 404, "someone else's booking is not there");
  r = await call("dsl", `/api/v1/training/bookings/${attended}/follow-up`, { method: "POST", json: { impact: "a_lot" } });
  assert.equal(r.status, 404);
  r = await call("dsl", `/api/v1/training/bookings/${noShow}/follow-up`, { method: "POST", json: { impact: "a_lot" } });
  assert.equal(r.status, 403, "a no-show cannot answer");
  r = await call("practitioner", `/api/v1/training/bookings/${attended}/follow-up`, { method: "POST", json: { impact: "very" } });
  assert.equal(r.status, 422);
  r = await call("practitioner", `/api/v1/training/bookings/${attended}/follow-up`, {
    method: "POST", json: { impact: "a_little", changes: "I use the graded care profile earlier." },
  });
  assert.equal(r.status, 201, r.text);
  r = await call("practitioner", `/api/v1/training/bookings/${attended}/follow-up`, { method: "POST", json: { impact: "a_lot" } });
  assert.equal(r.status, 409);
  assert.equal(sql("SELECT impact FROM training_follow_ups;"), "a_little");
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'training.follow_up';"), "1");
  r = await call("practitioner", "/api/v1/training/bookings");
  assert.equal(r.body.bookings.find((x) => x.id === attended).followed_up, true);
});

test("the follow-up response rate is in the figures", async () => {
  const q = `?from=${day("-7 months")}&to=${day("-1 months")}`;
  let r = await call("partnership", "/api/v1/training/summary" + q);
  assert.equal(r.status, 200, r.text);
  // "a little" is a change in practice: the report's impact measure counts it
  assert.deepEqual(r.body.follow_ups, { sent: 1, answered: 1, response_rate: 1, changed_practice: 1 });
  // and the scrutineer's dashboard publishes it as a count of people: 1 is "fewer than 5", for the
  // reporting year (1 April to 31 March: the only periods it publishes) of the session followed up
  const held = day("-3 months", "-5 days");
  const year = Number(held.slice(0, 4)) - (Number(held.slice(5, 7)) < 4 ? 1 : 0);
  // (read as the partnership: that year may still be running, which the scrutineer reads once it has ended)
  const dashboard = await call("partnership", `/api/v1/scrutiny?from=${year}-04-01&to=${year + 1}-03-31`);
  assert.equal(dashboard.status, 200, dashboard.text);
  const training = dashboard.body.sections.find((s) => s.title === "Multi-agency training");
  const practice = training.tables.find((t) => t.caption === "Practitioners' practice three months after training");
  assert.deepEqual(practice.rows.map((row) => [row.label, ...row.cells.map((c) => c.shown), row.total.shown]), [["Answers received", "fewer than 5", "0", "fewer than 5"]]);
  assert.match(practice.definition, /changed the practitioner's practice a lot or a little/);
  r = await call("partnership", "/training/summary" + q);
  assert.match(r.text, /100\.0% \(1 of 1 answered\)/);
  // the attendances by course drawn above the list, titled and described for screen readers
  const courses = (await call("partnership", "/api/v1/training/summary" + q)).body.by_course;
  assert.ok(courses.length > 0, "a course with attendances in the period");
  assert.match(r.text, /<title id="courses-chart-title">Attendances by course<\/title>/);
  assert.match(r.text, /<desc id="courses-chart-desc">A bar for each course/);
  assert.equal((r.text.match(/<rect /g) ?? []).length, courses.length, "a bar per course");
  r = await call("partnership", "/training/summary.csv" + q);
  assert.match(r.text, /\r\nfollow_up_response_rate,,1\.000\r\n/);
});
