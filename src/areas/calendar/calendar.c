/*
 * calendar.c (calendar area) — working days in England and Wales and the bank
 * holidays they skip (see calendar.h for the contract). Dates themselves,
 * their parsing and formatting, are core/calendar.c's.
 *
 * Holidays live in a table sorted by day. There are two: the built-in one
 * (from the gov.uk file built into the binary) and the combined one
 * (built-in plus the database's imports, less the days an administrator
 * removed: calendar_remove_holiday, which changes the database as an import
 * does, holidays_change). Each is built under a mutex and
 * published with an atomic store; once published a table is never changed or
 * freed while a reader may hold it, so readers take no lock: each question
 * counts itself in `readers` while it reads a table. An import that changes
 * the holidays this process answers with publishes a new combined table,
 * built from the database inside the import's unit of work (deadlines_move),
 * and retires the one it replaces;
 * retired tables are freed by the next upload (or reload) that finds no
 * question reading (one that began after the swap reads the new table).
 * Another process's import is noticed by the generation it raised
 * (refresh, before a question, at most every 10 ms on a thread; calendar_in_unit,
 * before a writer's unit counts a deadline, on the unit's connection), and the
 * table is loaded again. An upload that changes
 * nothing publishes nothing, and dates are taken only from
 * CALENDAR_HOLIDAYS_FIRST_YEAR to CALENDAR_HOLIDAYS_YEARS_AHEAD years ahead,
 * so a table holds at most one holiday for each day of those years.
 * Until the combined table can be built
 * (no database open, as in unit tests and `haven calendar add-working-days`
 * without --db) questions are answered from the built-in one.
 *
 * Why the built-in holidays are not copied into the database by `haven
 * init`: the copy would need a write at init or on first use, would go stale
 * when a newer Haven ships a longer list, and could not be told apart from
 * imports. Keeping the database for imports only makes both simple: the
 * table is what people imported, and an upgrade brings new built-in years.
 */
#include "areas/calendar/calendar.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/area.h"
#include "areas/calendar/london.h"
#include "areas/calendar/store.h"
#include "core/alloc.h"
#include "core/embedded.h"
#include "core/log.h"

#define BUILTIN_FILE "data/calendar/bank-holidays.json"
#define TITLE_MAX (CALENDAR_TITLE_SIZE - 1)

/* ---- holiday tables ---- */

struct table {
	struct calendar_holiday *holidays; /* sorted by day, one per day */
	size_t count;
	struct table *next_retired; /* on the retired list */
};

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(const struct table *) builtin_table;
static _Atomic(struct table *) combined_table;
/* Questions reading a table now: a retired table is freed only when none is. */
static atomic_uint readers;
/* Combined tables replaced and not yet freed, and how many were ever replaced; under load_lock. */
static struct table *retired;
static size_t retired_count, replaced_count;
/*
 * The imports' generation (calendar_store_generation) the combined table is
 * the database's holidays at: stored under load_lock, only ever raised, read
 * without it by every question to see whether another process has imported.
 */
static atomic_ullong published_generation;
/*
 * The table an import is about to publish, on the thread running its unit of
 * work while the areas work their stored deadlines out again (deadlines_move):
 * their questions answer with the holidays as the unit will commit them, which
 * no other thread sees until they are committed.
 */
static _Thread_local const struct table *saving_table;
/*
 * The table a writer's unit found newer holidays for than the one published
 * (calendar_in_unit): the database's as the writer's transaction `pinned_tx`
 * reads them at `pinned_generation`, answering this thread's questions while
 * that transaction lasts (`pinned_epoch`, calendar_store_epoch). Not
 * published, as they may be an import's earlier in the same transaction, not
 * yet committed; only this thread reads it, so it is freed here, not retired.
 */
static _Thread_local struct table *pinned_table;
static _Thread_local struct store_tx *pinned_tx;
static _Thread_local unsigned long long pinned_epoch, pinned_generation;

