// Finding a course in the training programme (issue #16 point 8): the list of
// courses (/training/courses, /api/v1/training/courses) narrowed by words of
// the title (in any case), a priority area, and whether sessions are coming
// up. Each filter narrows the rows and the count, they combine, the paging
// links keep them, and bad values are refused naming the field. Expected rows
// come from the database itself (sqlite3 on the live file).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);

async function newCourse(title, areas) {
  const r = await post("partnership", "/api/v1/training/courses", {
    title, description: "For the list's tests", areas, audience: "Everyone", level: "introductory",
    duration_minutes: 120, outcomes: ["Outcome one"], open_to: "everyone",
  });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

let coming, none, past;

before(async () => {
  haven = await startHaven();
  coming = await newCourse("Finding Neglect early", ["neglect"]);
  none = await newCourse("Neglect for managers", ["neglect", "other"]);
  past = await newCourse("Exploitation in the county", ["contextual_safeguarding"]);
  const session = (course, date) =>
    post("partnership", `/api/v1/training/courses/${course}/sessions`, {
      date, starts: "09:30", ends: "12:30", mode: "venue", venue: "Town Hall", capacity: 10, trainer: "Jo Trainer",
    });
  assert.equal((await session(coming, plusDays(14))).status, 201);
  // a session in the past, written straight into the database (the form takes only coming dates)
  assert.equal((await session(past, plusDays(7))).status, 201);
  sql(`UPDATE training_sessions SET date = '${plusDays(-30)}' WHERE course_id = ${past}`);
});
after(async () => {
  if (haven) await haven.stop();
});

/** The ids of the courses matching `where`, by title as the list orders them. */
const expected = (where) =>
  sql(`SELECT id FROM training_courses c WHERE ${where} ORDER BY title, id`).split("\n").filter(Boolean).map(Number);
const hasSessions = `EXISTS (SELECT 1 FROM training_sessions s WHERE s.course_id = c.id AND s.date >= '${plusDays(0)}')`;

/** SQL: course c is tagged with the priority whose key is `key` ("other": with no priority). */
function taggedWith(key) {
  return `EXISTS (SELECT 1 FROM training_course_priorities a LEFT JOIN priorities p ON p.id = a.priority_id WHERE a.course_id = c.id AND coalesce(p.key, 'other') = '${key}')`;
}

async function listed(query) {
  const r = await call("practitioner", `/api/v1/training/courses?limit=200&${query}`);
  assert.equal(r.status, 200, r.text);
  return { ids: r.body.courses.map((c) => c.id), total: r.body.page.total };
}

describe("finding a course", () => {
  test("by words of the title in any case, priority area and coming sessions, alone and together", async () => {
    const all = expected("true");
    assert.deepEqual(await listed(""), { ids: all, total: all.length });
    const neglectWord = expected("lower(title) LIKE '%neglect%'");
    assert.ok(neglectWord.includes(coming) && neglectWord.includes(none) && !neglectWord.includes(past));
    assert.deepEqual(await listed("title=NEGLECT"), { ids: neglectWord, total: neglectWord.length }, "any case");
    const other = expected(taggedWith("other"));
    assert.ok(other.includes(none) && !other.includes(coming));
    assert.deepEqual(await listed("area=other"), { ids: other, total: other.length });
    const withSessions = expected(hasSessions), without = expected(`NOT ${hasSessions}`);
    assert.ok(withSessions.includes(coming) && without.includes(none) && without.includes(past), "a past session is not a coming one");
    assert.deepEqual(await listed("sessions=coming"), { ids: withSessions, total: withSessions.length });
    assert.deepEqual(await listed("sessions=none"), { ids: without, total: without.length });
    const together = expected(`lower(title) LIKE '%neglect%' AND ${hasSessions} AND ${taggedWith("neglect")}`);
    assert.ok(together.includes(coming) && !together.includes(none));
    assert.deepEqual(await listed("title=neglect&sessions=coming&area=neglect"), { ids: together, total: together.length }, "together");
    assert.deepEqual(await listed("title=no%20such%20course"), { ids: [], total: 0 });
  });

  test("the page shows the choices again, says when nothing matches, and keeps them in its paging links", async () => {
    const page = await call("practitioner", "/training/courses?title=neglect&limit=1");
    assert.equal(page.status, 200);
    assert.match(page.text, /value="neglect"/, "the words typed are shown again");
    assert.match(page.text, /Finding Neglect early/);
    const next = page.text.match(/href="(\/training\/courses\?[^"]*after=[^"]*)"/)?.[1]?.replaceAll("&amp;", "&");
    assert.ok(next && /title=neglect/.test(next), `the next link keeps the words: ${next}`);
    assert.match((await call("practitioner", next)).text, /Neglect for managers/);
    const chosen = await call("practitioner", "/training/courses?sessions=none&area=other");
    assert.match(chosen.text, /<option value="none" selected>With no sessions coming up<\/option>/);
    assert.match((await call("practitioner", "/training/courses?title=zzzz")).text, /No courses match/);
  });

  test("bad values are refused naming the field", async () => {
    for (const [query, field] of [["area=cooking", "area"], ["sessions=soon", "sessions"], [`title=${"x".repeat(101)}`, "title"]]) {
      const r = await call("practitioner", `/api/v1/training/courses?${query}`);
      assert.equal(r.status, 400, query);
      assert.deepEqual(errorFields(r.body), [field]);
    }
    const page = await call("practitioner", "/training/courses?sessions=soon");
    assert.equal(page.status, 400);
    assert.match(page.text, /govuk-error-summary[\s\S]*href="#sessions"/);
  });
});
