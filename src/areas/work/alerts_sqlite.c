/*
 * alerts_sqlite.c (work) — the alerts' markers and emails, the digests, and
 * each person's choices (contract in alerts.h). The emails carry the task's
 * own words (which name no child), how it stands, and a link; nothing about
 * a child (mail.h).
 */
#include "areas/work/alerts.h"

#include <stdlib.h>
#include <string.h>

#include "areas/mail/compose.h"
#include "areas/work/rules.h"
#include "auth/audit.h"
#include "core/buf.h"
#include "store/db.h"

enum haven_status work_people(json_t **out)
{
	return db_read_rows(
	    out,
	    "SELECT u.id, u.agency_id, u.name, u.email, a.name AS agency_name,"
	    " (SELECT group_concat(r.role) FROM user_roles r WHERE r.user_id = u.id) AS roles"
	    " FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.disabled_at IS NULL ORDER BY u.id");
}

enum haven_status work_alerts_held(long long user_id, const char *kind, json_t **out)
{
	/* the primary key's first two columns: a seek, not a scan of the person's alerts */
	return db_read_rows(
	    out,
	    "SELECT DISTINCT kind, record_type, record_id FROM work_alerts"
	    " WHERE user_id = ? AND kind = ? AND emailed_at IS NOT NULL ORDER BY record_type, record_id",
	    DB_INT(user_id), DB_TEXT(kind));
}

struct record_unit {
	long long user_id;
	const char *email;
	const json_t *gone, *alerts;
	int emailed;
};

/* The values that name an alert (?1 to ?5): whose it is, its kind, its record and its stage. */
#define ALERT_KEY(user_id, alert)                                                                            \
	DB_INT(user_id), DB_TEXT(json_string_value(json_object_get(alert, "kind"))),                         \
	    DB_TEXT(json_string_value(json_object_get(alert, "record_type"))),                               \
	    DB_INT(json_integer_value(json_object_get(alert, "record_id"))),                                 \
	    DB_TEXT(json_string_value(json_object_get(alert, "stage")))

static enum haven_status write_alerts(db_conn *db, void *ctx)
{
	struct record_unit *u = ctx;
	u->emailed = 0;
	char now[DB_TIME_SIZE]; /* once per unit: every alert it notices and emails shares the instant */
	db_now_text(now);
	size_t i;
	json_t *a;
	json_array_foreach(u->gone, i, a)
	{
		/* only what was emailed: an alert still waiting for the digest is still summarised */
		enum haven_status st = db_exec_with(
		    db,
		    "DELETE FROM work_alerts WHERE user_id = ?1 AND kind = ?2 AND record_type = ?3"
		    " AND record_id = ?4 AND emailed_at IS NOT NULL",
		    DB_INT(u->user_id), DB_TEXT(json_string_value(json_object_get(a, "kind"))),
		    DB_TEXT(json_string_value(json_object_get(a, "record_type"))),
		    DB_INT(json_integer_value(json_object_get(a, "record_id"))));
		if (st != HAVEN_OK)
			return st;
	}
	json_array_foreach(u->alerts, i, a)
	{
		json_t *rows = db_rows_with(
		    db,
		    "INSERT INTO work_alerts (user_id, kind, record_type, record_id, stage, noticed_at, "
		    "delivery)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
		    " coalesce((SELECT delivery FROM work_alert_choices WHERE user_id = ?1 AND kind = ?2),"
		    " 'immediate')) ON CONFLICT DO NOTHING RETURNING delivery",
		    ALERT_KEY(u->user_id, a), DB_TEXT(now));
		if (!rows)
			return HAVEN_ERR_DB;
		const char *delivery =
		    json_string_value(json_object_get(json_array_get(rows, 0), "delivery"));
		bool immediate = delivery && strcmp(delivery, "immediate") == 0;
		json_decref(rows);
		if (!immediate)
			continue; /* already alerted, or waiting for the digest */
		char *link = mail_link(json_string_value(json_object_get(a, "href")));
		json_t *model = json_pack(
		    "{s:O, s:s, s:s}", "text", json_object_get(a, "text"), "stage_words",
		    work_alert_stage_words(json_string_value(json_object_get(a, "stage"))), "link", link);
		free(link);
		enum haven_status st = mail_enqueue_one(db_tx(db), "work/alert", model, u->email);
		json_decref(model);
		if (st != HAVEN_OK)
			return st;
		st = db_exec_with(db,
		                  "UPDATE work_alerts SET emailed_at = ?6"
		                  " WHERE user_id = ?1 AND kind = ?2 AND record_type = ?3 AND record_id = ?4"
		                  " AND stage = ?5",
		                  ALERT_KEY(u->user_id, a), DB_TEXT(now));
		if (st != HAVEN_OK)
			return st;
		u->emailed++;
	}
	return HAVEN_OK;
}

enum haven_status work_alerts_record(long long user_id, const char *email, const json_t *gone,
                                     const json_t *alerts, int *emailed)
{
	struct record_unit u = {.user_id = user_id, .email = email, .gone = gone, .alerts = alerts};
	enum haven_status st = db_write(write_alerts, &u);
	*emailed = st == HAVEN_OK ? u.emailed : 0;
	return st;
}

