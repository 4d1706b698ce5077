/*
 * store_sqlite.c (leavers) — the queries behind store.h. The accounts are
 * disabled through auth/account_write.h and warned through the mail outbox,
 * in the job's unit of work. An account's last use is worked out in C
 * (last_used), not by the SQL engine: its sessions' last_seen_at are Unix
 * seconds and its created_at is text, and only C reads both the same way on
 * every backend (#21).
 */
#include "areas/leavers/store.h"

#include <stdio.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "areas/mail/compose.h"
#include "areas/passwords/invite.h"
#include "auth/account_write.h"
#include "auth/audit.h"
#include "core/buf.h"
#include "store/db.h"

/* Each active account, with what its last use is worked out from (last_used) and its warning. */
#define ACTIVE_ACCOUNTS                                                                                      \
	"SELECT a.slug AS agency, a.name AS agency_name, u.id, u.name, u.email, u.created_at,"               \
	" (SELECT max(s.last_seen_at) FROM sessions s WHERE s.user_id = u.id) AS last_seen_at,"              \
	" w.warned_at FROM users u JOIN agencies a ON a.id = u.agency_id"                                    \
	" LEFT JOIN dormancy_warnings w ON w.user_id = u.id WHERE u.disabled_at IS NULL"

/*
 * An account's last use in Unix seconds, into *when: the last time any of its
 * sessions was seen, or when it was made if it has never signed in. false if
 * neither can be read (an account with no readable time is never dormant).
 */
static bool last_used(const json_t *account, int64_t *when)
{
	const json_t *seen = json_object_get(account, "last_seen_at");
	if (json_is_integer(seen)) {
		*when = json_integer_value(seen);
		return true;
	}
	const char *created = json_string_value(json_object_get(account, "created_at"));
	return created && calendar_parse_instant(created, when);
}

/* `utc` as the report shows it, "YYYY-MM-DDTHH:MM:SSZ", or null. */
static json_t *instant_or_null(bool known, int64_t utc)
{
	if (!known)
		return json_null();
	char text[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(utc, text);
	return json_string(text);
}

enum haven_status leavers_dormant_by_agency(const struct dormancy_rule *rule, json_t **out)
{
	json_t *rows = db_rows(db_prepare(db_reader(), ACTIVE_ACCOUNTS " ORDER BY a.name, u.name, u.id"));
	if (!rows)
		return HAVEN_ERR_DB;
	int64_t cutoff = rule->now - rule->days * 86400;
	/* grouped by agency, in the query's order */
	json_t *groups = json_array(), *group = NULL;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		int64_t used;
		if (!last_used(row, &used) || used >= cutoff)
			continue;
		const char *agency = json_string_value(json_object_get(row, "agency"));
		if (!group || strcmp(json_string_value(json_object_get(group, "agency")), agency) != 0) {
			group = json_pack("{s:s, s:O, s:I, s:[]}", "agency", agency, "agency_name",
			                  json_object_get(row, "agency_name"), "count", (json_int_t)0,
			                  "accounts");
			json_array_append_new(groups, group);
		}
		json_object_set_new(group, "count",
		                    json_integer(json_integer_value(json_object_get(group, "count")) + 1));
		const json_t *warned = json_object_get(row, "warned_at");
		json_array_append_new(
		    json_object_get(group, "accounts"),
		    json_pack("{s:O, s:O, s:O, s:o, s:o}", "id", json_object_get(row, "id"), "name",
		              json_object_get(row, "name"), "email", json_object_get(row, "email"),
		              "last_used", instant_or_null(true, used), "warned_at",
		              instant_or_null(json_is_integer(warned), json_integer_value(warned))));
	}
	json_decref(rows);
	*out = groups;
	return HAVEN_OK;
}

struct run {
	const struct dormancy_rule *rule;
	long long warned, disabled;
};

