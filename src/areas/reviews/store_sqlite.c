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

#include "app/paged_rows_sqlite.h"
#include "app/record_lists_sqlite.h"
#include "areas/calendar/calendar.h"
#include "areas/reviews/rules.h"
#include "auth/audit.h"
#include "core/log.h"
#include "store/changed_row_sqlite.h"
#include "store/db.h"
#include "store/row_found_sqlite.h"

/* ---- reading ---- */

/*
 * A page of cases by (aware_on, id), newest first (app/paged_rows_sqlite.h:
 * the filters ?1..?5, then the cursor row ?6 and the rows to fetch ?7),
 * from the cursor row (one the user may see); with no such row, compared
 * with a key after every row (forward) or before every row (backward).
 * Scoped in the query: the partnership's every case (?1), anyone else's
 * groups (?2). Narrowed to the stage ?3, the reference ?4 and the cases
 * with a deadline not met before the day ?5 (next_due_on, migration 0143)
 * (NULL: any); SCOPE names the one that picks the index: ""
 * (review_cases_by_aware), BY_STAGE, BY_REFERENCE or BY_OVERDUE
 * (review_cases_outstanding: only the cases with a deadline not met, in the
 * list's order, so the overdue are found among the open).
 */
#define CASES_NARROWED                                                                                       \
	" AND (CAST(?3 AS TEXT) IS NULL OR c.stage = ?3) AND (CAST(?4 AS TEXT) IS NULL OR c.reference = ?4)" \
	" AND (CAST(?5 AS TEXT) IS NULL OR c.next_due_on < ?5)"
#define CASES_VISIBLE                                                                                        \
	" (?1 OR EXISTS (SELECT 1 FROM review_members m WHERE m.case_id = c.id AND m.user_id = ?2))"
#define BY_STAGE " AND c.stage = ?3"
#define BY_REFERENCE " AND c.reference = ?4"
#define BY_OVERDUE " AND c.next_due_on < ?5"
#define CASES_PAGE(SCOPE, CMP, ORDER, NO_ROW, PICK)                                                          \
	"SELECT c.id, c.reference, c.child_pseudonym, c.harm, la.name AS la_name, c.looked_after_child,"     \
	" c.aware_on, c.panel_notified_on, c.rapid_review_on, c.rapid_review_decision,"                      \
	" c.rapid_review_submitted_on, c.cspr_commissioned_on, c.cspr_published_on, "                        \
	"c.cspr_not_published_reason, c.stage, c.next_due_on"                                                \
	" FROM review_cases c JOIN local_authorities la ON la.code = c.la_code"                              \
	" WHERE" CASES_VISIBLE SCOPE CASES_NARROWED " AND (c.aware_on, c.id) " CMP                           \
	" (SELECT aware_on, id FROM review_cases k WHERE k.id = ?6 AND (?1 OR"                               \
	" EXISTS (SELECT 1 FROM review_members m WHERE m.case_id = k.id AND m.user_id = ?2))"                \
	" UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK " LIMIT 1)"                                          \
	" ORDER BY c.aware_on " ORDER ", c.id " ORDER " LIMIT ?7"
/* How many cases the list finds, at most ?6 (its filters as CASES_PAGE). */
#define CASES_COUNT(SCOPE)                                                                                   \
	"SELECT count(*) FROM (SELECT 1 FROM review_cases c WHERE" CASES_VISIBLE SCOPE CASES_NARROWED        \
	" LIMIT ?6) AS page"
/* The list narrowed through SCOPE's index: its three statements. */
#define CASES_LIST(SCOPE)                                                                                    \
	{                                                                                                    \
		.after = DB_SQL(CASES_PAGE(SCOPE, "<", "DESC", "'~', 0", "ASC")),                            \
		.before = DB_SQL(CASES_PAGE(SCOPE, ">", "ASC", "'', 0", "DESC")),                            \
		.count = DB_SQL(CASES_COUNT(SCOPE)), .none_after = 0                                         \
	}

