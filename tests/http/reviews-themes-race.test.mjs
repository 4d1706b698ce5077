// Review themes added or renamed at the same instant (src/areas/reviews/area.c,
// store_sqlite.c): names that only look alike ("CSE" and "СЅЕ" in Cyrillic)
// are one theme however many arrive together. The look-alike check and the
// write are one unit of work, and each theme's look is kept in a column with
// a UNIQUE index (migration 0213), so of many look-alike names sent at once
// exactly one is added and every other is the same 422 on `name` as one sent
// alone, never a 500 and never a second theme; on both stores.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { apiClient, errorFields, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const { call, post, request, token } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query).trim();

before(async () => {
  haven = await startHaven();
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
});

/*
 * Names that look alike, each with a slug of its own (so the slug's UNIQUE
 * index cannot be what refuses them): the Latin name, and Cyrillic ones
 * (wholly in another script: their slugs are transliterations, numbered
 * when two spell alike) with punctuation that shows as a space or nothing.
 */
const LOOK_ALIKES = [
  ["CSE", "\u0421\u0405\u0415", "\u0421\u0405\u0415!", "(\u0421\u0405\u0415)", "\u0421\u0405\u0415.", "\u0421\u0405\u0415?", "\u00a1\u0421\u0405\u0415", "\u0421\u0405\u0415 -"],
  ["POET", "\u0420\u041e\u0415\u0422", "\u0420\u041e\u0415\u0422!", "(\u0420\u041e\u0415\u0422)", "\u0420\u041e\u0415\u0422.", "\u0420\u041e\u0415\u0422?", "\u00a1\u0420\u041e\u0415\u0422", "\u0420\u041e\u0415\u0422 -"],
  ["TAXES", "\u0422\u0410\u0425\u0415\u0405", "\u0422\u0410\u0425\u0415\u0405!", "(\u0422\u0410\u0425\u0415\u0405)", "\u0422\u0410\u0425\u0415\u0405.", "\u0422\u0410\u0425\u0415\u0405?", "\u00a1\u0422\u0410\u0425\u0415\u0405", "\u0422\u0410\u0425\u0415\u0405 -"],
];

/** A form posted to a page as `who` (a bearer token: no CSRF token needed). */
async function postForm(who, path, form) {
  const res = await request(path, { token: await token(who), method: "POST", form });
  return { status: res.status, text: await res.text() };
}

/** Half by the API (200 with the list), half by the page (303 to the list). */
function send(path, names) {
  return Promise.all(
    names.map((name, i) =>
      i % 2 ? postForm("partnership", path(i), { name }) : post("partnership", path(i), { name }),
    ),
  );
}

function assertOneWon(answers, names) {
  const won = answers.filter((a) => a.status === 200 || a.status === 303);
  assert.equal(won.length, 1, `exactly one of ${names.join(", ")} is taken: ${answers.map((a) => a.status)}`);
  answers.forEach((a, i) => {
    if (a === won[0]) return;
    assert.equal(a.status, 422, `${names[i]}: ${a.text}`);
    if (a.body) {
      assert.deepEqual(errorFields(a.body), ["name"], names[i]);
      assert.match(a.body.errors[0].detail, /There is already a theme with this name/, names[i]);
    } else {
      assert.match(a.text, /govuk-error-summary[\s\S]*href="#name"[\s\S]*There is already a theme with this name/);
    }
  });
  return names[answers.indexOf(won[0])];
}

describe("look-alike names sent at the same instant", () => {
  test("added together: exactly one theme, every other a 422 on name", async () => {
    for (const names of LOOK_ALIKES) {
      const before = Number(sql("SELECT count(*) FROM review_themes"));
      const answers = await send(() => "/reviews/themes", names);
      assertOneWon(answers, names);
      assert.equal(Number(sql("SELECT count(*) FROM review_themes")), before + 1, `one of ${names[0]}'s look-alikes added`);
    }
  });

  test("renamed together to look-alikes: exactly one is renamed, the rest keep their names", async () => {
    const names = ["B\u0415\u0422", "\u0412\u0415\u0422", "\u0412\u0415\u0422!", "(\u0412\u0415\u0422)", "\u0412\u0415\u0422.", "\u0412\u0415\u0422?"];
    // six themes of different names, each then renamed at once to one of the look-alikes
    const before = names.map((_, i) => `Theme to rename ${"abcdef"[i]}`);
    const ids = [];
    for (const name of before) {
      const res = await post("partnership", "/api/v1/reviews/themes", { name });
      assert.equal(res.status, 200, res.text);
      ids.push(res.body.themes.find((t) => t.name === name).id);
    }
    const answers = await send((i) => `/reviews/themes/${ids[i]}`, names);
    const winner = assertOneWon(answers, names);
    const themes = (await call("partnership", "/api/v1/reviews/themes")).body.themes;
    const renamed = themes.filter((t) => ids.includes(t.id) && !before.includes(t.name));
    assert.deepEqual(renamed.map((t) => t.name), [winner]);
  });
});