/* Warns the account's owner by email that it will be disabled if still unused (audited). */
static enum haven_status warn(db_conn *db, struct run *r, json_t *account)
{
	long long id = json_integer_value(json_object_get(account, "id"));
	enum haven_status st =
	    db_exec_with(db, "INSERT INTO dormancy_warnings (user_id, warned_at) VALUES (?, ?)", DB_INT(id),
	                 DB_INT(r->rule->now));
	if (st != HAVEN_OK)
		return st;
	/* the person's own name, and nothing about their work */
	json_t *model =
	    json_pack("{s:O?, s:I, s:I}", "name", json_object_get(account, "name"), "days",
	              (json_int_t)r->rule->days, "warning_days", (json_int_t)r->rule->warning_days);
	st = mail_enqueue_one(db_tx(db), "leavers/dormancy-warning", model,
	                      json_string_value(json_object_get(account, "email")));
	json_decref(model);
	if (st == HAVEN_OK)
		st = audit_record(db_tx(db), NULL, "user.dormancy_warning", "user", id, NULL);
	if (st == HAVEN_OK)
		r->warned++;
	return st;
}

/* Disables the account with the reason (audited), unless it is the last active administrator's. */
static enum haven_status disable(db_conn *db, struct run *r, json_t *account)
{
	char reason[96];
	snprintf(reason, sizeof reason, "unused for %ld days, and %ld days after a warning", r->rule->days,
	         r->rule->warning_days);
	long long id = json_integer_value(json_object_get(account, "id"));
	enum haven_status st = auth_write_disable(db_tx(db), id, NULL, r->rule->now, reason, false);
	if (st == HAVEN_ERR_CONFLICT || st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_OK; /* the last administrator stays; one disabled meanwhile needs nothing */
	/* an invitation or reset email still queued would bring a link that died with the account */
	if (st == HAVEN_OK)
		st = passwords_cancel_link_emails(db_tx(db), id);
	if (st == HAVEN_OK)
		r->disabled++;
	return st;
}

/* Forgets the warning of an account used since it was warned (the account's row then says not warned). */
static enum haven_status forget_warning(db_conn *db, struct run *r, json_t *account)
{
	(void)r;
	json_object_set_new(account, "warned_at", json_null());
	return db_exec_with(db, "DELETE FROM dormancy_warnings WHERE user_id = ?",
	                    DB_JSON_INT(json_object_get(account, "id")));
}

/* Whether the account was warned and (`since_warning`) used since, or (otherwise) not used since. */
static bool warned_and(const json_t *account, bool since_warning)
{
	const json_t *warned = json_object_get(account, "warned_at");
	int64_t used;
	return json_is_integer(warned) && last_used(account, &used) &&
	       (used >= json_integer_value(warned)) == since_warning;
}

static bool stale_warning(const struct run *r, const json_t *account)
{
	(void)r;
	return warned_and(account, true);
}

static bool due_disabling(const struct run *r, const json_t *account)
{
	return warned_and(account, false) && json_integer_value(json_object_get(account, "warned_at")) <=
	                                         r->rule->now - r->rule->warning_days * 86400;
}

static bool due_warning(const struct run *r, const json_t *account)
{
	int64_t used;
	return json_is_null(json_object_get(account, "warned_at")) && last_used(account, &used) &&
	       used < r->rule->now - r->rule->days * 86400;
}

/* A step of the job: what it does to each account it is due for. */
struct step {
	bool (*due)(const struct run *r, const json_t *account);
	enum haven_status (*act)(db_conn *db, struct run *r, json_t *account);
};

/*
 * The job's steps, each over all the active accounts (by id) before the
 * next: warnings of accounts used since forgotten; accounts warned
 * warning_days ago or more and unused since disabled; dormant accounts not
 * yet warned warned.
 */
static const struct step steps[] = {
    {stale_warning, forget_warning},
    {due_disabling, disable},
    {due_warning, warn},
};

static enum haven_status write_run(db_conn *db, void *ctx)
{
	struct run *r = ctx;
	json_t *accounts = db_rows(db_prepare(db, ACTIVE_ACCOUNTS " ORDER BY u.id"));
	if (!accounts)
		return HAVEN_ERR_DB;
	/* a disabled account's warning is stale too */
	enum haven_status st =
	    db_exec_stmt(db_prepare(db, "DELETE FROM dormancy_warnings WHERE user_id IN"
	                                " (SELECT id FROM users WHERE disabled_at IS NOT NULL)"));
	for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
		size_t i;
		json_t *account;
		json_array_foreach(accounts, i, account)
		{
			if (st != HAVEN_OK)
				break;
			if (steps[k].due(r, account))
				st = steps[k].act(db, r, account);
		}
	}
	json_decref(accounts);
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