void calendar_holidays_free(struct calendar_holiday *list, size_t count)
{
	for (size_t i = 0; list && i < count; i++)
		free(list[i].title);
	free(list);
}

/* A holiday and where it came in, so a sort can keep the first of a repeated day. */
struct keyed {
	struct calendar_holiday h;
	size_t order;
};

static int by_day_then_order(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->h.day != y->h.day)
		return (x->h.day > y->h.day) - (x->h.day < y->h.day);
	return (x->order > y->order) - (x->order < y->order);
}

/* A new table of a's holidays and b's, sorted; a's title wins for a day in both. Takes both lists. */
static struct table *table_new(struct calendar_holiday *a, size_t na, struct calendar_holiday *b, size_t nb)
{
	size_t n = na + nb;
	struct keyed *k = xmalloc((n + 1) * sizeof *k);
	for (size_t i = 0; i < n; i++)
		k[i] = (struct keyed){i < na ? a[i] : b[i - na], i};
	free(a);
	free(b);
	qsort(k, n, sizeof *k, by_day_then_order);
	struct table *t = xcalloc(1, sizeof *t);
	t->holidays = xmalloc((n + 1) * sizeof *t->holidays);
	for (size_t i = 0; i < n; i++) {
		if (t->count && t->holidays[t->count - 1].day == k[i].h.day)
			free(k[i].h.title); /* a later copy of a day already in */
		else
			t->holidays[t->count++] = k[i].h;
	}
	free(k);
	return t;
}

/* Frees a table no question reads (NULL is fine). */
static void table_free(struct table *t)
{
	if (!t)
		return;
	calendar_holidays_free(t->holidays, t->count);
	free(t);
}

/* The holidays built into the binary; a bad built-in file is a bug, found by the unit tests. */
static enum haven_status builtin_holidays(struct calendar_holiday **list, size_t *count)
{
	const struct embedded_file *file = embedded_find(BUILTIN_FILE);
	if (!file) {
		log_error("calendar: %s is not built in", BUILTIN_FILE);
		return HAVEN_ERR_INTERNAL;
	}
	json_error_t jerr;
	json_t *root = json_loadb(file->data, file->size, JSON_REJECT_DUPLICATES, &jerr);
	char *err = NULL;
	enum haven_status st =
	    root ? calendar_holidays_from_json(root, list, count, &err) : HAVEN_ERR_INVALID;
	if (st != HAVEN_OK) {
		log_error("calendar: the built-in %s is bad: %s", BUILTIN_FILE, root ? err : jerr.text);
		st = HAVEN_ERR_INTERNAL;
	}
	free(err);
	json_decref(root);
	return st;
}

/* Builds the built-in table if it is not yet built. Call with load_lock held. */
static const struct table *load_builtin_locked(void)
{
	const struct table *t = atomic_load_explicit(&builtin_table, memory_order_acquire);
	if (t)
		return t;
	struct calendar_holiday *list = NULL;
	size_t count = 0;
	if (builtin_holidays(&list, &count) != HAVEN_OK) {
		/* no holidays is wrong, but weekends alone are less wrong than stopping */
		list = NULL;
		count = 0;
	}
	t = table_new(list, count, NULL, 0);
	atomic_store_explicit(&builtin_table, t, memory_order_release);
	return t;
}

