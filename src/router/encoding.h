/*
 * encoding.h — which compression a client accepts (the Accept-Encoding
 * header, RFC 9110 section 12.5.3), for static assets compressed at build
 * time and pages compressed per answer.
 *
 * Pure and thread-safe; tested in tests/unit/test_encoding.c.
 */
#ifndef HAVEN_ROUTER_ENCODING_H
#define HAVEN_ROUTER_ENCODING_H

enum content_coding {
	CODING_IDENTITY, /* send it as it is */
	CODING_GZIP,
	CODING_BR,
};

/*
 * The best coding `accept_encoding` (may be NULL: identity) allows: brotli
 * if acceptable, else gzip, else identity. A coding is acceptable when it
 * is listed (or "*" is) with a q-value above 0: "gzip, deflate, br" gives
 * brotli, "br;q=0, gzip" gzip, "*;q=0" identity. Names are case-insensitive;
 * "x-gzip" is gzip.
 */
enum content_coding encoding_choose(const char *accept_encoding);

/* The coding's name for Content-Encoding ("br", "gzip"), or NULL for identity. */
const char *encoding_name(enum content_coding coding);

#endif
