-- 0124_list_filters.sql — indexes for lists narrowed by their users (issue #16 point 8), kept together
-- here because migration numbers are global and few (the reviews' stage has its own, 0125).
--
-- The front door's queue narrowed to the requests from one agency (area support), kept in the queue's
-- order (undecided first, oldest first) by the index alone; the list of agencies that have sent
-- requests is read from the same index.
CREATE INDEX support_requests_queue_by_sender
	ON support_requests (front_door_agency_id, referrer_agency_id, decided, received_at, id);
-- The accounts holding one role (the administrators' list narrowed to a role): the role's people are
-- found, and counted, without reading every account.
CREATE INDEX user_roles_by_role ON user_roles (role, user_id);