enum haven_status reviews_list(long long user_id, bool every_case, const struct reviews_filter *filter,
                               const struct page *page, json_t **out, long long *total)
{
	const struct paged_rows by_reference = CASES_LIST(BY_REFERENCE), by_overdue = CASES_LIST(BY_OVERDUE),
	                        by_stage = CASES_LIST(BY_STAGE), every = CASES_LIST("");
	const struct paged_rows *list = filter->reference    ? &by_reference
	                                : filter->due_before ? &by_overdue
	                                : filter->stage      ? &by_stage
	                                                     : &every;
	return paged_rows_read(page, list,
	                       DB_VALUES(DB_INT(every_case ? 1 : 0), DB_INT(user_id), DB_TEXT(filter->stage),
	                                 DB_TEXT(filter->reference), DB_TEXT(filter->due_before)),
	                       out, total);
}

/* A case's lists, each read by the case's id (?1) and kept under its key (reviews_get). */
static const char case_agencies[] =
    "SELECT a.slug, a.name FROM review_agencies r JOIN agencies a ON a.id = r.agency_id"
    " WHERE r.case_id = ?1 ORDER BY a.name";
DB_REGISTER(case_agencies);
static const char case_contributions[] =
    "SELECT k.id, a.slug AS agency_slug, a.name AS agency_name, k.due_on, k.received_on"
    " FROM review_contributions k JOIN agencies a ON a.id = k.agency_id"
    " WHERE k.case_id = ?1 ORDER BY a.name";
DB_REGISTER(case_contributions);
static const char case_milestones[] =
    "SELECT id, title, due_on, done_on FROM review_milestones WHERE case_id = ?1"
    " ORDER BY due_on, id";
DB_REGISTER(case_milestones);
static const char case_themes[] = "SELECT t.slug, t.name FROM review_case_themes ct JOIN review_themes t ON "
                                  "t.id = ct.theme_id"
                                  " WHERE ct.case_id = ?1 ORDER BY t.name";
DB_REGISTER(case_themes);
static const char case_members[] =
    "SELECT u.id, u.name, u.email, a.name AS agency_name FROM review_members m"
    " JOIN users u ON u.id = m.user_id LEFT JOIN agencies a ON a.id = u.agency_id"
    " WHERE m.case_id = ?1 ORDER BY u.name";
DB_REGISTER(case_members);
static const struct record_list case_lists[] = {
    {"agencies", case_agencies},     {"contributions", case_contributions},
    {"milestones", case_milestones}, {"themes", case_themes},
    {"members", case_members},       {0},
};

enum haven_status reviews_get(long long id, json_t **out)
{
	return record_read_with_lists(
	    out,
	    DB_SQL("SELECT c.*, la.slug AS la_slug, la.name AS la_name, u.name AS created_by_name"
	           " FROM review_cases c JOIN local_authorities la ON la.code = c.la_code"
	           " LEFT JOIN users u ON u.id = c.created_by WHERE c.id = ?"),
	    id, case_lists);
}

enum haven_status reviews_agency_id(const char *slug, long long *id)
{
	return db_integer_with(db_reader(), "SELECT id FROM agencies WHERE slug = ?", id, DB_TEXT(slug));
}

enum haven_status reviews_theme_id(const char *slug, bool or_retired, long long *id)
{
	if (or_retired)
		return db_integer_with(db_reader(), "SELECT id FROM review_themes WHERE slug = ?", id,
		                       DB_TEXT(slug));
	return db_integer_with(db_reader(), "SELECT id FROM review_themes WHERE slug = ? AND retired = 0", id,
	                       DB_TEXT(slug));
}

enum haven_status reviews_child_exists(long long id)
{
	return row_found_with(db_reader(), "SELECT id FROM children WHERE id = ?", DB_INT(id));
}

enum haven_status reviews_themes(bool with_retired, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT id, slug, name, retired FROM review_themes WHERE ?1 "
	                    "OR retired = 0 ORDER BY name",
	                    DB_INT(with_retired ? 1 : 0));
}

enum haven_status reviews_theme(long long id, json_t **out)
{
	return db_row_with(db_reader(), "SELECT id, slug, name, retired FROM review_themes WHERE id = ?", out,
	                   DB_INT(id));
}

