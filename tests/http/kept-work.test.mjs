// Work kept when a session ends (issue 16, point 1), over HTTP against the
// real server with a 2-second session idle timeout: a person left idle who
// sends a form is asked to sign in again, what they typed is kept sealed in
// the database (never in clear), the sign-in page says until when, and once
// they have signed in again they are taken back to the form with it filled
// in, once. One is kept for each session, so a person whose sessions in two
// browsers both time out gets each form back in its own browser. Nobody
// else signing in on that browser sees it, a form without
// the ended session's CSRF token is not kept, and passwords are never kept.
// A list comes back whole: every box that was ticked, every box typed in.
// A form a page's script sends only to be kept (POST /session/keep, when the
// page's clock says the session has run out) is never acted on: kept if the
// session has ended, and otherwise only told when the session ends; without
// the session's CSRF token, for a form that cannot be shown again or takes a
// file, nothing is kept.
// Signed-in pages say when the session will end.
//
// Run: HAVEN_BIN=build/haven node --test tests/http/kept-work.test.mjs

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import { DEMO_PASSWORD, sqlRows } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { onPostgres, startHaven } from "../lib/haven.mjs";

const IDLE_SECONDS = 2;
let haven;

before(async () => {
  haven = await startHaven({ demo: true, args: ["--session-idle", String(IDLE_SECONDS)] });
});

after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

const browser = () => cookieClient(() => haven);

const COURSE = {
  title: "Kept course on neglect",
  audience: "Practitioners in every agency",
  description: "Typed before the session ended, and not to be lost.",
  level: "introductory",
};

/** Signs in as `who`, opens the new-course form, waits out the session and sends it. */
async function sendAfterTimeout(b, who, form = COURSE, { csrf } = {}) {
  await b.signIn(who);
  const page = await b.request("/training/courses/new");
  assert.equal(page.status, 200);
  await sleep((IDLE_SECONDS + 1) * 1000);
  return b.request("/training/courses", { method: "POST", form: { csrf_token: csrf ?? b.csrfOf(page.text), ...form } });
}

test("a form sent after the session ended is kept, and shown filled in once its person signs in again", async () => {
  const b = browser();
  const sent = await sendAfterTimeout(b, "partnership");
  assert.equal(sent.status, 303);
  assert.equal(sent.location, "/sign-in");
  assert.ok(b.jar.has("haven_kept"), `a kept-form cookie: ${sent.setCookies.join(" | ")}`);
  assert.match(sent.setCookies.find((c) => c.startsWith("haven_kept=")), /HttpOnly; SameSite=Lax/);
  assert.equal(sqlRows(haven.dbPath, "SELECT count(*) AS n FROM training_courses WHERE title = 'Kept course on neglect'")[0].n, 0, "nothing was saved");

  // kept sealed: nothing typed is in the database in clear, and the token is not stored either
  const rows = sqlRows(haven.dbPath, onPostgres
    ? "SELECT path, upper(encode(sealed, 'hex')) AS sealed, upper(encode(token_hash, 'hex')) AS hash FROM kept_forms"
    : "SELECT path, hex(sealed) AS sealed, hex(token_hash) AS hash FROM kept_forms");
  assert.equal(rows.length, 1);
  assert.equal(rows[0].path, "/training/courses");
  assert.ok(!Buffer.from(rows[0].sealed, "hex").toString("latin1").includes("Kept course"), "sealed, not in clear");
  assert.notEqual(rows[0].hash, Buffer.from(b.jar.get("haven_kept")).toString("hex").toUpperCase());

  const signIn = await b.request("/sign-in");
  assert.match(signIn.text, /You were signed out because you had not used Haven for a while/);
  assert.match(signIn.text, /What you typed is kept until \d{1,2}(:\d\d)?(am|pm)|kept until (midday|midnight)/);

  await b.signIn("partnership");
  const landing = await b.request("/dashboard");
  assert.equal(landing.status, 303, "the dashboard sends them back to their form");
  assert.equal(landing.location, "/training/courses");

  const form = await b.request("/training/courses");
  assert.equal(form.status, 200);
  assert.match(form.text, /You were signed out, so this form was not sent/);
  assert.match(form.text, /value="Kept course on neglect"/);
  assert.match(form.text, /Typed before the session ended, and not to be lost\./);
  assert.doesNotMatch(form.text, /There is a problem/, "no error summary: nothing is wrong with it");
  assert.match(form.text, /<title>Add a course/);
  assert.ok(!b.jar.has("haven_kept"), "the cookie is cleared");
  assert.equal(sqlRows(haven.dbPath, "SELECT count(*) AS n FROM kept_forms")[0].n, 0, "shown once, then gone");
  const audited = sqlRows(haven.dbPath, "SELECT action, resource_id FROM audit_log WHERE action LIKE 'form.%' ORDER BY id");
  assert.deepEqual(audited.map((r) => r.action), ["form.kept", "form.restored"]);
  assert.ok(audited.every((r) => r.resource_id === "/training/courses"));

  // once: the address is its usual page again, and the dashboard is the dashboard
  assert.doesNotMatch((await b.request("/training/courses")).text, /this form was not sent/);
  assert.equal((await b.request("/dashboard")).status, 200);
});

