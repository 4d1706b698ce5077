/*
 * store_sqlite.c (threshold) — the SQLite queries behind store.h.
 * The framework's versions are kept the way app/document_versions.h says.
 */
#include "areas/threshold/store.h"

#include <stdlib.h>
#include <string.h>

#include "app/document_versions.h"
#include "areas/threshold/framework.h"
#include "auth/audit.h"
#include "store/db.h"

/* The framework's versions table, run by app/document_versions_sqlite.c. */
static const char framework_select[] = "SELECT id, version, document FROM framework_versions"
                                       " WHERE ?1 = 0 OR id = ?1 ORDER BY id DESC LIMIT 1";
DB_REGISTER(framework_select);
static const char framework_taken[] = "SELECT 1 FROM framework_versions WHERE version = ?1";
DB_REGISTER(framework_taken);
static const char framework_insert[] =
    "INSERT INTO framework_versions (version, document, published_by) VALUES (?1, ?2, ?3)";
DB_REGISTER(framework_insert);

static const struct document_versions framework_versions = {
    .what = "framework",
    .select = framework_select,
    .taken = framework_taken,
    .insert = framework_insert,
    .audit_action = "framework.publish",
    .audit_resource = "framework_version",
};

enum haven_status threshold_store_framework(long long id, long long *out_id, json_t **document,
                                            json_t **version)
{
	return document_version_get(&framework_versions, id, out_id, document, version);
}

/*
 * A version's title and how many indicators it has, from its document read
 * here rather than by the engine's JSON functions (#21): the row's "title"
 * holds the document until then, and "indicator_count" waits in its place.
 */
static bool summarise_document(json_t *row)
{
	const char *text = json_string_value(json_object_get(row, "title"));
	json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
	if (!doc)
		return false;
	json_t *title = json_object_get(doc, "title"), *indicators = json_object_get(doc, "indicators");
	json_object_set_new(row, "indicator_count",
	                    indicators ? json_integer((json_int_t)json_array_size(indicators)) : json_null());
	json_object_set(row, "title", title ? title : json_null());
	json_decref(doc);
	return true;
}

enum haven_status threshold_store_versions(json_t **out)
{
	enum haven_status st = db_read_rows(
	    out, "SELECT f.id, f.version, f.document AS title, f.published_at,"
	         " u.name AS published_by_name, NULL AS indicator_count,"
	         " (SELECT count(*) FROM threshold_assessments a WHERE a.framework_id = f.id)"
	         " AS decision_count"
	         " FROM framework_versions f LEFT JOIN users u ON u.id = f.published_by ORDER BY f.id DESC");
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *row;
	json_array_foreach(*out, i, row)
	{
		if (!summarise_document(row)) {
			json_decref(*out);
			*out = NULL;
			return HAVEN_ERR_INTERNAL;
		}
	}
	return HAVEN_OK;
}

enum haven_status threshold_store_publish(const json_t *document, long long published_by,
                                          const struct actor *actor, long long *id)
{
	return document_version_publish(&framework_versions, document, published_by, actor, id);
}

struct assessment_unit {
	const struct threshold_assessment_new *a;
	const char *indicators, *basis;
	const struct audit_shown *shown;
	const struct actor *actor;
	long long id;
};

static enum haven_status write_assessment(db_conn *db, void *ctx)
{
	struct assessment_unit *u = ctx;
	const struct threshold_assessment_new *a = u->a;
	char now[DB_TIME_SIZE];
	db_now_text(now);
	enum haven_status st = db_integer_with(
	    db,
	    "INSERT INTO threshold_assessments (framework_id, user_id, "
	    "agency_id, la_code, age_band, indicators,"
	    " suggested_level, suggestion_basis, chosen_level, "
	    "chosen_reason, child_id, source_referral_id, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    &u->id, DB_INT(a->framework_id), DB_INT(a->user_id), DB_INT(a->agency_id), DB_INT(a->la_code),
	    DB_TEXT(a->age_band), DB_TEXT(u->indicators), DB_INT(a->suggested_level), DB_TEXT(u->basis),
	    DB_INT(a->chosen_level), DB_TEXT(a->chosen_reason), a->child_id ? DB_INT(a->child_id) : DB_NULL,
	    a->source_referral_id ? DB_INT(a->source_referral_id) : DB_NULL, DB_TEXT(now));
	if (st != HAVEN_OK)
		return st;
	return audit_record_shown(db_tx(db), u->actor, "threshold.use", "threshold_assessment", u->id, NULL,
	                          u->shown);
}

