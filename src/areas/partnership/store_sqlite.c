/*
 * store_sqlite.c (partnership) — the SQLite queries behind store.h. The
 * partnership decides, checks and audits changes to agencies; the rows are
 * core and written through auth/agency_write.h in the same unit of work.
 */
#include "areas/partnership/store.h"
#include "areas/incidents/school_days.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/account_state_sqlite.h"
#include "auth/agency_write.h"
#include "auth/audit.h"
#include "auth/policy.h"
#include "auth/store.h"
#include "core/buf.h"
#include "router/errors.h"
#include "router/fields.h"
#include "store/column_list_sqlite.h"
#include "store/db.h"
#include "store/row_found_sqlite.h"

enum haven_status partnership_list_areas(json_t **out)
{
	return db_read_rows(out, "SELECT code, slug, name FROM local_authorities ORDER BY name");
}

/* The names of the areas an agency in several serves (agency_areas), or null. */
#define AREAS_SERVED                                                                                         \
	"(SELECT group_concat(name, ', ') FROM (SELECT l.name FROM agency_areas aa"                          \
	"  JOIN local_authorities l ON l.code = aa.la_code WHERE aa.agency_id = a.id ORDER BY l.name) AS "   \
	"sorted)"                                                                                            \
	" AS areas_served"
/* In area ?2 (a slug), when not NULL: its own, or one of the several it serves. */
#define IN_AREA                                                                                              \
	"(CAST(?2 AS TEXT) IS NULL OR la.slug = ?2 OR EXISTS (SELECT 1 FROM agency_areas aa"                 \
	"  JOIN local_authorities l ON l.code = aa.la_code WHERE aa.agency_id = a.id AND l.slug = ?2))"

enum haven_status partnership_list_agencies(const char *type, const char *area_slug, json_t **out)
{
	return db_read_rows(
	    out,
	    "SELECT a.slug, a.name, a.type, la.slug AS area_slug, la.name AS area_name, " AREAS_SERVED
	    " FROM agencies a LEFT JOIN local_authorities la ON la.code = a.la_code"
	    " WHERE (CAST(?1 AS TEXT) IS NULL OR a.type = ?1) AND " IN_AREA " ORDER BY a.name",
	    DB_TEXT(type), DB_TEXT(area_slug));
}

/* After every name, whatever the collation: the last name and a letter more. */
#define AFTER_EVERY_NAME "(SELECT max(name) FROM agencies) || 'z', 0"

/*
 * A page of agencies by (name, id) from the cursor agency ?3, filtered by
 * type ?1 and area slug ?2 when not NULL: read in name order from an index
 * (agencies_by_name, or agencies_by_type / agencies_by_area, which end in
 * name and id), so a page reads about a page of rows however many schools
 * the GIAS import added.
 */
#define AGENCIES_PAGE(CMP, ORDER, NO_ROW, PICK)                                                              \
	"SELECT a.id, a.slug, a.name, a.type, la.slug AS area_slug, la.name AS area_name, " AREAS_SERVED     \
	" FROM agencies a LEFT JOIN local_authorities la ON la.code = a.la_code"                             \
	" WHERE (CAST(?1 AS TEXT) IS NULL OR a.type = ?1) AND " IN_AREA " AND (a.name, a.id) " CMP           \
	" (SELECT name, id FROM agencies k WHERE k.id = ?3"                                                  \
	" UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK " LIMIT 1)"                              \
	" ORDER BY a.name " ORDER ", a.id " ORDER " LIMIT ?4"

