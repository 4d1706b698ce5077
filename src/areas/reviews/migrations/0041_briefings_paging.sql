-- 0041_briefings_paging.sql — the published 7-minute briefings (/briefings),
-- newest first, read a page at a time (router/page.h) on one index range.
CREATE INDEX review_briefings_published ON review_briefings (published_on, id) WHERE published_on IS NOT NULL;
