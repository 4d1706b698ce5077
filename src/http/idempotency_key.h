/*
 * idempotency_key.h — what an Idempotency-Key header (or a page's
 * submission token) may hold: 1 to IDEMPOTENCY_KEY_MAX printable ASCII
 * characters (space to tilde). Anything else is refused, 400 naming the
 * header (http/once.c).
 */
#ifndef HAVEN_HTTP_IDEMPOTENCY_KEY_H
#define HAVEN_HTTP_IDEMPOTENCY_KEY_H

#include <stdbool.h>

#define IDEMPOTENCY_HEADER "Idempotency-Key"
#define IDEMPOTENCY_KEY_MAX 255

/* True if `key` (NUL-terminated; NULL is not one) is a key the server takes. */
bool idempotency_key_valid(const char *key);

#endif
