/*
 * store_sqlite.c (reviews) — the SQLite queries behind store.h.
 *
 * Each change is a db_write unit: the change, then its audit row with
 * audit_append, so both commit or neither. An UPDATE that touches no row
 * means the case (or its part) does not exist: HAVEN_ERR_NOT_FOUND, and the
 * savepoint undoes nothing because nothing was done.
 */
#include "areas/reviews/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/reviews/rules.h"
#include "auth/audit.h"
#include "store/db.h"

/* ---- reading ---- */

/*
 * A page of cases by (aware_on, id), newest first, from the cursor row ?3
 * (one the user may see); with no such row, compared with a key after every
 * row (forward) or before every row (backward). Scoped in the query: the
 * partnership's every case (?1), anyone else's groups (?2). Narrowed to the
 * stage ?5, the reference ?6 and the cases with a deadline not met before
 * the day ?7 (next_due_on, migration 0143) (NULL: any); SCOPE names the one
 * that picks the index: "" (review_cases_by_aware), BY_STAGE, BY_REFERENCE
 * or BY_OVERDUE (review_cases_outstanding: only the cases with a deadline
 * not met, in the list's order, so the overdue are found among the open).
 */
#define CASES_NARROWED                                                                                       \
	" AND (?5 IS NULL OR c.stage = ?5) AND (?6 IS NULL OR c.reference = ?6)"                             \
	" AND (?7 IS NULL OR c.next_due_on < ?7)"
#define CASES_VISIBLE                                                                                        \
	" (?1 OR EXISTS (SELECT 1 FROM review_members m WHERE m.case_id = c.id AND m.user_id = ?2))"
#define BY_STAGE " AND c.stage = ?5"
#define BY_REFERENCE " AND c.reference = ?6"
#define BY_OVERDUE " AND c.next_due_on < ?7"
#define CASES_PAGE(SCOPE, CMP, ORDER, NO_ROW, PICK)                                                          \
	"SELECT c.id, c.reference, c.child_pseudonym, c.harm, la.name AS la_name, c.looked_after_child,"     \
	" c.aware_on, c.panel_notified_on, c.rapid_review_on, c.rapid_review_decision,"                      \
	" c.rapid_review_submitted_on, c.cspr_commissioned_on, c.cspr_published_on, "                        \
	"c.cspr_not_published_reason, c.stage, c.next_due_on"                                                \
	" FROM review_cases c JOIN local_authorities la ON la.code = c.la_code"                              \
	" WHERE" CASES_VISIBLE SCOPE CASES_NARROWED " AND (c.aware_on, c.id) " CMP                           \
	" (SELECT aware_on, id FROM review_cases k WHERE k.id = ?3 AND (?1 OR"                               \
	" EXISTS (SELECT 1 FROM review_members m WHERE m.case_id = k.id AND m.user_id = ?2))"                \
	" UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK " LIMIT 1)"                                          \
	" ORDER BY c.aware_on " ORDER ", c.id " ORDER " LIMIT ?4"
#define CASES_NEXT(SCOPE) CASES_PAGE(SCOPE, "<", "DESC", "'~', 0", "ASC")
#define CASES_PREVIOUS(SCOPE) CASES_PAGE(SCOPE, ">", "ASC", "'', 0", "DESC")
#define CASES_COUNT(SCOPE)                                                                                   \
	"SELECT count(*) FROM (SELECT 1 FROM review_cases c WHERE" CASES_VISIBLE SCOPE CASES_NARROWED        \
	" AND ?3 = 0 LIMIT ?4)"

