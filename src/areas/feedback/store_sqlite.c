/*
 * store_sqlite.c (feedback) — the SQLite side of store.h.
 */
#include "areas/feedback/store.h"

#include "store/db.h"

struct new_feedback {
	const char *satisfaction, *comments;
	long long id;
};

static enum haven_status insert(db_conn *db, void *ctx)
{
	struct new_feedback *f = ctx;
	return db_integer_with(db, "INSERT INTO feedback (satisfaction, comments) VALUES (?, ?) RETURNING id",
	                       &f->id, DB_TEXT(f->satisfaction), DB_TEXT(f->comments));
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
	*count = 0;
	enum haven_status st =
	    db_integer_values(db_prepare(db_reader(), "SELECT count(*) FROM feedback"), count, NULL, 0);
	return st == HAVEN_OK ? HAVEN_OK : HAVEN_ERR_DB;
}
