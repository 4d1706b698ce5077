-- demo.sql (children) — fictional children for the demo partnership, with
-- the agencies linked to each. Names are invented and obviously so.
INSERT INTO children (id, given_name, family_name, date_of_birth, la_code) VALUES
	(1, 'Alex', 'Example', '2016-04-12', 889),
	(2, 'Sam', 'Sample', '2012-09-30', 890),
	(3, 'Jo', 'Fictional', '2019-01-07', 888);

INSERT INTO child_links (child_id, agency_id, relationship)
	SELECT 1, id, 'setting' FROM agencies WHERE slug = 'brookfield-primary' UNION ALL
	SELECT 1, id, 'local_authority' FROM agencies WHERE slug = 'bwd-council' UNION ALL
	SELECT 1, id, 'raised_concern' FROM agencies WHERE slug = 'demo-teaching-hospitals' UNION ALL
	SELECT 2, id, 'setting' FROM agencies WHERE slug = 'seafront-primary' UNION ALL
	SELECT 2, id, 'local_authority' FROM agencies WHERE slug = 'blackpool-council' UNION ALL
	SELECT 2, id, 'raised_concern' FROM agencies WHERE slug = 'lancashire-constabulary' UNION ALL
	SELECT 2, id, 'allocated_team' FROM agencies WHERE slug = 'demo-idva-service' UNION ALL
	SELECT 3, id, 'local_authority' FROM agencies WHERE slug = 'lancashire-county-council';
