-- demo.sql (learning) — a fictional 7-minute briefing from the demo's
-- published review (SI-2025-001, src/areas/reviews/demo.sql), published so
-- practitioners can open it from the briefings' list (issue #16: every page
-- reachable). Loaded after the reviews (40). No child is named: briefings
-- never carry a child's identity.
INSERT INTO review_briefings (case_id, title, body, published_on) VALUES
	(1, 'Safe sleep and the first months at home (demo)',
	 'A fictional briefing for the Haven demo.

Why it matters: most sudden infant deaths happen when a baby sleeps with an adult on a sofa or in a bed after the adult has drunk alcohol.

What we found: agencies each knew part of the picture, and nobody asked where the baby slept.

What to do: ask where and how the baby sleeps at every contact, and share what you see.',
	 '2026-01-12');
