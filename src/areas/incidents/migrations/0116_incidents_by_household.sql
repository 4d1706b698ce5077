-- 0116_incidents_by_household.sql — a household is an incident's address as
-- police wrote it (case and outer spaces ignored) in its local authority;
-- repeat incidents at one household are counted by this index.
CREATE INDEX da_incidents_by_household ON da_incidents (la_code, lower(trim(location)), occurred_at);
