/*
 * store_sqlite.c (leavers) — the queries behind store.h. The accounts are
 * disabled through auth/account_write.h and warned through the mail outbox,
 * in the job's unit of work.
 */
#include "areas/leavers/store.h"

#include <stdio.h>
#include <string.h>

#include "areas/mail/compose.h"
#include "areas/mail/mail.h"
#include "auth/account_write.h"
#include "auth/audit.h"
#include "core/buf.h"
#include "store/db.h"

/* Each active account's last use (Unix seconds): its sessions, or when it was made. */
#define LAST_USED                                                                                            \
	"coalesce((SELECT max(s.last_seen_at) FROM sessions s WHERE s.user_id = u.id),"                      \
	" CAST(unixepoch(u.created_at) AS INTEGER))"

enum haven_status leavers_dormant_by_agency(const struct dormancy_rule *rule, json_t **out)
{
	db_conn *db = db_reader();
	db_stmt *stmt =
	    db ? db_prepare(db, "SELECT a.slug AS agency, a.name AS agency_name, u.id, u.name, u.email,"
	                        " strftime('%Y-%m-%dT%H:%M:%SZ', " LAST_USED ", 'unixepoch') AS last_used,"
	                        " strftime('%Y-%m-%dT%H:%M:%SZ', w.warned_at, 'unixepoch') AS warned_at"
	                        " FROM users u JOIN agencies a ON a.id = u.agency_id"
	                        " LEFT JOIN dormancy_warnings w ON w.user_id = u.id"
	                        " WHERE u.disabled_at IS NULL AND " LAST_USED " < ?"
	                        " ORDER BY a.name, u.name, u.id")
	       : NULL;
	if (!db_bind(stmt, DB_INT(rule->now - rule->days * 86400)))
		return HAVEN_ERR_DB;
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	/* grouped by agency, in the query's order */
	json_t *groups = json_array(), *group = NULL;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		const char *agency = json_string_value(json_object_get(row, "agency"));
		if (!group || strcmp(json_string_value(json_object_get(group, "agency")), agency) != 0) {
			group = json_pack("{s:s, s:O, s:I, s:[]}", "agency", agency, "agency_name",
			                  json_object_get(row, "agency_name"), "count", (json_int_t)0,
			                  "accounts");
			json_array_append_new(groups, group);
		}
		json_object_set_new(group, "count",
		                    json_integer(json_integer_value(json_object_get(group, "count")) + 1));
		json_array_append_new(json_object_get(group, "accounts"),
		                      json_pack("{s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(row, "id"),
		                                "name", json_object_get(row, "name"), "email",
		                                json_object_get(row, "email"), "last_used",
		                                json_object_get(row, "last_used"), "warned_at",
		                                json_object_get(row, "warned_at")));
	}
	json_decref(rows);
	*out = groups;
	return HAVEN_OK;
}

struct run {
	const struct dormancy_rule *rule;
	long long warned, disabled;
};

static enum haven_status warn(db_conn *db, struct run *r)
{
	json_t *rows =
	    db_rows_with(db,
	                 "SELECT u.id, u.name, u.email FROM users u WHERE u.disabled_at IS NULL"
	                 " AND NOT EXISTS (SELECT 1 FROM dormancy_warnings w WHERE w.user_id = u.id)"
	                 " AND " LAST_USED " < ? ORDER BY u.id",
	                 DB_INT(r->rule->now - r->rule->days * 86400));
	if (!rows)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		long long id = json_integer_value(json_object_get(row, "id"));
		if ((st = db_exec_with(db, "INSERT INTO dormancy_warnings (user_id, warned_at) VALUES (?, ?)",
		                       DB_INT(id), DB_INT(r->rule->now))) != HAVEN_OK)
			break;
		/* the person's own name, and nothing about their work */
		json_t *model =
		    json_pack("{s:O?, s:I, s:I}", "name", json_object_get(row, "name"), "days",
		              (json_int_t)r->rule->days, "warning_days", (json_int_t)r->rule->warning_days);
		struct mail_text text = MAIL_TEXT_INIT;
		st = mail_compose("leavers/dormancy-warning", model, &text);
		json_decref(model);
		if (st == HAVEN_OK) {
			struct mail m = {.to = json_string_value(json_object_get(row, "email")),
			                 .subject = text.subject,
			                 .body_text = text.body};
			st = mail_enqueue(db_tx(db), &m);
		}
		mail_text_free(&text);
		if (st == HAVEN_OK)
			st = audit_record(db_tx(db), NULL, "user.dormancy_warning", "user", id, NULL);
		if (st != HAVEN_OK)
			break;
		r->warned++;
	}
	json_decref(rows);
	return st;
}

static enum haven_status disable_unused(db_conn *db, struct run *r)
{
	db_stmt *find = db_prepare(db, "SELECT u.id FROM users u JOIN dormancy_warnings w ON w.user_id = u.id"
	                               " WHERE u.disabled_at IS NULL AND w.warned_at <= ?1 AND " LAST_USED
	                               " < w.warned_at ORDER BY u.id");
	if (!db_bind(find, DB_INT(r->rule->now - r->rule->warning_days * 86400)))
		return HAVEN_ERR_DB;
	json_t *rows = db_rows(find);
	if (!rows)
		return HAVEN_ERR_DB;
	char reason[96];
	snprintf(reason, sizeof reason, "unused for %ld days, and %ld days after a warning", r->rule->days,
	         r->rule->warning_days);
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		st = auth_write_disable(db_tx(db), json_integer_value(json_object_get(row, "id")), NULL,
		                        r->rule->now, reason);
		if (st == HAVEN_ERR_CONFLICT || st == HAVEN_ERR_NOT_FOUND) {
			st =
			    HAVEN_OK; /* the last administrator stays; one disabled meanwhile needs nothing */
			continue;
		}
		if (st != HAVEN_OK)
			break;
		r->disabled++;
	}
	json_decref(rows);
	return st;
}

static enum haven_status write_run(db_conn *db, void *ctx)
{
	struct run *r = ctx;
	/* someone who signed in after their warning is no longer warned */
	db_stmt *stale = db_prepare(
	    db, "DELETE FROM dormancy_warnings AS w WHERE EXISTS (SELECT 1 FROM users u"
	        " WHERE u.id = w.user_id AND (u.disabled_at IS NOT NULL OR " LAST_USED " >= w.warned_at))");
	if (!stale)
		return HAVEN_ERR_DB;
	enum haven_status st = db_exec_stmt(stale);
	if (st == HAVEN_OK)
		st = disable_unused(db, r);
	if (st == HAVEN_OK)
		st = warn(db, r);
	return st;
}

enum haven_status leavers_run(const struct dormancy_rule *rule, long long *warned, long long *disabled)
{
	struct run r = {rule, 0, 0};
	enum haven_status st = db_write(write_run, &r);
	*warned = st == HAVEN_OK ? r.warned : 0;
	*disabled = st == HAVEN_OK ? r.disabled : 0;
	return st;
}
