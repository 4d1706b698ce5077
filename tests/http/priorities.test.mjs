// The partnership's priorities as data (issue 20): the partnership team adds
// a priority ("Covid recovery") with no migration, renames it and retires it
// or offers it again, each change audited; everyone who works for the
// partnership reads them, nobody else changes them; bad input is refused
// naming each field and changes nothing; both faces (API and pages). The
// three priorities the areas tagged by before are seeded with their keys. A
// name in any script gets a key of its own (accents folded, other scripts
// written in Latin letters, two different names never the same key).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";
import { migrateAgain, migrateBefore, runMigration } from "../lib/migrations.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query);
const count = () => Number(sql("SELECT count(*) FROM priorities"));
const audits = (action, id) => Number(sql(`SELECT count(*) FROM audit_log WHERE action = '${action}' AND resource_type = 'priority' AND resource_id = '${id}'`));

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("the partnership's priorities", () => {
  let id;

  test("the three existing priorities are there, with the keys the areas already tag by", async () => {
    const res = await call("practitioner", "/api/v1/priorities");
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      res.body.priorities.map((p) => [p.key, p.name, p.retired]),
      [["contextual_safeguarding", "Contextual safeguarding", false], ["domestic_abuse", "Domestic abuse", false], ["neglect", "Neglect", false]],
    );
    assert.equal(res.body.can_manage, false);
  });

  test("a priority with no dates says 'No dates set' once, on its page and in the list, not 'Not set' twice", async () => {
    const neglect = (await call("practitioner", "/api/v1/priorities")).body.priorities.find((p) => p.key === "neglect");
    assert.equal(neglect.from_date ?? null, null, "the demo's priorities have no period");
    const page = await call("practitioner", `/priorities/${neglect.id}`);
    assert.equal(page.status, 200, page.text);
    assert.match(page.text, /<dt class="govuk-summary-list__key">Dates<\/dt><dd class="govuk-summary-list__value">No dates set<\/dd>/);
    assert.doesNotMatch(page.text, /Not set/);
    const list = await call("practitioner", "/priorities");
    const row = list.text.split("<tr").find((r) => r.includes(`href="/priorities/${neglect.id}"`));
    assert.match(row, /<td class="govuk-table__cell" colspan="2"[^>]*>No dates set<\/td>/);
    assert.doesNotMatch(list.text, /Not set/);
  });

  test("a priority's page lists its strategies and action plans, each a link; its API gives their ids", async () => {
    const priorities = (await call("practitioner", "/api/v1/priorities")).body.priorities;
    const plans = (await call("practitioner", "/api/v1/plans")).body.plans;
    let withPlans = 0;
    for (const p of priorities) {
      const ids = plans.filter((pl) => pl.priority_key === p.key).map((pl) => pl.id).sort((a, b) => a - b);
      const api = await call("practitioner", `/api/v1/priorities/${p.id}`);
      assert.equal(api.status, 200, api.text);
      assert.deepEqual(api.body.priority.plans.map((pl) => pl.id).sort((a, b) => a - b), ids, p.name);
      const page = await call("practitioner", `/priorities/${p.id}`);
      assert.match(page.text, /<h2 class="govuk-heading-m">Strategies and action plans<\/h2>/);
      for (const id of ids) assert.match(page.text, new RegExp(`<a class="govuk-link" href="/plans/${id}">[^<]+: [^<]+ to [^<]+</a>`), `${p.name}: plan ${id}`);
      if (ids.length === 0) assert.match(page.text, /No plan has been made for this priority yet\./);
      withPlans += ids.length > 0;
    }
    assert.ok(withPlans > 0, "the demo has a priority with a plan");
  });

  test("the partnership team adds a fourth with no migration; it is audited and offered to everyone", async () => {
    const res = await post("partnership", "/api/v1/priorities", { name: "Covid recovery", description: "Fictional: children's return to school.", from: "2020-04-01", to: "2022-03-31" });
    assert.equal(res.status, 201, res.text);
    id = res.body.id;
    assert.equal(res.body.key, "covid_recovery");
    assert.equal(res.body.retired, false);
    assert.equal(res.body.from_words, "1 April 2020");
    assert.equal(audits("priority.create", id), 1);
    for (const who of ["dsl", "scrutineer", "agencyadmin", "police"]) {
      const list = await call(who, "/api/v1/priorities");
      assert.ok(list.body.priorities.some((p) => p.id === id && p.name === "Covid recovery"), who);
    }
  });

  test("only the partnership team changes them; the administrator does not even read them", async () => {
    for (const who of ["dsl", "scrutineer", "agencyadmin"]) {
      assert.equal((await post(who, "/api/v1/priorities", { name: "Mine" })).status, 403, who);
      assert.equal((await post(who, `/api/v1/priorities/${id}`, { name: "Renamed" })).status, 403, who);
      assert.equal((await post(who, `/api/v1/priorities/${id}/retirement`, { retired: true })).status, 403, who);
    }
    assert.equal((await call("admin", "/api/v1/priorities")).status, 403);
    assert.equal((await call(null, "/api/v1/priorities")).status, 401);
  });

  test("bad input is refused naming each field, and changes nothing", async () => {
    const before = count();
    let res = await post("partnership", "/api/v1/priorities", { name: "", from: "2021-02-30" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body).sort(), ["from", "name"]);
    res = await post("partnership", "/api/v1/priorities", { name: "Backwards", from: "2022-04-01", to: "2021-03-31" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["to"]);
    res = await post("partnership", "/api/v1/priorities", { name: "NEGLECT" });
    assert.equal(res.status, 409, res.text);
    assert.deepEqual(errorFields(res.body), ["name"]);
    res = await post("partnership", "/api/v1/priorities", { name: "Neglect!" });
    assert.equal(res.status, 409, "a name whose key is another's is refused");
    res = await post("partnership", "/api/v1/priorities", { name: "Extra", colour: "red" });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["colour"]);
    res = await post("partnership", `/api/v1/priorities/${id}`, { name: "Domestic Abuse" });
    assert.equal(res.status, 409, "renaming to another's name");
    assert.equal(count(), before);
    assert.equal(sql(`SELECT name FROM priorities WHERE id = ${id}`), "Covid recovery");
    assert.equal((await post("partnership", "/api/v1/priorities/999999", { name: "Nothing" })).status, 404);
  });

  test("a name in any script gets a key of its own: accents folded, other scripts written in Latin letters", async () => {
    const keyOf = async (name) => {
      const res = await post("partnership", "/api/v1/priorities", { name });
      assert.equal(res.status, 201, `${name}: ${res.text}`);
      assert.match(res.body.key, /^[a-z][a-z0-9_]*$/, name);
      return res.body.key;
    };
    assert.equal(await keyOf("Ymddygiad ôl"), "ymddygiad_ol", "a Welsh name keeps its accented letter, folded");
    assert.equal(await keyOf("日本語"), "ri_ben_yu");
    assert.equal(await keyOf("中文"), "zhong_wen", "a second name in another script is not refused");
    assert.equal(await keyOf("Насилие в семье"), "nasilie_v_sem_e");
    // two different names whose letters read alike in Latin ("shi") each get a key, the second numbered
    const [shi, shi2] = [await keyOf("市"), await keyOf("是")];
    assert.equal(shi, "shi");
    assert.equal(shi2, "shi_2");
    // names of no letters at all: each its own key
    const [none, none2] = [await keyOf("★"), await keyOf("☆")];
    assert.notEqual(none, none2);
    // a name in Latin letters one with another's key is still the same priority typed two ways
    const res = await post("partnership", "/api/v1/priorities", { name: "Ymddygiad ol!" });
    assert.equal(res.status, 409, res.text);
    assert.deepEqual(errorFields(res.body), ["name"]);
    // the keys stay what they were made, through a rename
    const welsh = sql("SELECT id FROM priorities WHERE key = 'ymddygiad_ol'");
    const renamed = await post("partnership", `/api/v1/priorities/${welsh}`, { name: "Ymddygiad ôl (newydd)" });
    assert.equal(renamed.status, 200, renamed.text);
    assert.equal(renamed.body.priority.key, "ymddygiad_ol");
  });

  test("renaming keeps the key, so what was tagged keeps its meaning; retiring keeps it listed, not offered", async () => {
    let res = await post("partnership", `/api/v1/priorities/${id}`, { name: "Recovery after Covid", description: "Fictional." });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.priority.name, "Recovery after Covid");
    assert.equal(res.body.priority.key, "covid_recovery");
    assert.equal(res.body.priority.from_date, null, "a period left out is cleared");
    assert.equal(audits("priority.update", id), 1);

    res = await post("partnership", `/api/v1/priorities/${id}/retirement`, { retired: true });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.priority.retired, true);
    assert.match(res.body.priority.retired_at, /^\d{4}-\d\d-\d\dT/);
    assert.equal(audits("priority.retire", id), 1);
    const list = (await call("dsl", "/api/v1/priorities")).body.priorities;
    assert.deepEqual(list.at(-1).name, "Recovery after Covid", "retired ones come last");
    assert.equal((await call("dsl", `/api/v1/priorities/${id}`)).body.priority.retired, true);

    res = await post("partnership", `/api/v1/priorities/${id}/retirement`, { retired: false });
    assert.equal(res.body.priority.retired, false);
    assert.equal(audits("priority.restore", id), 1);
  });

  test("pages: the list, adding with the error summary, and the forms only for the partnership team", async () => {
    const list = await call("dsl", "/priorities");
    assert.equal(list.status, 200);
    assert.match(list.text, /Recovery after Covid/);
    assert.doesNotMatch(list.text, /Add a priority/);
    assert.doesNotMatch((await call("dsl", `/priorities/${id}`)).text, /Save the changes/);
    assert.equal((await call("dsl", "/priorities/new")).status, 403);

    const bad = await call("partnership", "/priorities", { method: "POST", form: { name: "", description: "Fictional: kept when the form comes back" } });
    assert.equal(bad.status, 422, bad.text.slice(0, 300));
    assert.match(bad.text, /There is a problem/);
    assert.match(bad.text, /Fictional: kept when the form comes back/);
    const made = await call("partnership", "/priorities", { method: "POST", form: { name: "Online harm", description: "", from: "", to: "" } });
    assert.equal(made.status, 303, made.text.slice(0, 300));
    const where = made.headers.get("location");
    assert.match(where, /^\/priorities\/\d+$/);
    const page = await call("partnership", where);
    assert.match(page.text, /Save the changes/);
    assert.match(page.text, /Retire it/);
    const retired = await call("partnership", `${where}/retirement`, { method: "POST", form: { retired: "true" } });
    assert.equal(retired.status, 303);
    assert.equal(retired.headers.get("location"), where);
    assert.match((await call("partnership", where)).text, /Offer it again/);
    // in a browser the banner after each says what happened, not "Your changes have been saved"
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const shown = await b.request(where);
    const csrf = shown.text.match(/retirement" novalidate>\s*<input type="hidden" name="csrf_token" value="([^"]+)"/)[1];
    const offered = await b.request(`${where}/retirement`, { method: "POST", form: { csrf_token: csrf, retired: "false" } });
    assert.equal(offered.status, 303, offered.text);
    const landed = await b.request(offered.location);
    assert.match(landed.text, /govuk-notification-banner__heading">\s*The priority is offered again\s*</);
    assert.doesNotMatch(landed.text, /Your changes have been saved/);
    const dashboard = await call("dsl", "/dashboard");
    assert.match(dashboard.text, /href="\/priorities"/, "the dashboard links the priorities");
  });

  test("adding and renaming both warn that a name is published, so never a child's, family's or place's", async () => {
    // priority names head the annual report's tables of the plans' actions, as review themes head theirs
    const published = /id="name-hint" class="govuk-hint">[^<]*published in the annual report[^<]*never name or describe a child, a family or a place/;
    assert.match((await call("partnership", "/priorities/new")).text, published, "the form to add one");
    assert.match((await call("partnership", `/priorities/${id}`)).text, published, "the form to rename one");
  });
});

describe("training tags courses and resources by the priorities as data", () => {
  const COURSE = {
    title: "Fictional: recovery after the lockdowns", description: "For the tests", audience: "Everyone",
    level: "introductory", duration_minutes: 90, outcomes: ["Outcome one"], open_to: "everyone",
  };
  const RESOURCE = { title: "Fictional: a recovery briefing", kind: "guidance", summary: "A summary.", body: "The text." };
  let priority, course, resource;

  test("the demo's tags kept their meaning through the migration", async () => {
    const demo = await call("practitioner", "/api/v1/training/courses/3");
    assert.deepEqual(demo.body.course.areas, ["contextual_safeguarding", "other"]);
    const briefing = (await call("practitioner", "/api/v1/training/resources?area=neglect")).body.resources;
    assert.deepEqual(briefing.map((r) => [r.title, r.area, r.area_name]), [["Neglect in 7 minutes", "neglect", "Neglect"]]);
  });

  test("a new priority is offered on training's forms and tags a course and a resource", async () => {
    priority = (await post("partnership", "/api/v1/priorities", { name: "School recovery" })).body;
    assert.equal(priority.key, "school_recovery");
    const form = await call("partnership", "/training/courses/new");
    assert.match(form.text, /value="school_recovery"/);
    let res = await post("partnership", "/api/v1/training/courses", { ...COURSE, areas: ["school_recovery", "neglect"] });
    assert.equal(res.status, 201, res.text);
    course = res.body.id;
    res = await post("partnership", "/api/v1/training/resources", { ...RESOURCE, area: "school_recovery" });
    assert.equal(res.status, 201, res.text);
    resource = res.body.id;
    const listed = (await call("dsl", "/api/v1/training/resources?area=school_recovery")).body.resources;
    assert.deepEqual(listed.map((r) => [r.id, r.area_name]), [[resource, "School recovery"]]);
  });

  test("a tag that is no priority is refused naming the field, and changes nothing", async () => {
    const courses = Number(sql("SELECT count(*) FROM training_courses"));
    let res = await post("partnership", "/api/v1/training/courses", { ...COURSE, areas: ["neglect", "nonsense"] });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["areas"]);
    res = await post("partnership", "/api/v1/training/resources", { ...RESOURCE, area: "nonsense" });
    assert.deepEqual(errorFields(res.body), ["area"]);
    assert.equal(Number(sql("SELECT count(*) FROM training_courses")), courses);
    assert.equal((await call("dsl", "/api/v1/training/resources?area=nonsense")).status, 400);
  });

  test("a rename shows on what was tagged; a retired priority is refused for new work but still names the old", async () => {
    await post("partnership", `/api/v1/priorities/${priority.id}`, { name: "Recovery in schools" });
    const shown = await call("dsl", `/training/courses/${course}`);
    assert.match(shown.text, /Recovery in schools/);
    await post("partnership", `/api/v1/priorities/${priority.id}/retirement`, { retired: true });
    let res = await post("partnership", "/api/v1/training/courses", { ...COURSE, areas: ["school_recovery"] });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorFields(res.body), ["areas"]);
    assert.match(res.text, /retired/);
    assert.doesNotMatch((await call("partnership", "/training/courses/new")).text, /value="school_recovery"/);
    assert.match((await call("dsl", `/training/courses/${course}`)).text, /Recovery in schools/);
    const filtered = await call("dsl", "/training/resources?area=school_recovery");
    assert.equal(filtered.status, 200, "what was tagged can still be found");
    assert.match(filtered.text, /Fictional: a recovery briefing/);
    assert.match(filtered.text, /<option value="school_recovery" selected>Recovery in schools<\/option>/);
  });
});

