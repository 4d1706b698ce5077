// The serious incident reviews list narrowed to the cases with an overdue
// milestone (issue 16, point 8): a statutory deadline passed and not met
// (notifying the national panel, the rapid review, an agency's information,
// the CSPR's publication) or a milestone of the local review past its date
// and not reached. Deadlines are counted in working days in C; the store
// keeps each case's earliest deadline not met (migration 0143) with every
// change, and works every case's out again when the server starts. The
// filter is held here to the case page's own statuses, worked out live for
// today: the same cases, in the list's order, counted and paged, for what
// the user may see only; a bad value is refused naming the field. Paged
// over many cases (ties on the date the list is ordered by, overdue and not
// among each other), every page but the last is full and in the list's
// order, the total is the filter's, and the pages hold every overdue case
// exactly once, forwards and backwards.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { apiClient, errorFields, plusDays, sqlText } from "../lib/api.mjs";
import { havenBin, SQLITE_ONLY, startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query).trim();
const today = plusDays(0);

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/** Whether the case's own page (deadlines worked out live for today) shows anything overdue. */
async function overdueOnItsPage(who, id) {
  const r = await call(who, `/api/v1/reviews/${id}`);
  assert.equal(r.status, 200, r.text);
  const c = r.body.case;
  return (
    [c.notification, c.rapid_review, c.cspr].some((d) => d?.status === "overdue") ||
    c.contributions.some((k) => k.status === "overdue") ||
    c.milestones.some((m) => !m.done_on && m.due_on < today)
  );
}

/** The list as `who` sees it with `query`: ids in order and the count. */
async function listed(who, query) {
  const r = await call(who, `/api/v1/reviews?limit=200&${query}`);
  assert.equal(r.status, 200, r.text);
  return { ids: r.body.reviews.map((c) => c.id), total: r.body.page.total };
}

/** What the filter should give `who`: their cases, in the list's order, whose page shows something overdue. */
async function expectedOverdue(who) {
  const all = (await listed(who, "")).ids;
  const ids = [];
  for (const id of all) if (await overdueOnItsPage(who, id)) ids.push(id);
  return { ids, total: ids.length };
}

/**
 * Follows the list's `next` links from its first page (or `previous` from
 * `start`) with `limit` rows a page; each page's ids and paging.
 */
async function walk(who, query, { limit, direction = "next", start } = {}) {
  const cursor = direction === "next" ? "after" : "before";
  const pages = [];
  const at = (on) => `/api/v1/reviews?${[query, `limit=${limit}`, on && `${cursor}=${on}`].filter(Boolean).join("&")}`;
  let url = at(start);
  for (let guard = 0; guard < 100; guard++) {
    const r = await call(who, url);
    assert.equal(r.status, 200, r.text);
    pages.push({ ids: r.body.reviews.map((c) => c.id), page: r.body.page });
    const on = r.body.page[direction];
    if (!on) return pages;
    url = at(on);
  }
  assert.fail("the walk did not end");
}

async function newCase(awareOn, pseudonym) {
  const r = await post("partnership", "/api/v1/reviews", {
    child_pseudonym: pseudonym,
    la: "blackburn-with-darwen",
    harm: "serious_harm",
    circumstances: "A fictional case for the overdue filter.",
    looked_after_child: false,
    aware_on: awareOn,
    agencies: ["bwd-council"],
  });
  assert.equal(r.status, 201, r.text);
  return r.body.id;
}

