/*
 * calendar.h (calendar area) — the one calendar every deadline in Haven comes
 * from: working days in England and Wales (not a Saturday or Sunday, not a
 * bank holiday). Dates themselves (day numbers, "YYYY-MM-DD", weekdays,
 * months) are core/calendar.h's, included here for the areas that count
 * working days.
 *
 * Bank holidays are the built-in gov.uk list (data/bank-holidays.json, built
 * into the binary) together with any imported into the database with
 * `haven import bank-holidays` (table bank_holidays), less any an
 * administrator removed (calendar_remove_holiday: when the government moves
 * one) until an import lists them again. The combined table is
 * loaded on the first question that needs it, and is replaced, never
 * changed, afterwards, so every function here may be called from any thread.
 * A holiday uploaded to `haven serve` counts at once (calendar_import), as
 * does one removed (calendar_remove_holiday); one
 * imported by another process (`haven import bank-holidays` while it runs)
 * counts from 10 ms after it is committed: a question first reads the
 * imports' generation (at most every 10 ms on a thread) and loads the table
 * again if it moved; a writer's unit that stores a deadline calls
 * calendar_in_unit first, and counts with those committed before it at once.
 */
#ifndef HAVEN_AREAS_CALENDAR_CALENDAR_H
#define HAVEN_AREAS_CALENDAR_CALENDAR_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/status.h"

/* The longest bank holiday's name, with its terminating NUL. */
#define CALENDAR_TITLE_SIZE 201

/*
 * Whether `day` is a bank holiday; if it is, its name ("Christmas Day
 * (substitute day)") is copied to `name`, else `name` is "".
 */
bool calendar_holiday_name(int32_t day, char name[static CALENDAR_TITLE_SIZE]);

/*
 * Whether bank holidays are known for `day`'s year: it is no earlier than
 * the first year and no later than the last year with a holiday listed. A
 * deadline outside them counts weekends only and should say so.
 */
bool calendar_covers(int32_t day);

/* Monday to Friday and not an England and Wales bank holiday. */
bool calendar_is_working_day(int32_t day);

/*
 * The n-th working day after `day` (n >= 0), not counting `day` itself
 * whatever it is: 5 working days from Friday 1 March 2024 is Friday
 * 8 March, and from Friday 3 May 2024 is Monday 13 May (Monday 6 May is a
 * bank holiday, so it is not counted). From a Saturday, the first working
 * day counted is the Monday. n = 0 returns `day` unchanged, even if it is
 * not a working day. Takes time in proportion to n. A negative n is a bug: it returns `day`.
 */
int32_t calendar_add_working_days(int32_t day, int32_t n);

/*
 * The number of working days d with a < d <= b: for n >= 0,
 * calendar_working_days_between(day, calendar_add_working_days(day, n)) == n.
 * Negative (minus the count from b to a) when b < a; 0 when a == b.
 */
int32_t calendar_working_days_between(int32_t a, int32_t b);

/*
 * The latest day d with n working days in (d, day], so that
 * calendar_working_days_between(d, day) == n: for "no later than n working
 * days before `day`". From Monday 11 March 2024, 1 is Sunday 10 March and
 * 5 is Monday 4 March. n = 0 returns `day`. Takes time in proportion to n; a
 * negative n is a bug: it returns `day`.
 */
int32_t calendar_working_days_before(int32_t day, int32_t n);

/*
 * Loads the combined holiday table now, from the built-in list and this
 * process's open database (store_open). HAVEN_OK once the database's
 * holidays are in (later calls return at once); HAVEN_ERR_DB if no database
 * is open or it could not be read — then the built-in holidays are used and
 * the next question tries the database again. Commands and handlers that
 * must not work from the built-in list alone call this first. Thread-safe.
 */
enum haven_status calendar_load(void) HAVEN_MUST_CHECK;

struct store_tx; /* store/store.h: a writer's unit of work */

/*
 * Inside a writer's unit of work `tx`, before it counts a deadline it stores
 * or answers with: makes this thread's questions answer with the bank
 * holidays as the unit sees them, exactly, not as this process last looked
 * (at most 10 ms ago, on a reader). Reads the imports' generation on the
 * unit's own connection (one indexed read); if it moved past the table this
 * process answers with, loads the holidays again: from the reader and for
 * every thread if another process's import is committed, else (an import
 * earlier in the same transaction of the writer) from the unit, answering
 * this thread's questions until that transaction ends or a unit in it is
 * rolled back. Inside an import's recount (working_days_changed) it does
 * nothing. HAVEN_ERR_DB if the unit cannot read them (fail the unit); with
 * no database open, HAVEN_OK and the built-in holidays.
 */
enum haven_status calendar_in_unit(struct store_tx *tx) HAVEN_MUST_CHECK;

/* One bank holiday. */
struct calendar_holiday {
	int32_t day;
	char *title; /* owned */
};

/* Frees an array of holidays and their titles (NULL is fine). */
void calendar_holidays_free(struct calendar_holiday *list, size_t count);

