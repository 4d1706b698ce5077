/*
 * store_sqlite.c (support) — the SQLite queries behind store.h.
 *
 * Each change is one db_write unit: the change, its child_links, its email
 * and its audit row, so all commit or none do. The reference is the row's
 * id, taken inside the writer (one writer: two requests cannot take the
 * same number).
 */
#include "areas/support/store.h"

#include <stdio.h>
#include <string.h>

#include "app/paged_rows_sqlite.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/children/match.h"
#include "areas/mail/compose.h"
#include "areas/mail/mail.h"
#include "areas/support/rules.h"
#include "auth/audit.h"
#include "store/db.h"
#include "store/row_found_sqlite.h"
#include "store/text_found_sqlite.h"

/* ---- reading ---- */

/* Replaces the JSON text in `o`[key] by the value it holds (a stored JSON column). */
static void parse_json_column(json_t *o, const char *key)
{
	const char *text = json_string_value(json_object_get(o, key));
	if (!text)
		return;
	json_t *v = json_loads(text, 0, NULL);
	json_object_set_new(o, key, v ? v : json_array());
}

enum haven_status support_assessment_get(long long id, json_t **out)
{
	enum haven_status st =
	    db_row_with(db_reader(),
	                "SELECT a.id, a.user_id, a.agency_id, a.la_code, la.name AS la_name, a.age_band, "
	                "a.indicators,"
	                " a.suggested_level, a.chosen_level, a.chosen_reason, a.created_at, a.framework_id,"
	                " f.version AS framework_version, f.document AS framework_document,"
	                " (SELECT reference FROM support_requests r WHERE r.assessment_id = a.id) AS used_by,"
	                " a.child_id, a.source_referral_id"
	                " FROM threshold_assessments a JOIN framework_versions f ON f.id = a.framework_id"
	                " LEFT JOIN local_authorities la ON la.code = a.la_code WHERE a.id = ?",
	                out, DB_INT(id));
	if (st == HAVEN_OK)
		parse_json_column(*out, "indicators");
	return st;
}

enum haven_status support_children_of_agency(long long agency_id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT DISTINCT c.id, c.given_name, c.family_name, c.date_of_birth, c.la_code"
	                    " FROM child_links l JOIN children c ON c.id = l.child_id WHERE l.agency_id = ?"
	                    " ORDER BY c.family_name, c.given_name, c.id",
	                    DB_INT(agency_id));
}

enum haven_status support_areas(json_t **out)
{
	return db_read_rows(out, "SELECT code, slug, name FROM local_authorities ORDER BY name");
}

/* The children register's view of a new child (match.h). */
static struct child_identity identity_of(const struct support_child *c)
{
	return (struct child_identity){
	    .given_name = c->given_name,
	    .family_name = c->family_name,
	    .other_names = c->other_names,
	    .date_of_birth = c->date_of_birth,
	    .sex = c->sex,
	    .postcode = c->postcode,
	    .la_code = (int)c->la_code,
	};
}

enum haven_status support_check_child(const struct support_child *c, bool la_reported, json_t *errors)
{
	struct child_identity identity = identity_of(c);
	json_t *found = json_array();
	enum haven_status st = children_check_identity_now(&identity, NULL, found);
	/* the form names the local authority "la" (and the caller may tell of its problem itself); a failed
	 * read adds nothing */
	size_t i;
	json_t *e;
	if (st == HAVEN_OK) {
		json_array_foreach(found, i, e)
		{
			const char *field = json_string_value(json_object_get(e, "field"));
			if (field && strcmp(field, "la_code") == 0) {
				if (la_reported)
					continue;
				json_object_set_new(e, "field", json_string("la"));
			}
			json_array_append(errors, e);
		}
	}
	json_decref(found);
	return st;
}

enum haven_status support_likely_matches(const struct support_child *c, json_t **out)
{
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	struct child_identity identity = identity_of(c);
	return children_likely_matches(db_tx(db), &identity, out);
}

struct shown_unit {
	const json_t *matches;
	const struct actor *actor;
};

