// Accounts looked after by email (issue 13): invitations, password resets
// and changing one's password, over HTTP against the real server and its
// mail outbox. An administrator invites a person (the API, and `haven user
// add --invite`); the email's one-time link is where the person chooses
// their password; the link refuses a second use, an altered token and, once
// 72 hours have passed, itself, each saying so plainly. A password reset is
// answered the same for every address, sends at most three emails an hour
// to an account, works once within the hour and ends every session.
// Changing one's password needs the current one and ends every session.
//
// The links are read from the outbox (the email itself); SQL is used only
// to look at it and, for the expiry tests, to move a link's expiry into the
// past (the same as waiting 72 hours).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { apiClient, DEMO_PASSWORD, errorFields, sqlRows, sqlText, until } from "../lib/api.mjs";
import { onPostgres, runHaven, startHaven } from "../lib/haven.mjs";

let haven;
const { call } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query).trim();

before(async () => {
  haven = await startHaven({ env: { HAVEN_PUBLIC_URL: "https://haven.example.org/" } });
});
after(async () => {
  await haven?.stop();
});

/** The emails to `to`, oldest first: [{subject, body}]. */
function emailsTo(to) {
  return sqlRows(haven.dbPath,
    `SELECT subject, body_text AS body FROM mail_outbox WHERE to_address = '${to}' ORDER BY id`);
}
/** The token of the link in the newest email to `to` under `path`. */
function linkIn(to, path) {
  const mails = emailsTo(to);
  const m = mails[mails.length - 1].body.match(new RegExp(`https://haven\\.example\\.org${path}([A-Za-z0-9_-]{43})\\n`));
  assert.ok(m, `the email holds a link under ${path}:\n${mails[mails.length - 1].body}`);
  return m[1];
}
const anonymous = (path, json) => call(null, path, { method: "POST", json });
/** How many reset emails `to` has been sent. */
const resetsTo = (to) => emailsTo(to).filter((m) => m.subject === "Reset your Haven password").length;
/**
 * A reset request is answered at once and run by the database's writer just
 * after (reset-timing.test.mjs): waits until `to` has `count` reset emails.
 * The writer runs requests in the order they came, so every request sent
 * before the one awaited has been run too, whatever it did.
 */
const resetsReach = (to, count) => until(`reset email ${count} to ${to}`, () => resetsTo(to) >= count || null);
async function signIn(email, password) {
  const r = await anonymous("/api/v1/session", { email, password });
  return r.status === 201 ? r.body.token : null;
}
const withToken = (token, path, options = {}) =>
  fetch(haven.url + path, { ...options, headers: { authorization: `Bearer ${token}`, ...(options.headers ?? {}) } });

