/*
 * access_sqlite.c (auth) — the queries behind deciding access (auth/store.h):
 * whether a user is related to a record (each record type's relationship SQL,
 * auth/records.h), a record's owner, break-glass grants, the audit row of a
 * decision made outside another change, and how many records a user was
 * refused lately (the probing alert, auth/refusals.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/records.h"
#include "auth/seconds_sqlite.h"
#include "auth/session.h"
#include "auth/store.h"
#include "core/alloc.h"
#include "store/db.h"
#include "store/row_found_sqlite.h"

/*
 * Whether the user is related to the record: its type's relationship query
 * (declared by the area that holds it, auth/records.h) finds a row, with :id
 * (the record), :user and :agency (the user's) bound by name. A type without
 * one has no relationships. Then, only where the policy lets the action be
 * taken by breaking glass (`with_grant`), a grant still in force.
 */
enum haven_status auth_store_related(const struct user *user, const char *type, long long id, bool with_grant,
                                     bool *related)
{
	*related = false;
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	const struct record_type *record = records_find(type);
	if (record && record->related) {
		db_stmt *stmt = db_prepare_registered(db, record->related);
		if (!stmt)
			return HAVEN_ERR_DB;
		db_bind_named_int(stmt, ":id", id);
		db_bind_named_int(stmt, ":user", user->id);
		db_bind_named_int(stmt, ":agency", user->agency_id);
		enum db_step step = db_step(stmt);
		db_done(stmt);
		if (step == DB_STEP_ROW) {
			*related = true;
			return HAVEN_OK;
		}
		if (step != DB_STEP_DONE)
			return HAVEN_ERR_DB;
	}
	if (!with_grant)
		return HAVEN_OK;
	/* no relationship: a break-glass grant still in force, for an action the policy lets it open */
	enum haven_status st =
	    row_found_with(db,
	                   "SELECT 1 FROM break_glass_grants WHERE user_id = ? AND resource_type = ?"
	                   " AND resource_id = ? AND expires_at > ?",
	                   DB_INT(user->id), DB_TEXT(type), DB_INT(id), DB_INT(auth_now()));
	*related = st == HAVEN_OK;
	return st == HAVEN_OK || st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : HAVEN_ERR_DB;
}

enum haven_status auth_store_owner(const char *type, long long id, char *owner_type, size_t size,
                                   long long *owner_id)
{
	const struct record_type *record = records_find(type);
	if (!record || !record->owner)
		return HAVEN_ERR_NOT_FOUND;
	/* stepped by hand into the caller's buffer; the statement's one parameter, :id, is ?1 */
	db_stmt *stmt = db_prepare_registered(db_reader(), record->owner);
	if (!db_bind(stmt, DB_INT(id)))
		return HAVEN_ERR_DB;
	enum db_step step = db_step(stmt);
	enum haven_status st = step == DB_STEP_ROW    ? HAVEN_OK
	                       : step == DB_STEP_DONE ? HAVEN_ERR_NOT_FOUND
	                                              : HAVEN_ERR_DB;
	if (st == HAVEN_OK) {
		const char *found = db_column_text(stmt, 0);
		snprintf(owner_type, size, "%s", found ? found : "");
		*owner_id = db_column_int(stmt, 1);
	}
	db_done(stmt);
	return st;
}

struct grant {
	const struct user *user;
	const struct actor *actor;
	const char *type, *reason;
	long long id;
	int64_t now, seconds;
	int64_t *wait;
};

/* Whether record `type` `id` exists (its type's `exists` query, on the unit's connection). */
static enum haven_status record_exists(db_conn *db, const char *type, long long id)
{
	const struct record_type *record = records_find(type);
	if (!record || !record->exists)
		return HAVEN_ERR_NOT_FOUND;
	db_stmt *stmt = db_prepare_registered(db, record->exists);
	if (!stmt)
		return HAVEN_ERR_DB;
	db_bind_named_int(stmt, ":id", id);
	enum db_step step = db_step(stmt);
	db_done(stmt);
	return step == DB_STEP_ROW ? HAVEN_OK : step == DB_STEP_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
}

/* HAVEN_ERR_BUSY, with the seconds until the oldest of them is an hour old in *wait, if the user broke glass
 * BREAK_GLASS_PER_HOUR times in the hour before `now`: counted in the audit trail, which records every
 * attempt, on a record that exists or not, so the cap is no way to learn which records exist. */
static enum haven_status within_hourly_grants(db_conn *db, long long user_id, int64_t now, int64_t *wait)
{
	char since[DB_TIME_SIZE];
	db_time_text(now - 3600, since);
	json_t *row = NULL;
	enum haven_status st =
	    db_row_with(db,
	                "SELECT count(*) AS given, unixepoch(min(at)) AS oldest FROM audit_log"
	                " WHERE user_id = ? AND action = 'break_glass' AND at > ?",
	                &row, DB_INT(user_id), DB_TEXT(since));
	if (st != HAVEN_OK)
		return st;
	long long given = json_integer_value(json_object_get(row, "given"));
	int64_t oldest = json_integer_value(json_object_get(row, "oldest"));
	json_decref(row);
	if (given < BREAK_GLASS_PER_HOUR)
		return HAVEN_OK;
	*wait = oldest + 3600 - now > 0 ? oldest + 3600 - now : 1;
	return HAVEN_ERR_BUSY;
}

