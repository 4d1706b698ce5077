/*
 * store_sqlite.c (learning) — the SQLite queries behind store.h: review
 * actions, briefings and the figures for a period.
 *
 * Each change is one db_write unit that first checks the row belongs to the
 * case named in the request's path (so an action id cannot be borrowed from
 * a case the person may not see), then changes it and appends the audit row
 * in the same unit.
 */
#include "areas/learning/store.h"

#include <stdio.h>
#include <string.h>

#include "app/paged_rows_sqlite.h"
#include "areas/partnership/store.h"
#include "auth/audit.h"
#include "store/changed_row_sqlite.h"
#include "store/db.h"
#include "store/row_found_sqlite.h"
#include "store/text_found_sqlite.h"

/* The columns of an action as the list shows it; ?1 is today, for "overdue". */
#define ACTION_COLUMNS                                                                                       \
	"SELECT a.id, a.recommendation, g.slug AS owner_agency_slug, g.name AS owner_agency_name, a.lead,"   \
	" a.due_on, a.status, a.evidence, a.completed_on, u.name AS signed_off_by_name, a.signed_off_on,"    \
	" a.impact, (a.status <> 'complete' AND a.due_on < ?1) AS overdue, a.owner_agency_id"                \
	" FROM review_actions a JOIN agencies g ON g.id = a.owner_agency_id"                                 \
	" LEFT JOIN users u ON u.id = a.signed_off_by"

/* db_rows gives SQLite's 0/1 as integers; the API promises booleans. */
static void booleans(json_t *rows, const char *const *names)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		for (const char *const *n = names; *n; n++) {
			json_t *v = json_object_get(row, *n);
			if (v)
				json_object_set_new(row, *n, json_boolean(json_integer_value(v) != 0));
		}
	}
}

static const char *const action_booleans[] = {"overdue", NULL};

enum haven_status learning_case_get(long long case_id, json_t **out)
{
	return db_row_with(db_reader(),
	                   "SELECT id, reference, child_pseudonym FROM review_cases WHERE id = ?", out,
	                   DB_INT(case_id));
}

enum haven_status learning_agencies(json_t **out)
{
	return db_read_rows(out, "SELECT slug, name FROM agencies ORDER BY name");
}

/* ---- actions ---- */

enum haven_status learning_actions_list(long long case_id, const char *today, json_t **out)
{
	*out = NULL;
	enum haven_status st = db_read_rows(out, ACTION_COLUMNS " WHERE a.case_id = ?2 ORDER BY a.id",
	                                    DB_TEXT(today), DB_INT(case_id));
	if (st != HAVEN_OK)
		return st;
	booleans(*out, action_booleans);
	return HAVEN_OK;
}

enum haven_status learning_action_get(long long case_id, long long action_id, const char *today, json_t **out)
{
	*out = NULL;
	json_t *rows = db_rows_with(db_reader(), ACTION_COLUMNS " WHERE a.case_id = ?2 AND a.id = ?3",
	                            DB_TEXT(today), DB_INT(case_id), DB_INT(action_id));
	if (!rows)
		return HAVEN_ERR_DB;
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return HAVEN_ERR_NOT_FOUND;
	}
	booleans(rows, action_booleans);
	*out = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return HAVEN_OK;
}

/* Inside a unit: HAVEN_OK if the case exists, NOT_FOUND if not. */
static enum haven_status case_exists(db_conn *db, long long case_id)
{
	enum haven_status st = row_found_with(db, "SELECT 1 FROM review_cases WHERE id = ?", DB_INT(case_id));
	return st == HAVEN_OK || st == HAVEN_ERR_NOT_FOUND ? st : HAVEN_ERR_DB;
}

struct add_action {
	const struct learning_new_action *a;
	const struct actor *actor;
	long long id;
};

