/*
 * records_sqlite.c (households) — a household as a record of its own: made
 * (or found) for each incident's address in the incident's unit of work,
 * flagged when its incidents reach the repeat count (a task for the front
 * door of its area and one email to its people, with no personal data),
 * the adults known to live there, and who may open one (the record type).
 */
#include "areas/households/households.h"
#include "areas/households/store.h"

#include <stdio.h>
#include <stdlib.h>

#include "areas/households/time_sqlite.h"
#include "areas/mail/compose.h"
#include "auth/audit.h"
#include "auth/policy.h"
#include "store/changed_row_sqlite.h"
#include "store/db.h"

/* The integer `name` of a row. */
static long long column(const json_t *row, const char *name)
{
	return json_integer_value(json_object_get(row, name));
}

/* ---- an incident's household, and the repeat flag ---- */

/* One generic email to each active front door person of local authority `la_code`: a household number only.
 */
static enum haven_status email_front_door(db_conn *db, long long household_id, int la_code,
                                          const json_t *settings)
{
	json_t *rows =
	    db_rows_with(db,
	                 "SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id"
	                 " JOIN agencies a ON a.id = u.agency_id"
	                 " WHERE a.type = 'local_authority' AND a.la_code = ?1 AND r.role = 'front_door'"
	                 " AND u.disabled_at IS NULL ORDER BY u.id",
	                 DB_INT(la_code));
	if (!rows)
		return HAVEN_ERR_DB;
	char path[64];
	snprintf(path, sizeof path, "/households/%lld", household_id);
	char *link = mail_link(path);
	json_t *model =
	    json_pack("{s:O, s:O, s:s}", "repeat_count", json_object_get(settings, "repeat_count"),
	              "period_days", json_object_get(settings, "period_days"), "link", link);
	free(link);
	enum haven_status st = mail_enqueue_each(db_tx(db), "households/repeat", model, rows);
	json_decref(model);
	json_decref(rows);
	return st;
}

