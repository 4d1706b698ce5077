/*
 * store_sqlite.c (households) — the SQLite side of store.h: the setting,
 * repeats and the chronology. Repeats are counted from the incidents'
 * addresses (da_incidents, the incidents area's, by its index
 * da_incidents_by_household); the household records themselves are in
 * records_sqlite.c.
 */
#include "areas/households/households.h"
#include "areas/households/store.h"

#include <stdio.h>

#include "areas/households/time_sqlite.h"

#include "app/chronology.h"
#include "auth/audit.h"
#include "store/db.h"

enum haven_status households_settings(json_t **out)
{
	db_conn *db = db_reader();
	db_stmt *stmt =
	    db ? db_prepare(db, "SELECT repeat_count, period_days FROM household_settings WHERE id = 1")
	       : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	return db_row(stmt, out);
}

struct setting {
	int repeat_count, period_days;
	const struct actor *actor;
};

static enum haven_status set_unit(db_conn *db, void *ctx)
{
	const struct setting *s = ctx;
	enum haven_status st =
	    db_exec_with(db, "UPDATE household_settings SET repeat_count = ?, period_days = ? WHERE id = 1",
	                 DB_INT(s->repeat_count), DB_INT(s->period_days));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), s->actor, "household.settings", NULL, 0, NULL);
}

enum haven_status households_set(int repeat_count, int period_days, const struct actor *actor)
{
	struct setting s = {repeat_count, period_days, actor};
	return db_write(set_unit, &s);
}

enum haven_status households_force_of(long long agency_id, long long *force_id)
{
	*force_id = 0;
	return db_integer_with(db_reader(),
	                       "SELECT coalesce(max(id), 0) FROM agencies WHERE id = ? AND type = 'police'",
	                       force_id, DB_INT(agency_id));
}

enum haven_status households_repeats(long long agency_id, long long force_id, json_t **out)
{
	char since[CALENDAR_INSTANT_SIZE];
	if (households_period_start(db_reader(), since) != HAVEN_OK)
		return HAVEN_ERR_DB;
	return db_read_rows(
	    out,
	    "WITH s AS (SELECT repeat_count FROM household_settings WHERE id = 1),"
	    /* the incidents of the period the reader counts: a local authority its area's, police only their
	     * own force's (?3; another force's incidents, their count and dates, are not theirs to learn) */
	    " counted AS (SELECT i.id, i.la_code, lower(trim(i.location)) AS address_key, i.location,"
	    "  i.occurred_at FROM da_incidents i WHERE i.occurred_at >= ?2"
	    "  AND (i.la_code = (SELECT la_code FROM agencies WHERE id = ?1 AND type = 'local_authority')"
	    "  OR (?3 <> 0 AND i.police_agency_id = ?3)))"
	    " SELECT h.id, g.address, la.name AS area_name, g.incidents, g.latest_at,"
	    /* the latest incident linked is the one latest_at is the time of */
	    " (SELECT max(c.id) FROM counted c WHERE c.la_code = g.la_code AND c.address_key = g.address_key"
	    "  AND c.occurred_at = g.latest_at) AS latest_incident_id"
	    " FROM (SELECT la_code, address_key, min(location) AS address, count(*) AS incidents,"
	    "  max(occurred_at) AS latest_at FROM counted GROUP BY la_code, address_key"
	    "  HAVING count(*) >= (SELECT repeat_count FROM s)) g"
	    " JOIN local_authorities la ON la.code = g.la_code"
	    " LEFT JOIN households h ON h.la_code = g.la_code AND h.address_key = g.address_key"
	    " ORDER BY g.latest_at DESC LIMIT 200",
	    DB_INT(agency_id), DB_TEXT(since), DB_INT(force_id));
}

/*
 * Whether incident `incident` (a row of the child's, below) was a repeat: the
 * incidents at its address in the setting's period up to it reach the repeat
 * count. Adds its event to `rows` if so. The period's start is each
 * incident's own time less the period, so it is counted here, one incident
 * at a time (a child has few). `force_only`: counts only the incidents its
 * own force sent there, for a police reader (the event is shown only to the
 * incident's force and the front door: incident.read), since another force's
 * incidents are not its to learn of.
 */
static enum haven_status add_if_repeat(json_t *rows, const json_t *incident, long long repeat_count,
                                       long long period_days, bool force_only)
{
	const char *at = json_string_value(json_object_get(incident, "occurred_at"));
	int64_t when;
	if (!at || !calendar_parse_instant(at, &when))
		return HAVEN_OK; /* a time that does not read counts no incidents, as before */
	char since[CALENDAR_INSTANT_SIZE], at_text[CALENDAR_INSTANT_SIZE];
	households_days_before(when, period_days, since);
	calendar_format_instant(when, at_text);
	long long n = 0;
	enum haven_status st = db_integer_with(
	    db_reader(),
	    "SELECT count(*) FROM da_incidents j WHERE j.la_code = ?1 AND lower(trim(j.location)) = ?2"
	    " AND j.occurred_at <= ?3 AND j.occurred_at >= ?4 AND (?5 = 0 OR j.police_agency_id = ?6)",
	    &n, DB_JSON_INT(json_object_get(incident, "la_code")),
	    DB_TEXT(json_string_value(json_object_get(incident, "address"))), DB_TEXT(at), DB_TEXT(since),
	    DB_INT(force_only), DB_JSON_INT(json_object_get(incident, "police_agency_id")));
	if (st != HAVEN_OK)
		return st;
	if (n < repeat_count)
		return HAVEN_OK;
	char text[128];
	snprintf(text, sizeof text,
	         "Repeat incident at the household: %lld incidents at this address in %lld days", n,
	         period_days);
	json_array_append_new(rows, json_pack("{s:s, s:O, s:s, s:O}", "at", at_text, "record_id",
	                                      json_object_get(incident, "id"), "text", text, "agency",
	                                      json_object_get(incident, "agency")));
	return HAVEN_OK;
}

