// A form refused by its field checks before any handler runs comes back
// with everything the person chose still chosen: the option of a <select>,
// the radios, as well as the text typed (issue 16). The page is drawn again
// by the route's own form handler, which marks its options from the input
// that passed the checks.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

describe("a form shown again after its fields are refused", () => {
  test("the challenge form keeps the agency chosen in its select", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("scrutineer");
    const form = await b.request("/challenges/new");
    assert.equal(form.status, 200, form.text);
    assert.doesNotMatch(form.text, /<option value="brookfield-primary" selected/);
    // no subject: refused by the field checks, before the handler
    const res = await b.request("/challenges", {
      method: "POST",
      form: { csrf_token: b.csrfOf(form.text), subject: "", detail: "Fictional detail", owner: "brookfield-primary" },
    });
    assert.equal(res.status, 422, res.text);
    assert.match(res.text, /Enter the subject|subject/i);
    assert.match(res.text, /<option value="brookfield-primary" selected>/);
    assert.match(res.text, />Fictional detail</, "the text typed is kept too");
  });

  test("the case note form keeps both radios chosen", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("dsl");
    const form = await b.request("/children/1/notes/new");
    assert.equal(form.status, 200, form.text);
    assert.doesNotMatch(form.text, /value="visit" checked/);
    // no note text: refused by the field checks
    const res = await b.request("/children/1/notes", {
      method: "POST",
      form: { csrf_token: b.csrfOf(form.text), category: "visit", visibility: "linked_agencies", body: "" },
    });
    assert.equal(res.status, 422, res.text);
    assert.match(res.text, /Enter the note/);
    assert.match(res.text, /name="category" type="radio" value="visit" checked/);
    assert.match(res.text, /name="visibility" type="radio" value="linked_agencies" checked/);
    assert.doesNotMatch(res.text, /value="own_agency" checked/);
  });
});
