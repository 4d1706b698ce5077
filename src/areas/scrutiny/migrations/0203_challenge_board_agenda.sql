-- 0203_challenge_board_agenda.sql — an escalated challenge goes before the
-- board: escalating it adds an item to the agenda of the board's next
-- planned meeting (through the meetings area, in the same unit of work), and
-- this says which item, so the challenge's page links the meeting. NULL on an
-- escalated challenge: no board meeting was planned, and the partnership team
-- is asked to place it (its task list) once one is. Each escalation places
-- the challenge again: the latest item is kept.
ALTER TABLE scrutiny_challenges ADD COLUMN board_agenda_item_id INTEGER REFERENCES meeting_agenda_items (id);
