/*
 * log.h — Haven's logs: one JSON object per line on stderr.
 *
 * Logs never carry personal data: messages are about the system (a database
 * error, a migration applied), and the access log names the route pattern,
 * never the raw path. Lines are written with one write() so lines from
 * concurrent threads never interleave.
 */
#ifndef HAVEN_CORE_LOG_H
#define HAVEN_CORE_LOG_H

#include <jansson.h>

#include "core/buf.h"

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes `fields` (adding "time") as one line; takes ownership of fields. */
void log_json(json_t *fields);

/*
 * A line written without building a jansson object (the access log, once a
 * request): log_line_begin starts `line` (empty) with the opening brace and
 * "time"; the caller appends each ,"key":value with json_text's pieces
 * (core/json_text.h); log_line_end closes it, writes it as log_json would
 * and frees the buffer. The same bytes log_json writes for the same fields.
 */
void log_line_begin(struct buf *line);
void log_line_end(struct buf *line);

/* The current UTC time as 2026-11-26T10:37:00.123Z into out (at least 32 bytes). */
void log_timestamp(char *out, size_t size);

/* Silences info lines (tests and the CLI's quiet mode); errors still print. */
void log_set_quiet(int quiet);

/*
 * Repeated lines are rate-limited: log_info and log_error write the same
 * message (the same text, whatever its level) at most `max` times in each
 * `interval_ms`; the rest of that interval's repeats are counted, not
 * written, and once the interval is over one line says how many were left
 * out: {"level":"info","event":"log_suppressed","message":TEXT,
 * "suppressed":N,"seconds":S}. (A client hammering a full server once made
 * one message 414,481 lines in 30 s.) The summary is written with the next
 * line logged after the interval, or by log_flush_suppressed. log_json lines
 * (the access log) are never limited: each is a request's only record.
 * Defaults: 10 in 10 s. max 0 turns the limit off. Thread-safe.
 */
void log_set_rate_limit(unsigned max, unsigned interval_ms);

/* Writes the summary of every message suppressed so far (at shutdown). */
void log_flush_suppressed(void);

#endif
