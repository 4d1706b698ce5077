/*
 * test_keys.c — tests the server's key file and what it does (auth/keys.h,
 * auth/csrf.h): keys_create makes a 0600 file of 64 hex digits and never
 * replaces one; keys_load refuses a missing, loose (readable by others) or
 * malformed file; sealing opens only with the same key and context and not
 * after any change; and a signed anonymous CSRF token is accepted only as
 * issued (not another key's, not with either half changed, not unsigned).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/csrf.h"
#include "auth/keys.h"

static char dir[64];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/haven-keys-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static void test_create_and_load(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "%s/haven.db.key", dir);
	char *err = NULL;
	bool created = false;
	assert_int_equal(keys_create(path, &created, &err), HAVEN_OK);
	assert_true(created);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 65); /* 64 hex digits and a newline */
	FILE *f = fopen(path, "r");
	char first[80] = "";
	assert_non_null(fgets(first, sizeof first, f));
	fclose(f);

	/* a second create keeps the first key */
	assert_int_equal(keys_create(path, &created, &err), HAVEN_OK);
	assert_false(created);
	f = fopen(path, "r");
	char again[80] = "";
	assert_non_null(fgets(again, sizeof again, f));
	fclose(f);
	assert_string_equal(first, again);

	assert_int_equal(keys_load(path, &err), HAVEN_OK);
	assert_null(err);

	char *fallback = keys_default_path("/var/lib/haven/haven.db");
	assert_string_equal(fallback, "/var/lib/haven/haven.db.key");
	free(fallback);
}

static void test_load_refuses(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		mode_t mode;
		const char *reason; /* a part of the message */
	} bad[] = {
	    {"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", 0644, "chmod 600"},
	    {"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", 0640, "chmod 600"},
	    {"00112233445566778899aabbccddeeff\n", 0600, "64 hex digits"},
	    {"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff00\n", 0600, "64 hex digits"},
	    {"zz112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", 0600, "64 hex digits"},
	    {"", 0600, "64 hex digits"},
	    {NULL, 0, NULL},
	};
	char path[128];
	snprintf(path, sizeof path, "%s/bad.key", dir);
	for (size_t i = 0; bad[i].text; i++) {
		write_file(path, bad[i].text, bad[i].mode);
		char *err = NULL;
		assert_int_not_equal(keys_load(path, &err), HAVEN_OK);
		assert_non_null(err);
		if (!strstr(err, bad[i].reason))
			print_error("case %zu: %s\n", i, err);
		assert_non_null(strstr(err, bad[i].reason));
		free(err);
	}
	char *err = NULL;
	snprintf(path, sizeof path, "%s/missing.key", dir);
	assert_int_equal(keys_load(path, &err), HAVEN_ERR_IO);
	assert_non_null(strstr(err, "does not exist"));
	free(err);
	/* without the final newline is fine */
	snprintf(path, sizeof path, "%s/plain.key", dir);
	write_file(path, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 0600);
	err = NULL;
	assert_int_equal(keys_load(path, &err), HAVEN_OK);
}

static void use_random_key(void)
{
	unsigned char key[KEYS_BYTES];
	randombytes_buf(key, sizeof key);
	keys_use(key);
}

static void test_seal_open(void **state)
{
	(void)state;
	unsigned char key[KEYS_BYTES];
	randombytes_buf(key, sizeof key);
	keys_use(key);
	const unsigned char secret[20] = "twenty bytes secret";
	unsigned char sealed[20 + KEYS_SEAL_OVERHEAD], again[20 + KEYS_SEAL_OVERHEAD], out[20];
	keys_seal(secret, sizeof secret, "users.totp_secret:7", sealed);
	keys_seal(secret, sizeof secret, "users.totp_secret:7", again);
	assert_memory_not_equal(sealed, again, sizeof sealed); /* a new nonce each time */
	assert_null(memmem(sealed, sizeof sealed, secret, sizeof secret));
	assert_true(keys_open(sealed, sizeof sealed, "users.totp_secret:7", out));
	assert_memory_equal(out, secret, sizeof secret);

	/* another row or column, a changed byte anywhere, a cut: none opens */
	assert_false(keys_open(sealed, sizeof sealed, "users.totp_secret:8", out));
	assert_false(keys_open(sealed, sizeof sealed, "sessions.pending_totp_secret:7", out));
	for (size_t i = 0; i < sizeof sealed; i += 7) {
		unsigned char changed[sizeof sealed];
		memcpy(changed, sealed, sizeof sealed);
		changed[i] ^= 1;
		assert_false(keys_open(changed, sizeof changed, "users.totp_secret:7", out));
	}
	assert_false(keys_open(sealed, sizeof sealed - 1, "users.totp_secret:7", out));
	assert_false(keys_open(sealed, KEYS_SEAL_OVERHEAD - 1, "users.totp_secret:7", out));

	/* another key does not open it; the same key again does */
	use_random_key();
	assert_false(keys_open(sealed, sizeof sealed, "users.totp_secret:7", out));
	keys_use(key);
	assert_true(keys_open(sealed, sizeof sealed, "users.totp_secret:7", out));
}

