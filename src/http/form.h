/*
 * form.h — decoding application/x-www-form-urlencoded bodies.
 */
#ifndef HAVEN_HTTP_FORM_H
#define HAVEN_HTTP_FORM_H

#include <stddef.h>

#include "core/status.h"
#include "router/fields.h"

/*
 * A name or value that is not correctly encoded (a malformed escape, or a
 * NUL byte raw or as %00, which would cut the text short unseen): one byte
 * that is never UTF-8, so the field checks refuse it as not text, naming
 * the field, while the rest of the form is read and shown again.
 */
#define FORM_NOT_TEXT "\xff"

/*
 * Splits and decodes `len` bytes of a urlencoded body into name/value pairs
 * ('+' is a space, %XX a byte), each piece not correctly encoded as
 * FORM_NOT_TEXT. Stores a new array in *pairs (free with form_pairs_free).
 * Any bytes read as a form: one that is not a form has fields no route
 * accepts, and is refused for them.
 */
void form_parse(const char *body, size_t len, struct field_pair **pairs, size_t *count);
void form_pairs_free(struct field_pair *pairs, size_t count);

#endif
