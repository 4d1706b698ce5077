/*
 * row_found_sqlite.c — whether a record exists, as a status (see
 * row_found_sqlite.h).
 */
#include "store/row_found_sqlite.h"

enum haven_status row_found_values(db_stmt *stmt, const struct db_value *values, size_t count)
{
	long long found = 0;
	enum haven_status st = db_integer_values(stmt, &found, values, count);
	if (st != HAVEN_OK)
		return st;
	return found ? HAVEN_OK : HAVEN_ERR_NOT_FOUND;
}
