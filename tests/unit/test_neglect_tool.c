/*
 * test_neglect_tool.c — the neglect assessment tool (src/areas/neglect/
 * tool.h): the built-in demo tool passes the checker and each broken copy of
 * it is refused with the problem named by its JSON path; descriptors by age
 * band; a band's ages against a child's date of birth; the grades check (drafts may be partial, finishing
 * needs every grade with evidence, a key quoted in an error is cut at a character); the grading rule (an area
 * is its worst sub-area, the overall grade the worst area) and the change between two assessments (improving:
 * something better, nothing worse), as tables of cases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "areas/neglect/tool.h"
#include "core/embedded.h"
#include "embedded_document.h"

static json_t *demo(void)
{
	return embedded_document("data/neglect/tool-demo.json");
}

static void demo_tool_is_valid(void **state)
{
	(void)state;
	json_t *doc = demo(), *problems = json_array();
	bool ok = neglect_tool_check(doc, problems);
	assert_no_problems(problems);
	assert_true(ok);
	assert_int_equal(neglect_tool_sub_area_count(doc), 9);
	json_decref(problems);
	json_decref(doc);
}

/* ---- broken documents ---- */

struct bad_case {
	const char *what;
	const char *change; /* a JSON Merge Patch-like edit applied by a small function below */
	const char *path, *message;
};

/* Applies one named edit to a copy of the demo. */
static void edit(json_t *doc, const char *change)
{
	json_t *areas = json_object_get(doc, "areas");
	json_t *food = json_array_get(json_object_get(json_array_get(areas, 0), "sub_areas"), 0);
	json_t *supervision = json_array_get(json_object_get(json_array_get(areas, 1), "sub_areas"), 0);
	if (strcmp(change, "four grades") == 0)
		json_array_remove(json_object_get(doc, "grades"), 4);
	else if (strcmp(change, "grades out of order") == 0)
		json_object_set_new(json_array_get(json_object_get(doc, "grades"), 1), "grade",
		                    json_integer(3));
	else if (strcmp(change, "no version") == 0)
		json_object_del(doc, "version");
	else if (strcmp(change, "unknown field") == 0)
		json_object_set_new(doc, "licence", json_string("GCP2"));
	else if (strcmp(change, "missing descriptor") == 0)
		json_array_remove(json_object_get(food, "descriptors"), 4);
	else if (strcmp(change, "second descriptor") == 0)
		json_array_append_new(json_object_get(food, "descriptors"),
		                      json_pack("{s:i, s:s}", "grade", 2, "text", "Again"));
	else if (strcmp(change, "unknown age band") == 0)
		json_object_set_new(json_array_get(json_object_get(supervision, "descriptors"), 0),
		                    "age_bands", json_pack("[s]", "babies"));
	else if (strcmp(change, "grade six") == 0)
		json_object_set_new(json_array_get(json_object_get(food, "descriptors"), 0), "grade",
		                    json_integer(6));
	else if (strcmp(change, "repeated sub-area") == 0)
		json_object_set_new(supervision, "id", json_string("food"));
	else if (strcmp(change, "bad id") == 0)
		json_object_set_new(json_array_get(areas, 0), "id", json_string("Physical Care"));
	else if (strcmp(change, "age in words") == 0)
		json_object_set_new(json_array_get(json_object_get(doc, "age_bands"), 0), "to_age",
		                    json_string("four"));
	else if (strcmp(change, "ages reversed") == 0)
		json_object_set_new(json_array_get(json_object_get(doc, "age_bands"), 1), "to_age",
		                    json_integer(3));
	else if (strcmp(change, "no sub-areas") == 0)
		json_object_set_new(json_array_get(areas, 3), "sub_areas", json_array());
	else
		fail_msg("no such edit: %s", change);
}

