// Operation Provide (src/areas/provide) over HTTP on the demo partnership:
// an IDVA sees only their own service's referrals (idva@ and idva2@ get 404
// for each other's), other roles cannot read referrals at all; the referral
// page shows the police's safe-contact instructions before any contact
// details; contact attempts keep the first attempt and first contact; the
// outcome must agree with the attempts and closure needs both answers; a
// closed referral changes no more; bad input is named by field and changes
// nothing; the figures match a constructed data set with known answers; and
// the partnership's coverage settings refer victims who were waiting.
// Rows are written and read with the sqlite3 CLI where the API has no say.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { apiClient, errorFields, sqlRows, sqlTime, timeAfter } from "../lib/api.mjs";
import { havenBin, startHaven } from "../lib/haven.mjs";
import { readXlsx } from "../lib/xlsx.mjs";

let haven;
const { call, post, request, token: as } = apiClient(() => haven);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) await haven.stop();
});

const fields = (body) => errorFields(body).sort();

const sql = (query) => sqlRows(haven.dbPath, query);

/** An IDVA's open and closed referrals (two paged lists, each one page here), as one answer. */
async function referralLists(who) {
  const open = await call(who, "/api/v1/provide/referrals?limit=200");
  if (open.status !== 200) return open;
  const closed = await call(who, "/api/v1/provide/referrals?status=closed&limit=200");
  return { status: open.status, text: open.text, body: { open: open.body.referrals, closed: closed.body.referrals } };
}

/** The referral id for a demo police reference, through the IDVA's own list. */
async function referralFor(who, reference) {
  const { body } = await referralLists(who);
  const r = [...body.open, ...body.closed].find((x) => x.police_reference === reference);
  assert.ok(r, `${who} sees ${reference}`);
  return r.id;
}

const references = (body) => [...body.open, ...body.closed].map((r) => r.police_reference);
// This area's demo incidents (the Encompass demo's victims are referred too, by area).
const provideDemo = (refs) => refs.filter((r) => r.startsWith("DEMO-PRV-"));