/* The largest bank-holidays.json taken, in MB: a century of gov.uk's file (about 20 KB a year). */
#define CALENDAR_HOLIDAYS_FILE_MAX_MB 2

/*
 * The years a holiday may fall in: from CALENDAR_HOLIDAYS_FIRST_YEAR to
 * CALENDAR_HOLIDAYS_YEARS_AHEAD years after this one (England's today).
 * gov.uk's file lists a few years back and two ahead; the bound keeps the
 * holiday table, and each one an upload replaces, to one entry a day of them.
 */
#define CALENDAR_HOLIDAYS_FIRST_YEAR 2000
#define CALENDAR_HOLIDAYS_YEARS_AHEAD 10

/*
 * More bank holidays than England and Wales could have in one year (they have
 * had eight most years and ten at the most, in 2022): a deadline search that
 * passes over more on its way to a working day has a broken table, not a
 * long holiday (incidents/deadline.c falls back then).
 */
#define CALENDAR_HOLIDAYS_MOST_A_YEAR 15

/*
 * Reads the England and Wales holidays from a gov.uk bank-holidays.json
 * document (the "england-and-wales" division's "events": each an object
 * with a "date" YYYY-MM-DD in the years above, on a weekday (a holiday that
 * falls at a weekend has a weekday substitute, and gov.uk lists that), and a
 * non-empty "title" of at most 200 characters; other fields and divisions are
 * ignored). Every event is
 * checked; on the first bad one returns HAVEN_ERR_INVALID with a malloc'd
 * message naming its place ("england-and-wales.events[3].date: ...") in
 * *err. A date listed twice is an error. On success *list (caller frees with
 * calendar_holidays_free) holds the events in the document's order.
 */
enum haven_status calendar_holidays_from_json(const json_t *root, struct calendar_holiday **list,
                                              size_t *count, char **err) HAVEN_MUST_CHECK;

struct actor; /* auth/store.h: who made a change, for its audit row */

/*
 * Adds holidays to the open database in one unit of work (all or nothing)
 * with its audit row ("calendar.bank_holidays", by `actor`; NULL for a
 * command): dates already known (built in, or already in the database) are
 * counted in *known and otherwise left alone, except that a database row's
 * title is updated to the one given; the rest are inserted and counted in
 * *added. A date listed that an administrator removed (calendar_remove_holiday)
 * is a holiday again, counted in *added: the import is the authority. The database's holidays are loaded
 * first (calendar_load; its error if that fails). After the upsert, in the same unit of work, the built-in
 * holidays and every one the database then holds make a new table; if it is not the one this process answers
 * with, the deadlines areas store move: every area's working_days_changed (app/area.h) works its own out
 * again while this calendar's questions on that thread answer with that
 * table (no other thread sees it before it is committed); an import that
 * changes nothing calls none. In the process that imports them (an
 * administrator's upload to haven serve) they count at once, as that same
 * table replaces this process's; another process (haven serve while `haven
 * import bank-holidays` runs) sees them at its next question, as the
 * generation the import raised has moved. Imports run one at a time, across
 * processes too (calendar_store_upsert). Only an import that changes a holiday (a day not known, or
 * another title) replaces this process's table; the table replaced is freed by the first import that
 * finds no question reading a table (calendar_tables_replaced), so the same
 * file uploaded again costs no memory, nor do tables replaced before.
 */
enum haven_status calendar_import(const struct calendar_holiday *list, size_t count,
                                  const struct actor *actor, size_t *added, size_t *known) HAVEN_MUST_CHECK;

/* The longest reason for removing a bank holiday, in characters (kept in its audit row). */
#define CALENDAR_REMOVE_REASON_MAX 500

/*
 * Removes the bank holiday on `day`, built-in or imported, for `reason`
 * (1 to CALENDAR_REMOVE_REASON_MAX characters, checked by the caller): it is
 * a working day from now on, in this process at once and in others at their
 * next question, until an import lists it again. As calendar_import does, in
 * one unit of work: raises the imports' generation, records the day removed,
 * recounts every area's stored deadlines (working_days_changed) with the
 * holidays without it, and writes the audit row
 * ("calendar.bank_holiday_removed", by `actor`, NULL for a command) with the
 * day and the reason. HAVEN_ERR_NOT_FOUND, changing nothing, if `day` is not
 * a bank holiday now.
 */
enum haven_status calendar_remove_holiday(int32_t day, const char *reason,
                                          const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * Every bank holiday known now (built in and imported, less those removed),
 * sorted by day: *list is the caller's (calendar_holidays_free). Loads the
 * database's first (calendar_load: its error if that fails).
 */
enum haven_status calendar_holidays_known(struct calendar_holiday **list, size_t *count) HAVEN_MUST_CHECK;

/* The first and last bank holidays known (built in and imported); false if none is. */
bool calendar_known_range(int32_t *first, int32_t *last);

/*
 * How many times an import has replaced this process's holiday table, and
 * how many of the tables replaced are not yet freed (a question was reading
 * when the last import looked): what calendar_import promises, for tests.
 */
void calendar_tables_replaced(size_t *replaced, size_t *waiting);

#endif
