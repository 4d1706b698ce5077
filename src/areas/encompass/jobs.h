/*
 * jobs.h (encompass) — the escalation job in `haven serve` (jobs.c),
 * started and stopped through the area's start/stop hooks.
 */
#ifndef HAVEN_AREAS_ENCOMPASS_JOBS_H
#define HAVEN_AREAS_ENCOMPASS_JOBS_H

#include "core/status.h"

/*
 * Starts the job's thread: it runs once at once, then every minute (or every
 * HAVEN_ENCOMPASS_JOB_SECONDS seconds, 1 to 3600, read once here: for tests).
 * HAVEN_ERR_INVALID for a bad HAVEN_ENCOMPASS_JOB_SECONDS; HAVEN_ERR_INTERNAL
 * if the thread cannot start. Call after the store is open.
 */
enum haven_status encompass_jobs_start(void);

/* Stops the thread and waits for it (a run in progress finishes its db_write). Safe if not started. */
void encompass_jobs_stop(void);

#endif
