// Contexts, not only children (issue 17, src/areas/contextual/contexts.c) over
// HTTP on the demo partnership: places and peer groups are recorded and linked
// to children with the nature and source of each link; a context's page and its
// network view show only the children the viewer's agency works with; persons
// of concern are seen only by the police and the local authority's front door
// (403 for schools and health, and left out of their network views); disruption
// against a person or place is recorded with its dates and outcome; bad input is
// named by field and changes nothing; every read and change is audited. In a
// browser, the link form says where the child's record number is shown, and
// the banner after linking says what was done.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlRows } from "../lib/api.mjs";
import { reportedChild } from "../lib/missing.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const api = apiClient(() => haven);
const { call, post, request, token } = api;
const sql = (query) => sqlRows(haven.dbPath, query);

let child; // a Lancashire child on the register, known to the local authority and the police who reported them missing (and the school, below)
let other; // a Lancashire child the school does not know

before(async () => {
  haven = await startHaven();
  child = await reportedChild(api, "LC-CTX-1", "Kai", "Contextone", "2011-05-02");
  other = await reportedChild(api, "LC-CTX-2", "Rowan", "Elsewhere", "2010-01-17");
  // the child attends Brookfield Primary (the demo DSL's school): the school works with them
  sql(`INSERT INTO child_links (child_id, agency_id, relationship)
       SELECT ${child}, id, 'setting' FROM agencies WHERE slug = 'brookfield-primary'`);
});
after(async () => {
  if (haven) await haven.stop();
});

let park, person;

describe("places and groups", () => {
  test("a place is recorded, a child linked with the nature and source of the link, and shown", async () => {
    const r = await post("frontdoor", "/api/v1/contexts", {
      kind: "place", name: "Riverside Park skate area", place_kind: "park", address: "Riverside, Preston",
    });
    assert.equal(r.status, 201, r.text);
    park = r.body.context.id;
    const linked = await post("frontdoor", `/api/v1/contexts/${park}/links`, {
      child, nature: "Seen there late at night with older youths", source: "Return home interview",
    });
    assert.equal(linked.status, 200, linked.text);
    assert.deepEqual(linked.body.children.map((c) => [c.child_id, c.nature, c.source]),
      [[child, "Seen there late at night with older youths", "Return home interview"]]);
    const again = await post("frontdoor", `/api/v1/contexts/${park}/links`, { child, nature: "Again", source: "Police" });
    assert.equal(again.status, 422, again.text);
    assert.deepEqual(errorFields(again.body), ["child"]);
    const list = await call("police", "/api/v1/contexts");
    assert.equal(list.status, 200, list.text);
    // newest first, after the demo partnership's own
    assert.deepEqual([list.body.contexts[0]].map((c) => [c.name, c.kind, c.links]), [["Riverside Park skate area", "place", 1]]);
  });

  test("a duplicate record merged into another is not linked: the kept record is named, nothing changes", async () => {
    const kept = await reportedChild(api, "LC-CTX-3", "Sasha", "Keptrecord", "2012-03-04");
    const duplicate = await reportedChild(api, "LC-CTX-4", "Sacha", "Keptrecord", "2012-03-04");
    const merged = await post("frontdoor", `/api/v1/children/${kept}/merge`, { other: duplicate, reason: "Same child: the police confirmed the spelling." });
    assert.equal(merged.status, 200, merged.text);
    const before = sql(`SELECT count(*) AS n FROM context_links WHERE context_id = ${park}`)[0].n;
    const r = await post("frontdoor", `/api/v1/contexts/${park}/links`, { child: duplicate, nature: "Seen there", source: "Police" });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["child"]);
    assert.equal(r.body.errors[0].detail, `This record was merged into record ${kept}: link that one`);
    assert.equal(sql(`SELECT count(*) AS n FROM context_links WHERE context_id = ${park}`)[0].n, before, "nothing was linked");
  });

  test("a context's page shows only the children the viewer's agency works with", async () => {
    const otherLink = await post("frontdoor", `/api/v1/contexts/${park}/links`, { child: other, nature: "Deals there", source: "Police intelligence" });
    assert.equal(otherLink.status, 200, otherLink.text);
    const school = await call("dsl", `/api/v1/contexts/${park}`);
    assert.equal(school.status, 200, school.text);
    assert.deepEqual(school.body.children.map((c) => c.child_id), [child], "the school sees its pupil, not the other child");
    const health = await call("practitioner", `/api/v1/contexts/${park}`);
    assert.deepEqual(health.body.children, [], "a hospital that works with neither child sees neither");
    assert.deepEqual(health.body.network_rows, []);
    // a child the linker does not work with is refused, naming the field
    const refused = await post("dsl", `/api/v1/contexts/${park}/links`, { child: other, nature: "Seen", source: "School" });
    assert.equal(refused.status, 422, refused.text);
    assert.deepEqual(errorFields(refused.body), ["child"]);
    assert.equal(sql(`SELECT count(*) AS n FROM context_links WHERE context_id = ${park}`)[0].n, 2);
    // the read is audited with the children it showed
    const [row] = sql(`SELECT count(*) AS n FROM audit_log a JOIN audit_children c ON c.audit_id = a.id
      WHERE a.action = 'context.read' AND c.child_id = ${child}`);
    assert.ok(row.n >= 1, "the audit trail knows the page showed the child");
  });

  test("bad input is named by field and saves nothing", async () => {
    const before = sql("SELECT count(*) AS n FROM contexts")[0].n;
    const bad = await post("frontdoor", "/api/v1/contexts", { kind: "street", name: "", colour: "red" });
    assert.equal(bad.status, 422, bad.text);
    assert.deepEqual(errorFields(bad.body).sort(), ["colour", "kind", "name"]);
    assert.equal(sql("SELECT count(*) AS n FROM contexts")[0].n, before);
    assert.equal((await call("idva", "/api/v1/contexts")).status, 403, "IDVAs work with adults");
    assert.equal((await call("frontdoor", "/api/v1/contexts/999999")).status, 404);
  });
});

