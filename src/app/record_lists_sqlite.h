/*
 * record_lists_sqlite.h — reading one record with the lists that hang off
 * it (a meeting's agenda, attendance and decisions; a challenge's events),
 * the same way in every area's store: the record's row, then each list's
 * rows under its key, all bound to the record's id as ?1, on the reader.
 */
#ifndef HAVEN_APP_RECORD_LISTS_STORE_H
#define HAVEN_APP_RECORD_LISTS_STORE_H

#include <jansson.h>

#include "core/status.h"
#include "store/db.h"

/* One list of a record: the key it is stored under and its statement (DB_SQL("...")). */
struct record_list {
	const char *key;
	const char *sql;
};

/*
 * The row `sql` (a DB_SQL text) finds for `id`, with the rows of each of
 * `lists` (ended by {0}) stored under its key, into *out (new). NULL *out
 * and HAVEN_ERR_NOT_FOUND if there is no such record, HAVEN_ERR_DB if a
 * read fails. Lists are statements, not a literal each, so that a store
 * keeps them in a table beside its function:
 *
 *     const struct record_list lists[] = {
 *         {"events", DB_SQL("SELECT ... FROM challenge_events WHERE challenge_id = ?1")}, {0}};
 *     return record_read_with_lists(out, DB_SQL("SELECT ... WHERE c.id = ?1"), id, lists);
 */
enum haven_status record_read_with_lists(json_t **out, const char *sql, long long id,
                                         const struct record_list *lists) HAVEN_MUST_CHECK;

#endif