/* The CSPR publication setting (months) as `db` holds it: 6 unless set to 1 to 120. */
static enum haven_status cspr_months_in(db_conn *db, int *months)
{
	*months = 6;
	json_t *setting = NULL;
	enum haven_status st =
	    db_row(db_prepare(db, "SELECT value FROM review_settings WHERE key = 'cspr_publication_months'"),
	           &setting);
	const char *value = json_string_value(json_object_get(setting, "value"));
	int n = value ? atoi(value) : 0;
	if (n > 0 && n <= 120)
		*months = n;
	json_decref(setting);
	return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
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
static enum haven_status store_next_due(db_conn *db, long long id, int months)
{
	json_t *c = NULL;
	/* counted with the bank holidays committed before this unit, not as this process last looked */
	enum haven_status st = calendar_in_unit(db_tx(db));
	if (st == HAVEN_OK)
		st = db_row_with(db,
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
	    db, "UPDATE review_cases SET next_due_on = ?1 WHERE id = ?2 AND next_due_on IS DISTINCT FROM ?1",
	    DB_TEXT(outstanding ? due : NULL), DB_INT(id));
}

/* store_next_due for case `id` after a change to it succeeded (`st` HAVEN_OK); else `st`. */
static enum haven_status next_due_after(db_conn *db, long long id, enum haven_status st)
{
	if (st != HAVEN_OK)
		return st;
	int months;
	st = cspr_months_in(db, &months);
	return st == HAVEN_OK ? store_next_due(db, id, months) : st;
}

/* store_next_due for every case (a unit of work of its own: `ctx` unused). */
static enum haven_status store_every_next_due(db_conn *db, void *ctx)
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

enum haven_status reviews_refresh_next_due_in(struct store_tx *tx)
{
	return store_every_next_due(db_tx_conn(tx), NULL);
}

/* A form's value `name` as a statement takes it: a number, a text, or NULL for anything else. */
static struct db_value field(const json_t *values, const char *name)
{
	const json_t *v = json_object_get(values, name);
	return json_is_integer(v) ? DB_INT(json_integer_value(v)) : DB_JSON(v);
}

struct create_unit {
	const struct review_new *n;
	const struct actor *actor;
	long long id;
	char reference[32];
};

static enum haven_status write_create(db_conn *db, void *ctx)
{
	struct create_unit *u = ctx;
	const json_t *v = u->n->values;
	const char *aware = json_string_value(json_object_get(v, "aware_on"));
	if (!aware || strlen(aware) < 4)
		return HAVEN_ERR_INVALID;
	/* the next number in the year: inside the writer, so two new cases cannot take the same one */
	char prefix[16];
	snprintf(prefix, sizeof prefix, "SI-%.4s-%%", aware);
	long long next = 0;
	if (db_integer_with(
	        db,
	        "SELECT COALESCE(MAX(CAST(substr(reference, 9) AS INTEGER)), 0) + 1 FROM review_cases"
	        " WHERE reference LIKE ?",
	        &next, DB_TEXT(prefix)) != HAVEN_OK ||
	    next <= 0)
		return HAVEN_ERR_DB;
	snprintf(u->reference, sizeof u->reference, "SI-%.4s-%03lld", aware, next);

	enum haven_status st = db_integer_with(
	    db,
	    "INSERT INTO review_cases (reference, child_pseudonym, child_id, la_code, harm, circumstances,"
	    " looked_after_child, aware_on, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    &u->id, DB_TEXT(u->reference), field(v, "child_pseudonym"), field(v, "child_id"),
	    DB_INT(u->n->la_code), field(v, "harm"), field(v, "circumstances"),
	    DB_INT(u->n->looked_after_child ? 1 : 0), field(v, "aware_on"),
	    u->n->creator_id ? DB_INT(u->n->creator_id) : DB_NULL);
	if (st != HAVEN_OK)
		return st;

