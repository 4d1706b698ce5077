/*
 * test_core_latin.c — a name in plain Latin letters (src/core/latin.h): accents
 * dropped, other scripts spelt in Latin letters, and which names are wholly in
 * another script (the review themes' and priorities' identifiers rest on it);
 * NFKC first and nothing invisible kept; and how a name looks, whatever its
 * script (review themes that only look alike are one).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

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

static void normalises_before_writing_in_latin_letters(void **state)
{
	(void)state;
	check_latin("\xf0\x9d\x90\x8d\xf0\x9d\x90\x9e\xf0\x9d\x90\xa0\xf0\x9d\x90\xa5\xf0\x9d\x90\x9e"
	            "\xf0\x9d\x90\x9c\xf0\x9d\x90\xad",
	            "Neglect"); /* mathematical bold */
	check_latin("\xe2\x84\x95\xf0\x9d\x95\x96\xf0\x9d\x95\x98\xf0\x9d\x95\x9d\xf0\x9d\x95\x96"
	            "\xf0\x9d\x95\x94\xf0\x9d\x95\xa5",
	            "Neglect");                                     /* double-struck */
	check_latin("\xef\xbc\xae\xef\xbd\x85\xef\xbd\x87", "Neg"); /* fullwidth */
	check_latin("\xef\xac\x81re", "fire");                      /* the ligature fi */
}

static void drops_what_shows_nothing(void **state)
{
	(void)state;
	check_latin("Neg\xe2\x80\x8dlect", "Neglect");             /* zero-width joiner */
	check_latin("Neg\xe2\x80\x8clect", "Neglect");             /* zero-width non-joiner */
	check_latin("Neg\xc2\xadlect", "Neglect");                 /* soft hyphen */
	check_latin("Neg\xef\xb8\x8flect", "Neglect");             /* variation selector 16 */
	check_latin("\xe2\x80\x8fNeglect\xe2\x80\x8e", "Neglect"); /* bidi marks */
	check_latin("Safer s\xe2\x80\x8dleep", "Safer sleep");
}

static void check_look(const char *a, const char *b, bool alike)
{
	char *x = latin_look(a), *y = latin_look(b);
	assert_non_null(x);
	assert_non_null(y);
	if (alike)
		assert_string_equal(x, y);
	else
		assert_string_not_equal(x, y);
	free(x);
	free(y);
}

static void knows_names_that_look_alike(void **state)
{
	(void)state;
	check_look("\xd0\xa1\xd0\x85\xd0\x95", "CSE", true); /* Cyrillic СЅЕ */
	check_look("\xce\x91\xce\x92", "Ab", true);          /* Greek ΑΒ */
	check_look("\xce\x91\xce\x92", "AB", true);
	check_look("Neg\xe2\x80\x8dlect", "Neglect", true);
	check_look("\xe2\x84\x95\xf0\x9d\x95\x96\xf0\x9d\x95\x98\xf0\x9d\x95\x9d\xf0\x9d\x95\x96"
	           "\xf0\x9d\x95\x94\xf0\x9d\x95\xa5",
	           "Neglect", true);
	check_look("Safer sleep!", "safer  sleep", true);
	check_look("\xce\x91\xce\x92", "Ab 2", false);
	check_look("Safe r sleep", "Safer sleep", false);
	check_look("\xe5\xb8\x82\xe5\x9c\xba", "\xe6\x98\xaf\xe5\xb8\xb8",
	           false); /* 市场, 是常: both "shi chang" */
	check_look("\xd0\x9d\xd0\xb0\xd1\x81\xd0\xb8\xd0\xbb\xd0\xb8\xd0\xb5", "Nasilie",
	           false); /* Насилие */
	char *look = latin_look("\xd0\xa1\xd0\x85\xd0\x95!");
	assert_string_equal(look, "cse");
	free(look);
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
	/* mathematical letters are of no script until NFKC makes them Latin */
	assert_false(latin_none("\xf0\x9d\x90\x8d\xf0\x9d\x90\x9e\xf0\x9d\x90\xa0"));
	assert_false(latin_has_other_script("\xf0\x9d\x90\x8d\xf0\x9d\x90\x9e\xf0\x9d\x90\xa0"));
	assert_true(latin_none("\xd0\xa1\xd0\x85\xd0\x95"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(writes_names_in_latin_letters),
	    cmocka_unit_test(knows_names_wholly_in_another_script),
	    cmocka_unit_test(normalises_before_writing_in_latin_letters),
	    cmocka_unit_test(drops_what_shows_nothing),
	    cmocka_unit_test(knows_names_that_look_alike),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