/* The statement for a page of cases (`counting`: their count) narrowed by `filter`, read `backward`. */
static sqlite3_stmt *cases_statement(sqlite3 *db, const struct reviews_filter *filter, bool backward,
                                     bool counting)
{
	if (filter->reference)
		return counting   ? db_prepare(db, CASES_COUNT(BY_REFERENCE))
		       : backward ? db_prepare(db, CASES_PREVIOUS(BY_REFERENCE))
		                  : db_prepare(db, CASES_NEXT(BY_REFERENCE));
	if (filter->due_before)
		return counting   ? db_prepare(db, CASES_COUNT(BY_OVERDUE))
		       : backward ? db_prepare(db, CASES_PREVIOUS(BY_OVERDUE))
		                  : db_prepare(db, CASES_NEXT(BY_OVERDUE));
	if (filter->stage)
		return counting   ? db_prepare(db, CASES_COUNT(BY_STAGE))
		       : backward ? db_prepare(db, CASES_PREVIOUS(BY_STAGE))
		                  : db_prepare(db, CASES_NEXT(BY_STAGE));
	return counting   ? db_prepare(db, CASES_COUNT(""))
	       : backward ? db_prepare(db, CASES_PREVIOUS(""))
	                  : db_prepare(db, CASES_NEXT(""));
}

enum haven_status reviews_list(long long user_id, bool every_case, const struct reviews_filter *filter,
                               const struct page *page, json_t **out, long long *total)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	sqlite3_stmt *stmt = cases_statement(db, filter, page_backward(page), false);
	if (!db_bind(stmt, DB_INT(every_case ? 1 : 0), DB_INT(user_id), DB_INT(page_cursor(page, 0)),
	             DB_INT(page_fetch(page)), DB_TEXT(filter->stage), DB_TEXT(filter->reference),
	             DB_TEXT(filter->due_before)))
		return HAVEN_ERR_DB;
	*out = db_rows(stmt);
	if (!*out)
		return HAVEN_ERR_DB;
	*total = db_count(cases_statement(db, filter, false, true), DB_INT(every_case ? 1 : 0),
	                  DB_INT(user_id), DB_INT(0), DB_INT(PAGE_COUNT_CAP + 1), DB_TEXT(filter->stage),
	                  DB_TEXT(filter->reference), DB_TEXT(filter->due_before));
	return HAVEN_OK;
}

enum haven_status reviews_get(long long id, json_t **out)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	json_t *c;
	enum haven_status st =
	    db_row_with(db,
	                "SELECT c.*, la.slug AS la_slug, la.name AS la_name, u.name AS created_by_name"
	                " FROM review_cases c JOIN local_authorities la ON la.code = c.la_code"
	                " LEFT JOIN users u ON u.id = c.created_by WHERE c.id = ?",
	                &c, DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	st = db_rows_into(c, "agencies", db,
	                  "SELECT a.slug, a.name FROM review_agencies r JOIN agencies a ON a.id = r.agency_id"
	                  " WHERE r.case_id = ?1 ORDER BY a.name",
	                  DB_INT(id));
	if (st == HAVEN_OK)
		st = db_rows_into(
		    c, "contributions", db,
		    "SELECT k.id, a.slug AS agency_slug, a.name AS agency_name, k.due_on, k.received_on"
		    " FROM review_contributions k JOIN agencies a ON a.id = k.agency_id"
		    " WHERE k.case_id = ?1 ORDER BY a.name",
		    DB_INT(id));
	if (st == HAVEN_OK)
		st =
		    db_rows_into(c, "milestones", db,
		                 "SELECT id, title, due_on, done_on FROM review_milestones WHERE case_id = ?1"
		                 " ORDER BY due_on, id",
		                 DB_INT(id));
	if (st == HAVEN_OK)
		st = db_rows_into(c, "themes", db,
		                  "SELECT t.slug, t.name FROM review_case_themes ct JOIN review_themes t ON "
		                  "t.id = ct.theme_id"
		                  " WHERE ct.case_id = ?1 ORDER BY t.name",
		                  DB_INT(id));
	if (st == HAVEN_OK)
		st = db_rows_into(
		    c, "members", db,
		    "SELECT u.id, u.name, u.email, a.name AS agency_name FROM review_members m"
		    " JOIN users u ON u.id = m.user_id LEFT JOIN agencies a ON a.id = u.agency_id"
		    " WHERE m.case_id = ?1 ORDER BY u.name",
		    DB_INT(id));
	if (st != HAVEN_OK) {
		json_decref(c);
		return st;
	}
	*out = c;
	return HAVEN_OK;
}

