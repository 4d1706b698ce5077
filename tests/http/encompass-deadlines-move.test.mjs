// What an Operation Encompass deadline is counted from besides the bank
// holidays (encompass-holidays.test.mjs) moves the deadlines already stored,
// in the unit of work of the change: a local authority's term dates (the
// administrator's upload and `haven import term-dates`), a setting's school
// day start, and the partnership's "deliver in holidays". A notification not
// yet acknowledged (due_at) and a child still waiting to be matched
// (waiting_due_at) are counted again as the police's next incident would be;
// an acknowledged notification keeps the deadline it was answered against.
// Before, each change left them where they were, so the inbox, the escalation
// ladder and the waiting job went by a deadline nobody would count any more.
//
// And a deadline that moves later takes back the escalations it no longer
// justifies: a notification escalated under the old deadline that is not late
// under the new one leaves the escalations list and its ladder starts again
// (the job escalates it again if the new deadline passes unanswered); a
// waiting child's escalation likewise. The emails sent and the audit rows of
// the escalations stay, with an audit row saying it was withdrawn.
//
// The fixed incident is on Friday 22 May 2026 at 19:30 UTC; Monday 25 May is
// the spring bank holiday, so with no terms its notifications are due at the
// start of Tuesday 26 May (Brookfield's 08:45 BST, 07:45Z).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { apiClient, sqlRows, sqlText, until } from "../lib/api.mjs";
import { incidentAbout, incidentChild as child, notificationOfIncident } from "../lib/encompass.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query).trim();

const incident = (ref, occurred_at, children) => incidentAbout(ref, occurred_at, children, "stored deadlines");

/** The one notification of the incident `ref`. */
const notificationOf = (ref) => notificationOfIncident((q) => sqlRows(haven.dbPath, q), ref);
const dueOf = (id) => sql(`SELECT due_at FROM encompass_notifications WHERE id = ${id}`);
/** The deadlines of incident `ref`'s children waiting to be matched, in the order the police listed them. */
const waitingDue = (ref) =>
  sql("SELECT c.waiting_due_at FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id" +
    ` WHERE i.police_reference = '${ref}' AND c.match_status = 'unresolved' ORDER BY c.position`).split("\n");
const waitingRow = (ref) =>
  Number(sql("SELECT c.id FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id" +
    ` WHERE i.police_reference = '${ref}' AND c.match_status = 'unresolved'`));
const count = (query) => Number(sql(`SELECT count(*) FROM ${query}`));
const audited = (action, id) => count(`audit_log WHERE action = '${action}' AND resource_id = '${id}'`);
const brookfield = () => Number(sql("SELECT id FROM agencies WHERE slug = 'brookfield-primary'"));

/** The term dates of Blackburn with Darwen (889), uploaded by the administrator through the API. */
async function uploadTerms(csv) {
  const form = new FormData();
  form.append("file", new Blob([csv]), "terms.csv");
  const r = await call("admin", "/api/v1/local-authorities/889/term-dates", { method: "POST", body: form });
  assert.equal(r.status, 200, r.text);
}
const termsFile = (terms) => ["name,first_day,last_day", ...terms.map((t) => t.join(","))].join("\n") + "\n";

/** The partnership's domestic abuse settings, with "deliver in holidays" as `on`. */
async function deliverInHolidays(on) {
  const r = await call("partnership", "/api/v1/encompass/settings", {
    method: "POST", json: { deliver_in_holidays: on, content: "full", escalate_after_minutes: 120, idva_referrals: "medium_high" },
  });
  assert.equal(r.status, 200, r.text);
}

let open, acknowledged;

before(async () => {
  haven = await startHaven({ env: { HAVEN_ENCOMPASS_JOB_SECONDS: "1", HAVEN_INCIDENTS_JOB_SECONDS: "1" } });
  // Alex is on the register at Brookfield (matched, notified); Noel and Nell have no date of birth (they wait
  // for a person), and the police named Brookfield (URN 990001) as Nell's school
  const occurred = "2026-05-22T19:30:00Z";
  let r = await post("police", "/api/v1/da-incidents", incident("TRM-OPEN", occurred, [
    child("Alex", "Example", "2016-04-12"),
    child("Noel", "Nodate"),
    child("Nell", "Nodate", null, { setting_urn: 990001 }),
  ]));
  assert.equal(r.status, 201, r.text);
  r = await post("police", "/api/v1/da-incidents", incident("TRM-ANSWERED", occurred, [child("Alex", "Example", "2016-04-12")]));
  assert.equal(r.status, 201, r.text);
  open = notificationOf("TRM-OPEN");
  acknowledged = notificationOf("TRM-ANSWERED");
  r = await post("dsl", `/api/v1/encompass/notifications/${acknowledged}/acknowledgement`);
  assert.equal(r.status, 200, r.text);
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0, haven.stderrLines().slice(-20).join("\n"));
});

