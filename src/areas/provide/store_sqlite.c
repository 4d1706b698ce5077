/*
 * store_sqlite.c (provide) — the SQLite queries behind store.h.
 *
 * Each change is a db_write unit: a check that the referral is still open,
 * the change, then its audit row, so all of it commits or none of it.
 */
#include "areas/provide/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/paged_rows_sqlite.h"
#include "app/record_lists_sqlite.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/incidents/occurred.h"
#include "areas/provide/provide.h"
#include "auth/audit.h"
#include "core/alloc.h"
#include "core/json_sort.h"
#include "store/db.h"

/* ---- reading ---- */

/*
 * A page of the service's open (CLOSED "IS NULL") or closed referrals,
 * newest first by (created_at, id), continuing from the cursor row ?4 (the
 * service's own rows only) for ?5 rows. Reading forward (CMP "<", ORDER "DESC") with no
 * cursor row, the comparison is with a key after every row ('~' sorts after
 * any timestamp); reading backward (">", "ASC"), before every row. Oldest
 * first is the same two statements the other way round. NARROWED keeps the
 * risk level ?2 and the incident's reference ?3 (NULL: any) of service ?1's; SCOPE is
 * IN_SERVICE (the service's index, in order) or BY_REFERENCE (the one
 * incident by its unique index, then its referral by the incident's).
 */
#define REFERRALS_NARROWED                                                                                   \
	" AND (CAST(?2 AS TEXT) IS NULL OR i.risk_level = ?2) AND (CAST(?3 AS TEXT) IS NULL OR "             \
	"i.police_reference = ?3)"
#define IN_SERVICE " r.service_agency_id = ?1"
/* "+" keeps the planner off the service's index: an incident's referral is one row, found by its own. A
 * reference is unique per force (migration 0181), so two forces' incidents may share it: IN, not = */
#define BY_REFERENCE                                                                                         \
	" r.incident_id IN (SELECT id FROM da_incidents WHERE police_reference = ?3)"                        \
	" AND +r.service_agency_id = ?1"
#define REFERRALS_PAGE(SCOPE, CLOSED, CMP, ORDER, NO_ROW, PICK)                                              \
	"SELECT r.id, i.police_reference, i.occurred_at, i.risk_level, la.name AS la_name,"                  \
	" a.name AS victim_name, r.created_at, r.first_attempt_at, r.first_contact_at,"                      \
	" r.outcome, r.closed_at,"                                                                           \
	" (SELECT count(*) FROM idva_contact_attempts t WHERE t.referral_id = r.id) AS attempts"             \
	" FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id"                                 \
	" JOIN da_incident_adults a ON a.id = r.victim_adult_id"                                             \
	" JOIN local_authorities la ON la.code = i.la_code"                                                  \
	" WHERE" SCOPE " AND r.closed_at " CLOSED REFERRALS_NARROWED " AND (r.created_at, r.id) " CMP        \
	" (SELECT created_at, id FROM idva_referrals WHERE id = ?4 AND service_agency_id = ?1"               \
	"  UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK " LIMIT 1)"                                         \
	" ORDER BY r.created_at " ORDER ", r.id " ORDER " LIMIT ?5"
#define REFERRALS_NEWER(SCOPE, CLOSED) REFERRALS_PAGE(SCOPE, CLOSED, ">", "ASC", "'', 0", "DESC")
#define REFERRALS_OLDER(SCOPE, CLOSED) REFERRALS_PAGE(SCOPE, CLOSED, "<", "DESC", "'~', 0", "ASC")
#define REFERRALS_COUNT(SCOPE, CLOSED)                                                                       \
	"SELECT count(*) FROM (SELECT 1 FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id"   \
	" WHERE" SCOPE " AND r.closed_at " CLOSED REFERRALS_NARROWED " LIMIT ?4) AS page"

/* The list of one SCOPE and CLOSED, newest first: older rows after the cursor, newer before it. */
#define REFERRALS_LIST(SCOPE, CLOSED)                                                                        \
	((struct paged_rows){.after = DB_SQL(REFERRALS_OLDER(SCOPE, CLOSED)),                                \
	                     .before = DB_SQL(REFERRALS_NEWER(SCOPE, CLOSED)),                               \
	                     .count = DB_SQL(REFERRALS_COUNT(SCOPE, CLOSED))})

/* The statements of the referrals `filter` asks for, in the order it asks for. */
static struct paged_rows referrals_list(const struct provide_list_filter *filter)
{
	struct paged_rows list = filter->police_reference
	                             ? (filter->closed ? REFERRALS_LIST(BY_REFERENCE, "IS NOT NULL")
	                                               : REFERRALS_LIST(BY_REFERENCE, "IS NULL"))
	                             : (filter->closed ? REFERRALS_LIST(IN_SERVICE, "IS NOT NULL")
	                                               : REFERRALS_LIST(IN_SERVICE, "IS NULL"));
	if (filter->oldest_first) { /* oldest first reads newer rows going forward */
		const char *older = list.after;
		list.after = list.before;
		list.before = older;
	}
	return list;
}

