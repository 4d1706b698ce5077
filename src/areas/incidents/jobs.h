/*
 * jobs.h (incidents) — the waiting-children job for `haven serve` (the
 * area's `job`, app/area.h): see jobs.c.
 */
#ifndef HAVEN_AREAS_INCIDENTS_JOBS_H
#define HAVEN_AREAS_INCIDENTS_JOBS_H

struct job;

/* The job itself: the area names it as its `job` (app/area.h), so `haven serve` starts and stops it. */
extern struct job incidents_waiting_job;

#endif
