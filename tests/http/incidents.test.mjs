// Domestic abuse incidents from the police (src/areas/incidents/): the API
// (one incident or a batch, idempotent on the police reference, all or
// nothing), `haven import incidents` (CSV and JSON) and `haven import
// term-dates`, matching each child to the children register and a setting
// (confident, or queued for a person), resolution by the police and by the
// incident area's front door, the Operation Encompass notifications with
// their deadlines and the Key Adults' emails (no personal data), the web form
// without JavaScript, and who may see any of it.
//
// Settings (URNs, school-day start times) and extra register children are
// written with the sqlite3 CLI: the settings and children areas own the
// pages for those. Incidents are in November 2025, so they are in the past
// whatever the machine's clock says. 19-20 November 2025 are a Wednesday and
// a Thursday; BST ended on Sunday 26 October 2025.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { apiClient, sqlRows } from "../lib/api.mjs";
import { checkThenConfirm } from "../lib/check.mjs";
import { incidentChild as child } from "../lib/encompass.mjs";
import { havenBin, startHaven } from "../lib/haven.mjs";

let haven;
const register = {};
const { call } = apiClient(() => haven, { timeoutMs: 20_000 });

const sql = (query) => sqlRows(haven.dbPath, query);
/** The children named by the newest incident.resolve row (the police's), in order. */
const resolveRowChildren = () =>
  sql(`SELECT child_id FROM audit_children WHERE audit_id = (SELECT max(id) FROM audit_log WHERE action = 'incident.resolve')
       ORDER BY child_id;`).map((c) => c.child_id);
const count = (table, where = "true") => sql(`SELECT count(*) AS n FROM ${table} WHERE ${where};`)[0].n;

const post = (who, body) => call(who, "/api/v1/da-incidents", { method: "POST", json: body });

const victim = {
  name: "Pat Example",
  role: "victim",
  contact_phone: "01632 960001",
  safe_to_call: true,
  safe_to_leave_message: false,
  safe_times: "weekdays 10:00 to 14:00 only",
};
function incident(ref, fields = {}) {
  return {
    police_reference: ref,
    occurred_at: "2025-11-19T19:30:00Z",
    location: "1 Example Road",
    la_code: 889,
    risk_level: "medium",
    circumstances: "Verbal argument between adults; children upstairs.",
    adults: [victim, { name: "Lee Example", role: "suspect" }],
    children: [child("Alex", "Example", "2016-04-12")],
    ...fields,
  };
}

/** Everything the intake writes, to compare before and after. */
function snapshot() {
  return JSON.stringify([
    sql("SELECT * FROM da_incidents ORDER BY id;"),
    sql("SELECT * FROM da_incident_adults ORDER BY id;"),
    sql("SELECT * FROM da_incident_children ORDER BY id;"),
    sql("SELECT * FROM encompass_notifications ORDER BY id;"),
    count("mail_outbox"),
    count("children"),
  ]);
}

const agencyId = (slug) => sql(`SELECT id FROM agencies WHERE slug = '${slug}';`)[0].id;

function notificationsOf(ref) {
  return sql(
    `SELECT c.position, a.slug AS recipient, n.due_at, n.content FROM encompass_notifications n
     JOIN da_incident_children c ON c.id = n.incident_child_id JOIN da_incidents i ON i.id = c.incident_id
     JOIN agencies a ON a.id = n.recipient_agency_id WHERE i.police_reference = '${ref}' ORDER BY c.position, a.slug;`,
  );
}

function childrenOf(ref) {
  return sql(
    `SELECT c.position, c.match_status, c.match_note, c.child_id, a.slug AS setting FROM da_incident_children c
     JOIN da_incidents i ON i.id = c.incident_id LEFT JOIN agencies a ON a.id = c.setting_agency_id
     WHERE i.police_reference = '${ref}' ORDER BY c.position;`,
  );
}

const run = (args) => spawnSync(havenBin(), args, { encoding: "utf8", timeout: 60_000 });
/** The demo's one police force, which sends every import here (tests/http/incidents-forces.test.mjs has two). */
const demoForce = ["--force", "lancashire-constabulary"];
let fileNumber = 0;
function file(ext, text) {
  const p = path.join(haven.dir, `import-${++fileNumber}.${ext}`);
  writeFileSync(p, text);
  return p;
}

before(async () => {
  haven = await startHaven();
  // the settings' URNs and start times these tests rely on, whatever the demo data says
  sql(`
    INSERT INTO settings (agency_id, urn, establishment_type, phase, status, school_day_start)
      SELECT id, 119001, 'Community school', 'Primary', 'Open', '08:50' FROM agencies WHERE slug = 'brookfield-primary'
      ON CONFLICT (agency_id) DO UPDATE SET urn = excluded.urn, school_day_start = excluded.school_day_start;
    INSERT INTO settings (agency_id, urn, establishment_type, phase, status, school_day_start)
      SELECT id, 119002, 'Academy converter', 'Secondary', 'Open', '09:00' FROM agencies WHERE slug = 'larkhill-academy'
      ON CONFLICT (agency_id) DO UPDATE SET urn = excluded.urn, school_day_start = excluded.school_day_start;
    INSERT INTO settings (agency_id, urn, establishment_type, phase, status, school_day_start)
      SELECT id, 119003, 'Community school', 'Primary', 'Open', '08:40' FROM agencies WHERE slug = 'seafront-primary'
      ON CONFLICT (agency_id) DO UPDATE SET urn = excluded.urn, school_day_start = excluded.school_day_start;
    INSERT INTO settings (agency_id, urn, establishment_type, phase, status, school_day_start)
      SELECT id, 119004, 'Community school', 'Primary', 'Open', '08:45' FROM agencies WHERE slug = 'ribblebank-primary'
      ON CONFLICT (agency_id) DO UPDATE SET urn = excluded.urn, school_day_start = excluded.school_day_start;
  `);
  // register children through the children area's API, so they carry its match keys
  const add = async (given, family, dob, la, settings = []) => {
    const r = await call("police", "/api/v1/children", {
      method: "POST",
      json: { given_name: given, family_name: family, date_of_birth: dob, la_code: la, settings, confirm_new: true },
    });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  };
  register.robin = await add("Robin", "Sample", "2015-05-05", 889);
  register.caseyA = await add("Casey", "Twin", "2017-02-02", 889);
  register.caseyB = await add("Casey", "Twin", "2017-02-02", 889);
  register.jordan = await add("Jordan", "Fictional", "2014-06-06", 888, ["ribblebank-primary"]);
});

