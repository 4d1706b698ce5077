// More than one police force on one Haven (a regional hub): a household is
// the police's to open, list and add adults to only where their own force
// sent one of its incidents (src/areas/households/, as incidents are since
// migration 0181). Another force's household answers 404 on its page and the
// API, and is absent from the force's list of repeat households, since it
// names another force's victims and suspects and their address. The front
// door of the household's area keeps every household there, whichever force
// attended.
//
// Found in review: incidents were scoped to their force, but households still
// let every police user open every household (every_record).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlRows } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const cumbriaPolice = "police.cumbria@forces.example";
const cumbriaPassword = "quiet harbour lantern 9 kettle";
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000, passwords: { [cumbriaPolice]: cumbriaPassword } });
const sql = (query) => sqlRows(haven.dbPath, query);

const daysAgo = (n) => new Date(Date.now() - n * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");
/** An incident in Lancashire (888) at `location`, `days` ago. */
const incident = (ref, days, location) => ({
  police_reference: ref,
  occurred_at: daysAgo(days),
  location,
  la_code: 888,
  risk_level: "medium",
  circumstances: "Fictional circumstances for the two forces' households.",
  adults: [{ name: "Sam Twoforces", role: "suspect" }],
  children: [{ given_name: "Ash", family_name: "Twoforces", date_of_birth: "2014-04-04", present: true, spoken_to: false }],
});

/** The household at `address` (as written the first time). */
const householdAt = (address) => sql(`SELECT id FROM households WHERE address = '${address}';`)[0].id;
const listed = async (who, address) => {
  const r = await call(who, "/api/v1/households");
  assert.equal(r.status, 200, r.text);
  return r.body.households.find((h) => h.address === address);
};

const ids = {};

before(async () => {
  haven = await startHaven();
  // a second force on the partnership, and one of its officers, as an administrator adds them
  let r = await post("admin", "/api/v1/agencies", { type: "police", name: "Cumbria Constabulary (test)", la: [888, 890] });
  assert.equal(r.status, 201, r.text);
  const slug = sql("SELECT slug FROM agencies WHERE name = 'Cumbria Constabulary (test)';")[0].slug;
  r = await post("admin", "/api/v1/users", { name: "Cam Cumbria", email: cumbriaPolice, agency: slug, roles: ["police"], password: cumbriaPassword });
  assert.equal(r.status, 201, r.text);
  // Lancashire's repeats at one household, Cumbria's at another, and one household both forces attended
  for (const [who, ref, days, where] of [
    ["police", "TF-1", 30, "1 Lancashire Repeat Lane"], ["police", "TF-2", 20, "1 Lancashire Repeat Lane"], ["police", "TF-3", 10, "1 Lancashire Repeat Lane"],
    [cumbriaPolice, "TF-4", 30, "2 Cumbria Repeat Way"], [cumbriaPolice, "TF-5", 20, "2 Cumbria Repeat Way"], [cumbriaPolice, "TF-6", 10, "2 Cumbria Repeat Way"],
    ["police", "TF-7", 12, "3 Shared Close"], [cumbriaPolice, "TF-8", 8, "3 Shared Close"], ["police", "TF-9", 6, "3 Shared Close"],
  ]) {
    r = await post(who, "/api/v1/da-incidents", incident(ref, days, where));
    assert.equal(r.status, 201, r.text);
    ids[ref] = r.body.id;
  }
  ids.lancashire = householdAt("1 Lancashire Repeat Lane");
  ids.cumbria = householdAt("2 Cumbria Repeat Way");
  ids.shared = householdAt("3 Shared Close");
});

after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("a police force opens the households of its own incidents only", () => {
  test("another force's household is a 404 on its page and the API, naming no one; its own force's is 200", async () => {
    for (const [who, theirs, other] of [[cumbriaPolice, ids.cumbria, ids.lancashire], ["police", ids.lancashire, ids.cumbria]]) {
      for (const path of [`/api/v1/households/${other}`, `/households/${other}`]) {
        const r = await call(who, path);
        assert.equal(r.status, 404, `${who} ${path}: ${r.text.slice(0, 200)}`);
        assert.doesNotMatch(r.text, /Twoforces|Repeat (Lane|Way)/, `${who} ${path} names no one and no address`);
      }
      const own = await call(who, `/api/v1/households/${theirs}`);
      assert.equal(own.status, 200, own.text);
      assert.equal(own.body.household.incidents, 3);
      assert.equal((await call(who, `/households/${theirs}`)).status, 200);
    }
  });

  test("another force's household cannot have an adult added, and nothing changes", async () => {
    const before = sql(`SELECT count(*) AS n FROM household_adults WHERE household_id = ${ids.lancashire};`)[0].n;
    const r = await post(cumbriaPolice, `/api/v1/households/${ids.lancashire}/adults`, { name: "Alex Intruder", relationship: "carer" });
    assert.equal(r.status, 404, r.text);
    assert.equal(sql(`SELECT count(*) AS n FROM household_adults WHERE household_id = ${ids.lancashire};`)[0].n, before);
    const own = await post("police", `/api/v1/households/${ids.lancashire}/adults`, { name: "Alex Carer", relationship: "carer" });
    assert.ok([200, 201].includes(own.status), own.text);
  });

  test("a force's repeats list holds the households where its own incidents are repeats", async () => {
    assert.equal(await listed(cumbriaPolice, "1 Lancashire Repeat Lane"), undefined, "Lancashire's household is not Cumbria's");
    assert.equal(await listed("police", "2 Cumbria Repeat Way"), undefined, "Cumbria's household is not Lancashire's");
    assert.ok(await listed(cumbriaPolice, "2 Cumbria Repeat Way"));
    assert.ok(await listed("police", "1 Lancashire Repeat Lane"));
    const page = await call(cumbriaPolice, "/households");
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /Lancashire Repeat Lane/);
    // a household both forces attended, three incidents in all but neither force's own three: listed for neither
    assert.equal(await listed(cumbriaPolice, "3 Shared Close"), undefined, "one of Cumbria's incidents is no repeat");
    assert.equal(await listed("police", "3 Shared Close"), undefined, "two of Lancashire's are no repeats");
    assert.equal((await call(cumbriaPolice, `/api/v1/households/${ids.shared}`)).status, 200, "still its household to open");
  });

  test("the front door of the area keeps every household there, whichever force attended", async () => {
    for (const address of ["1 Lancashire Repeat Lane", "2 Cumbria Repeat Way", "3 Shared Close"]) {
      const row = await listed("frontdoor", address);
      assert.ok(row, address);
      assert.equal((await call("frontdoor", `/api/v1/households/${row.id}`)).status, 200, address);
    }
    const shared = await listed("frontdoor", "3 Shared Close");
    assert.equal(shared.incidents, 3, "every force's incidents");
    assert.equal(shared.latest_incident_id, ids["TF-9"]);
  });
});

