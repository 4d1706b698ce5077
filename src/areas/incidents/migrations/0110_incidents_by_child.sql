-- 0110_incidents_by_child.sql — a child's chronology finds the incidents the
-- child was matched to (and through them Encompass and Provide) by the child.
CREATE INDEX da_incident_children_by_child ON da_incident_children (child_id) WHERE child_id IS NOT NULL;
