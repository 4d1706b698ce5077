/*
 * fail_with.c — a status with a message saying why (fail_with.h).
 */
#include "core/fail_with.h"

#include <stdarg.h>

#include "core/buf.h"

enum haven_status fail_with(char **why, enum haven_status st, const char *fmt, ...)
{
	if (why) {
		struct buf b = BUF_INIT;
		va_list ap;
		va_start(ap, fmt);
		buf_vprintf(&b, fmt, ap);
		va_end(ap);
		*why = buf_steal(&b, NULL);
	}
	return st;
}
