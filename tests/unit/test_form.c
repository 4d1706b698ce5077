/*
 * test_form.c — tests urlencoded form decoding (http/form.h): splitting on
 * '&' and the first '=', '+' as a space, %XX escapes in names and values,
 * empty values and empty pairs, repeated names kept in order, and that a
 * malformed escape or a NUL byte, raw or escaped, makes its name or value
 * FORM_NOT_TEXT while every other piece of the body is read.
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

#define MAX_PAIRS 10

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

#define X FORM_NOT_TEXT

/* Bodies with a piece not correctly encoded: that piece is FORM_NOT_TEXT, and every other is read. */
static const struct valid_case not_text[] = {
    {"a=%", {{"a", X}}},
    {"a=%2", {{"a", X}}},
    {"a=%zz", {{"a", X}}},
    {"a=%2z", {{"a", X}}},
    {"a=%z2", {{"a", X}}},
    {"a=% 2", {{"a", X}}},
    {"a=%%20", {{"a", X}}},
    {"a=%00", {{"a", X}}},
    {"a=x%00y", {{"a", X}}},
    {"%=1", {{X, "1"}}},
    {"%00=1", {{X, "1"}}},
    {"a%0=1", {{X, "1"}}},
    {"a=1&b=%", {{"a", "1"}, {"b", X}}},
    {"a=1&b=%&c=3", {{"a", "1"}, {"b", X}, {"c", "3"}}},
    {"a=1&b=2&c=%g0", {{"a", "1"}, {"b", "2"}, {"c", X}}},
    {"ok=1&ok=2&ok=3&ok=4&ok=5&ok=6&ok=7&ok=8&ok=9&bad=%x", /* after the list has grown */
     {{"ok", "1"},
      {"ok", "2"},
      {"ok", "3"},
      {"ok", "4"},
      {"ok", "5"},
      {"ok", "6"},
      {"ok", "7"},
      {"ok", "8"},
      {"ok", "9"},
      {"bad", X}}},
};

/* Decodes the first `len` bytes of `c->body` and checks it gives exactly the pairs `c->want`. */
static void check_case(const char *kind, size_t i, const struct valid_case *c, size_t len)
{
	struct field_pair *pairs = NULL;
	size_t count = 12345;
	form_parse(c->body, len, &pairs, &count);
	size_t want = 0;
	while (c->want[want].name)
		want++;
	if (count != want)
		print_error("%s case %zu: \"%s\": %zu pairs, want %zu\n", kind, i, c->body, count, want);
	assert_int_equal(count, want);
	for (size_t k = 0; k < count; k++) {
		assert_string_equal(pairs[k].name, c->want[k].name);
		assert_string_equal(pairs[k].value, c->want[k].value);
	}
	form_pairs_free(pairs, count);
}

static void test_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
		check_case("valid", i, &valid[i], strlen(valid[i].body));
}

static void test_not_text(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof not_text / sizeof not_text[0]; i++)
		check_case("not text", i, &not_text[i], strlen(not_text[i].body));
}

/*
 * A raw NUL byte is not text, as %00 is not: decoded, it would end the C
 * string early, so "a=x\0y" would arrive as "x" (found by tests/fuzz/fuzz_form.c).
 */
static void test_raw_nul(void **state)
{
	(void)state;
	static const struct {
		struct valid_case c;
		size_t len;
	} cases[] = {{{"a=x\0y", {{"a", X}}}, 5},
	             {{"a\0b=1", {{X, "1"}}}, 5},
	             {{"\0", {{X, ""}}}, 1},
	             {{"ok=1&b=\0", {{"ok", "1"}, {"b", X}}}, 9}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_case("raw NUL", i, &cases[i].c, cases[i].len);
}

/* Only `len` bytes are read: the body need not be NUL-terminated. */
static void test_length_bounds(void **state)
{
	(void)state;
	struct field_pair *pairs = NULL;
	size_t count = 0;
	const char body[] = "a=1&b=2";
	form_parse(body, 3, &pairs, &count);
	assert_int_equal(count, 1);
	assert_string_equal(pairs[0].name, "a");
	assert_string_equal(pairs[0].value, "1");
	form_pairs_free(pairs, count);

	/* an escape cut off by the length is malformed, not read past the end */
	const char cut[] = "a=%41";
	form_parse(cut, 4, &pairs, &count);
	assert_int_equal(count, 1);
	assert_string_equal(pairs[0].value, FORM_NOT_TEXT);
	form_pairs_free(pairs, count);

	/* a buffer without a terminating NUL (ASan checks we stay inside it) */
	char *raw = malloc(5);
	assert_non_null(raw);
	memcpy(raw, "x=%41", 5);
	form_parse(raw, 5, &pairs, &count);
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
	form_parse(body, used, &pairs, &count);
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
	    cmocka_unit_test(test_valid),      cmocka_unit_test(test_not_text),
	    cmocka_unit_test(test_raw_nul),    cmocka_unit_test(test_length_bounds),
	    cmocka_unit_test(test_many_pairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
