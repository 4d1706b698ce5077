-- 0035_encompass_paging.sql — a Key Adult's inbox, read a page at a time
-- (router/page.h) on one index range: `inbox_order` is a virtual column
-- (computed, not stored) that puts the unacknowledged notifications first,
-- earliest deadline first (their deadline in seconds), then the acknowledged
-- ones, latest acknowledged first (a constant far beyond any deadline, less
-- the time of the acknowledgement). Below 50,000,000,000 means "waiting".
ALTER TABLE encompass_notifications ADD COLUMN inbox_order INTEGER GENERATED ALWAYS AS
	(CASE WHEN acknowledged_at IS NULL THEN unixepoch(due_at) ELSE 100000000000 - unixepoch(acknowledged_at) END)
	VIRTUAL;
CREATE INDEX encompass_inbox_order ON encompass_notifications (recipient_agency_id, inbox_order, id);
