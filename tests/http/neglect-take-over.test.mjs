// A neglect assessment draft whose author no longer acts for the agency that began it (moved to another
// agency, or their account disabled, as the leavers' job does) is not stranded: every assessor there is
// offered it to take over, and one who does becomes its author, audited, and may finish it. While the
// author still acts for the agency the draft stays theirs alone; another agency never takes one.
//
// Alex (child 1) is linked to the hospital (demo-teaching-hospitals) and to the dsl's school.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { apiClient, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { REPO_ROOT, runHaven, startHaven } from "../lib/haven.mjs";

const DEMO = JSON.parse(readFileSync(path.join(REPO_ROOT, "src/areas/neglect/data/tool-demo.json"), "utf8"));
const SUBS = DEMO.areas.flatMap((a) => a.sub_areas.map((s) => s.id));
const ALEX = 1;
const AUTHOR = "takeover.author@example.org";
const LEAVER = "takeover.leaver@example.org";
const COLLEAGUE = "takeover.colleague@example.org";
const PASSWORD = "quiet harbour lantern seventeen";

let haven;
const { call, post } = apiClient(() => haven, {
  passwords: { [AUTHOR]: PASSWORD, [LEAVER]: PASSWORD, [COLLEAGUE]: PASSWORD },
  timeoutMs: 30_000,
});
const sql = (query) => sqlText(haven.dbPath, query);
const userId = (email) => Number(sql(`SELECT id FROM users WHERE email = '${email}';`));
let moved, disabled;

/* The take-over tasks waiting for `who`, by record. */
const takeOvers = async (who) => {
  const res = await call(who, "/api/v1/tasks");
  assert.equal(res.status, 200, res.text);
  return res.body.tasks.filter((t) => t.kind === "neglect.take_over").map((t) => t.record_id).sort((a, b) => a - b);
};

