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

#include <stdio.h>
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

/* Runs of bytes copied at once: an escape or a UTF-8 sequence at a run's start, its end, alone, or between
 * two runs, and a run as long as the string. */
static void test_run_boundaries(void **state)
{
	(void)state;
	const char *cases[] = {
	    "\"starts",
	    "ends\"",
	    "\"",
	    "\n",
	    "a\\b",
	    "ab\n\ncd",
	    "\t\"\\\x01",
	    "é",
	    "éa",
	    "aé",
	    "a\xf0\x9f\x99\x82"
	    "b",
	    "\xf0\x9f\x99\x82\n",
	    "\né",
	    "x\x7f\x1fy",
	    "\x1f\x20\x21",
	    "a/b c~d",
	    "",
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		same_as_jansson(json_string(cases[i]));
	/* every position of one escape in a long plain run */
	char text[40];
	for (size_t at = 0; at < sizeof text - 1; at++) {
		memset(text, 'p', sizeof text - 1);
		text[sizeof text - 1] = '\0';
		text[at] = at % 2 ? '"' : '\n';
		same_as_jansson(json_string(text));
	}
	/* a bad sequence after a run leaves the buffer as it was */
	struct buf out = BUF_INIT;
	buf_append_str(&out, "kept");
	assert_false(json_text_append_string(&out, "plain then \xff", 15));
	assert_string_equal(buf_cstr(&out), "kept");
	assert_int_equal(out.len, 4);
	buf_free(&out);
}

/* The pieces, as json_text_append writes the same values. */
static void test_pieces(void **state)
{
	(void)state;
	const long long integers[] = {
	    0, 7, -7, 10, 1234567890123LL, -9223372036854775807LL - 1, 9223372036854775807LL};
	for (size_t i = 0; i < sizeof integers / sizeof integers[0]; i++) {
		struct buf piece = BUF_INIT, whole = BUF_INIT;
		json_text_append_integer(&piece, integers[i]);
		json_t *v = json_integer(integers[i]);
		assert_true(json_text_append(&whole, v, 0));
		assert_string_equal(buf_cstr(&piece), buf_cstr(&whole));
		json_decref(v);
		buf_free(&piece);
		buf_free(&whole);
	}
	const double reals[] = {0.0,     -0.0,   0.001,    0.01,     0.123, 2.0,    12.5,  100.0,
	                        999.999, 1000.0, 1234.567, 999999.5, 1e21,  1.5e-7, -3.25, 0.0005};
	for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
		struct buf piece = BUF_INIT, whole = BUF_INIT;
		assert_true(json_text_append_real(&piece, reals[i], 6));
		json_t *v = json_real(reals[i]);
		assert_true(json_text_append(&whole, v, 6));
		assert_string_equal(buf_cstr(&piece), buf_cstr(&whole));
		char *dumped = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(6));
		assert_string_equal(buf_cstr(&piece), dumped);
		free(dumped);
		json_decref(v);
		buf_free(&piece);
		buf_free(&whole);
	}
	/* every whole number of thousandths under 1000 (the access log's durations), written without
	 * snprintf, at the precisions that path takes and the ones either side */
	for (long long k = 0; k < 1000000; k += 7) {
		double value = (double)k / 1000.0;
		const int precisions[] = {5, 6, 15, 16};
		for (size_t p = 0; p < sizeof precisions / sizeof precisions[0]; p++) {
			struct buf real = BUF_INIT;
			assert_true(json_text_append_real(&real, value, precisions[p]));
			char expected[40];
			snprintf(expected, sizeof expected, "%.*g", precisions[p], value);
			if (!strchr(expected, '.') && !strchr(expected, 'e'))
				strcat(expected, ".0");
			if (strcmp(buf_cstr(&real), expected) != 0)
				fail_msg("%lld thousandths at %d digits: %s, not %s", k, precisions[p],
				         buf_cstr(&real), expected);
			buf_free(&real);
		}
	}
	struct buf piece = BUF_INIT;
	assert_true(json_text_append_string(&piece, "say \"hi\"", 8));
	assert_string_equal(buf_cstr(&piece), "\"say \\\"hi\\\"\"");
	buf_free(&piece);
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
	    cmocka_unit_test(test_scalars),        cmocka_unit_test(test_strings),
	    cmocka_unit_test(test_run_boundaries), cmocka_unit_test(test_pieces),
	    cmocka_unit_test(test_containers),     cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
