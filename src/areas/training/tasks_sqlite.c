/*
 * tasks_sqlite.c (training) — what waits in training, as tasks (contract in
 * tasks.h): the requests for a place waiting for this person's approval, their own requests whose
 * approver can no longer decide them (neither once the session has started: nobody can decide it then),
 * each due the day before the session (never before the day it was made) and naming its course and when, and
 * for whoever takes attendance, the registers of sessions that have ended
 * and are not yet marked.
 */
#include "areas/training/tasks.h"

#include <stdio.h>
#include <stdbool.h>
#include <time.h>

#include "areas/calendar/london.h"
#include "auth/policy.h"
#include "core/calendar.h"
#include "areas/training/store_sqlite.h"
#include "store/db.h"

/*
 * Moves the due date ("YYYY-MM-DD", read as the session's date) of
 * tasks[from..] by `days`: the day's arithmetic is done in C, not by the
 * engine (#21).
 */
static void shift_due_dates(json_t *tasks, size_t from, int days)
{
	for (size_t i = from; i < json_array_size(tasks); i++) {
		json_t *task = json_array_get(tasks, i);
		int32_t day;
		char due[CALENDAR_DATE_SIZE];
		if (!calendar_parse(json_string_value(json_object_get(task, "due_at")), &day))
			continue; /* a session always has a date (NOT NULL) */
		calendar_format(day + days, due);
		json_object_set_new(task, "due_at", json_string(due));
	}
}

/* The text under `key` of `task`, NULL if none. */
static const char *field_of(const json_t *task, const char *key)
{
	return json_string_value(json_object_get(task, key));
}

/*
 * Completes the requests' tasks tasks[from..] as read (each with the session's date, starts, course_title
 * and the request's requested_at): due by the end of the day before the session, as an approver plans,
 * but never before the day the task was made (the day `made_today` is true, else the day the request was
 * made): a request made on the session's day is due that day, not overdue the moment it appears. (After
 * the session's start nobody can decide it: TRAINING_AWAITING, and the task goes.) Its `about` is the
 * course and when, so two such tasks can be told apart on the work list (shown only to the person, in the
 * app; its `text` stays the kind's fixed words, which the dashboard counts tasks by and alerts say).
 */
static void complete(json_t *tasks, size_t from, bool made_today)
{
	int32_t today = calendar_london_today();
	for (size_t i = from; i < json_array_size(tasks); i++) {
		json_t *task = json_array_get(tasks, i);
		int32_t day, made = today;
		int minute;
		int64_t asked;
		if (!made_today && calendar_parse_instant(field_of(task, "requested_at"), &asked))
			made = calendar_london_day(asked);
		if (calendar_parse(field_of(task, "date"), &day) &&
		    calendar_parse_clock(field_of(task, "starts"), &minute)) {
			char due[CALENDAR_DATE_SIZE], when[CALENDAR_WHEN_SIZE], about[1400];
			calendar_format(day - 1 < made ? made : day - 1, due);
			calendar_format_when(calendar_utc_from_london(day, minute * 60), when);
			snprintf(about, sizeof about, "%s, %s", field_of(task, "course_title"), when);
			json_object_set_new(task, "due_at", json_string(due));
			json_object_set_new(task, "about", json_string(about));
		}
		static const char *const read_only[] = {"date", "starts", "course_title", "requested_at"};
		for (size_t k = 0; k < sizeof read_only / sizeof read_only[0]; k++)
			json_object_del(task, read_only[k]);
	}
}

/*
 * Approvals are due the day before the session, or the day asked if later (complete): the requests still
 * awaiting a decision (their session not yet started, England's time being `now`) the user may decide, by the
 * same rule as the approvals list and the decision (store_sqlite.h's TRAINING_AWAITING and
 * TRAINING_FOR_APPROVER).
 */
