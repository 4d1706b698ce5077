/*
 * jobs.h (assurance) — the job that reminds agencies of their returns and
 * chases overdue ones by email (jobs.c), started and stopped with `haven serve`.
 */
#ifndef HAVEN_ASSURANCE_JOBS_H
#define HAVEN_ASSURANCE_JOBS_H

#include "core/status.h"

/* A reminder goes this many working days before the return date (and on any day closer). */
#define ASSURANCE_REMINDER_WORKING_DAYS 5
/* An overdue return is chased again after this many days. */
#define ASSURANCE_CHASE_DAYS 7

enum haven_status assurance_jobs_start(void) HAVEN_MUST_CHECK;
void assurance_jobs_stop(void);

#endif
