// Contextual safeguarding as a new user walked it (src/areas/contextual), over
// HTTP on the demo partnership: a place or group is corrected, ended or
// reopened only by the agency that recorded it and the exploitation teams
// (police, front door), and a page asks "Are you sure" before ending; the
// disruption form offers only what fits the record; a child's page leads to
// their screenings and network, and the screenings page back to the child; a
// missing episode's page leads to the child and their screening; the
// chronology holds NRM referrals and links to places, and says who recorded an
// episode; the police are not offered the move to adult services; the
// missing-episode form names every mistake at once and says one true thing.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlRows } from "../lib/api.mjs";
import { reportedChild } from "../lib/missing.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const api = apiClient(() => haven);
const { call, post } = api;
const sql = (query) => sqlRows(haven.dbPath, query);

let child; // a Lancashire child the police reported missing, known to the local authority and the police

before(async () => {
  haven = await startHaven();
  child = await reportedChild(api, "LC-WALK-1", "Ash", "Walkthrough", "2011-03-04");
});
after(async () => {
  if (haven) await haven.stop();
});

/** A browser-like client signed in as `who`. */
async function browser(who) {
  const b = cookieClient(() => haven);
  await b.signIn(who);
  return b;
}

describe("who corrects, ends and reopens a place or group", () => {
  let park;
  before(async () => {
    const r = await post("police", "/api/v1/contexts", { kind: "place", name: "Walkthrough skate park", place_kind: "park" });
    assert.equal(r.status, 201, r.text);
    park = r.body.context.id;
  });

  test("another agency's school reads it but can neither correct nor end it, and its page offers no such form", async () => {
    const read = await call("dsl2", `/api/v1/contexts/${park}`);
    assert.equal(read.status, 200, read.text);
    const edit = await post("dsl2", `/api/v1/contexts/${park}/edit`, { name: "Renamed", edit_reason: "Mine now" });
    const end = await post("dsl2", `/api/v1/contexts/${park}/end`, { end_reason: "Closed" });
    assert.deepEqual([edit.status, end.status], [404, 404], `${edit.text} ${end.text}`);
    assert.deepEqual(sql(`SELECT name, ended_at FROM contexts WHERE id = ${park}`), [{ name: "Walkthrough skate park", ended_at: null }]);
    const b = await browser("dsl2");
    const page = await b.request(`/contexts/${park}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /End this record|Correct the details/);
    assert.match(page.text, /Link a child|Record the disruption/, "others still link and record disruption");
  });

  test("the agency that recorded a place corrects it; the front door (who runs MACE) ends it after confirming", async () => {
    const own = await post("police", `/api/v1/contexts/${park}/edit`, { name: "Walkthrough skate park, Riverside", edit_reason: "Fuller name" });
    assert.equal(own.status, 200, own.text);
    const b = await browser("frontdoor");
    let page = await b.request(`/contexts/${park}`);
    assert.match(page.text, /End this record/);
    // the page's first send asks "Are you sure", and ends nothing; showing the record again is a read, audited
    const reads = () => Number(sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'context.read' AND resource_id = '${park}'`)[0].n);
    const readsBefore = reads();
    const asked = await b.request(`/contexts/${park}/end`, { method: "POST", form: { csrf_token: b.csrfOf(page.text), end_reason: "Closed by the council" } });
    assert.equal(asked.status, 200, asked.text);
    assert.equal(reads(), readsBefore + 1, "the confirmation page's read is audited");
    assert.match(asked.text, /Are you sure you want to end Walkthrough skate park, Riverside\?/);
    assert.match(asked.text, /name="end_reason" value="Closed by the council"/);
    assert.equal(sql(`SELECT ended_at FROM contexts WHERE id = ${park}`)[0].ended_at, null);
    const sure = await b.request(`/contexts/${park}/end`, {
      method: "POST", form: { csrf_token: b.csrfOf(asked.text), end_reason: "Closed by the council", confirmed: "yes" },
    });
    assert.equal(sure.status, 303, sure.text);
    assert.deepEqual(sql(`SELECT ended_reason FROM contexts WHERE id = ${park}`), [{ ended_reason: "Closed by the council" }]);
    page = await b.request(sure.location);
    assert.match(page.text, /Record ended/);
    assert.match(page.text, /Reopen this record/);
  });

  test("an ended place is reopened with a reason by whoever may end it, audited and kept in its history", async () => {
    const notTheirs = await post("dsl2", `/api/v1/contexts/${park}/reopen`, { reopen_reason: "Still open" });
    assert.equal(notTheirs.status, 404, notTheirs.text);
    const noReason = await post("police", `/api/v1/contexts/${park}/reopen`, {});
    assert.deepEqual([noReason.status, errorFields(noReason.body)], [422, ["reopen_reason"]]);
    assert.notEqual(sql(`SELECT ended_at FROM contexts WHERE id = ${park}`)[0].ended_at, null, "nothing changed");
    const r = await post("police", `/api/v1/contexts/${park}/reopen`, { reopen_reason: "Ended by mistake" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.context.ended_at ?? null, null);
    assert.deepEqual(r.body.history.map((h) => [h.change, h.reason]).slice(0, 2),
      [["reopened", "Ended by mistake"], ["ended", "Closed by the council"]]);
    assert.deepEqual(sql(`SELECT action, reason FROM audit_log WHERE action = 'context.reopen' AND resource_type = 'context' AND resource_id = '${park}'`),
      [{ action: "context.reopen", reason: "Ended by mistake" }]);
    const twice = await post("police", `/api/v1/contexts/${park}/reopen`, { reopen_reason: "Again" });
    assert.deepEqual([twice.status, errorFields(twice.body)], [422, ["reopen_reason"]]);
    assert.equal(twice.body.errors[0].detail, "This record is current: it has not ended");
  });

  test("a school ends a place its own agency recorded", async () => {
    const made = await post("dsl2", "/api/v1/contexts", { kind: "group", name: "Walkthrough lunch group" });
    assert.equal(made.status, 201, made.text);
    const ended = await post("dsl2", `/api/v1/contexts/${made.body.context.id}/end`, { end_reason: "Dispersed" });
    assert.equal(ended.status, 200, ended.text);
    // ended once: ending it again is refused on the reason, and its ending stays as it was
    const again = await post("dsl2", `/api/v1/contexts/${made.body.context.id}/end`, { end_reason: "Again" });
    assert.deepEqual([again.status, errorFields(again.body)], [422, ["end_reason"]]);
    assert.equal(again.body.errors[0].detail, "This record has ended already");
    assert.deepEqual(sql(`SELECT ended_reason FROM contexts WHERE id = ${made.body.context.id}`), [{ ended_reason: "Dispersed" }]);
    const other = await post("dsl", `/api/v1/contexts/${made.body.context.id}/reopen`, { reopen_reason: "No" });
    assert.equal(other.status, 404, "another school may not reopen it");
  });

  test("the disruption form offers only what applies to the record's kind", async () => {
    const b = await browser("police");
    const place = await b.request(`/contexts/${park}`);
    const options = (html) => [...html.matchAll(/<option value="([a-z_]+)"[^>]*>[^<]*<\/option>/g)].map((m) => m[1])
      .filter((v) => ["cawn", "arrest", "licensing_review", "closure_order", "other"].includes(v));
    assert.deepEqual(options(place.text), ["licensing_review", "closure_order", "other"]);
    const group = sql("SELECT id FROM contexts WHERE kind = 'group' ORDER BY id LIMIT 1")[0].id;
    assert.deepEqual(options((await b.request(`/contexts/${group}`)).text), ["other"]);
  });
});

