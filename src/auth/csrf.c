/*
 * csrf.c — signed anonymous CSRF tokens (see csrf.h).
 */
#include "auth/csrf.h"

#include <sodium.h>
#include <string.h>

#include "auth/keys.h"

#define NONCE_BYTES 32
#define VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING

_Static_assert(CSRF_ANONYMOUS_SIZE == sodium_base64_ENCODED_LEN(NONCE_BYTES + KEYS_MAC_BYTES, VARIANT),
               "CSRF_ANONYMOUS_SIZE must fit the nonce and its MAC in base64url and the NUL");

void csrf_anonymous_new(char out[CSRF_ANONYMOUS_SIZE])
{
	unsigned char raw[NONCE_BYTES + KEYS_MAC_BYTES];
	randombytes_buf(raw, NONCE_BYTES);
	keys_csrf_mac(raw, NONCE_BYTES, raw + NONCE_BYTES);
	sodium_bin2base64(out, CSRF_ANONYMOUS_SIZE, raw, sizeof raw, VARIANT);
}

bool csrf_anonymous_valid(const char *token)
{
	if (!token || strlen(token) != CSRF_ANONYMOUS_SIZE - 1)
		return false;
	unsigned char raw[NONCE_BYTES + KEYS_MAC_BYTES];
	size_t len = 0;
	if (sodium_base642bin(raw, sizeof raw, token, CSRF_ANONYMOUS_SIZE - 1, NULL, &len, NULL, VARIANT) !=
	        0 ||
	    len != sizeof raw)
		return false;
	return keys_csrf_mac_ok(raw, NONCE_BYTES, raw + NONCE_BYTES);
}