describe("who sees which referral", () => {
  test("each IDVA lists only their own service's referrals, open ones newest first", async () => {
    const mine = await referralLists("idva");
    assert.equal(mine.status, 200, mine.text);
    assert.deepEqual(provideDemo(references(mine.body)).sort(), ["DEMO-PRV-0001", "DEMO-PRV-0002", "DEMO-PRV-0003", "DEMO-PRV-0005"]);
    assert.deepEqual(
      provideDemo(mine.body.open.map((r) => r.police_reference)),
      ["DEMO-PRV-0001", "DEMO-PRV-0002"],
      "newest first",
    );
    assert.deepEqual(provideDemo(mine.body.closed.map((r) => r.police_reference)).sort(), ["DEMO-PRV-0003", "DEMO-PRV-0005"]);
    // time since the incident, in words (the demo incident was 200 minutes before the demo loaded)
    const open = (ref) => mine.body.open.find((r) => r.police_reference === ref);
    assert.match(open("DEMO-PRV-0001").since_incident, /^3 hours (2\d|3\d) minutes$/);
    assert.equal(open("DEMO-PRV-0001").status, "new");
    assert.equal(open("DEMO-PRV-0002").status, "contacted");
    const theirs = await referralLists("idva2");
    assert.deepEqual(provideDemo(references(theirs.body)), ["DEMO-PRV-0004"]);
    // the standard-risk demo incident was not referred (the rule is medium and high)
    assert.ok(!references(mine.body).includes("DEMO-PRV-0006"));
  });

  test("an IDVA gets 404 for another service's referral, whatever they try", async () => {
    const mine = await referralFor("idva", "DEMO-PRV-0001");
    const theirs = await referralFor("idva2", "DEMO-PRV-0004");
    for (const [who, id] of [
      ["idva2", mine],
      ["idva", theirs],
    ]) {
      assert.equal((await call(who, `/api/v1/provide/referrals/${id}`)).status, 404);
      assert.equal((await call(who, `/provide/referrals/${id}`)).status, 404);
      const attempt = await post(who, `/api/v1/provide/referrals/${id}/attempts`, {
        attempted_at: "2026-01-01T10:00:00Z",
        method: "phone",
        result: "no_answer",
      });
      assert.equal(attempt.status, 404);
      const closure = await post(who, `/api/v1/provide/referrals/${id}/closure`, {
        outcome: "not_appropriate",
        made_safer: false,
        engaged_with_investigation: false,
      });
      assert.equal(closure.status, 404);
    }
    assert.equal((await call("idva", "/api/v1/provide/referrals/999999")).status, 404);
    assert.equal(sql(`SELECT count(*) AS n FROM idva_contact_attempts WHERE referral_id IN (${mine}, ${theirs})`)[0].n, 1);
  });

  test("police, practitioners, DSLs and others cannot read referrals at all", async () => {
    const id = await referralFor("idva", "DEMO-PRV-0001");
    for (const who of ["police", "practitioner", "dsl", "frontdoor", "partnership", "scrutineer", "admin"]) {
      assert.equal((await referralLists(who)).status, 403, `${who} lists`);
      assert.equal((await call(who, `/api/v1/provide/referrals/${id}`)).status, 403, `${who} reads`);
      assert.equal((await call(who, `/provide/referrals/${id}`)).status, 403, `${who} opens the page`);
    }
    assert.equal((await request(`/api/v1/provide/referrals/${id}`)).status, 401);
  });

  test("reading a referral leaves an audit row naming it", async () => {
    const id = await referralFor("idva", "DEMO-PRV-0002");
    await call("idva", `/api/v1/provide/referrals/${id}`);
    const rows = sql(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'provide.read' AND resource_type = 'idva_referral' AND resource_id = '${id}'`,
    );
    assert.ok(rows[0].n >= 1);
  });
});

describe("the referral page", () => {
  test("the safe-contact instructions come before any contact details", async () => {
    const id = await referralFor("idva", "DEMO-PRV-0001");
    const page = await call("idva", `/provide/referrals/${id}`);
    assert.equal(page.status, 200);
    const html = page.text;
    const warning = html.indexOf('id="safe-contact"');
    const instructions = html.indexOf('id="safe-contact-instructions"');
    const details = html.indexOf('id="contact-details"');
    const phone = html.indexOf("01632 960101");
    assert.ok(warning > 0 && instructions > warning, "the warning, then the instructions");
    assert.ok(details > instructions && phone > instructions, "contact details only after the instructions");
    assert.ok(html.indexOf("Sam Testwell") > instructions, "not even the name before the instructions");
    const block = html.slice(instructions, details);
    assert.match(block, /It is safe to call, on the safe number below\./);
    assert.match(block, /Do not leave a message or voicemail\./);
    assert.match(block, /Only contact at these times: Weekdays 10:00 to 14:00 only/);
    assert.match(block, /Use only this safe number: 01632 960102\./);
    // then the incident: risk, time, brief circumstances
    assert.match(html.slice(details), /High[\s\S]*26 November|High[\s\S]*at \d\d:\d\d[\s\S]*breaking glass/);
  });

  test("what the police did not record is read as not safe", async () => {
    // a victim whose safe-contact answers were left blank
    sql(`INSERT INTO da_incidents (police_reference, occurred_at, location, la_code, risk_level, circumstances, source,
           received_at, content_hash)
         VALUES ('TEST-PRV-BLANK', ${sqlTime(-1 * 3_600_000)}, 'Somewhere (fictional)', 889, 'high',
           'Fictional.', 'api', ${sqlTime()}, 'x');
         INSERT INTO da_incident_adults (incident_id, position, name, role, contact_phone)
           SELECT id, 1, 'Blank Answers (fictional)', 'victim', '01632 960199' FROM da_incidents WHERE police_reference = 'TEST-PRV-BLANK';
         INSERT INTO idva_referrals (incident_id, victim_adult_id, service_agency_id, created_at)
           SELECT i.id, a.id, (SELECT id FROM agencies WHERE slug = 'demo-idva-service'), ${sqlTime()}
           FROM da_incidents i JOIN da_incident_adults a ON a.incident_id = i.id WHERE i.police_reference = 'TEST-PRV-BLANK';`);
    const id = await referralFor("idva", "TEST-PRV-BLANK");
    const { body } = await call("idva", `/api/v1/provide/referrals/${id}`);
    assert.equal(body.referral.safe_to_call, null);
    assert.deepEqual(body.referral.safe_contact, [
      "Police did not record whether it is safe to call: do not call until you know it is safe.",
      "Police did not record whether it is safe to leave a message: do not leave one.",
      "Police recorded no safe times.",
    ]);
  });
});

describe("contact attempts, outcome and closure", () => {
  let id;
  let occurred;
  before(async () => {
    id = await referralFor("idva", "DEMO-PRV-0001");
    occurred = Date.parse((await call("idva", `/api/v1/provide/referrals/${id}`)).body.referral.occurred_at);
    // these tests are about the attempts themselves, at times relative to the incident: the victim's
    // instructions here allow any time and a message (enforcing them is tests/http/safe-contact.test.mjs)
    sql(`UPDATE da_incident_adults SET safe_times = 'Any time', safe_to_leave_message = 1
      WHERE role = 'victim' AND incident_id = (SELECT id FROM da_incidents WHERE police_reference = 'DEMO-PRV-0001')`);
  });
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  const attempts = () => sql(`SELECT count(*) AS n FROM idva_contact_attempts WHERE referral_id = ${id}`)[0].n;

  test("bad attempts are named by field and change nothing", async () => {
    const cases = [
      // the fields' own checks come first; the handler's (the time, given one way or the other) after
      [{}, ["method", "result"]],
      [{ method: "phone", result: "no_answer" }, ["attempted_on", "attempted_time"]],
      [{ method: "carrier_pigeon", result: "no_answer", attempted_at: iso(occurred + 60_000) }, ["method"]],
      [{ method: "phone", result: "maybe", attempted_at: iso(occurred + 60_000) }, ["result"]],
      [{ method: "phone", result: "no_answer", attempted_at: "yesterday" }, ["attempted_at"]],
      [{ method: "phone", result: "no_answer", attempted_at: iso(occurred - 60_000) }, ["attempted_at"]],
      [{ method: "phone", result: "no_answer", attempted_at: iso(Date.now() + 3_600_000) }, ["attempted_at"]],
      [
        { method: "phone", result: "no_answer", attempted_at: iso(occurred + 60_000), attempted_on: "2026-01-01" },
        ["attempted_at"],
      ],
      [{ method: "phone", result: "no_answer", attempted_on: "2026-02-30", attempted_time: "10:00" }, ["attempted_on"]],
      [{ method: "phone", result: "no_answer", attempted_on: "2026-01-01", attempted_time: "25:00" }, ["attempted_time"]],
      [{ method: "phone", result: "no_answer", attempted_at: iso(occurred + 60_000), colour: "blue" }, ["colour"]],
      [{ method: "phone", result: "no_answer", attempted_at: iso(occurred + 60_000), note: "x".repeat(2001) }, ["note"]],
    ];
    for (const [json, want] of cases) {
      const res = await post("idva", `/api/v1/provide/referrals/${id}/attempts`, json);
      assert.equal(res.status, 422, `${JSON.stringify(json).slice(0, 120)}: ${res.text}`);
      assert.deepEqual(fields(res.body), want, JSON.stringify(json).slice(0, 120));
    }
    // a time as people write it is told how to write it, not that it is too long
    const pm = await post("idva", `/api/v1/provide/referrals/${id}/attempts`, { method: "phone", result: "no_answer", attempted_on: "2026-01-01", attempted_time: "2:30pm" });
    assert.equal(pm.status, 422, pm.text);
    assert.match(JSON.stringify(pm.body), /Enter the time of the attempt as hours and minutes, like 14:30/);
    assert.equal(attempts(), 0);
  });

  test("attempts keep the first attempt and the first contact, even when recorded out of order", async () => {
    const contacted = iso(occurred + 2 * 3_600_000);
    let res = await post("idva", `/api/v1/provide/referrals/${id}/attempts`, {
      attempted_at: contacted,
      method: "phone",
      result: "contacted",
      note: "Spoke on the safe number; safety plan started.",
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.referral.first_attempt_at, contacted);
    assert.equal(res.body.referral.first_contact_at, contacted);
    assert.equal(res.body.referral.status, "contacted");
    // an earlier unanswered call, recorded afterwards, becomes the first attempt
    const earlier = iso(occurred + 3_600_000);
    res = await post("idva", `/api/v1/provide/referrals/${id}/attempts`, {
      attempted_at: earlier,
      method: "phone",
      result: "no_answer",
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.referral.first_attempt_at, earlier);
    assert.equal(res.body.referral.first_contact_at, contacted);
    assert.deepEqual(
      res.body.referral.attempts.map((a) => [a.attempted_at, a.method, a.result]),
      [
        [earlier, "phone", "no_answer"],
        [contacted, "phone", "contacted"],
      ],
    );
    assert.equal(res.body.referral.attempts[1].recorded_by_name, "Ida Adviser");
    const audit = sql(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'provide.record' AND resource_id = '${id}'`,
    )[0].n;
    assert.equal(audit, 2);
  });

  test("the page form records an attempt in UK time, and shows errors by field", async () => {
    const token = await as("idva");
    // 2026-07-01 10:15 in London is 09:15 UTC (BST); it is after every demo incident only if
    // the clock says so, so use today's date and a time just past.
    const now = new Date(Date.now() - 5 * 60_000);
    const london = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(now);
    const part = (t) => london.find((p) => p.type === t).value;
    const on = `${part("year")}-${part("month")}-${part("day")}`;
    const at = `${part("hour")}:${part("minute")}`;
    let res = await request(`/provide/referrals/${id}/attempts`, {
      token,
      method: "POST",
      form: { attempted_on: on, attempted_time: at, method: "text", result: "message_left" },
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), `/provide/referrals/${id}`);
    const { body } = await call("idva", `/api/v1/provide/referrals/${id}`);
    const last = body.referral.attempts.at(-1);
    assert.equal(last.attempted_at, now.toISOString().replace(/:\d\d\.\d{3}Z$/, ":00Z"));
    assert.equal(last.result, "message_left");
    res = await request(`/provide/referrals/${id}/attempts`, {
      token,
      method: "POST",
      form: { attempted_on: on, attempted_time: "9am", method: "text", result: "no_answer" },
    });
    assert.equal(res.status, 422);
    let html = await res.text();
    assert.match(html, /govuk-error-summary/);
    assert.match(html, /href="#attempted_time"/);
    assert.match(html, /value="9am"/, "what was typed comes back");
    res = await request(`/provide/referrals/${id}/attempts`, {
      token,
      method: "POST",
      form: { attempted_on: on, attempted_time: at, method: "text" },
    });
    assert.equal(res.status, 422);
    html = await res.text();
    assert.match(html, /href="#result"/);
    assert.match(html, /id="method-text"[^>]* checked/, "the method chosen stays chosen");
    assert.equal(attempts(), 3);
  });

  test("the outcome must agree with the attempts, and closure needs both answers", async () => {
    const other = await referralFor("idva", "TEST-PRV-BLANK"); // no attempts at all
    let res = await post("idva", `/api/v1/provide/referrals/${other}/outcome`, { outcome: "engaged" });
    assert.equal(res.status, 422);
    assert.deepEqual(fields(res.body), ["outcome"]);
    res = await post("idva", `/api/v1/provide/referrals/${other}/outcome`, { outcome: "could_not_contact" });
    assert.deepEqual(fields(res.body), ["outcome"], "could not contact needs attempts");
    res = await post("idva", `/api/v1/provide/referrals/${id}/outcome`, { outcome: "could_not_contact" });
    assert.deepEqual(fields(res.body), ["outcome"], "an attempt reached them");

    res = await post("idva", `/api/v1/provide/referrals/${id}/closure`, { outcome: "engaged" });
    assert.equal(res.status, 422);
    assert.deepEqual(fields(res.body), ["engaged_with_investigation", "made_safer"]);
    res = await post("idva", `/api/v1/provide/referrals/${id}/outcome`, { outcome: "engaged", close: true, made_safer: true });
    assert.deepEqual(fields(res.body), ["engaged_with_investigation"]);
    res = await post("idva", `/api/v1/provide/referrals/${id}/closure`, { made_safer: true, engaged_with_investigation: true });
    assert.deepEqual(fields(res.body), ["outcome"]);
    let row = sql(`SELECT outcome, closed_at, made_safer FROM idva_referrals WHERE id = ${id}`)[0];
    assert.deepEqual(row, { outcome: null, closed_at: null, made_safer: null }, "nothing changed");

    // an outcome without closing
    res = await post("idva", `/api/v1/provide/referrals/${id}/outcome`, { outcome: "engaged" });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.referral.outcome, "engaged");
    assert.equal(res.body.referral.status, "outcome_recorded");
    assert.equal(res.body.referral.closed_at, null);

    res = await post("idva", `/api/v1/provide/referrals/${id}/closure`, {
      outcome: "engaged",
      made_safer: true,
      engaged_with_investigation: false,
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.referral.status, "closed");
    assert.equal(res.body.referral.made_safer, true);
    assert.equal(res.body.referral.engaged_with_investigation, false);
    assert.equal(res.body.referral.closed_by_name, "Ida Adviser");
    row = sql(`SELECT outcome, made_safer, engaged_with_investigation, closed_at IS NOT NULL AS closed FROM idva_referrals WHERE id = ${id}`)[0];
    assert.deepEqual(row, { outcome: "engaged", made_safer: 1, engaged_with_investigation: 0, closed: 1 });
  });

  test("a closed referral changes no more", async () => {
    const before = attempts();
    let res = await post("idva", `/api/v1/provide/referrals/${id}/attempts`, {
      attempted_at: iso(Date.now() - 60_000),
      method: "phone",
      result: "no_answer",
    });
    assert.equal(res.status, 409);
    assert.deepEqual(fields(res.body), ["referral"]);
    res = await post("idva", `/api/v1/provide/referrals/${id}/outcome`, { outcome: "declined" });
    assert.equal(res.status, 409);
    assert.equal(attempts(), before);
    assert.equal(sql(`SELECT outcome FROM idva_referrals WHERE id = ${id}`)[0].outcome, "engaged");
    // the page shows the closure, and no forms
    const page = await call("idva", `/provide/referrals/${id}`);
    assert.match(page.text, /id="closure"/);
    assert.doesNotMatch(page.text, /action="\/provide\/referrals\/\d+\/attempts"/);
  });
});

