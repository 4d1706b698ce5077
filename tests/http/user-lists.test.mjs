// Finding people in the lists of accounts (issue #16 point 8): the
// administrators' list (/admin/users, /api/v1/users) narrowed to an agency,
// a role or a status, and an agency administrator's list of their own
// agency's people (/agency/users, /api/v1/agency/users) narrowed to a role
// or status. Each filter narrows the rows and the count, filters combine,
// the paging links keep them, bad values are refused naming the field, and
// who may see which list is unchanged. Expected rows come from the database
// itself (sqlite3 on the live file).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlRows, sqlTime } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call } = apiClient(() => haven);
const sql = (query) => sqlRows(haven.dbPath, query);

before(async () => {
  haven = await startHaven();
  // one disabled account in the agency administrator's agency, so "disabled" has a row to find
  sql(`UPDATE users SET disabled_at = ${sqlTime()}
       WHERE id = (SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'dsl'
                   WHERE u.agency_id = (SELECT agency_id FROM users WHERE email LIKE 'agencyadmin@%') ORDER BY u.id LIMIT 1)`);
});
after(async () => {
  if (haven) await haven.stop();
});

/** The emails of the users matching `where`, in the list's order (by name, then id). */
const expected = (where) =>
  sql(`SELECT u.email FROM users u JOIN agencies a ON a.id = u.agency_id WHERE ${where} ORDER BY u.name, u.id`).map((r) => r.email);
const hasRole = (role) => `EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = '${role}')`;

async function listed(who, path) {
  const r = await call(who, `${path}${path.includes("?") ? "&" : "?"}limit=200`);
  assert.equal(r.status, 200, r.text);
  return { emails: r.body.users.map((u) => u.email), total: r.body.page.total };
}

describe("the administrators' list of accounts", () => {
  test("narrowed by agency, role and status, alone and together, with the count of what was found", async () => {
    const all = expected("true");
    assert.deepEqual(await listed("admin", "/api/v1/users"), { emails: all, total: all.length });
    const idva = expected("a.slug = 'demo-idva-service'");
    assert.ok(idva.length >= 1 && idva.length < all.length);
    assert.deepEqual(await listed("admin", "/api/v1/users?agency=demo-idva-service"), { emails: idva, total: idva.length });
    const police = expected(hasRole("police"));
    assert.ok(police.length >= 1 && police.length < all.length);
    assert.deepEqual(await listed("admin", "/api/v1/users?role=police"), { emails: police, total: police.length });
    const disabled = expected("u.disabled_at IS NOT NULL"), active = expected("u.disabled_at IS NULL");
    assert.ok(disabled.length >= 1);
    assert.deepEqual(await listed("admin", "/api/v1/users?status=disabled"), { emails: disabled, total: disabled.length });
    assert.deepEqual(await listed("admin", "/api/v1/users?status=active"), { emails: active, total: active.length });
    const both = expected(`a.slug = 'demo-idva-service' AND ${hasRole("idva")} AND u.disabled_at IS NULL`);
    assert.deepEqual(await listed("admin", "/api/v1/users?agency=demo-idva-service&role=idva&status=active"), { emails: both, total: both.length });
    assert.deepEqual(await listed("admin", "/api/v1/users?agency=no-such-agency"), { emails: [], total: 0 });
  });

  test("the page shows the choices made and keeps them in its paging links", async () => {
    const police = expected(hasRole("police") + " AND u.disabled_at IS NULL");
    const page = await call("admin", "/admin/users?role=police&status=active&limit=1");
    assert.equal(page.status, 200);
    assert.match(page.text, /<option value="police" selected>/);
    assert.match(page.text, /<option value="active" selected>Active<\/option>/);
    assert.match(page.text, /<option value="demo-idva-service">/, "agencies are offered by name");
    assert.ok(page.text.includes(police[0]), "the first of them");
    if (police.length > 1) {
      const next = page.text.match(/href="(\/admin\/users\?[^"]*after=[^"]*)"/)?.[1]?.replaceAll("&amp;", "&");
      assert.ok(next && /role=police/.test(next) && /status=active/.test(next), `the next link keeps the choices: ${next}`);
      assert.ok((await call("admin", next)).text.includes(police[1]));
    }
    const none = await call("admin", "/admin/users?agency=no-such-agency");
    assert.match(none.text, /No accounts match/);
  });

  test("bad values are refused naming the field; others still may not list accounts", async () => {
    for (const [query, field] of [["role=boss", "role"], ["status=gone", "status"], ["agency=Not%20A%20Slug", "agency"]]) {
      const r = await call("admin", `/api/v1/users?${query}`);
      assert.equal(r.status, 400, query);
      assert.deepEqual(errorFields(r.body), [field]);
    }
    const page = await call("admin", "/admin/users?role=boss");
    assert.equal(page.status, 400);
    assert.match(page.text, /govuk-error-summary[\s\S]*href="#role"/);
    for (const who of ["agencyadmin", "partnership", "police"])
      assert.equal((await call(who, "/api/v1/users?role=police")).status, 403, who);
  });
});

describe("an agency administrator's people", () => {
  test("their own agency's only, narrowed by role and status, paged with the choices kept", async () => {
    const own = "u.agency_id = (SELECT agency_id FROM users WHERE email LIKE 'agencyadmin@%')";
    const everyone = expected(own);
    assert.deepEqual(await listed("agencyadmin", "/api/v1/agency/users"), { emails: everyone, total: everyone.length });
    const disabled = expected(`${own} AND u.disabled_at IS NOT NULL`);
    assert.equal(disabled.length, 1, "the account disabled for the test");
    assert.deepEqual(await listed("agencyadmin", "/api/v1/agency/users?status=disabled"), { emails: disabled, total: 1 });
    const dsls = expected(`${own} AND ${hasRole("dsl")} AND u.disabled_at IS NULL`);
    assert.deepEqual(await listed("agencyadmin", "/api/v1/agency/users?role=dsl&status=active"), { emails: dsls, total: dsls.length });

    const page = await call("agencyadmin", "/agency/users?status=disabled");
    assert.equal(page.status, 200);
    assert.match(page.text, /<option value="disabled" selected>Disabled<\/option>/);
    assert.ok(page.text.includes(disabled[0]));
    assert.match(page.text, /Show everyone/);
    // the page's role filter offers the roles its people may hold: another is refused, not shown as none chosen
    const police = await call("agencyadmin", "/agency/users?role=police");
    assert.equal(police.status, 400);
    assert.match(police.text, /govuk-error-summary[\s\S]*href="#role"[^>]*>Select the role from the list</);
    const offered = await call("agencyadmin", "/agency/users?role=dsl");
    assert.equal(offered.status, 200);
    assert.match(offered.text, /<option value="dsl" selected>/);
    // the API twin refuses it the same way, naming the field (police are another agency type's role)
    const apiPolice = await call("agencyadmin", "/api/v1/agency/users?role=police");
    assert.equal(apiPolice.status, 400, apiPolice.text);
    assert.match(apiPolice.headers.get("content-type"), /application\/problem\+json/);
    assert.deepEqual(errorFields(apiPolice.body), ["role"]);
    assert.match(JSON.stringify(apiPolice.body), /Select the role from the list/);
    const r = await call("agencyadmin", "/api/v1/agency/users?role=boss");
    assert.equal(r.status, 400);
    assert.deepEqual(errorFields(r.body), ["role"]);
    assert.equal((await call("agencyadmin", "/api/v1/agency/users?agency=demo-idva-service")).status, 400, "no agency filter here: it is always their own");
  });
});
