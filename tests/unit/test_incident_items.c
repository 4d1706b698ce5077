/*
 * test_incident_items.c — how incident_check (src/areas/incidents/incident.h)
 * names the problems of an incident's adults and children: an item that is
 * not an object is named by its place in the list, and a field an adult or a
 * child does not have by its path, in a lone incident and in one of a batch
 * (whose messages start with the incident, and still read as sentences).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "areas/incidents/incident.h"

/* The errors incident_check gives `text` (a JSON object) with these prefixes, as a new array. */
static json_t *errors_of(const char *text, const char *field_prefix, const char *message_prefix)
{
	json_t *raw = json_loads(text, 0, NULL);
	assert_non_null(raw);
	const long long la_codes[] = {888};
	const struct incident_check check = {.la_codes = la_codes,
	                                     .la_count = 1,
	                                     .now = 1798761600, /* 2027-01-01T00:00:00Z */
	                                     .field_prefix = field_prefix,
	                                     .message_prefix = message_prefix};
	json_t *errors = json_array();
	json_t *incident = incident_check(raw, &check, errors);
	assert_null(incident);
	json_decref(raw);
	return errors;
}

/* Whether `errors` holds {field, message}. */
static bool has_error(const json_t *errors, const char *field, const char *message)
{
	size_t i;
	const json_t *e;
	json_array_foreach(errors, i, e)
	{
		if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0 &&
		    strcmp(json_string_value(json_object_get(e, "message")), message) == 0)
			return true;
	}
	return false;
}

static const char items[] = "{\"police_reference\": \"T-1\", \"occurred_at\": \"2026-11-26T19:30:00Z\","
                            " \"la_code\": 888, \"risk_level\": \"high\", \"circumstances\": \"Fictional.\","
                            " \"adults\": [5, {\"name\": \"A\", \"role\": \"victim\", \"shoe_size\": 9}],"
                            " \"children\": [\"Sam\", {\"given_name\": \"B\", \"family_name\": \"C\","
                            " \"date_of_birth\": \"2016-01-02\", \"colour\": \"red\"}]}";

static void test_items_of_a_lone_incident(void **state)
{
	(void)state;
	json_t *errors = errors_of(items, "", "");
	assert_true(has_error(errors, "adults[0]", "Adult 1 must be an object with the adult's details"));
	assert_true(
	    has_error(errors, "adults[1].shoe_size", "The field shoe_size is not one an incident has"));
	assert_true(has_error(errors, "children[0]", "Child 1 must be an object with the child's details"));
	assert_true(has_error(errors, "children[1].colour", "The field colour is not one an incident has"));
	json_decref(errors);
}

static void test_items_of_an_incident_in_a_batch(void **state)
{
	(void)state;
	json_t *errors = errors_of(items, "incidents[3].", "Incident 4 (T-1): ");
	assert_true(has_error(errors, "incidents[3].adults[0]",
	                      "Incident 4 (T-1): Adult 1 must be an object with the adult's details"));
	assert_true(has_error(errors, "incidents[3].children[0]",
	                      "Incident 4 (T-1): Child 1 must be an object with the child's details"));
	assert_true(has_error(errors, "incidents[3].children[1].colour",
	                      "Incident 4 (T-1): The field colour is not one an incident has"));
	json_decref(errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_items_of_a_lone_incident),
	    cmocka_unit_test(test_items_of_an_incident_in_a_batch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