/* A document's file: sealed under its own subkey, bound to its row, opened whole or not at all. */
static void test_seal_document(void **state)
{
	(void)state;
	use_random_key();
	enum { LEN = 100000 };
	unsigned char *plain = malloc(LEN), *sealed = malloc(LEN + KEYS_SEAL_OVERHEAD), *out = malloc(LEN);
	for (size_t i = 0; i < LEN; i++)
		plain[i] = (unsigned char)(i % 251);
	keys_seal_document(plain, LEN, "document:3", sealed);
	assert_null(memmem(sealed, LEN + KEYS_SEAL_OVERHEAD, plain, 64));
	assert_true(keys_open_document(sealed, LEN + KEYS_SEAL_OVERHEAD, "document:3", out));
	assert_memory_equal(out, plain, LEN);

	/* another document's row, the second-factor subkey, a changed byte: none opens */
	assert_false(keys_open_document(sealed, LEN + KEYS_SEAL_OVERHEAD, "document:4", out));
	assert_false(keys_open(sealed, LEN + KEYS_SEAL_OVERHEAD, "document:3", out));
	sealed[LEN / 2] ^= 1;
	assert_false(keys_open_document(sealed, LEN + KEYS_SEAL_OVERHEAD, "document:3", out));
	free(plain);
	free(sealed);
	free(out);
}

static void test_csrf_signed(void **state)
{
	(void)state;
	unsigned char key[KEYS_BYTES];
	randombytes_buf(key, sizeof key);
	keys_use(key);
	char token[CSRF_ANONYMOUS_SIZE], other[CSRF_ANONYMOUS_SIZE];
	csrf_anonymous_new(token);
	csrf_anonymous_new(other);
	assert_int_equal(strlen(token), CSRF_ANONYMOUS_SIZE - 1);
	assert_string_not_equal(token, other);
	assert_true(csrf_anonymous_valid(token));
	assert_true(csrf_anonymous_valid(other));

	/*
	 * Any one character changed, in the nonce (first 43) or the HMAC (the
	 * rest): its value's top bit flipped, a bit every character carries
	 * (the last one's low bits are only padding).
	 */
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	for (size_t i = 0; i < CSRF_ANONYMOUS_SIZE - 1; i++) {
		char changed[CSRF_ANONYMOUS_SIZE];
		memcpy(changed, token, sizeof changed);
		size_t value = (size_t)(strchr(alphabet, changed[i]) - alphabet);
		changed[i] = alphabet[value ^ 0x20];
		if (csrf_anonymous_valid(changed))
			print_error("accepted with character %zu changed\n", i);
		assert_false(csrf_anonymous_valid(changed));
	}
	/* one token's nonce with another's HMAC */
	char mixed[CSRF_ANONYMOUS_SIZE];
	memcpy(mixed, token, 43);
	memcpy(mixed + 43, other + 43, CSRF_ANONYMOUS_SIZE - 43);
	assert_false(csrf_anonymous_valid(mixed));

	static const char *const malformed[] = {
	    "",
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", /* an unsigned 43-character token, as before */
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
	    NULL,
	};
	for (size_t i = 0; malformed[i]; i++)
		assert_false(csrf_anonymous_valid(malformed[i]));
	assert_false(csrf_anonymous_valid(NULL));

	/* a token issued under another key file */
	use_random_key();
	assert_false(csrf_anonymous_valid(token));
	keys_use(key);
	assert_true(csrf_anonymous_valid(token));
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_create_and_load, make_dir, remove_dir),
	    cmocka_unit_test_setup_teardown(test_load_refuses, make_dir, remove_dir),
	    cmocka_unit_test(test_seal_open),
	    cmocka_unit_test(test_seal_document),
	    cmocka_unit_test(test_csrf_signed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
