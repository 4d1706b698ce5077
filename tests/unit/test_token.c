/*
 * test_token.c — tests random tokens (auth/token.h): their length and
 * base64url alphabet, that two are never the same, that the stored hash is
 * deterministic and differs between tokens, and that token_equal compares
 * whole strings, whatever their lengths.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "auth/token.h"

static void test_new_shape(void **state)
{
	(void)state;
	char t[TOKEN_TEXT_SIZE];
	token_new(t);
	assert_int_equal(strlen(t), 43);
	for (size_t i = 0; t[i]; i++) {
		char c = t[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		          c == '-' || c == '_';
		if (!ok)
			print_error("character %zu of %s is not base64url\n", i, t);
		assert_true(ok);
	}
}

static void test_new_differs(void **state)
{
	(void)state;
	char a[TOKEN_TEXT_SIZE], b[TOKEN_TEXT_SIZE];
	token_new(a);
	token_new(b);
	assert_string_not_equal(a, b);
}

static void test_hash(void **state)
{
	(void)state;
	char a[TOKEN_TEXT_SIZE], b[TOKEN_TEXT_SIZE];
	token_new(a);
	token_new(b);
	unsigned char ha1[TOKEN_HASH_SIZE], ha2[TOKEN_HASH_SIZE], hb[TOKEN_HASH_SIZE];
	token_hash(a, ha1);
	token_hash(a, ha2);
	token_hash(b, hb);
	assert_memory_equal(ha1, ha2, TOKEN_HASH_SIZE);
	assert_memory_not_equal(ha1, hb, TOKEN_HASH_SIZE);

	/* BLAKE2b-256 of "abc" (RFC 7693's input, at 32 bytes of output). */
	static const unsigned char abc[TOKEN_HASH_SIZE] = {
	    0xbd, 0xdd, 0x81, 0x3c, 0x63, 0x42, 0x39, 0x72, 0x31, 0x71, 0xef, 0x3f, 0xee, 0x98, 0x57, 0x9b,
	    0x94, 0x96, 0x4e, 0x3b, 0xb1, 0xcb, 0x3e, 0x42, 0x72, 0x62, 0xc8, 0xc0, 0x68, 0xd5, 0x23, 0x19,
	};
	token_hash("abc", ha1);
	assert_memory_equal(ha1, abc, TOKEN_HASH_SIZE);
}

static void test_equal(void **state)
{
	(void)state;
	char a[TOKEN_TEXT_SIZE], b[TOKEN_TEXT_SIZE];
	token_new(a);
	token_new(b);
	char copy[TOKEN_TEXT_SIZE];
	memcpy(copy, a, sizeof copy);
	assert_true(token_equal(a, copy));
	assert_false(token_equal(a, b));

	/* A prefix, an extension and a one-character change all differ. */
	char shorter[TOKEN_TEXT_SIZE];
	memcpy(shorter, a, sizeof shorter);
	shorter[42] = '\0';
	assert_false(token_equal(a, shorter));
	assert_false(token_equal(shorter, a));
	char longer[TOKEN_TEXT_SIZE + 1];
	memcpy(longer, a, TOKEN_TEXT_SIZE);
	longer[43] = 'x';
	longer[44] = '\0';
	assert_false(token_equal(a, longer));
	copy[0] = copy[0] == 'A' ? 'B' : 'A';
	assert_false(token_equal(a, copy));

	assert_true(token_equal("", ""));
	assert_false(token_equal(a, ""));
	assert_false(token_equal(a, NULL));
	assert_false(token_equal(NULL, a));
	assert_false(token_equal(NULL, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new_shape),
	    cmocka_unit_test(test_new_differs),
	    cmocka_unit_test(test_hash),
	    cmocka_unit_test(test_equal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
