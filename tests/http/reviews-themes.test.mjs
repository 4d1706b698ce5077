// The partnership's review themes addressed by their number, and renamed
// (src/areas/reviews/area.c). A theme's name is typed by the partnership and
// published in the annual report; its slug is made from that name. A badly
// named theme (one naming a child, a family or a place) must not put those
// words into URLs (access logs, browser history, proxies), and must be
// correctable: so every path to a theme is by its id, the old slug paths are
// gone (404), and whoever manages themes may rename one, page and API,
// audited, with the same rules as adding (a bad or taken name is a 422 on
// `name` and changes nothing), the cases tagged with it keeping it.

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

const BAD_NAME = "Baby Harper Jones cot death";
const GOOD_NAME = "Sudden unexpected death in infancy";

/** The theme called `name` in the partnership's list, or undefined. */
async function themeNamed(name) {
  const res = await call("partnership", "/api/v1/reviews/themes");
  assert.equal(res.status, 200, res.text);
  return res.body.themes.find((t) => t.name === name);
}

/** A form posted to a page as `who` (a bearer token: no CSRF token needed). */
async function postForm(who, path, form) {
  const res = await request(path, { token: await token(who), method: "POST", form });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

let badId, caseId;

describe("a theme in URLs is its number", () => {
  test("the themes page links and posts to each theme by its id, never its slug", async () => {
    const res = await post("partnership", "/api/v1/reviews/themes", { name: BAD_NAME });
    assert.equal(res.status, 200, res.text);
    const theme = await themeNamed(BAD_NAME);
    assert.ok(Number.isInteger(theme.id), "a theme has an id");
    badId = theme.id;

    const page = await call("partnership", "/reviews/themes");
    assert.equal(page.status, 200);
    const urls = [...page.text.matchAll(/(?:href|action)="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(urls.includes(`/reviews/themes/${badId}`), "a link to rename the theme");
    assert.ok(urls.includes(`/reviews/themes/${badId}/retire`), "a form to retire the theme");
    for (const url of urls) assert.doesNotMatch(url, /harper|jones|cot-death|neglect/i, `no typed words in ${url}`);
  });

  test("retiring and bringing back by id; the old slug path is gone; an unknown id is 404", async () => {
    let res = await post("partnership", `/api/v1/reviews/themes/${badId}/retire`, {});
    assert.equal(res.status, 200, res.text);
    assert.equal((await themeNamed(BAD_NAME)).retired, 1);
    res = await post("partnership", `/api/v1/reviews/themes/${badId}/retire`, { retired: false });
    assert.equal(res.status, 200, res.text);
    assert.equal((await themeNamed(BAD_NAME)).retired, 0);

    res = await post("partnership", "/api/v1/reviews/themes/baby-harper-jones-cot-death/retire", {});
    assert.equal(res.status, 404, "a slug path is no longer a route");
    assert.equal((await themeNamed(BAD_NAME)).retired, 0);
    assert.equal((await post("partnership", "/api/v1/reviews/themes/999999/retire", {})).status, 404);
    assert.equal((await call("partnership", "/api/v1/reviews/themes/999999")).status, 404);
  });
});

describe("renaming a theme", () => {
  test("a case tagged with the badly named theme", async () => {
    const res = await post("partnership", "/api/v1/reviews", {
      child_pseudonym: "Child T",
      la: "blackburn-with-darwen",
      harm: "death",
      circumstances: "A fictional case for the themes' tests.",
      looked_after_child: false,
      aware_on: "2026-03-02",
      agencies: ["bwd-council"],
    });
    assert.equal(res.status, 201, res.text);
    caseId = res.body.id;
    const tagged = await post("partnership", `/api/v1/reviews/${caseId}/themes`, {
      themes: ["baby-harper-jones-cot-death", "neglect"],
    });
    assert.equal(tagged.status, 200, tagged.text);
  });

  test("bad names are a 422 on `name` and change nothing", async () => {
    const before = sql(`SELECT slug || '|' || name FROM review_themes WHERE id = ${badId}`);
    const audits = sql("SELECT count(*) FROM audit_log WHERE action = 'review.settings'");
    for (const body of [{}, { name: "" }, { name: "x" }, { name: "!!" }, { name: "y".repeat(81) }, { name: "Neglect" }, { name: "NEGLECT!" }]) {
      const res = await post("partnership", `/api/v1/reviews/themes/${badId}`, body);
      assert.equal(res.status, 422, `${JSON.stringify(body)}: ${res.text}`);
      assert.deepEqual(errorFields(res.body), ["name"], JSON.stringify(body));
    }
    assert.match(
      JSON.stringify((await post("partnership", `/api/v1/reviews/themes/${badId}`, { name: "Neglect" })).body),
      /already a theme with this name/,
    );
    assert.equal(sql(`SELECT slug || '|' || name FROM review_themes WHERE id = ${badId}`), before, "the theme is as it was");
    assert.equal(sql("SELECT count(*) FROM audit_log WHERE action = 'review.settings'"), audits, "no change audited");

    // the page: shown again with the GOV.UK error summary and what was typed
    const page = await postForm("partnership", `/reviews/themes/${badId}`, { name: "Neglect" });
    assert.equal(page.status, 422, page.text);
    assert.match(page.text, /govuk-error-summary[\s\S]*href="#name"[\s\S]*There is already a theme with this name/);
    assert.match(page.text, /id="name" name="name" type="text" value="Neglect"/);
  });

  test("only the partnership team renames, and an unknown theme is 404", async () => {
    assert.equal((await post("practitioner", `/api/v1/reviews/themes/${badId}`, { name: GOOD_NAME })).status, 403);
    assert.equal((await call("practitioner", `/api/v1/reviews/themes/${badId}`)).status, 403);
    assert.equal((await post("partnership", "/api/v1/reviews/themes/999999", { name: GOOD_NAME })).status, 404);
    assert.equal(sql(`SELECT name FROM review_themes WHERE id = ${badId}`), BAD_NAME);
  });

  test("the partnership renames it on its page; the case keeps it; the slug follows; audited", async () => {
    const page = await call("partnership", `/reviews/themes/${badId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<title>Rename a theme/, "the title names no theme (browser history keeps titles)");
    assert.match(page.text, /action="\/reviews\/themes\/\d+"/);
    assert.match(page.text, /published in the annual report[\s\S]*never name or describe a child, a family or a place/);
    const one = await call("partnership", `/api/v1/reviews/themes/${badId}`);
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.body.theme, { id: badId, slug: "baby-harper-jones-cot-death", name: BAD_NAME, retired: 0 });

    const res = await postForm("partnership", `/reviews/themes/${badId}`, { name: GOOD_NAME });
    assert.equal(res.status, 303, res.text);
    assert.equal(res.location, "/reviews/themes");

    const theme = await themeNamed(GOOD_NAME);
    assert.deepEqual(theme, { id: badId, slug: "sudden-unexpected-death-in-infancy", name: GOOD_NAME, retired: 0 });
    assert.equal(await themeNamed(BAD_NAME), undefined);
    const c = (await call("partnership", `/api/v1/reviews/${caseId}`)).body.case;
    assert.deepEqual(c.themes.map((t) => t.name).sort(), ["Neglect", GOOD_NAME]);
    assert.equal(sql(`SELECT count(*) FROM review_case_themes WHERE case_id = ${caseId}`), "2");

    // over the API: the same theme's own name again (a change of case) is not "taken"
    const api = await post("partnership", `/api/v1/reviews/themes/${badId}`, { name: GOOD_NAME.toUpperCase() });
    assert.equal(api.status, 200, api.text);
    assert.ok(api.body.themes.some((t) => t.id === badId && t.name === GOOD_NAME.toUpperCase()));

    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'review.settings' AND reason = 'renamed theme ${badId}'`), "2");
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE reason LIKE '%Harper%'`), "0", "the old name is not in the trail");
  });
});

describe("names that look alike are one theme; names in other scripts are themes too", () => {
  const add = (name) => post("partnership", "/api/v1/reviews/themes", { name });
  const count = () => Number(sql("SELECT count(*) FROM review_themes"));

  test("an accent, or a Cyrillic letter that looks Latin, is the theme already there", async () => {
    const before = count();
    for (const name of ["Negléct", "N\u0435glect", "NEGLECT!"]) {
      const res = await add(name);
      assert.equal(res.status, 422, `${name}: ${res.text}`);
      assert.deepEqual(errorFields(res.body), ["name"]);
      assert.match(res.body.errors[0].detail, /There is already a theme with this name/);
    }
    assert.equal(count(), before, "nothing added");
  });

  test("a name in another script is added, spelt in Latin letters; two that spell alike are two themes", async () => {
    let res = await add("市场");
    assert.equal(res.status, 200, res.text);
    res = await add("是常");
    assert.equal(res.status, 200, res.text);
    const themes = (await call("partnership", "/api/v1/reviews/themes")).body.themes;
    const slugs = ["市场", "是常"].map((name) => themes.find((t) => t.name === name)?.slug);
    assert.deepEqual(slugs, ["shi-chang", "shi-chang-2"]);
    res = await add("Насилие");
    assert.equal(res.status, 200, res.text);
    assert.equal((await themeNamed("Насилие")).slug, "nasilie");
  });

  test("a typed name is not taken by another theme's numbered slug: only names are compared", async () => {
    // 是常 is "shi-chang-2", but "Shi chang 2" is not 是常 and looks nothing like it
    const res = await add("Shi chang 2");
    assert.equal(res.status, 200, res.text);
    assert.equal((await themeNamed("Shi chang 2")).slug, "shi-chang-2-2");
  });
});

describe("names that only look alike are one theme, whatever their letters", () => {
  const add = (name) => post("partnership", "/api/v1/reviews/themes", { name });
  const count = () => Number(sql("SELECT count(*) FROM review_themes"));
  const refusedAsTaken = async (res, name) => {
    assert.equal(res.status, 422, `${name}: ${res.text}`);
    assert.deepEqual(errorFields(res.body), ["name"], name);
    assert.match(res.body.errors[0].detail, /There is already a theme with this name/, name);
  };

  test("a zero-width joiner shows nothing: it is no separate theme, added or renamed to", async () => {
    const before = count();
    await refusedAsTaken(await add("Neg\u200dlect"), "Neg<ZWJ>lect");
    for (const name of ["Neg\u200clect", "Neg\u00adlect", "\u200fNeglect\ufe0f"]) await refusedAsTaken(await add(name), name);
    assert.equal(count(), before, "nothing added");
    const renamed = await post("partnership", `/api/v1/reviews/themes/${badId}`, { name: "Safer s\u200dleep" });
    await refusedAsTaken(renamed, "Safer s<ZWJ>leep");
    assert.equal(sql(`SELECT name FROM review_themes WHERE id = ${badId}`), GOOD_NAME.toUpperCase(), "not renamed");
  });

  test("a name wholly in Cyrillic or Greek letters that look Latin is the theme it looks like", async () => {
    assert.equal((await add("CSE")).status, 200);
    assert.equal((await add("Ab")).status, 200);
    const before = count();
    await refusedAsTaken(await add("\u0421\u0405\u0415"), "СЅЕ");
    await refusedAsTaken(await add("\u0421\u0405\u0415!"), "СЅЕ!");
    await refusedAsTaken(await add("\u0391\u0392"), "ΑΒ");
    assert.equal(count(), before, "nothing added");
    // nor renamed to one
    const ab = await themeNamed("Ab");
    await refusedAsTaken(await post("partnership", `/api/v1/reviews/themes/${ab.id}`, { name: "\u0421\u0405\u0415" }), "СЅЕ");
    assert.equal((await themeNamed("Ab")).slug, "ab");
    // and a name that only shares a slug with a numbered one is its own
    const res = await add("Ab 2");
    assert.equal(res.status, 200, res.text);
    assert.equal((await themeNamed("Ab 2")).slug, "ab-2");
  });

  test("a digit and a letter drawn alike are one look: 'Theme 1' is 'Theme l' and 'Theme I'", async () => {
    // Haven's pages are in the system's fonts (not GDS Transport), where "1", "I" and "l" can look alike
    assert.equal((await add("Theme 1")).status, 200);
    const before = count();
    for (const name of ["Theme l", "Theme I"]) await refusedAsTaken(await add(name), name);
    assert.equal(count(), before, "nothing added");
  });

  test("mathematical and fullwidth letters are the plain ones", async () => {
    const before = count();
    for (const name of ["\u2115\u{1d556}\u{1d558}\u{1d55d}\u{1d556}\u{1d554}\u{1d565}", "\u{1d40d}\u{1d41e}\u{1d420}\u{1d425}\u{1d41e}\u{1d41c}\u{1d42d}", "\uff2e\uff45\uff47\uff4c\uff45\uff43\uff54"]) {
      await refusedAsTaken(await add(name), name);
    }
    assert.equal(count(), before, "nothing added");
    const res = await add("\u{1d40f}\u{1d42b}\u{1d422}\u{1d42f}\u{1d41a}\u{1d42d}\u{1d41e} \u{1d41f}\u{1d428}\u{1d42c}\u{1d42d}\u{1d41e}\u{1d42b}\u{1d422}\u{1d427}\u{1d420}");
    assert.equal(res.status, 200, res.text);
    assert.ok(res.body.themes.some((t) => t.slug === "private-fostering"), "slugged from its plain letters");
  });
});
