/*
 * reminders_sqlite.c (training) — the training job's emails: a reminder
 * before a session to everyone with a place, and the follow-up question
 * three months after to everyone who attended, each queued once (the booking
 * is marked in the same unit as its email).
 */
#include "areas/training/store_sqlite.h"

#include <string.h>
#include <time.h>

struct queue_job {
	const char *from, *to;
	int limit, *queued;
};

static enum haven_status mark(sqlite3 *db, long long booking_id, bool follow_up)
{
	sqlite3_stmt *stmt =
	    follow_up
	        ? db_prepare(db, "INSERT INTO training_booking_emails (booking_id, follow_up_queued_at)"
	                         " VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT (booking_id)"
	                         " DO UPDATE SET follow_up_queued_at = excluded.follow_up_queued_at")
	        : db_prepare(db, "INSERT INTO training_booking_emails (booking_id, reminder_queued_at)"
	                         " VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT (booking_id)"
	                         " DO UPDATE SET reminder_queued_at = excluded.reminder_queued_at");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, booking_id);
	return db_exec_stmt(stmt);
}

static enum haven_status write_reminders(sqlite3 *db, void *ctx)
{
	struct queue_job *w = ctx;
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT b.id, u.email, c.title, s.date, s.starts, s.ends"
	                   " FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id"
	                   " JOIN training_courses c ON c.id = s.course_id JOIN users u ON u.id = b.user_id"
	                   " LEFT JOIN training_booking_emails m ON m.booking_id = b.id"
	                   " WHERE b.status = 'booked' AND m.reminder_queued_at IS NULL"
	                   " AND s.date BETWEEN ?1 AND ?2 AND u.disabled_at IS NULL ORDER BY b.id LIMIT ?3");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, w->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, w->to, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, w->limit);
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		/* the row's course title, date and times are about the session, not a person (mail.h) */
		long long id = json_integer_value(json_object_get(r, "id"));
		st = training_queue_email(db, json_string_value(json_object_get(r, "email")),
		                          "training/reminder", r);
		if (st == HAVEN_OK)
			st = mark(db, id, false);
		if (st != HAVEN_OK)
			break;
	}
	*w->queued = st == HAVEN_OK ? (int)json_array_size(rows) : 0;
	json_decref(rows);
	return st;
}

enum haven_status training_queue_reminders(const char *today, const char *remind_until, int limit,
                                           int *queued)
{
	*queued = 0;
	struct queue_job w = {today, remind_until, limit, queued};
	return db_write(write_reminders, &w);
}

static enum haven_status write_follow_ups(sqlite3 *db, void *ctx)
{
	struct queue_job *w = ctx;
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT b.id, u.email, c.title, s.date"
	                   " FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id"
	                   " JOIN training_courses c ON c.id = s.course_id JOIN users u ON u.id = b.user_id"
	                   " LEFT JOIN training_booking_emails m ON m.booking_id = b.id"
	                   " WHERE b.attendance = 'attended' AND m.follow_up_queued_at IS NULL"
	                   " AND s.date BETWEEN ?1 AND ?2 AND u.disabled_at IS NULL ORDER BY b.id LIMIT ?3");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, w->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, w->to, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, w->limit);
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		long long id = json_integer_value(json_object_get(r, "id"));
		st = training_queue_email(db, json_string_value(json_object_get(r, "email")),
		                          "training/follow-up", r);
		if (st == HAVEN_OK)
			st = mark(db, id, true);
		if (st != HAVEN_OK)
			break;
	}
	*w->queued = st == HAVEN_OK ? (int)json_array_size(rows) : 0;
	json_decref(rows);
	return st;
}

enum haven_status training_queue_follow_ups(const char *oldest, const char *newest, int limit, int *queued)
{
	*queued = 0;
	struct queue_job w = {oldest, newest, limit, queued};
	return db_write(write_follow_ups, &w);
}
