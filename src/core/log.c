/*
 * log.c — JSON-lines logging to stderr (see log.h).
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"

static int quiet;

void log_set_quiet(int q)
{
	quiet = q;
}

void log_timestamp(char *out, size_t size)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	char base[24];
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, size, "%s.%03ldZ", base, ts.tv_nsec / 1000000);
}

void log_json(json_t *fields)
{
	char now[40];
	log_timestamp(now, sizeof now);
	json_object_set_new(fields, "time", json_string(now));
	char *line = json_dumps(fields, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(fields);
	if (!line)
		return;
	struct buf b = BUF_INIT;
	buf_append_str(&b, line);
	buf_append_char(&b, '\n');
	free(line);
	/* one write per line so concurrent lines never interleave */
	ssize_t ignored = write(STDERR_FILENO, b.data, b.len);
	(void)ignored;
	buf_free(&b);
}

static void log_message(const char *level, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT;
	buf_vprintf(&msg, fmt, ap);
	json_t *fields = json_object();
	json_object_set_new(fields, "time", json_string(""));
	json_object_set_new(fields, "level", json_string(level));
	json_object_set_new(fields, "message", json_string(buf_cstr(&msg)));
	buf_free(&msg);
	log_json(fields);
}

void log_info(const char *fmt, ...)
{
	if (quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	log_message("info", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_message("error", fmt, ap);
	va_end(ap);
}
