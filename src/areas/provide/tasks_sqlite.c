/*
 * tasks_sqlite.c (provide) — the IDVA referrals waiting for a first
 * attempt to contact the victim, as tasks (contract in tasks.h). They name
 * nobody. The target is the partnership's setting, read with the list so a
 * change applies to every open referral at once; each task's due time is its
 * referral's time plus the target, computed here rather than by the engine.
 *
 * A referral's time may be written "…:SSZ" (the demo's, its incident's time) or
 * "…:SS.mmmZ" (db_now_text), so the oldest come first by its whole second
 * (its first 19 characters) and then by id, as unixepoch() ordered them.
 */
#include "areas/provide/tasks.h"

#include <stdint.h>

#include "areas/calendar/london.h"
#include "auth/policy.h"
#include "store/db.h"

/* The target is 24 hours unless the settings say otherwise. */
static long long first_attempt_hours(void)
{
	long long hours = 24;
	if (db_integer_with(db_reader(),
	                    "SELECT coalesce(idva_first_attempt_hours, 24) FROM da_settings WHERE id = ?",
	                    &hours, DB_INT(1)) != HAVEN_OK)
		hours = 24;
	return hours;
}

enum haven_status provide_tasks(const struct user *user, json_t *tasks)
{
	if (!policy_allows(user, "provide.list", NULL, 0))
		return HAVEN_OK;
	long long hours = first_attempt_hours();
	json_t *rows;
	enum haven_status st = db_read_rows(
	    &rows,
	    "SELECT 'provide.contact' AS kind, 'Try to contact a victim referred to your service' AS text,"
	    " created_at AS due_at,"
	    " '/provide/referrals/' || id AS href, 'idva_referral' AS record_type, id AS record_id"
	    " FROM idva_referrals INDEXED BY idva_referrals_by_service"
	    " WHERE service_agency_id = ?1 AND closed_at IS NULL AND first_attempt_at IS NULL"
	    " ORDER BY substr(created_at, 1, 19), id LIMIT 200",
	    DB_INT(user->agency_id));
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		int64_t made;
		char due[CALENDAR_INSTANT_SIZE];
		if (calendar_parse_instant(json_string_value(json_object_get(row, "due_at")), &made)) {
			calendar_format_instant(made + 3600 * hours, due);
			json_object_set_new(row, "due_at", json_string(due));
		} else {
			json_object_set_new(row, "due_at", json_null());
		}
	}
	json_array_extend(tasks, rows);
	json_decref(rows);
	return HAVEN_OK;
}
