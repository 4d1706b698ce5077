/*
 * json_text.h — a JSON value written as compact text into a buffer, byte for
 * byte what jansson's json_dumps(value, JSON_COMPACT | JSON_PRESERVE_ORDER)
 * gives, at a fraction of its cost: every API answer is written this way,
 * and jansson's writer (a loop check with a formatted pointer and a hash
 * table entry for every object and array, a callback for every few bytes)
 * was the largest single cost of an audited read after the store.
 */
#ifndef HAVEN_CORE_JSON_TEXT_H
#define HAVEN_CORE_JSON_TEXT_H

#include <jansson.h>
#include <stdbool.h>

#include "core/buf.h"

/*
 * Appends `value` (an object, an array or any other value) to `out` as
 * compact JSON: keys in the order they were added, no spaces, strings
 * escaped as jansson escapes them (", \ and control characters; UTF-8 kept
 * as it is), reals with `real_precision` significant digits as jansson's
 * JSON_REAL_PRECISION gives them (0: its default, 17). False, with `out`
 * as it was, where json_dumps gives NULL: a string that is not valid UTF-8,
 * or a value that contains itself (here: nesting deeper than
 * JSON_TEXT_MAX_DEPTH).
 */
#define JSON_TEXT_MAX_DEPTH 2048

bool json_text_append(struct buf *out, const json_t *value, int real_precision);

/*
 * The pieces of that text, for a line written without building a jansson
 * value first (the access log): a string quoted and escaped (false, with
 * `out` as it was, when it is not valid UTF-8), an integer, and a real to
 * `precision` significant digits (false only when it cannot be written: never
 * for a finite value), each byte for byte as json_text_append writes it.
 */
bool json_text_append_string(struct buf *out, const char *text, size_t len);
void json_text_append_integer(struct buf *out, long long value);
bool json_text_append_real(struct buf *out, double value, int precision);

#endif