describe("figures", () => {
  // A constructed period (2024, long before the demo's incidents) with known answers:
  // Blackpool, January: hours to first attempt 1, 3, 2 and one never attempted -> median 2;
  //   to first contact 2 and 10 -> median 6 (an even count); closed 2: engaged 1 (50%), made safer 2 (100%).
  // Blackpool, April (UK time): one at 23:30 UTC on 31 March 2024, already 1 April in BST;
  //   attempt 0.5 h, contact 1 h; closed, not appropriate, not made safer -> 0% and 0%.
  // Blackpool, all: attempts 0.5 1 2 3 -> 1.5; contacts 1 2 10 -> 2; closed 3: engaged 33.3%, safer 66.7%.
  // Lancashire: one victim in February whose incident qualifies but has no referral.
  before(() => {
    // the demo force's incidents, as its officers sent them: a force's figures count its own (figures-forces)
    const incident = (ref, at, la, risk) =>
      `INSERT INTO da_incidents (police_reference, occurred_at, location, la_code, risk_level, circumstances, source, received_at, content_hash,
         police_agency_id)
       VALUES ('${ref}', '${at}', 'Fictional', ${la}, '${risk}', 'Fictional.', 'api', '${at}', '${ref}',
         (SELECT id FROM agencies WHERE slug = 'lancashire-constabulary'));
       INSERT INTO da_incident_adults (incident_id, position, name, role)
         SELECT id, 1, 'Victim ${ref} (fictional)', 'victim' FROM da_incidents WHERE police_reference = '${ref}';`;
    // a referral of `ref`'s victim (its incident at `at`), the first attempt and contact that many minutes after (or null)
    const minutesAfter = (at, minutes) => (minutes === null ? "NULL" : `'${timeAfter(at, minutes * 60)}'`);
    const referral = (ref, at, attempt, contact, closed) =>
      `INSERT INTO idva_referrals (incident_id, victim_adult_id, service_agency_id, created_at, first_attempt_at,
         first_contact_at, outcome, closed_at, made_safer, engaged_with_investigation)
       SELECT i.id, a.id, (SELECT id FROM agencies WHERE slug = 'demo-idva-service'), i.occurred_at,
         ${minutesAfter(at, attempt)},
         ${minutesAfter(at, contact)},
         ${closed ? `'${closed[0]}', '2024-05-01T00:00:00Z', ${closed[1]}, ${closed[2]}` : "NULL, NULL, NULL, NULL"}
       FROM da_incidents i JOIN da_incident_adults a ON a.incident_id = i.id WHERE i.police_reference = '${ref}';`;
    sql(
      [
        incident("FIG-1", "2024-01-10T10:00:00Z", 890, "high"),
        referral("FIG-1", "2024-01-10T10:00:00Z", 60, 120, ["engaged", 1, 1]),
        incident("FIG-2", "2024-01-11T10:00:00Z", 890, "medium"),
        referral("FIG-2", "2024-01-11T10:00:00Z", 180, 600, ["declined", 1, 0]),
        incident("FIG-3", "2024-01-12T10:00:00Z", 890, "high"),
        referral("FIG-3", "2024-01-12T10:00:00Z", 120, null, null),
        incident("FIG-4", "2024-01-13T10:00:00Z", 890, "medium"),
        referral("FIG-4", "2024-01-13T10:00:00Z", null, null, null),
        incident("FIG-5", "2024-03-31T23:30:00Z", 890, "high"),
        referral("FIG-5", "2024-03-31T23:30:00Z", 30, 60, ["not_appropriate", 0, 0]),
        incident("FIG-6", "2024-02-14T12:00:00Z", 888, "high"),
        // a standard-risk incident is not counted as waiting under the medium-and-high rule
        incident("FIG-7", "2024-02-15T12:00:00Z", 888, "standard"),
      ].join("\n"),
    );
  });

  test("by area and month, with medians correct for even counts", async () => {
    const res = await call("partnership", "/api/v1/provide/figures?from=2024-01-01&to=2024-04-30");
    assert.equal(res.status, 200, res.text);
    const f = res.body;
    assert.deepEqual(
      f.areas.map((a) => a.la_name),
      ["Blackpool"],
    );
    const [jan, apr] = f.areas[0].months;
    assert.equal(jan.month, "2024-01");
    assert.equal(jan.referrals, 4);
    assert.equal(jan.median_hours_to_first_attempt, 2);
    assert.equal(jan.median_hours_to_first_contact, 6);
    assert.equal(jan.closed, 2);
    assert.equal(jan.engagement_rate, 50);
    assert.equal(jan.made_safer_rate, 100);
    assert.equal(jan.investigation_rate, 50);
    assert.equal(apr.month, "2024-04", "the month is the UK's");
    assert.equal(apr.referrals, 1);
    assert.equal(apr.median_hours_to_first_attempt, 0.5);
    assert.equal(apr.median_hours_to_first_contact, 1);
    assert.equal(apr.engagement_rate, 0);
    assert.equal(apr.made_safer_rate, 0);
    const total = f.areas[0].total;
    assert.equal(total.referrals, 5);
    assert.equal(total.median_hours_to_first_attempt, 1.5);
    assert.equal(total.median_hours_to_first_contact, 2);
    assert.equal(total.engagement_rate, 33.3);
    assert.equal(total.made_safer_rate, 66.7);
    assert.deepEqual(f.not_referred, [{ la_code: 888, la_name: "Lancashire", victims: 1 }]);
    // aggregates only: no names, references or free text
    assert.doesNotMatch(res.text, /FIG-|\(fictional\)/);
  });

  test("a narrower period, a bad one named by field, and who may see figures", async () => {
    let res = await call("police", "/api/v1/provide/figures?from=2024-01-11&to=2024-01-12");
    assert.equal(res.status, 200);
    assert.equal(res.body.total.referrals, 2);
    assert.equal(res.body.total.median_hours_to_first_attempt, 2.5);
    res = await call("partnership", "/api/v1/provide/figures?from=2024-02-01&to=2024-01-01");
    assert.equal(res.status, 400);
    assert.deepEqual(fields(res.body), ["to"]);
    // the same words as every figures page's period (router/fields.h)
    assert.equal(res.body.errors[0].detail, "The end of the period must be the same as or after its start");
    res = await call("partnership", "/api/v1/provide/figures?from=2024-13-01");
    assert.equal(res.status, 400);
    assert.deepEqual(fields(res.body), ["from"]);
    assert.equal(res.body.errors[0].detail, "The start of the period must be a real date, written like 2026-03-27");
    // a start alone after today is a one-day period, as on the other figures pages
    res = await call("partnership", "/api/v1/provide/figures?from=2199-01-01");
    assert.equal(res.status, 200);
    assert.equal(res.body.from, "2199-01-01");
    assert.equal(res.body.to, "2199-01-01");
    for (const who of ["idva", "idva2", "partnership", "police"])
      assert.equal((await call(who, "/api/v1/provide/figures")).status, 200, who);
    // the scrutineer reads them suppressed on /scrutiny, never exact for any dates
    for (const who of ["dsl", "practitioner", "frontdoor", "admin", "scrutineer"])
      assert.equal((await call(who, "/api/v1/provide/figures")).status, 403, who);
    const page = await call("partnership", "/provide/figures?from=2024-01-01&to=2024-04-30");
    assert.equal(page.status, 200);
    assert.match(page.text, /January 2024/);
    assert.match(page.text, /April 2024/);
    // lengths of time in words, as on every figures page (the medians above: 1.5 and 2 hours)
    assert.match(page.text, /Median time to the first attempt<\/dt><dd class="govuk-summary-list__value">1 hour 30 minutes</);
    assert.match(page.text, /Median time to the first contact<\/dt><dd class="govuk-summary-list__value">2 hours</);
    assert.match(page.text, /Lancashire: 1 victim\(s\) of qualifying incidents in this period were not referred/);
  });

  test("the figures to take away as CSV and as a spreadsheet: the page's rows for the period asked for", async () => {
    const period = "from=2024-01-01&to=2024-04-30";
    const page = await call("partnership", `/provide/figures?${period}`);
    assert.match(page.text, /href="\/provide\/figures\.csv\?from=2024-01-01&amp;to=2024-04-30" download>/);
    assert.match(page.text, /href="\/provide\/figures\.xlsx\?from=2024-01-01&amp;to=2024-04-30" download>/);
    const api = (await call("partnership", `/api/v1/provide/figures?${period}`)).body;
    const [jan, apr] = api.areas[0].months;
    const expected = [
      ["Blackpool", "January 2024", jan.referrals, jan.median_hours_to_first_attempt, jan.median_hours_to_first_contact, jan.closed, jan.engaged, jan.made_safer, jan.engaged_with_investigation],
      ["Blackpool", "April 2024", 1, 0.5, 1, apr.closed, apr.engaged, apr.made_safer, apr.engaged_with_investigation],
      ["Blackpool", "All months", 5, 1.5, 2, api.areas[0].total.closed, api.areas[0].total.engaged, api.areas[0].total.made_safer, api.areas[0].total.engaged_with_investigation],
      ["All areas", "All months", 5, 1.5, 2, api.total.closed, api.total.engaged, api.total.made_safer, api.total.engaged_with_investigation],
    ];
    const header = ["area", "month", "referrals", "median_hours_to_first_attempt", "median_hours_to_first_contact", "closed", "engaged", "made_safer", "engaged_with_investigation"];
    assert.deepEqual(expected[0].slice(2, 5), [4, 2, 6], "January as the figures above");

    const csv = await call("partnership", `/provide/figures.csv?${period}`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type"), /^text\/csv/);
    assert.equal(csv.headers.get("content-disposition"), 'attachment; filename="haven-provide-figures-2024-01-01-to-2024-04-30.csv"');
    const lines = csv.text.trimEnd().split("\r\n");
    assert.equal(lines[0], header.join(","));
    // reals as the page rounds them (one place), counts as counts
    assert.deepEqual(lines.slice(1), [
      "Blackpool,January 2024,4,2.0,6.0,2,1,2,1",
      "Blackpool,April 2024,1,0.5,1.0,1,0,0,0",
      "Blackpool,All months,5,1.5,2.0,3,1,2,1",
      "All areas,All months,5,1.5,2.0,3,1,2,1",
    ]);
    assert.doesNotMatch(csv.text, /FIG-|\(fictional\)/, "no reference or name");

    const xlsx = await request(`/provide/figures.xlsx?${period}`, { token: await as("police") });
    assert.equal(xlsx.status, 200);
    assert.equal(xlsx.headers.get("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert.equal(xlsx.headers.get("content-disposition"), 'attachment; filename="haven-provide-figures-2024-01-01-to-2024-04-30.xlsx"');
    const [sheet, ...more] = readXlsx(await xlsx.arrayBuffer());
    assert.equal(more.length, 0, "one sheet");
    assert.equal(sheet.name, "Operation Provide figures");
    assert.deepEqual(sheet.rows, [header, ...expected]);

    // a narrower period is carried into the download; a bad one is refused naming the field
    const narrow = await call("partnership", "/provide/figures.csv?from=2024-01-11&to=2024-01-12");
    assert.match(narrow.text, /\r\nAll areas,All months,2,2\.5,/);
    const bad = await call("partnership", "/provide/figures.xlsx?from=2024-02-01&to=2024-01-01");
    assert.equal(bad.status, 400);
    assert.deepEqual(fields(bad.body), ["to"]);
    // the figures page's own access: a Key Adult or a front door may not take the figures away
    for (const who of ["dsl", "frontdoor", "practitioner", "admin"]) {
      assert.equal((await call(who, `/provide/figures.csv?${period}`)).status, 403, who);
      assert.equal((await call(who, `/provide/figures.xlsx?${period}`)).status, 403, who);
    }
  });
});

describe("coverage settings", () => {
  test("only the partnership sets coverage; bad input is named and changes nothing", async () => {
    for (const who of ["idva", "police", "dsl", "scrutineer"])
      assert.equal((await call(who, "/api/v1/provide/coverage")).status, 403, who);
    let res = await call("partnership", "/api/v1/provide/coverage");
    assert.equal(res.status, 200);
    assert.equal(res.body.rule, "medium_high");
    const lancs = res.body.areas.find((a) => a.la_slug === "lancashire");
    assert.equal(lancs.service_slug, "demo-coast-idva-service");
    assert.equal(lancs.not_referred, 1, "FIG-6 waits: it was written with no referral");
    res = await post("partnership", "/api/v1/provide/coverage", { la: "atlantis", service: "demo-idva-service" });
    assert.equal(res.status, 422);
    assert.deepEqual(fields(res.body), ["la"]);
    res = await post("partnership", "/api/v1/provide/coverage", { la: "lancashire", service: "brookfield-primary" });
    assert.deepEqual(fields(res.body), ["service"], "a school is not an IDVA service");
    res = await post("partnership", "/api/v1/provide/coverage", {});
    assert.deepEqual(fields(res.body), ["la", "service"]);
    assert.equal(sql("SELECT count(*) AS n FROM idva_coverage")[0].n, 3);
  });

  test("choosing a service refers the victims waiting in the area and emails its IDVAs, without personal data", async () => {
    let res = await post("partnership", "/api/v1/provide/coverage", { la: "lancashire", service: "none" });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.areas.find((a) => a.la_slug === "lancashire").service_slug, null);
    const mailsBefore = sql("SELECT count(*) AS n FROM mail_outbox WHERE to_address = 'idva2@demo.haven.example'")[0].n;
    res = await post("partnership", "/api/v1/provide/coverage", { la: "lancashire", service: "demo-coast-idva-service" });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.referred, 1);
    assert.equal(res.body.areas.find((a) => a.la_slug === "lancashire").not_referred, 0);
    const theirs = await referralLists("idva2");
    assert.ok(references(theirs.body).includes("FIG-6"));
    assert.ok(!references(theirs.body).includes("FIG-7"), "standard risk is not referred under the rule");
    const mails = sql(
      "SELECT subject, body_text FROM mail_outbox WHERE to_address = 'idva2@demo.haven.example' ORDER BY id",
    );
    assert.equal(mails.length, mailsBefore + 1);
    assert.equal(mails.at(-1).body_text.trim(), "You have a new Operation Provide referral in Haven. Sign in to read it.");
    assert.doesNotMatch(JSON.stringify(mails), /FIG-|Victim|Fictional/);
    const audit = sql("SELECT count(*) AS n FROM audit_log WHERE action = 'da.settings'")[0].n;
    assert.ok(audit >= 2);
  });

  test("the coverage page works as a form", async () => {
    const token = await as("partnership");
    let res = await request("/provide/coverage", { token });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<label[^>]*for="service-blackpool"[^>]*>IDVA service for Blackpool/);
    res = await request("/provide/coverage", { token, method: "POST", form: { la: "blackpool", service: "demo-idva-service" } });
    assert.equal(res.status, 303);
    res = await request("/provide/coverage", { token, method: "POST", form: { la: "blackpool", service: "nobody-here" } });
    assert.equal(res.status, 422);
    assert.match(await res.text(), /Select an IDVA service from the list, or none/);
  });
});

