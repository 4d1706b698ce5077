// Operation Encompass from the police's own identification (issue 14,
// src/areas/incidents/notify_sqlite.c rule 5): a child the police name with a
// date of birth and a setting Haven knows, and whom the register does not
// hold, is added to the register and notified at once ('registered'); only a
// real ambiguity waits for a person, with the deadline its notification would
// have. The empty-register batch: 1,000 incidents on a register that holds
// none of their children, at least 95% notified with no person involved.
//
// Synthetic settings (URNs 510000 up) and their Key Adults are written with
// the sqlite3 CLI, as incidents.test.mjs does; the demo register's handful
// of children share no name or date of birth with the synthetic ones, so for
// these children the register is empty. Incidents are in November 2025
// (Wednesday 19th, GMT), so they are in the past whatever the clock says.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlRows } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call } = apiClient(() => haven, { timeoutMs: 60_000 });
const sql = (query) => sqlRows(haven.dbPath, query);

const SCHOOLS = 40;
const INCIDENTS = 1000;
// every 25th child is named without a setting: Haven cannot know where to send its notification
const waitsForPerson = (i) => i % 25 === 7;

const syllables = ["ba", "ke", "lo", "mi", "du", "ra", "ti", "no", "ve", "su", "ga", "pe", "zo", "hu", "wi", "fa", "ly", "dro", "kan", "mel"];
function syntheticName(i, parts) {
  let out = "";
  for (let p = 0; p < parts; p++) {
    out += syllables[i % syllables.length];
    i = Math.floor(i / syllables.length);
  }
  return out[0].toUpperCase() + out.slice(1);
}