/* The child's incidents that were repeats at their address, as chronology rows (app/chronology.h), counted
 * as agency `reader_agency_id` reads them: a police force, each incident's own force's incidents there. */
static enum haven_status repeat_rows(long long child_id, long long reader_agency_id, json_t **out)
{
	json_t *settings = NULL, *mine = NULL;
	long long force = 0;
	enum haven_status st = households_settings(&settings);
	if (st == HAVEN_OK)
		st = households_force_of(reader_agency_id, &force);
	if (st == HAVEN_OK)
		st = db_read_rows(
		    &mine,
		    "SELECT DISTINCT i.id, i.la_code, lower(trim(i.location)) AS address, i.occurred_at,"
		    " i.police_agency_id, coalesce(a.name, 'Police') AS agency"
		    " FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id"
		    " LEFT JOIN users u ON u.id = i.recorded_by LEFT JOIN agencies a ON a.id = u.agency_id"
		    " WHERE c.child_id = ?",
		    DB_INT(child_id));
	json_t *rows = json_array();
	long long repeat_count = json_integer_value(json_object_get(settings, "repeat_count"));
	long long period_days = json_integer_value(json_object_get(settings, "period_days"));
	for (size_t i = 0; st == HAVEN_OK && i < json_array_size(mine); i++)
		st = add_if_repeat(rows, json_array_get(mine, i), repeat_count, period_days, force != 0);
	json_decref(settings);
	json_decref(mine);
	if (st != HAVEN_OK) {
		json_decref(rows);
		return HAVEN_ERR_DB;
	}
	*out = rows;
	return HAVEN_OK;
}

const struct chronology_kind households_chronology[] = {{.kind = "repeat-household",
                                                         .kind_label = "Repeat incidents at a household",
                                                         .action = "incident.read",
                                                         .record_type = "da_incident",
                                                         .href = "/incidents/",
                                                         .rows = repeat_rows},
                                                        {0}};

/*
 * The children of the household of referral ?1's incident; ?2 narrows it to
 * one child (0: all). One query for the list and the one child, so the two
 * cannot disagree about who is of the household.
 */
#define HOUSEHOLD_CHILDREN_SQL                                                                               \
	"WITH home AS (SELECT i.la_code, lower(trim(i.location)) AS address, i.location,"                    \
	" i.police_reference FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id"              \
	" WHERE r.id = ?1)"                                                                                  \
	" SELECT DISTINCT c.id, c.given_name, c.family_name,"                                                \
	" c.date_of_birth AS age," /* made the age by households_set_ages */                                 \
	" (SELECT group_concat(a.name, ', ') FROM child_links l JOIN agencies a"                             \
	" ON a.id = l.agency_id WHERE l.child_id = c.id AND l.relationship = 'setting')"                     \
	" AS settings, c.date_of_birth, c.la_code, home.police_reference AS referral_reference,"             \
	" home.location AS household"                                                                        \
	" FROM home JOIN da_incidents j ON j.la_code = home.la_code"                                         \
	" AND lower(trim(j.location)) = home.address"                                                        \
	" JOIN da_incident_children k ON k.incident_id = j.id"                                               \
	" JOIN children c ON c.id = k.child_id WHERE ?2 = 0 OR c.id = ?2 ORDER BY c.date_of_birth, c.id"

enum haven_status households_children_of_referral(long long referral_id, json_t **out)
{
	db_conn *db = db_reader();
	json_t *rows = db ? db_rows_with(db, HOUSEHOLD_CHILDREN_SQL, DB_INT(referral_id), DB_INT(0)) : NULL;
	if (!rows)
		return HAVEN_ERR_DB;
	households_set_ages(rows);
	/* the referral page lists ages, not dates of birth; the rest is for one child's request (below) */
	static const char *const not_listed[] = {"date_of_birth", "la_code", "referral_reference",
	                                         "household"};
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		for (size_t k = 0; k < sizeof not_listed / sizeof not_listed[0]; k++)
			json_object_del(row, not_listed[k]);
	}
	*out = rows;
	return HAVEN_OK;
}

enum haven_status households_child_of_referral(long long referral_id, long long child_id, json_t **out)
{
	*out = NULL;
	db_conn *db = db_reader();
	json_t *rows = child_id > 0 && db
	                   ? db_rows_with(db, HOUSEHOLD_CHILDREN_SQL, DB_INT(referral_id), DB_INT(child_id))
	                   : NULL;
	if (!rows)
		return child_id > 0 ? HAVEN_ERR_DB : HAVEN_ERR_NOT_FOUND;
	households_set_ages(rows);
	if (json_array_size(rows) == 1)
		*out = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return *out ? HAVEN_OK : HAVEN_ERR_NOT_FOUND;
}

enum haven_status households_of_incident(long long incident_id, long long *household_id)
{
	*household_id = 0;
	return db_integer_with(db_reader(),
	                       "SELECT h.id FROM da_incidents i JOIN households h ON h.la_code = i.la_code"
	                       " AND h.address_key = lower(trim(i.location)) WHERE i.id = ?",
	                       household_id, DB_INT(incident_id));
}

enum haven_status households_load_demo(void)
{
	return db_load_demo_sql("demo/households.sql", NULL, NULL);
}
