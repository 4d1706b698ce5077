/*
 * store_sqlite.c (calendar) — the SQLite side of store.h.
 */
#include "areas/calendar/store.h"

#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/alloc.h"
#include "core/log.h"
#include "store/db.h"
#include "store/row_found_sqlite.h"

/* Every imported holiday on `db`, sorted by date (see calendar_store_holidays). */
static enum haven_status holidays_on(db_conn *db, struct calendar_holiday **list, size_t *count)
{
	*list = NULL;
	*count = 0;
	if (!db)
		return HAVEN_ERR_NOT_FOUND;
	json_t *rows;
	if (db_read_rows_values(&rows, db_prepare(db, "SELECT date, title FROM bank_holidays ORDER BY date"),
	                        NULL, 0) != HAVEN_OK)
		return HAVEN_ERR_DB;
	size_t size = json_array_size(rows);
	struct calendar_holiday *out = size ? xcalloc(size, sizeof *out) : NULL;
	size_t n = 0;
	enum haven_status st = HAVEN_OK;
	json_t *row;
	json_array_foreach(rows, n, row)
	{
		const char *date = json_string_value(json_object_get(row, "date"));
		const char *title = json_string_value(json_object_get(row, "title"));
		int32_t day;
		/* the CHECK only guards the shape; a wrong date would silently move deadlines */
		if (!date || !title || !calendar_parse(date, &day)) {
			log_error("calendar: bank_holidays holds a row that is not a date: %.20s",
			          date ? date : "NULL");
			st = HAVEN_ERR_DB;
			break;
		}
		out[n].day = day;
		out[n].title = xstrdup(title);
	}
	json_decref(rows);
	if (st != HAVEN_OK) {
		calendar_holidays_free(out, n);
		return st;
	}
	*list = out;
	*count = n;
	return HAVEN_OK;
}

enum haven_status calendar_store_holidays(struct calendar_holiday **list, size_t *count)
{
	return holidays_on(db_reader(), list, count);
}

enum haven_status calendar_store_holidays_in(struct store_tx *tx, struct calendar_holiday **list,
                                             size_t *count)
{
	return holidays_on(db_tx_conn(tx), list, count);
}

struct upsert {
	const struct calendar_holiday *list;
	size_t count;
	const struct actor *actor;
	calendar_store_then_fn then;
	void *ctx;
	size_t added, known;
};

static enum haven_status upsert(db_conn *db, void *ctx)
{
	struct upsert *u = ctx;
	u->added = u->known = 0; /* a retried unit starts again */
	for (size_t i = 0; i < u->count; i++) {
		char date[CALENDAR_DATE_SIZE];
		calendar_format(u->list[i].day, date);
		enum haven_status found =
		    row_found_with(db, "SELECT 1 FROM bank_holidays WHERE date = ?", DB_TEXT(date));
		if (found != HAVEN_OK && found != HAVEN_ERR_NOT_FOUND)
			return found;
		enum haven_status st =
		    found == HAVEN_OK
		        ? db_exec_with(db,
		                       "UPDATE bank_holidays SET title = ?2 WHERE date = ?1 AND title IS "
		                       "DISTINCT FROM ?2",
		                       DB_TEXT(date), DB_TEXT(u->list[i].title))
		        : db_exec_with(db, "INSERT INTO bank_holidays (date, title) VALUES (?, ?)",
		                       DB_TEXT(date), DB_TEXT(u->list[i].title));
		if (st != HAVEN_OK)
			return st;
		if (found == HAVEN_OK)
			u->known++;
		else
			u->added++;
	}
	enum haven_status st = u->then ? u->then(db_tx(db), u->ctx) : HAVEN_OK;
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), u->actor, "calendar.bank_holidays", NULL, 0, NULL);
}

enum haven_status calendar_store_upsert(const struct calendar_holiday *list, size_t count,
                                        const struct actor *actor, calendar_store_then_fn then, void *ctx,
                                        size_t *added, size_t *known)
{
	struct upsert u = {list, count, actor, then, ctx, 0, 0};
	enum haven_status st = db_write(upsert, &u);
	*added = st == HAVEN_OK ? u.added : 0;
	*known = st == HAVEN_OK ? u.known : 0;
	return st;
}
