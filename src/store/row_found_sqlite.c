/*
 * row_found_sqlite.c — whether a record exists, or a name is still free, as
 * a status (see row_found_sqlite.h).
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

enum haven_status none_found_values(db_stmt *stmt, const struct db_value *values, size_t count)
{
	enum haven_status st = row_found_values(stmt, values, count);
	return st == HAVEN_OK ? HAVEN_ERR_CONFLICT : st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
}
