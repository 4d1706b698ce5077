// Serious incident reviews (src/areas/reviews): the whole life of a case over
// the API as the demo partnership user — recording the incident, deadlines
// worked out against the real bank holidays, the notification, the agencies'
// information, the rapid review's decision, the local review from
// commissioning to publication — then who may see a case (the review group
// and the partnership team only: everyone else gets 404, the scrutineer 403,
// nobody signed in 401), validation that names fields, the demo data's
// statuses, and an audit row for every change (read with sqlite3 after stop).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) await haven.stop();
});

let caseId;
const AGENCIES = ["bwd-council", "lancashire-constabulary", "demo-icb"];

describe("the life of a case", () => {
  test("recording an incident computes the notification deadline over Christmas", async () => {
    const res = await post("partnership", "/api/v1/reviews", {
      child_pseudonym: "Child D",
      la: "blackburn-with-darwen",
      harm: "death",
      circumstances: "A fictional infant death for the tests.",
      looked_after_child: false,
      // Monday 22 December 2025: Thursday 25 and Friday 26 are bank holidays,
      // so the 5 working days are 23, 24, 29, 30, 31 December.
      aware_on: "2025-12-22",
      agencies: AGENCIES,
    });
    assert.equal(res.status, 201, res.text);
    assert.match(res.body.reference, /^SI-2025-\d{3}$/);
    caseId = res.body.id;
    const c = (await call("partnership", `/api/v1/reviews/${caseId}`)).body.case;
    assert.equal(c.notification.due_on, "2025-12-31");
    assert.equal(c.notification.status, "overdue"); // nothing sent yet, and it is past
    assert.equal(c.rapid_review.status, "waiting");
    assert.equal(c.cspr.status, "not_commissioned");
    // the agencies' information: 5 working days after the notification deadline
    // (Friday 2, Monday 5 ... Thursday 8 January; 1 January is a bank holiday)
    assert.equal(c.contributions.length, 3);
    for (const k of c.contributions) assert.equal(k.due_on, "2026-01-08");
    assert.deepEqual(c.members.map((m) => m.email), ["partnership@demo.haven.example"]);
  });

  test("a substitute bank holiday is skipped (Boxing Day 2020 fell on a Saturday)", async () => {
    const res = await post("partnership", "/api/v1/reviews", {
      child_pseudonym: "Child E",
      la: "blackpool",
      harm: "serious_harm",
      circumstances: "Fictional.",
      aware_on: "2020-12-24", // then 25 Dec, 28 Dec (substitute), 1 Jan are holidays
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.reference, "SI-2020-001");
    const c = (await call("partnership", `/api/v1/reviews/${res.body.id}`)).body.case;
    assert.equal(c.notification.due_on, "2021-01-05");
  });

  test("the notification is recorded, reschedules the agencies' information and starts the rapid review clock", async () => {
    const bad = await post("partnership", `/api/v1/reviews/${caseId}/notification`, { panel_notified_on: "2025-12-19" });
    assert.equal(bad.status, 422);
    assert.deepEqual(errorFields(bad.body), ["panel_notified_on"]);
    assert.equal(
      bad.body.errors[0].detail,
      "The date the national panel was notified must be the same as or after the date the local authority became aware (22 December 2025)",
      "the earliest date in words, as the page says dates",
    );
    const lac = await post("partnership", `/api/v1/reviews/${caseId}/notification`, {
      panel_notified_on: "2025-12-30",
      ofsted_notified_on: "2025-12-30",
    });
    assert.equal(lac.status, 422, "Ofsted is told only of looked-after children's deaths");
    assert.deepEqual(errorFields(lac.body), ["ofsted_notified_on"]);
    const res = await post("partnership", `/api/v1/reviews/${caseId}/notification`, { panel_notified_on: "2025-12-30" });
    assert.equal(res.status, 200, res.text);
    const c = res.body.case;
    assert.equal(c.notification.status, "met");
    // 15 working days after Tuesday 30 December 2025, 1 January being a holiday
    assert.equal(c.rapid_review.due_on, "2026-01-21");
    for (const k of c.contributions) assert.equal(k.due_on, "2026-01-07");
  });

  test("contributions are received", async () => {
    const c = (await call("partnership", `/api/v1/reviews/${caseId}`)).body.case;
    const [first, second] = c.contributions;
    let res = await post("partnership", `/api/v1/reviews/${caseId}/contributions/${first.id}`, { received_on: "2026-01-06" });
    assert.equal(res.status, 200, res.text);
    res = await post("partnership", `/api/v1/reviews/${caseId}/contributions/${second.id}`, { received_on: "2026-01-09" });
    const got = Object.fromEntries(res.body.case.contributions.map((k) => [k.id, k.status]));
    assert.equal(got[first.id], "met");
    assert.equal(got[second.id], "late");
    const missing = await post("partnership", `/api/v1/reviews/${caseId}/contributions/999999`, { received_on: "2026-01-06" });
    assert.equal(missing.status, 404);
  });

  test("the rapid review's decision: no CSPR needs a rationale; commission_cspr is recorded with its submission", async () => {
    const noRationale = await post("partnership", `/api/v1/reviews/${caseId}/rapid-review`, {
      rapid_review_on: "2026-01-19",
      rapid_review_decision: "no_cspr",
    });
    assert.equal(noRationale.status, 422);
    assert.deepEqual(errorFields(noRationale.body), ["rapid_review_rationale"]);
    const early = await post("partnership", `/api/v1/reviews/${caseId}/rapid-review`, {
      rapid_review_on: "2026-01-19",
      rapid_review_decision: "commission_cspr",
      rapid_review_submitted_on: "2026-01-18",
    });
    assert.deepEqual(errorFields(early.body), ["rapid_review_submitted_on"]);
    const res = await post("partnership", `/api/v1/reviews/${caseId}/rapid-review`, {
      rapid_review_on: "2026-01-19",
      rapid_review_attendance: "Police, children's social care, health",
      rapid_review_facts: "Fictional facts.",
      rapid_review_immediate_actions: "Fictional actions.",
      rapid_review_learning: "Fictional learning.",
      rapid_review_decision: "commission_cspr",
      rapid_review_rationale: "Learning for the partnership.",
      rapid_review_submitted_on: "2026-01-20",
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.case.rapid_review.status, "met");
    assert.equal(res.body.case.rapid_review_decision, "commission_cspr");
  });

  test("the CSPR: commissioned, expected 6 months later, then published with a link", async () => {
    let res = await post("partnership", `/api/v1/reviews/${caseId}/cspr`, {
      cspr_commissioned_on: "2026-02-02",
      cspr_reviewer: "A. Reviewer (fictional)",
      cspr_method: "Systems approach",
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.case.cspr.expected_publication_on, "2026-08-02");
    assert.equal(res.body.case.cspr.status, "overdue"); // it is past, and not published
    const noLink = await post("partnership", `/api/v1/reviews/${caseId}/cspr`, {
      cspr_commissioned_on: "2026-02-02",
      cspr_panel_told_on: "2026-07-01",
      cspr_published_on: "2026-07-15",
    });
    assert.equal(noLink.status, 422);
    assert.deepEqual(errorFields(noLink.body), ["cspr_link"]);
    const disordered = await post("partnership", `/api/v1/reviews/${caseId}/cspr`, {
      cspr_commissioned_on: "2026-02-02",
      cspr_draft_on: "2026-06-01",
      cspr_final_on: "2026-05-01",
    });
    assert.deepEqual(errorFields(disordered.body), ["cspr_final_on"]);
    // the panel is sent the report at least 7 working days BEFORE publication (Working Together): Tuesday
    // 7 July leaves only 6 before Wednesday 15 July; the same day, or after, is refused too; nothing saved
    for (const told of ["2026-07-07", "2026-07-15", "2026-07-16"]) {
      const late = await post("partnership", `/api/v1/reviews/${caseId}/cspr`, {
        cspr_commissioned_on: "2026-02-02",
        cspr_panel_told_on: told,
        cspr_published_on: "2026-07-15",
        cspr_link: "https://example.org/reviews/child-d",
      });
      assert.equal(late.status, 422, `told ${told}: ${late.text}`);
      assert.deepEqual(errorFields(late.body), ["cspr_panel_told_on"], `told ${told}`);
      assert.equal(
        late.body.errors[0].detail,
        "The panel must be sent the report at least 7 working days before it is published: the date the panel was told must be on or before 6 July 2026",
      );
    }
    assert.equal((await call("partnership", `/api/v1/reviews/${caseId}`)).body.case.cspr_published_on ?? null, null, "nothing saved");
    res = await post("partnership", `/api/v1/reviews/${caseId}/cspr`, {
      cspr_commissioned_on: "2026-02-02",
      cspr_reviewer: "A. Reviewer (fictional)",
      cspr_method: "Systems approach",
      cspr_draft_on: "2026-05-01",
      cspr_final_on: "2026-06-15",
      cspr_panel_told_on: "2026-07-01",
      cspr_published_on: "2026-07-15",
      cspr_link: "https://example.org/reviews/child-d",
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.case.cspr.status, "published");
  });

  test("milestones, themes and a new member", async () => {
    let res = await post("partnership", `/api/v1/reviews/${caseId}/milestones`, {
      title: "Practitioner event",
      due_on: "2026-04-01",
      done_on: "2026-04-02",
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.case.milestones.length, 1);
    res = await post("partnership", `/api/v1/reviews/${caseId}/themes`, { themes: ["neglect", "safer-sleep"] });
    assert.deepEqual(res.body.case.themes.map((t) => t.slug).sort(), ["neglect", "safer-sleep"]);
    res = await post("partnership", `/api/v1/reviews/${caseId}/themes`, { themes: ["not-a-theme"] });
    assert.deepEqual(errorFields(res.body), ["themes"]);
    // leaving the list out clears nothing: the API must send it, [] for none
    for (const body of [{}, { themes: null }]) {
      res = await post("partnership", `/api/v1/reviews/${caseId}/themes`, body);
      assert.equal(res.status, 422, res.text);
      assert.deepEqual(errorFields(res.body), ["themes"]);
    }
    res = await call("partnership", `/api/v1/reviews/${caseId}`);
    assert.deepEqual(res.body.case.themes.map((t) => t.slug).sort(), ["neglect", "safer-sleep"]);
    res = await post("partnership", `/api/v1/reviews/${caseId}/themes`, { themes: [] });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.case.themes, []);
    res = await post("partnership", `/api/v1/reviews/${caseId}/themes`, { themes: ["neglect", "safer-sleep"] });
    assert.equal(res.status, 200, res.text);
    res = await post("partnership", `/api/v1/reviews/${caseId}/members`, { email: "nobody@demo.haven.example" });
    assert.deepEqual(errorFields(res.body), ["email"]);
    res = await post("partnership", `/api/v1/reviews/${caseId}/members`, { email: "practitioner@demo.haven.example" });
    assert.equal(res.status, 200, res.text);
  });

  test("the list shows the case with its deadlines", async () => {
    const res = await call("partnership", "/api/v1/reviews");
    const row = res.body.reviews.find((r) => r.id === caseId);
    assert.equal(row.notification.status, "met");
    assert.equal(row.cspr.status, "published");
    const page = await call("partnership", "/reviews");
    assert.equal(page.status, 200);
    assert.match(page.text, /govuk-tag--red/); // something overdue stands out
  });
});

describe("the form in plain words", () => {
  test("the child's number is asked for and refused without jargon (issue #16, point 12)", async () => {
    const form = await call("partnership", "/reviews/new");
    assert.equal(form.status, 200);
    assert.match(form.text, /<label[^>]*for="child_id">The child's number in Haven \(optional\)<\/label>/);
    assert.match(form.text, /id="child_id-hint"[^>]*>The number at the end of the address of the child's page in Haven/);
    assert.doesNotMatch(form.text, /record number/);
    const res = await call("partnership", "/reviews", {
      method: "POST",
      form: { child_pseudonym: "Child Q", child_id: "999999", la: "blackburn-with-darwen", harm: "death", circumstances: "Fictional.", aware_on: "2025-12-22", agencies: "bwd-council" },
    });
    assert.equal(res.status, 422, res.text);
    assert.match(res.text, /<a href="#child_id">There is no child whose record you can open in Haven with this number: leave it blank if the child is not in Haven<\/a>/);
    assert.doesNotMatch(res.text, /record number/);
  });

  test("the form shown again after the field checks refuse it keeps the local authority and every agency ticked", async () => {
    // the circumstances are missing: refused by the route's field checks, before the handler runs
    const res = await call("partnership", "/reviews", {
      method: "POST",
      form: [["child_pseudonym", "Child R"], ["la", "blackpool"], ["harm", "serious_harm"], ["aware_on", "2025-12-22"],
        ["agencies", "bwd-council"], ["agencies", "lancashire-constabulary"]],
    });
    assert.equal(res.status, 422, res.text);
    assert.match(res.text, /<a href="#circumstances">/);
    const ticked = (slug) => new RegExp(`value="${slug}" checked>`).test(res.text);
    assert.ok(ticked("bwd-council"), "the first agency ticked is ticked again");
    assert.ok(ticked("lancashire-constabulary"), "and so is the second");
    assert.ok(!ticked("demo-icb"), "an agency not ticked is not");
    assert.match(res.text, /<option value="blackpool" selected>/);
    // the handler's own refusal (no such child) keeps them the same way
    const refused = await call("partnership", "/reviews", {
      method: "POST",
      form: [["child_pseudonym", "Child R"], ["child_id", "999999"], ["la", "blackpool"], ["harm", "death"],
        ["circumstances", "Fictional."], ["aware_on", "2025-12-22"], ["agencies", "demo-icb"]],
    });
    assert.equal(refused.status, 422, refused.text);
    assert.match(refused.text, /value="demo-icb" checked>/);
    assert.doesNotMatch(refused.text, /value="bwd-council" checked>/);
    assert.match(refused.text, /<option value="blackpool" selected>/);
  });
});

describe("who may see a case", () => {
  test("a member practitioner can read and update; the list shows them only their groups", async () => {
    assert.equal((await call("practitioner", `/api/v1/reviews/${caseId}`)).status, 200);
    const res = await post("practitioner", `/api/v1/reviews/${caseId}/themes`, { themes: ["neglect"] });
    assert.equal(res.status, 200, res.text);
    const list = (await call("practitioner", "/api/v1/reviews")).body.reviews.map((r) => r.id).sort();
    assert.deepEqual(list, [1, 2, caseId].sort((a, b) => a - b));
  });

  test("a non-member practitioner, a DSL, police and the front door get 404 on the case and every sub-route", async () => {
    for (const who of ["dsl", "police", "frontdoor", "idva"]) {
      assert.equal((await call(who, `/api/v1/reviews/${caseId}`)).status, 404, who);
      assert.equal((await call(who, `/reviews/${caseId}`)).status, 404, who);
      for (const sub of ["notification", "rapid-review", "cspr", "themes", "milestones", "contributions/1", "milestones/1"])
        assert.equal((await post(who, `/api/v1/reviews/${caseId}/${sub}`, {})).status, 404, `${who} ${sub}`);
      // the group is the partnership team's to change, whoever asks (their role, not the case, refuses them)
      assert.equal((await post(who, `/api/v1/reviews/${caseId}/members`, {})).status, 403, `${who} members`);
      assert.deepEqual((await call(who, "/api/v1/reviews")).body.reviews, [], `${who} lists nothing`);
    }
    // case 3 of the demo: the practitioner is not in its group
    assert.equal((await call("practitioner", "/api/v1/reviews/3")).status, 404);
    assert.equal((await post("practitioner", "/api/v1/reviews/3/cspr", {})).status, 404);
  });

  test("the scrutineer gets 403 (figures only); nobody signed in 401", async () => {
    assert.equal((await call("scrutineer", `/api/v1/reviews/${caseId}`)).status, 403);
    assert.equal((await call("scrutineer", "/api/v1/reviews")).status, 403);
    assert.equal((await call(null, `/api/v1/reviews/${caseId}`)).status, 401);
    assert.equal((await call(null, "/api/v1/reviews")).status, 401);
  });

  test("a case that does not exist is 404 even for the partnership", async () => {
    assert.equal((await call("partnership", "/api/v1/reviews/999999")).status, 404);
    assert.equal((await post("partnership", "/api/v1/reviews/999999/notification", { panel_notified_on: "2025-12-30" })).status, 404);
  });
});

describe("who may widen a case and name a child", () => {
  const members = (id) => sqlText(haven.dbPath, `SELECT count(*) FROM review_members WHERE case_id = ${id}`).trim();

  test("a member of the group cannot add anyone to it; the partnership team can", async () => {
    // demo case 2: the practitioner is in its group, the DSL is not
    const before = members(2);
    const res = await post("practitioner", "/api/v1/reviews/2/members", { email: "dsl@demo.haven.example" });
    assert.equal(res.status, 403, res.text);
    assert.equal(members(2), before, "nobody was added");
    assert.equal((await call("dsl", "/api/v1/reviews/2")).status, 404, "the DSL still cannot read the case");
    // the member's page of the group shows who is in it, without the form to add people
    const page = await call("practitioner", "/reviews/2/group");
    assert.equal(page.status, 200);
    assert.match(page.text, /Priya Practitioner/);
    assert.doesNotMatch(page.text, /action="\/reviews\/2\/members"/);
    assert.match(page.text, /The partnership team decides who is in the review group/);
    const team = await call("partnership", "/reviews/2/group");
    assert.match(team.text, /action="\/reviews\/2\/members"/);
  });

  const incident = (child_id) => ({
    child_pseudonym: "Child N",
    child_id,
    la: "lancashire",
    harm: "serious_harm",
    circumstances: "Fictional: a case naming a child in Haven.",
    aware_on: "2026-11-02",
    agencies: ["lancashire-county-council"],
  });

  test("the front door names only a child whose record it can open; an unknown number is answered alike", async () => {
    // demo child 1 is Blackburn with Darwen's, not Lancashire County Council's: the front door cannot open it
    assert.notEqual((await call("frontdoor", "/api/v1/children/1")).status, 200);
    const cases = () => sqlText(haven.dbPath, "SELECT count(*) FROM review_cases").trim();
    const before = cases();
    const unreadable = await post("frontdoor", "/api/v1/reviews", incident(1));
    const unknown = await post("frontdoor", "/api/v1/reviews", incident(999999));
    assert.equal(unreadable.status, 422, unreadable.text);
    assert.deepEqual(errorFields(unreadable.body), ["child_id"]);
    assert.equal(unreadable.text, unknown.text, "an unreadable child and an unknown number are answered alike");
    assert.equal(cases(), before, "no case was recorded");
    assert.equal(sqlText(haven.dbPath, "SELECT count(*) FROM review_cases WHERE child_id = 1").trim(), "0");
    // demo child 3 is Lancashire's: the front door may name them
    const own = await post("frontdoor", "/api/v1/reviews", incident(3));
    assert.equal(own.status, 201, own.text);
  });

  test("the partnership team may name any child", async () => {
    const res = await post("partnership", "/api/v1/reviews", incident(1));
    assert.equal(res.status, 201, res.text);
  });
});

describe("themes and settings", () => {
  test("the partnership adds and retires a theme and changes the CSPR months", async () => {
    let res = await post("partnership", "/api/v1/reviews/themes", { name: "Online harm" });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.body.themes.some((t) => t.slug === "online-harm" && t.retired === 0));
    const id = res.body.themes.find((t) => t.slug === "online-harm").id;
    res = await post("partnership", "/api/v1/reviews/themes", { name: "Online harm" });
    assert.deepEqual(errorFields(res.body), ["name"]);
    res = await post("partnership", `/api/v1/reviews/themes/${id}/retire`, {});
    assert.ok(res.body.themes.some((t) => t.slug === "online-harm" && t.retired === 1));
    res = await post("partnership", "/api/v1/reviews/settings", { cspr_publication_months: 9 });
    assert.equal(res.body.cspr_publication_months, 9);
    const c = (await call("partnership", `/api/v1/reviews/${caseId}`)).body.case;
    assert.equal(c.cspr.expected_publication_on, "2026-11-02");
    await post("partnership", "/api/v1/reviews/settings", { cspr_publication_months: 6 });
    assert.equal((await call("practitioner", "/api/v1/reviews/themes")).status, 403);
  });

  test("the demo cases are at different stages", async () => {
    const rows = Object.fromEntries((await call("partnership", "/api/v1/reviews")).body.reviews.map((r) => [r.reference, r]));
    assert.equal(rows["SI-2025-001"].cspr.status, "published");
    assert.equal(rows["SI-2026-001"].cspr.expected_publication_on, "2026-12-15");
    assert.equal(rows["SI-2026-002"].notification.due_on, "2026-11-27");
  });
});

describe("finding cases in the list", () => {
  test("narrowed by stage and reference, for what the user may see only, counted; bad values named", async () => {
    // a case only just recorded is at its first stage: the panel is not told yet
    const fresh = await post("partnership", "/api/v1/reviews", {
      child_pseudonym: "Child F",
      la: "blackburn-with-darwen",
      harm: "serious_harm",
      circumstances: "A fictional case for the list's filters.",
      looked_after_child: false,
      aware_on: "2026-02-02",
      agencies: AGENCIES,
    });
    assert.equal(fresh.status, 201, fresh.text);
    const stageOf = (where) =>
      sqlText(haven.dbPath, `SELECT id FROM review_cases c WHERE ${where} ORDER BY aware_on DESC, id DESC`).split("\n").filter(Boolean).map(Number);
    const listed = async (who, query) => {
      const r = await call(who, `/api/v1/reviews?limit=200&${query}`);
      assert.equal(r.status, 200, r.text);
      return { ids: r.body.reviews.map((c) => c.id), total: r.body.page.total };
    };
    const stages = {
      notification: "panel_notified_on IS NULL",
      rapid_review: "panel_notified_on IS NOT NULL AND rapid_review_decision IS NULL",
      local_review: "rapid_review_decision = 'commission_cspr' AND cspr_published_on IS NULL AND cspr_not_published_reason IS NULL",
      done: "panel_notified_on IS NOT NULL AND rapid_review_decision IS NOT NULL AND NOT (rapid_review_decision = 'commission_cspr' AND cspr_published_on IS NULL AND cspr_not_published_reason IS NULL)",
    };
    let seen = 0;
    for (const [stage, where] of Object.entries(stages)) {
      const ids = stageOf(where);
      assert.deepEqual(await listed("partnership", `stage=${stage}`), { ids, total: ids.length }, stage);
      seen += ids.length;
    }
    assert.equal(seen, Number(sqlText(haven.dbPath, "SELECT count(*) FROM review_cases")), "every case is at one stage");
    assert.ok((await listed("partnership", "stage=notification")).ids.includes(fresh.body.id));
    assert.ok((await listed("partnership", "stage=done")).ids.includes(caseId), "the published case is done");

    // a reference finds its case; a member sees only their groups' cases, whatever the filter
    assert.deepEqual(await listed("partnership", `reference=${fresh.body.reference}`), { ids: [fresh.body.id], total: 1 });
    assert.deepEqual(await listed("partnership", `reference=${fresh.body.reference}&stage=done`), { ids: [], total: 0 });
    assert.deepEqual(await listed("practitioner", `reference=${fresh.body.reference}`), { ids: [], total: 0 }, "not in their group");
    const theirs = (await listed("practitioner", "")).ids;
    for (const stage of Object.keys(stages))
      assert.ok((await listed("practitioner", `stage=${stage}`)).ids.every((id) => theirs.includes(id)), stage);

    // the page shows the choice again and keeps it in the paging links
    const page = await call("partnership", "/reviews?stage=done&limit=1");
    assert.equal(page.status, 200);
    assert.match(page.text, /<option value="done" selected>Done<\/option>/);
    assert.match(page.text, /\d+ cases? found<\/caption>/);
    if (stageOf(stages.done).length > 1) assert.match(page.text, /href="\/reviews\?[^"]*stage=done[^"]*after=|href="\/reviews\?[^"]*after=[^"]*stage=done/);

    let r = await call("partnership", "/api/v1/reviews?stage=closed");
    assert.equal(r.status, 400);
    assert.deepEqual(errorFields(r.body), ["stage"]);
    r = await call("partnership", "/reviews?stage=closed");
    assert.equal(r.status, 400);
    assert.match(r.text, /govuk-error-summary[\s\S]*href="#stage"/);
  });
});

describe("the audit trail", () => {
  test("every change left its row", async () => {
    await haven.stop({ keepDir: true });
    const dbPath = haven.dbPath;
    haven = null;
    const actions = sqlText(dbPath, `SELECT action FROM audit_log WHERE resource_type = 'review' AND resource_id = '${caseId}'`).split("\n");
    const count = (a) => actions.filter((x) => x === a).length;
    assert.equal(count("review.create"), 1);
    assert.equal(count("review.notification"), 1);
    assert.equal(count("review.contribution"), 2);
    assert.equal(count("review.rapid_review"), 1);
    assert.equal(count("review.cspr"), 2);
    assert.equal(count("review.milestone"), 1);
    assert.equal(count("review.themes"), 4); // set, cleared, set again, and the practitioner's; refusals leave none
    assert.equal(count("review.member"), 1);
    assert.ok(count("review.read") >= 3, `reads are audited too: ${actions.join(", ")}`);
    assert.ok(count("access_refused") >= 36, "refusals to people outside the group are audited");
    assert.equal(sqlText(dbPath, "SELECT count(*) FROM audit_log WHERE action = 'review.settings'"), "4");
  });
});
