// Retention (docs/operations.md "Retention schedule"): Haven removes
// operational personal data once past its period, and nothing else. The job
// in `haven serve` runs every second here (HAVEN_RETENTION_JOB_SECONDS=1);
// the passing of time is made by writing rows, or moving stored times, into
// the past with SQL, never by changing what the job decides. Rows just
// inside each period stay; rows past it go; queued email, each account's
// last used session and the audit trail stay however old, though a session
// kept past its month loses its address and browser. A link removed answers
// as a link not valid. `haven retention` does the same once (500 rows a
// batch, as many batches as it takes) and prints the counts.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { sqlText, until } from "../lib/api.mjs";
import { onPostgres, runHaven, startHaven } from "../lib/haven.mjs";

const DAY = 86400;
const now = () => Math.floor(Date.now() / 1000);
const PASSWORDS = { "ada@example.org": "lantern pebble orbit 41", "bo@example.org": "willow copper ferry 52",
  "cy@example.org": "harbour thistle comet 63", "di@example.org": "meadow lantern quartz 74" };

let haven;
const sql = (query, server = haven) => sqlText(server.dbPath, query).trim();
const count = (query, server = haven) => Number(sql(query, server));

/** An outbox row to `to`, with status, sent_at and next_attempt_at as given (Unix seconds). */
function email(server, to, { status, sentAt = null, lastAttempt = now() }) {
  sql(`INSERT INTO mail_outbox (to_address, subject, body_text, created_at, next_attempt_at, sent_at, status, attempts, kind)
    VALUES ('${to}', 'New notification in Haven', 'Hello, sign in to read it.', ${lastAttempt - 60}, ${lastAttempt},
    ${sentAt ?? "NULL"}, '${status}', ${status === "failed" ? 10 : status === "sent" ? 1 : 0}, 'tests/retention');`, server);
}
const emailsTo = (to, server = haven) => count(`SELECT count(*) FROM mail_outbox WHERE to_address = '${to}';`, server);

/** A sign-in failure counted under `key`, its last failure `secondsAgo` ago. */
function failure(server, key, secondsAgo) {
  sql(`INSERT INTO sign_in_failures (key, failures, last_failure_at, locked_until) VALUES ('${key}', 3, ${now() - secondsAgo}, 0);`, server);
}

function addPerson(server, email, { invite = false } = {}) {
  const args = ["user", "add", "--db", server.dbPath, "--email", email, "--name", email.split("@")[0], "--agency",
    "brookfield-primary", "--role", "dsl", ...(invite ? ["--invite"] : [])];
  const r = runHaven(args, { input: invite ? "" : PASSWORDS[email] + "\n" });
  assert.equal(r.status, 0, r.stderr);
  return sql(`SELECT id FROM users WHERE email = '${email}';`, server);
}

async function signIn(email) {
  const r = await fetch(haven.url + "/api/v1/session", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORDS[email] }) });
  assert.equal(r.status, 201, await r.text());
  return sql(`SELECT max(id) FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = '${email}');`);
}
/** As if session `id` was begun and last used `days` ago. */
function usedAgo(id, days) {
  sql(`UPDATE sessions SET created_at = ${now() - days * DAY}, last_seen_at = ${now() - days * DAY} WHERE id = ${id};`);
}
/** As if the invitation (or other link) of `userId` was made `days` ago (an invitation lasts 72 hours). */
function invitedAgo(userId, days, purpose = "invitation") {
  sql(`UPDATE account_links SET created_at = created_at - ${days * DAY}, expires_at = expires_at - ${days * DAY}
    WHERE user_id = ${userId} AND purpose = '${purpose}';`);
}
/** The address and browser session `id` keeps: "ADDRESS|BROWSER". */
const sessionDetails = (id) => sql(`SELECT client_address || '|' || user_agent FROM sessions WHERE id = ${id};`);
/** The token of the newest link under `path` emailed to `to`. */
function linkTo(to, path) {
  const body = sql(`SELECT body_text FROM mail_outbox WHERE to_address = '${to}' ORDER BY id DESC LIMIT 1;`);
  const m = body.match(new RegExp(`${path}([A-Za-z0-9_-]{43})`));
  assert.ok(m, `the email to ${to} holds a link under ${path}`);
  return m[1];
}

