// Operation Encompass's published figures kept as aggregates (issue 11, point
// 4; migration 0145): the incidents, notifications, notifications delivered
// and acknowledged by the next school day, per area and day, are kept as
// incidents and notifications change, so the annual report's and the
// scrutineer's Encompass table reads a few thousand rows instead of every
// incident and notification of the year. These tests check that the kept
// aggregates are exactly what a from-scratch computation over the incidents
// and notifications gives after each kind of change (the demo, incidents sent
// through the API, an acknowledgement, an incident's time and area corrected,
// a child moved to another incident, a notification withdrawn), and that the
// published table agrees with the figures page (which reads the incidents
// themselves), including incidents at 23:30 UTC on 31 March in summer time
// (already 1 April, and the next reporting year, in England) and at 22:10 UTC
// (still 31 March there).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, oneIfSql, sqlRows, utcDaySql, utcLateSql, withUtcDays } from "../lib/api.mjs";
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

const KEY = `i.la_code AS la_code, ${utcDaySql("i.occurred_at")} AS day, ${utcLateSql("i.occurred_at")} AS late`;

/** The kept aggregates and the ones computed afresh from the incidents and notifications, each as sorted rows. */
function aggregates() {
  const kept = sql("SELECT * FROM encompass_figure_counts ORDER BY la_code, day, late");
  const fresh = withUtcDays(sql(`SELECT la_code, day, late, sum(incident) AS incidents, sum(notification) AS notifications,
      sum(on_time) AS delivered_on_time, sum(acknowledged) AS acknowledged, sum(acknowledged_on_time) AS acknowledged_on_time
    FROM (SELECT ${KEY}, 1 AS incident, 0 AS notification, 0 AS on_time, 0 AS acknowledged, 0 AS acknowledged_on_time
            FROM da_incidents i WHERE unixepoch(i.occurred_at) IS NOT NULL
          UNION ALL
          SELECT ${KEY}, 0, 1, ${oneIfSql("unixepoch(n.created_at) <= unixepoch(n.due_at)")},
                 ${oneIfSql("unixepoch(n.acknowledged_at) IS NOT NULL")},
                 ${oneIfSql("unixepoch(n.acknowledged_at) <= unixepoch(n.due_at)")}
            FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id
            JOIN da_incidents i ON i.id = c.incident_id
            WHERE unixepoch(i.occurred_at) IS NOT NULL AND unixepoch(n.created_at) IS NOT NULL AND unixepoch(n.due_at) IS NOT NULL) AS counted
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`));
  return { kept, fresh };
}
function assertAggregatesTrue(what) {
  const { kept, fresh } = aggregates();
  assert.ok(fresh.some((r) => r.notifications > 0), "there are notifications to count");
  assert.deepEqual(kept, fresh, what);
}

const notificationOf = (ref) => notificationOfIncident(sql, ref);

const COLUMNS = ["incidents", "notifications", "delivered_on_time", "acknowledged"];

/** The published Encompass table for a period (from the aggregates) and the figures page's areas (from the incidents). */
async function published(from, to) {
  const dashboard = await call("scrutineer", `/api/v1/scrutiny?from=${from}&to=${to}`);
  assert.equal(dashboard.status, 200, dashboard.text);
  const table = dashboard.body.sections.find((s) => s.title === "Domestic abuse: Operation Encompass").tables[0];
  const page = await call("partnership", `/api/v1/encompass/figures?from=${from}&to=${to}`);
  assert.equal(page.status, 200, page.text);
  // every published cell is the page's count, or hidden where the page's count is small
  assert.deepEqual(table.rows.map((r) => r.label), page.body.areas.map((a) => a.la_name));
  page.body.areas.forEach((area, i) =>
    COLUMNS.forEach((key, c) => {
      const cell = table.rows[i].cells[c], n = area.totals[key];
      if (cell.suppressed) assert.equal(cell.count, null);
      else assert.equal(cell.count, n, `${area.la_name} ${key} from ${from} to ${to}`);
      if (n >= 1 && n <= 4) assert.ok(cell.suppressed, `${area.la_name} ${key}: ${n} is shown as fewer than 5`);
    }),
  );
  const byCode = Object.fromEntries(page.body.areas.map((a, i) => [a.la_code, { page: a.totals, row: table.rows[i] }]));
  return { byCode, table };
}

