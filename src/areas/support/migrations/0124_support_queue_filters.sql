-- 0124_support_queue_filters.sql — the front door's queue narrowed to the requests from one agency
-- (issue #16 point 8), kept in the queue's order (undecided first, oldest first) by the index alone,
-- and the list of agencies that have sent requests read from the same index.
CREATE INDEX support_requests_queue_by_sender
	ON support_requests (front_door_agency_id, referrer_agency_id, decided, received_at, id);