before(async () => {
  haven = await startHaven({ env: { HAVEN_RETENTION_JOB_SECONDS: "1" } });
});
after(async () => {
  await haven?.stop();
});

describe("the retention job", () => {
  test("removes each kind past its period, keeps what is inside it, and never touches the audit trail", async () => {
    const auditBefore = sql("SELECT count(*) || ':' || max(id) FROM audit_log;");
    const [auditRows, auditLast] = auditBefore.split(":").map(Number);

    email(haven, "sent-31-days@example.org", { status: "sent", sentAt: now() - 31 * DAY });
    email(haven, "sent-29-days@example.org", { status: "sent", sentAt: now() - 29 * DAY });
    email(haven, "failed-91-days@example.org", { status: "failed", lastAttempt: now() - 91 * DAY });
    email(haven, "failed-89-days@example.org", { status: "failed", lastAttempt: now() - 89 * DAY });
    email(haven, "queued-200-days@example.org", { status: "queued", lastAttempt: now() - 200 * DAY });

    failure(haven, "address:198.51.100.7", 3600);
    failure(haven, "address:198.51.100.8", 60);

    addPerson(haven, "ada@example.org");
    addPerson(haven, "bo@example.org");
    const adaOld = await signIn("ada@example.org");
    const adaRecent = await signIn("ada@example.org");
    const boOnly = await signIn("bo@example.org");
    addPerson(haven, "cy@example.org");
    const cyCompleted = await signIn("cy@example.org");
    const cyUnfinished = await signIn("cy@example.org");
    sql(`UPDATE sessions SET second_factor_at = NULL WHERE id = ${cyUnfinished};`); // a sign-in never completed
    usedAgo(adaRecent, 29);
    usedAgo(adaOld, 40);
    usedAgo(boOnly, 60);
    usedAgo(cyCompleted, 50);
    usedAgo(cyUnfinished, 45);

    const longInvited = addPerson(haven, "long-invited@example.org", { invite: true });
    const lately = addPerson(haven, "lately-invited@example.org", { invite: true });
    invitedAgo(longInvited, 40); // ended 37 days ago
    invitedAgo(lately, 10); // ended 7 days ago

    await until("the job removes what is past its period", () =>
      emailsTo("sent-31-days@example.org") === 0 && emailsTo("failed-91-days@example.org") === 0 &&
      count(`SELECT count(*) FROM sessions WHERE id = ${adaOld};`) === 0 &&
      count(`SELECT count(*) FROM account_links WHERE user_id = ${longInvited};`) === 0 &&
      count("SELECT count(*) FROM sign_in_failures WHERE key = 'address:198.51.100.7';") === 0);

    assert.equal(emailsTo("sent-29-days@example.org"), 1, "email sent 29 days ago stays");
    assert.equal(emailsTo("failed-89-days@example.org"), 1, "a failure 89 days ago stays for the operator");
    assert.equal(emailsTo("queued-200-days@example.org"), 1, "queued email is never removed");
    assert.equal(count(`SELECT count(*) FROM sessions WHERE id = ${adaRecent};`), 1, "a session used 29 days ago stays");
    assert.equal(count(`SELECT count(*) FROM sessions WHERE id = ${boOnly};`), 1,
      "an account's last used session stays, however old (the leavers' job reads it)");
    assert.equal(count(`SELECT count(*) FROM sessions WHERE id IN (${cyCompleted}, ${cyUnfinished});`), 2,
      "an account's last completed sign-in stays too (the throttle knows an API client's usual address by it)");
    // those kept past their month keep no address or browser; one inside it keeps both
    await until("the job blanks the kept sessions' addresses", () =>
      [boOnly, cyCompleted, cyUnfinished].every((id) => sessionDetails(id) === "|"));
    assert.match(sessionDetails(adaRecent), /^127\.0\.0\.1\|node$/, "a session used 29 days ago keeps its address and browser");
    assert.equal(count(`SELECT count(*) FROM account_links WHERE user_id = ${lately};`), 1, "a link ended 7 days ago stays");
    assert.equal(count("SELECT count(*) FROM sign_in_failures WHERE key = 'address:198.51.100.8';"), 1,
      "a failure inside the throttle's window stays");

    // the audit trail: every row there before is there still, and the chain holds
    assert.equal(count(`SELECT count(*) FROM audit_log WHERE id <= ${auditLast};`), auditRows);
    const verify = runHaven(["audit", "verify", "--db", haven.dbPath]);
    assert.equal(verify.status, 0, verify.stderr + verify.stdout);

    // the log says how many (over the runs that removed them), never to whom
    const removedInLog = () => {
      const sums = {};
      for (const l of haven.stderrLines().filter((l) => l.includes("retention: removed")))
        for (const [, kind, n] of l.matchAll(/(\w+)=(\d+)/g)) sums[kind] = (sums[kind] ?? 0) + Number(n);
      return sums;
    };
    // (a run logs once it has done every kind, so the last run's line may come a moment after the rows went)
    const expected = { sent_emails: 1, failed_emails: 1, account_links: 1, kept_forms: 0, sessions: 1,
      session_addresses: 3, sign_in_failures: 1, submissions: 0 }; // (submissions: tests/http/once-submit.test.mjs)
    await until("the job logs its counts", () => isDeepStrictEqual(removedInLog(), expected), { timeoutMs: 5000 })
      .catch(() => assert.deepEqual(removedInLog(), expected));
    assert.doesNotMatch(haven.stderrLines().join("\n"), /31-days@|91-days@|198\.51\.100\.7/);

    // and /metrics counts them by kind (answered to a client on this machine)
    const metrics = await (await fetch(haven.url + "/metrics")).text();
    assert.match(metrics, /^haven_retention_removed_total\{kind="sent_emails"\} 1$/m);
    assert.match(metrics, /^haven_retention_removed_total\{kind="sessions"\} 1$/m);
    assert.match(metrics, /^haven_retention_removed_total\{kind="session_addresses"\} 3$/m);
  });

  test("keeps a session holding a kept form, however old, but not its address and browser", async () => {
    addPerson(haven, "di@example.org");
    const holding = await signIn("di@example.org");
    const later = await signIn("di@example.org"); // the last used session, and the last completed sign-in
    // a form kept for its owner's next sign-in refers to the session (written first: the job runs every second)
    const hash = "ab".repeat(32);
    sql(`INSERT INTO kept_forms (token_hash, user_id, path, sealed, kept_until, session_id)
      VALUES (${onPostgres ? `'\\x${hash}'::bytea` : `X'${hash}'`}, (SELECT user_id FROM sessions WHERE id = ${holding}),
      '/account/password', ${onPostgres ? "'\\x00'::bytea" : "X'00'"}, ${now() + 1800}, ${holding});`);
    usedAgo(holding, 40);

    await until("the job blanks the kept session's address", () => sessionDetails(holding) === "|");
    assert.equal(count(`SELECT count(*) FROM sessions WHERE id = ${holding};`), 1, "the session holding a kept form stays");
    assert.equal(count(`SELECT count(*) FROM kept_forms WHERE session_id = ${holding};`), 1);
    assert.match(sessionDetails(later), /^127\.0\.0\.1\|node$/, "a session in use keeps its address and browser");
  });

  test("a link removed past its month answers as any link not valid: it may have expired or been used", async () => {
    // long-invited@'s invitation was removed by the first test
    const invitation = linkTo("long-invited@example.org", "/invitations/");
    const adaId = sql("SELECT id FROM users WHERE email = 'ada@example.org';");
    const asked = await fetch(haven.url + "/api/v1/password-reset", { method: "POST",
      headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "ada@example.org" }) });
    assert.ok(asked.ok, await asked.text());
    // the reset is saved and its email queued after the answer (the answer takes the same time whoever asks)
    await until("the reset email is queued", () =>
      count(`SELECT count(*) FROM mail_outbox WHERE to_address = 'ada@example.org' AND body_text LIKE '%/password-reset/%';`) > 0);
    const reset = linkTo("ada@example.org", "/password-reset/");
    invitedAgo(adaId, 31, "password_reset"); // ended 31 days ago
    await until("the job removes the reset link", () =>
      count(`SELECT count(*) FROM account_links WHERE user_id = ${adaId} AND purpose = 'password_reset';`) === 0);

    const neverMade = "Q".repeat(43);
    for (const [path, token, next] of [["/invitations/", invitation, /Ask your Haven administrator to send you a new one/],
      ["/password-reset/", reset, /Ask for a new one/]]) {
      const page = await fetch(haven.url + path + token);
      assert.equal(page.status, 404);
      const text = await page.text();
      assert.match(text, /<h1 class="govuk-heading-l">This link is not valid<\/h1>/);
      assert.match(text, /may have expired or been used already/);
      assert.match(text, next, "says what to do next");

      const post = (t) => fetch(haven.url + "/api/v1" + path + t, { method: "POST",
        headers: { "content-type": "application/json" }, body: JSON.stringify({ password: "a harbour of quiet lamps" }) });
      const removed = await post(token);
      assert.equal(removed.status, 404);
      const body = await removed.json();
      assert.equal(body.title, "This link is not valid");
      assert.match(body.detail, /may have expired or been used already/);
      assert.match(body.detail, next);
      // the same answer as a link never made: nothing says this one was
      assert.deepEqual(await (await post(neverMade)).json(), body);
    }
    await signIn("ada@example.org"); // the password is unchanged
  });
});

