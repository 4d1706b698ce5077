/*
 * store_sqlite.c (neglect) — the SQLite queries behind store.h.
 *
 * Tool versions are kept the way app/document_versions.h says. An
 * assessment's grades are one JSON column, because they are always read and
 * written whole, against the tool version the assessment names.
 */
#include "areas/neglect/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/document_versions.h"
#include "app/paged_rows_sqlite.h"
#include "areas/neglect/tool.h"
#include "auth/audit.h"
#include "router/page.h"
#include "store/db.h"
#include "store/row_found_sqlite.h"
#include "store/text_found_sqlite.h"

/* ---- the tool ---- */

/* The tool's versions table, run by app/document_versions_sqlite.c. */
static const char tool_select[] = "SELECT id, version, document FROM neglect_tool_versions"
                                  " WHERE ?1 = 0 OR id = ?1 ORDER BY id DESC LIMIT 1";
DB_REGISTER(tool_select);
static const char tool_taken[] = "SELECT 1 FROM neglect_tool_versions WHERE version = ?1";
DB_REGISTER(tool_taken);
static const char tool_insert[] =
    "INSERT INTO neglect_tool_versions (version, document, published_by) VALUES (?1, ?2, ?3)";
DB_REGISTER(tool_insert);

static const struct document_versions tool_versions = {
    .what = "neglect tool",
    .select = tool_select,
    .taken = tool_taken,
    .insert = tool_insert,
    .audit_action = "neglect.publish",
    .audit_resource = "neglect_tool_version",
};

enum haven_status neglect_store_tool(long long id, long long *out_id, json_t **document, json_t **version)
{
	return document_version_get(&tool_versions, id, out_id, document, version);
}

/* The number of sub-areas of a tool's document, all areas together (null if it has no areas). */
static json_t *sub_area_count(const json_t *document)
{
	const json_t *areas = json_object_get(document, "areas");
	if (json_array_size(areas) == 0)
		return json_null();
	size_t count = 0, i;
	const json_t *area;
	json_array_foreach(areas, i, area) count += json_array_size(json_object_get(area, "sub_areas"));
	return json_integer((json_int_t)count);
}

enum haven_status neglect_store_versions(json_t **out)
{
	enum haven_status st =
	    db_read_rows(out, "SELECT t.id, t.version, t.document,"
	                      " t.published_at, u.name AS published_by_name,"
	                      " (SELECT count(*) FROM neglect_assessments a WHERE a.tool_id = t.id)"
	                      " AS assessment_count"
	                      " FROM neglect_tool_versions t LEFT JOIN users u ON u.id = t.published_by"
	                      " ORDER BY t.id DESC");
	if (st != HAVEN_OK)
		return st;
	/* each version's title and size, from its document */
	size_t i;
	json_t *row;
	json_array_foreach(*out, i, row)
	{
		const json_t *text = json_object_get(row, "document");
		json_t *document = json_loadb(json_string_value(text), json_string_length(text), 0, NULL);
		const json_t *title = json_object_get(document, "title");
		json_object_set_new(row, "title",
		                    json_is_string(title) ? json_string(json_string_value(title))
		                                          : json_null());
		json_object_set_new(row, "sub_area_count", sub_area_count(document));
		json_object_del(row, "document");
		json_decref(document);
	}
	return HAVEN_OK;
}

enum haven_status neglect_store_publish(const json_t *document, long long published_by,
                                        const struct actor *actor, long long *id)
{
	return document_version_publish(&tool_versions, document, published_by, actor, id);
}

/* ---- assessments ---- */

/* Assessment `a`'s agency (?1) works with its child: a live link, the rule neglect_records' `related`
 * holds an assessment's readers to, so no task leads to a page that answers 404. */
#define LIVE_LINK "EXISTS (SELECT 1 FROM child_links l WHERE l.child_id = a.child_id AND l.agency_id = ?1)"

/* Assessment `a`'s author no longer acts for the agency that began it: moved to another agency, or their
 * account disabled (as the leavers' job does to an account unused for months). */
