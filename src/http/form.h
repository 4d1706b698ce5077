/*
 * form.h — decoding application/x-www-form-urlencoded bodies.
 */
#ifndef HAVEN_HTTP_FORM_H
#define HAVEN_HTTP_FORM_H

#include <stddef.h>

#include "core/status.h"
#include "router/fields.h"

/*
 * Splits and decodes `len` bytes of a urlencoded body into name/value pairs
 * ('+' is a space, %XX a byte). On success stores a new array in *pairs
 * (free with form_pairs_free) and returns HAVEN_OK; a malformed escape or a
 * NUL byte (raw or as %00) gives HAVEN_ERR_INVALID and stores nothing.
 */
enum haven_status form_parse(const char *body, size_t len, struct field_pair **pairs,
                             size_t *count) HAVEN_MUST_CHECK;
void form_pairs_free(struct field_pair *pairs, size_t count);

#endif