before(async () => {
  haven = await startHaven();
  for (const [email, name] of [[AUTHOR, "Ada Author"], [LEAVER, "Lee Leaver"], [COLLEAGUE, "Cal Colleague"]]) {
    const r = runHaven(["user", "add", "--db", haven.dbPath, "--email", email, "--name", name, "--agency",
      "demo-teaching-hospitals", "--role", "practitioner"], { input: `${PASSWORD}\n` });
    assert.equal(r.status, 0, r.stderr);
  }
  let r = await post(AUTHOR, `/api/v1/neglect/children/${ALEX}/assessments`, { age_band: "5-11", summary: "Begun at the first visit" });
  assert.equal(r.status, 201, r.text);
  moved = r.body.id;
  r = await post(LEAVER, `/api/v1/neglect/children/${ALEX}/assessments`, { age_band: "5-11" });
  assert.equal(r.status, 201, r.text);
  disabled = r.body.id;
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

test("while its author acts for the agency, a draft is theirs alone", async () => {
  assert.deepEqual(await takeOvers(COLLEAGUE), []);
  const shown = await call(COLLEAGUE, `/api/v1/neglect/assessments/${moved}`);
  assert.equal(shown.status, 200, shown.text);
  assert.equal(shown.body.assessment.author_left, false);
  assert.equal(shown.body.can_take_over, false);
  const r = await post(COLLEAGUE, `/api/v1/neglect/assessments/${moved}/take-over`);
  assert.equal(r.status, 409, r.text);
  assert.match(r.text, /still works for your agency/);
  assert.equal(Number(sql(`SELECT user_id FROM neglect_assessments WHERE id = ${moved};`)), userId(AUTHOR), "nothing changed");
});

test("an author moved or disabled: a colleague is offered the draft, takes it over (audited) and finishes it", async () => {
  let r = await call("admin", `/api/v1/users/${userId(AUTHOR)}`, { method: "PATCH", json: { agency: "lancashire-county-council", reason: "Moved to Lancashire." } });
  assert.equal(r.status, 200, r.text);
  r = await post("admin", `/api/v1/users/${userId(LEAVER)}/disable`, { reason: "Left the trust" });
  assert.equal(r.status, 200, r.text);

  assert.deepEqual(await takeOvers(COLLEAGUE), [moved, disabled], "both drafts wait for the agency's assessors");
  assert.deepEqual(await takeOvers("practitioner"), [moved, disabled]);
  assert.deepEqual(await takeOvers("dsl"), [], "not another agency's");
  assert.deepEqual(await takeOvers(AUTHOR), [], "nor the author's, elsewhere now");

  const page = await call(COLLEAGUE, `/neglect/assessments/${moved}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Take over the draft/);
  // another agency is not told the draft exists; the moved author may not open it
  assert.equal((await post("dsl", `/api/v1/neglect/assessments/${moved}/take-over`)).status, 404);
  assert.equal((await post(AUTHOR, `/api/v1/neglect/assessments/${moved}/take-over`)).status, 404);

  r = await post(COLLEAGUE, `/api/v1/neglect/assessments/${moved}/take-over`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user_name, "Cal Colleague");
  assert.equal(r.body.summary, "Begun at the first visit", "the draft as it was");
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'neglect.take_over' AND resource_id = '${moved}';`), "1");
  assert.deepEqual(await takeOvers("practitioner"), [disabled], "taken: offered to nobody else");
  const mine = (await call(COLLEAGUE, "/api/v1/tasks")).body.tasks.filter((t) => t.record_id === moved).map((t) => t.kind);
  assert.deepEqual(mine, ["neglect.finish"], "theirs to finish now");
  r = await post("practitioner", `/api/v1/neglect/assessments/${moved}/take-over`);
  assert.equal(r.status, 409, "its author acts for the agency now");
  r = await post(COLLEAGUE, `/api/v1/neglect/assessments/${moved}/take-over`);
  assert.equal(r.status, 409, "its author asks again");
  assert.match(r.text, /already yours/);

  r = await post(COLLEAGUE, `/api/v1/neglect/assessments/${moved}`, {
    age_band: "5-11",
    finish: true,
    grades: Object.fromEntries(SUBS.map((id) => [id, { grade: 2, evidence: `Seen at the home visit: ${id}` }])),
    summary: "Needs mostly met",
    assessed_on: "2026-06-01",
    review_on: "2026-09-01",
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, "finished");
  r = await post("practitioner", `/api/v1/neglect/assessments/${moved}/take-over`);
  assert.equal(r.status, 409);
  assert.match(r.text, /already finished/);

  // the disabled author's draft, taken over from its page in a browser
  const browser = cookieClient(() => haven);
  await browser.signIn("practitioner");
  const shown = await browser.request(`/neglect/assessments/${disabled}`);
  assert.match(shown.text, /Take over the draft/);
  const taken = await browser.request(`/neglect/assessments/${disabled}/take-over`, { method: "POST", form: { csrf_token: browser.csrfOf(shown.text) } });
  assert.equal(taken.status, 303, taken.text);
  assert.equal(taken.location, `/neglect/assessments/${disabled}`);
  const back = await browser.request(taken.location);
  assert.match(back.text, /You have taken over the draft/);
  assert.match(back.text, /Continue the assessment/);
  assert.equal(Number(sql(`SELECT user_id FROM neglect_assessments WHERE id = ${disabled};`)), userId("practitioner@demo.haven.example"));
  assert.deepEqual(await takeOvers(COLLEAGUE), []);
  // the form sent again (a second tab): the page again, saying why, its error summary leading to the error
  const refused = await browser.request(`/neglect/assessments/${disabled}/take-over`, { method: "POST", form: { csrf_token: browser.csrfOf(shown.text) } });
  assert.equal(refused.status, 409, refused.text);
  assert.match(refused.text, /This draft is already yours/);
  assert.match(refused.text, /href="#take_over"/, "the error summary links to the error");
  assert.match(refused.text, /<p id="take_over" class="govuk-error-message">/, "and what it links to is on the page");
});
