/*
 * test_threshold.c — the levels-of-need framework (src/areas/threshold/
 * framework.h): the suggestion rule as a table (highest level ticked, raised
 * one level by the rule's numbers, never above the highest level, no
 * ticks), the document checker (the built-in demo framework passes; each
 * broken copy of it is refused with the problem named by its JSON path),
 * the indicator search, and working out a suggestion from ticks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/threshold/framework.h"
#include "core/embedded.h"
#include "embedded_document.h"

/* ---- the rule ---- */

#define MAX_CASE_TICKS 8

struct rule_case {
	const char *what;
	struct threshold_rule rule;
	struct threshold_tick ticks[MAX_CASE_TICKS];
	size_t n;
	int suggested;
	bool raised;
	int highest_ticked;
};

#define DEMO_RULE                                                                                            \
	{                                                                                                    \
		.domains_at_least = 2, .indicators_at_least = 3, .at_or_above_level = 2, .highest_level = 4  \
	}
#define CD "child-development"
#define PC "parenting-capacity"
#define FE "family-environment"

static const struct rule_case rule_cases[] = {
    {"no ticks suggest the lowest level", DEMO_RULE, {{0}}, 0, 1, false, 0},
    {"one Level 1 indicator", DEMO_RULE, {{1, CD}}, 1, 1, false, 1},
    {"three Level 1 indicators from three domains are below the rule's level",
     DEMO_RULE,
     {{1, CD}, {1, PC}, {1, FE}},
     3,
     1,
     false,
     1},
    {"one Level 2 indicator", DEMO_RULE, {{2, CD}}, 1, 2, false, 2},
    {"the highest level counts, not the most common",
     DEMO_RULE,
     {{1, CD}, {1, PC}, {1, FE}, {3, PC}},
     4,
     3,
     false,
     3},
    {"three Level 2 indicators from one domain are not raised",
     DEMO_RULE,
     {{2, CD}, {2, CD}, {2, CD}},
     3,
     2,
     false,
     2},
    {"two Level 2 indicators from two domains are not enough", DEMO_RULE, {{2, CD}, {2, PC}}, 2, 2, false, 2},
    {"three Level 2 indicators from two domains raise to Level 3",
     DEMO_RULE,
     {{2, CD}, {2, PC}, {2, CD}},
     3,
     3,
     true,
     2},
    {"only indicators at the highest level count towards raising",
     DEMO_RULE,
     {{2, CD}, {2, PC}, {2, FE}, {3, CD}},
     4,
     3,
     false,
     3},
    {"three Level 3 indicators from three domains raise to Level 4",
     DEMO_RULE,
     {{3, CD}, {3, PC}, {3, FE}},
     3,
     4,
     true,
     3},
    {"never above the highest level", DEMO_RULE, {{4, CD}, {4, PC}, {4, FE}, {4, FE}}, 4, 4, false, 4},
    {"the rule's numbers come from the data: one indicator is enough",
     {.domains_at_least = 1, .indicators_at_least = 1, .at_or_above_level = 1, .highest_level = 4},
     {{1, FE}},
     1,
     2,
     true,
     1},
    {"a lower highest level caps an indicator above it",
     {.domains_at_least = 2, .indicators_at_least = 3, .at_or_above_level = 2, .highest_level = 3},
     {{4, CD}},
     1,
     3,
     false,
     4},
    {"raising stops at the highest level",
     {.domains_at_least = 2, .indicators_at_least = 3, .at_or_above_level = 2, .highest_level = 3},
     {{3, CD}, {3, PC}, {3, FE}},
     3,
     3,
     false,
     3},
    {"a higher at_or_above_level leaves Level 2 alone",
     {.domains_at_least = 2, .indicators_at_least = 2, .at_or_above_level = 3, .highest_level = 4},
     {{2, CD}, {2, PC}},
     2,
     2,
     false,
     2},
    {"... and raises Level 3",
     {.domains_at_least = 2, .indicators_at_least = 2, .at_or_above_level = 3, .highest_level = 4},
     {{3, CD}, {3, PC}},
     2,
     4,
     true,
     3},
};

static void rule_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rule_cases / sizeof rule_cases[0]; i++) {
		const struct rule_case *c = &rule_cases[i];
		struct threshold_outcome out;
		threshold_rule_apply(&c->rule, c->ticks, c->n, &out);
		if (out.suggested_level != c->suggested || out.raised != c->raised ||
		    out.highest_ticked_level != c->highest_ticked)
			fail_msg("%s: suggested %d raised %d highest %d; expected %d %d %d", c->what,
			         out.suggested_level, out.raised, out.highest_ticked_level, c->suggested,
			         c->raised, c->highest_ticked);
	}
}

