/*
 * test_fields_lists.c — tests the lists of typed input (router/fields.h): a
 * list with a refused entry names the entry and keeps every entry as typed;
 * a list's boxes on the page (fields_list_boxes, fields_entry_id); a whole
 * list (one that replaces what is kept) refused when left out of JSON and
 * empty when none is given; a list that keeps [] (a PATCH's) apart from one
 * not sent; and what was typed kept to show again
 * (fields_keep_typed: a list whole, in order, never a secret).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "core/status.h"
#include "fields_fixture.h"
#include "router/fields.h"

/*
 * A list with a refused entry: each error names its entry ("item", its place
 * among the entries, a blank box not one), and the list in values keeps
 * every entry as typed, in order, so the form shown again keeps them all.
 */
static void test_list_entries_kept_and_named(void **state)
{
	(void)state;
	static const struct field_spec specs[] = {
	    {.name = "ids", .label = "a record number", .type = FIELD_INT, .multiple = true},
	    {.name = "emails", .label = "an email", .type = FIELD_EMAIL, .multiple = true},
	    {0},
	};
	const struct field_pair pairs[] = {{"ids", "1"},         {"ids", " "}, {"ids", "12a"},
	                                   {"ids", "2"},         {"ids", "x"}, {"emails", "a@b.example"},
	                                   {"emails", "not one"}};
	json_t *errors = json_array(), *values = NULL;
	assert_int_equal(fields_validate_pairs(specs, pairs, 7, NULL, &values, errors), HAVEN_ERR_INVALID);
	assert_int_equal(check_errors_shape(errors), 3);
	long long items[3];
	for (size_t i = 0; i < 3; i++)
		items[i] = json_integer_value(json_object_get(json_array_get(errors, i), "item"));
	assert_int_equal(items[0], 1); /* "12a": the second entry, the blank box not counted */
	assert_int_equal(items[1], 3); /* "x" */
	assert_int_equal(items[2], 1); /* "not one" */
	json_t *want = json_loads(
	    "{\"ids\": [1, \"12a\", 2, \"x\"], \"emails\": [\"a@b.example\", \"not one\"]}", 0, NULL);
	assert_true(json_equal(values, want));
	json_decref(want);
	json_decref(values);

	/* all valid: the handler gets typed values only, blanks left out, and no "item" anywhere */
	const struct field_pair good[] = {{"ids", "1"}, {"ids", ""}, {"ids", "2"}};
	json_array_clear(errors);
	assert_int_equal(fields_validate_pairs(specs, good, 3, NULL, &values, errors), HAVEN_OK);
	want = json_loads("{\"ids\": [1, 2]}", 0, NULL);
	assert_true(json_equal(values, want));
	json_decref(want);
	json_decref(values);

	/* JSON: the entry refused is named, not kept */
	json_t *body = json_loads("{\"ids\": [1, 2, \"three\"]}", 0, NULL);
	assert_int_equal(fields_validate_json(specs, body, &values, errors), HAVEN_ERR_INVALID);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(errors, 0), "item")), 2);
	json_decref(body);
	json_decref(values);
	json_decref(errors);
}

/* A list's boxes: at least the count asked for, as many as the entries, each with its id and entry. */
static void test_list_boxes(void **state)
{
	(void)state;
	char id[FIELDS_ENTRY_ID_SIZE];
	fields_entry_id("children", 0, id, sizeof id);
	assert_string_equal(id, "children");
	fields_entry_id("children", 2, id, sizeof id);
	assert_string_equal(id, "children-3");
	json_t *entries = json_loads("[7, \"12a\"]", 0, NULL);
	json_t *boxes = fields_list_boxes("children", entries, 3);
	json_t *want = json_loads("[{\"input_id\": \"children\", \"number\": 1, \"value\": \"7\"},"
	                          " {\"input_id\": \"children-2\", \"number\": 2, \"value\": \"12a\"},"
	                          " {\"input_id\": \"children-3\", \"number\": 3, \"value\": \"\"}]",
	                          0, NULL);
	assert_true(json_equal(boxes, want));
	json_decref(boxes);
	json_decref(want);
	boxes = fields_list_boxes("children", entries, 1);
	assert_int_equal(json_array_size(boxes), 2);
	json_decref(boxes);
	json_decref(entries);
}

/* What was typed, kept to show again or carry on: a list's every value in order, never a secret. */
static void test_keep_typed(void **state)
{
	(void)state;
	static const struct field_spec specs[] = {
	    {.name = "reason", .label = "the reason", .type = FIELD_TEXT},
	    {.name = "agencies", .label = "the agencies", .type = FIELD_SLUG, .multiple = true},
	    {.name = "password", .label = "your password", .type = FIELD_TEXT, .secret = true},
	    {0},
	};
	static const struct field_pair pairs[] = {
	    {"agencies", "police"}, {"reason", "first"},    {"password", "secret words"}, {"agencies", ""},
	    {"reason", "second"},   {"agencies", "school"}, {"agencies", "bad\xff"},      {"csrf_token", "t"},
	};
	json_t *typed = json_object();
	fields_keep_typed(typed, specs, pairs, sizeof pairs / sizeof pairs[0]);
	json_t *want = json_pack("{s:[s,s,s], s:s, s:s}", "agencies", "police", "", "school", "reason",
	                         "second", "csrf_token", "t");
	assert_true(json_equal(typed, want));
	json_decref(want);
	json_decref(typed);
}