static long long count_referrals(db_conn *db, long long agency_id, bool closed)
{
	db_stmt *st =
	    closed ? db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM idva_referrals WHERE"
	                            " service_agency_id = ? AND closed_at IS NOT NULL LIMIT ?) AS page")
	           : db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM idva_referrals WHERE"
	                            " service_agency_id = ? AND closed_at IS NULL LIMIT ?) AS page");
	return db_count(st, DB_INT(agency_id), DB_INT(PAGE_COUNT_CAP + 1));
}

enum haven_status provide_store_list(long long agency_id, const struct provide_list_filter *filter,
                                     const struct page *page, json_t **out, long long *total,
                                     long long *open_count, long long *closed_count)
{
	const struct paged_rows list = referrals_list(filter);
	enum haven_status st = paged_rows_read(
	    page, &list,
	    DB_VALUES(DB_INT(agency_id), DB_TEXT(filter->risk_level), DB_TEXT(filter->police_reference)), out,
	    total);
	if (st != HAVEN_OK)
		return st;
	db_conn *db = db_reader();
	*open_count = count_referrals(db, agency_id, false);
	*closed_count = count_referrals(db, agency_id, true);
	return HAVEN_OK;
}

enum haven_status provide_store_get(long long id, json_t **out)
{
	const struct record_list lists[] = {
	    {"attempts", DB_SQL("SELECT t.id, t.attempted_at, t.method, t.outcome AS result, t.note, u.name "
	                        "AS recorded_by_name,"
	                        " t.recorded_at, t.safe_contact_reason FROM idva_contact_attempts t LEFT "
	                        "JOIN users u ON u.id = "
	                        "t.recorded_by"
	                        " WHERE t.referral_id = ?1 ORDER BY t.attempted_at, t.id")},
	    {0}};
	return record_read_with_lists(
	    out,
	    DB_SQL("SELECT r.*, i.police_reference, i.occurred_at, i.location, la.name AS la_name,"
	           " i.risk_level, i.circumstances, a.name AS victim_name, a.date_of_birth,"
	           " a.contact_phone, a.safe_to_call, a.safe_to_leave_message, a.safe_times,"
	           " a.safe_number, s.name AS service_name, u.name AS closed_by_name"
	           " FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id"
	           " JOIN da_incident_adults a ON a.id = r.victim_adult_id"
	           " JOIN local_authorities la ON la.code = i.la_code"
	           " JOIN agencies s ON s.id = r.service_agency_id"
	           " LEFT JOIN users u ON u.id = r.closed_by WHERE r.id = ?1"),
	    id, lists);
}

/* ---- changes ---- */

/* HAVEN_OK if referral `id` exists and is open; NOT_FOUND; CONFLICT if closed. */
static enum haven_status open_referral(db_conn *db, long long id)
{
	long long closed = 0;
	enum haven_status status = db_integer_with(
	    db, "SELECT closed_at IS NOT NULL FROM idva_referrals WHERE id = ?1", &closed, DB_INT(id));
	if (status != HAVEN_OK)
		return status;
	return closed ? HAVEN_ERR_CONFLICT : HAVEN_OK;
}

struct attempt_unit {
	long long referral_id;
	const struct provide_attempt *attempt;
	const struct audit_shown *shown;
	const struct actor *actor;
	long long *attempt_id;
};

static enum haven_status write_attempt(db_conn *db, void *ctx)
{
	struct attempt_unit *u = ctx;
	char now[DB_TIME_SIZE];
	db_now_text(now);
	enum haven_status status = open_referral(db, u->referral_id);
	if (status != HAVEN_OK)
		return status;
	if ((status = db_integer_with(
	         db,
	         "INSERT INTO idva_contact_attempts (referral_id, attempted_at, method, outcome,"
	         " note, recorded_by, recorded_at, safe_contact_reason)"
	         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?8, ?7) RETURNING id",
	         u->attempt_id, DB_INT(u->referral_id), DB_TEXT(u->attempt->attempted_at),
	         DB_TEXT(u->attempt->method), DB_TEXT(u->attempt->outcome), DB_TEXT(u->attempt->note),
	         DB_INT(u->actor->user_id), DB_TEXT(u->attempt->safe_contact_reason), DB_TEXT(now))) !=
	    HAVEN_OK)
		return status;
	/* kept from the attempts, so an attempt recorded late (earlier in time) still counts first */
	if ((status = db_exec_with(
	         db,
	         "UPDATE idva_referrals SET"
	         " first_attempt_at = (SELECT min(attempted_at) FROM idva_contact_attempts WHERE "
	         "referral_id = ?1),"
	         " first_contact_at = (SELECT min(attempted_at) FROM idva_contact_attempts"
	         "   WHERE referral_id = ?1 AND outcome IN ('contacted', 'declined'))"
	         " WHERE id = ?1",
	         DB_INT(u->referral_id))) != HAVEN_OK)
		return status;
	/* going against the safe-contact instructions is on the trail with its reason */
	return audit_record_shown(db_tx(db), u->actor, "provide.record", "idva_referral", u->referral_id,
	                          u->attempt->safe_contact_reason, u->shown);
}

