/*
 * store_sqlite.c (encompass) — the SQLite queries behind store.h.
 *
 * Acknowledging and recording an action are conditional UPDATEs (only a
 * notification not yet acknowledged; only one acknowledged without an
 * action), so two Key Adults answering at the same moment cannot both win:
 * the writer runs one after the other and the second changes nothing. When
 * an UPDATE changes nothing, a read in the same unit says why.
 *
 * The figures a reporting period gives are figures_sqlite.c's.
 *
 * Times are computed in C and bound (db_now_text), never by the engine. A
 * deadline (due_at) is written "YYYY-MM-DDTHH:MM:SSZ" by the intake
 * (calendar_format_instant), so it sorts and compares as text with an
 * instant written the same way: see due_cutoff.
 */
#include "areas/encompass/store.h"
#include "areas/encompass/encompass.h"
#include "areas/encompass/due_sqlite.h"
#include "areas/incidents/school_days.h"
#include "areas/incidents/store.h"

#include <stdio.h>
#include <string.h>

#include <limits.h>
#include <time.h>

#include "app/paged_rows_sqlite.h"
#include "areas/calendar/london.h"
#include "auth/audit.h"
#include "store/changed_row_sqlite.h"
#include "store/db.h"

/* ---- reading ---- */

/* Runs a count bound with the scope (1), a number (2) and the cap (3): it stops one past `cap`. */
static long long count_up_to(db_stmt *stmt, long long scope, long long number, long long cap)
{
	return db_count(stmt, DB_INT(scope), DB_INT(number), DB_INT(cap + 1));
}

/*
 * A page of agency ?1's inbox between inbox_order ?2 and ?3 (excluded), in
 * (inbox_order, id) order (migration 0035), from the cursor row ?4 (the
 * agency's own only) for ?5 rows; with no such row, compared with a key
 * before every row (forward) or after every row (backward).
 */
#define INBOX_PAGE(CMP, ORDER, NO_ROW, PICK)                                                                 \
	"SELECT n.id, c.given_name, c.family_name, i.police_reference, i.occurred_at, n.created_at, "        \
	"n.due_at,"                                                                                          \
	" n.acknowledged_at, n.action"                                                                       \
	" FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id"          \
	" JOIN da_incidents i ON i.id = c.incident_id"                                                       \
	" WHERE n.recipient_agency_id = ?1 AND n.inbox_order >= ?2 AND n.inbox_order < ?3"                   \
	" AND (n.inbox_order, n.id) " CMP                                                                    \
	" (SELECT inbox_order, id FROM encompass_notifications WHERE id = ?4 AND recipient_agency_id = ?1"   \
	"  UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK " LIMIT 1)"                                         \
	" ORDER BY n.inbox_order " ORDER ", n.id " ORDER " LIMIT ?5"
#define WAITING_BELOW 50000000000LL

enum haven_status encompass_inbox(long long agency_id, int64_t now, enum encompass_inbox_show show,
                                  const struct page *page, json_t **out,
                                  struct encompass_inbox_counts *counts)
{
	*out = NULL;
	/* the unacknowledged sort below WAITING_BELOW (by deadline), the acknowledged from it (migration
	 * 0035) */
	long long low = show == INBOX_SHOW_ACKNOWLEDGED ? WAITING_BELOW : LLONG_MIN;
	long long high = show == INBOX_SHOW_WAITING ? WAITING_BELOW : LLONG_MAX;
	const struct paged_rows inbox = {
	    .after = DB_SQL(INBOX_PAGE(">", "ASC", "-1, 0", "DESC")),
	    .before = DB_SQL(INBOX_PAGE("<", "DESC", "9223372036854775807, 0", "ASC")),
	    .count = DB_SQL("SELECT count(*) FROM (SELECT 1 FROM encompass_notifications"
	                    " WHERE recipient_agency_id = ?1 AND inbox_order >= ?2 AND inbox_order < ?3"
	                    " LIMIT ?4) AS page"),
	    .none_after = 0};
	enum haven_status st = paged_rows_read(
	    page, &inbox, DB_VALUES(DB_INT(agency_id), DB_INT(low), DB_INT(high)), out, &counts->total);
	if (st != HAVEN_OK)
		return st;
	db_conn *db = db_reader();
	counts->waiting = count_up_to(
	    db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM encompass_notifications"
	                   " WHERE recipient_agency_id = ?1 AND inbox_order < ?2 LIMIT ?3) AS page"),
	    agency_id, WAITING_BELOW, PAGE_COUNT_CAP);
	counts->overdue = count_up_to(
	    db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM encompass_notifications"
	                   " WHERE recipient_agency_id = ?1 AND inbox_order <= ?2 LIMIT ?3) AS page"),
	    agency_id, (long long)now, PAGE_COUNT_CAP);
	return HAVEN_OK;
}

