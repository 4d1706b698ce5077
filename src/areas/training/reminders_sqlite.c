/*
 * reminders_sqlite.c (training) — the training job's emails: a reminder
 * before a session to everyone with a place, and the follow-up question
 * three months after to everyone who attended, each queued once (the booking
 * is marked in the same unit as its email).
 */
#include "areas/training/store_sqlite.h"

#include "areas/calendar/calendar.h"
#include "areas/training/rules.h"
#include "core/calendar.h"

/* Bookings due a reminder: a place on a session between ?1 and ?2, not reminded yet; at most ?3. */
static const char reminders_due[] =
    "SELECT b.id, u.email, c.title, s.date, s.starts, s.ends"
    " FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id"
    " JOIN training_courses c ON c.id = s.course_id JOIN users u ON u.id = b.user_id"
    " LEFT JOIN training_booking_emails m ON m.booking_id = b.id"
    " WHERE b.status = 'booked' AND m.reminder_queued_at IS NULL"
    " AND s.date BETWEEN ?1 AND ?2 AND u.disabled_at IS NULL ORDER BY b.id LIMIT ?3";
DB_REGISTER(reminders_due);

static const char reminder_queued[] = "INSERT INTO training_booking_emails (booking_id, reminder_queued_at)"
                                      " VALUES (?, ?) ON CONFLICT (booking_id)"
                                      " DO UPDATE SET reminder_queued_at = excluded.reminder_queued_at";
DB_REGISTER(reminder_queued);

/* Bookings due the follow-up: attended a session between ?1 and ?2, not asked yet; at most ?3. */
static const char follow_ups_due[] =
    "SELECT b.id, u.email, c.title, s.date"
    " FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id"
    " JOIN training_courses c ON c.id = s.course_id JOIN users u ON u.id = b.user_id"
    " LEFT JOIN training_booking_emails m ON m.booking_id = b.id"
    " WHERE b.attendance = 'attended' AND m.follow_up_queued_at IS NULL"
    " AND s.date BETWEEN ?1 AND ?2 AND u.disabled_at IS NULL ORDER BY b.id LIMIT ?3";
DB_REGISTER(follow_ups_due);

static const char follow_up_queued[] = "INSERT INTO training_booking_emails (booking_id, follow_up_queued_at)"
                                       " VALUES (?, ?) ON CONFLICT (booking_id)"
                                       " DO UPDATE SET follow_up_queued_at = excluded.follow_up_queued_at";
DB_REGISTER(follow_up_queued);

/* One run of the job for one of its emails. */
struct job_emails {
	const char *due; /* which bookings are due it: id, email, and the template's fields (the session's) */
	const char *queued;   /* marks booking ?1's email queued at ?2, so it is queued once */
	const char *template; /* mail/compose.h */
	const char *from, *to;
	int limit, *count;
	bool tells_cutoff; /* the model has the session's cancellation_cutoff (the reminder's) */
};

static enum haven_status write_job_emails(db_conn *db, void *ctx)
{
	struct job_emails *w = ctx;
	json_t *rows = db_rows_values(db_prepare_registered(db, w->due),
	                              DB_VALUES(DB_TEXT(w->from), DB_TEXT(w->to), DB_INT(w->limit)));
	if (!rows)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	char now[DB_TIME_SIZE]; /* the run's one time: every email it queues is queued at it */
	db_now_text(now);
	/* a reminder says by when the place may be cancelled without it counting as late */
	int cutoff_days = TRAINING_CUTOFF_DEFAULT;
	if (w->tells_cutoff && (st = training_cutoff_days_in(db, &cutoff_days)) != HAVEN_OK) {
		json_decref(rows);
		return st;
	}
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const char *date = json_string_value(json_object_get(r, "date"));
		int32_t day;
		if (w->tells_cutoff && date && calendar_parse(date, &day)) {
			char cutoff[CALENDAR_DATE_SIZE];
			calendar_format(training_cutoff(day, cutoff_days), cutoff);
			json_object_set_new(r, "cancellation_cutoff", json_string(cutoff));
		}
		/* the row's course title, date and times are about the session, not a person (mail.h); the
		 * times in words, "9:30am", as the pages say them */
		training_time_words(r);
		st = training_queue_email(db, json_string_value(json_object_get(r, "email")), w->template, r);
		if (st != HAVEN_OK)
			break;
		if ((st = db_exec_values(db_prepare_registered(db, w->queued),
		                         DB_VALUES(DB_INT(json_integer_value(json_object_get(r, "id"))),
		                                   DB_TEXT(now)))) != HAVEN_OK)
			break;
	}
	*w->count = st == HAVEN_OK ? (int)json_array_size(rows) : 0;
	json_decref(rows);
	return st;
}

enum haven_status training_queue_reminders(const char *today, const char *remind_until, int limit,
                                           int *queued)
{
	*queued = 0;
	struct job_emails w = {
	    reminders_due, reminder_queued, "training/reminder", today, remind_until, limit, queued, true};
	return db_write(write_job_emails, &w);
}

enum haven_status training_queue_follow_ups(const char *oldest, const char *newest, int limit, int *queued)
{
	*queued = 0;
	struct job_emails w = {
	    follow_ups_due, follow_up_queued, "training/follow-up", oldest, newest, limit, queued, false};
	return db_write(write_job_emails, &w);
}
