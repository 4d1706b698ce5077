/*
 * test_json_text.c — tests json_text_append (src/core/json_text.h): for
 * every kind of value, and strings with every escape, control characters,
 * multi-byte UTF-8 and embedded NULs, its text is byte for byte what
 * jansson's json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER) writes; invalid
 * UTF-8 and a value that contains itself are refused, leaving the buffer as
 * it was.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/json_text.h"

/* The value's text is jansson's, after text already in the buffer, with reals to `precision` digits. */
static void same_to_precision(json_t *value, int precision)
{
	char *expected = json_dumps(value, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
	                                       JSON_REAL_PRECISION(precision));
	assert_non_null(expected);
	struct buf out = BUF_INIT;
	buf_append_str(&out, "before");
	assert_true(json_text_append(&out, value, precision));
	assert_string_equal(buf_cstr(&out) + 6, expected);
	assert_int_equal(out.len, 6 + strlen(expected));
	free(expected);
	buf_free(&out);
	json_decref(value);
}

static void same_as_jansson(json_t *value)
{
	same_to_precision(value, 0);
}

static void test_scalars(void **state)
{
	(void)state;
	same_as_jansson(json_null());
	same_as_jansson(json_true());
	same_as_jansson(json_false());
	same_as_jansson(json_integer(0));
	same_as_jansson(json_integer(-9223372036854775807LL - 1));
	same_as_jansson(json_integer(9223372036854775807LL));
	same_as_jansson(json_real(1.0));
	same_as_jansson(json_real(-0.1));
	same_as_jansson(json_real(1e300));
	same_as_jansson(json_real(6.02214076e-23));
	same_as_jansson(json_string(""));
	/* the access log's durations: six digits */
	same_to_precision(json_pack("{s:f, s:f}", "duration_ms", 6.53012345, "tiny", 0.000012345678), 6);
}

static void test_strings(void **state)
{
	(void)state;
	same_as_jansson(json_string("plain words / with a slash"));
	same_as_jansson(json_string("quote \" backslash \\ tab \t newline \n return \r"));
	same_as_jansson(json_string("\b\f\x01\x1f\x7f end"));
	same_as_jansson(json_string("Zoë, Łukasz, 子供, 🙂 and \xe2\x80\xa8"));
	same_as_jansson(json_stringn("nul \0 inside", 12));
	same_as_jansson(json_stringn("\"\\", 2));
	/* escapes grow the text up to six times: more room each time */
	char controls[300];
	for (size_t i = 0; i < sizeof controls; i++)
		controls[i] = (char)(i % 3 == 0 ? 'a' : 1 + i % 31);
	same_as_jansson(json_stringn(controls, sizeof controls));
}

static void test_containers(void **state)
{
	(void)state;
	same_as_jansson(json_object());
	same_as_jansson(json_array());
	/* keys in the order added, not sorted */
	same_as_jansson(json_pack("{s:i, s:s, s:n, s:b, s:[i, s, {}], s:{s:{s:[]}}, s:f}", "zebra", 1,
	                          "apple", "a \"b\"", "middle", "flag", 1, "list", 2, "x", "nested", "inner",
	                          "deep", "real", 2.5));
	json_t *odd_key = json_object();
	json_object_setn_new(odd_key, "k\0ey\n", 5, json_string("v"));
	same_as_jansson(odd_key);
}

static void test_refused(void **state)
{
	(void)state;
	struct buf out = BUF_INIT;
	buf_append_str(&out, "kept");
	const char *bad[] = {"\xff",         "\xc0\x80",         "\xe0\x80\x80",
	                     "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *v = json_pack("{s:[o]}", "list", json_stringn_nocheck(bad[i], strlen(bad[i])));
		char *dumped = json_dumps(v, JSON_COMPACT);
		assert_null(dumped); /* jansson refuses it too */
		assert_false(json_text_append(&out, v, 0));
		assert_string_equal(buf_cstr(&out), "kept");
		json_decref(v);
	}
	/* jansson refuses a value put in itself, but not in something it holds */
	json_t *loop = json_array(), *holder = json_object();
	json_array_append(loop, holder);
	json_object_set(holder, "loop", loop);
	assert_null(json_dumps(loop, JSON_COMPACT));
	assert_false(json_text_append(&out, loop, 0));
	assert_string_equal(buf_cstr(&out), "kept");
	json_object_clear(holder);
	json_decref(holder);
	json_decref(loop);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scalars),
	    cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_containers),
	    cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