#define AUTHOR_GONE                                                                                          \
	"NOT EXISTS (SELECT 1 FROM users x WHERE x.id = a.user_id AND x.agency_id = a.agency_id"             \
	" AND x.disabled_at IS NULL)"

/* A text, or NULL for one left empty. */
static struct db_value text_or_null(const char *s)
{
	return DB_TEXT(s && *s ? s : NULL);
}

/* A JSON value as its compact text (NULL binds NULL); the caller frees it. */
static char *json_text(const json_t *v)
{
	return v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
}

/*
 * An assessment's content as the values ?1 to ?11 of both statements below,
 * in the order they name the columns, with room after them for each
 * statement's own. The JSON columns' texts are kept here, as a bound text
 * must outlive its statement's run, until content_free.
 */
enum { CONTENT_VALUES = 11 };
struct content {
	char *grades, *area_grades;
	struct db_value values[CONTENT_VALUES + 5];
};

static void content_init(struct content *c, const struct neglect_assessment *a)
{
	json_t *empty = json_object();
	c->grades = json_text(a->grades ? a->grades : empty);
	json_decref(empty);
	c->area_grades = json_text(a->finished ? a->area_grades : NULL);
	const struct db_value content[CONTENT_VALUES] = {
	    DB_TEXT(a->age_band),
	    DB_TEXT(a->finished ? "finished" : "draft"),
	    DB_TEXT(c->grades),
	    text_or_null(a->family_voice),
	    text_or_null(a->child_voice),
	    text_or_null(a->strengths),
	    text_or_null(a->summary),
	    text_or_null(a->assessed_on),
	    text_or_null(a->review_on),
	    DB_TEXT(c->area_grades),
	    a->finished && a->overall_grade ? DB_INT(a->overall_grade) : DB_NULL,
	};
	memcpy(c->values, content, sizeof content);
}

static void content_free(struct content *c)
{
	free(c->grades);
	free(c->area_grades);
}

struct add_unit {
	const struct neglect_assessment *a;
	const struct actor *actor;
	long long id;
};

static enum haven_status write_add(db_conn *db, void *ctx)
{
	struct add_unit *u = ctx;
	struct content c;
	content_init(&c, u->a);
	c.values[11] = DB_INT(u->a->tool_id);
	c.values[12] = DB_INT(u->a->child_id);
	c.values[13] = DB_INT(u->a->user_id);
	c.values[14] = DB_INT(u->a->agency_id);
	c.values[15] = u->a->la_code ? DB_INT(u->a->la_code) : DB_NULL;
	enum haven_status st = db_integer_values(
	    db_prepare(
	        db,
	        "INSERT INTO neglect_assessments (age_band, status, grades, family_voice, child_voice, "
	        "strengths,"
	        " summary, assessed_on, review_on, area_grades, overall_grade, tool_id, child_id, user_id,"
	        " agency_id, la_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	        "?15, "
	        "?16) RETURNING id"),
	    &u->id, c.values, CONTENT_VALUES + 5);
	content_free(&c);
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), u->actor, "neglect.assess", "neglect_assessment", u->id, NULL);
}

enum haven_status neglect_store_add(const struct neglect_assessment *a, const struct actor *actor,
                                    long long *id)
{
	struct add_unit u = {.a = a, .actor = actor};
	enum haven_status st = db_write(write_add, &u);
	if (st == HAVEN_OK)
		*id = u.id;
	return st;
}

struct update_unit {
	long long id;
	const struct neglect_assessment *a;
	const struct actor *actor;
};

static enum haven_status write_update(db_conn *db, void *ctx)
{
	struct update_unit *u = ctx;
	/* only a draft changes: checked in the writer, so two finishes cannot both pass */
	char status[32];
	enum haven_status st = text_found_with(db, "SELECT status FROM neglect_assessments WHERE id = ?",
	                                       status, sizeof status, DB_INT(u->id));
	if (st != HAVEN_OK)
		return st;
	if (strcmp(status, "draft") != 0)
		return HAVEN_ERR_CONFLICT;
	struct content c;
	content_init(&c, u->a);
	char now[DB_TIME_SIZE];
	db_now_text(now);
	c.values[11] = DB_INT(u->id);
	c.values[12] = DB_TEXT(now);
	st = db_exec_values(
	    db_prepare(db, "UPDATE neglect_assessments SET age_band = ?1, status = ?2, grades = ?3,"
	                   " family_voice = ?4, child_voice = ?5, strengths = ?6, summary = ?7,"
	                   " assessed_on = ?8, review_on = ?9, area_grades = ?10, overall_grade = ?11,"
	                   " updated_at = ?13 WHERE id = ?12"),
	    c.values, CONTENT_VALUES + 2);
	content_free(&c);
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), u->actor, "neglect.update", "neglect_assessment", u->id,
	                    u->a->finished ? "finished" : NULL);
}