enum haven_status partnership_agencies_page(const char *type, const char *area_slug, const struct page *page,
                                            json_t **out, long long *total)
{
	*out = NULL;
	*total = -1;
	db_conn *db = db_reader();
	db_stmt *stmt = page_backward(page)
	                    ? db_prepare(db, AGENCIES_PAGE("<", "DESC", AFTER_EVERY_NAME, "ASC"))
	                    : db_prepare(db, AGENCIES_PAGE(">", "ASC", "'', 0", "DESC"));
	*out = db_rows_values(stmt, DB_VALUES(DB_TEXT(type), DB_TEXT(area_slug), DB_INT(page_cursor(page, 0)),
	                                      DB_INT(page_fetch(page))));
	if (!*out)
		return HAVEN_ERR_DB;
	*total = db_count(db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM agencies a"
	                                 " LEFT JOIN local_authorities la ON la.code = a.la_code"
	                                 " WHERE (CAST(?1 AS TEXT) IS NULL OR a.type = ?1) AND " IN_AREA
	                                 " LIMIT ?3) AS page"),
	                  DB_TEXT(type), DB_TEXT(area_slug), DB_INT(PAGE_COUNT_CAP + 1));
	return HAVEN_OK;
}

enum haven_status partnership_get_agency(const char *slug, json_t **out)
{
	return db_row_with(db_reader(),
	                   "SELECT a.slug, a.name, a.type, la.slug AS area_slug, la.name AS area_name, "
	                   "la.code AS la_code, " AREAS_SERVED
	                   " FROM agencies a LEFT JOIN local_authorities la ON la.code = a.la_code "
	                   "WHERE a.slug = ?",
	                   out, DB_TEXT(slug));
}

enum haven_status partnership_get_self(json_t **out)
{
	return db_row_values(
	    db_prepare(db_reader(), "SELECT slug, name FROM agencies WHERE type = 'partnership'"), out, NULL,
	    0);
}

enum haven_status partnership_agency_by_id(long long id, json_t **out)
{
	return db_row_with(db_reader(), "SELECT slug, name, type FROM agencies WHERE id = ?", out,
	                   DB_INT(id));
}

enum haven_status partnership_front_door(struct store_tx *tx, long long la_code, json_t **out)
{
	return db_row_with(tx ? db_tx_conn(tx) : db_reader(),
	                   "SELECT a.id, a.name, la.name AS la_name FROM agencies a JOIN "
	                   "local_authorities la ON la.code = a.la_code"
	                   " WHERE a.type = 'local_authority' AND a.la_code = ? ORDER BY a.id LIMIT 1",
	                   out, DB_INT(la_code));
}

enum haven_status partnership_get_area(long long code, json_t **out)
{
	return db_row_with(db_reader(), "SELECT code, slug, name FROM local_authorities WHERE code = ?", out,
	                   DB_INT(code));
}

enum haven_status partnership_area_found(struct store_tx *tx, long long code)
{
	return row_found_with(db_tx_conn(tx), "SELECT 1 FROM local_authorities WHERE code = ?", DB_INT(code));
}

enum haven_status partnership_agency_id(struct store_tx *tx, const char *slug, long long *id)
{
	return db_integer_with(db_tx_conn(tx), "SELECT id FROM agencies WHERE slug = ?", id, DB_TEXT(slug));
}

enum haven_status partnership_load_demo(void)
{
	return db_load_demo_sql("demo/partnership.sql", NULL, NULL);
}

/* ---- changes, each audited in its own unit of work ---- */

/* What a "SELECT 1 ..." lookup's status (row_found_with) says: 1 if it found a row, 0 if not, -1 on error. */
static int found(enum haven_status lookup)
{
	return lookup == HAVEN_OK ? 1 : lookup == HAVEN_ERR_NOT_FOUND ? 0 : -1;
}

static int slug_used(db_conn *db, const char *slug, long long except_id)
{
	return found(row_found_with(db, "SELECT 1 FROM agencies WHERE slug = ? AND id <> ?", DB_TEXT(slug),
	                            DB_INT(except_id)));
}

/* Appends a problem for each of the agency's codes that is not a local authority of the partnership. */
static enum haven_status check_codes(db_conn *db, const struct partnership_agency *a, size_t index,
                                     json_t *problems)
{
	size_t i;
	json_t *code;
	json_array_foreach(a->la, i, code)
	{
		int known = found(partnership_area_found(db_tx(db), json_integer_value(code)));
		if (known < 0)
			return HAVEN_ERR_DB;
		if (!known)
			errors_add_itemf(
			    problems, index, "la",
			    "There is no local authority with the code %lld: add it to the partnership first",
			    (long long)json_integer_value(code));
	}
	return HAVEN_OK;
}

