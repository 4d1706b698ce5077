-- 0212_meeting_agenda_item_source.pg.sql — PostgreSQL's twin of
-- 0212_meeting_agenda_item_source.sql (read it for why): the same two columns
-- and the same marking of the items already there.
ALTER TABLE meeting_agenda_items ADD COLUMN source text;
ALTER TABLE meeting_agenda_items ADD COLUMN withdrawn_at text;
UPDATE meeting_agenda_items SET source = 'challenge'
	WHERE id IN (SELECT board_agenda_item_id FROM scrutiny_challenges WHERE board_agenda_item_id IS NOT NULL)
	OR (title ~ '^Escalated challenge [0-9]+: ' AND priority_id IS NULL AND plan_id IS NULL);
UPDATE meeting_agenda_items SET withdrawn_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
	WHERE source = 'challenge'
	AND id NOT IN (SELECT board_agenda_item_id FROM scrutiny_challenges WHERE board_agenda_item_id IS NOT NULL)
	AND meeting_id IN (SELECT id FROM meetings WHERE status <> 'held');