enum haven_status neglect_store_update(long long id, const struct neglect_assessment *a,
                                       const struct actor *actor)
{
	struct update_unit u = {.id = id, .a = a, .actor = actor};
	return db_write(write_update, &u);
}

/* Replaces the JSON text in `o`[key] by the value it holds (a stored JSON column); null stays null. */
static bool parse_column(json_t *o, const char *key)
{
	const char *text = json_string_value(json_object_get(o, key));
	if (!text)
		return true;
	json_t *v = json_loads(text, 0, NULL);
	if (!v)
		return false;
	json_object_set_new(o, key, v);
	return true;
}

enum haven_status neglect_store_get(long long id, json_t **out)
{
	json_t *row;
	enum haven_status st = db_row_with(
	    db_reader(),
	    "SELECT a.id, a.tool_id, t.version AS tool_version, a.child_id,"
	    " c.given_name || ' ' || c.family_name AS child_name, a.user_id, u.name AS user_name,"
	    " a.agency_id, g.name AS agency_name, a.la_code, a.age_band, a.status, a.grades,"
	    " a.family_voice, a.child_voice, a.strengths, a.summary, a.assessed_on, a.review_on,"
	    " a.area_grades, a.overall_grade, a.created_at, a.updated_at, m.name AS agreed_by_name,"
	    " a.agreed_at, a.agreement_note, EXISTS (SELECT 1 FROM neglect_agreement_agencies n"
	    " WHERE n.agency_id = a.agency_id) AS agreement_asked, " AUTHOR_GONE " AS author_left"
	    " FROM neglect_assessments a JOIN neglect_tool_versions t ON t.id = a.tool_id"
	    " JOIN children c ON c.id = a.child_id LEFT JOIN users u ON u.id = a.user_id"
	    " LEFT JOIN agencies g ON g.id = a.agency_id LEFT JOIN users m ON m.id = a.agreed_by"
	    " WHERE a.id = ?",
	    &row, DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	if (!parse_column(row, "grades") || !parse_column(row, "area_grades")) {
		json_decref(row);
		return HAVEN_ERR_INTERNAL;
	}
	json_object_set_new(row, "agreement_asked",
	                    json_boolean(json_integer_value(json_object_get(row, "agreement_asked"))));
	json_object_set_new(row, "author_left",
	                    json_boolean(json_integer_value(json_object_get(row, "author_left"))));
	*out = row;
	return HAVEN_OK;
}

/* An agency's assessments by id, newest first, from the cursor ?2, on neglect_assessments_by_agency. */
#define AGENCY_PAGE(CMP, ORDER)                                                                              \
	"SELECT a.id, a.child_id, c.given_name || ' ' || c.family_name AS child_name, a.status, "            \
	"a.assessed_on,"                                                                                     \
	" a.review_on, a.overall_grade, u.name AS user_name, a.created_at FROM neglect_assessments a"        \
	" JOIN children c ON c.id = a.child_id LEFT JOIN users u ON u.id = a.user_id"                        \
	" WHERE a.agency_id = ?1 AND a.id " CMP " ?2 ORDER BY a.id " ORDER " LIMIT ?3"

enum haven_status neglect_store_agency_list(long long agency_id, const struct page *page, json_t **out,
                                            long long *total)
{
	const struct paged_rows assessments = {
	    .after = DB_SQL(AGENCY_PAGE("<", "DESC")),
	    .before = DB_SQL(AGENCY_PAGE(">", "ASC")),
	    .count = DB_SQL("SELECT count(*) FROM (SELECT 1 FROM neglect_assessments WHERE agency_id = ?1 "
	                    "LIMIT ?2) AS page"),
	    .none_after = PAGE_NO_ROW_ABOVE};
	return paged_rows_read(page, &assessments, DB_VALUES(DB_INT(agency_id)), out, total);
}

enum haven_status neglect_store_child_assessments(long long child_id, long long agency_id, json_t **out)
{
	/* a child has a handful of assessments over the years: the list is theirs, not paged */
	json_t *rows;
	if (db_read_rows(&rows,
	                 "SELECT a.id, a.status, a.assessed_on, a.review_on, a.overall_grade, a.area_grades,"
	                 " a.tool_id, g.name AS agency_name, u.name AS user_name, a.created_at"
	                 " FROM neglect_assessments a LEFT JOIN agencies g ON g.id = a.agency_id"
	                 " LEFT JOIN users u ON u.id = a.user_id"
	                 " WHERE a.child_id = ?1 AND (a.status = 'finished' OR a.agency_id = ?2)"
	                 " ORDER BY a.status = 'draft', a.assessed_on, a.id",
	                 DB_INT(child_id), DB_INT(agency_id)) != HAVEN_OK)
		return HAVEN_ERR_DB;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		if (!parse_column(r, "area_grades")) {
			json_decref(rows);
			return HAVEN_ERR_INTERNAL;
		}
	}
	*out = rows;
	return HAVEN_OK;
}

