/*
 * store_sqlite.c (children) — the SQLite queries and units of work behind
 * store.h. The identity writes themselves (insert, link, keys) are match.c's,
 * shared with the other areas; this file adds the children area's own reads,
 * its audited units of work, and the demo data.
 */
#include "areas/children/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/paged_rows_sqlite.h"
#include "auth/audit.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"
#include "store/db.h"

/* ---- reads ---- */

enum haven_status children_names(long long id, json_t **out)
{
	return db_row_with(db_reader(), "SELECT id, given_name, family_name FROM children WHERE id = ?", out,
	                   DB_INT(id));
}

/*
 * A child's record in one statement: the child's row (with whether they have any corrections, from the
 * index children_corrections reads) repeated on one row a linked agency, in the order the record lists
 * them; a child linked to none is one row whose agency columns are NULL. On PostgreSQL each statement
 * is a round trip, and the record is read on every audited read of it (issue 21). The joins are flat:
 * SQLite would copy every link into a temporary table for `LEFT JOIN (child_links l JOIN agencies a
 * ...)`, where it reads these by the child's index; a link's agency is always there (agency_id NOT
 * NULL REFERENCES agencies), and a link row without one would be read as no link, as before.
 */
#define CHILD_RECORD                                                                                         \
	"SELECT c.id, c.given_name, c.family_name, c.other_names, c.date_of_birth, "                         \
	"c.expected_date_of_birth,"                                                                          \
	" c.date_of_birth IS NULL AND c.expected_date_of_birth IS NOT NULL AS unborn, c.sex, "               \
	"c.postcode,"                                                                                        \
	" c.la_code, la.name AS area_name, c.upn, c.nhs_number, c.created_at, c.merged_into,"                \
	" EXISTS (SELECT 1 FROM child_corrections k WHERE k.child_id = c.id) AS corrected,"                  \
	" a.slug AS agency_slug, a.name AS agency_name, a.type AS agency_type, l.relationship"               \
	" FROM children c LEFT JOIN local_authorities la ON la.code = c.la_code"                             \
	" LEFT JOIN child_links l ON l.child_id = c.id LEFT JOIN agencies a ON a.id = l.agency_id"           \
	" WHERE c.id = ? ORDER BY a.name, l.relationship"

/* CHILD_RECORD's columns by position, for children_record, which reads them by hand: keep in step with it. */
enum child_row_column {
	CHILD_ID,
	CHILD_GIVEN_NAME,
	CHILD_FAMILY_NAME,
	CHILD_OTHER_NAMES,
	CHILD_DATE_OF_BIRTH,
	CHILD_EXPECTED_DATE_OF_BIRTH,
	CHILD_UNBORN,
	CHILD_SEX,
	CHILD_POSTCODE,
	CHILD_LA_CODE,
	CHILD_AREA_NAME,
	CHILD_UPN,
	CHILD_NHS_NUMBER,
	CHILD_CREATED_AT,
	CHILD_MERGED_INTO,
	CHILD_CORRECTED,
	CHILD_LINK, /* the link's four columns from here, NULL where the child is linked to no agency */
};

/* A link's columns, as the record's `links` name them; NOT NULL in their tables, so the first being
 * NULL means the row carries no link. */
static const char *const link_keys[] = {"agency_slug", "agency_name", "agency_type", "relationship"};
enum { LINK_COLUMNS = sizeof link_keys / sizeof *link_keys };

/* The child with the agencies linked to them (CHILD_RECORD), and in *corrected whether they have any
 * corrections. */