/* One integer from a one-row query with one text or integer parameter. */
static enum haven_status lookup(const char *sql, const char *text, long long number, long long *out)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = db ? db_prepare_registered(db, sql) : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	if (text)
		sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(stmt, 1, number);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && out)
		*out = sqlite3_column_int64(stmt, 0);
	db_done(stmt);
	return rc == SQLITE_ROW ? HAVEN_OK : rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
}

enum haven_status reviews_la_code(const char *slug, long long *code)
{
	return lookup(DB_SQL("SELECT code FROM local_authorities WHERE slug = ?"), slug, 0, code);
}

enum haven_status reviews_agency_id(const char *slug, long long *id)
{
	return lookup(DB_SQL("SELECT id FROM agencies WHERE slug = ?"), slug, 0, id);
}

enum haven_status reviews_theme_id(const char *slug, bool or_retired, long long *id)
{
	if (or_retired)
		return lookup(DB_SQL("SELECT id FROM review_themes WHERE slug = ?"), slug, 0, id);
	return lookup(DB_SQL("SELECT id FROM review_themes WHERE slug = ? AND retired = 0"), slug, 0, id);
}

enum haven_status reviews_child_exists(long long id)
{
	return lookup(DB_SQL("SELECT id FROM children WHERE id = ?"), NULL, id, NULL);
}

enum haven_status reviews_themes(bool with_retired, json_t **out)
{
	sqlite3 *db = db_reader();
	*out = db_rows_with(db,
	                    "SELECT id, slug, name, retired FROM review_themes WHERE ?1 "
	                    "OR retired = 0 ORDER BY name",
	                    DB_INT(with_retired ? 1 : 0));
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}

/* The CSPR publication setting (months) as `db` holds it: 6 unless set to 1 to 120. */
static enum haven_status cspr_months_in(sqlite3 *db, int *months)
{
	*months = 6;
	sqlite3_stmt *stmt =
	    db ? db_prepare(db, "SELECT value FROM review_settings WHERE key = 'cspr_publication_months'")
	       : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		int n = atoi((const char *)sqlite3_column_text(stmt, 0));
		if (n > 0 && n <= 120)
			*months = n;
	}
	db_done(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? HAVEN_OK : HAVEN_ERR_DB;
}

enum haven_status reviews_cspr_months(int *months)
{
	return cspr_months_in(db_reader(), months);
}

/* ---- changing ---- */

/*
 * Keeps case `id`'s earliest deadline not met (reviews_next_due, worked out
 * by the calendar here in C) in review_cases.next_due_on (migration 0143),
 * for the list's "overdue milestones" filter. Every change to a case's
 * dates, information or milestones calls it in its own unit of work, so
 * the two never disagree; starting the server refreshes every case (bank
 * holidays imported meanwhile move deadlines), as does a change to the
 * CSPR publication setting.
 */
static enum haven_status store_next_due(sqlite3 *db, long long id, int months)
{
	json_t *c = NULL;
	enum haven_status st =
	    db_row_with(db,
	                "SELECT aware_on, panel_notified_on, rapid_review_on, rapid_review_decision,"
	                " rapid_review_submitted_on, cspr_commissioned_on, cspr_published_on,"
	                " cspr_not_published_reason FROM review_cases WHERE id = ?",
	                &c, DB_INT(id));
	if (st == HAVEN_OK)
		st = db_rows_into(c, "contributions", db,
		                  "SELECT due_on, received_on FROM review_contributions WHERE case_id = ?1",
		                  DB_INT(id));
	if (st == HAVEN_OK)
		st = db_rows_into(c, "milestones", db,
		                  "SELECT due_on, done_on FROM review_milestones WHERE case_id = ?1",
		                  DB_INT(id));
	char due[16];
	bool outstanding = st == HAVEN_OK && reviews_next_due(c, months, due);
	json_decref(c);
	if (st != HAVEN_OK)
		return st;
	return db_exec_with(
	    db, "UPDATE review_cases SET next_due_on = ?1 WHERE id = ?2 AND next_due_on IS NOT ?1",
	    DB_TEXT(outstanding ? due : NULL), DB_INT(id));
}

