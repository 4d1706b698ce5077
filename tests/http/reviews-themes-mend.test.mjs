// Review themes stored before the look-alike check was whole
// (src/areas/reviews/store_sqlite.c reviews_themes_mend, migration 0213):
// at start-up `haven serve` works out each theme's look and spelling, which
// SQL cannot (ICU), and makes again a slug an older rule made ("n-glect" for
// "Nеglect" with a Cyrillic е, "caf-culture" for "Café culture": before the
// name was written in Latin letters, a letter outside ASCII was a hyphen). A
// theme keeps its id, so its URLs and the cases tagged with it keep working.
// Two stored then that look alike are both kept, the later one as a twin,
// logged by id for the partnership to rename or retire; a look-alike of
// either is refused from then on, and the UNIQUE index refuses a second
// theme of one look that is no twin, whatever writes it.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { apiClient, errorFields, sqlRows, sqlText } from "../lib/api.mjs";
import { startHaven } from "../lib/haven.mjs";

let haven;
const dir = mkdtempSync(path.join(os.tmpdir(), "haven-themes-mend-"));
const { call, post } = apiClient(() => haven);
const sql = (query) => sqlText(haven.dbPath, query).trim();
const theme = (name) => sqlRows(haven.dbPath, `SELECT id, slug, look, spelling, twin FROM review_themes WHERE name = '${name}'`)[0];

before(async () => {
  haven = await startHaven({ dir });
});
after(async () => {
  if (haven) assert.equal(await haven.stop(), 0);
  rmSync(dir, { recursive: true, force: true });
});

const CYRILLIC_NEGLECT = "N\u0435glect";

describe("themes stored before are mended at start-up", () => {
  test("the themes the migration found get their look and spelling", () => {
    assert.deepEqual(theme("Neglect"), { id: theme("Neglect").id, slug: "neglect", look: "neglect", spelling: "neglect", twin: 0 });
    assert.equal(sql("SELECT count(*) FROM review_themes WHERE look IS NULL"), "0");
  });

  test("old slugs are made again, ids kept; an old look-alike is kept as a twin and logged", async () => {
    // as an older Haven stored them: slugs of its rule, and no look (the migration's NULL)
    sql(
      "INSERT INTO review_themes (slug, name) VALUES " +
        `('n-glect', '${CYRILLIC_NEGLECT}'), ('caf-culture', 'Caf\u00e9 culture'), ('cse', 'CSE'), ('s-e', '\u0421\u0405\u0415')`,
    );
    const ids = Object.fromEntries(
      [CYRILLIC_NEGLECT, "Caf\u00e9 culture", "CSE", "\u0421\u0405\u0415"].map((n) => [n, theme(n).id]),
    );
    const tagged = await post("partnership", "/api/v1/reviews", {
      child_pseudonym: "Child M",
      la: "blackburn-with-darwen",
      harm: "death",
      circumstances: "A fictional case for the themes' tests.",
      looked_after_child: false,
      aware_on: "2026-03-02",
      agencies: ["bwd-council"],
    });
    assert.equal(tagged.status, 201, tagged.text);
    const caseId = tagged.body.id;
    const res = await post("partnership", `/api/v1/reviews/${caseId}/themes`, { themes: ["caf-culture", "n-glect"] });
    assert.equal(res.status, 200, res.text);

    assert.equal(await haven.stop(), 0);
    haven = await startHaven({ dir });

    assert.deepEqual(theme("Caf\u00e9 culture"), { id: ids["Caf\u00e9 culture"], slug: "cafe-culture", look: "cafe culture", spelling: "cafe-culture", twin: 0 });
    // the Cyrillic е: "neglect" is Neglect's, so it takes the next; it is Neglect's twin
    const twin = theme(CYRILLIC_NEGLECT);
    assert.deepEqual(twin, { id: ids[CYRILLIC_NEGLECT], slug: "neglect-2", look: "neglect", spelling: "neglect", twin: ids[CYRILLIC_NEGLECT] });
    const cyrillic = theme("\u0421\u0405\u0415");
    assert.equal(cyrillic.twin, cyrillic.id, "СЅЕ, stored after CSE, is its twin");
    assert.equal(theme("CSE").twin, 0);
    assert.ok(
      haven.stderrLines().concat(haven.stdoutLines()).some((l) => l.includes(`theme ${ids[CYRILLIC_NEGLECT]} looks or is spelt like an earlier one`)),
      "the twin is logged by its id",
    );
    assert.ok(!haven.stderrLines().concat(haven.stdoutLines()).some((l) => /N.glect|Caf/.test(l)), "no theme's name is logged");

    // the case keeps both, now sent by their new slugs; the theme's page is where it was
    const c = (await call("partnership", `/api/v1/reviews/${caseId}`)).body.case;
    assert.deepEqual(c.themes.map((t) => t.slug).sort(), ["cafe-culture", "neglect-2"]);
    assert.equal((await call("partnership", `/api/v1/reviews/themes/${ids["Caf\u00e9 culture"]}`)).status, 200);
  });

  test("a look-alike of the theme or its twin is refused; the twin renamed is one no more", async () => {
    for (const name of ["NEGLECT!", "Cafe culture", "C\u0405E"]) {
      const res = await post("partnership", "/api/v1/reviews/themes", { name });
      assert.equal(res.status, 422, `${name}: ${res.text}`);
      assert.deepEqual(errorFields(res.body), ["name"]);
    }
    const id = theme(CYRILLIC_NEGLECT).id;
    const res = await post("partnership", `/api/v1/reviews/themes/${id}`, { name: "Neglect of health" });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(theme("Neglect of health"), { id, slug: "neglect-of-health", look: "neglect of health", spelling: "neglect-of-health", twin: 0 });
  });

  test("the UNIQUE index refuses a second theme of one look that is no twin", () => {
    assert.throws(
      () => sql("INSERT INTO review_themes (slug, name, look, spelling) VALUES ('x-cse', 'x', 'cse', NULL)"),
      /UNIQUE|unique|duplicate/,
    );
    assert.throws(
      () => sql("INSERT INTO review_themes (slug, name, look, spelling) VALUES ('neglect-9', 'x', NULL, 'neglect')"),
      /UNIQUE|unique|duplicate/,
    );
  });
});