enum haven_status provide_store_add_attempt(long long referral_id, const struct provide_attempt *attempt,
                                            const struct audit_shown *shown, const struct actor *actor,
                                            long long *attempt_id)
{
	struct attempt_unit u = {referral_id, attempt, shown, actor, attempt_id};
	return db_write(write_attempt, &u);
}

struct outcome_unit {
	long long referral_id;
	const char *outcome;
	int made_safer, engaged;
	bool close;
	const struct audit_shown *shown;
	const struct actor *actor;
};

/* A yes-or-no answer as a statement takes it: 1 or 0, or NULL for no answer (negative). */
static struct db_value answer_of(int answer)
{
	return answer < 0 ? DB_NULL : DB_INT(answer);
}

static enum haven_status write_outcome(db_conn *db, void *ctx)
{
	struct outcome_unit *u = ctx;
	char now[DB_TIME_SIZE];
	db_now_text(now);
	enum haven_status status = open_referral(db, u->referral_id);
	if (status != HAVEN_OK)
		return status;
	if ((status = db_exec_with(db,
	                           "UPDATE idva_referrals SET outcome = ?2,"
	                           " made_safer = coalesce(?3, made_safer),"
	                           " engaged_with_investigation = coalesce(?4, engaged_with_investigation),"
	                           " closed_at = CASE WHEN ?5 <> 0 THEN ?7 END,"
	                           " closed_by = CASE WHEN ?5 <> 0 THEN CAST(?6 AS BIGINT) END"
	                           " WHERE id = ?1",
	                           DB_INT(u->referral_id), DB_TEXT(u->outcome), answer_of(u->made_safer),
	                           answer_of(u->engaged), DB_INT(u->close ? 1 : 0), DB_INT(u->actor->user_id),
	                           DB_TEXT(now))) != HAVEN_OK)
		return status;
	return audit_record_shown(db_tx(db), u->actor, "provide.record", "idva_referral", u->referral_id,
	                          NULL, u->shown);
}

enum haven_status provide_store_set_outcome(long long referral_id, const char *outcome, int made_safer,
                                            int engaged_with_investigation, bool close,
                                            const struct audit_shown *shown, const struct actor *actor)
{
	struct outcome_unit u = {referral_id, outcome, made_safer, engaged_with_investigation,
	                         close,       shown,   actor};
	return db_write(write_outcome, &u);
}

/* ---- coverage ---- */

/*
 * Victims of qualifying incidents with no referral, per area (the same rule as refer_sqlite.c).
 * CROSS JOIN: the incidents (a period's, an area's) lead; scanning every victim would not. The join's
 * condition is in the WHERE, as PostgreSQL takes a CROSS JOIN only without ON.
 */
#define NOT_REFERRED                                                                                         \
	" FROM da_incidents i CROSS JOIN da_incident_adults a JOIN da_settings s ON s.id = 1"                \
	" WHERE a.incident_id = i.id AND a.role = 'victim'"                                                  \
	" AND (s.idva_referrals = 'all' OR i.risk_level IN ('medium', 'high'))"                              \
	" AND NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = a.id)"

enum haven_status provide_store_coverage(json_t **out)
{
	*out = NULL;
	db_conn *db = db_reader();
	db_stmt *st = db_prepare(db, "SELECT idva_referrals FROM da_settings WHERE id = 1");
	if (!st)
		return HAVEN_ERR_DB;
	char rule[16] = "medium_high";
	json_t *setting = NULL;
	if (db_row(st, &setting) == HAVEN_OK && json_is_string(json_object_get(setting, "idva_referrals")))
		snprintf(rule, sizeof rule, "%s",
		         json_string_value(json_object_get(setting, "idva_referrals")));
	json_decref(setting);
	st = db_prepare(db, "SELECT la.code AS la_code, la.slug AS la_slug, la.name AS la_name,"
	                    " g.slug AS service_slug, g.name AS service_name,"
	                    " (SELECT count(*)" NOT_REFERRED " AND i.la_code = la.code) AS not_referred"
	                    " FROM local_authorities la LEFT JOIN idva_coverage c ON c.la_code = la.code"
	                    " LEFT JOIN agencies g ON g.id = c.agency_id ORDER BY la.name");
	json_t *areas = db_rows(st);
	json_t *services = db_rows(
	    db_prepare(db, "SELECT slug, name FROM agencies WHERE type = 'idva_service' ORDER BY name"));
	if (!areas || !services) {
		json_decref(areas);
		json_decref(services);
		return HAVEN_ERR_DB;
	}
	*out = json_pack("{s:s, s:o, s:o}", "rule", rule, "areas", areas, "services", services);
	return HAVEN_OK;
}

enum haven_status provide_store_service(const char *service_slug, long long *agency_id)
{
	return db_integer_with(db_reader(),
	                       "SELECT id FROM agencies WHERE slug = ?1 AND type = 'idva_service'", agency_id,
	                       DB_TEXT(service_slug));
}

struct coverage_unit {
	long long la_code, agency_id;
	const struct actor *actor;
	long long *referred;
};