static enum haven_status write_shown(db_conn *db, void *ctx)
{
	struct shown_unit *u = ctx;
	return children_audit_shown(db_tx(db), u->matches, u->actor);
}

enum haven_status support_audit_shown(const json_t *matches, const struct actor *actor)
{
	struct shown_unit u = {.matches = matches, .actor = actor};
	return db_write(write_shown, &u);
}

#define LIST_COLUMNS                                                                                         \
	"r.id, r.reference, c.given_name || ' ' || c.family_name AS child_name, ra.name AS "                 \
	"referrer_agency_name,"                                                                              \
	" t.chosen_level, r.received_at, r.decision_due_at, r.decision, r.decided_at, r.decision_reason,"    \
	" fd.name AS front_door_name, la.name AS la_name"
#define LIST_FROM                                                                                            \
	" FROM support_requests r JOIN children c ON c.id = r.child_id"                                      \
	" JOIN agencies ra ON ra.id = r.referrer_agency_id JOIN agencies fd ON fd.id = "                     \
	"r.front_door_agency_id"                                                                             \
	" JOIN threshold_assessments t ON t.id = r.assessment_id JOIN local_authorities la ON la.code = "    \
	"r.la_code"

/*
 * A page of the queue of front door ?1 in (decided, received_at, id) order,
 * continuing from the cursor row ?7 (the front door's own rows only) for ?8
 * rows; with no such row the comparison is with a key before every row
 * (forward) or after it (backward). QUEUE_NARROWED applies the filter:
 * decided between ?2 and ?3 (0 and 0: waiting; 1 and 1: decided; 0 and 1:
 * either), deadline at or before ?4, from agency ?5, reference ?6 (NULL:
 * any). SCOPE repeats the one of those that picks the index: the reference
 * (unique), else the sending agency (front_door, referrer, decided,
 * received_at, id), else the queue's own (front_door, decided, received_at,
 * id); each keeps the queue's order.
 */
#define QUEUE_NARROWED                                                                                       \
	" AND r.decided BETWEEN ?2 AND ?3 AND (CAST(?4 AS TEXT) IS NULL OR r.decision_due_at <= ?4)"         \
	" AND (CAST(?5 AS BIGINT) IS NULL OR r.referrer_agency_id = ?5) AND (CAST(?6 AS TEXT) IS NULL OR "   \
	"r.reference = ?6)"
#define BY_REFERENCE " AND r.reference = ?6"
#define BY_SENDER " AND r.referrer_agency_id = ?5"
#define QUEUE_PAGE(SCOPE, CMP, ORDER, NO_ROW, PICK)                                                          \
	"SELECT " LIST_COLUMNS LIST_FROM " WHERE r.front_door_agency_id = ?1" SCOPE QUEUE_NARROWED           \
	" AND (r.decided, r.received_at, r.id) " CMP                                                         \
	" (SELECT decided, received_at, id FROM support_requests WHERE id = ?7 AND front_door_agency_id = "  \
	"?1"                                                                                                 \
	"  UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK " LIMIT 1)"                             \
	" ORDER BY r.decided " ORDER ", r.received_at " ORDER ", r.id " ORDER " LIMIT ?8"
#define QUEUE_COUNT(SCOPE)                                                                                   \
	"SELECT count(*) FROM (SELECT 1 FROM support_requests r WHERE r.front_door_agency_id = ?1" SCOPE     \
	    QUEUE_NARROWED " LIMIT ?7) AS page"
/* The queue narrowed through SCOPE's index, as paged_rows reads it: the page after or before the cursor, and
 * the count. */
#define QUEUE(SCOPE)                                                                                         \
	{                                                                                                    \
		.after = DB_SQL(QUEUE_PAGE(SCOPE, ">", "ASC", "-1, '', 0", "DESC")),                         \
		.before = DB_SQL(QUEUE_PAGE(SCOPE, "<", "DESC", "2, '~', 0", "ASC")),                        \
		.count = DB_SQL(QUEUE_COUNT(SCOPE)), .none_after = 0                                         \
	}

