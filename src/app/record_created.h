/*
 * record_created.h — how a handler that adds a record ends: once the store
 * has added it, the record read back as its page shows it, answered as made
 * (201 with the record for the API, a 303 to its page for a browser).
 */
#ifndef HAVEN_APP_RECORD_CREATED_H
#define HAVEN_APP_RECORD_CREATED_H

#include <jansson.h>

#include "core/status.h"
#include "router/request.h"

/* A read of one record by id, as its page shows it (a new reference in *record on HAVEN_OK). */
typedef enum haven_status (*record_read)(long long id, json_t **record);

/*
 * When `st` (how the store's add ended) is HAVEN_OK: record `id` as `read`
 * gives it, created at "`path`/`id`" (path: a browser path, "/plans").
 * Returns what the handler returns: `st` or the read's failure, else HAVEN_OK.
 */
enum haven_status record_created(struct response *res, enum haven_status st, long long id, record_read read,
                                 const char *path);

#endif
