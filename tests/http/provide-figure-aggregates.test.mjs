// Operation Provide's figures kept as aggregates (issue 11, point 4;
// migrations 0136 and 0147): the counts per area and day, the waits to the
// first attempt and contact (to the second, and counted by whole hour) and the
// victims not referred are kept as referrals, victims and incidents change, so
// a year's figures read a few thousand rows instead of every referral and
// incident. These tests check that the kept aggregates are exactly what a
// from-scratch computation over the referrals and victims gives after each
// kind of change (the demo's referrals, attempts and a closure through the
// API, referrals made, an incident's time, area and risk corrected across
// midnight and into summer time, a referral deleted, a victim left without a
// referral, the referral rule changed), and that the figures served from them
// (every area's, month's and the whole period's counts, medians to the second
// and victims not referred) equal the same figures computed afresh from the
// referrals, including an incident at 23:30 UTC in summer time (already the
// next day, and month, in England).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, oneIfSql, sqlRows, timeAfter, utcDaySql, utcLateSql, withUtcDays } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlRows(haven.dbPath, query);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

const wait = (col) => `unixepoch(r.${col}) - unixepoch(i.occurred_at)`;
const KEY = `i.la_code AS la_code, ${utcDaySql("i.occurred_at")} AS day, ${utcLateSql("i.occurred_at")} AS late`;
const FROM = "FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id WHERE unixepoch(i.occurred_at) IS NOT NULL";

