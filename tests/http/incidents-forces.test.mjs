// More than one police force on one Haven (a regional hub): a domestic
// abuse incident belongs to the force that sent it (src/areas/incidents/,
// migration 0181). A police reference is unique per force, so the same
// reference from two forces is two incidents and each still notifies the
// school (Operation Encompass); a force's police list, read and resolve their
// own force's incidents only, another force's answering 404 like any record
// one may not see (and so are its Operation Encompass notifications); the
// local authority's front door keeps every incident in its area, whichever
// force sent it. `haven import incidents --force SLUG` sends a batch as
// the force it names, so all of this holds for imported incidents too.
//
// Found by an attacker's test on the demo data: a second force added by an
// administrator read the first force's victims' safe-contact details, and its
// reference 409'd the first force's genuine incident, so no school heard.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { apiClient, sqlRows, until } from "../lib/api.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const cumbriaPolice = "police.cumbria@forces.example";
const cumbriaPassword = "quiet harbour lantern 9 kettle";
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000, passwords: { [cumbriaPolice]: cumbriaPassword } });
const sql = (query) => sqlRows(haven.dbPath, query);

/** An incident in Lancashire (888) whose one child is on the register at Ribblebank Primary. */
const incident = (ref, fields = {}) => ({
  police_reference: ref,
  occurred_at: "2025-11-19T19:30:00Z",
  location: "4 Forces Row",
  la_code: 888,
  risk_level: "medium",
  circumstances: "Verbal argument between adults; children upstairs.",
  adults: [{ name: "Pat Forces", role: "victim", contact_phone: "01632 960777", safe_to_call: true, safe_to_leave_message: false, safe_times: "mornings only" }],
  children: [{ given_name: "Kit", family_name: "Forces", date_of_birth: "2016-03-03", present: true, spoken_to: false }],
  ...fields,
});

/** The Encompass notifications of incident `id`, by recipient. */
const notified = (id) =>
  sql(`SELECT a.slug FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id
       JOIN agencies a ON a.id = n.recipient_agency_id WHERE c.incident_id = ${Number(id)} ORDER BY a.slug;`).map((r) => r.slug);

const ids = {};
let cumbriaSlug;
let imports = 0;

/** `haven import incidents` of `incidents` as a JSON file, sent by the force `force` (a slug). */
function importAs(force, incidents) {
  const file = path.join(haven.dir, `import-${++imports}.json`);
  writeFileSync(file, JSON.stringify({ incidents }));
  return runHaven(["import", "incidents", "--db", haven.dbPath, "--force", force, file]);
}

before(async () => {
  haven = await startHaven({ env: { HAVEN_INCIDENTS_JOB_SECONDS: "1" } });
  // a second force on the partnership, attending two of its three areas, and one of its officers, as an
  // administrator adds them
  let r = await post("admin", "/api/v1/agencies", { type: "police", name: "Cumbria Constabulary (test)", la: [888, 890] });
  assert.equal(r.status, 201, r.text);
  const slug = sql("SELECT slug FROM agencies WHERE name = 'Cumbria Constabulary (test)';")[0].slug;
  cumbriaSlug = slug;
  r = await post("admin", "/api/v1/users", { name: "Cam Cumbria", email: cumbriaPolice, agency: slug, roles: ["police"], password: cumbriaPassword });
  assert.equal(r.status, 201, r.text);
  // Kit Forces is on the register at Ribblebank Primary, so each incident below notifies it
  r = await post("police", "/api/v1/children", {
    given_name: "Kit", family_name: "Forces", date_of_birth: "2016-03-03", la_code: 888, settings: ["ribblebank-primary"], confirm_new: true,
  });
  assert.equal(r.status, 201, r.text);
});

after(async () => {
  await haven?.stop();
});