describe("migration 0141 keeps what training had tagged", () => {
  test("rows tagged by the old CHECK lists are tagged by the same priorities afterwards", () => {
    // every migration before 0141 as the files say, on a real SQLite file, then rows as they were stored
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "haven-0141-"));
    const db = path.join(dir, "old.db");
    try {
      migrateBefore(db, 141);
      sqlText(db, `INSERT INTO training_courses (id, title, description, audience, level, duration_minutes, open_to)
                     VALUES (1, 'Old course', 'D', 'A', 'introductory', 60, 'everyone');
                   INSERT INTO training_course_areas (course_id, area) VALUES (1, 'domestic_abuse'), (1, 'other');
                   INSERT INTO training_resources (id, title, kind, area, summary, body, views)
                     VALUES (7, 'Old briefing', 'guidance', 'contextual_safeguarding', 'S', 'B', 3);
                   INSERT INTO training_resource_viewers (resource_id, user_id, counted_at) VALUES (7, 1, 0);`);
      runMigration(db, 141);
      assert.equal(
        sqlText(db, "SELECT group_concat(coalesce(p.key, 'other'), ',') FROM (SELECT * FROM training_course_priorities ORDER BY priority_id IS NULL) a LEFT JOIN priorities p ON p.id = a.priority_id"),
        "domestic_abuse,other",
      );
      assert.equal(sqlText(db, "SELECT p.key || ' ' || r.views FROM training_resources r JOIN priorities p ON p.id = r.priority_id WHERE r.id = 7"), "contextual_safeguarding 3");
      assert.equal(sqlText(db, "SELECT count(*) FROM training_resource_viewers v JOIN training_resources r ON r.id = v.resource_id"), "1");
      assert.equal(
        sqlText(db, "SELECT \"table\" FROM pragma_foreign_key_list('training_resource_viewers') WHERE \"from\" = 'resource_id'"),
        "training_resources",
        "the viewers still refer to the resources",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a name is the same in any case, beyond ASCII too, on both stores", () => {
  test("'ÉQUITÉ' is refused beside 'équité', naming the field, and changes nothing", async () => {
    let res = await post("partnership", "/api/v1/priorities", { name: "équité (fictional)" });
    assert.equal(res.status, 201, res.text);
    const before = count();
    res = await post("partnership", "/api/v1/priorities", { name: "ÉQUITÉ (FICTIONAL)" });
    assert.equal(res.status, 409, res.text);
    assert.deepEqual(errorFields(res.body), ["name"]);
    assert.match(res.text, /There is already a priority with this name/);
    assert.equal(count(), before);
  });
});

describe("migration 0177 makes a priority's name unique beyond ASCII", () => {
  test("two names one in any case (made before it): the later is renamed with its id", () => {
    // as before 0177 (no index on lower()), holding two names COLLATE NOCASE let through
    const before = `DROP INDEX priorities_name_folded;
                    INSERT INTO priorities (id, key, name) VALUES (10, 'equite', 'ÉQUITÉ'), (11, 'equite_2', 'équité');`;
    migrateAgain(177, before, ({ db, output }) => {
      assert.match(output, /applied migration 0177_priority_names_unicode\.sql/);
      assert.equal(sqlText(db, "SELECT name FROM priorities WHERE id IN (10, 11) ORDER BY id"), "ÉQUITÉ\néquité (11)");
      assert.equal(sqlText(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'priorities_name_folded'"), "1");
    });
  });
});
