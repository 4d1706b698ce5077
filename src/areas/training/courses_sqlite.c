/*
 * courses_sqlite.c (training) — the courses: adding one (with its areas and
 * outcomes), the paged list, and one course.
 */
#include "areas/training/store_sqlite.h"

#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "store/row_found_sqlite.h"

static enum haven_status write_add_course(db_conn *db, void *ctx)
{
	struct training_addition *w = ctx;
	const struct training_new_course *c = w->record;
	enum haven_status st = db_integer_with(
	    db,
	    "INSERT INTO training_courses (title, description, audience, level, duration_minutes, open_to,"
	    " no_show_charge_pence, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    w->id, DB_TEXT(c->title), DB_TEXT(c->description), DB_TEXT(c->audience), DB_TEXT(c->level),
	    DB_INT(c->duration_minutes), DB_TEXT(c->open_to), DB_INT(c->no_show_charge_pence),
	    w->actor->user_id ? DB_INT(w->actor->user_id) : DB_NULL);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *v;
	json_array_foreach(c->areas, i, v)
	{
		if ((st = db_exec_with(
		         db,
		         /* a key the handler checked: a priority's, or "other" (no priority: NULL). No
		          * conflict target: the unique index is on an expression, (course_id,
		          * ifnull(priority_id, 0)), whose spelling differs between engines */
		         "INSERT INTO training_course_priorities (course_id, priority_id)"
		         " VALUES (?1, (SELECT id FROM priorities WHERE key = ?2)) ON CONFLICT DO NOTHING",
		         DB_INT(*w->id), DB_TEXT(json_string_value(v)))) != HAVEN_OK)
			return st;
	}
	json_array_foreach(c->outcomes, i, v)
	{
		if ((st = db_exec_with(
		         db, "INSERT INTO training_outcomes (course_id, position, text) VALUES (?, ?, ?)",
		         DB_INT(*w->id), DB_INT((long long)i + 1), DB_TEXT(json_string_value(v)))) !=
		    HAVEN_OK)
			return st;
	}
	if (c->needs_approval) {
		if ((st = db_exec_with(
		         db, "INSERT INTO training_course_settings (course_id, needs_approval) VALUES (?, 1)",
		         DB_INT(*w->id))) != HAVEN_OK)
			return st;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "course %lld", *w->id);
	return audit_record(db_tx(db), w->actor, "training.course_add", "training_course", *w->id, detail);
}

enum haven_status training_course_add(const struct training_new_course *c, const struct actor *actor,
                                      long long *id)
{
	return training_add_record(write_add_course, c, actor, id);
}

enum haven_status training_course_exists(db_conn *db, long long course_id)
{
	enum haven_status st =
	    row_found_with(db, "SELECT 1 FROM training_courses WHERE id = ?", DB_INT(course_id));
	return st == HAVEN_OK || st == HAVEN_ERR_NOT_FOUND ? st : HAVEN_ERR_DB;
}

/* Adds areas and outcomes to a course row (read connection). */
static enum haven_status decorate_course(db_conn *db, json_t *course)
{
	long long id = json_integer_value(json_object_get(course, "id"));
	TRAINING_BOOLEANS(course, "needs_approval");
	/* each tag's key and the priority's name as it is now ("Other": no priority) */
	json_t *rows =
	    db_rows_with(db,
	                 "SELECT coalesce(p.key, 'other') AS area, coalesce(p.name, 'Other') AS name"
	                 " FROM training_course_priorities a LEFT JOIN priorities p ON p.id = a.priority_id"
	                 " WHERE a.course_id = ? ORDER BY p.id IS NULL, p.name",
	                 DB_INT(id));
	if (!rows)
		return HAVEN_ERR_DB;
	json_t *areas = json_array(), *names = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		json_array_append(areas, json_object_get(r, "area"));
		json_array_append(names, json_object_get(r, "name"));
	}
	json_decref(rows);
	json_object_set_new(course, "areas", areas);
	json_object_set_new(course, "area_names", names);
	rows = db_rows_with(
	    db, "SELECT id, text FROM training_outcomes WHERE course_id = ? ORDER BY position", DB_INT(id));
	if (!rows)
		return HAVEN_ERR_DB;
	json_object_set_new(course, "outcomes", rows);
	return HAVEN_OK;
}

