/*
 * store_sqlite.c (settings) — the SQLite queries behind store.h.
 *
 * The import is one db_write unit: it first decides every row's outcome
 * from what it can see without writing (the partnership's local
 * authorities, each row's own problems) and writes nothing at all if any
 * row is rejected; then it creates or updates the agencies and settings and
 * leaves one audit row. So a bad file changes nothing, and a good one
 * commits whole.
 */
#include "areas/settings/store.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/paged_rows_sqlite.h"
#include "areas/incidents/school_days.h"
#include "areas/partnership/store.h"
#include "areas/settings/key_adults_sqlite.h"
#include "auth/agency_write.h"
#include "auth/audit.h"
#include "core/log.h"
#include "store/changed_row_sqlite.h"
#include "store/db.h"

/* ---- reading ---- */

#define SETTING_COLUMNS                                                                                      \
	"a.id, s.urn, a.name, s.establishment_type AS type, s.phase, s.status, s.low_age, s.high_age, "      \
	"s.postcode,"                                                                                        \
	" a.la_code, la.name AS la_name, la.slug AS area_slug, s.school_day_start, a.type AS agency_type"

/*
 * A page of the directory by (name, id) from the cursor setting ?3, with
 * FROM naming the rows to read: every agency in name order (the index
 * agencies_by_name, or agencies_by_area for one area's; ?2 is NULL), or, for
 * a name search, the agencies whose names have words starting with ?2 (the
 * FTS5 index agency_names read as a table-valued function, first: CROSS
 * JOIN keeps that order; on PostgreSQL agency_names(query) is a function of
 * the schema's over its full-text index), sorted. ?1 is the area's slug or
 * NULL.
 */
#define SETTINGS_EVERY " FROM agencies a"
#define SETTINGS_NAMED " FROM agency_names(?2) m CROSS JOIN agencies a"
#define SETTINGS_WHERE(FROM, NAME)                                                                           \
	FROM " JOIN settings s ON s.agency_id = a.id LEFT JOIN local_authorities la ON la.code = a.la_code"  \
	     " WHERE (CAST(?1 AS TEXT) IS NULL OR a.la_code = (SELECT code FROM local_authorities WHERE "    \
	     "slug = ?1))" NAME
#define SETTINGS_ANY_NAME " AND CAST(?2 AS TEXT) IS NULL"
#define SETTINGS_MATCH " AND a.id = m.rowid"
/* After every name, whatever the collation: the last name and a letter more. */
#define SETTINGS_AFTER_EVERY "(SELECT max(name) FROM agencies) || 'z', 0"
#define SETTINGS_PAGE(FROM, NAME, CMP, ORDER, NO_ROW, PICK)                                                  \
	"SELECT " SETTING_COLUMNS SETTINGS_WHERE(                                                            \
	    FROM, NAME) " AND (a.name, a.id) " CMP                                                           \
	                " (SELECT name, id FROM agencies k WHERE k.id = ?3 UNION ALL SELECT " NO_ROW         \
	                " ORDER BY 1 " PICK ", 2 " PICK " LIMIT 1) ORDER BY a.name " ORDER ", a.id " ORDER   \
	                " LIMIT ?4"
#define SETTINGS_COUNT(FROM, NAME)                                                                           \
	"SELECT count(*) FROM (SELECT 1" SETTINGS_WHERE(FROM, NAME) " LIMIT ?3) AS page"

/* The directory read FROM, NAME as a paged list (paged_rows_sqlite.h). */
#define SETTINGS_LIST(FROM, NAME)                                                                            \
	{                                                                                                    \
		.after = DB_SQL(SETTINGS_PAGE(FROM, NAME, ">", "ASC", "'', 0", "DESC")),                     \
		.before = DB_SQL(SETTINGS_PAGE(FROM, NAME, "<", "DESC", SETTINGS_AFTER_EVERY, "ASC")),       \
		.count = DB_SQL(SETTINGS_COUNT(FROM, NAME)), .none_after = 0                                 \
	}

