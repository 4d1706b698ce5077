/*
 * test_roles.c — tests how a set of roles is shown and read (auth/roles.h):
 * the choices a roles field offers are every role's name in the order of
 * enum role, a JSON list of names reads back as the set it names (names
 * that are no role, and values that are not text, add none), and a form's
 * checkboxes offer only the roles asked for, tick the chosen ones and mark
 * the first one shown; a list's role and account-status filters offer "any"
 * first and select exactly the one chosen.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "auth/roles.h"

static void test_choices_are_every_role_in_order(void **state)
{
	(void)state;
	size_t i = 0;
	for (unsigned r = 1; r <= ROLE_ALL; r <<= 1, i++) {
		assert_non_null(roles_choices[i]);
		assert_string_equal(roles_choices[i], role_name((enum role)r));
	}
	assert_int_equal(i, ROLE_COUNT);
	assert_null(roles_choices[ROLE_COUNT]);
}

static void test_names_read_and_written(void **state)
{
	(void)state;
	json_t *names = json_pack("[s, s, s, i, s]", "dsl", "admin", "no_such_role", 7, "dsl");
	assert_int_equal(roles_from_json(names), ROLE_ADMIN | ROLE_DSL);
	json_decref(names);
	assert_int_equal(roles_from_json(NULL), 0);

	json_t *written = roles_to_json(ROLE_DSL | ROLE_ADMIN | ROLE_AGENCY_ADMIN);
	json_t *want = json_pack("[s, s, s]", "admin", "dsl", "agency_admin");
	assert_true(json_equal(written, want));
	assert_int_equal(roles_from_json(written), ROLE_DSL | ROLE_ADMIN | ROLE_AGENCY_ADMIN);
	json_decref(want);
	json_decref(written);

	json_t *labels = roles_labels(ROLE_FRONT_DOOR | ROLE_POLICE);
	want = json_pack("[{s:s}, {s:s}]", "label", "Front door (MASH)", "label", "Police");
	assert_true(json_equal(labels, want));
	json_decref(want);
	json_decref(labels);
}

static void test_checkboxes(void **state)
{
	(void)state;
	/* an agency administrator's form: never admin, so the first box shown is the second role */
	json_t *boxes = roles_checkboxes(ROLE_PARTNERSHIP | ROLE_DSL, ROLE_DSL | ROLE_ADMIN);
	json_t *want = json_pack("[{s:s, s:s, s:b, s:b}, {s:s, s:s, s:b, s:b}]", "name", "partnership",
	                         "label", "Partnership team", "checked", 0, "first", 1, "name", "dsl",
	                         "label", "Designated Safeguarding Lead", "checked", 1, "first", 0);
	assert_true(json_equal(boxes, want));
	json_decref(want);
	json_decref(boxes);

	boxes = roles_checkboxes(ROLE_ALL, 0);
	assert_int_equal(json_array_size(boxes), ROLE_COUNT);
	json_decref(boxes);
}

/* The select options a list's filter gets: {value, text, selected} each, "any" first. */
static void test_filter_options(void **state)
{
	(void)state;
	json_t *options = roles_filter_options(ROLE_ALL, "police");
	assert_int_equal(json_array_size(options), ROLE_COUNT + 1);
	json_t *any = json_array_get(options, 0);
	assert_string_equal(json_string_value(json_object_get(any, "value")), "");
	assert_string_equal(json_string_value(json_object_get(any, "text")), "Any role");
	size_t selected = 0, i;
	json_t *o;
	json_array_foreach(options, i, o)
	{
		if (!json_is_true(json_object_get(o, "selected")))
			continue;
		selected++;
		assert_string_equal(json_string_value(json_object_get(o, "value")), "police");
		assert_string_equal(json_string_value(json_object_get(o, "text")), "Police");
	}
	assert_int_equal(selected, 1);
	json_decref(options);

	options = account_state_options(NULL);
	json_t *want = json_pack("[{s:s, s:s, s:b}, {s:s, s:s, s:b}, {s:s, s:s, s:b}, {s:s, s:s, s:b}]",
	                         "value", "", "text", "Any status", "selected", 1, "value", "active", "text",
	                         "Active", "selected", 0, "value", "invited", "text", "Invited", "selected",
	                         0, "value", "disabled", "text", "Disabled", "selected", 0);
	assert_true(json_equal(options, want));
	json_decref(want);
	json_decref(options);
	options = account_state_options("disabled");
	assert_true(json_is_true(json_object_get(json_array_get(options, 3), "selected")));
	assert_true(json_is_false(json_object_get(json_array_get(options, 0), "selected")));
	json_decref(options);
}

/* An account's state: active, invited (until when, and whether that has passed) or disabled, and its tag. */
static void test_account_state(void **state)
{
	(void)state;
	const int64_t expires = 1796000000; /* 2026-11-30T00:53:20Z */
	json_t *a = json_object();
	account_state_to_json(a, false, 0, expires);
	account_state_tag(a);
	assert_string_equal(json_string_value(json_object_get(a, "state")), "active");
	assert_null(json_object_get(a, "invitation_expires_at"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "state_tag"), "text")),
	                    "Active");
	json_decref(a);

	a = json_object();
	account_state_to_json(a, false, expires, expires - 1);
	account_state_tag(a);
	assert_string_equal(json_string_value(json_object_get(a, "state")), "invited");
	assert_string_equal(json_string_value(json_object_get(a, "invitation_expires_at")),
	                    "2026-11-30T00:53:20Z");
	assert_true(json_is_false(json_object_get(a, "invitation_expired")));
	json_t *tag = json_object_get(a, "state_tag");
	assert_string_equal(json_string_value(json_object_get(tag, "text")), "Invited");
	assert_string_equal(json_string_value(json_object_get(tag, "colour")), "blue");
	json_decref(a);

	a = json_object();
	account_state_to_json(a, false, expires, expires);
	account_state_tag(a);
	assert_true(json_is_true(json_object_get(a, "invitation_expired")));
	tag = json_object_get(a, "state_tag");
	assert_string_equal(json_string_value(json_object_get(tag, "text")), "Invitation expired");
	assert_string_equal(json_string_value(json_object_get(tag, "colour")), "orange");
	json_decref(a);

	a = json_object(); /* disabled before accepting: disabled, and no invitation shown */
	account_state_to_json(a, true, expires, expires - 1);
	account_state_tag(a);
	assert_string_equal(json_string_value(json_object_get(a, "state")), "disabled");
	assert_null(json_object_get(a, "invitation_expires_at"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(a, "state_tag"), "colour")),
	                    "grey");
	json_decref(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_choices_are_every_role_in_order),
	    cmocka_unit_test(test_names_read_and_written),
	    cmocka_unit_test(test_account_state),
	    cmocka_unit_test(test_checkboxes),
	    cmocka_unit_test(test_filter_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