static enum haven_status read_child(long long id, json_t **out, bool *corrected)
{
	db_conn *db = db_reader();
	json_t *rows = db_rows_with(db, CHILD_RECORD, DB_INT(id));
	if (!rows)
		return HAVEN_ERR_DB;
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return HAVEN_ERR_NOT_FOUND;
	}
	json_t *child = json_deep_copy(json_array_get(rows, 0));
	for (size_t k = 0; k < LINK_COLUMNS; k++)
		json_object_del(child, link_keys[k]);
	json_object_set_new(child, "unborn",
	                    json_boolean(json_integer_value(json_object_get(child, "unborn")) == 1));
	json_t *flag = json_object_get(child, "corrected");
	*corrected = json_is_true(flag) || json_integer_value(flag) == 1;
	json_object_del(child, "corrected");
	json_t *list = json_array(), *settings = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		if (json_is_null(json_object_get(row, link_keys[0])))
			continue;
		json_t *link = json_object();
		for (size_t k = 0; k < LINK_COLUMNS; k++)
			json_object_set(link, link_keys[k], json_object_get(row, link_keys[k]));
		json_array_append_new(list, link);
		if (strcmp(json_string_value(json_object_get(link, "relationship")), "setting") == 0)
			json_array_append_new(
			    settings, json_pack("{s:O, s:O}", "slug", json_object_get(link, "agency_slug"),
			                        "name", json_object_get(link, "agency_name")));
	}
	json_decref(rows);
	json_object_set_new(child, "links", list);
	json_object_set_new(child, "settings", settings);
	*out = child;
	return HAVEN_OK;
}

enum haven_status children_get(long long id, json_t **out)
{
	bool corrected;
	return read_child(id, out, &corrected);
}

enum haven_status children_linked_to_agency(long long agency_id, long long child_id, json_t **out)
{
	return db_row_with(
	    db_reader(),
	    "SELECT c.id, c.given_name || ' ' || c.family_name AS name, c.la_code FROM children c "
	    "WHERE c.id = ?"
	    " AND EXISTS (SELECT 1 FROM child_links l WHERE l.child_id = c.id AND l.agency_id = ?)",
	    out, DB_INT(child_id), DB_INT(agency_id));
}

enum haven_status children_get_with_corrections(long long id, json_t **out, json_t **corrections)
{
	/* Whether the child has any corrections comes with their row (the same index children_corrections
	 * reads), so a record never corrected, nearly every one, is read without a statement for its
	 * empty list: every statement of a read is a read transaction, which reloads the pages it needs
	 * whenever the audit trail has been written since the last. */
	json_t *child;
	bool corrected;
	enum haven_status st = read_child(id, &child, &corrected);
	if (st != HAVEN_OK)
		return st;
	if (!corrected)
		*corrections = json_array();
	else if ((st = children_corrections(id, corrections)) != HAVEN_OK) {
		json_decref(child);
		return st;
	}
	*out = child;
	return HAVEN_OK;
}

/*
 * ---- A child's record read into C (children_record) ----
 *
 * The same statement as children_get_with_corrections (CHILD_RECORD), stepped by hand: each text kept in
 * one buffer, NUL-ended, at an offset (+ 1; 0 for NULL) turned into a pointer once the buffer is whole.
 */

/* Column `column` as text kept in `text` at *at; false if it is neither text nor NULL, or holds a NUL. */
static bool keep_text(struct buf *text, db_stmt *stmt, int column, size_t *at)
{
	enum db_kind kind = db_column_kind(stmt, column);
	*at = 0;
	if (kind == DB_KIND_NULL)
		return true;
	const char *value = db_column_text(stmt, column);
	size_t size = db_column_size(stmt, column);
	if (kind != DB_KIND_TEXT || !value || strlen(value) != size)
		return false;
	*at = text->len + 1;
	buf_append(text, value, size + 1);
	return true;
}

/* Column `column` as an integer into *value (0 for NULL, *present false); false if it is neither. */
static bool keep_int(db_stmt *stmt, int column, long long *value, bool *present)
{
	enum db_kind kind = db_column_kind(stmt, column);
	*present = kind == DB_KIND_INT;
	*value = *present ? db_column_int(stmt, column) : 0;
	return kind == DB_KIND_INT || kind == DB_KIND_NULL;
}

