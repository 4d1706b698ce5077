/*
 * test_totp.c — tests one-time passwords (auth/totp.h): every test vector
 * of RFC 6238 Appendix B (8 digits, SHA-1, SHA-256 and SHA-512 with the
 * RFC's 20-, 32- and 64-byte seeds), the drift window of totp_check (one
 * step either side, not two), its refusal of wrong and malformed codes,
 * base32 against RFC 4648, and the otpauth:// URI an app scans.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "auth/totp.h"

/* The RFC's seeds: "1234567890" repeated to the hash's output length. */
static const unsigned char seed_sha1[] = "12345678901234567890";
static const unsigned char seed_sha256[] = "12345678901234567890123456789012";
static const unsigned char seed_sha512[] = "1234567890123456789012345678901234567890123456789012345678901234";

struct vector {
	uint64_t time;
	const char *sha1, *sha256, *sha512;
};

/* RFC 6238 Appendix B. */
static const struct vector vectors[] = {
    {59, "94287082", "46119246", "90693936"},         {1111111109, "07081804", "68084774", "25091201"},
    {1111111111, "14050471", "67062674", "99943326"}, {1234567890, "89005924", "91819424", "93441116"},
    {2000000000, "69279037", "90698825", "38618901"}, {20000000000ULL, "65353130", "77737706", "47863826"},
};

static void check(const unsigned char *seed, size_t len, uint64_t time, enum totp_hash hash, const char *want)
{
	char got[9];
	memset(got, 'x', sizeof got);
	totp_code(seed, len, time, 30, 8, hash, got);
	if (strcmp(got, want) != 0)
		print_error("hash %d at %llu: got %s, want %s\n", (int)hash, (unsigned long long)time, got,
		            want);
	assert_string_equal(got, want);
}

static void test_rfc6238_vectors(void **state)
{
	(void)state;
	assert_int_equal(sizeof seed_sha1 - 1, 20);
	assert_int_equal(sizeof seed_sha256 - 1, 32);
	assert_int_equal(sizeof seed_sha512 - 1, 64);
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		const struct vector *v = &vectors[i];
		check(seed_sha1, 20, v->time, TOTP_SHA1, v->sha1);
		check(seed_sha256, 32, v->time, TOTP_SHA256, v->sha256);
		check(seed_sha512, 64, v->time, TOTP_SHA512, v->sha512);
	}
}

static void test_code_six_digits(void **state)
{
	(void)state;
	/* The last 6 of the 8-digit vector (both are the same number mod 10^6), leading zero kept. */
	char got[7];
	totp_code(seed_sha1, 20, 1111111109, 30, 6, TOTP_SHA1, got);
	assert_string_equal(got, "081804");
}

/*
 * SHA-1 6-digit codes for the RFC's seed around 1111111109 (step 37037036),
 * worked out independently (Python's hmac module).
 */
#define NOW 1111111109
static const char code_minus2[] = "150727";
static const char code_minus1[] = "731029";
static const char code_now[] = "081804";
static const char code_plus1[] = "050471";
static const char code_plus2[] = "266759";

static void test_check_window(void **state)
{
	(void)state;
	assert_true(totp_check(seed_sha1, NOW, code_now));
	assert_true(totp_check(seed_sha1, NOW, code_minus1));
	assert_true(totp_check(seed_sha1, NOW, code_plus1));
	assert_false(totp_check(seed_sha1, NOW, code_minus2));
	assert_false(totp_check(seed_sha1, NOW, code_plus2));

	/* The window moves with the clock: a step later, the old "now" is the one before. */
	assert_true(totp_check(seed_sha1, NOW + 30, code_now));
	assert_true(totp_check(seed_sha1, NOW + 30, code_plus2));
	assert_false(totp_check(seed_sha1, NOW + 30, code_minus1));

	/* At the epoch there is no step before. */
	char zero[7];
	totp_code(seed_sha1, 20, 0, 30, 6, TOTP_SHA1, zero);
	assert_true(totp_check(seed_sha1, 0, zero));
	assert_true(totp_check(seed_sha1, 29, zero));
}

static void test_check_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "000000",                                  /* a wrong code */
	    "081805",                                  /* one digit off */
	    "",                                        /* empty */
	    "81804",                                   /* too short */
	    "0818040",                                 /* too long */
	    "08180a",                                  /* not digits */
	    " 81804",                                  /* padded */
	    "-81804",  "+81804", "0818 4", "07081804", /* the 8-digit code */
	    NULL,
	};
	for (size_t i = 0; bad[i]; i++) {
		if (totp_check(seed_sha1, NOW, bad[i]))
			print_error("accepted \"%s\"\n", bad[i]);
		assert_false(totp_check(seed_sha1, NOW, bad[i]));
	}
	assert_false(totp_check(seed_sha1, NOW, NULL));

	/* Another secret's code. */
	unsigned char other[TOTP_SECRET_SIZE];
	memcpy(other, seed_sha1, sizeof other);
	other[0] ^= 1;
	assert_false(totp_check(other, NOW, code_now));
}

static void test_secret_new(void **state)
{
	(void)state;
	unsigned char a[TOTP_SECRET_SIZE], b[TOTP_SECRET_SIZE];
	totp_secret_new(a);
	totp_secret_new(b);
	assert_memory_not_equal(a, b, TOTP_SECRET_SIZE);
}

static void test_base32(void **state)
{
	(void)state;
	char out[33];
	/* base64.b32encode(b"12345678901234567890"): 20 bytes are exactly 32 characters, no padding. */
	totp_secret_base32(seed_sha1, out, sizeof out);
	assert_string_equal(out, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");

	/* All ones and all zeros reach both ends of the alphabet. */
	unsigned char ones[TOTP_SECRET_SIZE], zeros[TOTP_SECRET_SIZE];
	memset(ones, 0xff, sizeof ones);
	memset(zeros, 0, sizeof zeros);
	totp_secret_base32(ones, out, sizeof out);
	assert_string_equal(out, "77777777777777777777777777777777");
	totp_secret_base32(zeros, out, sizeof out);
	assert_string_equal(out, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

	/* Too small an output gets an empty string, never a cut-off secret. */
	char small[32];
	memset(small, 'x', sizeof small);
	totp_secret_base32(seed_sha1, small, sizeof small);
	assert_string_equal(small, "");
}

static void test_uri(void **state)
{
	(void)state;
	char *uri = totp_uri(seed_sha1, "Haven", "sam@example.org");
	assert_string_equal(uri, "otpauth://totp/Haven:sam%40example.org"
	                         "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	                         "&issuer=Haven&algorithm=SHA1&digits=6&period=30");
	free(uri);

	/* Spaces, the label's colon, and characters that would end the query are all encoded. */
	uri = totp_uri(seed_sha1, "Haven: North & East", "a b?#=");
	assert_string_equal(uri, "otpauth://totp/Haven%3A%20North%20%26%20East:a%20b%3F%23%3D"
	                         "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	                         "&issuer=Haven%3A%20North%20%26%20East&algorithm=SHA1&digits=6&period=30");
	free(uri);

	/* UTF-8 is encoded byte by byte. */
	uri = totp_uri(seed_sha1, "Haven", "zoë");
	assert_non_null(strstr(uri, "totp/Haven:zo%C3%AB?secret="));
	free(uri);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc6238_vectors),
	    cmocka_unit_test(test_code_six_digits),
	    cmocka_unit_test(test_check_window),
	    cmocka_unit_test(test_check_rejects),
	    cmocka_unit_test(test_secret_new),
	    cmocka_unit_test(test_base32),
	    cmocka_unit_test(test_uri),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
