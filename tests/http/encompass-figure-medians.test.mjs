// Operation Encompass's figures page from its kept aggregates (issue 11, point
// 4; migrations 0145, 0137 and 0149): the page, its API and its CSV read the counts
// kept per area and day and a histogram of acknowledgement delays kept per
// area, day and hour (only the hour holding a median is read to the second),
// not the period's notifications. These tests check that the kept delays are
// exactly what a from-scratch computation over the notifications gives, and
// that every figure the page shows (counts and medians, per area, week, month
// and the whole partnership) equals one recomputed here from the raw rows,
// after each kind of change: the demo, incidents through the API near
// midnight in summer time (already the next day, week or month in England),
// acknowledgements (through the API and with chosen delays, odd and even
// counts, several in one hour, one before the incident), an incident's time
// and area corrected, a child moved to another incident and a notification
// withdrawn.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlRows, timeAfter, utcDaySql, utcLateSql, withUtcDays } from "../lib/api.mjs";
import { encompassIncident as incident, notificationOfIncident } from "../lib/encompass.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlRows(haven.dbPath, query);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/** The kept delays and the ones computed afresh from the notifications, each as sorted rows. */
function assertDelaysTrue(what) {
  const kept = sql("SELECT la_code, day, late, seconds, n FROM encompass_figure_delays ORDER BY 1, 2, 3, 4");
  const fresh = withUtcDays(sql(`SELECT i.la_code AS la_code, ${utcDaySql("i.occurred_at")} AS day, ${utcLateSql("i.occurred_at")} AS late,
        unixepoch(n.acknowledged_at) - unixepoch(i.occurred_at) AS seconds, count(*) AS n
      FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id
      JOIN da_incidents i ON i.id = c.incident_id
      WHERE unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(n.created_at) IS NOT NULL AND unixepoch(n.due_at) IS NOT NULL
        AND unixepoch(n.acknowledged_at) IS NOT NULL
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`));
  assert.ok(fresh.length > 0, "there are acknowledgements to count");
  assert.deepEqual(kept, fresh, what);
  const hours = sql("SELECT la_code, day, late, hour, n FROM encompass_figure_delay_hours ORDER BY 1, 2, 3, 4");
  const freshHours = sql(`SELECT la_code, day, late, seconds / 3600 AS hour, sum(n) AS n FROM encompass_figure_delays
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`);
  assert.deepEqual(hours, freshHours, `${what}: the hours`);
}

const londonDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });
/** The Monday of the week of `day` ("YYYY-MM-DD"). */
function monday(day) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
const median = (values) => {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b), m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

/**
 * The figures of London days [from, to] (area `la`, or every area) recomputed from the incidents and
 * notifications: { area code: { total, weeks: {monday: f}, months: {"YYYY-MM": f} }, partnership: f }.
 */
function recompute(from, to, la) {
  const rows = sql(`SELECT i.id AS incident, i.la_code AS la, unixepoch(i.occurred_at) AS occurred, n.id AS notification,
      unixepoch(n.created_at) AS created, unixepoch(n.due_at) AS due, unixepoch(n.acknowledged_at) AS acknowledged
    FROM da_incidents i LEFT JOIN da_incident_children c ON c.incident_id = i.id
    LEFT JOIN encompass_notifications n ON n.incident_child_id = c.id WHERE unixepoch(i.occurred_at) IS NOT NULL`);
  const empty = () => ({ incidents: new Set(), notifications: 0, delivered_on_time: 0, acknowledged: 0, acknowledged_on_time: 0, minutes: [] });
  const areas = {}, partnership = empty();
  for (const r of rows) {
    const day = londonDate.format(new Date(r.occurred * 1000));
    if (day < from || day > to || (la && r.la !== la)) continue;
    const area = (areas[r.la] ??= { total: empty(), weeks: {}, months: {} });
    for (const f of [partnership, area.total, (area.weeks[monday(day)] ??= empty()), (area.months[day.slice(0, 7)] ??= empty())]) {
      f.incidents.add(r.incident);
      if (r.notification === null || r.created === null || r.due === null) continue;
      f.notifications++;
      if (r.created <= r.due) f.delivered_on_time++;
      if (r.acknowledged === null) continue;
      f.acknowledged++;
      if (r.acknowledged <= r.due) f.acknowledged_on_time++;
      f.minutes.push((r.acknowledged - r.occurred) / 60);
    }
  }
  const shown = (f) => ({
    incidents: f.incidents.size, notifications: f.notifications, delivered_on_time: f.delivered_on_time,
    acknowledged: f.acknowledged, acknowledged_on_time: f.acknowledged_on_time, median_minutes_to_acknowledgement: median(f.minutes),
  });
  const out = {};
  for (const [code, a] of Object.entries(areas)) {
    out[code] = {
      total: shown(a.total),
      weeks: Object.fromEntries(Object.entries(a.weeks).sort().map(([k, f]) => [k, shown(f)])),
      months: Object.fromEntries(Object.entries(a.months).sort().map(([k, f]) => [k, shown(f)])),
    };
  }
  return { areas: out, partnership: shown(partnership) };
}

