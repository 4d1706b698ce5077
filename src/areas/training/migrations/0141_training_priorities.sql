-- haven: foreign keys off (training_resources is rebuilt; its viewers refer to it)
-- 0141_training_priorities.sql — courses and resources tagged by the
-- partnership's priorities as data (issue 20), not by a CHECK list: each tag
-- is a reference to a row of `priorities` (migration 0140), NULL for "Other"
-- (not one of the partnership's priorities). Every existing tag keeps its
-- meaning: 0140 seeded the three priorities with the keys stored here.
CREATE TABLE training_course_priorities (
	course_id INTEGER NOT NULL REFERENCES training_courses (id),
	priority_id INTEGER REFERENCES priorities (id) -- NULL: other
) STRICT;
INSERT INTO training_course_priorities (course_id, priority_id)
	SELECT a.course_id, (SELECT p.id FROM priorities p WHERE p.key = a.area) FROM training_course_areas a;
DROP TABLE training_course_areas;
-- a course has each tag once ("Other" too)
CREATE UNIQUE INDEX training_course_priorities_once ON training_course_priorities (course_id, ifnull(priority_id, 0));
-- the programme filtered by a priority
CREATE INDEX training_course_priorities_by_priority ON training_course_priorities (priority_id, course_id);

CREATE TABLE training_resources_tagged (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('seven_minute_briefing', 'guidance', 'video', 'other')),
	priority_id INTEGER REFERENCES priorities (id), -- NULL: other
	summary TEXT NOT NULL,
	body TEXT NOT NULL,                      -- the briefing itself, plain text
	link TEXT,                               -- an external copy, if any
	views INTEGER NOT NULL DEFAULT 0,
	created_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
INSERT INTO training_resources_tagged (id, title, kind, priority_id, summary, body, link, views, created_by, created_at)
	SELECT r.id, r.title, r.kind, (SELECT p.id FROM priorities p WHERE p.key = r.area), r.summary, r.body, r.link,
	       r.views, r.created_by, r.created_at
	FROM training_resources r;
DROP TABLE training_resources;
ALTER TABLE training_resources_tagged RENAME TO training_resources;
CREATE INDEX training_resources_by_time ON training_resources (created_at, id);
CREATE INDEX training_resources_by_priority ON training_resources (priority_id, created_at, id);