enum haven_status neglect_store_waiting(long long agency_id, long long user_id, json_t **drafts,
                                        json_t **reviews)
{
	*drafts = *reviews = NULL;
	db_conn *db = db_reader();
	/* a draft is its author's to finish, only while they act for the agency that began it and it works
	 * with the child (a live link, as opening the draft asks: else the task would lead to a 404) */
	*drafts = db_rows_with(db,
	                       "SELECT a.id, a.updated_at FROM neglect_assessments a"
	                       " WHERE a.agency_id = ?1 AND a.user_id = ?2 AND a.status = 'draft'"
	                       " AND " LIVE_LINK " ORDER BY a.id",
	                       DB_INT(agency_id), DB_INT(user_id));
	/* a review is the agency's, while it works with the child, whoever assessed and wherever they are */
	if (*drafts)
		*reviews = db_rows_with(
		    db,
		    "SELECT a.id, a.review_on FROM neglect_assessments a"
		    " WHERE a.agency_id = ?1 AND a.status = 'finished' AND NOT EXISTS"
		    " (SELECT 1 FROM neglect_assessments b WHERE b.child_id = a.child_id"
		    " AND b.status = 'finished' AND (b.assessed_on, b.id) > (a.assessed_on, a.id))"
		    " AND " LIVE_LINK " ORDER BY a.review_on, a.id",
		    DB_INT(agency_id));
	if (*drafts && *reviews)
		return HAVEN_OK;
	json_decref(*drafts);
	json_decref(*reviews);
	*drafts = *reviews = NULL;
	return HAVEN_ERR_DB;
}

static const char assessment_events[] =
    "SELECT a.assessed_on AS at, a.id AS record_id,"
    " CASE WHEN row_number() OVER (ORDER BY a.assessed_on, a.id) = 1"
    " THEN 'Neglect assessment (baseline)' ELSE 'Neglect reassessment' END AS text,"
    " g.name AS agency FROM neglect_assessments a LEFT JOIN agencies g ON g.id = a.agency_id"
    " WHERE a.child_id = ?1 AND a.status = 'finished' ORDER BY a.assessed_on, a.id";
DB_REGISTER(assessment_events);

const struct chronology_kind neglect_chronology[] = {{.kind = "neglect_assessment",
                                                      .kind_label = "Neglect assessments",
                                                      .action = "neglect.read",
                                                      .record_type = "neglect_assessment",
                                                      .href = "/neglect/assessments/",
                                                      .sql = assessment_events},
                                                     {0}};

/* ---- a manager's agreement ---- */

struct setting_unit {
	const char *slug;
	bool required;
};