/* What was typed as an FTS5 query: one phrase (quotes doubled), its last word a prefix. New string. */
static char *name_query(const char *typed)
{
	size_t n = strlen(typed), quotes = 0;
	for (const char *c = typed; *c; c++)
		quotes += *c == '"';
	char *q = malloc(n + quotes + 4);
	if (!q)
		return NULL;
	char *w = q;
	*w++ = '"';
	for (const char *c = typed; *c; c++) {
		if (*c == '"')
			*w++ = '"';
		*w++ = *c;
	}
	*w++ = '"';
	*w++ = '*';
	*w = '\0';
	return q;
}

enum haven_status settings_list(const char *area, const char *name_part, const struct page *page,
                                json_t **out, long long *total)
{
	*out = NULL;
	*total = -1;
	const struct paged_rows named = SETTINGS_LIST(SETTINGS_NAMED, SETTINGS_MATCH),
	                        every = SETTINGS_LIST(SETTINGS_EVERY, SETTINGS_ANY_NAME);
	char *match = name_part ? name_query(name_part) : NULL;
	if (name_part && !match)
		return HAVEN_ERR_INTERNAL;
	/* without a name, ?2 binds NULL */
	enum haven_status st = paged_rows_read(page, name_part ? &named : &every,
	                                       DB_VALUES(DB_TEXT(area), DB_TEXT(match)), out, total);
	free(match);
	return st;
}

enum haven_status settings_list_areas(json_t **out)
{
	return db_read_rows(out, "SELECT code, slug, name FROM local_authorities ORDER BY name");
}

enum haven_status settings_get(long long agency_id, json_t **out)
{
	*out = NULL;
	db_conn *db = db_reader();
	json_t *setting;
	enum haven_status st = db_row_with(
	    db,
	    "SELECT " SETTING_COLUMNS ", s.updated_at FROM settings s JOIN agencies a ON a.id = s.agency_id"
	    " LEFT JOIN local_authorities la ON la.code = a.la_code WHERE s.agency_id = ?",
	    &setting, DB_INT(agency_id));
	if (st != HAVEN_OK)
		return st;
	/* its Key Adults: the setting's Designated Safeguarding Leads with an active account */
	json_t *adults = db_rows_with(db,
	                              "SELECT u.name, u.email FROM agencies a" KEY_ADULTS_OF(
	                                  "a") " WHERE a.id = ? ORDER BY u.name, u.id",
	                              DB_INT(agency_id));
	if (!adults) {
		json_decref(setting);
		return HAVEN_ERR_DB;
	}
	json_object_set_new(setting, "key_adults", adults);
	*out = setting;
	return HAVEN_OK;
}

/* ---- changing ---- */

struct start_unit {
	long long agency_id;
	const char *hhmm;
	const struct actor *actor;
};

static enum haven_status write_start(db_conn *db, void *ctx)
{
	struct start_unit *u = ctx;
	char now[DB_TIME_SIZE];
	db_now_text(now);
	enum haven_status st = exec_changed_or(
	    db, "UPDATE settings SET school_day_start = ?1, updated_at = ?3 WHERE agency_id = ?2",
	    HAVEN_ERR_NOT_FOUND, DB_TEXT(u->hhmm), DB_INT(u->agency_id), DB_TEXT(now));
	/* the setting's open Operation Encompass deadlines move with its start, in this unit: the
	 * incidents area counts them (school_days.h), as this area does not write their tables */
	const struct incidents_school_days_scope scope = {.agency_id = u->agency_id};
	if (st == HAVEN_OK)
		st = incidents_school_days_changed(db_tx(db), &scope);
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), u->actor, "setting.update", "setting", u->agency_id, NULL);
}

enum haven_status settings_set_school_day_start(long long agency_id, const char *hhmm,
                                                const struct actor *actor)
{
	struct start_unit u = {agency_id, hhmm, actor};
	return db_write(write_start, &u);
}

/* ---- the GIAS import ---- */

struct import_unit {
	struct gias_file *file;
	struct settings_import_counts *counts;
};

/* An age as the file gave it, or NULL (the file left it out: -1). */
static struct db_value age_value(int age)
{
	return age >= 0 ? DB_INT(age) : DB_NULL;
}