static enum haven_status write_grant(db_conn *db, void *ctx)
{
	struct grant *g = ctx;
	enum haven_status st = within_hourly_grants(db, g->user->id, g->now, g->wait);
	if (st != HAVEN_OK)
		return st;
	/* the attempt is audited whether or not the record exists, and answered the same: only a record that
	 * exists is granted (never one ahead of its record) */
	if ((st = record_exists(db, g->type, g->id)) == HAVEN_ERR_NOT_FOUND)
		return audit_record(db_tx(db), g->actor, "break_glass", g->type, g->id, g->reason);
	if (st != HAVEN_OK)
		return st;
	st = db_exec_with(db,
	                  "INSERT INTO break_glass_grants (user_id, resource_type, "
	                  "resource_id, reason, granted_at, expires_at)"
	                  " VALUES (?, ?, ?, ?, ?, ?)",
	                  DB_INT(g->user->id), DB_TEXT(g->type), DB_INT(g->id), DB_TEXT(g->reason),
	                  DB_INT(g->now), DB_INT(g->now + g->seconds));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), g->actor, "break_glass", g->type, g->id, g->reason);
}

enum haven_status auth_store_break_glass(const struct user *user, const struct actor *actor, const char *type,
                                         long long id, const char *reason, int64_t now, int64_t seconds,
                                         int64_t *wait)
{
	*wait = 0;
	struct grant g = {user, actor, type, reason, id, now, seconds, wait};
	return db_write(write_grant, &g);
}

enum haven_status auth_store_break_glass_list(json_t **out)
{
	enum haven_status st = db_read_rows(
	    out, "SELECT g.id, g.granted_at, g.expires_at,"
	         " g.resource_type, g.resource_id, g.reason, u.name AS user_name, a.name AS agency_name"
	         " FROM break_glass_grants g JOIN users u ON u.id = g.user_id"
	         " JOIN agencies a ON a.id = u.agency_id"
	         " ORDER BY g.granted_at DESC, g.id DESC LIMIT 500");
	static const char *const times[] = {"granted_at", "expires_at", NULL};
	auth_rows_seconds_as_text(*out, times);
	return st;
}

/* ---- the audit trail ---- */

static enum haven_status write_audit(db_conn *db, void *ctx)
{
	return audit_append(db_tx(db), ctx);
}

enum haven_status auth_store_audit(const struct audit_event *event)
{
	return db_write(write_audit, (void *)event);
}

/* An audit row queued without waiting: the event with its own copy of everything it borrowed. */
struct queued_audit {
	struct audit_event event;
	char *action, *resource_type, *resource_id, *reason, *client_address;
	struct shown_record *shown;
	auth_audit_done_fn then;
	void *then_ctx;
};

static char *copy_or_null(const char *text)
{
	return text ? xstrdup(text) : NULL;
}

/* Only appends the audit rows, and keeps nothing from a run that is rolled back (audit_append's chain head
 * goes with the writer's epoch): safe to run again, so queued with db_write_async_replayable. */
static enum haven_status write_queued_audit(db_conn *db, void *ctx)
{
	struct queued_audit *q = ctx;
	return audit_append(db_tx(db), &q->event);
}

static void queued_audit_free(struct queued_audit *q)
{
	free(q->action);
	free(q->resource_type);
	free(q->resource_id);
	free(q->reason);
	free(q->client_address);
	free(q->shown);
	free(q);
}

static void queued_audit_done(enum haven_status result, void *ctx)
{
	struct queued_audit *q = ctx;
	q->then(result, q->then_ctx);
	queued_audit_free(q);
}

enum haven_status auth_store_audit_async(const struct audit_event *event, auth_audit_done_fn then,
                                         void *then_ctx)
{
	struct queued_audit *q = xcalloc(1, sizeof *q);
	q->action = copy_or_null(event->action);
	q->resource_type = copy_or_null(event->resource_type);
	q->resource_id = copy_or_null(event->resource_id);
	q->reason = copy_or_null(event->reason);
	q->client_address = copy_or_null(event->client_address);
	if (event->shown_count) {
		/* each record's type is a literal (router/request.h), so the array alone is copied */
		q->shown = xcalloc(event->shown_count, sizeof *q->shown);
		memcpy(q->shown, event->shown, event->shown_count * sizeof *q->shown);
	}
	q->event = (struct audit_event){
	    .user_id = event->user_id,
	    .agency_id = event->agency_id,
	    .action = q->action,
	    .resource_type = q->resource_type,
	    .resource_id = q->resource_id,
	    .reason = q->reason,
	    .client_address = q->client_address,
	    .shown = q->shown,
	    .shown_count = event->shown_count,
	};
	q->then = then;
	q->then_ctx = then_ctx;
	enum haven_status st = db_write_async_replayable(write_queued_audit, q, queued_audit_done, q);
	if (st != HAVEN_OK)
		queued_audit_free(q);
	return st;
}

enum haven_status auth_store_refusals_since(long long user_id, int64_t since, long long *count)
{
	*count = 0;
	/* the trail's times are UTC text with milliseconds, which sort as they compare */
	char since_text[DB_TIME_SIZE];
	db_time_text(since, since_text);
	/* audit_by_user (user_id, at) finds the rows; the action is checked on each */
	enum haven_status st =
	    db_integer_with(db_reader(),
	                    "SELECT count(DISTINCT resource_type || ' ' || resource_id)"
	                    " FROM audit_log WHERE user_id = ? AND at >= ? AND action = 'access_refused'",
	                    count, DB_INT(user_id), DB_TEXT(since_text));
	return st == HAVEN_OK ? HAVEN_OK : HAVEN_ERR_DB;
}
