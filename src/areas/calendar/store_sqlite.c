/*
 * store_sqlite.c (calendar) — the SQLite side of store.h.
 */
#include "areas/calendar/store.h"

#include <stdio.h>
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

/* A stored date, checked: the CHECK only guards the shape, and a wrong date would silently move deadlines. */
static bool stored_day(const char *table, const char *date, int32_t *day)
{
	if (date && calendar_parse(date, day))
		return true;
	log_error("calendar: %s holds a row that is not a date: %.20s", table, date ? date : "NULL");
	return false;
}

void calendar_stored_free(struct calendar_stored *s)
{
	calendar_holidays_free(s->imported, s->count);
	free(s->removed);
	*s = (struct calendar_stored){0};
}

/* The imported holidays and removed days on `db`, sorted by date, and their generation
 * (calendar_store_holidays). */
static enum haven_status holidays_on(db_conn *db, struct calendar_stored *out)
{
	*out = (struct calendar_stored){0};
	/* the number first: rows read after it are at least as new, so a table is never older than its number
	 * says (it holds at least that generation's holidays) */
	enum haven_status found = generation_on(db, &out->generation);
	if (found != HAVEN_OK)
		return found;
	json_t *rows = NULL, *removed = NULL;
	if (db_read_rows_values(&rows, db_prepare(db, "SELECT date, title FROM bank_holidays ORDER BY date"),
	                        NULL, 0) != HAVEN_OK ||
	    db_read_rows_values(&removed,
	                        db_prepare(db, "SELECT date FROM bank_holidays_removed ORDER BY date"), NULL,
	                        0) != HAVEN_OK) {
		json_decref(rows);
		return HAVEN_ERR_DB;
	}
	out->imported = xcalloc(json_array_size(rows) + 1, sizeof *out->imported);
	out->removed = xcalloc(json_array_size(removed) + 1, sizeof *out->removed);
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *title = json_string_value(json_object_get(row, "title"));
		int32_t day;
		if (!title ||
		    !stored_day("bank_holidays", json_string_value(json_object_get(row, "date")), &day)) {
			st = HAVEN_ERR_DB;
			break;
		}
		out->imported[out->count++] = (struct calendar_holiday){day, xstrdup(title)};
	}
	json_array_foreach(removed, i, row)
	{
		if (st != HAVEN_OK ||
		    !stored_day("bank_holidays_removed", json_string_value(json_object_get(row, "date")),
		                &out->removed[out->nremoved])) {
			st = HAVEN_ERR_DB;
			break;
		}
		out->nremoved++;
	}
	json_decref(rows);
	json_decref(removed);
	if (st != HAVEN_OK)
		calendar_stored_free(out);
	return st;
}

enum haven_status calendar_store_generation(unsigned long long *generation)
{
	return generation_on(db_reader(), generation);
}

enum haven_status calendar_store_holidays(struct calendar_stored *out)
{
	return holidays_on(db_reader(), out);
}

enum haven_status calendar_store_generation_in(struct store_tx *tx, unsigned long long *generation)
{
	return generation_on(db_tx_conn(tx), generation);
}

unsigned long long calendar_store_epoch(struct store_tx *tx)
{
	return db_writer_epoch(db_tx_conn(tx));
}

enum haven_status calendar_store_holidays_in(struct store_tx *tx, struct calendar_stored *out)
{
	return holidays_on(db_tx_conn(tx), out);
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

/* Takes `day` off the removed days (an import lists it): *restored is whether it was on them. */
static enum haven_status restore(db_conn *db, int32_t day, bool *restored)
{
	char date[CALENDAR_DATE_SIZE];
	calendar_format(day, date);
	long long changed = 0;
	enum haven_status st = db_exec_changed_with(db, "DELETE FROM bank_holidays_removed WHERE date = ?",
	                                            &changed, DB_TEXT(date));
	*restored = changed > 0;
	return st;
}

struct upsert {
	const struct calendar_holiday *list;
	size_t count;
	const int32_t *listed;
	size_t nlisted;
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
		bool restored = false;
		if (st == HAVEN_OK)
			st = restore(db, u->list[i].day, &restored);
		if (st != HAVEN_OK)
			return st;
		if (found == HAVEN_OK && !restored)
			u->known++;
		else
			u->added++;
	}
	for (size_t i = 0; i < u->nlisted; i++) {
		bool restored = false;
		enum haven_status st = restore(db, u->listed[i], &restored);
		if (st != HAVEN_OK)
			return st;
		if (restored)
			u->added++;
		else
			u->known++;
	}
	enum haven_status st = u->then ? u->then(db_tx(db), u->ctx) : HAVEN_OK;
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), u->actor, "calendar.bank_holidays", NULL, 0, NULL);
}

enum haven_status calendar_store_upsert(const struct calendar_holiday *list, size_t count,
                                        const int32_t *listed, size_t nlisted, const struct actor *actor,
                                        calendar_store_then_fn then, void *ctx, size_t *added, size_t *known)
{
	struct upsert u = {list, count, listed, nlisted, actor, then, ctx, 0, 0};
	enum haven_status st = db_write(upsert, &u);
	*added = st == HAVEN_OK ? u.added : 0;
	*known = st == HAVEN_OK ? u.known : 0;
	return st;
}

struct removal {
	int32_t day;
	bool builtin;
	const char *reason;
	const struct actor *actor;
	calendar_store_then_fn then;
	void *ctx;
};

static enum haven_status remove_day(db_conn *db, void *ctx)
{
	struct removal *r = ctx;
	enum haven_status st = take_turn(db);
	if (st != HAVEN_OK)
		return st;
	char date[CALENDAR_DATE_SIZE];
	calendar_format(r->day, date);
	st = row_found_with(db, "SELECT 1 FROM bank_holidays_removed WHERE date = ?", DB_TEXT(date));
	if (st == HAVEN_OK)
		return HAVEN_ERR_NOT_FOUND; /* removed already: not a holiday now */
	if (st != HAVEN_ERR_NOT_FOUND)
		return st;
	if (!r->builtin) {
		st = row_found_with(db, "SELECT 1 FROM bank_holidays WHERE date = ?", DB_TEXT(date));
		if (st != HAVEN_OK)
			return st;
	}
	st = db_exec_with(db, "INSERT INTO bank_holidays_removed (date, reason) VALUES (?, ?)", DB_TEXT(date),
	                  DB_TEXT(r->reason));
	if (st == HAVEN_OK && r->then)
		st = r->then(db_tx(db), r->ctx);
	if (st != HAVEN_OK)
		return st;
	/* the trail says which day and why: a date is not personal data */
	size_t size = strlen(date) + strlen(r->reason) + 3;
	char *why = xmalloc(size);
	snprintf(why, size, "%s: %s", date, r->reason);
	st = audit_record(db_tx(db), r->actor, "calendar.bank_holiday_removed", NULL, 0, why);
	free(why);
	return st;
}

enum haven_status calendar_store_remove(int32_t day, bool builtin, const char *reason,
                                        const struct actor *actor, calendar_store_then_fn then, void *ctx)
{
	struct removal r = {day, builtin, reason, actor, then, ctx};
	return db_write(remove_day, &r);
}