static const struct bad_case bad_cases[] = {
    {"the five grades, no fewer", "four grades", "$.grades", "must list the five grades"},
    {"grades in order", "grades out of order", "$.grades[1].grade", "must be 2"},
    {"a version", "no version", "$.version", "is missing"},
    {"no unknown fields", "unknown field", "$.licence", "is not a field of the neglect tool format"},
    {"a descriptor for every grade", "missing descriptor", "$.areas[0].sub_areas[0].descriptors",
     "has no descriptor of grade 5 for age band \"under-5\""},
    {"one descriptor per grade and band", "second descriptor", "$.areas[0].sub_areas[0].descriptors[5]",
     "is a second descriptor of grade 2"},
    {"age bands the tool has", "unknown age band", "$.areas[1].sub_areas[0].descriptors[0].age_bands[0]",
     "must be the id of one of $.age_bands"},
    {"grades 1 to 5", "grade six", "$.areas[0].sub_areas[0].descriptors[0].grade",
     "must be a whole number from 1 to 5"},
    {"sub-area ids unique across the tool", "repeated sub-area", "$.areas[1].sub_areas[0].id",
     "\"food\" is the id of another sub-area"},
    {"ids in lower case", "bad id", "$.areas[0].id", "must use only lower-case letters"},
    {"an area has sub-areas", "no sub-areas", "$.areas[3].sub_areas", "must not be empty"},
    {"a band's ages in whole years", "age in words", "$.age_bands[0].to_age",
     "must be a whole number of years from 0 to 25"},
    {"a band's ages in order", "ages reversed", "$.age_bands[1].to_age", "must not be less than from_age"},
};

static void broken_documents_are_refused_by_path(void **state)
{
	(void)state;
	json_t *base = demo();
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		json_t *doc = json_deep_copy(base), *problems = json_array();
		edit(doc, c->change);
		assert_false(neglect_tool_check(doc, problems));
		bool found = false;
		size_t j;
		json_t *p;
		json_array_foreach(problems, j, p)
		{
			found =
			    found || (strcmp(json_string_value(json_object_get(p, "path")), c->path) == 0 &&
			              strstr(json_string_value(json_object_get(p, "message")), c->message));
		}
		if (!found)
			fail_msg("%s: no problem at %s saying \"%s\"; first: %s: %s", c->what, c->path,
			         c->message,
			         json_string_value(json_object_get(json_array_get(problems, 0), "path")),
			         json_string_value(json_object_get(json_array_get(problems, 0), "message")));
		json_decref(problems);
		json_decref(doc);
	}
	json_decref(base);
}

static void not_a_document(void **state)
{
	(void)state;
	json_t *problems = json_array(), *doc = json_array();
	assert_false(neglect_tool_check(doc, problems));
	assert_string_equal(json_string_value(json_object_get(json_array_get(problems, 0), "path")), "$");
	json_decref(problems);
	json_decref(doc);
}

/* ---- descriptors and grades ---- */

/* A child's age on the day, in whole years, against each band's ages: a birthday counts on the day. */
static void age_bands_fit_the_child(void **state)
{
	(void)state;
	json_t *doc = demo();
	const json_t *under5 = neglect_tool_age_band(doc, "under-5"),
	             *middle = neglect_tool_age_band(doc, "5-11");
	int age;
	assert_false(neglect_tool_age_fits(under5, "2016-04-12", "2026-12-06", &age));
	assert_int_equal(age, 10);
	assert_true(neglect_tool_age_fits(middle, "2016-04-12", "2026-12-06", &age));
	assert_true(neglect_tool_age_fits(under5, "2016-04-12", "2021-04-11", &age));
	assert_int_equal(age, 4);
	assert_false(neglect_tool_age_fits(under5, "2016-04-12", "2021-04-12", &age));
	assert_int_equal(age, 5);
	/* born on 29 February: not yet 5 on the 28th */
	assert_false(neglect_tool_age_fits(middle, "2016-02-29", "2021-02-28", &age));
	assert_int_equal(age, 4);
	/* no date of birth (an unborn child), or a band without ages: any band fits */
	assert_true(neglect_tool_age_fits(under5, NULL, "2026-12-06", &age));
	assert_int_equal(age, -1);
	json_t *bare = json_pack("{s:s, s:s}", "id", "all", "name", "Any age");
	assert_true(neglect_tool_age_fits(bare, "2000-01-01", "2026-12-06", &age));
	json_decref(bare);
	json_decref(doc);
}

