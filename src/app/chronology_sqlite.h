/*
 * chronology_sqlite.h — the one way an area's store writes its events into a
 * child's chronology (app/chronology.h): a query on the reader connection
 * whose rows are the events, read and made event objects in one call.
 */
#ifndef HAVEN_APP_CHRONOLOGY_STORE_H
#define HAVEN_APP_CHRONOLOGY_STORE_H

#include <jansson.h>

#include "app/chronology.h"
#include "core/status.h"
#include "store/db.h"

/*
 * Appends to `events` an event of `kind` for each row `stmt` finds with
 * child `child_id` bound as ?1; each row is {at, record_id, text, agency},
 * as chronology_add_rows reads it. HAVEN_ERR_DB, with `events` unchanged,
 * if `stmt` is NULL or the read fails. chronology_read prepares `sql` (a
 * string literal) on the reader connection:
 *
 *     return chronology_read(events, &incident, child_id,
 *                            "SELECT i.occurred_at AS at, i.id AS record_id, ... WHERE c.child_id = ?1");
 */
enum haven_status chronology_read_stmt(json_t *events, const struct chronology_kind *kind, db_stmt *stmt,
                                       long long child_id) HAVEN_MUST_CHECK;
#define chronology_read(events, kind, child_id, sql)                                                         \
	chronology_read_stmt((events), (kind), db_prepare(db_reader(), sql), (child_id))

#endif