enum haven_status encompass_get(long long id, json_t **out)
{
	return db_row_with(db_reader(),
	                   "SELECT n.id, n.content, n.created_at, n.due_at, n.acknowledged_at, n.action, "
	                   "n.action_detail, n.action_at,"
	                   " c.given_name, c.family_name, c.date_of_birth, c.present, c.where_during, "
	                   "c.spoken_to, c.child_said,"
	                   " i.id AS incident_id, i.police_reference, i.occurred_at, i.location, "
	                   "i.circumstances, i.la_code,"
	                   " la.name AS la_name, r.name AS recipient_name, ua.name AS acknowledged_by_name,"
	                   " ub.name AS action_by_name, e.escalated_at, p.name AS police_force_name"
	                   " FROM encompass_notifications n JOIN da_incident_children c ON c.id = "
	                   "n.incident_child_id"
	                   " JOIN da_incidents i ON i.id = c.incident_id JOIN local_authorities la ON "
	                   "la.code = i.la_code"
	                   " JOIN agencies r ON r.id = n.recipient_agency_id"
	                   " LEFT JOIN users ua ON ua.id = n.acknowledged_by LEFT JOIN users ub ON ub.id = "
	                   "n.action_by"
	                   " LEFT JOIN encompass_escalations e ON e.notification_id = n.id"
	                   " LEFT JOIN agencies p ON p.id = i.police_agency_id"
	                   " WHERE n.id = ?",
	                   out, DB_INT(id));
}

/*
 * A page of escalations, latest escalated first (by the escalation's id),
 * scoped by SCOPED: those of the incidents agency ?1 sees.
 */
#define ESCALATIONS_PAGE(WHERE, CMP, ORDER)                                                                  \
	"SELECT e.id AS escalation_id, e.notification_id, e.escalated_at, n.due_at, n.acknowledged_at,"      \
	" i.police_reference, la.name AS la_name, r.name AS recipient_name"                                  \
	" FROM encompass_escalations e JOIN encompass_notifications n ON n.id = e.notification_id"           \
	" JOIN da_incident_children c ON c.id = n.incident_child_id JOIN da_incidents i ON i.id = "          \
	"c.incident_id"                                                                                      \
	" JOIN local_authorities la ON la.code = i.la_code JOIN agencies r ON r.id = n.recipient_agency_id"  \
	" WHERE e.id " CMP " ?2 " WHERE " ORDER BY e.id " ORDER " LIMIT ?3"
#define ESCALATIONS_OPEN(WHERE)                                                                              \
	"SELECT count(*) FROM (SELECT 1 FROM encompass_escalations e"                                        \
	" JOIN encompass_notifications n ON n.id = e.notification_id"                                        \
	" JOIN da_incident_children c ON c.id = n.incident_child_id JOIN da_incidents i ON i.id = "          \
	"c.incident_id"                                                                                      \
	" WHERE n.acknowledged_at IS NULL AND ?2 = ?2 " WHERE " LIMIT ?3) AS page"
/*
 * The incidents agency ?1 sees (as the relationship "da_incident"): a police force the ones it sent, a
 * local authority those in its area. "+": the escalations' own order drives the query, not the area's
 * (half a national register's) incidents.
 */
#define SCOPED                                                                                               \
	"AND (+i.police_agency_id = ?1"                                                                      \
	" OR +i.la_code = (SELECT la_code FROM agencies WHERE id = ?1 AND type = 'local_authority'))"

