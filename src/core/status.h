/*
 * status.h — the one status enum every fallible Haven function returns.
 *
 * Callers must check it (the functions are marked HAVEN_MUST_CHECK); the
 * names say what went wrong in terms a handler can map straight to an HTTP
 * status or a CLI exit code.
 */
#ifndef HAVEN_CORE_STATUS_H
#define HAVEN_CORE_STATUS_H

#define HAVEN_MUST_CHECK __attribute__((warn_unused_result))

enum haven_status {
	HAVEN_OK = 0,
	HAVEN_ERR_INVALID,   /* input failed validation: 400/422 */
	HAVEN_ERR_NOT_FOUND, /* no such record or file: 404 */
	HAVEN_ERR_CONFLICT,  /* a unique constraint or a stale version: 409 */
	HAVEN_ERR_TOO_LARGE, /* over a configured limit: 413 */
	HAVEN_ERR_DENIED,    /* not allowed: 403 */
	HAVEN_ERR_IO,        /* the file system or the network failed */
	HAVEN_ERR_DB,        /* the database failed or is unavailable: 503 */
	HAVEN_ERR_VERSION,   /* the database is from a newer Haven */
	HAVEN_ERR_INTERNAL,  /* a bug: 500 */
	HAVEN_ERR_BUSY,      /* as many as may run at once already are: 503 with Retry-After */
};

/* A short, stable English name for a status, for logs and messages. */
const char *haven_status_name(enum haven_status status);

#endif
