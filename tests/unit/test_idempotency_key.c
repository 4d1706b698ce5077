/*
 * test_idempotency_key.c — tests what an Idempotency-Key header (or a page's
 * submission token) may hold (http/idempotency_key.h): 1 to 255 printable
 * ASCII characters, space to tilde; nothing, too long, control characters,
 * DEL and bytes past ASCII are refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "http/idempotency_key.h"

static void takes_printable_ascii(void **state)
{
	(void)state;
	assert_true(idempotency_key_valid("a"));
	assert_true(idempotency_key_valid("8e03978e-40d5-43e8-bc93-6894a57f9324"));
	assert_true(
	    idempotency_key_valid("Vj3_Kq9-xYz0aBcDeFgHiJkLmNoPqRsTuVwXyZ01234")); /* a page's token */
	assert_true(idempotency_key_valid(" !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"));
	char longest[IDEMPOTENCY_KEY_MAX + 1];
	memset(longest, 'k', IDEMPOTENCY_KEY_MAX);
	longest[IDEMPOTENCY_KEY_MAX] = '\0';
	assert_true(idempotency_key_valid(longest));
}

static void refuses_the_rest(void **state)
{
	(void)state;
	assert_false(idempotency_key_valid(NULL));
	assert_false(idempotency_key_valid(""));
	char too_long[IDEMPOTENCY_KEY_MAX + 2];
	memset(too_long, 'k', IDEMPOTENCY_KEY_MAX + 1);
	too_long[IDEMPOTENCY_KEY_MAX + 1] = '\0';
	assert_false(idempotency_key_valid(too_long));
	assert_false(idempotency_key_valid("tab\there"));
	assert_false(idempotency_key_valid("line\nbreak"));
	assert_false(idempotency_key_valid("del\x7f"));
	assert_false(idempotency_key_valid("caf\xc3\xa9"));  /* UTF-8 */
	assert_false(idempotency_key_valid("latin\xe9"));    /* Latin-1 */
	assert_false(idempotency_key_valid("\x01\x02\x03")); /* control characters */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(takes_printable_ascii),
	    cmocka_unit_test(refuses_the_rest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
