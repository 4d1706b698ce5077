// Training registers after the day (issue 16, point 7; src/areas/training):
// the partnership lists the sessions that have been, newest first, with how
// many places still have no attendance, so registers can be completed
// afterwards; nobody can be ticked before a session starts (to the minute,
// England's time), the register page says so before anyone tries, and the
// server refuses it with the time it starts. Sessions are made in the
// database at known dates (yesterday, a week ago, next month) and one
// starting an hour from now.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, plusDays, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);

/** England's date and the time an hour from now (tomorrow's date if that is past midnight). */
function inAnHour() {
  const later = new Date(Date.now() + 3_600_000);
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(later);
  const part = (t) => parts.find((p) => p.type === t).value;
  const starts = `${part("hour")}:${part("minute")}`;
  return { date: `${part("year")}-${part("month")}-${part("day")}`, starts };
}

const session = (id, date, starts, ends) => `
  INSERT INTO training_sessions (id, course_id, date, starts, ends, mode, venue, capacity, trainer)
    SELECT ${id}, min(id), '${date}', '${starts}', '${ends}', 'venue', 'A fictional venue', 10, 'A trainer' FROM training_courses;
  INSERT INTO training_bookings (id, session_id, user_id, agency_id, status)
    SELECT ${id}0, ${id}, id, agency_id, 'booked' FROM users WHERE email = 'dsl@demo.haven.example';
  INSERT INTO training_bookings (id, session_id, user_id, agency_id, status)
    SELECT ${id}1, ${id}, id, agency_id, 'booked' FROM users WHERE email = 'practitioner@demo.haven.example';`;

let soon;
before(async () => {
  haven = await startHaven();
  soon = inAnHour();
  sql(session(801, plusDays(-7), "09:30", "12:30") + session(802, plusDays(-1), "13:00", "16:00") +
    session(803, plusDays(30), "09:30", "12:30") + (soon.starts < "23:59" ? session(804, soon.date, soon.starts, "23:59") : ""));
  sql("UPDATE training_bookings SET attendance = 'attended' WHERE session_id = 801;");
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("past sessions are listed for their registers", () => {
  test("newest first, with the places still to mark; sessions to come are not listed", async () => {
    const r = await call("partnership", "/api/v1/training/registers");
    assert.equal(r.status, 200, r.text);
    const ids = r.body.sessions.map((s) => s.id);
    assert.ok(ids.indexOf(802) >= 0 && ids.indexOf(802) < ids.indexOf(801), `yesterday's before last week's: ${ids}`);
    assert.ok(!ids.includes(803), "next month's is not a register yet");
    const row = (id) => r.body.sessions.find((s) => s.id === id);
    assert.equal(row(802).unmarked, 2);
    assert.equal(row(801).unmarked, 0);
    const page = await call("partnership", "/training/registers");
    assert.equal(page.status, 200);
    assert.match(page.text, /href="\/training\/sessions\/802\/register"/);
    assert.match(page.text, /2 of 2 places not marked/);
    assert.match(page.text, /govuk-tag govuk-tag--green">Taken/);
  });

  test("only the partnership, who take registers, see the list", async () => {
    for (const who of ["practitioner", "dsl", "admin"])
      assert.equal((await call(who, "/api/v1/training/registers")).status, 403, who);
  });

  test("the dashboard links to it for the partnership", async () => {
    const r = await call("partnership", "/dashboard");
    assert.match(r.text, /href="\/training\/registers"/);
  });

  test("yesterday's register is completed after the day", async () => {
    const r = await post("partnership", "/api/v1/training/sessions/802/attendance", { attended: [8020] });
    assert.equal(r.status, 200, r.text);
    assert.equal(sql("SELECT group_concat(attendance, ',') FROM (SELECT attendance FROM training_bookings WHERE session_id = 802 ORDER BY id) AS s;"), "attended,no_show");
  });
});

// "HH:MM" as pages say a time, the GOV.UK way (calendar_format_clock): 9am, 9:15am, midday, 10:19pm.
function clockWords(hhmm) {
  const [h, m] = hhmm.split(":").map(Number);
  if (m === 0 && (h === 0 || h === 12)) return h === 0 ? "midnight" : "midday";
  return `${h % 12 || 12}${m ? `:${String(m).padStart(2, "0")}` : ""}${h < 12 ? "am" : "pm"}`;
}

describe("nobody is ticked before the session starts", () => {
  test("the register says so before anyone ticks, and the server refuses with the start time", async (t) => {
    if (soon.starts >= "23:59") return t.skip("it is nearly midnight: no session can start in an hour today");
    const page = await call("partnership", "/training/sessions/804/register");
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`This session starts at ${clockWords(soon.starts)} on .*You can mark attendance once it has started`));
    assert.doesNotMatch(page.text, /name="attended"/, "no boxes to tick");
    const api = await post("partnership", "/api/v1/training/sessions/804/attendance", { attended: [8040] });
    assert.equal(api.status, 409, api.text);
    assert.equal(api.body.errors[0].field, "attended");
    assert.match(api.body.errors[0].detail, new RegExp(`Attendance can be marked once the session has started, at ${clockWords(soon.starts)} on`));
    const form = await call("partnership", "/training/sessions/804/attendance", { method: "POST", form: { attended: "8040" } });
    assert.equal(form.status, 422);
    assert.match(form.text, /govuk-error-summary[\s\S]*Attendance can be marked once the session has started/);
    assert.equal(sql("SELECT count(*) FROM training_bookings WHERE session_id = 804 AND attendance IS NOT NULL;"), "0");
  });
});
