/*
 * time_sqlite.h (households) — the times the households store binds, computed
 * here rather than by the engine (#21): now and the start of the setting's
 * period as incidents' times are written ("YYYY-MM-DDTHH:MM:SSZ", so they
 * compare as text), and a child's age from its date of birth.
 */
#ifndef HAVEN_AREAS_HOUSEHOLDS_TIME_STORE_H
#define HAVEN_AREAS_HOUSEHOLDS_TIME_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "areas/calendar/london.h"
#include "core/status.h"
#include "store/db.h"

/* The current time as the households tables write it, into out. */
void households_now(char out[static CALENDAR_INSTANT_SIZE]);

/* `days` days before `utc`, written as households_now writes, into out. */
void households_days_before(int64_t utc, long long days, char out[static CALENDAR_INSTANT_SIZE]);

/*
 * Where the setting's period up to now starts (now less period_days days),
 * read on `db`, into out: HAVEN_ERR_DB if the setting cannot be read.
 */
enum haven_status households_period_start(db_conn *db,
                                          char out[static CALENDAR_INSTANT_SIZE]) HAVEN_MUST_CHECK;

/*
 * Replaces each row's "age", read as a date of birth "YYYY-MM-DD", by the
 * child's age today in whole years of 365.25 days (null if there is no
 * date), so the query keeps the column where the age stands.
 */
void households_set_ages(json_t *rows);

#endif
