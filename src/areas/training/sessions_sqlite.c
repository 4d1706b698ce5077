/*
 * sessions_sqlite.c (training) — the sessions of a course: adding one, the
 * paged list of what is coming, and one session as the person asking sees
 * it.
 */
#include "areas/training/store_sqlite.h"

#include <stdio.h>
#include <string.h>

#include "auth/audit.h"

struct add_session {
	const struct training_new_session *s;
	const struct actor *actor;
	long long id;
};

static enum haven_status write_add_session(sqlite3 *db, void *ctx)
{
	struct add_session *w = ctx;
	const struct training_new_session *s = w->s;
	sqlite3_stmt *stmt = db_prepare(db, "SELECT 1 FROM training_courses WHERE id = ?");
	if (!db_bind(stmt, DB_INT(s->course_id)))
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
	stmt = db_prepare(
	    db, "INSERT INTO training_sessions (course_id, date, starts, ends, mode, venue, joining_link,"
	        " capacity, trainer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!stmt)
		return HAVEN_ERR_DB;
	bool virtual = strcmp(s->mode, "virtual") == 0;
	sqlite3_bind_int64(stmt, 1, s->course_id);
	sqlite3_bind_text(stmt, 2, s->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, s->starts, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, s->ends, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, s->mode, -1, SQLITE_STATIC);
	if (!virtual)
		sqlite3_bind_text(stmt, 6, s->venue, -1, SQLITE_STATIC);
	if (virtual)
		sqlite3_bind_text(stmt, 7, s->joining_link, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 8, s->capacity);
	sqlite3_bind_text(stmt, 9, s->trainer, -1, SQLITE_STATIC);
	enum haven_status st = db_exec_stmt(stmt);
	if (st != HAVEN_OK)
		return st;
	w->id = sqlite3_last_insert_rowid(db);
	char detail[64];
	snprintf(detail, sizeof detail, "course %lld", s->course_id);
	return audit_record(db_tx(db), w->actor, "training.session_add", "training_session", w->id, detail);
}

enum haven_status training_session_add(const struct training_new_session *s, const struct actor *actor,
                                       long long *id)
{
	struct add_session w = {s, actor, 0};
	enum haven_status st = db_write(write_add_session, &w);
	*id = w.id;
	return st;
}

/*
 * Sessions on or after ?2 (of course ?3 unless 0, of the priority whose key
 * is ?4 unless NULL; "other": courses tagged Other), by (date, starts, id), a page at a time from the cursor
 * row ?5 (a session in the same filter; with none, compared with a key before every row forward, or after
 * every row backward).
 */
#define SESSIONS_PAGE(CMP, ORDER, NO_ROW, PICK)                                                              \
	SESSION_COLUMNS " WHERE s.date >= ?2 AND (?3 = 0 OR s.course_id = ?3)"                               \
	                " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM training_course_priorities a"             \
	                " WHERE a.course_id = c.id"                                                          \
	                " AND a.priority_id IS (SELECT id FROM priorities WHERE key = ?4)))"                 \
	                " AND (s.date, s.starts, s.id) " CMP                                                 \
	                " (SELECT date, starts, id FROM training_sessions k WHERE k.id = ?5"                 \
	                " AND k.date >= ?2 UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK         \
	                " LIMIT 1)"                                                                          \
	                " ORDER BY s.date " ORDER ", s.starts " ORDER ", s.id " ORDER " LIMIT ?6"

enum haven_status training_sessions_list(const char *from, long long course_id, const char *area,
                                         long long user_id, const struct page *page, json_t **out)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = !db ? NULL
	                     : page_backward(page)
	                         ? db_prepare(db, SESSIONS_PAGE("<", "DESC", "'~', '~', 0", "ASC"))
	                         : db_prepare(db, SESSIONS_PAGE(">", "ASC", "'', '', 0", "DESC"));
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, user_id);
	sqlite3_bind_text(stmt, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, course_id);
	if (area)
		sqlite3_bind_text(stmt, 4, area, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, page_cursor(page, 0));
	sqlite3_bind_int64(stmt, 6, page_fetch(page));
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	size_t i;
	json_t *s;
	json_array_foreach(rows, i, s) training_add_places_left(s);
	*out = rows;
	return HAVEN_OK;
}

/*
 * Sessions on or before ?2, newest first by (date, starts, id), a page at a
 * time from the cursor row ?5 (as SESSIONS_PAGE, the other way round).
 */
#define PAST_PAGE(CMP, ORDER, NO_ROW, PICK)                                                                  \
	"SELECT p.*, (SELECT count(*) FROM training_bookings b WHERE b.session_id = p.id"                    \
	" AND b.status = 'booked' AND b.attendance IS NULL) AS unmarked FROM (" SESSION_COLUMNS              \
	" WHERE s.date <= ?2 AND (s.date, s.starts, s.id) " CMP                                              \
	" (SELECT date, starts, id FROM training_sessions k WHERE k.id = ?5 AND k.date <= ?2"                \
	" UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK " LIMIT 1)"                              \
	" ORDER BY s.date " ORDER ", s.starts " ORDER ", s.id " ORDER " LIMIT ?6) p"                         \
	" ORDER BY p.date " ORDER ", p.starts " ORDER ", p.id " ORDER

enum haven_status training_sessions_past(const char *today, const struct page *page, json_t **out)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = !db ? NULL
	                     : page_backward(page)
	                         ? db_prepare(db, PAST_PAGE(">", "ASC", "'', '', 0", "DESC"))
	                         : db_prepare(db, PAST_PAGE("<", "DESC", "'~', '~', 0", "ASC"));
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, 0);
	sqlite3_bind_text(stmt, 2, today, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, page_cursor(page, 0));
	sqlite3_bind_int64(stmt, 6, page_fetch(page));
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	*out = rows;
	return HAVEN_OK;
}

enum haven_status training_session_get(long long id, long long user_id, json_t **out)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = db ? db_prepare(db, SESSION_COLUMNS " WHERE s.id = ?2") : NULL;
	if (!db_bind(stmt, DB_INT(user_id), DB_INT(id)))
		return HAVEN_ERR_DB;
	json_t *s;
	enum haven_status st = db_row(stmt, &s);
	if (st != HAVEN_OK)
		return st;
	training_add_places_left(s);
	*out = s;
	return HAVEN_OK;
}
