/*
 * store_sqlite.c (subjectaccess) — the SQLite side of store.h: the register's
 * units of work (record, verify, extend, close: each with its audit row, the
 * request's state checked inside the unit so two closings at once cannot
 * both pass), its reads, the task list's query, and the pack gathered from
 * every area's `.subject_access` tables.
 */
#include "areas/subjectaccess/store.h"

#include <string.h>

#include "app/area.h"
#include "areas/children/store.h"
#include "areas/calendar/london.h"
#include "auth/audit.h"
#include "auth/policy.h"
#include "core/calendar.h"
#include "store/db.h"
#include "store/row_found_sqlite.h"

int32_t subject_access_due_on(int32_t received, int extension_months)
{
	return calendar_add_months(received, 1 + extension_months);
}

/* ---- changes ---- */

struct change {
	long long id;
	const struct subject_access_new *input;
	int months;
	const char *closed_on, *outcome, *reason;
	const char *checked_on, *evidence;
	const struct actor *actor;
};

static enum haven_status create_unit(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	enum haven_status st =
	    row_found_with(db, "SELECT count(*) FROM children WHERE id = ?1 AND merged_into IS NULL",
	                   DB_INT(c->input->child_id));
	if (st != HAVEN_OK)
		return st;
	/* the same request typed twice: the one open already, in *id */
	st = db_integer_with(db,
	                     "SELECT id FROM subject_access_requests WHERE child_id = ?1 AND requester = ?2"
	                     " AND received_on = ?3 AND closed_on IS NULL ORDER BY id LIMIT 1",
	                     &c->id, DB_INT(c->input->child_id), DB_TEXT(c->input->requester),
	                     DB_TEXT(c->input->received_on));
	if (st != HAVEN_ERR_NOT_FOUND)
		return st == HAVEN_OK ? HAVEN_ERR_CONFLICT : st;
	int32_t received;
	if (!calendar_parse(c->input->received_on, &received))
		return HAVEN_ERR_INVALID;
	char due[CALENDAR_DATE_SIZE];
	calendar_format(subject_access_due_on(received, 0), due);
	/* never verified here: another member of the team checks who asked (subject_access_verify) */
	st = db_integer_with(
	    db,
	    "INSERT INTO subject_access_requests (child_id, requester, received_on, identity_verified,"
	    " due_on, recorded_by) VALUES (?1, ?2, ?3, 0, ?4, ?5) RETURNING id",
	    &c->id, DB_INT(c->input->child_id), DB_TEXT(c->input->requester), DB_TEXT(c->input->received_on),
	    DB_TEXT(due), DB_INT(c->actor->user_id));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "subject_access.create", "subject_access_request", c->id,
	                    NULL);
}

enum haven_status subject_access_create(const struct subject_access_new *n, const struct actor *actor,
                                        long long *id)
{
	struct change c = {.input = n, .actor = actor};
	enum haven_status st = db_write(create_unit, &c);
	*id = c.id;
	return st;
}

/* NOT_FOUND unless request `id` exists; CONFLICT if it is closed. */
static enum haven_status still_open(db_conn *db, long long id)
{
	enum haven_status st =
	    row_found_with(db, "SELECT count(*) FROM subject_access_requests WHERE id = ?1", DB_INT(id));
	if (st == HAVEN_OK)
		st = none_found_with(
		    db,
		    "SELECT count(*) FROM subject_access_requests WHERE id = ?1 AND closed_on IS NOT NULL",
		    DB_INT(id));
	return st;
}

static enum haven_status verify_unit(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	enum haven_status st = still_open(db, c->id);
	if (st == HAVEN_OK)
		st = none_found_with(
		    db,
		    "SELECT count(*) FROM subject_access_requests WHERE id = ?1 AND identity_verified = 1",
		    DB_INT(c->id));
	if (st == HAVEN_OK)
		st = db_exec_with(
		    db,
		    "UPDATE subject_access_requests SET identity_verified = 1, identity_checked_by = ?2,"
		    " identity_checked_on = ?3, identity_evidence = ?4 WHERE id = ?1",
		    DB_INT(c->id), DB_INT(c->actor->user_id), DB_TEXT(c->checked_on), DB_TEXT(c->evidence));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "subject_access.verify", "subject_access_request", c->id,
	                    NULL);
}

enum haven_status subject_access_verify(long long id, const char *checked_on, const char *evidence,
                                        const struct actor *actor)
{
	struct change c = {.id = id, .checked_on = checked_on, .evidence = evidence, .actor = actor};
	return db_write(verify_unit, &c);
}

