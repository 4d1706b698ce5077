-- 0212_meeting_agenda_item_source.sql — what the meetings area knows of an
-- agenda item another area put before the board (meetings_board_agenda_insert),
-- so it need not read that area's tables:
--   source: 'challenge' for an escalated challenge (scrutiny's); NULL for an
--     item added on the meeting's page. The board meeting's page warns that
--     cancelling it sends escalated challenges back to the partnership team
--     only when its agenda has such an item.
--   withdrawn_at: when the area took its matter off this agenda (moved to
--     another meeting, or settled) but a decision names the item, so it stays
--     as the meeting's record (meetings_board_agenda_withdraw). A withdrawn
--     item is not for discussion: planning the meeting again does not put the
--     matter on two live agendas.
-- Items escalated challenges refer to now are marked; so are the items titled
-- exactly as such an item is ("Escalated challenge 7: ...", case and all, the
-- same on both stores: GLOB here, a regular expression on PostgreSQL), on a
-- meeting not held, that no challenge refers to any more (kept for a decision
-- when the challenge moved on).
ALTER TABLE meeting_agenda_items ADD COLUMN source TEXT;
ALTER TABLE meeting_agenda_items ADD COLUMN withdrawn_at TEXT;
UPDATE meeting_agenda_items SET source = 'challenge'
	WHERE id IN (SELECT board_agenda_item_id FROM scrutiny_challenges WHERE board_agenda_item_id IS NOT NULL)
	OR (title GLOB 'Escalated challenge [0-9]*: *' AND priority_id IS NULL AND plan_id IS NULL);
UPDATE meeting_agenda_items SET withdrawn_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
	WHERE source = 'challenge'
	AND id NOT IN (SELECT board_agenda_item_id FROM scrutiny_challenges WHERE board_agenda_item_id IS NOT NULL)
	AND meeting_id IN (SELECT id FROM meetings WHERE status <> 'held');
