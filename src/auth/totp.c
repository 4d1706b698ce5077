/*
 * totp.c — time-based one-time passwords (see totp.h).
 *
 * RFC 6238 is RFC 4226's HOTP with the counter taken from the clock: the
 * HMAC of the big-endian 64-bit step number, cut to a few decimal digits by
 * "dynamic truncation". HMACs come from nettle; randomness and the
 * constant-time comparison from libsodium. Authenticator apps all do
 * HMAC-SHA1, 6 digits, 30 seconds, so that is what totp_check and totp_uri
 * use; totp_code takes the other hashes and lengths so the RFC's own test
 * vectors can be checked.
 *
 * A code stays valid for its whole window (up to 90 s with the drift
 * allowance): refusing a code that has already been used is the caller's
 * job, by remembering the last step that signed in.
 */
#include "auth/totp.h"

#include <nettle/hmac.h>
#include <nettle/nettle-meta.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/sodium.h"
#include "core/buf.h"

#define STEP 30
#define DIGITS 6

/* A hash's running state: room for the largest of the hashes TOTP may use. */
union hash_state {
	struct sha1_ctx sha1;
	struct sha256_ctx sha256;
	struct sha512_ctx sha512;
};

/* The HMAC of the 8-byte counter with the chosen hash; returns its length. */
static size_t hmac_counter(const unsigned char *key, size_t key_len, const uint8_t counter[8],
                           enum totp_hash hash, uint8_t out[SHA512_DIGEST_SIZE])
{
	/* SHA-1, and anything else, which would be a bug: the apps' default is the safe guess. */
	const struct nettle_hash *h = &nettle_sha1;
	switch (hash) {
	case TOTP_SHA256: h = &nettle_sha256; break;
	case TOTP_SHA512: h = &nettle_sha512; break;
	case TOTP_SHA1: break;
	}
	/* nettle's generic HMAC over the chosen hash: one path for the three */
	union hash_state outer, inner, state;
	hmac_set_key(&outer, &inner, &state, h, key_len, key);
	hmac_update(&state, h, 8, counter);
	hmac_digest(&outer, &inner, &state, h, h->digest_size, out);
	sodium_memzero(&outer, sizeof outer);
	sodium_memzero(&inner, sizeof inner);
	sodium_memzero(&state, sizeof state);
	return h->digest_size;
}

/* RFC 4226 section 5: HOTP for one counter value, as `digits` decimal digits. */
static void hotp(const unsigned char *key, size_t key_len, uint64_t counter, unsigned digits,
                 enum totp_hash hash, char *out)
{
	uint8_t msg[8];
	for (int i = 7; i >= 0; i--, counter >>= 8)
		msg[i] = (uint8_t)(counter & 0xff);
	uint8_t mac[SHA512_DIGEST_SIZE];
	size_t len = hmac_counter(key, key_len, msg, hash, mac);

	/* Dynamic truncation: the low nibble of the last byte picks 4 bytes; the top bit is dropped. */
	unsigned offset = mac[len - 1] & 0x0f;
	uint32_t bin = (uint32_t)(mac[offset] & 0x7f) << 24 | (uint32_t)mac[offset + 1] << 16 |
	               (uint32_t)mac[offset + 2] << 8 | (uint32_t)mac[offset + 3];
	sodium_memzero(mac, sizeof mac);

	uint32_t mod = 1;
	for (unsigned i = 0; i < digits; i++)
		mod *= 10;
	uint32_t code = bin % mod;
	/* Left-padded with zeros, most significant digit first. */
	out[digits] = '\0';
	for (unsigned i = digits; i > 0; i--, code /= 10)
		out[i - 1] = (char)('0' + code % 10);
}

void totp_code(const unsigned char *secret, size_t secret_len, uint64_t now, unsigned step, unsigned digits,
               enum totp_hash hash, char *out)
{
	if (step == 0 || digits < 6 || digits > 8) {
		/* Only a programming error gets here (callers pass constants). */
		fprintf(stderr, "haven: totp_code called with step %u, digits %u\n", step, digits);
		abort();
	}
	hotp(secret, secret_len, now / step, digits, hash, out);
}

