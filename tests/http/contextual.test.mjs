// Contextual safeguarding's missing episodes (src/areas/contextual) over
// HTTP on the demo partnership: the police report an episode (one, a batch,
// the web form) and a resend changes nothing; the child is matched to the
// register, and on a certain match or a child the report adds the force that
// reported them is linked to the child (it works with them: the search, the
// safe and well check), audited, in the same unit as the episode, and never
// on a merely likely match; only the reporting force and the child's local authority see it
// (404 for another authority, 403 for schools and health); the return is
// recorded once; the return home interview's clock is 72 hours through a
// weekend and a bank holiday; the repeat-missing rule is configurable; the
// figures match a constructed set with known answers; bad input is named by
// field and changes nothing. The exploitation screening tool is published
// from a file (its checks name each problem by JSON path), screenings record
// their version, the rule and the judgement (reasons when they differ), and
// are seen only by agencies working with the child.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlRows } from "../lib/api.mjs";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT, runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const { call, post, request, token } = apiClient(() => haven);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) await haven.stop();
});

const sql = (query) => sqlRows(haven.dbPath, query);
let serial = 0;
/** A valid episode for a Lancashire child, with `over` changing any field. */
function episode(over = {}) {
  serial += 1;
  return {
    police_reference: `LC-MISS-${serial}`,
    given_name: "Jayden",
    family_name: `Testcase${serial}`,
    date_of_birth: "2011-03-14",
    la_code: 888,
    reported_at: "2026-11-20T21:30:00Z",
    risk_grading: "medium",
    missing_from: "home",
    ...over,
  };
}

describe("reporting an episode", () => {
  test("the police report one episode; a resend is unchanged, a changed resend is refused", async () => {
    const e = episode({ returned_at: "2026-11-21T07:00:00Z", found_where: "A friend's flat", safe_and_well_check: true });
    const r = await post("police", "/api/v1/missing-episodes", e);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.status, "created");
    assert.equal(r.body.child_matched, true, "a child new to the register is added and linked");
    assert.equal(r.headers.get("location"), `/api/v1/missing-episodes/${r.body.id}`);
    const again = await post("police", "/api/v1/missing-episodes", { ...e, reported_at: "2026-11-20T21:30:00+00:00" });
    assert.equal(again.status, 200, again.text);
    assert.deepEqual([again.body.status, again.body.id], ["unchanged", r.body.id]);
    const changed = await post("police", "/api/v1/missing-episodes", { ...e, risk_grading: "high" });
    assert.equal(changed.status, 409, changed.text);
    assert.deepEqual(errorFields(changed.body), ["police_reference"]);
    const shown = await call("police", `/api/v1/missing-episodes/${r.body.id}`);
    assert.equal(shown.status, 200, shown.text);
    assert.equal(shown.body.episode.risk_grading, "medium", "the changed resend changed nothing");
    assert.equal(shown.body.episode.safe_and_well_check, true);
    assert.equal(shown.body.episode.found_where, "A friend's flat");
    // the child is on the register and the local authority linked to them
    const [link] = sql(`SELECT a.slug FROM child_links l JOIN agencies a ON a.id = l.agency_id
      WHERE l.child_id = ${shown.body.episode.child_id} AND l.relationship = 'local_authority'`);
    assert.equal(link.slug, "lancashire-county-council");
  });

  test("bad input is named by field and saves nothing; a batch with one bad episode saves none", async () => {
    const before = sql("SELECT count(*) AS n FROM missing_episodes")[0].n;
    const bad = await post("police", "/api/v1/missing-episodes", episode({
      risk_grading: "severe", la_code: 1, reported_at: "yesterday", missing_from: "",
    }));
    assert.equal(bad.status, 422, bad.text);
    assert.deepEqual(errorFields(bad.body).sort(), ["la_code", "missing_from", "reported_at", "risk_grading"]);
    const unknown = await post("police", "/api/v1/missing-episodes", episode({ colour: "red" }));
    assert.equal(unknown.status, 422, unknown.text);
    assert.deepEqual(errorFields(unknown.body), ["colour"]);
    const batch = [episode(), episode({ risk_grading: "extreme" }), episode({ returned_at: "2026-11-19T00:00:00Z" })];
    const r = await post("police", "/api/v1/missing-episodes", { episodes: batch });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["episodes[1].risk_grading", "episodes[2].returned_at"]);
    assert.match(r.body.errors[0].detail, new RegExp(`^Episode 2 \\(${batch[1].police_reference}\\): `));
    assert.equal(sql("SELECT count(*) AS n FROM missing_episodes")[0].n, before, "nothing saved");
    const good = await post("police", "/api/v1/missing-episodes", { episodes: [episode(), episode(), batch[0]] });
    assert.equal(good.status, 201, good.text);
    assert.deepEqual(good.body.episodes.map((x) => x.status), ["created", "created", "created"]);
    const resend = await post("police", "/api/v1/missing-episodes", { episodes: [batch[0]] });
    assert.deepEqual([resend.status, resend.body.episodes[0].status], [200, "unchanged"]);
    const counted = sql("SELECT count(*) AS n FROM missing_episodes")[0].n;
    const both = await post("police", "/api/v1/missing-episodes", { ...episode(), episodes: [episode()] });
    assert.equal(both.status, 422, both.text);
    assert.deepEqual(errorFields(both.body), ["episodes"]);
    assert.match(both.body.errors[0].detail, /not both/);
    const notList = await post("police", "/api/v1/missing-episodes", { episodes: episode() });
    assert.equal(notList.status, 422, notList.text);
    assert.deepEqual(errorFields(notList.body), ["episodes"]);
    assert.equal(sql("SELECT count(*) AS n FROM missing_episodes")[0].n, counted, "nothing saved");
  });

  test("a young adult to 25 may be reported; someone older may not", async () => {
    const young = await post("police", "/api/v1/missing-episodes", episode({ date_of_birth: "2003-01-10" }));
    assert.equal(young.status, 201, young.text);
    const shown = await call("police", `/api/v1/missing-episodes/${young.body.id}`);
    assert.equal(shown.body.episode.young_adult, true);
    const old = await post("police", "/api/v1/missing-episodes", episode({ date_of_birth: "1995-01-10" }));
    assert.equal(old.status, 422, old.text);
    assert.deepEqual(errorFields(old.body), ["date_of_birth"]);
  });

  test("the web form reports an episode in England's time and shows errors on the page", async () => {
    const t = await token("police");
    const page = await request("/missing-episodes/new", { token: t });
    assert.equal(page.status, 200);
    const form = {
      police_reference: "LC-FORM-1", given_name: "Aisha", family_name: "Formfield", date_of_birth: "2012-06-01",
      la_code: "888", reported_on: "2026-08-01", reported_time: "22:15", risk_grading: "high", missing_from: "care",
    };
    const res = await request("/missing-episodes", { token: t, method: "POST", form });
    assert.equal(res.status, 303, await res.text());
    const id = Number(res.headers.get("location").split("/").pop());
    const shown = await call("police", `/api/v1/missing-episodes/${id}`);
    assert.equal(shown.body.episode.reported_at, "2026-08-01T21:15:00Z", "22:15 British Summer Time");
    const wrong = await request("/missing-episodes", { token: t, method: "POST", form: { ...form, police_reference: "LC-FORM-2", reported_time: "25:99", given_name: "" } });
    assert.equal(wrong.status, 422);
    const html = await wrong.text();
    assert.match(html, /govuk-error-summary/);
    assert.match(html, /href="#reported_time"/);
    assert.match(html, /href="#given_name"/);
    assert.equal(sql("SELECT count(*) AS n FROM missing_episodes WHERE police_reference = 'LC-FORM-2'")[0].n, 0);
    // the list is in the order episodes were recorded (an import brings them in any order), and says so
    const list = await (await request("/missing-episodes", { token: t })).text();
    assert.match(list, /<caption[^>]*>Missing episodes, the last recorded first<\/caption>/);
    // a time typed as people write it ("10:15pm") is told how to write it, with every other error at once
    const pm = await request("/missing-episodes", { token: t, method: "POST", form: { ...form, police_reference: "LC-FORM-3", reported_time: "10:15pm", given_name: "" } });
    assert.equal(pm.status, 422);
    const pmHtml = await pm.text();
    assert.match(pmHtml, /href="#reported_time">Enter the time the child was reported missing as hours and minutes, like 22:15</);
    assert.match(pmHtml, /href="#given_name"/);
  });
});

