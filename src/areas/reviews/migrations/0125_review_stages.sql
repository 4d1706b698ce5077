-- 0125_review_stages.sql — the stage a serious incident case has reached, so the list of cases can be
-- narrowed to one stage (issue #16 point 8) through an index that keeps its order (newest awareness
-- first). `stage` is a virtual column (computed from the recorded dates and decision, never stored):
--   notification  the national panel has not been told yet
--   rapid_review  told; the rapid review's decision is not recorded yet
--   local_review  a local child safeguarding practice review was commissioned and is not yet
--                 published (nor recorded as not to be published)
--   done          no local review, referred to the panel, or the local review published (or not)
ALTER TABLE review_cases ADD COLUMN stage TEXT GENERATED ALWAYS AS (
	CASE
		WHEN panel_notified_on IS NULL THEN 'notification'
		WHEN rapid_review_decision IS NULL THEN 'rapid_review'
		WHEN rapid_review_decision = 'commission_cspr' AND cspr_published_on IS NULL
		     AND cspr_not_published_reason IS NULL THEN 'local_review'
		ELSE 'done'
	END) VIRTUAL;
CREATE INDEX review_cases_by_stage ON review_cases (stage, aware_on, id);