/* Pass 1: which local authorities are the partnership's, and so which rows are skipped or rejected. */
static enum haven_status classify(db_conn *db, struct import_unit *u)
{
	for (size_t i = 0; i < u->file->count; i++) {
		struct gias_row *row = &u->file->rows[i];
		if (row->broken) {
			row->outcome = GIAS_REJECTED;
			continue;
		}
		enum haven_status st = partnership_area_found(db_tx(db), row->la_code);
		if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND)
			return HAVEN_ERR_DB;
		if (st == HAVEN_ERR_NOT_FOUND)
			row->outcome =
			    GIAS_SKIPPED; /* another local authority's: its problems are not ours */
		else
			row->outcome = row->reason[0] ? GIAS_REJECTED : GIAS_PENDING;
	}
	return HAVEN_OK;
}

static bool same_text(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	return strcmp(a, b) == 0;
}

static bool same_int(db_stmt *stmt, int col, int value)
{
	if (db_column_is_null(stmt, col))
		return value < 0;
	return value >= 0 && db_column_int(stmt, col) == value;
}

/* Pass 2 for one row: create or update its agency and setting, as updated at `now` (the file's one time). */
static enum haven_status import_row(db_conn *db, struct gias_row *row, const char *now)
{
	const char *agency_type = gias_agency_type(row->type, row->phase);
	db_stmt *find = db_prepare(
	    db,
	    "SELECT s.agency_id, a.name, a.type, a.la_code, s.establishment_type, s.phase, s.status, "
	    "s.low_age,"
	    " s.high_age, s.postcode FROM settings s JOIN agencies a ON a.id = s.agency_id WHERE s.urn = ?");
	if (!db_bind(find, DB_INT(row->urn)))
		return HAVEN_ERR_DB;
	/* stepped by hand: a GIAS file has tens of thousands of rows, each compared column by column with
	 * the file's own C strings, so no JSON is made for them */
	enum db_step step = db_step(find);
	if (step == DB_STEP_ERROR) {
		db_done(find);
		return HAVEN_ERR_DB;
	}
	long long agency_id = 0, la_was = 0;
	bool known = step == DB_STEP_ROW, same = false;
	if (known) {
		agency_id = db_column_int(find, 0);
		la_was = db_column_int(find, 3);
		same = same_text(db_column_text(find, 1), row->name) &&
		       same_text(db_column_text(find, 2), agency_type) && same_int(find, 3, row->la_code) &&
		       same_text(db_column_text(find, 4), row->type) &&
		       same_text(db_column_text(find, 5), row->phase) &&
		       same_text(db_column_text(find, 6), row->status) && same_int(find, 7, row->low_age) &&
		       same_int(find, 8, row->high_age) && same_text(db_column_text(find, 9), row->postcode);
	}
	db_done(find);
	if (known && same) {
		row->outcome = GIAS_UNCHANGED;
		return HAVEN_OK;
	}
	if (!known && row->status && strcasecmp(row->status, "Closed") == 0) {
		row->outcome = GIAS_SKIPPED; /* closed before Haven knew it: nobody will send it anything */
		return HAVEN_OK;
	}
	char slug[32];
	snprintf(slug, sizeof slug, "urn-%lld", row->urn);
	enum haven_status st;
	bool inserted = false;
	if (!known) {
		/* an agency already made for this URN (by hand) is the setting's, rather than a second one */
		st = db_integer_with(
		    db,
		    "SELECT id FROM agencies WHERE slug = ? AND id NOT IN (SELECT agency_id FROM settings)",
		    &agency_id, DB_TEXT(slug));
		if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND)
			return HAVEN_ERR_DB;
		if (!agency_id) {
			st = auth_agency_insert(db_tx(db), slug, row->name, agency_type, row->la_code,
			                        &agency_id);
			if (st != HAVEN_OK)
				return st;
			inserted = true;
		}
	}
	if (!inserted) {
		if ((st = auth_agency_update(db_tx(db), agency_id, row->name, agency_type, row->la_code)) !=
		    HAVEN_OK)
			return st;
		/* a school GIAS moves to another authority: its open Operation Encompass deadlines go by the
		 * new one's terms, counted again in this unit (school_days.h) */
		if (known && (st = incidents_agency_area_changed(db_tx(db), agency_id, la_was,
		                                                 row->la_code)) != HAVEN_OK)
			return st;
	}
	st =
	    known
	        ? db_exec_with(
	              db,
	              "UPDATE settings SET establishment_type = ?2, phase = ?3, status = ?4, low_age = ?5,"
	              " high_age = ?6, postcode = ?7, updated_at = ?8 WHERE agency_id = ?1",
	              DB_INT(agency_id), DB_TEXT(row->type), DB_TEXT(row->phase), DB_TEXT(row->status),
	              age_value(row->low_age), age_value(row->high_age), DB_TEXT(row->postcode), DB_TEXT(now))
	        : db_exec_with(db,
	                       "INSERT INTO settings (agency_id, establishment_type, phase, status, low_age,"
	                       " high_age, postcode, urn) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	                       DB_INT(agency_id), DB_TEXT(row->type), DB_TEXT(row->phase),
	                       DB_TEXT(row->status), age_value(row->low_age), age_value(row->high_age),
	                       DB_TEXT(row->postcode), DB_INT(row->urn));
	if (st != HAVEN_OK)
		return st;
	row->outcome = known ? GIAS_UPDATED : GIAS_ADDED;
	return HAVEN_OK;
}

