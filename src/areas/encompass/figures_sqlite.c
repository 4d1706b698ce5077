/*
 * figures_sqlite.c (encompass) — the figures store.h gives for a reporting
 * period: delivery delays and counts of notifications by local authority and
 * London day, for the partnership and for one police force, read from the
 * aggregates the migrations keep (0137, 0145, 0149) and stepped by hand into
 * C structures, since a year's delay hours are tens of thousands of rows read
 * on every figures page. Moved from store_sqlite.c, which keeps the
 * notifications' reads and changes.
 */
#include "areas/encompass/store.h"
#include "areas/incidents/occurred.h"

#include <stdlib.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "core/alloc.h"
#include "store/db.h"

/*
 * The London day of a kept aggregate's UTC day and "late" (migrations 0145,
 * 0137): a London day's incidents are on its UTC day, or at 23:xx UTC the day
 * before in summer time. False if the day cannot be read (the migrations'
 * date() of a readable instant always can).
 */
static bool kept_london_day(const char *utc_text, bool late, int32_t *day)
{
	int32_t utc_day;
	if (!utc_text || !calendar_parse(utc_text, &utc_day))
		return false;
	*day = late ? calendar_london_day((int64_t)utc_day * 86400 + 23 * 3600) : utc_day;
	return true;
}

/* Fills one C structure from the current row of a kept aggregate, whose London day is `day`. */
typedef void (*kept_fill_fn)(db_stmt *stmt, int32_t day, void *item);

/*
 * The rows of a kept aggregate (columns la_code, day, late, ...) of London
 * days `first` to `last` only, each filled by `fill` into an array of items
 * of `size` bytes (*items, malloc'd; *count of them; NULL and 0 on failure).
 * `stmt` takes the UTC days to read as ?1 and ?2 (from the day before
 * `first`, as a late row's London day may be the one after its UTC day, to
 * `last`) and then the `more` values (at most two). Stepped by hand into C
 * structures: a year's delay hours are tens of thousands of rows, read on
 * every figures page.
 */
static enum haven_status read_kept(db_stmt *stmt, int32_t first, int32_t last, const struct db_value *more,
                                   size_t more_count, size_t size, kept_fill_fn fill, void **items,
                                   size_t *count)
{
	*items = NULL;
	*count = 0;
	char from_utc[CALENDAR_DATE_SIZE], to_utc[CALENDAR_DATE_SIZE];
	calendar_format(first - 1, from_utc);
	calendar_format(last, to_utc);
	struct db_value values[4] = {DB_TEXT(from_utc), DB_TEXT(to_utc)};
	if (more_count > 2)
		return HAVEN_ERR_DB;
	for (size_t i = 0; i < more_count; i++)
		values[2 + i] = more[i];
	if (!db_bind_values(stmt, values, 2 + more_count))
		return HAVEN_ERR_DB;
	char *out = NULL;
	size_t n = 0, cap = 0;
	enum db_step step;
	while ((step = db_step(stmt)) == DB_STEP_ROW) {
		int32_t day;
		if (!kept_london_day(db_column_text(stmt, 1), db_column_int(stmt, 2), &day) || day < first ||
		    day > last)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			out = xrealloc(out, cap * size);
		}
		fill(stmt, day, out + n++ * size);
	}
	db_done(stmt);
	if (step != DB_STEP_DONE) {
		free(out);
		return HAVEN_ERR_DB;
	}
	*items = out;
	*count = n;
	return HAVEN_OK;
}

/* A delay bar from (la_code, day, late, hour or seconds, n). */
static void fill_delay(db_stmt *stmt, int32_t day, void *item)
{
	*(struct encompass_figure_delay *)item =
	    (struct encompass_figure_delay){.la_code = db_column_int(stmt, 0),
	                                    .day = day,
	                                    .value = db_column_int(stmt, 3),
	                                    .n = db_column_int(stmt, 4)};
}

/* The counts of (la_code, day, late, incidents, notifications, delivered_on_time, acknowledged,
 * acknowledged_on_time). */
static void fill_count(db_stmt *stmt, int32_t day, void *item)
{
	*(struct encompass_figure_count *)item = (struct encompass_figure_count){
	    .la_code = db_column_int(stmt, 0),
	    .day = day,
	    .incidents = db_column_int(stmt, 3),
	    .notifications = db_column_int(stmt, 4),
	    .delivered_on_time = db_column_int(stmt, 5),
	    .acknowledged = db_column_int(stmt, 6),
	    .acknowledged_on_time = db_column_int(stmt, 7),
	};
}

/*
 * A police force's own figures: the rows (la_code, occurred at in Unix
 * seconds, ...) of `stmt` about the incidents force ?1 sent that occurred on
 * London days `first` to `last` (bound as instants ?2 and ?3, their text
 * range on occurred_at ?4 and ?5 (areas/incidents/occurred.h), then the
 * `more` values, at most two), each filled by `fill` and appended to *items
 * (*count of them, *cap allocated). Read from the incidents and
 * notifications themselves, since the kept aggregates count every force's
 * incidents together; a force's are a share of the partnership's.
 */
