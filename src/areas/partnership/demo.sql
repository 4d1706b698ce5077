-- demo.sql (partnership) — the demo partnership: the three real local
-- authority areas of the Blackburn with Darwen, Blackpool and Lancashire
-- partnership, with agencies whose names are fictional (schools, teams and
-- services invented for the demo). No real person or setting appears here.
INSERT INTO local_authorities (code, slug, name) VALUES
	(889, 'blackburn-with-darwen', 'Blackburn with Darwen'),
	(890, 'blackpool', 'Blackpool'),
	(888, 'lancashire', 'Lancashire');

INSERT INTO agencies (slug, name, type, la_code) VALUES
	('csap', 'Children''s Safeguarding Assurance Partnership (demo)', 'partnership', NULL),
	('lancashire-constabulary', 'Lancashire Constabulary (demo)', 'police', NULL),
	('bwd-council', 'Blackburn with Darwen Council children''s services (demo)', 'local_authority', 889),
	('blackpool-council', 'Blackpool Council children''s services (demo)', 'local_authority', 890),
	('lancashire-county-council', 'Lancashire County Council children''s services (demo)', 'local_authority', 888),
	('demo-icb', 'Demo Integrated Care Board', 'health', NULL),
	('demo-teaching-hospitals', 'Demo Teaching Hospitals NHS Trust', 'health', 890),
	('demo-idva-service', 'Demo IDVA Service', 'idva_service', NULL),
	('demo-coast-idva-service', 'Demo Coast IDVA Service (fictional)', 'idva_service', NULL),
	('brookfield-primary', 'Brookfield Primary School (fictional)', 'school', 889),
	('larkhill-academy', 'Larkhill Academy (fictional)', 'school', 889),
	('seafront-primary', 'Seafront Primary School (fictional)', 'school', 890),
	('tower-view-high', 'Tower View High School (fictional)', 'school', 890),
	('ribblebank-primary', 'Ribblebank Primary School (fictional)', 'school', 888),
	('pendle-edge-high', 'Pendle Edge High School (fictional)', 'school', 888),
	('moorside-college', 'Moorside Sixth Form College (fictional)', 'college', 888),
	('little-acorns-nursery', 'Little Acorns Day Nursery (fictional)', 'early_years', 890);