/* Runs a count statement bound with its scope (1), "now" (2, if it has one) and the cap (3). */
static long long capped_count(db_stmt *stmt, long long scope, const char *now)
{
	return db_count(stmt, DB_INT(scope), DB_TEXT(now), DB_INT(PAGE_COUNT_CAP + 1));
}

enum haven_status support_queue(long long agency_id, const char *now,
                                const struct support_queue_filter *filter, const struct page *page,
                                json_t **out, struct support_counts *counts)
{
	const struct paged_rows by_reference = QUEUE(BY_REFERENCE), by_sender = QUEUE(BY_SENDER),
	                        whole = QUEUE("");
	const struct paged_rows *queue = filter->reference            ? &by_reference
	                                 : filter->from_agency_id > 0 ? &by_sender
	                                                              : &whole;
	const char *status = filter->status ? filter->status : "";
	bool waiting = !strcmp(status, "waiting") || !strcmp(status, "overdue"),
	     decided = !strcmp(status, "decided");
	enum haven_status st =
	    paged_rows_read(page, queue,
	                    DB_VALUES(DB_INT(agency_id), DB_INT(decided ? 1 : 0), DB_INT(waiting ? 0 : 1),
	                              DB_TEXT(strcmp(status, "overdue") == 0 ? now : NULL),
	                              filter->from_agency_id > 0 ? DB_INT(filter->from_agency_id) : DB_NULL,
	                              DB_TEXT(filter->reference)),
	                    out, &counts->total);
	if (st != HAVEN_OK)
		return st;
	db_conn *db = db_reader();
	counts->undecided = capped_count(db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM support_requests"
	                                                " WHERE front_door_agency_id = ?1 AND decided = 0"
	                                                " AND CAST(?2 AS TEXT) IS NULL LIMIT ?3) AS page"),
	                                 agency_id, NULL);
	counts->overdue =
	    capped_count(db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM support_requests"
	                                " WHERE front_door_agency_id = ?1 AND decided_at IS NULL"
	                                " AND decision_due_at <= ?2 LIMIT ?3) AS page"),
	                 agency_id, now);
	return HAVEN_OK;
}

enum haven_status support_queue_senders(long long agency_id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT a.id, a.name FROM agencies a WHERE a.id IN (SELECT DISTINCT"
	                    " referrer_agency_id FROM support_requests WHERE front_door_agency_id = ?)"
	                    " ORDER BY a.name, a.id",
	                    DB_INT(agency_id));
}

/* The referrer's requests made in their agency (?2): a person who moves leaves them with it. */
#define MINE_PAGE(CMP, ORDER, NO_ROW, PICK)                                                                  \
	"SELECT " LIST_COLUMNS LIST_FROM " WHERE r.referrer_user_id = ?1 AND r.referrer_agency_id = ?2"      \
	" AND (r.received_at, r.id) " CMP " (SELECT received_at, id FROM support_requests WHERE id = ?3"     \
	" AND referrer_user_id = ?1 UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK " LIMIT 1)"                \
	" ORDER BY r.received_at " ORDER ", r.id " ORDER " LIMIT ?4"

enum haven_status support_mine(long long user_id, long long agency_id, const struct page *page, json_t **out,
                               long long *total)
{
	const struct paged_rows mine = {
	    .after = DB_SQL(MINE_PAGE("<", "DESC", "'~', 0", "ASC")),
	    .before = DB_SQL(MINE_PAGE(">", "ASC", "'', 0", "DESC")),
	    .count = DB_SQL("SELECT count(*) FROM (SELECT 1 FROM support_requests WHERE referrer_user_id = ?1"
	                    " AND referrer_agency_id = ?2 LIMIT ?3) AS page"),
	    .none_after = 0};
	return paged_rows_read(page, &mine, DB_VALUES(DB_INT(user_id), DB_INT(agency_id)), out, total);
}

