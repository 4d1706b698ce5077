/*
 * record_lists_sqlite.c — one record and its lists in one read (see
 * record_lists_sqlite.h).
 */
#include "app/record_lists_sqlite.h"

enum haven_status record_read_with_lists(json_t **out, const char *sql, long long id,
                                         const struct record_list *lists)
{
	*out = NULL;
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	json_t *record = NULL;
	enum haven_status st = db_row_values(db_prepare_registered(db, sql), &record, DB_VALUES(DB_INT(id)));
	for (const struct record_list *l = lists; st == HAVEN_OK && l->key; l++)
		st = db_rows_into_values(record, l->key, db_prepare_registered(db, l->sql),
		                         DB_VALUES(DB_INT(id)));
	if (st != HAVEN_OK) {
		json_decref(record);
		return st;
	}
	*out = record;
	return HAVEN_OK;
}