/** Signs in as `who`, opens the form at `formPath`, waits out the session, sends `pairs` to `path`, signs in again and takes the form back. */
async function keptAndBack(who, formPath, path, pairs) {
  const b = browser();
  await b.signIn(who);
  const page = await b.request(formPath);
  assert.equal(page.status, 200);
  await sleep((IDLE_SECONDS + 1) * 1000);
  const sent = await b.request(path, { method: "POST", form: [["csrf_token", b.csrfOf(page.text)], ...pairs] });
  assert.equal(sent.status, 303);
  assert.ok(b.jar.has("haven_kept"), "kept");
  await b.signIn(who);
  const landing = await b.request("/dashboard");
  assert.equal(landing.location, path);
  const form = await b.request(path);
  assert.equal(form.status, 200);
  assert.match(form.text, /You were signed out, so this form was not sent/);
  return form.text;
}

test("a kept form's lists come back whole: every box ticked, every one of a list's boxes filled, in order", async () => {
  const course = await keptAndBack("partnership", "/training/courses/new", "/training/courses", [
    ["title", "Kept course with two areas"], ["description", "Both areas ticked before the session ended."],
    ["areas", "neglect"], ["areas", "contextual_safeguarding"], ["audience", "Everyone"], ["level", "introductory"],
  ]);
  const ticked = (value) => new RegExp(`name="areas" type="checkbox" value="${value}" checked>`).test(course);
  assert.ok(ticked("neglect"), "the first area ticked was ticked again");
  assert.ok(ticked("contextual_safeguarding"), "and so was the second");
  assert.ok(!ticked("domestic_abuse"), "an area left unticked is still unticked");

  const boxValue = (html, id) => html.match(new RegExp(`id="${id}" name="[a-z]+" type="[a-z]+"[^>]* value="([^"]*)"`))?.[1];
  const audit = await keptAndBack("partnership", "/quality-assurance/case-audits/new", "/quality-assurance/case-audits", [
    ["title", "Kept audit"], ["theme", "Neglect"], ["findings_due_on-day", "31"], ["findings_due_on-month", "3"], ["findings_due_on-year", String(new Date().getUTCFullYear() + 1)],
    ["children", "3"], ["children", ""], ["children", "1"], ["children", "12a"],
    ["auditors", "kept.one@example.org"], ["auditors", "kept.two@example.org"],
  ]);
  assert.equal(boxValue(audit, "children"), "3");
  assert.equal(boxValue(audit, "children-2"), "1", "a box left empty is no entry: the rest close up");
  assert.equal(boxValue(audit, "children-3"), "12a", "a refused entry comes back as typed, for the check when sent");
  assert.equal(boxValue(audit, "children-4"), "");
  assert.equal(boxValue(audit, "auditors"), "kept.one@example.org");
  assert.equal(boxValue(audit, "auditors-2"), "kept.two@example.org");
  assert.doesNotMatch(audit, /There is a problem/, "no error summary: it has not been sent");
});

test("a kept serious incident comes back with its local authority chosen and its agencies ticked", async () => {
  const review = await keptAndBack("partnership", "/reviews/new", "/reviews", [
    ["child_pseudonym", "Child K"], ["la", "blackpool"], ["harm", "serious_harm"],
    ["circumstances", "Typed before the session ended."], ["aware_on", "2025-12-22"],
    ["agencies", "bwd-council"], ["agencies", "demo-icb"],
  ]);
  const ticked = (slug) => new RegExp(`name="agencies" type="checkbox" value="${slug}" checked>`).test(review);
  assert.ok(ticked("bwd-council"), "the first agency ticked is ticked again");
  assert.ok(ticked("demo-icb"), "and so is the second");
  assert.ok(!ticked("lancashire-constabulary"), "an agency left unticked is still unticked");
  assert.match(review, /<option value="blackpool" selected>/);
  assert.match(review, /Typed before the session ended\./);
  assert.doesNotMatch(review, /There is a problem/, "no error summary: it has not been sent");
});

