/*
 * due_sqlite.h (encompass) — what the two escalation jobs' store functions
 * share (encompass_escalate_due in store_sqlite.c, encompass_ladder_due in
 * ladder_sqlite.c): each takes at most `limit` steps that are due as one
 * unit of work and says how many it took. Only those two files include it.
 */
#ifndef HAVEN_AREAS_ENCOMPASS_DUE_H
#define HAVEN_AREAS_ENCOMPASS_DUE_H

#include "areas/calendar/london.h"
#include "store/db.h"

/* A job's unit: the most steps to take, and how many it took. */
struct due_unit {
	int limit;
	int count;
};

/* Runs `write` (its ctx a struct due_unit) as one unit of work; *count gets how many it took (0 on failure).
 */
enum haven_status due_run(db_write_fn write, int limit, int *count) HAVEN_MUST_CHECK;

/*
 * The deadline before which (due_at <= out) a notification is late by `times` the partnership's
 * escalate_after_minutes now, as instant text ("YYYY-MM-DDTHH:MM:SSZ"). Whole seconds, as
 * unixepoch() counted: a deadline written "…:SSZ" or "…:SS.mmmZ" is at most that text exactly when
 * its second is at most that second ('.' sorts before 'Z'). HAVEN_ERR_NOT_FOUND with no settings row.
 */
enum haven_status due_cutoff(db_conn *db, int times, char out[static CALENDAR_INSTANT_SIZE]) HAVEN_MUST_CHECK;

#endif