enum haven_status encompass_escalations(long long agency_id, const struct page *page, json_t **out,
                                        long long *open)
{
	const struct paged_rows scoped = {.after = DB_SQL(ESCALATIONS_PAGE(SCOPED, "<", "DESC")),
	                                  .before = DB_SQL(ESCALATIONS_PAGE(SCOPED, ">", "ASC")),
	                                  .none_after = PAGE_NO_ROW_ABOVE};
	/* no total: the list shows how many are still open instead */
	enum haven_status st = paged_rows_page(page, &scoped, DB_VALUES(DB_INT(agency_id)), out);
	if (st != HAVEN_OK)
		return st;
	*open = count_up_to(db_prepare(db_reader(), ESCALATIONS_OPEN(SCOPED)), agency_id, 0,
	                    PAGE_COUNT_CAP_JOINED);
	return HAVEN_OK;
}

enum haven_status encompass_areas(json_t **out)
{
	return db_read_rows(out, "SELECT code, slug, name FROM local_authorities ORDER BY name");
}

enum haven_status encompass_settings_get(json_t **out)
{
	*out = NULL;
	json_t *s = NULL;
	enum haven_status st =
	    db_row(db_prepare(db_reader(), "SELECT s.deliver_in_holidays, s.content, "
	                                   "s.escalate_after_minutes, s.waiting_escalate_minutes,"
	                                   " s.idva_referrals, s.idva_first_attempt_hours, s.updated_at,"
	                                   " u.name AS updated_by_name FROM da_settings s LEFT JOIN "
	                                   "users u ON u.id = s.updated_by WHERE s.id = 1"),
	           &s);
	if (st != HAVEN_OK)
		return st;
	json_object_set_new(s, "deliver_in_holidays",
	                    json_boolean(json_integer_value(json_object_get(s, "deliver_in_holidays")) == 1));
	*out = s;
	return HAVEN_OK;
}

/* ---- changing ---- */

/* Whether notification `id` exists, and whether it is acknowledged and has an action, on the writer's
 * connection. */