test("each browser keeps its own: a person whose sessions in two browsers both time out gets each form back where it was typed", async () => {
  const first = browser(), second = browser();
  await first.signIn("partnership");
  await second.signIn("partnership");
  const pages = [await first.request("/training/courses/new"), await second.request("/training/courses/new")];
  await sleep((IDLE_SECONDS + 1) * 1000);
  for (const [i, b] of [first, second].entries()) {
    const sent = await b.request("/training/courses", {
      method: "POST",
      form: { csrf_token: b.csrfOf(pages[i].text), ...COURSE, title: `Typed in browser ${i + 1}` },
    });
    assert.equal(sent.status, 303);
    assert.ok(b.jar.has("haven_kept"), `browser ${i + 1} kept its form`);
  }
  for (const [i, b] of [first, second].entries()) {
    await b.signIn("partnership");
    const landing = await b.request("/dashboard");
    assert.equal(landing.location, "/training/courses", `browser ${i + 1} is sent back to its form`);
    const form = await b.request("/training/courses");
    assert.match(form.text, new RegExp(`value="Typed in browser ${i + 1}"`));
    assert.doesNotMatch(form.text, new RegExp(`Typed in browser ${2 - i}`), "not the other browser's");
  }
  assert.equal(sqlRows(haven.dbPath, "SELECT count(*) AS n FROM kept_forms")[0].n, 0, "each shown once, then gone");
});

test("someone else signing in on that browser does not get the form", async () => {
  const b = browser();
  await sendAfterTimeout(b, "partnership", { ...COURSE, title: "Not for the next person" });
  assert.ok(b.jar.has("haven_kept"));
  await b.signIn("admin");
  const landing = await b.request("/dashboard");
  assert.equal(landing.status, 200, "no redirect to another person's form");
  assert.doesNotMatch(landing.text, /Not for the next person/);
  sqlRows(haven.dbPath, "DELETE FROM kept_forms");
});

test("a form without the ended session's CSRF token is not kept", async () => {
  const b = browser();
  const sent = await sendAfterTimeout(b, "partnership", COURSE, { csrf: "planted-by-another-site" });
  assert.equal(sent.status, 303);
  assert.ok(!b.jar.has("haven_kept"));
  assert.equal(sqlRows(haven.dbPath, "SELECT count(*) AS n FROM kept_forms")[0].n, 0);
});

test("a password is never kept", async () => {
  const b = browser();
  await b.signIn("practitioner");
  const page = await b.request("/account/password");
  assert.equal(page.status, 200);
  await sleep((IDLE_SECONDS + 1) * 1000);
  const sent = await b.request("/account/password", {
    method: "POST",
    form: { csrf_token: b.csrfOf(page.text), current_password: DEMO_PASSWORD, password: "a new secret passphrase" },
  });
  assert.equal(sent.status, 303);
  await b.signIn("practitioner");
  const landing = await b.request("/dashboard");
  if (landing.status === 303) {
    const form = await b.request(landing.location);
    assert.doesNotMatch(form.text, /demo-password-for-haven|a new secret passphrase/);
  }
});

/** The page's script asking POST /session/keep, with a form (its fields and address) or with nothing. */
const keepAsked = (b, pairs) =>
  b.request("/session/keep", pairs ? { method: "POST", form: pairs } : { method: "POST" });
const keptCount = () => sqlRows(haven.dbPath, "SELECT count(*) AS n FROM kept_forms")[0].n;

