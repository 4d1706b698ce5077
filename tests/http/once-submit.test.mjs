// One submission, one save (docs/architecture.md "One submission, one save"): a form tapped twice, or
// resent by the browser after a dropped connection, reaches the server twice with the same submission
// token (every page's forms carry one); an API client that times out retries with the same
// Idempotency-Key. The first that makes its change is saved, and the second is answered as the first
// was without saving again: a form with the 303 to the same record ("This was saved already"), the API
// with the same status and Location and the record's id (not the record: it is read at its Location). A
// first answer that was an error, or changed nothing (a search), or signed in, is not kept, so the
// corrected form sent with the same token saves; another person's same key is not theirs; the same API key with other fields is refused 422; another form on the same page (it
// shares the page's token) is its own submission; a key that is not 1 to 255 printable ASCII characters
// is refused 400 naming the header; without a key, as before.
// Kept answers go after 24 hours (`haven retention`).
//
// Run: HAVEN_BIN=build/haven node --test tests/http/once-submit.test.mjs

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_PASSWORD, apiClient, plusDays, sqlText } from "../lib/api.mjs";
import { checkPage } from "../lib/check.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { runHaven, startHaven } from "../lib/haven.mjs";

let haven;
before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});
const sql = (query) => sqlText(haven.dbPath, query).trim();
const { call, post } = apiClient(() => haven);
/** How many case notes (their first version) say `body`. */
const notesSaying = (body) => Number(sql(`SELECT count(*) FROM case_note_versions WHERE body = '${body}'`));