static const struct field_spec whole_list_specs[] = {
    {.name = "themes", .label = "the themes", .type = FIELD_SLUG, .multiple = true, .whole_list = true},
    {0},
};

/* A whole list left out of a JSON body is refused, so that leaving it out clears nothing. */
static void test_whole_list_left_out_of_json(void **state)
{
	(void)state;
	const char *bodies[] = {"{}", "{\"themes\": null}"};
	for (size_t i = 0; i < 2; i++) {
		json_decref(fx.values);
		json_array_clear(fx.errors);
		json_decref(fx.body);
		fx.body = json_loads(bodies[i], 0, NULL);
		assert_int_equal(fields_validate_json(whole_list_specs, fx.body, &fx.values, fx.errors),
		                 HAVEN_ERR_INVALID);
		assert_string_equal(error_for(fx.errors, "themes"), "Send the themes as a list: [] for none");
	}
}

/* A whole list sent empty in JSON, or a form with none of its boxes ticked, gives the handler []. */
static void test_whole_list_empty(void **state)
{
	(void)state;
	fx.body = json_pack("{s:[]}", "themes");
	assert_int_equal(fields_validate_json(whole_list_specs, fx.body, &fx.values, fx.errors), HAVEN_OK);
	assert_true(json_is_array(json_object_get(fx.values, "themes")));
	assert_int_equal(json_array_size(json_object_get(fx.values, "themes")), 0);
	json_decref(fx.values);
	assert_int_equal(fields_validate_pairs(whole_list_specs, NULL, 0, NULL, &fx.values, fx.errors),
	                 HAVEN_OK);
	assert_true(json_is_array(json_object_get(fx.values, "themes")));
	assert_int_equal(json_array_size(json_object_get(fx.values, "themes")), 0);
	json_decref(fx.values);
	struct field_pair two[] = {{"themes", "neglect"}, {"themes", "safer-sleep"}};
	assert_int_equal(fields_validate_pairs(whole_list_specs, two, 2, NULL, &fx.values, fx.errors),
	                 HAVEN_OK);
	assert_int_equal(json_array_size(json_object_get(fx.values, "themes")), 2);
	assert_int_equal(json_array_size(fx.errors), 0);
}

/*
 * A list that keeps an empty one (a PATCH's roles): [] reaches the handler as [], left out or null it is
 * not there ("not sent"), and a list without keeps_empty still leaves [] out, as it always did.
 */
static void test_keeps_empty(void **state)
{
	(void)state;
	static const struct field_spec specs[] = {
	    {.name = "roles",
	     .label = "the roles",
	     .type = FIELD_SLUG,
	     .multiple = true,
	     .keeps_empty = true},
	    {.name = "tags", .label = "the tags", .type = FIELD_SLUG, .multiple = true},
	    {0},
	};
	fx.body = json_pack("{s:[], s:[]}", "roles", "tags");
	assert_int_equal(fields_validate_json(specs, fx.body, &fx.values, fx.errors), HAVEN_OK);
	assert_true(json_is_array(json_object_get(fx.values, "roles")));
	assert_int_equal(json_array_size(json_object_get(fx.values, "roles")), 0);
	assert_null(json_object_get(fx.values, "tags"));
	const char *not_sent[] = {"{}", "{\"roles\": null}"};
	for (size_t i = 0; i < 2; i++) {
		json_decref(fx.values);
		json_decref(fx.body);
		fx.body = json_loads(not_sent[i], 0, NULL);
		assert_int_equal(fields_validate_json(specs, fx.body, &fx.values, fx.errors), HAVEN_OK);
		assert_null(json_object_get(fx.values, "roles"));
	}
	json_decref(fx.values);
	json_decref(fx.body);
	fx.body = json_pack("{s:[s]}", "roles", "dsl");
	assert_int_equal(fields_validate_json(specs, fx.body, &fx.values, fx.errors), HAVEN_OK);
	assert_int_equal(json_array_size(json_object_get(fx.values, "roles")), 1);
	assert_int_equal(json_array_size(fx.errors), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_list_entries_kept_and_named),
	    cmocka_unit_test(test_list_boxes),
	    cmocka_unit_test(test_keep_typed),
	    cmocka_unit_test_setup_teardown(test_whole_list_left_out_of_json, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_whole_list_empty, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_keeps_empty, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
