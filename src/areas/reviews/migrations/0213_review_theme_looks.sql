-- 0213_review_theme_looks.sql — what makes two theme names one theme, kept
-- beside each theme so that the check and the write are one: `look`, how the
-- name looks whatever its script (core/latin.h latin_look: "СЅЕ" in Cyrillic
-- and "CSE" are both "cse"), and `spelling`, the name's slug before any
-- number for a name with Latin letters ("Negléct" and "NEGLECT!" are both
-- "neglect"; NULL for a name wholly in another script, whose Latin spelling
-- two different names can share). Each has a UNIQUE index with `twin`, so
-- two themes that look or spell alike cannot both be stored, however many
-- are added or renamed at the same instant: a second one is refused as a
-- constraint, which the handler answers as the same 422 on `name` as the
-- check (src/areas/reviews/area.c, store_sqlite.c).
--
-- Both need ICU, which SQL has not: `haven serve` works them out in C at
-- start-up (reviews_themes_mend), for the themes this migration finds and
-- again whenever ICU's data would make them otherwise, and mends there the
-- slugs older rules made. `twin` is 0 for every theme but one stored before
-- the check was whole that looks or spells like an earlier one (a Cyrillic е
-- in "Nеglect" beside "Neglect"): that one is kept, with its cases, as its
-- own id in `twin`, for the partnership to rename or retire; a new or
-- renamed theme is never a twin.
ALTER TABLE review_themes ADD COLUMN look TEXT;
ALTER TABLE review_themes ADD COLUMN spelling TEXT;
ALTER TABLE review_themes ADD COLUMN twin INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX review_themes_look ON review_themes (look, twin);
CREATE UNIQUE INDEX review_themes_spelling ON review_themes (spelling, twin);
