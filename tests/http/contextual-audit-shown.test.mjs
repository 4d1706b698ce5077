// The audit rows of changes to contexts and MACE meetings name the children the
// API's answer showed (src/areas/contextual/contexts.c, mace.c): a context or a
// meeting names no children of its own, since each page shows a reader only the
// children their agency works with, so the answer to a change (the page as it
// now is) reports those it shows, and the change's row names exactly those (and
// the child a link is about): never a child hidden from the reader, never none
// when the answer showed some.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { apiClient, sqlRows, plusDays } from "../lib/api.mjs";
import { reportedChild } from "../lib/missing.mjs";
import { REPO_ROOT, runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const api = apiClient(() => haven);
const { call, post } = api;
const sql = (query) => sqlRows(haven.dbPath, query);
const agencyOf = (who) => sql(`SELECT agency_id AS id FROM users WHERE email = '${who}@demo.haven.example'`)[0].id;
const today = () => plusDays(0);
const sorted = (ids) => [...new Set(ids.map(Number))].sort((a, b) => a - b);

// the children named by the newest row of `action` by `who`
function rowChildren(action, who) {
  return sorted(sql(`SELECT c.child_id FROM audit_children c WHERE c.audit_id = (SELECT max(a.id) FROM audit_log a
    JOIN users u ON u.id = a.user_id WHERE a.action = '${action}' AND u.email = '${who}@demo.haven.example')`)
    .map((r) => r.child_id));
}

let pupil; // known to the police who reported them missing, the local authority and the demo DSL's school
let other; // known to the police and the local authority, not to the school
let unknownToPolice; // a pupil of the school the police have never met

before(async () => {
  haven = await startHaven();
  pupil = await reportedChild(api, "LC-SHOWN-1", "Kai", "Shownone", "2011-05-02");
  other = await reportedChild(api, "LC-SHOWN-2", "Rowan", "Showntwo", "2010-01-17");
  sql(`INSERT INTO child_links (child_id, agency_id, relationship)
       SELECT ${pupil}, id, 'setting' FROM agencies WHERE slug = 'brookfield-primary'`);
  const made = await post("practitioner", "/api/v1/children", {
    given_name: "Sky", family_name: "Notpolice", date_of_birth: "2012-04-04", sex: "not_known", la_code: 888,
    settings: ["brookfield-primary"], confirm_new: true,
  });
  assert.equal(made.status, 201, made.text);
  unknownToPolice = made.body.id;
});
after(async () => {
  if (haven) await haven.stop();
});

describe("a context's changes", () => {
  // the children a context's answer shows: those linked, and those its history names
  const shownBy = (body) =>
    sorted([...body.children.map((c) => c.child_id), ...body.history.filter((h) => h.child_id).map((h) => h.child_id)]);
  let park;

  test("linking a child names the children the answer shows, the one linked too", async () => {
    // recorded by the school, so that it may correct it below (its own agency's place)
    const r = await post("dsl", "/api/v1/contexts", { kind: "place", name: "Shown Street car park" });
    assert.equal(r.status, 201, r.text);
    park = r.body.context.id;
    const first = await post("frontdoor", `/api/v1/contexts/${park}/links`, { child: pupil, nature: "Seen there", source: "Police" });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(rowChildren("context.link", "frontdoor"), [pupil]);
    const second = await post("frontdoor", `/api/v1/contexts/${park}/links`, { child: other, nature: "Deals there", source: "Police" });
    assert.equal(second.status, 200, second.text);
    assert.deepEqual(shownBy(second.body), sorted([pupil, other]));
    assert.deepEqual(rowChildren("context.link", "frontdoor"), shownBy(second.body), "the row names both children the answer shows");
  });

  test("a disruption and a correction name the children shown to the reader, not those hidden", async () => {
    const disrupted = await post("dsl", `/api/v1/contexts/${park}/disruptions`, {
      disruption: "closure_order", started_on: "2026-11-01", outcome: "Granted",
    });
    assert.equal(disrupted.status, 200, disrupted.text);
    assert.deepEqual(shownBy(disrupted.body), [pupil], "the school is shown its pupil only");
    assert.deepEqual(rowChildren("context.disrupt", "dsl"), [pupil], "the row names the pupil, not the child hidden");
    const edited = await post("dsl", `/api/v1/contexts/${park}/edit`, { name: "Shown Street multi-storey", edit_reason: "Its name" });
    assert.equal(edited.status, 200, edited.text);
    assert.deepEqual(rowChildren("context.edit", "dsl"), [pupil]);
    const police = await post("police", `/api/v1/contexts/${park}/edit`, { name: "Shown Street car park", edit_reason: "Its name again" });
    assert.equal(police.status, 200, police.text);
    assert.deepEqual(rowChildren("context.edit", "police"), shownBy(police.body));
    assert.deepEqual(shownBy(police.body), sorted([pupil, other]));
  });

  test("changing or ending a link names every child the answer shows, not only the one whose link changed", async () => {
    const changed = await post("frontdoor", `/api/v1/contexts/${park}/links/change`, {
      changed_child: pupil, new_nature: "Sleeps there", new_source: "Return home interview", change_reason: "The child said so",
    });
    assert.equal(changed.status, 200, changed.text);
    assert.deepEqual(rowChildren("context.link_change", "frontdoor"), shownBy(changed.body));
    assert.deepEqual(shownBy(changed.body), sorted([pupil, other]));
    const ended = await post("frontdoor", `/api/v1/contexts/${park}/links/end`, { ended_child: other, link_end_reason: "Moved away" });
    assert.equal(ended.status, 200, ended.text);
    assert.deepEqual(rowChildren("context.link_end", "frontdoor"), shownBy(ended.body));
    // the school's change of its pupil's link: the other child's ended link is not in its history either
    const school = await post("dsl", `/api/v1/contexts/${park}/links/change`, {
      changed_child: pupil, new_nature: "Waits there after school", new_source: "School", change_reason: "Seen by staff",
    });
    assert.equal(school.status, 200, school.text);
    assert.deepEqual(shownBy(school.body), [pupil]);
    assert.deepEqual(rowChildren("context.link_change", "dsl"), [pupil]);
  });

  test("ending a person of concern names the children the police were shown", async () => {
    const person = await post("police", "/api/v1/persons-of-concern", { name: "Adult S (shown)" });
    assert.equal(person.status, 201, person.text);
    const id = person.body.context.id;
    const linked = await post("police", `/api/v1/persons-of-concern/${id}/links`, { child: pupil, nature: "Seen with", source: "Police" });
    assert.equal(linked.status, 200, linked.text);
    assert.deepEqual(rowChildren("person.link", "police"), [pupil]);
    const ended = await post("police", `/api/v1/persons-of-concern/${id}/end`, { end_reason: "Left the area" });
    assert.equal(ended.status, 200, ended.text);
    assert.deepEqual(shownBy(ended.body), [pupil]);
    assert.deepEqual(rowChildren("person.end", "police"), [pupil]);
  });
});

describe("a MACE meeting's changes", () => {
  const shownBy = (body) => sorted(body.agenda.flatMap((s) => s.items).filter((i) => i.child_id).map((i) => i.child_id));
  let meeting;

  before(async () => {
    const tool = path.join(haven.dir, "tool.json");
    writeFileSync(tool, readFileSync(path.join(REPO_ROOT, "tests/http/data/exploitation-tool.json")));
    assert.equal(runHaven(["import", "exploitation-tool", "--db", haven.dbPath, tool]).status, 0);
    for (const [who, child] of [["frontdoor", pupil], ["frontdoor", other], ["dsl", unknownToPolice]]) {
      const r = await post(who, `/api/v1/exploitation/children/${child}/screenings`, { indicators: ["cce-weapon"], judgement: "high" });
      assert.equal(r.status, 201, r.text);
    }
    const r = await post("police", "/api/v1/mace/meetings", { level: 1, held_on: today() });
    assert.equal(r.status, 201, r.text);
    meeting = r.body.id;
  });

  test("recording attendance names the agenda's children the answer shows, not those hidden", async () => {
    const r = await post("police", `/api/v1/mace/meetings/${meeting}/attendance`, { agency: agencyOf("police"), attendance: "present" });
    assert.equal(r.status, 200, r.text);
    const shown = shownBy(r.body);
    assert.ok(shown.includes(pupil) && shown.includes(other), JSON.stringify(shown));
    assert.ok(!shown.includes(unknownToPolice), "the police are not shown a child they do not work with");
    assert.ok(r.body.hidden_children >= 1);
    assert.deepEqual(rowChildren("mace.update", "police"), shown);
  });

  test("agreeing an action names the agenda's children the answer shows", async () => {
    const r = await post("frontdoor", `/api/v1/mace/meetings/${meeting}/actions`, {
      decision: "A safety plan", action: "Agree it with the family", owner_agency: agencyOf("frontdoor"), due_on: "2027-01-15",
    });
    assert.equal(r.status, 200, r.text);
    const shown = shownBy(r.body);
    assert.ok(shown.includes(pupil), JSON.stringify(shown));
    assert.deepEqual(rowChildren("mace.update", "frontdoor"), shown);
  });
});
