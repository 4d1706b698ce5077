/*
 * token.c — random secrets and their hashes (see token.h).
 *
 * Session and CSRF tokens are 256 bits from libsodium's CSPRNG, far beyond
 * guessing, written base64url without padding so they go into cookies, form
 * fields and URLs unescaped. The database keeps only a BLAKE2b-256 hash of
 * a session token: the token is already random, so a fast unsalted hash is
 * enough (there is nothing to brute-force), and a leaked copy of the
 * database holds nothing that signs anyone in.
 */
#include "auth/token.h"

#include <sodium.h>
#include <string.h>

#include "auth/sodium.h"

#define TOKEN_BYTES 32

#define VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING

_Static_assert(TOKEN_TEXT_SIZE == sodium_base64_ENCODED_LEN(TOKEN_BYTES, VARIANT),
               "TOKEN_TEXT_SIZE must fit 32 bytes in base64url and the NUL");
_Static_assert(TOKEN_HASH_SIZE >= crypto_generichash_BYTES_MIN &&
                   TOKEN_HASH_SIZE <= crypto_generichash_BYTES_MAX,
               "TOKEN_HASH_SIZE must be a BLAKE2b output size");

void token_new(char out[TOKEN_TEXT_SIZE])
{
	auth_start_sodium();
	unsigned char bytes[TOKEN_BYTES];
	randombytes_buf(bytes, sizeof bytes);
	sodium_bin2base64(out, TOKEN_TEXT_SIZE, bytes, sizeof bytes, VARIANT);
	sodium_memzero(bytes, sizeof bytes);
}

void token_hash(const char *token, unsigned char out[TOKEN_HASH_SIZE])
{
	auth_start_sodium();
	if (!token)
		token = "";
	crypto_generichash(out, TOKEN_HASH_SIZE, (const unsigned char *)token, strlen(token), NULL, 0);
}

bool token_equal(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	/*
	 * Comparing hashes rather than the texts makes the time independent of
	 * the lengths as well as of where the texts differ (strlen still reads
	 * both, but that tells an attacker only the length they sent).
	 */
	unsigned char ha[TOKEN_HASH_SIZE], hb[TOKEN_HASH_SIZE];
	token_hash(a, ha);
	token_hash(b, hb);
	return crypto_verify_32(ha, hb) == 0;
}
