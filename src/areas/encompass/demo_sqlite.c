/*
 * demo_sqlite.c (encompass) — the demo's notifications given real deadlines.
 *
 * demo.sql writes the demo's incidents with times relative to when the demo is made (an incident of two
 * days ago, one of a few minutes ago), and its notifications with stand-in times. No school calendar
 * knows about those: a deadline of 8:21pm, or on a Sunday, is one no notification could have. So, in
 * the same unit of work, each demo notification is given the deadline the police intake would have
 * counted from its incident (incidents_notification_due_in: the recipient's next school-day start,
 * the one definition of "due"), and its delivery, acknowledgement, action and escalation are placed
 * around that deadline: delivered before it, acknowledged before it (after it for the one the demo
 * shows acknowledged late), acted on two hours later; never after now. One still not acknowledged
 * escalate_after_minutes after its deadline has what the escalation job would have done by now:
 * its escalation, and the ladder's steps (ladder_sqlite.c) whose time has come, so the job does not
 * take them again (and email the demo's Key Adults) as if the deadline had only just passed. The
 * demo sent no emails, so each step says none was sent.
 * The incidents' own times stay as demo.sql wrote them, chosen so that the story holds whatever the
 * day or hour (demo.sql's header), but for one case: the new one happened two minutes before the demo
 * was made, and when a school day started in those two minutes its deadline has already passed. It
 * then happened at that start instead (encompass_demo_new_incident_at), so it is new, never overdue.
 */
#include "areas/encompass/store.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "areas/calendar/london.h"
#include "areas/encompass/rules.h"
#include "areas/incidents/store.h"
#include "core/calendar.h"
#include "store/db.h"

#define MINUTE 60
#define HOUR (60 * MINUTE)

/* the demo's one notification acknowledged after its deadline (demo.sql's header) */
static const char acknowledged_late[] = "DEMO-ENC-0006";
/* the demo's one new notification, not yet due (demo.sql's header) */
static const char still_new[] = "DEMO-ENC-0002";

static int64_t at_most(int64_t t, int64_t now)
{
	return t < now ? t : now;
}

/* The escalation and ladder steps of notification `id`, due at `due`, that `escalate_after` allows by `now`.
 */