describe("the deadlines stored move with what they were counted from", () => {
  test("counted past the spring bank holiday, with no terms", () => {
    assert.equal(dueOf(open), "2026-05-26T07:45:00Z");
    assert.equal(dueOf(acknowledged), "2026-05-26T07:45:00Z");
    assert.deepEqual(waitingDue("TRM-OPEN"), ["2026-05-26T07:45:00Z", "2026-05-26T07:45:00Z"]);
  });

  test("term dates uploaded with half term after the incident move them to the first day back", async () => {
    // the notification is months late: escalated, and still late after the move, so it stays escalated
    await until("the late notification's escalation", () => count(`encompass_escalations WHERE notification_id = ${open}`) === 1);
    await uploadTerms(termsFile([["Summer 1", "2026-04-13", "2026-05-22"], ["Summer 2", "2026-06-01", "2026-07-22"]]));
    assert.equal(dueOf(open), "2026-06-01T07:45:00Z");
    assert.deepEqual(waitingDue("TRM-OPEN"), ["2026-06-01T07:45:00Z", "2026-06-01T07:45:00Z"]);
    // what the recipient reads is the stored deadline
    const shown = await call("dsl", `/api/v1/encompass/notifications/${open}`);
    assert.equal(shown.status, 200, shown.text);
    assert.equal(shown.body.notification.due_at, "2026-06-01T07:45:00Z");
    // the one answered keeps the deadline it was answered against
    assert.equal(dueOf(acknowledged), "2026-05-26T07:45:00Z");
    assert.equal(count(`encompass_escalations WHERE notification_id = ${open}`), 1, "still late: still escalated");
    assert.equal(audited("encompass.escalation_withdrawn", open), 0);
  });

  test("the same with `haven import term-dates`, and as the police's next incident is counted", async () => {
    const file = path.join(os.tmpdir(), `haven-terms-${process.pid}.csv`);
    writeFileSync(file, termsFile([["Summer 1", "2026-04-13", "2026-05-22"], ["Summer 2", "2026-05-27", "2026-07-22"]]));
    const r = runHaven(["import", "term-dates", "--db", haven.dbPath, "--la", "889", file]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(dueOf(open), "2026-05-27T07:45:00Z");
    assert.deepEqual(waitingDue("TRM-OPEN"), ["2026-05-27T07:45:00Z", "2026-05-27T07:45:00Z"]);
    const again = await post("police", "/api/v1/da-incidents", incident("TRM-AFTER", "2026-05-22T19:30:00Z", [child("Alex", "Example", "2016-04-12")]));
    assert.equal(again.status, 201, again.text);
    assert.equal(dueOf(notificationOf("TRM-AFTER")), dueOf(open));
    assert.equal(dueOf(acknowledged), "2026-05-26T07:45:00Z");
  });

  test("a setting's school day start moves its own notifications and the child the police named it for", async () => {
    const r = await call("dsl", `/api/v1/settings/${brookfield()}/school-day-start`, { method: "PUT", json: { school_day_start: "08:15" } });
    assert.equal(r.status, 200, r.text);
    assert.equal(dueOf(open), "2026-05-27T07:15:00Z");
    // Noel's is counted from the usual 08:45 (no setting known); Nell's from Brookfield's
    assert.deepEqual(waitingDue("TRM-OPEN"), ["2026-05-27T07:45:00Z", "2026-05-27T07:15:00Z"]);
    assert.equal(dueOf(acknowledged), "2026-05-26T07:45:00Z");
  });

  test("delivering in the holidays moves every open deadline to the next weekday, and back", async () => {
    await deliverInHolidays(true);
    assert.equal(dueOf(open), "2026-05-26T07:15:00Z");
    assert.deepEqual(waitingDue("TRM-OPEN"), ["2026-05-26T07:45:00Z", "2026-05-26T07:15:00Z"]);
    await deliverInHolidays(false);
    assert.equal(dueOf(open), "2026-05-27T07:15:00Z");
    assert.deepEqual(waitingDue("TRM-OPEN"), ["2026-05-27T07:45:00Z", "2026-05-27T07:15:00Z"]);
    assert.equal(dueOf(acknowledged), "2026-05-26T07:45:00Z");
  });
});

/* ---- a deadline moved later than its escalations: days around today ---- */

const DAY_MS = 86_400_000;
/** Today in England, as YYYY-MM-DD. */
const londonToday = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** The first day of the school year (1 September to 31 August) `day` is in. */
const schoolYear = (day) => {
  const [y, m] = day.split("-").map(Number);
  return `${m >= 9 ? y : y - 1}-09-01`;
};
const yearEnd = (first) => `${Number(first.slice(0, 4)) + 1}-08-31`;
const later = (a, b) => (a > b ? a : b);
const sooner = (a, b) => (a < b ? a : b);

describe("a deadline moved later takes back the escalations it no longer justifies", () => {
  const today = londonToday();
  const day = addDays(today, -7); // the incident's, at noon UTC: after every school day's start
  const back = addDays(today, 21); // the first day back, in the terms that close the school
  const years = [...new Set([schoolYear(day), schoolYear(back)])];
  // every day from the day before the incident to the first day back is in term
  const openTerms = termsFile(years.map((y, i) => [`Open ${i + 1}`, later(y, addDays(day, -1)), sooner(yearEnd(y), back)]));
  // the incident is on a term's last day, and the next term starts three weeks from today (a bank holiday,
  // perhaps: the deadline is its first working day)
  const closedTerms = termsFile([["Before", schoolYear(day), day], ["After", back, addDays(back, 27)]]);
  /** Whether `due` (an instant) is on a day of the term that starts three weeks from today. */
  const inTermBack = (due) => due.slice(0, 10) >= back && due.slice(0, 10) <= addDays(back, 27);
  let late;

  test("a notification and a waiting child escalated under the deadline the terms gave", async () => {
    await uploadTerms(openTerms);
    const r = await post("police", "/api/v1/da-incidents", incident("TRM-LATE", `${day}T12:00:00Z`, [
      child("Alex", "Example", "2016-04-12"),
      child("Noel", "Nodate"),
    ]));
    assert.equal(r.status, 201, r.text);
    late = notificationOf("TRM-LATE");
    assert.ok(dueOf(late) < addDays(today, -1), `due days ago (${dueOf(late)})`);
    // the ladder: escalated, the Key Adults and then the local authority emailed; the waiting child escalated
    await until("the notification's escalation and both steps", () =>
      count(`encompass_escalations WHERE notification_id = ${late}`) === 1 &&
      count(`encompass_escalation_steps WHERE notification_id = ${late}`) === 2, { timeoutMs: 15_000 });
    await until("the waiting child's escalation", () =>
      count(`da_waiting_escalations WHERE incident_child_id = ${waitingRow("TRM-LATE")}`) === 1, { timeoutMs: 15_000 });
    const shown = await call("dsl", `/api/v1/encompass/notifications/${late}`);
    assert.equal(shown.body.notification.status_label, "Overdue");
    assert.ok(shown.body.notification.escalated_at);
  });

  test("terms that make the days since a holiday move the deadlines weeks on: no longer late, not escalated", async () => {
    await uploadTerms(closedTerms);
    assert.ok(inTermBack(dueOf(late)), `due when term starts (${dueOf(late)})`);
    assert.ok(inTermBack(waitingDue("TRM-LATE")[0]), `the waiting child's too (${waitingDue("TRM-LATE")[0]})`);
    // the notification's state follows the new deadline: new, not escalated, off the escalations list
    const shown = await call("dsl", `/api/v1/encompass/notifications/${late}`);
    assert.equal(shown.status, 200, shown.text);
    assert.equal(shown.body.notification.status_label, "New");
    assert.equal(shown.body.notification.overdue, false);
    assert.equal(shown.body.notification.escalated_at, null);
    const list = await call("police", "/api/v1/encompass/escalations");
    assert.equal(list.status, 200, list.text);
    assert.ok(list.body.escalations.every((e) => e.notification_id !== late), "not listed as late");
    assert.equal(count(`encompass_escalation_steps WHERE notification_id = ${late}`), 0);
    assert.equal(count(`da_waiting_escalations WHERE incident_child_id = ${waitingRow("TRM-LATE")}`), 0);
    // what happened stays: the escalations' audit rows (the emails sent are never taken back), and the
    // withdrawal is audited too
    assert.equal(audited("encompass.escalate", late), 1);
    assert.equal(audited("encompass.escalate_key_adults", late), 1);
    assert.equal(audited("encompass.escalate_local_authority", late), 1);
    assert.equal(audited("encompass.escalation_withdrawn", late), 1);
    const incidentId = sql("SELECT id FROM da_incidents WHERE police_reference = 'TRM-LATE'");
    assert.equal(audited("incident.waiting_escalation_withdrawn", incidentId), 1);
    // and the jobs do not escalate them again before the new deadline
    await sleep(2500);
    assert.equal(count(`encompass_escalations WHERE notification_id = ${late}`), 0);
    assert.equal(count(`encompass_escalation_steps WHERE notification_id = ${late}`), 0);
    assert.equal(count(`da_waiting_escalations WHERE incident_child_id = ${waitingRow("TRM-LATE")}`), 0);
  });

  test("terms that put the deadline back in the past: escalated again, by the jobs", async () => {
    await uploadTerms(openTerms);
    assert.ok(dueOf(late) < addDays(today, -1));
    await until("the escalation again", () =>
      count(`encompass_escalations WHERE notification_id = ${late}`) === 1 &&
      count(`encompass_escalation_steps WHERE notification_id = ${late}`) === 2, { timeoutMs: 15_000 });
    await until("the waiting child's escalation again", () =>
      count(`da_waiting_escalations WHERE incident_child_id = ${waitingRow("TRM-LATE")}`) === 1, { timeoutMs: 15_000 });
    assert.equal(audited("encompass.escalate", late), 2);
  });
});