// The police intake (src/areas/incidents) calls provide_refer when it saves an incident. Until
// that area is in this build the route does not exist, and these tests say they were skipped.
const intakeBuilt = spawnSync(havenBin(), ["routes"], { encoding: "utf8" }).stdout.includes(
  '"/api/v1/da-incidents"',
);

describe("incidents from the police create referrals", { skip: !intakeBuilt && "the police intake is not in this build" }, () => {
  const incident = (ref, la, risk) => ({
    police_reference: ref,
    occurred_at: new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    location: "7 Invented Close (fictional)",
    la_code: la,
    risk_level: risk,
    circumstances: "Fictional incident for the Operation Provide tests.",
    adults: [
      {
        name: `Victim ${ref} (fictional)`,
        role: "victim",
        contact_phone: "01632 960177",
        safe_to_call: false,
        safe_to_leave_message: false,
        safe_times: "Never by phone",
      },
      { name: `Suspect ${ref} (fictional)`, role: "suspect" },
    ],
  });
  const mails = (to) => sql(`SELECT count(*) AS n FROM mail_outbox WHERE to_address = '${to}'`)[0].n;

  test("a medium-risk incident goes to the service covering its area, once, whatever is resent", async () => {
    const before = mails("idva2@demo.haven.example");
    const body = incident("INTAKE-PRV-1", 888, "medium");
    let res = await post("police", "/api/v1/da-incidents", body);
    assert.equal(res.status, 201, res.text);
    const theirs = await referralLists("idva2");
    const r = theirs.body.open.find((x) => x.police_reference === "INTAKE-PRV-1");
    assert.ok(r, "Lancashire's service has it");
    assert.equal(r.victim_name, "Victim INTAKE-PRV-1 (fictional)", "the victim, not the suspect");
    assert.equal((await call("idva", `/api/v1/provide/referrals/${r.id}`)).status, 404, "not the other service");
    const page = await call("idva2", `/api/v1/provide/referrals/${r.id}`);
    assert.deepEqual(page.body.referral.safe_contact.slice(0, 2), ["Do not call.", "Do not leave a message or voicemail."]);
    assert.equal(mails("idva2@demo.haven.example"), before + 1);
    res = await post("police", "/api/v1/da-incidents", body);
    assert.equal(res.status, 200, res.text);
    assert.equal(
      sql("SELECT count(*) AS n FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id WHERE i.police_reference = 'INTAKE-PRV-1'")[0].n,
      1,
    );
    assert.equal(mails("idva2@demo.haven.example"), before + 1, "no second email");
  });

  test("a standard-risk incident is referred only when the partnership refers every incident", async () => {
    let res = await post("police", "/api/v1/da-incidents", incident("INTAKE-PRV-2", 889, "standard"));
    assert.equal(res.status, 201, res.text);
    assert.ok(!references((await referralLists("idva")).body).includes("INTAKE-PRV-2"));
    sql("UPDATE da_settings SET idva_referrals = 'all'");
    try {
      res = await post("police", "/api/v1/da-incidents", incident("INTAKE-PRV-3", 889, "standard"));
      assert.equal(res.status, 201, res.text);
      const mine = references((await referralLists("idva")).body);
      assert.ok(mine.includes("INTAKE-PRV-3"), "Blackburn with Darwen's service has it");
      assert.ok(!references((await referralLists("idva2")).body).includes("INTAKE-PRV-3"));
    } finally {
      sql("UPDATE da_settings SET idva_referrals = 'medium_high'");
    }
  });
});