describe("who sees an episode", () => {
  test("the reporting force and the child's local authority only; others 404 or 403", async () => {
    const r = await post("police", "/api/v1/missing-episodes", episode({ la_code: 888 }));
    const id = r.body.id;
    assert.equal((await call("frontdoor", `/api/v1/missing-episodes/${id}`)).status, 200);
    assert.equal((await call("frontdoor2", `/api/v1/missing-episodes/${id}`)).status, 404, "another local authority");
    for (const who of ["dsl", "idva", "admin", "scrutineer"]) {
      assert.equal((await call(who, `/api/v1/missing-episodes/${id}`)).status, 403, who);
    }
    const theirs = await call("frontdoor2", "/api/v1/missing-episodes?limit=200");
    assert.equal(theirs.status, 200);
    assert.ok(!theirs.body.episodes.some((x) => x.id === id), "not in another authority's list");
    const ours = await call("frontdoor", "/api/v1/missing-episodes?limit=200");
    assert.ok(ours.body.episodes.some((x) => x.id === id));
    // every read of the child's episode is in the audit trail, with the child
    const rows = sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'missing.read' AND resource_id = '${id}'`);
    assert.ok(rows[0].n >= 1);
  });
});

describe("the force that reports a child missing works with the child", () => {
  /** A Lancashire child added by the practitioner (so linked to the hospital and the county, not the police); their id. */
  async function childUnknownToPolice(given, family) {
    const r = await post("practitioner", "/api/v1/children", {
      given_name: given, family_name: family, date_of_birth: "2012-06-06", sex: "not_known", la_code: 888, confirm_new: true,
    });
    assert.equal(r.status, 201, r.text);
    // 403 offering break glass, as for any child the police do not work with
    assert.equal((await call("police", `/api/v1/children/${r.body.id}`)).status, 403, "the police do not work with the child yet");
    return r.body.id;
  }
  const policeLinks = (child) =>
    sql(`SELECT l.relationship FROM child_links l JOIN agencies a ON a.id = l.agency_id
      WHERE l.child_id = ${child} AND a.slug = 'lancashire-constabulary'`).map((r) => r.relationship);

  test("a child the report adds to the register is linked to the force, audited on the child", async () => {
    const e = episode();
    const r = await post("police", "/api/v1/missing-episodes", e);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.child_matched, true);
    const child = sql(`SELECT child_id FROM missing_episodes WHERE id = ${r.body.id}`)[0].child_id;
    assert.ok(child > 0);
    assert.deepEqual(policeLinks(child), ["raised_concern"]);
    assert.equal((await call("police", `/api/v1/children/${child}`)).status, 200, "the police open the record they added");
    const [row] = sql(`SELECT l.action, u.email FROM audit_log l JOIN users u ON u.id = l.user_id
      WHERE l.action = 'missing.link' AND l.resource_type = 'child' AND l.resource_id = '${child}'`);
    assert.deepEqual([row.action, row.email], ["missing.link", "police@demo.haven.example"]);
    const found = await post("partnership", "/api/v1/audit/search", { child_id: child, limit: 100 });
    assert.ok(found.body.rows.some((x) => x.action === "missing.link"), "the search by child finds the link");
    // a resend saves nothing, so links and audits nothing more
    const again = await post("police", "/api/v1/missing-episodes", e);
    assert.equal(again.status, 200, again.text);
    assert.equal(sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'missing.link' AND resource_id = '${child}'`)[0].n, 1);
  });

  test("a likely match (one letter of the name differs) matches the episode but links no force: the police stay refused", async () => {
    const child = await childUnknownToPolice("Katherine", "Likelymatch");
    const r = await post("police", "/api/v1/missing-episodes", episode({ given_name: "Kathryn", family_name: "Likelymatch", date_of_birth: "2012-06-06" }));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.child_matched, true, "the episode itself is still matched to the likely child");
    assert.equal(sql(`SELECT child_id FROM missing_episodes WHERE id = ${r.body.id}`)[0].child_id, child);
    assert.deepEqual(policeLinks(child), []);
    assert.equal((await call("police", `/api/v1/children/${child}`)).status, 403, "a likely match gives the police no record");
    assert.equal(sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'missing.link' AND resource_id = '${child}'`)[0].n, 0);
  });

  test("the same name and date of birth is still only likely (a report has no NHS number or UPN): matched, not linked", async () => {
    const child = await childUnknownToPolice("Rowan", "Reportedmissing");
    const r = await post("police", "/api/v1/missing-episodes", episode({ given_name: "Rowan", family_name: "Reportedmissing", date_of_birth: "2012-06-06" }));
    assert.equal(r.status, 201, r.text);
    assert.equal(sql(`SELECT child_id FROM missing_episodes WHERE id = ${r.body.id}`)[0].child_id, child);
    assert.deepEqual(policeLinks(child), []);
    assert.equal((await call("police", `/api/v1/children/${child}`)).status, 403);
    assert.equal(sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'missing.link' AND resource_id = '${child}'`)[0].n, 0);
  });

  test("a batch refused for a conflict links nobody: the link is in the episode's unit", async () => {
    const child = await childUnknownToPolice("Remy", "Refusedbatch");
    const first = episode();
    assert.equal((await post("police", "/api/v1/missing-episodes", first)).status, 201);
    const batch = await post("police", "/api/v1/missing-episodes", {
      episodes: [episode({ given_name: "Remy", family_name: "Refusedbatch", date_of_birth: "2012-06-06" }), { ...first, risk_grading: "high" }],
    });
    assert.equal(batch.status, 409, batch.text);
    assert.deepEqual(policeLinks(child), []);
    assert.equal((await call("police", `/api/v1/children/${child}`)).status, 403);
  });

  test("an episode imported by a command names no agency, so links no force", () => {
    const file = path.join(haven.dir, "link-import.json");
    writeFileSync(file, JSON.stringify({ episodes: [episode({ police_reference: "LINKIMP-1", given_name: "Ira", family_name: "Importedonly" })] }));
    const r = runHaven(["import", "missing-episodes", "--db", haven.dbPath, file]);
    assert.equal(r.status, 0, r.stderr);
    const [e] = sql("SELECT child_id FROM missing_episodes WHERE police_reference = 'LINKIMP-1'");
    assert.ok(e.child_id > 0);
    assert.deepEqual(policeLinks(e.child_id), []);
  });

  test("the demo's police work with Jo, whom they reported missing, so see Jo on their own contextual pages", async () => {
    assert.equal(sql("SELECT count(*) AS n FROM missing_episodes e JOIN agencies a ON a.id = e.reported_by_agency_id WHERE e.child_id = 3 AND a.slug = 'lancashire-constabulary'")[0].n, 1);
    assert.deepEqual(policeLinks(3), ["raised_concern"]);
    assert.equal((await call("police", "/api/v1/children/3")).status, 200);
    const [park] = sql("SELECT id FROM contexts WHERE name = 'Riverside skate park (demo)'");
    const page = await call("police", `/api/v1/contexts/${park.id}`);
    assert.equal(page.status, 200, page.text);
    assert.ok(page.body.children.some((c) => c.child_id === 3), "Jo's link to the park shows to the police who made it");
  });
});