after(async () => {
  await haven?.stop();
});

describe("the API", () => {
  test("one incident: saved, its child matched and the setting notified, due at its next school-day start", async () => {
    const r = await post("police", incident("T-1001"));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.status, "created");
    assert.equal(r.headers.get("location"), `/api/v1/da-incidents/${r.body.id}`);
    assert.deepEqual(r.body.children, [{ position: 1, match_status: "matched", match_note: null }]);
    // Alex Example is on the register at Brookfield (day starts 08:50): Wednesday evening -> Thursday 08:50 GMT
    assert.deepEqual(notificationsOf("T-1001"), [
      { position: 1, recipient: "brookfield-primary", due_at: "2025-11-20T08:50:00Z", content: "full" },
    ]);
    // Encompass's emails (Operation Provide's to the IDVAs are its own, with their own subject)
    const mail = sql("SELECT to_address, subject, body_text FROM mail_outbox WHERE subject LIKE '%Encompass%';");
    assert.deepEqual(mail.map((m) => m.to_address), ["dsl@demo.haven.example"], "each Key Adult of the setting, no one else");
    assert.equal(mail[0].subject, "New Operation Encompass notification in Haven");
    assert.match(mail[0].body_text, /^You have a new Operation Encompass notification in Haven\. Sign in to read it before the school day starts\./);
    // the police reference is kept in UTC and the safe-contact details with the victim
    const stored = sql("SELECT occurred_at, source FROM da_incidents WHERE police_reference = 'T-1001';")[0];
    assert.deepEqual(stored, { occurred_at: "2025-11-19T19:30:00Z", source: "api" });
    const adults = sql(`SELECT role, safe_to_call, safe_to_leave_message, safe_times FROM da_incident_adults
      WHERE incident_id = ${r.body.id} ORDER BY position;`);
    assert.deepEqual(adults, [
      { role: "victim", safe_to_call: 1, safe_to_leave_message: 0, safe_times: "weekdays 10:00 to 14:00 only" },
      { role: "suspect", safe_to_call: null, safe_to_leave_message: null, safe_times: null },
    ]);
    // Operation Provide refers the victim of a medium-risk incident in the same unit of work
    assert.equal(count("idva_referrals", `incident_id = ${r.body.id}`), 1);
  });

  test("the same incident again (however the time is written) is 200 and changes nothing", async () => {
    const before = snapshot();
    let r = await post("police", incident("T-1001"));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, "unchanged");
    r = await post("police", incident("T-1001", { occurred_at: "2025-11-19T19:30:00+00:00" }));
    assert.equal(r.status, 200, r.text);
    assert.equal(snapshot(), before);
  });

  test("CRs before a line break go, so a resend of what is stored is unchanged", async () => {
    // found by tests/fuzz/fuzz_incidents_csv.c: the importer stored "\r\r\n" as "\r\n", which checked again is "\n"
    let r = await post("police", incident("T-1090", { location: "1 Example Road\r\r\nBlackburn" }));
    assert.equal(r.status, 201, r.text);
    const stored = sql(`SELECT location FROM da_incidents WHERE police_reference = 'T-1090';`)[0].location;
    assert.equal(stored, "1 Example Road\nBlackburn");
    const f = file("json", JSON.stringify([incident("T-1091", { location: "1 Example Road\r\r\nBlackburn" })]));
    const r2 = run(["import", "incidents", "--db", haven.dbPath, ...demoForce, f]);
    assert.equal(r2.status, 0, r2.stderr);
    const imported = sql(`SELECT location FROM da_incidents WHERE police_reference = 'T-1091';`)[0].location;
    assert.equal(imported, stored, "the importer and the API store the same text");
    r = await post("police", incident("T-1090", { location: stored }));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.status, "unchanged");
  });

  test("the same reference with different details is 409 naming it, and changes nothing", async () => {
    const before = snapshot();
    const r = await post("police", incident("T-1001", { risk_level: "high" }));
    assert.equal(r.status, 409, r.text);
    assert.equal(r.body.errors.length, 1);
    assert.equal(r.body.errors[0].field, "police_reference");
    assert.match(r.body.errors[0].detail, /T-1001 was already received with different details/);
    assert.equal(snapshot(), before);
  });

  test("a batch is saved whole; the same batch twice gives the same state", async () => {
    const batch = {
      incidents: [
        incident("T-1101", { children: [child("Sam", "Sample", "2012-09-30")], la_code: 890 }),
        incident("T-1102", { adults: [], children: [child("Alex", "Example", "2016-04-12", { present: false })] }),
        incident("T-1103", { children: [], adults: [victim] }),
      ],
    };
    let r = await post("police", batch);
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.incidents.map((i) => [i.index, i.police_reference, i.status]), [
      [0, "T-1101", "created"],
      [1, "T-1102", "created"],
      [2, "T-1103", "created"],
    ]);
    const state = snapshot();
    r = await post("police", batch);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.incidents.map((i) => i.status), ["unchanged", "unchanged", "unchanged"]);
    assert.equal(snapshot(), state);
    // Seafront's day starts at 08:40
    assert.deepEqual(notificationsOf("T-1101"), [
      { position: 1, recipient: "seafront-primary", due_at: "2025-11-20T08:40:00Z", content: "full" },
    ]);
  });

  test("a batch with bad incidents applies none and names each by index, reference and field", async () => {
    const before = snapshot();
    const r = await post("police", {
      incidents: [
        incident("T-1201"),
        incident("T-1202", { risk_level: "severe", children: [child("Kim", "Sample", "2030-01-01")] }),
        incident("T-1203"),
        incident("T-1204", { occurred_at: "2025-11-19 19:30", adults: [{ name: "X", role: "suspect", safe_to_call: true }] }),
        incident("T-1001", { risk_level: "high" }),
      ],
    });
    assert.equal(r.status, 422, r.text);
    const named = r.body.errors.map((e) => [e.field, e.detail.slice(0, e.detail.indexOf(":"))]);
    assert.deepEqual(named, [
      ["incidents[1].risk_level", "Incident 2 (T-1202)"],
      ["incidents[1].children[0].date_of_birth", "Incident 2 (T-1202)"],
      ["incidents[3].occurred_at", "Incident 4 (T-1204)"],
      ["incidents[3].adults[0].safe_to_call", "Incident 4 (T-1204)"],
      ["incidents[4].police_reference", "Incident 5 (T-1001)"],
    ]);
    assert.equal(snapshot(), before);
    assert.equal(count("da_incidents", "police_reference IN ('T-1201', 'T-1203')"), 0);
  });

  test("a reference twice in one batch: a repeat is harmless, a different incident is refused", async () => {
    let r = await post("police", { incidents: [incident("T-1301"), incident("T-1301")] });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.incidents.map((i) => i.status), ["created", "unchanged"]);
    assert.equal(r.body.incidents[0].id, r.body.incidents[1].id);
    r = await post("police", { incidents: [incident("T-1302"), incident("T-1302", { location: "elsewhere" })] });
    assert.equal(r.status, 422);
    assert.equal(r.body.errors[0].field, "incidents[1].police_reference");
    assert.equal(count("da_incidents", "police_reference = 'T-1302'"), 0);
  });

  test("a body is one incident or a batch, never both; a batch is a list", async () => {
    let r = await post("police", { ...incident("T-1311"), incidents: [incident("T-1312")] });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.errors[0].field, "incidents");
    assert.match(r.body.errors[0].detail, /one incident or \{"incidents": \[\.\.\.\]\}, not both/);
    r = await post("police", { incidents: incident("T-1313") });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.body.errors[0].field, "incidents");
    assert.equal(count("da_incidents", "police_reference IN ('T-1311', 'T-1312', 'T-1313')"), 0);
  });

  test("times need their offset and are stored in UTC; unknown fields and wrong types are named", async () => {
    let r = await post("police", incident("T-1401", { occurred_at: "2025-07-01T20:15:00+01:00" }));
    assert.equal(r.status, 201, r.text);
    assert.equal(sql("SELECT occurred_at FROM da_incidents WHERE police_reference = 'T-1401';")[0].occurred_at, "2025-07-01T19:15:00Z");
    r = await post("police", incident("T-1402", { occurred_at: "2025-07-01T20:15:00" }));
    assert.equal(r.status, 422);
    assert.match(r.body.errors[0].detail, /ISO 8601 with its offset/);
    r = await post("police", { ...incident("T-1403"), colour: "blue" });
    assert.equal(r.status, 422);
    assert.equal(r.body.errors[0].field, "colour");
    r = await post("police", incident("T-1404", { children: [{ ...child("A", "B", "2015-01-01"), shoe_size: 3 }] }));
    assert.equal(r.status, 422);
    assert.equal(r.body.errors[0].field, "children[0].shoe_size");
    r = await post("police", incident("T-1405", { occurred_at: "2099-01-01T00:00:00Z" }));
    assert.equal(r.status, 422);
    assert.match(r.body.errors[0].detail, /must be in the past/);
  });
});