function incident(i) {
  const day = 1 + (i % 28);
  const month = 1 + (Math.floor(i / 28) % 12);
  const year = 2010 + (Math.floor(i / 336) % 3) * 3 + (i % 2);
  return {
    police_reference: `EMPTY-${i}`,
    occurred_at: "2025-11-19T21:00:00Z",
    location: `${i} Synthetic Street`,
    la_code: 889,
    risk_level: "standard",
    circumstances: "Synthetic incident for the empty-register batch.",
    adults: [],
    children: [
      {
        given_name: syntheticName(i, 2),
        family_name: `${syntheticName(i * 7 + 3, 3)}son`,
        date_of_birth: `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
        present: true,
        spoken_to: false,
        ...(waitsForPerson(i) ? {} : { setting_urn: 510000 + (i % SCHOOLS) }),
      },
    ],
  };
}

before(async () => {
  haven = await startHaven();
  // IMMEDIATE takes the write lock before reading, so sqlite3's busy timeout
  // covers a server job writing at the same moment; a deferred BEGIN would
  // fail at once with "database is locked" if the server committed first.
  let setup = "BEGIN IMMEDIATE;\n";
  for (let s = 0; s < SCHOOLS; s++) {
    setup += `INSERT INTO agencies (slug, name, type, la_code) VALUES ('empty-school-${s}', 'Empty Register School ${s} (fictional)', 'school', 889);
      INSERT INTO settings (agency_id, urn, establishment_type, phase, status, school_day_start)
        VALUES ((SELECT id FROM agencies WHERE slug = 'empty-school-${s}'), ${510000 + s}, 'Community school', 'Primary', 'Open', '08:45');
      INSERT INTO users (email, name, agency_id, password_hash)
        VALUES ('keyadult${s}@empty.example', 'Key Adult ${s}', (SELECT id FROM agencies WHERE slug = 'empty-school-${s}'), 'not-a-password-hash');
      INSERT INTO user_roles (user_id, role) VALUES ((SELECT id FROM users WHERE email = 'keyadult${s}@empty.example'), 'dsl');\n`;
  }
  sql(`${setup}COMMIT;`);
});

after(async () => {
  await haven?.stop();
});

describe("the police's identification", () => {
  test("a child the register does not hold, at a setting Haven knows, is registered and notified at once", async () => {
    const children = sql("SELECT count(*) AS n FROM children;")[0].n;
    const r = await call("police", "/api/v1/da-incidents", {
      method: "POST",
      json: { ...incident(100000), police_reference: "ONE-1" },
    });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.children, [
      { position: 1, match_status: "registered", match_note: "Not on the register: added from the police's details." },
    ]);
    assert.equal(sql("SELECT count(*) AS n FROM children;")[0].n, children + 1);
    const [row] = sql(`SELECT c.child_id, c.setting_agency_id, n.due_at FROM da_incident_children c
      JOIN da_incidents i ON i.id = c.incident_id JOIN encompass_notifications n ON n.incident_child_id = c.id
      WHERE i.police_reference = 'ONE-1';`);
    assert.equal(row.due_at, "2025-11-20T08:45:00Z", "before the next school day starts");
    // the new record is the setting's and the local authority's, so both may see it
    const links = sql(`SELECT relationship FROM child_links WHERE child_id = ${row.child_id} ORDER BY relationship;`);
    assert.deepEqual(links.map((l) => l.relationship), ["local_authority", "setting"]);
    // the Key Adult's email says nothing about the child
    const [mail] = sql(`SELECT subject, body_text FROM mail_outbox WHERE to_address = 'keyadult0@empty.example';`);
    assert.match(mail.subject, /Encompass/);
    assert.doesNotMatch(mail.body_text, new RegExp(incident(100000).children[0].family_name));

    // the same child sent again by the police is now on the register: matched, not added twice
    const again = await call("police", "/api/v1/da-incidents", {
      method: "POST",
      json: { ...incident(100000), police_reference: "ONE-2" },
    });
    assert.equal(again.status, 201, again.text);
    assert.equal(again.body.children[0].match_status, "matched");
    assert.equal(sql("SELECT count(*) AS n FROM children;")[0].n, children + 1);
  });

  test("a real ambiguity still waits for a person, with the deadline its notification would have", async () => {
    // two register children with the same name and date of birth, added by hand
    const twin = incident(200000).children[0];
    for (let n = 0; n < 2; n++) {
      const r = await call("police", "/api/v1/children", {
        method: "POST",
        json: { given_name: twin.given_name, family_name: twin.family_name, date_of_birth: twin.date_of_birth, la_code: 889, confirm_new: true },
      });
      assert.equal(r.status, 201, r.text);
    }
    const children = sql("SELECT count(*) AS n FROM children;")[0].n;
    const r = await call("police", "/api/v1/da-incidents", {
      method: "POST",
      json: { ...incident(200000), police_reference: "AMB-1", children: [{ ...twin, setting_urn: 510001 }] },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.children[0].match_status, "unresolved");
    assert.match(r.body.children[0].match_note, /2 children on the register could be this child/);
    assert.equal(sql("SELECT count(*) AS n FROM children;")[0].n, children, "no third record is added");
    const [waiting] = sql(`SELECT c.waiting_due_at, c.child_id FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id
      WHERE i.police_reference = 'AMB-1';`);
    assert.equal(waiting.waiting_due_at, "2025-11-20T08:45:00Z", "the setting the police named starts its day at 08:45");
    assert.equal(waiting.child_id, null);
    // the resolution queue counts down to it (here long past: the incident was in 2025), in words and date
    const queue = await call("police", "/api/v1/da-incidents/unresolved");
    const mine = queue.body.children.find((c) => c.police_reference === "AMB-1");
    assert.equal(mine.waiting_due_at, "2025-11-20T08:45:00Z");
    assert.equal(mine.waiting_due_local, "Thursday 20 November 2025, 08:45 (GMT)");
    assert.match(mine.waiting_due_words, /^Overdue by \d+ days?/);
    assert.equal(mine.overdue, true);
    const page = await call("police", "/incidents/unresolved");
    // the row says it is overdue once: the red tag holds the words ("Overdue by 380 days"), the date below it
    const row = page.text.split("<tr").find((r) => r.includes(">AMB-1</a>"));
    assert.match(row, /<strong class="govuk-tag govuk-tag--red">Overdue by \d+ days?[^<]*<\/strong><br><span class="govuk-hint">Thursday 20 November 2025, 08:45 \(GMT\)<\/span>/);
    assert.equal(row.match(/overdue/gi).length, 1, row);
    assert.equal(sql("SELECT count(*) AS n FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id JOIN da_incidents i ON i.id = c.incident_id WHERE i.police_reference = 'AMB-1';")[0].n, 0);
  });
});

describe("the empty-register batch", () => {
  test("1,000 incidents: at least 95% of the children notified with no person involved, the rest waiting with a deadline", async () => {
    const children = sql("SELECT count(*) AS n FROM children;")[0].n;
    for (let start = 0; start < INCIDENTS; start += 100) {
      const incidents = [];
      for (let i = start; i < start + 100; i++) incidents.push(incident(i));
      const r = await call("police", "/api/v1/da-incidents", { method: "POST", json: { incidents } });
      assert.equal(r.status, 201, r.text);
    }
    const rows = sql(`SELECT c.match_status, c.waiting_due_at, c.resolved_by, n.due_at, n.acknowledged_at
      FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id
      LEFT JOIN encompass_notifications n ON n.incident_child_id = c.id
      WHERE i.police_reference LIKE 'EMPTY-%';`);
    assert.equal(rows.length, INCIDENTS, "one row per child, each with at most one notification");
    const notified = rows.filter((r) => r.due_at);
    const waiting = rows.filter((r) => r.match_status === "unresolved");
    assert.ok(notified.length >= 0.95 * INCIDENTS, `${notified.length} of ${INCIDENTS} notified`);
    assert.equal(notified.length + waiting.length, INCIDENTS, "every child is notified or waiting: nothing dropped");
    assert.equal(waiting.length, [...Array(INCIDENTS).keys()].filter(waitsForPerson).length);
    // no person: nobody resolved any of them; each notification is due before the next school day
    assert.ok(notified.every((r) => r.resolved_by === null && ["registered", "matched"].includes(r.match_status)));
    assert.ok(notified.every((r) => r.due_at === "2025-11-20T08:45:00Z"));
    // each waiting child counts down to the deadline its notification would have
    assert.ok(waiting.every((r) => r.waiting_due_at === "2025-11-20T08:45:00Z"));
    const registered = rows.filter((r) => r.match_status === "registered").length;
    assert.equal(sql("SELECT count(*) AS n FROM children;")[0].n, children + registered);
    // every Key Adult of the settings notified has an email queued
    const keyAdults = sql("SELECT count(DISTINCT to_address) AS n FROM mail_outbox WHERE to_address LIKE '%@empty.example';")[0].n;
    assert.equal(keyAdults, SCHOOLS);
  });
});