static enum haven_status write_coverage(db_conn *db, void *ctx)
{
	struct coverage_unit *u = ctx;
	enum haven_status status =
	    u->agency_id
	        ? db_exec_with(db,
	                       "INSERT INTO idva_coverage (la_code, agency_id) VALUES (?1, ?2)"
	                       " ON CONFLICT (la_code) DO UPDATE SET agency_id = excluded.agency_id",
	                       DB_INT(u->la_code), DB_INT(u->agency_id))
	        : db_exec_with(db, "DELETE FROM idva_coverage WHERE la_code = ?1", DB_INT(u->la_code));
	if (status == HAVEN_OK)
		status = audit_record(db_tx(db), u->actor, "da.settings", NULL, 0, NULL);
	if (status == HAVEN_OK && u->agency_id)
		status = provide_refer_waiting(db_tx(db), u->la_code, u->referred);
	return status;
}

enum haven_status provide_store_set_coverage(long long la_code, long long agency_id,
                                             const struct actor *actor, long long *referred)
{
	*referred = 0;
	struct coverage_unit u = {la_code, agency_id, actor, referred};
	return db_write(write_coverage, &u);
}

/* ---- figures ----
 *
 * Stepped by hand (db_step, db_column_*), not read as JSON: a period's
 * aggregate rows, day by day for every area, go straight into C cells and
 * counts, and the figures page reads them on every view.
 */

/* The day before (or, with +1, after) instant `t`'s UTC day, as YYYY-MM-DD: a text bound with a day to spare.
 */
static void day_bound(int64_t t, int sign, char out[static CALENDAR_DATE_SIZE])
{
	int64_t day = t / 86400 - (t < 0 && t % 86400);
	calendar_format((int32_t)(day + sign), out);
}

/*
 * Where an aggregate row's incidents fall: its London month, and whether its
 * London day is in [from, to). The day is the row's UTC day, unless `late`
 * (the incidents at 23:xx UTC) in summer time, when it is the next (0136).
 * Rows come day by day, so the last answer is kept for the next row.
 */
struct aggregate_day {
	char utc_day[CALENDAR_DATE_SIZE];
	int late;
	bool readable, in_period;
	char month[8];
};

static const struct aggregate_day *aggregate_day(struct aggregate_day *last, db_stmt *st, int day_column,
                                                 int64_t from, int64_t to)
{
	const char *text = db_column_text(st, day_column);
	int late = (int)db_column_int(st, day_column + 1);
	if (text && late == last->late && strcmp(text, last->utc_day) == 0)
		return last;
	snprintf(last->utc_day, sizeof last->utc_day, "%s", text ? text : "");
	last->late = late;
	int32_t utc_day;
	last->readable = text && calendar_parse(text, &utc_day);
	if (!last->readable)
		return last;
	int32_t day = late ? calendar_london_day((int64_t)utc_day * 86400 + 23 * 3600) : utc_day;
	int64_t starts = calendar_utc_from_london(day, 0);
	last->in_period = starts >= from && starts < to;
	char date[CALENDAR_DATE_SIZE];
	calendar_format(day, date);
	snprintf(last->month, sizeof last->month, "%.7s", date);
	return last;
}

/*
 * Steps `st` (la_code, day, late, ...) to its next row whose London day is
 * in [from, to), and says where its incidents fall; NULL at the end or on an
 * error, which *step tells apart.
 */
static const struct aggregate_day *next_in_period(db_stmt *st, struct aggregate_day *last, int64_t from,
                                                  int64_t to, enum db_step *step)
{
	while ((*step = db_step(st)) == DB_STEP_ROW) {
		const struct aggregate_day *d = aggregate_day(last, st, 1, from, to);
		if (d->readable && d->in_period)
			return d;
	}
	return NULL;
}

/* The cell of (la_code, month) in cells[0..count), sorted by both; NULL if none. */
static struct provide_figure_cell *cell_of(struct provide_figure_cell *cells, size_t count, long long la_code,
                                           const char *month)
{
	size_t low = 0, high = count;
	while (low < high) {
		size_t mid = low + (high - low) / 2;
		int c = cells[mid].la_code != la_code ? (cells[mid].la_code < la_code ? -1 : 1)
		                                      : strcmp(cells[mid].month, month);
		if (c == 0)
			return &cells[mid];
		if (c < 0)
			low = mid + 1;
		else
			high = mid;
	}
	return NULL;
}

static void add_hours(struct stats_count **bars, size_t *count, double hours, long long n)
{
	/* grows by doubling: a power of two is the capacity of a count that reaches it */
	if ((*count & (*count - 1)) == 0)
		*bars = xrealloc(*bars, (*count ? 2 * *count : 1) * sizeof **bars);
	(*bars)[(*count)++] = (struct stats_count){hours, n};
}

void provide_store_figure_cells_free(struct provide_figure_cell *cells, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(cells[i].attempt_hours);
		free(cells[i].contact_hours);
	}
	free(cells);
}

/*
 * The waits' medians read little (migration 0147). A median is exact to the
 * second, but only the hour holding it needs reading to the second: the
 * waits are first read counted by whole hour (provide_figure_wait_hours),
 * the hours holding the median of each group the figures take (an area's
 * month, an area's period, every area's: provide_figures_from_cells) are
 * found from those counts, and only those hours are read to the second
 * (provide_figure_waits). Every other hour's waits stand in the cell as its
 * first second, which keeps them on the right side of the median: sorted,
 * the waits in the median's hour are the same ones at the same ranks.
 */