describe("a police reference is unique per force", () => {
  test("another force's incident with the same reference is its own, and the school is notified of both", async () => {
    let r = await post(cumbriaPolice, "/api/v1/da-incidents", incident("2026-000777", { location: "9 Other Force Lane" }));
    assert.equal(r.status, 201, r.text);
    ids.cumbria = r.body.id;
    r = await post("police", "/api/v1/da-incidents", incident("2026-000777"));
    assert.equal(r.status, 201, `Lancashire's genuine incident is not refused for Cumbria's reference: ${r.text}`);
    assert.equal(r.body.status, "created");
    ids.lancashire = r.body.id;
    assert.notEqual(ids.lancashire, ids.cumbria);
    assert.deepEqual(notified(ids.lancashire), ["ribblebank-primary"], "Encompass reaches the school");
    assert.deepEqual(notified(ids.cumbria), ["ribblebank-primary"]);
  });

  test("within a force a resend is still unchanged, and a changed resend still 409 with nothing changed", async () => {
    let r = await post("police", "/api/v1/da-incidents", incident("2026-000777"));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.status, r.body.id], ["unchanged", ids.lancashire]);
    const before = JSON.stringify(sql("SELECT * FROM da_incidents ORDER BY id;"));
    r = await post("police", "/api/v1/da-incidents", incident("2026-000777", { risk_level: "high" }));
    assert.equal(r.status, 409, r.text);
    assert.deepEqual(r.body.errors.map((e) => e.field), ["police_reference"]);
    assert.match(r.body.errors[0].detail, /already received with different details/);
    // Cumbria's resend of its own is unchanged too, never matched against Lancashire's
    r = await post(cumbriaPolice, "/api/v1/da-incidents", incident("2026-000777", { location: "9 Other Force Lane" }));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.status, r.body.id], ["unchanged", ids.cumbria]);
    assert.equal(JSON.stringify(sql("SELECT * FROM da_incidents ORDER BY id;")), before);
  });
});

