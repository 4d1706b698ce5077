// Paged lists (src/router/page.h): every list answers a page at a time, and
// following its cursors walks the whole list exactly once — forwards with
// "next", backwards with "previous" — whatever the page size, including rows
// that tie on the list's order (incidents at the same minute). Page sizes and
// cursors outside their bounds are refused with the field named. Pages carry
// the GOV.UK pagination links, and a cursor in an address is an id and a
// position, never anything personal.
//
// More than a page of rows is made through the API (children, incidents);
// the database is read with the sqlite3 CLI only to know what the whole
// list should hold. The training lists, the briefings and the settings
// directory get their rows (with ties in each list's order) written
// straight into the database: many courses, sessions, bookings, approvals,
// completions, resources, briefings and settings, which the API makes only
// one slow form at a time; so do Encompass's escalations, the children
// waiting to be matched and the front door's queue of requests for support.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlRows, sqlText } from "../lib/api.mjs";
import { onPostgres, startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlRows(haven.dbPath, query);

const CHILDREN = 61;
const INCIDENTS = 57;

before(async () => {
  haven = await startHaven();
  // children the practitioner's agency raised a concern about: names alike, dates of birth all different
  for (let i = 0; i < CHILDREN; i++) {
    const day = new Date(Date.UTC(2012, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const res = await post("practitioner", "/api/v1/children", {
      given_name: "Page",
      family_name: `Walker${String.fromCharCode(97 + (i % 26))}`,
      date_of_birth: day,
      la_code: 890,
    });
    assert.equal(res.status, 201, res.text);
  }
  // incidents in threes at the same minute, so the list's order (time, then id) has ties to page across
  const incidents = [];
  for (let i = 0; i < INCIDENTS; i++) {
    const minute = String(Math.floor(i / 3)).padStart(2, "0");
    incidents.push({
      police_reference: `PAGE-${i}`,
      occurred_at: `2025-11-19T19:${minute}:00Z`,
      location: "1 Example Road",
      la_code: 888,
      risk_level: "standard",
      circumstances: "A fictional incident for paging.",
      adults: [{ name: "Pat Example", role: "victim", safe_to_call: false, safe_to_leave_message: false }],
      children: [],
    });
  }
  const res = await post("police", "/api/v1/da-incidents", { incidents });
  assert.ok(res.status === 200 || res.status === 201, res.text);
  seedLists();
});

const MANY = 23;

/** Rows for the training lists, the briefings and the directory, each list's order with ties in it. */
function seedLists() {
  const n = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MANY})`;
  const paging = "c.title LIKE 'Paging course%'";
  sqlText(
    haven.dbPath,
    `${n} INSERT INTO training_courses (title, description, audience, level, duration_minutes, open_to, no_show_charge_pence)
       SELECT 'Paging course ' || (i % 5), 'A course for paging.', 'Everyone', 'introductory', 60, 'partners', 2500 FROM n;
     INSERT INTO training_sessions (course_id, date, starts, ends, mode, venue, capacity, trainer)
       SELECT c.id, '2025-0' || (1 + c.id % 3) || '-1' || (c.id % 4), '09:00', '10:00', 'venue', 'Hall', 50, 'Trainer'
       FROM training_courses c WHERE ${paging};
     INSERT INTO training_bookings (session_id, user_id, agency_id, status, attendance)
       SELECT s.id, u.id, u.agency_id, 'booked', 'no_show' FROM training_sessions s
       JOIN training_courses c ON c.id = s.course_id CROSS JOIN users u
       WHERE ${paging} AND u.email IN ('practitioner@demo.haven.example', 'dsl@demo.haven.example');
     INSERT INTO training_approvals (session_id, requester_user_id, approver_user_id, decided_at, decision)
       -- asked by someone in the approver's own agency (the DSL's school): a request stays with it
       SELECT s.id, (SELECT id FROM users WHERE email = 'agencyadmin@demo.haven.example'), 6,
              CASE WHEN s.id % 3 = 0 THEN '2025-01-01T00:00:00Z' END,
              CASE WHEN s.id % 3 = 0 THEN 'approved' END
       FROM training_sessions s JOIN training_courses c ON c.id = s.course_id WHERE ${paging};
     ${n} INSERT INTO training_elearning_completions (user_id, module, completed_on)
       SELECT 3, 'Paging module ' || i, '2025-02-0' || (1 + i % 7) FROM n;
     ${n} INSERT INTO training_resources (title, kind, priority_id, summary, body, created_at)
       SELECT 'Paging resource ' || i, 'guidance', (SELECT id FROM priorities WHERE key = CASE WHEN i % 2 = 1 THEN 'neglect' ELSE 'domestic_abuse' END),
              'A resource for paging.', 'Text.', '2025-05-0' || (1 + i % 4) || 'T00:00:00.000Z' FROM n;
     ${n} INSERT INTO review_briefings (case_id, title, body, published_on)
       SELECT (SELECT min(id) FROM review_cases), 'Paging briefing ' || i, 'Seven minutes.',
              CASE WHEN i % 6 = 0 THEN NULL ELSE '2025-06-0' || (1 + i % 3) END FROM n;
     ${n} INSERT INTO agencies (slug, name, type, la_code)
       SELECT 'paging-school-' || i, 'Paging School ' || (i % 6) || ' (fictional)', 'school',
              CASE WHEN i % 2 = 1 THEN 888 ELSE 890 END FROM n;
     INSERT INTO settings (agency_id, urn, establishment_type, phase, status)
       SELECT id, 800000 + id, 'Community school', 'Primary', 'Open' FROM agencies WHERE slug LIKE 'paging-school-%';`,
  );
}

after(async () => {
  await haven?.stop();
});

/** Follows `next` (or `previous` from a start) to the end; returns every row's id, page by page. */
async function walk(who, path, listName, { limit, idField = "id", direction = "next", start } = {}) {
  const pages = [];
  const sep = path.includes("?") ? "&" : "?";
  let url = `${path}${sep}limit=${limit}${start ? `&${direction === "next" ? "after" : "before"}=${start}` : ""}`;
  for (let guard = 0; guard < 1000; guard++) {
    const res = await call(who, url);
    assert.equal(res.status, 200, res.text);
    const rows = res.body[listName];
    assert.ok(rows.length <= limit, "never more than the limit");
    pages.push({ ids: rows.map((r) => r[idField]), page: res.body.page });
    const cursor = res.body.page[direction];
    if (!cursor) return pages;
    assert.match(cursor, /^\d+\.\d+$/, "a cursor is an id and a position");
    url = `${path}${sep}limit=${limit}&${direction === "next" ? "after" : "before"}=${cursor}`;
  }
  assert.fail("the walk did not end");
}

describe("walking a list to the end", () => {
  test("the practitioner's children: every one exactly once, newest first, at any page size", async () => {
    const expected = sql(
      "SELECT DISTINCT child_id AS id FROM child_links WHERE agency_id = 7 ORDER BY child_id DESC",
    ).map((r) => r.id);
    assert.ok(expected.length > CHILDREN, "more than a page of children");
    for (const limit of [1, 7, 50, 200]) {
      const pages = await walk("practitioner", "/api/v1/children", "children", { limit });
      const ids = pages.flatMap((p) => p.ids);
      assert.deepEqual(ids, expected, `limit ${limit}: no duplicates, no gaps, in order`);
      assert.equal(pages[0].page.total, expected.length, "the total");
      assert.equal(pages[0].page.from, 1);
      assert.equal(pages.at(-1).page.to, expected.length, "the last page ends at the total");
    }
  });

  test("backwards from the last page with previous gives the same rows in the same order", async () => {
    const forward = await walk("practitioner", "/api/v1/children", "children", { limit: 10 });
    const lastPage = forward.at(-1);
    const firstOfLast = await call("practitioner", `/api/v1/children?limit=10`);
    assert.ok(firstOfLast.body.page.next, "a first page with more after it");
    // the last page's "previous" cursor leads back through every page
    const last = await call("practitioner", `/api/v1/children?limit=10&after=${forward.at(-2).page.next}`);
    assert.deepEqual(last.body.children.map((c) => c.id), lastPage.ids);
    const back = await walk("practitioner", "/api/v1/children", "children", {
      limit: 10,
      direction: "previous",
      start: last.body.page.previous,
    });
    const ids = back.reverse().flatMap((p) => p.ids);
    assert.deepEqual([...ids, ...lastPage.ids], forward.flatMap((p) => p.ids));
    assert.equal(back[0].page.from, 1, "the first page again starts at 1");
  });

  test("incidents with the same time: every one exactly once, newest first", async () => {
    const expected = sql("SELECT id FROM da_incidents ORDER BY occurred_at DESC, id DESC").map((r) => r.id);
    assert.ok(expected.length > INCIDENTS);
    for (const limit of [2, 5, 50]) {
      const ids = (await walk("police", "/api/v1/da-incidents", "incidents", { limit })).flatMap((p) => p.ids);
      assert.deepEqual(ids, expected, `limit ${limit}`);
    }
    // Lancashire's front door sees its own area's only, paged the same way
    const area = sql("SELECT id FROM da_incidents WHERE la_code = 888 ORDER BY occurred_at DESC, id DESC").map((r) => r.id);
    const ids = (await walk("frontdoor", "/api/v1/da-incidents", "incidents", { limit: 4 })).flatMap((p) => p.ids);
    assert.deepEqual(ids, area);
  });

  test("a cursor from another agency's list shows nothing of that list", async () => {
    // a child of Blackpool's that Lancashire's front door is not linked to
    const [{ id }] = sql(
      "SELECT c.id FROM children c WHERE NOT EXISTS (SELECT 1 FROM child_links l WHERE l.child_id = c.id AND l.agency_id = 5) LIMIT 1",
    );
    const res = await call("frontdoor", `/api/v1/children?after=${id}.0`);
    assert.equal(res.status, 200);
    const mine = new Set(sql("SELECT child_id FROM child_links WHERE agency_id = 5").map((r) => r.child_id));
    assert.ok(res.body.children.every((c) => mine.has(c.id)), "only the front door's own children");
  });
});

describe("the training lists, the briefings, the agencies and the directory walk the same way", () => {
  const ids = (query) => sql(query).map((r) => r.id);
  const YEAR = "from=2025-01-01&to=2025-12-31";
  const lists = () => [
    ["practitioner", "/api/v1/training/courses", "courses", "id", ids("SELECT id FROM training_courses ORDER BY title, id")],
    [
      "practitioner",
      "/api/v1/training/bookings",
      "bookings",
      "id",
      ids(
        "SELECT b.id FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id" +
          " WHERE b.user_id = 3 ORDER BY s.date DESC, s.starts DESC, b.id DESC",
      ),
    ],
    [
      "dsl",
      "/api/v1/training/approvals",
      "approvals",
      "id",
      ids("SELECT id FROM training_approvals WHERE approver_user_id = 6 ORDER BY decision IS NOT NULL, id DESC"),
    ],
    [
      "partnership",
      `/api/v1/training/no-shows?${YEAR}`,
      "no_shows",
      "booking_id",
      ids(
        "SELECT b.id FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id" +
          " JOIN training_courses c ON c.id = s.course_id WHERE b.attendance = 'no_show'" +
          " AND c.no_show_charge_pence > 0 AND s.date BETWEEN '2025-01-01' AND '2025-12-31' ORDER BY s.date, b.id",
      ),
    ],
    [
      "partnership",
      `/api/v1/training/elearning?${YEAR}`,
      "completions",
      "id",
      ids(
        "SELECT id FROM training_elearning_completions WHERE completed_on BETWEEN '2025-01-01' AND '2025-12-31'" +
          " ORDER BY completed_on DESC, id DESC",
      ),
    ],
    ["practitioner", "/api/v1/training/resources", "resources", "id", ids("SELECT id FROM training_resources ORDER BY created_at DESC, id DESC")],
    [
      "practitioner",
      "/api/v1/training/resources?area=neglect",
      "resources",
      "id",
      ids("SELECT id FROM training_resources WHERE priority_id = (SELECT id FROM priorities WHERE key = 'neglect') ORDER BY created_at DESC, id DESC"),
    ],
    [
      "practitioner",
      "/api/v1/briefings",
      "briefings",
      "id",
      ids("SELECT id FROM review_briefings WHERE published_on IS NOT NULL ORDER BY published_on DESC, id DESC"),
    ],
    [
      "police",
      "/api/v1/settings",
      "settings",
      "id",
      ids("SELECT a.id FROM agencies a JOIN settings s ON s.agency_id = a.id ORDER BY a.name, a.id"),
    ],
    ["police", "/api/v1/agencies", "agencies", "id", ids("SELECT id FROM agencies ORDER BY name, id")],
    [
      "police",
      "/api/v1/agencies?type=school&area=blackpool",
      "agencies",
      "id",
      ids("SELECT id FROM agencies WHERE type = 'school' AND la_code = 890 ORDER BY name, id"),
    ],
    [
      "police",
      "/api/v1/settings?area=lancashire",
      "settings",
      "id",
      ids("SELECT a.id FROM agencies a JOIN settings s ON s.agency_id = a.id WHERE a.la_code = 888 ORDER BY a.name, a.id"),
    ],
    [
      "police",
      "/api/v1/settings?name=paging%20sch",
      "settings",
      "id",
      ids("SELECT a.id FROM agencies a JOIN settings s ON s.agency_id = a.id WHERE a.name LIKE 'Paging School%' ORDER BY a.name, a.id"),
    ],
  ];

  test("every row exactly once, in the list's order, forwards and backwards, at any page size", async () => {
    for (const [who, path, listName, idField, expected] of lists()) {
      assert.ok(expected.length > 7, `${path}: more than a few pages of rows (${expected.length})`);
      for (const limit of [1, 4, 7, 200]) {
        const pages = await walk(who, path, listName, { limit, idField });
        assert.deepEqual(pages.flatMap((p) => p.ids), expected, `${path}, limit ${limit}: no duplicates, no gaps`);
        assert.equal(pages[0].page.total, expected.length, `${path}: the total`);
        assert.equal(pages.at(-1).page.to, expected.length, `${path}: the last page ends at the total`);
      }
      // back from the last page with "previous", to the first
      const forward = await walk(who, path, listName, { limit: 4, idField });
      const back = await walk(who, path, listName, { limit: 4, idField, direction: "previous", start: forward.at(-1).page.previous });
      assert.deepEqual([...back.reverse().flatMap((p) => p.ids), ...forward.at(-1).ids], expected, `${path}: backwards`);
    }
  });

  test("each refuses a page size or cursor out of bounds, naming the field", async () => {
    for (const [who, path] of lists()) {
      const sep = path.includes("?") ? "&" : "?";
      for (const [query, field] of [
        ["limit=0", "limit"],
        ["limit=201", "limit"],
        ["after=Smith", "after"],
        ["after=1.0&before=2.0", "before"],
      ]) {
        const res = await call(who, `${path}${sep}${query}`);
        assert.equal(res.status, 400, `${path} ${query}: ${res.text}`);
        assert.deepEqual(errorFields(res.body), [field], `${path} ${query}`);
      }
    }
  });

  test("no-shows: the invoice's count and charge are the whole period's, whatever the page", async () => {
    const res = await call("partnership", "/api/v1/training/no-shows?from=2025-01-01&to=2025-12-31&limit=5");
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.no_shows.length, 5);
    assert.equal(res.body.count, 2 * MANY);
    assert.equal(res.body.total_pence, 2 * MANY * 2500);
  });

  test("a cursor from another approver's list shows nothing of it", async () => {
    const [{ id }] = sql("SELECT id FROM training_approvals WHERE approver_user_id = 6 LIMIT 1");
    const res = await call("practitioner", `/api/v1/training/approvals?after=${id}.0`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.approvals, [], "the practitioner approves nothing, whatever the cursor");
  });

  test("the directory's name search reads an index of names: words starting with what was typed, any case or accent", async () => {
    if (!onPostgres) {
      // SQLite's plan (PostgreSQL's index of names is a GIN index the planner chooses for itself)
      const plan = sqlText(
        haven.dbPath,
        "EXPLAIN QUERY PLAN SELECT a.id FROM agency_names m CROSS JOIN agencies a ON a.id = m.rowid" +
          " WHERE agency_names MATCH '\"school 1\"*'",
      );
      assert.match(plan, /VIRTUAL TABLE INDEX/, plan);
    }
    let res = await call("police", "/api/v1/settings?name=SCHOOL%201");
    assert.deepEqual(
      res.body.settings.map((x) => x.name),
      sql("SELECT name FROM agencies WHERE name LIKE 'Paging School 1 %' ORDER BY name, id").map((r) => r.name),
    );
    res = await call("police", "/api/v1/settings?name=ecole");
    assert.deepEqual(res.body.settings, [], "no setting's name has a word starting 'ecole' in the demo");
    sqlText(haven.dbPath, "UPDATE agencies SET name = 'École Paging (fictional)' WHERE slug = 'paging-school-1'");
    res = await call("police", "/api/v1/settings?name=ecole");
    assert.deepEqual(res.body.settings.map((x) => x.name), ["École Paging (fictional)"], "a renamed agency is found by its new name");
    sqlText(haven.dbPath, "UPDATE agencies SET name = 'Paging School 1 (fictional)' WHERE slug = 'paging-school-1'");
  });
});

describe("the escalations, the children waiting to be matched and the front door's queue walk the same way", () => {
  const ids = (query) => sql(query).map((r) => r.id);
  const frontDoor2 = () => sql("SELECT agency_id AS id FROM users WHERE email = 'frontdoor2@demo.haven.example'")[0].id;

  before(() => {
    // a waiting child on each paging incident, and on some a child educated at home whose notification went
    // to Lancashire's front door; every notification escalated; requests for support at Blackpool's front door
    // (copies of the demo's, each with an assessment of its own), some decided, with ties on the time received
    const demoRequest = "(SELECT assessment_id FROM support_requests WHERE reference = 'RFS-000001')";
    sqlText(
      haven.dbPath,
      `INSERT INTO da_incident_children (incident_id, position, given_name, family_name, present, spoken_to, match_status, match_note)
         SELECT id, 2, 'Paging', 'Home', 0, 0, 'home_educated', 'Fictional: educated at home.'
         FROM da_incidents WHERE police_reference LIKE 'PAGE-%' AND id % 5 = 0 ORDER BY id;
       INSERT INTO encompass_notifications (incident_child_id, recipient_agency_id, content, created_at, due_at)
         SELECT c.id, u.agency_id, 'full', '2025-11-20T08:00:00Z', '2025-11-20T08:45:00Z'
         FROM da_incident_children c, users u
         WHERE c.given_name = 'Paging' AND c.family_name = 'Home' AND u.email = 'frontdoor@demo.haven.example' ORDER BY c.id;
       INSERT INTO encompass_escalations (notification_id, escalated_at)
         SELECT n.id, '2025-12-01T00:00:00Z' FROM encompass_notifications n
         WHERE NOT EXISTS (SELECT 1 FROM encompass_escalations e WHERE e.notification_id = n.id) ORDER BY n.id;
       INSERT INTO da_incident_children (incident_id, position, given_name, family_name, present, spoken_to, match_note)
         SELECT id, 1, 'Paging', 'Child', 0, 0, 'Fictional: no date of birth and no setting.'
         FROM da_incidents WHERE police_reference LIKE 'PAGE-%' ORDER BY id;
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MANY})
       INSERT INTO threshold_assessments (framework_id, user_id, agency_id, la_code, age_band, indicators,
                                          suggested_level, suggestion_basis, chosen_level, created_at)
         SELECT t.framework_id, t.user_id, t.agency_id, t.la_code, t.age_band, t.indicators, t.suggested_level,
                t.suggestion_basis, t.chosen_level, '2025-12-01T00:00:00.' || (100 + n.i) || 'Z'
         FROM n, threshold_assessments t WHERE t.id = ${demoRequest} ORDER BY n.i;
       INSERT INTO support_requests (reference, assessment_id, child_id, la_code, front_door_agency_id,
                                     referrer_user_id, referrer_agency_id, referrer_phone, referrer_email, concerns,
                                     family_knows, family_consents, received_at, decision_due_at, decision,
                                     decision_reason, decided_at, decided_by)
         SELECT 'RFS-PAGE-' || t.id, t.id, r.child_id, r.la_code, r.front_door_agency_id, r.referrer_user_id,
                r.referrer_agency_id, r.referrer_phone, r.referrer_email, r.concerns, 1, 1,
                '2025-12-0' || (1 + t.id % 3) || 'T09:00:00Z', '2025-12-0' || (2 + t.id % 3) || 'T09:00:00Z',
                CASE WHEN t.id % 4 = 0 THEN r.decision END, CASE WHEN t.id % 4 = 0 THEN r.decision_reason END,
                CASE WHEN t.id % 4 = 0 THEN r.decided_at END, CASE WHEN t.id % 4 = 0 THEN r.decided_by END
         FROM threshold_assessments t, support_requests r
         WHERE t.created_at LIKE '2025-12-01T00:00:00.%' AND r.reference = 'RFS-000001' ORDER BY t.id;`,
    );
  });

  const escalations = (where) =>
    ids(
      "SELECT e.id FROM encompass_escalations e JOIN encompass_notifications n ON n.id = e.notification_id" +
        " JOIN da_incident_children c ON c.id = n.incident_child_id JOIN da_incidents i ON i.id = c.incident_id" +
        ` WHERE ${where} ORDER BY e.id DESC`,
    );
  const waiting = (where) =>
    ids(
      "SELECT c.id FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id" +
        ` WHERE c.match_status = 'unresolved' AND ${where} ORDER BY c.id`,
    );
  // [who, path, list, id field, the rows in the list's order, whether the page counts them]
  const lists = () => [
    ["police", "/api/v1/encompass/escalations", "escalations", "escalation_id", escalations("1 = 1"), false],
    ["frontdoor", "/api/v1/encompass/escalations", "escalations", "escalation_id", escalations("i.la_code = 888"), false],
    ["police", "/api/v1/da-incidents/unresolved", "children", "incident_child_id", waiting("1 = 1"), true],
    ["frontdoor", "/api/v1/da-incidents/unresolved", "children", "incident_child_id", waiting("i.la_code = 888"), true],
    [
      "frontdoor2",
      "/api/v1/support-requests/queue",
      "requests",
      "id",
      ids(`SELECT id FROM support_requests WHERE front_door_agency_id = ${frontDoor2()} ORDER BY decided, received_at, id`),
      true,
    ],
    [
      "frontdoor2",
      "/api/v1/support-requests/queue?status=waiting",
      "requests",
      "id",
      ids(`SELECT id FROM support_requests WHERE front_door_agency_id = ${frontDoor2()} AND decided = 0 ORDER BY received_at, id`),
      true,
    ],
  ];

  test("every row exactly once, in the list's order, forwards and backwards, at any page size", async () => {
    for (const [who, path, listName, idField, expected, counted] of lists()) {
      assert.ok(expected.length > 1, `${path} (${who}): more than one row (${expected.length})`);
      for (const limit of [1, 4, 200]) {
        const pages = await walk(who, path, listName, { limit, idField });
        assert.deepEqual(pages.flatMap((p) => p.ids), expected, `${path} (${who}), limit ${limit}: no duplicates, no gaps`);
        if (counted) assert.equal(pages[0].page.total, expected.length, `${path} (${who}): the total`);
      }
      const forward = await walk(who, path, listName, { limit: 1, idField });
      const back = await walk(who, path, listName, { limit: 1, idField, direction: "previous", start: forward.at(-1).page.previous });
      assert.deepEqual([...back.reverse().flatMap((p) => p.ids), ...forward.at(-1).ids], expected, `${path} (${who}): backwards`);
    }
  });
});

describe("bounds", () => {
  test("a page size outside 1 to 200, or a cursor Haven did not give, is refused naming the field", async () => {
    for (const [query, field] of [
      ["limit=0", "limit"],
      ["limit=201", "limit"],
      ["limit=ten", "limit"],
      ["after=Smith", "after"],
      ["after=12", "after"],
      ["before=-1.0", "before"],
      ["after=0.5", "after"],
    ]) {
      const res = await call("practitioner", `/api/v1/children?${query}`);
      assert.equal(res.status, 400, `${query}: ${res.text}`);
      assert.deepEqual(errorFields(res.body), [field], query);
    }
    const both = await call("practitioner", "/api/v1/children?after=5.0&before=9.0");
    assert.equal(both.status, 400);
    assert.deepEqual(errorFields(both.body), ["before"]);
    assert.match(both.body.errors[0].detail, /after or before, not both/);
    const big = await call("practitioner", "/api/v1/children?limit=200");
    assert.equal(big.status, 200);
    const plain = await call("practitioner", "/api/v1/children");
    assert.equal(plain.body.children.length, 50, "50 by default");
    assert.equal(plain.body.page.limit, 50);
  });

  test("every paged list refuses a page size over the maximum", async () => {
    for (const [who, path] of [
      ["frontdoor", "/api/v1/support-requests/queue"],
      ["practitioner", "/api/v1/support-requests"],
      ["police", "/api/v1/da-incidents/unresolved"],
      ["police", "/api/v1/encompass/escalations"],
      ["dsl", "/api/v1/encompass/notifications"],
      ["idva", "/api/v1/provide/referrals"],
      ["admin", "/api/v1/users"],
      ["practitioner", "/api/v1/training/courses"],
      ["practitioner", "/api/v1/training/bookings"],
      ["practitioner", "/api/v1/training/approvals"],
      ["partnership", "/api/v1/training/no-shows"],
      ["partnership", "/api/v1/training/elearning"],
      ["practitioner", "/api/v1/training/resources"],
      ["practitioner", "/api/v1/briefings"],
      ["practitioner", "/api/v1/settings"],
      ["practitioner", "/api/v1/agencies"],
    ]) {
      const res = await call(who, `${path}?limit=500`);
      assert.equal(res.status, 400, `${path}: ${res.text}`);
      assert.deepEqual(errorFields(res.body), ["limit"], path);
      const ok = await call(who, `${path}?limit=1`);
      assert.equal(ok.status, 200, `${path}: ${ok.text}`);
      assert.ok(ok.body.page && "next" in ok.body, `${path} says where the next page is`);
    }
  });
});

describe("pages", () => {
  test("a paged page shows where it is and links Next and Previous with only a cursor in the address", async () => {
    const total = sql("SELECT count(DISTINCT child_id) AS n FROM child_links WHERE agency_id = 7")[0].n;
    const first = await call("practitioner", "/children?limit=20");
    assert.equal(first.status, 200);
    assert.match(first.text, new RegExp(`Showing 1 to 20 of ${total} children`));
    assert.match(first.text, /<nav class="govuk-pagination govuk-pagination--block" aria-label="Pages">/);
    assert.doesNotMatch(first.text, /rel="prev"/, "no Previous on the first page");
    const next = first.text.match(/href="([^"]+)" rel="next"/)[1].replaceAll("&amp;", "&");
    assert.match(next, /^\/children\?limit=20&after=\d+\.19$/, "an id and a position: nothing personal");
    const second = await call("practitioner", next);
    assert.match(second.text, new RegExp(`Showing 21 to 40 of ${total} children`));
    const previous = second.text.match(/href="([^"]+)" rel="prev"/)[1].replaceAll("&amp;", "&");
    const again = await call("practitioner", previous);
    assert.match(again.text, new RegExp(`Showing 1 to 20 of ${total} children`));
    assert.equal(
      [...again.text.matchAll(/href="\/children\/(\d+)"/g)].map((m) => m[1]).join(),
      [...first.text.matchAll(/href="\/children\/(\d+)"/g)].map((m) => m[1]).join(),
      "Previous goes back to the same rows",
    );
  });

  test("a search's pages are forms, so its words never reach an address", async () => {
    const res = await call("practitioner", "/children/search", { method: "POST", form: { name: "Page", limit: "10" } });
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /Showing 1 to 10 of 61 children/);
    assert.match(res.text, /<input type="hidden" name="after" value="\d+\.9">/);
    assert.doesNotMatch(res.text, /href="[^"]*Page/, "no link carries the search");
  });
});

describe("the audit trail pages the same way", () => {
  test("a search walks with after and back with before, every row once", async () => {
    const expected = sql("SELECT id FROM audit_log WHERE action = 'child.create' ORDER BY id DESC").map((r) => r.id);
    assert.ok(expected.length >= CHILDREN);
    const seen = [];
    const cursors = [];
    let body = { action: "child.create", limit: 7 };
    for (let guard = 0; guard < 100; guard++) {
      const res = await post("partnership", "/api/v1/audit/search", body);
      assert.equal(res.status, 200, res.text);
      seen.push(...res.body.rows.map((r) => r.id));
      cursors.push(res.body.page.previous);
      if (!res.body.next) break;
      body = { action: "child.create", limit: 7, after: res.body.next };
    }
    assert.deepEqual(seen, expected, "no row twice, none missed");
    // from the last page, "before" gives the page before it
    const back = await post("partnership", "/api/v1/audit/search", { action: "child.create", limit: 7, before: cursors.at(-1) });
    assert.deepEqual(back.body.rows.map((r) => r.id), seen.slice(-7 - (seen.length % 7 || 7), -(seen.length % 7 || 7)));
  });
});
