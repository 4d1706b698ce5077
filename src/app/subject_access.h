/*
 * subject_access.h — how an area declares what it holds about a child for
 * the pack that answers a subject access request (app/area.h,
 * `.subject_access`; areas/subjectaccess shows it): a table of {title, sql},
 * each query giving one row per record with its columns named as the pack's
 * labels. subject_access_read_tables (subject_access_sqlite.c) runs them, so
 * every area's records look the same in the pack.
 *
 * Every table with a child_id column must be named by one area's statements
 * (tests/unit/test_subject_access.c fails otherwise), so the pack can never
 * silently miss what an area holds.
 */
#ifndef HAVEN_APP_SUBJECT_ACCESS_H
#define HAVEN_APP_SUBJECT_ACCESS_H

#include <jansson.h>

#include "core/status.h"

/* One kind of record an area holds about a child. */
struct subject_access_table {
	const char *title; /* "Case notes": the pack's heading for the rows */
	/*
	 * A statement registered with DB_REGISTER (store/db.h) in the area's
	 * store, with the child's id as ?1, giving one row per record; its
	 * columns' names (snake_case) are the pack's labels: "received_at" is
	 * shown "Received at".
	 */
	const char *sql;
};

/*
 * Appends to `sections`, for each table of `tables` (ended by {0}; NULL:
 * none), {title, columns: ["Received at", ...], rows: [{cells: [{value}]}],
 * count} for child `child_id`, read on the reader connection; a NULL value is
 * "" and a number its digits. HAVEN_ERR_DB if one fails (`sections` may then
 * hold the tables before it).
 */
enum haven_status subject_access_read_tables(json_t *sections, const struct subject_access_table *tables,
                                             long long child_id) HAVEN_MUST_CHECK;

/* The label for column `name` ("received_at" → "Received at") into `out` of `size` bytes. */
void subject_access_label(const char *name, char *out, size_t size);

#endif