enum haven_status threshold_store_assessment_add(const struct threshold_assessment_new *a,
                                                 const struct audit_shown *shown, const struct actor *actor,
                                                 long long *id)
{
	char *indicators = json_dumps(a->indicators, JSON_COMPACT);
	char *basis = json_dumps(a->basis, JSON_COMPACT | JSON_PRESERVE_ORDER);
	enum haven_status st = HAVEN_ERR_INTERNAL;
	if (indicators && basis) {
		struct assessment_unit u = {
		    .a = a, .indicators = indicators, .basis = basis, .shown = shown, .actor = actor};
		st = db_write(write_assessment, &u);
		if (st == HAVEN_OK)
			*id = u.id;
	}
	free(indicators);
	free(basis);
	return st;
}

/* Replaces the text column `key` of `row` by its parsed JSON. */
static bool parse_column(json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	json_t *v = s ? json_loads(s, 0, NULL) : NULL;
	if (!v)
		return false;
	json_object_set_new(row, key, v);
	return true;
}

enum haven_status threshold_store_assessment(long long id, json_t **out)
{
	*out = NULL;
	db_conn *db = db_reader();
	json_t *row;
	enum haven_status st = db_row_with(
	    db,
	    "SELECT a.id, a.framework_id, f.version, a.user_id, a.agency_id, a.la_code, a.age_band, "
	    "a.indicators,"
	    " a.suggested_level, a.suggestion_basis, a.chosen_level, a.chosen_reason, a.created_at,"
	    " u.name AS user_name, g.name AS agency_name, a.child_id, a.source_referral_id,"
	    /* the request for support made from it, if any (a decision leads to one request at most) */
	    " r.id AS request_id, r.reference AS request_reference"
	    " FROM threshold_assessments a JOIN framework_versions f ON f.id = a.framework_id"
	    " LEFT JOIN users u ON u.id = a.user_id LEFT JOIN agencies g ON g.id = a.agency_id"
	    " LEFT JOIN support_requests r ON r.assessment_id = a.id WHERE a.id = ?",
	    &row, DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	if (!parse_column(row, "indicators") || !parse_column(row, "suggestion_basis")) {
		json_decref(row);
		return HAVEN_ERR_INTERNAL;
	}
	*out = row;
	return HAVEN_OK;
}

enum haven_status threshold_store_decision_counts(int64_t from, int64_t to, json_t **out)
{
	/*
	 * the period by each decision's instant, as the front door's figures take each request's;
	 * created_at is always written as db_now_text writes it, so its text compares as its instant
	 */
	char from_text[DB_TIME_SIZE], to_text[DB_TIME_SIZE];
	db_time_text(from, from_text);
	db_time_text(to, to_text);
	return db_read_rows(
	    out,
	    "SELECT la.code AS la_code, la.name AS la_name, a.chosen_level AS level,"
	    " count(a.id) AS decisions"
	    " FROM local_authorities la LEFT JOIN threshold_assessments a ON a.la_code = la.code"
	    " AND a.created_at >= ?1 AND a.created_at < ?2"
	    " GROUP BY la.code, a.chosen_level ORDER BY la.name, la.code, a.chosen_level",
	    DB_TEXT(from_text), DB_TEXT(to_text));
}

enum haven_status threshold_load_demo(void)
{
	enum haven_status st = document_version_load_demo(
	    &framework_versions, "data/threshold/framework-demo.json", threshold_framework_check);
	return st == HAVEN_OK ? db_load_demo_sql("demo/threshold.sql", NULL, NULL) : st;
}