describe("persons of concern", () => {
  test("the police record a person of concern and the front door links a child", async () => {
    const r = await post("police", "/api/v1/persons-of-concern", { name: "Adult A (known as 'Tee')", address: "Fishergate area" });
    assert.equal(r.status, 201, r.text);
    person = r.body.context.id;
    assert.equal(r.body.context.kind, "person");
    const linked = await post("frontdoor", `/api/v1/persons-of-concern/${person}/links`, {
      child, nature: "Gives the child lifts and gifts", source: "Police intelligence",
    });
    assert.equal(linked.status, 200, linked.text);
    assert.equal((await call("frontdoor", "/api/v1/persons-of-concern")).body.contexts[0].name, "Adult A (known as 'Tee')");
  });

  test("schools and health never see a person of concern, in their list, record or network view", async () => {
    for (const who of ["dsl", "practitioner", "idva", "scrutineer"]) {
      assert.equal((await call(who, "/api/v1/persons-of-concern")).status, 403, who);
      assert.equal((await call(who, `/api/v1/persons-of-concern/${person}`)).status, 403, who);
    }
    // not through the places' routes either, to read or to change
    assert.equal((await call("frontdoor", `/api/v1/contexts/${person}`)).status, 404);
    const links = sql(`SELECT count(*) AS n FROM context_links WHERE context_id = ${person}`)[0].n;
    const sideways = await post("dsl", `/api/v1/contexts/${person}/links`, { child, nature: "Seen", source: "School" });
    assert.equal(sideways.status, 404, sideways.text);
    assert.equal((await post("dsl", `/api/v1/contexts/${person}/disruptions`, { disruption: "other", started_on: "2026-11-01" })).status, 404);
    assert.equal(sql(`SELECT count(*) AS n FROM context_links WHERE context_id = ${person}`)[0].n, links);
    assert.equal(sql(`SELECT count(*) AS n FROM disruptions WHERE context_id = ${person}`)[0].n, 0);
    // the park's network: the front door sees the child linked to the person, the school does not
    const la = await call("frontdoor", `/api/v1/contexts/${park}`);
    assert.ok(la.body.network_rows.some((r) => r.to === "Adult A (known as 'Tee')"), JSON.stringify(la.body.network_rows));
    const school = await call("dsl", `/api/v1/contexts/${park}`);
    assert.ok(school.body.network_rows.length > 0);
    assert.ok(!JSON.stringify(school.body).includes("Tee"), "the person is left out of the school's view");
    const page = await request(`/contexts/${park}`, { token: await token("dsl") });
    assert.ok(!(await page.text()).includes("Tee"));
    // every read of a person is audited, and every link on the child it names
    const seen = await call("police", `/api/v1/persons-of-concern/${person}`);
    assert.equal(seen.status, 200, seen.text);
    assert.deepEqual(seen.body.children.map((c) => c.child_id), [child], "the force reported the child missing, so works with them");
    assert.equal(sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'person.read'
      AND resource_type = 'person_of_concern' AND resource_id = '${person}'`)[0].n, 1);
    assert.equal(sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'person.link'
      AND resource_type = 'child' AND resource_id = '${child}'`)[0].n, 1);
  });
});

