-- demo.sql (neglect) — one fictional finished neglect assessment and one
-- draft for the demo partnership. The finished one: Blackpool's front door
-- assessed Sam Sample (demo child 2) with the demo tool in October 2025, so
-- the assessment and Sam's neglect page are there to open from Sam's
-- chronology (issue #16: every page reachable). Its review is months away,
-- so it waits on nobody's list, and it is before the periods the tests
-- count. Loaded by neglect_load_demo after the demo tool is published.
INSERT INTO neglect_assessments (tool_id, child_id, user_id, agency_id, la_code, age_band, status, grades,
                                 family_voice, child_voice, strengths, summary, assessed_on, review_on,
                                 area_grades, overall_grade, created_at, updated_at)
	SELECT (SELECT max(id) FROM neglect_tool_versions), 2, u.id, u.agency_id, 890, '12-17', 'finished',
	       '{"food":{"grade":2,"evidence":"Breakfast is sometimes missed (fictional)."},'
	       || '"home-conditions":{"grade":2,"evidence":"The home was tidy at the visit (fictional)."},'
	       || '"health-care":{"grade":3,"evidence":"Two missed dental appointments (fictional)."},'
	       || '"supervision":{"grade":2,"evidence":"An adult is at home after school (fictional)."},'
	       || '"safe-home":{"grade":1,"evidence":"Medicines are locked away (fictional)."},"warmth":{"grade":1,'
	       || '"evidence":"Warm and affectionate with Sam (fictional)."},"responsiveness":{"grade":2,'
	       || '"evidence":"Notices when Sam is upset (fictional)."},"play-and-learning":{"grade":2,'
	       || '"evidence":"Helps Sam with homework most evenings (fictional)."},"attendance":{"grade":2,'
	       || '"evidence":"Attendance is 93% this term (fictional)."}}',
	       'Sam''s parent wants help getting to appointments (fictional).',
	       'Sam says the youth club is the best part of school (fictional).',
	       'A loving home; Sam is doing well at school (fictional).',
	       'Needs mostly met; help with health appointments would make a difference (a fictional demo assessment).',
	       '2025-10-06', '2027-04-06',
	       '{"physical-care":3,"safety":2,"love-and-care":2,"stimulation":2}', 2,
	       '2025-10-06T14:00:00.000Z', '2025-10-06T14:00:00.000Z'
	FROM users u WHERE u.email = 'frontdoor2@demo.haven.example';

-- A draft begun by Lancashire's front door about Jo Fictional (demo child 3,
-- linked to the council), two days before the demo was loaded: the front
-- door's dashboard lists "Finish a neglect assessment", which opens its form
-- (issue #16: every page reachable). A draft is seen only by its own agency,
-- and the figures count finished assessments only.
INSERT INTO neglect_assessments (tool_id, child_id, user_id, agency_id, la_code, age_band, status, grades,
                                 family_voice, created_at, updated_at)
	SELECT (SELECT max(id) FROM neglect_tool_versions), 3, u.id, u.agency_id, 888, '5-11', 'draft',
	       '{"food":{"grade":2,"evidence":"Brings a packed lunch most days (fictional)."},'
	       || '"health-care":{"grade":3,"evidence":"Missed two dental appointments this year (fictional)."}}',
	       'Jo''s parent says the bus fare to the dentist is hard to find (fictional).',
	       {{at_ms -2}}, {{at_ms -2}}
	FROM users u WHERE u.email = 'frontdoor@demo.haven.example';
