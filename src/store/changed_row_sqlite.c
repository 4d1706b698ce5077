/*
 * changed_row_sqlite.c — a change that must find its row (see
 * changed_row_sqlite.h).
 */
#include "store/changed_row_sqlite.h"

enum haven_status exec_changed_or_values(db_stmt *stmt, enum haven_status if_unchanged,
                                         const struct db_value *values, size_t count)
{
	long long changed = 0;
	enum haven_status st = db_exec_changed_values(stmt, &changed, values, count);
	return st == HAVEN_OK && changed == 0 ? if_unchanged : st;
}