struct wait_hour {
	size_t cell; /* in the cells, which come in the order the rows do */
	char day[CALENDAR_DATE_SIZE];
	int late;
	int kind; /* 0: to the first attempt, 1: to the first contact */
	long long hour, n;
	bool exact; /* an hour holding a median: read to the second */
};

/*
 * Marks the hour (or, for an even count, two) holding the median of
 * rows[0..count)'s waits of `kind`, counting them in `per_hour` (room for
 * every row's hour, all 0; left all 0).
 */
static void mark_median_hours(struct wait_hour *rows, size_t count, int kind, long long *per_hour)
{
	long long total = 0, first = -1, last = -1;
	for (size_t i = 0; i < count; i++)
		if (rows[i].kind == kind) {
			per_hour[rows[i].hour] += rows[i].n;
			total += rows[i].n;
			first = first < 0 || rows[i].hour < first ? rows[i].hour : first;
			last = rows[i].hour > last ? rows[i].hour : last;
		}
	if (total <= 0)
		return;
	/* the middle ranks from 0, as stats_median takes them: one for an odd count, two for an even */
	long long ranks[2] = {(total - 1) / 2, total / 2}, hours[2] = {-1, -1}, seen = 0;
	for (long long h = first, r = 0; h <= last; h++) {
		seen += per_hour[h];
		while (r < 2 && ranks[r] < seen)
			hours[r++] = h;
		per_hour[h] = 0;
	}
	for (size_t i = 0; i < count; i++)
		if (rows[i].kind == kind && (rows[i].hour == hours[0] || rows[i].hour == hours[1]))
			rows[i].exact = true;
}

/* Marks the median hours of both kinds of wait of each group of cells (`same` says which are one group). */
static void mark_group(struct wait_hour *rows, size_t count, const struct provide_figure_cell *cells,
                       bool (*same)(const struct provide_figure_cell *, const struct provide_figure_cell *),
                       long long *per_hour)
{
	for (size_t start = 0; start < count;) {
		size_t end = start;
		while (end < count && same(&cells[rows[start].cell], &cells[rows[end].cell]))
			end++;
		mark_median_hours(rows + start, end - start, 0, per_hour);
		mark_median_hours(rows + start, end - start, 1, per_hour);
		start = end;
	}
}

static bool same_cell(const struct provide_figure_cell *a, const struct provide_figure_cell *b)
{
	return a == b;
}
static bool same_area(const struct provide_figure_cell *a, const struct provide_figure_cell *b)
{
	return a->la_code == b->la_code;
}
static bool same_figures(const struct provide_figure_cell *a, const struct provide_figure_cell *b)
{
	(void)a;
	(void)b;
	return true;
}

