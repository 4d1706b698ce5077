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

/* The imports' generation on `db` (see calendar_store_generation). */
static enum haven_status generation_on(db_conn *db, unsigned long long *generation)
{
	if (!db)
		return HAVEN_ERR_NOT_FOUND;
	long long g = 0;
	if (db_integer_with(db, "SELECT generation FROM bank_holidays_generation WHERE id = ?", &g,
	                    DB_INT(1)) != HAVEN_OK)
		return HAVEN_ERR_DB;
	*generation = (unsigned long long)g;
	return HAVEN_OK;
}

/* Every imported holiday on `db`, sorted by date, and its generation (see calendar_store_holidays). */
static enum haven_status holidays_on(db_conn *db, struct calendar_holiday **list, size_t *count,
                                     unsigned long long *generation)
{
	*list = NULL;
	*count = 0;
	/* the number first: rows read after it are at least as new, so a table is never older than its number
	 * says (it holds at least that generation's holidays) */
	enum haven_status found = generation_on(db, generation);
	if (found != HAVEN_OK)
		return found;
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

enum haven_status calendar_store_generation(unsigned long long *generation)
{
	return generation_on(db_reader(), generation);
}

enum haven_status calendar_store_holidays(struct calendar_holiday **list, size_t *count,
                                          unsigned long long *generation)
{
	return holidays_on(db_reader(), list, count, generation);
}

enum haven_status calendar_store_generation_in(struct store_tx *tx, unsigned long long *generation)
{
	return generation_on(db_tx_conn(tx), generation);
}

unsigned long long calendar_store_epoch(struct store_tx *tx)
{
	return db_writer_epoch(db_tx_conn(tx));
}

enum haven_status calendar_store_holidays_in(struct store_tx *tx, struct calendar_holiday **list,
                                             size_t *count, unsigned long long *generation)
{
	return holidays_on(db_tx_conn(tx), list, count, generation);
}

/*
 * An import's first statement: adds one to the imports' generation. On
 * PostgreSQL the row stays locked until the unit is committed, so another
 * process's import waits here until this one's holidays are committed, and
 * then its later statements (read committed) see them. On SQLite the single
 * writer serialises imports already.
 */
static enum haven_status take_turn(db_conn *db)
{
	long long changed = 0;
	enum haven_status st = db_exec_changed_with(
	    db, "UPDATE bank_holidays_generation SET generation = generation + 1 WHERE id = ?", &changed,
	    DB_INT(1));
	if (st == HAVEN_OK && changed != 1) {
		log_error("calendar: bank_holidays_generation has no row (migration 0187)");
		st = HAVEN_ERR_DB;
	}
	return st;
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
	enum haven_status turn = take_turn(db);
	if (turn != HAVEN_OK)
		return turn;
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
