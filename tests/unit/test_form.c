/*
 * test_form.c — tests urlencoded form decoding (http/form.h): splitting on
 * '&' and the first '=', '+' as a space, %XX escapes in names and values,
 * empty values and empty pairs, repeated names kept in order, and that a
 * malformed escape or a NUL byte, raw or escaped, rejects the whole body (HAVEN_ERR_INVALID)
 * without leaking what was decoded before it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"
#include "http/form.h"

#define MAX_PAIRS 4

/* A body that decodes, and the pairs it must give (ended by a NULL name). */
struct valid_case {
	const char *body;
	struct field_pair want[MAX_PAIRS + 1];
};

static const struct valid_case valid[] = {
    {"", {{0}}},
    {"&", {{0}}},
    {"&&&", {{0}}},
    {"a=1", {{"a", "1"}}},
    {"a=1&b=2", {{"a", "1"}, {"b", "2"}}},
    {"a=hello+world", {{"a", "hello world"}}},
    {"a=+x+", {{"a", " x "}}},
    {"a=hello%20world", {{"a", "hello world"}}},
    {"a=1%2B1", {{"a", "1+1"}}},
    {"a=%2b%2B", {{"a", "++"}}},
    {"a=%26%3D", {{"a", "&="}}},
    {"a=x%3Dy&b", {{"a", "x=y"}, {"b", ""}}},
    {"a=b=c", {{"a", "b=c"}}},
    {"a=", {{"a", ""}}},
    {"a", {{"a", ""}}},
    {"=v", {{"", "v"}}},
    {"=", {{"", ""}}},
    {"&&a=1&", {{"a", "1"}}},
    {"a=1&&b=2", {{"a", "1"}, {"b", "2"}}},
    {"first+name=Ann", {{"first name", "Ann"}}},
    {"na%6De=x", {{"name", "x"}}},
    {"a=%C3%A9", {{"a", "\xc3\xa9"}}},
    {"a=%0D%0A", {{"a", "\r\n"}}},
    {"a=%ff", {{"a", "\xff"}}},
    {"tag=a&tag=b&tag=c&x=1", {{"tag", "a"}, {"tag", "b"}, {"tag", "c"}, {"x", "1"}}},
    {"b=2&a=1&b=3", {{"b", "2"}, {"a", "1"}, {"b", "3"}}},
};

/* Bodies that must be refused. */
static const char *const invalid[] = {
    "a=%",
    "a=%2",
    "a=%zz",
    "a=%2z",
    "a=%z2",
    "a=% 2",
    "a=%%20",
    "a=%00",
    "a=x%00y",
    "%=1",
    "%00=1",
    "a%0=1",
    "a=1&b=%",
    "a=1&b=2&c=%g0",
    "ok=1&ok=2&ok=3&ok=4&ok=5&ok=6&ok=7&ok=8&ok=9&bad=%x", /* after the list has grown */
};

static void test_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		const struct valid_case *c = &valid[i];
		struct field_pair *pairs = NULL;
		size_t count = 12345;
		enum haven_status st = form_parse(c->body, strlen(c->body), &pairs, &count);
		if (st != HAVEN_OK)
			print_error("case %zu: \"%s\": status %d\n", i, c->body, (int)st);
		assert_int_equal(st, HAVEN_OK);
		size_t want = 0;
		while (c->want[want].name)
			want++;
		if (count != want)
			print_error("case %zu: \"%s\": %zu pairs, want %zu\n", i, c->body, count, want);
		assert_int_equal(count, want);
		for (size_t k = 0; k < count; k++) {
			assert_string_equal(pairs[k].name, c->want[k].name);
			assert_string_equal(pairs[k].value, c->want[k].value);
		}
		form_pairs_free(pairs, count);
	}
}

static void test_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		struct field_pair *pairs = (struct field_pair *)&pairs; /* must stay untouched */
		struct field_pair *const untouched = pairs;
		size_t count = 777;
		enum haven_status st = form_parse(invalid[i], strlen(invalid[i]), &pairs, &count);
		if (st != HAVEN_ERR_INVALID)
			print_error("\"%s\": status %d\n", invalid[i], (int)st);
		assert_int_equal(st, HAVEN_ERR_INVALID);
		assert_ptr_equal(pairs, untouched);
		assert_int_equal(count, 777);
	}
}

/*
 * A raw NUL byte is refused as %00 is: decoded, it would end the C string
 * early, so "a=x\0y" would arrive as "x" (found by tests/fuzz/fuzz_form.c).
 */
static void test_raw_nul(void **state)
{
	(void)state;
	static const struct {
		const char *body;
		size_t len;
	} cases[] = {{"a=x\0y", 5}, {"a\0b=1", 5}, {"\0", 1}, {"ok=1&b=\0", 9}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct field_pair *pairs = NULL;
		size_t count = 0;
		assert_int_equal(form_parse(cases[i].body, cases[i].len, &pairs, &count), HAVEN_ERR_INVALID);
		assert_null(pairs);
	}
}

/* Only `len` bytes are read: the body need not be NUL-terminated. */
static void test_length_bounds(void **state)
{
	(void)state;
	struct field_pair *pairs = NULL;
	size_t count = 0;
	const char body[] = "a=1&b=2";
	assert_int_equal(form_parse(body, 3, &pairs, &count), HAVEN_OK);
	assert_int_equal(count, 1);
	assert_string_equal(pairs[0].name, "a");
	assert_string_equal(pairs[0].value, "1");
	form_pairs_free(pairs, count);

	/* an escape cut off by the length is malformed, not read past the end */
	const char cut[] = "a=%41";
	assert_int_equal(form_parse(cut, 4, &pairs, &count), HAVEN_ERR_INVALID);

	/* a buffer without a terminating NUL (ASan checks we stay inside it) */
	char *raw = malloc(5);
	assert_non_null(raw);
	memcpy(raw, "x=%41", 5);
	assert_int_equal(form_parse(raw, 5, &pairs, &count), HAVEN_OK);
	assert_int_equal(count, 1);
	assert_string_equal(pairs[0].value, "A");
	form_pairs_free(pairs, count);
	free(raw);
}

/* Many pairs: the list grows and keeps every pair in order. */
static void test_many_pairs(void **state)
{
	(void)state;
	char body[4096] = "";
	size_t used = 0;
	for (int i = 0; i < 100; i++)
		used += (size_t)snprintf(body + used, sizeof body - used, "%sk%d=v%d", i ? "&" : "", i, i);
	struct field_pair *pairs = NULL;
	size_t count = 0;
	assert_int_equal(form_parse(body, used, &pairs, &count), HAVEN_OK);
	assert_int_equal(count, 100);
	for (int i = 0; i < 100; i++) {
		char name[16], value[16];
		snprintf(name, sizeof name, "k%d", i);
		snprintf(value, sizeof value, "v%d", i);
		assert_string_equal(pairs[i].name, name);
		assert_string_equal(pairs[i].value, value);
	}
	form_pairs_free(pairs, count);
	form_pairs_free(NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),      cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_raw_nul),    cmocka_unit_test(test_length_bounds),
	    cmocka_unit_test(test_many_pairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
