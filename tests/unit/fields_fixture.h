/*
 * fields_fixture.h — what the unit tests of typed input (router/fields.h)
 * share: the field specs most of them validate against (every type
 * optional; one of each kind required), the checks on the errors array
 * ({"field", "message"}, a message starting with a capital, and which field
 * a message is for), and `fx`, the JSON a test keeps there so that its
 * teardown frees it even when an assertion fails. Static inline, because
 * each unit test is built from its one file (CMakeLists.txt), as
 * temp_store.h; the spec tables are marked unused, as not every test uses
 * every one.
 */
#ifndef HAVEN_TESTS_UNIT_FIELDS_FIXTURE_H
#define HAVEN_TESTS_UNIT_FIELDS_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "router/fields.h"

#define FIXTURE_TABLE __attribute__((unused))

FIXTURE_TABLE static const char *const kinds[] = {"police", "health", "local_authority", NULL};

/* Every type, all optional. */
FIXTURE_TABLE static const struct field_spec optional_specs[] = {
    {.name = "name", .label = "your name", .type = FIELD_TEXT, .min = 2, .max = 5},
    {.name = "title", .label = "the title", .type = FIELD_TEXT},
    {.name = "age", .label = "your age", .type = FIELD_INT, .min = 18, .max = 120},
    {.name = "count", .label = "the count", .type = FIELD_INT},
    {.name = "agree", .label = "whether you agree", .type = FIELD_BOOL},
    {.name = "when", .label = "the date", .type = FIELD_DATE},
    {.name = "email", .label = "your email address", .type = FIELD_EMAIL},
    {.name = "kind", .label = "the type of agency", .type = FIELD_CHOICE, .choices = kinds},
    {.name = "slug", .label = "the slug", .type = FIELD_SLUG, .max = 10},
    {.name = "tags", .label = "the tags", .type = FIELD_TEXT, .multiple = true},
    {0},
};

FIXTURE_TABLE static const struct field_spec required_specs[] = {
    {.name = "name", .label = "your name", .type = FIELD_TEXT, .required = true},
    {.name = "kind", .label = "the type of agency", .type = FIELD_CHOICE, .required = true, .choices = kinds},
    {.name = "agree", .label = "whether you agree", .type = FIELD_BOOL, .required = true},
    {.name = "when", .label = "the date", .type = FIELD_DATE, .required = true},
    {.name = "tags", .label = "the tags", .type = FIELD_TEXT, .required = true, .multiple = true},
    {0},
};

/* Checks the shape every error must have; returns the number of errors. */
static inline size_t check_errors_shape(const json_t *errors)
{
	assert_true(json_is_array(errors));
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		assert_true(json_is_object(e));
		/* an error about one entry of a list also says which ("item", from 0) */
		json_t *item = json_object_get(e, "item");
		assert_int_equal(json_object_size(e), item ? 3 : 2);
		assert_true(!item || (json_is_integer(item) && json_integer_value(item) >= 0));
		assert_true(json_is_string(json_object_get(e, "field")));
		const char *msg = json_string_value(json_object_get(e, "message"));
		assert_non_null(msg);
		assert_true(isupper((unsigned char)msg[0]));
	}
	return json_array_size(errors);
}

/* The message for `field` in `errors` (the only one: it fails if there are more). */
static inline const char *error_for(const json_t *errors, const char *field)
{
	const char *found = NULL;
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0) {
			assert_null(found);
			found = json_string_value(json_object_get(e, "message"));
		}
	}
	return found;
}

/*
 * A test may keep their JSON in `fx` so that the teardown frees it even
 * when an assertion fails (they show bugs, so they may fail).
 */
static struct {
	json_t *errors, *values, *body;
} fx;

static inline int fx_setup(void **state)
{
	(void)state;
	fx.errors = json_array();
	fx.values = NULL;
	fx.body = NULL;
	return 0;
}

static inline int fx_teardown(void **state)
{
	(void)state;
	json_decref(fx.errors);
	json_decref(fx.values);
	json_decref(fx.body);
	fx.errors = fx.values = fx.body = NULL;
	return 0;
}

#endif