describe("the return and the interview", () => {
  test("the 72-hour clock runs in hours through a weekend and a bank holiday", async () => {
    // back on Friday 28 August 2026 at 20:00 (BST); Monday 31 August is the summer bank holiday
    const r = await post("police", "/api/v1/missing-episodes", episode({ reported_at: "2026-08-28T10:00:00Z" }));
    const id = r.body.id;
    const back = await post("police", `/api/v1/missing-episodes/${id}/return`, { returned_at: "2026-08-28T19:00:00Z", found_where: "Town centre" });
    assert.equal(back.status, 200, back.text);
    assert.equal(back.body.episode.interview_due_at, "2026-08-31T19:00:00Z", "72 hours later, on the bank holiday");
    assert.equal(back.body.episode.interview_due_at_local, "31 August 2026 at 20:00");
    assert.equal(back.body.episode.status, "overdue");
    const twice = await post("police", `/api/v1/missing-episodes/${id}/return`, { returned_at: "2026-08-28T20:00:00Z" });
    assert.equal(twice.status, 409, twice.text);
    // the police cannot record the interview; the local authority can
    assert.equal((await post("police", `/api/v1/missing-episodes/${id}/interview`, { offered_at: "2026-08-29T09:00:00Z" })).status, 403);
    const early = await post("frontdoor", `/api/v1/missing-episodes/${id}/interview`, { offered_at: "2026-08-28T18:00:00Z" });
    assert.equal(early.status, 422, early.text);
    assert.deepEqual(errorFields(early.body), ["offered_at"]);
    const held = await post("frontdoor", `/api/v1/missing-episodes/${id}/interview`, {
      offered_at: "2026-08-29T09:00:00Z", response: "accepted", completed_at: "2026-08-31T18:00:00Z",
      interviewer: "Independent return interviewer", push_factors: "Arguments at home", pull_factors: "Older friends",
      harm_while_missing: "None disclosed", exploitation_indicators: "Unexplained money", actions: "Referral to the exploitation team",
    });
    assert.equal(held.status, 200, held.text);
    assert.equal(held.body.episode.status, "completed");
    const again = await post("frontdoor", `/api/v1/missing-episodes/${id}/interview`, { offered_at: "2026-08-29T09:00:00Z" });
    assert.equal(again.status, 409, again.text);
  });

  test("a return before the report, or an interview held without an interviewer, is refused", async () => {
    const r = await post("police", "/api/v1/missing-episodes", episode({ reported_at: "2026-11-01T10:00:00Z" }));
    const before = await post("police", `/api/v1/missing-episodes/${r.body.id}/return`, { returned_at: "2026-10-31T10:00:00Z" });
    assert.equal(before.status, 422, before.text);
    assert.deepEqual(errorFields(before.body), ["returned_at"]);
    const notBack = await post("frontdoor", `/api/v1/missing-episodes/${r.body.id}/interview`, { offered_at: "2026-11-02T10:00:00Z" });
    assert.equal(notBack.status, 409, notBack.text);
    await post("police", `/api/v1/missing-episodes/${r.body.id}/return`, { returned_at: "2026-11-01T20:00:00Z" });
    const noOne = await post("frontdoor", `/api/v1/missing-episodes/${r.body.id}/interview`, {
      offered_at: "2026-11-02T10:00:00Z", response: "declined", completed_at: "2026-11-02T12:00:00Z",
    });
    assert.equal(noOne.status, 422, noOne.text);
    assert.deepEqual(errorFields(noOne.body).sort(), ["interviewer", "response"]);
    const shown = await call("frontdoor", `/api/v1/missing-episodes/${r.body.id}`);
    assert.equal(shown.body.episode.interview_offered_at, null, "nothing was saved");
  });
});

