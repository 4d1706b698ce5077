/*
 * jobs.h (incidents) — the waiting-children job for `haven serve` (the
 * area's start and stop hooks): see jobs.c.
 */
#ifndef HAVEN_AREAS_INCIDENTS_JOBS_H
#define HAVEN_AREAS_INCIDENTS_JOBS_H

#include "core/status.h"

enum haven_status incidents_jobs_start(void) HAVEN_MUST_CHECK;
void incidents_jobs_stop(void);

#endif