/* A second agency of type 'partnership' (other than `except_id`) would be refused by the unique index. */
static int partnership_taken(db_conn *db, const char *type, long long except_id)
{
	if (strcmp(type, "partnership") != 0)
		return 0;
	return found(row_found_with(db, "SELECT 1 FROM agencies WHERE type = 'partnership' AND id <> ?",
	                            DB_INT(except_id)));
}

static const char partnership_exists[] =
    "The partnership already has its own agency: there is only one (rename it at /admin/partnership or with "
    "'haven partnership set')";

static const char partnership_keeps_type[] =
    "The partnership's own agency is always of the partnership type: its type cannot change (its people "
    "are the partnership's team, scrutineer and administrators)";

/* The agency's one area, or 0 (none) when it works in several or in all. */
static long long one_area(const json_t *la)
{
	return json_array_size(la) == 1 ? json_integer_value(json_array_get(la, 0)) : 0;
}

/*
 * One children's services agency an area: its front door, to which requests
 * for support and incidents of the area go. When `a` is a local authority's,
 * appends a problem on "la" (item `index`) if another agency than `except_id`
 * already is its area's; the unique index agencies_one_front_door (migration
 * 0184) holds the same rule.
 */
static enum haven_status check_front_door(db_conn *db, const struct partnership_agency *a,
                                          long long except_id, size_t index, json_t *problems)
{
	long long code = one_area(a->la);
	if (strcmp(a->type, "local_authority") != 0 || !code)
		return HAVEN_OK;
	json_t *other = NULL;
	enum haven_status st =
	    db_row_with(db,
	                "SELECT a.name, la.name AS la_name FROM agencies a"
	                " JOIN local_authorities la ON la.code = a.la_code"
	                " WHERE a.type = 'local_authority' AND a.la_code = ? AND a.id <> ?",
	                &other, DB_INT(code), DB_INT(except_id));
	if (st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_OK;
	if (st != HAVEN_OK)
		return HAVEN_ERR_DB;
	errors_add_itemf(problems, index, "la",
	                 "%s (%lld) is already the area of %s: an area has one local authority children's "
	                 "services agency, its front door",
	                 field_text(other, "la_name"), code, field_text(other, "name"));
	json_decref(other);
	return HAVEN_OK;
}

struct agencies_change {
	const struct partnership_agency *agencies;
	size_t count;
	const struct actor *actor;
	json_t *problems;
};

static enum haven_status write_agencies(db_conn *db, void *ctx)
{
	struct agencies_change *c = ctx;
	size_t problems_before = json_array_size(c->problems);
	for (size_t i = 0; i < c->count; i++) {
		const struct partnership_agency *a = &c->agencies[i];
		size_t before = json_array_size(c->problems);
		int used = slug_used(db, a->slug, 0), second = partnership_taken(db, a->type, 0);
		if (used < 0 || second < 0)
			return HAVEN_ERR_DB;
		if (used)
			errors_add_itemf(
			    c->problems, i, "slug",
			    "This slug is already used by another agency: choose another (%s is taken)",
			    a->slug);
		if (second)
			errors_add_itemf(c->problems, i, "type", "%s", partnership_exists);
		enum haven_status st = check_codes(db, a, i, c->problems);
		if (st == HAVEN_OK)
			st = check_front_door(db, a, 0, i, c->problems);
		if (st != HAVEN_OK)
			return st;
		if (json_array_size(c->problems) != before)
			continue; /* this one is not added; the others are still checked */
		long long id;
		if ((st = auth_agency_insert(db_tx(db), a->slug, a->name, a->type, one_area(a->la), &id)) !=
		        HAVEN_OK ||
		    (st = auth_agency_set_areas(db_tx(db), id, a->la)) != HAVEN_OK ||
		    (st = audit_record(db_tx(db), c->actor, "agency.create", "agency", id, NULL)) != HAVEN_OK)
			return st;
	}
	/* any problem undoes the whole unit: all or nothing */
	if (json_array_size(c->problems) != problems_before)
		return HAVEN_ERR_INVALID;
	/* a school added may be the one a waiting child's police named (school_days.h) */
	return incidents_setting_names_changed(db_tx(db));
}

enum haven_status partnership_add_agencies(const struct partnership_agency *agencies, size_t count,
                                           const struct actor *actor, json_t *problems)
{
	struct agencies_change c = {agencies, count, actor, problems};
	return db_write(write_agencies, &c);
}

/*
 * One agency by slug as {id, slug, name, type, la: [codes]}, read on `db` (the
 * reader, or the writer inside a unit of work): la is the code of its one
 * area, or the codes of the several it serves, in order.
 */
static enum haven_status agency_with_areas(db_conn *db, const char *slug, json_t **out)
{
	json_t *agency = NULL;
	enum haven_status st = db_row_with(
	    db, "SELECT id, slug, name, type, la_code FROM agencies WHERE slug = ?", &agency, DB_TEXT(slug));
	if (st != HAVEN_OK)
		return st;
	json_t *one = json_object_get(agency, "la_code");
	json_t *la = json_is_integer(one)
	                 ? json_pack("[O]", one)
	                 : column_list_with(db,
	                                    "SELECT la_code FROM agency_areas WHERE agency_id = ?"
	                                    " ORDER BY la_code",
	                                    DB_JSON_INT(json_object_get(agency, "id")));
	if (!la) {
		json_decref(agency);
		return HAVEN_ERR_DB;
	}
	json_object_del(agency, "la_code");
	json_object_set_new(agency, "la", la);
	*out = agency;
	return HAVEN_OK;
}

/* "888, 890" (or "none": the whole partnership) from an array of codes, into `out`. */
static void codes_text(const json_t *la, struct buf *out)
{
	size_t i;
	json_t *code;
	json_array_foreach(la, i, code)
	    buf_printf(out, "%s%lld", i ? ", " : "", (long long)json_integer_value(code));
	if (!json_array_size(la))
		buf_printf(out, "none");
}

/*
 * What an "agency.update" row says changed, as its detail: which fields, and
 * the old and new type and areas (an agency's name is not personal data, but
 * it is long: "name" says it changed). NULL when nothing changed. Caller frees.
 */
static char *update_detail(const json_t *before, const struct partnership_agency *a)
{
	struct buf d = BUF_INIT;
	if (strcmp(field_text(before, "name"), a->name) != 0)
		buf_printf(&d, "name changed");
	if (strcmp(field_text(before, "type"), a->type) != 0)
		buf_printf(&d, "%stype %s -> %s", d.len ? "; " : "", field_text(before, "type"), a->type);
	if (!json_equal(json_object_get(before, "la"), a->la)) {
		buf_printf(&d, "%sareas ", d.len ? "; " : "");
		codes_text(json_object_get(before, "la"), &d);
		buf_printf(&d, " -> ");
		codes_text(a->la, &d);
	}
	return buf_steal(&d, NULL);
}

/*
 * Whether agency `id` may become `type` while keeping its people: each role
 * anyone in it holds (active, invited or disabled) must be one that type may
 * hold (policy_role_agency_problem, the rule every path that gives a role
 * applies). Appends the problem on "type"; 0 if none, 1 if one, -1 on error.
 */
static int roles_forbid_type(db_conn *db, long long id, const char *type, json_t *problems)
{
	unsigned held = 0;
	if (auth_agency_roles(db_tx(db), id, &held) != HAVEN_OK)
		return -1;
	const char *problem = policy_role_agency_problem(held, type);
	if (!problem)
		return 0;
	errors_add_itemf(
	    problems, 0, "type",
	    "Someone in this agency holds a role this type of agency may not hold (%s): take the "
	    "role from them first, or keep the agency's type",
	    problem);
	return 1;
}

static enum haven_status write_agency_update(db_conn *db, void *ctx)
{
	struct agencies_change *c = ctx;
	const struct partnership_agency *a = c->agencies;
	json_t *before = NULL;
	enum haven_status st = agency_with_areas(db, a->slug, &before);
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? st : HAVEN_ERR_DB;
	long long id = field_int(before, "id");
	const char *was = field_text(before, "type");
	bool retyped = strcmp(was, a->type) != 0;
	int second = partnership_taken(db, a->type, id), forbidden = 0;
	if (second < 0)
		goto db_error;
	if (retyped && strcmp(was, "partnership") == 0)
		errors_add_itemf(c->problems, 0, "type", "%s", partnership_keeps_type);
	else if (second)
		errors_add_itemf(c->problems, 0, "type", "%s", partnership_exists);
	else if (retyped && (forbidden = roles_forbid_type(db, id, a->type, c->problems)) < 0)
		goto db_error;
	if ((st = check_codes(db, a, 0, c->problems)) != HAVEN_OK ||
	    (st = check_front_door(db, a, id, 0, c->problems)) != HAVEN_OK) {
		json_decref(before);
		return st;
	}
	if (json_array_size(c->problems)) {
		json_decref(before);
		return HAVEN_ERR_INVALID;
	}
	bool renamed_or_retyped = retyped || strcmp(field_text(before, "name"), a->name) != 0;
	char *detail = update_detail(before, a);
	long long area_was = one_area(json_object_get(before, "la"));
	json_decref(before);
	if ((st = auth_agency_update(db_tx(db), id, a->name, a->type, one_area(a->la))) == HAVEN_OK &&
	    (st = auth_agency_set_areas(db_tx(db), id, a->la)) == HAVEN_OK &&
	    (st = incidents_agency_area_changed(db_tx(db), id, area_was, one_area(a->la))) == HAVEN_OK &&
	    /* renamed or retyped, it may answer to the name a waiting child's police gave, or stop to */
	    (!renamed_or_retyped || (st = incidents_setting_names_changed(db_tx(db))) == HAVEN_OK))
		st = audit_record(db_tx(db), c->actor, "agency.update", "agency", id, detail);
	free(detail);
	return st;
db_error:
	json_decref(before);
	return HAVEN_ERR_DB;
}

enum haven_status partnership_update_agency(const struct partnership_agency *a, const struct actor *actor,
                                            json_t *problems)
{
	struct agencies_change c = {a, 1, actor, problems};
	return db_write(write_agency_update, &c);
}

enum haven_status partnership_agency_for_change(const char *slug, json_t **out)
{
	enum haven_status st = agency_with_areas(db_reader(), slug, out);
	if (st == HAVEN_OK)
		json_object_del(*out, "id");
	return st;
}

struct area_change {
	int code;
	const char *slug, *name;
	const struct actor *actor;
	json_t *problems;
};

static enum haven_status write_area(db_conn *db, void *ctx)
{
	struct area_change *c = ctx;
	int code_used = found(partnership_area_found(db_tx(db), c->code));
	int slug_taken =
	    found(row_found_with(db, "SELECT 1 FROM local_authorities WHERE slug = ?", DB_TEXT(c->slug)));
	if (code_used < 0 || slug_taken < 0)
		return HAVEN_ERR_DB;
	if (code_used)
		errors_add_itemf(c->problems, 0, "code",
		                 "This local authority code is already in the partnership");
	if (slug_taken)
		errors_add_itemf(
		    c->problems, 0, "slug",
		    "This slug is already used by another local authority: choose another (%s is taken)",
		    c->slug);
	if (code_used || slug_taken)
		return HAVEN_ERR_INVALID;
	enum haven_status st =
	    db_exec_with(db, "INSERT INTO local_authorities (code, slug, name) VALUES (?, ?, ?)",
	                 DB_INT(c->code), DB_TEXT(c->slug), DB_TEXT(c->name));
	return st == HAVEN_OK ? audit_record(db_tx(db), c->actor, "local_authority.create", "local_authority",
	                                     c->code, NULL)
	                      : st;
}

enum haven_status partnership_add_area(int code, const char *slug, const char *name,
                                       const struct actor *actor, json_t *problems)
{
	struct area_change c = {code, slug, name, actor, problems};
	return db_write(write_area, &c);
}

struct self_change {
	const char *name, *slug;
	const struct actor *actor;
	bool created;
	json_t *problems;
};

static enum haven_status write_self(db_conn *db, void *ctx)
{
	struct self_change *c = ctx;
	long long id = 0;
	if (found(db_integer_values(db_prepare(db, "SELECT id FROM agencies WHERE type = 'partnership'"), &id,
	                            NULL, 0)) < 0)
		return HAVEN_ERR_DB;
	c->created = id == 0;
	const char *slug = c->slug ? c->slug : c->created ? "partnership" : NULL;
	if (slug) {
		int used = slug_used(db, slug, id);
		if (used < 0)
			return HAVEN_ERR_DB;
		if (used) {
			errors_add_itemf(c->problems, 0, "slug",
			                 "This slug is already used by another agency: choose another");
			return HAVEN_ERR_INVALID;
		}
	}
	enum haven_status st = c->created
	                           ? auth_agency_insert(db_tx(db), slug, c->name, "partnership", 0, &id)
	                           : auth_agency_rename(db_tx(db), id, c->name, slug);
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "partnership.set", "agency", id, NULL);
}