static void count_outcomes(const struct gias_file *file, struct settings_import_counts *c)
{
	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < file->count; i++) {
		switch (file->rows[i].outcome) {
		case GIAS_ADDED: c->added++; break;
		case GIAS_UPDATED: c->updated++; break;
		case GIAS_UNCHANGED: c->unchanged++; break;
		case GIAS_SKIPPED: c->skipped++; break;
		case GIAS_REJECTED: c->rejected++; break;
		case GIAS_PENDING: break;
		}
	}
}

static enum haven_status write_import(db_conn *db, void *ctx)
{
	struct import_unit *u = ctx;
	enum haven_status st = classify(db, u);
	if (st != HAVEN_OK)
		return st;
	count_outcomes(u->file, u->counts);
	if (u->counts->rejected)
		return HAVEN_ERR_INVALID; /* nothing written yet, and nothing will be */
	char now[DB_TIME_SIZE];
	db_now_text(now);
	for (size_t i = 0; i < u->file->count; i++) {
		struct gias_row *row = &u->file->rows[i];
		if (row->outcome == GIAS_PENDING && (st = import_row(db, row, now)) != HAVEN_OK) {
			log_error("settings import: line %ld (URN %lld): %s", row->line, row->urn,
			          haven_status_name(st));
			return st;
		}
	}
	count_outcomes(u->file, u->counts);
	/* a setting added or renamed may be the one a waiting child's police named: its deadline is
	 * counted again for it, in this unit (school_days.h) */
	if ((u->counts->added || u->counts->updated) &&
	    (st = incidents_setting_names_changed(db_tx(db))) != HAVEN_OK)
		return st;
	/* one audit row for the file: the command line has no user */
	return audit_record(db_tx(db), NULL, "setting.import", NULL, 0, NULL);
}

enum haven_status settings_import(struct gias_file *file, struct settings_import_counts *counts)
{
	struct import_unit u = {file, counts};
	memset(counts, 0, sizeof *counts);
	enum haven_status st = db_write(write_import, &u);
	if (st != HAVEN_OK && st != HAVEN_ERR_INVALID) {
		/* rolled back: whatever pass 2 decided did not happen */
		for (size_t i = 0; i < file->count; i++)
			if (file->rows[i].outcome != GIAS_REJECTED)
				file->rows[i].outcome = GIAS_PENDING;
		count_outcomes(file, counts);
	}
	return st;
}

/* ---- demo ---- */

enum haven_status settings_load_demo(void)
{
	return db_load_demo_sql("demo/settings.sql", NULL, NULL);
}

/* ---- the records this area holds, for the access policy and the audit trail (auth/records.h) ---- */

/* a setting's own staff (a setting's id is its agency's) */
static const char related_setting[] = "SELECT 1 FROM settings WHERE agency_id = :id AND agency_id = :agency";
DB_REGISTER(related_setting);

const struct record_type settings_records[] = {
    {.name = "setting", .related = related_setting},
    {0},
};