static enum haven_status write_add_action(db_conn *db, void *ctx)
{
	struct add_action *w = ctx;
	enum haven_status st = case_exists(db, w->a->case_id);
	if (st != HAVEN_OK)
		return st;
	long long agency;
	st = partnership_agency_id(db_tx(db), w->a->owner_agency_slug, &agency);
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? HAVEN_ERR_INVALID : HAVEN_ERR_DB;
	st = db_integer_with(
	    db,
	    "INSERT INTO review_actions (case_id, recommendation, owner_agency_id, lead, due_on)"
	    " VALUES (?, ?, ?, ?, ?) RETURNING id",
	    &w->id, DB_INT(w->a->case_id), DB_TEXT(w->a->recommendation), DB_INT(agency), DB_TEXT(w->a->lead),
	    DB_TEXT(w->a->due_on));
	if (st != HAVEN_OK)
		return st;
	char detail[64];
	snprintf(detail, sizeof detail, "action %lld", w->id);
	return audit_record(db_tx(db), w->actor, "review.action_add", "review", w->a->case_id, detail);
}

enum haven_status learning_action_add(const struct learning_new_action *a, const struct actor *actor,
                                      long long *id)
{
	struct add_action w = {a, actor, 0};
	enum haven_status st = db_write(write_add_action, &w);
	*id = w.id;
	return st;
}

struct update_action {
	long long case_id, action_id;
	const char *status, *evidence, *completed_on, *impact, *today;
	const struct actor *actor;
};

/* The case's audit row for a change to one of its actions: "action ID", then ": `more`" if given. */
static enum haven_status audit_action(db_conn *db, const struct update_action *w, const char *what,
                                      const char *more)
{
	char detail[96];
	snprintf(detail, sizeof detail, "action %lld%s%s", w->action_id, more ? ": " : "", more ? more : "");
	return audit_record(db_tx(db), w->actor, what, "review", w->case_id, detail);
}

static enum haven_status write_update_action(db_conn *db, void *ctx)
{
	struct update_action *w = ctx;
	/* the action must be the case's: NOT_FOUND when no row is updated */
	long long id;
	enum haven_status st =
	    db_integer_with(db,
	                    "UPDATE review_actions SET status = ?, evidence = ?, completed_on = ?,"
	                    " signed_off_by = NULL, signed_off_on = NULL, impact = NULL WHERE id = ? AND "
	                    "case_id = ? RETURNING id",
	                    &id, DB_TEXT(w->status), DB_TEXT(w->evidence), DB_TEXT(w->completed_on),
	                    DB_INT(w->action_id), DB_INT(w->case_id));
	if (st != HAVEN_OK)
		return st;
	return audit_action(db, w, "review.action_update", w->status);
}

enum haven_status learning_action_update(long long case_id, long long action_id, const char *status,
                                         const char *evidence, const char *completed_on,
                                         const struct actor *actor)
{
	struct update_action w = {.case_id = case_id,
	                          .action_id = action_id,
	                          .status = status,
	                          .evidence = evidence,
	                          .completed_on = completed_on,
	                          .actor = actor};
	return db_write(write_update_action, &w);
}

static enum haven_status write_sign_off(db_conn *db, void *ctx)
{
	struct update_action *w = ctx;
	/* only a complete action is signed off; one that is not the case's is not found */
	char status[32];
	enum haven_status st =
	    text_found_with(db, "SELECT status FROM review_actions WHERE id = ? AND case_id = ?", status,
	                    sizeof status, DB_INT(w->action_id), DB_INT(w->case_id));
	if (st != HAVEN_OK)
		return st;
	if (strcmp(status, "complete") != 0)
		return HAVEN_ERR_CONFLICT;
	st = db_exec_with(db,
	                  "UPDATE review_actions SET signed_off_by = ?, signed_off_on = ?, impact = ?"
	                  " WHERE id = ?",
	                  DB_INT(w->actor->user_id), DB_TEXT(w->today), DB_TEXT(w->impact),
	                  DB_INT(w->action_id));
	if (st != HAVEN_OK)
		return st;
	return audit_action(db, w, "review.action_sign_off", NULL);
}

enum haven_status learning_action_sign_off(long long case_id, long long action_id, const char *impact,
                                           const char *today, const struct actor *actor)
{
	struct update_action w = {
	    .case_id = case_id, .action_id = action_id, .impact = impact, .today = today, .actor = actor};
	return db_write(write_sign_off, &w);
}

/* ---- briefings ---- */

struct add_briefing {
	long long case_id;
	const char *title, *body, *published_on;
	const struct actor *actor;
	long long id;
};

