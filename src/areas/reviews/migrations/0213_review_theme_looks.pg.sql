-- 0213_review_theme_looks.pg.sql — PostgreSQL's twin of
-- 0213_review_theme_looks.sql (read it for why): a theme's look, spelling
-- and twin, each of the first two UNIQUE with the twin.
ALTER TABLE review_themes ADD COLUMN look text;
ALTER TABLE review_themes ADD COLUMN spelling text;
ALTER TABLE review_themes ADD COLUMN twin bigint NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX review_themes_look ON review_themes (look, twin);
CREATE UNIQUE INDEX review_themes_spelling ON review_themes (spelling, twin);
