/*
 * test_encoding.c — tests which compression a client accepts
 * (src/router/encoding.h) as a table of Accept-Encoding headers as browsers,
 * proxies and tools send them, with q-values that refuse a coding, "*", and
 * malformed weights.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "router/encoding.h"

static void chooses(void **state)
{
	(void)state;
	static const struct {
		const char *header;
		enum content_coding coding;
	} cases[] = {
	    {NULL, CODING_IDENTITY},
	    {"", CODING_IDENTITY},
	    {"gzip, deflate, br, zstd", CODING_BR}, /* Chromium */
	    {"gzip, deflate, br", CODING_BR},       /* Firefox */
	    {"gzip, deflate", CODING_GZIP},         /* curl --compressed without brotli */
	    {"identity", CODING_IDENTITY},
	    {"deflate", CODING_IDENTITY},
	    {"br;q=0, gzip", CODING_GZIP},
	    {"gzip;q=0, br;q=0", CODING_IDENTITY},
	    {"gzip;q=1.0, br;q=0.5", CODING_GZIP}, /* the client prefers gzip */
	    {"gzip;q=0.5, br;q=0.5", CODING_BR},   /* a tie: the smaller */
	    {"*", CODING_BR},
	    {"*;q=0", CODING_IDENTITY},
	    {"*;q=0, gzip", CODING_GZIP},
	    {"br;q=0, *", CODING_GZIP},
	    {"GZIP", CODING_GZIP},
	    {"x-gzip", CODING_GZIP},
	    {"  br  ;  q=0.8 ,gzip;q=0.2", CODING_BR},
	    {"br;q=2", CODING_IDENTITY},     /* no weight is over 1: malformed, so not acceptable */
	    {"br;q=abc, gzip", CODING_GZIP}, /* a malformed weight: not acceptable */
	    {"brotli, gzips", CODING_IDENTITY},
	    {",,, gzip ,", CODING_GZIP},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (encoding_choose(cases[i].header) != cases[i].coding)
			fail_msg("\"%s\" chose %d, expected %d", cases[i].header ? cases[i].header : "(none)",
			         encoding_choose(cases[i].header), cases[i].coding);
	assert_string_equal(encoding_name(CODING_BR), "br");
	assert_string_equal(encoding_name(CODING_GZIP), "gzip");
	assert_null(encoding_name(CODING_IDENTITY));
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(chooses)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