const yesterday = plusDays(-1);
const noteForm = (body) => {
  const [year, month, day] = yesterday.split("-");
  return [["happened_on-day", day], ["happened_on-month", month], ["happened_on-year", year], ["category", "contact"],
    ["visibility", "own_agency"], ["body", body]];
};
const submissionOf = (html) => html.match(/name="submission" value="([^"]+)"/)[1];
const bannerOf = (html) => html.match(/govuk-notification-banner__heading">\s*([^<]*?)\s*</)?.[1];

/** A signed-in browser on the new-note form of child 1: its client and the form's two tokens. */
async function onNoteForm(who = "dsl") {
  const b = cookieClient(() => haven);
  await b.signIn(who);
  const form = await b.request("/children/1/notes/new");
  assert.equal(form.status, 200, form.text.slice(0, 300));
  return { b, csrf: b.csrfOf(form.text), submission: submissionOf(form.text) };
}
const send = (b, csrf, submission, fields) =>
  b.request("/children/1/notes", { method: "POST", form: [["csrf_token", csrf], ["submission", submission], ...fields] });

describe("a form sent twice saves once", () => {
  test("every page's form carries a fresh submission token", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("dsl");
    const one = submissionOf((await b.request("/children/1/notes/new")).text);
    const two = submissionOf((await b.request("/children/1/notes/new")).text);
    assert.match(one, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(one, two);
  });

  test("the second of two taps is the 303 to the same note, and one note is saved", async () => {
    const { b, csrf, submission } = await onNoteForm();
    const body = "Fictional note: tapped twice on a phone.";
    const first = await send(b, csrf, submission, noteForm(body));
    assert.equal(first.status, 303, first.text);
    const second = await send(b, csrf, submission, noteForm(body));
    assert.equal(second.status, 303, second.text);
    assert.equal(second.location, first.location);
    assert.equal(notesSaying(body), 1);
    const page = await b.request(second.location);
    assert.equal(bannerOf(page.text), "This was saved already");
  });

  test("two sent at once save one, and both lead to it", async () => {
    const { b, csrf, submission } = await onNoteForm();
    const body = "Fictional note: the browser resent it at once.";
    const [one, two] = await Promise.all([send(b, csrf, submission, noteForm(body)), send(b, csrf, submission, noteForm(body))]);
    assert.deepEqual([one.status, two.status], [303, 303], one.text + two.text);
    assert.equal(one.location, two.location);
    assert.equal(notesSaying(body), 1);
  });

  test("a form refused (422) and sent again corrected with the same token saves", async () => {
    const { b, csrf, submission } = await onNoteForm();
    const refused = await send(b, csrf, submission, noteForm("").filter(([name]) => name !== "category"));
    assert.equal(refused.status, 422, refused.text.slice(0, 300));
    const body = "Fictional note: corrected after the error.";
    const corrected = await send(b, csrf, submission, noteForm(body));
    assert.equal(corrected.status, 303, corrected.text);
    assert.equal(notesSaying(body), 1);
  });

  test("two forms of one page share its token: each saves once, by what it sent", async () => {
    const { b, csrf, submission } = await onNoteForm();
    const one = "Fictional note: the Save of the first row.";
    const two = "Fictional note: the Save of the second row.";
    const first = await send(b, csrf, submission, noteForm(one));
    const second = await send(b, csrf, submission, noteForm(two));
    assert.equal(first.status, 303, first.text);
    assert.equal(second.status, 303, second.text);
    assert.notEqual(second.location, first.location);
    const again = await send(b, csrf, submission, noteForm(two));
    assert.equal(again.location, second.location);
    assert.deepEqual([notesSaying(one), notesSaying(two)], [1, 1]);
  });

  test("without its submission token a form is saved each time, as before", async () => {
    const { b, csrf } = await onNoteForm();
    const body = "Fictional note: sent twice with no token.";
    for (let i = 0; i < 2; i++) {
      const res = await b.request("/children/1/notes", { method: "POST", form: [["csrf_token", csrf], ...noteForm(body)] });
      assert.equal(res.status, 303, res.text);
    }
    assert.equal(notesSaying(body), 2);
  });
});

describe("a check-your-answers page carries the form's token to its final post", () => {
  test("the place cancelled from the check page, sent twice, is cancelled once and both lead on", async () => {
    const course = await post("partnership", "/api/v1/training/courses", {
      title: "Once course", description: "For the tests", areas: ["neglect"], audience: "Everyone",
      level: "introductory", duration_minutes: 60, outcomes: ["One"], open_to: "everyone",
    });
    assert.equal(course.status, 201, course.text);
    const session = await post("partnership", `/api/v1/training/courses/${course.body.id}/sessions`, {
      date: plusDays(40), starts: "09:30", ends: "10:30", mode: "venue", venue: "Town Hall", capacity: 5, trainer: "Jo Trainer",
    });
    assert.equal(session.status, 201, session.text);
    const id = session.body.id;
    assert.equal((await post("practitioner", `/api/v1/training/sessions/${id}/book`)).status, 201);
    // (a bearer token stands in for the session cookie and its CSRF token, as in check-answers.test.mjs)
    const send = (fields) => call("practitioner", `/training/sessions/${id}/cancel`, { method: "POST", form: fields });
    const shown = await send({ submission: "cancel-form-token" });
    assert.equal(shown.status, 200, shown.text);
    const check = checkPage(shown.text);
    assert.equal(check.submission, "cancel-form-token");
    const confirm = { ...check.fields, submission: check.submission, check_confirm: check.signature };
    const first = await send(confirm);
    assert.equal(first.status, 303, first.text);
    const second = await send(confirm);
    assert.equal(second.status, 303, second.text); // not 409 "You have no place on this session to cancel"
    assert.equal(second.headers.get("location"), first.headers.get("location"));
  });
});

describe("an API create retried with the same Idempotency-Key saves once", () => {
  const NOTE = { happened_on: yesterday, category: "concern", visibility: "linked_agencies" };
  const add = (who, body, key) =>
    call(who, "/api/v1/children/1/notes", { method: "POST", json: { ...NOTE, body }, headers: key === undefined ? {} : { "idempotency-key": key } });

  test("the retry gets the same status (and Location) with the record's id, not the record, and one note is saved", async () => {
    const body = "Fictional note: the client timed out and retried.";
    const first = await add("dsl", body, "retry-0001");
    assert.equal(first.status, 201, first.text);
    const second = await add("dsl", body, "retry-0001");
    assert.equal(second.status, 201, second.text);
    assert.equal(second.headers.get("location"), first.headers.get("location"));
    assert.match(second.headers.get("content-type"), /^application\/json/);
    assert.equal(second.body.id, first.body.id);
    assert.ok(!second.text.includes(body), second.text); // the note's words are read at its Location, audited
    assert.equal(notesSaying(body), 1);
    // nothing of the note is kept beside its key
    assert.equal(Number(sql("SELECT count(*) FROM submissions WHERE body LIKE '%client timed out%'")), 0);
  });

  test("the same key sent with other fields is refused 422 naming the header, and the second is not lost silently", async () => {
    const first = await add("dsl", "Fictional note: the first of two with one key.", "reused-key-1");
    assert.equal(first.status, 201, first.text);
    const other = await add("dsl", "Fictional note: another note, the same key by mistake.", "reused-key-1");
    assert.equal(other.status, 422, other.text);
    assert.ok(other.body.errors.some((e) => e.field === "Idempotency-Key"), other.text);
    assert.equal(notesSaying("Fictional note: another note, the same key by mistake."), 0);
    assert.equal(notesSaying("Fictional note: the first of two with one key."), 1);
  });

  test("a search sent by POST is not kept: the same key runs it again, and after a move shows only what the person may now see", async () => {
    const id = Number(sql("SELECT id FROM users WHERE email = 'frontdoor2@demo.haven.example'"));
    const search = () => call("frontdoor2", "/api/v1/children/search", { method: "POST", json: { name: "a" }, headers: { "idempotency-key": "search-1" } });
    const kept = Number(sql("SELECT count(*) FROM submissions"));
    const before = await search();
    assert.equal(before.status, 200, before.text);
    const seen = JSON.stringify(before.body);
    assert.ok(seen.includes("date_of_birth"), seen.slice(0, 300));
    assert.equal(Number(sql("SELECT count(*) FROM submissions")), kept);
    const moved = await call("admin", `/api/v1/users/${id}`, { method: "PATCH", json: { agency: "bwd-council", reason: "Moved to Blackburn for the test" } });
    assert.equal(moved.status, 200, moved.text);
    const after = await search();
    assert.equal(after.status, 200, after.text);
    assert.notEqual(JSON.stringify(after.body), seen);
  });

  test("a signed-in client's sign-in sent with a key is not kept: no token is stored, and each gets its own", async () => {
    const send = () => call("practitioner", "/api/v1/session", {
      method: "POST", json: { email: "practitioner@demo.haven.example", password: DEMO_PASSWORD }, headers: { "idempotency-key": "sign-in-1" },
    });
    const one = await send();
    const two = await send();
    assert.equal(one.status, 201, one.text);
    assert.equal(two.status, 201, two.text);
    assert.notEqual(one.body.token, two.body.token);
    assert.equal(Number(sql(`SELECT count(*) FROM submissions WHERE body LIKE '%${one.body.token}%'`)), 0);
  });

  test("a 204 is kept: a session ended twice with one key is 204 both times", async () => {
    const fresh = await call("dsl", "/api/v1/session", { method: "POST", json: { email: "dsl@demo.haven.example", password: DEMO_PASSWORD } });
    assert.equal(fresh.status, 201, fresh.text);
    const sessionId = Number(sql(`SELECT max(id) FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = 'dsl@demo.haven.example')`));
    const end = () => call("dsl", `/api/v1/sessions/${sessionId}`, { method: "DELETE", headers: { "idempotency-key": "end-it-1" } });
    const one = await end();
    assert.equal(one.status, 204, one.text);
    const two = await end();
    assert.equal(two.status, 204, two.text);
  });

  test("another person's same key is not theirs: it saves", async () => {
    const body = "Fictional note: two people, one key.";
    const dsl = await add("dsl", body, "shared-key-7");
    const practitioner = await add("practitioner", body, "shared-key-7");
    assert.equal(dsl.status, 201, dsl.text);
    assert.equal(practitioner.status, 201, practitioner.text);
    assert.notEqual(practitioner.body.id, dsl.body.id);
    assert.equal(notesSaying(body), 2);
  });

  test("a refused request is not kept: the corrected one with the same key saves", async () => {
    const refused = await call("dsl", "/api/v1/children/1/notes", { method: "POST", json: { ...NOTE }, headers: { "idempotency-key": "fix-me" } });
    assert.equal(refused.status, 422, refused.text);
    const body = "Fictional note: sent again with its body.";
    const fixed = await add("dsl", body, "fix-me");
    assert.equal(fixed.status, 201, fixed.text);
    assert.equal(notesSaying(body), 1);
  });

  test("a key that is not 1 to 255 printable ASCII characters is refused, naming the header", async () => {
    for (const key of ["k".repeat(256), "caf\u00e9"]) {
      const res = await add("dsl", "Fictional note: never saved.", key);
      assert.equal(res.status, 400, res.text);
      assert.match(res.headers.get("content-type"), /^application\/problem\+json/);
      assert.ok(res.body.errors.some((e) => e.field === "Idempotency-Key"), res.text);
    }
    assert.equal(notesSaying("Fictional note: never saved."), 0);
  });

  test("without a key each request is saved, as before", async () => {
    const body = "Fictional note: no key, sent twice.";
    assert.equal((await add("dsl", body)).status, 201);
    assert.equal((await add("dsl", body)).status, 201);
    assert.equal(notesSaying(body), 2);
  });

  test("kept answers go after 24 hours, and never hold the key", async () => {
    assert.equal(Number(sql("SELECT count(*) FROM submissions WHERE body LIKE '%retry-0001%' OR location LIKE '%retry-0001%'")), 0);
    const kept = Number(sql("SELECT count(*) FROM submissions"));
    assert.ok(kept >= 6, `${kept} answers kept`);
    sql(`UPDATE submissions SET created_at = created_at - 86401 WHERE id = (SELECT min(id) FROM submissions)`);
    const r = runHaven(["retention", "--db", haven.dbPath]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /submissions\D*1\b/);
    assert.equal(Number(sql("SELECT count(*) FROM submissions")), kept - 1);
  });
});