/* The child's row: its texts' offsets in `at`, in CHILD_RECORD's order of the text columns. */
enum { CHILD_TEXTS = 11 };
static const enum child_row_column child_text_columns[CHILD_TEXTS] = {
    CHILD_GIVEN_NAME, CHILD_FAMILY_NAME, CHILD_OTHER_NAMES, CHILD_DATE_OF_BIRTH, CHILD_EXPECTED_DATE_OF_BIRTH,
    CHILD_SEX,        CHILD_POSTCODE,    CHILD_AREA_NAME,   CHILD_UPN,           CHILD_NHS_NUMBER,
    CHILD_CREATED_AT};

/* The child's columns of the statement's first row into `r` and `text`; false if one is not of its type. */
static bool keep_child(db_stmt *stmt, struct child_record *r, struct buf *text, size_t at[CHILD_TEXTS])
{
	bool present, typed = true;
	for (int i = 0; typed && i < CHILD_TEXTS; i++)
		typed = keep_text(text, stmt, child_text_columns[i], &at[i]);
	typed = typed && keep_int(stmt, CHILD_ID, &r->id, &present) && present &&
	        keep_int(stmt, CHILD_LA_CODE, &r->la_code, &r->has_la_code) &&
	        keep_int(stmt, CHILD_MERGED_INTO, &r->merged_into, &present) &&
	        (!present || r->merged_into != 0);
	if (typed) {
		r->unborn = db_column_int(stmt, CHILD_UNBORN) == 1;
		r->corrected = db_column_int(stmt, CHILD_CORRECTED) == 1;
	}
	return typed;
}

enum haven_status children_record(long long id, struct child_record *r)
{
	memset(r, 0, sizeof *r);
	db_conn *db = db_reader();
	struct buf text = BUF_INIT;
	size_t at[CHILD_TEXTS], *link_at = NULL, links = 0, room = 0, rows = 0;
	db_stmt *stmt = db_prepare(db, CHILD_RECORD);
	enum haven_status st = db_bind(stmt, DB_INT(id)) ? HAVEN_OK : HAVEN_ERR_DB;
	enum db_step step = DB_STEP_DONE;
	while (st == HAVEN_OK && (step = db_step(stmt)) == DB_STEP_ROW) {
		if (rows++ == 0 && !keep_child(stmt, r, &text, at)) {
			st = HAVEN_ERR_NOT_FOUND; /* not of its type: the model writes what it is */
			break;
		}
		if (db_column_kind(stmt, CHILD_LINK) == DB_KIND_NULL)
			continue; /* linked to no agency: the one row, with the child's columns only */
		if (links == room) {
			room = room ? 2 * room : 8;
			link_at = xrealloc(link_at, room * LINK_COLUMNS * sizeof *link_at);
		}
		for (int i = 0; st == HAVEN_OK && i < LINK_COLUMNS; i++) {
			size_t *kept = &link_at[links * LINK_COLUMNS + i];
			if (!keep_text(&text, stmt, CHILD_LINK + i, kept) || !*kept)
				st = HAVEN_ERR_NOT_FOUND;
		}
		links++;
	}
	db_done(stmt);
	if (st == HAVEN_OK && step == DB_STEP_ERROR)
		st = HAVEN_ERR_DB;
	if (st == HAVEN_OK && rows == 0)
		st = HAVEN_ERR_NOT_FOUND;
	if (st != HAVEN_OK) {
		free(link_at);
		buf_free(&text);
		memset(r, 0, sizeof *r);
		return st;
	}
	r->text = buf_steal(&text, NULL);
	const char **texts[CHILD_TEXTS] = {
	    &r->given_name, &r->family_name, &r->other_names, &r->date_of_birth, &r->expected_date_of_birth,
	    &r->sex,        &r->postcode,    &r->area_name,   &r->upn,           &r->nhs_number,
	    &r->created_at};
	for (int i = 0; i < CHILD_TEXTS; i++)
		*texts[i] = at[i] ? r->text + at[i] - 1 : NULL;
	r->links = xcalloc(links ? links : 1, sizeof *r->links);
	r->link_count = links;
	for (size_t l = 0; l < links; l++) {
		const char **fields[LINK_COLUMNS] = {&r->links[l].agency_slug, &r->links[l].agency_name,
		                                     &r->links[l].agency_type, &r->links[l].relationship};
		for (int i = 0; i < LINK_COLUMNS; i++)
			*fields[i] = r->text + link_at[l * LINK_COLUMNS + i] - 1;
	}
	free(link_at);
	return HAVEN_OK;
}