describe("the repeat-missing rule", () => {
  test("three episodes in 30 days flag the child; the partnership may change the rule", async () => {
    const child = { given_name: "Repeat", family_name: "Runaway", date_of_birth: "2010-09-09" };
    const ids = [];
    for (const at of ["2026-10-01T20:00:00Z", "2026-10-12T20:00:00Z", "2026-10-25T20:00:00Z"]) {
      const r = await post("police", "/api/v1/missing-episodes", episode({ ...child, reported_at: at }));
      assert.equal(r.status, 201, r.text);
      ids.push(r.body.id);
    }
    const flags = async () => Promise.all(ids.map(async (id) => (await call("frontdoor", `/api/v1/missing-episodes/${id}`)).body.episode.repeat));
    assert.deepEqual(await flags(), [false, false, true]);
    const shown = await call("frontdoor", `/api/v1/missing-episodes/${ids[2]}`);
    assert.equal(shown.body.episode.child_episodes, 3, "all three matched to one register child");
    assert.equal((await post("police", "/api/v1/missing-episodes/settings", { repeat_episodes: 2, repeat_days: 30 })).status, 403);
    const bad = await post("partnership", "/api/v1/missing-episodes/settings", { repeat_episodes: 1, repeat_days: 0 });
    assert.equal(bad.status, 422, bad.text);
    assert.deepEqual(errorFields(bad.body).sort(), ["repeat_days", "repeat_episodes"]);
    const set = await post("partnership", "/api/v1/missing-episodes/settings", { repeat_episodes: 2, repeat_days: 12 });
    assert.equal(set.status, 200, set.text);
    assert.deepEqual(await flags(), [false, true, false], "the second is 11 days after the first; the third 13 after the second");
    await post("partnership", "/api/v1/missing-episodes/settings", { repeat_episodes: 3, repeat_days: 30 });
  });
});

describe("figures", () => {
  test("by area and month, with interviews within 72 hours and the median hours", async () => {
    // Blackpool, March 2026: three episodes of two children; two returned
    const child = { la_code: 890, given_name: "Figure", family_name: "Counted", date_of_birth: "2009-02-02" };
    const a = await post("police", "/api/v1/missing-episodes", episode({ ...child, reported_at: "2026-03-02T20:00:00Z", returned_at: "2026-03-03T08:00:00Z" }));
    const b = await post("police", "/api/v1/missing-episodes", episode({ ...child, reported_at: "2026-03-10T20:00:00Z", returned_at: "2026-03-11T08:00:00Z" }));
    await post("police", "/api/v1/missing-episodes", episode({ la_code: 890, given_name: "Other", family_name: "Child", date_of_birth: "2012-12-12", reported_at: "2026-03-20T20:00:00Z" }));
    // a: offered and held 24 hours after the return; b: offered in time, held 100 hours after
    await post("frontdoor2", `/api/v1/missing-episodes/${a.body.id}/interview`, { offered_at: "2026-03-03T12:00:00Z", response: "accepted", completed_at: "2026-03-04T08:00:00Z", interviewer: "RHI worker" });
    await post("frontdoor2", `/api/v1/missing-episodes/${b.body.id}/interview`, { offered_at: "2026-03-12T08:00:00Z", response: "accepted", completed_at: "2026-03-15T12:00:00Z", interviewer: "RHI worker" });
    const f = await call("partnership", "/api/v1/missing-episodes/figures?from=2026-03-01&to=2026-03-31");
    assert.equal(f.status, 200, f.text);
    const blackpool = f.body.areas.find((x) => x.la_name === "Blackpool");
    assert.equal(blackpool.months.length, 1);
    assert.deepEqual(
      { ...blackpool.total, median_text: undefined, offered_text: undefined, completed_text: undefined },
      {
        episodes: 3, children: 2, repeat_children: 0, returned: 2, placing_not_told: 0,
        offered_within_72_hours_percent: 100, completed_within_72_hours_percent: 50, median_hours_to_interview: 62,
        median_text: undefined, offered_text: undefined, completed_text: undefined,
      },
    );
    assert.equal(f.body.national_within_72_hours_percent, 63);
    // a return still inside its 72 hours counts neither way yet
    const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
    await post("police", "/api/v1/missing-episodes", episode({
      la_code: 889, given_name: "Recent", family_name: "Return", date_of_birth: "2011-11-11",
      reported_at: iso(Date.now() - 5 * 3600e3), returned_at: iso(Date.now() - 3600e3),
    }));
    // a period of the last few days, so the report (5 hours ago) is in it whatever the hour
    const from = iso(Date.now() - 3 * 86400e3).slice(0, 10), to = iso(Date.now() + 86400e3).slice(0, 10);
    const now = await call("partnership", `/api/v1/missing-episodes/figures?from=${from}&to=${to}`);
    const bwd = now.body.areas.find((x) => x.la_name === "Blackburn with Darwen");
    assert.deepEqual([bwd.total.returned, bwd.total.completed_within_72_hours_percent, bwd.total.completed_text], [1, null, "none due yet"]);
    assert.equal((await call("dsl", "/api/v1/missing-episodes/figures")).status, 403);
    const page = await request("/missing-episodes/figures?from=2026-03-01&to=2026-03-31", { token: await token("partnership") });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /about 63% of return home interviews/);
  });
});