enum haven_status households_incident_recorded(struct store_tx *tx, long long incident_id,
                                               const struct actor *actor)
{
	db_conn *db = db_tx_conn(tx);
	char now[CALENDAR_INSTANT_SIZE], since[CALENDAR_INSTANT_SIZE];
	households_now(now);
	enum haven_status st = households_period_start(db, since);
	if (st == HAVEN_OK)
		st = db_exec_with(db,
		                  "INSERT INTO households (la_code, address_key, address, created_at)"
		                  " SELECT la_code, lower(trim(location)), trim(location), ?2"
		                  " FROM da_incidents WHERE id = ?1 AND length(trim(location)) > 0"
		                  " ON CONFLICT (la_code, address_key) DO NOTHING",
		                  DB_INT(incident_id), DB_TEXT(now));
	if (st != HAVEN_OK)
		return st;
	/* the household's incidents in the setting's period up to now, and whether a flag already waits */
	json_t *h = NULL;
	st =
	    db_row_with(db,
	                "WITH s AS (SELECT repeat_count, period_days FROM household_settings WHERE id = 1)"
	                " SELECT h.id, h.la_code, s.repeat_count, s.period_days,"
	                " (SELECT count(*) FROM da_incidents j WHERE j.la_code = h.la_code"
	                "  AND lower(trim(j.location)) = h.address_key AND j.occurred_at >= ?2) AS incidents,"
	                " (h.repeat_flagged_at IS NOT NULL AND h.repeat_reviewed_at IS NULL) AS waiting"
	                " FROM da_incidents i JOIN households h ON h.la_code = i.la_code"
	                " AND h.address_key = lower(trim(i.location)), s WHERE i.id = ?1",
	                &h, DB_INT(incident_id), DB_TEXT(since));
	if (st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_OK; /* an incident with no address has no household */
	if (st != HAVEN_OK)
		return st;
	long long id = column(h, "id");
	bool raise = column(h, "incidents") >= column(h, "repeat_count") && !column(h, "waiting");
	if (raise)
		st = db_exec_with(db,
		                  "UPDATE households SET repeat_flagged_at = ?2,"
		                  " repeat_reviewed_at = NULL, repeat_reviewed_by = NULL WHERE id = ?1",
		                  DB_INT(id), DB_TEXT(now));
	if (raise && st == HAVEN_OK)
		st = audit_record(tx, actor, "household.flag", "household", id, NULL);
	if (raise && st == HAVEN_OK)
		st = email_front_door(db, id, (int)column(h, "la_code"), h);
	json_decref(h);
	return st;
}

/* ---- reading one ---- */

enum haven_status households_get(long long id, long long force, json_t **out)
{
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	char since[CALENDAR_INSTANT_SIZE];
	if (households_period_start(db, since) != HAVEN_OK)
		return HAVEN_ERR_DB;
	/* `force`, the reader's police force (0 for anyone else): a force reads only what its own incidents
	 * brought (?3 in each query below), since another force's incidents there are not its to read */
	json_t *h = NULL;
	enum haven_status st = db_row_with(
	    db,
	    "WITH s AS (SELECT repeat_count, period_days FROM household_settings WHERE id = 1)"
	    " SELECT h.id, h.address, h.la_code, la.name AS area_name, h.created_at, h.repeat_flagged_at,"
	    " h.repeat_reviewed_at, (h.repeat_flagged_at IS NOT NULL AND h.repeat_reviewed_at IS NULL) AS "
	    "waiting,"
	    " s.repeat_count, s.period_days,"
	    " (SELECT count(*) FROM da_incidents j WHERE j.la_code = h.la_code"
	    "  AND lower(trim(j.location)) = h.address_key AND j.occurred_at >= ?2"
	    "  AND (?3 = 0 OR j.police_agency_id = ?3)) AS incidents_in_period,"
	    " (SELECT count(*) FROM da_incidents j WHERE j.la_code = h.la_code"
	    "  AND lower(trim(j.location)) = h.address_key"
	    "  AND (?3 = 0 OR j.police_agency_id = ?3)) AS incidents"
	    " FROM households h JOIN local_authorities la ON la.code = h.la_code, s WHERE h.id = ?1",
	    &h, DB_INT(id), DB_TEXT(since), DB_INT(force));
	if (st != HAVEN_OK)
		return st;
	json_object_set_new(h, "waiting", json_boolean(column(h, "waiting")));
	json_object_set_new(h, "force_only", json_boolean(force != 0));
	if (force) {
		/* the household's own times and flag are the whole household's: when any force's first
		 * incident made it, when any force's incidents reached the repeat count, whether the front
		 * door has reviewed that. A force learns nothing of another's incidents from them, so it
		 * reads none. */
		static const char *const whole_household[] = {"created_at", "repeat_flagged_at",
		                                              "repeat_reviewed_at", "waiting"};
		for (size_t k = 0; k < sizeof whole_household / sizeof whole_household[0]; k++)
			json_object_del(h, whole_household[k]);
	}
	/* the adults known to live there: a force reads those it recorded itself */
	json_t *adults =
	    db_rows_with(db,
	                 "SELECT d.id, d.name, d.relationship, a.name AS agency_name, d.added_at"
	                 " FROM household_adults d JOIN agencies a ON a.id = d.agency_id"
	                 " WHERE d.household_id = ?1 AND (?2 = 0 OR d.agency_id = ?2) ORDER BY d.id",
	                 DB_INT(id), DB_INT(force));
	/* the adults police named at the household's incidents, once each by name and role */
	json_t *named = db_rows_with(db,
	                             "SELECT DISTINCT d.name, d.role FROM households h JOIN da_incidents i"
	                             " ON i.la_code = h.la_code AND lower(trim(i.location)) = h.address_key"
	                             " JOIN da_incident_adults d ON d.incident_id = i.id"
	                             " WHERE h.id = ?1 AND (?2 = 0 OR i.police_agency_id = ?2)"
	                             " ORDER BY d.name, d.role",
	                             DB_INT(id), DB_INT(force));
	json_t *children =
	    db_rows_with(db,
	                 "SELECT DISTINCT c.id, c.given_name, c.family_name,"
	                 " c.date_of_birth AS age" /* made the age by households_set_ages */
	                 " FROM households h JOIN da_incidents i ON i.la_code = h.la_code"
	                 " AND lower(trim(i.location)) = h.address_key"
	                 " JOIN da_incident_children k ON k.incident_id = i.id"
	                 " JOIN children c ON c.id = coalesce((SELECT merged_into FROM children WHERE id = "
	                 "k.child_id), k.child_id)"
	                 " WHERE h.id = ?1 AND (?2 = 0 OR i.police_agency_id = ?2) ORDER BY c.id",
	                 DB_INT(id), DB_INT(force));
	if (!adults || !named || !children) {
		json_decref(adults);
		json_decref(named);
		json_decref(children);
		json_decref(h);
		return HAVEN_ERR_DB;
	}
	households_set_ages(children);
	json_object_set_new(h, "adults", adults);
	json_object_set_new(h, "incident_adults", named);
	json_object_set_new(h, "children", children);
	*out = h;
	return HAVEN_OK;
}

/* ---- changes ---- */

struct adult_change {
	long long household_id;
	const char *name, *relationship;
	const struct audit_shown *shown;
	const struct actor *actor;
};

static enum haven_status add_adult_unit(db_conn *db, void *ctx)
{
	const struct adult_change *c = ctx;
	char now[CALENDAR_INSTANT_SIZE];
	households_now(now);
	enum haven_status st = db_exec_with(
	    db,
	    "INSERT INTO household_adults (household_id, name, relationship, agency_id, added_by, added_at)"
	    " VALUES (?, ?, ?, ?, ?, ?)",
	    DB_INT(c->household_id), DB_TEXT(c->name), DB_TEXT(c->relationship), DB_INT(c->actor->agency_id),
	    DB_INT(c->actor->user_id), DB_TEXT(now));
	if (st != HAVEN_OK)
		return st;
	return audit_record_shown(db_tx(db), c->actor, "household.adult", "household", c->household_id, NULL,
	                          c->shown);
}

enum haven_status households_add_adult(long long household_id, const char *name, const char *relationship,
                                       const struct audit_shown *shown, const struct actor *actor)
{
	struct adult_change c = {household_id, name, relationship, shown, actor};
	return db_write(add_adult_unit, &c);
}

struct review_change {
	long long household_id;
	const struct audit_shown *shown;
	const struct actor *actor;
	bool reviewed;
};

static enum haven_status review_unit(db_conn *db, void *ctx)
{
	struct review_change *c = ctx;
	char now[CALENDAR_INSTANT_SIZE];
	households_now(now);
	enum haven_status st = exec_changed_or(
	    db,
	    "UPDATE households SET repeat_reviewed_at = ?,"
	    " repeat_reviewed_by = ? WHERE id = ? AND repeat_flagged_at IS NOT NULL"
	    " AND repeat_reviewed_at IS NULL",
	    HAVEN_ERR_CONFLICT, DB_TEXT(now), DB_INT(c->actor->user_id), DB_INT(c->household_id));
	c->reviewed = st == HAVEN_OK;
	if (st != HAVEN_OK)
		return st;
	return audit_record_shown(db_tx(db), c->actor, "household.review", "household", c->household_id, NULL,
	                          c->shown);
}

enum haven_status households_review(long long household_id, const struct audit_shown *shown,
                                    const struct actor *actor)
{
	struct review_change c = {household_id, shown, actor, false};
	return db_write(review_unit, &c);
}

/* ---- what waits for the front door ---- */

enum haven_status households_tasks(const struct user *user, json_t *tasks)
{
	/* the review is about one household, so no record-free decision says who may: the policy's roles do
	 */
	if (!(user->roles & policy_roles("household.review")))
		return HAVEN_OK;
	return db_read_rows_append(
	    tasks,
	    "SELECT 'household.review' AS kind, 'Review a household with repeat incidents' AS text,"
	    " substr(h.repeat_flagged_at, 1, 10) AS due_at, '/households/' || h.id AS href,"
	    " 'household' AS record_type, h.id AS record_id"
	    " FROM households h JOIN agencies a ON a.id = ?1 AND a.type = 'local_authority'"
	    " AND a.la_code = h.la_code"
	    " WHERE h.repeat_flagged_at IS NOT NULL AND h.repeat_reviewed_at IS NULL"
	    " ORDER BY h.repeat_flagged_at, h.id LIMIT 200",
	    DB_INT(user->agency_id));
}

/* ---- record type ---- */

/* the front door of its area, the police force that sent one of its incidents (another force's household
 * is not theirs: incidents' related_da_incident), and every agency working with a child of one of its
 * incidents */
static const char related_household[] =
    "SELECT 1 FROM households h WHERE h.id = :id AND ("
    " EXISTS (SELECT 1 FROM agencies a WHERE a.id = :agency AND a.type = 'local_authority'"
    "  AND a.la_code = h.la_code)"
    " OR EXISTS (SELECT 1 FROM da_incidents i JOIN agencies a ON a.id = :agency AND a.type = 'police'"
    "  AND i.police_agency_id = a.id"
    "  WHERE i.la_code = h.la_code AND lower(trim(i.location)) = h.address_key)"
    " OR EXISTS (SELECT 1 FROM da_incidents i JOIN da_incident_children k ON k.incident_id = i.id"
    "  JOIN child_links l ON l.child_id = k.child_id AND l.agency_id = :agency"
    "  WHERE i.la_code = h.la_code AND lower(trim(i.location)) = h.address_key))";
DB_REGISTER(related_household);

/*
 * No children query: which of a household's children a page shows depends on who reads it (each only to
 * whoever may open the child's record, the rest counted), so the trail would say a reader saw children
 * hidden from them. The page reports those it shows, and a change's row those its answer shows, as places'
 * and MACE meetings' pages do.
 */
const struct record_type households_records[] = {
    {.name = "household", .related = related_household},
    {0},
};