describe("Operation Encompass's figure aggregates", () => {
  test("the demo's incidents and notifications are counted exactly", () => {
    assertAggregatesTrue("after the demo");
  });

  test("incidents through the API, an acknowledgement, corrections and a withdrawal keep them exact", async () => {
    // five at 23:30 UTC on 31 March 2025 (1 April in England, in summer time), one at 22:30 UTC the day
    // before (30 March), one on a winter night at 23:30 UTC (still 31 December)
    const sent = [
      ...["ENC-AGG-1", "ENC-AGG-2", "ENC-AGG-3", "ENC-AGG-4", "ENC-AGG-5"].map((ref) => incident(ref, "2025-03-31T23:30:00Z")),
      incident("ENC-AGG-6", "2025-03-30T22:30:00Z"),
      incident("ENC-AGG-7", "2025-12-31T23:30:00Z"),
    ];
    for (const body of sent) {
      const r = await post("police", "/api/v1/da-incidents", body);
      assert.equal(r.status, 201, r.text);
      assert.ok(notificationOf(body.police_reference), `${body.police_reference}'s child's school was told`);
    }
    assertAggregatesTrue("after incidents came through the API");

    const r = await post("dsl", `/api/v1/encompass/notifications/${notificationOf("ENC-AGG-1")}/acknowledgement`);
    assert.equal(r.status, 200, r.text);
    assertAggregatesTrue("after an acknowledgement");

    // the police corrected an incident's time and area: it and its notification move day, hour and area
    sql("UPDATE da_incidents SET occurred_at = '2025-03-31T22:10:00Z', la_code = 890 WHERE police_reference = 'ENC-AGG-6'");
    assertAggregatesTrue("after an incident's time and area were corrected");

    // a child recorded against the wrong incident moved to the right one: its notification moves with it
    sql(`UPDATE da_incident_children SET position = 2, incident_id = (SELECT id FROM da_incidents WHERE police_reference = 'ENC-AGG-5')
         WHERE incident_id = (SELECT id FROM da_incidents WHERE police_reference = 'ENC-AGG-7')`);
    assertAggregatesTrue("after a child moved to another incident");

    // a notification withdrawn
    sql(`DELETE FROM encompass_notifications WHERE id = ${notificationOf("ENC-AGG-4")}`);
    assertAggregatesTrue("after a notification was withdrawn");
  });

  test("the published figures are the figures page's, counting each incident on its day in England", async () => {
    // published figures are for whole reporting years (shorter periods would undo suppression by
    // subtraction), so the days either side of 31 March are in different years.
    // April 2025 to March 2026: ENC-AGG-1 to 5 (23:30 UTC on 31 March, 1 April in England) and ENC-AGG-7
    // (31 December) in Blackburn with Darwen
    const year = await published("2025-04-01", "2026-03-31");
    const blackburn = year.byCode[889];
    assert.deepEqual(
      COLUMNS.map((k) => blackburn.page[k]),
      // 5 notifications: ENC-AGG-4's withdrawn, ENC-AGG-7's child moved in; told long after the next school day
      [6, 5, 0, 1],
    );
    // published: the one acknowledgement is "fewer than 5"; every other area acknowledged none, so the
    // column's total is "fewer than 5" too, and the counts beside it give nothing away
    assert.deepEqual(
      blackburn.row.cells.map((c) => c.shown),
      ["6", "5", "0", "fewer than 5"],
    );
    assert.deepEqual(COLUMNS.map((k) => year.byCode[890].page[k]), [0, 0, 0, 0]);
    // April 2024 to March 2025 (to 31 March in England) holds none of the five: they were after midnight
    // there; ENC-AGG-6 was moved to 22:10 UTC on 31 March in Blackpool, still that day in England
    const before = await published("2024-04-01", "2025-03-31");
    assert.deepEqual(COLUMNS.map((k) => before.byCode[889].page[k]), [0, 0, 0, 0]);
    assert.deepEqual(
      before.table.rows.find((r) => r.label === "Blackburn with Darwen").cells.map((c) => c.shown),
      ["0", "0", "0", "0"],
    );
    assert.deepEqual(COLUMNS.map((k) => before.byCode[890].page[k]), [1, 1, 0, 0]);
  });
});