describe("the exploitation screening tool and screenings", () => {
  const TOOL = JSON.parse(readFileSync(path.join(REPO_ROOT, "tests/http/data/exploitation-tool.json"), "utf8"));
  let n = 0;
  const file = (doc) => {
    const p = path.join(haven.dir, `tool-${++n}.json`);
    writeFileSync(p, JSON.stringify(doc));
    return p;
  };
  let child;

  test("before a tool is published a screening is refused, saying why", async () => {
    // the demo publishes a tool (src/areas/contextual/data/tool-demo.json): a partnership set up without it
    const BARE_PASSWORD = "a fictional passphrase for the tool test";
    const bare = await startHaven({ demo: false });
    try {
      const db = ["--db", bare.dbPath];
      assert.equal(runHaven(["la", "add", ...db, "--code", "888", "--name", "Lancashire"]).status, 0);
      assert.equal(runHaven(["agency", "add", ...db, "--slug", "lcc", "--type", "local_authority", "--name", "Lancashire County Council", "--la", "888"]).status, 0);
      const added = runHaven(["user", "add", ...db, "--email", "frontdoor@demo.haven.example", "--name", "Frank", "--agency", "lcc", "--role", "front_door"], { input: `${BARE_PASSWORD}\n` });
      assert.equal(added.status, 0, added.stderr);
      const bareApi = apiClient(() => bare, { passwords: { "frontdoor@demo.haven.example": BARE_PASSWORD } });
      const c = await bareApi.post("frontdoor", "/api/v1/children", {
        given_name: "Screened", family_name: "Young-Person", date_of_birth: "2011-03-14", sex: "not_known", la_code: 888, confirm_new: true,
      });
      assert.equal(c.status, 201, c.text);
      const s = await bareApi.post("frontdoor", `/api/v1/exploitation/children/${c.body.id}/screenings`, { judgement: "low" });
      assert.equal(s.status, 409, s.text);
      assert.match(s.body.errors[0].detail, /No exploitation screening tool is published/);
    } finally {
      await bare.stop();
    }
    const r = await post("police", "/api/v1/missing-episodes", episode({ given_name: "Screened", family_name: "Young-Person" }));
    child = (await call("frontdoor", `/api/v1/missing-episodes/${r.body.id}`)).body.episode.child_id;
  });

  test("haven import exploitation-tool checks the whole document and names each problem", () => {
    const bad = structuredClone(TOOL);
    bad.indicators[2].weight = 0;
    bad.indicators[3].domain = "nowhere";
    bad.rule.high_at = 2;
    bad.colour = "red";
    let r = runHaven(["import", "exploitation-tool", "--db", haven.dbPath, file(bad)]);
    assert.equal(r.status, 1, r.stderr);
    for (const p of ["$.indicators[2].weight", "$.indicators[3].domain", "$.rule.high_at", "$: unknown field \"colour\""]) {
      assert.ok(r.stderr.includes(p), `${p} in ${r.stderr}`);
    }
    assert.match(r.stderr, /4 problems; nothing was imported/);
    assert.deepEqual(sql("SELECT group_concat(version) AS v FROM exploitation_tool_versions")[0].v, "2025.1", "only the demo's tool");
    r = runHaven(["import", "exploitation-tool", "--db", haven.dbPath, file(TOOL)]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /published version 2026\.1 \(7 indicators\)/);
    r = runHaven(["import", "exploitation-tool", "--db", haven.dbPath, file(TOOL)]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /version 2026\.1 is already published/);
  });

  test("the rule, the judgement and its reasons; each screening keeps its version; the change over time", async () => {
    const url = `/api/v1/exploitation/children/${child}/screenings`;
    // 2 + 2 = 4: medium
    let r = await post("frontdoor", url, { indicators: ["cce-money", "cce-out-of-area"], judgement: "medium" });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual([r.body.screening.score, r.body.screening.rule_level, r.body.screening.version], [4, "medium", "2026.1"]);
    assert.match(r.body.screening.review_by, /^\d{4}-\d{2}-\d{2}$/);
    // a judgement other than the rule's needs reasons
    const noReasons = await post("frontdoor", url, { indicators: ["online-groomed"], judgement: "high" });
    assert.equal(noReasons.status, 422, noReasons.text);
    assert.deepEqual(errorFields(noReasons.body), ["reasons"]);
    assert.match(noReasons.body.errors[0].detail, /The tool's rule gives low risk/);
    const unknown = await post("frontdoor", url, { indicators: ["made-up"], judgement: "low" });
    assert.deepEqual([unknown.status, errorFields(unknown.body)[0]], [422, "indicators"]);
    // a decisive indicator is high whatever the score
    r = await post("frontdoor", url, { indicators: ["cce-weapon"], judgement: "high" });
    assert.deepEqual([r.body.screening.score, r.body.screening.rule_level], [3, "high"]);
    // a new version: later screenings use it, earlier ones keep theirs
    const v2 = structuredClone(TOOL);
    v2.version = "2026.2";
    v2.rule = { medium_at: 2, high_at: 4 };
    assert.equal(runHaven(["import", "exploitation-tool", "--db", haven.dbPath, file(v2)]).status, 0);
    r = await post("frontdoor", url, { indicators: ["cce-money", "cce-out-of-area"], judgement: "medium", reasons: "Known to the exploitation team; the money is explained" });
    assert.deepEqual([r.status, r.body.screening.rule_level, r.body.screening.version], [201, "high", "2026.2"]);
    const list = await call("frontdoor", url);
    assert.equal(list.status, 200, list.text);
    assert.deepEqual(list.body.screenings.map((s) => [s.version, s.judgement, s.change]), [
      ["2026.1", "medium", "First screening"],
      ["2026.1", "high", "Risk up"],
      ["2026.2", "medium", "Risk down"],
    ]);
  });

  test("the chronology's filter offers the area's kinds by name, and keeps the events of the one chosen", async () => {
    const all = (await call("police", "/api/v1/children/2/chronology")).body;
    const offered = all.kinds.find((k) => k.kind === "exploitation_screening");
    assert.equal(offered?.label, "Exploitation risk screenings");
    const chosen = (await call("police", "/api/v1/children/2/chronology?kind=exploitation_screening")).body;
    assert.deepEqual([...new Set(chosen.events.map((e) => e.kind))], ["exploitation_screening"]);
  });

  test("the demo's screening of Sam is found from his chronology, and leads to his network and NRM referral", async () => {
    // src/areas/contextual/demo.sql: screened by the police three weeks before the demo was made, medium
    const events = (await call("police", "/api/v1/children/2/chronology")).body.events.filter((e) => e.kind === "exploitation_screening");
    assert.equal(events.length, 1);
    const shown = await call("police", events[0].href);
    assert.equal(shown.status, 200, shown.text);
    assert.match(shown.text, /href="\/exploitation\/children\/2\/screenings"/);
    const page = await call("police", "/exploitation/children/2/screenings");
    assert.equal(page.status, 200);
    assert.match(page.text, /href="\/exploitation\/children\/2\/network"/);
    const nrm = [...page.text.matchAll(/href="(\/exploitation\/nrm-referrals\/\d+)"/g)].map((m) => m[1]);
    assert.equal(nrm.length, 1);
    assert.equal((await call("police", nrm[0])).status, 200);
    assert.equal((await call("police", "/exploitation/children/2/network")).status, 200);
    // its review is two months away: on nobody's list yet
    assert.ok(!(await call("police", "/api/v1/tasks")).body.tasks.some((t) => t.record_type === "exploitation_screening"));
  });

  test("only agencies working with the child see or make screenings", async () => {
    const url = `/api/v1/exploitation/children/${child}/screenings`;
    assert.equal((await call("dsl", url)).status, 404, "a school not linked to the child");
    assert.equal((await post("frontdoor2", url, { judgement: "low" })).status, 404, "another local authority");
    assert.equal((await call("idva", url)).status, 403);
    const one = (await call("frontdoor", url)).body.screenings[0].id;
    assert.equal((await call("frontdoor", `/api/v1/exploitation/screenings/${one}`)).status, 200);
    assert.equal((await call("frontdoor2", `/api/v1/exploitation/screenings/${one}`)).status, 404);
    assert.equal((await call("scrutineer", `/api/v1/exploitation/screenings/${one}`)).status, 403);
  });

  test("National Referral Mechanism referrals and their decisions", async () => {
    const url = `/api/v1/exploitation/children/${child}/nrm-referrals`;
    const bad = await post("frontdoor", url, {
      referred_on: "2026-11-01", first_responder: "Lancashire County Council",
      reasonable_grounds: "negative", conclusive_grounds: "positive", conclusive_grounds_on: "2026-10-01",
    });
    assert.equal(bad.status, 422, bad.text);
    assert.deepEqual(errorFields(bad.body).sort(), ["conclusive_grounds", "conclusive_grounds_on", "reasonable_grounds_on"]);
    const r = await post("frontdoor", url, { referred_on: "2026-11-01", first_responder: "Lancashire County Council" });
    assert.equal(r.status, 201, r.text);
    const id = r.body.referral.id;
    assert.deepEqual([r.body.referral.reasonable_grounds, r.body.referral.conclusive_grounds], ["pending", "pending"]);
    const decided = await post("frontdoor", `/api/v1/exploitation/nrm-referrals/${id}/decisions`, {
      reasonable_grounds: "positive", reasonable_grounds_on: "2026-11-05",
    });
    assert.equal(decided.status, 200, decided.text);
    assert.equal(decided.body.referral.reasonable_grounds_on, "2026-11-05");
    const early = await post("frontdoor", `/api/v1/exploitation/nrm-referrals/${id}/decisions`, {
      reasonable_grounds: "positive", reasonable_grounds_on: "2026-10-30",
    });
    assert.deepEqual([early.status, errorFields(early.body)], [422, ["reasonable_grounds_on"]]);
    const list = await call("frontdoor", `/api/v1/exploitation/children/${child}/screenings`);
    assert.deepEqual(list.body.nrm_referrals.map((x) => [x.id, x.reasonable_grounds]), [[id, "positive"]]);
    assert.equal((await call("frontdoor2", `/api/v1/exploitation/nrm-referrals/${id}`)).status, 404);
    assert.equal((await call("dsl", `/api/v1/exploitation/nrm-referrals/${id}`)).status, 404);
    const audited = sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'nrm.update' AND resource_id = '${id}'`);
    assert.equal(audited[0].n, 1);
  });

  test("a decisions body missing a decision leaves the decision made as it was", async () => {
    const r = await post("frontdoor", `/api/v1/exploitation/children/${child}/nrm-referrals`, {
      referred_on: "2026-11-01", first_responder: "Lancashire County Council",
      reasonable_grounds: "positive", reasonable_grounds_on: "2026-11-05",
    });
    assert.equal(r.status, 201, r.text);
    const id = r.body.referral.id;
    const decisions = () =>
      sql(`SELECT reasonable_grounds, reasonable_grounds_on, conclusive_grounds, conclusive_grounds_on
           FROM nrm_referrals WHERE id = ${id}`)[0];
    const before = decisions();
    const empty = await post("frontdoor", `/api/v1/exploitation/nrm-referrals/${id}/decisions`, {});
    assert.deepEqual([empty.status, errorFields(empty.body)], [422, ["reasonable_grounds"]], empty.text);
    assert.deepEqual(decisions(), before, "an empty body changes nothing");
    const conclusive = await post("frontdoor", `/api/v1/exploitation/nrm-referrals/${id}/decisions`, {
      conclusive_grounds: "positive", conclusive_grounds_on: "2026-11-20",
    });
    assert.equal(conclusive.status, 200, conclusive.text);
    assert.deepEqual(decisions(), { ...before, conclusive_grounds: "positive", conclusive_grounds_on: "2026-11-20" });
  });

  test("only the referring agency records decisions; one made is changed only with a reason, never back to pending", async () => {
    const r = await post("frontdoor", `/api/v1/exploitation/children/${child}/nrm-referrals`, {
      referred_on: "2026-11-01", first_responder: "Lancashire County Council",
    });
    assert.equal(r.status, 201, r.text);
    const id = r.body.referral.id;
    const decide = (who, body) => post(who, `/api/v1/exploitation/nrm-referrals/${id}/decisions`, body);
    assert.equal((await decide("frontdoor", { reasonable_grounds: "positive", reasonable_grounds_on: "2026-11-05" })).status, 200);
    assert.equal((await decide("frontdoor", { conclusive_grounds: "positive", conclusive_grounds_on: "2026-11-20" })).status, 200);
    const decisions = () =>
      sql(`SELECT reasonable_grounds, reasonable_grounds_on, conclusive_grounds, conclusive_grounds_on
           FROM nrm_referrals WHERE id = ${id}`)[0];
    const audits = () => sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'nrm.update' AND resource_id = '${id}'`)[0].n;
    const made = decisions();
    const audited = audits();

    // the school starts working with the child: it reads the referral, but the decisions are not its to record
    sql(`INSERT INTO child_links (child_id, agency_id, relationship)
         SELECT ${child}, id, 'setting' FROM agencies WHERE slug = 'brookfield-primary'
         AND NOT EXISTS (SELECT 1 FROM child_links l WHERE l.child_id = ${child} AND l.agency_id = agencies.id)`);
    assert.equal((await call("dsl", `/api/v1/exploitation/nrm-referrals/${id}`)).status, 200, "a linked agency reads it");
    const page = await call("dsl", `/exploitation/nrm-referrals/${id}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /Record the decisions/, "no decisions form for an agency that did not refer");
    assert.match((await call("frontdoor", `/exploitation/nrm-referrals/${id}`)).text, /Record the decisions/);
    const overwrite = await decide("dsl", { conclusive_grounds: "negative", conclusive_grounds_on: "2026-11-21" });
    assert.equal(overwrite.status, 404, overwrite.text);
    assert.equal((await decide("dsl", { conclusive_grounds: "pending" })).status, 404);
    assert.deepEqual(decisions(), made, "another agency changes nothing");

    // the referring agency cannot put a decision made back to pending
    const erase = await decide("frontdoor", { conclusive_grounds: "pending" });
    assert.deepEqual([erase.status, errorFields(erase.body)], [422, ["conclusive_grounds"]], erase.text);
    const eraseRg = await decide("frontdoor", { reasonable_grounds: "pending", conclusive_grounds: "pending" });
    assert.equal(eraseRg.status, 422, eraseRg.text);
    assert.deepEqual(decisions(), made, "nothing put back to pending");

    // changing a decision made (or its date) needs a reason
    const noReason = await decide("frontdoor", { conclusive_grounds: "negative", conclusive_grounds_on: "2026-11-21" });
    assert.deepEqual([noReason.status, errorFields(noReason.body)], [422, ["reason"]], noReason.text);
    const noReasonDate = await decide("frontdoor", { conclusive_grounds: "positive", conclusive_grounds_on: "2026-11-19" });
    assert.deepEqual([noReasonDate.status, errorFields(noReasonDate.body)], [422, ["reason"]], noReasonDate.text);
    assert.deepEqual(decisions(), made);
    assert.equal(audits(), audited, "nothing refused is audited as a change");

    // the same decision sent again is no change: no reason needed
    assert.equal((await decide("frontdoor", { conclusive_grounds: "positive", conclusive_grounds_on: "2026-11-20" })).status, 200);

    // with a reason it is changed, and the audit row keeps the reason and what the decision was
    const changed = await decide("frontdoor", {
      conclusive_grounds: "negative", conclusive_grounds_on: "2026-11-21", reason: "Home Office reconsideration",
    });
    assert.equal(changed.status, 200, changed.text);
    assert.deepEqual(decisions(), { ...made, conclusive_grounds: "negative", conclusive_grounds_on: "2026-11-21" });
    const [row] = sql(`SELECT reason FROM audit_log WHERE action = 'nrm.update' AND resource_id = '${id}'
                       ORDER BY id DESC LIMIT 1`);
    assert.equal(row.reason, "Home Office reconsideration (conclusive grounds positive 2026-11-20 -> negative 2026-11-21)");
  });
});

describe("haven import missing-episodes", () => {
  // the header before placing_la_code was a column: a force's export made to it still imports
  const HEADER = "police_reference,given_name,family_name,date_of_birth,la_code,reported_at,risk_grading,missing_from,placing_authority,returned_at,found_where,safe_and_well_check";
  const HEADER_WITH_CODE = "police_reference,given_name,family_name,date_of_birth,la_code,reported_at,risk_grading,missing_from,placing_la_code,placing_authority,returned_at,found_where,safe_and_well_check";
  let n = 0;
  const write = (name, text) => {
    const p = path.join(haven.dir, `${++n}-${name}`);
    writeFileSync(p, text);
    return p;
  };
  const count = () => sql("SELECT count(*) AS n FROM missing_episodes WHERE police_reference LIKE 'IMP-%'")[0].n;

  test("a CSV file is checked whole, each problem named by line and field, and imported all or nothing", async () => {
    const bad = write("bad.csv", [
      HEADER,
      "IMP-1,Imran,Importer,2011-01-01,888,2026-11-20T21:30:00Z,high,home,,2026-11-21T07:00:00Z,\"A park, by the lake\",yes",
      "IMP-2,,Importer,2011-01-01,999,2026-11-20T21:30:00Z,severe,home,,,,",
    ].join("\n") + "\n");
    let r = runHaven(["import", "missing-episodes", "--db", haven.dbPath, bad]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /line 3: given_name: /);
    assert.match(r.stderr, /line 3: la_code: 999 is not the code of a local authority/);
    assert.match(r.stderr, /line 3: risk_grading: /);
    assert.match(r.stderr, /3 problems; nothing was imported/);
    assert.equal(count(), 0);
    const good = write("good.csv", [
      HEADER,
      "IMP-1,Imran,Importer,2011-01-01,888,2026-11-20T21:30:00Z,high,home,,2026-11-21T07:00:00Z,\"A park, by the lake\",yes",
      "IMP-2,Isla,Importer,2012-02-02,888,2026-11-22T21:30:00Z,low,care,Cumbria,,,",
    ].join("\n") + "\n");
    r = runHaven(["import", "missing-episodes", "--db", haven.dbPath, good]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /2 episodes: 2 created, 0 unchanged/);
    r = runHaven(["import", "missing-episodes", "--db", haven.dbPath, good]);
    assert.match(r.stdout, /2 episodes: 0 created, 2 unchanged/);
    const [one] = sql("SELECT id, found_where, safe_and_well_check, source FROM missing_episodes WHERE police_reference = 'IMP-1'");
    assert.deepEqual([one.found_where, one.safe_and_well_check, one.source], ["A park, by the lake", 1, "import"]);
    // the local authority sees them; another does not
    assert.equal((await call("frontdoor", `/api/v1/missing-episodes/${one.id}`)).status, 200);
    assert.equal((await call("frontdoor2", `/api/v1/missing-episodes/${one.id}`)).status, 404);
    // a changed resend is refused by line, and nothing else in the file is saved
    const changed = write("changed.csv", [
      HEADER,
      "IMP-3,Ivy,Importer,2013-03-03,888,2026-11-23T21:30:00Z,low,home,,,,",
      "IMP-2,Isla,Importer,2012-02-02,888,2026-11-22T21:30:00Z,high,care,Cumbria,,,",
    ].join("\n") + "\n");
    r = runHaven(["import", "missing-episodes", "--db", haven.dbPath, changed]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /line 3: police_reference: .*IMP-2 was already received with other details/);
    assert.equal(count(), 2, "IMP-3 was not saved either");
  });

  test("the placing authority's columns are checked as the API checks them, each problem named by line and column", async () => {
    // [reference, missing from, placing_la_code, placing_authority, the column named]
    const cases = [
      ["IMP-P1", "care", "abc", "", "placing_la_code"],
      ["IMP-P2", "care", "9999", "", "placing_la_code"],
      ["IMP-P3", "care", "888", "", "placing_la_code"],
      ["IMP-P4", "care", "890", "Far Away Council", "placing_authority"],
      ["IMP-P5", "home", "890", "", "placing_la_code"],
      ["IMP-P6", "home", "", "Far Away Council", "placing_authority"],
    ];
    const row = (ref, from, code, name) =>
      `${ref},Pia,Placed${ref.slice(-1)},2011-05-05,888,2026-11-24T21:30:00Z,medium,${from},${code},${name},,,`;
    const bad = write("placing-bad.csv", [HEADER_WITH_CODE, ...cases.map((c) => row(...c))].join("\n") + "\n");
    let r = runHaven(["import", "missing-episodes", "--db", haven.dbPath, bad]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /6 problems; nothing was imported/);
    for (const [i, [ref, from, code, name, column]] of cases.entries()) {
      // the same episode sent in a batch on the API: the same field, the same words (after the batch's "Episode 1 (REF): ")
      const sent = episode({ police_reference: ref, missing_from: from });
      if (code) sent.placing_la_code = /^\d+$/.test(code) ? Number(code) : code;
      if (name) sent.placing_authority = name;
      const api = await post("police", "/api/v1/missing-episodes", { episodes: [sent] });
      assert.equal(api.status, 422, api.text);
      assert.deepEqual(errorFields(api.body), [`episodes[0].${column}`], ref);
      const words = api.body.errors[0].detail.replace(/^Episode 1 \([^)]*\): /, "");
      assert.ok(r.stderr.includes(`line ${i + 2}: ${column}: ${words}\n`), `${ref}: ${words} in ${r.stderr}`);
    }
    assert.equal(sql("SELECT count(*) AS n FROM missing_episodes WHERE police_reference LIKE 'IMP-P%'")[0].n, 0);

    const good = write("placing-good.csv", [
      HEADER_WITH_CODE,
      row("IMP-P7", "care", "890", ""),
      row("IMP-P8", "care", "", "Far Away Council"),
    ].join("\n") + "\n");
    r = runHaven(["import", "missing-episodes", "--db", haven.dbPath, good]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /2 episodes: 2 created, 0 unchanged/);
    const saved = sql("SELECT id, placing_la_code, placing_authority FROM missing_episodes WHERE police_reference IN ('IMP-P7', 'IMP-P8') ORDER BY police_reference");
    assert.deepEqual(saved.map((e) => [e.placing_la_code, e.placing_authority]), [[890, null], [null, "Far Away Council"]]);
    // the placing authority of the partnership sees the episode and is to be told, as when the police send it
    const seen = await call("frontdoor2", `/api/v1/missing-episodes/${saved[0].id}`);
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.body.episode.placing_authority_not_told, true);
    const tasks = (await call("frontdoor2", "/api/v1/tasks")).body.tasks;
    assert.ok(tasks.some((t) => t.kind === "contextual.placed_child_missing" && t.record_id === saved[0].id), "the placing authority's task");
    assert.equal((await call("frontdoor2", `/api/v1/missing-episodes/${saved[1].id}`)).status, 404);
    // the same file again changes nothing
    r = runHaven(["import", "missing-episodes", "--db", haven.dbPath, good]);
    assert.match(r.stdout, /2 episodes: 0 created, 2 unchanged/);
  });

  test("a CSV file with neither header is refused, naming the header it must have", () => {
    const r = runHaven(["import", "missing-episodes", "--db", haven.dbPath, write("header.csv", `${HEADER},extra\n`)]);
    assert.equal(r.status, 1);
    assert.ok(r.stderr.includes(`line 1: the header row must be ${HEADER_WITH_CODE}\n`), r.stderr);
  });

  test("a JSON file takes the API's layout", () => {
    const file = write("episodes.json", JSON.stringify({ episodes: [episode({ police_reference: "IMP-J1" })] }));
    let r = runHaven(["import", "missing-episodes", "--db", haven.dbPath, file]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /1 episodes: 1 created/);
    r = runHaven(["import", "missing-episodes", "--db", haven.dbPath, write("wrong.json", JSON.stringify({ incidents: [] }))]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /expected a list of episodes/);
    r = runHaven(["import", "missing-episodes", "--db", haven.dbPath, write("episodes.txt", "x")]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /must be \.csv or \.json/);
  });
});

describe("young adults", () => {
  test("a young adult over 18 (to 25) is recorded and screened as a child is", async () => {
    const r = await post("police", "/api/v1/missing-episodes", episode({ given_name: "Yasmin", family_name: "Twentythree", date_of_birth: "2003-05-01" }));
    assert.equal(r.status, 201, r.text);
    const shown = (await call("frontdoor", `/api/v1/missing-episodes/${r.body.id}`)).body.episode;
    assert.equal(shown.young_adult, true);
    const url = `/api/v1/exploitation/children/${shown.child_id}/screenings`;
    const s = await post("frontdoor", url, { indicators: ["cce-weapon"], judgement: "high" });
    assert.equal(s.status, 201, s.text);
    assert.deepEqual([s.body.screening.rule_level, s.body.screening.child_id], ["high", shown.child_id]);
    assert.deepEqual((await call("frontdoor", url)).body.screenings.map((x) => x.judgement), ["high"]);
  });

  test("a young person's move to adult services is recorded from 17", async () => {
    const older = await post("police", "/api/v1/missing-episodes", episode({ given_name: "Yara", family_name: "Adultward", date_of_birth: "2007-01-10" }));
    const younger = await post("police", "/api/v1/missing-episodes", episode({ given_name: "Yuri", family_name: "Stillyoung", date_of_birth: "2010-06-10" }));
    const childOf = async (r) => (await call("frontdoor", `/api/v1/missing-episodes/${r.body.id}`)).body.episode.child_id;
    const adult = await childOf(older), young = await childOf(younger);
    const refused = await post("frontdoor", `/api/v1/exploitation/children/${young}/transitions`, { transferred_on: "2026-11-01", adult_service: "Adult social care" });
    assert.equal(refused.status, 422, refused.text);
    assert.deepEqual(errorFields(refused.body), ["transferred_on"]);
    assert.equal((await post("police", `/api/v1/exploitation/children/${adult}/transitions`, { transferred_on: "2026-11-01", adult_service: "X" })).status, 403);
    const moved = await post("frontdoor", `/api/v1/exploitation/children/${adult}/transitions`, { transferred_on: "2026-11-01", adult_service: "Adult social care", notes: "Care leaver" });
    assert.equal(moved.status, 200, moved.text);
    assert.deepEqual(moved.body.transitions.map((t) => [t.transferred_on, t.adult_service]), [["2026-11-01", "Adult social care"]]);
    assert.equal((await post("frontdoor2", `/api/v1/exploitation/children/${adult}/transitions`, { transferred_on: "2026-11-01", adult_service: "X" })).status, 404);
  });
});

