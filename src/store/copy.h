/*
 * copy.h — copying a partnership's SQLite database into an empty
 * PostgreSQL database (`haven migrate-store`, issue 21), and checking the
 * copy table by table. Names no database library, so the command above the
 * store may call it.
 */
#ifndef HAVEN_STORE_COPY_H
#define HAVEN_STORE_COPY_H

#include <stddef.h>
#include <stdio.h>

#include "core/status.h"

struct store_copy_summary {
	size_t tables;          /* tables copied (schema_migrations, loaded with the schema, not counted) */
	long long rows;         /* rows copied, in all */
	size_t derived;         /* SQLite's FTS shadow tables, which PostgreSQL has no need of: not copied */
	long long changed;      /* tables the source changed in while it was copied (see below) */
	char first_changed[64]; /* the first of them, for a message ("" if none) */
};

/*
 * Copies the SQLite database `from` (a file, opened read-only) into the
 * PostgreSQL database `to` (a postgresql:// URL), which must hold no tables:
 * one with any is refused (HAVEN_ERR_CONFLICT) and left alone. Loads
 * PostgreSQL's schema (as haven init --db URL does), then, in one
 * PostgreSQL transaction, copies every table's rows with their ids, parents
 * before children, from one read transaction of the source (so a Haven
 * serving `from` may go on; what it writes after that snapshot is not in the
 * copy), moves each identity counter past the highest id, and checks that
 * every table holds as many rows as the source did in the snapshot and
 * that schema_migrations lists the same migrations. Only then commits.
 * The rows of tables the triggers keep (figure counts, agency names) are
 * copied as they are, with the triggers off while the copy runs.
 *
 * A line per table goes to `progress` (may be NULL). Afterwards the source
 * is counted again in a new read: summary->changed says in how many tables
 * its rows changed meanwhile (writes the copy does not hold).
 *
 * On failure a malloc'd *err naming the table or check that failed; if the
 * schema had been loaded by then, the target holds it with no rows copied
 * (the copy's transaction rolled back), and *err says so.
 */
enum haven_status store_copy_to_postgresql(const char *from, const char *to, FILE *progress,
                                           struct store_copy_summary *summary, char **err) HAVEN_MUST_CHECK;

#endif