/* Fills the cells' waits for the period (UTC days [low, high), each row's London day in [from, to)). */
static enum haven_status add_waits(db_conn *db, const char *low, const char *high, int64_t from, int64_t to,
                                   struct provide_figure_cell *cells, size_t count)
{
	db_stmt *st = db_prepare(db, "SELECT la_code, day, late, kind, hour, n FROM provide_figure_wait_hours"
	                             " WHERE la_code IN (SELECT code FROM local_authorities)"
	                             " AND day >= ?1 AND day < ?2 ORDER BY la_code, day, late");
	if (!db_bind(st, DB_TEXT(low), DB_TEXT(high)))
		return HAVEN_ERR_DB;
	size_t n = 0, cap = 0;
	struct wait_hour *rows = NULL;
	struct aggregate_day last = {.late = -1};
	struct provide_figure_cell *c = NULL;
	enum db_step step;
	const struct aggregate_day *d;
	while ((d = next_in_period(st, &last, from, to, &step))) {
		long long la_code = db_column_int(st, 0);
		if (!c || c->la_code != la_code || strcmp(c->month, d->month) != 0)
			c = cell_of(cells, count, la_code, d->month);
		long long hour = db_column_int(st, 4);
		if (!c || hour < 0) /* 0136 counts no negative wait */
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		rows[n] = (struct wait_hour){.cell = (size_t)(c - cells),
		                             .late = d->late,
		                             .kind = strcmp(db_column_text(st, 3), "attempt") != 0,
		                             .hour = hour,
		                             .n = db_column_int(st, 5)};
		memcpy(rows[n].day, d->utc_day, sizeof rows[n].day);
		n++;
	}
	db_done(st);
	if (step != DB_STEP_DONE) {
		free(rows);
		return HAVEN_ERR_DB;
	}
	/* a count per hour up to the longest wait: about 50 for waits of two days */
	long long longest = 0;
	for (size_t i = 0; i < n; i++)
		longest = rows[i].hour > longest ? rows[i].hour : longest;
	long long *per_hour = xcalloc((size_t)longest + 1, sizeof *per_hour);
	mark_group(rows, n, cells, same_cell, per_hour);
	mark_group(rows, n, cells, same_area, per_hour);
	mark_group(rows, n, cells, same_figures, per_hour);
	/* each median's hour to the second, one primary-key range of a day's waits each */
	st = db_prepare(db, "SELECT seconds, n FROM provide_figure_waits WHERE la_code = ?1 AND day = ?2"
	                    " AND late = ?3 AND kind = ?4 AND seconds >= ?5 AND seconds < ?6");
	enum haven_status status = st ? HAVEN_OK : HAVEN_ERR_DB;
	for (size_t start = 0, end; start < n && status == HAVEN_OK; start = end) {
		struct provide_figure_cell *cell = &cells[rows[start].cell];
		for (end = start; end < n && rows[end].cell == rows[start].cell;)
			end++;
		for (int kind = 0; kind < 2 && status == HAVEN_OK; kind++) {
			struct stats_count **bars = kind ? &cell->contact_hours : &cell->attempt_hours;
			size_t *bar_count = kind ? &cell->contact_bars : &cell->attempt_bars;
			long long lowest = -1, highest = -1;
			for (size_t i = start; i < end && status == HAVEN_OK; i++) {
				if (rows[i].kind != kind)
					continue;
				/* the other hours: one bar each for all the cell's days */
				if (!rows[i].exact) {
					per_hour[rows[i].hour] += rows[i].n;
					lowest = lowest < 0 || rows[i].hour < lowest ? rows[i].hour : lowest;
					highest = rows[i].hour > highest ? rows[i].hour : highest;
					continue;
				}
				if (!db_bind(st, DB_INT(cell->la_code), DB_TEXT(rows[i].day),
				             DB_INT(rows[i].late), DB_TEXT(kind ? "contact" : "attempt"),
				             DB_INT(rows[i].hour * 3600),
				             DB_INT(rows[i].hour * 3600 + 3600))) {
					status = HAVEN_ERR_DB;
					break;
				}
				while ((step = db_step(st)) == DB_STEP_ROW)
					add_hours(bars, bar_count, (double)db_column_int(st, 0) / 3600.0,
					          db_column_int(st, 1));
				db_done(st);
				if (step != DB_STEP_DONE)
					status = HAVEN_ERR_DB;
			}
			for (long long h = lowest; h >= 0 && h <= highest; h++)
				if (per_hour[h]) {
					add_hours(bars, bar_count, (double)h, per_hour[h]);
					per_hour[h] = 0;
				}
		}
	}
	free(per_hour);
	free(rows);
	return status;
}

static int by_la_name(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a, "la_name"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b, "la_name"));
	return strcmp(x ? x : "", y ? y : "");
}

/*
 * The victims of the period's incidents with no referral though the rule
 * (da_settings) says they qualify, by area: [{la_code, la_name, victims}]
 * by name, from provide_not_referred (0147) rather than the incidents.
 */
static enum haven_status count_not_referred(db_conn *db, const char *low, const char *high, int64_t from,
                                            int64_t to, json_t *area_names, json_t **out)
{
	db_stmt *st =
	    db_prepare(db, "SELECT la_code, day, late, sum(victims) FROM provide_not_referred"
	                   " WHERE la_code IN (SELECT code FROM local_authorities) AND day >= ?1 AND day < ?2"
	                   " AND (risk_level IN ('medium', 'high')"
	                   " OR (SELECT idva_referrals FROM da_settings WHERE id = 1) = 'all')"
	                   " GROUP BY la_code, day, late ORDER BY la_code, day, late");
	if (!db_bind(st, DB_TEXT(low), DB_TEXT(high)))
		return HAVEN_ERR_DB;
	json_t *areas = json_array(), *area = NULL;
	struct aggregate_day last = {.late = -1};
	enum db_step step;
	const struct aggregate_day *d;
	while ((d = next_in_period(st, &last, from, to, &step))) {
		long long la_code = db_column_int(st, 0);
		if (!area || json_integer_value(json_object_get(area, "la_code")) != la_code) {
			char code[24];
			snprintf(code, sizeof code, "%lld", la_code);
			area = json_pack("{s:I, s:O?, s:I}", "la_code", (json_int_t)la_code, "la_name",
			                 json_object_get(area_names, code), "victims", (json_int_t)0);
			json_array_append_new(areas, area);
		}
		json_object_set_new(area, "victims",
		                    json_integer(json_integer_value(json_object_get(area, "victims")) +
		                                 db_column_int(st, 3)));
	}
	db_done(st);
	if (step != DB_STEP_DONE) {
		json_decref(areas);
		return HAVEN_ERR_DB;
	}
	/* by name, as the page lists areas */
	json_sort_array(areas, by_la_name);
	*out = areas;
	return HAVEN_OK;
}

/*
 * Force `force_id`'s figures (provide_store_figure_cells with a force): the
 * referrals of its own incidents that happened in [from, to), each a cell of
 * its own with its waits to the second, and its victims not referred, read
 * from the referrals and incidents themselves, since the kept aggregates
 * count every force's incidents together. A force's are a share of the
 * partnership's, so reading them row by row stays cheap.
 */