/* store_next_due for case `id` after a change to it succeeded (`st` HAVEN_OK); else `st`. */
static enum haven_status next_due_after(sqlite3 *db, long long id, enum haven_status st)
{
	if (st != HAVEN_OK)
		return st;
	int months;
	st = cspr_months_in(db, &months);
	return st == HAVEN_OK ? store_next_due(db, id, months) : st;
}

/* store_next_due for every case (a unit of work of its own: `ctx` unused). */
static enum haven_status store_every_next_due(sqlite3 *db, void *ctx)
{
	(void)ctx;
	int months;
	enum haven_status st = cspr_months_in(db, &months);
	json_t *ids = st == HAVEN_OK ? db_rows_with(db, "SELECT id FROM review_cases ORDER BY id") : NULL;
	if (!ids)
		return HAVEN_ERR_DB;
	size_t i;
	json_t *row;
	json_array_foreach(ids, i, row)
	{
		if ((st = store_next_due(db, (long long)json_integer_value(json_object_get(row, "id")),
		                         months)) != HAVEN_OK)
			break;
	}
	json_decref(ids);
	return st;
}

enum haven_status reviews_refresh_next_due(void)
{
	return db_write(store_every_next_due, NULL);
}

/* Runs an UPDATE/INSERT that must change a row: HAVEN_ERR_NOT_FOUND if it changed none. */
static enum haven_status exec_one(sqlite3 *db, sqlite3_stmt *stmt)
{
	enum haven_status st = db_exec_stmt(stmt);
	if (st == HAVEN_OK && sqlite3_changes(db) == 0)
		return HAVEN_ERR_NOT_FOUND;
	return st;
}

static void bind_field(sqlite3_stmt *stmt, int index, const json_t *values, const char *name)
{
	const json_t *v = json_object_get(values, name);
	if (json_is_integer(v))
		sqlite3_bind_int64(stmt, index, json_integer_value(v));
	else
		db_bind_json_text(stmt, index, json_is_string(v) ? v : NULL);
}

struct create_unit {
	const struct review_new *n;
	const struct actor *actor;
	long long id;
	char reference[32];
};

