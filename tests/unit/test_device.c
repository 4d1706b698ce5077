/*
 * test_device.c — the device marker (auth/device.h): a marker opens for the
 * account it was made for, with the same device key each time, and for no
 * other account; one changed in any way does not open; nor does a version 1
 * marker (the MAC over the user and device alone), the kind issued at the
 * password step before markers were issued only once a sign-in completes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "auth/device.h"
#include "auth/keys.h"

#define VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING

static int use_a_key(void **state)
{
	(void)state;
	static unsigned char key[KEYS_BYTES];
	if (sodium_init() < 0)
		return -1;
	randombytes_buf(key, sizeof key);
	keys_use(key);
	return 0;
}

static void test_opens_for_its_account_only(void **state)
{
	(void)state;
	char marker[DEVICE_MARKER_SIZE], key[DEVICE_KEY_SIZE], again[DEVICE_KEY_SIZE];
	device_marker_new(42, marker);
	assert_int_equal(strlen(marker), DEVICE_MARKER_SIZE - 1);
	assert_true(device_marker_open(marker, 42, key));
	assert_true(device_marker_open(marker, 42, again));
	assert_string_equal(key, again);
	assert_memory_equal(key, "device:", 7);
	assert_false(device_marker_open(marker, 43, key));
	assert_false(device_marker_open(NULL, 42, key));
	assert_false(device_marker_open("", 42, key));

	/* a second device for the account has its own key (its own throttle counter) */
	char other[DEVICE_MARKER_SIZE], other_key[DEVICE_KEY_SIZE];
	device_marker_new(42, other);
	assert_true(device_marker_open(other, 42, other_key));
	assert_string_not_equal(key, other_key);
}

static void test_changed_marker_does_not_open(void **state)
{
	(void)state;
	char marker[DEVICE_MARKER_SIZE], key[DEVICE_KEY_SIZE];
	device_marker_new(7, marker);
	for (size_t i = 0; i < DEVICE_MARKER_SIZE - 1; i++) {
		char changed[DEVICE_MARKER_SIZE];
		memcpy(changed, marker, sizeof changed);
		changed[i] = changed[i] == 'A' ? 'B' : 'A';
		assert_false(device_marker_open(changed, 7, key));
	}
}

static void test_version_1_marker_does_not_open(void **state)
{
	(void)state;
	/* made as before: user id (8 bytes, big-endian) and device (16 bytes), MAC over those alone */
	unsigned char raw[8 + 16 + KEYS_MAC_BYTES] = {0};
	raw[7] = 9;
	randombytes_buf(raw + 8, 16);
	keys_device_mac(raw, 24, raw + 24);
	char marker[DEVICE_MARKER_SIZE], key[DEVICE_KEY_SIZE];
	sodium_bin2base64(marker, sizeof marker, raw, sizeof raw, VARIANT);
	assert_int_equal(strlen(marker), DEVICE_MARKER_SIZE - 1);
	assert_false(device_marker_open(marker, 9, key));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_opens_for_its_account_only),
	    cmocka_unit_test(test_changed_marker_does_not_open),
	    cmocka_unit_test(test_version_1_marker_does_not_open),
	};
	return cmocka_run_group_tests(tests, use_a_key, NULL);
}