enum haven_status support_get(long long id, json_t **out)
{
	*out = NULL;
	db_conn *db = db_reader();
	json_t *r = NULL;
	enum haven_status st =
	    db_row_with(db,
	                "SELECT r.*, fd.name AS front_door_name, la.name AS la_name, u.name AS referrer_name,"
	                " ra.name AS referrer_agency_name, d.name AS decided_by_name,"
	                " (SELECT i.police_reference FROM threshold_assessments t"
	                " JOIN idva_referrals v ON v.id = t.source_referral_id"
	                " JOIN da_incidents i ON i.id = v.incident_id WHERE t.id = r.assessment_id)"
	                " AS source_referral_reference"
	                " FROM support_requests r JOIN agencies fd ON fd.id = r.front_door_agency_id"
	                " JOIN local_authorities la ON la.code = r.la_code JOIN users u ON u.id = "
	                "r.referrer_user_id"
	                " JOIN agencies ra ON ra.id = r.referrer_agency_id LEFT JOIN users d ON d.id = "
	                "r.decided_by"
	                " WHERE r.id = ?",
	                &r, DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	json_t *child = NULL, *assessment = NULL;
	st = db_row_with(
	    db,
	    "SELECT c.id, c.given_name, c.family_name, c.other_names, c.date_of_birth, c.sex, c.postcode,"
	    " la.name AS la_name FROM children c LEFT JOIN local_authorities la ON la.code = c.la_code"
	    " WHERE c.id = ?",
	    &child, DB_INT(json_integer_value(json_object_get(r, "child_id"))));
	if (st != HAVEN_OK)
		goto out;
	st = db_row_with(
	    db,
	    "SELECT a.id, a.framework_id, f.version AS framework_version, a.age_band, a.indicators,"
	    " a.suggested_level, a.chosen_level, a.chosen_reason, a.created_at"
	    " FROM threshold_assessments a JOIN framework_versions f ON f.id = a.framework_id WHERE a.id "
	    "= ?",
	    &assessment, DB_INT(json_integer_value(json_object_get(r, "assessment_id"))));
	if (st != HAVEN_OK)
		goto out;
	parse_json_column(assessment, "indicators");
	json_object_set(r, "child", child);
	json_object_set(r, "assessment", assessment);
out:
	json_decref(child);
	json_decref(assessment);
	if (st == HAVEN_OK)
		*out = r;
	else
		json_decref(r);
	return st;
}

enum haven_status support_framework(long long framework_id, json_t **document)
{
	*document = NULL;
	json_t *row = NULL;
	enum haven_status st = db_row_with(
	    db_reader(), "SELECT document FROM framework_versions WHERE id = ?", &row, DB_INT(framework_id));
	if (st != HAVEN_OK)
		return st;
	const char *text = json_string_value(json_object_get(row, "document"));
	*document = text ? json_loads(text, 0, NULL) : NULL;
	json_decref(row);
	return *document ? HAVEN_OK : HAVEN_ERR_INTERNAL;
}

/* ---- changing ---- */

/* Adds a new child to the register (match.h), audited as "child.create". */
static enum haven_status insert_child(db_conn *db, const struct support_child *c, const struct actor *actor,
                                      long long *id)
{
	struct child_identity identity = identity_of(c);
	enum haven_status st = children_insert(db_tx(db), &identity, actor->user_id, id);
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), actor, "child.create", "child", *id, NULL);
}

struct create_unit {
	const struct support_new *n;
	const struct actor *actor;
	long long id;
	char reference[32];
	int64_t due;
};

static enum haven_status write_create(db_conn *db, void *ctx)
{
	struct create_unit *u = ctx;
	const struct support_new *n = u->n;
	/* checked again inside the writer: another request may have used the assessment meanwhile */
	enum haven_status st = row_found_with(db, "SELECT 1 FROM support_requests WHERE assessment_id = ?",
	                                      DB_INT(n->assessment_id));
	if (st != HAVEN_ERR_NOT_FOUND)
		return st == HAVEN_OK ? HAVEN_ERR_CONFLICT : st;

	long long child_id = n->child_id;
	if (n->child && (st = insert_child(db, n->child, u->actor, &child_id)) != HAVEN_OK)
		return st;
	if (n->taken_from) {
		/* checked again inside the writer, as the children register does: only a likely duplicate of
		 * what was typed, linked with the reason in the audit trail */
		struct child_identity typed = identity_of(n->taken_from);
		if ((st = children_take_offered(db_tx(db), child_id, &typed, n->take_reason, u->actor)) !=
		    HAVEN_OK)
			return st;
	}

