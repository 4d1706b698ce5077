/*
 * column_list_sqlite.c — one column of a statement's rows as a JSON array
 * (see column_list_sqlite.h).
 */
#include "store/column_list_sqlite.h"

#include "store/backend.h"

json_t *column_list_values(db_stmt *stmt, const struct db_value *values, size_t count)
{
	if (!db_bind_values(stmt, values, count))
		return NULL;
	json_t *list = json_array();
	enum db_step step;
	while ((step = db_step(stmt)) == DB_STEP_ROW)
		json_array_append_new(list, db_column_json(stmt, 0));
	db_done(stmt);
	if (step != DB_STEP_DONE) {
		json_decref(list);
		return NULL;
	}
	return list;
}
