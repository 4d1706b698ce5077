/*
 * store_sqlite.c (incidents) — the SQLite queries behind store.h.
 *
 * Saving a batch is one db_write unit: every incident is looked up by its
 * police reference first (the sending force's, or one imported before the
 * import named its force, which the force then claims), and if any is known
 * with different content the unit fails with HAVEN_ERR_CONFLICT, so its
 * savepoint undoes everything and a batch is applied whole or not at all. Matching and notification happen
 * in the same unit (notify_sqlite.c), so an incident is never saved without
 * its notifications, nor a notification without its emails.
 */
#include "areas/incidents/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/paged_rows_sqlite.h"
#include "app/record_lists_sqlite.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/children/match.h"
#include "areas/households/households.h"
#include "areas/incidents/deadline.h"
#include "areas/incidents/notify.h"
#include "areas/incidents/school_days.h"
#include "areas/incidents/terms.h"
#include "areas/partnership/store.h"
#include "areas/provide/provide.h"
#include "auth/audit.h"
#include "core/alloc.h"
#include "router/errors.h"
#include "store/db.h"
#include "store/text_found_sqlite.h"

/*
 * The areas an incident from agency ?1 may be in (0: no agency, all of them): those the agency serves, as
 * the partnership set them on it (its one area, or its agency_areas), or every area when it serves the
 * whole partnership (neither set). A force limited to Blackpool sends no incident for Blackburn.
 */
#define SERVED_AREAS                                                                                         \
	" FROM local_authorities l WHERE ?1 = 0 OR l.code = (SELECT la_code FROM agencies WHERE id = ?1)"    \
	" OR EXISTS (SELECT 1 FROM agency_areas aa WHERE aa.agency_id = ?1 AND aa.la_code = l.code)"         \
	" OR NOT EXISTS (SELECT 1 FROM agencies a WHERE a.id = ?1 AND (a.la_code IS NOT NULL"                \
	" OR EXISTS (SELECT 1 FROM agency_areas aa WHERE aa.agency_id = a.id)))"

enum haven_status incidents_la_codes(long long sender_agency_id, struct incidents_la_codes *out)
{
	*out = (struct incidents_la_codes){0};
	json_t *rows =
	    db_rows_with(db_reader(),
	                 "SELECT l.code, (SELECT count(*) FROM local_authorities) AS every" SERVED_AREAS
	                 " ORDER BY l.code",
	                 DB_INT(sender_agency_id));
	if (!rows)
		return HAVEN_ERR_DB;
	out->codes = xcalloc(json_array_size(rows) + 1, sizeof *out->codes);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		out->codes[out->count++] = json_integer_value(json_object_get(r, "code"));
		out->limited =
		    json_integer_value(json_object_get(r, "every")) > (json_int_t)json_array_size(rows);
	}
	json_decref(rows);
	return HAVEN_OK;
}

/*
 * The incident a force sent with a reference: ?1 the reference, ?2 the sending police agency (0 for none),
 * ?3 the content hash of the incident as sent. The force's own if it has one; else one with that reference
 * and that content imported before the import named its force (police_agency_id NULL): the same incident
 * sent before Haven kept who sent it, which the force claims when it sends it again (see save_unit). A
 * forceless incident with other details may be another force's: it neither blocks this force's incident
 * nor tells it that the reference is known. Driven by the unique index (police_reference,
 * police_agency_id); the force's own row sorts first. Another force's incident is never this one.
 */
#define FORCE_REFERENCE                                                                                      \
	"police_reference = ?1 AND (police_agency_id = ?2"                                                   \
	" OR (police_agency_id IS NULL AND content_hash = ?3))"                                              \
	" ORDER BY police_agency_id IS NULL LIMIT 1"

/* The sending force as a statement takes it: the agency's id, or NULL for none. */
static struct db_value force_of(long long force_id)
{
	return force_id ? DB_INT(force_id) : DB_NULL;
}

/* Into a C buffer rather than read as JSON: the intake asks this for every incident the police send. */
enum haven_status incidents_known_hash(long long force_id, const char *reference, const char *content_hash,
                                       char hash[CHECK_HASH_SIZE])
{
	return text_found_with(db_reader(), "SELECT content_hash FROM da_incidents WHERE " FORCE_REFERENCE,
	                       hash, CHECK_HASH_SIZE, DB_TEXT(reference), DB_INT(force_id),
	                       DB_TEXT(content_hash));
}

enum haven_status incidents_areas(long long sender_agency_id, json_t **out)
{
	return db_read_rows(out, "SELECT l.code, l.name" SERVED_AREAS " ORDER BY l.name",
	                    DB_INT(sender_agency_id));
}

static int64_t now_utc(void)
{
	return (int64_t)time(NULL);
}

/* The text `object`[key] as a statement takes it (NULL if it is not a string). */
static struct db_value text_of(const json_t *object, const char *key)
{
	return DB_JSON(json_object_get(object, key));
}

/* The boolean `object`[key] as a statement takes it: 1, 0, or NULL if it is not a boolean. */
static struct db_value flag_of(const json_t *object, const char *key)
{
	const json_t *v = json_object_get(object, key);
	return json_is_boolean(v) ? DB_INT(json_is_true(v) ? 1 : 0) : DB_NULL;
}

