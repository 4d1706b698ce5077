// The dashboard: where each person starts. Every link it shows them must
// open for them (no dead ends, no "you may not"), and each role finds its own
// work there: the police record incidents, a Key Adult has the Encompass inbox,
// an IDVA the Provide referrals, a practitioner the levels-of-need tool, a
// front door its queue, and the administrator nothing about children.
//
// Run: node --test tests/http/dashboard.test.mjs   (needs build/haven, or HAVEN_BIN)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHaven, demoAccountEmails } from "../lib/haven.mjs";

const PASSWORD = "demo-password-for-haven";
let haven;
const tokens = new Map(); // email -> bearer token

async function get(path, token) {
  const res = await fetch(haven.url + path, { headers: { authorization: `Bearer ${token}` }, redirect: "manual" });
  return { status: res.status, text: await res.text() };
}

/** The dashboard's "What you can do" links for `email`: [{ href, text }]. */
async function dashboardLinks(email) {
  const page = await get("/dashboard", tokens.get(email));
  assert.equal(page.status, 200, `GET /dashboard as ${email}`);
  const offered = page.text.split('<h2 class="govuk-heading-m">What you can do</h2>')[1] ?? "";
  return [...offered.matchAll(/<a class="govuk-link" href="([^"]+)">([^<]+)<\/a>/g)].map((m) => ({ href: m[1], text: m[2] }));
}

before(async () => {
  haven = await startHaven();
  for (const email of demoAccountEmails()) {
    const res = await fetch(haven.url + "/api/v1/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    assert.equal(res.status, 201, `sign in as ${email}`);
    tokens.set(email, (await res.json()).token);
  }
});

after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

test("every link on each demo user's dashboard opens for them", async () => {
  for (const email of demoAccountEmails()) {
    const links = await dashboardLinks(email);
    assert.ok(links.length >= 3, `${email} has something to do: ${JSON.stringify(links)}`);
    for (const { href, text } of links) {
      const res = await get(href, tokens.get(email));
      assert.equal(res.status, 200, `${email}: "${text}" (${href}) answers ${res.status}`);
    }
  }
});

test("each role finds its own work, and only its own", async () => {
  const hrefs = async (who) => (await dashboardLinks(`${who}@demo.haven.example`)).map((l) => l.href);
  const expectations = {
    police: { has: ["/incidents/new", "/incidents", "/incidents/unresolved", "/encompass/escalations"], not: ["/encompass", "/provide"] },
    dsl: { has: ["/encompass", "/levels-of-need", "/children"], not: ["/incidents/new", "/provide", "/requests-for-support/queue"] },
    idva: { has: ["/provide", "/provide/figures"], not: ["/encompass", "/incidents"] },
    practitioner: { has: ["/levels-of-need", "/requests-for-support", "/children/new"], not: ["/requests-for-support/queue", "/incidents"] },
    frontdoor: { has: ["/requests-for-support/queue", "/incidents/unresolved", "/encompass"], not: ["/incidents/new", "/provide"] },
    // the partnership team oversees; it is not offered a practitioner's child pages (it reaches a child from a merge)
    partnership: {
      has: ["/levels-of-need/framework", "/encompass/settings", "/provide/coverage", "/audit", "/children/merges"],
      not: ["/admin/users", "/children/new", "/children", "/levels-of-need"],
    },
    // the scrutineer reads every area's figures suppressed on /scrutiny, never the areas' own exact pages
    scrutineer: {
      has: ["/scrutiny", "/challenges"],
      not: ["/children", "/levels-of-need", "/provide", "/encompass/figures", "/provide/figures", "/reviews/summary", "/training/summary", "/neglect/figures", "/missing-episodes/figures"],
    },
    admin: { has: ["/admin/users", "/settings"], not: ["/children", "/levels-of-need", "/incidents", "/encompass", "/provide"] },
  };
  for (const [who, { has, not }] of Object.entries(expectations)) {
    const offered = await hrefs(who);
    for (const h of has) assert.ok(offered.includes(h), `${who} is offered ${h}: ${offered.join(" ")}`);
    for (const h of not) assert.ok(!offered.includes(h), `${who} is not offered ${h}`);
  }
});
