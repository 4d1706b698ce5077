// A police force's figures count its own force's incidents only. An incident
// belongs to the force that sent it (migration 0181), and a force's police see
// only their own incidents; the figures pages police may open, Operation
// Provide's and Operation Encompass's (provide.figures, encompass.figures),
// count for them only their force's incidents and what followed from them
// (referrals, victims not referred, schools' notifications and
// acknowledgements), and the missing episodes' (missing.figures) only the
// episodes their force reported. The partnership team, the front door and the
// IDVA services keep the whole partnership's figures.
//
// Found reading the figures after incidents-forces: Lancashire's officer
// asking GET /api/v1/provide/figures?from=D&to=D learnt that another force had
// referred a high-risk incident that day.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlRows, timeAfter } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const cumbriaPolice = "police.cumbria.figures@forces.example";
const cumbriaPassword = "quiet harbour lantern 9 kettle";
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000, passwords: { [cumbriaPolice]: cumbriaPassword } });
const sql = (query) => sqlRows(haven.dbPath, query);

// a day with no demo incidents, so each force's figures are exactly what it sent
const DAY = "2025-10-08";
const query = `from=${DAY}&to=${DAY}`;

/** A high-risk incident in Lancashire (888) on DAY whose one child is on the register at Ribblebank Primary. */
const incident = (ref, time) => ({
  police_reference: ref,
  occurred_at: `${DAY}T${time}Z`,
  location: "5 Figures Row",
  la_code: 888,
  risk_level: "high",
  circumstances: "Verbal argument between adults; children upstairs.",
  adults: [{ name: `Pat Figures ${ref}`, role: "victim", contact_phone: "01632 960778", safe_to_call: true, safe_to_leave_message: false, safe_times: "any time" }],
  children: [{ given_name: "Kit", family_name: "Figures", date_of_birth: "2016-04-04", present: true, spoken_to: false }],
});

