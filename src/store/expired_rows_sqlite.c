/*
 * expired_rows_sqlite.c — one batch of rows past their time removed in one
 * unit of work (see expired_rows_sqlite.h).
 */
#include "store/expired_rows_sqlite.h"

struct removal {
	const char *sql;
	int64_t before;
	int limit;
	long long removed;
};

static enum haven_status write_removal(db_conn *db, void *ctx)
{
	struct removal *r = ctx;
	return db_exec_changed_values(db_prepare_registered(db, r->sql), &r->removed,
	                              DB_VALUES(DB_INT(r->before), DB_INT(r->limit)));
}

enum haven_status expired_rows_remove(const char *sql, int64_t before, int limit, long long *removed)
{
	struct removal r = {.sql = sql, .before = before, .limit = limit};
	enum haven_status st = db_write(write_removal, &r);
	*removed = st == HAVEN_OK ? r.removed : 0;
	return st;
}