static enum haven_status write_setting(db_conn *db, void *ctx)
{
	struct setting_unit *u = ctx;
	long long agency;
	enum haven_status st =
	    db_integer_with(db, "SELECT id FROM agencies WHERE slug = ?", &agency, DB_TEXT(u->slug));
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? st : HAVEN_ERR_DB;
	st = u->required ? db_exec_with(db,
	                                "INSERT INTO neglect_agreement_agencies (agency_id) VALUES (?)"
	                                " ON CONFLICT (agency_id) DO NOTHING",
	                                DB_INT(agency))
	                 : db_exec_with(db, "DELETE FROM neglect_agreement_agencies WHERE agency_id = ?",
	                                DB_INT(agency));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), NULL, "neglect.agreement_setting", "agency", agency,
	                    u->required ? "agreement asked for" : "agreement not asked for");
}

enum haven_status neglect_store_set_agreement(const char *slug, bool required)
{
	struct setting_unit u = {.slug = slug, .required = required};
	return db_write(write_setting, &u);
}

enum haven_status neglect_store_agreement_required(long long agency_id, bool *required)
{
	enum haven_status st = row_found_with(
	    db_reader(), "SELECT 1 FROM neglect_agreement_agencies WHERE agency_id = ?", DB_INT(agency_id));
	*required = st == HAVEN_OK;
	return st == HAVEN_OK || st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : HAVEN_ERR_DB;
}

struct agree_unit {
	long long id;
	const char *note;
	const struct actor *actor;
	enum neglect_agreement_refusal refusal;
};

static enum haven_status write_agree(db_conn *db, void *ctx)
{
	struct agree_unit *u = ctx;
	json_t *row;
	enum haven_status st =
	    db_row_with(db,
	                "SELECT a.status = 'finished' AS finished, a.agreed_at IS NOT NULL AS agreed, EXISTS "
	                "(SELECT 1 FROM"
	                " neglect_agreement_agencies n WHERE n.agency_id = a.agency_id) AS asked FROM "
	                "neglect_assessments a WHERE a.id = ?",
	                &row, DB_INT(u->id));
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? st : HAVEN_ERR_DB;
	bool finished = json_integer_value(json_object_get(row, "finished"));
	bool agreed = json_integer_value(json_object_get(row, "agreed"));
	bool asked = json_integer_value(json_object_get(row, "asked"));
	json_decref(row);
	/* checked inside the writer, so two managers cannot both agree one assessment */
	u->refusal = !asked      ? NEGLECT_AGREE_NOT_ASKED
	             : !finished ? NEGLECT_AGREE_NOT_FINISHED
	             : agreed    ? NEGLECT_AGREE_ALREADY
	                         : NEGLECT_AGREE_OK;
	if (u->refusal != NEGLECT_AGREE_OK)
		return HAVEN_OK;
	char now[DB_TIME_SIZE];
	db_now_text(now);
	st = db_exec_with(db,
	                  "UPDATE neglect_assessments SET agreed_by = ?, agreement_note = ?, agreed_at = ?"
	                  " WHERE id = ?",
	                  DB_INT(u->actor->user_id), text_or_null(u->note), DB_TEXT(now), DB_INT(u->id));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), u->actor, "neglect.agree", "neglect_assessment", u->id, NULL);
}

enum haven_status neglect_store_agree(long long id, const char *note, const struct actor *actor,
                                      enum neglect_agreement_refusal *refusal)
{
	struct agree_unit u = {.id = id, .note = note, .actor = actor};
	enum haven_status st = db_write(write_agree, &u);
	*refusal = u.refusal;
	return st;
}

enum haven_status neglect_store_to_agree(long long agency_id, long long user_id, json_t **out)
{
	/* only while the agency works with the child, as agreeing asks (else the task would lead to a 404) */
	return db_read_rows(out,
	                    "SELECT a.id, a.assessed_on FROM neglect_assessments a WHERE a.agency_id = ?1"
	                    " AND a.status = 'finished' AND a.agreed_at IS NULL AND a.user_id <> ?2"
	                    " AND EXISTS (SELECT 1 FROM neglect_agreement_agencies n WHERE n.agency_id = ?1)"
	                    " AND " LIVE_LINK " ORDER BY a.id",
	                    DB_INT(agency_id), DB_INT(user_id));
}

