// Operation Provide's figures kept as aggregates (issue 11, point 4;
// migration 0136): the counts per area and day and the waits to the first
// attempt and contact are kept as referrals and incidents change, so a year's
// figures read a few thousand rows instead of every referral. These tests
// check that the kept aggregates are exactly what a from-scratch computation
// over the referrals gives after each kind of change (the demo's referrals,
// attempts and a closure through the API, referrals made, an incident's time
// and area corrected, a referral deleted), and that the figures served from
// them agree with the referrals themselves, including an incident at 23:30
// UTC in summer time (already the next day, and month, in England).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlRows } from "../lib/api.mjs";
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
const KEY = "i.la_code AS la_code, date(i.occurred_at) AS day, strftime('%H', i.occurred_at) = '23' AS late";
const FROM = "FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id WHERE unixepoch(i.occurred_at) IS NOT NULL";

/** The kept aggregates and the ones computed afresh from the referrals, each as sorted rows. */
function aggregates() {
  const kept = {
    counts: sql("SELECT * FROM provide_figure_counts ORDER BY la_code, day, late"),
    waits: sql("SELECT * FROM provide_figure_waits ORDER BY la_code, day, late, kind, seconds"),
  };
  const fresh = {
    counts: sql(`SELECT ${KEY}, count(*) AS referrals,
        sum(coalesce(${wait("first_attempt_at")} >= 0, 0)) AS attempted,
        sum(coalesce(${wait("first_contact_at")} >= 0, 0)) AS contacted,
        sum(r.closed_at IS NOT NULL) AS closed,
        sum(coalesce(r.closed_at IS NOT NULL AND r.outcome = 'engaged', 0)) AS engaged,
        sum(coalesce(r.closed_at IS NOT NULL AND r.made_safer = 1, 0)) AS made_safer,
        sum(coalesce(r.closed_at IS NOT NULL AND r.engaged_with_investigation = 1, 0)) AS engaged_with_investigation
        ${FROM} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
    waits: sql(`SELECT * FROM (
        SELECT ${KEY}, 'attempt' AS kind, ${wait("first_attempt_at")} AS seconds, count(*) AS n ${FROM}
          AND ${wait("first_attempt_at")} >= 0 GROUP BY 1, 2, 3, 5
        UNION ALL SELECT ${KEY}, 'contact', ${wait("first_contact_at")}, count(*) ${FROM}
          AND ${wait("first_contact_at")} >= 0 GROUP BY 1, 2, 3, 5) ORDER BY 1, 2, 3, 4, 5`),
  };
  return { kept, fresh };
}
function assertAggregatesTrue(what) {
  const { kept, fresh } = aggregates();
  assert.ok(fresh.counts.length > 0, "there are referrals to count");
  assert.deepEqual(kept, fresh, what);
}

/** The median of numbers, as the figures take it (the mean of the two middle ones for an even count). */
function median(values) {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const m = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return Math.round(m * 10) / 10;
}

const incident = (ref, at, la) =>
  `INSERT INTO da_incidents (police_reference, occurred_at, location, la_code, risk_level, circumstances, source, received_at, content_hash)
   VALUES ('${ref}', '${at}', 'Fictional', ${la}, 'high', 'Fictional.', 'api', '${at}', '${ref}');
   INSERT INTO da_incident_adults (incident_id, position, name, role)
     SELECT id, 1, 'Victim ${ref} (fictional)', 'victim' FROM da_incidents WHERE police_reference = '${ref}';`;
const referral = (ref, attempt, contact, closed) =>
  `INSERT INTO idva_referrals (incident_id, victim_adult_id, service_agency_id, created_at, first_attempt_at,
     first_contact_at, outcome, closed_at, made_safer, engaged_with_investigation)
   SELECT i.id, a.id, (SELECT id FROM agencies WHERE slug = 'demo-idva-service'), i.occurred_at,
     ${attempt ? `strftime('%Y-%m-%dT%H:%M:%SZ', i.occurred_at, '${attempt}')` : "NULL"},
     ${contact ? `strftime('%Y-%m-%dT%H:%M:%SZ', i.occurred_at, '${contact}')` : "NULL"},
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
        referral("AGG-1", "+30 minutes", "+90 minutes", "engaged"),
        incident("AGG-2", "2025-06-30T23:30:00Z", 890), // 1 July in England
        referral("AGG-2", "+45 minutes", null, null),
        incident("AGG-3", "2025-06-12T10:00:00Z", 889),
        referral("AGG-3", "+150 minutes", "+150 minutes", "declined"),
        incident("AGG-4", "2025-06-13T10:00:00Z", 889),
        referral("AGG-4", "+20 minutes", null, null),
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
});
