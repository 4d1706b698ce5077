// Searching the lists of accounts by a part of a name or email address
// (issue 16, point 8): administrators search every account, an agency's
// administrator only their own agency's people. The words go in a POST body
// (the API's JSON, the page's form and its paging forms), never in an
// address or a log line; they combine with the list's filters (agency, role,
// status), match in any case, are paged with a count, and a search without
// words is refused naming the field. Each search is audited as the lists'
// GETs are, without the words.
//
// SQL is used only to read the audit trail.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query).trim();
const auditRows = () => Number(sql("SELECT count(*) FROM audit_log;"));
const emails = (r) => r.body.users.map((u) => u.email);

// Three accounts whose names share a word nobody else's has: two at Brookfield (one a DSL), one at Larkhill.
const WORD = "Quillfeather";
const people = [
  { name: `Orla ${WORD}`, email: "orla.q@brookfield.example", agency: "brookfield-primary", roles: ["practitioner"] },
  { name: `Ned ${WORD}-Jones`, email: "ned.q@brookfield.example", agency: "brookfield-primary", roles: ["dsl"] },
  { name: `Lina ${WORD}`, email: "lina.q@larkhill.example", agency: "larkhill-academy", roles: ["practitioner"] },
];

before(async () => {
  haven = await startHaven();
  for (const [i, p] of people.entries()) {
    const r = await post("admin", "/api/v1/users", { ...p, password: `a-first-password-${i}-quite-long` });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/** Every account (the unsearched list, one page of 200), to check a search against. */
async function everyone() {
  const r = await call("admin", "/api/v1/users?limit=200");
  assert.equal(r.status, 200, r.text);
  return r.body.users;
}

describe("an administrator searches every account (API)", () => {
  test("a part of a name or an email address, in any case, finds exactly the accounts holding it", async () => {
    const all = await everyone();
    for (const words of ["quillFEATHER", "ORLA.Q@", "demo.haven", "-Jones"]) {
      const r = await post("admin", "/api/v1/users/search", { search: words });
      assert.equal(r.status, 200, r.text);
      const wanted = all.filter((u) => `${u.name}\n${u.email}`.toLowerCase().includes(words.toLowerCase()));
      assert.ok(wanted.length > 0, `the demo has accounts matching ${words}`);
      assert.deepEqual(emails(r), wanted.map((u) => u.email), `search ${words}: the same accounts, by name`);
      assert.equal(r.body.page.total, wanted.length, "counted");
    }
  });

  test("combined with the agency, role and status filters", async () => {
    const inBrookfield = await post("admin", "/api/v1/users/search", { search: WORD, agency: "brookfield-primary" });
    assert.deepEqual(emails(inBrookfield), ["ned.q@brookfield.example", "orla.q@brookfield.example"]);
    const dsls = await post("admin", "/api/v1/users/search", { search: WORD, role: "dsl" });
    assert.deepEqual(emails(dsls), ["ned.q@brookfield.example"]);
    const disabled = await post("admin", "/api/v1/users/search", { search: WORD, status: "disabled" });
    assert.deepEqual(emails(disabled), []);
    const active = await post("admin", "/api/v1/users/search", { search: WORD, status: "active" });
    assert.equal(active.body.users.length, 3);
  });

  test("a % or _ typed is only itself, and a search matching nobody is an empty list", async () => {
    for (const words of ["%", "_", "nobody-has-this-zzz"]) {
      const r = await post("admin", "/api/v1/users/search", { search: words });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(emails(r), [], words);
      assert.equal(r.body.page.total, 0);
    }
  });

  test("paged with a count: a page of one, then the next by its cursor", async () => {
    const first = await post("admin", "/api/v1/users/search", { search: WORD, limit: 1 });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(emails(first), ["lina.q@larkhill.example"]);
    assert.equal(first.body.page.total, 3);
    assert.ok(first.body.next, "a cursor to the next page");
    const second = await post("admin", "/api/v1/users/search", { search: WORD, limit: 1, after: first.body.next });
    assert.deepEqual(emails(second), ["ned.q@brookfield.example"]);
    const back = await post("admin", "/api/v1/users/search", { search: WORD, limit: 1, before: second.body.page.previous });
    assert.deepEqual(emails(back), ["lina.q@larkhill.example"]);
  });

  test("no words, or a bad filter or page: 422 naming the field, and nothing audited", async () => {
    const audited = auditRows();
    const cases = [
      [{}, "search", /Enter a name or email address/],
      [{ search: "   " }, "search", /Enter a name or email address/],
      [{ search: WORD, role: "wizard" }, "role", /role/],
      [{ search: WORD, status: "asleep" }, "status", /status/],
      [{ search: WORD, limit: 0 }, "limit", /rows on a page/],
      [{ search: "x".repeat(201) }, "search", /200/],
    ];
    for (const [body, field, message] of cases) {
      const r = await post("admin", "/api/v1/users/search", body);
      assert.equal(r.status, 422, `${JSON.stringify(body)}: ${r.text}`);
      const error = r.body.errors.find((e) => e.field === field);
      assert.ok(error, `${JSON.stringify(body)} names ${field}: ${r.text}`);
      assert.match(error.detail, message);
    }
    assert.equal(auditRows(), audited, "a refused search is not a search");
  });

  test("audited as the list is (user.manage, by whom), without the words searched", async () => {
    const last = Number(sql("SELECT max(id) FROM audit_log;"));
    const r = await post("admin", "/api/v1/users/search", { search: "Zebedee-unique" });
    assert.equal(r.status, 200, r.text);
    const rows = sql(`SELECT action, coalesce(resource_type, '-'), coalesce(reason, '-') FROM audit_log WHERE id > ${last};`);
    assert.equal(rows, "user.manage|-|-");
    const dump = sql(`SELECT * FROM audit_log WHERE id > ${last};`);
    assert.doesNotMatch(dump, /zebedee/i);
  });

  test("only administrators may search every account", async () => {
    for (const who of ["partnership", "dsl", "agencyadmin"]) {
      const r = await post(who, "/api/v1/users/search", { search: WORD });
      assert.equal(r.status, 403, `${who}: ${r.text}`);
    }
  });
});

describe("an agency administrator searches their own agency's people (API)", () => {
  test("finds only their agency's people, filtered too; another agency's person is never found", async () => {
    const r = await post("agencyadmin", "/api/v1/agency/users/search", { search: WORD.toUpperCase() });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(emails(r), ["ned.q@brookfield.example", "orla.q@brookfield.example"]);
    assert.equal(r.body.page.total, 2);
    const larkhill = await post("agencyadmin", "/api/v1/agency/users/search", { search: "lina.q@larkhill" });
    assert.deepEqual(emails(larkhill), [], "a person of another agency is not found");
    const dsl = await post("agencyadmin", "/api/v1/agency/users/search", { search: WORD, role: "dsl" });
    assert.deepEqual(emails(dsl), ["ned.q@brookfield.example"]);
  });

  test("no words: 422 naming the search; an agency filter is not theirs to give", async () => {
    const none = await post("agencyadmin", "/api/v1/agency/users/search", { role: "dsl" });
    assert.equal(none.status, 422, none.text);
    assert.ok(none.body.errors.some((e) => e.field === "search"));
    const agency = await post("agencyadmin", "/api/v1/agency/users/search", { search: WORD, agency: "larkhill-academy" });
    assert.equal(agency.status, 422, agency.text);
    assert.ok(agency.body.errors.some((e) => e.field === "agency"), agency.text);
  });

  test("audited as their list is (agency_users.list)", async () => {
    const last = Number(sql("SELECT max(id) FROM audit_log;"));
    const r = await post("agencyadmin", "/api/v1/agency/users/search", { search: WORD });
    assert.equal(r.status, 200, r.text);
    assert.equal(sql(`SELECT action FROM audit_log WHERE id > ${last};`), "agency_users.list");
  });
});

describe("the search on the pages", () => {
  const hrefs = (html) => [...html.matchAll(/(?:href|action)="([^"]*)"/g)].map((m) => m[1]);

  test("an administrator's search is a form posted, its results paged by forms: the words in no address or log line", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("admin");
    const list = await b.request("/admin/users");
    assert.equal(list.status, 200, list.text);
    assert.match(list.text, /<form method="post" action="\/admin\/users\/search"/);
    const res = await b.request("/admin/users/search", {
      method: "POST",
      form: { csrf_token: b.csrfOf(list.text), search: "quillfeather", agency: "brookfield-primary", limit: "1" },
    });
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /Ned Quillfeather-Jones/);
    assert.doesNotMatch(res.text, /Orla Quillfeather/, "one a page");
    assert.match(res.text, /Showing 1 to 1 of 2/);
    assert.match(res.text, /<input type="hidden" name="agency" value="brookfield-primary">/, "the filter is kept");
    const after = res.text.match(/name="after" value="([^"]+)"/);
    assert.ok(after, "the next page is a form");
    const next = await b.request("/admin/users/search", {
      method: "POST",
      form: { csrf_token: b.csrfOf(res.text), search: "quillfeather", agency: "brookfield-primary", limit: "1", after: after[1] },
    });
    assert.equal(next.status, 200, next.text);
    assert.match(next.text, /Orla Quillfeather/);
    assert.match(next.text, /Showing 2 to 2 of 2/);
    for (const page of [list, res, next])
      for (const h of hrefs(page.text)) assert.doesNotMatch(h, /quill/i, `no address holds the words: ${h}`);
    const logged = haven.stderrLines().filter((l) => /quill/i.test(l));
    assert.deepEqual(logged, [], "no log line holds the words");
  });

  test("a search with no words: the list again, its error summary naming the field, the filter kept", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("admin");
    const list = await b.request("/admin/users");
    const audited = auditRows();
    const res = await b.request("/admin/users/search", {
      method: "POST",
      form: { csrf_token: b.csrfOf(list.text), search: "", role: "dsl" },
    });
    assert.equal(res.status, 422, res.text);
    assert.match(res.text, /govuk-error-summary/);
    assert.match(res.text, /href="#search">Enter a name or email address to search for/);
    assert.match(res.text, /<option value="dsl" selected>/);
    assert.equal(auditRows(), audited);
  });

  test("a search matching nobody says so", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("agencyadmin");
    const list = await b.request("/agency/users");
    assert.match(list.text, /action="\/agency\/users\/search"/);
    const res = await b.request("/agency/users/search", {
      method: "POST",
      form: { csrf_token: b.csrfOf(list.text), search: "lina.q" },
    });
    assert.equal(res.status, 200, res.text);
    assert.match(res.text, /Nobody matches this search/);
    const found = await b.request("/agency/users/search", {
      method: "POST",
      form: { csrf_token: b.csrfOf(list.text), search: "QUILL" },
    });
    assert.match(found.text, /Ned Quillfeather-Jones/);
    assert.match(found.text, /Orla Quillfeather/);
    assert.doesNotMatch(found.text, /Lina Quillfeather/);
  });
});
