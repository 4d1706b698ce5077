/*
 * ladder_sqlite.c (encompass) — the escalation ladder of a notification not
 * acknowledged in time (contract in store.h, encompass_ladder_due): its Key
 * Adults are emailed first, then the local authority of the incident's area,
 * each once. Before, the escalation job only listed late notifications, and
 * nobody was told.
 *
 * Why Key Adults first and then the local authority: the setting is who must
 * act before the school day, and a reminder costs nobody anything; the local
 * authority is told only when the setting has been reminded and still not
 * answered. Both steps wait for the partnership's escalate_after_minutes
 * (the first at once that much after the deadline, the second twice that),
 * so the one setting on the settings page paces the whole ladder.
 *
 * The emails carry a link to the notification and nothing about the child
 * (mail.h); a step's row, its emails and its audit row are one unit of work,
 * so a step is taken once and a restart neither repeats nor loses one.
 */
#include <stdlib.h>
#include <string.h>

#include "areas/encompass/due_sqlite.h"
#include "areas/encompass/store.h"
#include "areas/mail/compose.h"
#include "areas/settings/key_adults_sqlite.h"
#include "auth/audit.h"
#include "core/buf.h"
#include "store/db.h"

/* The people a step emails, as a new array of {email}: see encompass_ladder_due. */
static json_t *step_recipients(db_conn *db, long long notification, bool local_authority_step)
{
	if (local_authority_step)
		return db_rows_with(
		    db,
		    "SELECT u.email FROM encompass_notifications n"
		    " JOIN da_incident_children c ON c.id = n.incident_child_id"
		    " JOIN da_incidents i ON i.id = c.incident_id"
		    " JOIN agencies a ON a.type = 'local_authority' AND a.la_code = i.la_code"
		    " AND a.id <> n.recipient_agency_id" KEY_ADULTS_OF("a") " WHERE n.id = ? ORDER BY u.id",
		    DB_INT(notification));
	return db_rows_with(db,
	                    "SELECT u.email FROM encompass_notifications n"
	                    " JOIN agencies a ON a.id = n.recipient_agency_id" KEY_ADULTS_OF(
	                        "a") " WHERE n.id = ? ORDER BY u.id",
	                    DB_INT(notification));
}

/* Takes one step of one notification: its emails, its row and its audit row. */
static enum haven_status take_step(db_conn *db, long long notification, bool local_authority_step)
{
	json_t *people = step_recipients(db, notification, local_authority_step);
	if (!people)
		return HAVEN_ERR_DB;
	struct buf path = BUF_INIT;
	buf_printf(&path, "/encompass/notifications/%lld", notification);
	char *link = mail_link(buf_cstr(&path));
	buf_free(&path);
	json_t *model = json_pack("{s:s}", "link", link);
	free(link);
	enum haven_status st = mail_enqueue_each(
	    db_tx(db), local_authority_step ? "encompass/late-local-authority" : "encompass/late-key-adults",
	    model, people);
	json_decref(model);
	long long emailed = (long long)json_array_size(people);
	json_decref(people);
	if (st != HAVEN_OK)
		return st;
	char now[DB_TIME_SIZE];
	db_now_text(now);
	st = db_exec_with(db,
	                  "INSERT INTO encompass_escalation_steps (notification_id, step, taken_at, emailed)"
	                  " VALUES (?, ?, ?, ?)",
	                  DB_INT(notification),
	                  DB_TEXT(local_authority_step ? "local_authority" : "key_adults"), DB_TEXT(now),
	                  DB_INT(emailed));
	if (st != HAVEN_OK)
		return st;
	/* a system action: no user, no agency, no address */
	return audit_record(db_tx(db), NULL,
	                    local_authority_step ? "encompass.escalate_local_authority"
	                                         : "encompass.escalate_key_adults",
	                    "encompass_notification", notification, NULL);
}

static enum haven_status write_ladder(db_conn *db, void *ctx)
{
	struct due_unit *u = ctx;
	u->count = 0;
	/* the next step due of each late notification: the Key Adults', then (once theirs is taken and
	 * twice the time has passed) the local authority's */
	char late_before[CALENDAR_INSTANT_SIZE], twice_late_before[CALENDAR_INSTANT_SIZE];
	enum haven_status st = due_cutoff(db, 1, late_before);
	if (st == HAVEN_OK)
		st = due_cutoff(db, 2, twice_late_before);
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
	json_t *due = db_rows_with(db,
	                           "SELECT n.id, EXISTS (SELECT 1 FROM encompass_escalation_steps k"
	                           "  WHERE k.notification_id = n.id AND k.step = 'key_adults') AS reminded"
	                           " FROM encompass_notifications n INDEXED BY encompass_by_due"
	                           " WHERE n.acknowledged_at IS NULL AND n.due_at <= ?1"
	                           " AND NOT EXISTS (SELECT 1 FROM encompass_escalation_steps l"
	                           "  WHERE l.notification_id = n.id AND l.step = 'local_authority')"
	                           " AND (NOT EXISTS (SELECT 1 FROM encompass_escalation_steps k"
	                           "  WHERE k.notification_id = n.id AND k.step = 'key_adults')"
	                           "  OR n.due_at <= ?2)"
	                           " ORDER BY n.id LIMIT ?3",
	                           DB_TEXT(late_before), DB_TEXT(twice_late_before), DB_INT(u->limit));
	if (!due)
		return HAVEN_ERR_DB;
	size_t i;
	json_t *row;
	json_array_foreach(due, i, row)
	{
		if (st != HAVEN_OK)
			break;
		st = take_step(db, json_integer_value(json_object_get(row, "id")),
		               json_integer_value(json_object_get(row, "reminded")) != 0);
	}
	if (st == HAVEN_OK)
		u->count = (int)json_array_size(due);
	json_decref(due);
	return st;
}

enum haven_status encompass_ladder_due(int limit, int *count)
{
	return due_run(write_ladder, limit, count);
}
