/*
 * store_sqlite.c (feedback) — the SQLite side of store.h.
 */
#include "areas/feedback/store.h"

#include "store/db.h"

struct new_feedback {
	const char *satisfaction, *comments;
	long long id;
};

static enum haven_status insert(sqlite3 *db, void *ctx)
{
	struct new_feedback *f = ctx;
	enum haven_status st = db_exec_with(db, "INSERT INTO feedback (satisfaction, comments) VALUES (?, ?)",
	                                    DB_TEXT(f->satisfaction), DB_TEXT(f->comments));
	if (st == HAVEN_OK)
		f->id = sqlite3_last_insert_rowid(db);
	return st;
}

enum haven_status feedback_save(const char *satisfaction, const char *comments, long long *id)
{
	struct new_feedback f = {satisfaction, comments, 0};
	enum haven_status st = db_write(insert, &f);
	*id = f.id;
	return st;
}

enum haven_status feedback_count(long long *count)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = db ? db_prepare(db, "SELECT count(*) FROM feedback") : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(stmt);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	db_done(stmt);
	return rc == SQLITE_ROW ? HAVEN_OK : HAVEN_ERR_DB;
}