static enum haven_status force_figure_cells(db_conn *db, long long force_id, int64_t from, int64_t to,
                                            json_t *area_names, struct provide_figure_cell **cells,
                                            size_t *count, json_t **not_referred)
{
	db_stmt *st = db_prepare(
	    db, "SELECT i.la_code, unixepoch(i.occurred_at), unixepoch(r.first_attempt_at),"
	        " unixepoch(r.first_contact_at), r.closed_at, r.outcome, r.made_safer, "
	        "r.engaged_with_investigation"
	        " FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id"
	        " WHERE i.police_agency_id = ?1 AND i.la_code IN (SELECT code FROM local_authorities)"
	        " AND " INCIDENTS_OCCURRED_IN("?2", "?3", "?4", "?5"));
	/* the text range lets the index by force and time bound the read (areas/incidents/occurred.h) */
	char low[CALENDAR_DATE_SIZE], high[CALENDAR_DATE_SIZE];
	incidents_occurred_range(from, to, low, high);
	if (!db_bind(st, DB_INT(force_id), DB_INT(from), DB_INT(to), DB_TEXT(low), DB_TEXT(high)))
		return HAVEN_ERR_DB;
	struct provide_figure_cell *out = NULL;
	size_t n = 0, cap = 0;
	enum db_step step;
	while ((step = db_step(st)) == DB_STEP_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			out = xrealloc(out, cap * sizeof *out);
		}
		struct provide_figure_cell *c = &out[n++];
		*c = (struct provide_figure_cell){.la_code = db_column_int(st, 0), .referrals = 1};
		char code[24], date[CALENDAR_DATE_SIZE];
		snprintf(code, sizeof code, "%lld", c->la_code);
		c->la_name = json_string_value(json_object_get(area_names, code));
		long long at = db_column_int(st, 1);
		calendar_format(calendar_london_day(at), date);
		snprintf(c->month, sizeof c->month, "%.7s", date);
		/* a wait counts as the aggregates count it (0136): a time readable and not before the
		 * incident */
		if (!db_column_is_null(st, 2) && db_column_int(st, 2) >= at) {
			c->attempted = 1;
			add_hours(&c->attempt_hours, &c->attempt_bars,
			          (double)(db_column_int(st, 2) - at) / 3600.0, 1);
		}
		if (!db_column_is_null(st, 3) && db_column_int(st, 3) >= at) {
			c->contacted = 1;
			add_hours(&c->contact_hours, &c->contact_bars,
			          (double)(db_column_int(st, 3) - at) / 3600.0, 1);
		}
		if (!db_column_is_null(st, 4)) {
			const char *outcome = db_column_text(st, 5);
			c->closed = 1;
			c->engaged = outcome && strcmp(outcome, "engaged") == 0;
			c->made_safer = db_column_int(st, 6) == 1;
			c->engaged_with_investigation = db_column_int(st, 7) == 1;
		}
	}
	db_done(st);
	if (step != DB_STEP_DONE) {
		provide_store_figure_cells_free(out, n);
		return HAVEN_ERR_DB;
	}
	/* the victims not referred, as count_not_referred counts them */
	st = db_prepare(db,
	                "SELECT i.la_code, count(*) FROM da_incidents i"
	                " JOIN da_incident_adults a ON a.incident_id = i.id AND a.role = 'victim'"
	                " WHERE NOT EXISTS (SELECT 1 FROM idva_referrals r WHERE r.victim_adult_id = a.id)"
	                " AND (i.risk_level IN ('medium', 'high')"
	                " OR (SELECT idva_referrals FROM da_settings WHERE id = 1) = 'all')"
	                " AND i.police_agency_id = ?1 AND i.la_code IN (SELECT code FROM local_authorities)"
	                " AND " INCIDENTS_OCCURRED_IN("?2", "?3", "?4", "?5") " GROUP BY i.la_code");
	if (!db_bind(st, DB_INT(force_id), DB_INT(from), DB_INT(to), DB_TEXT(low), DB_TEXT(high))) {
		provide_store_figure_cells_free(out, n);
		return HAVEN_ERR_DB;
	}
	json_t *areas = json_array();
	while ((step = db_step(st)) == DB_STEP_ROW) {
		char code[24];
		snprintf(code, sizeof code, "%lld", (long long)db_column_int(st, 0));
		json_array_append_new(areas, json_pack("{s:I, s:O?, s:I}", "la_code",
		                                       (json_int_t)db_column_int(st, 0), "la_name",
		                                       json_object_get(area_names, code), "victims",
		                                       (json_int_t)db_column_int(st, 1)));
	}
	db_done(st);
	if (step != DB_STEP_DONE) {
		json_decref(areas);
		provide_store_figure_cells_free(out, n);
		return HAVEN_ERR_DB;
	}
	json_sort_array(areas, by_la_name);
	*cells = out;
	*count = n;
	*not_referred = areas;
	return HAVEN_OK;
}

