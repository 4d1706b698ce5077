/*
 * password.h — passwords: argon2id hashing through libsodium, and the rule
 * for choosing them: the NCSC's advice (a minimum length, no composition
 * rules, nothing common) with a strength estimate (zxcvbn) that refuses
 * what is easy to guess: common passwords, words and names, repeats,
 * sequences, rows of keys, dates, and the person's own name or email.
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
 * Why `password` is not acceptable for the person with this `name` and
 * `email` (either may be NULL when not known), as a GOV.UK-style sentence
 * that says why and what to do ("Password is too easy to guess: it has a
 * sequence (like abcd or 1234). Use 3 or more random words"), or NULL if it
 * is acceptable. Static string. The one rule for every password Haven
 * stores, wherever it is set. In order:
 *  - 12 to 256 characters (characters, not bytes);
 *  - not on the built-in list of common long passwords (any case);
 *  - not mostly the person's own name or email address (4 characters or
 *    more of them, as zxcvbn finds them, leet spellings too);
 *  - zxcvbn's estimate at least 10^8 guesses (its "safely unguessable"),
 *    using its dictionaries of common passwords, English words, first names
 *    and surnames; the message names the weakest kind of pattern.
 */
const char *password_problem(const char *password, const char *name, const char *email);

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