/* ---- the document ---- */

static json_t *demo(void)
{
	return embedded_document("data/threshold/framework-demo.json");
}

static void demo_framework_is_valid_and_fictional(void **state)
{
	(void)state;
	json_t *doc = demo(), *problems = json_array();
	bool ok = threshold_framework_check(doc, problems);
	assert_no_problems(problems);
	assert_true(ok);
	/* four levels, the three domains, a good number of indicators at every level */
	assert_int_equal(json_array_size(json_object_get(doc, "levels")), 4);
	assert_int_equal(json_array_size(json_object_get(doc, "domains")), 3);
	size_t n = json_array_size(json_object_get(doc, "indicators"));
	assert_true(n >= 60 && n <= 100);
	int per_level[5] = {0};
	size_t i, j, k;
	json_t *v, *la, *s;
	json_array_foreach(json_object_get(doc, "indicators"), i, v)
	    per_level[json_integer_value(json_object_get(v, "level"))]++;
	for (int l = 1; l <= 4; l++)
		assert_true(per_level[l] >= 10);
	/* every contact is obviously fictional: Ofcom's drama numbers and example.org */
	json_array_foreach(json_object_get(doc, "local_authorities"), i, la)
	{
		json_array_foreach(json_object_get(la, "services"), j, s)
		{
			const char *phone = json_string_value(json_object_get(s, "phone"));
			const char *email = json_string_value(json_object_get(s, "email"));
			assert_non_null(phone);
			assert_int_equal(strncmp(phone, "01632 960", 9), 0);
			assert_non_null(email);
			size_t len = strlen(email);
			assert_true(len > 12 && strcmp(email + len - 12, ".example.org") == 0);
		}
		(void)k;
	}
	assert_non_null(threshold_local(doc, 888));
	assert_non_null(threshold_local(doc, 889));
	assert_non_null(threshold_local(doc, 890));
	json_decref(problems);
	json_decref(doc);
}

/* Sets (value non-NULL) or removes the member at a dotted path ("indicators.3.level") of doc. */
static void set_path(json_t *doc, const char *path, const char *value)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", path);
	json_t *at = doc;
	char *save = NULL, *part = strtok_r(buf, ".", &save);
	while (part) {
		char *next = strtok_r(NULL, ".", &save);
		bool index = json_is_array(at);
		size_t i = index ? (size_t)strtoul(part, NULL, 10) : 0;
		if (!next) {
			json_t *v = value ? json_loads(value, JSON_DECODE_ANY, NULL) : NULL;
			if (value && !v)
				fail_msg("bad test value %s", value);
			if (index && v)
				assert_int_equal(json_array_set_new(at, i, v), 0);
			else if (index)
				assert_int_equal(json_array_remove(at, i), 0);
			else if (v)
				assert_int_equal(json_object_set_new(at, part, v), 0);
			else
				assert_int_equal(json_object_del(at, part), 0);
			return;
		}
		at = index ? json_array_get(at, i) : json_object_get(at, part);
		if (!at)
			fail_msg("no %s in %s", part, path);
		part = next;
	}
}

struct bad_case {
	const char *set;   /* dotted path in the demo document */
	const char *value; /* JSON text, or NULL to remove it */
	const char *path;  /* the problem's path */
	const char *says;  /* part of its message */
};