static enum haven_status notification_state(db_conn *db, long long id, bool *acknowledged, bool *has_action)
{
	json_t *row = NULL;
	enum haven_status st =
	    db_row_with(db,
	                "SELECT acknowledged_at IS NOT NULL AS acknowledged,"
	                " action IS NOT NULL AS has_action FROM encompass_notifications WHERE id = ?",
	                &row, DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	*acknowledged = json_integer_value(json_object_get(row, "acknowledged")) == 1;
	*has_action = json_integer_value(json_object_get(row, "has_action")) == 1;
	json_decref(row);
	return HAVEN_OK;
}

struct acknowledge_unit {
	long long id;
	const struct actor *actor;
};

static enum haven_status write_acknowledge(db_conn *db, void *ctx)
{
	struct acknowledge_unit *u = ctx;
	long long changed = 0;
	char now[DB_TIME_SIZE];
	db_now_text(now);
	enum haven_status st =
	    db_exec_changed_with(db,
	                         "UPDATE encompass_notifications SET acknowledged_at = ?,"
	                         " acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL",
	                         &changed, DB_TEXT(now), DB_INT(u->actor->user_id), DB_INT(u->id));
	if (st != HAVEN_OK)
		return st;
	if (changed == 0) {
		bool acknowledged = false, has_action = false;
		st = notification_state(db, u->id, &acknowledged, &has_action);
		return st == HAVEN_OK ? HAVEN_ERR_CONFLICT : st;
	}
	return audit_record(db_tx(db), u->actor, "encompass.acknowledge", "encompass_notification", u->id,
	                    NULL);
}

enum haven_status encompass_acknowledge(long long id, const struct actor *actor)
{
	struct acknowledge_unit u = {.id = id, .actor = actor};
	return db_write(write_acknowledge, &u);
}

struct action_unit {
	long long id;
	const char *action, *detail;
	const struct actor *actor;
	enum encompass_action_refusal refusal;
};

static enum haven_status write_action(db_conn *db, void *ctx)
{
	struct action_unit *u = ctx;
	long long changed = 0;
	char now[DB_TIME_SIZE];
	db_now_text(now);
	enum haven_status st = db_exec_changed_with(
	    db,
	    "UPDATE encompass_notifications SET action = ?, action_detail = ?, action_at = ?, action_by = ?"
	    " WHERE id = ? AND acknowledged_at IS NOT NULL AND action IS NULL",
	    &changed, DB_TEXT(u->action), DB_TEXT(u->detail), DB_TEXT(now), DB_INT(u->actor->user_id),
	    DB_INT(u->id));
	if (st != HAVEN_OK)
		return st;
	if (changed == 0) {
		bool acknowledged = false, has_action = false;
		st = notification_state(db, u->id, &acknowledged, &has_action);
		if (st != HAVEN_OK)
			return st;
		u->refusal = !acknowledged ? ENCOMPASS_ACTION_NOT_ACKNOWLEDGED : ENCOMPASS_ACTION_ALREADY;
		return HAVEN_ERR_CONFLICT;
	}
	return audit_record(db_tx(db), u->actor, "encompass.action", "encompass_notification", u->id, NULL);
}

enum haven_status encompass_record_action(long long id, const char *action, const char *detail,
                                          const struct actor *actor, enum encompass_action_refusal *refusal)
{
	struct action_unit u = {.id = id, .action = action, .detail = detail, .actor = actor};
	enum haven_status st = db_write(write_action, &u);
	*refusal = u.refusal;
	return st;
}

static enum haven_status write_escalations(db_conn *db, void *ctx)
{
	struct due_unit *u = ctx;
	u->count = 0;
	char late_before[CALENDAR_INSTANT_SIZE];
	enum haven_status st = due_cutoff(db, 1, late_before);
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
	json_t *due = db_rows_with(
	    db,
	    "SELECT n.id FROM encompass_notifications n"
	    " WHERE n.acknowledged_at IS NULL AND n.due_at <= ?"
	    " AND NOT EXISTS (SELECT 1 FROM encompass_escalations e WHERE e.notification_id = n.id)"
	    " ORDER BY n.id LIMIT ?",
	    DB_TEXT(late_before), DB_INT(u->limit));
	if (!due)
		return HAVEN_ERR_DB;
	char now[DB_TIME_SIZE];
	db_now_text(now);
	size_t i;
	json_t *row;
	json_array_foreach(due, i, row)
	{
		long long id = json_integer_value(json_object_get(row, "id"));
		st = db_exec_with(
		    db, "INSERT INTO encompass_escalations (notification_id, escalated_at) VALUES (?, ?)",
		    DB_INT(id), DB_TEXT(now));
		/* a system action: no user, no agency, no address */
		if (st == HAVEN_OK)
			st = audit_record(db_tx(db), NULL, "encompass.escalate", "encompass_notification", id,
			                  NULL);
		if (st != HAVEN_OK)
			break;
	}
	if (st == HAVEN_OK)
		u->count = (int)json_array_size(due);
	json_decref(due);
	return st;
}

enum haven_status due_cutoff(db_conn *db, int times, char out[static CALENDAR_INSTANT_SIZE])
{
	long long minutes = 0;
	enum haven_status st = db_integer_with(
	    db, "SELECT escalate_after_minutes FROM da_settings WHERE id = ?", &minutes, DB_INT(1));
	if (st != HAVEN_OK)
		return st;
	calendar_format_instant((int64_t)time(NULL) - 60 * times * minutes, out);
	return HAVEN_OK;
}

enum haven_status due_run(db_write_fn write, int limit, int *count)
{
	struct due_unit u = {.limit = limit};
	enum haven_status st = db_write(write, &u);
	*count = st == HAVEN_OK ? u.count : 0;
	return st;
}

enum haven_status encompass_escalate_due(int limit, int *count)
{
	return due_run(write_escalations, limit, count);
}

static enum haven_status withdraw_escalations(db_conn *db, long long id, const char *due_text,
                                              const char *late_before, const char *twice_late_before,
                                              const char *reason);

/*
 * escalate_after_minutes made longer than `was`: the open notifications escalated (or taken up the
 * ladder) under the old time that the new one does not yet justify have those escalations taken back,
 * audited with the new setting as the reason; the jobs escalate them again if they stay unanswered
 * that long. The emails sent stay. Made shorter, nothing: the jobs' next run reads it (due_cutoff).
 */
static enum haven_status escalation_time_changed(db_conn *db, long long was, long long now)
{
	if (now <= was)
		return HAVEN_OK;
	char late_before[CALENDAR_INSTANT_SIZE], twice_late_before[CALENDAR_INSTANT_SIZE];
	enum haven_status st = due_cutoff(db, 1, late_before);
	if (st == HAVEN_OK)
		st = due_cutoff(db, 2, twice_late_before);
	if (st != HAVEN_OK)
		return st;
	/* only one escalated after the new twice-late cut-off can lose a step: the others stand */
	json_t *escalated = db_rows_with(
	    db,
	    "SELECT n.id, n.due_at FROM encompass_notifications n"
	    " WHERE n.acknowledged_at IS NULL AND n.due_at > ?"
	    " AND (EXISTS (SELECT 1 FROM encompass_escalations e WHERE e.notification_id = n.id)"
	    " OR EXISTS (SELECT 1 FROM encompass_escalation_steps s WHERE s.notification_id = n.id))"
	    " ORDER BY n.id",
	    DB_TEXT(twice_late_before));
	if (!escalated)
		return HAVEN_ERR_DB;
	char reason[64];
	snprintf(reason, sizeof reason, "The escalation time is now %lld minutes", now);
	size_t i;
	json_t *n;
	json_array_foreach(escalated, i, n)
	{
		if (st != HAVEN_OK)
			break;
		st = withdraw_escalations(db, json_integer_value(json_object_get(n, "id")),
		                          json_string_value(json_object_get(n, "due_at")), late_before,
		                          twice_late_before, reason);
	}
	json_decref(escalated);
	return st;
}

struct settings_unit {
	const struct da_settings *s;
	const struct actor *actor;
};

static enum haven_status write_settings(db_conn *db, void *ctx)
{
	struct settings_unit *u = ctx;
	const struct da_settings *set = u->s;
	json_t *was = NULL;
	enum haven_status st = db_row_with(db,
	                                   "SELECT deliver_in_holidays, escalate_after_minutes,"
	                                   " waiting_escalate_minutes FROM da_settings WHERE id = ?",
	                                   &was, DB_INT(1));
	if (st != HAVEN_OK)
		return st;
	long long holidays_were = json_integer_value(json_object_get(was, "deliver_in_holidays")),
	          escalate_was = json_integer_value(json_object_get(was, "escalate_after_minutes")),
	          waiting_was = json_integer_value(json_object_get(was, "waiting_escalate_minutes"));
	json_decref(was);
	/* a minute count below zero, or hours not above it, leave that setting as it was */
	char now[DB_TIME_SIZE];
	db_now_text(now);
	st = exec_changed_or(
	    db,
	    "UPDATE da_settings SET deliver_in_holidays = ?, content = ?, escalate_after_minutes = ?,"
	    " idva_referrals = ?, updated_at = ?, updated_by = ?,"
	    " waiting_escalate_minutes = coalesce(?, waiting_escalate_minutes),"
	    " idva_first_attempt_hours = coalesce(?, idva_first_attempt_hours) WHERE id = 1",
	    HAVEN_ERR_NOT_FOUND, DB_INT(set->deliver_in_holidays ? 1 : 0), DB_TEXT(set->content),
	    DB_INT(set->escalate_after_minutes), DB_TEXT(set->idva_referrals), DB_TEXT(now),
	    DB_INT(u->actor->user_id),
	    set->waiting_escalate_minutes >= 0 ? DB_INT(set->waiting_escalate_minutes) : DB_NULL,
	    set->idva_first_attempt_hours > 0 ? DB_INT(set->idva_first_attempt_hours) : DB_NULL);
	/* delivering in the holidays or not changes every open deadline: counted again in this unit, by
	 * the setting as saved (school_days.h) */
	static const struct incidents_school_days_scope every = {0};
	if (st == HAVEN_OK && (holidays_were == 1) != set->deliver_in_holidays)
		st = incidents_school_days_changed(db_tx(db), &every);
	/* the escalations taken already, against the escalation settings as saved: a time made longer
	 * takes back those it no longer justifies, in this unit (the waiting ones are the incidents
	 * area's); one made shorter is the jobs' to act on at their next run */
	if (st == HAVEN_OK)
		st = escalation_time_changed(db, escalate_was, set->escalate_after_minutes);
	if (st == HAVEN_OK)
		st = incidents_waiting_lead_changed(db_tx(db), waiting_was);
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), u->actor, "da.settings", "da_settings", 1,
	                    NULL); /* the one row of settings */
}

