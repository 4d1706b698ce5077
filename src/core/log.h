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

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes `fields` (adding "time") as one line; takes ownership of fields. */
void log_json(json_t *fields);

/* The current UTC time as 2026-11-26T10:37:00.123Z into out (at least 32 bytes). */
void log_timestamp(char *out, size_t size);

/* Silences info lines (tests and the CLI's quiet mode); errors still print. */
void log_set_quiet(int quiet);

#endif