static enum haven_status extend_unit(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	enum haven_status st = still_open(db, c->id);
	if (st != HAVEN_OK)
		return st;
	json_t *row = NULL;
	st = db_row_with(db, "SELECT received_on FROM subject_access_requests WHERE id = ?1", &row,
	                 DB_INT(c->id));
	if (st != HAVEN_OK)
		return st;
	int32_t received;
	bool parsed = calendar_parse(json_string_value(json_object_get(row, "received_on")), &received);
	json_decref(row);
	if (!parsed)
		return HAVEN_ERR_INTERNAL;
	char due[CALENDAR_DATE_SIZE];
	calendar_format(subject_access_due_on(received, c->months), due);
	st = db_exec_with(db,
	                  "UPDATE subject_access_requests SET extension_months = ?2, extension_reason = ?3,"
	                  " due_on = ?4 WHERE id = ?1",
	                  DB_INT(c->id), DB_INT(c->months), DB_TEXT(c->reason), DB_TEXT(due));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "subject_access.extend", "subject_access_request", c->id,
	                    NULL);
}

enum haven_status subject_access_extend(long long id, int months, const char *reason,
                                        const struct actor *actor)
{
	struct change c = {.id = id, .months = months, .reason = reason, .actor = actor};
	return db_write(extend_unit, &c);
}

static enum haven_status close_unit(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	enum haven_status st = still_open(db, c->id);
	if (st == HAVEN_OK)
		st = db_exec_with(
		    db,
		    "UPDATE subject_access_requests SET closed_on = ?2, outcome = ?3, outcome_reason = ?4"
		    " WHERE id = ?1",
		    DB_INT(c->id), DB_TEXT(c->closed_on), DB_TEXT(c->outcome), DB_TEXT(c->reason));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "subject_access.close", "subject_access_request", c->id,
	                    NULL);
}

enum haven_status subject_access_close(long long id, const char *closed_on, const char *outcome,
                                       const char *reason, const struct actor *actor)
{
	struct change c = {
	    .id = id, .closed_on = closed_on, .outcome = outcome, .reason = reason, .actor = actor};
	return db_write(close_unit, &c);
}

/* ---- reading ---- */

/* A request's own columns; only its page (an audited read naming the child) adds the child's name. */
#define REQUEST_FIELDS                                                                                       \
	"r.id, r.child_id, r.requester, r.received_on, r.identity_verified, r.extension_months,"             \
	" r.extension_reason, r.due_on, r.closed_on, r.outcome, r.outcome_reason"

/* `identity_verified` as true or false rather than 1 or 0, and "open". */
static void as_booleans(json_t *request)
{
	json_object_set_new(request, "identity_verified",
	                    json_boolean(json_integer_value(json_object_get(request, "identity_verified"))));
	json_object_set_new(request, "open",
	                    json_boolean(json_is_null(json_object_get(request, "closed_on"))));
}

enum haven_status subject_access_get(long long id, json_t **out)
{
	*out = NULL;
	enum haven_status st = db_row_values(
	    db_prepare(db_reader(), "SELECT " REQUEST_FIELDS ", c.given_name, c.family_name,"
	                            " r.identity_checked_on, r.identity_evidence, r.recorded_by,"
	                            " (SELECT name FROM users WHERE id = r.identity_checked_by)"
	                            " AS identity_checked_by_name"
	                            " FROM subject_access_requests r JOIN children c ON c.id = r.child_id"
	                            " WHERE r.id = ?1"),
	    out, DB_VALUES(DB_INT(id)));
	if (st == HAVEN_OK)
		as_booleans(*out);
	return st;
}

enum haven_status subject_access_list_open(json_t **out)
{
	enum haven_status st = db_read_rows(out, "SELECT " REQUEST_FIELDS " FROM subject_access_requests r"
	                                         " WHERE r.closed_on IS NULL ORDER BY r.due_on, r.id");
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(*out, i, r) as_booleans(r);
	return HAVEN_OK;
}

enum haven_status subject_access_list_closed(const char *since, json_t **out)
{
	enum haven_status st = db_read_rows(out,
	                                    "SELECT " REQUEST_FIELDS ", r.closed_on <= r.due_on AS on_time"
	                                    " FROM subject_access_requests r WHERE r.closed_on >= ?1"
	                                    " ORDER BY r.closed_on DESC, r.id DESC LIMIT 500",
	                                    DB_TEXT(since));
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(*out, i, r)
	{
		as_booleans(r);
		json_object_set_new(r, "on_time",
		                    json_boolean(json_integer_value(json_object_get(r, "on_time"))));
	}
	return HAVEN_OK;
}

enum haven_status subject_access_pack_reads(json_t **out)
{
	/* the agency is the audit row's: the one the person worked for when they opened the pack */
	return db_read_rows(out, "SELECT l.at, u.name AS user_name, a.name AS agency_name,"
	                         " CAST(l.resource_id AS INTEGER) AS request_id,"
	                         " (SELECT r.child_id FROM subject_access_requests r"
	                         "  WHERE r.id = CAST(l.resource_id AS INTEGER)) AS child_id"
	                         " FROM audit_log l LEFT JOIN users u ON u.id = l.user_id"
	                         " LEFT JOIN agencies a ON a.id = l.agency_id"
	                         " WHERE l.action = 'subject_access.pack'"
	                         " AND l.resource_type = 'subject_access_request'"
	                         " ORDER BY l.id DESC LIMIT 500");
}

/* How many days before its due date an open request is on the partnership team's task list. */
#define TASK_DAYS_BEFORE 7

