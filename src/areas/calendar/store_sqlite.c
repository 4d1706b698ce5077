/*
 * store_sqlite.c (calendar) — the SQLite side of store.h.
 */
#include "areas/calendar/store.h"

#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/log.h"
#include "store/db.h"

enum haven_status calendar_store_holidays(struct calendar_holiday **list, size_t *count)
{
	*list = NULL;
	*count = 0;
	sqlite3 *db = db_reader();
	if (!db)
		return HAVEN_ERR_NOT_FOUND;
	sqlite3_stmt *stmt = db_prepare(db, "SELECT date, title FROM bank_holidays ORDER BY date");
	if (!stmt)
		return HAVEN_ERR_DB;
	struct calendar_holiday *out = NULL;
	size_t n = 0, cap = 0;
	enum haven_status st = HAVEN_OK;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *date = (const char *)sqlite3_column_text(stmt, 0);
		const char *title = (const char *)sqlite3_column_text(stmt, 1);
		int32_t day;
		/* the CHECK only guards the shape; a wrong date would silently move deadlines */
		if (!date || !title || !calendar_parse(date, &day)) {
			log_error("calendar: bank_holidays holds a row that is not a date: %.20s",
			          date ? date : "NULL");
			st = HAVEN_ERR_DB;
			break;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			out = xrealloc(out, cap * sizeof *out);
		}
		out[n].day = day;
		out[n].title = xstrdup(title);
		n++;
	}
	if (st == HAVEN_OK && rc != SQLITE_DONE)
		st = db_status(rc);
	db_done(stmt);
	if (st != HAVEN_OK) {
		calendar_holidays_free(out, n);
		return st;
	}
	*list = out;
	*count = n;
	return HAVEN_OK;
}

struct upsert {
	const struct calendar_holiday *list;
	size_t count, added, known;
};

static enum haven_status upsert(sqlite3 *db, void *ctx)
{
	struct upsert *u = ctx;
	u->added = u->known = 0; /* a retried unit starts again */
	sqlite3_stmt *find = db_prepare(db, "SELECT 1 FROM bank_holidays WHERE date = ?");
	sqlite3_stmt *insert = db_prepare(db, "INSERT INTO bank_holidays (date, title) VALUES (?, ?)");
	sqlite3_stmt *rename =
	    db_prepare(db, "UPDATE bank_holidays SET title = ?2 WHERE date = ?1 AND title IS NOT ?2");
	if (!find || !insert || !rename)
		return HAVEN_ERR_DB;
	for (size_t i = 0; i < u->count; i++) {
		char date[CALENDAR_DATE_SIZE];
		calendar_format(u->list[i].day, date);
		sqlite3_bind_text(find, 1, date, -1, SQLITE_TRANSIENT);
		int rc = sqlite3_step(find);
		db_done(find);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_status(rc);
		sqlite3_stmt *change = rc == SQLITE_ROW ? rename : insert;
		sqlite3_bind_text(change, 1, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(change, 2, u->list[i].title, -1, SQLITE_STATIC);
		enum haven_status st = db_exec_stmt(change);
		if (st != HAVEN_OK)
			return st;
		if (rc == SQLITE_ROW)
			u->known++;
		else
			u->added++;
	}
	return HAVEN_OK;
}

enum haven_status calendar_store_upsert(const struct calendar_holiday *list, size_t count, size_t *added,
                                        size_t *known)
{
	struct upsert u = {list, count, 0, 0};
	enum haven_status st = db_write(upsert, &u);
	*added = st == HAVEN_OK ? u.added : 0;
	*known = st == HAVEN_OK ? u.known : 0;
	return st;
}
