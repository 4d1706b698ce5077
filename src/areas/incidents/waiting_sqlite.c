/*
 * waiting_sqlite.c (incidents) — escalating a child still waiting to be
 * matched as its deadline nears (contract in store.h,
 * incidents_escalate_waiting; the job is jobs.c).
 *
 * Who is told: the front door of the incident's local authority and the
 * police force that sent the incident (each may resolve the child; another
 * force attending the same area may not, so it is not told): active users
 * with role front_door at the area's local authority agency, and with role
 * police at the sending force (none for an import, which has no force). The email links to the child's
 * resolution page and says nothing about the child (mail.h). The escalation's row, its emails and its audit
 * row are one unit of work, so each child is escalated once, and a restart neither repeats nor loses one.
 */
#include <stdlib.h>
#include <time.h>

#include "areas/calendar/london.h"
#include "areas/incidents/store.h"
#include "areas/mail/compose.h"
#include "auth/audit.h"
#include "core/buf.h"
#include "store/db.h"

struct waiting_unit {
	int limit;
	int count;
};

/* `escalated_at` is the unit's one instant, so children escalated together share it. */
static enum haven_status escalate_one(db_conn *db, const json_t *row, const char *escalated_at)
{
	long long child_row = json_integer_value(json_object_get(row, "id"));
	long long incident = json_integer_value(json_object_get(row, "incident_id"));
	json_t *people = db_rows_with(
	    db,
	    "SELECT u.email FROM agencies a JOIN users u ON u.agency_id = a.id AND u.disabled_at IS NULL"
	    " JOIN user_roles r ON r.user_id = u.id"
	    " WHERE (a.type = 'local_authority' AND a.la_code = ?1 AND r.role = 'front_door')"
	    " OR (a.type = 'police' AND r.role = 'police' AND a.id = ?2)"
	    " GROUP BY u.id ORDER BY u.id",
	    DB_INT(json_integer_value(json_object_get(row, "la_code"))),
	    DB_INT(json_integer_value(json_object_get(row, "police_agency_id"))));
	if (!people)
		return HAVEN_ERR_DB;
	struct buf path = BUF_INIT;
	buf_printf(&path, "/incidents/%lld/children/%lld/resolve", incident,
	           (long long)json_integer_value(json_object_get(row, "position")));
	char *link = mail_link(buf_cstr(&path));
	buf_free(&path);
	json_t *model = json_pack("{s:s}", "link", link);
	free(link);
	enum haven_status st = mail_enqueue_each(db_tx(db), "incidents/waiting-escalation", model, people);
	json_decref(model);
	json_decref(people);
	if (st != HAVEN_OK)
		return st;
	if ((st = db_exec_with(db,
	                       "INSERT INTO da_waiting_escalations (incident_child_id, escalated_at)"
	                       " VALUES (?1, ?2)",
	                       DB_INT(child_row), DB_TEXT(escalated_at))) != HAVEN_OK)
		return st;
	/* a system action: no user, no agency, no address */
	return audit_record(db_tx(db), NULL, "incident.escalate_waiting", "da_incident", incident, NULL);
}

static enum haven_status write_waiting(db_conn *db, void *ctx)
{
	struct waiting_unit *u = ctx;
	u->count = 0;
	long long minutes = 0;
	enum haven_status st = db_integer_with(
	    db, "SELECT waiting_escalate_minutes FROM da_settings WHERE id = ?", &minutes, DB_INT(1));
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st; /* no settings, nothing is due */
	/*
	 * Due when the deadline is at most `minutes` away. Deadlines are written "YYYY-MM-DDTHH:MM:SSZ"
	 * (calendar_format_instant), so they compare as text with the cut-off written the same way.
	 */
	char due_by[CALENDAR_INSTANT_SIZE], now_text[DB_TIME_SIZE];
	calendar_format_instant((int64_t)time(NULL) + 60 * minutes, due_by);
	db_now_text(now_text);
	json_t *due = db_rows_with(
	    db,
	    "SELECT c.id, c.incident_id, c.position, i.la_code, i.police_agency_id"
	    " FROM da_incident_children c INDEXED BY da_incident_children_waiting"
	    " JOIN da_incidents i ON i.id = c.incident_id"
	    " WHERE c.match_status = 'unresolved' AND c.waiting_due_at IS NOT NULL AND c.waiting_due_at <= ?2"
	    " AND NOT EXISTS (SELECT 1 FROM da_waiting_escalations e WHERE e.incident_child_id = c.id)"
	    " ORDER BY c.id LIMIT ?1",
	    DB_INT(u->limit), DB_TEXT(due_by));
	if (!due)
		return HAVEN_ERR_DB;
	size_t i;
	json_t *row;
	json_array_foreach(due, i, row) if (st == HAVEN_OK) st = escalate_one(db, row, now_text);
	if (st == HAVEN_OK)
		u->count = (int)json_array_size(due);
	json_decref(due);
	return st;
}

enum haven_status incidents_escalate_waiting(int limit, int *count)
{
	struct waiting_unit u = {.limit = limit};
	enum haven_status st = db_write(write_waiting, &u);
	*count = st == HAVEN_OK ? u.count : 0;
	return st;
}
