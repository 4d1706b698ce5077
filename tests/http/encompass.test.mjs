// Operation Encompass from the Key Adult's side (src/areas/encompass/), over
// HTTP against the real server and database:
//   - who sees which notification: a Key Adult only their own setting's
//     (dsl@ Brookfield and dsl2@ Larkhill: the other's is 404), a
//     practitioner nothing, the police their own force's (every one here: the
//     demo's one force sent them all; tests/http/incidents-forces.test.mjs has
//     two forces), a front door user their
//     local authority's area's (and their own inbox: children educated at home);
//   - acknowledging records who and when, once; recording what the setting
//     did needs the acknowledgement first, a reason for "no action", and is
//     once too; refusals change nothing;
//   - what a notification shows in its full and its minimal form;
//   - the escalation job (HAVEN_ENCOMPASS_JOB_SECONDS=1) records each late
//     notification once, audited as a system action, and follows the
//     partnership's setting; the escalations list is scoped by area;
//   - the figures against a data set built here with answers worked out by
//     hand (percentages, medians of even and odd counts, weeks and months
//     in Europe/London time);
//   - the partnership's settings, validated and audited.
// Incidents and notifications are written with the sqlite3 CLI into the same
// tables the police intake writes, while Haven runs.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { apiClient, sqlQuote, sqlText, sqlTime, until } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call } = apiClient(() => haven);

const sql = (query) => sqlText(haven.dbPath, query);

// An instant relative to now, as SQLite writes it.
const UNIT_MS = { minute: 60_000, hour: 3_600_000 };
/** Now moved by `modifier` ("-3 hours", "-2 minutes"), as the store's UTC time text. */
const ago = (modifier) => {
  const [, n, unit] = /^([+-]\d+) (minute|hour)s?$/.exec(modifier);
  return sqlTime(Number(n) * UNIT_MS[unit]).slice(1, -1);
};
const userId = (who) => Number(sql(`SELECT id FROM users WHERE email = '${who}@demo.haven.example';`));

let refCount = 0;
/**
 * An incident in area `la` at `occurred` with a notification per child
 * [{ given, family, dob, setting (agency slug), content, created, due,
 * acknowledged, by (who), present, spoken, said, where }]; returns the
 * notification ids in order. Children with no setting get no notification.
 */
function addIncident({ la = 889, occurred, location = "1 Test Street, Demoton", circumstances = "Test circumstances.", children = [] }) {
  const ref = `TEST-ENC-${String(++refCount).padStart(4, "0")}`;
  let s =
    "INSERT INTO da_incidents (police_reference, occurred_at, location, la_code, risk_level, circumstances, source, received_at, content_hash, police_agency_id)" +
    ` VALUES ('${ref}', ${sqlQuote(occurred)}, ${sqlQuote(location)}, ${la}, 'medium', ${sqlQuote(circumstances)}, 'api', ${sqlQuote(occurred)}, 'test',` +
    " (SELECT id FROM agencies WHERE slug = 'lancashire-constabulary'));";
  children.forEach((c, i) => {
    s +=
      "INSERT INTO da_incident_children (incident_id, position, given_name, family_name, date_of_birth, present, where_during, spoken_to, child_said, match_status)" +
      ` VALUES ((SELECT id FROM da_incidents WHERE police_reference = '${ref}'), ${i + 1}, ${sqlQuote(c.given ?? "Testy")}, ${sqlQuote(c.family ?? "Fixture")},` +
      ` ${sqlQuote(c.dob ?? "2016-01-02")}, ${c.present ?? 1}, ${sqlQuote(c.where)}, ${c.spoken ?? 0}, ${sqlQuote(c.said)}, 'matched');`;
    if (!c.setting) return;
    s +=
      "INSERT INTO encompass_notifications (incident_child_id, recipient_agency_id, content, created_at, due_at, acknowledged_at, acknowledged_by)" +
      ` VALUES ((SELECT c.id FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id WHERE i.police_reference = '${ref}' AND c.position = ${i + 1}),` +
      ` (SELECT id FROM agencies WHERE slug = '${c.setting}'), '${c.content ?? "full"}', ${sqlQuote(c.created ?? occurred)}, ${sqlQuote(c.due)},` +
      ` ${sqlQuote(c.acknowledged)}, ${c.acknowledged ? userId(c.by ?? "dsl") : "NULL"});`;
  });
  s +=
    "SELECT n.id FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id" +
    ` JOIN da_incidents i ON i.id = c.incident_id WHERE i.police_reference = '${ref}' ORDER BY c.position;`;
  return sql(s).split("\n").filter(Boolean).map(Number);
}

// The demo's notifications by the setting they went to and the police reference.
function demoNotification(ref, setting) {
  return Number(
    sql(
      "SELECT n.id FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id" +
        " JOIN da_incidents i ON i.id = c.incident_id JOIN agencies a ON a.id = n.recipient_agency_id" +
        ` WHERE i.police_reference = '${ref}' AND a.slug = '${setting}';`,
    ),
  );
}

before(async () => {
  haven = await startHaven({ env: { HAVEN_ENCOMPASS_JOB_SECONDS: "1" } });
});

after(async () => {
  // a clean exit: the escalation job stops with the server (and a sanitizer build found nothing)
  if (haven) assert.equal(await haven.stop(), 0, haven.stderrLines().slice(-20).join("\n"));
});

