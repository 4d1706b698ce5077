/*
 * test_core_latin.c — a name in plain Latin letters (src/core/latin.h): accents
 * dropped, other scripts spelt in Latin letters, and which names are wholly in
 * another script (the review themes' and priorities' identifiers rest on it).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "core/latin.h"

static void check_latin(const char *name, const char *want)
{
	char *got = latin_ascii(name);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void writes_names_in_latin_letters(void **state)
{
	(void)state;
	check_latin("Negléct", "Neglect");
	check_latin("N\xd0\xb5glect", "Neglect"); /* a Cyrillic е among Latin letters */
	check_latin("Straße", "Strasse");
	check_latin("Насилие", "Nasilie");
	check_latin("Neglect", "Neglect");
	check_latin("", "");
}

static void knows_names_wholly_in_another_script(void **state)
{
	(void)state;
	assert_true(latin_none("Насилие"));
	assert_true(latin_none("市场"));
	assert_false(latin_none("N\xd0\xb5glect"));
	assert_false(latin_none("Neglect 2"));
	assert_false(latin_none("—")); /* no letters at all */
	assert_true(latin_has_other_script("N\xd0\xb5glect"));
	assert_false(latin_has_other_script("Negléct"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(writes_names_in_latin_letters),
	    cmocka_unit_test(knows_names_wholly_in_another_script),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
