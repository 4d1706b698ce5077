// The banner after a change in a browser says what was done, not the default
// "Your changes have been saved": the partnership team records progress on
// its own plan action, and a DSL chooses how alerts come, each by its form.
//
// Run: node --test tests/http/success-banners.test.mjs   (needs build/haven, or HAVEN_BIN)

import { after, before, test } from "node:test";
import assert from "node:assert/strict";

import { sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
before(async () => {
  haven = await startHaven();
});
after(async () => {
  await haven?.stop();
});

/** The page a form's answer leads to, with its banner's heading (or null). */
async function landedOn(b, answer) {
  assert.equal(answer.status, 303, answer.text);
  const page = await b.request(answer.location);
  const banner = page.text.match(/govuk-notification-banner__heading">\s*([^<]*?)\s*</);
  return { page, banner: banner?.[1].replaceAll("&#39;", "'") ?? null };
}

test("progress on the partnership team's own plan action is said as such", async () => {
  const action = sqlText(
    haven.dbPath,
    "SELECT pa.id FROM plan_actions pa JOIN agencies a ON a.id = pa.owner_agency_id WHERE a.slug = 'csap' ORDER BY pa.id LIMIT 1;",
  );
  assert.ok(action, "the demo has a plan action for the partnership team");
  const b = cookieClient(() => haven);
  await b.signIn("partnership");
  const form = await b.request(`/plan-actions/${action}`);
  const answer = await b.request(`/plan-actions/${action}`, {
    method: "POST",
    form: { csrf_token: b.csrfOf(form.text), status: "in_progress", evidence: "Fictional: champions named in two schools." },
  });
  const { page, banner } = await landedOn(b, answer);
  assert.equal(banner, "The action's progress was saved");
  assert.doesNotMatch(page.text, /Your changes have been saved/);
});

test("a person's choice of alerts is said as such", async () => {
  const b = cookieClient(() => haven);
  await b.signIn("dsl");
  const form = await b.request("/account/alerts");
  const field = form.text.match(/name="([a-z_]+)" type="radio" value="digest"/)[1];
  const answer = await b.request("/account/alerts", { method: "POST", form: { csrf_token: b.csrfOf(form.text), [field]: "digest" } });
  const { page, banner } = await landedOn(b, answer);
  assert.equal(banner, "Your choice of alerts was saved");
  assert.doesNotMatch(page.text, /Your changes have been saved/);
});

test("ending another of one's sessions is said as such", async () => {
  const elsewhere = cookieClient(() => haven);
  await elsewhere.signIn("dsl");
  const b = cookieClient(() => haven);
  await b.signIn("dsl");
  const list = await b.request("/account/sessions");
  // the session that is not this one: its button says "End this session"
  const other = list.text.match(/action="\/account\/sessions\/(\d+)\/end">(?:(?!<\/form>)[\s\S])*End this session/)[1];
  const answer = await b.request(`/account/sessions/${other}/end`, { method: "POST", form: { csrf_token: b.csrfOf(list.text) } });
  const { banner } = await landedOn(b, answer);
  assert.equal(banner, "That session was signed out");
});
