// A partnership's first day, as its first administrator reads the set-up
// checklist (/admin/setup, GET /api/v1/setup) on an empty database: the
// first users step tells the people who can sign in from those only invited
// so far, and with invitations only is in progress, not done; one area or
// agency is counted in the singular; the add-an-agency form offers no second
// partnership; the footer does not say demo data is fictional, there being none; the IDVA coverage step, whose page is the partnership team's,
// says who sets it to an administrator, who has no link to follow; the
// settings step, with none imported, says who imports them rather than
// linking to a list that can only say none match; and the
// agency form's refusal of a second partnership names the page that renames
// the partnership, not only the command.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, DEMO_PASSWORD, errorFields } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";

const ADMIN = "first.admin@northshire.example";
const PAGE_ADMIN = "second.admin@northshire.example"; // signs in through the page, with the demo password
const PASSWORDS = { [ADMIN]: "heron lantern quarry 36" };
let haven;
const { call } = apiClient(() => haven, { passwords: PASSWORDS });
const ok = (r) => assert.equal(r.status, 0, `exit 0: ${r.stderr}`);
const command = (args, options) => runHaven([...args.slice(0, 2), "--db", haven.dbPath, ...args.slice(2)], options);

before(async () => {
  haven = await startHaven({ demo: false });
  ok(command(["partnership", "set", "--name", "Northshire Partnership (fictional)"]));
  ok(command(["la", "add", "--code", "888", "--name", "Northshire"]));
  ok(command(["agency", "add", "--slug", "northshire-idva", "--type", "idva_service", "--name", "Northshire IDVA"]));
  ok(command(["user", "add", "--email", ADMIN, "--name", "Ada Admin", "--agency", "partnership", "--role", "admin"],
    { input: PASSWORDS[ADMIN] + "\n" }));
  ok(command(["user", "add", "--email", PAGE_ADMIN, "--name", "Bea Admin", "--agency", "partnership", "--role", "admin"],
    { input: DEMO_PASSWORD + "\n" }));
});
after(async () => {
  await haven?.stop();
});

async function steps() {
  const r = await call(ADMIN, "/api/v1/setup");
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.body.steps.map((s) => [s.key, s]));
}

describe("the set-up checklist on the first day", () => {
  test("the first users step counts an invitation not yet accepted as invited, not as an active account", async () => {
    const r = await call(ADMIN, "/api/v1/invitations", { method: "POST",
      json: { name: "Pat Team", email: "pat@northshire.example", agency: "partnership", roles: ["partnership"] } });
    assert.equal(r.status, 201, r.text);
    const step = (await steps()).first_users;
    assert.equal(step.done, false, "no one can sign in yet: the step is started, not done");
    assert.equal(step.started, true);
    assert.match(step.detail, /^0 active accounts with a role other than administrator; 1 invited person waits to accept\.$/);
    const b = cookieClient(() => haven);
    await b.signIn(PAGE_ADMIN);
    const page = await b.request("/admin/setup");
    assert.equal(page.status, 200);
    assert.match(page.text, /id="first_users-status">\s*<strong class="govuk-tag govuk-tag--light-blue">In progress<\/strong>/);
  });

  test("one area and one agency are counted in the singular", async () => {
    const all = await steps();
    assert.equal(all.local_authorities.detail, "1 local authority area.");
    assert.equal(all.agencies.detail, "1 agency besides the partnership.");
    assert.equal(all.term_dates.detail, "Term dates for 0 of 1 area.");
  });

  test("adding an agency offers no second partnership, the partnership having its own agency", async () => {
    const b = cookieClient(() => haven);
    await b.signIn(PAGE_ADMIN);
    const page = await b.request("/admin/agencies/new");
    assert.equal(page.status, 200);
    assert.match(page.text, /<option value="idva_service">/);
    assert.doesNotMatch(page.text, /<option value="partnership"/);
  });

  test("the IDVA coverage step tells an administrator who sets it, having no link for them", async () => {
    const step = (await steps()).idva_coverage;
    assert.equal(step.done, false);
    assert.equal(step.href, undefined, "the coverage page is the partnership team's");
    assert.match(step.detail, /No IDVA service covers: Northshire\./);
    assert.match(step.detail, /partnership team role chooses the IDVA service for each area/);
  });

  test("with no settings imported, the settings step says who imports them and links to no empty list", async () => {
    const step = (await steps()).settings;
    assert.equal(step.done, false);
    assert.equal(step.href, undefined, "no page imports them: /settings would only say none match");
    assert.match(step.detail, /^0 schools, colleges and early years settings\. Whoever runs Haven's server imports them/);
    assert.equal(step.how, "haven import settings --db PATH edubasealldata.csv");
  });

  test("the footer does not call a partnership's own data demo data", async () => {
    const page = await cookieClient(() => haven).request("/sign-in");
    assert.equal(page.status, 200);
    assert.match(page.text, /Open-source software for children's safeguarding partnerships\.<\/p>/);
    assert.doesNotMatch(page.text, /Demo data is fictional/);
  });

  test("a second partnership agency is refused, naming the page that renames the partnership", async () => {
    const r = await call(ADMIN, "/api/v1/agencies", { method: "POST",
      json: { slug: "another-partnership", type: "partnership", name: "Another partnership" } });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(errorFields(r.body), ["type"]);
    assert.match(JSON.stringify(r.body), /rename it at \/admin\/partnership or with 'haven partnership set'/);
  });
});
