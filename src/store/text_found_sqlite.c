/*
 * text_found_sqlite.c — one text a statement finds, into a C buffer (see
 * text_found_sqlite.h).
 */
#include "store/text_found_sqlite.h"

#include "core/utf8.h"

enum haven_status text_found_values(db_stmt *stmt, char *out, size_t size, const struct db_value *values,
                                    size_t count)
{
	out[0] = '\0';
	if (!db_bind_values(stmt, values, count))
		return HAVEN_ERR_DB;
	enum db_step step = db_step(stmt);
	if (step == DB_STEP_ROW)
		utf8_copy(out, size, db_column_text(stmt, 0));
	db_done(stmt);
	return step == DB_STEP_ROW ? HAVEN_OK : step == DB_STEP_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
}