static enum haven_status write_create(sqlite3 *db, void *ctx)
{
	struct create_unit *u = ctx;
	const json_t *v = u->n->values;
	const char *aware = json_string_value(json_object_get(v, "aware_on"));
	if (!aware || strlen(aware) < 4)
		return HAVEN_ERR_INVALID;
	/* the next number in the year: inside the writer, so two new cases cannot take the same one */
	char prefix[16];
	snprintf(prefix, sizeof prefix, "SI-%.4s-%%", aware);
	sqlite3_stmt *stmt = db_prepare(
	    db, "SELECT COALESCE(MAX(CAST(substr(reference, 9) AS INTEGER)), 0) + 1 FROM review_cases"
	        " WHERE reference LIKE ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, prefix, -1, SQLITE_TRANSIENT);
	long long next = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	db_done(stmt);
	if (next <= 0)
		return HAVEN_ERR_DB;
	snprintf(u->reference, sizeof u->reference, "SI-%.4s-%03lld", aware, next);

	stmt = db_prepare(
	    db,
	    "INSERT INTO review_cases (reference, child_pseudonym, child_id, la_code, harm, circumstances,"
	    " looked_after_child, aware_on, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, u->reference, -1, SQLITE_TRANSIENT);
	bind_field(stmt, 2, v, "child_pseudonym");
	bind_field(stmt, 3, v, "child_id");
	sqlite3_bind_int64(stmt, 4, u->n->la_code);
	bind_field(stmt, 5, v, "harm");
	bind_field(stmt, 6, v, "circumstances");
	sqlite3_bind_int(stmt, 7, u->n->looked_after_child ? 1 : 0);
	bind_field(stmt, 8, v, "aware_on");
	if (u->n->creator_id)
		sqlite3_bind_int64(stmt, 9, u->n->creator_id);
	else
		sqlite3_bind_null(stmt, 9);
	enum haven_status st = db_exec_stmt(stmt);
	if (st != HAVEN_OK)
		return st;
	u->id = sqlite3_last_insert_rowid(db);

	for (size_t i = 0; i < u->n->agency_count; i++) {
		if ((st = db_exec_with(
		         db, "INSERT OR IGNORE INTO review_agencies (case_id, agency_id) VALUES (?, ?)",
		         DB_INT(u->id), DB_INT(u->n->agency_ids[i]))) != HAVEN_OK)
			return st;
		if ((st = db_exec_with(
		         db,
		         "INSERT OR IGNORE INTO review_contributions (case_id, agency_id, due_on)"
		         " VALUES (?, ?, ?)",
		         DB_INT(u->id), DB_INT(u->n->agency_ids[i]), DB_TEXT(u->n->contributions_due_on))) !=
		    HAVEN_OK)
			return st;
	}
	if (u->n->creator_id) {
		if ((st = db_exec_with(db, "INSERT INTO review_members (case_id, user_id) VALUES (?, ?)",
		                       DB_INT(u->id), DB_INT(u->n->creator_id))) != HAVEN_OK)
			return st;
	}
	if ((st = next_due_after(db, u->id, HAVEN_OK)) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), u->actor, "review.create", "review", u->id, NULL);
}

enum haven_status reviews_create(const struct review_new *n, const struct actor *actor, long long *id,
                                 char *reference)
{
	struct create_unit u = {.n = n, .actor = actor};
	enum haven_status st = db_write(write_create, &u);
	if (st == HAVEN_OK) {
		*id = u.id;
		memcpy(reference, u.reference, sizeof u.reference);
	}
	return st;
}

/* A change to one case: the values, an optional text and number, and who. */
struct change {
	long long id, other;
	const json_t *values;
	const char *text;
	const struct actor *actor;
	const long long *ids;
	size_t count;
	long long new_id;
};

static enum haven_status write_notification(sqlite3 *db, void *ctx)
{
	struct change *c = ctx;
	sqlite3_stmt *stmt = db_prepare(db, "UPDATE review_cases SET panel_notified_on = ?, "
	                                    "ofsted_notified_on = ?, secretary_of_state_notified_on = ?"
	                                    " WHERE id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	bind_field(stmt, 1, c->values, "panel_notified_on");
	bind_field(stmt, 2, c->values, "ofsted_notified_on");
	bind_field(stmt, 3, c->values, "secretary_of_state_notified_on");
	sqlite3_bind_int64(stmt, 4, c->id);
	enum haven_status st = exec_one(db, stmt);
	if (st != HAVEN_OK)
		return st;
	/* the agencies' information is due a fixed time after the notification (rules.h) */
	if ((st = db_exec_with(
	         db, "UPDATE review_contributions SET due_on = ? WHERE case_id = ? AND received_on IS NULL",
	         DB_TEXT(c->text), DB_INT(c->id))) != HAVEN_OK)
		return st;
	if ((st = next_due_after(db, c->id, HAVEN_OK)) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "review.notification", "review", c->id, NULL);
}

enum haven_status reviews_record_notification(long long id, const json_t *values,
                                              const char *contributions_due_on, const struct actor *actor)
{
	struct change c = {.id = id, .values = values, .text = contributions_due_on, .actor = actor};
	return db_write(write_notification, &c);
}

static enum haven_status write_contribution(sqlite3 *db, void *ctx)
{
	struct change *c = ctx;
	sqlite3_stmt *stmt =
	    db_prepare(db, "UPDATE review_contributions SET received_on = ? WHERE id = ? AND case_id = ?");
	if (!db_bind(stmt, DB_TEXT(c->text), DB_INT(c->other), DB_INT(c->id)))
		return HAVEN_ERR_DB;
	enum haven_status st = next_due_after(db, c->id, exec_one(db, stmt));
	return st == HAVEN_OK
	           ? audit_record(db_tx(db), c->actor, "review.contribution", "review", c->id, NULL)
	           : st;
}

enum haven_status reviews_record_contribution(long long id, long long contribution_id,
                                              const char *received_on, const struct actor *actor)
{
	struct change c = {.id = id, .other = contribution_id, .text = received_on, .actor = actor};
	return db_write(write_contribution, &c);
}

static enum haven_status write_rapid_review(sqlite3 *db, void *ctx)
{
	struct change *c = ctx;
	sqlite3_stmt *stmt = db_prepare(
	    db, "UPDATE review_cases SET rapid_review_on = ?, rapid_review_attendance = ?, "
	        "rapid_review_facts = ?,"
	        " rapid_review_immediate_actions = ?, rapid_review_learning = ?, rapid_review_decision = ?,"
	        " rapid_review_rationale = ?, rapid_review_submitted_on = ? WHERE id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	static const char *const names[] = {
	    "rapid_review_on",        "rapid_review_attendance",
	    "rapid_review_facts",     "rapid_review_immediate_actions",
	    "rapid_review_learning",  "rapid_review_decision",
	    "rapid_review_rationale", "rapid_review_submitted_on",
	};
	for (int i = 0; i < 8; i++)
		bind_field(stmt, i + 1, c->values, names[i]);
	sqlite3_bind_int64(stmt, 9, c->id);
	enum haven_status st = next_due_after(db, c->id, exec_one(db, stmt));
	return st == HAVEN_OK
	           ? audit_record(db_tx(db), c->actor, "review.rapid_review", "review", c->id, NULL)
	           : st;
}

enum haven_status reviews_record_rapid_review(long long id, const json_t *values, const struct actor *actor)
{
	struct change c = {.id = id, .values = values, .actor = actor};
	return db_write(write_rapid_review, &c);
}

static enum haven_status write_cspr(sqlite3 *db, void *ctx)
{
	struct change *c = ctx;
	sqlite3_stmt *stmt = db_prepare(db, "UPDATE review_cases SET cspr_commissioned_on = ?, cspr_reviewer "
	                                    "= ?, cspr_terms_of_reference = ?,"
	                                    " cspr_method = ?, cspr_draft_on = ?, cspr_final_on = ?, "
	                                    "cspr_panel_told_on = ?, cspr_published_on = ?,"
	                                    " cspr_link = ?, cspr_not_published_reason = ? WHERE id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	static const char *const names[] = {
	    "cspr_commissioned_on",
	    "cspr_reviewer",
	    "cspr_terms_of_reference",
	    "cspr_method",
	    "cspr_draft_on",
	    "cspr_final_on",
	    "cspr_panel_told_on",
	    "cspr_published_on",
	    "cspr_link",
	    "cspr_not_published_reason",
	};
	for (int i = 0; i < 10; i++)
		bind_field(stmt, i + 1, c->values, names[i]);
	sqlite3_bind_int64(stmt, 11, c->id);
	enum haven_status st = next_due_after(db, c->id, exec_one(db, stmt));
	return st == HAVEN_OK ? audit_record(db_tx(db), c->actor, "review.cspr", "review", c->id, NULL) : st;
}

enum haven_status reviews_record_cspr(long long id, const json_t *values, const struct actor *actor)
{
	struct change c = {.id = id, .values = values, .actor = actor};
	return db_write(write_cspr, &c);
}

static enum haven_status write_milestone(sqlite3 *db, void *ctx)
{
	struct change *c = ctx;
	sqlite3_stmt *stmt = db_prepare(db, "INSERT INTO review_milestones (case_id, title, due_on, done_on)"
	                                    " SELECT id, ?, ?, ? FROM review_cases WHERE id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	bind_field(stmt, 1, c->values, "title");
	bind_field(stmt, 2, c->values, "due_on");
	bind_field(stmt, 3, c->values, "done_on");
	sqlite3_bind_int64(stmt, 4, c->id);
	enum haven_status st = exec_one(db, stmt);
	if (st != HAVEN_OK)
		return st;
	c->new_id = sqlite3_last_insert_rowid(db);
	if ((st = next_due_after(db, c->id, HAVEN_OK)) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "review.milestone", "review", c->id, NULL);
}

enum haven_status reviews_add_milestone(long long id, const json_t *values, const struct actor *actor,
                                        long long *milestone_id)
{
	struct change c = {.id = id, .values = values, .actor = actor};
	enum haven_status st = db_write(write_milestone, &c);
	if (st == HAVEN_OK)
		*milestone_id = c.new_id;
	return st;
}

static enum haven_status write_milestone_done(sqlite3 *db, void *ctx)
{
	struct change *c = ctx;
	sqlite3_stmt *stmt =
	    db_prepare(db, "UPDATE review_milestones SET done_on = ? WHERE id = ? AND case_id = ?");
	if (!db_bind(stmt, DB_TEXT(c->text), DB_INT(c->other), DB_INT(c->id)))
		return HAVEN_ERR_DB;
	enum haven_status st = next_due_after(db, c->id, exec_one(db, stmt));
	return st == HAVEN_OK ? audit_record(db_tx(db), c->actor, "review.milestone", "review", c->id, NULL)
	                      : st;
}

enum haven_status reviews_milestone_done(long long id, long long milestone_id, const char *done_on,
                                         const struct actor *actor)
{
	struct change c = {.id = id, .other = milestone_id, .text = done_on, .actor = actor};
	return db_write(write_milestone_done, &c);
}

/* HAVEN_ERR_NOT_FOUND unless case `id` exists (for changes that only insert or delete rows about it). */
static enum haven_status case_exists(sqlite3 *db, long long id)
{
	sqlite3_stmt *stmt = db_prepare(db, "SELECT 1 FROM review_cases WHERE id = ?");
	if (!db_bind(stmt, DB_INT(id)))
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(stmt);
	db_done(stmt);
	return rc == SQLITE_ROW ? HAVEN_OK : rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
}

static enum haven_status write_themes(sqlite3 *db, void *ctx)
{
	struct change *c = ctx;
	enum haven_status st = case_exists(db, c->id);
	if (st != HAVEN_OK)
		return st;
	if ((st = db_exec_with(db, "DELETE FROM review_case_themes WHERE case_id = ?", DB_INT(c->id))) !=
	    HAVEN_OK)
		return st;
	for (size_t i = 0; i < c->count; i++) {
		if ((st = db_exec_with(
		         db, "INSERT OR IGNORE INTO review_case_themes (case_id, theme_id) VALUES (?, ?)",
		         DB_INT(c->id), DB_INT(c->ids[i]))) != HAVEN_OK)
			return st;
	}
	return audit_record(db_tx(db), c->actor, "review.themes", "review", c->id, NULL);
}

enum haven_status reviews_set_themes(long long id, const long long *theme_ids, size_t count,
                                     const struct actor *actor)
{
	struct change c = {.id = id, .ids = theme_ids, .count = count, .actor = actor};
	return db_write(write_themes, &c);
}

static enum haven_status write_member(sqlite3 *db, void *ctx)
{
	struct change *c = ctx;
	enum haven_status st = case_exists(db, c->id);
	if (st != HAVEN_OK)
		return st;
	if ((st = db_exec_with(db, "INSERT OR IGNORE INTO review_members (case_id, user_id) VALUES (?, ?)",
	                       DB_INT(c->id), DB_INT(c->other))) != HAVEN_OK)
		return st;
	/* who was added goes in the reason, so the trail shows who was let into the group */
	char who[48];
	snprintf(who, sizeof who, "added user %lld", c->other);
	return audit_record(db_tx(db), c->actor, "review.member", "review", c->id, who);
}

enum haven_status reviews_add_member(long long id, long long user_id, const struct actor *actor)
{
	struct change c = {.id = id, .other = user_id, .actor = actor};
	return db_write(write_member, &c);
}

struct theme_change {
	const char *slug, *name;
	bool retired;
	int months;
	const struct actor *actor;
};

static enum haven_status write_theme_add(sqlite3 *db, void *ctx)
{
	struct theme_change *t = ctx;
	enum haven_status st = db_exec_with(db, "INSERT INTO review_themes (slug, name) VALUES (?, ?)",
	                                    DB_TEXT(t->slug), DB_TEXT(t->name));
	return st == HAVEN_OK ? audit_record(db_tx(db), t->actor, "review.settings", NULL, 0, NULL) : st;
}

enum haven_status reviews_theme_add(const char *slug, const char *name, const struct actor *actor)
{
	struct theme_change t = {.slug = slug, .name = name, .actor = actor};
	return db_write(write_theme_add, &t);
}

static enum haven_status write_theme_retire(sqlite3 *db, void *ctx)
{
	struct theme_change *t = ctx;
	sqlite3_stmt *stmt = db_prepare(db, "UPDATE review_themes SET retired = ? WHERE slug = ?");
	if (!db_bind(stmt, DB_INT(t->retired ? 1 : 0), DB_TEXT(t->slug)))
		return HAVEN_ERR_DB;
	enum haven_status st = exec_one(db, stmt);
	return st == HAVEN_OK ? audit_record(db_tx(db), t->actor, "review.settings", NULL, 0, NULL) : st;
}

enum haven_status reviews_theme_retire(const char *slug, bool retired, const struct actor *actor)
{
	struct theme_change t = {.slug = slug, .retired = retired, .actor = actor};
	return db_write(write_theme_retire, &t);
}

static enum haven_status write_months(sqlite3 *db, void *ctx)
{
	struct theme_change *t = ctx;
	sqlite3_stmt *stmt =
	    db_prepare(db, "INSERT INTO review_settings (key, value) VALUES ('cspr_publication_months', ?)"
	                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	if (!stmt)
		return HAVEN_ERR_DB;
	char text[16];
	snprintf(text, sizeof text, "%d", t->months);
	sqlite3_bind_text(stmt, 1, text, -1, SQLITE_TRANSIENT);
	enum haven_status st = db_exec_stmt(stmt);
	/* every commissioned CSPR's expected publication moves with the setting */
	if (st == HAVEN_OK)
		st = store_every_next_due(db, NULL);
	return st == HAVEN_OK ? audit_record(db_tx(db), t->actor, "review.settings", NULL, 0, NULL) : st;
}

enum haven_status reviews_set_cspr_months(int months, const struct actor *actor)
{
	struct theme_change t = {.months = months, .actor = actor};
	return db_write(write_months, &t);
}

enum haven_status reviews_load_demo(void)
{
	enum haven_status st = db_load_demo_sql("demo/reviews.sql", NULL, NULL);
	return st == HAVEN_OK ? reviews_refresh_next_due() : st;
}

/* ---- the records this area holds, for the access policy and the audit trail (auth/records.h) ---- */

/* a review's group is named people, not agencies */
static const char related_review[] = "SELECT 1 FROM review_members WHERE case_id = :id AND user_id = :user";
DB_REGISTER(related_review);

static const char children_of_review[] =
    "SELECT child_id FROM review_cases WHERE id = :id AND child_id IS NOT NULL";
DB_REGISTER(children_of_review);

const struct record_type reviews_records[] = {
    {.name = "review", .related = related_review, .children = children_of_review},
    {0},
};