describe("finding referrals in a long list", () => {
  test("narrowed by risk and police reference, newest or oldest first, counted, paged with the choice kept; bad values named", async () => {
    // three open referrals of this service at known times and risks, and one of another service
    const service = (slug) => `(SELECT id FROM agencies WHERE slug = '${slug}')`;
    const add = (ref, minutesAgo, risk, slug = "demo-idva-service") =>
      `INSERT INTO da_incidents (police_reference, occurred_at, location, la_code, risk_level, circumstances, source, received_at, content_hash)
         VALUES ('${ref}', ${sqlTime(-(minutesAgo + 60) * 60_000)}, 'Fictional', 888, '${risk}', 'Fictional.', 'api',
                 ${sqlTime()}, '${ref}');
       INSERT INTO da_incident_adults (incident_id, position, name, role) SELECT id, 1, 'Find Me (fictional)', 'victim' FROM da_incidents WHERE police_reference = '${ref}';
       INSERT INTO idva_referrals (incident_id, victim_adult_id, service_agency_id, created_at)
         SELECT i.id, a.id, ${service(slug)}, ${sqlTime(-minutesAgo * 60_000)}
         FROM da_incidents i JOIN da_incident_adults a ON a.incident_id = i.id WHERE i.police_reference = '${ref}';`;
    sql(add("FIND-1", 3000, "high") + add("FIND-2", 2000, "medium") + add("FIND-3", 1000, "high"));
    const mine = service("demo-idva-service");
    const expected = (where, order = "DESC") =>
      sql(`SELECT i.police_reference AS ref FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id
           WHERE r.service_agency_id = ${mine} AND ${where} ORDER BY r.created_at ${order}, r.id ${order}`).map((r) => r.ref);
    const listed = async (query) => {
      const r = await call("idva", `/api/v1/provide/referrals?limit=200&${query}`);
      assert.equal(r.status, 200, r.text);
      return { refs: r.body.referrals.map((x) => x.police_reference), total: r.body.page.total };
    };
    const open = expected("r.closed_at IS NULL");
    assert.ok(open.length >= 4);
    assert.deepEqual(await listed(""), { refs: open, total: open.length }, "newest first by default");
    assert.deepEqual(await listed("sort=oldest"), { refs: [...open].reverse(), total: open.length }, "oldest first");
    const high = expected("r.closed_at IS NULL AND i.risk_level = 'high'");
    assert.ok(high.includes("FIND-1") && high.includes("FIND-3") && !high.includes("FIND-2"));
    assert.deepEqual(await listed("risk=high"), { refs: high, total: high.length });
    assert.deepEqual(await listed("risk=high&sort=oldest"), { refs: [...high].reverse(), total: high.length });
    assert.deepEqual(await listed("reference=FIND-2"), { refs: ["FIND-2"], total: 1 });
    assert.deepEqual(await listed("reference=FIND-2&risk=high"), { refs: [], total: 0 }, "filters combine");
    assert.deepEqual(await listed("reference=FIND-2&status=closed"), { refs: [], total: 0 }, "an open one is not among the closed");
    const closedHigh = expected("r.closed_at IS NOT NULL AND i.risk_level = 'high'");
    assert.deepEqual(await listed("status=closed&risk=high"), { refs: closedHigh, total: closedHigh.length });
    // another service's referral is not found by its reference, though its own IDVA finds it
    assert.deepEqual(await listed("reference=DEMO-PRV-0004"), { refs: [], total: 0 });
    const theirs = await call("idva2", "/api/v1/provide/referrals?reference=DEMO-PRV-0004");
    const theirsClosed = await call("idva2", "/api/v1/provide/referrals?reference=DEMO-PRV-0004&status=closed");
    assert.equal(theirs.body.page.total + theirsClosed.body.page.total, 1);

    // the page: the choices shown again, "found" in the caption, and paging oldest first keeps both
    const page = await call("idva", "/provide?risk=high&sort=oldest&limit=1");
    assert.equal(page.status, 200);
    assert.match(page.text, /Open referrals found, oldest first/);
    assert.match(page.text, /<option value="high" selected>High<\/option>/);
    assert.match(page.text, /<option value="oldest" selected>Oldest first<\/option>/);
    assert.match(page.text, new RegExp(`>${high.at(-1)}</a>`), "the oldest high-risk referral first");
    const next = page.text.match(/href="(\/provide\?[^"]*after=[^"]*)"/)?.[1]?.replaceAll("&amp;", "&");
    assert.ok(next && /risk=high/.test(next) && /sort=oldest/.test(next), `the next link keeps the choices: ${next}`);
    const second = await call("idva", next);
    assert.match(second.text, new RegExp(`>${high.at(-2)}</a>`), "then the next oldest");
    assert.match(second.text, new RegExp(`Showing 2 to 2 of ${high.length} open referrals`));
    const previous = second.text.match(/href="(\/provide\?[^"]*before=[^"]*)"/)?.[1]?.replaceAll("&amp;", "&");
    assert.match((await call("idva", previous)).text, new RegExp(`>${high.at(-1)}</a>`), "and back again");

    // bad values are refused naming the field; the list stays the IDVA's alone
    let r = await call("idva", "/api/v1/provide/referrals?risk=severe");
    assert.equal(r.status, 400);
    assert.deepEqual(fields(r.body), ["risk"]);
    r = await call("idva", "/api/v1/provide/referrals?sort=worst");
    assert.equal(r.status, 400);
    assert.deepEqual(fields(r.body), ["sort"]);
    r = await call("idva", "/provide?sort=worst");
    assert.equal(r.status, 400);
    assert.match(r.text, /govuk-error-summary[\s\S]*href="#sort"/);
    assert.equal((await call("police", "/api/v1/provide/referrals?reference=FIND-1")).status, 403);

    // a reference is unique per force (migration 0181): another force's FIND-2 is its own incident, and
    // the reference finds both referrals (on PostgreSQL "= (SELECT ...)" of two rows was an error, a 503)
    sql(`INSERT INTO da_incidents (police_reference, occurred_at, location, la_code, risk_level, circumstances, source,
                                   received_at, content_hash, police_agency_id)
           VALUES ('FIND-2', ${sqlTime(-3000 * 60_000)}, 'Fictional', 888, 'medium', 'Fictional.', 'api', ${sqlTime()},
                   'FIND-2 of another force', (SELECT id FROM agencies WHERE slug = 'lancashire-constabulary'));
         INSERT INTO da_incident_adults (incident_id, position, name, role)
           SELECT id, 1, 'Find Me Too (fictional)', 'victim' FROM da_incidents WHERE content_hash = 'FIND-2 of another force';
         INSERT INTO idva_referrals (incident_id, victim_adult_id, service_agency_id, created_at)
           SELECT i.id, a.id, ${mine}, ${sqlTime(-1500 * 60_000)}
           FROM da_incidents i JOIN da_incident_adults a ON a.incident_id = i.id WHERE i.content_hash = 'FIND-2 of another force';`);
    assert.deepEqual(await listed("reference=FIND-2"), { refs: ["FIND-2", "FIND-2"], total: 2 }, "both forces' FIND-2");
  });
});