/*
 * Courses by (title, id), narrowed to the priority area ?2, title words ?3
 * and coming sessions (not started by England's time ?1, TRAINING_STARTED) or none ?4 (1 or 0; NULL: any of
 * each), a page at a time from the cursor course ?5 (with none, compared with a key before every row forward,
 * after every row backward), on the index training_courses_by_title.
 */
#define COURSES_NARROWED                                                                                     \
	" AND (CAST(?2 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM training_course_priorities a"               \
	" LEFT JOIN priorities p ON p.id = a.priority_id WHERE a.course_id = c.id"                           \
	" AND coalesce(p.key, 'other') = ?2)) AND (CAST(?3 AS TEXT) IS NULL OR instr(lower(c.title), "       \
	"lower(?3)) > 0)"                                                                                    \
	" AND (CAST(?4 AS BIGINT) IS NULL OR CASE WHEN EXISTS (SELECT 1 FROM training_sessions s WHERE "     \
	"s.course_id = c.id"                                                                                 \
	" AND s.date >=" TRAINING_DAY_OF("?1") " AND NOT" TRAINING_STARTED("s",                              \
	                                                                   "?1") ") THEN 1 ELSE 0 END = ?4)"
/* After every title, whatever the collation: the last title and a letter more. */
#define AFTER_EVERY_TITLE "(SELECT max(title) FROM training_courses) || 'z', 0"
#define COURSES_PAGE(CMP, ORDER, NO_ROW, PICK)                                                               \
	COURSE_COLUMNS                                                                                       \
	" WHERE (c.title, c.id) " CMP " (SELECT title, id FROM training_courses k WHERE k.id = ?5"           \
	" UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK " LIMIT 1)" COURSES_NARROWED             \
	" ORDER BY c.title " ORDER ", c.id " ORDER " LIMIT ?6"

enum haven_status training_courses_list(const char *now, const struct training_course_filter *filter,
                                        const struct page *page, json_t **out, long long *total)
{
	static const struct training_course_filter every = {0};
	if (!filter)
		filter = &every;
	struct db_value sessions = !filter->sessions                         ? DB_NULL
	                           : strcmp(filter->sessions, "coming") == 0 ? DB_INT(1)
	                                                                     : DB_INT(0);
	/* COURSES_NARROWED's conditions each begin AND: the count's WHERE starts with one that always holds
	 */
	const struct paged_rows courses = {
	    .after = DB_SQL(COURSES_PAGE(">", "ASC", "'', 0", "DESC")),
	    .before = DB_SQL(COURSES_PAGE("<", "DESC", AFTER_EVERY_TITLE, "ASC")),
	    .count =
	        DB_SQL("SELECT count(*) FROM (SELECT 1 FROM training_courses c WHERE 1 = 1" COURSES_NARROWED
	               " LIMIT ?5) AS page"),
	    .none_after = 0};
	enum haven_status st = paged_rows_read(
	    page, &courses, DB_VALUES(DB_TEXT(now), DB_TEXT(filter->area), DB_TEXT(filter->title), sessions),
	    out, total);
	if (st != HAVEN_OK)
		return st;
	db_conn *db = db_reader();
	size_t i;
	json_t *c;
	json_array_foreach(*out, i, c)
	{
		if ((st = decorate_course(db, c)) != HAVEN_OK) {
			json_decref(*out);
			*out = NULL;
			return st;
		}
	}
	return HAVEN_OK;
}

enum haven_status training_course_get(long long id, const char *now, json_t **out)
{
	*out = NULL;
	db_conn *db = db_reader();
	json_t *course;
	enum haven_status st =
	    db_row_with(db, COURSE_COLUMNS " WHERE c.id = ?2", &course, DB_TEXT(now), DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	st = decorate_course(db, course);
	if (st != HAVEN_OK) {
		json_decref(course);
		return st;
	}
	*out = course;
	return HAVEN_OK;
}
