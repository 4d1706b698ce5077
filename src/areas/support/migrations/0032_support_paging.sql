-- 0032_support_paging.sql — the front door's queue, undecided first and
-- oldest first, read a page at a time (router/page.h) through one index:
-- `decided` is a virtual column (computed, not stored) so that the order
-- (decided, received_at, id) is an index range a cursor can continue from.
ALTER TABLE support_requests ADD COLUMN decided INTEGER GENERATED ALWAYS AS (decided_at IS NOT NULL) VIRTUAL;
CREATE INDEX support_requests_queue_order ON support_requests (front_door_agency_id, decided, received_at, id);
-- How many undecided requests are overdue, counted in the index alone (deadlines are all written by
-- calendar_format_instant, "YYYY-MM-DDTHH:MM:SSZ", so they compare as text).
CREATE INDEX support_requests_undecided_due ON support_requests (front_door_agency_id, decision_due_at)
	WHERE decided_at IS NULL;