describe("a force sees its own incidents only", () => {
  test("another force's incident is 404 to read, and its victim's contact details are never shown", async () => {
    let r = await call(cumbriaPolice, `/api/v1/da-incidents/${ids.lancashire}`);
    assert.equal(r.status, 404, r.text);
    assert.doesNotMatch(r.text, /01632 960777|mornings only/);
    r = await call(cumbriaPolice, `/incidents/${ids.lancashire}`);
    assert.equal(r.status, 404);
    r = await call("police", `/api/v1/da-incidents/${ids.cumbria}`);
    assert.equal(r.status, 404, r.text);
    // each reads its own
    assert.equal((await call(cumbriaPolice, `/api/v1/da-incidents/${ids.cumbria}`)).status, 200);
    r = await call("police", `/api/v1/da-incidents/${ids.lancashire}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.incident.adults[0].contact_phone, "01632 960777");
  });

  test("another force's Operation Encompass notification is 404 too; the force that sent the incident reads it", async () => {
    const [n] = sql(`SELECT n.id FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id
      WHERE c.incident_id = ${Number(ids.lancashire)};`);
    assert.ok(n, "Lancashire's incident notified the school");
    const r = await call(cumbriaPolice, `/api/v1/encompass/notifications/${n.id}`);
    assert.equal(r.status, 404, r.text);
    assert.doesNotMatch(r.text, /Kit|Forces Row/);
    assert.equal((await call("police", `/api/v1/encompass/notifications/${n.id}`)).status, 200);
    assert.equal((await call("frontdoor", `/api/v1/encompass/notifications/${n.id}`)).status, 200);
    // escalated late (as the escalation job records it): listed for the force that sent it, not another
    sql(`INSERT INTO encompass_escalations (notification_id, escalated_at) VALUES (${Number(n.id)}, '2025-11-20T12:00:00Z');`);
    const escalated = async (who) => {
      const e = await call(who, "/api/v1/encompass/escalations");
      assert.equal(e.status, 200, e.text);
      return e.body.escalations.map((x) => x.notification_id);
    };
    assert.ok((await escalated("police")).includes(n.id));
    assert.ok(!(await escalated(cumbriaPolice)).includes(n.id), "not in another force's escalations");
    assert.ok((await escalated("frontdoor")).includes(n.id));
  });

  test("each force's list holds its own incidents only, found by the shared reference", async () => {
    const listed = async (who, query = "") => {
      const r = await call(who, `/api/v1/da-incidents${query}`);
      assert.equal(r.status, 200, r.text);
      return r.body.incidents.map((i) => i.id);
    };
    assert.deepEqual(await listed(cumbriaPolice), [ids.cumbria]);
    assert.deepEqual(await listed(cumbriaPolice, "?reference=2026-000777"), [ids.cumbria]);
    assert.deepEqual(await listed("police", "?reference=2026-000777"), [ids.lancashire]);
    assert.ok(!(await listed("police")).includes(ids.cumbria), "Lancashire's list leaves out Cumbria's");
    // the front door of the incidents' area sees both, whichever force sent them
    assert.deepEqual((await listed("frontdoor", "?reference=2026-000777")).sort(), [ids.lancashire, ids.cumbria].sort());
    assert.equal((await call("frontdoor", `/api/v1/da-incidents/${ids.cumbria}`)).status, 200);
  });

  test("another force's child waiting to be matched is neither queued for nor resolvable by a force", async () => {
    // a child the register does not know, with no setting named: it waits for a person
    let r = await post("police", "/api/v1/da-incidents", incident("2026-000888", {
      children: [{ given_name: "Unknown", family_name: "Waiting", present: true, spoken_to: false }],
    }));
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.body.children.map((c) => c.match_status), ["unresolved"]);
    const waiting = r.body.id;
    const queued = async (who) => (await call(who, "/api/v1/da-incidents/unresolved")).body.children.map((c) => c.incident_id);
    assert.ok((await queued("police")).includes(waiting));
    assert.ok(!(await queued(cumbriaPolice)).includes(waiting), "not in another force's queue");
    const before = JSON.stringify(sql(`SELECT * FROM da_incident_children WHERE incident_id = ${waiting};`));
    r = await post(cumbriaPolice, `/api/v1/da-incidents/${waiting}/children/1/resolve`, { child: "new", setting: "ribblebank-primary" });
    assert.equal(r.status, 404, r.text);
    assert.equal(JSON.stringify(sql(`SELECT * FROM da_incident_children WHERE incident_id = ${waiting};`)), before);
    // the force that sent it resolves it
    r = await post("police", `/api/v1/da-incidents/${waiting}/children/1/resolve`, { child: "new", setting: "ribblebank-primary" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.match_status, "resolved");
  });
  test("a child waiting near its deadline is escalated to the force that sent the incident, not to another attending the area", async () => {
    // Cumbria's incident in Lancashire (888), whose police (Lancashire's: every area) did not send it
    const r = await post(cumbriaPolice, "/api/v1/da-incidents", incident("2026-000999", {
      children: [{ given_name: "Unknown", family_name: "Escalated", present: true, spoken_to: false }],
    }));
    assert.equal(r.status, 201, r.text);
    sql(`UPDATE da_incident_children SET waiting_due_at = '2000-01-01T00:00:00Z' WHERE incident_id = ${Number(r.body.id)};`);
    const link = `/incidents/${Number(r.body.id)}/children/1/resolve`;
    const told = await until("the waiting child's escalation", () => {
      const rows = sql(`SELECT to_address FROM mail_outbox WHERE body_text LIKE '%${link}%' ORDER BY to_address;`);
      return rows.length > 0 && rows.map((m) => m.to_address);
    }, { timeoutMs: 15_000 });
    assert.deepEqual(told, ["frontdoor@demo.haven.example", cumbriaPolice]);
  });
});

// Found by a review: a force the partnership set to attend some of its areas could send incidents for
// another, which told that area's schools and front door of work no force there had sent.
describe("a force sends incidents only in the areas it attends", () => {
  test("an incident in an area the force does not attend is refused on la_code, and nothing is saved", async () => {
    const before = JSON.stringify(sql("SELECT * FROM da_incidents ORDER BY id;"));
    const r = await post(cumbriaPolice, "/api/v1/da-incidents", incident("2026-000889", { la_code: 889 }));
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.body.errors.map((e) => [e.field, e.detail]), [
      ["la_code", "The local authority must be one of the areas the sending force serves, by its code (like 888)"],
    ]);
    assert.equal(JSON.stringify(sql("SELECT * FROM da_incidents ORDER BY id;")), before);
    // a force attending the whole partnership still sends for every area
    const lancashire = await post("police", "/api/v1/da-incidents", incident("2026-000889", { la_code: 889 }));
    assert.equal(lancashire.status, 201, lancashire.text);
  });

  test("an import as the force is refused the same way", async () => {
    const r = importAs(cumbriaSlug, [incident("2026-001888", { la_code: 889 })]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /one of the areas the sending force serves/);
    assert.deepEqual(sql("SELECT id FROM da_incidents WHERE police_reference = '2026-001888';"), []);
  });

  test("the incident form offers the force's areas only", async () => {
    const offered = async (who) => {
      const form = await call(who, "/incidents/new");
      assert.equal(form.status, 200, form.text);
      const select = form.text.match(/<select[^>]*name="la_code"[^>]*>([\s\S]*?)<\/select>/);
      assert.ok(select, "the form asks for the area");
      return [...select[1].matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1])).sort();
    };
    assert.deepEqual(await offered(cumbriaPolice), [888, 890]);
    assert.deepEqual(await offered("police"), [888, 889, 890]);
  });
});

describe("an imported incident belongs to the force the import names", () => {
  test("the force's officers read and list it; another force's answer 404", async () => {
    const r = importAs(cumbriaSlug, [incident("2026-001777", { location: "7 Imported Way" })]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "1 created, 0 unchanged\n");
    const [{ id }] = sql("SELECT id FROM da_incidents WHERE police_reference = '2026-001777';");
    ids.imported = id;
    assert.equal((await call(cumbriaPolice, `/api/v1/da-incidents/${id}`)).status, 200);
    const list = await call(cumbriaPolice, "/api/v1/da-incidents?reference=2026-001777");
    assert.deepEqual(list.body.incidents.map((i) => i.id), [id]);
    const other = await call("police", `/api/v1/da-incidents/${id}`);
    assert.equal(other.status, 404, other.text);
    assert.doesNotMatch(other.text, /01632 960777|mornings only/);
    assert.equal((await call("frontdoor", `/api/v1/da-incidents/${id}`)).status, 200, "the area's front door sees every force's");
  });

  test("a reference is the force's own: the force's resend is unchanged, a change refused, another force's its own", async () => {
    const before = JSON.stringify(sql("SELECT * FROM da_incidents ORDER BY id;"));
    // what Lancashire sent through the API, imported as Lancashire's, is the same incident
    let r = importAs("lancashire-constabulary", [incident("2026-000777")]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "0 created, 1 unchanged\n");
    r = importAs(cumbriaSlug, [incident("2026-001777", { location: "7 Imported Way" })]);
    assert.equal(r.stdout, "0 created, 1 unchanged\n", r.stderr);
    r = importAs(cumbriaSlug, [incident("2026-001777", { location: "7 Imported Way", risk_level: "high" })]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Incident 1 \(2026-001777\): an incident with this police reference was already received with different details/);
    assert.match(r.stderr, /nothing was imported/);
    assert.equal(JSON.stringify(sql("SELECT * FROM da_incidents ORDER BY id;")), before);
    // Lancashire's import of the same reference is Lancashire's incident, not Cumbria's
    r = importAs("lancashire-constabulary", [incident("2026-001777", { location: "8 Other Import Way" })]);
    assert.equal(r.stdout, "1 created, 0 unchanged\n", r.stderr);
    const forces = sql(`SELECT a.slug FROM da_incidents i JOIN agencies a ON a.id = i.police_agency_id
      WHERE i.police_reference = '2026-001777' ORDER BY a.slug;`).map((x) => x.slug);
    assert.deepEqual(forces, [cumbriaSlug, "lancashire-constabulary"].sort());
  });
});

// Incidents imported before the import named its force have none (police_agency_id NULL), as
// migration 0181 left them. Found by a reviewer: re-importing such a file with --force missed the
// forceless incident and created it again, so the school was notified twice and the duplicate counted
// twice in figures and repeat flags.
describe("an incident imported before the import named its force is claimed by the force that sends it again", () => {
  /** A new incident with reference `ref`, as an import before --force left it: no force. */
  function importedWithoutForce(ref, fields = {}) {
    const r = importAs("lancashire-constabulary", [incident(ref, fields)]);
    assert.equal(r.stdout, "1 created, 0 unchanged\n", r.stderr);
    const [{ id }] = sql(`SELECT id FROM da_incidents WHERE police_reference = '${ref}';`);
    sql(`UPDATE da_incidents SET police_agency_id = NULL WHERE id = ${Number(id)};`);
    return id;
  }
  const rows = (ref) => sql(`SELECT id, police_agency_id FROM da_incidents WHERE police_reference = '${ref}' ORDER BY id;`);
  const forceOf = (id) => sql(`SELECT a.slug FROM da_incidents i JOIN agencies a ON a.id = i.police_agency_id WHERE i.id = ${Number(id)};`)[0]?.slug;
  const claims = (id) => sql(`SELECT user_id, agency_id FROM audit_log WHERE action = 'incident.claim' AND resource_type = 'da_incident' AND resource_id = '${id}';`);
  const lancashireId = () => Number(sql("SELECT id FROM agencies WHERE slug = 'lancashire-constabulary';")[0].id);

  test("re-importing it with --force is unchanged: one incident, one notification, and now the force's", async () => {
    const id = importedWithoutForce("2024-000901");
    assert.equal((await call("police", `/api/v1/da-incidents/${id}`)).status, 404, "a forceless incident is no force's");
    const mails = sql("SELECT count(*) AS n FROM mail_outbox;")[0].n;
    const r = importAs("lancashire-constabulary", [incident("2024-000901")]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "0 created, 1 unchanged\n");
    assert.deepEqual(rows("2024-000901").map((x) => Number(x.id)), [Number(id)], "no second incident");
    assert.deepEqual(notified(id), ["ribblebank-primary"], "the school was notified once");
    assert.equal(sql("SELECT count(*) AS n FROM mail_outbox;")[0].n, mails, "nobody is emailed again");
    assert.equal(forceOf(id), "lancashire-constabulary");
    assert.deepEqual(claims(id), [{ user_id: null, agency_id: lancashireId() }], "the claim is audited, by the import as the force");
    assert.equal((await call("police", `/api/v1/da-incidents/${id}`)).status, 200, "the force's police now see it");
    const list = await call("police", "/api/v1/da-incidents?reference=2024-000901");
    assert.deepEqual(list.body.incidents.map((i) => i.id), [Number(id)]);
    // and importing it again is harmless, as for any of the force's incidents
    assert.equal(importAs("lancashire-constabulary", [incident("2024-000901")]).stdout, "0 created, 1 unchanged\n");
    assert.equal(claims(id).length, 1);
  });

  test("other details are another incident: a force's own, created; the forceless one stays as it was", async () => {
    // A forceless incident may be another force's (references are per force): with other details it neither
    // blocks this force's incident, which would leave its school untold, nor tells the force that the
    // reference is known (found by this session's review: Cumbria's genuine incident was refused 409).
    const id = importedWithoutForce("2024-000902");
    const forceless = JSON.stringify(sql(`SELECT * FROM da_incidents WHERE id = ${Number(id)};`));
    const r = importAs(cumbriaSlug, [incident("2024-000903"), incident("2024-000902", { risk_level: "high" })]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "2 created, 0 unchanged\n");
    const made = rows("2024-000902");
    assert.equal(made.length, 2);
    assert.deepEqual(made.map((x) => forceOf(x.id)), [undefined, cumbriaSlug]);
    assert.equal(JSON.stringify(sql(`SELECT * FROM da_incidents WHERE id = ${Number(id)};`)), forceless, "neither changed nor claimed");
    assert.equal(claims(id).length, 0);
    assert.deepEqual(notified(made[1].id), ["ribblebank-primary"], "the school hears of Cumbria's incident");
  });

  test("the API claims it the same way: the same details unchanged and the sender's; other details a new incident", async () => {
    const id = importedWithoutForce("2024-000904");
    let r = await post("police", "/api/v1/da-incidents", incident("2024-000904"));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual([r.body.status, r.body.id], ["unchanged", Number(id)]);
    assert.equal(rows("2024-000904").length, 1);
    assert.equal(forceOf(id), "lancashire-constabulary");
    assert.equal(claims(id).length, 1);
    assert.notEqual(claims(id)[0].user_id, null, "audited as the officer who sent it");
    // another forceless incident, and the API with other details: no 409 telling the sender it exists
    const other = importedWithoutForce("2024-000906");
    r = await post("police", "/api/v1/da-incidents", incident("2024-000906", { risk_level: "high" }));
    assert.equal(r.status, 201, r.text);
    assert.notEqual(r.body.id, Number(other));
    assert.equal(forceOf(other), undefined);
    assert.equal(claims(other).length, 0);
  });

  test("the first force to send it claims it; another force's same reference is then that force's own", async () => {
    const id = importedWithoutForce("2024-000905");
    let r = importAs(cumbriaSlug, [incident("2024-000905")]);
    assert.equal(r.stdout, "0 created, 1 unchanged\n", r.stderr);
    assert.equal(forceOf(id), cumbriaSlug);
    // Lancashire cannot see Cumbria's incidents, so its reference is its own incident, as per-force references are
    r = importAs("lancashire-constabulary", [incident("2024-000905")]);
    assert.equal(r.stdout, "1 created, 0 unchanged\n", r.stderr);
    const both = rows("2024-000905");
    assert.equal(both.length, 2);
    assert.equal(Number(both[0].id), Number(id));
    assert.deepEqual(both.map((x) => forceOf(x.id)), [cumbriaSlug, "lancashire-constabulary"]);
    assert.equal(claims(id).length, 1);
    assert.equal(claims(both[1].id).length, 0);
  });
});
