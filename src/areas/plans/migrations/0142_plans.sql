-- 0142_plans.sql — strategies and action plans (issue 20). A plan is the
-- partnership's strategy for one of its priorities (migration 0140), for the
-- board as a whole or for one local operational group (groups are data too):
-- its period and aims, and its actions, each owned by an agency with a lead,
-- a due date, a status, and the evidence and impact recorded against it. An
-- action's red, amber or green status is derived from its dates and evidence
-- (src/areas/plans/rag.h), never stored.
CREATE TABLE plan_groups (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE TABLE plans (
	id INTEGER PRIMARY KEY,
	priority_id INTEGER NOT NULL REFERENCES priorities (id),
	group_id INTEGER REFERENCES plan_groups (id), -- NULL: the board's plan for the whole partnership
	starts_on TEXT NOT NULL, -- YYYY-MM-DD
	ends_on TEXT NOT NULL,
	aims TEXT NOT NULL,
	created_by INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
	CHECK (starts_on <= ends_on)
) STRICT;
-- one plan a priority, group and start
CREATE UNIQUE INDEX plans_once ON plans (priority_id, ifnull(group_id, 0), starts_on);

CREATE TABLE plan_actions (
	id INTEGER PRIMARY KEY,
	plan_id INTEGER NOT NULL REFERENCES plans (id),
	action TEXT NOT NULL,
	owner_agency_id INTEGER NOT NULL REFERENCES agencies (id),
	lead TEXT NOT NULL, -- the lead's name or role in the owner agency
	due_on TEXT NOT NULL, -- YYYY-MM-DD
	status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'done')),
	evidence TEXT, -- what shows progress or completion
	impact TEXT,   -- what changed for children and families
	updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX plan_actions_by_plan ON plan_actions (plan_id, due_on, id);
-- an agency's open actions (its task list)
CREATE INDEX plan_actions_open_by_owner ON plan_actions (owner_agency_id, due_on) WHERE status != 'done';