static void descriptors_follow_the_age_band(void **state)
{
	(void)state;
	json_t *doc = demo();
	const json_t *area = NULL;
	const json_t *supervision = neglect_tool_sub_area(doc, "supervision", &area);
	assert_non_null(supervision);
	assert_string_equal(json_string_value(json_object_get(area, "id")), "safety");
	assert_non_null(strstr(neglect_tool_descriptor(supervision, "under-5", 1), "never left alone"));
	assert_non_null(strstr(neglect_tool_descriptor(supervision, "12-17", 1), "always knows where"));
	/* a descriptor for every band */
	const json_t *food = neglect_tool_sub_area(doc, "food", NULL);
	assert_ptr_equal(neglect_tool_descriptor(food, "under-5", 3),
	                 neglect_tool_descriptor(food, "12-17", 3));
	assert_null(neglect_tool_descriptor(food, "under-5", 6));
	assert_null(neglect_tool_sub_area(doc, "nowhere", NULL));
	json_decref(doc);
}

static json_t *every_grade(const json_t *doc, int grade)
{
	json_t *grades = json_object();
	size_t i, j;
	const json_t *a, *s;
	json_array_foreach(json_object_get(doc, "areas"), i, a)
	    json_array_foreach(json_object_get(a, "sub_areas"), j, s)
	        json_object_set_new(grades, json_string_value(json_object_get(s, "id")),
	                            json_pack("{s:i, s:s}", "grade", grade, "evidence", "Seen at home"));
	return grades;
}

static size_t count_errors(const json_t *doc, const json_t *grades, bool finishing, bool by_position,
                           const char *field)
{
	json_t *errors = json_array();
	neglect_tool_check_grades(doc, grades, finishing, by_position, errors);
	size_t n = 0, i;
	json_t *e;
	json_array_foreach(errors, i, e) n +=
	    !field || strcmp(json_string_value(json_object_get(e, "field")), field) == 0;
	json_decref(errors);
	return n;
}

static void grades_check(void **state)
{
	(void)state;
	json_t *doc = demo();
	json_t *some = json_pack("{s:{s:i}}", "food", "grade", 3);
	assert_int_equal(count_errors(doc, some, false, false, NULL), 0);        /* a draft may be partial */
	assert_int_equal(count_errors(doc, some, true, false, "grades"), 8 + 9); /* 8 grades, 9 evidences */
	/* by position, the form's fields: food is the first sub-area, so its evidence is evidence_1 */
	assert_int_equal(count_errors(doc, some, true, true, "evidence_1"), 1);
	assert_int_equal(count_errors(doc, some, true, true, "grade_1"), 0);
	assert_int_equal(count_errors(doc, some, true, true, "grade_2"), 1);
	json_t *all = every_grade(doc, 2);
	assert_int_equal(count_errors(doc, all, true, false, NULL), 0);
	json_object_set_new(all, "flying", json_pack("{s:i}", "grade", 1));
	assert_int_equal(count_errors(doc, all, false, false, NULL), 1); /* not a sub-area */
	json_object_del(all, "flying");
	json_object_set_new(all, "food", json_pack("{s:i, s:s}", "grade", 0, "evidence", "x"));
	assert_int_equal(count_errors(doc, all, false, false, NULL), 1); /* 0 is not a grade */
	json_object_set_new(all, "food", json_pack("{s:i, s:s}", "grade", 2, "evidence", "   "));
	assert_int_equal(count_errors(doc, all, true, false, NULL), 1); /* blank evidence cannot finish */
	json_decref(all);
	/* a key that is not a sub-area with "é" across byte 100, where its quote is cut: the error keeps
	 * its field and quotes the key up to the é (cut in half, message and field were both lost) */
	char key[128];
	memset(key, 'x', 99);
	strcpy(key + 99, "\xc3\xa9-more");
	json_t *unknown = json_pack("{s:{s:i}}", key, "grade", 1), *errors = json_array();
	neglect_tool_check_grades(doc, unknown, false, false, errors);
	assert_int_equal(json_array_size(errors), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")), "grades");
	char expected[160];
	snprintf(expected, sizeof expected, "\"%.99s\" is not a sub-area of this version of the tool", key);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "message")),
	                    expected);
	json_decref(errors);
	json_decref(unknown);
	json_decref(some);
	json_decref(doc);
}

/* ---- the rule ---- */

struct rule_case {
	const char *what;
	int grades[9]; /* in the tool's order: food, home-conditions, health-care, supervision, safe-home,
	                  warmth, responsiveness, play-and-learning, attendance; 0 = not graded */
	int areas[4];  /* physical-care, safety, love-and-care, stimulation; 0 = not every sub-area graded */
	int overall;   /* 0: null */
};

