-- 0034_incidents_paging.sql — the incident lists, read a page at a time
-- (router/page.h) on indexes: every area's incidents newest first (the police
-- see all of them; one area's already has da_incidents_by_area), and the
-- children waiting to be matched, oldest first.
CREATE INDEX da_incidents_by_time ON da_incidents (occurred_at, id);
CREATE INDEX da_incident_children_waiting ON da_incident_children (id) WHERE match_status = 'unresolved';