enum haven_status encompass_settings_set(const struct da_settings *s, const struct actor *actor)
{
	struct settings_unit u = {.s = s, .actor = actor};
	return db_write(write_settings, &u);
}

/* ---- the records this area holds, for the access policy and the audit trail (auth/records.h) ---- */

/* the recipient (setting, or local authority for a child educated at home), the local authority of the
 * incident's area, and the police force that sent the incident (as the incident's own relationship) */
static const char related_encompass_notification[] =
    "SELECT 1 FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id"
    " JOIN da_incidents i ON i.id = c.incident_id JOIN agencies a ON a.id = :agency"
    " WHERE n.id = :id AND (n.recipient_agency_id = a.id"
    " OR (a.type = 'local_authority' AND a.la_code = i.la_code)"
    " OR (a.type = 'police' AND i.police_agency_id = a.id))";
DB_REGISTER(related_encompass_notification);

static RECORD_CHILDREN(
    children_of_encompass_notification,
    "SELECT c.child_id FROM encompass_notifications n JOIN da_incident_children c ON c.id = "
    "n.incident_child_id WHERE n.id = :id AND c.child_id IS NOT NULL");

/* answering a notification: its recipient only */
static const char related_encompass_recipient[] =
    "SELECT 1 FROM encompass_notifications WHERE id = :id AND recipient_agency_id = :agency";
