/*
 * screening_sqlite.c (contextual) — the SQLite queries behind store.h for
 * the exploitation screening tool's versions and the screenings made with
 * it. A published version never changes; each screening names its version.
 * Each change is one db_write unit holding the change and its audit row.
 */
#include <stdlib.h>

#include "app/document_versions.h"
#include "areas/contextual/tool.h"
#include "areas/contextual/store.h"
#include "areas/contextual/shared_sqlite.h"
#include "auth/audit.h"
#include "store/db.h"

/* A screening is related to the agencies the child's record is (child_links), as the child is. */
const char contextual_screening_related[] =
    "SELECT 1 FROM exploitation_screenings s JOIN child_links l ON l.child_id = s.child_id"
    " WHERE s.id = :id AND l.agency_id = :agency";
DB_REGISTER(contextual_screening_related);
RECORD_CHILDREN(contextual_screening_children, "SELECT child_id FROM exploitation_screenings WHERE id = :id");

/* The tool's versions table, run by app/document_versions_sqlite.c. */
static const char tool_select[] = "SELECT id, version, document FROM exploitation_tool_versions"
                                  " WHERE ?1 = 0 OR id = ?1 ORDER BY id DESC LIMIT 1";
DB_REGISTER(tool_select);
static const char tool_taken[] = "SELECT 1 FROM exploitation_tool_versions WHERE version = ?1";
DB_REGISTER(tool_taken);
static const char tool_insert[] = "INSERT INTO exploitation_tool_versions (version, document, published_at,"
                                  " published_by) VALUES (?1, ?2, ?4, ?3)";
DB_REGISTER(tool_insert);

static const struct document_versions tool_versions = {
    .what = "exploitation screening tool",
    .select = tool_select,
    .taken = tool_taken,
    .insert = tool_insert,
    .insert_names_now = true,
    .audit_action = "exploitation_tool.publish",
    .audit_resource = "exploitation_tool_version",
};

enum haven_status contextual_tool_publish(const json_t *document, const struct actor *actor, long long *id)
{
	return document_version_publish(&tool_versions, document, actor->user_id, actor, id);
}

enum haven_status contextual_tool_get(long long id, long long *out_id, json_t **document)
{
	return document_version_get(&tool_versions, id, out_id, document, NULL);
}

enum haven_status contextual_load_demo_tool(void)
{
	return document_version_load_demo(&tool_versions, "data/contextual/tool-demo.json", tool_check);
}

static enum haven_status write_screening(db_conn *db, void *ctx)
{
	struct contextual_unit *u = ctx;
	const struct new_screening *s = u->change;
	char *ticks = json_dumps(s->indicators, JSON_COMPACT);
	if (!ticks)
		return HAVEN_ERR_DB;
	enum haven_status status = db_integer_with(
	    db,
	    "INSERT INTO exploitation_screenings (child_id, tool_id, indicators, score,"
	    " rule_level, judgement, reasons, screened_on, review_by, agency_id, user_id,"
	    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    &u->created, DB_INT(s->child_id), DB_INT(s->tool_id), DB_TEXT(ticks), DB_INT(s->score),
	    DB_TEXT(s->rule_level), DB_TEXT(s->judgement), DB_TEXT(s->reasons), DB_TEXT(s->screened_on),
	    DB_TEXT(s->review_by), DB_INT(u->actor->agency_id), DB_INT(u->actor->user_id), DB_TEXT(u->now));
	free(ticks); /* bound without a copy: kept until the statement has run */
	if (status != HAVEN_OK)
		return status;
	return audit_record(db_tx(db), u->actor, "screening.create", "exploitation_screening", u->created,
	                    NULL);
}

enum haven_status contextual_screening_add(const struct new_screening *s, const struct actor *actor,
                                           long long *id)
{
	return contextual_write(write_screening, 0, s, actor, id);
}

#define SCREENING_COLUMNS                                                                                    \
	"SELECT s.id, s.child_id, v.version, s.tool_id, s.indicators, s.score, s.rule_level, s.judgement,"   \
	" s.reasons, s.screened_on, s.review_by, a.name AS agency_name, u.name AS user_name"                 \
	" FROM exploitation_screenings s JOIN exploitation_tool_versions v ON v.id = s.tool_id"              \
	" JOIN agencies a ON a.id = s.agency_id JOIN users u ON u.id = s.user_id"