	for (size_t i = 0; i < u->n->agency_count; i++) {
		if ((st = db_exec_with(db,
		                       "INSERT INTO review_agencies (case_id, agency_id) VALUES (?, ?)"
		                       " ON CONFLICT (case_id, agency_id) DO NOTHING",
		                       DB_INT(u->id), DB_INT(u->n->agency_ids[i]))) != HAVEN_OK)
			return st;
		if ((st = db_exec_with(db,
		                       "INSERT INTO review_contributions (case_id, agency_id, due_on)"
		                       " VALUES (?, ?, ?) ON CONFLICT (case_id, agency_id) DO NOTHING",
		                       DB_INT(u->id), DB_INT(u->n->agency_ids[i]),
		                       DB_TEXT(u->n->contributions_due_on))) != HAVEN_OK)
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

/*
 * A part of a case recorded from its form in one UPDATE: the form's values
 * `names`, in the statement's order before the case's id, and the audit
 * row's action.
 */
struct case_part {
	const char *update;
	const char *const *names;
	size_t count;
	const char *action;
};

/* A change to one case: the values, an optional text and number, who, and (write_part) which part. */
struct change {
	long long id, other;
	const json_t *values;
	const struct case_part *part;
	const char *text;
	const struct actor *actor;
	const long long *ids;
	size_t count;
	long long new_id;
};

/*
 * Sets the case's columns `names` (in the UPDATE's order, then its id) to the
 * change's values: HAVEN_ERR_NOT_FOUND if there is no such case.
 */
static enum haven_status update_case(db_stmt *stmt, const struct change *c, const char *const *names,
                                     size_t count)
{
	struct db_value values[16];
	if (count >= sizeof values / sizeof *values)
		return HAVEN_ERR_INTERNAL;
	for (size_t i = 0; i < count; i++)
		values[i] = field(c->values, names[i]);
	values[count] = DB_INT(c->id);
	return exec_changed_or_values(stmt, HAVEN_ERR_NOT_FOUND, values, count + 1);
}

/* After a change to case c->id (`st`): its next deadline (store_next_due), then its audit row `action`. */
static enum haven_status recorded(db_conn *db, const struct change *c, enum haven_status st,
                                  const char *action)
{
	st = next_due_after(db, c->id, st);
	return st == HAVEN_OK ? audit_record(db_tx(db), c->actor, action, "review", c->id, NULL) : st;
}

static enum haven_status write_notification(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	static const char *const names[] = {"panel_notified_on", "ofsted_notified_on",
	                                    "secretary_of_state_notified_on"};
	enum haven_status st = update_case(db_prepare(db, "UPDATE review_cases SET panel_notified_on = ?, "
	                                                  "ofsted_notified_on = ?, "
	                                                  "secretary_of_state_notified_on = ?"
	                                                  " WHERE id = ?"),
	                                   c, names, 3);
	/* the agencies' information is due a fixed time after the notification (rules.h) */
	if (st == HAVEN_OK)
		st = db_exec_with(
		    db,
		    "UPDATE review_contributions SET due_on = ? WHERE case_id = ? AND received_on IS NULL",
		    DB_TEXT(c->text), DB_INT(c->id));
	return recorded(db, c, st, "review.notification");
}

enum haven_status reviews_record_notification(long long id, const json_t *values,
                                              const char *contributions_due_on, const struct actor *actor)
{
	struct change c = {.id = id, .values = values, .text = contributions_due_on, .actor = actor};
	return db_write(write_notification, &c);
}

static enum haven_status write_contribution(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	return recorded(
	    db, c,
	    exec_changed_or(db,
	                    "UPDATE review_contributions SET received_on = ? WHERE id = ? AND case_id = ?",
	                    HAVEN_ERR_NOT_FOUND, DB_TEXT(c->text), DB_INT(c->other), DB_INT(c->id)),
	    "review.contribution");
}

enum haven_status reviews_record_contribution(long long id, long long contribution_id,
                                              const char *received_on, const struct actor *actor)
{
	struct change c = {.id = id, .other = contribution_id, .text = received_on, .actor = actor};
	return db_write(write_contribution, &c);
}

static const char rapid_review_update[] =
    "UPDATE review_cases SET rapid_review_on = ?, rapid_review_attendance = ?, "
    "rapid_review_facts = ?,"
    " rapid_review_immediate_actions = ?, rapid_review_learning = ?, rapid_review_decision = ?,"
    " rapid_review_rationale = ?, rapid_review_submitted_on = ? WHERE id = ?";
DB_REGISTER(rapid_review_update);
static const char *const rapid_review_names[] = {
    "rapid_review_on",        "rapid_review_attendance",
    "rapid_review_facts",     "rapid_review_immediate_actions",
    "rapid_review_learning",  "rapid_review_decision",
    "rapid_review_rationale", "rapid_review_submitted_on",
};
static const struct case_part rapid_review = {rapid_review_update, rapid_review_names, 8,
                                              "review.rapid_review"};

static const char cspr_update[] = "UPDATE review_cases SET cspr_commissioned_on = ?, cspr_reviewer "
                                  "= ?, cspr_terms_of_reference = ?,"
                                  " cspr_method = ?, cspr_draft_on = ?, cspr_final_on = ?, "
                                  "cspr_panel_told_on = ?, cspr_published_on = ?,"
                                  " cspr_link = ?, cspr_not_published_reason = ? WHERE id = ?";
DB_REGISTER(cspr_update);
static const char *const cspr_names[] = {
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
static const struct case_part cspr = {cspr_update, cspr_names, 10, "review.cspr"};

/* Records a part of the case (ctx: a change whose `part` says which). */
static enum haven_status write_part(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	db_stmt *stmt = db_prepare_registered(db, c->part->update);
	return recorded(db, c, update_case(stmt, c, c->part->names, c->part->count), c->part->action);
}

enum haven_status reviews_record_rapid_review(long long id, const json_t *values, const struct actor *actor)
{
	struct change c = {.id = id, .values = values, .actor = actor, .part = &rapid_review};
	return db_write(write_part, &c);
}

enum haven_status reviews_record_cspr(long long id, const json_t *values, const struct actor *actor)
{
	struct change c = {.id = id, .values = values, .actor = actor, .part = &cspr};
	return db_write(write_part, &c);
}

static enum haven_status write_milestone(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	/* no row returned: no such case */
	enum haven_status st =
	    db_integer_with(db,
	                    "INSERT INTO review_milestones (case_id, title, due_on, done_on)"
	                    " SELECT id, ?, ?, ? FROM review_cases WHERE id = ? RETURNING id",
	                    &c->new_id, field(c->values, "title"), field(c->values, "due_on"),
	                    field(c->values, "done_on"), DB_INT(c->id));
	return recorded(db, c, st, "review.milestone");
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

static enum haven_status write_milestone_done(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	return recorded(
	    db, c,
	    exec_changed_or(db, "UPDATE review_milestones SET done_on = ? WHERE id = ? AND case_id = ?",
	                    HAVEN_ERR_NOT_FOUND, DB_TEXT(c->text), DB_INT(c->other), DB_INT(c->id)),
	    "review.milestone");
}

enum haven_status reviews_milestone_done(long long id, long long milestone_id, const char *done_on,
                                         const struct actor *actor)
{
	struct change c = {.id = id, .other = milestone_id, .text = done_on, .actor = actor};
	return db_write(write_milestone_done, &c);
}

/* HAVEN_ERR_NOT_FOUND unless case `id` exists (for changes that only insert or delete rows about it). */
static enum haven_status case_exists(db_conn *db, long long id)
{
	return row_found_with(db, "SELECT 1 FROM review_cases WHERE id = ?", DB_INT(id));
}

static enum haven_status write_themes(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	enum haven_status st = case_exists(db, c->id);
	if (st != HAVEN_OK)
		return st;
	if ((st = db_exec_with(db, "DELETE FROM review_case_themes WHERE case_id = ?", DB_INT(c->id))) !=
	    HAVEN_OK)
		return st;
	for (size_t i = 0; i < c->count; i++) {
		if ((st = db_exec_with(db,
		                       "INSERT INTO review_case_themes (case_id, theme_id) VALUES (?, ?)"
		                       " ON CONFLICT (case_id, theme_id) DO NOTHING",
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

static enum haven_status write_member(db_conn *db, void *ctx)
{
	struct change *c = ctx;
	enum haven_status st = case_exists(db, c->id);
	if (st != HAVEN_OK)
		return st;
	if ((st = db_exec_with(db,
	                       "INSERT INTO review_members (case_id, user_id) VALUES (?, ?)"
	                       " ON CONFLICT (case_id, user_id) DO NOTHING",
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
	long long id;
	const struct reviews_theme_name *name;
	bool retired;
	int months;
	const struct actor *actor;
};

enum { THEME_SLUG_MAX = 100 }; /* a slug and its number, with room to spare (a name is 80 characters) */

/* The `n`th slug of `base` into slug: base itself, then base-2, base-3... (a long base cut for the number).
 */
static void numbered_slug(const char *base, int n, char slug[static THEME_SLUG_MAX])
{
	size_t length = strlen(base);
	if (length > THEME_SLUG_MAX - 9)
		length = THEME_SLUG_MAX - 9;
	if (n == 1)
		snprintf(slug, THEME_SLUG_MAX, "%s", base);
	else
		snprintf(slug, THEME_SLUG_MAX, "%.*s-%d", (int)length, base, n);
}

/*
 * Into slug, the first of `base`, base-2, base-3... that no theme but `id` (0: none) has, on the writer's
 * connection: two names wholly in another script can spell alike in Latin letters (市场 and 是常 are both
 * "shi chang"), and a typed "Shi chang 2" is not 是常 though its slug would be. HAVEN_ERR_CONFLICT if the
 * first 100 are all taken.
 */
static enum haven_status free_slug(db_conn *db, long long id, const char *base,
                                   char slug[static THEME_SLUG_MAX])
{
	for (int n = 1; n <= 100; n++) {
		numbered_slug(base, n, slug);
		enum haven_status st =
		    none_found_with(db, "SELECT count(*) FROM review_themes WHERE slug = ?1 AND id <> ?2",
		                    DB_TEXT(slug), DB_INT(id));
		if (st != HAVEN_ERR_CONFLICT)
			return st;
	}
	return HAVEN_ERR_CONFLICT;
}

/*
 * Whether the name is free in the writer's transaction: no theme but `id` looks like it or, both with Latin
 * letters, is spelt as it ("NEGLECT!", "Negléct", "Nеglect" with a Cyrillic е, "Neg<ZWJ>lect", "𝐍𝐞𝐠𝐥𝐞𝐜𝐭"
 * are "Neglect"; "СЅЕ" in Cyrillic looks like "CSE"); a twin kept from before counts. Only names are
 * compared, never stored slugs: a numbered slug ("ab-2") is no name. Asked inside the unit that writes,
 * which the writer runs one at a time (on PostgreSQL every writer of the database in turn, behind its
 * advisory lock), so two names added at once cannot both find it free; the UNIQUE indexes of look and
 * spelling would refuse the second all the same. HAVEN_ERR_CONFLICT if taken.
 */
static enum haven_status name_free(db_conn *db, long long id, const struct reviews_theme_name *name)
{
	return none_found_with(
	    db, "SELECT count(*) FROM review_themes WHERE id <> ?1 AND (look = ?2 OR spelling = ?3)",
	    DB_INT(id), DB_TEXT(name->look), DB_TEXT(name->spelling));
}

static enum haven_status write_theme_add(db_conn *db, void *ctx)
{
	struct theme_change *t = ctx;
	char slug[THEME_SLUG_MAX];
	enum haven_status st = name_free(db, 0, t->name);
	if (st == HAVEN_OK)
		st = free_slug(db, 0, t->name->slug, slug);
	if (st == HAVEN_OK)
		st = db_exec_with(
		    db, "INSERT INTO review_themes (slug, name, look, spelling) VALUES (?, ?, ?, ?)",
		    DB_TEXT(slug), DB_TEXT(t->name->name), DB_TEXT(t->name->look),
		    DB_TEXT(t->name->spelling));
	return st == HAVEN_OK ? audit_record(db_tx(db), t->actor, "review.settings", NULL, 0, NULL) : st;
}

enum haven_status reviews_theme_add(const struct reviews_theme_name *name, const struct actor *actor)
{
	struct theme_change t = {.name = name, .actor = actor};
	return db_write(write_theme_add, &t);
}

/* The cases tagged with the theme keep it: they hold its id, which a new name does not change. A twin
 * renamed is a twin no more: its new name is checked as any other's. */
static enum haven_status write_theme_rename(db_conn *db, void *ctx)
{
	struct theme_change *t = ctx;
	char slug[THEME_SLUG_MAX];
	enum haven_status st =
	    row_found_with(db, "SELECT count(*) FROM review_themes WHERE id = ?", DB_INT(t->id));
	if (st == HAVEN_OK)
		st = name_free(db, t->id, t->name);
	if (st == HAVEN_OK)
		st = free_slug(db, t->id, t->name->slug, slug);
	if (st == HAVEN_OK)
		st = exec_changed_or(
		    db,
		    "UPDATE review_themes SET slug = ?, name = ?, look = ?, spelling = ?, twin = 0"
		    " WHERE id = ?",
		    HAVEN_ERR_NOT_FOUND, DB_TEXT(slug), DB_TEXT(t->name->name), DB_TEXT(t->name->look),
		    DB_TEXT(t->name->spelling), DB_INT(t->id));
	/* the reason names the theme by its id: the old name may be the very words being taken away */
	char reason[48];
	snprintf(reason, sizeof reason, "renamed theme %lld", t->id);
	return st == HAVEN_OK ? audit_record(db_tx(db), t->actor, "review.settings", NULL, 0, reason) : st;
}

enum haven_status reviews_theme_rename(long long id, const struct reviews_theme_name *name,
                                       const struct actor *actor)
{
	struct theme_change t = {.id = id, .name = name, .actor = actor};
	return db_write(write_theme_rename, &t);
}

/* ---- a theme's look, spelling and slug made again at start-up (migration 0213) ---- */

struct mended_theme {
	long long id, twin;
	const char *name, *slug, *look, *spelling; /* as stored (in the rows read) */
	char base[THEME_SLUG_MAX], want_slug[THEME_SLUG_MAX];
	char *want_look; /* a new string, or NULL */
	bool latin, named;
	long long want_twin;
};

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether `slug` is `base` or one of its numbered slugs (base-2, base-3...), as free_slug makes them. */
static bool slug_of(const char *slug, const char *base)
{
	char numbered[THEME_SLUG_MAX];
	for (int n = 1; n <= 100; n++) {
		numbered_slug(base, n, numbered);
		if (strcmp(slug, numbered) == 0)
			return true;
	}
	return false;
}

struct mend {
	reviews_theme_name_fn name_of;
	long long changed, twins;
};

static enum haven_status write_themes_mend(db_conn *db, void *ctx)
{
	struct mend *m = ctx;
	json_t *rows = db_rows(
	    db_prepare(db, "SELECT id, name, slug, look, spelling, twin FROM review_themes ORDER BY id"));
	if (!rows)
		return HAVEN_ERR_DB;
	size_t count = json_array_size(rows);
	struct mended_theme *themes = calloc(count ? count : 1, sizeof *themes);
	enum haven_status st = themes ? HAVEN_OK : HAVEN_ERR_INTERNAL;
	for (size_t i = 0; st == HAVEN_OK && i < count; i++) {
		json_t *row = json_array_get(rows, i);
		struct mended_theme *t = &themes[i];
		t->id = json_integer_value(json_object_get(row, "id"));
		t->twin = json_integer_value(json_object_get(row, "twin"));
		t->name = json_string_value(json_object_get(row, "name"));
		t->slug = json_string_value(json_object_get(row, "slug"));
		t->look = json_string_value(json_object_get(row, "look"));
		t->spelling = json_string_value(json_object_get(row, "spelling"));
		t->named = t->name && m->name_of(t->name, t->base, sizeof t->base, &t->want_look, &t->latin);
		/* a twin: it looks or is spelt like an earlier theme that is none */
		for (size_t j = 0; j < i && !t->want_twin; j++) {
			const struct mended_theme *e = &themes[j];
			if (!t->named || !e->named || e->want_twin)
				continue;
			if ((t->want_look && same_text(t->want_look, e->want_look)) ||
			    (t->latin && e->latin && strcmp(t->base, e->base) == 0))
				t->want_twin = t->id;
		}
	}
	/* slugs: one made by this rule is kept (the theme keeps what it is sent as); any other is made
	 * again, the first free, after every kept one is counted */
	for (size_t i = 0; st == HAVEN_OK && i < count; i++) {
		struct mended_theme *t = &themes[i];
		if (!t->named || slug_of(t->slug, t->base))
			snprintf(t->want_slug, sizeof t->want_slug, "%s", t->slug);
	}
	for (size_t i = 0; st == HAVEN_OK && i < count; i++) {
		struct mended_theme *t = &themes[i];
		if (t->want_slug[0])
			continue;
		for (int n = 1; n <= 100 && !t->want_slug[0]; n++) {
			char slug[THEME_SLUG_MAX];
			numbered_slug(t->base, n, slug);
			bool taken = false;
			for (size_t j = 0; j < count && !taken; j++)
				taken = strcmp(themes[j].want_slug, slug) == 0;
			if (!taken)
				memcpy(t->want_slug, slug, sizeof slug);
		}
		if (!t->want_slug[0]) /* a hundred themes spelt alike: keep what it has */
			snprintf(t->want_slug, sizeof t->want_slug, "%s", t->slug);
	}
	/* what changes is first moved aside (its own id as twin, a slug no rule makes), so that no theme
	 * meets another's old values on the way */
	for (size_t i = 0; st == HAVEN_OK && i < count; i++) {
		struct mended_theme *t = &themes[i];
		const char *spelling = t->named && t->latin ? t->base : NULL;
		if (same_text(t->slug, t->want_slug) && same_text(t->look, t->want_look) &&
		    same_text(t->spelling, spelling) && t->twin == t->want_twin)
			continue;
		m->changed++;
		char aside[32];
		snprintf(aside, sizeof aside, "~%lld", t->id);
		st = db_exec_with(db, "UPDATE review_themes SET slug = ?, twin = id WHERE id = ?",
		                  DB_TEXT(aside), DB_INT(t->id));
		t->twin = -1; /* to be written below */
	}
	for (size_t i = 0; st == HAVEN_OK && i < count; i++) {
		struct mended_theme *t = &themes[i];
		if (t->want_twin) {
			m->twins++;
			log_info(
			    "reviews: theme %lld looks or is spelt like an earlier one (both stored before "
			    "such names were refused): rename or retire one of them",
			    t->id);
		}
		if (t->twin != -1)
			continue;
		st = db_exec_with(
		    db, "UPDATE review_themes SET slug = ?, look = ?, spelling = ?, twin = ? WHERE id = ?",
		    DB_TEXT(t->want_slug), DB_TEXT(t->want_look),
		    DB_TEXT(t->named && t->latin ? t->base : NULL), DB_INT(t->want_twin), DB_INT(t->id));
	}
	for (size_t i = 0; themes && i < count; i++)
		free(themes[i].want_look);
	free(themes);
	json_decref(rows);
	return st;
}

enum haven_status reviews_themes_mend(reviews_theme_name_fn name_of, long long *twins)
{
	struct mend m = {.name_of = name_of};
	enum haven_status st = db_write(write_themes_mend, &m);
	if (st == HAVEN_OK && m.changed)
		log_info("reviews: worked out again the look, spelling or slug of %lld themes", m.changed);
	if (twins)
		*twins = m.twins;
	return st;
}

static enum haven_status write_theme_retire(db_conn *db, void *ctx)
{
	struct theme_change *t = ctx;
	enum haven_status st =
	    exec_changed_or(db, "UPDATE review_themes SET retired = ? WHERE id = ?", HAVEN_ERR_NOT_FOUND,
	                    DB_INT(t->retired ? 1 : 0), DB_INT(t->id));
	return st == HAVEN_OK ? audit_record(db_tx(db), t->actor, "review.settings", NULL, 0, NULL) : st;
}

enum haven_status reviews_theme_retire(long long id, bool retired, const struct actor *actor)
{
	struct theme_change t = {.id = id, .retired = retired, .actor = actor};
	return db_write(write_theme_retire, &t);
}

static enum haven_status write_months(db_conn *db, void *ctx)
{
	struct theme_change *t = ctx;
	char text[16];
	snprintf(text, sizeof text, "%d", t->months);
	enum haven_status st =
	    db_exec_with(db,
	                 "INSERT INTO review_settings (key, value) VALUES ('cspr_publication_months', ?)"
	                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	                 DB_TEXT(text));
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

static RECORD_CHILDREN(children_of_review,
                       "SELECT child_id FROM review_cases WHERE id = :id AND child_id IS NOT NULL");

const struct record_type reviews_records[] = {
    {.name = "review", .related = related_review, RECORD_CHILDREN_OF(children_of_review)},
    {0},
};
