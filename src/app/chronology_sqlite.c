/*
 * chronology_sqlite.c — an area's table of kinds of event read into a
 * child's chronology (see chronology.h).
 */
#include "app/chronology.h"

#include <assert.h>

#include "store/db.h"

enum haven_status chronology_read_kinds(json_t *events, const struct chronology_kind *kinds,
                                        long long child_id, bool merged_in, long long reader_agency_id)
{
	for (const struct chronology_kind *kind = kinds; kind && kind->kind; kind++) {
		assert(kind->sql || kind->rows); /* a kind says where its rows come from */
		const char *sql = merged_in && kind->sql_merged_in ? kind->sql_merged_in : kind->sql;
		json_t *rows = NULL;
		enum haven_status st =
		    sql ? db_read_rows_values(&rows, db_prepare_registered(db_reader(), sql),
		                              DB_VALUES(DB_INT(child_id)))
		        : kind->rows(child_id, reader_agency_id, &rows);
		if (st != HAVEN_OK)
			return HAVEN_ERR_DB;
		chronology_add_rows(events, rows, kind);
	}
	return HAVEN_OK;
}