describe("from the child's page to contextual work, and back", () => {
  test("the child's page links to screenings and network for whoever may open them", async () => {
    const fd = await browser("frontdoor");
    const page = await fd.request(`/children/${child}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`href="/exploitation/children/${child}/screenings"`));
    assert.match(page.text, new RegExp(`href="/exploitation/children/${child}/network"`));
    const screenings = await fd.request(`/exploitation/children/${child}/screenings`);
    assert.match(screenings.text, new RegExp(`<a href="/children/${child}" class="govuk-back-link">Back to Ash Walkthrough</a>`));
  });

  test("the police are not offered the move to adult services; the local authority is", async () => {
    const police = await browser("police");
    const theirs = await police.request(`/exploitation/children/${child}/screenings`);
    assert.equal(theirs.status, 200);
    assert.doesNotMatch(theirs.text, /action="\/exploitation\/children\/\d+\/transitions"/);
    const fd = await browser("frontdoor");
    const la = await fd.request(`/exploitation/children/${child}/screenings`);
    assert.match(la.text, /action="\/exploitation\/children\/\d+\/transitions"/);
  });

  test("the chronology holds NRM referrals and links to places, and says who recorded the episode", async () => {
    const nrm = await post("frontdoor", `/api/v1/exploitation/children/${child}/nrm-referrals`, {
      referred_on: "2026-11-25", first_responder: "Lancashire County Council",
    });
    assert.ok([200, 201].includes(nrm.status), nrm.text);
    const place = await post("frontdoor", "/api/v1/contexts", { kind: "place", name: "Walkthrough bus station" });
    const linked = await post("frontdoor", `/api/v1/contexts/${place.body.context.id}/links`, { child, nature: "Seen there", source: "Police" });
    assert.equal(linked.status, 200, linked.text);
    const r = await call("frontdoor", `/api/v1/children/${child}/chronology`);
    assert.equal(r.status, 200, r.text);
    const kinds = new Map(r.body.events.map((e) => [e.kind, e]));
    assert.match(kinds.get("nrm_referral")?.text ?? "", /National Referral Mechanism/);
    assert.match(kinds.get("context_link")?.text ?? "", /Walkthrough bus station: Seen there/);
    assert.match(kinds.get("missing_episode")?.agency ?? "Not recorded", /^Lancashire Constabulary/);
  });
});

describe("a missing episode's form and page", () => {
  /** Sends the police's form for a child reported missing on 20 November 2026 (`fields` added or changed). */
  async function reportByForm(b, form, fields) {
    return b.request("/missing-episodes", {
      method: "POST",
      form: {
        csrf_token: b.csrfOf(form.text), "date_of_birth-day": "1", "date_of_birth-month": "2", "date_of_birth-year": "2012",
        la_code: "888", "reported_on-day": "20", "reported_on-month": "11", "reported_on-year": "2026",
        reported_time: "21:30", risk_grading: "low", missing_from: "home", ...fields,
      },
    });
  }

  test("every mistake is named in one send, the time's and the return's order together", async () => {
    const b = await browser("police");
    const form = await b.request("/missing-episodes/new");
    const sent = await reportByForm(b, form, {
      police_reference: "LC-WALK-2", given_name: "Bo", family_name: "Onepass", reported_time: "9.30 at night",
      "returned_on-day": "18", "returned_on-month": "11", "returned_on-year": "2026", returned_time: "10:00",
    });
    assert.equal(sent.status, 422, sent.text);
    assert.match(sent.text, /Enter the time the child was reported missing as hours and minutes/);
    assert.match(sent.text, /The return must be after the child was reported missing/);
    assert.equal(sql("SELECT count(*) AS n FROM missing_episodes WHERE police_reference = 'LC-WALK-2'")[0].n, 0);
  });

  test("optional fields say so, and the recorded episode says one true thing about the register", async () => {
    const b = await browser("police");
    const form = await b.request("/missing-episodes/new");
    assert.match(form.text, /Placing authority in the partnership \(optional\)/);
    assert.match(form.text, /Or another placing authority \(optional\)/);
    assert.match(form.text, /The return \(optional\)/);
    const sent = await reportByForm(b, form, { police_reference: "LC-WALK-3", given_name: "Cal", family_name: "Newtoregister" });
    assert.equal(sent.status, 303, sent.text);
    const page = await b.request(sent.location);
    assert.match(page.text, /Missing episode recorded/);
    assert.match(page.text, /Added to the children register: no child on it matched/);
    assert.doesNotMatch(page.text, /Matched to the register/);
    const id = sql("SELECT child_id FROM missing_episodes WHERE police_reference = 'LC-WALK-3'")[0].child_id;
    assert.match(page.text, new RegExp(`href="/children/${id}"`));
    assert.match(page.text, new RegExp(`href="/exploitation/children/${id}/screenings"`));
  });
});
