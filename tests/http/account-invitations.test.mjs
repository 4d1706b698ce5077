// An invited person's account until they accept (found by the new-user
// test), over HTTP against the real server, its outbox and a real SMTP
// server on loopback (smtp_sink.py: aiosmtpd):
//
// - the accounts list, the person's page and the API say "Invited" with
//   when the invitation expires, or "Invitation expired", until they accept;
//   "Active" after; "Disabled" as before; the list's status filter knows
//   "invited";
// - "Resend invitation" on their page (an administrator's, and an agency
//   administrator's for their own people) sends a fresh invitation by email
//   as the first one was, audited, leads to a page saying "Invitation sent
//   to NAME", and the earlier link stops working;
// - someone who may not invite is refused, and an account that has chosen
//   its password, or is disabled, is refused 409 naming why.
// - what an invitation (added or resent, by an administrator or an agency
//   administrator) says of its email: on its way with a mail relay set;
//   with none (a second server), waiting in the outbox until one is, the
//   set-up checklist linked for an administrator; the email names the
//   partnership and when its link ends; resent while the first email still
//   waits, the first is cancelled, so one email goes, with the link that works.
//
// SQL is used only to look at the outbox and the audit trail and to move an
// invitation's expiry into the past (the same as waiting 72 hours); and
// migration 0161, which makes that state auth's own (users), is shown to
// keep each existing account's state as the passwords area's links said.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiClient, sqlText, until } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { freePort, startHaven } from "../lib/haven.mjs";
import { migrateBefore, runMigration } from "../lib/migrations.mjs";
import { startSink } from "../lib/smtp.mjs";

const PUBLIC_URL = "https://haven.example.org/";

let dir, inbox, sink, haven;
const { call, post } = apiClient(() => haven, { timeoutMs: 20_000 });
const sql = (query) => sqlText(haven.dbPath, query).trim();

/** The invitation links (or, for `kind` "password-reset", reset links) the SMTP server has received for `to`,
 * oldest first (quoted-printable decoded). */
function linksReceived(to, kind = "invitations") {
  return readdirSync(inbox)
    .filter((f) => f.endsWith(".eml"))
    .sort((a, b) => parseInt(a) - parseInt(b))
    .filter((f) => JSON.parse(readFileSync(path.join(inbox, f.replace(".eml", ".json")), "utf8")).rcpt_tos[0] === to)
    .map((f) => readFileSync(path.join(inbox, f), "utf8").replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))))
    .map((text) => text.match(new RegExp(`https://haven\\.example\\.org/${kind}/([A-Za-z0-9_-]{43})`))?.[1])
    .filter(Boolean);
}
/** Waits until the SMTP server has `count` invitations for `to`; the newest link's token. */
async function nthLink(to, count) {
  const links = await until(`invitation ${count} to ${to}`, () => {
    const l = linksReceived(to);
    return l.length >= count ? l : null;
  }, { timeoutMs: 20_000 });
  assert.equal(links.length, count, `${to} was sent ${count} invitations`);
  return links[count - 1];
}

const idOf = (email) => Number(sql(`SELECT id FROM users WHERE email = '${email}';`));
const accept = (token) => call(null, `/api/v1/invitations/${token}`, { method: "POST", json: { password: "a lighthouse of teacups 42" } });
/** Moves every invitation of `id` 72 hours into the past, and the account's wait on it (auth's own record of
 * when it expires): as if nobody had used it in time. */
const expire = (id) =>
  sql(`UPDATE account_links SET created_at = created_at - 72*3600, expires_at = expires_at - 72*3600 WHERE user_id = ${id};
       UPDATE users SET invitation_expires_at = invitation_expires_at - 72*3600 WHERE id = ${id};`);