static enum haven_status read_force(db_stmt *stmt, long long force_id, int32_t first, int32_t last,
                                    const struct db_value *more, size_t more_count, size_t size,
                                    kept_fill_fn fill, char **items, size_t *count, size_t *cap)
{
	int64_t from = calendar_utc_from_london(first, 0), to = calendar_utc_from_london(last + 1, 0);
	char low[CALENDAR_DATE_SIZE], high[CALENDAR_DATE_SIZE];
	incidents_occurred_range(from, to, low, high);
	struct db_value values[7] = {DB_INT(force_id), DB_INT(from), DB_INT(to), DB_TEXT(low), DB_TEXT(high)};
	if (more_count > 2)
		return HAVEN_ERR_DB;
	for (size_t i = 0; i < more_count; i++)
		values[5 + i] = more[i];
	if (!db_bind_values(stmt, values, 5 + more_count))
		return HAVEN_ERR_DB;
	enum db_step step;
	while ((step = db_step(stmt)) == DB_STEP_ROW) {
		if (*count == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*items = xrealloc(*items, *cap * size);
		}
		fill(stmt, calendar_london_day(db_column_int(stmt, 1)), *items + (*count)++ * size);
	}
	db_done(stmt);
	return step == DB_STEP_DONE ? HAVEN_OK : HAVEN_ERR_DB;
}

/*
 * A force's incidents ?1 of the instants [?2, ?3) (text range [?4, ?5), so the index by force and time
 * bounds the read) in the partnership's areas; COLUMNS after (la_code, at).
 */
#define FORCE_INCIDENTS(COLUMNS, FROM)                                                                       \
	"SELECT i.la_code, unixepoch(i.occurred_at), " COLUMNS " FROM " FROM                                 \
	" WHERE i.police_agency_id = ?1 AND i.la_code IN (SELECT code FROM local_authorities)"               \
	" AND " INCIDENTS_OCCURRED_IN("?2", "?3", "?4", "?5")
/* Their notifications as 0145 counts them: created and due at readable times. */
#define FORCE_NOTIFICATIONS(COLUMNS)                                                                         \
	FORCE_INCIDENTS(COLUMNS,                                                                             \
	                "encompass_notifications n JOIN da_incident_children c"                              \
	                " ON c.id = n.incident_child_id JOIN da_incidents i ON i.id = c.incident_id")        \
	" AND unixepoch(n.created_at) IS NOT NULL AND unixepoch(n.due_at) IS NOT NULL"
/* Their acknowledged notifications' delays (0137), VALUE the whole hour or the seconds; ?6 the area (0: all).
 */
#define FORCE_DELAYS(VALUE)                                                                                  \
	FORCE_NOTIFICATIONS(VALUE)                                                                           \
	" AND unixepoch(n.acknowledged_at) IS NOT NULL AND (?6 = 0 OR i.la_code = ?6)"

/* A delay bar of a force's one notification: (la_code, at, hour or seconds). */
static void fill_force_delay(db_stmt *stmt, int32_t day, void *item)
{
	*(struct encompass_figure_delay *)item = (struct encompass_figure_delay){
	    .la_code = db_column_int(stmt, 0), .day = day, .value = db_column_int(stmt, 2), .n = 1};
}

/* A force's one incident: (la_code, at). */
static void fill_force_incident(db_stmt *stmt, int32_t day, void *item)
{
	*(struct encompass_figure_count *)item =
	    (struct encompass_figure_count){.la_code = db_column_int(stmt, 0), .day = day, .incidents = 1};
}

/* A force's one notification: (la_code, at, created, due, acknowledged or NULL), counted as 0145 counts it.
 */
static void fill_force_notification(db_stmt *stmt, int32_t day, void *item)
{
	long long due = db_column_int(stmt, 3);
	bool acknowledged = !db_column_is_null(stmt, 4);
	*(struct encompass_figure_count *)item = (struct encompass_figure_count){
	    .la_code = db_column_int(stmt, 0),
	    .day = day,
	    .notifications = 1,
	    .delivered_on_time = db_column_int(stmt, 2) <= due,
	    .acknowledged = acknowledged,
	    .acknowledged_on_time = acknowledged && db_column_int(stmt, 4) <= due,
	};
}

/* By area then day, as the kept aggregates come (figures.c merges areas in that order). */
static int by_area_then_day(long long a_code, int32_t a_day, long long b_code, int32_t b_day)
{
	return a_code != b_code ? (a_code > b_code) - (a_code < b_code) : (a_day > b_day) - (a_day < b_day);
}

static int compare_force_delays(const void *a, const void *b)
{
	const struct encompass_figure_delay *x = a, *y = b;
	return by_area_then_day(x->la_code, x->day, y->la_code, y->day);
}

static int compare_force_counts(const void *a, const void *b)
{
	const struct encompass_figure_count *x = a, *y = b;
	return by_area_then_day(x->la_code, x->day, y->la_code, y->day);
}

