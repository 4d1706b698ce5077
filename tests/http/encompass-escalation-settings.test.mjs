// The partnership's escalation settings re-check the escalations already
// taken. escalate_after_minutes made longer takes back, in the unit of work of
// the change, what the new time no longer justifies for a notification not
// yet acknowledged: the local authority's step of one no longer twice as late,
// and the escalation and the Key Adults' step of one no longer late at all,
// each audited "encompass.escalation_withdrawn" with the new setting as the
// reason (the emails sent and the escalations' audit rows stay). Likewise
// waiting_escalate_minutes (how long before its deadline a child still
// waiting to be matched is escalated) made shorter takes back the escalation
// of a child whose deadline is no longer that near, audited
// "incident.waiting_escalation_withdrawn". Before, an escalation stood under a
// setting that would not have made it. A setting changed the other way is
// the jobs' to act on: their next run escalates by it.
//
// Days around today: a notification due days ago (late under 120 minutes,
// not under 10080) and a child waiting whose deadline is the next school day.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { apiClient, sqlRows, sqlText, until } from "../lib/api.mjs";
import { incidentAbout, incidentChild as child, notificationOfIncident } from "../lib/encompass.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query).trim();
const count = (query) => Number(sql(`SELECT count(*) FROM ${query}`));
const audited = (action, id) => count(`audit_log WHERE action = '${action}' AND resource_id = '${id}'`);
const notificationOf = (ref) => notificationOfIncident((q) => sqlRows(haven.dbPath, q), ref);
const instant = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The partnership's domestic abuse settings with these escalation times, in minutes. */
async function escalationTimes(escalate_after_minutes, waiting_escalate_minutes) {
  const r = await call("partnership", "/api/v1/encompass/settings", {
    method: "POST",
    json: { deliver_in_holidays: false, content: "full", escalate_after_minutes, waiting_escalate_minutes, idva_referrals: "medium_high" },
  });
  assert.equal(r.status, 200, r.text);
}

let late, lateMinutes, waiting, waitingIncident;
const escalations = () => count(`encompass_escalations WHERE notification_id = ${late}`);
const steps = (step) => count(`encompass_escalation_steps WHERE notification_id = ${late}${step ? ` AND step = '${step}'` : ""}`);
const waitingEscalated = () => count(`da_waiting_escalations WHERE incident_child_id = ${waiting}`);

before(async () => {
  haven = await startHaven({ env: { HAVEN_ENCOMPASS_JOB_SECONDS: "1", HAVEN_INCIDENTS_JOB_SECONDS: "1" } });
  await escalationTimes(120, 10080);
  // Alex, on the register at Brookfield, six and a half days ago: due at the next school day's start after
  let r = await post("police", "/api/v1/da-incidents", incidentAbout("ESC-LATE", instant(Date.now() - 6.5 * 86_400_000),
    [child("Alex", "Example", "2016-04-12")], "the escalation settings"));
  assert.equal(r.status, 201, r.text);
  late = notificationOf("ESC-LATE");
  lateMinutes = (Date.now() - Date.parse(sql(`SELECT due_at FROM encompass_notifications WHERE id = ${late}`))) / 60_000;
  assert.ok(lateMinutes > 240 && lateMinutes < 10080, `late by ${lateMinutes} minutes`);
  // Noel, with no date of birth, a minute ago: waits for a person; his deadline is the next school day's start
  r = await post("police", "/api/v1/da-incidents", incidentAbout("ESC-WAIT", instant(Date.now() - 60_000),
    [child("Noel", "Nodate")], "the escalation settings"));
  assert.equal(r.status, 201, r.text);
  const row = sqlRows(haven.dbPath, "SELECT c.id, c.incident_id FROM da_incident_children c JOIN da_incidents i ON" +
    " i.id = c.incident_id WHERE i.police_reference = 'ESC-WAIT' AND c.match_status = 'unresolved'")[0];
  waiting = row.id;
  waitingIncident = row.incident_id;
  await until("the late notification's escalation and both steps", () => escalations() === 1 && steps() === 2, { timeoutMs: 15_000 });
  await until("the waiting child's escalation", () => waitingEscalated() === 1, { timeoutMs: 15_000 });
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0, haven.stderrLines().slice(-20).join("\n"));
});

describe("escalate_after_minutes", () => {
  test("made longer so the notification is late but not twice as late: the local authority's step is taken back", async () => {
    await escalationTimes(Math.ceil(lateMinutes * 0.75), 10080);
    assert.equal(escalations(), 1, "still late: still escalated");
    assert.equal(steps("key_adults"), 1);
    assert.equal(steps("local_authority"), 0);
    assert.equal(audited("encompass.escalation_withdrawn", late), 1);
    const reason = sql(`SELECT reason FROM audit_log WHERE action = 'encompass.escalation_withdrawn' AND resource_id = '${late}'`);
    assert.match(reason, new RegExp(`escalation time is now ${Math.ceil(lateMinutes * 0.75)} minutes`));
  });

  test("made longer than the notification is late: not escalated any more, and the jobs leave it", async () => {
    await escalationTimes(10080, 10080);
    assert.equal(escalations(), 0);
    assert.equal(steps(), 0);
    const shown = await call("dsl", `/api/v1/encompass/notifications/${late}`);
    assert.equal(shown.status, 200, shown.text);
    assert.equal(shown.body.notification.escalated_at, null);
    const list = await call("police", "/api/v1/encompass/escalations");
    assert.equal(list.status, 200, list.text);
    assert.ok(list.body.escalations.every((e) => e.notification_id !== late), "not listed as late");
    // what happened stays: the escalations' audit rows, and each withdrawal's
    assert.equal(audited("encompass.escalate", late), 1);
    assert.equal(audited("encompass.escalate_key_adults", late), 1);
    assert.equal(audited("encompass.escalate_local_authority", late), 1);
    assert.equal(audited("encompass.escalation_withdrawn", late), 2);
    await sleep(2500);
    assert.equal(escalations(), 0);
    assert.equal(steps(), 0);
  });

  test("made shorter again: the jobs' next run escalates it, both steps", async () => {
    await escalationTimes(120, 10080);
    await until("the escalation again", () => escalations() === 1 && steps() === 2, { timeoutMs: 15_000 });
    assert.equal(audited("encompass.escalate", late), 2);
  });
});

describe("waiting_escalate_minutes", () => {
  test("made shorter than the time to the waiting child's deadline: the escalation is taken back", async () => {
    await escalationTimes(120, 0);
    assert.equal(waitingEscalated(), 0);
    assert.equal(audited("incident.escalate_waiting", waitingIncident), 1);
    assert.equal(audited("incident.waiting_escalation_withdrawn", waitingIncident), 1);
    const reason = sql(`SELECT reason FROM audit_log WHERE action = 'incident.waiting_escalation_withdrawn' AND resource_id = '${waitingIncident}'`);
    assert.match(reason, /lead time is now 0 minutes/);
    await sleep(2500);
    assert.equal(waitingEscalated(), 0, "not escalated again before its deadline");
    // the late notification's escalation is not the waiting time's
    assert.equal(escalations(), 1);
  });

  test("made longer again: the job's next run escalates it", async () => {
    await escalationTimes(120, 10080);
    await until("the waiting child's escalation again", () => waitingEscalated() === 1, { timeoutMs: 15_000 });
    assert.equal(audited("incident.escalate_waiting", waitingIncident), 2);
  });
});
