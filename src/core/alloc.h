/*
 * alloc.h — allocation that never returns NULL.
 *
 * Haven's out-of-memory policy is to abort (see buf.h for why), so callers
 * never check these for NULL.
 */
#ifndef HAVEN_CORE_ALLOC_H
#define HAVEN_CORE_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

#endif