enum haven_status partnership_set_self(const char *name, const char *slug, const struct actor *actor,
                                       bool *created, json_t *problems)
{
	struct self_change c = {name, slug, actor, false, problems};
	enum haven_status st = db_write(write_self, &c);
	*created = c.created;
	return st;
}

/* ---- the set-up checklist ---- */

enum haven_status partnership_setup_counts(json_t **out)
{
	/* Reads other areas' tables (settings, school_terms, idva_coverage, users) only to count them. */
	db_conn *db = db_reader();
	db_stmt *counts =
	    db ? db_prepare(db, "SELECT (SELECT count(*) FROM local_authorities) AS areas,"
	                        " (SELECT count(*) FROM agencies WHERE type <> 'partnership') AS agencies,"
	                        " (SELECT name FROM agencies WHERE type = 'partnership') AS partnership,"
	                        " (SELECT count(*) FROM settings) AS settings,"
	                        " (SELECT count(DISTINCT la_code) FROM school_terms) AS areas_with_terms,"
	                        " (SELECT count(*) FROM users u WHERE u.disabled_at IS NULL"
	                        "  AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role "
	                        "<> 'admin')) AS people,"
	                        /* of those, the invited who have not chosen a password yet */
	                        " (SELECT count(*) FROM users u WHERE " ACCOUNT_STATE(
	                            "u") " = 'invited' AND EXISTS (SELECT 1 FROM "
	                                 "user_roles r WHERE r.user_id = u.id"
	                                 " AND r.role <> 'admin')) AS invited")
	       : NULL;
	if (!counts)
		return HAVEN_ERR_DB;
	enum haven_status st = db_row(counts, out);
	if (st != HAVEN_OK)
		return st;
	/* the names of the areas each check finds */
	json_t *list = column_list_values(
	    db_prepare(db,
	               "SELECT la.name FROM local_authorities la WHERE NOT EXISTS (SELECT 1 FROM agencies a"
	               " WHERE a.type = 'local_authority' AND a.la_code = la.code) ORDER BY la.name"),
	    NULL, 0);
	json_t *list2 =
	    list ? column_list_values(db_prepare(db, "SELECT la.name FROM local_authorities la WHERE NOT "
	                                             "EXISTS (SELECT 1 FROM idva_coverage c"
	                                             " WHERE c.la_code = la.code) ORDER BY la.name"),
	                              NULL, 0)
	         : NULL;
	if (!list || !list2) {
		json_decref(list);
		json_decref(*out);
		*out = NULL;
		return HAVEN_ERR_DB;
	}
	json_object_set_new(*out, "areas_without_front_door", list);
	json_object_set_new(*out, "areas_without_idva", list2);
	return HAVEN_OK;
}
