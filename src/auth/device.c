/*
 * device.c — signed device markers (see device.h).
 */
#include "auth/device.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

#include "auth/keys.h"

#define USER_BYTES 8
#define DEVICE_BYTES 16
#define SIGNED_BYTES (USER_BYTES + DEVICE_BYTES)
#define VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING

_Static_assert(DEVICE_MARKER_SIZE == sodium_base64_ENCODED_LEN(SIGNED_BYTES + KEYS_MAC_BYTES, VARIANT),
               "DEVICE_MARKER_SIZE must fit the user, the device and the MAC in base64url and the NUL");
_Static_assert(DEVICE_KEY_SIZE == sizeof "device:" + DEVICE_BYTES * 2,
               "DEVICE_KEY_SIZE: the key and its NUL");

/*
 * What the MAC covers: the marker's kind and version, then its user and
 * device. Version 2 markers are issued only once a sign-in is complete (its
 * second factor too); version 1 (the user and device alone) were issued at
 * the password step, so that anyone with only the password held one. Naming
 * the version in what is signed makes every version 1 marker fail to open,
 * with no key rotation.
 */
static const unsigned char marker_version[] = "haven device marker v2";
#define MESSAGE_BYTES (sizeof marker_version + SIGNED_BYTES)

/* What the MAC covers for a marker whose user and device are `signed_part`. */
static void marker_message(const unsigned char signed_part[SIGNED_BYTES],
                           unsigned char message[MESSAGE_BYTES])
{
	memcpy(message, marker_version, sizeof marker_version);
	memcpy(message + sizeof marker_version, signed_part, SIGNED_BYTES);
}

void device_marker_new(long long user_id, char out[DEVICE_MARKER_SIZE])
{
	unsigned char raw[SIGNED_BYTES + KEYS_MAC_BYTES];
	uint64_t id = (uint64_t)user_id;
	for (int i = USER_BYTES - 1; i >= 0; i--, id >>= 8)
		raw[i] = (unsigned char)(id & 0xff);
	randombytes_buf(raw + USER_BYTES, DEVICE_BYTES);
	unsigned char message[MESSAGE_BYTES];
	marker_message(raw, message);
	keys_device_mac(message, sizeof message, raw + SIGNED_BYTES);
	sodium_bin2base64(out, DEVICE_MARKER_SIZE, raw, sizeof raw, VARIANT);
}

bool device_marker_open(const char *marker, long long user_id, char key[DEVICE_KEY_SIZE])
{
	if (!marker || strlen(marker) != DEVICE_MARKER_SIZE - 1)
		return false;
	unsigned char raw[SIGNED_BYTES + KEYS_MAC_BYTES];
	size_t len = 0;
	if (sodium_base642bin(raw, sizeof raw, marker, DEVICE_MARKER_SIZE - 1, NULL, &len, NULL, VARIANT) !=
	        0 ||
	    len != sizeof raw)
		return false;
	unsigned char message[MESSAGE_BYTES];
	marker_message(raw, message);
	if (!keys_device_mac_ok(message, sizeof message, raw + SIGNED_BYTES))
		return false;
	uint64_t id = 0;
	for (int i = 0; i < USER_BYTES; i++)
		id = (id << 8) | raw[i];
	if (id != (uint64_t)user_id)
		return false;
	memcpy(key, "device:", 7);
	sodium_bin2hex(key + 7, DEVICE_KEY_SIZE - 7, raw + USER_BYTES, DEVICE_BYTES);
	return true;
}
