/*
 * resources_sqlite.c (training) — the resource library: adding a resource,
 * the paged list by area, and reading one (a view counted at most once an
 * hour per person).
 */
#include "areas/training/store_sqlite.h"

#include <time.h>

#include "auth/audit.h"

/* Views of one resource by one person closer together than this are counted once. */
#define VIEW_WINDOW_SECONDS 3600

/* A resource's tag: its priority's key and name as it is now, or "other" and "Other" (no priority). */
#define TAG_COLUMNS "coalesce(p.key, 'other') AS area, coalesce(p.name, 'Other') AS area_name"

static enum haven_status write_add_resource(db_conn *db, void *ctx)
{
	struct training_addition *w = ctx;
	const struct training_new_resource *r = w->record;
	enum haven_status st = db_integer_with(
	    db,
	    "INSERT INTO training_resources (title, kind, priority_id, summary, body, link, created_by)"
	    /* a key the handler checked: a priority's, or "other" (no priority: NULL) */
	    " VALUES (?1, ?2, (SELECT id FROM priorities WHERE key = ?3), ?4, ?5, ?6, ?7) RETURNING id",
	    w->id, DB_TEXT(r->title), DB_TEXT(r->kind), DB_TEXT(r->area), DB_TEXT(r->summary),
	    DB_TEXT(r->body), DB_TEXT(r->link && *r->link ? r->link : NULL),
	    w->actor->user_id ? DB_INT(w->actor->user_id) : DB_NULL);
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "training.resource_add", "training_resource", *w->id, NULL);
}

enum haven_status training_resource_add(const struct training_new_resource *r, const struct actor *actor,
                                        long long *id)
{
	return training_add_record(write_add_resource, r, actor, id);
}

/*
 * The library by (created_at, id), newest first, a page at a time from the
 * cursor resource ?2; FILTER is RESOURCES_EVERY for every resource (?1 is
 * NULL; on the index training_resources_by_time) or one priority's, by key
 * ?1 ("other": none; on training_resources_by_priority): two texts, so each
 * query has its index.
 */
#define RESOURCES_PAGE(FILTER, CMP, ORDER, NO_ROW, PICK)                                                     \
	"SELECT r.id, r.title, r.kind, " TAG_COLUMNS ", r.summary, r.link, r.views, r.created_at"            \
	" FROM training_resources r LEFT JOIN priorities p ON p.id = r.priority_id"                          \
	" WHERE " FILTER "(r.created_at, r.id) " CMP " (SELECT created_at, id FROM training_resources k"     \
	" WHERE k.id = ?2 UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK " LIMIT 1)"              \
	" ORDER BY r.created_at " ORDER ", r.id " ORDER " LIMIT ?3"
#define RESOURCES_EVERY "CAST(?1 AS TEXT) IS NULL AND "
#define RESOURCES_IN_AREA "r.priority_id IS NOT DISTINCT FROM (SELECT id FROM priorities WHERE key = ?1) AND "

/* The library narrowed by FILTER as a paged list (paged_rows_sqlite.h); one count serves both. */
#define RESOURCES_LIST(FILTER)                                                                               \
	{                                                                                                    \
		.after = DB_SQL(RESOURCES_PAGE(FILTER, "<", "DESC", "'~', 0", "ASC")),                       \
		.before = DB_SQL(RESOURCES_PAGE(FILTER, ">", "ASC", "'', 0", "DESC")),                       \
		.count = DB_SQL(                                                                             \
		    "SELECT count(*) FROM (SELECT 1 FROM training_resources WHERE CAST(?1 AS TEXT) IS NULL"  \
		    " OR priority_id IS NOT DISTINCT FROM (SELECT id FROM priorities WHERE key = ?1)"        \
		    " LIMIT ?2) AS page"),                                                                   \
		.none_after = 0                                                                              \
	}

enum haven_status training_resources_list(const char *area, const struct page *page, json_t **out,
                                          long long *total)
{
	const struct paged_rows in_area = RESOURCES_LIST(RESOURCES_IN_AREA),
	                        every = RESOURCES_LIST(RESOURCES_EVERY);
	/* for every resource ?1 binds NULL */
	return paged_rows_read(page, area ? &in_area : &every, DB_VALUES(DB_TEXT(area)), out, total);
}

struct view {
	long long id, user_id;
};

static enum haven_status write_view(db_conn *db, void *ctx)
{
	struct view *w = ctx;
	long long now = (long long)time(NULL);
	/* claim the view: a new reader, or one last counted over an hour ago; otherwise nothing changes */
	long long claimed = 0;
	enum haven_status st = db_exec_changed_with(
	    db,
	    "INSERT INTO training_resource_viewers (resource_id, user_id, counted_at)"
	    " SELECT id, ?2, ?3 FROM training_resources WHERE id = ?1"
	    " ON CONFLICT (resource_id, user_id) DO UPDATE SET counted_at = excluded.counted_at"
	    " WHERE training_resource_viewers.counted_at <= excluded.counted_at - ?4",
	    &claimed, DB_INT(w->id), DB_INT(w->user_id), DB_INT(now), DB_INT(VIEW_WINDOW_SECONDS));
	if (st != HAVEN_OK || claimed == 0)
		return st;
	return db_exec_with(db, "UPDATE training_resources SET views = views + 1 WHERE id = ?",
	                    DB_INT(w->id));
}

static enum haven_status read_resource(db_conn *db, long long id, json_t **out)
{
	*out = NULL;
	return db_row_with(
	    db,
	    "SELECT r.id, r.title, r.kind, " TAG_COLUMNS ", r.summary, r.body, r.link, r.views,"
	    " r.created_at FROM training_resources r LEFT JOIN priorities p ON p.id = r.priority_id"
	    " WHERE r.id = ?",
	    out, DB_INT(id));
}

enum haven_status training_resource_view(long long id, long long user_id, json_t **out)
{
	*out = NULL;
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	/* a missing resource is answered before anything is written */
	json_t *row = NULL;
	enum haven_status st = read_resource(db, id, &row);
	if (st != HAVEN_OK)
		return st;
	json_decref(row);
	struct view w = {id, user_id};
	if ((st = db_write(write_view, &w)) != HAVEN_OK)
		return st;
	/* read again after the write, so the count shown includes this view */
	return read_resource(db, id, out);
}