struct digest_unit {
	long long user_id;
	const char *email;
	const char *cutoff;
	bool sent;
};

/*
 * A person's (?1) alerts noticed before the cutoff (?2) and not yet emailed: what a digest gathers.
 * Both times are store text (db_time_text), which sorts as it reads, so they compare as text.
 */
#define DIGEST_WAITING " user_id = ?1 AND emailed_at IS NULL AND noticed_at < ?2"

static enum haven_status write_digest(db_conn *db, void *ctx)
{
	struct digest_unit *u = ctx;
	u->sent = false;
	json_t *rows =
	    db_rows_with(db,
	                 "SELECT kind, stage, count(*) AS n FROM work_alerts INDEXED BY work_alerts_digest"
	                 " WHERE" DIGEST_WAITING " GROUP BY kind, stage ORDER BY kind, stage",
	                 DB_INT(u->user_id), DB_TEXT(u->cutoff));
	if (!rows)
		return HAVEN_ERR_DB;
	struct buf summary = BUF_INIT;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const struct work_alert_kind *k =
		    work_alert_kind_find(json_string_value(json_object_get(r, "kind")));
		buf_printf(&summary, "- %s (%lld): %s\n",
		           k ? k->label : json_string_value(json_object_get(r, "kind")),
		           (long long)json_integer_value(json_object_get(r, "n")),
		           work_alert_stage_words(json_string_value(json_object_get(r, "stage"))));
	}
	bool any = json_array_size(rows) > 0;
	json_decref(rows);
	enum haven_status st = HAVEN_OK;
	if (any) {
		char *link = mail_link("/work");
		json_t *model = json_pack("{s:s, s:s}", "summary", buf_cstr(&summary), "link", link);
		free(link);
		st = mail_enqueue_one(db_tx(db), "work/digest", model, u->email);
		json_decref(model);
	}
	buf_free(&summary);
	if (st != HAVEN_OK || !any)
		return st;
	char now[DB_TIME_SIZE];
	db_now_text(now);
	st = db_exec_with(db, "UPDATE work_alerts SET emailed_at = ?3 WHERE" DIGEST_WAITING,
	                  DB_INT(u->user_id), DB_TEXT(u->cutoff), DB_TEXT(now));
	u->sent = st == HAVEN_OK;
	return st;
}

enum haven_status work_digests_send(int64_t cutoff, int *sent)
{
	*sent = 0;
	char cutoff_text[DB_TIME_SIZE];
	db_time_text(cutoff, cutoff_text);
	json_t *people;
	if (db_read_rows(&people,
	                 "SELECT DISTINCT a.user_id, u.email FROM work_alerts a INDEXED BY work_alerts_digest"
	                 " JOIN users u ON u.id = a.user_id"
	                 " WHERE a.emailed_at IS NULL AND a.noticed_at < ? AND u.disabled_at IS "
	                 "NULL",
	                 DB_TEXT(cutoff_text)) != HAVEN_OK)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *p;
	json_array_foreach(people, i, p)
	{
		struct digest_unit u = {.user_id = json_integer_value(json_object_get(p, "user_id")),
		                        .email = json_string_value(json_object_get(p, "email")),
		                        .cutoff = cutoff_text};
		if ((st = db_write(write_digest, &u)) != HAVEN_OK)
			break;
		*sent += u.sent;
	}
	json_decref(people);
	return st;
}

enum haven_status work_alert_choices_get(long long user_id, json_t **out)
{
	*out = NULL;
	json_t *rows;
	if (db_read_rows(&rows, "SELECT kind, delivery FROM work_alert_choices WHERE user_id = ?",
	                 DB_INT(user_id)) != HAVEN_OK)
		return HAVEN_ERR_DB;
	json_t *choices = json_object();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) json_object_set(choices, json_string_value(json_object_get(r, "kind")),
	                                               json_object_get(r, "delivery"));
	json_decref(rows);
	*out = choices;
	return HAVEN_OK;
}

struct choices_unit {
	const struct actor *actor;
	const json_t *choices;
};

static enum haven_status write_choices(db_conn *db, void *ctx)
{
	struct choices_unit *u = ctx;
	const char *kind;
	json_t *delivery;
	json_object_foreach((json_t *)u->choices, kind, delivery)
	{
		enum haven_status st = db_exec_with(
		    db,
		    "INSERT INTO work_alert_choices (user_id, kind, delivery) VALUES (?, ?, ?)"
		    " ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery",
		    DB_INT(u->actor->user_id), DB_TEXT(kind), DB_TEXT(json_string_value(delivery)));
		if (st != HAVEN_OK)
			return st;
	}
	return audit_record(db_tx(db), u->actor, "work.alert_choices", "user", u->actor->user_id, NULL);
}

enum haven_status work_alert_choices_set(const struct actor *actor, const json_t *choices)
{
	struct choices_unit u = {.actor = actor, .choices = choices};
	return db_write(write_choices, &u);
}
