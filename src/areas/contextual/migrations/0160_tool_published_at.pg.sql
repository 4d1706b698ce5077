-- 0160_tool_published_at.pg.sql — PostgreSQL's twin of 0160_tool_published_at.sql: one format for when an exploitation tool
-- version was published: the store's, UTC with milliseconds
-- ("2026-12-04T06:01:02.000Z"), as the time is now bound from C (#21).
-- Versions published before were written to the second ("...:02Z").
UPDATE exploitation_tool_versions SET published_at = substr(published_at, 1, 19) || '.000Z'
WHERE length(published_at) = 20;