static const struct bad_case bad_cases[] = {
    {"version", "\"\"", "$.version", "must not be empty"},
    {"version", "\"2026 1\"", "$.version", "letters, digits"},
    {"version", NULL, "$.version", "is missing"},
    {"title", "42", "$.title", "must be text"},
    {"colour", "\"red\"", "$.colour", "is not a field"},
    {"levels.1.number", "5", "$.levels[1].number", "must be 2"},
    {"levels.0.course_of_action", NULL, "$.levels[0].course_of_action", "is missing"},
    {"domains", "[]", "$.domains", "must not be empty"},
    {"domains.1.id", "\"child-development\"", "$.domains[1].id", "repeats the domain id"},
    {"domains.0.dimensions.0.id", "\"Health\"", "$.domains[0].dimensions[0].id", "lower-case letters"},
    {"age_bands.0", "\"pre-birth\"", "$.age_bands[0]", "must be an object"},
    {"indicators.3.level", "7", "$.indicators[3].level", "from 1 to 4"},
    {"indicators.3.level", "\"2\"", "$.indicators[3].level", "whole number"},
    {"indicators.0.domain", "\"nowhere\"", "$.indicators[0].domain", "not the id of one of the domains"},
    {"indicators.0.dimension", "\"housing\"", "$.indicators[0].dimension", "not the id of a dimension"},
    {"indicators.1.id", "\"health-well\"", "$.indicators[1].id", "repeats the indicator id"},
    {"indicators.0.tags", "[\"Poverty!\"]", "$.indicators[0].tags[0]", "not a priority's key"},
    {"indicators.0.tags", "[\"neglect\", \"neglect\"]", "$.indicators[0].tags[1]", "repeats"},
    {"indicators.0.age_bands", "[\"adult\"]", "$.indicators[0].age_bands[0]",
     "not the id of one of the age bands"},
    {"indicators.0.examples", NULL, "$.indicators[0].examples", "is missing"},
    {"indicators.0.examples", "[\" \"]", "$.indicators[0].examples[0]", "non-empty"},
    {"indicators.0.colour", "\"red\"", "$.indicators[0].colour", "is not a field"},
    {"suggestion_rule.highest_level", "5", "$.suggestion_rule.highest_level", "from 1 to 4"},
    {"suggestion_rule.raise_one_level_when.domains_at_least", "0",
     "$.suggestion_rule.raise_one_level_when.domains_at_least", "from 1 to 20"},
    {"suggestion_rule.raise_one_level_when", NULL, "$.suggestion_rule.raise_one_level_when", "is missing"},
    {"local_authorities.0.routes.3", NULL, "$.local_authorities[0].routes", "has no route for level 4"},
    {"local_authorities.0.routes.1.level", "1", "$.local_authorities[0].routes[1].level", "repeats level 1"},
    {"local_authorities.0.routes.0.services.0", "\"nowhere\"", "$.local_authorities[0].routes[0].services[0]",
     "not the id of one of this local authority's services"},
    {"local_authorities.1.code", "888", "$.local_authorities[1].code", "repeats the local authority code"},
    {"local_authorities.0.services.0.kind", "\"hotline\"", "$.local_authorities[0].services[0].kind",
     "must be universal"},
    {"local_authorities.0.services.0.email", "\"nobody\"", "$.local_authorities[0].services[0].email",
     "must be an email address"},
};

static void broken_documents_are_refused_by_path(void **state)
{
	(void)state;
	json_t *base = demo();
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		json_t *doc = json_deep_copy(base), *problems = json_array();
		set_path(doc, c->set, c->value);
		assert_false(threshold_framework_check(doc, problems));
		bool found = false;
		size_t j;
		json_t *p;
		json_array_foreach(problems, j, p) found =
		    found || (strcmp(json_string_value(json_object_get(p, "path")), c->path) == 0 &&
		              strstr(json_string_value(json_object_get(p, "message")), c->says));
		if (!found) {
			char *all = json_dumps(problems, 0);
			fail_msg("setting %s: expected %s \"%s\", got %s", c->set, c->path, c->says, all);
		}
		json_decref(problems);
		json_decref(doc);
	}
	json_decref(base);
}

static void not_a_document(void **state)
{
	(void)state;
	const char *texts[] = {"[]", "\"framework\"", "{}", "null"};
	for (size_t i = 0; i < 4; i++) {
		json_t *doc = json_loads(texts[i], JSON_DECODE_ANY, NULL), *problems = json_array();
		assert_false(threshold_framework_check(doc, problems));
		assert_true(json_array_size(problems) >= 1);
		json_decref(problems);
		json_decref(doc);
	}
}

static void problems_are_capped(void **state)
{
	(void)state;
	json_t *doc = demo(), *problems = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(doc, "indicators"), i, v)
	{
		json_object_set_new(v, "level", json_integer(9));
		json_object_set_new(v, "domain", json_string("nowhere"));
	}
	assert_false(threshold_framework_check(doc, problems));
	assert_int_equal(json_array_size(problems), THRESHOLD_MAX_PROBLEMS);
	const char *last = json_string_value(
	    json_object_get(json_array_get(problems, THRESHOLD_MAX_PROBLEMS - 1), "message"));
	assert_non_null(strstr(last, "too many problems"));
	json_decref(problems);
	json_decref(doc);
}

/* ---- searching and evaluating ---- */