const invite = async (who, path, person) => {
  const r = await post(who, path, person);
  assert.equal(r.status, 201, r.text);
  return r.body.id;
};

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "haven-invitations-"));
  inbox = path.join(dir, "inbox");
  spawnSync("mkdir", ["-p", inbox]);
  const port = await freePort();
  sink = await startSink(port, inbox);
  haven = await startHaven({
    env: { HAVEN_SMTP_URL: `smtp://127.0.0.1:${port}`, HAVEN_SMTP_FROM: "haven@partnership.example", HAVEN_PUBLIC_URL: PUBLIC_URL },
  });
});
after(async () => {
  await haven?.stop();
  if (sink) {
    const exited = new Promise((r) => sink.once("exit", r));
    sink.kill("SIGTERM");
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the administrator's forms offer every role", () => {
  test("each saying which agencies may hold it, before a wrong one is refused", async () => {
    for (const path of ["/admin/invitations/new", "/admin/users/new"]) {
      const page = await call("admin", path);
      assert.equal(page.status, 200, path);
      const hintOf = (role) => page.text.match(new RegExp(`value="${role}"[^>]*aria-describedby="roles-${role}-hint">[\\s\\S]*?<div id="roles-${role}-hint" class="govuk-hint govuk-checkboxes__hint">([^<]+)</div>`))?.[1];
      assert.equal(hintOf("police"), "Only for people in a police force", path);
      assert.equal(hintOf("dsl"), "Only for people in a school, college or early years setting", path);
      assert.equal(hintOf("admin"), "Only for people in the partnership&#39;s own agency", path);
      assert.equal(hintOf("practitioner"), "For people in any agency but the partnership&#39;s own", path);
    }
  });
});

describe("an address Haven cannot send to", () => {
  test("is refused on the email, never as if the roles were wrong, and nobody is invited", async () => {
    for (const email of ["jos\u00e9@example.org", "a(b)@example.org", "ann:x@example.org"]) {
      const res = await call("admin", "/api/v1/invitations", {
        method: "POST",
        json: { name: "Nat Nowhere", email, agency: "brookfield-primary", roles: ["dsl"] },
      });
      assert.equal(res.status, 422, `${email}: ${res.text}`);
      assert.deepEqual(res.body.errors.map((e) => e.field), ["email"], email);
      assert.equal(sql(`SELECT count(*) FROM users WHERE name = 'Nat Nowhere';`), "0", email);
    }
  });
});

describe("an invited person's state", () => {
  test("Invited with its expiry, then Invitation expired, then Active once accepted; the filter knows it", async () => {
    const email = "ivy.invited@example.org";
    const id = await invite("admin", "/api/v1/invitations", { name: "Ivy Invited", email, agency: "brookfield-primary", roles: ["dsl"] });
    const token = await nthLink(email, 1);

    let person = await call("admin", `/api/v1/users/${id}`);
    assert.equal(person.status, 200, person.text);
    assert.equal(person.body.state, "invited");
    assert.equal(person.body.disabled, false);
    assert.equal(person.body.invitation_expired, false);
    const expires = Date.parse(person.body.invitation_expires_at);
    assert.ok(Math.abs(expires - (Date.now() + 72 * 3600_000)) < 120_000, `expires in 72 hours: ${person.body.invitation_expires_at}`);
    let list = await call("admin", "/api/v1/users?status=invited");
    assert.deepEqual(list.body.users.map((u) => u.email), [email], "only the invited person is listed as invited");
    assert.equal(list.body.users[0].state, "invited");
    assert.equal(list.body.users[0].invitation_expires_at, person.body.invitation_expires_at);
    list = await call("admin", "/api/v1/users?status=active");
    assert.ok(!list.body.users.some((u) => u.email === email), "an invited person is not active");
    assert.ok(list.body.users.every((u) => u.state === "active"));

    let page = await call("admin", `/admin/users/${id}`);
    assert.match(page.text, /govuk-tag--blue">Invited</);
    assert.match(page.text, /Its link works until \w+day \d+ \w+ \d{4} at /);
    assert.match(page.text, /action="\/admin\/users\/\d+\/invitation"[\s\S]*Resend invitation/);
    page = await call("admin", "/admin/users?status=invited");
    assert.match(page.text, /govuk-tag--blue">Invited</);
    assert.match(page.text, /<option value="invited" selected>Invited<\/option>/);

    expire(id);
    person = await call("admin", `/api/v1/users/${id}`);
    assert.equal(person.body.state, "invited");
    assert.equal(person.body.invitation_expired, true);
    page = await call("admin", `/admin/users/${id}`);
    assert.match(page.text, /govuk-tag--orange">Invitation expired</);
    assert.match(page.text, /Its link stopped working on /);
    page = await call("admin", "/admin/users?status=invited");
    assert.match(page.text, /govuk-tag--orange">Invitation expired</);

    // a new one, accepted: active, and no button
    const r = await post("admin", `/api/v1/users/${id}/invitation`);
    assert.equal(r.status, 200, r.text);
    assert.equal((await accept(await nthLink(email, 2))).status, 200);
    person = await call("admin", `/api/v1/users/${id}`);
    assert.equal(person.body.state, "active");
    assert.equal(person.body.invitation_expires_at, undefined);
    page = await call("admin", `/admin/users/${id}`);
    assert.match(page.text, /govuk-tag--green">Active</);
    assert.doesNotMatch(page.text, /Resend invitation/);
    assert.equal((await accept(token)).status, 410, "the first link is spent too");
  });

  test("an account made with a first password is active, and says Disabled once disabled", async () => {
    const made = await post("admin", "/api/v1/users", { name: "Fay First", email: "fay.first@example.org", agency: "brookfield-primary",
      roles: ["practitioner"], password: "lichen anchor vortex 39 tide" });
    assert.equal(made.status, 201, made.text);
    const id = made.body.id;
    assert.equal((await call("admin", `/api/v1/users/${id}`)).body.state, "active");
    assert.equal((await post("admin", `/api/v1/users/${id}/invitation`)).status, 409, "it was never invited: it has a password");
    assert.equal((await post("admin", `/api/v1/users/${id}/disable`, { reason: "Left the partnership" })).status, 200);
    const list = await call("admin", "/api/v1/users?status=disabled");
    assert.deepEqual(list.body.users.map((u) => [u.email, u.state, u.invitation_expires_at]), [["fay.first@example.org", "disabled", undefined]]);
    assert.match((await call("admin", `/admin/users/${id}`)).text, /govuk-tag--grey">Disabled</);
  });
});

describe("an invited person who resets their password instead", () => {
  test("is Active once they have chosen a password by the reset's link, and needs no invitation", async () => {
    const email = "rory.reset@example.org";
    const id = await invite("admin", "/api/v1/invitations", { name: "Rory Reset", email, agency: "brookfield-primary", roles: ["dsl"] });
    await nthLink(email, 1);
    assert.equal((await call(null, "/api/v1/password-reset", { method: "POST", json: { email } })).status, 202);
    const token = await until("a reset link", () => linksReceived(email, "password-reset")[0] ?? null, { timeoutMs: 20_000 });
    assert.equal((await call("admin", `/api/v1/users/${id}`)).body.state, "invited", "asking for a reset chooses no password");
    const r = await call(null, `/api/v1/password-reset/${token}`, { method: "POST", json: { password: "a lighthouse of teacups 42" } });
    assert.equal(r.status, 200, r.text);
    const person = await call("admin", `/api/v1/users/${id}`);
    assert.equal(person.body.state, "active");
    assert.equal(person.body.invitation_expires_at, undefined);
    assert.equal((await post("admin", `/api/v1/users/${id}/invitation`)).status, 409, "they need no invitation now");
  });
});

describe("resending an invitation", () => {
  test("from the person's page: a fresh link by email, the old one refused, audited, and the page names them", async () => {
    const email = "rob.resend@example.org";
    const id = await invite("admin", "/api/v1/invitations", { name: "Rob Resend", email, agency: "brookfield-primary", roles: ["practitioner"] });
    const first = await nthLink(email, 1);

    const b = cookieClient(() => haven);
    await b.signIn("admin");
    const page = await b.request(`/admin/users/${id}`);
    const csrf = page.text.match(/action="\/admin\/users\/\d+\/invitation" novalidate>\s*<input type="hidden" name="csrf_token" value="([^"]+)"/)[1];
    const refused = await b.request(`/admin/users/${id}/invitation`, { method: "POST", form: {} });
    assert.equal(refused.status, 403, "no CSRF token, no invitation");
    const sent = await b.request(`/admin/users/${id}/invitation`, { method: "POST", form: { csrf_token: csrf } });
    assert.equal(sent.status, 303, sent.text);
    assert.equal(sent.location, `/admin/users/${id}/invitation`);
    const landed = await b.request(sent.location);
    assert.equal(landed.status, 200);
    assert.match(landed.text, /<h1 class="govuk-panel__title">Invitation sent to <bdi>Rob Resend<\/bdi><\/h1>/);
    assert.doesNotMatch(landed.text, /Your changes have been saved/);
    assert.ok(!sent.setCookies.join(" ").includes("Rob"), "the banner's cookie names nobody");
    const again = await b.request(sent.location);
    assert.doesNotMatch(again.text, /Invitation sent to/, "said once; opened again it shows the invitation");
    assert.match(again.text, /govuk-tag--blue">Invited</);

    const second = await nthLink(email, 2);
    assert.notEqual(second, first);
    assert.equal((await accept(first)).status, 410, "the earlier link no longer works");
    assert.match((await call(null, `/invitations/${first}`)).text, /used already, or a newer one was sent/);
    const me = idOf("admin@demo.haven.example");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE user_id = ${me} AND action = 'user.invite' AND resource_id = '${id}';`), "2");
    assert.equal(sql(`SELECT count(*) FROM mail_outbox WHERE to_address = '${email}';`), "2");
    assert.equal((await accept(second)).status, 200);

    // accepted: nothing to resend, 409 naming why, on the API and the page
    const r = await post("admin", `/api/v1/users/${id}/invitation`);
    assert.equal(r.status, 409);
    assert.match(r.body.detail, /already chosen their password/);
    const late = await b.request(`/admin/users/${id}/invitation`, { method: "POST", form: { csrf_token: csrf } });
    assert.equal(late.status, 409);
    assert.match(late.text, /There is a problem/);
    assert.match(late.text, /href="#invitation"/);
    assert.match(late.text, /already chosen their password/);
    assert.equal(sql(`SELECT count(*) FROM mail_outbox WHERE to_address = '${email}';`), "2", "no email for a refusal");
  });

  test("a disabled account is refused 409, and nobody is sent anything", async () => {
    const email = "dee.disabled@example.org";
    const id = await invite("admin", "/api/v1/invitations", { name: "Dee Disabled", email, agency: "brookfield-primary", roles: ["practitioner"] });
    await nthLink(email, 1); // sent, so disabling leaves it in the outbox (one still waiting would be cancelled)
    assert.equal((await post("admin", `/api/v1/users/${id}/disable`, { reason: "Left the partnership" })).status, 200);
    const r = await post("admin", `/api/v1/users/${id}/invitation`);
    assert.equal(r.status, 409);
    assert.match(r.body.detail, /disabled/);
    assert.equal(sql(`SELECT count(*) FROM mail_outbox WHERE to_address = '${email}';`), "1");
    assert.equal((await call("admin", `/api/v1/users/${id}`)).body.state, "disabled");
  });

  test("only whoever may invite: an agency administrator for their own people, nobody else", async () => {
    const email = "ada.agency@brookfield.example";
    const id = await invite("agencyadmin", "/api/v1/agency/invitations", { name: "Ada Agency", email, roles: ["practitioner"] });
    await nthLink(email, 1);
    const person = await call("agencyadmin", `/api/v1/agency/users/${id}`);
    assert.equal(person.body.state, "invited");
    const page = await call("agencyadmin", `/agency/users/${id}`);
    assert.match(page.text, /govuk-tag--blue">Invited</);
    assert.match(page.text, /action="\/agency\/users\/\d+\/invitation"/);

    for (const who of ["dsl", "partnership", "practitioner"]) {
      assert.equal((await post(who, `/api/v1/users/${id}/invitation`)).status, 403, `${who} may not invite`);
    }
    assert.equal((await post("agencyadmin", `/api/v1/users/${id}/invitation`)).status, 403, "not the administrators' route");
    // another agency's person is not theirs: not found
    const other = await invite("admin", "/api/v1/invitations", { name: "Olu Other", email: "olu.other@example.org", agency: "larkhill-academy", roles: ["dsl"] });
    assert.equal((await post("agencyadmin", `/api/v1/agency/users/${other}/invitation`)).status, 404);
    assert.equal(sql("SELECT count(*) FROM mail_outbox WHERE to_address = 'olu.other@example.org';"), "1");

    const r = await post("agencyadmin", `/api/v1/agency/users/${id}/invitation`);
    assert.equal(r.status, 200, r.text);
    await nthLink(email, 2);
    const b = cookieClient(() => haven);
    await b.signIn("agencyadmin");
    const form = await b.request(`/agency/users/${id}`);
    const csrf = form.text.match(/action="\/agency\/users\/\d+\/invitation" novalidate>\s*<input type="hidden" name="csrf_token" value="([^"]+)"/)[1];
    const sent = await b.request(`/agency/users/${id}/invitation`, { method: "POST", form: { csrf_token: csrf } });
    assert.equal(sent.status, 303, sent.text);
    assert.match((await b.request(sent.location)).text, /Invitation sent to Ada Agency/);
    await nthLink(email, 3);
    const agencyAdmin = idOf("agencyadmin@demo.haven.example");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE user_id = ${agencyAdmin} AND action = 'user.invite' AND resource_id = '${id}';`), "3");
  });
});

describe("a link whose password has been chosen another way (an attacker's test)", () => {
  const askReset = async (email, count) => {
    assert.equal((await call(null, "/api/v1/password-reset", { method: "POST", json: { email } })).status, 202);
    return until("a reset link", () => linksReceived(email, "password-reset")[count - 1] ?? null, { timeoutMs: 20_000 });
  };
  const useReset = (token) => call(null, `/api/v1/password-reset/${token}`, { method: "POST", json: { password: "a lighthouse of teacups 42" } });

  test("the invitation's link is dead once a reset's link has chosen the password", async () => {
    const email = "victim@brookfield.example";
    const id = await invite("agencyadmin", "/api/v1/agency/invitations", { name: "Vic Tim", email, roles: ["dsl"] });
    const invitation = await nthLink(email, 1);
    assert.equal((await useReset(await askReset(email, 1))).status, 200);
    assert.equal((await post("agencyadmin", `/api/v1/agency/users/${id}/invitation`)).status, 409);
    const r = await accept(invitation);
    assert.equal(r.status, 410, `the earlier invitation cannot take the account over: ${r.text}`);
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'invitation.accept' AND resource_id = '${id}';`), "0");
  });

  test("a reset's link asked for while invited is dead once the invitation is accepted", async () => {
    const email = "reset.first@example.org";
    await invite("admin", "/api/v1/invitations", { name: "Remy First", email, agency: "brookfield-primary", roles: ["dsl"] });
    const invitation = await nthLink(email, 1);
    const reset = await askReset(email, 1);
    assert.equal((await accept(invitation)).status, 200);
    assert.equal((await useReset(reset)).status, 410, "the reset asked for earlier sets no other password");
  });

  test("a reset's link is dead once the person changes their password signed in", async () => {
    const email = "cal.change@example.org";
    const password = "lichen anchor vortex 39 tide";
    const made = await post("admin", "/api/v1/users", { name: "Cal Change", email, agency: "brookfield-primary", roles: ["practitioner"], password });
    assert.equal(made.status, 201, made.text);
    const reset = await askReset(email, 1);
    const own = apiClient(() => haven, { timeoutMs: 20_000, passwords: { [email]: password } });
    const changed = await own.post(email, "/api/v1/account/password", { current_password: password, password: "quartz meadow ferry 81 lantern" });
    assert.equal(changed.status, 200, changed.text);
    assert.equal((await useReset(reset)).status, 410, "the reset asked for earlier sets no other password");
  });

  test("disabling cancels the links for good: enabled again, the old invitation is dead and a new one is offered", async () => {
    const email = "dora.disabled@brookfield.example";
    const id = await invite("agencyadmin", "/api/v1/agency/invitations", { name: "Dora Disabled", email, roles: ["practitioner"] });
    const first = await nthLink(email, 1);
    assert.equal((await post("agencyadmin", `/api/v1/agency/users/${id}/disable`, { reason: "Left the school" })).status, 200);
    assert.equal((await accept(first)).status, 410, "disabled: its link is spent");
    assert.equal((await post("agencyadmin", `/api/v1/agency/users/${id}/enable`, { reason: "Came back" })).status, 200);
    const r = await accept(first);
    assert.equal(r.status, 410, `enabled again, the old link stays dead: ${r.text}`);
    const person = await call("agencyadmin", `/api/v1/agency/users/${id}`);
    assert.equal(person.body.state, "invited");
    assert.equal(person.body.invitation_expired, true, "its invitation ended when it was disabled");
    const page = await call("agencyadmin", `/agency/users/${id}`);
    assert.match(page.text, /govuk-tag--orange">Invitation expired</);
    assert.match(page.text, /action="\/agency\/users\/\d+\/invitation"/);
    assert.equal((await post("agencyadmin", `/api/v1/agency/users/${id}/invitation`)).status, 200);
    assert.equal((await accept(await nthLink(email, 2))).status, 200, "the new invitation works");
  });
});

describe("migration 0161 keeps each account's state", () => {
  test("waiting until its newest invitation expires while no link of its was used; otherwise not waiting", () => {
    // every migration before 0161 as the files say, on a real SQLite file, then accounts and links as they were stored
    const tmp = mkdtempSync(path.join(os.tmpdir(), "haven-0161-"));
    const db = path.join(tmp, "old.db");
    try {
      migrateBefore(db, 161);
      const person = (id, name) => `INSERT INTO users (id, email, name, agency_id, password_hash) VALUES (${id}, '${name}@example.org', '${name}', 1, 'x');`;
      let hash = 0;
      const link = (user, purpose, expires, used = "NULL", cancelled = "NULL") =>
        `INSERT INTO account_links (user_id, purpose, token_hash, created_at, expires_at, used_at, cancelled_at)
           VALUES (${user}, '${purpose}', CAST('h${++hash}' AS BLOB), ${expires - 100}, ${expires}, ${used}, ${cancelled});`;
      sqlText(db, [
        "PRAGMA foreign_keys = OFF;",
        person(1, "waiting"), link(1, "invitation", 1000, "NULL", 1500), link(1, "invitation", 2000),
        person(2, "accepted"), link(2, "invitation", 1000, 950),
        person(3, "reset"), link(3, "invitation", 1000), link(3, "password_reset", 3000, 2950),
        person(4, "made_with_password"),
        person(5, "asked_for_reset"), link(5, "invitation", 4000), link(5, "password_reset", 5000),
        person(6, "expired"), link(6, "invitation", 10),
      ].join("\n"));
      runMigration(db, 161);
      assert.equal(
        sqlText(db, "SELECT group_concat(name || '=' || coalesce(invitation_expires_at, 'NULL'), ' ') FROM (SELECT * FROM users ORDER BY id);"),
        "waiting=2000 accepted=NULL reset=NULL made_with_password=NULL asked_for_reset=4000 expired=10",
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

// What an invitation tells whoever sent it of its email: on its way with a mail relay set (this file's
// server), waiting in the outbox without one (a server of its own), the set-up checklist linked for an
// administrator; and the email names the partnership.
const PARTNERSHIP = "Children's Safeguarding Assurance Partnership (demo)";
/** A page's text with the HTML escapes of what it quotes undone. */
const shown = (html) => html.replace(/&#(39|x27);/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
/** The success banner's heading on a page, or null. */
const banner = (html) => shown(html).match(/govuk-notification-banner__heading">([^<]*)</)?.[1] ?? null;
/** Invites a person through the administrators' form (as `b`, signed in) and answers the page it leads to. */
async function inviteByForm(b, person, form = "/admin/invitations") {
  const page = await b.request(`${form}/new`);
  assert.equal(page.status, 200);
  const sent = await b.request(form, { method: "POST", form: { csrf_token: b.csrfOf(page.text), ...person } });
  assert.equal(sent.status, 303, sent.text);
  return { form: page, landed: await b.request(sent.location) };
}
/** Resends `id`'s invitation from their page under `people` (as `b`) and answers the page it leads to. */
async function resendByForm(b, people, id) {
  const page = await b.request(`${people}/${id}`);
  const csrf = page.text.match(/action="\/[a-z]+\/users\/\d+\/invitation" novalidate>\s*<input type="hidden" name="csrf_token" value="([^"]+)"/)[1];
  const sent = await b.request(`${people}/${id}/invitation`, { method: "POST", form: { csrf_token: csrf } });
  assert.equal(sent.status, 303, sent.text);
  return b.request(sent.location);
}

describe("what an invitation says of its email", () => {
  test("with a mail relay set: on its way, and the email names the partnership", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("admin");
    const email = "rhea.relay@example.org";
    const { form, landed } = await inviteByForm(b, { name: "Rhea Relay", email, agency: "brookfield-primary", roles: "practitioner" });
    assert.doesNotMatch(form.text, /id="mail-waits"/, "no warning while a relay is set");
    assert.equal(banner(landed.text), "The invitation is on its way by email: its link works for 72 hours.");
    await nthLink(email, 1);
    const text = readdirSync(inbox)
      .filter((f) => f.endsWith(".eml"))
      .map((f) => readFileSync(path.join(inbox, f), "utf8").replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))))
      .find((t) => t.includes(`To: ${email}`) || t.includes(`<${email}>`)) ?? "";
    assert.match(text.replace(/\r?\n/g, " "), new RegExp(`in Haven, the shared system of ${PARTNERSHIP.replace(/[()]/g, "\\$&")}\\.`));
    assert.doesNotMatch(text, /the safeguarding partnership's system/);
    // the email names when its link ends, as it may have waited for a relay: not "within 72 hours"
    assert.match(text.replace(/\r?\n/g, " "), /Choose your password here by (Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}(:\d\d)?(am|pm) \(UK time\):/);
    assert.doesNotMatch(text, /within 72 hours/);

    const id = idOf(email);
    assert.match((await b.request(`/admin/users/${id}`)).text, /A new invitation is emailed as the first was, and the link in the earlier one stops working\./);
    assert.match(await resendByForm(b, "/admin/users", id).then((p) => p.text), /<h1 class="govuk-panel__title">Invitation sent to <bdi>Rhea Relay<\/bdi><\/h1>[\s\S]*The email is on its way to rhea\.relay@example\.org/);
    const a = cookieClient(() => haven);
    await a.signIn("agencyadmin");
    const agency = await inviteByForm(a, { name: "Ravi Relay", email: "ravi.relay@brookfield.example", roles: "practitioner" }, "/agency/invitations");
    assert.doesNotMatch(agency.form.text, /id="mail-waits"/);
    assert.equal(banner(agency.landed.text), "The invitation is on its way by email: its link works for 72 hours.");
  });

  test("with no mail relay: waiting in the outbox until one is set, the set-up checklist linked for administrators", async () => {
    const quiet = await startHaven({ env: { HAVEN_SMTP_URL: "", HAVEN_PUBLIC_URL: PUBLIC_URL } });
    try {
      const b = cookieClient(() => quiet);
      await b.signIn("admin");
      const email = "nell.norelay@example.org";
      const { form, landed } = await inviteByForm(b, { name: "Nell Norelay", email, agency: "brookfield-primary", roles: "practitioner" });
      assert.match(shown(form.text), /id="mail-waits"[\s\S]*No mail relay is set, so the invitation will wait in Haven's outbox until one is: <a class="govuk-link" href="\/admin\/setup">setting up the partnership<\/a> says how\./);
      assert.equal(banner(landed.text), "The invitation is waiting in Haven's outbox: no mail relay is set, so the email goes once one is (setting up the partnership says how). Its link works for 72 hours from now.");
      assert.doesNotMatch(landed.text, /on its way/);
      const outbox = (to) => sqlText(quiet.dbPath, `SELECT status FROM mail_outbox WHERE to_address = '${to}' ORDER BY id;`).trim();
      assert.equal(outbox(email), "queued");
      const setup = await b.request("/admin/setup");
      assert.match(setup.text, /No SMTP relay is set: emails wait in the outbox\./, "the checklist asks the same way");

      const id = Number(sqlText(quiet.dbPath, `SELECT id FROM users WHERE email = '${email}';`).trim());
      const theirPage = shown((await b.request(`/admin/users/${id}`)).text);
      assert.match(theirPage, /A new invitation waits in Haven's outbox, as no mail relay is set, and the link in the earlier one stops working\./);
      assert.doesNotMatch(theirPage, /emailed as the first was/);
      const firstBody = sqlText(quiet.dbPath, `SELECT body_text FROM mail_outbox WHERE to_address = '${email}';`);
      assert.match(firstBody.replace(/\n/g, " "), /Choose your password here by [A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4} at [^ ]+ \(UK time\):/);
      const resent = shown((await resendByForm(b, "/admin/users", id)).text);
      assert.match(resent, /<title>New invitation for Nell Norelay/);
      assert.match(resent, /<h1 class="govuk-panel__title">New invitation for <bdi>Nell Norelay<\/bdi><\/h1>/);
      assert.match(resent, /The email to nell\.norelay@example\.org is waiting in Haven's outbox: no mail relay is set, so it goes once one is \(<a class="govuk-link" href="\/admin\/setup">setting up the partnership<\/a> says how\)\./);
      assert.doesNotMatch(resent, /Invitation sent to|on its way/);
      // the first email, still waiting, is cancelled with the new invitation: one email, its link the one that works
      assert.equal(outbox(email), "queued");
      await resendByForm(b, "/admin/users", id);
      assert.equal(outbox(email), "queued", "resent twice: still one invitation email queued");
      assert.equal(sqlText(quiet.dbPath, `SELECT kind FROM mail_outbox WHERE to_address = '${email}';`).trim(), "passwords/invitation", "the outbox knows it for an invitation by its kind, not its subject");
      const waiting = sqlText(quiet.dbPath, `SELECT body_text FROM mail_outbox WHERE to_address = '${email}';`);
      const token = waiting.match(/https:\/\/haven\.example\.org\/invitations\/([A-Za-z0-9_-]{43})/)[1];
      const accepted = await apiClient(() => quiet, { timeoutMs: 20_000 }).call(null, `/api/v1/invitations/${token}`, { method: "POST", json: { password: "a lighthouse of teacups 42" } });
      assert.equal(accepted.status, 200, `the one email's link is the one that works: ${accepted.text}`);

      // the API's answer claims no sending, with a relay or without: the same fields
      const api = await apiClient(() => quiet, { timeoutMs: 20_000 }).post("admin", "/api/v1/invitations", {
        name: "Abe Api", email: "abe.api@example.org", agency: "brookfield-primary", roles: ["practitioner"],
      });
      assert.equal(api.status, 201, api.text);
      assert.deepEqual(Object.keys(api.body).sort(), ["id", "invited"]);
      assert.equal(outbox("abe.api@example.org"), "queued");

      // an agency administrator is told who sets the relay, and is not sent to a page they cannot open
      const a = cookieClient(() => quiet);
      await a.signIn("agencyadmin");
      const agency = await inviteByForm(a, { name: "Nia Norelay", email: "nia.norelay@brookfield.example", roles: "practitioner" }, "/agency/invitations");
      assert.match(shown(agency.form.text), /No mail relay is set, so the invitation will wait in Haven's outbox until one is, which Haven's administrators set\./);
      assert.doesNotMatch(agency.form.text, /href="\/admin\/setup"/);
      assert.equal(banner(agency.landed.text), "The invitation is waiting in Haven's outbox: no mail relay is set, so the email goes once Haven's administrators set one. Its link works for 72 hours from now.");
      const theirs = Number(sqlText(quiet.dbPath, "SELECT id FROM users WHERE email = 'nia.norelay@brookfield.example';").trim());
      const again = shown((await resendByForm(a, "/agency/users", theirs)).text);
      assert.match(again, /<h1 class="govuk-panel__title">New invitation for <bdi>Nia Norelay<\/bdi><\/h1>/);
      assert.match(again, /The email to nia\.norelay@brookfield\.example is waiting in Haven's outbox: no mail relay is set, so it goes once Haven's administrators set one\./);
      assert.doesNotMatch(again, /href="\/admin\/setup"/);
    } finally {
      await quiet.stop();
    }
  });
});

// An invitation or reset email still waiting in the outbox (here: no mail relay, so every email waits) is
// cancelled once its link dies, in the same unit as what killed it, so nobody is sent a link that answers
// 410: a password chosen any way (the invitation's link, a reset's link, changed signed in) or the account
// disabled (by an administrator, an agency administrator or `haven user disable`).
describe("emails whose links died are not sent", () => {
  let quiet;
  before(async () => {
    quiet = await startHaven({ env: { HAVEN_SMTP_URL: "", HAVEN_PUBLIC_URL: PUBLIC_URL } });
  });
  after(async () => {
    await quiet?.stop();
  });
  const q = () => apiClient(() => quiet, { timeoutMs: 20_000 });
  const qsql = (query) => sqlText(quiet.dbPath, query).trim();
  /** The kinds of the emails to `to` still waiting in the outbox, in the order queued, joined by spaces. */
  const waiting = (to) => qsql(`SELECT kind FROM mail_outbox WHERE to_address = '${to}' AND status = 'queued' ORDER BY id;`).split("\n").filter(Boolean).join(" ");
  /** The token of the newest link of `kind` ("invitations", "password-reset") waiting in an email to `to`. */
  const tokenWaiting = (to, kind) => {
    const bodies = qsql(`SELECT body_text FROM mail_outbox WHERE to_address = '${to}' AND status = 'queued' ORDER BY id DESC;`);
    return bodies.match(new RegExp(`https://haven\\.example\\.org/${kind}/([A-Za-z0-9_-]{43})`))[1];
  };
  /** Asks for a reset for `email`, and waits for the writer to queue its email (the answer comes first). */
  const askReset = async (email) => {
    const resets = () => Number(qsql(`SELECT count(*) FROM mail_outbox WHERE to_address = '${email}' AND kind = 'passwords/reset';`));
    const before = resets();
    assert.equal((await q().call(null, "/api/v1/password-reset", { method: "POST", json: { email } })).status, 202);
    await until("the reset email queued", () => resets() > before || null);
  };
  const inviteQuietly = async (who, path, person) => {
    const r = await q().post(who, path, person);
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  };
  const PASSWORD = "a lighthouse of teacups 42";

  test("an administrator's disable cancels the invitation and reset emails waiting for the person", async () => {
    const email = "wes.waiting@example.org";
    const id = await inviteQuietly("admin", "/api/v1/invitations", { name: "Wes Waiting", email, agency: "brookfield-primary", roles: ["dsl"] });
    await askReset(email);
    assert.equal(waiting(email), "passwords/invitation passwords/reset");
    await inviteQuietly("admin", "/api/v1/invitations", { name: "Dora Other", email: "dora.other@example.org", agency: "brookfield-primary", roles: ["dsl"] });
    const r = await q().post("admin", `/api/v1/users/${id}/disable`, { reason: "Left before starting" });
    assert.equal(r.status, 200, r.text);
    assert.equal(waiting(email), "", "no email with a dead link waits");
    assert.equal(waiting("dora.other@example.org"), "passwords/invitation", "another person's invitation still goes");
  });

  test("an agency administrator's disable and `haven user disable` cancel them too", async () => {
    const email = "ada.agency@brookfield.example";
    const id = await inviteQuietly("agencyadmin", "/api/v1/agency/invitations", { name: "Ada Agency", email, roles: ["practitioner"] });
    assert.equal(waiting(email), "passwords/invitation");
    assert.equal((await q().post("agencyadmin", `/api/v1/agency/users/${id}/disable`, { reason: "Left the school" })).status, 200);
    assert.equal(waiting(email), "");

    const cli = "cli.leaver@example.org";
    await inviteQuietly("admin", "/api/v1/invitations", { name: "Cleo Leaver", email: cli, agency: "brookfield-primary", roles: ["dsl"] });
    assert.equal(waiting(cli), "passwords/invitation");
    const run = spawnSync(process.env.HAVEN_BIN, ["user", "disable", "--db", quiet.dbPath, "--email", cli, "--reason", "Left the partnership"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(waiting(cli), "");
  });

  test("a password chosen by the invitation's link cancels a reset email still waiting", async () => {
    const email = "ivy.invited@example.org";
    await inviteQuietly("admin", "/api/v1/invitations", { name: "Ivy Invited", email, agency: "brookfield-primary", roles: ["dsl"] });
    const invitation = tokenWaiting(email, "invitations");
    await askReset(email);
    assert.equal(waiting(email), "passwords/invitation passwords/reset");
    const r = await q().call(null, `/api/v1/invitations/${invitation}`, { method: "POST", json: { password: PASSWORD } });
    assert.equal(r.status, 200, r.text);
    assert.equal(waiting(email), "");
  });

  test("a password chosen by a reset's link cancels the invitation email still waiting", async () => {
    const email = "rory.reset@example.org";
    await inviteQuietly("admin", "/api/v1/invitations", { name: "Rory Reset", email, agency: "brookfield-primary", roles: ["dsl"] });
    await askReset(email);
    const r = await q().call(null, `/api/v1/password-reset/${tokenWaiting(email, "password-reset")}`, { method: "POST", json: { password: PASSWORD } });
    assert.equal(r.status, 200, r.text);
    assert.equal(waiting(email), "");
  });

  test("a password changed signed in cancels a reset email still waiting", async () => {
    const email = "cara.change@example.org";
    const password = "lichen anchor vortex 39 tide";
    const made = await q().post("admin", "/api/v1/users", { name: "Cara Change", email, agency: "brookfield-primary", roles: ["practitioner"], password });
    assert.equal(made.status, 201, made.text);
    await askReset(email);
    assert.equal(waiting(email), "passwords/reset");
    const own = apiClient(() => quiet, { timeoutMs: 20_000, passwords: { [email]: password } });
    const changed = await own.post(email, "/api/v1/account/password", { current_password: password, password: "quartz meadow ferry 81 lantern" });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(waiting(email), "");
  });
});