// A police force learns nothing of another force's incidents through a
// household: its list counts, dates and links only its own incidents there,
// and lists a household only when its own incidents are repeats; the
// household's page leaves out the household's own times and flag (when the
// first incident of any force made it, when any force's incidents reached the
// repeat count, whether that waits for review); and the repeat line in a
// child's chronology counts only the incident's own force's incidents there.
// The front door of the area keeps the whole household.
//
// Found in review: Lancashire sent three incidents to one address, Cumbria
// one; Cumbria's list showed the household with 4 incidents and Lancashire's
// latest date, its page said the flag waited and when it was raised, and its
// child's chronology said "3 incidents at this address" on its own one.
describe("a force learns nothing of another force's incidents through a household", () => {
  const probe = "6 Probe Street", both = "4 Both Repeat Row";
  const made = {};
  let kit;
  before(async () => {
    // Cumbria has the child of its incidents on the register (so its incidents are matched to the child)
    let r = await post(cumbriaPolice, "/api/v1/children", { given_name: "Kit", family_name: "Probeonly", date_of_birth: "2016-06-06", la_code: 888, settings: ["ribblebank-primary"], confirm_new: true });
    assert.equal(r.status, 201, r.text);
    kit = r.body.id;
    const kits = { children: [{ given_name: "Kit", family_name: "Probeonly", date_of_birth: "2016-06-06", present: true, spoken_to: false }] };
    for (const [who, ref, days, where, extra] of [
      ["police", "PR-1", 10, probe], ["police", "PR-2", 9, probe], ["police", "PR-3", 8, probe], [cumbriaPolice, "PR-4", 7, probe, kits],
      ["police", "BR-1", 40, both], ["police", "BR-2", 35, both], ["police", "BR-3", 3, both],
      [cumbriaPolice, "BR-4", 30, both], [cumbriaPolice, "BR-5", 25, both], [cumbriaPolice, "BR-6", 20, both, kits],
    ]) {
      r = await post(who, "/api/v1/da-incidents", { ...incident(ref, days, where), ...extra });
      assert.equal(r.status, 201, r.text);
      made[ref] = { id: r.body.id, at: r.body.occurred_at ?? sql(`SELECT occurred_at FROM da_incidents WHERE id = ${r.body.id};`)[0].occurred_at };
    }
  });

  test("Cumbria's list leaves out the household only Lancashire's incidents made repeats", async () => {
    assert.equal(await listed(cumbriaPolice, probe), undefined, "its one incident there is no repeat");
    assert.doesNotMatch((await call(cumbriaPolice, "/households")).text, /Probe Street/);
    const lancashire = await listed("police", probe);
    assert.equal(lancashire.incidents, 3, "Lancashire's own three");
    assert.equal(lancashire.latest_incident_id, made["PR-3"].id);
  });

  test("where both forces' incidents are repeats, each counts, dates and links only its own", async () => {
    for (const [force, latest] of [[cumbriaPolice, "BR-6"], ["police", "BR-3"]]) {
      const row = await listed(force, both);
      assert.ok(row, force);
      assert.equal(row.incidents, 3, `${force}: its own three of six`);
      assert.equal(row.latest_at, made[latest].at, `${force}: the date of its own latest incident`);
      assert.equal(row.latest_incident_id, made[latest].id, `${force}: its own latest incident, the one dated`);
    }
    const page = await call(cumbriaPolice, "/households");
    assert.doesNotMatch(page.text, new RegExp(made["BR-3"].at), "not Lancashire's latest date");
  });

  test("Cumbria's household page says nothing of the flag Lancashire's incidents raised, or when the household was made", async () => {
    const id = householdAt(probe);
    const api = await call(cumbriaPolice, `/api/v1/households/${id}`);
    assert.equal(api.status, 200, api.text);
    const h = api.body.household;
    assert.equal(h.incidents, 1);
    for (const field of ["created_at", "repeat_flagged_at", "repeat_reviewed_at", "waiting"]) assert.equal(h[field], undefined, field);
    const flagged = sql(`SELECT repeat_flagged_at FROM households WHERE id = ${id};`)[0].repeat_flagged_at;
    assert.ok(flagged, "Lancashire's third incident flagged it");
    const page = await call(cumbriaPolice, `/households/${id}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /waiting for review|Flagged|Not flagged/);
    assert.doesNotMatch(page.text, new RegExp(flagged));
    // the front door keeps the whole household
    const whole = (await call("frontdoor", `/api/v1/households/${id}`)).body.household;
    assert.equal(whole.incidents, 4);
    assert.equal(whole.waiting, true);
    assert.equal(whole.repeat_flagged_at, flagged);
    assert.ok(whole.created_at);
    assert.equal((await listed("frontdoor", probe)).incidents, 4);
  });

  test("the repeat line in the child's chronology counts only the incident's own force's incidents for Cumbria", async () => {
    const repeats = async (who) => {
      const r = await call(who, `/api/v1/children/${kit}/chronology`);
      assert.equal(r.status, 200, r.text);
      return r.body.events.filter((e) => e.kind === "repeat-household").map((e) => [e.href, e.text]);
    };
    // PR-4 is Cumbria's only incident at the probe: no repeat; BR-6 its third at the other household
    assert.deepEqual(await repeats(cumbriaPolice), [
      [`/incidents/${made["BR-6"].id}`, "Repeat incident at the household: 3 incidents at this address in 365 days"],
    ]);
    // the front door reads every force's incidents at each household, up to each of Cumbria's
    assert.deepEqual((await repeats("frontdoor")).sort(), [
      [`/incidents/${made["BR-6"].id}`, "Repeat incident at the household: 5 incidents at this address in 365 days"],
      [`/incidents/${made["PR-4"].id}`, "Repeat incident at the household: 4 incidents at this address in 365 days"],
    ].sort());
  });
});

// A household both forces attended shows each force only its own part: the
// incidents it sent there (counted), the adults named at them, their
// children, and the adults it recorded as living there. Another force's
// incidents name its victims and suspects, which are not this force's to
// read; the front door of the area keeps the whole household.
//
// Found in review: once two forces had attended one address, each read every
// adult the other had named there and its count of incidents.
describe("a household two forces attended shows each force only its own part", () => {
  const address = "5 Both Forces Court";
  let id;
  before(async () => {
    // the front door has both incidents' children on the register, so each incident is matched to one
    for (const given_name of ["Robin", "Jay"]) {
      const family_name = given_name === "Robin" ? "Lancsonly" : "Cumbriaonly";
      const r = await post("frontdoor", "/api/v1/children", { given_name, family_name, date_of_birth: "2015-05-05", la_code: 888, settings: ["ribblebank-primary"], confirm_new: true });
      assert.equal(r.status, 201, r.text);
    }
    for (const [who, ref, days, adult, child] of [
      ["police", "BF-1", 9, { name: "Lee Lancsonly", role: "victim", contact_phone: "01632 960555", safe_to_call: true, safe_to_leave_message: false, safe_times: "evenings" }, "Robin Lancsonly"],
      [cumbriaPolice, "BF-2", 7, { name: "Cara Cumbriaonly", role: "suspect" }, "Jay Cumbriaonly"],
    ]) {
      const [given_name, family_name] = child.split(" ");
      const r = await post(who, "/api/v1/da-incidents", {
        ...incident(ref, days, address),
        adults: [adult],
        children: [{ given_name, family_name, date_of_birth: "2015-05-05", present: true, spoken_to: false }],
      });
      assert.equal(r.status, 201, r.text);
    }
    id = householdAt(address);
    // each force records an adult living there, and so does the front door
    for (const [who, name] of [["police", "Lou Lancsonly"], [cumbriaPolice, "Cal Cumbriaonly"], ["frontdoor", "Fay Frontdoorknown"]]) {
      const r = await post(who, `/api/v1/households/${id}/adults`, { name, relationship: "carer" });
      assert.equal(r.status, 200, r.text);
    }
  });

  for (const [force, own, other] of [
    [cumbriaPolice, "Cumbriaonly", "Lancsonly"],
    ["police", "Lancsonly", "Cumbriaonly"],
  ]) {
    test(`${force} reads its own incident's adults and the adults it recorded, nothing of the other force's`, async () => {
      const api = await call(force, `/api/v1/households/${id}`);
      assert.equal(api.status, 200, api.text);
      const h = api.body.household;
      assert.equal(h.incidents, 1, "its own force's incident only");
      assert.equal(h.incidents_in_period, 1);
      assert.deepEqual(h.incident_adults.map((a) => a.name), [own === "Lancsonly" ? "Lee Lancsonly" : "Cara Cumbriaonly"]);
      assert.deepEqual(h.adults.map((a) => a.name), [own === "Lancsonly" ? "Lou Lancsonly" : "Cal Cumbriaonly"], "the adults it recorded, not the front door's or the other force's");
      assert.equal(h.hidden_children, 1, "its own incident's child, counted (the force does not work with it)");
      const page = await call(force, `/households/${id}`);
      assert.equal(page.status, 200);
      assert.match(page.text, new RegExp(own));
      assert.match(page.text, /Your force(&#39;|&#x27;|')s incidents here/);
      for (const r of [api, page]) {
        assert.doesNotMatch(r.text, new RegExp(`${other}|Frontdoorknown|01632 960555`), `${force} ${r === api ? "API" : "page"} names nothing the other force or the front door brought`);
      }
      assert.equal(h.force_only, true, "the answer says it is the force's part");
    });
  }

  test("an adult a force adds is its own: the answer shows its part, and the other force never sees it", async () => {
    const r = await post(cumbriaPolice, `/api/v1/households/${id}/adults`, { name: "Max Cumbriaonly", relationship: "relative" });
    assert.equal(r.status, 200, r.text);
    assert.doesNotMatch(r.text, /Lancsonly|Frontdoorknown/);
    assert.ok(r.body.household.adults.some((a) => a.name === "Max Cumbriaonly"));
    assert.doesNotMatch((await call("police", `/api/v1/households/${id}`)).text, /Max Cumbriaonly/);
  });

  test("the front door reads the whole household: both forces' incidents and every adult", async () => {
    const api = await call("frontdoor", `/api/v1/households/${id}`);
    assert.equal(api.status, 200, api.text);
    const h = api.body.household;
    assert.equal(h.force_only, false);
    assert.equal(h.incidents, 2);
    assert.deepEqual(h.incident_adults.map((a) => a.name).sort(), ["Cara Cumbriaonly", "Lee Lancsonly"]);
    for (const name of ["Lou Lancsonly", "Cal Cumbriaonly", "Fay Frontdoorknown"]) assert.ok(h.adults.some((a) => a.name === name), name);
    assert.deepEqual(h.children.map((c) => c.given_name).sort(), ["Jay", "Robin"]);
    const page = await call("frontdoor", `/households/${id}`);
    assert.equal(page.status, 200);
    for (const name of ["Lee Lancsonly", "Cara Cumbriaonly", "Fay Frontdoorknown"]) assert.match(page.text, new RegExp(name));
  });
});
