/*
 * chronology_sqlite.c — a chronology query's rows made events (see
 * chronology_sqlite.h).
 */
#include "app/chronology_sqlite.h"

enum haven_status chronology_read_stmt(json_t *events, const struct chronology_kind *kind, db_stmt *stmt,
                                       long long child_id)
{
	json_t *rows = NULL;
	if (db_read_rows_values(&rows, stmt, DB_VALUES(DB_INT(child_id))) != HAVEN_OK)
		return HAVEN_ERR_DB;
	chronology_add_rows(events, rows, kind);
	return HAVEN_OK;
}