describe("the list", () => {
  test("found by police reference or narrowed to a risk level, counted and paged with the filter kept", async () => {
    for (const [ref, risk] of [
      ["T-LIST-H1", "high"],
      ["T-LIST-H2", "high"],
      ["T-LIST-S1", "standard"],
    ])
      assert.equal((await post("police", incident(ref, { risk_level: risk }))).status, 201);
    const high = sql("SELECT police_reference FROM da_incidents WHERE risk_level = 'high';").map((r) => r.police_reference);
    assert.ok(high.length >= 2);

    let r = await call("police", "/api/v1/da-incidents?risk=high");
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.incidents.map((i) => i.police_reference).sort(), [...high].sort(), "every high-risk incident, and only those");
    assert.equal(r.body.page.total, high.length, "the count is of the narrowed list");

    r = await call("police", "/api/v1/da-incidents?reference=T-LIST-S1");
    assert.deepEqual(r.body.incidents.map((i) => i.police_reference), ["T-LIST-S1"]);
    assert.equal(r.body.page.total, 1);
    r = await call("police", "/api/v1/da-incidents?reference=T-LIST-S1&risk=high");
    assert.deepEqual(r.body.incidents, [], "both filters apply together");

    // a page of one keeps the filter in its next link, and the next page is the other high-risk incident
    const page = await call("police", "/incidents?risk=high&limit=1");
    assert.equal(page.status, 200);
    assert.match(page.text, /Incidents found, newest first/);
    const next = page.text.match(/href="(\/incidents\?[^"]*after=[^"]*)"/)?.[1]?.replaceAll("&amp;", "&");
    assert.ok(next, "a next page link");
    assert.match(next, /risk=high/, "the next link keeps the filter");
    const second = await call("police", next);
    assert.equal(second.status, 200);
    assert.match(second.text, new RegExp(`Showing 2 to 2 of ${high.length} incidents`));

    // a risk level that is not one is refused, naming the field
    r = await call("police", "/api/v1/da-incidents?risk=severe");
    assert.equal(r.status, 400);
    assert.match(r.text, /risk/);
  });
});

