/*
 * jobs.h (encompass) — the escalation job in `haven serve` (jobs.c). The
 * area names it as its `job` (app/area.h), so `haven serve` starts and
 * stops it.
 */
#ifndef HAVEN_AREAS_ENCOMPASS_JOBS_H
#define HAVEN_AREAS_ENCOMPASS_JOBS_H

struct job;

/* Runs once at once, then every minute (or every HAVEN_ENCOMPASS_JOB_SECONDS seconds, 1 to 3600: for tests).
 */
extern struct job encompass_escalation_job;

#endif