describe("invitations", () => {
  const email = "new.starter@example.org";
  let id, token;

  test("an administrator invites a person: the email carries only their name and a one-time link", async () => {
    let r = await call("admin", "/api/v1/invitations", { method: "POST",
      json: { name: "Nia Newstarter", email, agency: "brookfield-primary", roles: ["dsl"] } });
    assert.equal(r.status, 201, r.text);
    id = r.body.id;
    const mails = emailsTo(email);
    assert.equal(mails.length, 1);
    assert.equal(mails[0].subject, "Your Haven account");
    assert.match(mails[0].body, /^Hello Nia Newstarter,/);
    token = linkIn(email, "/invitations/");
    assert.equal(sql(`SELECT count(*) FROM account_links WHERE token_hash = ${onPostgres ? `convert_to('${token}', 'UTF8')` : `CAST('${token}' AS BLOB)`};`), "0",
      "the token itself is not stored");
    assert.equal(await signIn(email, "anything at all 123"), null, "no password works before they choose one");
    r = await call("admin", "/api/v1/invitations", { method: "POST",
      json: { name: "X", email, agency: "nowhere", roles: ["admin", "dsl"] } });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body), ["email", "agency", "roles"]);
    r = await call("dsl", "/api/v1/invitations", { method: "POST", json: { name: "X", email: "x@example.org", agency: "brookfield-primary", roles: ["dsl"] } });
    assert.equal(r.status, 403, "only administrators invite");
  });

  test("the link's page greets them; a weak password is refused; then they choose theirs and sign in", async () => {
    let page = await call(null, `/invitations/${token}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Welcome to Haven, <bdi>Nia Newstarter<\/bdi>/);
    let r = await anonymous(`/api/v1/invitations/${token}`, { password: "short" });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(r.body), ["password"]);
    r = await anonymous(`/api/v1/invitations/${token}`, { password: "a lighthouse of teacups" });
    assert.equal(r.status, 200, r.text);
    assert.ok(await signIn(email, "a lighthouse of teacups"), "signs in with the password they chose");
    assert.equal(sql(`SELECT action FROM audit_log WHERE resource_id = '${id}' ORDER BY id DESC LIMIT 1;`), "invitation.accept");
  });

  test("a used, altered or expired link says so and changes nothing", async () => {
    let r = await anonymous(`/api/v1/invitations/${token}`, { password: "another good passphrase" });
    assert.equal(r.status, 410);
    assert.match(r.body.detail, /used already/);
    // the GOV.UK pattern's words for a dead link, not those of a fault in the service
    assert.equal(r.body.title, "This link has already been used");
    let used = await call(null, `/invitations/${token}`);
    assert.equal(used.status, 410);
    assert.match(used.text, /<title>This link has already been used – Haven<\/title>/);
    assert.match(used.text, /<h1 class="govuk-heading-l">This link has already been used<\/h1>/);
    assert.match(used.text, /href="\/sign-in"/);
    assert.ok(await signIn(email, "a lighthouse of teacups"), "the password is unchanged");
    const altered = (token[0] === "A" ? "B" : "A") + token.slice(1);
    r = await anonymous(`/api/v1/invitations/${altered}`, { password: "another good passphrase" });
    assert.equal(r.status, 404);
    assert.match(r.body.detail, /not valid\. It may have expired or been used already, or not been copied whole/);
    assert.equal(r.body.title, "This link is not valid");
    let page = await call(null, `/invitations/${token.slice(0, 20)}`);
    assert.equal(page.status, 404);
    assert.match(page.text, /<h1 class="govuk-heading-l">This link is not valid<\/h1>/);
    assert.match(page.text, /not been copied whole from the email/);

    // an invitation not taken up within 72 hours
    const late = "late.starter@example.org";
    r = await call("admin", "/api/v1/invitations", { method: "POST",
      json: { name: "Lee Late", email: late, agency: "brookfield-primary", roles: ["dsl"] } });
    assert.equal(r.status, 201);
    const lateId = r.body.id;
    const lateToken = linkIn(late, "/invitations/");
    sqlText(haven.dbPath, `UPDATE account_links SET created_at = created_at - 72*3600, expires_at = expires_at - 72*3600 WHERE user_id = ${lateId};`);
    page = await call(null, `/invitations/${lateToken}`);
    assert.equal(page.status, 410);
    assert.match(page.text, /expired: invitations last 72 hours/);
    assert.match(page.text, /<title>This link has expired – Haven<\/title>/);
    assert.match(page.text, /<h1 class="govuk-heading-l">This link has expired<\/h1>/);
    r = await anonymous(`/api/v1/invitations/${lateToken}`, { password: "a perfectly good passphrase" });
    assert.equal(r.status, 410);
    assert.equal(r.body.title, "This link has expired");
    // a new invitation replaces it
    r = await call("admin", `/api/v1/users/${lateId}/invitation`, { method: "POST" });
    assert.equal(r.status, 200, r.text);
    const fresh = linkIn(late, "/invitations/");
    assert.notEqual(fresh, lateToken);
    r = await anonymous(`/api/v1/invitations/${fresh}`, { password: "a perfectly good passphrase" });
    assert.equal(r.status, 200);
    r = await call("admin", `/api/v1/users/${lateId}/invitation`, { method: "POST" });
    assert.equal(r.status, 409, "an account that chose its password needs no invitation");
    r = await call("admin", "/api/v1/users/999999/invitation", { method: "POST" });
    assert.equal(r.status, 404);
  });

  test("haven user add --invite: no password is read or shown", () => {
    const r = runHaven(["user", "add", "--db", haven.dbPath, "--email", "cli.invite@example.org", "--name", "Cal Cli",
      "--agency", "brookfield-primary", "--role", "dsl", "--invite"], { input: "", env: { HAVEN_PUBLIC_URL: "https://haven.example.org" } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /invited cli\.invite@example\.org/);
    const token = linkIn("cli.invite@example.org", "/invitations/");
    assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token), "the link is only in the email");
  });
});

describe("password reset", () => {
  const email = "dsl@demo.haven.example";

  test("the same answer for an address with an account, one without, and one disabled", async () => {
    const answers = [];
    for (const address of ["nobody@example.org", "ANOTHER.NOBODY@example.org", email]) {
      const r = await anonymous("/api/v1/password-reset", { email: address });
      answers.push([r.status, r.text]);
    }
    assert.equal(answers[2][0], 202);
    assert.deepEqual(answers[0], answers[2]);
    assert.deepEqual(answers[1], answers[2]);
    await resetsReach(email, 1); // the addresses asked for before it have been run too
    assert.equal(emailsTo("nobody@example.org").length, 0);
    assert.equal(resetsTo(email), 1);
    const r = await anonymous("/api/v1/password-reset", { email: "not an address" });
    assert.equal(r.status, 422);
  });

  test("at most three reset emails an hour to an account, with the same answer", async () => {
    const first = await anonymous("/api/v1/password-reset", { email: "practitioner@demo.haven.example" });
    for (let i = 0; i < 4; i++) {
      const r = await anonymous("/api/v1/password-reset", { email: "practitioner@demo.haven.example" });
      assert.deepEqual([r.status, r.text], [first.status, first.text]);
    }
    // another account's request after the five: once its email is there, all five have been run
    await anonymous("/api/v1/password-reset", { email: "police@demo.haven.example" });
    await resetsReach("police@demo.haven.example", 1);
    assert.equal(resetsTo("practitioner@demo.haven.example"), 3);
  });

  test("the link sets a new password once, within the hour, and ends every session", async () => {
    const before = await signIn(email, DEMO_PASSWORD);
    assert.equal((await withToken(before, "/api/v1/me")).status, 200);
    const token = linkIn(email, "/password-reset/");
    const page = await call(null, `/password-reset/${token}`);
    assert.equal(page.status, 200);
    let r = await anonymous(`/api/v1/password-reset/${token}`, { password: "password" });
    assert.equal(r.status, 422);
    r = await anonymous(`/api/v1/password-reset/${token}`, { password: "a brand new passphrase" });
    assert.equal(r.status, 200, r.text);
    assert.equal((await withToken(before, "/api/v1/me")).status, 401, "the old session ended");
    assert.equal(await signIn(email, DEMO_PASSWORD), null);
    assert.ok(await signIn(email, "a brand new passphrase"));
    r = await anonymous(`/api/v1/password-reset/${token}`, { password: "yet another passphrase" });
    assert.equal(r.status, 410, "used once only");
    // an hour later a link is no good
    await anonymous("/api/v1/password-reset", { email });
    // the first link's email went with its use, so the new one is awaited by its link
    const newLink = () => {
      try {
        return linkIn(email, "/password-reset/");
      } catch {
        return null;
      }
    };
    const old = await until("a new reset link", () => (newLink() !== token ? newLink() : null));
    sqlText(haven.dbPath, `UPDATE account_links SET created_at = created_at - 3600, expires_at = expires_at - 3600 WHERE purpose = 'password_reset' AND used_at IS NULL AND cancelled_at IS NULL;`);
    r = await anonymous(`/api/v1/password-reset/${old}`, { password: "yet another passphrase" });
    assert.equal(r.status, 410);
    assert.match(r.body.detail, /expired/);
    const expiredPage = await call(null, `/password-reset/${old}`);
    assert.match(expiredPage.text, /href="\/password-reset"/, "the page offers a new link");
  });
});

describe("changing one's password", () => {
  const email = "police@demo.haven.example";

  test("needs the current password and a good new one; ends every session", async () => {
    const token = await signIn(email, DEMO_PASSWORD);
    const change = (json) => withToken(token, "/api/v1/account/password", { method: "POST",
      headers: { "content-type": "application/json" }, body: JSON.stringify(json) });
    let r = await change({ current_password: "wrong wrong wrong", password: "saffron ledger pylon 85" });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(await r.json()), ["current_password"]);
    r = await change({ current_password: DEMO_PASSWORD, password: "short" });
    assert.equal(r.status, 422);
    assert.deepEqual(errorFields(await r.json()), ["password"]);
    assert.equal((await withToken(token, "/api/v1/me")).status, 200, "nothing changed yet");
    r = await change({ current_password: DEMO_PASSWORD, password: "saffron ledger pylon 85" });
    assert.equal(r.status, 200);
    assert.equal((await withToken(token, "/api/v1/me")).status, 401, "sessions end");
    assert.ok(await signIn(email, "saffron ledger pylon 85"));
    assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'password.change';"), "1");
    r = await fetch(haven.url + "/api/v1/account/password", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ current_password: "x", password: "y" }) });
    assert.equal(r.status, 401);
  });
});

describe("haven user import: many invitations at once, all or nothing", () => {
  const state = () => sql("SELECT (SELECT count(*) FROM users) || ' ' || (SELECT count(*) FROM mail_outbox) || ' ' || (SELECT count(*) FROM audit_log);");
  const file = (name, text) => {
    const p = `${haven.dir}/${name}`;
    writeFileSync(p, text);
    return p;
  };
  const importFile = (p) => runHaven(["user", "import", "--db", haven.dbPath, p], { env: { HAVEN_PUBLIC_URL: "https://haven.example.org" } });

  test("every bad row named by its line; nobody invited", () => {
    const before = state();
    let r = importFile(file("people.csv", [
      "email,name,agency,roles",
      "ok.one@example.org,Olu One,brookfield-primary,dsl",
      "not-an-email,Bad Email,brookfield-primary,dsl",
      "three@example.org,,brookfield-primary,wizard",
      "four@example.org,Four,brookfield-primary,admin;dsl",
      "ok.one@example.org,Olu Again,brookfield-primary,dsl",
      "",
    ].join("\r\n")));
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 6, r.stderr);
    assert.match(lines[0], /people\.csv line 3: email: /);
    assert.deepEqual(lines.slice(1, 3).map((l) => l.replace(/^.*line 4: (\w+): .*$/, "$1")).sort(), ["name", "roles"]);
    assert.match(lines[3], /line 5: roles: An administrator cannot also hold/);
    assert.match(lines[4], /line 6: email: this email address is also on line 2/);
    assert.match(lines[5], /4 of 5 rows are wrong; nobody was invited/);
    // what only the database knows, for every row
    r = importFile(file("people2.csv", "email,name,agency,roles\nfine@example.org,Fine,brookfield-primary,dsl\n" +
      "dsl@demo.haven.example,Taken,brookfield-primary,dsl\nnew@example.org,New,no-such-agency,dsl\n"));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /line 3: email: An account with this email address already exists/);
    assert.match(r.stderr, /line 4: agency: There is no agency/);
    assert.match(r.stderr, /nobody was invited/);
    r = importFile(file("people3.csv", "email,name\nx@example.org,X\n"));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /line 1: the header row must be email,name,agency,roles/);
    assert.equal(state(), before, "nothing changed");
  });

  test("a good file invites everyone, each with their own link", async () => {
    const r = importFile(file("people4.csv", "email,name,agency,roles\n" +
      "ana.import@example.org,Ana Import,brookfield-primary,dsl\n" +
      "ben.import@example.org,\"Ben Import, Jr\",lancashire-constabulary,police\n"));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /invited 2 people/);
    const ana = linkIn("ana.import@example.org", "/invitations/");
    const ben = linkIn("ben.import@example.org", "/invitations/");
    assert.notEqual(ana, ben);
    assert.match(emailsTo("ben.import@example.org")[0].body, /^Hello Ben Import, Jr,/);
    const accepted = await anonymous(`/api/v1/invitations/${ben}`, { password: "lichen anchor vortex 39" });
    assert.equal(accepted.status, 200);
    assert.ok(await signIn("ben.import@example.org", "lichen anchor vortex 39"));
  });
});
