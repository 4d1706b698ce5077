-- 0031_provide_paging.sql — an IDVA service's closed referrals, newest
-- first, read a page at a time (router/page.h) and counted through this
-- partial index; the open ones already have idva_referrals_by_service
-- (service_agency_id, closed_at, created_at).
CREATE INDEX idva_referrals_closed ON idva_referrals (service_agency_id, created_at, id)
	WHERE closed_at IS NOT NULL;
-- The figures read a period's referrals from its incidents (an index range on their time, 0034).
CREATE INDEX idva_referrals_by_incident ON idva_referrals (incident_id);
