/*
 * log.c — JSON-lines logging to stderr, with repeated lines rate-limited
 * (see log.h).
 *
 * The limiter remembers up to SLOTS recent messages by a hash of their text.
 * A message not among them takes a free slot, else the slot taken longest
 * ago (its pending summary written first), so a flood of distinct messages cannot
 * make the limiter forget what it suppressed without saying so.
 */
#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/json_text.h"

static int quiet;

#define SLOTS 64
#define TEXT_MAX 240 /* of a message, kept for its summary line */

struct repeat {
	uint64_t hash;  /* 0: a free slot */
	uint64_t taken; /* when the slot was given this message, in messages taken: the oldest goes first */
	int64_t window_start_ms;
	unsigned written;              /* lines written in this interval */
	unsigned long long suppressed; /* repeats not written in this interval */
	char text[TEXT_MAX];
};

static pthread_mutex_t limit_lock = PTHREAD_MUTEX_INITIALIZER;
static struct repeat repeats[SLOTS];
static unsigned limit_max = 10;
static unsigned limit_interval_ms = 10000;
static uint64_t slots_taken;

void log_set_quiet(int q)
{
	quiet = q;
}

void log_timestamp(char *out, size_t size)
{
	/* The text to the second changes once a second: each thread keeps its last one and writes only the
	 * milliseconds anew, since gmtime_r (which takes glibc's time zone lock) and strftime for every
	 * request were a visible part of the access log's cost. */
	static _Thread_local time_t second = -1;
	static _Thread_local char base[24];
	static _Thread_local size_t base_len;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != second) {
		struct tm tm;
		gmtime_r(&ts.tv_sec, &tm);
		base_len = strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
		second = ts.tv_sec;
	}
	long ms = ts.tv_nsec / 1000000;
	if (base_len + sizeof ".123Z" > size) {
		snprintf(out, size, "%s.%03ldZ", base, ms);
		return;
	}
	memcpy(out, base, base_len);
	char *w = out + base_len;
	*w++ = '.';
	*w++ = (char)('0' + ms / 100);
	*w++ = (char)('0' + ms / 10 % 10);
	*w++ = (char)('0' + ms % 10);
	*w++ = 'Z';
	*w = '\0';
}

/* One write per line so concurrent lines never interleave. */
static void write_line(const struct buf *line)
{
	ssize_t ignored = write(STDERR_FILENO, line->data, line->len);
	(void)ignored;
}

void log_json(json_t *fields)
{
	char now[40];
	log_timestamp(now, sizeof now);
	json_object_set_new(fields, "time", json_string(now));
	/* every request writes a line: room for a usual one at once, and its text written straight in */
	struct buf line = BUF_INIT;
	buf_reserve(&line, 512);
	if (json_text_append(&line, fields, 6)) {
		buf_append_char(&line, '\n');
		write_line(&line);
	}
	json_decref(fields);
	buf_free(&line);
}

void log_line_begin(struct buf *line)
{
	char now[40];
	log_timestamp(now, sizeof now);
	buf_reserve(line, 512);
	/* the time's text is digits and -:T.Z only: nothing to escape */
	buf_append(line, "{\"time\":\"", 9);
	buf_append_str(line, now);
	buf_append_char(line, '"');
}

void log_line_end(struct buf *line)
{
	buf_append(line, "}\n", 2);
	write_line(line);
	buf_free(line);
}

void log_set_rate_limit(unsigned max, unsigned interval_ms)
{
	pthread_mutex_lock(&limit_lock);
	limit_max = max;
	limit_interval_ms = interval_ms;
	memset(repeats, 0, sizeof repeats);
	slots_taken = 0;
	pthread_mutex_unlock(&limit_lock);
}

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* FNV-1a, never 0 (0 marks a free slot). */
static uint64_t text_hash(const char *text)
{
	uint64_t h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h ? h : 1;
}

/* Writes the summary of a slot's suppressed repeats, if any, and clears them. */
static void write_summary(struct repeat *r)
{
	if (!r->suppressed)
		return;
	json_t *fields = json_pack("{s:s, s:s, s:s, s:s, s:I, s:f}", "time", "", "level", "info", "event",
	                           "log_suppressed", "message", r->text, "suppressed",
	                           (json_int_t)r->suppressed, "seconds", limit_interval_ms / 1000.0);
	r->suppressed = 0;
	log_json(fields);
}

/*
 * Whether `text` may be written now (lock held): counts it against its
 * slot, first writing the summaries of slots whose interval is over.
 */
static bool may_write(const char *text)
{
	if (!limit_max)
		return true;
	int64_t now = monotonic_ms();
	uint64_t h = text_hash(text);
	struct repeat *mine = NULL, *spare = NULL;
	for (size_t i = 0; i < SLOTS; i++) {
		struct repeat *r = &repeats[i];
		if (r->hash && now - r->window_start_ms >= limit_interval_ms) {
			write_summary(r);
			r->written = 0;
			r->window_start_ms = now;
		}
		if (r->hash == h && strncmp(r->text, text, TEXT_MAX - 1) == 0)
			mine = r;
		if (!spare || (spare->hash && (!r->hash || r->taken < spare->taken)))
			spare = r; /* a free slot, else the one taken longest ago */
	}
	if (!mine) {
		mine = spare;
		write_summary(mine);
		*mine = (struct repeat){.hash = h, .taken = ++slots_taken, .window_start_ms = now};
		snprintf(mine->text, sizeof mine->text, "%s", text);
	}
	if (mine->written < limit_max) {
		mine->written++;
		return true;
	}
	mine->suppressed++;
	return false;
}

void log_flush_suppressed(void)
{
	pthread_mutex_lock(&limit_lock);
	for (size_t i = 0; i < SLOTS; i++)
		write_summary(&repeats[i]);
	pthread_mutex_unlock(&limit_lock);
}

static void log_message(const char *level, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT;
	buf_vprintf(&msg, fmt, ap);
	pthread_mutex_lock(&limit_lock);
	bool write = may_write(buf_cstr(&msg));
	pthread_mutex_unlock(&limit_lock);
	if (!write) {
		buf_free(&msg);
		return;
	}
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