enum haven_status neglect_store_left_drafts(long long agency_id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT a.id, a.updated_at FROM neglect_assessments a WHERE a.agency_id = ?1"
	                    " AND a.status = 'draft' AND " AUTHOR_GONE " AND " LIVE_LINK " ORDER BY a.id",
	                    DB_INT(agency_id));
}

struct take_over_unit {
	long long id, agency_id;
	const struct actor *actor;
	enum neglect_take_over_refusal refusal;
};

static enum haven_status write_take_over(db_conn *db, void *ctx)
{
	struct take_over_unit *u = ctx;
	json_t *row;
	enum haven_status st = db_row_with(db,
	                                   "SELECT a.status = 'draft' AS draft, a.user_id, " AUTHOR_GONE
	                                   " AS gone FROM neglect_assessments a WHERE a.id = ?1"
	                                   " AND a.agency_id = ?2",
	                                   &row, DB_INT(u->id), DB_INT(u->agency_id));
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? st : HAVEN_ERR_DB;
	bool draft = json_integer_value(json_object_get(row, "draft"));
	bool gone = json_integer_value(json_object_get(row, "gone"));
	long long author = json_integer_value(json_object_get(row, "user_id"));
	json_decref(row);
	/* checked inside the writer, so two colleagues cannot both take it over, nor one take it from an
	 * author re-enabled or moved back meanwhile */
	u->refusal = !draft  ? NEGLECT_TAKE_OVER_NOT_DRAFT
	             : !gone ? NEGLECT_TAKE_OVER_AUTHOR_HERE
	                     : NEGLECT_TAKE_OVER_OK;
	if (u->refusal != NEGLECT_TAKE_OVER_OK)
		return HAVEN_OK;
	char now[DB_TIME_SIZE], detail[64];
	db_now_text(now);
	st = db_exec_with(db, "UPDATE neglect_assessments SET user_id = ?1, updated_at = ?2 WHERE id = ?3",
	                  DB_INT(u->actor->user_id), DB_TEXT(now), DB_INT(u->id));
	if (st != HAVEN_OK)
		return st;
	/* the author it was taken from, by account number: the audit says whose work it had been */
	snprintf(detail, sizeof detail, "taken over from user %lld", author);
	return audit_record(db_tx(db), u->actor, "neglect.take_over", "neglect_assessment", u->id, detail);
}

enum haven_status neglect_store_take_over(long long id, long long agency_id, const struct actor *actor,
                                          enum neglect_take_over_refusal *refusal)
{
	struct take_over_unit u = {.id = id, .agency_id = agency_id, .actor = actor};
	enum haven_status st = db_write(write_take_over, &u);
	*refusal = u.refusal;
	return st;
}

/* ---- figures ---- */

/*
 * Figures' rows counted by group: `groups` maps a group's key to its row,
 * whose "count_key" is raised by one for each row of the group added.
 */
static void count_in(json_t *groups, const char *count_key, json_t *row)
{
	char key[160];
	const char *at = NULL;
	json_t *value;
	size_t n = 0;
	json_object_foreach(row, at, value)
	{
		int w = json_is_integer(value)
		            ? snprintf(key + n, sizeof key - n, "%" JSON_INTEGER_FORMAT "|",
		                       json_integer_value(value))
		            : snprintf(key + n, sizeof key - n, "%s|",
		                       json_is_string(value) ? json_string_value(value) : "-");
		n = w < 0 || (size_t)w >= sizeof key - n ? sizeof key - 1 : n + (size_t)w;
	}
	json_t *group = json_object_get(groups, key);
	if (group) {
		json_t *count = json_object_get(group, count_key);
		json_integer_set(count, json_integer_value(count) + 1);
		json_decref(row);
		return;
	}
	json_object_set_new(row, count_key, json_integer(1));
	json_object_set_new(groups, key, row);
}

/*
 * The groups' rows as an array once the statement read into them has ended
 * at `step` (groups is taken, the statement done); NULL if it failed.
 */
