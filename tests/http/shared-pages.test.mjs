// What every page shares (issue 16, part A), over HTTP against the real
// server on a demo database: Mustache sections read the integer 0 as "no"
// (a review theme in use is not shown "Retired"), the error summary lists
// errors in the order of the form, and the phase banner and "signed in as"
// line sit inside the header landmark.
//
// Run: HAVEN_BIN=build/haven node --test tests/http/shared-pages.test.mjs

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { apiClient } from "../lib/api.mjs";
import { unescape } from "../lib/check.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const api = apiClient(() => haven);

before(async () => {
  haven = await startHaven({ demo: true });
});

after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/** The page at path as `who` (bearer token, so no cookies or CSRF are needed). */
async function page(who, path, options = {}) {
  const res = await api.call(who, path, options);
  return res;
}

test("a review theme in use (retired = 0) is shown in use, and a retired one retired", async () => {
  let res = await page("partnership", "/reviews/themes");
  assert.equal(res.status, 200);
  const rows = [...res.text.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) => m[1]).slice(1);
  assert.ok(rows.length > 1, "the demo has themes");
  for (const row of rows) assert.match(row, /In use/, "no theme is retired yet");
  assert.doesNotMatch(res.text, />Retired</);

  const slug = res.text.match(/action="\/reviews\/themes\/([a-z0-9-]+)\/retire"/)[1];
  res = await page("partnership", `/reviews/themes/${slug}/retire`, { method: "POST", form: { retired: "yes" } });
  assert.equal(res.status, 303, res.text);
  res = await page("partnership", "/reviews/themes");
  assert.equal((res.text.match(/>Retired</g) ?? []).length, 1, "exactly the theme retired shows Retired");
});

