/*
 * seconds_sqlite.h (auth) — the Unix seconds auth's tables keep (a session's
 * start and last use, a break-glass grant's start and end) shown as UTC text,
 * "2026-12-04T06:01:02Z", formatted in C rather than by the engine (#21).
 * Private to auth's SQLite backend.
 */
#ifndef HAVEN_AUTH_SECONDS_BACKEND_H
#define HAVEN_AUTH_SECONDS_BACKEND_H

#include <jansson.h>

/* In each row of `rows`, each field named in `fields` (NULL-terminated) that
 * holds seconds is replaced by its UTC text. */
void auth_rows_seconds_as_text(json_t *rows, const char *const fields[]);

#endif
