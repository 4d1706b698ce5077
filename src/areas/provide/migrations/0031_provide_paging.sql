-- 0031_provide_paging.sql — an IDVA service's open and closed referrals,
-- newest first, read a page at a time (router/page.h) and counted through
-- these two partial indexes.
CREATE INDEX idva_referrals_open ON idva_referrals (service_agency_id, created_at, id) WHERE closed_at IS NULL;
CREATE INDEX idva_referrals_closed ON idva_referrals (service_agency_id, created_at, id)
	WHERE closed_at IS NOT NULL;
