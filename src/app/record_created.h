/*
 * record_created.h — how a handler that adds or changes a record ends: once
 * the store has added it, the record read back as its page shows it,
 * answered as made (201 with the record for the API, a 303 to its page for a
 * browser); once the store has changed it, the change done (a 303 to its
 * page with the success banner, the record as it now is for the API); and
 * an add the area's store may refuse, the refusal the form's error.
 */
#ifndef HAVEN_APP_RECORD_CREATED_H
#define HAVEN_APP_RECORD_CREATED_H

#include <jansson.h>

#include "app/store_refusal.h"
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

/*
 * How a handler ends whose add the store may refuse (`refusal`, its area's
 * enum, with what each value means in `words`; see store_refusal.h): when
 * refused, that row's error on the form (the page again, or problem+json);
 * when added (`st` HAVEN_OK), `success` on the banner (a literal naming what
 * was made: "The plan was added") and record `id` answered as record_created
 * does. One call for the create-refuse-or-answer flow every such area had
 * written out. Returns what the handler returns.
 */
enum haven_status record_added(struct response *res, enum haven_status st, int refusal,
                               const struct refusal_words words[], const char *success, long long id,
                               record_read read, const char *path);

/*
 * When `st` (how the store's change to record `id` ended) is HAVEN_OK: the
 * change is done, `success` on the banner (a literal; NULL: the default
 * banner), leading to "`path`/`id`" (path: a browser path, "/plans"), and
 * the API answered by `show` (the record's page handler). Returns `st`.
 */
enum haven_status record_changed(struct response *res, enum haven_status st, const char *success,
                                 route_handler *show, const char *path, long long id);

#endif