describe("the overdue milestones filter", () => {
  test("the demo's cases: those whose page shows an overdue deadline, worked out when the server started", async () => {
    const expected = await expectedOverdue("partnership");
    assert.ok(expected.ids.length > 0, "the demo has an overdue case");
    assert.ok(expected.ids.length < (await listed("partnership", "")).ids.length, "and one that is not");
    assert.deepEqual(await listed("partnership", "overdue=yes"), expected);
    assert.deepEqual(await listed("partnership", "overdue=no"), await listed("partnership", ""), "no: every case");
  });

  test("a case joins and leaves the filter as its deadlines are met, missed and its milestones reached", async () => {
    const overdueIds = async () => (await listed("partnership", "overdue=yes")).ids;
    const fresh = await newCase(today, "Child Fresh");
    assert.ok(!(await overdueIds()).includes(fresh), "aware today: the panel is not due to be told yet");

    const late = await newCase(plusDays(-30), "Child Late");
    assert.ok((await overdueIds()).includes(late), "aware 30 days ago and the panel not told");

    let r = await post("partnership", `/api/v1/reviews/${late}/notification`, { panel_notified_on: today });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.case.notification.status, "late");
    assert.ok(!(await overdueIds()).includes(late), "told (late): the rapid review and information are due later");

    r = await post("partnership", `/api/v1/reviews/${late}/milestones`, { title: "Chronology merged", due_on: plusDays(-1) });
    assert.equal(r.status, 200, r.text);
    assert.ok((await overdueIds()).includes(late), "a milestone due yesterday and not reached");

    const milestone = r.body.case.milestones.find((m) => m.title === "Chronology merged");
    r = await post("partnership", `/api/v1/reviews/${late}/milestones/${milestone.id}`, { done_on: today });
    assert.equal(r.status, 200, r.text);
    assert.ok(!(await overdueIds()).includes(late), "reached");

    assert.deepEqual(await listed("partnership", "overdue=yes"), await expectedOverdue("partnership"));
  });

  test("combined with the stage, counted and paged a case at a time", async () => {
    const all = await listed("partnership", "overdue=yes");
    const notifying = await listed("partnership", "overdue=yes&stage=notification");
    const stage = (await listed("partnership", "stage=notification")).ids;
    assert.deepEqual(notifying.ids, all.ids.filter((id) => stage.includes(id)));
    assert.equal(notifying.total, notifying.ids.length);

    const pages = await walk("partnership", "overdue=yes", { limit: 1 });
    assert.deepEqual(pages.flatMap((p) => p.ids), all.ids);
    for (const { page } of pages) assert.equal(page.total, all.total);

    const page = await call("partnership", "/reviews?overdue=yes&limit=1");
    assert.equal(page.status, 200);
    assert.match(page.text, /id="overdue" name="overdue" type="checkbox" value="yes" checked/);
    assert.match(page.text, new RegExp(`Showing 1 to 1 of ${all.total} reviews`));
    if (all.total > 1) assert.match(page.text, /href="\/reviews\?[^"]*overdue=[^"]*"/, "the next page keeps the filter");
  });

  test("a member of a review group sees only their groups' overdue cases", async () => {
    const theirs = await listed("practitioner", "overdue=yes");
    assert.deepEqual(theirs, await expectedOverdue("practitioner"));
    const everyone = (await listed("partnership", "overdue=yes")).ids;
    assert.ok(theirs.ids.every((id) => everyone.includes(id)));
  });

  test("a value that is not yes or no is refused naming the field, and nothing changes", async () => {
    const before = sql("SELECT group_concat(id || ':' || coalesce(next_due_on, '-')) FROM review_cases;");
    let r = await call("partnership", "/api/v1/reviews?overdue=maybe");
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(errorFields(r.body), ["overdue"]);
    r = await call("partnership", "/reviews?overdue=maybe");
    assert.equal(r.status, 400);
    assert.match(r.text, /govuk-error-summary[\s\S]*href="#overdue"/);
    assert.equal(sql("SELECT group_concat(id || ':' || coalesce(next_due_on, '-')) FROM review_cases;"), before);
  });

  test("over many cases, every page full and in order, each overdue case once, forwards and backwards", async () => {
    // eighteen cases aware on six days, three a day (the list's order ties on the day); the panel
    // told of one in each three, so cases that are not overdue sit among those that are
    const made = [];
    for (let i = 0; i < 18; i++) {
      const id = await newCase(plusDays(-20 - Math.floor(i / 3)), `Child Paged ${i}`);
      if (i % 3 === 1) {
        const r = await post("partnership", `/api/v1/reviews/${id}/notification`, { panel_notified_on: today });
        assert.equal(r.status, 200, r.text);
      }
      made.push(id);
    }
    const every = await call("partnership", "/api/v1/reviews?limit=200");
    assert.equal(every.status, 200, every.text);
    const rows = every.body.reviews;
    const inOrder = [...rows].sort((a, b) => (a.aware_on === b.aware_on ? b.id - a.id : a.aware_on < b.aware_on ? 1 : -1));
    assert.deepEqual(rows.map((c) => c.id), inOrder.map((c) => c.id), "newest first, the later case first on a day");

    const expected = await expectedOverdue("partnership");
    assert.ok(made.filter((id) => expected.ids.includes(id)).length >= 6, "many of the new cases are overdue");
    assert.ok(made.some((id) => !expected.ids.includes(id)), "and some are not");
    const limit = 4;
    assert.ok(expected.total > 2 * limit, "more than two pages of overdue cases");

    for (const [query, ids] of [
      ["overdue=yes", expected.ids],
      ["", rows.map((c) => c.id)],
    ]) {
      const pages = await walk("partnership", query, { limit });
      assert.equal(pages.length, Math.ceil(ids.length / limit), `${query}: as many pages as the rows need`);
      pages.forEach(({ ids: onPage, page }, n) => {
        assert.equal(onPage.length, Math.min(limit, ids.length - n * limit), `${query}: page ${n + 1} is full`);
        assert.equal(page.total, ids.length, `${query}: page ${n + 1}'s total`);
        assert.equal(page.from, n * limit + 1, `${query}: page ${n + 1} starts where the last ended`);
      });
      assert.deepEqual(pages.flatMap((p) => p.ids), ids, `${query}: every row once, in the list's order`);

      // back from the last page with "previous", to the first
      const back = await walk("partnership", query, { limit, direction: "previous", start: pages.at(-1).page.previous });
      assert.deepEqual([...back.reverse().flatMap((p) => p.ids), ...pages.at(-1).ids], ids, `${query}: backwards`);
      assert.equal(back[0].page.from, 1);
    }
  });

  test("the filtered list reads the index of outstanding cases, never the whole table", { skip: SQLITE_ONLY }, () => {
    // the statements the server runs for the filter, as compiled into it (each one string literal): a slow
    // plan gives the same rows, so only the plan shows it
    const binary = readFileSync(havenBin()).toString("latin1");
    const marker = " AND c.next_due_on < ?5 AND (CAST(?3 AS TEXT) IS NULL";
    const statements = [];
    for (let at = binary.indexOf(marker); at >= 0; at = binary.indexOf(marker, at + 1))
      statements.push(binary.slice(binary.lastIndexOf("\0", at) + 1, binary.indexOf("\0", at)));
    const page = statements.find((q) => q.startsWith("SELECT c.id, c.reference") && q.includes("ORDER BY c.aware_on DESC"));
    const count = statements.find((q) => q.startsWith("SELECT count(*) FROM (SELECT 1 FROM review_cases c"));
    assert.ok(page && count, `the overdue statements are in the binary: ${statements.length} found`);
    const plan = sql(`EXPLAIN QUERY PLAN ${page};`);
    assert.match(plan, /SEARCH c USING (COVERING )?INDEX review_cases_outstanding/, plan);
    assert.doesNotMatch(plan, /SCAN c\b/, plan);
    assert.doesNotMatch(plan, /TEMP B-TREE FOR ORDER BY/, plan);
    // and its count reads the outstanding cases only
    assert.match(sql(`EXPLAIN QUERY PLAN ${count};`), /SCAN c USING (COVERING )?INDEX review_cases_outstanding/);
  });

  test("when the server starts, every case's earliest deadline is worked out again", async () => {
    const kept = sql("SELECT group_concat(id || ':' || coalesce(next_due_on, '-')) FROM (SELECT * FROM review_cases ORDER BY id) AS c;");
    assert.match(kept, /:\d{4}-\d{2}-\d{2}/);
    await haven.stop({ keepDir: true });
    sqlText(haven.dbPath, "UPDATE review_cases SET next_due_on = NULL;");
    haven = await startHaven({ dir: haven.dir });
    assert.equal(sql("SELECT group_concat(id || ':' || coalesce(next_due_on, '-')) FROM (SELECT * FROM review_cases ORDER BY id) AS c;"), kept);
    assert.deepEqual(await listed("partnership", "overdue=yes"), await expectedOverdue("partnership"));
  });
});