/* The stored JSON text of a row's "indicators" as a JSON array. */
static void parse_indicators(json_t *row)
{
	json_t *ticks = json_loads(json_string_value(json_object_get(row, "indicators")), 0, NULL);
	json_object_set_new(row, "indicators", ticks ? ticks : json_array());
}

enum haven_status contextual_screening_get(long long id, json_t **out)
{
	*out = NULL;
	enum haven_status status =
	    db_row_with(db_reader(), SCREENING_COLUMNS " WHERE s.id = ?", out, DB_INT(id));
	if (status == HAVEN_OK)
		parse_indicators(*out);
	return status;
}

enum haven_status contextual_child_screenings(long long child_id, json_t **child, json_t **screenings)
{
	*child = *screenings = NULL;
	db_conn *db = db_reader();
	enum haven_status status =
	    db_row_with(db, "SELECT id, given_name, family_name, date_of_birth FROM children WHERE id = ?",
	                child, DB_INT(child_id));
	if (status != HAVEN_OK)
		return status;
	*screenings = db_rows_with(db, SCREENING_COLUMNS " WHERE s.child_id = ? ORDER BY s.screened_on, s.id",
	                           DB_INT(child_id));
	if (!*screenings)
		return HAVEN_ERR_DB;
	size_t i;
	json_t *row;
	json_array_foreach(*screenings, i, row) parse_indicators(row);
	return HAVEN_OK;
}

enum haven_status contextual_reviews_due(long long agency_id, const char *by, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT s.id, s.child_id, s.review_by FROM exploitation_screenings s"
	                    " WHERE s.agency_id = ? AND s.review_by <= ? AND NOT EXISTS (SELECT 1 FROM"
	                    "  exploitation_screenings later WHERE later.child_id = s.child_id"
	                    "  AND (later.screened_on, later.id) > (s.screened_on, s.id))"
	                    " ORDER BY s.review_by LIMIT 500",
	                    DB_INT(agency_id), DB_TEXT(by));
}

/* ---- published counts ---- */

enum haven_status contextual_exploitation_counts(const char *from, const char *to, json_t **out)
{
	*out = NULL;
	json_t *rows = NULL;
	enum haven_status st = db_read_rows(
	    &rows,
	    "SELECT"
	    " (SELECT count(*) FROM exploitation_screenings WHERE judgement = 'low'"
	    "  AND screened_on BETWEEN ?1 AND ?2) AS screened_low,"
	    " (SELECT count(*) FROM exploitation_screenings WHERE judgement = 'medium'"
	    "  AND screened_on BETWEEN ?1 AND ?2) AS screened_medium,"
	    " (SELECT count(*) FROM exploitation_screenings WHERE judgement = 'high'"
	    "  AND screened_on BETWEEN ?1 AND ?2) AS screened_high,"
	    " (SELECT count(*) FROM nrm_referrals WHERE referred_on BETWEEN ?1 AND ?2) AS nrm_referred,"
	    " (SELECT count(*) FROM nrm_referrals WHERE reasonable_grounds = 'positive'"
	    "  AND reasonable_grounds_on BETWEEN ?1 AND ?2) AS reasonable_positive,"
	    " (SELECT count(*) FROM nrm_referrals WHERE reasonable_grounds = 'negative'"
	    "  AND reasonable_grounds_on BETWEEN ?1 AND ?2) AS reasonable_negative,"
	    " (SELECT count(*) FROM nrm_referrals WHERE conclusive_grounds = 'positive'"
	    "  AND conclusive_grounds_on BETWEEN ?1 AND ?2) AS conclusive_positive,"
	    " (SELECT count(*) FROM nrm_referrals WHERE conclusive_grounds = 'negative'"
	    "  AND conclusive_grounds_on BETWEEN ?1 AND ?2) AS conclusive_negative,"
	    " (SELECT count(*) FROM mace_meetings WHERE level = 1 AND held_on BETWEEN ?1 AND ?2) AS "
	    "mace_level1,"
	    " (SELECT count(*) FROM mace_meetings WHERE level = 2 AND held_on BETWEEN ?1 AND ?2) AS "
	    "mace_level2",
	    DB_TEXT(from), DB_TEXT(to));
	if (st != HAVEN_OK)
		return st;
	*out = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return *out ? HAVEN_OK : HAVEN_ERR_INTERNAL;
}