const KEYS = ["incidents", "notifications", "delivered_on_time", "acknowledged", "acknowledged_on_time", "median_minutes_to_acknowledgement"];
const pick = (f) => Object.fromEntries(KEYS.map((k) => [k, f[k]]));
const NOTHING = { incidents: 0, notifications: 0, delivered_on_time: 0, acknowledged: 0, acknowledged_on_time: 0, median_minutes_to_acknowledgement: null };

/** The figures page (API and CSV) for `query` equals the recomputation; returns how many medians it compared. */
async function assertFiguresTrue(query, what) {
  const r = await call("partnership", `/api/v1/encompass/figures${query}`);
  assert.equal(r.status, 200, r.text);
  const { from, to } = r.body;
  const la = query.includes("la=") ? r.body.areas[0]?.la_code : undefined;
  const fresh = recompute(from, to, la);
  let medians = 0;
  for (const area of r.body.areas) {
    const f = fresh.areas[area.la_code];
    const where = `${what}: ${area.la_name}, ${from} to ${to}`;
    assert.deepEqual(pick(area.totals), f ? f.total : NOTHING, `${where}, the whole period`);
    assert.deepEqual(Object.fromEntries(area.weeks.map((w) => [w.week_beginning, pick(w)])), f ? f.weeks : {}, `${where}, by week`);
    assert.deepEqual(Object.fromEntries(area.months.map((m) => [m.month, pick(m)])), f ? f.months : {}, `${where}, by month`);
    medians += [area.totals, ...area.weeks, ...area.months].filter((t) => t.median_minutes_to_acknowledgement !== null).length;
  }
  assert.deepEqual(pick(r.body.partnership), fresh.partnership, `${what}: the partnership, ${from} to ${to}`);

  // the CSV's whole-period rows: the same counts, the median to one place
  const csv = await call("partnership", `/encompass/figures.csv${query}`);
  assert.equal(csv.status, 200, csv.text);
  const lines = csv.text.trim().split(/\r?\n/).slice(1).map((l) => l.split(","));
  for (const area of r.body.areas) {
    const row = lines.find((l) => l[0] === area.la_name && l[1] === "whole period");
    const f = fresh.areas[area.la_code]?.total ?? NOTHING;
    assert.deepEqual(row.slice(3, 8).map(Number), KEYS.slice(0, 5).map((k) => f[k]), `${what}: ${area.la_name}'s CSV counts`);
    if (f.median_minutes_to_acknowledgement === null) assert.equal(row[11], "");
    else assert.ok(Math.abs(Number(row[11]) - f.median_minutes_to_acknowledgement) <= 0.05 + 1e-9, `${what}: ${area.la_name}'s CSV median ${row[11]}`);
  }
  return medians;
}

const PERIODS = ["", "?from=2025-06-01&to=2025-07-31", "?from=2025-06-30&to=2025-07-01", "?from=2025-01-01&to=2025-12-31&la=blackburn-with-darwen"];
async function assertAllTrue(what) {
  assertDelaysTrue(what);
  let medians = 0;
  for (const period of PERIODS) medians += await assertFiguresTrue(period, what);
  return medians;
}

const notificationOf = (ref) => notificationOfIncident(sql, ref);
/** Acknowledges `ref`'s notification `seconds` after its incident (a school's answer at a chosen time). */
function acknowledgeAfter(ref, seconds) {
  const id = notificationOf(ref);
  const [{ at }] = sql(`SELECT i.occurred_at AS at FROM encompass_notifications n
      JOIN da_incident_children c ON c.id = n.incident_child_id JOIN da_incidents i ON i.id = c.incident_id WHERE n.id = ${id}`);
  sql(`UPDATE encompass_notifications SET acknowledged_at = '${timeAfter(at, seconds)}',
         acknowledged_by = (SELECT id FROM users WHERE email = 'dsl@demo.haven.example')
       WHERE id = ${id}`);
}