describe("disruption", () => {
  test("a child abduction warning notice against a person, with its dates and outcome", async () => {
    const r = await post("police", `/api/v1/persons-of-concern/${person}/disruptions`, {
      disruption: "cawn", started_on: "2026-11-22", ended_on: "2026-11-22", outcome: "Notice served in person",
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.disruptions.map((d) => [d.kind, d.label, d.started_on, d.outcome]),
      [["cawn", "Child abduction warning notice", "2026-11-22", "Notice served in person"]]);
    const closure = await post("police", `/api/v1/contexts/${park}/disruptions`, { disruption: "closure_order", started_on: "2026-11-25" });
    assert.equal(closure.status, 200, closure.text);
    assert.equal(closure.body.disruptions[0].ended_on, null, "continuing");
  });

  test("a disruption that does not fit, or dates out of order, is refused by field and saves nothing", async () => {
    const before = sql("SELECT count(*) AS n FROM disruptions")[0].n;
    const wrong = await post("police", `/api/v1/persons-of-concern/${person}/disruptions`, { disruption: "closure_order", started_on: "2026-11-22" });
    assert.equal(wrong.status, 422, wrong.text);
    assert.deepEqual(errorFields(wrong.body), ["disruption"]);
    const dates = await post("police", `/api/v1/contexts/${park}/disruptions`, {
      disruption: "licensing_review", started_on: "2026-01-02", ended_on: "2026-01-01",
    });
    assert.equal(dates.status, 422, dates.text);
    assert.deepEqual(errorFields(dates.body), ["ended_on"], "ended before it started");
    const future = await post("police", `/api/v1/contexts/${park}/disruptions`, {
      disruption: "licensing_review", started_on: "2099-01-02", ended_on: "2099-01-03",
    });
    assert.equal(future.status, 422, future.text);
    assert.deepEqual(errorFields(future.body), ["started_on"], "not started yet");
    assert.equal(future.body.errors[0].detail, "The date it started must be today or in the past");
    assert.equal(sql("SELECT count(*) AS n FROM disruptions")[0].n, before);
  });
});

describe("a child's network", () => {
  test("the places and persons a child is linked to, and the other children there whom the viewer works with", async () => {
    const url = `/api/v1/exploitation/children/${child}/network`;
    const la = await call("frontdoor", url);
    assert.equal(la.status, 200, la.text);
    assert.deepEqual(la.body.contexts.map((c) => [c.kind, c.name]).sort(),
      [["person", "Adult A (known as 'Tee')"], ["place", "Riverside Park skate area"]]);
    // the park also holds the other child, whom the local authority works with
    assert.ok(la.body.network_rows.some((r) => r.from === "Riverside Park skate area" && r.to === "Rowan Elsewhere"));
    // the school sees the park but not the person, and not the child it does not know
    const school = await call("dsl", url);
    assert.equal(school.status, 200, school.text);
    assert.deepEqual(school.body.contexts.map((c) => c.name), ["Riverside Park skate area"]);
    assert.ok(!JSON.stringify(school.body).includes("Tee") && !JSON.stringify(school.body).includes("Rowan"));
    // a school that does not work with the child is answered as if there were no such child
    assert.equal((await call("dsl2", url)).status, 404);
    assert.equal((await call("idva", url)).status, 403);
    // the read names both children it showed in the trail
    const shown = sql(`SELECT DISTINCT c.child_id FROM audit_log a JOIN audit_children c ON c.audit_id = a.id
      WHERE a.action = 'network.read' AND a.agency_id = (SELECT id FROM agencies WHERE slug = 'lancashire-county-council')`);
    assert.deepEqual(shown.map((r) => r.child_id).sort((a, b) => a - b), [child, other].sort((a, b) => a - b));
  });
});

describe("pages", () => {
  test("a place's page draws its network as an SVG, with the table saying the same, and no script", async () => {
    const page = await request(`/contexts/${park}`, { token: await token("frontdoor") });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<svg class="app-network"[^>]*role="img"/);
    assert.match(html, /<text[^>]*>Kai Contextone<\/text>/);
    assert.match(html, /<td class="govuk-table__cell"[^>]*>Seen there late at night with older youths<\/td>/);
    assert.match(html, /Closure order/);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline script");
  });

  test("the form shows errors by their fields and keeps what was typed", async () => {
    const res = await request("/persons-of-concern", {
      method: "POST", token: await token("police"), form: { name: "", address: "Somewhere" },
    });
    const html = await res.text();
    assert.match(html, /govuk-error-summary/);
    assert.match(html, /id="name-error"/);
    assert.match(html, /value="Somewhere"/);
  });
});