void children_record_free(struct child_record *r)
{
	free(r->links);
	free(r->text);
	memset(r, 0, sizeof *r);
}

/*
 * The list, newest record first, a page at a time through the index on
 * child_links (agency_id, child_id): one row per child however many ways the
 * agency is linked to them. A record merged into another is not listed: the
 * merge linked its agencies to the kept record, which is. The child's columns
 * are min() of one value per group, as PostgreSQL takes no ungrouped column.
 */
#define CHILDREN_PAGE(CMP, ORDER)                                                                            \
	"SELECT l.child_id AS id, min(c.given_name) AS given_name, min(c.family_name) AS family_name,"       \
	" min(c.other_names) AS other_names, min(c.date_of_birth) AS date_of_birth,"                         \
	" min(c.expected_date_of_birth) AS expected_date_of_birth,"                                          \
	" min(la.name) AS area_name, group_concat(l.relationship, ',') AS relationships"                     \
	" FROM child_links l JOIN children c ON c.id = l.child_id"                                           \
	" LEFT JOIN local_authorities la ON la.code = c.la_code"                                             \
	" WHERE l.agency_id = ?1 AND l.child_id " CMP " ?2 AND c.merged_into IS NULL"                        \
	" GROUP BY l.child_id ORDER BY l.child_id " ORDER " LIMIT ?3"

enum haven_status children_list_for_agency(long long agency_id, const struct page *page, json_t **out,
                                           long long *total)
{
	const struct paged_rows children = {
	    .after = DB_SQL(CHILDREN_PAGE("<", "DESC")),
	    .before = DB_SQL(CHILDREN_PAGE(">", "ASC")),
	    .count = DB_SQL(
	        "SELECT count(*) FROM (SELECT DISTINCT l.child_id FROM child_links l"
	        " JOIN children c ON c.id = l.child_id WHERE l.agency_id = ?1 AND c.merged_into IS NULL"
	        " LIMIT ?2) AS page"),
	    .none_after = PAGE_NO_ROW_ABOVE};
	return paged_rows_read(page, &children, DB_VALUES(DB_INT(agency_id)), out, total);
}

/* A text column, or NULL for NULL or an empty text. */
static const char *text_or_null(db_stmt *stmt, int col)
{
	const char *t = db_column_text(stmt, col);
	return t && *t ? t : NULL;
}