DB_REGISTER(related_encompass_recipient);

const struct record_type encompass_records[] = {
    {.name = "encompass_notification",
     .related = related_encompass_notification,
     RECORD_CHILDREN_OF(children_of_encompass_notification)},
    {.name = "encompass_recipient",
     .related = related_encompass_recipient,
     .children_as = "encompass_notification"},
    {0},
};

/* ---- notifications from the police intake (encompass.h) ---- */

enum haven_status encompass_notify(struct store_tx *tx, const struct encompass_new_notification *n,
                                   bool *created)
{
	*created = false;
	long long changed = 0;
	enum haven_status st = db_exec_changed_with(
	    db_tx_conn(tx),
	    "INSERT INTO encompass_notifications (incident_child_id, recipient_agency_id, content, "
	    "created_at, due_at)"
	    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (incident_child_id, recipient_agency_id) DO NOTHING",
	    &changed, DB_INT(n->incident_child_id), DB_INT(n->recipient_agency_id), DB_TEXT(n->content),
	    DB_TEXT(n->created_at), DB_TEXT(n->due_at));
	if (st == HAVEN_OK)
		*created = changed > 0;
	return st;
}

/*
 * Takes back notification `id`'s escalations that its deadline `due_text` no longer justifies by the
 * cut-offs the jobs use now, `late_before` (escalate_after_minutes ago) and `twice_late_before`: when the
 * deadline moved later (encompass.h, encompass_recount_due_for) or escalate_after_minutes was made longer
 * (write_settings). Audited with `reason`.
 */