describe("haven retention", () => {
  test("removes the same once and prints how many of each kind", async () => {
    const other = await startHaven();
    await other.stop({ keepDir: true });
    try {
      email(other, "sent-45-days@example.org", { status: "sent", sentAt: now() - 45 * DAY });
      email(other, "sent-today@example.org", { status: "sent", sentAt: now() });
      failure(other, "address:198.51.100.9", 3600);
      // and more than one batch (500) of one kind: all go in the one run
      sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1201)
        INSERT INTO sign_in_failures (key, failures, last_failure_at, locked_until)
        SELECT 'device:bulk-' || i, 3, ${now() - 3600}, 0 FROM n;`, other);
      const r = runHaven(["retention", "--db", other.dbPath]);
      assert.equal(r.status, 0, r.stderr);
      const printed = Object.fromEntries(r.stdout.trim().split("\n").map((l) => l.split(" ")));
      assert.deepEqual(Object.keys(printed),
        ["sent_emails", "failed_emails", "account_links", "kept_forms", "sessions", "session_addresses",
          "sign_in_failures", "submissions"]);
      assert.equal(printed.sent_emails, "1");
      assert.equal(printed.sign_in_failures, "1202");
      assert.equal(count("SELECT count(*) FROM sign_in_failures;", other), 0);
      assert.equal(emailsTo("sent-45-days@example.org", other), 0);
      assert.equal(emailsTo("sent-today@example.org", other), 1);
      assert.doesNotMatch(r.stdout + r.stderr, /@example\.org|198\.51/);

      const again = runHaven(["retention", "--db", other.dbPath]);
      assert.match(again.stdout, /^sent_emails 0$/m, "nothing left the second time");
    } finally {
      rmSync(other.dir, { recursive: true, force: true });
    }
  });
});