static json_t *counted(json_t *groups, db_stmt *stmt, enum db_step step)
{
	db_done(stmt);
	if (step != DB_STEP_DONE) {
		json_decref(groups);
		return NULL;
	}
	json_t *rows = json_array();
	const char *key;
	json_t *row;
	json_object_foreach(groups, key, row) json_array_append(rows, row);
	json_decref(groups);
	return rows;
}

/* Column `column`'s area grades ({"AREA": grade or null}), parsed; NULL if they do not parse. */
static json_t *area_grades(db_stmt *stmt, int column)
{
	const char *text = db_column_text(stmt, column);
	return text ? json_loads(text, 0, NULL) : NULL;
}

/* Column `column`'s local authority code, or JSON null for none. */
static json_t *la_code(db_stmt *stmt, int column)
{
	return db_column_is_null(stmt, column) ? json_null() : json_integer(db_column_int(stmt, column));
}

/*
 * The area grades of the assessments a statement gives (la_code, area_grades),
 * counted by local authority, area and grade: [{la_code, area, grade, count}].
 * NULL on error.
 */
static json_t *area_grade_rows(db_stmt *stmt)
{
	json_t *groups = json_object();
	enum db_step step;
	while ((step = db_step(stmt)) == DB_STEP_ROW) {
		json_t *grades = area_grades(stmt, 1);
		const char *area;
		json_t *grade;
		json_object_foreach(grades, area, grade)
		{
			if (json_is_integer(grade))
				count_in(groups, "count",
				         json_pack("{s:o, s:s, s:O}", "la_code", la_code(stmt, 0), "area",
				                   area, "grade", grade));
		}
		json_decref(grades);
	}
	return counted(groups, stmt, step);
}

/* Whether an area graded in both has a lower (better, `sign` -1) or higher (worse, 1) grade in `latest`. */
static bool any_area_moved(const json_t *baseline, const json_t *latest, int sign)
{
	const char *area;
	json_t *now;
	json_object_foreach((json_t *)latest, area, now)
	{
		const json_t *before = json_object_get(baseline, area);
		if (json_is_integer(now) && json_is_integer(before) &&
		    (json_integer_value(now) - json_integer_value(before)) * sign > 0)
			return true;
	}
	return false;
}

/*
 * The reassessed children a statement gives (la_code, baseline's and
 * latest's area_grades), counted by local authority and whether an area is
 * better and one worse: [{la_code, better, worse, children}]. NULL on error.
 */
static json_t *change_rows(db_stmt *stmt)
{
	json_t *groups = json_object();
	enum db_step step;
	while ((step = db_step(stmt)) == DB_STEP_ROW) {
		json_t *baseline = area_grades(stmt, 1), *latest = area_grades(stmt, 2);
		count_in(groups, "children",
		         json_pack("{s:o, s:i, s:i}", "la_code", la_code(stmt, 0), "better",
		                   any_area_moved(baseline, latest, -1), "worse",
		                   any_area_moved(baseline, latest, 1)));
		json_decref(baseline);
		json_decref(latest);
	}
	return counted(groups, stmt, step);
}