describe("Operation Encompass's figures page from its kept aggregates", () => {
  test("the demo's figures are the ones recomputed from its notifications", async () => {
    assert.ok((await assertAllTrue("after the demo")) > 0, "the demo has medians to compare");
  });

  test("incidents, acknowledgements and corrections near midnight in summer time keep every figure exact", async () => {
    // Sunday 29 June 2025 23:30 UTC is Monday 30 June in England (a new week); Monday 30 June 23:xx UTC is
    // Tuesday 1 July (a new month); 22:59:59 UTC is still 30 June
    const times = {
      "ENC-MED-1": "2025-06-29T23:30:00Z", "ENC-MED-2": "2025-06-29T22:30:00Z", "ENC-MED-3": "2025-06-30T23:00:00Z",
      "ENC-MED-4": "2025-06-30T22:59:59Z", "ENC-MED-5": "2025-06-30T23:59:59Z", "ENC-MED-6": "2025-06-30T10:00:00Z",
      "ENC-MED-7": "2025-07-01T08:15:00Z", "ENC-MED-8": "2025-07-01T23:30:00Z", "ENC-MED-9": "2025-06-30T23:30:00Z",
    };
    for (const [ref, at] of Object.entries(times)) {
      const r = await post("police", "/api/v1/da-incidents", incident(ref, at));
      assert.equal(r.status, 201, r.text);
      assert.ok(notificationOf(ref), `${ref}'s child's school was told`);
    }
    await assertAllTrue("after incidents came through the API");

    const r = await post("dsl", `/api/v1/encompass/notifications/${notificationOf("ENC-MED-1")}/acknowledgement`);
    assert.equal(r.status, 200, r.text);
    await assertAllTrue("after an acknowledgement through the API");

    // chosen delays: three in one hour (2 h 0 min 1 s, 2 h 30 min, 2 h 59 min 59 s), one on an hour's edge
    // (3 h), a long one, and then a fifth and sixth (an even count: the median is a mean of two)
    acknowledgeAfter("ENC-MED-2", 7201);
    acknowledgeAfter("ENC-MED-3", 9000);
    acknowledgeAfter("ENC-MED-4", 10799);
    acknowledgeAfter("ENC-MED-5", 10800);
    acknowledgeAfter("ENC-MED-6", 200000);
    let medians = await assertAllTrue("after acknowledgements with odd counts");
    acknowledgeAfter("ENC-MED-7", 9001);
    acknowledgeAfter("ENC-MED-9", 9037);
    medians += await assertAllTrue("after acknowledgements with even counts");
    // a school's acknowledgement corrected to a later time
    acknowledgeAfter("ENC-MED-3", 12345);
    medians += await assertAllTrue("after an acknowledgement's time was corrected");
    assert.ok(medians > 20, `medians compared: ${medians}`);

    // the police corrected an incident's time (after its acknowledgement: the delay is now negative) and
    // another's area: each moves day, hour and area with its acknowledgement
    sql("UPDATE da_incidents SET occurred_at = '2025-07-01T02:30:00Z' WHERE police_reference = 'ENC-MED-4'");
    sql("UPDATE da_incidents SET la_code = 890, occurred_at = '2025-07-01T23:10:00Z' WHERE police_reference = 'ENC-MED-6'");
    assert.ok(sql("SELECT 1 FROM encompass_figure_delays WHERE seconds < 0").length, "a negative delay is counted");
    await assertAllTrue("after incidents' times and areas were corrected");

    // a child recorded against the wrong incident moved to the right one: its acknowledgement moves with it
    sql(`UPDATE da_incident_children SET position = 2, incident_id = (SELECT id FROM da_incidents WHERE police_reference = 'ENC-MED-8')
         WHERE incident_id = (SELECT id FROM da_incidents WHERE police_reference = 'ENC-MED-9')`);
    await assertAllTrue("after a child moved to another incident");

    // a notification withdrawn, and an acknowledgement taken back
    sql(`DELETE FROM encompass_notifications WHERE id = ${notificationOf("ENC-MED-7")}`);
    sql(`UPDATE encompass_notifications SET acknowledged_at = NULL, acknowledged_by = NULL WHERE id = ${notificationOf("ENC-MED-2")}`);
    await assertAllTrue("after a notification was withdrawn and an acknowledgement taken back");
  });
});