describe("matching", () => {
  test("confident matches are notified; the rest wait in the queue with the reason; nothing is dropped", async () => {
    const r = await post("police", incident("T-2001", {
      occurred_at: "2025-11-19T21:00:00Z",
      children: [
        child("Alex", "Example", "2016-04-12"),
        child("Robin", "Sample", "2015-05-05", { setting_urn: 119002 }),
        child("Casey", "Twin", "2017-02-02"),
        child("Nova", "Unknown", "2014-03-03", { setting_name: "Nowhere Academy (fictional)" }),
        child("Tiny", "Tot", "2023-01-01"),
        child("Noel", "Nodate"),
        child("Grown", "Up", "2007-01-01"),
        child("Sky", "Newcomer", "2016-06-06", { setting_name: "Larkhill Academy (fictional)" }),
      ],
    }));
    assert.equal(r.status, 201, r.text);
    const kids = childrenOf("T-2001");
    assert.deepEqual(kids.map((k) => [k.position, k.match_status, k.setting]), [
      [1, "matched", "brookfield-primary"],
      [2, "matched", "larkhill-academy"],
      [3, "unresolved", null],
      [4, "unresolved", null],
      [5, "not_notifiable", null],
      [6, "unresolved", null],
      [7, "not_notifiable", null],
      [8, "registered", "larkhill-academy"],
    ]);
    // not on the register, and the police named a setting Haven knows: added from the police's details
    const sky = sql(`SELECT id, created_by, la_code FROM children WHERE given_name = 'Sky' AND family_name = 'Newcomer';`);
    assert.equal(sky.length, 1);
    assert.equal(kids[7].child_id, sky[0].id);
    assert.equal(count("child_links", `child_id = ${sky[0].id} AND relationship = 'setting' AND agency_id = ${agencyId("larkhill-academy")}`), 1);
    assert.equal(count("child_links", `child_id = ${sky[0].id} AND relationship = 'local_authority'`), 1);
    assert.equal(sky[0].created_by, sql("SELECT id FROM users WHERE email = 'police@demo.haven.example';")[0].id);
    assert.equal(count("audit_log", `action = 'child.create' AND resource_type = 'child' AND resource_id = '${sky[0].id}'`), 1);
    assert.match(kids[7].match_note, /added from the police's details/);
    assert.equal(kids[1].child_id, register.robin, "the register's Robin Sample, confirmed by the setting the police named");
    assert.match(kids[2].match_note, /2 children on the register could be this child/);
    assert.match(kids[3].match_note, /No child on the register matches/);
    assert.match(kids[3].match_note, /No setting in the incident's area has the name the police gave/);
    // a child waiting for a person carries the deadline its notification would have (the usual 08:45 start)
    assert.deepEqual(sql(`SELECT position, waiting_due_at FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id
      WHERE i.police_reference = 'T-2001' AND match_status = 'unresolved' ORDER BY position;`).map((k) => k.waiting_due_at),
      ["2025-11-20T08:45:00Z", "2025-11-20T08:45:00Z", "2025-11-20T08:45:00Z"]);
    assert.match(kids[4].match_note, /younger than reception age/);
    assert.match(kids[5].match_note, /no date of birth/);
    assert.match(kids[6].match_note, /18 or over/);
    assert.deepEqual(notificationsOf("T-2001"), [
      { position: 1, recipient: "brookfield-primary", due_at: "2025-11-20T08:50:00Z", content: "full" },
      { position: 2, recipient: "larkhill-academy", due_at: "2025-11-20T09:00:00Z", content: "full" },
      { position: 8, recipient: "larkhill-academy", due_at: "2025-11-20T09:00:00Z", content: "full" },
    ]);
    // the incident page (and its API) shows every child's status
    const page = await call("police", `/incidents/${r.body.id}`);
    assert.equal(page.status, 200);
    for (const name of ["Casey Twin", "Tiny Tot", "Noel Nodate", "Grown Up"]) assert.match(page.text, new RegExp(name));
    assert.equal((page.text.match(/govuk-tag--red">Waiting to be resolved/g) ?? []).length, 3);
    assert.equal((page.text.match(/govuk-tag--grey">Not notifiable/g) ?? []).length, 2);
    assert.equal((page.text.match(/govuk-tag--green">Matched/g) ?? []).length, 2);
    assert.equal((page.text.match(/govuk-tag--green">Added to the register/g) ?? []).length, 1);
    // each child waiting for a person has its "Match" link (and only those)
    const matchLinks = [...page.text.matchAll(new RegExp(`href="/incidents/${r.body.id}/children/(\\d+)/resolve"`, "g"))].map((m) => Number(m[1]));
    assert.deepEqual(matchLinks, [3, 4, 6]);
    const queue = await call("police", "/api/v1/da-incidents/unresolved");
    assert.equal(queue.status, 200);
    assert.deepEqual(
      queue.body.children.filter((c) => c.police_reference === "T-2001").map((c) => c.position),
      [3, 4, 6],
    );
  });

  test("the police resolve a child: the register child and setting they pick are notified", async () => {
    const id = sql("SELECT id FROM da_incidents WHERE police_reference = 'T-2001';")[0].id;
    const shown = (child) => count("audit_log", `action = 'child.match' AND resource_type = 'child' AND resource_id = '${child}'`);
    const shownBefore = [shown(register.caseyA), shown(register.caseyB)];
    const form = await call("police", `/incidents/${id}/children/3/resolve`);
    assert.equal(form.status, 200);
    assert.match(form.text, new RegExp(`child-${register.caseyA}"`));
    assert.match(form.text, new RegExp(`child-${register.caseyB}"`));
    // the candidates shown are views of those children, in the audit trail
    assert.deepEqual([shown(register.caseyA), shown(register.caseyB)], shownBefore.map((n) => n + 1));

    // only a candidate offered for this child may be picked; any other register child (demo child 1,
    // Alex Example) is answered as one that does not exist, and nothing changes
    const before = snapshot();
    const answers = [];
    for (const other of ["1", "999999"]) {
      const r = await call("police", `/api/v1/da-incidents/${id}/children/3/resolve`, { method: "POST", json: { child: other, setting_urn: 119001 } });
      assert.equal(r.status, 422, r.text);
      assert.equal(r.body.errors[0].field, "child");
      answers.push(r.body.errors[0].detail);
    }
    assert.equal(answers[0], answers[1], "an existing child not offered and a missing one are told the same");
    assert.equal(snapshot(), before, "nothing changed");
    let r = await call("police", `/api/v1/da-incidents/${id}/children/3/resolve`, { method: "POST", json: { child: String(register.caseyB) } });
    assert.equal(r.status, 422, "no setting: the register child has none and none was given");
    assert.equal(r.body.errors[0].field, "setting");
    r = await call("police", `/api/v1/da-incidents/${id}/children/3/resolve`, {
      method: "POST",
      json: { child: String(register.caseyB), setting_urn: 119001 },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.match_status, "resolved");
    assert.equal(r.body.child_id, register.caseyB);
    // its audit row names the one child the answer shows, not the incident's others (Alex, Robin, Sky)
    assert.deepEqual(resolveRowChildren(), [r.body.child_id]);
    // a new register record, from the police's details, at the setting named
    const children = count("children");
    r = await call("police", `/incidents/${id}/children/4/resolve`, {
      method: "POST",
      form: { child: "new", setting: "larkhill-academy" },
    });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get("location"), `/incidents/${id}`);
    assert.equal(count("children"), children + 1);
    const created = sql("SELECT id, given_name FROM children ORDER BY id DESC LIMIT 1;")[0];
    assert.equal(created.given_name, "Nova");
    // a browser's change names the child resolved, its own (the incident's page it is sent to names the rest)
    assert.deepEqual(resolveRowChildren(), [created.id]);
    assert.equal(count("child_links", `child_id = ${created.id} AND relationship = 'setting' AND agency_id = ${agencyId("larkhill-academy")}`), 1);
    assert.deepEqual(notificationsOf("T-2001").filter((n) => n.position === 3 || n.position === 4), [
      { position: 3, recipient: "brookfield-primary", due_at: "2025-11-20T08:50:00Z", content: "full" },
      { position: 4, recipient: "larkhill-academy", due_at: "2025-11-20T09:00:00Z", content: "full" },
    ]);
    const resolved = sql(`SELECT match_status, resolved_by FROM da_incident_children WHERE incident_id = ${id} AND position = 4;`)[0];
    assert.equal(resolved.match_status, "resolved");
    assert.ok(resolved.resolved_by);
    // once resolved, a second answer is refused
    r = await call("police", `/api/v1/da-incidents/${id}/children/4/resolve`, { method: "POST", json: { child: "new", setting: "larkhill-academy" } });
    assert.equal(r.status, 409);
  });

  test("the front door of the incident's area resolves (home education notifies it); another area's cannot", async () => {
    const r = await post("police", incident("T-3001", { la_code: 888, children: [child("Remy", "Homeschool", "2013-03-03")] }));
    assert.equal(r.status, 201, r.text);
    const id = r.body.id;
    assert.equal(childrenOf("T-3001")[0].match_status, "unresolved");
    // the incident page offers this front door the "Match" link
    const page = await call("frontdoor", `/incidents/${id}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(`href="/incidents/${id}/children/1/resolve"`), "the Match link is shown");
    // Blackpool's front door does not even see a Lancashire incident
    let other = await call("frontdoor2", `/api/v1/da-incidents/${id}`);
    assert.equal(other.status, 404);
    other = await call("frontdoor2", `/api/v1/da-incidents/${id}/children/1/resolve`, { method: "POST", json: { child: "new", home_educated: true } });
    assert.equal(other.status, 404);
    assert.equal(childrenOf("T-3001")[0].match_status, "unresolved");
    const mails = count("mail_outbox");
    const mine = await call("frontdoor", `/api/v1/da-incidents/${id}/children/1/resolve`, {
      method: "POST",
      json: { child: "new", home_educated: true },
    });
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.body.match_status, "home_educated");
    assert.deepEqual(notificationsOf("T-3001"), [
      { position: 1, recipient: "lancashire-county-council", due_at: "2025-11-20T08:45:00Z", content: "full" },
    ]);
    const sent = sql(`SELECT to_address FROM mail_outbox WHERE id > (SELECT max(id) - ${count("mail_outbox") - mails} FROM mail_outbox)
      AND subject LIKE '%Encompass%';`);
    assert.deepEqual(sent.map((m) => m.to_address), ["frontdoor@demo.haven.example"]);
  });

  test("the register child's setting is used when the police name none", async () => {
    const r = await post("police", incident("T-3101", { la_code: 888, children: [child("Jordan", "Fictional", "2014-06-06")] }));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(notificationsOf("T-3101"), [
      { position: 1, recipient: "ribblebank-primary", due_at: "2025-11-20T08:45:00Z", content: "full" },
    ]);
  });
});

describe("term dates and holidays", () => {
  test("haven import term-dates: bad files change nothing; a good one moves deadlines past the holiday", async () => {
    const db = ["--db", haven.dbPath];
    let r = run(["import", "term-dates", ...db, "--la", "889", file("csv", "name,first_day,last_day\nAutumn 1,2025-09-03,2025-10-24\nAutumn 2,2025-10-20,2025-12-19\nSpring,2026-02-30,2026-03-01\n")]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /row 4: first_day must be a real date/);
    assert.match(r.stderr, /"Autumn 1" and "Autumn 2" overlap/);
    assert.match(r.stderr, /nothing was imported/);
    assert.equal(count("school_terms"), 0);
    r = run(["import", "term-dates", ...db, "--la", "999", file("json", JSON.stringify([{ name: "A", first_day: "2025-09-03", last_day: "2025-10-24" }]))]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no local authority with the code 999/);
    r = run(["import", "term-dates", ...db, "--la", "889", file("csv", "name,first_day,last_day\nAutumn 1,2025-09-03,2025-10-24\nAutumn 2,2025-11-03,2025-12-19\n")]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /2 terms imported for LA 889 \(0 replaced\)/);
    r = run(["import", "term-dates", ...db, "--la", "889", file("json", JSON.stringify({ terms: [
      { name: "Autumn 1", first_day: "2025-09-03", last_day: "2025-10-24" },
      { name: "Autumn 2", first_day: "2025-11-03", last_day: "2025-12-19" },
    ] }))]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /2 terms imported for LA 889 \(2 replaced\)/);
    assert.equal(count("school_terms"), 2);

    // Friday before half term (BST): due when term starts again, Monday 3 November 09:00 GMT (Larkhill)
    const kid = child("Robin", "Sample", "2015-05-05", { setting_urn: 119002 });
    let p = await post("police", incident("T-4001", { occurred_at: "2025-10-24T18:00:00+01:00", children: [kid] }));
    assert.equal(p.status, 201, p.text);
    assert.equal(notificationsOf("T-4001")[0].due_at, "2025-11-03T09:00:00Z");
    // with deliver_in_holidays the next weekday counts: Monday 27 October, after the clocks went back
    sql("UPDATE da_settings SET deliver_in_holidays = 1, content = 'minimal';");
    p = await post("police", incident("T-4002", { occurred_at: "2025-10-24T18:00:00+01:00", children: [kid] }));
    assert.equal(p.status, 201, p.text);
    assert.deepEqual(notificationsOf("T-4002"), [
      { position: 1, recipient: "larkhill-academy", due_at: "2025-10-27T09:00:00Z", content: "minimal" },
    ]);
    sql("UPDATE da_settings SET deliver_in_holidays = 0, content = 'full';");
  });
});

describe("haven import incidents", () => {
  const db = () => ["--db", haven.dbPath, ...demoForce];

  test("JSON: a batch imported once, then unchanged", () => {
    const f = file("json", JSON.stringify({ incidents: [incident("T-5001"), incident("T-5002", { la_code: 890, children: [child("Sam", "Sample", "2012-09-30")] })] }));
    let r = run(["import", "incidents", ...db(), f]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "2 created, 0 unchanged\n");
    const state = snapshot();
    r = run(["import", "incidents", ...db(), f]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "0 created, 2 unchanged\n");
    assert.equal(snapshot(), state);
    assert.deepEqual(sql(`SELECT i.source, i.recorded_by, a.slug AS force FROM da_incidents i
      LEFT JOIN agencies a ON a.id = i.police_agency_id WHERE i.police_reference = 'T-5001';`),
      [{ source: "import", recorded_by: null, force: "lancashire-constabulary" }], "the force named sent it");
    assert.equal(notificationsOf("T-5002")[0].recipient, "seafront-primary");
  });

  test("CSV: one row per adult or child, the incident's columns repeated", () => {
    const header = "police_reference,occurred_at,location,la_code,risk_level,circumstances,person,name,role,date_of_birth,contact_phone,safe_to_call,safe_to_leave_message,safe_times,safe_number,given_name,family_name,setting_name,setting_urn,present,where_during,spoken_to,child_said";
    const inc = (ref) => `${ref},2025-11-19T22:00:00Z,"2 Sample Street, Blackburn",889,high,"Neighbours called police; shouting heard."`;
    const csv = [
      header,
      `${inc("T-6001")},adult,Pat Sample,victim,1990-01-01,01632 960002,no,no,never call after 17:00,01632 960003,,,,,,,,`,
      `${inc("T-6001")},child,,,2016-04-12,,,,,,Alex,Example,,,yes,living room,yes,"She said ""they were shouting"""`,
      `${inc("T-6001")},child,,,2015-05-05,,,,,,Robin,Sample,,119002,no,at a friend's,no,`,
      `${inc("T-6002")},adult,Sam Other,other,,,,,,,,,,,,,,`,
    ].join("\r\n") + "\r\n";
    const f = file("csv", csv);
    let r = run(["import", "incidents", ...db(), f]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "2 created, 0 unchanged\n");
    r = run(["import", "incidents", ...db(), f]);
    assert.equal(r.stdout, "0 created, 2 unchanged\n");
    const kids = sql(`SELECT c.given_name, c.present, c.spoken_to, c.child_said, c.match_status FROM da_incident_children c
      JOIN da_incidents i ON i.id = c.incident_id WHERE i.police_reference = 'T-6001' ORDER BY position;`);
    assert.deepEqual(kids, [
      { given_name: "Alex", present: 1, spoken_to: 1, child_said: 'She said "they were shouting"', match_status: "matched" },
      { given_name: "Robin", present: 0, spoken_to: 0, child_said: null, match_status: "matched" },
    ]);
    const adult = sql(`SELECT a.safe_to_call, a.safe_number FROM da_incident_adults a JOIN da_incidents i ON i.id = a.incident_id WHERE i.police_reference = 'T-6001';`);
    assert.deepEqual(adult, [{ safe_to_call: 0, safe_number: "01632 960003" }]);
  });

  test("CSV with bad rows: nothing imported, every bad row named", () => {
    const before = snapshot();
    const header = "police_reference,occurred_at,la_code,risk_level,circumstances,person,name,role,given_name,family_name,date_of_birth,present,spoken_to";
    const csv = [
      header,
      "T-7001,2025-11-19T22:00:00Z,889,high,Shouting,child,,,Alex,Example,2016-04-12,yes,no",
      "T-7002,2025-11-19T22:00:00Z,889,high,Shouting,child,,,Kim,Sample,2016-13-01,yes,no",
      "T-7002,2025-11-19T23:00:00Z,889,high,Shouting,adult,Lou,suspect,,,,,",
      "T-7003,2025-11-19T22:00:00Z,889,high,Shouting,child,,,Lee,Sample,2016-01-01,maybe,no",
    ].join("\n");
    let r = run(["import", "incidents", ...db(), file("csv", csv)]);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /row 4: occurred_at differs from row 3/);
    assert.match(r.stderr, /nothing was imported/);
    const fixed = csv.replace("2025-11-19T23:00:00Z", "2025-11-19T22:00:00Z");
    r = run(["import", "incidents", ...db(), file("csv", fixed)]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /row 3: Incident 2 \(T-7002\): Child 1's date of birth must be a real date/);
    assert.match(r.stderr, /row 5: Incident 3 \(T-7003\): Say whether child 1 was present/);
    assert.doesNotMatch(r.stderr, /T-7001/);
    assert.equal(snapshot(), before);
    r = run(["import", "incidents", ...db(), file("csv", "police_reference,person\nT-1,child\n")]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /row 1: the header row must have the column occurred_at/);
    r = run(["import", "incidents", ...db(), file("csv", `${header}\nT-1,"unclosed\n`)]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /not valid CSV/);
    assert.equal(snapshot(), before);
  });

  test("the force is required and must be a police force: refused naming --force, nothing imported", () => {
    const before = snapshot();
    const f = file("json", JSON.stringify([incident("T-5101")]));
    let r = run(["import", "incidents", "--db", haven.dbPath, f]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--force SLUG is required/);
    r = run(["import", "incidents", "--db", haven.dbPath, "--force", "no-such-force", f]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^haven: --force: no-such-force is not an agency \(see haven agency list\); nothing was imported$/m);
    r = run(["import", "incidents", "--db", haven.dbPath, "--force", "seafront-primary", f]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^haven: --force: seafront-primary is not a police force \(see haven agency list\); nothing was imported$/m);
    assert.equal(r.stdout, "");
    assert.equal(snapshot(), before);
    assert.equal(count("da_incidents", "police_reference = 'T-5101'"), 0);
  });

  test("usage errors", () => {
    assert.match(run(["import", "incidents", "--help"]).stdout, /^Usage: haven import incidents --db PATH --force SLUG FILE\.csv\|FILE\.json/);
    assert.equal(run(["import", "incidents", "x.csv"]).status, 2);
    assert.equal(run(["import", "incidents", "--db", "x.db", ...demoForce, "x.txt"]).status, 2);
    assert.equal(run(["import", "term-dates", "--db", "x.db", "x.csv"]).status, 2);
  });
});

describe("emails", () => {
  test("no email names a child, an adult, a place or a reference", () => {
    const mail = sql("SELECT to_address, subject, body_text FROM mail_outbox;");
    assert.ok(mail.length >= 10);
    const names = sql("SELECT given_name, family_name FROM da_incident_children;").flatMap((c) => [c.given_name, c.family_name]);
    const others = ["Pat", "Example Road", "T-", "Brookfield", "Larkhill", "Blackburn"];
    // a name is looked for as a word: the child "Grown Up" is not named by an email saying "Update"
    const asWord = (name) => new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`);
    for (const m of mail) {
      assert.match(m.to_address, /@demo\.haven\.example$/);
      for (const name of names) {
        assert.ok(!asWord(name).test(m.subject) && !asWord(name).test(m.body_text), `email names ${name}`);
      }
      for (const word of others) {
        assert.ok(!m.subject.includes(word) && !m.body_text.includes(word), `email mentions ${word}`);
      }
    }
  });
});

describe("the web form (no JavaScript)", () => {
  test("'Add another child' shows the form again with one more row, keeping what was typed", async () => {
    const blank = await call("police", "/incidents/new");
    assert.equal(blank.status, 200);
    assert.match(blank.text, /name="child_1_given_name"/);
    assert.doesNotMatch(blank.text, /name="child_2_given_name"/);
    const r = await call("police", "/incidents", {
      method: "POST",
      form: { police_reference: "W-1", la_code: "889", adult_rows: "1", child_rows: "1", child_1_given_name: "Alex", add: "child" },
    });
    assert.equal(r.status, 200);
    assert.match(r.text, /name="child_2_given_name"/);
    assert.match(r.text, /<option value="889" selected>/);
    assert.doesNotMatch(r.text, /<option value="88[08]" selected>/);
    assert.match(r.text, /name="child_rows" value="2"/);
    assert.match(r.text, /value="W-1"/);
    assert.match(r.text, /id="child_1_given_name" name="child_1_given_name" type="text" value="Alex"/);
    assert.equal(count("da_incidents", "police_reference = 'W-1'"), 0);
  });

  test("errors are shown by each field; a good form saves and goes to the incident", async () => {
    const form = {
      police_reference: "W-2",
      occurred_on: "2025-11-19",
      occurred_time: "19:30",
      location: "3 Example Close",
      la_code: "889",
      risk_level: "standard",
      circumstances: "Argument reported by a neighbour.",
      adult_rows: "1",
      child_rows: "2",
      adult_1_name: "Pat Example",
      adult_1_role: "victim",
      adult_1_safe_to_call: "yes",
      adult_1_safe_to_leave_message: "no",
      child_1_given_name: "Alex",
      child_1_family_name: "Example",
      child_1_date_of_birth: "2016-04-31",
      child_1_present: "yes",
      child_1_spoken_to: "no",
    };
    let r = await call("police", "/incidents", { method: "POST", form });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#child_1_date_of_birth">Child 1&#39;s date of birth must be a real date/);
    assert.match(r.text, /value="3 Example Close"/);
    assert.equal(count("da_incidents", "police_reference = 'W-2'"), 0);
    const send = (fields) => call("police", "/incidents", { method: "POST", form: fields });
    ({ done: r } = await checkThenConfirm(send, { ...form, child_1_date_of_birth: "2016-04-12" }, /Check the incident before you send it/));
    assert.equal(r.status, 303, r.text);
    const location = r.headers.get("location");
    assert.match(location, /^\/incidents\/\d+$/);
    const stored = sql("SELECT occurred_at, source FROM da_incidents WHERE police_reference = 'W-2';")[0];
    assert.deepEqual(stored, { occurred_at: "2025-11-19T19:30:00Z", source: "web" });
    const page = await call("police", location);
    assert.match(page.text, /Alex Example/);
    assert.match(page.text, /Brookfield Primary School \(fictional\): due by Thursday 20 November 2025, 08:50 \(GMT\)/);
    // summer time on the form: 19:30 in July is 18:30 UTC
    ({ done: r } = await checkThenConfirm(send, { ...form, police_reference: "W-3", occurred_on: "2025-07-01", child_1_date_of_birth: "2016-04-12" }, /Check the incident/));
    assert.equal(r.status, 303);
    assert.equal(sql("SELECT occurred_at FROM da_incidents WHERE police_reference = 'W-3';")[0].occurred_at, "2025-07-01T18:30:00Z");
  });
});

describe("who may see incidents", () => {
  test("practitioners, IDVAs, Key Adults and the scrutineer cannot list, read or record incidents", async () => {
    const id = sql("SELECT id FROM da_incidents WHERE police_reference = 'T-1001';")[0].id;
    for (const who of ["practitioner", "idva", "dsl", "scrutineer", "admin"]) {
      assert.equal((await call(who, "/api/v1/da-incidents")).status, 403, `${who} lists`);
      assert.equal((await call(who, `/api/v1/da-incidents/${id}`)).status, 403, `${who} reads`);
      assert.equal((await post(who, incident("X-1"))).status, 403, `${who} records`);
      assert.equal((await call(who, "/incidents/unresolved")).status, 403, `${who} sees the queue`);
    }
    assert.equal(count("da_incidents", "police_reference = 'X-1'"), 0);
  });

  test("a front door lists and reads only its own area's incidents; the police see all", async () => {
    const police = await call("police", "/api/v1/da-incidents");
    const lancs = await call("frontdoor", "/api/v1/da-incidents");
    assert.equal(lancs.status, 200);
    assert.ok(police.body.incidents.length > lancs.body.incidents.length);
    assert.ok(lancs.body.incidents.length >= 2);
    assert.ok(lancs.body.incidents.every((i) => i.la_code === 888));
    const bwd = sql("SELECT id FROM da_incidents WHERE la_code = 889 LIMIT 1;")[0].id;
    assert.equal((await call("frontdoor", `/api/v1/da-incidents/${bwd}`)).status, 404);
    const queue = await call("frontdoor", "/api/v1/da-incidents/unresolved");
    assert.ok(queue.body.children.every((c) => c.la_name === "Lancashire"));
    assert.equal((await post("frontdoor", incident("X-2"))).status, 403, "a front door does not record incidents");
  });

  test("reading an incident is audited", () => {
    assert.ok(count("audit_log", "action = 'incident.read' AND resource_type = 'da_incident'") > 0);
    assert.ok(count("audit_log", "action = 'incident.create'") > 0);
    assert.ok(count("audit_log", "action = 'incident.resolve'") >= 3);
    assert.ok(count("audit_log", "action = 'incident.import'") >= 4);
  });
});