/* Who did it, as a statement takes it: the user's id, or NULL for none. */
static struct db_value user_of(const struct actor *actor)
{
	return actor && actor->user_id ? DB_INT(actor->user_id) : DB_NULL;
}

struct save {
	const json_t *incidents;
	bool batch;
	const char *source, *action;
	const struct actor *actor;
	long long force_id; /* the police agency sending them (the actor's, for an import too) */
	json_t *results;
	json_t *conflicts;
};

/* Inserts one incident, its adults and children, then matches and notifies each child. */
static enum haven_status insert_incident(db_conn *db, const struct save *s, const json_t *in, int64_t now,
                                         long long *id)
{
	char received[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(now, received);
	enum haven_status st = db_integer_with(
	    db,
	    "INSERT INTO da_incidents (police_reference, occurred_at, location, la_code, risk_level, "
	    "circumstances,"
	    " source, recorded_by, received_at, content_hash, police_agency_id)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    id, text_of(in, "police_reference"), text_of(in, "occurred_at"), text_of(in, "location"),
	    DB_INT(json_integer_value(json_object_get(in, "la_code"))), text_of(in, "risk_level"),
	    text_of(in, "circumstances"), DB_TEXT(s->source), user_of(s->actor), DB_TEXT(received),
	    text_of(in, "content_hash"), force_of(s->force_id));
	if (st != HAVEN_OK)
		return st;

	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(in, "adults"), i, a)
	{
		st = db_exec_with(
		    db,
		    "INSERT INTO da_incident_adults (incident_id, position, name, role, "
		    "date_of_birth, contact_phone,"
		    " safe_to_call, safe_to_leave_message, safe_times, safe_number) VALUES "
		    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    DB_INT(*id), DB_INT((long long)i + 1), text_of(a, "name"), text_of(a, "role"),
		    text_of(a, "date_of_birth"), text_of(a, "contact_phone"), flag_of(a, "safe_to_call"),
		    flag_of(a, "safe_to_leave_message"), text_of(a, "safe_times"), text_of(a, "safe_number"));
		if (st != HAVEN_OK)
			return st;
	}

	int64_t occurred = 0;
	calendar_parse_instant(json_string_value(json_object_get(in, "occurred_at")), &occurred);
	struct incident_facts facts = {
	    .id = *id,
	    .la_code = json_integer_value(json_object_get(in, "la_code")),
	    .occurred = occurred,
	    .now = now,
	    .recorded_by = s->actor ? s->actor->user_id : 0,
	};
	json_t *c;
	json_array_foreach(json_object_get(in, "children"), i, c)
	{
		long long row;
		st = db_integer_with(
		    db,
		    "INSERT INTO da_incident_children (incident_id, position, given_name, "
		    "family_name, date_of_birth,"
		    " setting_name, setting_urn, present, where_during, spoken_to, child_said)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    &row, DB_INT(*id), DB_INT((long long)i + 1), text_of(c, "given_name"),
		    text_of(c, "family_name"), text_of(c, "date_of_birth"), text_of(c, "setting_name"),
		    DB_JSON_INT(json_object_get(c, "setting_urn")), flag_of(c, "present"),
		    text_of(c, "where_during"), flag_of(c, "spoken_to"), text_of(c, "child_said"));
		if (st != HAVEN_OK)
			return st;
		if ((st = incidents_match_child(db_tx(db), &facts, row, c)) != HAVEN_OK)
			return st;
	}
	/* Operation Provide: the victims are referred to an IDVA in the same unit of work */
	if ((st = provide_refer(db_tx(db), *id)) != HAVEN_OK)
		return st;
	/* its household, flagged for the front door when its incidents are repeats */
	if ((st = households_incident_recorded(db_tx(db), *id, s->actor)) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), s->actor, s->action, "da_incident", *id, NULL);
}

/*
 * An incident imported before the import named its force, sent again by force s->force_id with the same
 * content: it becomes that force's (its police see it, it hears of its children waiting), audited as
 * "incident.claim" by whoever sent it. Its children were matched and notified when it was first saved, so
 * nothing else changes. HAVEN_ERR_NOT_FOUND if another force claimed it since it was looked up (on
 * PostgreSQL two senders' units run side by side, and the later UPDATE finds it no longer forceless).
 */
static enum haven_status claim_incident(db_conn *db, const struct save *s, long long id)
{
	long long claimed;
	enum haven_status st = db_integer_with(db,
	                                       "UPDATE da_incidents SET police_agency_id = ? WHERE id = ? "
	                                       "AND police_agency_id IS NULL RETURNING id",
	                                       &claimed, DB_INT(s->force_id), DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), s->actor, "incident.claim", "da_incident", id, NULL);
}