/* A force's rows read (st HAVEN_OK) sorted by `compare`, or else freed: the items to hand back, or NULL. */
static void *sorted_or_freed(enum haven_status st, char *items, size_t *count, size_t size,
                             int (*compare)(const void *, const void *))
{
	if (st != HAVEN_OK) {
		free(items);
		*count = 0;
		return NULL;
	}
	if (*count)
		qsort(items, *count, size, compare);
	return items;
}

/* A force's delays (FORCE_DELAYS of VALUE) into *bars, by area then day. */
static enum haven_status force_delays(db_stmt *stmt, long long force_id, int32_t first, int32_t last,
                                      const struct db_value *more, size_t more_count,
                                      struct encompass_figure_delay **bars, size_t *count)
{
	char *items = NULL;
	size_t cap = 0;
	*count = 0;
	enum haven_status st = read_force(stmt, force_id, first, last, more, more_count, sizeof **bars,
	                                  fill_force_delay, &items, count, &cap);
	*bars = sorted_or_freed(st, items, count, sizeof **bars, compare_force_delays);
	return st;
}

enum haven_status encompass_figure_delay_hours(long long force_id, int32_t first, int32_t last,
                                               long long la_code, struct encompass_figure_delay **bars,
                                               size_t *count)
{
	if (force_id)
		return force_delays(
		    db_prepare(
		        db_reader(),
		        FORCE_DELAYS("(unixepoch(n.acknowledged_at) - unixepoch(i.occurred_at)) / 3600")),
		    force_id, first, last, DB_VALUES(DB_INT(la_code)), bars, count);
	/* area by area (the key's first column), so each area's days are one index range */
	void *items;
	enum haven_status st = read_kept(
	    db_prepare(db_reader(), "SELECT la_code, day, late, hour, n FROM encompass_figure_delay_hours"
	                            " WHERE la_code IN (SELECT code FROM local_authorities"
	                            " WHERE ?3 = 0 OR code = ?3) AND day >= ?1 AND day <= ?2"
	                            " ORDER BY la_code, day, late, hour"),
	    first, last, DB_VALUES(DB_INT(la_code)), sizeof **bars, fill_delay, &items, count);
	*bars = items;
	return st;
}

enum haven_status encompass_figure_delay_seconds(long long force_id, int32_t first, int32_t last,
                                                 long long la_code, long long hour,
                                                 struct encompass_figure_delay **bars, size_t *count)
{
	if (force_id)
		return force_delays(
		    db_prepare(
		        db_reader(),
		        FORCE_DELAYS(
		            "unixepoch(n.acknowledged_at) - unixepoch(i.occurred_at)") " AND "
		                                                                       "(unixepoch(n."
		                                                                       "acknowledged_at) - "
		                                                                       "unixepoch(i.occurred_"
		                                                                       "at)) / 3600 = ?7"),
		    force_id, first, last, DB_VALUES(DB_INT(la_code), DB_INT(hour)), bars, count);
	void *items;
	enum haven_status st = read_kept(
	    db_prepare(db_reader(), "SELECT la_code, day, late, seconds, n FROM encompass_figure_delays"
	                            " WHERE la_code = ?3 AND hour = ?4 AND day >= ?1 AND day <= ?2"),
	    first, last, DB_VALUES(DB_INT(la_code), DB_INT(hour)), sizeof **bars, fill_delay, &items, count);
	*bars = items;
	return st;
}

/* A force's counts: an item for each of its incidents and each of their notifications, by area then day. */
static enum haven_status force_counts(long long force_id, int32_t first, int32_t last,
                                      struct encompass_figure_count **counts, size_t *count)
{
	char *items = NULL;
	size_t cap = 0;
	*count = 0;
	enum haven_status st =
	    read_force(db_prepare(db_reader(), FORCE_INCIDENTS("1", "da_incidents i")), force_id, first, last,
	               NULL, 0, sizeof **counts, fill_force_incident, &items, count, &cap);
	if (st == HAVEN_OK)
		st = read_force(db_prepare(db_reader(), FORCE_NOTIFICATIONS("unixepoch(n.created_at), "
		                                                            "unixepoch(n.due_at), "
		                                                            "unixepoch(n.acknowledged_at)")),
		                force_id, first, last, NULL, 0, sizeof **counts, fill_force_notification,
		                &items, count, &cap);
	*counts = sorted_or_freed(st, items, count, sizeof **counts, compare_force_counts);
	return st;
}

enum haven_status encompass_figure_counts(long long force_id, int32_t first, int32_t last,
                                          struct encompass_figure_count **counts, size_t *count)
{
	if (force_id)
		return force_counts(force_id, first, last, counts, count);
	/* area by area, as above; in the key's order, so an area's days come together and in time order */
	void *items;
	enum haven_status st = read_kept(
	    db_prepare(db_reader(), "SELECT la_code, day, late, incidents, notifications,"
	                            " delivered_on_time, acknowledged, acknowledged_on_time"
	                            " FROM encompass_figure_counts WHERE la_code IN"
	                            " (SELECT code FROM local_authorities) AND day >= ?1 AND day <= ?2"
	                            " ORDER BY la_code, day, late"),
	    first, last, NULL, 0, sizeof **counts, fill_count, &items, count);
	*counts = items;
	return st;
}