describe("corrections and endings, with reasons and history kept", () => {
  let flat;

  test("a place's details are corrected with a reason; what they were is kept and audited", async () => {
    flat = (await post("police", "/api/v1/contexts", { kind: "place", name: "Flat 3, Mill Street", address: "Mill Street" })).body.context.id;
    const noReason = await post("police", `/api/v1/contexts/${flat}/edit`, { name: "Flat 4, Mill Street" });
    assert.equal(noReason.status, 422, noReason.text);
    assert.deepEqual(errorFields(noReason.body), ["edit_reason"]);
    const r = await post("police", `/api/v1/contexts/${flat}/edit`, {
      name: "Flat 4, Mill Street", address: "Mill Street, Preston", edit_reason: "The flat number was wrong",
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.context.name, "Flat 4, Mill Street");
    assert.deepEqual(r.body.history.map((h) => [h.change, h.reason]), [["edited", "The flat number was wrong"]]);
    assert.match(r.body.history[0].was, /name was Flat 3, Mill Street; address or area was Mill Street/);
    assert.equal(sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'context.edit' AND resource_id = '${flat}'
      AND reason = 'The flat number was wrong'`)[0].n, 1);
    // a person is corrected only by the police and the front door
    assert.equal((await post("dsl", `/api/v1/persons-of-concern/${person}/edit`, { name: "X", edit_reason: "Y" })).status, 403);
  });

  test("a link is changed, then ended, with reasons; the network drops it, the history keeps it", async () => {
    const link = await post("frontdoor", `/api/v1/contexts/${flat}/links`, { child, nature: "Stays there", source: "Police" });
    assert.equal(link.status, 200, link.text);
    const changed = await post("frontdoor", `/api/v1/contexts/${flat}/links/change`, {
      changed_child: child, new_nature: "Visits at weekends", new_source: "Return home interview", change_reason: "The child said so",
    });
    assert.equal(changed.status, 200, changed.text);
    assert.deepEqual(changed.body.children.map((c) => c.nature), ["Visits at weekends"]);
    // the school works with the child, but the link to another child is not theirs to change
    const notTheirs = await post("dsl", `/api/v1/contexts/${flat}/links/end`, { ended_child: other, link_end_reason: "No" });
    assert.deepEqual([notTheirs.status, errorFields(notTheirs.body)], [422, ["ended_child"]]);
    const notLinked = await post("frontdoor", `/api/v1/contexts/${flat}/links/end`, { ended_child: other, link_end_reason: "No" });
    assert.deepEqual([notLinked.status, errorFields(notLinked.body)], [422, ["ended_child"]]);
    const ended = await post("frontdoor", `/api/v1/contexts/${flat}/links/end`, { ended_child: child, link_end_reason: "Moved away" });
    assert.equal(ended.status, 200, ended.text);
    assert.deepEqual(ended.body.children, []);
    assert.equal(ended.body.context.links, 0);
    assert.deepEqual(ended.body.history.map((h) => h.change), ["link_ended", "link_changed", "edited"]);
    assert.match(ended.body.history[1].was, /Kai Contextone: nature was Stays there; source was Police/);
    // the child's own network no longer has the flat
    const network = await call("frontdoor", `/api/v1/exploitation/children/${child}/network`);
    assert.ok(!network.body.contexts.some((c) => c.id === flat));
    // a school that does not work with the child sees the place's history without the child's changes
    const health = await call("practitioner", `/api/v1/contexts/${flat}`);
    assert.deepEqual(health.body.history.map((h) => h.change), ["edited"]);
    assert.equal(sql(`SELECT count(*) AS n FROM audit_log WHERE action IN ('context.link_change', 'context.link_end')
      AND resource_type = 'child' AND resource_id = '${child}'`)[0].n, 2);
    // linking again reopens it, and says so
    const again = await post("frontdoor", `/api/v1/contexts/${flat}/links`, { child, nature: "Back again", source: "Police" });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.history[0].change, "link_reopened");
    assert.equal(sql(`SELECT count(*) AS n FROM context_links WHERE context_id = ${flat}`)[0].n, 1);
  });

  test("an ended context keeps its page and history, and takes no more changes or links", async () => {
    const noReason = await post("police", `/api/v1/contexts/${flat}/end`, {});
    assert.deepEqual([noReason.status, errorFields(noReason.body)], [422, ["end_reason"]]);
    const r = await post("police", `/api/v1/contexts/${flat}/end`, { end_reason: "Closure order granted; the flat is boarded up" });
    assert.equal(r.status, 200, r.text);
    assert.match(r.body.context.ended_at, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(r.body.history[0].change, "ended");
    const edit = await post("police", `/api/v1/contexts/${flat}/edit`, { name: "Flat 5", edit_reason: "x" });
    assert.deepEqual([edit.status, errorFields(edit.body)], [422, ["edit_reason"]]);
    const link = await post("frontdoor", `/api/v1/contexts/${flat}/links`, { child: other, nature: "x", source: "y" });
    assert.deepEqual([link.status, errorFields(link.body)], [422, ["child"]]);
    // nor a disruption: it is reopened first, and nothing is recorded
    const disruptions = () => sql(`SELECT count(*) AS n FROM disruptions WHERE context_id = ${flat}`)[0].n;
    const had = disruptions();
    const disrupted = await post("police", `/api/v1/contexts/${flat}/disruptions`, { disruption: "closure_order", started_on: "2026-11-25" });
    assert.deepEqual([disrupted.status, errorFields(disrupted.body)], [422, ["disruption"]], disrupted.text);
    assert.equal(disrupted.body.errors[0].detail, "This record has ended: it must be reopened before it is changed");
    assert.equal(disruptions(), had, "nothing was recorded");
    const ended = await request(`/contexts/${flat}`, { token: await token("police") });
    assert.doesNotMatch(await ended.text(), /Record the disruption/, "the form is not offered");
    const twice = await post("police", `/api/v1/contexts/${flat}/end`, { end_reason: "again" });
    assert.deepEqual([twice.status, errorFields(twice.body)], [422, ["end_reason"]]);
    assert.equal(sql(`SELECT count(*) AS n FROM context_changes WHERE context_id = ${flat}`)[0].n, 5);
    // out of the child's network, still on its page
    const network = await call("frontdoor", `/api/v1/exploitation/children/${child}/network`);
    assert.ok(!network.body.contexts.some((c) => c.id === flat));
    assert.equal((await call("dsl", `/api/v1/contexts/${flat}`)).status, 200);
    assert.equal(sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'context.end' AND resource_id = '${flat}'`)[0].n, 1);
  });

  test("a person of concern is ended by the police, with a reason", async () => {
    const r = await post("police", `/api/v1/persons-of-concern/${person}/end`, { end_reason: "Died" });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.history[0].change, "ended");
    assert.equal(sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'person.end'
      AND resource_type = 'person_of_concern' AND resource_id = '${person}'`)[0].n, 1);
  });
});

describe("linking a child in a browser", () => {
  test("the form says where the record number is, the child's page shows it, and the banner says what was done", async () => {
    const made = await post("frontdoor", "/api/v1/contexts", { kind: "group", name: "The bus station group" });
    assert.equal(made.status, 201, made.text);
    const group = made.body.context.id;
    const b = cookieClient(() => haven);
    await b.signIn("frontdoor");
    const childPage = await b.request(`/children/${child}`);
    assert.equal(childPage.status, 200);
    assert.match(childPage.text, new RegExp(`Record number</dt>\\s*<dd class="govuk-summary-list__value">${child}</dd>`));
    const page = await b.request(`/contexts/${group}`);
    assert.match(page.text, /id="child-hint" class="govuk-hint">Shown as "Record number" on the child's page/);
    assert.match(page.text, /id="child"[^>]*aria-describedby="child-hint"/);
    const sent = await b.request(`/contexts/${group}/links`, {
      method: "POST", form: { csrf_token: b.csrfOf(page.text), child, nature: "Waits there after school", source: "Police intelligence" },
    });
    assert.equal(sent.status, 303, sent.text);
    const next = await b.request(sent.location);
    assert.match(next.text, /role="alert"[\s\S]*Success[\s\S]*The child was linked to this context/);
    assert.doesNotMatch(next.text, /Your changes have been saved/);

    // linking to a person of concern says so in the person's words
    const adult = await post("police", "/api/v1/persons-of-concern", { name: "Adult D" });
    assert.equal(adult.status, 201, adult.text);
    const personPage = await b.request(`/persons-of-concern/${adult.body.context.id}`);
    const toPerson = await b.request(`/persons-of-concern/${adult.body.context.id}/links`, {
      method: "POST", form: { csrf_token: b.csrfOf(personPage.text), child, nature: "Picks them up from school", source: "School" },
    });
    assert.equal(toPerson.status, 303, toPerson.text);
    assert.match((await b.request(toPerson.location)).text, /role="alert"[\s\S]*Success[\s\S]*The child was linked to this person/);
  });

  test("the disruption form's date examples run forwards: started before ended", async () => {
    const page = await call("frontdoor", `/contexts/${park}`);
    assert.equal(page.status, 200);
    const hints = [...page.text.matchAll(/Date it (?:started|ended)[\s\S]*?For example, (\d+) (\d+) (\d+)/g)]
      .map((m) => new Date(Date.UTC(+m[3], +m[2] - 1, +m[1])));
    assert.equal(hints.length, 2);
    assert.ok(hints[0] < hints[1], `started ${hints[0].toISOString()} is before ended ${hints[1].toISOString()}`);
  });
});
