-- demo.sql (notes) — one fictional case note for the demo partnership: the
-- demo hospital's practitioner noted Alex Example's (demo child 1) clinic
-- appointments, shared with the agencies linked to Alex, so the note, its
-- correction form and its documents are there to open from Alex's
-- chronology (issue #16: every page reachable). notes_load_demo then
-- attaches a fictional letter to it. Loaded after the children (30). Times:
-- markers written out by store/demo_sql.c.
INSERT INTO case_notes (id, child_id, agency_id, current_version, created_at)
	SELECT 1, 1, agency_id, 1, {{at -20}}
	FROM users WHERE email = 'practitioner@demo.haven.example';
INSERT INTO case_note_versions (note_id, version, happened_on, category, visibility, body, correction_reason,
                                written_by, written_at)
	SELECT 1, 1, {{day -20}}, 'information_shared', 'linked_agencies',
	       'A fictional note for the demo: Alex has clinic appointments on Tuesday and Thursday this week, so will be late to school on both days.',
	       NULL, id, {{at -20}}
	FROM users WHERE email = 'practitioner@demo.haven.example';
