// Undoing a merge never gives an agency back a link it ended. An agency that stops working with a child
// (the links-end form) stops working with every record of the child: a duplicate merged into the record
// still holds the link it had, so that copy ends too, with the same date, reason and author. When the
// partnership later undoes the merge, the duplicate comes back without the link: the agency is answered
// 404 on both records, and each record's history still says who stopped. A link ended before a merge
// does not come back through the merge or its undo either; a link made afresh since (a new concern)
// is not the merge's, and the undo leaves it. While merged, the kept record's chronology says once that
// the agency stopped, though each record holds the ending; the duplicate's own chronology, read on its
// own, says it too, before and after the undo.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, plusDays, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query);

const REASON = "The hospital's assessment is complete: no further involvement.";
const hospital = () => sql("SELECT id FROM agencies WHERE slug = 'demo-teaching-hospitals'");

// Blackpool's children (its front door, frontdoor2, may merge them); the practitioner is the hospital's
const identity = (given, family, setting) => ({
  given_name: given, family_name: family, date_of_birth: "2015-03-04", sex: "not_known", la_code: 890, settings: [setting],
});
const add = async (who, given, family, setting) => {
  const res = await post(who, "/api/v1/children", { ...identity(given, family, setting), confirm_new: true });
  assert.equal(res.status, 201, res.text);
  return res.body.id;
};
const merge = async (kept, other) => {
  const res = await post("frontdoor2", `/api/v1/children/${kept}/merge`, { other, reason: "The same child, confirmed by the school." });
  assert.equal(res.status, 200, res.text);
  return Number(sql(`SELECT id FROM child_merges WHERE merged_id = ${other} AND undone_at IS NULL`));
};
const undo = async (mergeId) => {
  const res = await post("partnership", `/api/v1/children/merges/${mergeId}/undo`, { reason: "Two children after all: twins." });
  assert.equal(res.status, 200, res.text);
};
const endHospitalLink = async (child) => {
  const res = await post("practitioner", `/api/v1/children/${child}/links/end`, { relationship: "raised_concern", ended_on: plusDays(0), reason: REASON });
  assert.equal(res.status, 200, res.text);
};
const status = async (who, child) => (await call(who, `/api/v1/children/${child}`)).status;
const hospitalLinks = (child) => sql(`SELECT count(*) FROM child_links WHERE child_id = ${child} AND agency_id = ${hospital()}`);
const endedBy = (child) => sql(`SELECT u.email || '|' || e.ended_on || '|' || e.reason FROM child_links_ended e JOIN users u ON u.id = e.ended_by WHERE e.child_id = ${child} AND e.agency_id = ${hospital()}`);
// the events of a record's chronology (read by the front door) saying the hospital stopped
const stopped = async (child) => {
  const res = await call("frontdoor2", `/api/v1/children/${child}/chronology`);
  assert.equal(res.status, 200, res.text);
  return res.body.events.filter((e) => e.text === "Stopped working with the child" && /^Demo Teaching Hospitals/.test(e.agency));
};

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("undoing a merge after an agency stopped working with the child", () => {
  test("the link the merge brought ends on the duplicate too, and the undo does not give it back", async () => {
    // the school added the record kept; the hospital raised its concern on the duplicate only
    const kept = await add("dsl", "Ulla", "Unmergeable", "brookfield-primary");
    const duplicate = await add("practitioner", "Ula", "Unmergable", "seafront-primary");
    const mergeId = await merge(kept, duplicate);
    assert.equal(await status("practitioner", kept), 200, "the merge linked the hospital to the kept record");

    await endHospitalLink(kept);
    assert.equal(await status("practitioner", kept), 404);
    assert.equal(await status("practitioner", duplicate), 404, "nor through the duplicate, while merged");
    assert.equal(hospitalLinks(duplicate), "0");

    await undo(mergeId);
    assert.equal(await status("practitioner", duplicate), 404, "the undo gave the hospital no access back");
    assert.equal(await status("practitioner", kept), 404);
    assert.equal(hospitalLinks(duplicate), "0");
    assert.equal(hospitalLinks(kept), "0");
    const found = await post("practitioner", "/api/v1/children/search", { name: "Unmergable" });
    assert.deepEqual(found.body.children, [], "nor does the search find the duplicate by name");

    // each record keeps who stopped, when and why, in its history and its chronology
    const ended = `practitioner@demo.haven.example|${plusDays(0)}|${REASON}`;
    assert.equal(endedBy(kept), ended);
    assert.equal(endedBy(duplicate), ended);
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'child.end_link' AND resource_id IN ('${kept}', '${duplicate}')`), "2");
    const page = await call("frontdoor2", `/children/${duplicate}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Agencies that stopped working with this child[\s\S]*Demo Teaching Hospitals/);
    const chronology = await call("frontdoor2", `/api/v1/children/${duplicate}/chronology`);
    assert.equal(chronology.status, 200, chronology.text);
    assert.ok(chronology.body.events.some((e) => e.text === "Stopped working with the child" && /^Demo Teaching Hospitals/.test(e.agency)), chronology.text);
    // the others working with the child keep their links on both records
    assert.equal(await status("dsl", kept), 200);
    assert.equal(await status("frontdoor2", duplicate), 200);
  });

  test("a link on every record of a chain of merges ends, and undoing each merge gives none back", async () => {
    // the hospital raised a concern on two records; the school added a third, which is kept in the end
    const first = await add("dsl", "Vera", "Chainmerge", "brookfield-primary");
    const second = await add("practitioner", "Verity", "Chainmerged", "seafront-primary");
    const third = await add("practitioner", "Vera", "Chainmerger", "seafront-primary");
    const inner = await merge(second, third);
    const outer = await merge(first, second);

    await endHospitalLink(first);
    for (const child of [first, second, third]) {
      assert.equal(hospitalLinks(child), "0", `record ${child}`);
      assert.equal(endedBy(child), `practitioner@demo.haven.example|${plusDays(0)}|${REASON}`, `record ${child}`);
    }

    await undo(outer);
    await undo(inner);
    for (const child of [first, second, third])
      assert.equal(await status("practitioner", child), 404, `record ${child}`);
    assert.equal(await status("frontdoor2", third), 200);
  });

  test("a link ended before the merge does not come back through the merge or its undo", async () => {
    const kept = await add("dsl", "Wren", "Endedfirst", "brookfield-primary");
    const duplicate = await add("practitioner", "Wren", "Endedfirst-Dup", "seafront-primary");
    await endHospitalLink(duplicate);
    const mergeId = await merge(kept, duplicate);
    assert.equal(await status("practitioner", kept), 404);
    assert.equal(hospitalLinks(kept), "0");
    await undo(mergeId);
    assert.equal(await status("practitioner", duplicate), 404);
    assert.equal(await status("practitioner", kept), 404);
    assert.equal(endedBy(duplicate), `practitioner@demo.haven.example|${plusDays(0)}|${REASON}`);
  });

  test("while merged, the kept record's chronology says once that the agency stopped", async () => {
    const kept = await add("dsl", "Yara", "Onceonly", "brookfield-primary");
    const duplicate = await add("practitioner", "Yara", "Onceonly-Dup", "seafront-primary");
    await merge(kept, duplicate);
    await endHospitalLink(kept);
    assert.equal(sql(`SELECT count(*) FROM child_links_ended WHERE child_id IN (${kept}, ${duplicate})`), "2", "each record holds the ending");
    const events = await stopped(kept);
    assert.equal(events.length, 1, JSON.stringify(events));
    assert.equal(events[0].record_id, kept, "the kept record's own");
    const page = await call("frontdoor2", `/children/${kept}/chronology`);
    assert.equal(page.status, 200);
    assert.equal(page.text.match(/Stopped working with the child/g)?.length, 1, "the page too");

    // a chain: the ending is on all three records, and said once
    const first = await add("dsl", "Zia", "Oncechain", "brookfield-primary");
    const second = await add("practitioner", "Zia", "Oncechain-Two", "seafront-primary");
    const third = await add("practitioner", "Zia", "Oncechain-Three", "seafront-primary");
    await merge(second, third);
    await merge(first, second);
    await endHospitalLink(first);
    assert.equal((await stopped(first)).length, 1);
  });

  test("a merged-away record read on its own keeps its ending, while merged and after the undo", async () => {
    const kept = await add("dsl", "Ada", "Wholehistory", "brookfield-primary");
    const duplicate = await add("practitioner", "Ada", "Wholehistory-Dup", "seafront-primary");
    const mergeId = await merge(kept, duplicate);
    await endHospitalLink(kept);
    let events = await stopped(duplicate);
    assert.equal(events.length, 1, "the duplicate's own chronology says the hospital stopped");
    assert.equal(events[0].record_id, duplicate, "from the duplicate's own record");
    const page = await call("frontdoor2", `/children/${duplicate}/chronology`);
    assert.equal(page.status, 200);
    assert.equal(page.text.match(/Stopped working with the child/g)?.length, 1, "the page too");
    assert.equal((await stopped(kept)).length, 1, "the kept record's chronology still says it once");
    await undo(mergeId);
    events = await stopped(duplicate);
    assert.equal(events.length, 1, "and still after the undo");
    assert.equal(events[0].record_id, duplicate);

    // the middle record of a chain, read on its own: its ending once, not the copy of the one merged into it
    const first = await add("dsl", "Bea", "Wholechain", "brookfield-primary");
    const second = await add("practitioner", "Bea", "Wholechain-Two", "seafront-primary");
    const third = await add("practitioner", "Bea", "Wholechain-Three", "seafront-primary");
    await merge(second, third);
    await merge(first, second);
    await endHospitalLink(first);
    events = await stopped(second);
    assert.equal(events.length, 1, JSON.stringify(events));
    assert.equal(events[0].record_id, second);
  });

  test("a link made afresh after the merge's copy ended is the agency's own, and the undo leaves it", async () => {
    const kept = await add("dsl", "Xan", "Freshlink", "brookfield-primary");
    const duplicate = await add("practitioner", "Xan", "Freshlink-Dup", "seafront-primary");
    const mergeId = await merge(kept, duplicate);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the merge's time is kept to the second
    await endHospitalLink(kept);
    // a new concern from the hospital about the same child links it to the kept record again
    const relinked = await post("practitioner", `/api/v1/children/${kept}/link`, {
      ...identity("Xan", "Freshlink", "brookfield-primary"), reason: "A new concern about the same child today.",
    });
    assert.equal(relinked.status, 200, relinked.text);
    assert.equal(await status("practitioner", kept), 200);
    await undo(mergeId);
    assert.equal(await status("practitioner", kept), 200, "the new concern's link is not the merge's to take away");
    assert.equal(await status("practitioner", duplicate), 404, "the duplicate's link stays ended");
  });
});
