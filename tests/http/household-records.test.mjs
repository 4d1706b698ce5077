// A household as a record of its own (issue 15): each incident's address in
// its area is a household; when its incidents reach the partnership's repeat
// count, it is flagged for the front door of its area — a task in their work
// list and one email to each of its front door people that names no one and
// no address — once, until the front door reviews it. The household's page
// shows the adults living there (name, relationship to the children),
// recorded by the front door or the police, and the children of its
// incidents to whoever works with them. Need-to-know: the front door of its
// area, the agencies of its children and the police open it; anyone else
// is answered 404. The audit trail says which of its children each reader was
// shown: a read (and the API's answer to a change) names only those, never a
// child hidden from the reader.
//
// Blackpool (la_code 890) is frontdoor2's area; frontdoor's is another.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlRows, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query);
const frontDoorMails = () => Number(sql("SELECT count(*) FROM mail_outbox WHERE to_address = 'frontdoor2@demo.haven.example'"));
let childId, householdId;

const daysAgo = (n) => new Date(Date.now() - n * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");
const incident = (ref, days, location) => ({
  police_reference: ref,
  occurred_at: daysAgo(days),
  location,
  la_code: 890,
  risk_level: "medium",
  circumstances: "Fictional circumstances for the household record tests.",
  adults: [{ name: "Lee Fictional", role: "suspect" }],
  children: [{ given_name: "Robin", family_name: "Household", date_of_birth: "2015-05-05", present: true, spoken_to: false }],
});
const record = async (ref, days, where = "3 Repeat Road") => {
  const r = await post("police", "/api/v1/da-incidents", incident(ref, days, where));
  assert.equal(r.status, 201, r.text);
};
const reviewTasks = async (who) => (await call(who, "/api/v1/tasks")).body.tasks.filter((t) => t.kind === "household.review");

before(async () => {
  haven = await startHaven();
  const res = await post("practitioner", "/api/v1/children", {
    given_name: "Robin", family_name: "Household", date_of_birth: "2015-05-05", sex: "not_known", la_code: 890,
    settings: ["seafront-primary"], confirm_new: true,
  });
  assert.equal(res.status, 201, res.text);
  childId = res.body.id;
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("household records", () => {
  test("each incident's address is a household; reaching the repeat count flags it once, with a task and an email naming no one", async () => {
    const mailsBefore = frontDoorMails();
    await record("HR-1", 30);
    await record("HR-2", 20, "3 repeat road ");
    assert.equal(Number(sql("SELECT count(*) FROM households WHERE address_key = '3 repeat road'")), 1, "one household, however the address is written");
    householdId = Number(sql("SELECT id FROM households WHERE address_key = '3 repeat road'"));
    assert.equal(frontDoorMails(), mailsBefore, "two incidents are not repeats (the count is 3)");
    assert.deepEqual(await reviewTasks("frontdoor2"), []);
    await record("HR-3", 10, "3 REPEAT ROAD");
    assert.equal(frontDoorMails(), mailsBefore + 1);
    const [mail] = sqlRows(haven.dbPath, "SELECT subject, body_text AS body FROM mail_outbox WHERE to_address = 'frontdoor2@demo.haven.example' ORDER BY id DESC LIMIT 1");
    assert.match(mail.subject, /household in your area has repeat domestic abuse incidents/);
    assert.match(mail.body, new RegExp(`/households/${householdId}\\b`));
    for (const personal of [/Repeat Road/i, /Robin/, /Household\b(?! in)/, /Lee/]) assert.doesNotMatch(mail.body + mail.subject, personal);
    const tasks = await reviewTasks("frontdoor2");
    assert.deepEqual(tasks.map((t) => [t.href, t.record_type, t.record_id]), [[`/households/${householdId}`, "household", householdId]]);
    assert.doesNotMatch(tasks[0].text, /Repeat Road|Robin/);
    assert.deepEqual(await reviewTasks("frontdoor"), [], "another area's front door has nothing to review");
    assert.equal(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'household.flag' AND resource_id = '${householdId}'`)), 1);
    // a fourth while the flag waits: no second email, one task still
    await record("HR-4", 5);
    assert.equal(frontDoorMails(), mailsBefore + 1);
    assert.equal((await reviewTasks("frontdoor2")).length, 1);
    // the list of repeats links the household
    const list = await call("frontdoor2", "/api/v1/households");
    assert.ok(list.body.households.some((h) => h.id === householdId), list.text);
  });

  test("need-to-know: its area's front door, the police and its children's agencies open it; anyone else gets 404", async () => {
    const page = await call("frontdoor2", `/api/v1/households/${householdId}`);
    assert.equal(page.status, 200, page.text);
    assert.equal(page.body.household.address, "3 Repeat Road");
    assert.equal(page.body.household.incidents, 4);
    assert.equal(page.body.household.waiting, true);
    assert.deepEqual(page.body.household.children.map((c) => c.id), [childId]);
    assert.deepEqual(page.body.household.incident_adults, [{ name: "Lee Fictional", role: "suspect" }]);
    assert.equal(page.body.can_review, true);
    assert.equal((await call("police", `/api/v1/households/${householdId}`)).status, 200);
    // the setting of the matched child works with it (the child's school is linked)
    assert.ok(Number(sql(`SELECT count(*) FROM child_links WHERE child_id = ${childId}`)) > 0);
    assert.equal((await call("frontdoor", `/api/v1/households/${householdId}`)).status, 404);
    assert.equal((await call("dsl", `/api/v1/households/${householdId}`)).status, 404);
    assert.equal((await call("scrutineer", `/api/v1/households/${householdId}`)).status, 403);
    assert.equal((await call("frontdoor2", "/api/v1/households/999999")).status, 404);
    assert.ok(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'household.read' AND resource_id = '${householdId}'`)) >= 2);
  });

  test("the front door and the police record the adults living there; bad input names the field and adds nothing", async () => {
    const added = await post("frontdoor2", `/api/v1/households/${householdId}/adults`, { name: "Sam Fictional", relationship: "parent" });
    assert.equal(added.status, 200, added.text);
    assert.deepEqual(added.body.household.adults.map((a) => [a.name, a.relationship, a.relationship_label]), [["Sam Fictional", "parent", "Parent"]]);
    assert.equal((await post("police", `/api/v1/households/${householdId}/adults`, { name: "Alex Fictional", relationship: "partner_of_parent" })).status, 200);
    const before = sql("SELECT count(*) FROM household_adults");
    const bad = await post("frontdoor2", `/api/v1/households/${householdId}/adults`, { name: "", relationship: "child" });
    assert.equal(bad.status, 422, bad.text);
    assert.deepEqual(errorFields(bad.body).sort(), ["name", "relationship"]);
    assert.equal((await post("frontdoor", `/api/v1/households/${householdId}/adults`, { name: "X", relationship: "parent" })).status, 404);
    assert.equal((await post("dsl", `/api/v1/households/${householdId}/adults`, { name: "X", relationship: "parent" })).status, 403);
    assert.equal(sql("SELECT count(*) FROM household_adults"), before);
    // adults are not children's records
    assert.equal(Number(sql("SELECT count(*) FROM children WHERE given_name || ' ' || family_name IN ('Sam Fictional', 'Alex Fictional')")), 0);
  });

  test("the front door reviews the flag: the task goes, and a later repeat raises it again with one more email", async () => {
    assert.equal((await post("police", `/api/v1/households/${householdId}/review`, {})).status, 403);
    const reviewed = await post("frontdoor2", `/api/v1/households/${householdId}/review`, {});
    assert.equal(reviewed.status, 200, reviewed.text);
    assert.equal(reviewed.body.household.waiting, false);
    assert.deepEqual(await reviewTasks("frontdoor2"), []);
    const again = await post("frontdoor2", `/api/v1/households/${householdId}/review`, {});
    assert.equal(again.status, 409, again.text);
    const mails = frontDoorMails();
    await record("HR-5", 1);
    assert.equal(frontDoorMails(), mails + 1);
    assert.equal((await reviewTasks("frontdoor2")).length, 1);
  });

  test("an incident's page leads to its household, for whoever may open the household", async () => {
    const id = Number(sql("SELECT max(id) FROM da_incidents WHERE location = '3 Repeat Road'"));
    const link = new RegExp(`<a class="govuk-link" id="household" href="/households/${householdId}">`);
    assert.match((await call("police", `/incidents/${id}`)).text, link);
    assert.match((await call("frontdoor2", `/incidents/${id}`)).text, link);
    assert.equal((await call("police", `/api/v1/da-incidents/${id}`)).body.incident.household_id, householdId, "and the API names it");
    // the demo's incidents have their households too (src/areas/households/demo.sql), none flagged
    const demo = sql("SELECT count(*) || '/' || count(repeat_flagged_at) FROM households h WHERE EXISTS (SELECT 1 FROM da_incidents i WHERE i.police_reference LIKE 'DEMO-%' AND i.la_code = h.la_code AND lower(trim(i.location)) = h.address_key)");
    assert.match(demo, /^[1-9]\d*\/0$/);
  });

  test("a read of a household names in the trail only the children it showed the reader, not those hidden", async () => {
    // a Lancashire child, unknown to Blackpool's front door, at a Blackpool household with Robin
    const other = await post("practitioner", "/api/v1/children", {
      given_name: "Sky", family_name: "Hiddenchild", date_of_birth: "2014-04-04", sex: "not_known", la_code: 888,
      settings: ["brookfield-primary"], confirm_new: true,
    });
    assert.equal(other.status, 201, other.text);
    const hiddenId = other.body.id;
    const both = incident("HR-HIDDEN", 2, "5 Hidden Close");
    both.children.push({ given_name: "Sky", family_name: "Hiddenchild", date_of_birth: "2014-04-04", present: false, spoken_to: false });
    const recorded = await post("police", "/api/v1/da-incidents", both);
    assert.equal(recorded.status, 201, recorded.text);
    const id = Number(sql("SELECT id FROM households WHERE address_key = '5 hidden close'"));
    assert.equal(Number(sql(`SELECT count(DISTINCT child_id) FROM da_incident_children k JOIN da_incidents i ON i.id = k.incident_id WHERE i.police_reference = 'HR-HIDDEN' AND k.child_id IN (${childId}, ${hiddenId})`)), 2, "both children are matched");
    // the children named by the last row of `action` on the household
    const lastRowChildren = (action) =>
      sqlRows(haven.dbPath, `SELECT c.child_id FROM audit_children c WHERE c.audit_id = (SELECT max(id) FROM audit_log WHERE action = '${action}' AND resource_type = 'household' AND resource_id = '${id}') ORDER BY c.child_id`).map((r) => Number(r.child_id));
    for (const path of [`/api/v1/households/${id}`, `/households/${id}`]) {
      const read = await call("frontdoor2", path);
      assert.equal(read.status, 200, read.text);
      if (path.startsWith("/api/")) {
        assert.deepEqual(read.body.household.children.map((c) => c.id), [childId]);
        assert.equal(read.body.household.hidden_children, 1);
      } else assert.doesNotMatch(read.text, /Hiddenchild/);
      assert.deepEqual(lastRowChildren("household.read"), [childId], `${path}: the trail names the child shown, not the one hidden`);
    }
    // the police open every household, and here neither child's record: the read names none
    const police = await call("police", `/api/v1/households/${id}`);
    assert.equal(police.status, 200, police.text);
    assert.equal(police.body.household.hidden_children, 2);
    assert.deepEqual(lastRowChildren("household.read"), []);
    // the API's answer to a change shows the household again: its row names what that answer shows
    const added = await post("frontdoor2", `/api/v1/households/${id}/adults`, { name: "Kit Fictional", relationship: "carer" });
    assert.equal(added.status, 200, added.text);
    assert.deepEqual(added.body.household.children.map((c) => c.id), [childId]);
    assert.deepEqual(lastRowChildren("household.adult"), [childId]);
    // the search by child finds the reads that showed it, and no household read for the hidden child
    const search = await post("partnership", "/api/v1/audit/search", { child_id: hiddenId, limit: 1000 });
    assert.equal(search.status, 200, search.text);
    assert.deepEqual(search.body.rows.filter((r) => r.resource_type === "household"), []);
  });

  test("the household's page and the adult form for a browser", async () => {
    const page = await call("frontdoor2", `/households/${householdId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Sam Fictional/);
    assert.match(page.text, /haven-table-scroll/);
    assert.match(page.text, new RegExp(`href="/households/${householdId}/adults/new"`));
    assert.match(page.text, /Mark the repeat incidents as reviewed/);
    const form = await call("frontdoor2", `/households/${householdId}/adults/new`);
    assert.equal(form.status, 200);
    assert.match(form.text, /Their relationship to the children/);
  });
});
