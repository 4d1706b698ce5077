/*
 * cookie.h — reading one cookie from a request's Cookie header (RFC 6265,
 * section 4.2): the one way the server reads its session, CSRF, kept-form
 * and banner cookies, and areas theirs (struct request's `cookie`).
 *
 * The header is outside input, sent as the client likes, so the reader is
 * strict about what it gives back and lenient about what it skips: pairs
 * are split at ';', spaces and tabs around a pair, its name and its value
 * are dropped, and a value in double quotes loses them. A pair with no
 * '=', or whose value holds anything but RFC 6265's cookie-octets (no
 * space, '"', ',', ';', '\', control or non-ASCII byte), is skipped as if
 * it were not there. Names match exactly (case matters). When a name comes
 * twice the first well-formed one is the cookie: a browser sends the one
 * with the longer path first, and Haven's cookies all have Path=/.
 */
#ifndef HAVEN_HTTP_COOKIE_H
#define HAVEN_HTTP_COOKIE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Copies the value of the cookie `name` in `header` (a Cookie header's
 * text; NULL for none) into `out`, `size` bytes with its NUL. False, with
 * `out` empty, when there is no such cookie or its value does not fit: no
 * cookie Haven sets is longer than its reader's buffer, so a longer one was
 * not Haven's.
 */
bool cookie_value(const char *header, const char *name, char *out, size_t size);

#endif