/* Whether `day` is among the sorted days `removed[0, n)`. */
static bool is_removed(const int32_t *removed, size_t n, int32_t day)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (removed[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && removed[lo] == day;
}

/*
 * A combined table: `builtin`'s holidays and the database's imports (the
 * built-in titles win), less the days an administrator removed. Takes what
 * `stored` holds, leaving it empty.
 */
static struct table *table_with_builtin(const struct table *builtin, struct calendar_stored *stored)
{
	/* the combined table owns its own copies, so the built-in one stays whole */
	struct calendar_holiday *copy = xmalloc((builtin->count + 1) * sizeof *copy);
	size_t ncopy = 0, nimported = 0;
	for (size_t i = 0; i < builtin->count; i++)
		if (!is_removed(stored->removed, stored->nremoved, builtin->holidays[i].day))
			copy[ncopy++] = (struct calendar_holiday){builtin->holidays[i].day,
			                                          xstrdup(builtin->holidays[i].title)};
	for (size_t i = 0; i < stored->count; i++) {
		if (is_removed(stored->removed, stored->nremoved, stored->imported[i].day))
			free(stored->imported[i].title);
		else
			stored->imported[nimported++] = stored->imported[i];
	}
	struct table *t = table_new(copy, ncopy, stored->imported, nimported);
	stored->imported = NULL;
	stored->count = 0;
	calendar_stored_free(stored);
	return t;
}

enum haven_status calendar_load(void)
{
	if (atomic_load_explicit(&combined_table, memory_order_acquire))
		return HAVEN_OK;
	pthread_mutex_lock(&load_lock);
	enum haven_status st = HAVEN_OK;
	if (atomic_load_explicit(&combined_table, memory_order_acquire))
		goto out;
	const struct table *builtin = load_builtin_locked();
	struct calendar_stored stored;
	st = calendar_store_holidays(&stored);
	if (st != HAVEN_OK) {
		st = HAVEN_ERR_DB;
		goto out;
	}
	atomic_store(&published_generation, stored.generation);
	atomic_store_explicit(&combined_table, table_with_builtin(builtin, &stored), memory_order_release);
out:
	pthread_mutex_unlock(&load_lock);
	return st;
}

/* The pinned table if this thread's writer transaction that pinned it lasts, else NULL (and it is freed). */
static const struct table *pinned(void)
{
	if (!pinned_table)
		return NULL;
	if (calendar_store_epoch(pinned_tx) == pinned_epoch)
		return pinned_table;
	table_free(pinned_table);
	pinned_table = NULL;
	return NULL;
}

/*
 * The table to answer from: on this thread, an import's being saved or a
 * unit's pinned; else the combined one if it can be had, else the built-in
 * one. Call between reading_begin and reading_end. The loads are
 * sequentially consistent, as are publish_locked's store and its load of
 * `readers`: a question either counted itself before the swap (and is seen)
 * or reads the new table.
 */
static const struct table *table_get(void)
{
	if (saving_table)
		return saving_table;
	const struct table *unit = pinned();
	if (unit)
		return unit;
	const struct table *t = atomic_load(&combined_table);
	if (t)
		return t;
	if (calendar_load() == HAVEN_OK)
		return atomic_load(&combined_table);
	t = atomic_load_explicit(&builtin_table, memory_order_acquire);
	if (t)
		return t;
	pthread_mutex_lock(&load_lock);
	t = load_builtin_locked();
	pthread_mutex_unlock(&load_lock);
	return t;
}

static void publish_locked(struct table *fresh, unsigned long long generation);
static void free_retired_locked(void);

/*
 * How long a thread answers from its table before it reads the generation
 * again. A batch of deadlines (an intake's 100 children, a few questions each)
 * then costs a read every 10 ms, not one a question: a round trip each on
 * PostgreSQL. Another process's import counts from 10 ms after its commit,
 * about the time a unit counting deadlines takes, which is as close as a
 * read at its start could promise.
 */
#define GENERATION_CHECK_NS (10 * 1000000LL)
static _Thread_local long long generation_checked_ns; /* CLOCK_MONOTONIC; 0: never */

static long long monotonic_ns(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

/*
 * refresh without the wait: reads the generation on this thread's reader
 * and, if it moved, loads the holidays and publishes them.
 */
static void refresh_now(void)
{
	unsigned long long generation;
	if (calendar_store_generation(&generation) != HAVEN_OK ||
	    generation == atomic_load(&published_generation))
		return;
	struct calendar_stored stored;
	if (calendar_store_holidays(&stored) != HAVEN_OK)
		return;
	generation = stored.generation;
	pthread_mutex_lock(&load_lock);
	publish_locked(table_with_builtin(load_builtin_locked(), &stored), generation);
	free_retired_locked();
	pthread_mutex_unlock(&load_lock);
}

/*
 * Before a question: if another process has imported since this one's table
 * was built (the database's generation moved), loads the database's holidays
 * again and publishes them, so deadlines are not counted with a stale table.
 * One indexed read on this thread's reader when nothing moved, at most every
 * GENERATION_CHECK_NS on a thread; nothing at all before the table is first
 * loaded (calendar_load reads it whole then), inside an import's unit (it
 * answers with the table it is saving), or with no database open. The reader
 * sees what is committed, which is all a generation counts. If the database
 * cannot be read, the question is answered with the table it has.
 */
static void refresh(void)
{
	if (saving_table || pinned() || !atomic_load(&combined_table))
		return;
	long long now = monotonic_ns();
	if (generation_checked_ns && now - generation_checked_ns < GENERATION_CHECK_NS)
		return;
	generation_checked_ns = now;
	refresh_now();
}

/* Whether the table published holds the holidays at `generation` (then no need to read it for a while). */
static bool published_holds(unsigned long long generation)
{
	if (!atomic_load(&combined_table) || generation > atomic_load(&published_generation))
		return false;
	generation_checked_ns = monotonic_ns();
	return true;
}

enum haven_status calendar_in_unit(struct store_tx *tx)
{
	if (saving_table)
		return HAVEN_OK; /* an import's recount: it answers with the table it is saving */
	/* the table from the reader first, as a question would; if it cannot be read (HAVEN_ERR_DB),
	 * the unit's own reads below decide */
	enum haven_status st = calendar_load();
	unsigned long long generation;
	st = calendar_store_generation_in(tx, &generation);
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st; /* no database: the built-in list answers */
	unsigned long long epoch = calendar_store_epoch(tx);
	if (pinned() && pinned_tx == tx && pinned_epoch == epoch && pinned_generation == generation)
		return HAVEN_OK; /* a unit before it in the transaction loaded these already */
	table_free(pinned_table);
	pinned_table = NULL;
	if (published_holds(generation))
		return HAVEN_OK;
	/* another process's import, committed: loaded from the reader and published, for every thread */
	refresh_now();
	if (published_holds(generation) || epoch == 0)
		return HAVEN_OK; /* (`tx` a reader: it sees only what is committed, which refresh_now read) */
	/* not committed yet (an import before this unit in the writer's transaction): this unit's own */
	struct calendar_stored stored;
	st = calendar_store_holidays_in(tx, &stored);
	if (st != HAVEN_OK)
		return st;
	generation = stored.generation;
	pthread_mutex_lock(&load_lock);
	const struct table *builtin = load_builtin_locked();
	pthread_mutex_unlock(&load_lock);
	pinned_table = table_with_builtin(builtin, &stored);
	pinned_tx = tx;
	pinned_epoch = epoch;
	pinned_generation = generation;
	return HAVEN_OK;
}

/* A question starts reading: the table it gets stays whole until reading_end. */
static const struct table *reading_begin(void)
{
	refresh();
	atomic_fetch_add(&readers, 1);
	return table_get();
}

static void reading_end(void)
{
	atomic_fetch_sub(&readers, 1);
}

/* The index of the first holiday on or after `day` (count if none). */
static size_t lower_bound(const struct table *t, int64_t day)
{
	size_t lo = 0, hi = t->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->holidays[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool calendar_holiday_name(int32_t day, char name[static CALENDAR_TITLE_SIZE])
{
	const struct table *t = reading_begin();
	size_t i = lower_bound(t, day);
	bool found = i < t->count && t->holidays[i].day == day;
	if (found)
		snprintf(name, CALENDAR_TITLE_SIZE, "%s", t->holidays[i].title);
	reading_end();
	if (!found)
		name[0] = '\0';
	return found;
}

bool calendar_covers(int32_t day)
{
	int32_t first, last;
	if (!calendar_known_range(&first, &last))
		return false;
	int year, first_year, last_year, month, mday;
	calendar_to_ymd(day, &year, &month, &mday);
	calendar_to_ymd(first, &first_year, &month, &mday);
	calendar_to_ymd(last, &last_year, &month, &mday);
	return year >= first_year && year <= last_year;
}

/* ---- working days ---- */

static bool working_in(const struct table *t, int32_t day)
{
	if (calendar_weekday(day) >= 5)
		return false;
	size_t i = lower_bound(t, day);
	return !(i < t->count && t->holidays[i].day == day);
}

bool calendar_is_working_day(int32_t day)
{
	bool working = working_in(reading_begin(), day);
	reading_end();
	return working;
}

int32_t calendar_add_working_days(int32_t day, int32_t n)
{
	const struct table *t = reading_begin();
	while (n > 0 && day < INT32_MAX) {
		day++;
		if (working_in(t, day))
			n--;
	}
	reading_end();
	return day;
}

/* Weekdays (Monday to Friday) in [1969-12-29, x) — negative before it; floor division throughout. */
static int64_t weekdays_before(int64_t x)
{
	int64_t k = x - (-3); /* 1969-12-29 was a Monday */
	int64_t weeks = k >= 0 ? k / 7 : -((-k + 6) / 7);
	int64_t rest = k - weeks * 7; /* 0 .. 6 days into a week starting Monday */
	return weeks * 5 + (rest < 5 ? rest : 5);
}

int32_t calendar_working_days_between(int32_t a, int32_t b)
{
	if (b < a)
		return -calendar_working_days_between(b, a);
	const struct table *t = reading_begin();
	/* weekdays in (a, b], less the holidays among them that fall on a weekday */
	int64_t count = weekdays_before((int64_t)b + 1) - weekdays_before((int64_t)a + 1);
	for (size_t i = lower_bound(t, (int64_t)a + 1); i < t->count && t->holidays[i].day <= b; i++)
		if (calendar_weekday(t->holidays[i].day) < 5)
			count--;
	reading_end();
	return (int32_t)count;
}

int32_t calendar_working_days_before(int32_t day, int32_t n)
{
	/* back from `day`, counting the working days passed, until n of them lie in (d, day]; in steps of a
	 * day: the spans asked for are a few weeks at most */
	int32_t d = day;
	for (int32_t counted = 0; counted < n; d--)
		if (calendar_is_working_day(d))
			counted++;
	return d;
}

/* ---- the gov.uk format and importing ---- */

static enum haven_status bad(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static enum haven_status bad(char **err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(err, fmt, ap) < 0)
		*err = NULL;
	va_end(ap);
	return HAVEN_ERR_INVALID;
}

/*
 * The first of holidays[0, n) in the document's order whose day an earlier one has: true with its
 * place in *repeat and the first place with that day in *first. A copy sorted by day, then place,
 * puts each day's first two places side by side: n log n, where comparing every pair was n squared
 * (about 72 million comparisons for a 2 MB file).
 */
static bool first_repeat(const struct calendar_holiday *holidays, size_t n, size_t *repeat, size_t *first)
{
	struct keyed *k = xmalloc((n + 1) * sizeof *k);
	for (size_t i = 0; i < n; i++)
		k[i] = (struct keyed){holidays[i], i};
	qsort(k, n, sizeof *k, by_day_then_order);
	bool found = false;
	/* a day's third place comes after its second, so only a day's second can be the first repeat */
	for (size_t i = 1; i < n; i++)
		if (k[i].h.day == k[i - 1].h.day && (!found || k[i].order < *repeat)) {
			*repeat = k[i].order;
			*first = k[i - 1].order;
			found = true;
		}
	free(k);
	return found;
}

enum haven_status calendar_holidays_from_json(const json_t *root, struct calendar_holiday **list,
                                              size_t *count, char **err)
{
	*list = NULL;
	*count = 0;
	*err = NULL;
	const json_t *division = json_object_get(root, "england-and-wales");
	if (!json_is_object(division))
		return bad(err, "there is no \"england-and-wales\" object: this is not the gov.uk "
		                "bank-holidays.json format");
	const json_t *events = json_object_get(division, "events");
	if (!json_is_array(events))
		return bad(err, "england-and-wales.events: missing or not a list");
	size_t n = json_array_size(events);
	struct calendar_holiday *out = xcalloc(n + 1, sizeof *out);
	enum haven_status st = HAVEN_OK;
	int last_year, month, mday;
	calendar_to_ymd(calendar_london_today(), &last_year, &month, &mday);
	last_year += CALENDAR_HOLIDAYS_YEARS_AHEAD;
	size_t i, repeat = 0, first = 0;
	for (i = 0; i < n; i++) {
		const json_t *event = json_array_get(events, i);
		if (!json_is_object(event)) {
			st = bad(err, "england-and-wales.events[%zu]: not an object", i);
			goto checked;
		}
		const json_t *date = json_object_get(event, "date"), *title = json_object_get(event, "title");
		if (!date) {
			st = bad(err, "england-and-wales.events[%zu].date: missing", i);
			goto checked;
		}
		if (!json_is_string(date) || !calendar_parse(json_string_value(date), &out[i].day)) {
			char *shown = json_dumps(date, JSON_ENCODE_ANY | JSON_COMPACT);
			st = bad(
			    err,
			    "england-and-wales.events[%zu].date: %.40s is not a real date written YYYY-MM-DD",
			    i, shown ? shown : "the value");
			free(shown);
			goto checked;
		}
		int year;
		calendar_to_ymd(out[i].day, &year, &month, &mday);
		if (year < CALENDAR_HOLIDAYS_FIRST_YEAR || year > last_year) {
			st = bad(err,
			         "england-and-wales.events[%zu].date: %s is outside the years bank holidays "
			         "are kept for, %d to %d",
			         i, json_string_value(date), CALENDAR_HOLIDAYS_FIRST_YEAR, last_year);
			goto checked;
		}
		if (calendar_weekday(out[i].day) >= 5) {
			st = bad(err,
			         "england-and-wales.events[%zu].date: %s is a %s; bank holidays fall on "
			         "weekdays (gov.uk lists a weekday substitute for one at a weekend)",
			         i, json_string_value(date), calendar_weekday_name(out[i].day));
			goto checked;
		}
		if (!title) {
			st = bad(err, "england-and-wales.events[%zu].title: missing", i);
			goto checked;
		}
		if (!json_is_string(title) || json_string_length(title) == 0 ||
		    strlen(json_string_value(title)) != json_string_length(title)) {
			st = bad(err, "england-and-wales.events[%zu].title: must be non-empty text", i);
			goto checked;
		}
		if (json_string_length(title) > TITLE_MAX) {
			st = bad(err, "england-and-wales.events[%zu].title: longer than %d bytes", i,
			         TITLE_MAX);
			goto checked;
		}
		out[i].title = xstrdup(json_string_value(title));
	}
checked: /* events [0, i) are good: all of them, or those before the bad one */
	/* a repeat among them is what a check in the document's order would meet before the bad event */
	if (first_repeat(out, i, &repeat, &first)) {
		free(*err);
		const json_t *date = json_object_get(json_array_get(events, repeat), "date");
		st = bad(err, "england-and-wales.events[%zu].date: %s is also events[%zu]'s date", repeat,
		         json_string_value(date), first);
	}
	if (st != HAVEN_OK) {
		calendar_holidays_free(out, n);
		return st;
	}
	*list = out;
	*count = n;
	return HAVEN_OK;
}

/* Whether `a` and `b` hold the same days with the same titles. */
static bool tables_equal(const struct table *a, const struct table *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++)
		if (a->holidays[i].day != b->holidays[i].day ||
		    strcmp(a->holidays[i].title, b->holidays[i].title) != 0)
			return false;
	return true;
}

/* Frees the retired tables if no question is reading one. Call with load_lock held. */
static void free_retired_locked(void)
{
	if (!retired || atomic_load(&readers) != 0)
		return; /* a question may hold one: the next upload tries again */
	while (retired) {
		struct table *t = retired;
		retired = t->next_retired;
		table_free(t);
	}
	retired_count = 0;
}

/*
 * An import's unit of work and the table it leaves to publish. Imports run
 * one at a time, on both stores and across processes (calendar_store_upsert),
 * so the generation a unit reads, its own, is the order in which their
 * holidays reached the database: a unit's table holds every earlier unit's
 * holidays.
 */
struct saving {
	const struct table *builtin;
	struct table *table;           /* the database's holidays as the unit commits them */
	unsigned long long generation; /* the imports' generation after this one */
};

/*
 * An import's unit of work, the holidays written: the table its deadlines are
 * counted with is the built-in holidays and the database's whole set as this
 * unit reads them (its own and every one committed before it, whichever
 * process wrote them: another process's import at the same time has either
 * committed or waits for this one, calendar_store_upsert), not this process's
 * copy. If that is the table questions answer with already, nothing moves;
 * else every area's stored deadlines are counted with it.
 */
static enum haven_status deadlines_move(struct store_tx *tx, void *ctx)
{
	struct saving *s = ctx;
	table_free(s->table); /* a unit run again starts again */
	s->table = NULL;
	struct calendar_stored stored;
	enum haven_status st = calendar_store_holidays_in(tx, &stored);
	if (st != HAVEN_OK)
		return st;
	s->generation = stored.generation;
	struct table *fresh = table_with_builtin(s->builtin, &stored);
	bool same = tables_equal(reading_begin(), fresh);
	reading_end();
	if (same) {
		s->table = fresh; /* published only to say it is this generation's */
		return HAVEN_OK;
	}
	saving_table = fresh;
	for (const struct area *const *a = haven_areas; *a && st == HAVEN_OK; a++)
		if ((*a)->working_days_changed)
			st = (*a)->working_days_changed(tx);
	saving_table = NULL;
	if (st == HAVEN_OK)
		s->table = fresh;
	else
		table_free(fresh);
	return st;
}

/*
 * Publishes `fresh`, the database's holidays at `generation` (an import's,
 * after its unit is committed: the table its deadlines were counted with, so
 * the case's page and the stored list agree; or one refresh loaded), and
 * retires the old one, unless a later generation's table, which holds these
 * holidays too, is out already. A table equal to the one out only raises the
 * generation, so loading what is known costs no memory. Takes `fresh`. Call
 * with load_lock held.
 */
static void publish_locked(struct table *fresh, unsigned long long generation)
{
	if (generation <= atomic_load(&published_generation)) {
		table_free(fresh);
		return;
	}
	atomic_store(&published_generation, generation);
	struct table *current = atomic_load(&combined_table);
	if (current && tables_equal(current, fresh)) {
		table_free(fresh);
		return;
	}
	atomic_store(&combined_table, fresh);
	if (!current)
		return;
	current->next_retired = retired;
	retired = current;
	retired_count++;
	replaced_count++;
}

/* The change a unit of work makes to the holidays, run by db_write with deadlines_move as its `then`. */
typedef enum haven_status (*holidays_write_fn)(void *arg, calendar_store_then_fn then, void *ctx);

/*
 * An import's or a removal's shape: `write` changes the database's holidays
 * in its unit, whose deadlines_move recounts every area's stored deadlines
 * with the holidays as the unit commits them (if they moved); once it is
 * committed, that table replaces this process's at once. The generation the
 * write raises makes other processes load the holidays again.
 */
static enum haven_status holidays_change(const struct table *builtin, holidays_write_fn write, void *arg)
{
	/* the table published, which deadlines_move compares with, is loaded first */
	enum haven_status st = calendar_load();
	struct saving saving = {builtin, NULL, 0};
	if (st == HAVEN_OK)
		st = write(arg, deadlines_move, &saving);
	if (st == HAVEN_OK) {
		pthread_mutex_lock(&load_lock);
		if (saving.table)
			publish_locked(saving.table, saving.generation);
		free_retired_locked();
		pthread_mutex_unlock(&load_lock);
	} else {
		table_free(saving.table); /* its unit was rolled back */
	}
	return st;
}

static const struct table *builtin_get(void)
{
	pthread_mutex_lock(&load_lock);
	const struct table *builtin = load_builtin_locked();
	pthread_mutex_unlock(&load_lock);
	return builtin;
}

/* Whether `t` lists `day`. */
static bool table_has(const struct table *t, int32_t day)
{
	size_t at = lower_bound(t, day);
	return at < t->count && t->holidays[at].day == day;
}

struct import_write {
	const struct calendar_holiday *rest; /* the days to store */
	size_t nrest;
	const int32_t *listed; /* the built-in days listed: not stored, only restored if removed */
	size_t nlisted;
	const struct actor *actor;
	size_t *added, *known;
};

static enum haven_status import_write(void *arg, calendar_store_then_fn then, void *ctx)
{
	struct import_write *w = arg;
	return calendar_store_upsert(w->rest, w->nrest, w->listed, w->nlisted, w->actor, then, ctx, w->added,
	                             w->known);
}

enum haven_status calendar_import(const struct calendar_holiday *list, size_t count,
                                  const struct actor *actor, size_t *added, size_t *known)
{
	*added = *known = 0;
	const struct table *builtin = builtin_get();
	/* built-in dates are known already and not stored; the rest go to the database */
	struct calendar_holiday *rest = xmalloc((count + 1) * sizeof *rest);
	int32_t *listed = xmalloc((count + 1) * sizeof *listed);
	size_t nrest = 0, nlisted = 0;
	for (size_t i = 0; i < count; i++) {
		if (table_has(builtin, list[i].day))
			listed[nlisted++] = list[i].day;
		else
			rest[nrest++] = list[i]; /* borrowed titles: freed with list, not here */
	}
	struct import_write w = {rest, nrest, listed, nlisted, actor, added, known};
	enum haven_status st = holidays_change(builtin, import_write, &w);
	free(rest);
	free(listed);
	return st;
}

struct remove_write {
	int32_t day;
	bool builtin;
	const char *reason;
	const struct actor *actor;
};

static enum haven_status remove_write(void *arg, calendar_store_then_fn then, void *ctx)
{
	struct remove_write *w = arg;
	return calendar_store_remove(w->day, w->builtin, w->reason, w->actor, then, ctx);
}

enum haven_status calendar_remove_holiday(int32_t day, const char *reason, const struct actor *actor)
{
	const struct table *builtin = builtin_get();
	struct remove_write w = {day, table_has(builtin, day), reason, actor};
	return holidays_change(builtin, remove_write, &w);
}

enum haven_status calendar_holidays_known(struct calendar_holiday **list, size_t *count)
{
	enum haven_status st = calendar_load();
	if (st != HAVEN_OK)
		return st;
	const struct table *t = reading_begin();
	struct calendar_holiday *out = xmalloc((t->count + 1) * sizeof *out);
	for (size_t i = 0; i < t->count; i++)
		out[i] = (struct calendar_holiday){t->holidays[i].day, xstrdup(t->holidays[i].title)};
	*count = t->count;
	reading_end();
	*list = out;
	return HAVEN_OK;
}

bool calendar_known_range(int32_t *first, int32_t *last)
{
	const struct table *t = reading_begin();
	bool any = t->count > 0;
	if (any) {
		*first = t->holidays[0].day;
		*last = t->holidays[t->count - 1].day;
	}
	reading_end();
	return any;
}

void calendar_tables_replaced(size_t *replaced, size_t *waiting)
{
	pthread_mutex_lock(&load_lock);
	*replaced = replaced_count;
	*waiting = retired_count;
	pthread_mutex_unlock(&load_lock);
}