static enum haven_status write_add_briefing(db_conn *db, void *ctx)
{
	struct add_briefing *w = ctx;
	enum haven_status st = case_exists(db, w->case_id);
	if (st != HAVEN_OK)
		return st;
	st = db_integer_with(db,
	                     "INSERT INTO review_briefings (case_id, title, body, published_on) VALUES (?, "
	                     "?, ?, ?) RETURNING id",
	                     &w->id, DB_INT(w->case_id), DB_TEXT(w->title), DB_TEXT(w->body),
	                     DB_TEXT(w->published_on));
	if (st != HAVEN_OK)
		return st;
	char detail[64];
	snprintf(detail, sizeof detail, "briefing %lld%s", w->id, w->published_on ? " published" : "");
	return audit_record(db_tx(db), w->actor, "review.briefing_add", "review", w->case_id, detail);
}

enum haven_status learning_briefing_add(long long case_id, const char *title, const char *body,
                                        const char *published_on, const struct actor *actor, long long *id)
{
	struct add_briefing w = {case_id, title, body, published_on, actor, 0};
	enum haven_status st = db_write(write_add_briefing, &w);
	*id = w.id;
	return st;
}

struct publish {
	long long case_id, briefing_id;
	const char *today;
	const struct actor *actor;
};

static enum haven_status write_publish(db_conn *db, void *ctx)
{
	struct publish *w = ctx;
	/* keeps the first date: publishing twice is harmless, and the date practitioners saw stays true */
	enum haven_status st = exec_changed_or(
	    db,
	    "UPDATE review_briefings SET published_on = coalesce(published_on, ?)"
	    " WHERE id = ? AND case_id = ?",
	    HAVEN_ERR_NOT_FOUND, DB_TEXT(w->today), DB_INT(w->briefing_id), DB_INT(w->case_id));
	if (st != HAVEN_OK)
		return st;
	char detail[64];
	snprintf(detail, sizeof detail, "briefing %lld", w->briefing_id);
	return audit_record(db_tx(db), w->actor, "review.briefing_publish", "review", w->case_id, detail);
}

enum haven_status learning_briefing_publish(long long case_id, long long briefing_id, const char *today,
                                            const struct actor *actor)
{
	struct publish w = {case_id, briefing_id, today, actor};
	return db_write(write_publish, &w);
}

static const char *const briefing_booleans[] = {"published", NULL};

enum haven_status learning_briefings_of_case(long long case_id, json_t **out)
{
	enum haven_status st =
	    db_read_rows(out,
	                 "SELECT id, title, body, published_on, published_on IS NOT NULL AS published"
	                 " FROM review_briefings WHERE case_id = ? ORDER BY id DESC",
	                 DB_INT(case_id));
	if (st != HAVEN_OK)
		return st;
	booleans(*out, briefing_booleans);
	return HAVEN_OK;
}

/* Only these columns of the case leave the review group with a briefing. */
#define PUBLISHED_COLUMNS                                                                                    \
	"SELECT b.id, b.title, b.body, b.published_on, c.reference AS case_reference, c.child_pseudonym"     \
	" FROM review_briefings b JOIN review_cases c ON c.id = b.case_id WHERE b.published_on IS NOT NULL"

/*
 * Published briefings by (published_on, id), newest first, a page at a time
 * from the cursor briefing ?1 (a published one), on the partial index
 * review_briefings_published (migration 0041).
 */
#define PUBLISHED_PAGE(CMP, ORDER, NO_ROW, PICK)                                                             \
	PUBLISHED_COLUMNS                                                                                    \
	" AND (b.published_on, b.id) " CMP " (SELECT published_on, id FROM review_briefings k"               \
	" WHERE k.id = ?1 AND k.published_on IS NOT NULL UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK       \
	", 2 " PICK " LIMIT 1) ORDER BY b.published_on " ORDER ", b.id " ORDER " LIMIT ?2"

enum haven_status learning_briefings_published(const struct page *page, json_t **out, long long *total)
{
	const struct paged_rows published = {.after = DB_SQL(PUBLISHED_PAGE("<", "DESC", "'~', 0", "ASC")),
	                                     .before = DB_SQL(PUBLISHED_PAGE(">", "ASC", "'', 0", "DESC")),
	                                     .count =
	                                         DB_SQL("SELECT count(*) FROM (SELECT 1 FROM review_briefings"
	                                                " WHERE published_on IS NOT NULL LIMIT ?1) AS page"),
	                                     .none_after = 0};
	return paged_rows_read(page, &published, NULL, 0, out, total);
}