static enum haven_status escalate(db_conn *db, long long id, int64_t due, int64_t escalate_after, int64_t now)
{
	char escalated[CALENDAR_INSTANT_SIZE], twice[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(due + escalate_after, escalated);
	calendar_format_instant(due + 2 * escalate_after, twice);
	enum haven_status st =
	    db_exec_with(db,
	                 "INSERT INTO encompass_escalations (notification_id, escalated_at) VALUES (?, ?)"
	                 " ON CONFLICT (notification_id) DO UPDATE SET escalated_at = excluded.escalated_at",
	                 DB_INT(id), DB_TEXT(escalated));
	if (st == HAVEN_OK)
		st = db_exec_with(
		    db,
		    "INSERT INTO encompass_escalation_steps (notification_id, step, taken_at, emailed)"
		    " VALUES (?, 'key_adults', ?, 0) ON CONFLICT (notification_id, step) DO NOTHING",
		    DB_INT(id), DB_TEXT(escalated));
	if (st == HAVEN_OK && due + 2 * escalate_after <= now)
		st = db_exec_with(
		    db,
		    "INSERT INTO encompass_escalation_steps (notification_id, step, taken_at, emailed)"
		    " VALUES (?, 'local_authority', ?, 0) ON CONFLICT (notification_id, step) DO NOTHING",
		    DB_INT(id), DB_TEXT(twice));
	return st;
}

/*
 * Places demo notification `n` (its id, incident time and incident child row) around its deadline;
 * `escalate_after` is the partnership's escalate_after_minutes in seconds (-1: no settings yet).
 */
static enum haven_status place(db_conn *db, const json_t *n, int64_t escalate_after, int64_t now)
{
	int64_t occurred, due;
	if (!calendar_parse_instant(json_string_value(json_object_get(n, "occurred_at")), &occurred))
		return HAVEN_ERR_INVALID;
	enum haven_status st = incidents_notification_due_in(
	    db_tx(db), json_integer_value(json_object_get(n, "incident_child_id")),
	    json_integer_value(json_object_get(n, "recipient_agency_id")), &due);
	if (st != HAVEN_OK)
		return st;
	/* passed on within 45 minutes, and before the deadline */
	int64_t gap = (due - occurred) / 2;
	int64_t created = at_most(occurred + (gap < 45 * MINUTE ? gap : 45 * MINUTE), now);
	/* read before the school day starts, or (late) mid-morning */
	bool late = strcmp(json_string_value(json_object_get(n, "police_reference")), acknowledged_late) == 0;
	int64_t acknowledged = late ? due + 90 * MINUTE : due - 25 * MINUTE;
	if (acknowledged < created)
		acknowledged = created;
	acknowledged = at_most(acknowledged, now);
	char created_text[CALENDAR_INSTANT_SIZE], due_text[CALENDAR_INSTANT_SIZE],
	    acknowledged_text[CALENDAR_INSTANT_SIZE], acted_text[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(created, created_text);
	calendar_format_instant(due, due_text);
	calendar_format_instant(acknowledged, acknowledged_text);
	calendar_format_instant(at_most(acknowledged + 2 * HOUR, now), acted_text);
	long long id = json_integer_value(json_object_get(n, "id"));
	st = db_exec_with(db,
	                  "UPDATE encompass_notifications SET created_at = ?, due_at = ?,"
	                  " acknowledged_at = CASE WHEN acknowledged_at IS NULL THEN NULL ELSE ? END,"
	                  " action_at = CASE WHEN action_at IS NULL THEN NULL ELSE ? END WHERE id = ?",
	                  DB_TEXT(created_text), DB_TEXT(due_text), DB_TEXT(acknowledged_text),
	                  DB_TEXT(acted_text), DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	bool waiting = !json_is_string(json_object_get(n, "acknowledged_at"));
	if (waiting && escalate_after >= 0 && due + escalate_after <= now)
		return escalate(db, id, due, escalate_after, now);
	return HAVEN_OK;
}

/* Moves the new notification's incident to a school-day start that came after it but before `now`. */
static enum haven_status keep_new(db_conn *db, int64_t now)
{
	json_t *rows = db_rows_with(db,
	                            "SELECT i.id, i.occurred_at, n.incident_child_id, n.recipient_agency_id"
	                            " FROM encompass_notifications n"
	                            " JOIN da_incident_children c ON c.id = n.incident_child_id"
	                            " JOIN da_incidents i ON i.id = c.incident_id"
	                            " WHERE i.police_reference = ? ORDER BY n.id",
	                            DB_TEXT(still_new));
	if (!rows)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	const json_t *n;
	json_array_foreach(rows, i, n)
	{
		int64_t occurred, due;
		if (!calendar_parse_instant(json_string_value(json_object_get(n, "occurred_at")),
		                            &occurred)) {
			st = HAVEN_ERR_INVALID;
			break;
		}
		st = incidents_notification_due_in(
		    db_tx(db), json_integer_value(json_object_get(n, "incident_child_id")),
		    json_integer_value(json_object_get(n, "recipient_agency_id")), &due);
		if (st != HAVEN_OK)
			break;
		int64_t at = encompass_demo_new_incident_at(occurred, due, now);
		if (at == occurred)
			continue;
		char at_text[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(at, at_text);
		st = incidents_demo_move_incident(db_tx(db), json_integer_value(json_object_get(n, "id")),
		                                  at_text);
		if (st != HAVEN_OK)
			break;
	}
	json_decref(rows);
	return st;
}

static enum haven_status real_deadlines(db_conn *db, void *ctx)
{
	(void)ctx;
	int64_t now = (int64_t)time(NULL);
	enum haven_status st = keep_new(db, now);
	if (st != HAVEN_OK)
		return st;
	json_t *rows = db_rows_with(
	    db,
	    "SELECT n.id, n.incident_child_id, n.recipient_agency_id, n.acknowledged_at, i.occurred_at,"
	    " i.police_reference FROM encompass_notifications n"
	    " JOIN da_incident_children c ON c.id = n.incident_child_id"
	    " JOIN da_incidents i ON i.id = c.incident_id"
	    " WHERE i.police_reference LIKE ? ORDER BY i.occurred_at, n.id",
	    DB_TEXT("DEMO-ENC-%"));
	if (!rows)
		return HAVEN_ERR_DB;
	long long minutes = -1;
	st = db_integer_values(db_prepare(db, "SELECT escalate_after_minutes FROM da_settings WHERE id = 1"),
	                       &minutes, NULL, 0);
	if (st == HAVEN_ERR_NOT_FOUND)
		st = HAVEN_OK;
	if (st != HAVEN_OK) {
		json_decref(rows);
		return st;
	}
	size_t i;
	const json_t *n;
	/* oldest incident first: the escalations' ids in the order they were escalated, as the job's are */
	json_array_foreach(rows, i, n)
	{
		if ((st = place(db, n, minutes >= 0 ? minutes * 60 : -1, now)) != HAVEN_OK)
			break;
	}
	json_decref(rows);
	return st;
}

enum haven_status encompass_load_demo(void)
{
	return db_load_demo_sql("demo/encompass.sql", real_deadlines, NULL);
}
