/*
 * compress.h — compressing an answer for a client that accepts it (issue
 * 16): pages and JSON per answer, quickly (brotli at quality 5, gzip at
 * level 6); static assets are compressed once at build time instead.
 */
#ifndef HAVEN_HTTP_COMPRESS_H
#define HAVEN_HTTP_COMPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "router/encoding.h"

/* Answers shorter than this are sent as they are: compressing them gains less than its headers cost. */
#define COMPRESS_MIN_BYTES 1024

/*
 * Compresses `len` bytes of `in` with `coding` (CODING_GZIP or CODING_BR)
 * into a new buffer (*out, malloc'd; caller frees) of *out_len bytes. False
 * (nothing stored) if the coding is identity or the library fails.
 */
bool compress_body(enum content_coding coding, const char *in, size_t len, char **out, size_t *out_len);

#endif
