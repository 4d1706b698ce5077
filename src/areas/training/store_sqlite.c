/*
 * store_sqlite.c (training) — what the training store's SQLite files share
 * (store_sqlite.h): adding a record in its unit, copying a row's text, the first row,
 * flags as booleans, the places left, and queuing an email; and the demo's
 * training data, its sessions on working days.
 */
#include "areas/training/store_sqlite.h"

#include <stdio.h>

#include "areas/calendar/calendar.h"
#include "areas/mail/compose.h"
#include "core/calendar.h"
#include "core/log.h"

enum haven_status training_add_record(db_write_fn write, const void *record, const struct actor *actor,
                                      long long *id)
{
	*id = 0;
	struct training_addition w = {record, actor, id};
	return db_write(write, &w);
}

void training_copy_text(char *to, size_t size, const json_t *row, const char *key)
{
	const char *text = json_string_value(json_object_get(row, key));
	snprintf(to, size, "%s", text ? text : "");
}

json_t *training_first_row(json_t *rows)
{
	if (!rows)
		return NULL;
	json_t *row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return row;
}

void training_booleans(json_t *rows, const char *const *names)
{
	if (json_is_array(rows)) {
		size_t i;
		json_t *row;
		json_array_foreach(rows, i, row) training_booleans(row, names);
		return;
	}
	for (; *names; names++)
		json_object_set_new(rows, *names,
		                    json_boolean(json_integer_value(json_object_get(rows, *names))));
}

void training_add_places_left(json_t *s)
{
	long long capacity = json_integer_value(json_object_get(s, "capacity"));
	long long booked = json_integer_value(json_object_get(s, "booked"));
	json_object_set_new(s, "places_left", json_integer(capacity > booked ? capacity - booked : 0));
	TRAINING_BOOLEANS(s, "needs_approval", "my_approval_pending", "my_approval_stuck",
	                  "my_approval_lapsed", "started");
}

/* Queues the email `template` with `model` to `to`; an address the outbox refuses is skipped (and still
 * marked, so it is not retried every minute). */
enum haven_status training_queue_email(db_conn *db, const char *to, const char *template, const json_t *model)
{
	enum haven_status st = mail_enqueue_one(db_tx(db), template, model, to);
	if (st == HAVEN_ERR_INVALID) {
		log_info("training: an email was refused by the outbox");
		return HAVEN_OK;
	}
	return st;
}

json_t *training_period_rows(db_stmt *stmt, const char *from, const char *to)
{
	return db_rows_values(stmt, DB_VALUES(DB_TEXT(from), DB_TEXT(to)));
}

/*
 * demo.sql dates its sessions so many days from the day it is loaded, so on a Sunday they all fell on
 * Sundays: each on a weekend or bank holiday moves to the next working day, as a programme's would.
 */
static enum haven_status demo_sessions_on_working_days(db_conn *db, void *ctx)
{
	(void)ctx;
	json_t *sessions = db_rows(db_prepare(db, "SELECT id, date FROM training_sessions"));
	if (!sessions)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *s;
	json_array_foreach(sessions, i, s)
	{
		int32_t day;
		if (st != HAVEN_OK || !calendar_parse(json_string_value(json_object_get(s, "date")), &day) ||
		    calendar_is_working_day(day))
			continue;
		char date[CALENDAR_DATE_SIZE];
		calendar_format(calendar_add_working_days(day, 1), date);
		st = db_exec_with(db, "UPDATE training_sessions SET date = ? WHERE id = ?", DB_TEXT(date),
		                  DB_INT(json_integer_value(json_object_get(s, "id"))));
	}
	json_decref(sessions);
	return st;
}

enum haven_status training_load_demo(void)
{
	return db_load_demo_sql("demo/training.sql", demo_sessions_on_working_days, NULL);
}