enum haven_status children_search_candidates(long long agency_id, const char *date, const char *key,
                                             const char *sound, long long max,
                                             void (*each)(const struct child_candidate *c, void *ctx),
                                             void *ctx, long long *count)
{
	*count = 0;
	/* Each branch is one index. By a date of birth (or expected date): the
	 * register's children born that day, then the agency's among them. By a
	 * name alone: the agency's own children's name keys (child_agency_names,
	 * 0135), the start of a given or family name (from "abc" to "abc" and
	 * U+10FFFF, a code point no key holds and above every one a key can
	 * hold, in any script: both stores order text by code point) or a sound, so a common name
	 * reads only the agency's matches; each of the child's other names has its key there too
	 * (0180), so "eloise" finds an other name "Éloïse" as it finds a given name. Merged records
	 * have no name rows and are not found by date either (the kept one is, by its own details).
	 *
	 * The key that is the whole word ("olivia") is its own branch: one name,
	 * so its rows come in id order, as the sound's do, and the union reads
	 * only the newest `max` of each instead of sorting all the agency's
	 * Olivias; only the longer names ("oliviana") are sorted, and they are
	 * few. Only what narrowing needs is read, and not kept: the rows of the
	 * page shown are children_search_rows', for a page, not `max` children.
	 * Stepped by hand: each row fills a candidate for `each`, on the search's
	 * hot path, where a JSON array of every candidate would cost. */
	db_stmt *stmt = db_prepare(
	    db_reader(),
	    "WITH found (id) AS ("
	    " SELECT id FROM children WHERE CAST(?2 AS TEXT) IS NOT NULL AND date_of_birth = ?2"
	    " UNION SELECT id FROM children WHERE CAST(?2 AS TEXT) IS NOT NULL AND expected_date_of_birth = "
	    "?2),"
	    " mine (id) AS ("
	    " SELECT f.id FROM found f WHERE EXISTS (SELECT 1 FROM child_links l"
	    "  WHERE l.child_id = f.id AND l.agency_id = ?1)"
	    "  AND (SELECT merged_into FROM children WHERE id = f.id) IS NULL"
	    " UNION SELECT child_id FROM child_agency_names WHERE CAST(?2 AS TEXT) IS NULL AND agency_id = ?1"
	    "  AND kind = 'key' AND name = ?3"
	    " UNION SELECT child_id FROM child_agency_names WHERE CAST(?2 AS TEXT) IS NULL AND agency_id = ?1"
	    "  AND kind = 'key' AND name > ?3 AND name < ?6"
	    " UNION SELECT child_id FROM child_agency_names WHERE CAST(?2 AS TEXT) IS NULL AND agency_id = ?1"
	    "  AND kind = 'sound' AND name = ?4"
	    " ORDER BY 1 DESC LIMIT ?5)"
	    "SELECT c.id, c.other_names, c.date_of_birth, c.expected_date_of_birth,"
	    " c.given_name_key, c.family_name_key, c.given_name_sound, c.family_name_sound"
	    " FROM mine m JOIN children c ON c.id = m.id ORDER BY c.id DESC");
	/* the date, key and sound outlive the statement: they are the caller's (and keys_above this one's).
	 * A word with no sound (no Latin letters) looks up no sound: "" is the sound of every such name. */
	char keys_above[MATCH_KEY_SIZE + 4];
	snprintf(keys_above, sizeof keys_above, "%s\xF4\x8F\xBF\xBF", key ? key : "");
	if (!db_bind(stmt, DB_INT(agency_id), DB_TEXT(date), DB_TEXT(key ? key : ""),
	             sound && *sound ? DB_TEXT(sound) : DB_NULL, DB_INT(max), DB_TEXT(keys_above)))
		return HAVEN_ERR_DB;
	enum db_step step;
	while ((step = db_step(stmt)) == DB_STEP_ROW) {
		struct child_candidate c = {
		    .id = db_column_int(stmt, 0),
		    .other_names = text_or_null(stmt, 1),
		    .date_of_birth = text_or_null(stmt, 2),
		    .expected_date_of_birth = text_or_null(stmt, 3),
		    .given_name_key = text_or_null(stmt, 4),
		    .family_name_key = text_or_null(stmt, 5),
		    .given_name_sound = text_or_null(stmt, 6),
		    .family_name_sound = text_or_null(stmt, 7),
		};
		each(&c, ctx);
		++*count;
	}
	db_done(stmt);
	return step == DB_STEP_DONE ? HAVEN_OK : HAVEN_ERR_DB;
}

/* qsort's order for ids, the largest (newest) first. */
static int newest_first(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x < y) - (x > y);
}