	long long next = 0;
	if (db_integer_values(db_prepare(db, "SELECT COALESCE(MAX(id), 0) + 1 FROM support_requests"), &next,
	                      NULL, 0) != HAVEN_OK ||
	    next <= 0)
		return HAVEN_ERR_DB;
	snprintf(u->reference, sizeof u->reference, "RFS-%06lld", next);
	/* the deadline counts the bank holidays committed before this unit, not as this process last
	 * looked (another process's import a moment ago) */
	if ((st = calendar_in_unit(db_tx(db))) != HAVEN_OK)
		return st;
	u->due = support_decision_due(n->received);
	char received[CALENDAR_INSTANT_SIZE], due[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(n->received, received);
	calendar_format_instant(u->due, due);

	if ((st = db_exec_with(
	         db,
	         "INSERT INTO support_requests (id, reference, assessment_id, child_id, la_code, "
	         "front_door_agency_id,"
	         " referrer_user_id, referrer_agency_id, referrer_phone, referrer_email, concerns, "
	         "family_knows,"
	         " family_consents, no_consent_reason, received_at, decision_due_at)"
	         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	         DB_INT(next), DB_TEXT(u->reference), DB_INT(n->assessment_id), DB_INT(child_id),
	         DB_INT(n->la_code), DB_INT(n->front_door_agency_id), DB_INT(n->referrer_user_id),
	         DB_INT(n->referrer_agency_id), DB_TEXT(n->referrer_phone), DB_TEXT(n->referrer_email),
	         DB_TEXT(n->concerns), DB_INT(n->family_knows), DB_INT(n->family_consents),
	         DB_TEXT(n->no_consent_reason), DB_TEXT(received), DB_TEXT(due))) != HAVEN_OK)
		return st;
	u->id = next;
	/* who may now see the child: the agency that raised the concern, and the front door */
	if ((st = children_link(db_tx(db), child_id, n->referrer_agency_id, "raised_concern")) != HAVEN_OK ||
	    (st = children_link(db_tx(db), child_id, n->front_door_agency_id, "local_authority")) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), u->actor, "support.create", "support_request", u->id, NULL);
}

enum haven_status support_create(const struct support_new *n, const struct actor *actor, long long *id,
                                 char reference[static 32], int64_t *decision_due)
{
	struct create_unit u = {.n = n, .actor = actor};
	enum haven_status st = db_write(write_create, &u);
	if (st == HAVEN_OK) {
		*id = u.id;
		*decision_due = u.due;
		memcpy(reference, u.reference, sizeof u.reference);
	}
	return st;
}

struct decide_unit {
	long long id;
	const char *decision, *reason, *decided_at;
	const struct actor *actor;
};

static enum haven_status write_decide(db_conn *db, void *ctx)
{
	struct decide_unit *u = ctx;
	/* rows changed rather than RETURNING: a refused value stays a conflict (db_exec_changed_with) */
	long long changed;
	enum haven_status st = db_exec_changed_with(
	    db,
	    "UPDATE support_requests SET decision = ?, decision_reason = ?, decided_at = ?, decided_by = ?"
	    " WHERE id = ? AND decision IS NULL",
	    &changed, DB_TEXT(u->decision), DB_TEXT(u->reason), DB_TEXT(u->decided_at),
	    DB_INT(u->actor->user_id), DB_INT(u->id));
	if (st != HAVEN_OK)
		return st;
	char to[MAIL_ADDRESS_MAX + 1] = "";
	if (changed && (st = text_found_with(db, "SELECT referrer_email FROM support_requests WHERE id = ?",
	                                     to, sizeof to, DB_INT(u->id))) != HAVEN_OK)
		return st;
	if (!to[0]) {
		/* nothing decided: decided already, or no such request */
		st = row_found_with(db, "SELECT 1 FROM support_requests WHERE id = ?", DB_INT(u->id));
		return st == HAVEN_OK ? HAVEN_ERR_CONFLICT : st;
	}
	st = audit_record(db_tx(db), u->actor, "support.decide", "support_request", u->id, NULL);
	if (st != HAVEN_OK)
		return st;
	/* generic on purpose: email is not a secure channel (mail.h) */
	return mail_enqueue_one(db_tx(db), "support/decision", NULL, to);
}

