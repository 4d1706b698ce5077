/*
 * store.h (calendar) — the bank holidays imported into the database (table
 * bank_holidays) and the days an administrator removed (table
 * bank_holidays_removed, built-in or imported). The built-in holidays are not
 * stored; calendar.c combines the three.
 */
#ifndef HAVEN_CALENDAR_STORE_H
#define HAVEN_CALENDAR_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "areas/calendar/calendar.h"
#include "core/status.h"

/*
 * The imports' generation (table bank_holidays_generation), on this thread's
 * reader: a number every import adds one to in its unit of work, so a
 * process whose table was built at another number knows another process has
 * imported since. One indexed read. HAVEN_ERR_NOT_FOUND if this process has
 * no database open; HAVEN_ERR_DB if it cannot be read.
 */
enum haven_status calendar_store_generation(unsigned long long *generation) HAVEN_MUST_CHECK;

/* What the database holds of the holidays: its imports, the days removed, and their generation. */
struct calendar_stored {
	struct calendar_holiday *imported; /* sorted by date, removed ones included */
	size_t count;
	int32_t *removed; /* days removed (bank_holidays_removed), sorted */
	size_t nremoved;
	unsigned long long generation; /* read just before them: they are at least that new */
};

/* Frees what calendar_store_holidays filled in (and leaves it empty). */
void calendar_stored_free(struct calendar_stored *s);

/*
 * Every imported holiday and every removed day, sorted by date, on this
 * thread's reader, and the generation read just before them. *out is the
 * caller's (calendar_stored_free). HAVEN_ERR_NOT_FOUND if this process has
 * no database open; HAVEN_ERR_DB if it cannot be read or holds a date that is
 * not one.
 */
enum haven_status calendar_store_holidays(struct calendar_stored *out) HAVEN_MUST_CHECK;

struct actor;
struct store_tx;

/*
 * calendar_store_generation in the unit of work `tx`: as the unit sees it
 * (what was committed before its statement, and its own transaction's
 * writes: an import earlier in the same batch). One indexed read.
 */
enum haven_status calendar_store_generation_in(struct store_tx *tx,
                                               unsigned long long *generation) HAVEN_MUST_CHECK;

/*
 * Which of the writer's transactions `tx` is in (db_writer_epoch): a number
 * that changes when the transaction ends or a unit in it is rolled back; 0
 * when `tx` is not the writer's (a reader). Reads no database; `tx` may be
 * a connection closed since (then it is 0 or another number).
 */
unsigned long long calendar_store_epoch(struct store_tx *tx);

/*
 * calendar_store_holidays in the unit of work `tx`: its own writes and those
 * committed before it, as the unit will commit them.
 */
enum haven_status calendar_store_holidays_in(struct store_tx *tx,
                                             struct calendar_stored *out) HAVEN_MUST_CHECK;

/* What else an upsert does in its unit of work, after the holidays are written. */
typedef enum haven_status (*calendar_store_then_fn)(struct store_tx *tx, void *ctx);

/*
 * In one db_write unit: first adds one to the imports' generation (on
 * PostgreSQL its row's lock makes another process's import wait here until
 * this unit is committed, so imports run one after the other on both stores),
 * then inserts each holiday of `list` whose date has no row and sets the
 * title of those that have one, and takes every day of `list` and of
 * `listed` (the built-in days the file lists, which are not stored) off the
 * removed days: the import is the authority. A day inserted or taken off the
 * removed days is counted in *added, the others in *known. Then calls `then`
 * (if not NULL) with `ctx`, with the audit row "calendar.bank_holidays" by
 * `actor` (NULL: a command). All or nothing.
 */
enum haven_status calendar_store_upsert(const struct calendar_holiday *list, size_t count,
                                        const int32_t *listed, size_t nlisted, const struct actor *actor,
                                        calendar_store_then_fn then, void *ctx, size_t *added,
                                        size_t *known) HAVEN_MUST_CHECK;

/*
 * In one db_write unit: adds one to the imports' generation (as an import
 * does, so other processes load the holidays again and imports and removals
 * run one at a time), then records `day` removed with `reason`, then calls
 * `then` (if not NULL) with `ctx`, with the audit row
 * "calendar.bank_holiday_removed" by `actor` (NULL: a command) whose reason
 * names the day and gives `reason`. HAVEN_ERR_NOT_FOUND, changing nothing,
 * if `day` is removed already, or is not `builtin` and has no imported row.
 */
enum haven_status calendar_store_remove(int32_t day, bool builtin, const char *reason,
                                        const struct actor *actor, calendar_store_then_fn then,
                                        void *ctx) HAVEN_MUST_CHECK;

#endif