static void search(void **state)
{
	(void)state;
	json_t *doc = demo();
	const json_t *ind = threshold_indicator(doc, "safety-domestic-abuse");
	assert_non_null(ind);
	assert_true(threshold_indicator_matches(doc, ind, NULL));
	assert_true(threshold_indicator_matches(doc, ind, ""));
	assert_true(threshold_indicator_matches(doc, ind, "  POLICE  "));        /* an example, any case */
	assert_true(threshold_indicator_matches(doc, ind, "domestic abuse"));    /* every word */
	assert_true(threshold_indicator_matches(doc, ind, "ensuring safety"));   /* the dimension's name */
	assert_false(threshold_indicator_matches(doc, ind, "domestic housing")); /* one word is missing */
	assert_true(threshold_indicator_for_age(ind, "pre-birth"));
	const json_t *teen = threshold_indicator(doc, "health-substance-use");
	assert_false(threshold_indicator_for_age(teen, "5-11"));
	assert_true(threshold_indicator_for_age(teen, "12-17"));
	json_decref(doc);
}

static void evaluate(void **state)
{
	(void)state;
	json_t *doc = demo(), *errors = json_array();
	json_t *ticks = json_pack("[s, s, s]", "education-attendance-falling", "basic-care-inconsistent",
	                          "housing-poor-conditions");
	json_t *r = threshold_evaluate(doc, "5-11", 889, ticks, errors);
	assert_non_null(r);
	assert_int_equal(json_array_size(errors), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "suggested_level"), "number")),
	                 3);
	const json_t *basis = json_object_get(r, "basis");
	assert_true(json_is_true(json_object_get(basis, "raised")));
	assert_int_equal(json_array_size(json_object_get(basis, "driving_indicators")), 3);
	const json_t *route = json_object_get(r, "local_route");
	assert_int_equal(json_integer_value(json_object_get(route, "la_code")), 889);
	assert_int_equal(json_integer_value(json_object_get(route, "level")), 3);
	assert_true(json_array_size(json_object_get(route, "services")) >= 1);
	json_decref(r);
	json_decref(ticks);

	/* each bad choice is named by its field, and nothing is suggested */
	ticks = json_pack("[s, s]", "no-such-indicator", "health-substance-use");
	r = threshold_evaluate(doc, "0-4", 123, ticks, errors);
	assert_null(r);
	char *all = json_dumps(errors, 0);
	assert_non_null(strstr(all, "\"la_code\""));
	assert_non_null(strstr(all, "no-such-indicator"));
	assert_non_null(strstr(all, "does not apply to the age band"));
	free(all);
	json_decref(ticks);
	json_array_clear(errors);
	r = threshold_evaluate(doc, NULL, 0, NULL, errors);
	assert_null(r);
	assert_int_equal(json_array_size(errors), 3); /* age band, local authority, indicators */
	json_decref(errors);
	json_decref(doc);
}

/* A neglect indicator at Level 3 or above prompts a neglect assessment; lower ones and other tags do not. */
static void neglect_prompt(void **state)
{
	(void)state;
	static const struct {
		const char *what, *indicators;
		bool prompts;
	} cases[] = {
	    {"nothing ticked", "[]", false},
	    {"neglect at Level 2", "[{\"level\": 2, \"tags\": [\"neglect\"]}]", false},
	    {"neglect at Level 3", "[{\"level\": 3, \"tags\": [\"neglect\"]}]", true},
	    {"neglect at Level 4 among others",
	     "[{\"level\": 1, \"tags\": []}, {\"level\": 4, \"tags\": [\"domestic_abuse\", \"neglect\"]}]",
	     true},
	    {"Level 4 but not neglect", "[{\"level\": 4, \"tags\": [\"domestic_abuse\"]}]", false},
	    {"Level 3 without tags", "[{\"level\": 3}]", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *list = json_loads(cases[i].indicators, 0, NULL);
		assert_non_null(list);
		if (threshold_prompts_neglect(list) != cases[i].prompts)
			fail_msg("%s", cases[i].what);
		json_decref(list);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rule_table),
	    cmocka_unit_test(demo_framework_is_valid_and_fictional),
	    cmocka_unit_test(broken_documents_are_refused_by_path),
	    cmocka_unit_test(not_a_document),
	    cmocka_unit_test(problems_are_capped),
	    cmocka_unit_test(search),
	    cmocka_unit_test(evaluate),
	    cmocka_unit_test(neglect_prompt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