test("a Key Adult sees only their own setting's notifications; another setting's are not there", async () => {
  const brookfield = demoNotification("DEMO-ENC-0001", "brookfield-primary");
  const larkhill = demoNotification("DEMO-ENC-0001", "larkhill-academy");
  assert.ok(brookfield > 0 && larkhill > 0, "the demo incident went to both schools");

  let r = await call("dsl", "/api/v1/encompass/notifications");
  assert.equal(r.status, 200, r.text);
  const mine = r.body.notifications.map((n) => n.id);
  const brookfieldIds = sql(
    "SELECT n.id FROM encompass_notifications n JOIN agencies a ON a.id = n.recipient_agency_id WHERE a.slug = 'brookfield-primary' ORDER BY n.id;",
  ).split("\n").map(Number);
  assert.deepEqual([...mine].sort((a, b) => a - b), brookfieldIds, "dsl@ lists exactly Brookfield's notifications");
  assert.ok(!mine.includes(larkhill));
  // new (unacknowledged) first, each with its deadline and a status in words
  const firstAcknowledged = r.body.notifications.findIndex((n) => n.acknowledged_at);
  assert.ok(firstAcknowledged > 0, "some are new, some acknowledged");
  assert.ok(r.body.notifications.slice(firstAcknowledged).every((n) => n.acknowledged_at), "new ones come first");
  for (const n of r.body.notifications) {
    assert.ok(n.due_at && n.due, "each has its deadline");
    assert.ok(["New", "Overdue", "Acknowledged", "Acknowledged late", "Action recorded"].includes(n.status_label));
    assert.equal(n.police_reference, undefined, "the list does not show the police reference");
  }
  assert.ok(r.body.notifications.some((n) => n.status_label === "Overdue"), "the demo's overdue one says so");

  r = await call("dsl", `/api/v1/encompass/notifications/${larkhill}`);
  assert.equal(r.status, 404, "Larkhill's notification is not there for Brookfield");
  r = await call("dsl", `/encompass/notifications/${larkhill}`);
  assert.equal(r.status, 404);
  r = await call("dsl2", `/api/v1/encompass/notifications/${brookfield}`);
  assert.equal(r.status, 404, "Brookfield's notification is not there for Larkhill");
  r = await call("dsl2", `/api/v1/encompass/notifications/${larkhill}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.notification.child.given_name, "Robin");
  r = await call("dsl2", `/api/v1/encompass/notifications/${brookfield}/acknowledgement`, { method: "POST" });
  assert.equal(r.status, 404, "nor can Larkhill answer it");

  r = await call("dsl2", "/api/v1/encompass/notifications");
  assert.ok(r.body.notifications.every((n) => n.id !== brookfield));
  assert.ok(r.body.notifications.some((n) => n.id === larkhill));

  // the page lists the same, with the status in words
  r = await call("dsl", "/encompass");
  assert.equal(r.status, 200);
  assert.match(r.text, /Overdue<\/strong>/);
  assert.match(r.text, new RegExp(`href="/encompass/notifications/${brookfield}"`));
  assert.doesNotMatch(r.text, new RegExp(`href="/encompass/notifications/${larkhill}"`));
});

test("a practitioner sees nothing; the police see every notification; a front door user their area's", async () => {
  const brookfield = demoNotification("DEMO-ENC-0001", "brookfield-primary");
  const seafront = demoNotification("DEMO-ENC-0004", "seafront-primary");
  const homeEducated = demoNotification("DEMO-ENC-0005", "lancashire-county-council");

  for (const p of ["/api/v1/encompass/notifications", `/api/v1/encompass/notifications/${brookfield}`, "/encompass"]) {
    const r = await call("practitioner", p);
    assert.equal(r.status, 403, `practitioner: ${p}`);
  }
  assert.equal((await call("practitioner", `/api/v1/encompass/notifications/${brookfield}/acknowledgement`, { method: "POST" })).status, 403);

  const all = sql("SELECT id FROM encompass_notifications ORDER BY id;").split("\n").map(Number);
  for (const id of all) {
    const r = await call("police", `/api/v1/encompass/notifications/${id}`);
    assert.equal(r.status, 200, `police read notification ${id}`);
    assert.equal(r.body.can_respond, false, "the police do not answer a notification");
  }
  assert.equal((await call("police", "/api/v1/encompass/notifications")).status, 403, "the police have no inbox");
  assert.equal((await call("police", `/api/v1/encompass/notifications/${brookfield}/acknowledgement`, { method: "POST" })).status, 403);

  // Lancashire's front door: the Lancashire incident (a child educated at home, sent to them), not Blackburn's
  let r = await call("frontdoor", `/api/v1/encompass/notifications/${homeEducated}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.can_respond, true, "the local authority answers for a child educated at home");
  assert.equal((await call("frontdoor", `/api/v1/encompass/notifications/${brookfield}`)).status, 404);
  r = await call("frontdoor", "/api/v1/encompass/notifications");
  assert.deepEqual(r.body.notifications.map((n) => n.id), [homeEducated]);
  // Blackpool's front door: the Blackpool incident, but it is the school's to answer
  r = await call("frontdoor2", `/api/v1/encompass/notifications/${seafront}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.can_respond, false);
  assert.equal((await call("frontdoor2", `/api/v1/encompass/notifications/${seafront}/acknowledgement`, { method: "POST" })).status, 404);
  assert.equal((await call("frontdoor2", `/api/v1/encompass/notifications/${homeEducated}`)).status, 404);
  r = await call("frontdoor2", "/api/v1/encompass/notifications");
  assert.deepEqual(r.body.notifications, [], "nothing was sent to Blackpool Council itself");

  // every read of a notification is audited
  assert.equal(
    sql(`SELECT count(*) FROM audit_log WHERE action = 'encompass.read' AND resource_type = 'encompass_notification' AND resource_id = '${homeEducated}' AND user_id = ${userId("frontdoor")};`),
    "1",
  );
});

test("acknowledging records who and when, once", async () => {
  const [id] = addIncident({
    occurred: ago("-3 hours"),
    children: [{ given: "Ack", family: "Fixture", setting: "brookfield-primary", due: ago("+15 hours") }],
  });
  const before = Date.now();
  let r = await call("dsl", `/api/v1/encompass/notifications/${id}/acknowledgement`, { method: "POST" });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.notification.acknowledged_by_name, "Dee Safeguarding-Lead");
  assert.equal(r.body.notification.status_label, "Acknowledged");
  assert.equal(r.body.can_acknowledge, false);
  assert.equal(r.body.can_record_action, true);
  const at = Date.parse(r.body.notification.acknowledged_at);
  assert.ok(at >= before - 2000 && at <= Date.now() + 2000, `acknowledged now (${r.body.notification.acknowledged_at})`);
  const stored = sql(`SELECT acknowledged_by || ' ' || acknowledged_at FROM encompass_notifications WHERE id = ${id};`);
  assert.equal(stored, `${userId("dsl")} ${r.body.notification.acknowledged_at}`);

  r = await call("dsl", `/api/v1/encompass/notifications/${id}/acknowledgement`, { method: "POST" });
  assert.equal(r.status, 409, "a second acknowledgement is refused");
  assert.match(r.body.detail, /already been acknowledged/);
  assert.equal(sql(`SELECT acknowledged_by || ' ' || acknowledged_at FROM encompass_notifications WHERE id = ${id};`), stored, "and changes nothing");
  // the page's second click goes back to the notification, still unchanged
  r = await call("dsl", `/encompass/notifications/${id}/acknowledgement`, { method: "POST" });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT acknowledged_by || ' ' || acknowledged_at FROM encompass_notifications WHERE id = ${id};`), stored);
  assert.equal(
    sql(`SELECT count(*) FROM audit_log WHERE action = 'encompass.acknowledge' AND resource_id = '${id}' AND user_id = ${userId("dsl")};`),
    "1",
  );
});

