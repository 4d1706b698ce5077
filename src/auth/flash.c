/*
 * flash.c — the success banner's one-time message (contract in flash.h).
 *
 * The cookie value is base64url(message) "." base64url(HMAC(session CSRF
 * token, NUL, message)): base64url keeps it within a cookie's characters.
 */
#include "auth/flash.h"

#include <sodium.h>
#include <string.h>

#include "auth/keys.h"
#include "core/utf8.h"

#define VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING

/* The message's NUL place holds the '.'. */
_Static_assert(FLASH_SEALED_SIZE == sodium_base64_ENCODED_LEN(FLASH_MAX_MESSAGE, VARIANT) +
                                        sodium_base64_ENCODED_LEN(KEYS_MAC_BYTES, VARIANT),
               "FLASH_SEALED_SIZE: the longest message and the MAC, the '.' and the NUL");

/* What the HMAC covers: the session's CSRF token, a NUL, and the message. */
static void signed_part(struct buf *out, const void *message, size_t len, const char *session_csrf)
{
	buf_append_str(out, session_csrf);
	buf_append_char(out, '\0');
	buf_append(out, message, len);
}

void flash_seal(struct buf *out, const char *message, const char *session_csrf)
{
	size_t len = utf8_cut_length(message, FLASH_MAX_MESSAGE);
	unsigned char mac[KEYS_MAC_BYTES];
	struct buf covered = BUF_INIT;
	signed_part(&covered, message, len, session_csrf);
	keys_flash_mac((const unsigned char *)covered.data, covered.len, mac);
	buf_free(&covered);
	char text[sodium_base64_ENCODED_LEN(FLASH_MAX_MESSAGE, VARIANT)];
	sodium_bin2base64(text, sizeof text, (const unsigned char *)message, len, VARIANT);
	buf_append_str(out, text);
	buf_append_char(out, '.');
	char tag[sodium_base64_ENCODED_LEN(KEYS_MAC_BYTES, VARIANT)];
	sodium_bin2base64(tag, sizeof tag, mac, sizeof mac, VARIANT);
	buf_append_str(out, tag);
}

bool flash_open(struct buf *message, const char *sealed, const char *session_csrf)
{
	const char *dot = sealed ? strchr(sealed, '.') : NULL;
	if (!dot)
		return false;
	unsigned char text[FLASH_MAX_MESSAGE], mac[KEYS_MAC_BYTES];
	size_t text_len = 0, mac_len = 0;
	if (sodium_base642bin(text, sizeof text, sealed, (size_t)(dot - sealed), NULL, &text_len, NULL,
	                      VARIANT) != 0 ||
	    sodium_base642bin(mac, sizeof mac, dot + 1, strlen(dot + 1), NULL, &mac_len, NULL, VARIANT) !=
	        0 ||
	    mac_len != sizeof mac)
		return false;
	struct buf covered = BUF_INIT;
	signed_part(&covered, text, text_len, session_csrf);
	bool ok = keys_flash_mac_ok((const unsigned char *)covered.data, covered.len, mac);
	buf_free(&covered);
	if (ok)
		buf_append(message, text, text_len);
	return ok;
}