/** Sends `incident` as `who`'s force; its id. */
async function send(who, body) {
  const r = await post(who, "/api/v1/da-incidents", body);
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

/** The school acknowledges incident `id`'s notification `minutes` after the incident at `at`. */
function acknowledge(id, at, minutes) {
  sql(`UPDATE encompass_notifications SET acknowledged_at = '${timeAfter(at, minutes * 60)}',
         acknowledged_by = (SELECT id FROM users WHERE email = 'dsl@demo.haven.example')
       WHERE incident_child_id IN (SELECT id FROM da_incident_children WHERE incident_id = ${Number(id)});`);
}

before(async () => {
  haven = await startHaven();
  // a second force on the partnership, and one of its officers, as an administrator adds them
  let r = await post("admin", "/api/v1/agencies", { type: "police", name: "Cumbria Constabulary (figures test)", la: [888, 890] });
  assert.equal(r.status, 201, r.text);
  const slug = sql("SELECT slug FROM agencies WHERE name = 'Cumbria Constabulary (figures test)';")[0].slug;
  r = await post("admin", "/api/v1/users", { name: "Cam Cumbria", email: cumbriaPolice, agency: slug, roles: ["police"], password: cumbriaPassword });
  assert.equal(r.status, 201, r.text);
  // Kit Figures is on the register at Ribblebank Primary, so each incident below notifies the school
  r = await post("police", "/api/v1/children", {
    given_name: "Kit", family_name: "Figures", date_of_birth: "2016-04-04", la_code: 888, settings: ["ribblebank-primary"], confirm_new: true,
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(sql(`SELECT count(*) AS n FROM da_incidents WHERE occurred_at LIKE '${DAY}%';`)[0].n, 0, "the demo has no incident that day");
  // Lancashire sends one incident, Cumbria two; the school acknowledges after 30, 90 and 150 minutes
  const lancashire = await send("police", incident("FIG-L-1", "10:00:00"));
  const cumbria1 = await send(cumbriaPolice, incident("FIG-C-1", "11:00:00"));
  const cumbria2 = await send(cumbriaPolice, incident("FIG-C-2", "12:00:00"));
  acknowledge(lancashire, `${DAY}T10:00:00Z`, 30);
  acknowledge(cumbria1, `${DAY}T11:00:00Z`, 90);
  acknowledge(cumbria2, `${DAY}T12:00:00Z`, 150);
  // every victim was referred to the IDVA service covering Lancashire (high risk); Lancashire's referral is
  // withdrawn, so its victim waits, and the service attempts Cumbria's first victim 2 hours after
  const referrals = `SELECT r.id FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id WHERE i.occurred_at LIKE '${DAY}%'`;
  assert.equal(sql(referrals).length, 3, "each victim referred");
  sql(`DELETE FROM idva_referrals WHERE incident_id = ${Number(lancashire)};`);
  sql(`UPDATE idva_referrals SET first_attempt_at = '${DAY}T13:00:00Z' WHERE incident_id = ${Number(cumbria1)};`);
  // Robin goes missing three times that day: reported once by Lancashire, twice by Cumbria
  for (const [who, ref, time] of [["police", "FIG-ML-1", "08:00"], [cumbriaPolice, "FIG-MC-1", "13:00"], [cumbriaPolice, "FIG-MC-2", "18:00"]]) {
    r = await post(who, "/api/v1/missing-episodes", {
      police_reference: ref, given_name: "Robin", family_name: "Figures", date_of_birth: "2011-05-05", la_code: 888,
      reported_at: `${DAY}T${time}:00Z`, risk_grading: "medium", missing_from: "home",
    });
    assert.equal(r.status, 201, r.text);
  }
});

after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/** Operation Provide's figures for DAY as `who` reads them: [referrals, median hours to attempt, victims not referred]. */
async function provide(who) {
  const r = await call(who, `/api/v1/provide/figures?${query}`);
  assert.equal(r.status, 200, r.text);
  return [r.body.total?.referrals ?? 0, r.body.total?.median_hours_to_first_attempt ?? null, r.body.not_referred_total];
}

/** Operation Encompass's figures for DAY as `who` reads them: [incidents, notifications, acknowledged, median minutes]. */
async function encompass(who) {
  const r = await call(who, `/api/v1/encompass/figures?${query}`);
  assert.equal(r.status, 200, r.text);
  const p = r.body.partnership;
  return [p.incidents, p.notifications, p.acknowledged, p.median_minutes_to_acknowledgement];
}

/** The missing episodes' figures for DAY as `who` reads them: [episodes, children, children missing repeatedly]. */
async function missing(who) {
  const r = await call(who, `/api/v1/missing-episodes/figures?${query}`);
  assert.equal(r.status, 200, r.text);
  return [r.body.total.episodes, r.body.total.children, r.body.total.repeat_children];
}

describe("a police force's figures count its own force's incidents only", () => {
  test("Operation Provide: each force its own referrals, waits and victims not referred; the partnership and the IDVA service all", async () => {
    assert.deepEqual(await provide("police"), [0, null, 1], "Lancashire: no referral, its one victim waiting");
    assert.deepEqual(await provide(cumbriaPolice), [2, 2, 0], "Cumbria: its two referrals, one attempted");
    assert.deepEqual(await provide("partnership"), [2, 2, 1]);
    assert.deepEqual(await provide("idva"), [2, 2, 1]);
  });

  test("Operation Encompass: each force its own incidents, notifications and acknowledgements; the partnership and the front door all", async () => {
    assert.deepEqual(await encompass("police"), [1, 1, 1, 30]);
    assert.deepEqual(await encompass(cumbriaPolice), [2, 2, 2, 120], "the median of 90 and 150 minutes");
    assert.deepEqual(await encompass("partnership"), [3, 3, 3, 90]);
    assert.deepEqual(await encompass("frontdoor"), [3, 3, 3, 90]);
  });

  test("missing episodes: each force the episodes it reported, a child's repeats by its own reports; the partnership all", async () => {
    assert.deepEqual(await missing("police"), [1, 1, 0]);
    assert.deepEqual(await missing(cumbriaPolice), [2, 1, 0], "two episodes are not the partnership's repeat rule of three");
    assert.deepEqual(await missing("partnership"), [3, 1, 1], "Robin's three episodes are a repeat");
    assert.deepEqual(await missing("frontdoor"), [3, 1, 1]);
  });

  test("the pages say a force sees its own incidents' figures, and show only its counts", async () => {
    for (const [path, words] of [
      ["/provide/figures", /your police force&#39;s own incidents only|your police force's own incidents only/],
      ["/encompass/figures", /your police force&#39;s own incidents only|your police force's own incidents only/],
      ["/missing-episodes/figures", /your police force&#39;s own episodes only|your police force's own episodes only/],
    ]) {
      const own = await call(cumbriaPolice, `${path}?${query}`);
      assert.equal(own.status, 200);
      assert.match(own.text, words, `${path} tells the force`);
      const all = await call("partnership", `${path}?${query}`);
      assert.equal(all.status, 200);
      assert.doesNotMatch(all.text, /own (incidents|episodes) only/, `${path}: the partnership's are everyone's`);
    }
    // the downloads are the page's: Lancashire's CSV has its one incident, not Cumbria's two
    const csv = await call("police", `/encompass/figures.csv?${query}`);
    assert.equal(csv.status, 200);
    const lancashire = csv.text.split("\n").find((line) => line.includes("whole period") && /Lancashire/.test(line));
    assert.match(lancashire, /,1,1,/, csv.text);
  });
});

// Found by review: a figures page shown again with its errors (a period that
// ends before it starts, a date that is not one, an unknown area) dropped the
// police line, so the force's officer could not tell whose figures the page
// would show; and Operation Encompass's totals for one area chosen were still
// headed "The whole partnership".
describe("a figures page says whose figures it shows, with its errors too", () => {
  const pages = [
    ["/provide/figures", /your police force(&#39;|')s own incidents only/],
    ["/encompass/figures", /your police force(&#39;|')s own incidents only/],
    ["/missing-episodes/figures", /your police force(&#39;|')s own episodes only/],
  ];

  test("the page shown again with its errors keeps the police line, for the police only", async () => {
    for (const [path, words] of pages) {
      // a period that ends before it starts (the handler's error), and a date that is not one (the field's)
      for (const bad of ["from=2025-10-08&to=2025-10-01", "from=2025-02-30&to=2025-10-08"]) {
        const own = await call("police", `${path}?${bad}`);
        assert.equal(own.status, 400, `${path}?${bad}`);
        assert.match(own.text, /govuk-error-summary/, `${path}?${bad}: the errors are on the page`);
        assert.match(own.text, words, `${path}?${bad}: the police line is kept`);
        const all = await call("partnership", `${path}?${bad}`);
        assert.equal(all.status, 400, `${path}?${bad}`);
        assert.doesNotMatch(all.text, /own (incidents|episodes) only/, `${path}?${bad}: not for the partnership`);
      }
    }
    // an area Haven does not know
    const own = await call("police", `/encompass/figures?${query}&la=nowhere`);
    assert.equal(own.status, 400);
    assert.match(own.text, pages[1][1], "the police line is kept beside the area's error");
  });

  test("Operation Encompass's totals name the area chosen, on the page and in the API", async () => {
    const heading = (text) => text.match(/<h2 class="govuk-heading-m">([^<]*), 8 October 2025/)?.[1];
    let r = await call("partnership", `/encompass/figures?${query}&la=lancashire`);
    assert.equal(r.status, 200);
    assert.equal(heading(r.text), "Lancashire", "the totals are Lancashire's");
    assert.doesNotMatch(r.text, /whole partnership/i);
    r = await call("police", `/encompass/figures?${query}&la=lancashire`);
    assert.equal(heading(r.text), "Your force&#39;s incidents in Lancashire");
    r = await call("partnership", `/encompass/figures?${query}`);
    assert.equal(heading(r.text), "The whole partnership", "with no area chosen, the whole partnership's");
    r = await call("police", `/encompass/figures?${query}`);
    assert.equal(heading(r.text), "Your force&#39;s incidents");

    r = await call("partnership", `/api/v1/encompass/figures?${query}&la=lancashire`);
    assert.equal(r.status, 200);
    assert.equal(r.body.scope, "Lancashire");
    assert.deepEqual(r.body.areas.map((a) => a.la_name), ["Lancashire"]);
    r = await call("partnership", `/api/v1/encompass/figures?${query}`);
    assert.equal(r.body.scope, "The whole partnership");
  });
});
