/*
 * attendance_sqlite.c (training) — the register of a session, marking
 * attendance, and the no-shows on charged courses for a period.
 */
#include "areas/training/store_sqlite.h"

#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "store/changed_row_sqlite.h"

enum haven_status training_register(long long session_id, json_t **out)
{
	enum haven_status st = db_read_rows(
	    out,
	    "SELECT b.id, u.name, g.name AS agency_name, b.status, b.attendance,"
	    " b.offered_from_waiting_list FROM training_bookings b JOIN users u ON u.id = b.user_id"
	    " JOIN agencies g ON g.id = b.agency_id"
	    " WHERE b.session_id = ? AND b.status <> 'cancelled'"
	    " ORDER BY b.status = 'waiting', b.id",
	    DB_INT(session_id));
	if (st != HAVEN_OK)
		return st;
	TRAINING_BOOLEANS(*out, "offered_from_waiting_list");
	return HAVEN_OK;
}

struct attendance {
	long long session_id;
	const json_t *attended;
	const char *now; /* "YYYY-MM-DDTHH:MM", England's time */
	const struct actor *actor;
};

static enum haven_status write_attendance(db_conn *db, void *ctx)
{
	struct attendance *w = ctx;
	struct session_facts f;
	enum haven_status st = training_read_session(db, w->session_id, w->now, &f);
	if (st != HAVEN_OK)
		return st;
	/* nobody is marked as attending, or not, before the session has started */
	if (!f.started)
		return HAVEN_ERR_CONFLICT;
	if ((st = db_exec_with(db,
	                       "UPDATE training_bookings SET attendance = 'no_show'"
	                       " WHERE session_id = ? AND status = 'booked'",
	                       DB_INT(w->session_id))) != HAVEN_OK)
		return st;
	size_t i;
	json_t *v;
	long long attended = 0;
	json_array_foreach(w->attended, i, v)
	{
		/* a booking not of the session, or not booked, is a bad list */
		if ((st = exec_changed_or(db,
		                          "UPDATE training_bookings SET attendance = 'attended'"
		                          " WHERE id = ? AND session_id = ? AND status = 'booked'",
		                          HAVEN_ERR_INVALID, DB_INT(json_integer_value(v)),
		                          DB_INT(w->session_id))) != HAVEN_OK)
			return st;
		attended++;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "%lld attended", attended);
	return audit_record(db_tx(db), w->actor, "training.attendance", "training_session", w->session_id,
	                    detail);
}

enum haven_status training_mark_attendance(long long session_id, const json_t *attended, const char *now,
                                           const struct actor *actor)
{
	struct attendance w = {session_id, attended, now, actor};
	return db_write(write_attendance, &w);
}

/* The no-shows to invoice: on charged courses, sessions dated in [?1, ?2]. */
#define NO_SHOWS_JOINS                                                                                       \
	" FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id"                          \
	" JOIN training_courses c ON c.id = s.course_id"
#define NO_SHOWS_WHERE                                                                                       \
	" WHERE b.attendance = 'no_show' AND c.no_show_charge_pence > 0 AND s.date BETWEEN ?1 AND ?2"

/*
 * A page of them by (session date, booking id), from the cursor booking ?3:
 * sessions come in date order from training_sessions_by_date, their
 * bookings from training_bookings_by_session.
 */
#define NO_SHOWS_PAGE(CMP, ORDER, NO_ROW, PICK)                                                              \
	"SELECT b.id AS booking_id, s.date, c.title AS course_title, u.name,"                                \
	" g.name AS agency_name, c.no_show_charge_pence AS charge_pence" NO_SHOWS_JOINS                      \
	" JOIN users u ON u.id = b.user_id JOIN agencies g ON g.id = b.agency_id" NO_SHOWS_WHERE             \
	" AND (s.date, b.id) " CMP " (SELECT ks.date, kb.id FROM training_bookings kb"                       \
	" JOIN training_sessions ks ON ks.id = kb.session_id WHERE kb.id = ?3"                               \
	" UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK " LIMIT 1)"                              \
	" ORDER BY s.date " ORDER ", b.id " ORDER " LIMIT ?4"

enum haven_status training_no_shows(const char *from, const char *to, const struct page *page, json_t **out,
                                    long long *total, long long *total_pence)
{
	*out = NULL;
	*total = -1;
	*total_pence = 0;
	const struct paged_rows no_shows = {.after = DB_SQL(NO_SHOWS_PAGE(">", "ASC", "'', 0", "DESC")),
	                                    .before = DB_SQL(NO_SHOWS_PAGE("<", "DESC", "'~', 0", "ASC")),
	                                    .none_after = 0};
	enum haven_status st = paged_rows_page(page, &no_shows, DB_VALUES(DB_TEXT(from), DB_TEXT(to)), out);
	if (st != HAVEN_OK)
		return st;
	db_conn *db = db_reader();
	/* the invoice's figures are over the whole period, one aggregate over the same index range */
	json_t *sum = NULL;
	if (db_row_with(db,
	                "SELECT count(*) AS total, COALESCE(sum(c.no_show_charge_pence), 0) AS "
	                "total_pence" NO_SHOWS_JOINS NO_SHOWS_WHERE,
	                &sum, DB_TEXT(from), DB_TEXT(to)) == HAVEN_OK) {
		*total = json_integer_value(json_object_get(sum, "total"));
		*total_pence = json_integer_value(json_object_get(sum, "total_pence"));
		json_decref(sum);
	}
	return HAVEN_OK;
}