static const struct rule_case rule_cases[] = {
    {"all fully met", {1, 1, 1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1}, 1},
    {"an area is its worst sub-area, not their average", {1, 1, 5, 1, 1, 1, 1, 1, 1}, {5, 1, 1, 1}, 5},
    {"the overall grade is the worst area", {2, 2, 2, 3, 2, 2, 4, 2, 2}, {2, 3, 4, 2}, 4},
    {"an ungraded sub-area leaves its area and the overall ungraded",
     {3, 0, 1, 2, 2, 1, 1, 1, 1},
     {0, 2, 1, 1},
     0},
};

static const char *const sub_ids[] = {"food",           "home-conditions",   "health-care",
                                      "supervision",    "safe-home",         "warmth",
                                      "responsiveness", "play-and-learning", "attendance"};

static void grading_rule(void **state)
{
	(void)state;
	json_t *doc = demo();
	for (size_t i = 0; i < sizeof rule_cases / sizeof rule_cases[0]; i++) {
		const struct rule_case *c = &rule_cases[i];
		json_t *grades = json_object();
		for (size_t s = 0; s < 9; s++)
			if (c->grades[s])
				json_object_set_new(grades, sub_ids[s],
				                    json_pack("{s:i}", "grade", c->grades[s]));
		json_t *summary = neglect_tool_summarise(doc, grades);
		const json_t *areas = json_object_get(summary, "areas");
		assert_int_equal(json_array_size(areas), 4);
		for (size_t a = 0; a < 4; a++) {
			const json_t *g = json_object_get(json_array_get(areas, a), "grade");
			if (c->areas[a] ? json_integer_value(g) != c->areas[a] : !json_is_null(g))
				fail_msg("%s: area %zu", c->what, a);
		}
		const json_t *overall = json_object_get(summary, "overall_grade");
		if (c->overall ? json_integer_value(overall) != c->overall : !json_is_null(overall))
			fail_msg("%s: overall", c->what);
		json_decref(summary);
		json_decref(grades);
	}
	json_decref(doc);
}

struct change_case {
	const char *what;
	int baseline[3], latest[3]; /* 0: not graded */
	const char *changes[3];     /* NULL: none can be said */
	bool improving;
};

static const struct change_case change_cases[] = {
    {"one better, none worse, is improving", {3, 3, 3}, {2, 3, 3}, {"better", "same", "same"}, true},
    {"one better and one worse is not", {3, 3, 3}, {2, 4, 3}, {"better", "worse", "same"}, false},
    {"no change is not", {2, 2, 2}, {2, 2, 2}, {"same", "same", "same"}, false},
    {"an ungraded area says nothing", {3, 0, 3}, {2, 2, 3}, {"better", NULL, "same"}, true},
};

static json_t *areas_of(const int grades[3])
{
	static const char *const ids[] = {"a", "b", "c"};
	json_t *out = json_array();
	for (size_t i = 0; i < 3; i++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:o}", "id", ids[i], "name", ids[i], "grade",
		                                     grades[i] ? json_integer(grades[i]) : json_null()));
	return out;
}

static void change_between_assessments(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof change_cases / sizeof change_cases[0]; i++) {
		const struct change_case *c = &change_cases[i];
		json_t *base = areas_of(c->baseline), *latest = areas_of(c->latest);
		bool improving = !c->improving;
		json_t *change = neglect_tool_change(base, latest, &improving);
		if (improving != c->improving)
			fail_msg("%s: improving", c->what);
		for (size_t a = 0; a < 3; a++) {
			const char *said =
			    json_string_value(json_object_get(json_array_get(change, a), "change"));
			if (c->changes[a] ? !said || strcmp(said, c->changes[a]) != 0 : said != NULL)
				fail_msg("%s: area %zu says %s", c->what, a, said ? said : "nothing");
		}
		json_decref(change);
		json_decref(base);
		json_decref(latest);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(demo_tool_is_valid),
	    cmocka_unit_test(broken_documents_are_refused_by_path),
	    cmocka_unit_test(not_a_document),
	    cmocka_unit_test(descriptors_follow_the_age_band),
	    cmocka_unit_test(age_bands_fit_the_child),
	    cmocka_unit_test(grades_check),
	    cmocka_unit_test(grading_rule),
	    cmocka_unit_test(change_between_assessments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
