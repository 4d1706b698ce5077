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
  assert.match(header, /Signed in as [^<]+, Brookfield Primary School/);
  const between = res.text.split("</header>")[1].split('<main')[0];
  assert.doesNotMatch(between, /govuk-phase-banner|Signed in as/);
});