static enum haven_status approvals(const struct user *user, const char *now, json_t *tasks)
{
	if (!(user->roles & policy_roles("training.approve")))
		return HAVEN_OK; /* they could decide none (a role lost since they were named) */
	size_t first = json_array_size(tasks);
	enum haven_status st = db_read_rows_append(
	    tasks,
	    "SELECT 'training.approve' AS kind, 'Approve or decline a request for a training place' AS text,"
	    " s.date AS due_at, '/training/approvals' AS href,"
	    " 'training_approval' AS record_type, a.id AS record_id, s.date, s.starts, c.title AS "
	    "course_title,"
	    " a.requested_at"
	    " FROM training_approvals a JOIN training_sessions s ON s.id = a.session_id"
	    " JOIN training_courses c ON c.id = s.course_id"
	    /* the approvals list's rule (store_sqlite.h), those awaiting a decision only */
	    " WHERE" TRAINING_AWAITING("a", "?2") " AND" TRAINING_FOR_APPROVER(
	        "a", "?1", "?2") " ORDER BY s.date, s.starts, a.id LIMIT 200",
	    DB_INT(user->id), DB_TEXT(now));
	if (st == HAVEN_OK)
		complete(tasks, first, false);
	return st;
}

/*
 * The user's own requests for a place whose named approver can no longer decide them: name another (the
 * session's page), due the day before the session, as the approval would have been, or today if later. Only
 * while it awaits a decision (store_sqlite.h's TRAINING_AWAITING, `now` England's time): once the session has
 * started nobody could decide it, and naming another is refused.
 */
static enum haven_status stuck_requests(const struct user *user, const char *now, json_t *tasks)
{
	size_t first = json_array_size(tasks);
	enum haven_status st = db_read_rows_append(
	    tasks,
	    "SELECT 'training.approver' AS kind,"
	    " 'Name another approver for your request for a training place' AS text,"
	    " s.date AS due_at, '/training/sessions/' || s.id || '#approver' AS href,"
	    " 'training_session' AS record_type, s.id AS record_id, s.date, s.starts,"
	    " c.title AS course_title, a.requested_at"
	    " FROM training_approvals a JOIN training_sessions s ON s.id = a.session_id"
	    " JOIN training_courses c ON c.id = s.course_id"
	    " WHERE a.requester_user_id = ?1 AND" TRAINING_AWAITING(
	        "a", "?2") " AND NOT" TRAINING_APPROVER_CAN_DECIDE("a") " ORDER BY s.date, s.starts, a.id "
	                                                                "LIMIT 200",
	    DB_INT(user->id), DB_TEXT(now));
	if (st == HAVEN_OK)
		/* made the day its approver could no longer decide it, not known here: today at the earliest
		 */
		complete(tasks, first, true);
	return st;
}

/*
 * Sessions that have ended (their day is past, or it is today and their end
 * time has gone by in England) with a place whose attendance is not marked:
 * marking the register marks every place, so one unmarked place is a
 * register still to complete.
 */
static enum haven_status registers(json_t *tasks)
{
	int32_t today, seconds;
	calendar_london_from_utc((int64_t)time(NULL), &today, &seconds);
	char date[CALENDAR_DATE_SIZE], clock[16];
	calendar_format(today, date);
	snprintf(clock, sizeof clock, "%02d:%02d", seconds / 3600, seconds / 60 % 60);
	size_t first = json_array_size(tasks);
	enum haven_status st = db_read_rows_append(
	    tasks,
	    "SELECT 'training.register' AS kind, 'Mark the register of a training session' AS text,"
	    " s.date AS due_at, '/training/sessions/' || s.id || '/register' AS href,"
	    " 'training_session' AS record_type, s.id AS record_id"
	    " FROM training_sessions s INDEXED BY training_sessions_by_date"
	    " WHERE (s.date < ?1 OR (s.date = ?1 AND s.ends <= ?2))"
	    " AND EXISTS (SELECT 1 FROM training_bookings b WHERE b.session_id = s.id"
	    " AND b.status = 'booked' AND b.attendance IS NULL)"
	    " ORDER BY s.date, s.starts, s.id LIMIT 200",
	    DB_TEXT(date), DB_TEXT(clock));
	if (st == HAVEN_OK)
		shift_due_dates(tasks, first, 1); /* a register is due the day after the session */
	return st;
}

enum haven_status training_tasks(const struct user *user, json_t *tasks)
{
	if (!policy_allows(user, "training.read", NULL, 0))
		return HAVEN_OK;
	char now[TRAINING_NOW_SIZE];
	training_now(now);
	enum haven_status st = approvals(user, now, tasks);
	if (st == HAVEN_OK && policy_allows(user, "training.book", NULL, 0))
		st = stuck_requests(user, now, tasks);
	if (st == HAVEN_OK && policy_allows(user, "training.attendance", NULL, 0))
		st = registers(tasks);
	return st;
}
