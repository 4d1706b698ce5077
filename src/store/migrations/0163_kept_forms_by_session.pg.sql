-- 0163_kept_forms_by_session.pg.sql — PostgreSQL's twin of 0163_kept_forms_by_session.sql (a
-- session id is a bigint here): a kept form (auth/kept.h) for each session that timed out, not one
-- for each person: someone signed in on two computers whose sessions both time out with a form
-- being typed keeps both, each for the browser it was typed in (its cookie's token opens it). A
-- session keeps its newest form. Forms kept before this have none and expire within 30 minutes.
ALTER TABLE kept_forms ADD COLUMN session_id bigint REFERENCES sessions (id);
CREATE INDEX kept_forms_by_session ON kept_forms (session_id);
