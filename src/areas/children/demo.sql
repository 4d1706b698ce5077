-- demo.sql (children) — fictional children for the demo partnership, with
-- the agencies linked to each. Names are invented and obviously so; NHS
-- numbers are from the 999 range kept for testing; postcodes use the 9ZZ
-- inward code, which no delivery point has. The name match keys are filled
-- in by children_load_demo after this runs (match.c).
-- (tests/http/access-matrix.test.mjs reads the ids and links below: keep
-- each child's row starting "(id, 'given', 'family', 'YYYY-MM-DD'".)
INSERT INTO children (id, given_name, family_name, date_of_birth, la_code, other_names, sex, postcode, upn, nhs_number) VALUES
	(1, 'Alex', 'Example', '2016-04-12', 889, NULL, 'female', 'BB1 9ZZ', 'H889200016001', '9990000018'),
	(2, 'Sam', 'Sample', '2012-09-30', 890, 'Sammy Testcase', 'male', 'FY1 9ZZ', 'W890200012004', '9990000026'),
	(3, 'Jo', 'Fictional', '2019-01-07', 888, NULL, 'not_known', 'PR1 9ZZ', NULL, NULL);

INSERT INTO child_links (child_id, agency_id, relationship)
	SELECT 1, id, 'setting' FROM agencies WHERE slug = 'brookfield-primary' UNION ALL
	SELECT 1, id, 'local_authority' FROM agencies WHERE slug = 'bwd-council' UNION ALL
	SELECT 1, id, 'raised_concern' FROM agencies WHERE slug = 'demo-teaching-hospitals' UNION ALL
	SELECT 2, id, 'setting' FROM agencies WHERE slug = 'seafront-primary' UNION ALL
	SELECT 2, id, 'local_authority' FROM agencies WHERE slug = 'blackpool-council' UNION ALL
	SELECT 2, id, 'raised_concern' FROM agencies WHERE slug = 'lancashire-constabulary' UNION ALL
	SELECT 2, id, 'allocated_team' FROM agencies WHERE slug = 'demo-idva-service' UNION ALL
	SELECT 3, id, 'local_authority' FROM agencies WHERE slug = 'lancashire-county-council';