enum haven_status subject_access_tasks(const struct user *user, json_t *tasks)
{
	if (!(user->roles & policy_roles("subject_access.manage")))
		return HAVEN_OK;
	char by[CALENDAR_DATE_SIZE];
	calendar_format(calendar_london_today() + TASK_DAYS_BEFORE, by);
	return db_read_rows_append(
	    tasks,
	    "SELECT 'subject_access.answer' AS kind, 'Answer a subject access request' AS text,"
	    " due_on AS due_at, '/subject-access/' || id AS href, 'subject_access_request' AS record_type,"
	    " id AS record_id FROM subject_access_requests"
	    " WHERE closed_on IS NULL AND due_on <= ?1 ORDER BY due_on, id LIMIT 200",
	    DB_TEXT(by));
}

/* ---- the pack ---- */

/* Its codes in the register's words (requests.c says them the same way on the request's page). */
static const char requests_held[] =
    "SELECT received_on,"
    " CASE requester WHEN 'child' THEN 'The child' WHEN 'parent' THEN 'A parent or carer'"
    " ELSE 'Someone acting for them' END AS made_by,"
    " identity_verified,"
    " identity_evidence AS identity_evidence_seen, identity_checked_on, due_on, extension_months,"
    " extension_reason, closed_on AS answered_on,"
    " CASE outcome WHEN 'full' THEN 'Answered in full' WHEN 'part' THEN 'Answered in part'"
    " WHEN 'refused' THEN 'Refused' WHEN 'withdrawn' THEN 'Withdrawn' END AS outcome, outcome_reason"
    " FROM subject_access_requests WHERE child_id = ?1 ORDER BY received_on, id";
DB_REGISTER(requests_held);

/* Who has seen or changed the child's records: when, which agency and what; never the person. */
static const char audit_held[] =
    "SELECT l.at, (SELECT name FROM agencies WHERE id = l.agency_id) AS agency, l.action"
    " FROM audit_children c JOIN audit_log l ON l.id = c.audit_id WHERE c.child_id = ?1"
    " ORDER BY l.at DESC, l.id DESC LIMIT 1000";
DB_REGISTER(audit_held);

const struct subject_access_table subject_access_own_tables[] = {
    {.title = "Subject access requests",
     .sql = requests_held,
     .flags = (const char *const[]){"identity_verified", NULL}},
    {.title = "Who has seen or changed the child's records (the latest 1,000)", .sql = audit_held},
    {0},
};

/* One record's tables: the children area's (the child's record, their agencies) first, the rest by area. */
static enum haven_status pack_of_record(long long record, json_t *sections)
{
	for (int first = 1; first >= 0; first--)
		for (const struct area *const *a = haven_areas; *a; a++) {
			if ((strcmp((*a)->name, "children") == 0) != first)
				continue;
			enum haven_status st =
			    subject_access_read_tables(sections, (*a)->subject_access, record);
			if (st != HAVEN_OK)
				return st;
		}
	return HAVEN_OK;
}

/*
 * Everything held about the child, then about each duplicate record merged into theirs (its sections'
 * titles say which record), so a merge never hides what the duplicate's agencies recorded.
 */
enum haven_status subject_access_pack(long long asked_about, json_t *sections, long long *kept,
                                      json_t **records)
{
	*records = NULL;
	*kept = asked_about;
	long long child_id = asked_about;
	enum haven_status st = children_kept_record(asked_about, &child_id);
	if (st == HAVEN_ERR_NOT_FOUND) {
		child_id =
		    asked_about; /* no such record now: the request's own number, whose tables say so */
		st = HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	*kept = child_id;
	/* the kept record and every record merged into it (a merge keeps the duplicate's records where
	 * they were) */
	if ((st = children_family(child_id, records)) != HAVEN_OK)
		return st;
	st = pack_of_record(child_id, sections);
	size_t i;
	json_t *row;
	json_array_foreach(*records, i, row)
	{
		long long record = json_integer_value(json_object_get(row, "id"));
		if (st != HAVEN_OK || record == child_id)
			continue;
		size_t from = json_array_size(sections);
		st = pack_of_record(record, sections);
		for (size_t k = from; st == HAVEN_OK && k < json_array_size(sections); k++) {
			json_t *section = json_array_get(sections, k);
			json_object_set_new(section, "title",
			                    json_sprintf("%s (record %lld, merged into this one)",
			                                 json_string_value(json_object_get(section, "title")),
			                                 record));
		}
	}
	return st;
}

enum haven_status subject_access_load_demo(void)
{
	return db_load_demo_sql("demo/subjectaccess.sql", NULL, NULL);
}

/* ---- the record type ---- */

/* No one is related to a request: only the partnership team, who see every one, reach it. */
static RECORD_CHILDREN(children_of_request, "SELECT child_id FROM subject_access_requests WHERE id = :id");

const struct record_type subject_access_records[] = {
    {.name = "subject_access_request", .href = "/subject-access/", RECORD_CHILDREN_OF(children_of_request)},
    {0},
};
