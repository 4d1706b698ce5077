/*
 * subject_access.h — how an area declares what it holds about a child for
 * the pack that answers a subject access request (app/area.h,
 * `.subject_access`; areas/subjectaccess shows it): a table of {title, sql},
 * each query giving one row per record with its columns named as the pack's
 * labels. subject_access_read_tables (subject_access_sqlite.c) runs them, so
 * every area's records look the same in the pack: each label in words with
 * its abbreviations in capitals ("nhs_number" is "NHS number"), and each
 * column the table declares a flag (`flags`: 0 or 1, the schema's
 * CHECK (x IN (0, 1))) said "Yes" or "No".
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
	/*
	 * The columns of `sql` (by the names it gives them) that hold a flag, 0 or 1, shown "Yes" and
	 * "No" (NULL-ended; NULL: none). Declared, not guessed from the values: a count or a version
	 * holds 0 and 1 too. tests/unit/test_subject_access.c fails if a column named as one of the
	 * schema's CHECK (x IN (0, 1)) columns is not declared.
	 */
	const char *const *flags;
};

/*
 * Appends to `sections`, for each table of `tables` (ended by {0}; NULL:
 * none), {title, columns: ["Received at", ...], rows: [{cells: [{value}]}],
 * count} for child `child_id`, read on the reader connection; a NULL value is
 * "", a flag "Yes" or "No" and any other number its digits. HAVEN_ERR_DB if
 * one fails (`sections` may then hold the tables before it).
 */
enum haven_status subject_access_read_tables(json_t *sections, const struct subject_access_table *tables,
                                             long long child_id) HAVEN_MUST_CHECK;

/*
 * The label for column `name` into `out` of `size` bytes: its words, the first capitalised
 * ("received_at" → "Received at"), an abbreviation in its capitals ("nhs_number" → "NHS number",
 * "upn" → "UPN").
 */
void subject_access_label(const char *name, char *out, size_t size);

#endif