static enum haven_status save_unit(db_conn *db, void *ctx)
{
	struct save *s = ctx;
	int64_t now = now_utc();
	json_array_clear(s->results);
	size_t conflicts_before = json_array_size(s->conflicts);
	size_t i;
	json_t *in;
	json_array_foreach(s->incidents, i, in)
	{
		const char *ref = json_string_value(json_object_get(in, "police_reference"));
		/* stepped by hand: the police's every incident is looked up, and only compared in C */
		db_stmt *stmt = db_prepare(
		    db, "SELECT id, content_hash, police_agency_id FROM da_incidents WHERE " FORCE_REFERENCE);
		if (!db_bind(stmt, DB_TEXT(ref), DB_INT(s->force_id),
		             DB_TEXT(json_string_value(json_object_get(in, "content_hash")))))
			return HAVEN_ERR_DB;
		enum db_step step = db_step(stmt);
		long long id = 0;
		bool same = false, forceless = false;
		if (step == DB_STEP_ROW) {
			id = db_column_int(stmt, 0);
			const char *hash = db_column_text(stmt, 1);
			same =
			    hash && strcmp(hash, json_string_value(json_object_get(in, "content_hash"))) == 0;
			forceless = db_column_is_null(stmt, 2);
		}
		db_done(stmt);
		if (step == DB_STEP_ERROR)
			return HAVEN_ERR_DB;
		const char *status = "unchanged";
		if (id && !same) {
			if (s->batch) {
				char field[64];
				snprintf(field, sizeof field, "incidents[%zu].police_reference", i);
				errors_addf(
				    s->conflicts, field,
				    "Incident %zu (%s): an incident with this police reference was "
				    "already received with different details; a resend cannot change it",
				    i + 1, ref);
			} else
				errors_addf(
				    s->conflicts, "police_reference",
				    "An incident with the police reference %s was already received with "
				    "different details; a resend cannot change it",
				    ref);
			continue;
		}
		if (id && forceless && s->force_id) {
			enum haven_status st = claim_incident(db, s, id);
			if (st == HAVEN_ERR_NOT_FOUND)
				id = 0; /* another force's now, so this force's reference is a new incident */
			else if (st != HAVEN_OK)
				return st;
		}
		if (!id) {
			enum haven_status st = insert_incident(db, s, in, now, &id);
			if (st != HAVEN_OK)
				return st;
			status = "created";
		}
		json_array_append_new(s->results, json_pack("{s:I, s:s, s:I, s:s}", "index", (json_int_t)i,
		                                            "police_reference", ref, "id", (json_int_t)id,
		                                            "status", status));
	}
	return json_array_size(s->conflicts) != conflicts_before ? HAVEN_ERR_CONFLICT : HAVEN_OK;
}

enum haven_status incidents_save(const json_t *incidents, bool batch, const char *source, const char *action,
                                 const struct actor *actor, json_t **results, json_t *conflicts)
{
	struct save s = {incidents,    batch,    source, action, actor, actor ? actor->agency_id : 0,
	                 json_array(), conflicts};
	enum haven_status st = db_write(save_unit, &s);
	if (st != HAVEN_OK) {
		json_decref(s.results);
		*results = NULL;
		return st;
	}
	*results = s.results;
	return HAVEN_OK;
}

/* ---- reading ---- */