enum haven_status children_search_rows(long long agency_id, const json_t *ids, json_t **out)
{
	*out = NULL;
	/* a page's ids, newest first and each once, read one by one (a page is a few rows) */
	size_t count = json_array_size(ids), i, n = 0;
	long long *wanted = calloc(count ? count : 1, sizeof *wanted);
	if (!wanted)
		return HAVEN_ERR_DB;
	json_t *id;
	json_array_foreach(ids, i, id) if (json_is_integer(id)) wanted[n++] = json_integer_value(id);
	qsort(wanted, n, sizeof *wanted, newest_first);
	db_conn *db = db_reader();
	json_t *rows = json_array();
	enum haven_status st = rows ? HAVEN_OK : HAVEN_ERR_DB;
	for (i = 0; i < n && st == HAVEN_OK; i++) {
		if (i > 0 && wanted[i] == wanted[i - 1])
			continue;
		/* the columns of the list's rows (CHILDREN_PAGE); the link is checked again, so a child
		 * unlinked or merged since the candidates were read is not shown */
		st = db_rows_append(rows, db,
		                    "SELECT * FROM ("
		                    " SELECT c.id, c.given_name, c.family_name, c.other_names,"
		                    "  c.date_of_birth, c.expected_date_of_birth, la.name AS area_name,"
		                    "  (SELECT group_concat(l.relationship, ',') FROM child_links l"
		                    "   WHERE l.child_id = c.id AND l.agency_id = ?1) AS relationships"
		                    " FROM children c LEFT JOIN local_authorities la ON la.code = c.la_code"
		                    " WHERE c.id = ?2 AND c.merged_into IS NULL) AS child"
		                    " WHERE relationships IS NOT NULL",
		                    DB_INT(agency_id), DB_INT(wanted[i]));
	}
	free(wanted);
	if (st != HAVEN_OK) {
		json_decref(rows);
		return st;
	}
	*out = rows;
	return HAVEN_OK;
}

enum haven_status children_form_choices(json_t **areas, json_t **settings)
{
	db_conn *db = db_reader();
	*areas = db_rows(db_prepare(db, "SELECT code, name FROM local_authorities ORDER BY name"));
	*settings = db_rows(
	    db_prepare(db, "SELECT a.slug, a.name, a.type, la.name AS area_name FROM agencies a"
	                   " LEFT JOIN local_authorities la ON la.code = a.la_code"
	                   " WHERE a.type IN ('school', 'college', 'early_years') ORDER BY a.name, a.slug"));
	if (!*areas || !*settings) {
		json_decref(*areas);
		json_decref(*settings);
		*areas = *settings = NULL;
		return HAVEN_ERR_DB;
	}
	return HAVEN_OK;
}

enum haven_status children_setting_id(const char *slug, long long *id)
{
	return db_integer_with(db_reader(),
	                       "SELECT id FROM agencies WHERE slug = ? AND type IN "
	                       "('school', 'college', 'early_years')",
	                       id, DB_TEXT(slug));
}

/* ---- units of work ---- */

struct create_unit {
	struct child_new *n;
	const struct actor *actor;
};

static enum haven_status create_child(db_conn *db, void *ctx)
{
	struct create_unit *u = ctx;
	struct child_new *n = u->n;
	enum haven_status st;
	n->id = 0;
	if (!n->confirm_new) {
		json_t *found = NULL;
		if ((st = children_likely_matches(db_tx(db), n->identity, &found)) != HAVEN_OK)
			return st;
		if (json_array_size(found) > 0) {
			/* showing a likely duplicate shows who they are: it is recorded like any view of a
			 * child */
			if ((st = children_audit_shown(db_tx(db), found, u->actor)) != HAVEN_OK) {
				json_decref(found);
				return st;
			}
			n->candidates = found;
			return HAVEN_OK;
		}
		json_decref(found);
	}
	long long id = 0;
	if ((st = children_insert(db_tx(db), n->identity, u->actor->user_id, &id)) != HAVEN_OK)
		return st;
	if (u->actor->agency_id > 0 &&
	    (st = children_link(db_tx(db), id, u->actor->agency_id, "raised_concern")) != HAVEN_OK)
		return st;
	if ((st = children_link_local_authority(db_tx(db), id)) != HAVEN_OK)
		return st;
	for (size_t i = 0; i < n->setting_count; i++)
		if ((st = children_link(db_tx(db), id, n->setting_ids[i], "setting")) != HAVEN_OK)
			return st;
	if ((st = audit_record(db_tx(db), u->actor, "child.create", "child", id, NULL)) != HAVEN_OK)
		return st;
	n->id = id;
	return HAVEN_OK;
}

enum haven_status children_create(struct child_new *n, const struct actor *actor)
{
	n->candidates = NULL;
	struct create_unit u = {.n = n, .actor = actor};
	enum haven_status st = db_write(create_child, &u);
	if (st != HAVEN_OK) {
		/* a unit that found candidates and then failed to audit them shows none */
		json_decref(n->candidates);
		n->candidates = NULL;
		n->id = 0;
	}
	return st;
}