test("the page says 'Notification acknowledged', and a late acknowledgement is tagged late on its page and in the list", async () => {
  const [late, onTime] = addIncident({
    occurred: ago("-30 hours"),
    children: [
      { given: "Late", family: "Fixture", setting: "brookfield-primary", due: ago("-3 hours") },
      { given: "Prompt", family: "Fixture", setting: "brookfield-primary", due: ago("+15 hours"), acknowledged: ago("-1 hours") },
    ],
  });
  const b = cookieClient(() => haven);
  await b.signIn("dsl");
  const page = await b.request(`/encompass/notifications/${late}`);
  const csrf = page.text.match(/acknowledgement" novalidate>\s*<input type="hidden" name="csrf_token" value="([^"]+)"/)[1];
  const done = await b.request(`/encompass/notifications/${late}/acknowledgement`, { method: "POST", form: { csrf_token: csrf } });
  assert.equal(done.status, 303, done.text);
  const landed = await b.request(done.location);
  assert.equal(landed.status, 200);
  assert.match(landed.text, /govuk-notification-banner__heading">\s*Notification acknowledged\s*</);
  assert.doesNotMatch(landed.text, /Your changes have been saved/);
  // late: one status, "Acknowledged late" (not "Acknowledged" and a second tag repeating it), and the
  // acknowledgement row says how long after the deadline
  const tags = (html) => [...html.slice(Math.max(0, html.indexOf("<main"))).matchAll(/<strong class="govuk-tag[^"]*">([^<]*)<\/strong>/g)].map((m) => m[1]);
  assert.deepEqual(tags(landed.text), ["Acknowledged late"]);
  assert.match(landed.text, /<strong class="govuk-tag govuk-tag--orange">Acknowledged late<\/strong>/);
  assert.match(landed.text, /by <bdi>Dee Safeguarding-Lead<\/bdi>, 3 hours( \d+ minutes?)? after the deadline</);
  const api = await call("dsl", `/api/v1/encompass/notifications/${late}`);
  assert.equal(api.body.notification.acknowledged_late, true);
  assert.equal(api.body.notification.status, "acknowledged", "the API's status is still acknowledged");
  assert.equal(api.body.notification.status_label, "Acknowledged late");
  assert.match(api.body.notification.acknowledged_late_by, /^3 hours( \d+ minutes?)?$/);
  // in time: "Acknowledged", nothing about lateness
  const prompt = await b.request(`/encompass/notifications/${onTime}`);
  assert.deepEqual(tags(prompt.text), ["Acknowledged"]);
  assert.doesNotMatch(prompt.text, /Acknowledged late|after the deadline/);
  const promptApi = (await call("dsl", `/api/v1/encompass/notifications/${onTime}`)).body.notification;
  assert.equal(promptApi.acknowledged_late, false);
  assert.equal(promptApi.acknowledged_late_by, null);
  // the list: the late one's row has the one status, the prompt one's is plainly acknowledged
  let list = await b.request("/encompass?show=acknowledged");
  assert.equal(list.status, 200);
  let row = (id) => list.text.split("<tr").find((r) => r.includes(`href="/encompass/notifications/${id}"`));
  assert.ok(row(late) && row(onTime), "both are on the first page of acknowledged ones");
  assert.deepEqual(tags(row(late)), ["Acknowledged late"]);
  assert.deepEqual(tags(row(onTime)), ["Acknowledged"]);
  // once acted on, the status is the action's, and words beside it (not a second tag) keep the lateness
  const acting = await call("dsl", `/api/v1/encompass/notifications/${late}/action`, { method: "POST", json: { action: "monitoring" } });
  assert.equal(acting.status, 200, acting.text);
  list = await b.request("/encompass?show=acknowledged");
  row = (id) => list.text.split("<tr").find((r) => r.includes(`href="/encompass/notifications/${id}"`));
  assert.deepEqual(tags(row(late)), ["Action recorded"]);
  assert.match(row(late), /Monitoring; acknowledged after the deadline/);
  const acted = await b.request(`/encompass/notifications/${late}`);
  assert.deepEqual(tags(acted.text), ["Action recorded"]);
  assert.match(acted.text, /after the deadline</);
});

test("the demo's deadlines are real: each the start of its setting's school day, after the incident, and the inbox tells the demo's story", async () => {
  const rows = sql(
    "SELECT i.police_reference || '|' || i.occurred_at || '|' || n.created_at || '|' || n.due_at || '|' ||" +
      " coalesce(n.acknowledged_at, '-') || '|' || coalesce(s.school_day_start, '08:45')" +
      " FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id" +
      " JOIN da_incidents i ON i.id = c.incident_id LEFT JOIN settings s ON s.agency_id = n.recipient_agency_id" +
      " WHERE i.police_reference LIKE 'DEMO-ENC-%' ORDER BY n.id;",
  ).split("\n").filter(Boolean);
  assert.equal(rows.length, 8);
  const london = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const late = [];
  for (const r of rows) {
    const [ref, occurred, created, due, acknowledged, start] = r.split("|");
    const parts = Object.fromEntries(london.formatToParts(new Date(due)).map((p) => [p.type, p.value]));
    assert.ok(!["Saturday", "Sunday"].includes(parts.weekday), `${ref} is due on a school day, not a ${parts.weekday}`);
    assert.equal(`${parts.hour}:${parts.minute}`, start, `${ref} is due at its setting's school day start`);
    const [o, c, d] = [occurred, created, due].map((t) => Date.parse(t));
    assert.ok(o < d && d - o < 4 * 86_400_000, `${ref}: due after the incident, at the next school day`);
    assert.ok(o <= c && c <= d, `${ref}: delivered after the incident and before the deadline`);
    if (acknowledged !== "-" && Date.parse(acknowledged) > d) late.push(ref);
  }
  assert.deepEqual(late, ["DEMO-ENC-0006"], "only the one the demo says was acknowledged late");
  // Brookfield's inbox: one new (Morgan Madeup), one overdue (Casey Specimen, minimal)
  const r = await call("dsl", "/api/v1/encompass/notifications?show=waiting");
  const waiting = Object.fromEntries(r.body.notifications.filter((n) => n.family_name !== "Fixture").map((n) => [`${n.given_name} ${n.family_name}`, n.status]));
  assert.equal(waiting["Morgan Madeup"], "new");
  assert.equal(waiting["Casey Specimen"], "overdue");
  // overdue for days, it was escalated as the job would have, long ago: the job does not take the ladder's
  // steps again now (emailing the demo's Key Adults as if the deadline had just passed)
  const casey = demoNotification("DEMO-ENC-0003", "brookfield-primary");
  const due = sql(`SELECT due_at FROM encompass_notifications WHERE id = ${casey};`);
  const plus = (minutes) => new Date(Date.parse(due) + minutes * 60_000).toISOString().replace(".000Z", "Z");
  assert.equal(sql(`SELECT escalated_at FROM encompass_escalations WHERE notification_id = ${casey};`), plus(120));
  assert.equal(
    sql(`SELECT step || ' ' || taken_at || ' ' || emailed FROM encompass_escalation_steps WHERE notification_id = ${casey} ORDER BY taken_at;`),
    `key_adults ${plus(120)} 0\nlocal_authority ${plus(240)} 0`,
  );
});

test("what the setting did: after acknowledging, a reason for no action, once; refusals change nothing", async () => {
  const [id] = addIncident({
    occurred: ago("-3 hours"),
    children: [{ given: "Action", family: "Fixture", setting: "brookfield-primary", due: ago("+15 hours") }],
  });
  const state = () => sql(`SELECT coalesce(action, '-') || '|' || coalesce(action_detail, '-') || '|' || coalesce(CAST(action_by AS text), '-') FROM encompass_notifications WHERE id = ${id};`);
  let r = await call("dsl", `/api/v1/encompass/notifications/${id}/action`, { method: "POST", json: { action: "monitoring" } });
  assert.equal(r.status, 409, "not before the acknowledgement");
  assert.equal(r.body.errors[0].field, "action");
  assert.match(r.body.errors[0].detail, /Acknowledge the notification/);
  assert.equal(state(), "-|-|-");

  assert.equal((await call("dsl", `/api/v1/encompass/notifications/${id}/acknowledgement`, { method: "POST" })).status, 200);
  r = await call("dsl", `/api/v1/encompass/notifications/${id}/action`, { method: "POST", json: { action: "no_action" } });
  assert.equal(r.status, 422, "no action needs a reason");
  assert.deepEqual(r.body.errors.map((e) => e.field), ["detail"]);
  assert.match(r.body.errors[0].detail, /reason/);
  r = await call("dsl", `/api/v1/encompass/notifications/${id}/action`, { method: "POST", json: { action: "no_action", detail: "   " } });
  assert.equal(r.status, 422, "a blank reason is no reason");
  r = await call("dsl", `/api/v1/encompass/notifications/${id}/action`, { method: "POST", json: { action: "other" } });
  assert.equal(r.status, 422, "other needs saying what");
  r = await call("dsl", `/api/v1/encompass/notifications/${id}/action`, { method: "POST", json: { action: "ignored" } });
  assert.equal(r.status, 422, "an action not in the list");
  assert.equal(r.body.errors[0].field, "action");
  assert.equal(state(), "-|-|-", "nothing was recorded");
  // the page shows the error by its field, and keeps what was chosen
  r = await call("dsl", `/encompass/notifications/${id}/action`, { method: "POST", json: { action: "no_action" } });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="detail-error"/);
  assert.match(r.text, /value="no_action" checked/);

  r = await call("dsl", `/api/v1/encompass/notifications/${id}/action`, {
    method: "POST", json: { action: "no_action", detail: "Already supported through an existing plan." },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.notification.status_label, "Action recorded");
  assert.equal(r.body.notification.action_label, "No action");
  assert.equal(r.body.notification.action_by_name, "Dee Safeguarding-Lead");
  assert.equal(state(), `no_action|Already supported through an existing plan.|${userId("dsl")}`);

  r = await call("dsl", `/api/v1/encompass/notifications/${id}/action`, { method: "POST", json: { action: "monitoring" } });
  assert.equal(r.status, 409, "recorded once");
  assert.match(r.body.errors[0].detail, /already been recorded/);
  assert.equal(state(), `no_action|Already supported through an existing plan.|${userId("dsl")}`);
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'encompass.action' AND resource_id = '${id}';`), "1");
});

test("a notification shows the full statutory content, or in its minimal form only the name, date of birth, date and time, and presence", async () => {
  const child = {
    given: "Content", family: "Fixture", dob: "2014-05-06", setting: "brookfield-primary", due: ago("+15 hours"),
    present: 1, where: "In the back bedroom", spoken: 1, said: "Said the dog barked all night",
  };
  const [full] = addIncident({
    occurred: "2026-01-14T19:30:00Z", location: "12 Unique Location Lane", circumstances: "Distinctive circumstances text",
    children: [{ ...child, content: "full" }],
  });
  const [minimal] = addIncident({
    occurred: "2026-01-14T19:30:00Z", location: "12 Unique Location Lane", circumstances: "Distinctive circumstances text",
    children: [{ ...child, content: "minimal" }],
  });
  const policeRef = sql(`SELECT i.police_reference FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id JOIN da_incidents i ON i.id = c.incident_id WHERE n.id = ${full};`);

  let r = await call("dsl", `/api/v1/encompass/notifications/${full}`);
  assert.equal(r.status, 200);
  const f = r.body.notification;
  assert.equal(f.content, "full");
  assert.deepEqual(
    { ...f.child },
    {
      given_name: "Content", family_name: "Fixture", date_of_birth: "2014-05-06", date_of_birth_label: "6 May 2014",
      present: true, present_label: "Yes", where_during: "In the back bedroom", spoken_to: true, spoken_to_label: "Yes",
      child_said: "Said the dog barked all night",
    },
  );
  assert.equal(f.police_reference, policeRef);
  assert.equal(f.location, "12 Unique Location Lane");
  assert.equal(f.circumstances, "Distinctive circumstances text");
  assert.equal(f.occurred_at, "2026-01-14T19:30:00Z");
  assert.equal(f.occurred, "Wednesday 14 January 2026 at 7:30pm");
  r = await call("dsl", `/encompass/notifications/${full}`);
  for (const text of ["12 Unique Location Lane", "Distinctive circumstances text", "Said the dog barked all night", policeRef, "6 May 2014", "7:30pm"])
    assert.ok(r.text.includes(text), `the full page shows ${text}`);
  // the full form names the force that sent it too, beside its reference: whom the reference is with
  assert.equal(f.police_force_name, "Lancashire Constabulary (demo)");
  assert.match(r.text, /<dt class="govuk-summary-list__key">Police force<\/dt><dd class="govuk-summary-list__value"><bdi>Lancashire Constabulary \(demo\)<\/bdi><\/dd>/);

  r = await call("dsl", `/api/v1/encompass/notifications/${minimal}`);
  const m = r.body.notification;
  assert.equal(m.content, "minimal");
  assert.deepEqual(
    { ...m.child },
    { given_name: "Content", family_name: "Fixture", date_of_birth: "2014-05-06", date_of_birth_label: "6 May 2014", present: true, present_label: "Yes" },
  );
  for (const key of ["police_reference", "location", "circumstances", "la_name"]) assert.equal(m[key], undefined, `minimal has no ${key}`);
  assert.equal(m.occurred, "Wednesday 14 January 2026 at 7:30pm");
  const raw = JSON.stringify(r.body);
  for (const text of ["Unique Location", "Distinctive", "dog barked", "back bedroom"]) assert.ok(!raw.includes(text), `the minimal JSON never holds ${text}`);
  r = await call("dsl", `/encompass/notifications/${minimal}`);
  for (const text of ["Unique Location", "Distinctive", "dog barked", "back bedroom", "TEST-ENC-"])
    assert.ok(!r.text.includes(text), `the minimal page never shows ${text}`);
  for (const text of ["Content Fixture", "6 May 2014", "7:30pm", "minimal form"]) assert.ok(r.text.includes(text), `the minimal page shows ${text}`);
  // whom to ask for more: the force that sent it by name, and how to reach it (no police contact is stored)
  assert.equal(m.police_force_name, "Lancashire Constabulary (demo)");
  assert.match(r.text, /contact <bdi>Lancashire Constabulary \(demo\)<\/bdi>, the police force that sent it, through your usual police contact for Operation Encompass or on 101/);
  assert.doesNotMatch(r.text, /Contact them for anything more/);
  // an incident imported before imports named their force: words that still point somewhere
  sql(`UPDATE da_incidents SET police_agency_id = NULL WHERE id = (SELECT c.incident_id FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id WHERE n.id = ${minimal});`);
  assert.equal((await call("dsl", `/api/v1/encompass/notifications/${minimal}`)).body.notification.police_force_name, null);
  sql(`UPDATE da_incidents SET police_agency_id = NULL WHERE id = (SELECT c.incident_id FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id WHERE n.id = ${full});`);
  r = await call("dsl", `/encompass/notifications/${full}`);
  assert.match(r.text, /Police force<\/dt><dd class="govuk-summary-list__value">Not recorded \(ask the police force that attended/);
  r = await call("dsl", `/encompass/notifications/${minimal}`);
  assert.match(r.text, /contact the police force that attended through your usual police contact for Operation Encompass or on 101/);
});

test("the escalation job records each late notification once, as a system action, and follows the setting", async () => {
  const escalations = (id) => sql(`SELECT count(*) FROM encompass_escalations WHERE notification_id = ${id};`);
  const [late] = addIncident({ la: 890, occurred: ago("-20 hours"), children: [{ given: "Late", setting: "seafront-primary", due: ago("-3 hours") }] });
  const [recent] = addIncident({ la: 889, occurred: ago("-20 hours"), children: [{ given: "Recent", setting: "brookfield-primary", due: ago("-1 hour") }] });
  const [answered] = addIncident({
    la: 889, occurred: ago("-20 hours"),
    children: [{ given: "Answered", setting: "brookfield-primary", due: ago("-3 hours"), acknowledged: ago("-2 minutes") }],
  });
  await until("the late notification's escalation", () => escalations(late) === "1");
  await sleep(2500); // the job runs twice more
  assert.equal(escalations(late), "1", "recorded once however often the job runs");
  assert.equal(escalations(recent), "0", "an hour late is within the 120 minutes allowed");
  assert.equal(escalations(answered), "0", "an acknowledged notification is not escalated");
  assert.equal(
    sql(`SELECT count(*) || ' ' || count(user_id) FROM audit_log WHERE action = 'encompass.escalate' AND resource_type = 'encompass_notification' AND resource_id = '${late}';`),
    "1 0",
    "one audit row, with no user: a system action",
  );

  // the police see their force's escalations (the demo's one force sent every incident); a front door user
  // their area's; a Key Adult none
  let r = await call("police", "/api/v1/encompass/escalations");
  assert.equal(r.status, 200);
  const row = r.body.escalations.find((e) => e.notification_id === late);
  assert.ok(row, "the police list it");
  assert.equal(row.acknowledged, false);
  assert.ok(row.late_minutes >= 179 && row.late_minutes <= 185, `about three hours late (${row.late_minutes})`);
  assert.match(row.late, /^3 hours|^2 hours 59 minutes/);
  assert.ok(r.body.escalations.some((e) => e.police_reference === "DEMO-ENC-0004"), "and the demo's");
  r = await call("frontdoor2", "/api/v1/encompass/escalations");
  assert.ok(r.body.escalations.some((e) => e.notification_id === late), "Blackpool's front door lists a Blackpool incident's");
  assert.ok(r.body.escalations.every((e) => e.la_name === "Blackpool"));
  r = await call("frontdoor", "/api/v1/encompass/escalations");
  assert.ok(r.body.escalations.every((e) => e.la_name === "Lancashire"), "Lancashire's lists only Lancashire's");
  assert.ok(!r.body.escalations.some((e) => e.notification_id === late));
  assert.equal((await call("dsl", "/api/v1/encompass/escalations")).status, 403);
  r = await call("police", "/encompass/escalations");
  assert.equal(r.status, 200);
  assert.match(r.text, /Not acknowledged<\/strong>/);

  // the partnership shortens the time allowed: the next run escalates the hour-late one
  r = await call("partnership", "/api/v1/encompass/settings", {
    method: "POST", json: { deliver_in_holidays: false, content: "full", escalate_after_minutes: 30, idva_referrals: "medium_high" },
  });
  assert.equal(r.status, 200, r.text);
  await until("the hour-late notification's escalation", () => escalations(recent) === "1");
  assert.equal(escalations(answered), "0");
  r = await call("dsl", `/api/v1/encompass/notifications/${recent}`);
  assert.ok(r.body.notification.escalated_at, "the notification says it was escalated");
  // acknowledged after escalation: the escalation stays, and says how late it was
  assert.equal((await call("dsl", `/api/v1/encompass/notifications/${recent}/acknowledgement`, { method: "POST" })).status, 200);
  r = await call("police", "/api/v1/encompass/escalations");
  const done = r.body.escalations.find((e) => e.notification_id === recent);
  assert.equal(done.acknowledged, true);
  assert.ok(done.late_minutes >= 59 && done.late_minutes <= 62, `acknowledged about an hour late (${done.late_minutes})`);
  r = await call("partnership", "/api/v1/encompass/settings", {
    method: "POST", json: { deliver_in_holidays: false, content: "full", escalate_after_minutes: 120, idva_referrals: "medium_high" },
  });
  assert.equal(r.status, 200);
});

test("the figures per area, month and week, against a data set with known answers", async () => {
  // Lancashire (888), March and April 2025 (British Summer Time from 30 March).
  // A: Tue 4 Mar 19:00 GMT, two children: one delivered and acknowledged on time (780 min),
  //    one delivered late and acknowledged late (900 min)
  addIncident({
    la: 888, occurred: "2025-03-04T19:00:00Z",
    children: [
      { given: "Figure", family: "One", setting: "pendle-edge-high", created: "2025-03-04T19:30:00Z", due: "2025-03-05T08:45:00Z", acknowledged: "2025-03-05T08:00:00Z", by: "dsl" },
      { given: "Figure", family: "Two", setting: "ribblebank-primary", created: "2025-03-05T09:00:00Z", due: "2025-03-05T08:45:00Z", acknowledged: "2025-03-05T10:00:00Z", by: "dsl" },
    ],
  });
  // B: Wed 12 Mar, never acknowledged; C: Thu 13 Mar, acknowledged on time (750 min); a child not matched adds nothing
  addIncident({ la: 888, occurred: "2025-03-12T12:00:00Z", children: [{ given: "Figure", family: "Three", setting: "pendle-edge-high", created: "2025-03-12T12:30:00Z", due: "2025-03-13T08:45:00Z" }] });
  addIncident({
    la: 888, occurred: "2025-03-13T20:00:00Z",
    children: [
      { given: "Figure", family: "Four", setting: "ribblebank-primary", created: "2025-03-13T20:10:00Z", due: "2025-03-14T08:45:00Z", acknowledged: "2025-03-14T08:30:00Z", by: "dsl" },
      { given: "Figure", family: "Unmatched" },
    ],
  });
  // D: Thu 20 Mar, no children; G: 23:30 GMT on Mon 31 Mar is 00:30 BST on Tue 1 April (April's)
  addIncident({ la: 888, occurred: "2025-03-20T10:00:00Z" });
  addIncident({ la: 888, occurred: "2025-03-31T23:30:00Z" });
  // E: Tue 1 Apr 18:00 UTC, acknowledged on time (810 min)
  addIncident({ la: 888, occurred: "2025-04-01T18:00:00Z", children: [{ given: "Figure", family: "Five", setting: "pendle-edge-high", created: "2025-04-01T18:15:00Z", due: "2025-04-02T07:45:00Z", acknowledged: "2025-04-02T07:30:00Z", by: "dsl" }] });
  // F: 23:30 GMT on Fri 28 Feb is still 28 February: outside the period; H: in Blackpool
  addIncident({ la: 888, occurred: "2025-02-28T23:30:00Z", children: [{ setting: "pendle-edge-high", due: "2025-03-03T08:45:00Z", acknowledged: "2025-03-01T08:00:00Z" }] });
  addIncident({ la: 890, occurred: "2025-03-10T10:00:00Z", children: [{ setting: "seafront-primary", due: "2025-03-11T08:45:00Z" }] });

  const figures = (incidents, notifications, delivered, acknowledged, onTime, median) => ({
    incidents, notifications,
    percent_delivered_on_time: delivered, percent_acknowledged: acknowledged, percent_acknowledged_on_time: onTime,
    median_minutes_to_acknowledgement: median,
  });
  const pick = (f) => ({
    incidents: f.incidents, notifications: f.notifications,
    percent_delivered_on_time: f.percent_delivered_on_time, percent_acknowledged: f.percent_acknowledged,
    percent_acknowledged_on_time: f.percent_acknowledged_on_time, median_minutes_to_acknowledgement: f.median_minutes_to_acknowledgement,
  });

  let r = await call("partnership", "/api/v1/encompass/figures?from=2025-03-01&to=2025-04-30&la=lancashire");
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.areas.length, 1);
  const area = r.body.areas[0];
  assert.equal(area.la_name, "Lancashire");
  // 6 incidents (A B C D G E), 5 notifications: 4 delivered on time, 4 acknowledged, 3 on time;
  // median of 750 780 810 900 (an even count) is (780 + 810) / 2
  assert.deepEqual(pick(area.totals), figures(6, 5, 80, 80, 60, 795));
  assert.equal(area.totals.median_to_acknowledgement_label, "13 hours 15 minutes");
  assert.deepEqual(pick(r.body.partnership), figures(6, 5, 80, 80, 60, 795), "the partnership row for one area is that area");
  assert.deepEqual(
    area.months.map((m) => [m.month, pick(m)]),
    [
      ["2025-03", figures(4, 4, 75, 75, 50, 780)], // 750 780 900: the middle one
      ["2025-04", figures(2, 1, 100, 100, 100, 810)],
    ],
  );
  assert.equal(area.months[0].period, "March 2025");
  assert.deepEqual(
    area.weeks.map((w) => [w.week_beginning, pick(w)]),
    [
      ["2025-03-03", figures(1, 2, 50, 100, 50, 840)], // 780 and 900
      ["2025-03-10", figures(2, 2, 100, 50, 50, 750)],
      ["2025-03-17", figures(1, 0, null, null, null, null)],
      ["2025-03-31", figures(2, 1, 100, 100, 100, 810)],
    ],
  );
  assert.equal(area.weeks[0].period, "Week beginning Monday 3 March 2025");
  assert.equal(area.weeks[2].percent_delivered_on_time_label, "No notifications");
  const raw = JSON.stringify(r.body);
  for (const name of ["Figure", "Unmatched", "TEST-ENC"]) assert.ok(!raw.includes(name), `the figures never name a child or an incident (${name})`);

  // every area: Blackpool has its one incident, Blackburn with Darwen none in the period
  r = await call("partnership", "/api/v1/encompass/figures?from=2025-03-01&to=2025-04-30");
  assert.equal(r.status, 200);
  const byName = Object.fromEntries(r.body.areas.map((a) => [a.la_name, a.totals]));
  assert.deepEqual(Object.keys(byName).sort(), ["Blackburn with Darwen", "Blackpool", "Lancashire"]);
  assert.deepEqual(pick(byName.Blackpool), figures(1, 1, 100, 0, 0, null));
  assert.deepEqual(pick(byName["Blackburn with Darwen"]), figures(0, 0, null, null, null, null));
  // 7 incidents, 6 notifications, 5 on time (83.3), 4 acknowledged (66.7), 3 on time (50)
  assert.deepEqual(pick(r.body.partnership), figures(7, 6, 83.3, 66.7, 50, 795));

  // the page shows the same, and nothing about a child
  r = await call("frontdoor", "/encompass/figures?from=2025-03-01&to=2025-04-30&la=lancashire");
  assert.equal(r.status, 200);
  assert.match(r.text, /Week beginning Monday 3 March 2025/);
  assert.match(r.text, /13 hours 15 minutes/);
  assert.ok(!r.text.includes("Figure"));

  // the same tables to take away: CSV with a row per area and period, the figures the API gives
  const api = (await call("partnership", "/api/v1/encompass/figures?from=2025-03-01&to=2025-04-30&la=lancashire")).body.areas[0];
  r = await call("partnership", "/encompass/figures.csv?from=2025-03-01&to=2025-04-30&la=lancashire");
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-type"), /^text\/csv/);
  assert.match(r.headers.get("content-disposition"), /attachment; filename="haven-encompass-figures-2025-03-01-to-2025-04-30\.csv"/);
  const lines = r.text.trim().split(/\r?\n/);
  assert.equal(
    lines[0],
    "area,period_kind,period,incidents,notifications,delivered_on_time,acknowledged,acknowledged_on_time," +
      "percent_delivered_on_time,percent_acknowledged,percent_acknowledged_on_time,median_minutes_to_acknowledgement",
  );
  assert.equal(lines.length, 1 + 1 + api.months.length + api.weeks.length, "a row for the whole period, each month and each week");
  assert.equal(lines[1], "Lancashire,whole period,2025-03-01 to 2025-04-30,6,5,4,4,3,80.0,80.0,60.0,795.0");
  assert.equal(lines[2], "Lancashire,month,March 2025,4,4,3,3,2,75.0,75.0,50.0,780.0");
  assert.ok(lines.some((l) => l === "Lancashire,week,Week beginning Monday 17 March 2025,1,0,0,0,0,,,,"), "an empty week's shares are blank");
  assert.ok(!r.text.includes("Figure") && !r.text.includes("TEST-ENC"), "the download names no child or incident");
  r = await call("partnership", "/encompass/figures.xlsx?from=2025-03-01&to=2025-04-30&la=lancashire");
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  assert.ok(r.text.startsWith("PK"), "an XLSX file (a zip)");
  // a bad period is refused by the downloads too, naming the field; a Key Adult may not download them
  r = await call("partnership", "/encompass/figures.csv?from=2025-04-30&to=2025-03-01");
  assert.equal(r.status, 400);
  assert.match(r.text, /"to"/);
  assert.equal((await call("dsl", "/encompass/figures.xlsx")).status, 403);

  // bad periods and areas are refused, naming the field
  r = await call("partnership", "/api/v1/encompass/figures?from=2025-04-30&to=2025-03-01");
  assert.equal(r.status, 400);
  assert.deepEqual(r.body.errors.map((e) => e.field), ["to"]);
  r = await call("partnership", "/api/v1/encompass/figures?from=2022-01-01&to=2025-01-01");
  assert.equal(r.status, 400);
  assert.deepEqual(r.body.errors.map((e) => e.detail), ["The period must be 3 years or shorter"]);
  r = await call("partnership", "/api/v1/encompass/figures?from=2022-01-01&to=2024-12-31");
  assert.equal(r.status, 200);
  r = await call("partnership", "/api/v1/encompass/figures?la=atlantis");
  assert.equal(r.status, 400);
  assert.deepEqual(r.body.errors.map((e) => e.field), ["la"]);
  r = await call("partnership", "/api/v1/encompass/figures?from=2025-02-30");
  assert.equal(r.status, 400);
  assert.deepEqual(r.body.errors.map((e) => e.field), ["from"]);
  r = await call("partnership", "/encompass/figures?from=2025-04-30&to=2025-03-01");
  assert.equal(r.status, 400);
  assert.match(r.text, /id="to-error"/);
  assert.equal((await call("dsl", "/api/v1/encompass/figures")).status, 403);
});

test("a Key Adult's inbox shows those waiting or those acknowledged, each counted, the choice kept in its pages", async () => {
  const brookfield = (where) =>
    Number(
      sql(
        `SELECT count(*) FROM encompass_notifications n JOIN agencies a ON a.id = n.recipient_agency_id
         WHERE a.slug = 'brookfield-primary' AND ${where};`,
      ),
    );
  const waiting = brookfield("n.acknowledged_at IS NULL"), acknowledged = brookfield("n.acknowledged_at IS NOT NULL");
  assert.ok(waiting > 0 && acknowledged > 0, `both kinds in Brookfield's inbox (${waiting} waiting, ${acknowledged} acknowledged)`);

  let r = await call("dsl", "/api/v1/encompass/notifications?show=waiting&limit=200");
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.notifications.every((n) => !n.acknowledged_at), "only those waiting");
  assert.equal(r.body.notifications.length, waiting);
  assert.equal(r.body.page.total, waiting, "the count is of those shown");
  r = await call("dsl", "/api/v1/encompass/notifications?show=acknowledged&limit=200");
  assert.ok(r.body.notifications.every((n) => n.acknowledged_at), "only those acknowledged");
  assert.equal(r.body.page.total, acknowledged);

  // the page: a page of one keeps the choice in its next link
  const page = await call("dsl", "/encompass?show=acknowledged&limit=1");
  assert.equal(page.status, 200);
  assert.match(page.text, /<option value="acknowledged" selected>Acknowledged<\/option>/);
  if (acknowledged > 1) assert.match(page.text, /href="\/encompass\?show=acknowledged&amp;limit=1&amp;after=/);

  r = await call("dsl", "/api/v1/encompass/notifications?show=everything");
  assert.equal(r.status, 400);
  assert.match(r.text, /"show"/);
});

test("the partnership's settings are validated, saved and audited", async () => {
  let r = await call("partnership", "/api/v1/encompass/settings");
  assert.equal(r.status, 200);
  assert.deepEqual(
    { h: r.body.settings.deliver_in_holidays, c: r.body.settings.content, e: r.body.settings.escalate_after_minutes, i: r.body.settings.idva_referrals },
    { h: false, c: "full", e: 120, i: "medium_high" },
  );
  const stored = () => sql("SELECT deliver_in_holidays || content || escalate_after_minutes || idva_referrals FROM da_settings;");
  const before = stored();
  r = await call("partnership", "/api/v1/encompass/settings", {
    method: "POST", json: { deliver_in_holidays: "maybe", content: "everything", escalate_after_minutes: 20000, idva_referrals: "some" },
  });
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.errors.map((e) => e.field).sort(), ["content", "deliver_in_holidays", "escalate_after_minutes", "idva_referrals"]);
  r = await call("partnership", "/api/v1/encompass/settings", { method: "POST", json: { content: "minimal" } });
  assert.equal(r.status, 422, "every setting is required");
  assert.equal(stored(), before, "nothing changed");

  r = await call("partnership", "/api/v1/encompass/settings", {
    method: "POST", json: { deliver_in_holidays: true, content: "minimal", escalate_after_minutes: 45, idva_referrals: "all" },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.settings.updated_by_name, sql("SELECT name FROM users WHERE email = 'partnership@demo.haven.example';"));
  assert.equal(stored(), "1minimal45all");
  assert.ok(Number(sql("SELECT count(*) FROM audit_log WHERE action = 'da.settings' AND resource_type = 'da_settings';")) >= 1);
  r = await call("partnership", "/encompass/settings");
  assert.match(r.text, /value="minimal" checked/);
  // the page form redisplays with errors by field
  r = await call("partnership", "/encompass/settings", { method: "POST", json: { deliver_in_holidays: true, content: "minimal", escalate_after_minutes: -1, idva_referrals: "all" } });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="escalate_after_minutes-error"/);
  assert.equal(stored(), "1minimal45all");
  for (const who of ["dsl", "police", "frontdoor", "scrutineer"])
    assert.equal((await call(who, "/api/v1/encompass/settings")).status, 403, `${who} may not`);
  r = await call("partnership", "/api/v1/encompass/settings", {
    method: "POST", json: { deliver_in_holidays: false, content: "full", escalate_after_minutes: 120, idva_referrals: "medium_high" },
  });
  assert.equal(r.status, 200);
});
