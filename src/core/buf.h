/*
 * buf.h — a growable byte buffer, the way Haven builds every string it sends.
 *
 * Out-of-memory policy (project-wide): allocation failure aborts the process
 * with a message (see xmalloc in alloc.h). A safeguarding service that runs
 * out of memory cannot promise anything it says is saved, so it stops and is
 * restarted rather than carrying on half-working. That is why the append
 * functions return nothing.
 *
 * The contents are always NUL-terminated (data[len] == '\0') so a buffer can
 * be handed to C string functions; it may also hold embedded NULs.
 */
#ifndef HAVEN_CORE_BUF_H
#define HAVEN_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* owned; NULL until the first append */
	size_t len;
	size_t cap;
};

#define BUF_INIT                                                                                             \
	{                                                                                                    \
		NULL, 0, 0                                                                                   \
	}

/* Room for `extra` more bytes at once, for text whose usual size is known (no growing step by step). */
void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_append_str(struct buf *b, const char *s);
void buf_append_char(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Appends s with &, <, >, " and ' escaped, safe in HTML text and quoted attributes. */
void buf_append_html(struct buf *b, const char *s, size_t len);
/* Empties the buffer, keeping its memory for reuse. */
void buf_reset(struct buf *b);
/* The contents as a NUL-terminated string (never NULL; "" when empty). Borrowed. */
const char *buf_cstr(struct buf *b);
/* Hands the contents to the caller (free() them); the buffer is left empty. */
char *buf_steal(struct buf *b, size_t *len);
void buf_free(struct buf *b);

#endif