enum haven_status neglect_store_figures(const char *from, const char *to, json_t **areas, json_t **counts,
                                        json_t **grades, json_t **changes, long long *children)
{
	*areas = *counts = *grades = *changes = NULL;
	*children = 0;
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	*areas =
	    db_rows_values(db_prepare(db, "SELECT code, name FROM local_authorities ORDER BY name"), NULL, 0);
	*counts = db_rows_with(
	    db,
	    "SELECT la_code, count(*) AS assessments, count(DISTINCT child_id) AS children"
	    " FROM neglect_assessments WHERE status = 'finished' AND assessed_on BETWEEN ?1 AND ?2"
	    " GROUP BY la_code",
	    DB_TEXT(from), DB_TEXT(to));
	db_stmt *assessed = db_prepare(db, "SELECT la_code, area_grades FROM neglect_assessments"
	                                   " WHERE status = 'finished' AND assessed_on BETWEEN ?1 AND ?2");
	*grades = db_bind(assessed, DB_TEXT(from), DB_TEXT(to)) ? area_grade_rows(assessed) : NULL;
	/*
	 * Each child assessed in the period: their baseline (first finished
	 * assessment) and latest up to the period's end, both found on the
	 * by-child index, and whether any area is better or worse between them,
	 * read a row at a time and counted here so that no more than a dozen rows
	 * leave the store (the rule that makes "improving" of better and worse is
	 * the tool's).
	 */
	db_stmt *reassessed = db_prepare(
	    db,
	    "WITH kids AS (SELECT DISTINCT child_id FROM neglect_assessments"
	    " WHERE status = 'finished' AND assessed_on BETWEEN ?1 AND ?2),"
	    " ends AS (SELECT k.child_id, (SELECT b.id FROM neglect_assessments b WHERE b.child_id = "
	    "k.child_id"
	    " AND b.status = 'finished' ORDER BY b.assessed_on, b.id LIMIT 1) AS baseline,"
	    " (SELECT l.id FROM neglect_assessments l WHERE l.child_id = k.child_id AND l.status = 'finished'"
	    " AND l.assessed_on <= ?2 ORDER BY l.assessed_on DESC, l.id DESC LIMIT 1) AS latest FROM kids k)"
	    " SELECT l.la_code, b.area_grades AS baseline, l.area_grades AS latest"
	    " FROM ends e JOIN neglect_assessments b ON b.id = e.baseline"
	    " JOIN neglect_assessments l ON l.id = e.latest WHERE e.baseline <> e.latest");
	*changes = db_bind(reassessed, DB_TEXT(from), DB_TEXT(to)) ? change_rows(reassessed) : NULL;
	enum haven_status st = db_integer_with(db,
	                                       "SELECT count(DISTINCT child_id) FROM neglect_assessments"
	                                       " WHERE status = 'finished' AND assessed_on BETWEEN ?1 AND ?2",
	                                       children, DB_TEXT(from), DB_TEXT(to));
	if (*areas && *counts && *grades && *changes && st == HAVEN_OK)
		return HAVEN_OK;
	json_decref(*areas);
	json_decref(*counts);
	json_decref(*grades);
	json_decref(*changes);
	*areas = *counts = *grades = *changes = NULL;
	return HAVEN_ERR_DB;
}

/* ---- the record type ---- */

/*
 * An agency sees its own assessments and the finished ones of the children it works with: both only
 * while it works with the child (a live link, as reading the child asks), so an agency that stops working
 * with a child loses its assessments with the child at once, and has them again if it is linked anew.
 */
static const char related_neglect_assessment[] =
    "SELECT 1 FROM neglect_assessments a WHERE a.id = :id"
    " AND EXISTS (SELECT 1 FROM child_links l WHERE l.child_id = a.child_id AND l.agency_id = :agency)"
    " AND (a.agency_id = :agency OR a.status = 'finished')";
DB_REGISTER(related_neglect_assessment);
static RECORD_CHILDREN(children_of_neglect_assessment,
                       "SELECT child_id FROM neglect_assessments WHERE id = :id");

const struct record_type neglect_records[] = {
    {.name = "neglect_assessment",
     .related = related_neglect_assessment,
     RECORD_CHILDREN_OF(children_of_neglect_assessment)},
    {0},
};

/* ---- the demo ---- */

/* The demo tool, then demo.sql's assessment made with it. */
enum haven_status neglect_load_demo(void)
{
	enum haven_status st =
	    document_version_load_demo(&tool_versions, "data/neglect/tool-demo.json", neglect_tool_check);
	return st == HAVEN_OK ? db_load_demo_sql("demo/neglect.sql", NULL, NULL) : st;
}

/* ---- what it holds about a child, for a subject access request's pack (app/area.h) ---- */

static const char neglect_assessments_held[] =
    "SELECT assessed_on, status, age_band, overall_grade, family_voice, child_voice, strengths, "
    "summary, review_on, (SELECT name FROM agencies WHERE id = agency_id) AS agency FROM "
    "neglect_assessments WHERE child_id = ?1 ORDER BY created_at, id";
DB_REGISTER(neglect_assessments_held);

const struct subject_access_table neglect_subject_access[] = {
    {.title = "Neglect assessments", .sql = neglect_assessments_held},
    {0},
};