enum haven_status learning_briefing_published(long long briefing_id, json_t **out)
{
	return db_row_with(db_reader(), PUBLISHED_COLUMNS " AND b.id = ?", out, DB_INT(briefing_id));
}

/* ---- figures ---- */

enum haven_status learning_counts(const char *from, const char *to, struct learning_counts *out)
{
	memset(out, 0, sizeof *out);
	json_t *row;
	enum haven_status st = db_row_with(
	    db_reader(),
	    "SELECT"
	    " (SELECT count(*) FROM review_cases WHERE panel_notified_on BETWEEN ?1 AND ?2) AS notifications,"
	    " (SELECT count(*) FROM review_cases WHERE rapid_review_on BETWEEN ?1 AND ?2) AS rapid_reviews,"
	    " (SELECT count(*) FROM review_cases WHERE cspr_commissioned_on BETWEEN ?1 AND ?2) AS "
	    "commissioned,"
	    " (SELECT count(*) FROM review_cases WHERE cspr_published_on BETWEEN ?1 AND ?2) AS published,"
	    " (SELECT count(*) FROM review_cases WHERE cspr_commissioned_on <= ?2"
	    "   AND (cspr_published_on IS NULL OR cspr_published_on > ?2)"
	    "   AND cspr_not_published_reason IS NULL) AS ongoing,"
	    " (SELECT count(*) FROM review_actions WHERE status = 'complete'"
	    "   AND completed_on BETWEEN ?1 AND ?2) AS actions_complete,"
	    " (SELECT count(*) FROM review_actions WHERE due_on < ?2"
	    "   AND NOT (status = 'complete' AND completed_on <= ?2)) AS actions_overdue,"
	    " (SELECT count(*) FROM review_actions WHERE status = 'complete'"
	    "   AND completed_on BETWEEN ?1 AND ?2 AND length(trim(impact)) > 0) AS actions_with_impact,"
	    " (SELECT count(*) FROM review_briefings WHERE published_on BETWEEN ?1 AND ?2) AS briefings",
	    &row, DB_TEXT(from), DB_TEXT(to));
	if (st != HAVEN_OK)
		return HAVEN_ERR_DB;
	out->notifications = json_integer_value(json_object_get(row, "notifications"));
	out->rapid_reviews = json_integer_value(json_object_get(row, "rapid_reviews"));
	out->csprs_commissioned = json_integer_value(json_object_get(row, "commissioned"));
	out->csprs_published = json_integer_value(json_object_get(row, "published"));
	out->csprs_ongoing = json_integer_value(json_object_get(row, "ongoing"));
	out->actions_complete = json_integer_value(json_object_get(row, "actions_complete"));
	out->actions_overdue = json_integer_value(json_object_get(row, "actions_overdue"));
	out->actions_with_impact = json_integer_value(json_object_get(row, "actions_with_impact"));
	out->briefings_published = json_integer_value(json_object_get(row, "briefings"));
	json_decref(row);
	return HAVEN_OK;
}

enum haven_status learning_top_themes(const char *from, const char *to, int limit, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT t.slug, t.name, count(*) AS cases"
	                    " FROM review_case_themes ct"
	                    " JOIN review_cases c ON c.id = ct.case_id"
	                    " JOIN review_themes t ON t.id = ct.theme_id"
	                    " WHERE c.aware_on BETWEEN ?1 AND ?2"
	                    " GROUP BY t.id ORDER BY cases DESC, t.name LIMIT ?3",
	                    DB_TEXT(from), DB_TEXT(to), DB_INT(limit));
}

enum haven_status learning_deadline_dates(const char *since, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT aware_on, panel_notified_on, rapid_review_on FROM review_cases"
	                    " WHERE aware_on >= ?1 OR panel_notified_on >= ?1",
	                    DB_TEXT(since));
}

/* demo.sql's briefing, for haven init --demo. */
enum haven_status learning_load_demo(void)
{
	return db_load_demo_sql("demo/learning.sql", NULL, NULL);
}
