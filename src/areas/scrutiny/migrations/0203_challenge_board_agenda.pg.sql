-- 0203_challenge_board_agenda.pg.sql — PostgreSQL's twin of
-- 0203_challenge_board_agenda.sql (read it for why): the same column, bigint.
ALTER TABLE scrutiny_challenges ADD COLUMN board_agenda_item_id bigint REFERENCES meeting_agenda_items (id);
