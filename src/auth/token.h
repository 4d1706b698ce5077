/*
 * token.h — random secrets: session tokens, CSRF tokens, TOTP secrets.
 *
 * Tokens are 32 random bytes from libsodium, written base64url without
 * padding (43 characters). Only a hash of a session token is stored, so a
 * copy of the database cannot be used to sign in.
 */
#ifndef HAVEN_AUTH_TOKEN_H
#define HAVEN_AUTH_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#define TOKEN_TEXT_SIZE 44 /* 43 characters and the NUL */
#define TOKEN_HASH_SIZE 32

/* Fills out with a new random token. Initialises libsodium itself if need be. */
void token_new(char out[TOKEN_TEXT_SIZE]);

/* The BLAKE2b-256 hash of a token's text, as stored in the database. */
void token_hash(const char *token, unsigned char out[TOKEN_HASH_SIZE]);

/* Compares two NUL-terminated secrets in time that does not depend on where they differ. */
bool token_equal(const char *a, const char *b);

#endif
