-- 0040_training_paging.sql — the training lists, read a page at a time
-- (router/page.h), each on one index range in its own order.
--
-- Courses by title; resources newest first, all of them or one priority
-- area's; a manager's approvals with the waiting ones first (newest first),
-- then the decided ones (newest first): `approval_order` is a virtual column
-- (computed, not stored) that makes that one descending key, a waiting
-- request's id lifted above every decided one's.
CREATE INDEX training_courses_by_title ON training_courses (title, id);
CREATE INDEX training_resources_by_time ON training_resources (created_at, id);
CREATE INDEX training_resources_by_area ON training_resources (area, created_at, id);
ALTER TABLE training_approvals ADD COLUMN approval_order INTEGER GENERATED ALWAYS AS
	(CASE WHEN decision IS NULL THEN 1000000000000000 + id ELSE id END) VIRTUAL;
CREATE INDEX training_approvals_by_order ON training_approvals (approver_user_id, approval_order);