enum haven_status incidents_scope_of(long long agency_id, struct incidents_scope *scope)
{
	*scope = (struct incidents_scope){0};
	json_t *agency = NULL;
	enum haven_status st = db_row_with(db_reader(), "SELECT type, la_code FROM agencies WHERE id = ?",
	                                   &agency, DB_INT(agency_id));
	if (st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_OK;
	if (st != HAVEN_OK)
		return st;
	const char *type = json_string_value(json_object_get(agency, "type"));
	if (type && strcmp(type, "police") == 0)
		scope->force_id = agency_id;
	else if (type && strcmp(type, "local_authority") == 0)
		scope->la_code = json_integer_value(json_object_get(agency, "la_code"));
	json_decref(agency);
	return HAVEN_OK;
}

/*
 * A page of incidents by (occurred_at, id), newest first, continuing from the
 * cursor row ?4 (in the same scope) for ?5 rows; with no such row, compared
 * with a key after every row ('~' sorts after any timestamp) or, backward,
 * before it. WHERE is the scope (?1): a force's own, or an area's; NARROWED
 * the filters ?2 and ?3.
 */
#define INCIDENTS_PAGE(WHERE, CMP, ORDER, NO_ROW, PICK)                                                      \
	"SELECT i.id, i.police_reference, i.occurred_at, i.la_code, la.name AS la_name, i.risk_level, "      \
	"i.source,"                                                                                          \
	" (SELECT count(*) FROM da_incident_children c WHERE c.incident_id = i.id) AS children,"             \
	" (SELECT count(*) FROM da_incident_children c WHERE c.incident_id = i.id"                           \
	"   AND c.match_status = 'unresolved') AS unresolved,"                                               \
	" (SELECT count(*) FROM encompass_notifications n JOIN da_incident_children c ON c.id = "            \
	"n.incident_child_id"                                                                                \
	"   WHERE c.incident_id = i.id) AS notifications"                                                    \
	" FROM da_incidents i JOIN local_authorities la ON la.code = i.la_code"                              \
	" WHERE CAST(?1 AS BIGINT) = ?1 " WHERE " " NARROWED " AND (i.occurred_at, i.id) " CMP               \
	" (SELECT occurred_at, id FROM da_incidents i WHERE id = ?4 " WHERE "  UNION ALL SELECT " NO_ROW     \
	" ORDER BY 1 " PICK " LIMIT 1)"                                                                      \
	" ORDER BY i.occurred_at " ORDER ", i.id " ORDER " LIMIT ?5"
#define INCIDENTS_NEXT(WHERE) INCIDENTS_PAGE(WHERE, "<", "DESC", "'~', 0", "ASC")
#define INCIDENTS_PREVIOUS(WHERE) INCIDENTS_PAGE(WHERE, ">", "ASC", "'', 0", "DESC")
#define IN_AREA "AND i.la_code = ?1"
#define BY_FORCE "AND i.police_agency_id = ?1"
/* The list's filters (?2 a police reference, ?3 a risk level), each NULL for none. */
#define NARROWED                                                                                             \
	"AND (CAST(?2 AS TEXT) IS NULL OR i.police_reference = ?2) AND (CAST(?3 AS TEXT) IS NULL OR "        \
	"i.risk_level = ?3)"
/* The same, for a query that must be driven by another table's index: "+" keeps SQLite from starting at the
 * area's incidents (half a national register for a big area) and sorting them. */
#define IN_AREA_FILTER "AND +i.la_code = ?1"
#define BY_FORCE_FILTER "AND +i.police_agency_id = ?1"

/* Runs a count bound with the scope (1) and the cap (2): it stops one past `cap`. */
static long long capped_count(db_stmt *stmt, long long scope, long long cap)
{
	return db_count(stmt, DB_INT(scope), DB_INT(cap + 1));
}

/* How many incidents the list finds, at most ?4 (its scope and filters as INCIDENTS_PAGE). */
#define INCIDENTS_COUNT(WHERE)                                                                               \
	"SELECT count(*) FROM (SELECT 1 FROM da_incidents i WHERE CAST(?1 AS BIGINT) = ?1 " WHERE            \
	" " NARROWED " LIMIT ?4) AS page"

/* The value bound as ?1 for `scope` (INCIDENTS_PAGE, WAITING_PAGE): its force, else its area; 0 when it has
 * neither, which no incident's area nor force is. */
static long long scope_key(const struct incidents_scope *scope)
{
	return scope->force_id ? scope->force_id : scope->la_code;
}

enum haven_status incidents_list(const struct incidents_scope *scope, const struct incidents_filter *filter,
                                 const struct page *page, json_t **out, long long *total)
{
	const struct paged_rows in_area = {.after = DB_SQL(INCIDENTS_NEXT(IN_AREA)),
	                                   .before = DB_SQL(INCIDENTS_PREVIOUS(IN_AREA)),
	                                   .count = DB_SQL(INCIDENTS_COUNT(IN_AREA)),
	                                   .none_after = 0};
	const struct paged_rows by_force = {.after = DB_SQL(INCIDENTS_NEXT(BY_FORCE)),
	                                    .before = DB_SQL(INCIDENTS_PREVIOUS(BY_FORCE)),
	                                    .count = DB_SQL(INCIDENTS_COUNT(BY_FORCE)),
	                                    .none_after = 0};
	return paged_rows_read(page, scope->force_id ? &by_force : &in_area,
	                       DB_VALUES(DB_INT(scope_key(scope)), DB_TEXT(filter->police_reference),
	                                 DB_TEXT(filter->risk_level)),
	                       out, total);
}

/* An incident's lists, each read by the incident's id (?1) and kept under its key (incidents_get). */
static const char incident_adults[] =
    "SELECT position, name, role, date_of_birth, contact_phone, safe_to_call, "
    "safe_to_leave_message,"
    " safe_times, safe_number FROM da_incident_adults WHERE incident_id = ? ORDER BY position";
DB_REGISTER(incident_adults);
static const char incident_children[] =
    "SELECT c.id AS incident_child_id, c.position, c.given_name, c.family_name, "
    "c.date_of_birth,"
    " c.setting_name, c.setting_urn, c.present, c.where_during, c.spoken_to, "
    "c.child_said,"
    " c.match_status, c.match_note, c.child_id, c.setting_agency_id, a.name AS "
    "setting_agency_name,"
    " c.resolved_at, ru.name AS resolved_by_name"
    " FROM da_incident_children c LEFT JOIN agencies a ON a.id = c.setting_agency_id"
    " LEFT JOIN users ru ON ru.id = c.resolved_by WHERE c.incident_id = ? ORDER BY "
    "c.position";
DB_REGISTER(incident_children);
static const char incident_notifications[] =
    "SELECT n.id, c.position AS child_position, n.recipient_agency_id, a.name AS "
    "recipient_name,"
    " a.type AS recipient_type, n.content, n.created_at, n.due_at, n.acknowledged_at"
    " FROM encompass_notifications n JOIN da_incident_children c ON c.id = "
    "n.incident_child_id"
    " JOIN agencies a ON a.id = n.recipient_agency_id WHERE c.incident_id = ? ORDER "
    "BY c.position, a.name";
DB_REGISTER(incident_notifications);
static const struct record_list incident_lists[] = {
    {"adults", incident_adults},
    {"children", incident_children},
    {"notifications", incident_notifications},
    {0},
};

enum haven_status incidents_get(long long id, json_t **out)
{
	return record_read_with_lists(
	    out,
	    DB_SQL("SELECT i.id, i.police_reference, i.occurred_at, i.location, i.la_code, "
	           "la.name AS la_name, i.risk_level,"
	           " i.circumstances, i.source, i.received_at, u.name AS recorded_by_name"
	           " FROM da_incidents i JOIN local_authorities la ON la.code = i.la_code"
	           " LEFT JOIN users u ON u.id = i.recorded_by WHERE i.id = ?"),
	    id, incident_lists);
}

/*
 * A page of the children waiting to be matched, oldest first (by the
 * incident child's id: the order they arrived in), through the partial
 * index on the waiting ones; WHERE is the scope as in INCIDENTS_PAGE.
 */
#define WAITING_PAGE(WHERE, CMP, ORDER)                                                                      \
	"SELECT c.id AS incident_child_id, i.id AS incident_id, i.police_reference, i.occurred_at,"          \
	" la.name AS la_name, c.position, c.given_name, c.family_name, c.date_of_birth, c.setting_name,"     \
	" c.setting_urn, c.match_note, c.waiting_due_at"                                                     \
	" FROM da_incident_children c INDEXED BY da_incident_children_waiting"                               \
	" JOIN da_incidents i ON i.id = c.incident_id JOIN local_authorities la ON la.code = i.la_code"      \
	" WHERE c.match_status = 'unresolved' AND CAST(?1 AS BIGINT) = ?1 " WHERE " AND c.id " CMP " ?2"     \
	" ORDER BY c.id " ORDER " LIMIT ?3"
#define WAITING_COUNT(WHERE)                                                                                 \
	"SELECT count(*) FROM (SELECT 1 FROM da_incident_children c INDEXED BY da_incident_children_waiting" \
	" JOIN da_incidents i ON i.id = c.incident_id"                                                       \
	" WHERE c.match_status = 'unresolved' AND CAST(?1 AS BIGINT) = ?1 " WHERE " LIMIT ?2) AS page"

enum haven_status incidents_unresolved(const struct incidents_scope *scope, const struct page *page,
                                       json_t **out, long long *total)
{
	*out = NULL;
	const struct paged_rows in_area = {.after = DB_SQL(WAITING_PAGE(IN_AREA_FILTER, ">", "ASC")),
	                                   .before = DB_SQL(WAITING_PAGE(IN_AREA_FILTER, "<", "DESC")),
	                                   .none_after = 0};
	const struct paged_rows by_force = {.after = DB_SQL(WAITING_PAGE(BY_FORCE_FILTER, ">", "ASC")),
	                                    .before = DB_SQL(WAITING_PAGE(BY_FORCE_FILTER, "<", "DESC")),
	                                    .none_after = 0};
	long long key = scope_key(scope);
	enum haven_status st =
	    page ? paged_rows_page(page, scope->force_id ? &by_force : &in_area, DB_VALUES(DB_INT(key)), out)
	         : HAVEN_OK;
	db_conn *db = db_reader();
	if (st != HAVEN_OK || !db)
		return HAVEN_ERR_DB;
	/* counted here, not by paged_rows_read: a count that joins the incidents stops at the lower cap */
	*total =
	    scope->force_id
	        ? capped_count(db_prepare(db, WAITING_COUNT(BY_FORCE_FILTER)), key, PAGE_COUNT_CAP_JOINED)
	        : capped_count(db_prepare(db, WAITING_COUNT(IN_AREA_FILTER)), key, PAGE_COUNT_CAP_JOINED);
	return HAVEN_OK;
}

enum haven_status incidents_child_for_resolution(long long incident_id, long long position, json_t **out)
{
	*out = NULL;
	db_conn *db = db_reader();
	json_t *child;
	enum haven_status st =
	    db_row_with(db,
	                "SELECT c.id AS incident_child_id, c.position, c.given_name, c.family_name, "
	                "c.date_of_birth,"
	                " c.setting_name, c.setting_urn, c.match_status, c.match_note, i.id AS "
	                "incident_id, i.police_reference,"
	                " i.occurred_at, i.la_code, la.name AS la_name"
	                " FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id"
	                " JOIN local_authorities la ON la.code = i.la_code WHERE c.incident_id = ?1 "
	                "AND c.position = ?2",
	                &child, DB_INT(incident_id), DB_INT(position));
	if (st != HAVEN_OK)
		return st;
	/* the register's candidates, each with its current settings */
	json_t *candidates = NULL;
	st =
	    incidents_register_candidates(db_tx(db), json_string_value(json_object_get(child, "given_name")),
	                                  json_string_value(json_object_get(child, "family_name")),
	                                  json_string_value(json_object_get(child, "date_of_birth")),
	                                  json_integer_value(json_object_get(child, "la_code")), &candidates);
	json_t *detailed = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(st == HAVEN_OK ? candidates : NULL, i, c)
	{
		json_t *r = db_rows_with(
		    db,
		    "SELECT ch.id, ch.given_name, ch.family_name, ch.date_of_birth, la.name AS la_name,"
		    " (SELECT group_concat(a.name, '; ') FROM child_links l JOIN agencies a ON a.id = "
		    "l.agency_id"
		    "   WHERE l.child_id = ch.id AND l.relationship = 'setting') AS settings"
		    " FROM children ch LEFT JOIN local_authorities la ON la.code = ch.la_code WHERE "
		    "ch.id = ?",
		    DB_INT(json_integer_value(json_object_get(c, "child_id"))));
		if (!r) {
			st = HAVEN_ERR_DB;
			break;
		}
		json_t *row = json_array_get(r, 0);
		if (row) {
			json_object_set(row, "strength", json_object_get(c, "strength"));
			json_array_append(detailed, row);
		}
		json_decref(r);
	}
	json_decref(candidates);
	json_object_set_new(child, "candidates", detailed);
	if (st == HAVEN_OK)
		st = db_rows_into(child, "settings", db,
		                  "SELECT a.id, a.slug, a.name, s.urn FROM agencies a LEFT JOIN "
		                  "settings s ON s.agency_id = a.id"
		                  " WHERE a.la_code = ? AND a.type IN ('school', 'college', "
		                  "'early_years') ORDER BY a.name",
		                  DB_INT(json_integer_value(json_object_get(child, "la_code"))));
	if (st != HAVEN_OK) {
		json_decref(child);
		return st;
	}
	*out = child;
	return HAVEN_OK;
}

enum haven_status incidents_setting_by_urn(long long urn, long long *agency_id)
{
	return db_integer_with(db_reader(), "SELECT agency_id FROM settings WHERE urn = ?", agency_id,
	                       DB_INT(urn));
}

enum haven_status incidents_setting_by_slug(const char *slug, long long *agency_id)
{
	return db_integer_with(
	    db_reader(),
	    "SELECT id FROM agencies WHERE slug = ? AND type IN ('school', 'college', 'early_years')",
	    agency_id, DB_TEXT(slug));
}

/* ---- resolving ---- */

struct resolve {
	const struct incident_resolution *r;
	const struct actor *actor;
	const char *field, *why;
};

/* Inserts a register child from the police's details (the children area's insert when it is built in). */
static enum haven_status new_register_child(db_conn *db, long long row, long long la_code, long long user_id,
                                            long long *child_id)
{
	json_t *rows = db_rows_with(
	    db, "SELECT given_name, family_name, date_of_birth FROM da_incident_children WHERE id = ?",
	    DB_INT(row));
	if (!rows)
		return HAVEN_ERR_DB;
	json_t *c = json_array_get(rows, 0);
	enum haven_status st;
	struct child_identity who = {
	    .given_name = json_string_value(json_object_get(c, "given_name")),
	    .family_name = json_string_value(json_object_get(c, "family_name")),
	    .date_of_birth = json_string_value(json_object_get(c, "date_of_birth")),
	    .la_code = (int)la_code,
	};
	st = children_insert(db_tx(db), &who, user_id, child_id);
	if (st == HAVEN_OK)
		st = children_link_local_authority(db_tx(db), *child_id);
	json_decref(rows);
	return st;
}

static enum haven_status link_setting(db_conn *db, long long child_id, long long agency_id)
{
	return children_link(db_tx(db), child_id, agency_id, "setting");
}

static enum haven_status resolve_unit(db_conn *db, void *ctx)
{
	struct resolve *x = ctx;
	const struct incident_resolution *r = x->r;
	json_t *rows = db_rows_with(
	    db,
	    "SELECT c.id, c.match_status, i.la_code, i.occurred_at, c.given_name, c.family_name, "
	    "c.date_of_birth"
	    " FROM da_incident_children c"
	    " JOIN da_incidents i ON i.id = c.incident_id WHERE c.incident_id = ? AND c.position = ?",
	    DB_INT(r->incident_id), DB_INT(r->position));
	if (!rows)
		return HAVEN_ERR_DB;
	json_t *row = json_array_get(rows, 0);
	if (!row) {
		json_decref(rows);
		return HAVEN_ERR_NOT_FOUND;
	}
	long long child_row = json_integer_value(json_object_get(row, "id"));
	long long la_code = json_integer_value(json_object_get(row, "la_code"));
	bool unresolved = strcmp(json_string_value(json_object_get(row, "match_status")), "unresolved") == 0;
	int64_t occurred = 0;
	calendar_parse_instant(json_string_value(json_object_get(row, "occurred_at")), &occurred);
	if (!unresolved) {
		json_decref(rows);
		return HAVEN_ERR_CONFLICT;
	}

