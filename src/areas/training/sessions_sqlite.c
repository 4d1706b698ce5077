/*
 * sessions_sqlite.c (training) — the sessions of a course: adding one, the
 * paged list of what is coming, and one session as the person asking sees
 * it.
 */
#include "areas/training/store_sqlite.h"

#include <stdio.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "auth/audit.h"

static enum haven_status write_add_session(db_conn *db, void *ctx)
{
	struct training_addition *w = ctx;
	const struct training_new_session *s = w->record;
	enum haven_status st = training_course_exists(db, s->course_id);
	if (st != HAVEN_OK)
		return st;
	bool virtual = strcmp(s->mode, "virtual") == 0;
	st = db_integer_with(
	    db,
	    "INSERT INTO training_sessions (course_id, date, starts, ends, mode, venue,"
	    " joining_link, capacity, trainer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    w->id, DB_INT(s->course_id), DB_TEXT(s->date), DB_TEXT(s->starts), DB_TEXT(s->ends),
	    DB_TEXT(s->mode), DB_TEXT(virtual ? NULL : s->venue), DB_TEXT(virtual ? s->joining_link : NULL),
	    DB_INT(s->capacity), DB_TEXT(s->trainer));
	if (st != HAVEN_OK)
		return st;
	char detail[64];
	snprintf(detail, sizeof detail, "course %lld", s->course_id);
	return audit_record(db_tx(db), w->actor, "training.session_add", "training_session", *w->id, detail);
}

enum haven_status training_session_add(const struct training_new_session *s, const struct actor *actor,
                                       long long *id)
{
	return training_add_record(write_add_session, s, actor, id);
}

/*
 * Sessions not yet started (TRAINING_STARTED) by ?2, England's time (training_now; SESSION_COLUMNS's too), of
 * course ?3 unless 0, of the priority whose key is ?4 unless NULL ("other": courses tagged Other), by (date,
 * starts, id), a page at a time from the cursor row ?5 (a session in the same filter; with none, compared
 * with a key before every row forward, or after every row backward).
 */
#define SESSIONS_PAGE(CMP, ORDER, NO_ROW, PICK)                                                              \
	SESSION_COLUMNS("?2")                                                                                \
	" WHERE s.date >=" TRAINING_DAY_OF("?2") " AND NOT" TRAINING_STARTED(                                \
	    "s",                                                                                             \
	    "?2") " AND (?3 = 0 OR s.course_id = ?3)"                                                        \
	          " AND (CAST(?4 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM training_course_priorities a"     \
	          " WHERE a.course_id = c.id"                                                                \
	          " AND a.priority_id IS NOT DISTINCT FROM (SELECT id FROM priorities WHERE key = ?4)))"     \
	          " AND (s.date, s.starts, s.id) " CMP                                                       \
	          " (SELECT date, starts, id FROM training_sessions k WHERE k.id = ?5"                       \
	          " AND k.date >=" TRAINING_DAY_OF("?2") " UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK     \
	                                                 ", 2 " PICK " LIMIT 1)"                             \
	                                                 " ORDER BY s.date " ORDER ", s.starts " ORDER       \
	                                                 ", s.id " ORDER " LIMIT ?6"

enum haven_status training_sessions_list(const char *now, long long course_id, const char *area,
                                         long long user_id, const struct page *page, json_t **out)
{
	const struct paged_rows sessions = {.after = DB_SQL(SESSIONS_PAGE(">", "ASC", "'', '', 0", "DESC")),
	                                    .before =
	                                        DB_SQL(SESSIONS_PAGE("<", "DESC", "'~', '~', 0", "ASC")),
	                                    .none_after = 0};
	enum haven_status st = paged_rows_page(
	    page, &sessions, DB_VALUES(DB_INT(user_id), DB_TEXT(now), DB_INT(course_id), DB_TEXT(area)), out);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *s;
	json_array_foreach(*out, i, s) training_add_places_left(s);
	return HAVEN_OK;
}

/*
 * Sessions on or before the day of ?2 (England's time, training_now), newest first by (date, starts, id), a
 * page at a time from the cursor row ?3 (as SESSIONS_PAGE, the other way round), ?4 at a time.
 */
#define PAST_PAGE(CMP, ORDER, NO_ROW, PICK)                                                                  \
	"SELECT p.*, (SELECT count(*) FROM training_bookings b WHERE b.session_id = p.id"                    \
	" AND b.status = 'booked' AND b.attendance IS NULL) AS unmarked FROM (" SESSION_COLUMNS(             \
	    "?2") " WHERE s.date <=" TRAINING_DAY_OF("?2") " AND (s.date, s.starts, s.id) " CMP              \
	                                                   " (SELECT date, starts, id FROM "                 \
	                                                   "training_sessions k WHERE k.id = ?3 AND k.date " \
	                                                   "<=" TRAINING_DAY_OF(                             \
	                                                       "?2") " UNION ALL SELECT " NO_ROW             \
	                                                             " ORDER BY 1 " PICK ", 2 " PICK         \
	                                                             " LIMIT 1)"                             \
	                                                             " ORDER BY s.date " ORDER               \
	                                                             ", s.starts " ORDER ", s.id " ORDER     \
	                                                             " LIMIT ?4) p"                          \
	                                                             " ORDER BY p.date " ORDER               \
	                                                             ", p.starts " ORDER ", p.id " ORDER

enum haven_status training_sessions_past(const char *now, const struct page *page, json_t **out)
{
	const struct paged_rows past = {.after = DB_SQL(PAST_PAGE("<", "DESC", "'~', '~', 0", "ASC")),
	                                .before = DB_SQL(PAST_PAGE(">", "ASC", "'', '', 0", "DESC")),
	                                .none_after = 0};
	/* ?1 (whose booking) is nobody: the list is the trainers', not a booker's */
	enum haven_status st = paged_rows_page(page, &past, DB_VALUES(DB_INT(0), DB_TEXT(now)), out);
	if (st == HAVEN_OK)
		TRAINING_BOOLEANS(*out, "started");
	return st;
}

enum haven_status training_session_get(long long id, long long user_id, json_t **out)
{
	*out = NULL;
	/* the rule's time: whether the asker's pending request still awaits a decision (SESSION_COLUMNS) */
	char today[TRAINING_NOW_SIZE];
	training_now(today);
	json_t *s;
	enum haven_status st = db_row_with(db_reader(), SESSION_COLUMNS("?3") " WHERE s.id = ?2", &s,
	                                   DB_INT(user_id), DB_INT(id), DB_TEXT(today));
	if (st != HAVEN_OK)
		return st;
	training_add_places_left(s);
	*out = s;
	return HAVEN_OK;
}