test("a form sent only to be kept is never acted on: while the session lasts it is told when it ends, after the end it is kept", async () => {
  const b = browser();
  await b.signIn("partnership");
  const page = await b.request("/training/courses/new");
  const form = { csrf_token: b.csrfOf(page.text), ...COURSE, title: "Only to be kept", form_path: "/training/courses" };
  const saved = () => sqlRows(haven.dbPath, "SELECT count(*) AS n FROM training_courses WHERE title = 'Only to be kept'")[0].n;

  // the session has not ended (another tab may have used it): nothing kept, nothing saved, a complete form though it is
  const alive = await keepAsked(b, form);
  assert.equal(alive.status, 200);
  const { session_ends_in: left } = JSON.parse(alive.text);
  assert.ok(left >= 1 && left <= IDLE_SECONDS, `seconds left: ${left}`);
  assert.equal(saved(), 0, "not acted on");
  assert.ok(!b.jar.has("haven_kept"));
  assert.equal(keptCount(), 0);
  // a page with no form being typed asks with nothing; asking does not extend the session
  await sleep(1000);
  const asked = await keepAsked(b);
  assert.equal(asked.status, 200);
  assert.ok(JSON.parse(asked.text).session_ends_in < left, "asking is not using the session");

  // ended: kept as any form sent after the end, and told so (the page then goes to sign in)
  await sleep((IDLE_SECONDS + 1) * 1000);
  const ended = await keepAsked(b, form);
  assert.equal(ended.status, 200);
  assert.equal(JSON.parse(ended.text).session_ends_in, 0);
  assert.ok(b.jar.has("haven_kept"), "kept");
  assert.equal(saved(), 0, "not acted on");
  assert.deepEqual(
    sqlRows(haven.dbPath, "SELECT action, resource_id FROM audit_log WHERE action = 'form.kept' ORDER BY id DESC LIMIT 1"),
    [{ action: "form.kept", resource_id: "/training/courses" }],
  );
  await b.signIn("partnership");
  assert.equal((await b.request("/dashboard")).location, "/training/courses");
  const back = (await b.request("/training/courses")).text;
  assert.match(back, /value="Only to be kept"/);
  assert.doesNotMatch(back, /form_path/, "the form's address is not one of its fields");
  assert.equal(saved(), 0);
});

test("a form the server would not keep is not kept from /session/keep either, and a field name that is not text is skipped", async () => {
  const b = browser();
  await b.signIn("partnership");
  const page = await b.request("/training/courses/new");
  const csrf = b.csrfOf(page.text);
  await sleep((IDLE_SECONDS + 1) * 1000);
  const endedAndNothingKept = async (pairs, why) => {
    const res = await keepAsked(b, pairs);
    assert.equal(res.status, 200, why);
    assert.equal(JSON.parse(res.text).session_ends_in, 0, why);
    assert.ok(!b.jar.has("haven_kept"), why);
    assert.equal(keptCount(), 0, why);
  };
  await endedAndNothingKept({ ...COURSE, csrf_token: "planted-by-another-site", form_path: "/training/courses" }, "another CSRF token");
  await endedAndNothingKept({ ...COURSE, form_path: "/training/courses" }, "no CSRF token");
  await endedAndNothingKept({ csrf_token: csrf, reason: "x", form_path: "/sign-out" }, "a route with no form to show again");
  await endedAndNothingKept({ csrf_token: csrf, title: "x", form_path: "/training/courses/new" }, "no form is sent there");
  await endedAndNothingKept({ csrf_token: csrf, title: "x", form_path: "/api/v1/training/courses" }, "an API address");
  await endedAndNothingKept({ csrf_token: csrf, title: "x", form_path: "/sign-in" }, "a form that needs nobody signed in");
  await endedAndNothingKept({ csrf_token: csrf, title: "x" }, "no address");
  // a page's form that takes a file: its fields would be kept without the file
  await endedAndNothingKept({ csrf_token: csrf, note: "x", form_path: "/admin/local-authorities/888/term-dates" }, "a form that takes a file");

  // field names that are not text are skipped; the rest of the form is kept
  const res = await fetch(`${haven.url}/session/keep`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: [...b.jar].map(([k, v]) => `${k}=${v}`).join("; "),
    },
    body: `%FF=1&a%zz=1&csrf_token=${encodeURIComponent(csrf)}&title=Kept+despite+odd+names&form_path=%2Ftraining%2Fcourses`,
  });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).session_ends_in, 0);
  const kept = res.headers.getSetCookie().find((c) => c.startsWith("haven_kept="));
  assert.ok(kept, "kept");
  b.jar.set("haven_kept", kept.split(";")[0].slice("haven_kept=".length));
  assert.equal(keptCount(), 1);
  await b.signIn("partnership");
  assert.match((await b.request("/training/courses")).text, /value="Kept despite odd names"/);
});

test("signed-in pages say when the session will end", async () => {
  const b = browser();
  await b.signIn("dsl");
  const page = await b.request("/dashboard");
  assert.match(page.text, /If you do nothing, you will be signed out at (\d{1,2}(:\d\d)?(am|pm)|midday|midnight)/);
  assert.match(page.text, /<dialog class="haven-timeout-warning" id="timeout-warning"[^>]* data-seconds-left="[12]" data-idle-seconds="2"/);
});
