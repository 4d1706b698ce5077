/*
 * jobs.h (assurance) — the job that reminds agencies of their returns and
 * chases overdue ones by email (jobs.c), started and stopped with `haven serve`.
 */
#ifndef HAVEN_ASSURANCE_JOBS_H
#define HAVEN_ASSURANCE_JOBS_H

struct job;

/* A reminder goes this many working days before the return date (and on any day closer). */
#define ASSURANCE_REMINDER_WORKING_DAYS 5
/* An overdue return is chased again after this many days. */
#define ASSURANCE_CHASE_DAYS 7

/* The job itself: the area names it as its `job` (app/area.h), so `haven serve` starts and stops it. */
extern struct job assurance_reminders_job;

#endif
