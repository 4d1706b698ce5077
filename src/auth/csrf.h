/*
 * csrf.h — the anonymous CSRF token: the double-submit token that forms
 * carry for people not signed in (the sign-in form), in a cookie and in a
 * hidden field, which must match.
 *
 * A plain random value would let anyone who can set a cookie for Haven's
 * host (a sibling subdomain, a network attacker over plain HTTP) choose both
 * halves. So the server signs it: the token is a random nonce and the HMAC
 * of that nonce under a key from the key file (auth/keys.h), and a token the
 * server did not issue is refused even when cookie and field agree.
 * (A signed-in session's CSRF token is a random value kept with the session
 * in the database, so it needs no signature.)
 */
#ifndef HAVEN_AUTH_CSRF_H
#define HAVEN_AUTH_CSRF_H

#include <stdbool.h>

/* 32 bytes of nonce and 32 of HMAC, base64url without padding (86 characters), and the NUL. */
#define CSRF_ANONYMOUS_SIZE 87

/* A new signed token. Needs the process's key (keys_load). */
void csrf_anonymous_new(char out[CSRF_ANONYMOUS_SIZE]);

/* True if `token` is one csrf_anonymous_new made with this key (NULL: false). */
bool csrf_anonymous_valid(const char *token);

#endif
