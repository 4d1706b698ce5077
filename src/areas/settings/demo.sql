-- demo.sql (settings) — the demo partnership's schools, colleges and nursery
-- (agencies from the partnership's demo.sql) as settings. Every value is
-- invented: URNs from 990001 (far above any URN the DfE has issued to a
-- setting in these areas), postcodes in the ZZ99 range that no address
-- has, and school days that start at different times so Encompass deadlines
-- differ from setting to setting.
WITH v (slug, urn, establishment_type, phase, low_age, high_age, postcode, school_day_start) AS (VALUES
	('brookfield-primary', 990001, 'Community school', 'Primary', 4, 11, 'ZZ99 1BF', '08:45'),
	('larkhill-academy', 990002, 'Academy converter', 'Secondary', 11, 16, 'ZZ99 2LA', '08:40'),
	('seafront-primary', 990003, 'Voluntary aided school', 'Primary', 3, 11, 'ZZ99 3SP', '08:55'),
	('tower-view-high', 990004, 'Foundation school', 'Secondary', 11, 18, 'ZZ99 4TV', '08:40'),
	('ribblebank-primary', 990005, 'Community school', 'Primary', 4, 11, 'ZZ99 5RB', '09:00'),
	('pendle-edge-high', 990006, 'Academy sponsor led', 'Secondary', 11, 16, 'ZZ99 6PE', '08:50'),
	('moorside-college', 990007, 'Further education', '16 plus', 16, 99, 'ZZ99 7MC', '09:00'),
	('little-acorns-nursery', 990008, 'Local authority nursery school', 'Nursery', 2, 5, 'ZZ99 8LA', '08:00'))
INSERT INTO settings (agency_id, urn, establishment_type, phase, status, low_age, high_age, postcode,
                      school_day_start)
SELECT a.id, v.urn, v.establishment_type, v.phase, 'Open', v.low_age, v.high_age, v.postcode, v.school_day_start
FROM v JOIN agencies a ON a.slug = v.slug;
