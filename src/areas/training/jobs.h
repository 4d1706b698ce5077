/*
 * jobs.h (training) — the training area's background job in `haven serve`:
 * reminders before sessions and follow-ups three months after them
 * (jobs.c). The area names it as its `job` (app/area.h), so `haven serve`
 * starts and stops it.
 */
#ifndef HAVEN_AREAS_TRAINING_JOBS_H
#define HAVEN_AREAS_TRAINING_JOBS_H

struct job;

/* Runs once at once, then every minute (or every HAVEN_TRAINING_JOB_SECONDS seconds, 1 to 3600: for tests).
 */
extern struct job training_reminders_job;

#endif