struct offer_unit {
	const struct child_identity *identity;
	const struct actor *actor;
	json_t *candidates;
};

static enum haven_status offer_candidates(db_conn *db, void *ctx)
{
	struct offer_unit *u = ctx;
	enum haven_status st = children_likely_matches(db_tx(db), u->identity, &u->candidates);
	return st == HAVEN_OK ? children_audit_shown(db_tx(db), u->candidates, u->actor) : st;
}

enum haven_status children_offer(const struct child_identity *identity, const struct actor *actor,
                                 json_t **candidates)
{
	struct offer_unit u = {.identity = identity, .actor = actor};
	enum haven_status st = db_write(offer_candidates, &u);
	if (st != HAVEN_OK) {
		json_decref(u.candidates);
		u.candidates = NULL;
	}
	*candidates = u.candidates;
	return st;
}

struct take_unit {
	long long child_id;
	const struct child_identity *identity;
	const char *reason;
	const struct actor *actor;
};

static enum haven_status take_child(db_conn *db, void *ctx)
{
	struct take_unit *u = ctx;
	return children_take_offered(db_tx(db), u->child_id, u->identity, u->reason, u->actor);
}

enum haven_status children_take(long long child_id, const struct child_identity *identity, const char *reason,
                                const struct actor *actor)
{
	struct take_unit u = {.child_id = child_id, .identity = identity, .reason = reason, .actor = actor};
	return db_write(take_child, &u);
}

struct list_search {
	const struct actor *actor;
	const struct shown_record *shown;
	size_t count;
};

static enum haven_status audit_list_search(db_conn *db, void *ctx)
{
	const struct list_search *l = ctx;
	struct audit_event e = {
	    .user_id = l->actor->user_id,
	    .agency_id = l->actor->agency_id,
	    .action = "child.list",
	    .client_address = l->actor->client_address,
	    .shown = l->shown,
	    .shown_count = l->count,
	};
	return audit_append(db_tx(db), &e);
}

enum haven_status children_audit_search(const struct actor *actor, const struct shown_record *shown,
                                        size_t count)
{
	struct list_search l = {actor, shown, count};
	return db_write(audit_list_search, &l);
}

/* ---- keys and demo data ---- */

static enum haven_status fill_keys(db_conn *db, void *ctx)
{
	long long *count = ctx;
	return children_fill_keys(db_tx(db), count);
}

enum haven_status children_backfill_keys(void)
{
	long long count = 0;
	enum haven_status st = db_write(fill_keys, &count);
	if (st == HAVEN_OK && count > 0)
		log_info("children: filled in the name keys of %lld records", count);
	return st;
}

static enum haven_status fill_demo_keys(db_conn *db, void *ctx)
{
	(void)ctx;
	/* the demo rows are plain SQL: their match keys are worked out here, as for any new child */
	return children_fill_keys(db_tx(db), NULL);
}

enum haven_status children_load_demo(void)
{
	return db_load_demo_sql("demo/children.sql", fill_demo_keys, NULL);
}

/* ---- the records this area holds, for the access policy and the audit trail (auth/records.h) ---- */

/* an agency linked to the child: their setting, local authority, a referrer, an allocated team */
static const char related_child[] = "SELECT 1 FROM child_links WHERE child_id = :id AND agency_id = :agency";
DB_REGISTER(related_child);

static RECORD_CHILDREN(children_of_child, "SELECT id FROM children WHERE id = :id");

static const char child_exists[] = "SELECT 1 FROM children WHERE id = :id";
DB_REGISTER(child_exists);

const struct record_type children_records[] = {
    {.name = "child",
     .related = related_child,
     RECORD_CHILDREN_OF(children_of_child),
     .documents = "child.read", /* documents attached to a child: whoever may open the child's record */
     .href = "/children/",
     .documents_at = "/chronology",
     .exists = child_exists},
    {0},
};
