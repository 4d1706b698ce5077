/*
 * jobs.h (work) — the alerts job for `haven serve` (the area's start and
 * stop hooks): see jobs.c.
 */
#ifndef HAVEN_AREAS_WORK_JOBS_H
#define HAVEN_AREAS_WORK_JOBS_H

#include "core/status.h"

enum haven_status work_jobs_start(void) HAVEN_MUST_CHECK;
void work_jobs_stop(void);

#endif