bool totp_match(const unsigned char secret[TOTP_SECRET_SIZE], uint64_t now, const char *code,
                uint64_t min_step, uint64_t *step)
{
	if (!code || strlen(code) != DIGITS)
		return false;
	for (size_t i = 0; i < DIGITS; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;

	auth_start_sodium();
	uint64_t t = now / STEP;
	/*
	 * Every window is computed and compared, whichever matches, so the
	 * time does not say which step the code was for.
	 */
	int match = 0;
	uint64_t matched = 0;
	for (int d = -1; d <= 1; d++) {
		if (d < 0 && t == 0)
			continue; /* no step before the epoch */
		uint64_t candidate = t + (uint64_t)(int64_t)d;
		char expect[DIGITS + 1];
		hotp(secret, TOTP_SECRET_SIZE, candidate, DIGITS, TOTP_SHA1, expect);
		int same = sodium_memcmp(expect, code, DIGITS) == 0 && candidate >= min_step;
		match |= same;
		matched = same ? candidate : matched;
		sodium_memzero(expect, sizeof expect);
	}
	if (match && step)
		*step = matched;
	return match != 0;
}

bool totp_check(const unsigned char secret[TOTP_SECRET_SIZE], uint64_t now, const char *code)
{
	return totp_match(secret, now, code, 0, NULL);
}

void totp_secret_new(unsigned char secret[TOTP_SECRET_SIZE])
{
	auth_start_sodium();
	randombytes_buf(secret, TOTP_SECRET_SIZE);
}

/* RFC 4648 section 6, without the '=' padding the apps do not want; "" if out is too small. */
static void base32(const unsigned char *data, size_t len, char *out, size_t size)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	size_t need = (len * 8 + 4) / 5;
	if (size == 0)
		return;
	if (size < need + 1) {
		out[0] = '\0';
		return;
	}
	size_t n = 0;
	unsigned bits = 0;
	uint32_t acc = 0;
	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8 | data[i]) & 0xfff; /* never more than 12 bits are waiting */
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[n++] = alphabet[(acc >> bits) & 0x1f];
		}
	}
	if (bits)
		out[n++] = alphabet[(acc << (5 - bits)) & 0x1f];
	out[n] = '\0';
}

void totp_secret_base32(const unsigned char secret[TOTP_SECRET_SIZE], char *out, size_t size)
{
	base32(secret, TOTP_SECRET_SIZE, out, size);
}

/* Percent-encodes all but RFC 3986's unreserved characters, so ':' '&' '?' '#' ' ' cannot break the URI. */
static void append_encoded(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '.' || c == '_' || c == '~') {
			buf_append_char(b, (char)c);
		} else {
			buf_append_char(b, '%');
			buf_append_char(b, hex[c >> 4]);
			buf_append_char(b, hex[c & 0x0f]);
		}
	}
}

char *totp_uri(const unsigned char secret[TOTP_SECRET_SIZE], const char *issuer, const char *account)
{
	char encoded[(TOTP_SECRET_SIZE * 8 + 4) / 5 + 1];
	totp_secret_base32(secret, encoded, sizeof encoded);
	if (!issuer)
		issuer = "";
	if (!account)
		account = "";

	/* Google's Key URI format: the issuer both prefixes the label and is a parameter. */
	struct buf b = BUF_INIT;
	buf_append_str(&b, "otpauth://totp/");
	append_encoded(&b, issuer);
	buf_append_char(&b, ':');
	append_encoded(&b, account);
	buf_append_str(&b, "?secret=");
	buf_append_str(&b, encoded);
	buf_append_str(&b, "&issuer=");
	append_encoded(&b, issuer);
	buf_append_str(&b, "&algorithm=SHA1&digits=6&period=30");
	sodium_memzero(encoded, sizeof encoded);
	return buf_steal(&b, NULL);
}