/** The kept aggregates and the ones computed afresh from the referrals, each as sorted rows. */
function aggregates() {
  const kept = {
    counts: sql("SELECT * FROM provide_figure_counts ORDER BY la_code, day, late"),
    waits: sql("SELECT * FROM provide_figure_waits ORDER BY la_code, day, late, kind, seconds"),
    hours: sql("SELECT * FROM provide_figure_wait_hours ORDER BY la_code, day, late, kind, hour"),
    notReferred: sql("SELECT * FROM provide_not_referred ORDER BY la_code, day, late, risk_level"),
  };
  const fresh = {
    counts: withUtcDays(sql(`SELECT ${KEY}, count(*) AS referrals,
        sum(${oneIfSql(`${wait("first_attempt_at")} >= 0`)}) AS attempted,
        sum(${oneIfSql(`${wait("first_contact_at")} >= 0`)}) AS contacted,
        sum(${oneIfSql("r.closed_at IS NOT NULL")}) AS closed,
        sum(${oneIfSql("r.closed_at IS NOT NULL AND r.outcome = 'engaged'")}) AS engaged,
        sum(${oneIfSql("r.closed_at IS NOT NULL AND r.made_safer = 1")}) AS made_safer,
        sum(${oneIfSql("r.closed_at IS NOT NULL AND r.engaged_with_investigation = 1")}) AS engaged_with_investigation
        ${FROM} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)),
    waits: withUtcDays(sql(`SELECT * FROM (
        SELECT ${KEY}, 'attempt' AS kind, ${wait("first_attempt_at")} AS seconds, count(*) AS n ${FROM}
          AND ${wait("first_attempt_at")} >= 0 GROUP BY 1, 2, 3, 5
        UNION ALL SELECT ${KEY}, 'contact', ${wait("first_contact_at")}, count(*) ${FROM}
          AND ${wait("first_contact_at")} >= 0 GROUP BY 1, 2, 3, 5) AS waits ORDER BY 1, 2, 3, 4, 5`)),
    notReferred: withUtcDays(sql(`SELECT ${KEY}, i.risk_level AS risk_level, count(*) AS victims
        FROM da_incidents i JOIN da_incident_adults a ON a.incident_id = i.id AND a.role = 'victim'
        WHERE unixepoch(i.occurred_at) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = a.id)
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`)),
  };
  // the waits by whole hour, from the waits to the second computed afresh
  const hours = new Map();
  for (const w of fresh.waits) {
    const key = JSON.stringify([w.la_code, w.day, w.late, w.kind, Math.floor(w.seconds / 3600)]);
    hours.set(key, (hours.get(key) ?? 0) + w.n);
  }
  fresh.hours = [...hours].map(([key, n]) => {
    const [la_code, day, late, kind, hour] = JSON.parse(key);
    return { la_code, day, late, kind, hour, n };
  });
  return { kept, fresh };
}
function assertAggregatesTrue(what) {
  const { kept, fresh } = aggregates();
  assert.ok(fresh.counts.length > 0, "there are referrals to count");
  assert.deepEqual(kept, { ...fresh, hours: kept.hours }, what);
  assert.deepEqual(kept.hours, fresh.hours, `${what}: the waits by hour`);
}

const londonDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/**
 * The figures of London days [from, to] computed afresh from every referral and victim, the way the
 * figures were before any aggregate: per area and month, per area, and for all, the counts and the
 * medians of the waits to the second; and the victims not referred by area.
 */
function figuresAfresh(from, to) {
  const rows = sql(`SELECT i.la_code AS la, i.occurred_at AS at,
      unixepoch(r.first_attempt_at) - unixepoch(i.occurred_at) AS attempt,
      unixepoch(r.first_contact_at) - unixepoch(i.occurred_at) AS contact
      FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id WHERE unixepoch(i.occurred_at) IS NOT NULL`);
  const groups = new Map();
  const add = (key, row) => {
    const g = groups.get(key) ?? { referrals: 0, attempts: [], contacts: [] };
    g.referrals++;
    if (row.attempt !== null && row.attempt >= 0) g.attempts.push(row.attempt / 3600);
    if (row.contact !== null && row.contact >= 0) g.contacts.push(row.contact / 3600);
    groups.set(key, g);
  };
  for (const row of rows) {
    const day = londonDate.format(new Date(row.at));
    if (day < from || day > to) continue;
    add(`${row.la} ${day.slice(0, 7)}`, row);
    add(`${row.la}`, row);
    add("all", row);
  }
  const figures = (g) => [g.referrals, median(g.attempts), median(g.contacts)];
  const victims = sql(`SELECT i.la_code AS la_code, i.occurred_at AS at FROM da_incidents i
      JOIN da_incident_adults a ON a.incident_id = i.id AND a.role = 'victim' JOIN da_settings s ON s.id = 1
      WHERE (s.idva_referrals = 'all' OR i.risk_level IN ('medium', 'high'))
        AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = a.id)`);
  const notReferred = {};
  for (const v of victims) {
    const day = londonDate.format(new Date(v.at));
    if (day >= from && day <= to) notReferred[v.la_code] = (notReferred[v.la_code] ?? 0) + 1;
  }
  return { groups: new Map([...groups].map(([k, g]) => [k, figures(g)])), notReferred };
}

/** Asserts the figures served for [from, to] equal the figures computed afresh; returns them. */
async function assertFiguresTrue(from, to, what) {
  const res = await call("partnership", `/api/v1/provide/figures?from=${from}&to=${to}`);
  assert.equal(res.status, 200, res.text);
  const served = new Map();
  const figures = (g) => [g.referrals, g.median_hours_to_first_attempt, g.median_hours_to_first_contact];
  for (const a of res.body.areas) {
    for (const m of a.months) served.set(`${a.la_code} ${m.month}`, figures(m));
    served.set(`${a.la_code}`, figures(a.total));
  }
  if (res.body.areas.length) served.set("all", figures(res.body.total));
  const afresh = figuresAfresh(from, to);
  assert.deepEqual(served, afresh.groups, `${what}: the figures`);
  const notReferred = Object.fromEntries(res.body.not_referred.map((a) => [a.la_code, a.victims]));
  assert.deepEqual(notReferred, afresh.notReferred, `${what}: the victims not referred`);
  return res.body;
}

/** The median of numbers, as the figures take it (the mean of the two middle ones for an even count). */
function median(values) {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const m = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return Math.round(m * 10) / 10;
}

const incident = (ref, at, la, risk = "high") =>
  `INSERT INTO da_incidents (police_reference, occurred_at, location, la_code, risk_level, circumstances, source, received_at, content_hash)
   VALUES ('${ref}', '${at}', 'Fictional', ${la}, '${risk}', 'Fictional.', 'api', '${at}', '${ref}');
   INSERT INTO da_incident_adults (incident_id, position, name, role)
     SELECT id, 1, 'Victim ${ref} (fictional)', 'victim' FROM da_incidents WHERE police_reference = '${ref}';`;
/** A referral of `ref`'s victim (its incident at `at`), the first attempt and contact `attempt` and `contact` seconds after (or null). */
const referral = (ref, at, attempt, contact, closed) =>
  `INSERT INTO idva_referrals (incident_id, victim_adult_id, service_agency_id, created_at, first_attempt_at,
     first_contact_at, outcome, closed_at, made_safer, engaged_with_investigation)
   SELECT i.id, a.id, (SELECT id FROM agencies WHERE slug = 'demo-idva-service'), i.occurred_at,
     ${attempt === null ? "NULL" : `'${timeAfter(at, attempt)}'`},
     ${contact === null ? "NULL" : `'${timeAfter(at, contact)}'`},
     ${closed ? `'${closed}', '2025-09-01T00:00:00Z', 1, 0` : "NULL, NULL, NULL, NULL"}
   FROM da_incidents i JOIN da_incident_adults a ON a.incident_id = i.id WHERE i.police_reference = '${ref}';`;

describe("Operation Provide's figure aggregates", () => {
  test("the demo's referrals are counted exactly", () => {
    assertAggregatesTrue("after the demo");
  });

  test("attempts and a closure recorded through the API move the counts and waits", async () => {
    const list = await call("idva", "/api/v1/provide/referrals?limit=200");
    assert.equal(list.status, 200, list.text);
    const open = list.body.referrals.find((r) => !r.first_attempt_at);
    assert.ok(open, "the demo has an open referral with no attempt yet");
    const detail = (await call("idva", `/api/v1/provide/referrals/${open.id}`)).body.referral;
    const at = new Date(Date.parse(detail.occurred_at ?? detail.incident_occurred_at ?? detail.created_at) + 95 * 60_000);
    const attempted_at = at.toISOString().replace(/\.\d+Z$/, "Z");
    let res = await post("idva", `/api/v1/provide/referrals/${open.id}/attempts`, { attempted_at, method: "phone", result: "contacted", safe_contact_reason: "She asked us to call then." });
    assert.equal(res.status, 201, res.text);
    assertAggregatesTrue("after an attempt that made contact");
    res = await post("idva", `/api/v1/provide/referrals/${open.id}/closure`, { outcome: "engaged", made_safer: true, engaged_with_investigation: false });
    assert.equal(res.status, 200, res.text);
    assertAggregatesTrue("after a closure");
  });

  test("referrals made, an incident corrected and a referral deleted keep them exact, and the figures agree with the referrals", async () => {
    sql(
      [
        incident("AGG-1", "2025-06-10T09:00:00Z", 890),
        referral("AGG-1", "2025-06-10T09:00:00Z", 30 * 60, 90 * 60, "engaged"),
        incident("AGG-2", "2025-06-30T23:30:00Z", 890), // 1 July in England
        referral("AGG-2", "2025-06-30T23:30:00Z", 45 * 60, null, null),
        incident("AGG-3", "2025-06-12T10:00:00Z", 889),
        referral("AGG-3", "2025-06-12T10:00:00Z", 150 * 60, 150 * 60, "declined"),
        incident("AGG-4", "2025-06-13T10:00:00Z", 889),
        referral("AGG-4", "2025-06-13T10:00:00Z", 20 * 60, null, null),
      ].join("\n"),
    );
    assertAggregatesTrue("after referrals were made");
    // the police corrected an incident's time and area: its referral moves day, late hour and area
    sql("UPDATE da_incidents SET occurred_at = '2025-07-31T23:10:00Z', la_code = 890 WHERE police_reference = 'AGG-3'");
    assertAggregatesTrue("after an incident was corrected");
    // a referral withdrawn (deleted) comes off
    sql("DELETE FROM idva_referrals WHERE incident_id = (SELECT id FROM da_incidents WHERE police_reference = 'AGG-4')");
    assertAggregatesTrue("after a referral was deleted");

    const res = await call("partnership", "/api/v1/provide/figures?from=2025-06-01&to=2025-08-31");
    assert.equal(res.status, 200, res.text);
    const blackpool = res.body.areas.find((a) => a.la_code === 890);
    assert.deepEqual(
      blackpool.months.map((m) => [m.month, m.referrals, m.attempted, m.contacted, m.closed, m.engaged, m.median_hours_to_first_attempt, m.median_hours_to_first_contact]),
      [
        ["2025-06", 1, 1, 1, 1, 1, 0.5, 1.5],
        ["2025-07", 1, 1, 0, 0, 0, 0.8, null], // AGG-2, 45 minutes
        // AGG-3, now 1 August in England and in Blackpool; its attempts (kept) are now before the
        // incident, which the figures count as no attempt
        ["2025-08", 1, 0, 0, 1, 0, null, null],
      ],
    );
    assert.equal(res.body.areas.find((a) => a.la_code === 889), undefined, "AGG-3 moved away and AGG-4 was deleted");
    // the whole period's medians against the referrals themselves
    const rows = sql(`SELECT (unixepoch(r.first_attempt_at) - unixepoch(i.occurred_at)) / 3600.0 AS attempt,
        (unixepoch(r.first_contact_at) - unixepoch(i.occurred_at)) / 3600.0 AS contact
        FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id WHERE i.police_reference LIKE 'AGG-%'`);
    assert.equal(res.body.total.referrals, rows.length);
    assert.equal(res.body.total.median_hours_to_first_attempt, median(rows.filter((r) => r.attempt !== null && r.attempt >= 0).map((r) => r.attempt)));
    assert.equal(res.body.total.median_hours_to_first_contact, median(rows.filter((r) => r.contact !== null && r.contact >= 0).map((r) => r.contact)));
  });
  test("a year's figures equal the referrals' to the second after every kind of change", async () => {
    // 400 incidents over 2025 in the three areas, each victim referred but every seventh, the waits
    // to the second (the attempts within three hours, so many share an hour), a tenth at 23:xx UTC and
    // some on the last day of a month (in summer time, the next month in England)
    let seed = 11;
    const next = (n) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const two = (n) => String(n).padStart(2, "0");
    const lastDay = (month) => new Date(Date.UTC(2025, month, 0)).getUTCDate();
    const made = [];
    for (let k = 0; k < 400; k++) {
      const month = 1 + next(12);
      const day = k % 25 === 0 ? lastDay(month) : 1 + next(28);
      const at = `2025-${two(month)}-${two(day)}T${two(k % 10 === 0 ? 23 : next(24))}:${two(next(60))}:${two(next(60))}Z`;
      made.push(incident(`YEAR-${k}`, at, [888, 889, 890][next(3)], ["standard", "medium", "high"][next(3)]));
      if (k % 7 !== 6)
        made.push(referral(`YEAR-${k}`, at, 600 + next(3 * 3600), k % 3 ? 3600 + next(40 * 3600) : null, null));
    }
    sql(made.join("\n"));
    const checks = async (what) => {
      assertAggregatesTrue(what);
      await assertFiguresTrue("2025-01-01", "2025-12-31", `${what}, the year`);
      await assertFiguresTrue("2025-03-30", "2025-10-25", `${what}, the summer`);
    };
    await checks("after a year of referrals");

    // an incident corrected across midnight into summer time's next day: 00:30 GMT on 30 March becomes
    // 23:30 UTC, 00:30 on 31 March in England
    sql(incident("EDGE-1", "2025-03-30T00:30:00Z", 888) + referral("EDGE-1", "2025-03-30T00:30:00Z", 4000, 7300, null));
    sql("UPDATE da_incidents SET occurred_at = '2025-03-30T23:30:00Z' WHERE police_reference = 'EDGE-1'");
    await checks("after an incident was corrected across midnight in summer time");
    // and across a month's end and into another area: 22:50 UTC on 31 May becomes 23:10, 1 June in England
    sql("UPDATE da_incidents SET occurred_at = '2025-05-31T23:10:00Z', la_code = 890 WHERE police_reference = 'EDGE-1'");
    await checks("after an incident was corrected into the next month and another area");
    // a victim with no referral: standard risk does not count, corrected to medium it does
    sql(incident("WAIT-1", "2025-07-31T23:40:00Z", 889, "standard"));
    await checks("after a standard risk victim was left unreferred");
    sql("UPDATE da_incidents SET risk_level = 'medium' WHERE police_reference = 'WAIT-1'");
    await checks("after the incident's risk was corrected");
    // the waiting victim referred, then the referral deleted: waiting again
    sql(referral("WAIT-1", "2025-07-31T23:40:00Z", 59 * 60, 61 * 60, null));
    await checks("after a waiting victim was referred");
    sql("DELETE FROM idva_referrals WHERE incident_id = (SELECT id FROM da_incidents WHERE police_reference = 'WAIT-1')");
    await checks("after a referral was deleted");
    // a second victim added to an incident, then found not to be a victim, then removed
    sql(`INSERT INTO da_incident_adults (incident_id, position, name, role)
         SELECT id, 2, 'Second victim (fictional)', 'victim' FROM da_incidents WHERE police_reference = 'YEAR-5'`);
    await checks("after a victim was added");
    sql("UPDATE da_incident_adults SET role = 'other' WHERE name = 'Second victim (fictional)'");
    await checks("after a victim was found not to be one");
    sql("DELETE FROM da_incident_adults WHERE name = 'Second victim (fictional)'");
    await checks("after an adult was removed");
    // the rule changed to every victim: the standard risk victims waiting count too
    const before = await assertFiguresTrue("2025-01-01", "2025-12-31", "before the rule changed");
    sql("UPDATE da_settings SET idva_referrals = 'all' WHERE id = 1");
    const after = await assertFiguresTrue("2025-01-01", "2025-12-31", "after the rule changed to every victim");
    assert.ok(after.not_referred_total > before.not_referred_total, "the standard risk victims waiting count now");
  });
});
