// A form refused by its field checks before any handler runs comes back
// with everything the person chose still chosen: the option of a <select>,
// the radios, as well as the text typed (issue 16). The page is drawn again
// by the route's own form handler, which marks its options from the input
// that passed the checks.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";
import { demoEmail } from "../lib/api.mjs";

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

// A form with a list of boxes (a case audit's children and auditors) shown
// again keeps every entry typed, the refused ones too, in the order typed
// (a box left empty is no entry, so the rest close up), and each error is
// by its own box, the summary's link going to that box (GOV.UK: the href is
// the id of the input at fault).
describe("a form with a list of boxes shown again", () => {
  const boxValue = (html, id) => html.match(new RegExp(`id="${id}" name="[a-z]+" type="[a-z]+"[^>]* value="([^"]*)"`))?.[1];

  test("a case audit's refused child and auditor are kept, each error linked to its box", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const form = await b.request("/quality-assurance/case-audits/new");
    assert.equal(form.status, 200, form.text);
    const res = await b.request("/quality-assurance/case-audits", {
      method: "POST",
      form: [
        ["csrf_token", b.csrfOf(form.text)], ["title", "Neglect audit"], ["theme", ""],
        ["children", "1"], ["children", ""], ["children", "12a"], ["children", "2"],
        ["auditors", "not an email"], ["auditors", demoEmail("police")],
      ],
    });
    assert.equal(res.status, 422, res.text);
    assert.equal(boxValue(res.text, "children"), "1");
    assert.equal(boxValue(res.text, "children-2"), "12a", "the refused entry is kept where it was typed");
    assert.equal(boxValue(res.text, "children-3"), "2");
    assert.equal(boxValue(res.text, "children-4"), "");
    assert.equal(boxValue(res.text, "auditors"), "not an email");
    assert.equal(boxValue(res.text, "auditors-2"), demoEmail("police"));
    const summary = res.text.slice(res.text.indexOf("govuk-error-summary"), res.text.indexOf("</ul>", res.text.indexOf("govuk-error-summary")));
    assert.match(summary, /href="#children-2">A child&#39;s record number must be a whole number/);
    assert.match(summary, /href="#auditors">Enter an auditor&#39;s email in the correct format/);
    assert.match(res.text, /<p id="children-2-error" class="govuk-error-message">/);
    assert.match(res.text, /id="children-2" name="children"[^>]* aria-describedby="children-2-error"/);
    assert.doesNotMatch(res.text, /id="children-error"/, "the entry's error is said at its box, not again over the list");
  });

  test("a case audit's auditor who may not audit (found by the handler) is linked to its box", async () => {
    const b = cookieClient(() => haven);
    await b.signIn("partnership");
    const form = await b.request("/quality-assurance/case-audits/new");
    const res = await b.request("/quality-assurance/case-audits", {
      method: "POST",
      form: [
        ["csrf_token", b.csrfOf(form.text)], ["title", "Neglect audit"], ["theme", "Neglect"], ["findings_due_on-day", "31"], ["findings_due_on-month", "3"], ["findings_due_on-year", String(new Date().getUTCFullYear() + 1)],
        ["children", "1"], ["children", "999999"], ["auditors", demoEmail("police")], ["auditors", "nobody@demo.haven.example"],
      ],
    });
    assert.equal(res.status, 422, res.text);
    assert.equal(boxValue(res.text, "children-2"), "999999", "every number typed is still there");
    assert.equal(boxValue(res.text, "auditors-2"), "nobody@demo.haven.example");
    assert.match(res.text, /href="#auditors-2">nobody@demo.haven.example is not someone who can audit cases/);
    assert.match(res.text, /<p id="auditors-2-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:<\/span> nobody@demo.haven.example is not someone who can audit cases/);
  });
});

// A list of checkboxes and a list typed in a textarea come back too: the
// course form with its title left out keeps the priority areas ticked, the
// outcomes typed (one to a line) and the level chosen.
test("the course form keeps its priority areas ticked and its outcomes", async () => {
  const b = cookieClient(() => haven);
  await b.signIn("partnership");
  const form = await b.request("/training/courses/new");
  assert.equal(form.status, 200, form.text);
  const areas = [...form.text.matchAll(/name="areas" type="checkbox" value="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(areas.length >= 3, areas.join());
  assert.match(form.text, /id="areas" name="areas"/, "the first box has the field's id, for the summary's link");
  const nine = Array.from({ length: 9 }, (_, i) => `Outcome ${i + 1}`).join("\n");
  const sent = async (fields) =>
    b.request("/training/courses", {
      method: "POST",
      form: [["csrf_token", b.csrfOf(form.text)], ["description", "Fictional"], ["audience", "Everyone"], ["level", "advanced"],
        ["duration_minutes", "90"], ["open_to", "everyone"], ["areas", areas[0]], ["areas", areas[2]], ...fields],
    });
  for (const [why, res] of [
    ["refused by the field checks (no title)", await sent([["outcomes", "Spot neglect\nAct on it"]])],
    ["refused by the handler (nine outcomes)", await sent([["title", "Neglect"], ["outcomes", nine]])],
  ]) {
    assert.equal(res.status, 422, `${why}: ${res.text}`);
    const ticked = [...res.text.matchAll(/name="areas" type="checkbox" value="([^"]+)" checked/g)].map((m) => m[1]);
    assert.deepEqual(ticked, [areas[0], areas[2]], why);
    assert.match(res.text, /<option value="advanced" selected>/, why);
  }
  const noTitle = await sent([["outcomes", "Spot neglect\nAct on it"]]);
  assert.match(noTitle.text, /name="outcomes" rows="5"[^>]*>Spot neglect\nAct on it<\/textarea>/);
  const tooMany = await sent([["title", "Neglect"], ["outcomes", nine]]);
  assert.match(tooMany.text, /Enter at most 8 learning outcomes/);
  assert.ok(tooMany.text.includes(`>${nine}</textarea>`), "the outcomes typed, after the handler's error");
});
