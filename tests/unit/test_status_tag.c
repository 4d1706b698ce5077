/*
 * test_status_tag.c — tests the one status-tag table type (view/status_tag.h):
 * a status is found in its area's table by exact value, an unknown or missing
 * status finds nothing (and then sets nothing), a found entry sets the
 * three keys pages and the API read, a form's radio buttons are the
 * table's statuses in order with GOV.UK's ids and the chosen one checked, and a form field
 * whose choices are the table's statuses accepts those and nothing else.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "router/fields.h"
#include "view/status_tag.h"

static const struct status_tag statuses[] = {
    {"new", "New", "govuk-tag--blue"},
    {"overdue", "Overdue", "govuk-tag--red"},
    {"new_again", "Reopened", "govuk-tag--yellow"},
    {0},
};

static void finds_a_status_by_its_exact_value(void **state)
{
	(void)state;
	const struct status_tag *t = status_tag_find(statuses, "overdue");
	assert_non_null(t);
	assert_string_equal(t->label, "Overdue");
	assert_string_equal(t->tag, "govuk-tag--red");
	t = status_tag_find(statuses, "new_again");
	assert_non_null(t);
	assert_string_equal(t->label, "Reopened"); /* not the prefix "new" */
	assert_null(status_tag_find(statuses, "ne"));
	assert_null(status_tag_find(statuses, "Overdue"));
	assert_null(status_tag_find(statuses, ""));
	assert_null(status_tag_find(statuses, NULL));
}

static void sets_the_three_keys(void **state)
{
	(void)state;
	json_t *record = json_pack("{s:s}", "id", "7");
	status_tag_set(record, status_tag_find(statuses, "new"));
	assert_string_equal(json_string_value(json_object_get(record, "status")), "new");
	assert_string_equal(json_string_value(json_object_get(record, "status_label")), "New");
	assert_string_equal(json_string_value(json_object_get(record, "status_tag")), "govuk-tag--blue");
	assert_int_equal(json_object_size(record), 4);
	json_decref(record);

	/* a status the table lacks sets nothing, rather than a wrong word or colour */
	record = json_object();
	status_tag_set(record, status_tag_find(statuses, "archived"));
	assert_int_equal(json_object_size(record), 0);
	json_decref(record);
}

static void makes_radio_choices_with_the_chosen_one_checked(void **state)
{
	(void)state;
	json_t *choices = status_tag_choices("state", statuses, "overdue");
	assert_int_equal(json_array_size(choices), 3);
	static const char *const values[] = {"new", "overdue", "new_again"};
	/* GOV.UK's ids: the first the field's own, so the error summary's link reaches it */
	static const char *const ids[] = {"state", "state-overdue", "state-new_again"};
	for (size_t i = 0; i < 3; i++) {
		json_t *c = json_array_get(choices, i);
		assert_int_equal(json_object_size(c), 4);
		assert_string_equal(json_string_value(json_object_get(c, "id")), ids[i]);
		assert_string_equal(json_string_value(json_object_get(c, "value")), values[i]);
		assert_string_equal(json_string_value(json_object_get(c, "label")), statuses[i].label);
		assert_int_equal(json_is_true(json_object_get(c, "checked")), i == 1);
	}
	json_decref(choices);

	/* nothing chosen yet, or a value the table lacks: none checked */
	const char *none[] = {NULL, "archived"};
	for (size_t n = 0; n < 2; n++) {
		choices = status_tag_choices("state", statuses, none[n]);
		for (size_t i = 0; i < 3; i++)
			assert_false(json_is_true(json_object_get(json_array_get(choices, i), "checked")));
		json_decref(choices);
	}
}

/* The status field of a form, its choices the table's statuses, given `value`: the value taken, or NULL. */
static const char *field_takes(const char *value, char *message, size_t size)
{
	static const struct field_spec specs[] = {
	    {.name = "status",
	     .label = "the status",
	     .type = FIELD_CHOICE,
	     STATUS_TAG_FIELD_CHOICES(statuses)},
	    {0},
	};
	static char taken[32];
	json_t *body = json_pack("{s:s}", "status", value), *values = NULL, *errors = json_array();
	enum haven_status st = fields_validate_json(specs, body, &values, errors);
	const char *got = json_string_value(json_object_get(values, "status"));
	snprintf(taken, sizeof taken, "%s", got ? got : "");
	const char *said = json_string_value(json_object_get(json_array_get(errors, 0), "message"));
	snprintf(message, size, "%s", said ? said : "");
	assert_int_equal(st == HAVEN_OK, got != NULL);
	json_decref(body);
	json_decref(values);
	json_decref(errors);
	return got ? taken : NULL;
}

static void is_a_form_fields_choices(void **state)
{
	(void)state;
	char message[128];
	for (size_t i = 0; statuses[i].status; i++) {
		const char *got = field_takes(statuses[i].status, message, sizeof message);
		assert_non_null(got);
		assert_string_equal(got, statuses[i].status);
	}
	static const char *const refused[] = {"ne", "Overdue", "archived", "New"};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		assert_null(field_takes(refused[i], message, sizeof message));
		assert_string_equal(message, "Select the status from the list");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(finds_a_status_by_its_exact_value),
	    cmocka_unit_test(sets_the_three_keys),
	    cmocka_unit_test(makes_radio_choices_with_the_chosen_one_checked),
	    cmocka_unit_test(is_a_form_fields_choices),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
