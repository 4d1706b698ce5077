-- demo.sql (households) — the households of the demo's incidents (written
-- by the encompass and provide demos, 60 and 70, straight to the incident
-- tables): one per address in its local authority, made as recording each
-- incident would have made it, so each incident's page leads to its
-- household (issue #16: every page reachable). No address has the repeat
-- count of incidents (3 in 365 days), so none is flagged and none waits for
-- a front door. Loaded after those demos (75).
INSERT INTO households (la_code, address_key, address, created_at)
	SELECT la_code, lower(trim(location)), trim(min(location)), min(received_at)
	FROM da_incidents WHERE length(trim(location)) > 0
	GROUP BY la_code, lower(trim(location));