test("the error summary lists the errors in the order the form asks its questions", async () => {
  // The course form asks for the audience before the description; its field specs check the description first.
  const res = await page("partnership", "/training/courses", { method: "POST", form: {} });
  assert.equal(res.status, 422);
  const summary = res.text.match(/govuk-error-summary__list">([\s\S]*?)<\/ul>/)[1];
  const linked = [...summary.matchAll(/href="#([a-z_]+)"/g)].map((m) => m[1]);
  const onPage = [...res.text.matchAll(/<(?:input|textarea|select)[^>]* id="([a-z_]+)"/g)].map((m) => m[1]);
  const inPageOrder = onPage.filter((id) => linked.includes(id));
  assert.ok(linked.indexOf("audience") < linked.indexOf("description"), `summary: ${linked.join(", ")}`);
  assert.deepEqual(linked.filter((f) => inPageOrder.includes(f)), inPageOrder);
  // the API's problem keeps listing the errors as the field specs check them
  const api = await page("partnership", "/api/v1/training/courses", { method: "POST", json: {} });
  assert.equal(api.status, 422);
  assert.ok(api.body.errors.length >= 2);
});

test("the phase banner and who is signed in are inside the header landmark", async () => {
  const res = await page("dsl", "/dashboard");
  assert.equal(res.status, 200);
  const header = res.text.match(/<header[\s\S]*?<\/header>/)[0];
  assert.match(header, /govuk-phase-banner/);
  assert.match(header, /Signed in as <bdi>[^<]+<\/bdi>, Brookfield Primary School/);
  const between = res.text.split("</header>")[1].split('<main')[0];
  assert.doesNotMatch(between, /govuk-phase-banner|Signed in as/);
});

test("a change made in a browser is followed by one success banner on the page it leads to", async () => {
  const b = cookieClient(() => haven);
  await b.signIn("partnership");
  const page = await b.request("/encompass/settings");
  const form = Object.fromEntries(
    [...page.text.matchAll(/<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"[^>]*checked/g)].map((m) => [m[1], m[2]]),
  );
  const minutes = page.text.match(/id="escalate_after_minutes"[^>]*value="(\d+)"/)[1];
  const sent = await b.request("/encompass/settings", {
    method: "POST",
    form: { ...form, csrf_token: b.csrfOf(page.text), escalate_after_minutes: minutes },
  });
  assert.equal(sent.status, 303, sent.text);
  assert.equal(sent.location, "/encompass/settings", "no flag in the address");
  assert.ok(b.jar.has("haven_flash"));
  assert.match(sent.setCookies.find((c) => c.startsWith("haven_flash=")), /HttpOnly; SameSite=Lax/);

  const next = await b.request(sent.location);
  assert.equal((next.text.match(/govuk-notification-banner--success/g) ?? []).length, 1, "one banner, not two");
  assert.match(next.text, /role="alert"[\s\S]*Success[\s\S]*The settings were saved/);
  assert.ok(!b.jar.has("haven_flash"), "shown once: the cookie is cleared");
  assert.doesNotMatch((await b.request("/encompass/settings")).text, /govuk-notification-banner--success/);

  // any change says so, in words the area chose
  const themes = await b.request("/reviews/themes");
  const slug = themes.text.match(/action="\/reviews\/themes\/([a-z0-9-]+)\/retire"/)[1];
  const retired = await b.request(`/reviews/themes/${slug}/retire`, { method: "POST", form: { csrf_token: b.csrfOf(themes.text), retired: "yes" } });
  assert.equal(retired.status, 303);
  assert.match((await b.request(retired.location)).text, /govuk-notification-banner__heading">\s*The theme was retired\s*</);
});

test("a record made says what was made, and a page with a confirmation panel has no banner above it", async () => {
  const b = cookieClient(() => haven);
  await b.signIn("partnership");
  const plans = await b.request("/plans");
  const added = await b.request("/plans/groups", { method: "POST", form: { csrf_token: b.csrfOf(plans.text), name: "A banner's group (fictional)" } });
  assert.equal(added.status, 303, added.text);
  assert.match((await b.request(added.location)).text, /govuk-notification-banner__heading">\s*The group was added\s*</);
  const form = await b.request("/feedback");
  const sent = await b.request("/feedback", { method: "POST", form: { csrf_token: b.csrfOf(form.text), satisfaction: "satisfied" } });
  assert.equal(sent.status, 303, sent.text);
  const page = await b.request(sent.location);
  assert.match(page.text, /govuk-panel--confirmation/);
  assert.doesNotMatch(page.text, /govuk-notification-banner/);
});

test("a success banner is shown only to the session it was made for, and not after signing in or out", async () => {
  const first = cookieClient(() => haven);
  await first.signIn("partnership");
  assert.ok(!first.jar.has("haven_flash"), "signing in is not a change to report");
  const themes = await first.request("/reviews/themes");
  const slug = themes.text.match(/action="\/reviews\/themes\/([a-z0-9-]+)\/retire"/)[1];
  await first.request(`/reviews/themes/${slug}/retire`, { method: "POST", form: { csrf_token: first.csrfOf(themes.text), retired: "no" } });
  const flash = first.jar.get("haven_flash");
  assert.ok(flash);

  const other = cookieClient(() => haven);
  await other.signIn("admin");
  other.jar.set("haven_flash", flash);
  assert.doesNotMatch((await other.request("/dashboard")).text, /govuk-notification-banner--success/, "another session's banner is not shown");
  other.jar.set("haven_flash", "WW91ciBhY2NvdW50IGlzIGxvY2tlZA.forged");
  assert.doesNotMatch((await other.request("/dashboard")).text, /govuk-notification-banner--success|locked/, "nor one the server did not make");

  const out = await first.request("/sign-out", { method: "POST", form: { csrf_token: first.csrfOf((await first.request("/dashboard")).text) } });
  assert.equal(out.status, 303);
  assert.ok(!out.setCookies.some((c) => c.startsWith("haven_flash=") && !/Max-Age=0/.test(c)), "signing out leaves no banner");
});

test("API clients get the record, never a banner cookie", async () => {
  const res = await api.call("partnership", "/api/v1/encompass/settings");
  assert.equal(res.status, 200);
  const sent = await api.call("partnership", "/api/v1/encompass/settings", { method: "POST", json: {
    deliver_in_holidays: res.body.settings.deliver_in_holidays, content: res.body.settings.content,
    escalate_after_minutes: res.body.settings.escalate_after_minutes, idva_referrals: res.body.settings.idva_referrals } });
  assert.equal(sent.status, 200, sent.text);
  assert.equal(sent.headers.get("set-cookie"), null);
});

test("the dashboard counts waiting and overdue work by what is to be done, matching the task list", async () => {
  const dashboard = await page("dsl", "/dashboard");
  const tasks = (await api.call("dsl", "/api/v1/tasks")).body.tasks;
  assert.ok(tasks.length > 0, "the demo Key Adult has work");
  const table = dashboard.text.match(/<table class="govuk-table" id="work-by-kind">([\s\S]*?)<\/table>/)[1];
  const rows = [...table.matchAll(/<th scope="row"[^>]*>([^<]+)<\/th>\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>(?:<strong[^>]*>(\d+) overdue<\/strong>|0)<\/td>/g)]
    .map((m) => ({ text: unescape(m[1]), count: Number(m[2]), overdue: Number(m[3] ?? 0) }));
  const expected = new Map();
  for (const t of tasks) {
    const e = expected.get(t.text) ?? { text: t.text, count: 0, overdue: 0 };
    e.count++;
    if (t.overdue) e.overdue++;
    expected.set(t.text, e);
  }
  assert.deepEqual(rows, [...expected.values()], "one row per kind of task, most urgent first");

  // nothing waiting: no table, and no "0 overdue"
  const none = await page("scrutineer", "/dashboard");
  assert.match(none.text, /0 waiting for you/);
  assert.doesNotMatch(none.text, /id="work-by-kind"/);
});

test("the header marks the current section and takes signed-in people home to their dashboard", async () => {
  const nav = (html) => html.match(/<ul class="govuk-service-navigation__list"[\s\S]*?<\/ul>/)[0];
  const current = (html) => [...nav(html).matchAll(/href="([^"]+)" aria-current="(page|true)"/g)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(current((await page("dsl", "/dashboard")).text), ["/dashboard page"]);
  assert.deepEqual(current((await page("dsl", "/work")).text), ["/work page"]);
  assert.deepEqual(current((await page("dsl", "/agencies")).text), ["/agencies page"]);
  const agency = (await page("dsl", "/agencies")).text.match(/href="(\/agencies\/[a-z0-9-]+)"/)[1];
  assert.deepEqual(current((await page("dsl", agency)).text), ["/agencies true"], "a page within a section");
  assert.deepEqual(current((await page("dsl", "/account/sessions")).text), [], "a page in no section marks none");
  assert.deepEqual(current((await page(null, "/sign-in")).text), ["/sign-in page"]);

  const homeLinks = (html) => [...html.matchAll(/<a href="([^"]+)" class="govuk-(?:generic-header__homepage-link|service-navigation__link)">/g)].map((m) => m[1]);
  assert.deepEqual(homeLinks((await page("dsl", "/work")).text), ["/dashboard", "/dashboard"]);
  assert.deepEqual(homeLinks((await page(null, "/sign-in")).text), ["/", "/"]);
  const missing = await page("partnership", "/reviews/999999");
  assert.equal(missing.status, 404);
  assert.match(missing.text, /<a class="govuk-link" href="\/dashboard">Go to your dashboard<\/a>/);
});

test("pages show times one way, in England's time; the API keeps the instant", async () => {
  const WHEN = /(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4} at (\d{1,2}(:\d\d)?(am|pm)|midday|midnight)/;
  const page = await api.call("dsl", "/account/sessions");
  assert.equal(page.status, 200);
  const cells = [...page.text.matchAll(/<tr class="govuk-table__row">\s*<td class="govuk-table__cell"[^>]*>([^<]+)<\/td>\s*<td class="govuk-table__cell"[^>]*>([^<]+)<\/td>/g)];
  assert.ok(cells.length > 0);
  for (const [, started, seen] of cells) {
    assert.match(started, WHEN);
    assert.match(seen, WHEN);
  }
  const json = await api.call("dsl", "/api/v1/sessions");
  assert.equal(json.status, 200);
  assert.ok(json.body.sessions.every((s) => !WHEN.test(String(s.created_at))), "the API keeps the instant as it is");

  // a stored ISO instant reads the same way: a case note's time of writing
  const note = await api.post("dsl", "/api/v1/children/1/notes", { happened_on: "2026-11-30", category: "concern", visibility: "own_agency", body: "Fictional: seen at the school gate." });
  assert.equal(note.status, 201, note.text);
  const corrected = await api.post("dsl", `/api/v1/notes/${note.body.id}/correct`, { happened_on: "2026-11-30", category: "concern", visibility: "own_agency", body: "Fictional: seen at the school gate, at 3pm.", reason: "The time was left out" });
  assert.equal(corrected.status, 200, corrected.text);
  const shown = await api.call("dsl", `/notes/${note.body.id}`);
  assert.match(shown.text, WHEN);
  assert.doesNotMatch(shown.text, /\d{4}-\d\d-\d\dT\d\d:\d\d/, "no raw timestamp on the page");
  const stored = await api.call("dsl", `/api/v1/notes/${note.body.id}`);
  assert.match(JSON.stringify(stored.body), /\d{4}-\d\d-\d\dT\d\d:\d\d/, "the API keeps ISO 8601");
});
