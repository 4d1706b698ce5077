/*
 * test_utf8.c — tests cutting text at a character boundary (src/core/utf8.h):
 * text that fits is kept whole, and a cut that would fall inside a two-,
 * three- or four-byte character backs up to where that character starts;
 * and counting characters, not bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/utf8.h"

static void cut_lengths(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t most, length;
	} cases[] = {
	    {"abc", 5, 3},               /* fits */
	    {"abc", 3, 3},               /* fits exactly */
	    {"abcd", 3, 3},              /* ASCII: cut where asked */
	    {"ab\xc3\xa9", 3, 2},        /* é (2 bytes) would be cut after its first */
	    {"ab\xc3\xa9", 4, 4},        /* é whole */
	    {"a\xe2\x80\x99s", 2, 1},    /* ’ (3 bytes) cut after 1 */
	    {"a\xe2\x80\x99s", 3, 1},    /* ... and after 2 */
	    {"a\xe2\x80\x99s", 4, 4},    /* ’ whole, the s cut */
	    {"\xf0\x9f\x98\x80x", 3, 0}, /* an emoji (4 bytes) cut: nothing kept */
	    {"\xf0\x9f\x98\x80x", 4, 4}, /* the emoji whole */
	    {"", 0, 0},                  /* empty */
	    {"abc", 0, 0},               /* nothing allowed */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(utf8_cut_length(cases[i].text, cases[i].most), cases[i].length);
	assert_int_equal(utf8_cut_length(NULL, 10), 0);
}

static void copies(void **state)
{
	(void)state;
	char out[4];
	utf8_copy(out, sizeof out, "ab\xc3\xa9"); /* 4 bytes into room for 3: é would be cut */
	assert_string_equal(out, "ab");
	utf8_copy(out, sizeof out, "a\xc3\xa9");
	assert_string_equal(out, "a\xc3\xa9");
	utf8_copy(out, sizeof out, NULL);
	assert_string_equal(out, "");
	char one[1];
	utf8_copy(one, sizeof one, "abc");
	assert_string_equal(one, "");
}

static void counts_characters(void **state)
{
	(void)state;
	assert_int_equal(utf8_characters("abc"), 3);
	assert_int_equal(utf8_characters("ab\xc3\xa9"), 3);        /* é: 2 bytes, 1 character */
	assert_int_equal(utf8_characters("a\xe2\x80\x99s"), 3);    /* ’: 3 bytes */
	assert_int_equal(utf8_characters("\xf0\x9f\x98\x80x"), 2); /* an emoji: 4 bytes */
	assert_int_equal(utf8_characters(""), 0);
	assert_int_equal(utf8_characters(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(cut_lengths),
	    cmocka_unit_test(copies),
	    cmocka_unit_test(counts_characters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
