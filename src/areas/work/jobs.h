/*
 * jobs.h (work) — the alerts job for `haven serve` (the area's
 * `job`, app/area.h): see jobs.c.
 */
#ifndef HAVEN_AREAS_WORK_JOBS_H
#define HAVEN_AREAS_WORK_JOBS_H

struct job;

/* The job itself: the area names it as its `job` (app/area.h), so `haven serve` starts and stops it. */
extern struct job work_alerts_job;

#endif