static enum haven_status withdraw_escalations(db_conn *db, long long id, const char *due_text,
                                              const char *late_before, const char *twice_late_before,
                                              const char *reason)
{
	bool not_late = strcmp(due_text, late_before) > 0;
	if (!not_late && strcmp(due_text, twice_late_before) <= 0)
		return HAVEN_OK; /* still twice as late: every step taken stands */
	long long steps = 0, escalations = 0;
	enum haven_status st =
	    not_late
	        ? db_exec_changed_with(db, "DELETE FROM encompass_escalation_steps WHERE notification_id = ?",
	                               &steps, DB_INT(id))
	        : db_exec_changed_with(db,
	                               "DELETE FROM encompass_escalation_steps WHERE notification_id = ?"
	                               " AND step = 'local_authority'",
	                               &steps, DB_INT(id));
	if (st == HAVEN_OK && not_late)
		st = db_exec_changed_with(db, "DELETE FROM encompass_escalations WHERE notification_id = ?",
		                          &escalations, DB_INT(id));
	if (st != HAVEN_OK || steps + escalations == 0)
		return st;
	/* a system action: no user, no agency, no address */
	return audit_record(db_tx(db), NULL, "encompass.escalation_withdrawn", "encompass_notification", id,
	                    reason);
}

enum haven_status encompass_recount_due_for(struct store_tx *tx,
                                            const struct incidents_school_days_scope *scope)
{
	db_conn *db = db_tx_conn(tx);
	/* the authority whose terms a deadline was counted with: the recipient's, else the incident's
	 * (school_day_deadline) */
	json_t *open = db_rows_with(
	    db,
	    "SELECT n.id, n.incident_child_id, n.recipient_agency_id, n.due_at FROM encompass_notifications n"
	    " LEFT JOIN agencies a ON a.id = n.recipient_agency_id"
	    " LEFT JOIN da_incident_children c ON c.id = n.incident_child_id"
	    " LEFT JOIN da_incidents i ON i.id = c.incident_id"
	    " WHERE n.acknowledged_at IS NULL AND (?1 = 0 OR n.recipient_agency_id = ?1)"
	    " AND (?2 = 0 OR coalesce(a.la_code, i.la_code) = ?2) ORDER BY n.id",
	    DB_INT(scope->agency_id), DB_INT(scope->la_code));
	if (!open)
		return HAVEN_ERR_DB;
	/* the jobs' cut-offs now; with no settings row nothing was escalated */
	char late_before[CALENDAR_INSTANT_SIZE], twice_late_before[CALENDAR_INSTANT_SIZE];
	enum haven_status st = due_cutoff(db, 1, late_before);
	if (st == HAVEN_OK)
		st = due_cutoff(db, 2, twice_late_before);
	bool escalating = st == HAVEN_OK;
	st = st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
	size_t i;
	json_t *n;
	json_array_foreach(open, i, n)
	{
		if (st != HAVEN_OK)
			break;
		long long id = json_integer_value(json_object_get(n, "id"));
		int64_t due, was;
		st = incidents_notification_due_in(
		    tx, json_integer_value(json_object_get(n, "incident_child_id")),
		    json_integer_value(json_object_get(n, "recipient_agency_id")), &due);
		if (st == HAVEN_ERR_NOT_FOUND) {
			st = HAVEN_OK; /* nothing to count it from: it keeps the deadline it has */
			continue;
		}
		if (st != HAVEN_OK)
			break;
		char due_text[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(due, due_text);
		/* only a deadline that moves is written, so the figures' triggers see only those */
		long long changed = 0;
		st = db_exec_changed_with(
		    db, "UPDATE encompass_notifications SET due_at = ?2 WHERE id = ?1 AND due_at <> ?2",
		    &changed, DB_INT(id), DB_TEXT(due_text));
		/* later than it was (a deadline that cannot be read was not one to escalate by) */
		bool later = !calendar_parse_instant(json_string_value(json_object_get(n, "due_at")), &was) ||
		             due > was;
		char reason[64];
		snprintf(reason, sizeof reason, "The deadline moved to %s", due_text);
		if (st == HAVEN_OK && changed && later && escalating)
			st = withdraw_escalations(db, id, due_text, late_before, twice_late_before, reason);
	}
	json_decref(open);
	return st;
}

enum haven_status encompass_recount_due_in(struct store_tx *tx)
{
	static const struct incidents_school_days_scope every = {0};
	return encompass_recount_due_for(tx, &every);
}