	enum haven_status st;
	long long child_id = r->register_child_id;
	if (child_id) {
		/*
		 * Only a register child offered for this incident child (the resolve page's candidates,
		 * looked for again here) may be picked: any other id links the incident, its setting and its
		 * notification to a child nobody offered. Whether such a child exists is not told: the answer
		 * is the same.
		 */
		json_t *candidates = NULL;
		st = incidents_register_candidates(
		    db_tx(db), json_string_value(json_object_get(row, "given_name")),
		    json_string_value(json_object_get(row, "family_name")),
		    json_string_value(json_object_get(row, "date_of_birth")), la_code, &candidates);
		bool offered = false;
		size_t i;
		json_t *c;
		json_array_foreach(st == HAVEN_OK ? candidates : NULL, i, c) offered =
		    offered || json_integer_value(json_object_get(c, "child_id")) == child_id;
		json_decref(candidates);
		if (st != HAVEN_OK) {
			json_decref(rows);
			return st;
		}
		if (!offered) {
			json_decref(rows);
			x->field = "child";
			x->why = "Select a child from the register, or create a new record";
			return HAVEN_ERR_INVALID;
		}
	}
	json_decref(rows);
	long long setting = r->setting_agency_id;
	if (r->home_educated) {
		/* a home-educated child's setting is their local authority's front door */
		json_t *front_door = NULL;
		st = partnership_front_door(db_tx(db), la_code, &front_door);
		if (st == HAVEN_ERR_NOT_FOUND)
			setting = 0;
		else if (st != HAVEN_OK)
			return st;
		else
			setting = json_integer_value(json_object_get(front_door, "id"));
		json_decref(front_door);
		if (!setting) {
			x->field = "home_educated";
			x->why = "The incident's local authority has no children's services agency in Haven "
			         "to notify";
			return HAVEN_ERR_INVALID;
		}
	} else if (!setting && child_id) {
		/* the register child's own setting, if it has exactly one */
		json_t *links = db_rows_with(db,
		                             "SELECT agency_id FROM child_links WHERE child_id = ? AND "
		                             "relationship = 'setting' LIMIT 2",
		                             DB_INT(child_id));
		if (!links)
			return HAVEN_ERR_DB;
		setting = json_array_size(links) == 1
		              ? json_integer_value(json_object_get(json_array_get(links, 0), "agency_id"))
		              : 0;
		json_decref(links);
	}
	if (!setting) {
		x->field = "setting";
		x->why = "Select the child's school, college or setting, enter its URN, or say the child is "
		         "educated at home";
		return HAVEN_ERR_INVALID;
	}
	if (!child_id) {
		if ((st = new_register_child(db, child_row, la_code, x->actor ? x->actor->user_id : 0,
		                             &child_id)) != HAVEN_OK)
			return st;
		if (!r->home_educated && (st = link_setting(db, child_id, setting)) != HAVEN_OK)
			return st;
	}
	char now_text[CALENDAR_INSTANT_SIZE];
	int64_t now = now_utc();
	calendar_format_instant(now, now_text);
	if ((st = db_exec_with(
	         db,
	         "UPDATE da_incident_children SET match_status = ?2, child_id = ?3, setting_agency_id = ?4,"
	         " resolved_by = ?5, resolved_at = ?6 WHERE id = ?1 AND match_status = 'unresolved'",
	         DB_INT(child_row), DB_TEXT(r->home_educated ? "home_educated" : "resolved"),
	         DB_INT(child_id), DB_INT(setting), user_of(x->actor), DB_TEXT(now_text))) != HAVEN_OK)
		return st;
	struct incident_facts facts = {
	    .id = r->incident_id, .la_code = la_code, .occurred = occurred, .now = now};
	bool created;
	if ((st = incidents_notify(db_tx(db), &facts, child_row, setting, &created)) != HAVEN_OK)
		return st;
	/* the row is about the one child resolved, which the API's answer shows (and a browser's next page
	 * names with the rest of the incident's): not every child of the incident */
	return audit_record(db_tx(db), x->actor, "incident.resolve", "da_incident_child", child_row, NULL);
}

enum haven_status incidents_resolve(const struct incident_resolution *r, const struct actor *actor,
                                    const char **field, const char **why)
{
	struct resolve x = {r, actor, NULL, NULL};
	enum haven_status st = db_write(resolve_unit, &x);
	*field = x.field;
	*why = x.why;
	return st;
}

struct shown {
	const json_t *candidates;
	const struct actor *actor;
};

static enum haven_status shown_unit(db_conn *db, void *ctx)
{
	struct shown *u = ctx;
	return children_audit_shown(db_tx(db), u->candidates, u->actor);
}

enum haven_status incidents_audit_candidates(const json_t *candidates, const struct actor *actor)
{
	if (!json_array_size(candidates))
		return HAVEN_OK;
	struct shown u = {candidates, actor};
	return db_write(shown_unit, &u);
}

/* ---- school terms ---- */

struct terms {
	long long la_code;
	const struct incident_terms *t;
	const struct actor *actor;
	size_t removed;
	struct buf *problems;
};

/*
 * Whether term `term` overlaps one authority `la_code` keeps after the file's years were taken out: one of
 * another school year (stored before the import refused a term running past 31 August into the next
 * year's). Named as a problem by the term's row: two terms over one day make neither a holiday of it nor
 * a school day of it for certain, and the file cannot say which is right.
 */
static enum haven_status overlaps_kept(db_conn *db, long long la_code, const struct incident_term *term,
                                       struct buf *problems)
{
	json_t *kept = db_rows_with(db,
	                            "SELECT name, first_day, last_day FROM school_terms WHERE la_code = ?"
	                            " AND first_day <= ? AND last_day >= ? ORDER BY first_day LIMIT 1",
	                            DB_INT(la_code), DB_TEXT(term->last_day), DB_TEXT(term->first_day));
	if (!kept)
		return HAVEN_ERR_DB;
	const json_t *k = json_array_get(kept, 0);
	if (k)
		buf_printf(
		    problems,
		    "%s: the term \"%s\" (%s to %s) overlaps the term \"%s\" (%s to %s) already kept for "
		    "this local authority, of a school year this file does not replace\n",
		    term->where, term->name, term->first_day, term->last_day,
		    json_string_value(json_object_get(k, "name")),
		    json_string_value(json_object_get(k, "first_day")),
		    json_string_value(json_object_get(k, "last_day")));
	json_decref(kept);
	return HAVEN_OK;
}

static enum haven_status terms_unit(db_conn *db, void *ctx)
{
	struct terms *u = ctx;
	long long removed;
	enum haven_status st = partnership_area_found(db_tx(db), u->la_code);
	if (st != HAVEN_OK)
		return st;
	/* year by year: a year the file skips, between two it holds, keeps its terms */
	for (size_t i = 0; i < u->t->year_count; i++) {
		const struct incident_school_year *year = &u->t->years[i];
		st = db_exec_changed_with(
		    db, "DELETE FROM school_terms WHERE la_code = ? AND first_day BETWEEN ? AND ?", &removed,
		    DB_INT(u->la_code), DB_TEXT(year->first_day), DB_TEXT(year->last_day));
		if (st != HAVEN_OK)
			return st;
		u->removed += (size_t)removed;
	}
	/* what is left is the years the file does not replace: none of its terms may overlap one of them */
	size_t before = u->problems->len;
	for (size_t i = 0; i < u->t->count; i++)
		if ((st = overlaps_kept(db, u->la_code, &u->t->terms[i], u->problems)) != HAVEN_OK)
			return st;
	if (u->problems->len > before)
		return HAVEN_ERR_INVALID; /* rolled back: nothing replaced */
	for (size_t i = 0; i < u->t->count; i++) {
		const struct incident_term *term = &u->t->terms[i];
		if ((st = db_exec_with(
		         db,
		         "INSERT INTO school_terms (la_code, first_day, last_day, name) VALUES (?, ?, ?, ?)",
		         DB_INT(u->la_code), DB_TEXT(term->first_day), DB_TEXT(term->last_day),
		         DB_TEXT(term->name))) != HAVEN_OK)
			return st;
	}
	/* the authority's open deadlines move with its terms, in this unit (school_days.h) */
	const struct incidents_school_days_scope scope = {.la_code = u->la_code};
	if ((st = incidents_school_days_changed(db_tx(db), &scope)) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), u->actor, "incident.term_dates", "local_authority", u->la_code, NULL);
}

