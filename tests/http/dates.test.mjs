// Dates typed by people (issue 16, point 9): every form asks for a date with
// the GOV.UK date input, three boxes for the day, month and year, read as
// one date field; a date left incomplete or not real is refused with
// GOV.UK's message naming the field, the boxes at fault marked and the
// summary linking to the first of them, and nothing is saved. The API
// still takes and gives YYYY-MM-DD.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, plusDays, sqlText } from "../lib/api.mjs";
import { cookieClient } from "../lib/cookies.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { post } = apiClient(() => haven);
const count = (table) => Number(sqlText(haven.dbPath, `SELECT count(*) FROM ${table}`));

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

const boxes = (name, iso) => {
  const [year, month, day] = iso.split("-");
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
};

describe("a date typed in the GOV.UK date input", () => {
  let b, csrf;
  before(async () => {
    b = cookieClient(() => haven);
    await b.signIn("scrutineer");
  });
  const form = async () => {
    const page = await b.request("/challenges/new");
    assert.equal(page.status, 200, page.text);
    csrf = b.csrfOf(page.text);
    return page.text;
  };
  const raise = (fields) =>
    b.request("/challenges", {
      method: "POST",
      form: { csrf_token: csrf, subject: "Fictional subject", detail: "Fictional detail", owner: "brookfield-primary", ...fields },
    });

  test("the form asks for the day, month and year in three boxes, the day box carrying the field's id", async () => {
    const html = await form();
    assert.match(html, /<div class="govuk-date-input" id="respond_by-input">/);
    assert.match(html, /<input [^>]*id="respond_by" name="respond_by-day" type="text" inputmode="numeric"/);
    assert.match(html, /id="respond_by-month" name="respond_by-month"/);
    assert.match(html, /id="respond_by-year" name="respond_by-year"/);
    assert.doesNotMatch(html, /name="respond_by"/);
  });

  test("a day, month and year posted make the date the record keeps", async () => {
    await form();
    const due = plusDays(21);
    const before = count("scrutiny_challenges");
    const res = await raise(boxes("respond_by", due));
    assert.equal(res.status, 303, res.text);
    assert.equal(count("scrutiny_challenges"), before + 1);
    const id = res.location.match(/\/challenges\/(\d+)/)[1];
    assert.equal(sqlText(haven.dbPath, `SELECT respond_by FROM scrutiny_challenges WHERE id = ${id}`), due);
  });

  test("a missing month is named, its box marked and linked to, the rest kept, and nothing saved", async () => {
    await form();
    const before = count("scrutiny_challenges");
    const res = await raise({ "respond_by-day": "3", "respond_by-month": "", "respond_by-year": "2027" });
    assert.equal(res.status, 422, res.text);
    assert.equal(count("scrutiny_challenges"), before);
    assert.match(res.text, /<a href="#respond_by-month">The date to respond by must include a month<\/a>/);
    assert.match(res.text, /id="respond_by-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:<\/span> The date to respond by must include a month/);
    assert.match(res.text, /govuk-input--width-2 govuk-input--error" id="respond_by-month"/);
    assert.match(res.text, /govuk-input--width-2" id="respond_by" name="respond_by-day"[^>]*value="3"/, "the day typed is kept, not marked");
    assert.match(res.text, /id="respond_by-year"[^>]*value="2027"/);
    assert.match(res.text, /<option value="brookfield-primary" selected>/);
  });

  test("a date that is not real is refused as such; one left empty is asked for", async () => {
    await form();
    let res = await raise(boxes("respond_by", "2027-02-31"));
    assert.equal(res.status, 422, res.text);
    assert.match(res.text, /<a href="#respond_by">The date to respond by must be a real date<\/a>/);
    res = await raise({ "respond_by-day": "", "respond_by-month": "", "respond_by-year": "" });
    assert.equal(res.status, 422, res.text);
    assert.match(res.text, /<a href="#respond_by">Enter the date to respond by<\/a>/);
    assert.match(res.text, /govuk-input--width-4 govuk-input--error" id="respond_by-year"/);
  });

  test("a handler's own error on the date marks every box and links to the day", async () => {
    await form();
    const res = await raise(boxes("respond_by", "2020-01-01"));
    assert.equal(res.status, 422, res.text);
    assert.match(res.text, /<a href="#respond_by">/);
    for (const box of ["respond_by\" name=\"respond_by-day", "respond_by-month", "respond_by-year"])
      assert.match(res.text, new RegExp(`govuk-input--error" id="${box}`));
  });

  test("the API still takes the date as YYYY-MM-DD, and refuses the boxes", async () => {
    const due = plusDays(30);
    const ok = await post("scrutineer", "/api/v1/challenges", { subject: "Fictional API", detail: "Fictional", owner: "brookfield-primary", respond_by: due });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.respond_by, due);
    const bad = await post("scrutineer", "/api/v1/challenges", { subject: "Fictional API", detail: "Fictional", owner: "brookfield-primary", "respond_by-day": "3" });
    assert.equal(bad.status, 422, bad.text);
  });
});
