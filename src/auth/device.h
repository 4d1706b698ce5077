/*
 * device.h — the device marker: what a browser that has signed in to an
 * account before carries, so that the lock others can put on the account's
 * email address by guessing at it does not apply to it (OWASP's "device
 * cookies"; auth_sign_in in session.c says how sign-in uses it).
 *
 * A marker names one account (its user id) and one device (16 random
 * bytes), signed with the server's key (keys_device_mac), in base64url: a
 * marker cannot be made for an account without the key, nor moved to
 * another account. It holds nothing personal. The device's random bytes
 * name its own throttle counter, so wrong passwords typed on it lock that
 * device only.
 */
#ifndef HAVEN_AUTH_DEVICE_H
#define HAVEN_AUTH_DEVICE_H

#include <stdbool.h>

/* A marker as text, with its NUL: base64url of 8 + 16 + 32 bytes. */
#define DEVICE_MARKER_SIZE 76
/* A device's throttle key, "device:" and 32 hex digits, with its NUL. */
#define DEVICE_KEY_SIZE 40

/* A new marker for user `user_id` on a device never seen before. */
void device_marker_new(long long user_id, char out[DEVICE_MARKER_SIZE]);

/*
 * Whether `marker` (may be NULL) is one device_marker_new made for user
 * `user_id`; if so, `key` is its device's throttle key.
 */
bool device_marker_open(const char *marker, long long user_id, char key[DEVICE_KEY_SIZE]);

#endif