enum haven_status incidents_replace_terms(long long la_code, const struct incident_terms *t,
                                          const struct actor *actor, size_t *removed, struct buf *problems)
{
	struct terms u = {la_code, t, actor, 0, problems};
	enum haven_status st = db_write(terms_unit, &u);
	*removed = st == HAVEN_OK ? u.removed : 0;
	return st;
}

enum haven_status incidents_list_terms(long long la_code, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT name, first_day, last_day FROM school_terms WHERE la_code = ?"
	                    " ORDER BY first_day",
	                    DB_INT(la_code));
}

/* ---- the records this area holds, for the access policy and the audit trail (auth/records.h) ---- */

/* the police force that sent the incident, and the local authority of its area (incidents_scope) */
static const char related_da_incident[] =
    "SELECT 1 FROM da_incidents i JOIN agencies a ON a.id = :agency WHERE i.id = :id"
    " AND ((a.type = 'police' AND i.police_agency_id = a.id)"
    " OR (a.type = 'local_authority' AND a.la_code = i.la_code))";
DB_REGISTER(related_da_incident);

static RECORD_CHILDREN(
    children_of_da_incident,
    "SELECT child_id FROM da_incident_children WHERE incident_id = :id AND child_id IS NOT NULL");

/* one child of an incident as the police named it (da_incident_children's row): the register child it
 * was matched to, if it has been; a change to that child alone (resolving it) is audited on it */
static RECORD_CHILDREN(children_of_da_incident_child,
                       "SELECT child_id FROM da_incident_children WHERE id = :id AND child_id IS NOT NULL");

const struct record_type incidents_records[] = {
    {.name = "da_incident", .related = related_da_incident, RECORD_CHILDREN_OF(children_of_da_incident)},
    /* named by the audit trail only: no rule takes an action on it, so no relationship query */
    {.name = "da_incident_child", RECORD_CHILDREN_OF(children_of_da_incident_child)},
    {0},
};
