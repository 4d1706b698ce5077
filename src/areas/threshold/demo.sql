-- demo.sql (threshold) — one fictional levels-of-need decision for the demo
-- partnership: in November 2025 the demo police officer used the tool about
-- a young person in Blackpool (Sam Sample, demo child 2, though a decision
-- names no child) and chose level 3, Intensive Support. The support area's
-- demo makes the request for support from it, decided long ago, so the
-- decision is there to open again from that request (issue #16: every page
-- reachable). Its suggestion's basis is what the tool's rule gives for the
-- ticks (framework.c): two level 3 indicators from two domains, not raised,
-- with the demo framework's rule; the JSON is written out (one text for
-- SQLite and PostgreSQL).
-- Loaded by threshold_load_demo after the demo framework is published.
INSERT INTO threshold_assessments (framework_id, user_id, agency_id, la_code, age_band, indicators,
                                   suggested_level, suggestion_basis, chosen_level, chosen_reason, created_at)
	SELECT f.id, u.id, u.agency_id, 890, '12-17',
	       '["education-attendance-falling","relationships-older-associates","community-unsafe-places"]',
	       3,
	       '{"highest_ticked_level":3,"indicators_at_highest_level":2,"domains_at_highest_level":2,'
	       || '"raised":false,"driving_indicators":["relationships-older-associates","community-unsafe-places"],'
	       || '"rule":{"raise_one_level_when":{"domains_at_least":2,"indicators_at_least":3,"at_or_above_level":2},'
	       || '"highest_level":4},'
	       || '"explanation":"The highest level among the indicators ticked is Level 3 (Intensive Support),'
	       || ' with 2 indicators at that level from 2 domains. It is not raised: the framework raises it only when'
	       || ' at least 3 indicators from at least 2 domains are at the highest level ticked, at Level 2 or above,'
	       || ' and never above Level 4."}',
	       3, NULL, '2025-11-04T10:05:00.000Z'
	FROM framework_versions f, users u
	WHERE f.version = '2026.1' AND u.email = 'police@demo.haven.example';