enum haven_status provide_store_figure_cells(long long force_id, int64_t from, int64_t to,
                                             struct provide_figure_cell **cells, size_t *count,
                                             json_t **area_names, json_t **not_referred)
{
	*cells = NULL;
	*count = 0;
	*area_names = *not_referred = NULL;
	db_conn *db = db_reader();
	db_stmt *names = db_prepare(db, "SELECT code, name FROM local_authorities");
	if (!names)
		return HAVEN_ERR_DB;
	json_t *by_code = json_object();
	while (db_step(names) == DB_STEP_ROW) {
		char code[24];
		snprintf(code, sizeof code, "%lld", (long long)db_column_int(names, 0));
		json_object_set_new(by_code, code, json_string(db_column_text(names, 1)));
	}
	db_done(names);
	if (force_id) {
		enum haven_status status =
		    force_figure_cells(db, force_id, from, to, by_code, cells, count, not_referred);
		if (status != HAVEN_OK)
			json_decref(by_code);
		else
			*area_names = by_code;
		return status;
	}
	/* The aggregates of the period's UTC days with a day to spare, each area's a range of the primary
	 * key; each row's own London day decides. Rows come by area then day, so the months of an area
	 * come in order and a cell is the last one or new. */
	char low[CALENDAR_DATE_SIZE], high[CALENDAR_DATE_SIZE];
	day_bound(from, -1, low);
	day_bound(to, +1, high);
	db_stmt *st = db_prepare(
	    db, "SELECT la_code, day, late, referrals, attempted, contacted, closed, engaged, made_safer,"
	        " engaged_with_investigation FROM provide_figure_counts"
	        " WHERE la_code IN (SELECT code FROM local_authorities) AND day >= ?1 AND day < ?2"
	        " ORDER BY la_code, day, late");
	if (!db_bind(st, DB_TEXT(low), DB_TEXT(high))) {
		json_decref(by_code);
		return HAVEN_ERR_DB;
	}
	size_t n = 0, cap = 0;
	struct provide_figure_cell *out = NULL;
	enum db_step step;
	struct aggregate_day last = {.late = -1};
	const struct aggregate_day *d;
	while ((d = next_in_period(st, &last, from, to, &step))) {
		long long la_code = db_column_int(st, 0);
		const char *month = d->month;
		if (n == 0 || out[n - 1].la_code != la_code || strcmp(out[n - 1].month, month) != 0) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				out = xrealloc(out, cap * sizeof *out);
			}
			out[n] = (struct provide_figure_cell){.la_code = la_code};
			memcpy(out[n].month, month, sizeof out[n].month);
			char code[24];
			snprintf(code, sizeof code, "%lld", la_code);
			out[n].la_name = json_string_value(json_object_get(by_code, code));
			n++;
		}
		struct provide_figure_cell *c = &out[n - 1];
		c->referrals += db_column_int(st, 3);
		c->attempted += db_column_int(st, 4);
		c->contacted += db_column_int(st, 5);
		c->closed += db_column_int(st, 6);
		c->engaged += db_column_int(st, 7);
		c->made_safer += db_column_int(st, 8);
		c->engaged_with_investigation += db_column_int(st, 9);
	}
	db_done(st);
	if (step != DB_STEP_DONE) {
		provide_store_figure_cells_free(out, n);
		json_decref(by_code);
		return HAVEN_ERR_DB;
	}
	enum haven_status status = add_waits(db, low, high, from, to, out, n);
	if (status == HAVEN_OK)
		status = count_not_referred(db, low, high, from, to, by_code, not_referred);
	if (status != HAVEN_OK) {
		provide_store_figure_cells_free(out, n);
		json_decref(by_code);
		return status;
	}
	*cells = out;
	*count = n;
	*area_names = by_code;
	return HAVEN_OK;
}

/* ---- demo ---- */

static enum haven_status refer_demo_victims(db_conn *db, void *ctx)
{
	(void)ctx;
	/* Other areas' demo incidents (Encompass's) came before the coverage did: refer their
	 * victims now, by the same rule, as setting coverage in the application would. */
	json_t *areas = db_rows(db_prepare(db, "SELECT la_code FROM idva_coverage ORDER BY la_code"));
	if (!areas)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *area;
	json_array_foreach(areas, i, area) if (st == HAVEN_OK) st =
	    provide_refer_waiting(db_tx(db), json_integer_value(json_object_get(area, "la_code")), NULL);
	json_decref(areas);
	return st;
}

enum haven_status provide_load_demo(void)
{
	return db_load_demo_sql("demo/provide.sql", refer_demo_victims, NULL);
}

/* ---- the records this area holds, for the access policy and the audit trail (auth/records.h) ---- */

/* the IDVA service the referral went to */
static const char related_idva_referral[] =
    "SELECT 1 FROM idva_referrals WHERE id = :id AND service_agency_id = :agency";
DB_REGISTER(related_idva_referral);

/* a referral's page shows its incident, and so the incident's children */
static RECORD_CHILDREN(
    children_of_idva_referral,
    "SELECT c.child_id FROM idva_referrals r JOIN da_incident_children c ON c.incident_id = r.incident_id "
    "WHERE r.id = :id AND c.child_id IS NOT NULL");

const struct record_type provide_records[] = {
    {.name = "idva_referral",
     .related = related_idva_referral,
     RECORD_CHILDREN_OF(children_of_idva_referral)},
    {0},
};
