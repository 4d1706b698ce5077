/*
 * password.h — passwords: argon2id hashing through libsodium, and the NCSC's
 * advice on choosing them (a minimum length and a deny list of common
 * passwords; no composition rules).
 *
 * Hashing is deliberately slow and memory-hungry, so at most a fixed number
 * of hashes run at once (the rest wait their turn): a burst of sign-ins
 * cannot exhaust the machine's memory.
 */
#ifndef HAVEN_AUTH_PASSWORD_H
#define HAVEN_AUTH_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

#define PASSWORD_MIN_LENGTH 12  /* characters */
#define PASSWORD_MAX_LENGTH 256 /* characters: long passphrases are fine */

/* Sets how many hashes may run at once (default 2). Call before serving. */
void password_set_concurrency(unsigned n);

/*
 * The most hashes (and verifies) that have run at once since the last call;
 * each call starts the count again from those running now. For tests of the
 * limit, and for monitoring how close sign-ins come to it.
 */
unsigned password_hashes_running_max(void);

/*
 * Why `password` is not acceptable, as a GOV.UK-style sentence ("Password
 * must be 12 characters or more"), or NULL if it is. Static string. Checks
 * length in characters and the common-password deny list (case-insensitive).
 */
const char *password_problem(const char *password);

/* Hashes with argon2id into out (crypto_pwhash_STRBYTES). HAVEN_ERR_INTERNAL on failure. */
enum haven_status password_hash(const char *password, char *out, size_t size) HAVEN_MUST_CHECK;

/*
 * Checks `password` against a stored hash. Sets *needs_rehash when the
 * hash was made with other parameters than today's (the caller then stores
 * a new hash). Returns false for a wrong password or a malformed hash.
 */
bool password_verify(const char *password, const char *stored, bool *needs_rehash);

/* Verifies against a fixed dummy hash, so an unknown email costs the same time as a known one. */
void password_verify_dummy(const char *password);

#endif