enum haven_status support_decide(long long id, const char *decision, const char *reason,
                                 const char *decided_at, const struct actor *actor)
{
	struct decide_unit u = {
	    .id = id, .decision = decision, .reason = reason, .decided_at = decided_at, .actor = actor};
	return db_write(write_decide, &u);
}

/* ---- the records this area holds, for the access policy and the audit trail (auth/records.h) ---- */

/* the referrer while in the agency they made it in (a person who moves leaves it behind), and the front
 * door the request went to */
static const char related_support_request[] =
    "SELECT 1 FROM support_requests WHERE id = :id"
    " AND ((referrer_user_id = :user AND referrer_agency_id = :agency) OR front_door_agency_id = :agency)";
DB_REGISTER(related_support_request);

static RECORD_CHILDREN(children_of_support_request, "SELECT child_id FROM support_requests WHERE id = :id");

/* the front door the request went to, and nobody else (a front door may also be a referrer) */
static const char related_support_request_front_door[] =
    "SELECT 1 FROM support_requests WHERE id = :id AND front_door_agency_id = :agency";
DB_REGISTER(related_support_request_front_door);

const struct record_type support_records[] = {
    {.name = "support_request",
     .related = related_support_request,
     RECORD_CHILDREN_OF(children_of_support_request)},
    {.name = "support_request_front_door",
     .related = related_support_request_front_door,
     .children_as = "support_request"},
    {0},
};

enum haven_status support_load_demo(void)
{
	return db_load_demo_sql("demo/support.sql", NULL, NULL);
}

enum haven_status support_store_figures(int64_t from, int64_t to, json_t **out)
{
	/*
	 * Every instant here is written "YYYY-MM-DDTHH:MM:SSZ" (calendar_format_instant), so instants
	 * compare as text, and so does the period's bounds written the same way. Twelve months before a
	 * request is its text with the year one less, and 29 February as 1 March (as SQLite's
	 * '-12 months' counted it); the || are bracketed because SQLite binds them tighter than -.
	 */
	char from_text[CALENDAR_INSTANT_SIZE], to_text[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(from, from_text);
	calendar_format_instant(to, to_text);
	/* every area, with none received shown as 0; the period by each request's instant */
	return db_read_rows(
	    out,
	    "SELECT la.name AS la_name, count(r.id) AS received,"
	    " count(CASE WHEN r.decided_at IS NOT NULL AND r.decided_at <= r.decision_due_at THEN 1 END)"
	    " AS decided_in_time,"
	    " count(CASE r.decision WHEN 'early_help' THEN 1 END) AS early_help,"
	    " count(CASE r.decision WHEN 'assessment_s17' THEN 1 END) AS assessment_s17,"
	    " count(CASE r.decision WHEN 'strategy_discussion_s47' THEN 1 END)"
	    " AS strategy_discussion_s47,"
	    /* a re-referral: the same child's request received in the 12 months before, anywhere */
	    " count(CASE WHEN EXISTS (SELECT 1 FROM support_requests e WHERE e.child_id = r.child_id"
	    " AND e.id != r.id AND e.received_at <= r.received_at"
	    " AND e.received_at >= ((CAST(substr(r.received_at, 1, 4) AS INTEGER) - 1)"
	    " || (CASE substr(r.received_at, 5, 6) WHEN '-02-29' THEN '-03-01' ELSE substr(r.received_at, 5, "
	    "6) END)"
	    " || substr(r.received_at, 11))"
	    " AND (e.received_at < r.received_at OR e.id < r.id))"
	    " THEN 1 END) AS re_referred"
	    " FROM local_authorities la LEFT JOIN support_requests r ON r.la_code = la.code"
	    " AND r.received_at >= ?1 AND r.received_at < ?2"
	    " GROUP BY la.code ORDER BY la.name",
	    DB_TEXT(from_text), DB_TEXT(to_text));
}
